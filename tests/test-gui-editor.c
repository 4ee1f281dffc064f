/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account editor in the real window under Xvfb: accounts created and
 * changed by typing into the rows, saved to the file and the keyring;
 * inline errors; sign-in choices; provider presets; no keyring at all. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-detect-group.h"
#include "outbox-sidebar.h"

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

static void
test_invalid_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) unchanged = NULL;

  gui_test_write_accounts (gui_test_three_accounts);
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
  after = gui_test_read_accounts ();
  g_assert_cmpstr (after, ==, before);

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
  unchanged = gui_test_find_account ("Τιμολόγια");
  g_assert_nonnull (unchanged);
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

  gui_test_write_accounts (gui_test_three_accounts);
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

/* The position of the provider named @name in the picker. */
static guint
provider_position (AdwComboRow *provider_row,
                   const char  *name)
{
  GListModel *names = adw_combo_row_get_model (provider_row);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name) == 0)
      return i;
  g_assert_not_reached ();
}

static void
test_provider (Fixture       *f,
               gconstpointer  data)
{
  OutboxDetectGroup *providers;
  AdwComboRow *provider_row;

  open_window (f, 1024, 700);
  activate (f, "win.add-account", NULL);
  providers = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "detect_group");
  provider_row = CHILD (providers, OUTBOX_TYPE_DETECT_GROUP, "provider_row");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (provider_row)));

  /* Picking Gmail fills in its server and says what it needs. */
  adw_combo_row_set_selected (provider_row, provider_position (provider_row, "Gmail"));
  g_assert_cmpstr (gtk_editable_get_text (row (f, "host_row")), ==, "smtp.gmail.com");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "port_row")), ==, "465");
  g_assert_cmpuint (adw_combo_row_get_selected (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR,
                                                       "security_row")), ==, OUTBOX_SECURITY_TLS);
  g_assert_true (strstr (gtk_label_get_text (CHILD (providers, OUTBOX_TYPE_DETECT_GROUP, "note_label")),
                         "app password") != NULL);
  gui_test_screenshot (GTK_WIDGET (f->window), "provider-1024x700");

  /* An address at a known provider offers it; riseup signs in without the domain. */
  gtk_editable_set_text (row (f, "sender_address_row"), "joe_hill@riseup.net");
  g_assert_true (gtk_widget_get_visible (CHILD (providers, OUTBOX_TYPE_DETECT_GROUP, "offer_row")));
  g_signal_emit_by_name (CHILD (providers, OUTBOX_TYPE_DETECT_GROUP, "offer_button"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "host_row")), ==, "mail.riseup.net");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "port_row")), ==, "465");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "username_row")), ==, "joe_hill");
  gtk_editable_set_text (row (f, "name_row"), "Riseup");
  WAIT_UNTIL (gui_test_file_contains ("mail.riseup.net"));

  /* The same form fits a phone-sized window. */
  close_window (f);
  open_window (f, 360, 700);
  activate (f, "win.add-account", NULL);
  providers = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "detect_group");
  provider_row = CHILD (providers, OUTBOX_TYPE_DETECT_GROUP, "provider_row");
  adw_combo_row_set_selected (provider_row, provider_position (provider_row, "Riseup"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row (f, "host_row"))));
  gui_test_screenshot (GTK_WIDGET (f->window), "provider-360x700");
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

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/Outbox/Editor/" path, Fixture, NULL, \
                                    fixture_setup, func, fixture_teardown)
  ADD ("create-by-typing", test_create);
  ADD ("invalid-fields", test_invalid_fields);
  ADD ("sign-in-and-security", test_sign_in_choice);
  ADD ("provider", test_provider);
  ADD ("no-keyring", test_no_keyring);
#undef ADD

  return g_test_run ();
}
