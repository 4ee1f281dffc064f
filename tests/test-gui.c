/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window under Xvfb, driven through its widgets: listing, the empty
 * state, creating and editing accounts, inline errors, delete and undo, an
 * unreadable or newer accounts file. Screenshots are kept as artifacts. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-account-editor.h"
#include "outbox-account-row.h"
#include "outbox-application.h"
#include "outbox-field-error.h"
#include "outbox-provider-group.h"
#include "outbox-sidebar.h"
#include "outbox-window-private.h"

#define ID_INVOICES "6f1c2b1e-0d6e-4c1a-9a55-3c2f7d1e8a01"
#define ID_SUPPORT  "0b7e4d8a-51f2-4a8e-8f0e-9d4f6c3b2a02"
#define ID_ARVED    "c3d9e0f1-7a2b-4c5d-8e9f-0a1b2c3d4e03"

static const char three_accounts[] =
  "{ \"version\": 1, \"accounts\": ["
  "{ \"id\": \"" ID_INVOICES "\", \"name\": \"Τιμολόγια\", \"sender_name\": \"Λογιστήριο\","
  "  \"sender_address\": \"billing@example.gr\", \"reply_to\": \"\", \"host\": \"mail.example.gr\","
  "  \"port\": 587, \"security\": \"starttls\", \"timeout\": 30, \"auth\": \"password\","
  "  \"username\": \"billing@example.gr\", \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" },"
  "{ \"id\": \"" ID_SUPPORT "\", \"name\": \"Support\", \"sender_name\": \"Jonas Žemaitis\","
  "  \"sender_address\": \"pagalba@example.lt\", \"reply_to\": \"\", \"host\": \"smtp.example.lt\","
  "  \"port\": 465, \"security\": \"tls\", \"timeout\": 30, \"auth\": \"password\","
  "  \"username\": \"pagalba@example.lt\", \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" },"
  "{ \"id\": \"" ID_ARVED "\", \"name\": \"Arved\", \"sender_name\": \"Tõnu Õun\","
  "  \"sender_address\": \"arved@example.ee\", \"reply_to\": \"\", \"host\": \"smtp.example.ee\","
  "  \"port\": 25, \"security\": \"none\", \"timeout\": 60, \"auth\": \"none\","
  "  \"username\": \"\", \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" } ] }";

typedef struct
{
  OutboxApplication *app;
  OutboxWindow      *window;
} Fixture;

static void
start_app (Fixture *f)
{
  static guint serial;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APPLICATION_ID, ++serial);

  /* Several applications, one after the other, in one test process: each
   * with its own name on the bus. */
  f->app = outbox_application_new ();
  g_application_set_application_id (G_APPLICATION (f->app), id);
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
}

static void
close_window (Fixture *f)
{
  /* Closing a window that was never shown does nothing. */
  if (f->window != NULL && gtk_widget_get_realized (GTK_WIDGET (f->window)))
    gtk_window_close (GTK_WINDOW (f->window));
  else if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  /* Gone once what it started (a load, a save) has finished. */
  WAIT_UNTIL (f->window == NULL);
}

static void
stop_app (Fixture *f)
{
  close_window (f);
  g_clear_object (&f->app);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  start_app (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  stop_app (f);
}

static const char *
main_page (Fixture *f)
{
  GtkStack *main_stack = CHILD (f->window, OUTBOX_TYPE_WINDOW, "main_stack");
  GtkStack *status_stack = CHILD (f->window, OUTBOX_TYPE_WINDOW, "status_stack");
  const char *name = gtk_stack_get_visible_child_name (main_stack);

  if (g_strcmp0 (name, "status") == 0)
    return gtk_stack_get_visible_child_name (status_stack);
  return name;
}

/* Opens a window the size the tests ask for and waits for the accounts. */
static void
open_window (Fixture *f,
             int      width,
             int      height)
{
  f->window = outbox_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)) &&
              g_strcmp0 (main_page (f), "loading") != 0);
  gui_test_wait_ms (100);
}

