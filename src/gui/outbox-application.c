/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxApplication: one instance per session; activating it again raises the
 * window that is already open. It owns the account store and the keyring
 * access that every window shares. */

#define G_LOG_DOMAIN "outbox-application"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-about.h"
#include "outbox-application.h"
#include "outbox-window.h"

struct _OutboxApplication
{
  AdwApplication      parent_instance;

  OutboxAccountStore *store;
  OutboxSecrets      *secrets;
  OutboxTestStatus   *test_status;
  OutboxJournal      *journal;
};

G_DEFINE_FINAL_TYPE (OutboxApplication, outbox_application, ADW_TYPE_APPLICATION)

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  OutboxApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing (rather than destroying) lets each window save its size and
   * finish what it has pending before the application ends. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  outbox_show_about (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activated },
  { "about", on_about_activated },
};

static void
journal_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  /* Only a cancel fails: a broken file leaves the journal empty. */
  if (!outbox_journal_load_finish (OUTBOX_JOURNAL (object), result, &error))
    g_debug ("The journal was not loaded: %s", error->message);
  g_application_release (app);
}

static void
outbox_application_startup (GApplication *app)
{
  OutboxApplication *self = OUTBOX_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *add_accels[] = { "<Control>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  g_autoptr(GFile) file = NULL;

  G_APPLICATION_CLASS (outbox_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-account", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);

  file = outbox_account_store_get_default_file ();
  self->store = outbox_account_store_new (file);
  self->secrets = outbox_secrets_new ();
  self->test_status = outbox_test_status_new ();

  /* Loaded at once, before any test can record into it (a load replaces
   * what is in memory); the application waits for it. */
  self->journal = outbox_journal_new (NULL);
  g_application_hold (app);
  outbox_journal_load_async (self->journal, NULL, journal_loaded_cb, g_object_ref (app));
}

static void
outbox_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (outbox_window_new (OUTBOX_APPLICATION (app)));

  gtk_window_present (window);
}

static void
outbox_application_dispose (GObject *object)
{
  OutboxApplication *self = OUTBOX_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->test_status);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (outbox_application_parent_class)->dispose (object);
}

static void
outbox_application_class_init (OutboxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = outbox_application_dispose;
  app_class->startup = outbox_application_startup;
  app_class->activate = outbox_application_activate;
}

static void
outbox_application_init (OutboxApplication *self)
{
}

OutboxApplication *
outbox_application_new (void)
{
  return g_object_new (OUTBOX_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/outbox/Outbox",
                       NULL);
}

/* Returns: (transfer none): the accounts, shared by every window; only
 * valid once the application has started up. */
OutboxAccountStore *
outbox_application_get_store (OutboxApplication *self)
{
  g_return_val_if_fail (OUTBOX_IS_APPLICATION (self), NULL);

  return self->store;
}

OutboxSecrets *
outbox_application_get_secrets (OutboxApplication *self)
{
  g_return_val_if_fail (OUTBOX_IS_APPLICATION (self), NULL);

  return self->secrets;
}

/* Returns: (transfer none): the latest test of each account, shared by the
 * test view, "Test all" and the account list. */
OutboxTestStatus *
outbox_application_get_test_status (OutboxApplication *self)
{
  g_return_val_if_fail (OUTBOX_IS_APPLICATION (self), NULL);

  return self->test_status;
}

/* Returns: (transfer none): what Outbox remembers of past tests (the
 * certificate watch and the history), shared by every view; loaded
 * asynchronously at startup. */
OutboxJournal *
outbox_application_get_journal (OutboxApplication *self)
{
  g_return_val_if_fail (OUTBOX_IS_APPLICATION (self), NULL);

  return self->journal;
}
