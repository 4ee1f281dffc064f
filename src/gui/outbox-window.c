/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxWindow: the accounts beside the editor, folding to one pane on a
 * narrow screen; the empty state and the load error with its way out. The
 * account actions (add, duplicate, delete with undo) are in
 * outbox-window-actions.c. */

#define G_LOG_DOMAIN "outbox-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outbox-account-editor.h"
#include "outbox-sidebar.h"
#include "outbox-test-all.h"
#include "outbox-trash.h"
#include "outbox-window-private.h"
#include "outbox-warm-up.h"

enum {
  PROP_0,
  PROP_STORE,
  PROP_SECRETS,
  PROP_TEST_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxWindow, outbox_window, ADW_TYPE_APPLICATION_WINDOW)

void
_outbox_window_show_toast (OutboxWindow *self,
                           AdwToast     *toast)
{
  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

void
_outbox_window_show_message (OutboxWindow *self,
                             const char   *message)
{
  /* A toast title is markup; a message may contain any text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autoptr(AdwToast) toast = adw_toast_new (escaped);

  _outbox_window_show_toast (self, toast);
}

/* The file could not be read: the store keeps it untouched and the window
 * shows the error and the way out instead of the accounts. */
static gboolean
load_failed (OutboxWindow *self)
{
  return self->load_error != NULL;
}

static gboolean
can_edit (OutboxWindow *self)
{
  return !self->loading && !load_failed (self) && !outbox_account_store_get_read_only (self->store);
}

static void
update_actions (OutboxWindow *self)
{
  gboolean editable = can_edit (self);
  gboolean has_account = outbox_account_editor_get_account (self->editor) != NULL;
  gboolean is_new = outbox_account_editor_get_is_new (self->editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-account", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-account", editable && has_account);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-account",
                                 editable && (has_account || is_new));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-over", load_failed (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.test-all",
                                 !self->loading && !load_failed (self) &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0 &&
                                 !outbox_test_all_get_running (self->test_all));
  /* A new account cannot be duplicated yet; on a narrow screen its title
   * needs the room more than a button that cannot be used. */
  gtk_widget_set_visible (self->duplicate_button, has_account);
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), editable);
}

static void
update_read_only (OutboxWindow *self)
{
  gboolean read_only = !self->loading && !load_failed (self) &&
                       outbox_account_store_get_read_only (self->store);

  if (read_only)
    gtk_label_set_text (self->read_only_label,
                        outbox_account_store_get_read_only_reason (self->store));
  gtk_revealer_set_reveal_child (self->read_only_revealer, read_only);
}

void
_outbox_window_update_view (OutboxWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  /* Spinning only while loading (a GtkSpinner left spinning on a page no
   * longer shown kept its window restyling and painting every frame). */
  outbox_spinner_set_spinning (self->loading_spinner, self->loading);
  if (self->loading)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "status");
      gtk_stack_set_visible_child_name (self->status_stack, "loading");
    }
  else if (load_failed (self))
    {
      g_autofree char *description = g_markup_escape_text (self->load_error->message, -1);

      adw_status_page_set_description (self->error_page, description);
      gtk_widget_set_visible (self->start_over_button,
                              !g_error_matches (self->load_error, OUTBOX_STORE_ERROR,
                                                OUTBOX_STORE_ERROR_IO));
      gtk_stack_set_visible_child_name (self->main_stack, "status");
      gtk_stack_set_visible_child_name (self->status_stack, "error");
    }
  else if (n_items == 0 && !outbox_account_editor_get_is_new (self->editor))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "status");
      gtk_stack_set_visible_child_name (self->status_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->main_stack, "accounts");
    }

  update_read_only (self);
  update_actions (self);
}

/* Shows @account (or nothing) in the editor; with @navigate, a folded
 * window moves to the editor. */