static OutboxAccountEditor *
editor (Fixture *f)
{
  return CHILD (f->window, OUTBOX_TYPE_WINDOW, "editor");
}

static GtkEditable *
row (Fixture    *f,
     const char *name)
{
  return CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, name);
}

static OutboxFieldError *
field_error (Fixture    *f,
             const char *name)
{
  return CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, name);
}

static OutboxAccountStore *
store (Fixture *f)
{
  return outbox_application_get_store (f->app);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), action, parameter));
}

/* The names the sidebar shows, as a person would read them. */
static char *
listed_names (Fixture *f)
{
  OutboxSidebar *sidebar = CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar");
  g_autoptr(GPtrArray) rows = gui_test_find_all (GTK_WIDGET (sidebar), OUTBOX_TYPE_ACCOUNT_ROW);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkLabel *label = CHILD (g_ptr_array_index (rows, i), OUTBOX_TYPE_ACCOUNT_ROW, "name_label");

      if (!gtk_widget_get_mapped (GTK_WIDGET (label)))
        continue;
      g_string_append_printf (names, "%s%s", names->len ? "|" : "", gtk_label_get_text (label));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
listed (Fixture    *f,
        const char *expected)
{
  g_autofree char *names = listed_names (f);

  return g_strcmp0 (names, expected) == 0;
}

static gboolean
shows_error (Fixture    *f,
             const char *field)
{
  g_autofree char *row_name = g_strconcat (field, "_row", NULL);
  g_autofree char *error_name = g_strconcat (field, "_error", NULL);
  OutboxFieldError *reason = field_error (f, error_name);

  return gtk_widget_has_css_class (GTK_WIDGET (row (f, row_name)), "error") &&
         gtk_widget_get_mapped (GTK_WIDGET (reason)) &&
         outbox_field_error_get_reason (reason)[0] != '\0';
}

static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  open_window (f, 1024, 700);
  g_assert_cmpstr (main_page (f), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (CHILD (f->window, OUTBOX_TYPE_WINDOW, "empty_add_button")));
  gui_test_screenshot (GTK_WIDGET (f->window), "empty-1024x700");
  close_window (f);

  open_window (f, 360, 700);
  g_assert_cmpstr (main_page (f), ==, "empty");
  gui_test_screenshot (GTK_WIDGET (f->window), "empty-360x700");

  /* The empty state's button opens a new account's form. */
  g_signal_emit_by_name (CHILD (f->window, OUTBOX_TYPE_WINDOW, "empty_add_button"), "clicked");
  WAIT_UNTIL (g_strcmp0 (main_page (f), "accounts") == 0);
  g_assert_true (outbox_account_editor_get_is_new (editor (f)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row (f, "name_row"))));
  g_assert_null (gui_test_read_accounts ());
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GtkEditable *search;

  gui_test_write_accounts (three_accounts);
  open_window (f, 1024, 700);

  g_assert_cmpstr (main_page (f), ==, "accounts");
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  /* The first account is open in the editor beside the list. */
  g_assert_cmpstr (gtk_editable_get_text (row (f, "name_row")), ==, "Τιμολόγια");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "host_row")), ==, "mail.example.gr");
  gui_test_screenshot (GTK_WIDGET (f->window), "list-1024x700");

  /* Searching narrows the list, by address as well as by name. */
  activate (f, "win.search", NULL);
  search = CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"), OUTBOX_TYPE_SIDEBAR,
                  "search_entry");
  gtk_editable_set_text (search, "example.ee");
  WAIT_UNTIL (listed (f, "Arved"));
  gtk_editable_set_text (search, "ΤΙΜΟΛ");
  WAIT_UNTIL (listed (f, "Τιμολόγια"));
  gtk_editable_set_text (search, "nothing like it");
  WAIT_UNTIL (listed (f, ""));
  gtk_editable_set_text (search, "");
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  close_window (f);

  /* Narrow: one pane, the list first, with nothing selected. */
  open_window (f, 360, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  g_assert_true (adw_leaflet_get_folded (CHILD (f->window, OUTBOX_TYPE_WINDOW, "leaflet")));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (row (f, "name_row"))));
  gui_test_screenshot (GTK_WIDGET (f->window), "list-360x700");
}

