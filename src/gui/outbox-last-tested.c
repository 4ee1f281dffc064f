/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxLastTested: one line at the top of the editor saying when the
 * account was last tested and how it went, from the journal's newest
 * entry; it follows the journal's ::changed and refreshes the relative
 * time every minute while shown. "Not tested yet" for an account never
 * tested; hidden for a new one. */

#define G_LOG_DOMAIN "outbox-last-tested"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-last-tested.h"

struct _OutboxLastTested
{
  AdwPreferencesGroup  parent_instance;

  OutboxJournal       *journal;
  gulong               changed_id;
  char                *account_id;
  guint                refresh_id;
  GtkLabel            *label;
};

G_DEFINE_FINAL_TYPE (OutboxLastTested, outbox_last_tested, ADW_TYPE_PREFERENCES_GROUP)

static void
update (OutboxLastTested *self)
{
  const OutboxHistoryEntry *last = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;
  g_autofree char *result = NULL;
  g_autofree char *text = NULL;

  /* A new account, not saved yet: nothing to say. */
  gtk_widget_set_visible (GTK_WIDGET (self), self->account_id != NULL);
  if (self->account_id == NULL)
    {
      gtk_label_set_text (self->label, "");
      return;
    }

  if (self->journal != NULL)
    last = outbox_journal_get_last (self->journal, self->account_id);
  if (last == NULL)
    {
      /* Said rather than left out: people checking their accounts see
       * which they have not tried, and the form does not move down a
       * line under the first test's result. */
      /* TRANSLATORS: in the editor, for an account never tested */
      gtk_label_set_text (self->label, _("Not tested yet"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
      return;
    }

  now = g_date_time_new_now_utc ();
  when = outbox_format_relative_time (last->time, now);
  result = outbox_history_entry_format_result (last);
  /* TRANSLATORS: in the editor: when the account was last tested ("2 hours
   * ago") and how it went ("worked in 0.8 s") */
  text = g_strdup_printf (_("Last tested %s: %s"), when, result);
  gtk_label_set_text (self->label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->label), last->success ? "error" : "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->label), last->success ? "dim-label" : "error");
}

static gboolean
refresh_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_journal_changed (OutboxLastTested *self,
                    const char       *account_id)
{
  if (g_strcmp0 (account_id, self->account_id) == 0)
    update (self);
}

static void
outbox_last_tested_map (GtkWidget *widget)
{
  OutboxLastTested *self = OUTBOX_LAST_TESTED (widget);

  GTK_WIDGET_CLASS (outbox_last_tested_parent_class)->map (widget);
  update (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (60, refresh_cb, self);
}

static void
outbox_last_tested_unmap (GtkWidget *widget)
{
  OutboxLastTested *self = OUTBOX_LAST_TESTED (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (outbox_last_tested_parent_class)->unmap (widget);
}

static void
outbox_last_tested_dispose (GObject *object)
{
  OutboxLastTested *self = OUTBOX_LAST_TESTED (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->journal);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->account_id, g_free);

  G_OBJECT_CLASS (outbox_last_tested_parent_class)->dispose (object);
}

static void
outbox_last_tested_class_init (OutboxLastTestedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_last_tested_dispose;
  widget_class->map = outbox_last_tested_map;
  widget_class->unmap = outbox_last_tested_unmap;
}

static void
outbox_last_tested_init (OutboxLastTested *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_selectable (self->label, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->label));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
outbox_last_tested_set_journal (OutboxLastTested *self,
                                OutboxJournal    *journal)
{
  g_return_if_fail (OUTBOX_IS_LAST_TESTED (self));
  g_return_if_fail (journal == NULL || OUTBOX_IS_JOURNAL (journal));

  g_clear_signal_handler (&self->changed_id, self->journal);
  g_set_object (&self->journal, journal);
  if (journal != NULL)
    self->changed_id = g_signal_connect_swapped (journal, "changed",
                                                 G_CALLBACK (on_journal_changed), self);
  update (self);
}

/* @account_id: (nullable): the account shown in the editor */
void
outbox_last_tested_set_account_id (OutboxLastTested *self,
                                   const char       *account_id)
{
  g_return_if_fail (OUTBOX_IS_LAST_TESTED (self));

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
  update (self);
}

const char *
outbox_last_tested_get_text (OutboxLastTested *self)
{
  g_return_val_if_fail (OUTBOX_IS_LAST_TESTED (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return NULL;
  return gtk_label_get_text (self->label);
}
