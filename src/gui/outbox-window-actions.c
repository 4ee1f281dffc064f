/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The actions of OutboxWindow: add, duplicate, delete with undo, search,
 * start over after a load error, reload and Test All. */

#define G_LOG_DOMAIN "outbox-window"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-secrets-copy.h"
#include "outbox-window-private.h"

static void
delete_account (OutboxWindow *self)
{
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(AdwToast) toast = NULL;
  guint position = 0;

  if (outbox_account_editor_get_is_new (self->editor))
    {
      /* Nothing was stored yet: just drop the form. */
      _outbox_window_show_item (self, 0);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
      return;
    }

  if (outbox_account_editor_get_account (self->editor) == NULL)
    return;

  account = g_object_ref (outbox_account_editor_get_account (self->editor));
  outbox_account_editor_edit (self->editor, NULL);
  toast = outbox_trash_delete (self->trash, account, &position);
  if (toast == NULL)
    return;
  _outbox_window_save_store (self);
  _outbox_window_show_toast (self, toast);

  _outbox_window_show_item (self, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_add_account (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OutboxWindow *self = OUTBOX_WINDOW (widget);

  outbox_sidebar_select (self->sidebar, NULL);
  outbox_account_editor_create (self->editor);
  gtk_stack_set_visible_child_name (self->content_stack, "editor");
  _outbox_window_update_view (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
on_duplicate_account (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OutboxWindow *self = OUTBOX_WINDOW (widget);
  OutboxAccount *original = outbox_account_editor_get_account (self->editor);
  g_autoptr(OutboxAccount) copy = NULL;
  g_autoptr(GError) error = NULL;

  if (original == NULL)
    return;

  outbox_account_editor_flush (self->editor);
  copy = outbox_account_duplicate (original);

  /* “Name (copy)” may exist already; count on until a name is free. */
  for (guint n = 2; !outbox_account_store_add (self->store, copy, &error); n++)
    {
      g_autofree char *name = NULL;

      if (!g_error_matches (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_DUPLICATE) || n > 100)
        {
          _outbox_window_show_message (self, error->message);
          return;
        }
      g_clear_error (&error);
      /* TRANSLATORS: the name of a duplicated account; %s is the original name, %u a number */
      name = g_strdup_printf (_("%s (copy %u)"), outbox_account_get_name (original), n);
      outbox_account_set_name (copy, name);
    }
  _outbox_window_save_store (self);
  outbox_copy_secrets (self->secrets, original, copy);
  _outbox_window_show_account (self, copy, TRUE);
}

static void
on_delete_account (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  delete_account (OUTBOX_WINDOW (widget));
}

static void
on_undo_delete (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OutboxWindow *self = OUTBOX_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  OutboxAccount *account;

  account = outbox_trash_restore (self->trash, g_variant_get_string (parameter, NULL), &error);
  if (account == NULL)
    {
      _outbox_window_show_message (self, error->message);
      return;
    }
  _outbox_window_save_store (self);
  _outbox_window_show_account (self, account, FALSE);
}

static void
on_search (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  OutboxWindow *self = OUTBOX_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "accounts") != 0)
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  outbox_sidebar_start_search (self->sidebar);
}

static void
started_over_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *message = NULL;

  kept = outbox_account_store_start_over_finish (OUTBOX_ACCOUNT_STORE (object), result, &error);
  if (kept == NULL)
    {
      _outbox_window_show_message (self, error->message);
      return;
    }

  /* TRANSLATORS: %s is the file name the unreadable accounts file now has */
  message = g_strdup_printf (_("The unreadable file was kept as %s"), kept);
  _outbox_window_show_message (self, message);
  _outbox_window_load (self);
}

static void
on_start_over (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OutboxWindow *self = OUTBOX_WINDOW (widget);

  outbox_account_store_start_over_async (self->store, self->cancellable,
                                         started_over_cb, g_object_ref (self));
}

static void
on_reload (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  _outbox_window_load (OUTBOX_WINDOW (widget));
}

static void
on_test_all (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OutboxWindow *self = OUTBOX_WINDOW (widget);

  /* What was just typed is what gets tested. */
  outbox_account_editor_flush (self->editor);
  outbox_test_all_run (self->test_all, G_LIST_MODEL (self->store), self->secrets,
                       self->test_status);
}

void
_outbox_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, on_add_account);
  gtk_widget_class_install_action (widget_class, "win.duplicate-account", NULL, on_duplicate_account);
  gtk_widget_class_install_action (widget_class, "win.delete-account", NULL, on_delete_account);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", on_undo_delete);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, on_search);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, on_start_over);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, on_reload);
  gtk_widget_class_install_action (widget_class, "win.test-all", NULL, on_test_all);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.test-all", NULL);
}
