/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAccountRow: the widget a sidebar list item shows for one account. It
 * follows the account's properties, so edits show up in the list at once,
 * and the shared OutboxTestStatus, so its icon says how the latest test of
 * the account went, whoever ran it. */

#define G_LOG_DOMAIN "outbox-account-row"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-account-row.h"
#include "outbox-icon.h"
#include "outbox-test-results.h"
#include "outbox-tooltip.h"

struct _OutboxAccountRow
{
  GtkWidget      parent_instance;

  OutboxAccount *account;
  GBinding      *name_binding;
  GBinding      *address_binding;
  OutboxTestStatus *test_status;
  gulong         changed_id;
  OutboxJournal *journal;
  gulong         journal_changed_id;

  GtkWidget     *box;
  GtkLabel      *name_label;
  GtkLabel      *address_label;
  OutboxIcon    *status_icon;
  GtkImage      *notice_icon;
};

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxAccountRow, outbox_account_row, GTK_TYPE_WIDGET)

static void
show_icon (OutboxAccountRow *self,
           const char       *icon_name,
           const char       *style,
           const char       *text)
{
  outbox_icon_set_icon_name (self->status_icon, icon_name);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->status_icon),
                               GTK_ACCESSIBLE_STATE_HIDDEN, icon_name == NULL, -1);
  outbox_tooltip_set (GTK_WIDGET (self->status_icon), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "dim-label");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
  if (icon_name != NULL && text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_from_test_status (OutboxAccountRow *self)
{
  const char *id;
  OutboxTestState state;
  OutboxTestReport *report;
  g_autofree char *text = NULL;
  const char *style = NULL;

  if (self->account == NULL || self->test_status == NULL)
    {
      show_icon (self, NULL, NULL, NULL);
      return;
    }

  id = outbox_account_get_id (self->account);
  state = outbox_test_status_get_state (self->test_status, id);
  report = outbox_test_status_get_report (self->test_status, id);
  switch (state)
    {
    case OUTBOX_TEST_STATE_RUNNING:
      text = g_strdup (_("Testing…"));
      style = "dim-label";
      break;
    case OUTBOX_TEST_STATE_PASSED:
    case OUTBOX_TEST_STATE_FAILED:
      text = outbox_test_results_describe (report, self->account);
      style = state == OUTBOX_TEST_STATE_PASSED ? "success" : "error";
      break;
    case OUTBOX_TEST_STATE_UNTESTED:
    default:
      break;
    }
  show_icon (self, outbox_test_state_get_icon_name (state), style, text);
}

/* What the certificate watch says between tests: an icon beside the test
 * result, the notices in its tooltip and its accessible description. */
static void
update_from_journal (OutboxAccountRow *self)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  OutboxNoticeLevel level = OUTBOX_NOTICE_INFO;
  GtkWidget *icon = GTK_WIDGET (self->notice_icon);

  if (self->account != NULL && self->journal != NULL)
    notices = outbox_journal_get_notices (self->journal, outbox_account_get_id (self->account),
                                          NULL);
  for (guint i = 0; notices != NULL && i < notices->len; i++)
    {
      OutboxNotice *notice = g_ptr_array_index (notices, i);

      level = MAX (level, outbox_notice_get_level (notice));
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: a notice in a tooltip: its level ("Warning"), then
       * the sentence */
      g_string_append_printf (text, _("%s: %s"), outbox_notice_level_get_label (
                                outbox_notice_get_level (notice)),
                              outbox_notice_get_message (notice));
    }

  gtk_widget_set_visible (icon, notices != NULL && notices->len > 0);
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "error");
  if (notices == NULL || notices->len == 0)
    {
      outbox_tooltip_set (icon, NULL);
      return;
    }
  gtk_image_set_from_icon_name (self->notice_icon, level == OUTBOX_NOTICE_INFO
                                ? "dialog-information-symbolic" : "dialog-warning-symbolic");
  if (level != OUTBOX_NOTICE_INFO)
    gtk_widget_add_css_class (icon, level == OUTBOX_NOTICE_STRONG_WARNING ? "error" : "warning");
  outbox_tooltip_set (icon, text->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  outbox_notice_level_get_label (level),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

static void
on_journal_changed (OutboxAccountRow *self,
                    const char       *account_id)
{
  if (self->account != NULL && g_strcmp0 (account_id, outbox_account_get_id (self->account)) == 0)
    update_from_journal (self);
}

static void
on_test_status_changed (OutboxAccountRow *self,
                        const char       *account_id)
{
  if (self->account != NULL && g_strcmp0 (account_id, outbox_account_get_id (self->account)) == 0)
    update_from_test_status (self);
}

static void
outbox_account_row_dispose (GObject *object)
{
  OutboxAccountRow *self = OUTBOX_ACCOUNT_ROW (object);

  g_clear_pointer (&self->name_binding, g_binding_unbind);
  g_clear_pointer (&self->address_binding, g_binding_unbind);
  g_clear_object (&self->account);
  g_clear_signal_handler (&self->changed_id, self->test_status);
  g_clear_object (&self->test_status);
  g_clear_signal_handler (&self->journal_changed_id, self->journal);
  g_clear_object (&self->journal);
  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_ACCOUNT_ROW);

  G_OBJECT_CLASS (outbox_account_row_parent_class)->dispose (object);
}