/* Creates an account by typing into the rows, as a person would. */
static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  const char *password = "Κωδικός-πρόσβασης-7";
  g_autoptr(JsonObject) saved = NULL;
  g_autofree char *stored = NULL;
  OutboxAccount *account;

  open_window (f, 1024, 700);
  activate (f, "win.add-account", NULL);
  gtk_editable_set_text (row (f, "name_row"), "Invoices");
  gtk_editable_set_text (row (f, "sender_name_row"), "Λογιστήριο");
  gtk_editable_set_text (row (f, "sender_address_row"), "billing@example.com");
  gtk_editable_set_text (row (f, "reply_to_row"), "replies@example.com");
  gtk_editable_set_text (row (f, "host_row"), "smtp.example.com");
  gtk_editable_set_text (row (f, "port_row"), "2525");
  gtk_editable_set_text (row (f, "password_row"), password);

  /* The user name followed the address; nothing needed clicking "Save". */
  g_assert_cmpstr (gtk_editable_get_text (row (f, "username_row")), ==, "billing@example.com");
  WAIT_UNTIL (gui_test_file_contains ("Invoices"));
  saved = gui_test_find_account ("Invoices");
  g_assert_nonnull (saved);
  g_assert_cmpstr (json_object_get_string_member (saved, "sender_name"), ==, "Λογιστήριο");
  g_assert_cmpstr (json_object_get_string_member (saved, "sender_address"), ==, "billing@example.com");
  g_assert_cmpstr (json_object_get_string_member (saved, "reply_to"), ==, "replies@example.com");
  g_assert_cmpstr (json_object_get_string_member (saved, "host"), ==, "smtp.example.com");
  g_assert_cmpint (json_object_get_int_member (saved, "port"), ==, 2525);
  g_assert_cmpstr (json_object_get_string_member (saved, "username"), ==, "billing@example.com");

  account = outbox_account_store_lookup (store (f), "Invoices");
  g_assert_nonnull (account);
  WAIT_UNTIL ((stored = gui_test_lookup_password (outbox_application_get_secrets (f->app),
                                                  outbox_account_get_id (account),
                                                  OUTBOX_SECRET_KIND_ACCOUNT)) != NULL);
  g_assert_cmpstr (stored, ==, password);
  g_assert_false (gui_test_file_contains (password));
  WAIT_UNTIL (listed (f, "Invoices"));
  gui_test_screenshot (GTK_WIDGET (f->window), "editor-1024x700");

  /* Another start of the program sees it, password included. */
  stop_app (f);
  start_app (f);
  open_window (f, 360, 700);
  WAIT_UNTIL (listed (f, "Invoices"));
  g_signal_emit_by_name (CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 0);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (row (f, "name_row"))));
  g_assert_cmpstr (gtk_editable_get_text (row (f, "host_row")), ==, "smtp.example.com");
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (row (f, "password_row")), password) == 0);
  gui_test_screenshot (GTK_WIDGET (f->window), "editor-360x700");
}

static gint64
saved_port (Fixture    *f,
            const char *name)
{
  g_autoptr(JsonObject) account = gui_test_find_account (name);

  return account ? json_object_get_int_member (account, "port") : -1;
}

static void
scroll_editor_to_end (Fixture *f)
{
  g_autoptr(GPtrArray) scrolled = gui_test_find_all (GTK_WIDGET (editor (f)),
                                                     GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_cmpuint (scrolled->len, >, 0);
  adjustment = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrolled, 0));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

/* The security choice moves a default port; the sign-in choice shows the
 * rows it needs, and only those. */