void
_outbox_window_show_account (OutboxWindow  *self,
                             OutboxAccount *account,
                             gboolean       navigate)
{
  outbox_account_editor_edit (self->editor, account);
  gtk_stack_set_visible_child_name (self->content_stack, account ? "editor" : "none");

  if (!adw_leaflet_get_folded (self->leaflet))
    outbox_sidebar_select (self->sidebar, account);
  if (navigate && account != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->content_box);

  _outbox_window_update_view (self);
}

void
_outbox_window_show_item (OutboxWindow *self,
                          guint         position)
{
  g_autoptr(OutboxAccount) account = NULL;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  if (n_items > 0)
    account = g_list_model_get_item (G_LIST_MODEL (self->store), MIN (position, n_items - 1));
  _outbox_window_show_account (self, account, FALSE);
}

static void
store_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!outbox_account_store_save_finish (OUTBOX_ACCOUNT_STORE (object), result, &error))
    _outbox_window_show_message (self, error->message);
}

void
_outbox_window_save_store (OutboxWindow *self)
{
  outbox_account_store_save_async (self->store, NULL, store_saved_cb, g_object_ref (self));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  OutboxAccount *shown = outbox_account_editor_get_account (self->editor);
  g_autoptr(OutboxAccount) again = NULL;

  if (!outbox_account_store_load_finish (OUTBOX_ACCOUNT_STORE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  g_clear_error (&self->load_error);
  self->load_error = g_steal_pointer (&error);

  /* After a reload, stay on the account that was shown, if it is still there. */
  if (shown != NULL)
    again = outbox_account_store_lookup (self->store, outbox_account_get_id (shown));
  if (again != NULL)
    g_object_ref (again);

  if (again != NULL)
    _outbox_window_show_account (self, again, FALSE);
  else
    _outbox_window_show_item (self, 0);
}

void
_outbox_window_load (OutboxWindow *self)
{
  outbox_account_editor_flush (self->editor);
  self->loading = TRUE;
  _outbox_window_update_view (self);
  outbox_account_store_load_async (self->store, self->cancellable, load_cb, g_object_ref (self));
}

static void
on_sidebar_account_activated (OutboxWindow  *self,
                              OutboxAccount *account)
{
  /* An account from the results of "Test All" may have been deleted since. */
  if (outbox_account_store_lookup (self->store, outbox_account_get_id (account)) == account)
    _outbox_window_show_account (self, account, TRUE);
}

static void
on_back_clicked (OutboxWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Folded, the list must have nothing selected so that tapping any account,
 * the one shown last too, opens it; unfolded, it shows what the editor has. */
static void
on_leaflet_folded (OutboxWindow *self)
{
  if (!adw_leaflet_get_folded (self->leaflet))
    outbox_sidebar_select (self->sidebar, outbox_account_editor_get_account (self->editor));
  else if (adw_leaflet_get_visible_child (self->leaflet) != self->content_box)
    outbox_sidebar_select (self->sidebar, NULL);
}

static void
on_leaflet_visible_child (OutboxWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) != self->content_box)
    outbox_sidebar_select (self->sidebar, NULL);
}

static void
on_editor_account_added (OutboxWindow  *self,
                         OutboxAccount *account)
{
  if (!adw_leaflet_get_folded (self->leaflet))
    outbox_sidebar_select (self->sidebar, account);
  _outbox_window_update_view (self);
}

static void
on_editor_failed (OutboxWindow *self,
                  const GError *error)
{
  /* A missing keyring is said once, not at every account or keystroke. */
  if (g_error_matches (error, OUTBOX_SECRETS_ERROR, OUTBOX_SECRETS_ERROR_NO_SERVICE))
    {
      if (self->keyring_warned)
        return;
      self->keyring_warned = TRUE;
    }

  _outbox_window_show_message (self, error->message);
}

static void
on_editor_title_changed (OutboxWindow *self)
{
  adw_window_title_set_title (self->content_title,
                              outbox_account_editor_get_title (self->editor));
  adw_window_title_set_subtitle (self->content_title,
                                 outbox_account_editor_get_status (self->editor));
  update_actions (self);
}

static void
on_store_items_changed (OutboxWindow *self)
{
  if (!self->loading)
    _outbox_window_update_view (self);
}

static void
restore_size (OutboxWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  /* Without its schema (an uninstalled build started by hand) the window
   * still opens, it just does not remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
outbox_window_close_request (GtkWindow *window)
{
  OutboxWindow *self = OUTBOX_WINDOW (window);
  int width, height;

  /* Closing ends every pending undo. */
  outbox_account_editor_flush (self->editor);
  outbox_trash_empty (self->trash);

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (outbox_window_parent_class)->close_request (window);
}

static void
outbox_window_constructed (GObject *object)
{
  OutboxWindow *self = OUTBOX_WINDOW (object);

  G_OBJECT_CLASS (outbox_window_parent_class)->constructed (object);

  self->trash = outbox_trash_new (self->store, self->secrets);
  outbox_sidebar_set_model (self->sidebar, G_LIST_MODEL (self->store));
  outbox_sidebar_set_test_status (self->sidebar, self->test_status);
  outbox_account_editor_set_store (self->editor, self->store, self->secrets);
  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  restore_size (self);
  _outbox_window_load (self);
}

static void
outbox_window_dispose (GObject *object)
{
  OutboxWindow *self = OUTBOX_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->trash);
  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_WINDOW);
  g_clear_object (&self->last_toast);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (outbox_window_parent_class)->dispose (object);
}