static void
outbox_account_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OutboxAccountRow *self = OUTBOX_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OutboxAccountRow *self = OUTBOX_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      outbox_account_row_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_row_class_init (OutboxAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_account_row_dispose;
  object_class->get_property = outbox_account_row_get_property;
  object_class->set_property = outbox_account_row_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         OUTBOX_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (OUTBOX_TYPE_ICON);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountRow, box);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountRow, address_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountRow, notice_icon);
}

static void
outbox_account_row_init (OutboxAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
outbox_account_row_new (void)
{
  return g_object_new (OUTBOX_TYPE_ACCOUNT_ROW, NULL);
}

OutboxAccount *
outbox_account_row_get_account (OutboxAccountRow *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

void
outbox_account_row_set_account (OutboxAccountRow *self,
                                OutboxAccount    *account)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_ROW (self));
  g_return_if_fail (account == NULL || OUTBOX_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  g_clear_pointer (&self->name_binding, g_binding_unbind);
  g_clear_pointer (&self->address_binding, g_binding_unbind);
  g_set_object (&self->account, account);

  if (account != NULL)
    {
      self->name_binding =
        g_object_bind_property (account, "name", self->name_label, "label", G_BINDING_SYNC_CREATE);
      self->address_binding =
        g_object_bind_property (account, "sender-address", self->address_label, "label",
                                G_BINDING_SYNC_CREATE);
    }

  /* A result belongs to the account it was measured on. */
  update_from_test_status (self);
  update_from_journal (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* Shows the outcome of the last test of the account; @summary says it in
 * words for the tooltip and for screen readers. The test status, when the
 * row follows one, replaces it at its next change. */
void
outbox_account_row_set_status (OutboxAccountRow    *self,
                               OutboxAccountStatus  status,
                               const char          *summary)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_ROW (self));

  switch (status)
    {
    case OUTBOX_ACCOUNT_STATUS_WORKS:
      show_icon (self, outbox_test_state_get_icon_name (OUTBOX_TEST_STATE_PASSED), "success",
                 summary ? summary : _("The last test succeeded"));
      break;
    case OUTBOX_ACCOUNT_STATUS_FAILED:
      show_icon (self, outbox_test_state_get_icon_name (OUTBOX_TEST_STATE_FAILED), "error",
                 summary ? summary : _("The last test failed"));
      break;
    case OUTBOX_ACCOUNT_STATUS_UNKNOWN:
    default:
      show_icon (self, NULL, NULL, summary);
      break;
    }
}

/**
 * outbox_account_row_set_test_status:
 * @status: (nullable): the shared test states to show, or %NULL for none
 */
void
outbox_account_row_set_test_status (OutboxAccountRow *self,
                                    OutboxTestStatus *status)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_ROW (self));
  g_return_if_fail (status == NULL || OUTBOX_IS_TEST_STATUS (status));

  if (self->test_status == status)
    return;

  g_clear_signal_handler (&self->changed_id, self->test_status);
  g_set_object (&self->test_status, status);
  if (status != NULL)
    self->changed_id = g_signal_connect_swapped (status, "changed",
                                                 G_CALLBACK (on_test_status_changed), self);
  update_from_test_status (self);
}

/**
 * outbox_account_row_set_journal:
 * @journal: (nullable): where the account's certificate notices are
 */
void
outbox_account_row_set_journal (OutboxAccountRow *self,
                                OutboxJournal    *journal)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_ROW (self));
  g_return_if_fail (journal == NULL || OUTBOX_IS_JOURNAL (journal));

  if (self->journal == journal)
    return;

  g_clear_signal_handler (&self->journal_changed_id, self->journal);
  g_set_object (&self->journal, journal);
  if (journal != NULL)
    self->journal_changed_id = g_signal_connect_swapped (journal, "changed",
                                                         G_CALLBACK (on_journal_changed), self);
  update_from_journal (self);
}