static void
test_sign_in_choice (Fixture       *f,
                     gconstpointer  data)
{
  AdwComboRow *auth;
  g_autoptr(JsonObject) saved = NULL;
  g_autofree char *smtp_password = NULL;

  gui_test_write_accounts (three_accounts);
  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  auth = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "auth_row");

  /* SSL/TLS moves the default port 587 along to 465. */
  adw_combo_row_set_selected (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "security_row"),
                              OUTBOX_SECURITY_TLS);
  g_assert_cmpstr (gtk_editable_get_text (row (f, "port_row")), ==, "465");
  WAIT_UNTIL (saved_port (f, "Τιμολόγια") == 465);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row (f, "username_row"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row (f, "password_row"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row (f, "smtp_username_row"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row (f, "smtp_password_row"))));

  adw_combo_row_set_selected (auth, OUTBOX_AUTH_SEPARATE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row (f, "smtp_username_row"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row (f, "smtp_password_row"))));
  /* A separate login needs its user name; until then nothing is saved. */
  WAIT_UNTIL (shows_error (f, "smtp_username"));
  g_assert_false (gui_test_file_contains ("separate"));
  gtk_editable_set_text (row (f, "smtp_username_row"), "relay-user");
  gtk_editable_set_text (row (f, "smtp_password_row"), "relay-secret");
  WAIT_UNTIL (gui_test_file_contains ("relay-user"));
  saved = gui_test_find_account ("Τιμολόγια");
  g_assert_cmpstr (json_object_get_string_member (saved, "auth"), ==, "separate");
  WAIT_UNTIL ((smtp_password = gui_test_lookup_password (outbox_application_get_secrets (f->app),
                                                         ID_INVOICES, OUTBOX_SECRET_KIND_SMTP)) != NULL);
  g_assert_cmpstr (smtp_password, ==, "relay-secret");
  scroll_editor_to_end (f);
  gui_test_screenshot (GTK_WIDGET (f->window), "sign-in-1024x700");

  adw_combo_row_set_selected (auth, OUTBOX_AUTH_NONE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row (f, "username_row"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row (f, "password_row"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row (f, "smtp_username_row"))));
  WAIT_UNTIL (gui_test_file_contains ("\"auth\" : \"none\"") ||
              gui_test_file_contains ("\"auth\":\"none\""));
}