static void
outbox_window_finalize (GObject *object)
{
  OutboxWindow *self = OUTBOX_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->test_status);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (outbox_window_parent_class)->finalize (object);
}

static void
outbox_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OutboxWindow *self = OUTBOX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SECRETS:
      self->secrets = g_value_dup_object (value);
      break;
    case PROP_TEST_STATUS:
      self->test_status = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_window_class_init (OutboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = outbox_window_constructed;
  object_class->dispose = outbox_window_dispose;
  object_class->finalize = outbox_window_finalize;
  object_class->set_property = outbox_window_set_property;
  window_class->close_request = outbox_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OUTBOX_TYPE_ACCOUNT_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRETS] =
    g_param_spec_object ("secrets", NULL, NULL, OUTBOX_TYPE_SECRETS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEST_STATUS] =
    g_param_spec_object ("test-status", NULL, NULL, OUTBOX_TYPE_TEST_STATUS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OUTBOX_TYPE_SIDEBAR);
  g_type_ensure (OUTBOX_TYPE_ACCOUNT_EDITOR);
  g_type_ensure (OUTBOX_TYPE_TEST_ALL);

  g_type_ensure (OUTBOX_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, test_all);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxWindow, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_account_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_visible_child);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_account_added);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_failed);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_title_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);

  _outbox_window_install_actions (widget_class);
}

static void
outbox_window_init (OutboxWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Once shown: what the first test needs, readied while nothing runs. */
  g_signal_connect (self, "map", G_CALLBACK (outbox_warm_up), NULL);
}

OutboxWindow *
outbox_window_new (OutboxApplication *application)
{
  OutboxWindow *self;

  g_return_val_if_fail (OUTBOX_IS_APPLICATION (application), NULL);

  self = g_object_new (OUTBOX_TYPE_WINDOW,
                       "application", application,
                       "store", outbox_application_get_store (application),
                       "secrets", outbox_application_get_secrets (application),
                       "test-status", outbox_application_get_test_status (application),
                       NULL);
  outbox_trash_set_journal (self->trash, outbox_application_get_journal (application));
  outbox_sidebar_set_journal (self->sidebar, outbox_application_get_journal (application));
  outbox_account_editor_set_journal (self->editor, outbox_application_get_journal (application));
  return self;
}

AdwToast *
_outbox_window_get_last_toast (OutboxWindow *self)
{
  g_return_val_if_fail (OUTBOX_IS_WINDOW (self), NULL);

  return self->last_toast;
}