/* Ctrl+? opens the shortcuts window that lists the app's keys. */
static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  const struct { const char *action; const char *accel; } expected[] = {
    { "win.add-account", "<Control>n" },
    { "win.search", "<Control>f" },
    { "win.show-help-overlay", "<Control>question" },
    { "app.quit", "<Control>q" },
  };
  GtkWindow *overlay;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                    expected[i].action);
      g_assert_true (g_strv_contains ((const char * const *)accels, expected[i].accel));
    }

  open_window (f, 1024, 700);
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  activate (f, "win.show-help-overlay", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  gui_test_screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_close (overlay);

  /* Quitting closes the window. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
  WAIT_UNTIL (f->window == NULL);
}

static void
test_invalid_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autoptr(JsonObject) saved = NULL;

  gui_test_write_accounts (three_accounts);
  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  before = gui_test_read_accounts ();

  gtk_editable_set_text (row (f, "port_row"), "70000");
  WAIT_UNTIL (shows_error (f, "port"));
  gtk_editable_set_text (row (f, "sender_address_row"), "billing@example.gr\r\nBcc: victim@example.com");
  WAIT_UNTIL (shows_error (f, "sender_address"));
  gtk_editable_set_text (row (f, "timeout_row"), "soon");
  WAIT_UNTIL (shows_error (f, "timeout"));
  gui_test_screenshot (GTK_WIDGET (f->window), "invalid-1024x700");

  /* Nothing of it reached the file. */
  gui_test_wait_ms (800);
  g_assert_cmpstr (gui_test_read_accounts (), ==, before);

  /* A corrected field clears its error at once and is saved. */
  gtk_editable_set_text (row (f, "port_row"), "2525");
  g_assert_false (shows_error (f, "port"));
  WAIT_UNTIL (gui_test_file_contains ("2525"));
  saved = gui_test_find_account ("Τιμολόγια");
  g_assert_cmpint (json_object_get_int_member (saved, "port"), ==, 2525);
  g_assert_cmpstr (json_object_get_string_member (saved, "sender_address"), ==, "billing@example.gr");
  g_assert_true (shows_error (f, "sender_address"));

  /* Another account's name is refused under the name field. */
  gtk_editable_set_text (row (f, "sender_address_row"), "billing@example.gr");
  gtk_editable_set_text (row (f, "timeout_row"), "30");
  gtk_editable_set_text (row (f, "name_row"), "support");
  WAIT_UNTIL (shows_error (f, "name"));
  g_assert_nonnull (gui_test_find_account ("Τιμολόγια"));
}

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  OutboxSecrets *secrets = outbox_application_get_secrets (f->app);
  g_autoptr(OutboxAccount) support = outbox_account_new_with_id (ID_SUPPORT);
  g_autofree char *password = NULL;
  g_autofree char *forgotten = NULL;
  AdwToast *toast;

  gui_test_write_accounts (three_accounts);
  outbox_account_set_name (support, "Support");
  g_assert_true (gui_test_store_password (secrets, support, "pagalbos slaptažodis"));

  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  g_signal_emit_by_name (CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 1);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (row (f, "name_row")), "Support") == 0);

  activate (f, "win.delete-account", NULL);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Arved") && !gui_test_file_contains (ID_SUPPORT));
  toast = _outbox_window_get_last_toast (f->window);
  g_assert_nonnull (toast);
  g_assert_true (strstr (adw_toast_get_title (toast), "Support") != NULL);
  gui_test_screenshot (GTK_WIDGET (f->window), "deleted-1024x700");

  /* Undo puts it back where it was, with its password. */
  activate (f, "win.undo-delete", g_variant_new_string (ID_SUPPORT));
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved") && gui_test_file_contains (ID_SUPPORT));
  gui_test_wait_ms (300);
  password = gui_test_lookup_password (secrets, ID_SUPPORT, OUTBOX_SECRET_KIND_ACCOUNT);
  g_assert_cmpstr (password, ==, "pagalbos slaptažodis");

  /* Deleted for good when the toast goes without an undo. */
  activate (f, "win.delete-account", NULL);
  WAIT_UNTIL (!gui_test_file_contains (ID_SUPPORT));
  toast = _outbox_window_get_last_toast (f->window);
  g_assert_true (strstr (adw_toast_get_title (toast), "Support") != NULL);
  adw_toast_dismiss (toast);
  WAIT_UNTIL ((forgotten = gui_test_lookup_password (secrets, ID_SUPPORT,
                                                     OUTBOX_SECRET_KIND_ACCOUNT)) == NULL);
}

/* Without any keyring the account is still saved, the password goes
 * nowhere, and the user is told so in plain words. */
static void
test_no_keyring (Fixture       *f,
                 gconstpointer  data)
{
  const char *password = "nowhere-to-go-1";
  AdwToast *toast;

  if (!g_test_subprocess ())
    {
      g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

      /* The child starts on a bus that does not exist; this process keeps
       * the connection it has. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/outbox-test-bus", TRUE);
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
      g_test_trap_assert_passed ();
      return;
    }

  open_window (f, 1024, 700);
  activate (f, "win.add-account", NULL);
  gtk_editable_set_text (row (f, "name_row"), "Offline");
  gtk_editable_set_text (row (f, "sender_address_row"), "offline@example.com");
  gtk_editable_set_text (row (f, "host_row"), "smtp.example.com");
  gtk_editable_set_text (row (f, "password_row"), password);

  WAIT_UNTIL (gui_test_file_contains ("Offline") &&
              (toast = _outbox_window_get_last_toast (f->window)) != NULL);
  g_assert_true (strstr (adw_toast_get_title (toast), "No keyring is available") != NULL);
  g_assert_false (gui_test_file_contains (password));
  gui_test_screenshot (GTK_WIDGET (f->window), "no-keyring-1024x700");
}

static void
test_broken_file (Fixture       *f,
                  gconstpointer  data)
{
  const char broken[] = "{ \"version\": 1, \"accounts\": [ { \"name\": \"Half";
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "outbox", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *kept = NULL;
  const char *entry;

  gui_test_write_accounts (broken);
  open_window (f, 1024, 700);
  g_assert_cmpstr (main_page (f), ==, "error");
  g_assert_true (gtk_widget_get_mapped (CHILD (f->window, OUTBOX_TYPE_WINDOW, "start_over_button")));
  /* Nothing can be added over a file that was not understood. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-account", NULL);
  g_assert_cmpstr (main_page (f), ==, "error");
  gui_test_screenshot (GTK_WIDGET (f->window), "broken-1024x700");
  gui_test_wait_ms (700);
  g_assert_cmpstr (gui_test_read_accounts (), ==, broken);

  /* Start Over keeps the old file beside, under a dated name. */
  g_signal_emit_by_name (CHILD (f->window, OUTBOX_TYPE_WINDOW, "start_over_button"), "clicked");
  WAIT_UNTIL (g_strcmp0 (main_page (f), "empty") == 0);
  listing = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "accounts.json.broken-"))
      {
        g_autofree char *path = g_build_filename (dir, entry, NULL);
        g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
      }
  g_assert_cmpstr (kept, ==, broken);
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *newer = g_strdup (three_accounts);
  g_autofree char *before = NULL;
  GtkRevealer *banner;

  /* Same accounts, a version this build does not know. */
  memcpy (strstr (newer, "1,"), "9,", 2);
  gui_test_write_accounts (newer);
  before = gui_test_read_accounts ();

  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  banner = CHILD (f->window, OUTBOX_TYPE_WINDOW, "read_only_revealer");
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (editor (f))));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-account", NULL);
  g_assert_true (listed (f, "Τιμολόγια|Support|Arved"));
  gui_test_screenshot (GTK_WIDGET (f->window), "read-only-1024x700");
  gui_test_wait_ms (700);
  g_assert_cmpstr (gui_test_read_accounts (), ==, before);
}

static void
test_provider (Fixture       *f,
               gconstpointer  data)
{
  OutboxProviderGroup *providers;
  AdwComboRow *provider_row;

  open_window (f, 1024, 700);
  activate (f, "win.add-account", NULL);
  providers = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "provider_group");
  provider_row = CHILD (providers, OUTBOX_TYPE_PROVIDER_GROUP, "provider_row");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (provider_row)));

  /* Picking Gmail fills in its server and says what it needs. */
  adw_combo_row_set_selected (provider_row, 0);
  g_assert_cmpstr (gtk_editable_get_text (row (f, "host_row")), ==, "smtp.gmail.com");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "port_row")), ==, "587");
  g_assert_cmpuint (adw_combo_row_get_selected (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR,
                                                       "security_row")), ==, OUTBOX_SECURITY_STARTTLS);
  g_assert_true (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (providers)),
                         "app password") != NULL);
  gui_test_screenshot (GTK_WIDGET (f->window), "provider-1024x700");

  /* An address at a known provider picks it; riseup signs in without the domain. */
  gtk_editable_set_text (row (f, "sender_address_row"), "joe_hill@riseup.net");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "host_row")), ==, "mail.riseup.net");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "port_row")), ==, "465");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "username_row")), ==, "joe_hill");
  gtk_editable_set_text (row (f, "name_row"), "Riseup");
  WAIT_UNTIL (gui_test_file_contains ("mail.riseup.net"));

  /* The same form fits a phone-sized window. */
  close_window (f);
  open_window (f, 360, 700);
  activate (f, "win.add-account", NULL);
  providers = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "provider_group");
  adw_combo_row_set_selected (CHILD (providers, OUTBOX_TYPE_PROVIDER_GROUP, "provider_row"), 4);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row (f, "host_row"))));
  gui_test_screenshot (GTK_WIDGET (f->window), "provider-360x700");
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(OutboxAccount) invoices = outbox_account_new_with_id (ID_INVOICES);
  g_autofree char *password = NULL;
  OutboxAccount *duplicate;

  gui_test_write_accounts (three_accounts);
  outbox_account_set_name (invoices, "Τιμολόγια");
  gui_test_store_password (outbox_application_get_secrets (f->app), invoices, "δοκιμή");
  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));

  activate (f, "win.duplicate-account", NULL);
  WAIT_UNTIL (gui_test_file_contains ("Τιμολόγια (copy)"));
  copy = gui_test_find_account ("Τιμολόγια (copy)");
  g_assert_cmpstr (json_object_get_string_member (copy, "host"), ==, "mail.example.gr");
  g_assert_cmpstr (json_object_get_string_member (copy, "id"), !=, ID_INVOICES);
  g_assert_cmpstr (gtk_editable_get_text (row (f, "name_row")), ==, "Τιμολόγια (copy)");
  duplicate = outbox_account_store_lookup (store (f), "Τιμολόγια (copy)");
  WAIT_UNTIL ((password = gui_test_lookup_password (outbox_application_get_secrets (f->app),
                                                    outbox_account_get_id (duplicate),
                                                    OUTBOX_SECRET_KIND_ACCOUNT)) != NULL);
  g_assert_cmpstr (password, ==, "δοκιμή");
}

static void
test_dark_and_size (Fixture       *f,
                    gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  gui_test_write_accounts (three_accounts);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  open_window (f, 800, 640);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  gui_test_screenshot (GTK_WIDGET (f->window), "dark-800x640");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* The size the window was closed at is the size it opens at next. */
  close_window (f);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  f->window = outbox_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  {
    int width, height;
    gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
    g_assert_cmpint (width, ==, 800);
    g_assert_cmpint (height, ==, 640);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) icon_dirs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) system_dirs = NULL;

  setlocale (LC_ALL, "");

  /* Each test gets its own XDG directories, data directories included; the
   * MIME database and the icon theme must still come from the system, or
   * no icon loads. Both are fixed here, before any test runs; a test's
   * subprocess learns the system's directories from its parent. */
  if (g_getenv ("OUTBOX_TEST_SYSTEM_DATA_DIRS") == NULL)
    {
      g_autofree char *dirs = g_strjoinv (":", (char **)g_get_system_data_dirs ());
      g_setenv ("OUTBOX_TEST_SYSTEM_DATA_DIRS", dirs, TRUE);
    }
  system_dirs = g_strsplit (g_getenv ("OUTBOX_TEST_SYSTEM_DATA_DIRS"), ":", -1);
  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      g_ptr_array_add (mime_dirs, g_build_filename (system_dirs[i], "mime", NULL));
      g_ptr_array_add (icon_dirs, g_build_filename (system_dirs[i], "icons", NULL));
    }
  g_ptr_array_add (mime_dirs, NULL);
  g_ptr_array_add (icon_dirs, NULL);
  g_content_type_set_mime_dirs ((const char * const *)mime_dirs->pdata);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  gtk_icon_theme_set_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  (const char * const *)icon_dirs->pdata);
  /* No animations: the tests look at where things end up. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) g_test_add ("/Outbox/Window/" path, Fixture, NULL, \
                                    fixture_setup, func, fixture_teardown)
  ADD ("empty-state", test_empty_state);
  ADD ("list-and-search", test_list);
  ADD ("create-by-typing", test_create);
  ADD ("invalid-fields", test_invalid_fields);
  ADD ("sign-in-choice", test_sign_in_choice);
  ADD ("shortcuts", test_shortcuts);
  ADD ("delete-and-undo", test_delete_undo);
  ADD ("no-keyring", test_no_keyring);
  ADD ("broken-file", test_broken_file);
  ADD ("newer-version", test_newer_version);
  ADD ("provider", test_provider);
  ADD ("duplicate", test_duplicate);
  ADD ("dark-style-and-size", test_dark_and_size);
#undef ADD

  return g_test_run ();
}
