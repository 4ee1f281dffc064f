/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Test Account Settings" in the real window under Xvfb, against real
 * servers on 127.0.0.1: the button in the editor opens the test view; a
 * success, a wrong password, a cancelled test, Ctrl+Return, edits typed
 * just before, a form with a refused field. Screenshots of a success and a
 * failure at 1024×700 and 360×700; the longest pause of the main loop
 * during each test is recorded. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-view-util.h"
#include "outbox-property-row.h"

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD, .require_auth = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autofree char *size = g_format_size (33554432);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  g_autofree char *version = NULL;
  cairo_surface_t *background = NULL;
  int widths[] = { 1024, 360 };

  write_account (f, outbox_test_server_get_port (server, "starttls"), "starttls", 30);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *name = g_strdup_printf ("test-success-%dx700", widths[i]);

      open_account (f, widths[i]);
      background = gui_test_render (GTK_WIDGET (f->window));
      run_from_button (f);

      g_assert_cmpstr (view_page (), ==, "success");
      g_assert_cmpstr (view_label ("success_label"), ==, "Test message sent to " USER);
      g_assert_true (g_str_has_prefix (outbox_property_row_get_subtitle (result_child ("tls_row")), "TLS 1."));
      g_assert_cmpstr (outbox_property_row_get_subtitle (result_child ("size_row")), ==, size);
      /* What the server told comes into view a frame after the result. */
      WAIT_UNTIL (gtk_widget_get_mapped (result_child ("tls_row")));
      assert_step ("connect_row", OUTBOX_TEST_STEP_STATE_DONE);
      assert_step ("secure_row", OUTBOX_TEST_STEP_STATE_DONE);
      assert_step ("sign_in_row", OUTBOX_TEST_STEP_STATE_DONE);
      assert_step ("send_row", OUTBOX_TEST_STEP_STATE_DONE);
      g_assert_cmpint (account_state (f), ==, OUTBOX_TEST_STATE_PASSED);

      /* The message arrived, from the account, signed in as its user. */
      g_assert_true (outbox_test_server_wait_messages (server, i + 1, 5000));
      g_clear_pointer (&messages, g_ptr_array_unref);
      messages = outbox_test_server_list_messages (server);
      g_clear_pointer (&envelope, json_object_unref);
      envelope = outbox_test_spool_read_envelope (g_ptr_array_index (messages, i));
      g_assert_cmpstr (json_object_get_string_member (envelope, "mail_from"), ==, USER);
      g_assert_cmpstr (json_object_get_string_member (envelope, "login"), ==, USER);
      /* What the view says it learned is what the server saw. */
      g_assert_cmpstr (outbox_property_row_get_subtitle (result_child ("auth_row")), ==,
                       json_object_get_string_member (envelope, "auth_mechanism"));
      g_clear_pointer (&version, g_free);
      /* Python says "TLSv1.3" */
      version = g_strdup_printf ("TLS %s", json_object_get_string_member (envelope, "tls_version") + 4);
      g_assert_true (g_str_has_prefix (outbox_property_row_get_subtitle (result_child ("tls_row")), version));

      gui_test_screenshot_dialog (background, GTK_WIDGET (test_view ()), name);
      g_clear_pointer (&background, cairo_surface_destroy);
      check_transcript ();
      close_view ();
      close_window (f);
    }
  record_longest_gap ();
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("auth-535", NULL);
  g_autofree char *plain = plain_credentials ();
  g_autofree char *received = NULL;
  cairo_surface_t *background = NULL;
  int widths[] = { 1024, 360 };

  write_account (f, outbox_test_server_get_port (server, "port"), "starttls", 30);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *name = g_strdup_printf ("test-failure-%dx700", widths[i]);

      open_account (f, widths[i]);
      background = gui_test_render (GTK_WIDGET (f->window));
      run_from_button (f);

      g_assert_cmpstr (view_page (), ==, "failure");
      g_assert_cmpstr (view_label ("failure_title"), ==, "Wrong username or password");
      g_assert_nonnull (strstr (view_label ("failure_explanation"), USER));
      g_assert_nonnull (strstr (view_label ("reply_label"), "535"));
      assert_step ("connect_row", OUTBOX_TEST_STEP_STATE_DONE);
      assert_step ("secure_row", OUTBOX_TEST_STEP_STATE_DONE);
      assert_step ("sign_in_row", OUTBOX_TEST_STEP_STATE_FAILED);
      assert_step ("send_row", OUTBOX_TEST_STEP_STATE_PENDING);
      g_assert_cmpint (account_state (f), ==, OUTBOX_TEST_STATE_FAILED);

      gui_test_screenshot_dialog (background, GTK_WIDGET (test_view ()), name);
      g_clear_pointer (&background, cairo_surface_destroy);
      check_transcript ();
      close_view ();
      close_window (f);
    }
  record_longest_gap ();

  /* The server did get the password (AUTH PLAIN), so the transcript's
   * silence about it is the redaction at work. */
  received = outbox_test_server_get_received_text (server, 0);
  g_assert_nonnull (strstr (received, plain));
}

/* Cancel during a server that never greets: the test stops at once and
 * says so; the account's state is what it was before. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("no-greeting", NULL);
  gint64 cancelled_at;
  gint64 took;

  write_account (f, outbox_test_server_get_port (server, "port"), "starttls", 60);
  open_account (f, 1024);
  click (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "test_button"));
  WAIT_UNTIL (test_view () != NULL &&
              outbox_test_step_row_get_state (step_row ("connect_row")) ==
                OUTBOX_TEST_STEP_STATE_RUNNING);
  g_assert_cmpint (account_state (f), ==, OUTBOX_TEST_STATE_RUNNING);
  gui_test_wait_ms (500);
  g_assert_true (outbox_test_view_get_running (test_view ()));

  cancelled_at = g_get_monotonic_time ();
  click (view_child ("cancel_button"));
  wait_finished ();
  took = g_get_monotonic_time () - cancelled_at - 100 * 1000;
  g_test_message ("the test stopped %.0f ms after Cancel", took / 1000.0);
  g_assert_cmpint (took, <, gui_test_stall_limit (2 * G_USEC_PER_SEC));

  g_assert_cmpstr (view_page (), ==, "failure");
  g_assert_cmpstr (view_label ("failure_title"), ==, "The test was cancelled");
  g_assert_cmpstr (outbox_test_step_row_get_subtitle (step_row ("connect_row")), ==, "Cancelled");
  g_assert_cmpint (account_state (f), ==, OUTBOX_TEST_STATE_UNTESTED);

  /* Closing the window during a test cancels it too. */
  click (fix_button ("retry"));
  WAIT_UNTIL (outbox_test_view_get_running (test_view ()));
  close_view ();
  g_assert_cmpint (account_state (f), ==, OUTBOX_TEST_STATE_UNTESTED);
}

/* Ctrl+Return is a shortcut of the editor that the window handles wherever
 * the focus is (scope "managed"); it runs the same test as the button. */
static void
test_shortcut (Fixture       *f,
               gconstpointer  data)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD, .require_auth = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(GListModel) controllers = NULL;
  GtkShortcut *found = NULL;

  write_account (f, outbox_test_server_get_port (server, "starttls"), "starttls", 30);
  open_account (f, 1024);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (editor (f)));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && found == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (strstr (trigger, "<Control>Return") != NULL)
            {
              g_assert_cmpint (gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)),
                               ==, GTK_SHORTCUT_SCOPE_MANAGED);
              found = shortcut;
              break;
            }
        }
    }
  g_assert_nonnull (found);

  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (found), 0,
                                               GTK_WIDGET (editor (f)), NULL));
  wait_finished ();
  g_assert_cmpstr (view_page (), ==, "success");
  g_assert_true (outbox_test_server_wait_messages (server, 1, 5000));
}

/* What was typed a moment ago, before the pause that saves it, is what
 * the test uses, and it is saved first: a port corrected and a password
 * typed, then the button at once. */
static void
test_pending_edits (Fixture       *f,
                    gconstpointer  data)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD, .require_auth = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  guint port = outbox_test_server_get_port (server, "starttls");
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr(OutboxAccount) account = outbox_account_new_with_id (ID_INVOICES);
  g_autoptr(JsonObject) saved = NULL;

  /* The file has another port, the keyring another password. */
  write_account (f, port == 65535 ? 65534 : port + 1, "starttls", 30);
  outbox_account_set_name (account, "Τιμολόγια");
  g_assert_true (gui_test_store_password (outbox_application_get_secrets (f->app), account,
                                          "an old password"));
  open_account (f, 1024);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (row (f, "password_row")), "an old password") == 0);

  gtk_editable_set_text (row (f, "port_row"), port_text);
  gtk_editable_set_text (row (f, "password_row"), PASSWORD);
  run_from_button (f);

  g_assert_cmpstr (view_page (), ==, "success");
  saved = gui_test_find_account ("Τιμολόγια");
  g_assert_cmpint (json_object_get_int_member (saved, "port"), ==, port);
  WAIT_UNTIL (keyring_has (f, PASSWORD));
  record_longest_gap ();
}

/* A field the form refused: no test, and the form says what to do. */
static void
test_invalid_fields (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *hint;

  write_account (f, 2525, "starttls", 30);
  open_account (f, 360);
  gtk_editable_set_text (row (f, "port_row"), "99999");
  click (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "test_button"));
  gui_test_wait_ms (200);

  hint = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "test_hint");
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, "Correct the marked fields first");
  g_assert_true (shows_error (f, "port"));
  g_assert_null (test_view ());
  scroll_editor_to_end (f);
  gui_test_screenshot (GTK_WIDGET (f->window), "test-refused-360x700");

  gtk_editable_set_text (row (f, "port_row"), "2526");
  WAIT_UNTIL (!gtk_widget_get_visible (hint));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gui_test_view_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/Outbox/TestView/" path, Fixture, NULL, \
                                    fixture_setup, func, fixture_teardown)
  ADD ("success", test_success);
  ADD ("wrong-password", test_wrong_password);
  ADD ("cancel", test_cancel);
  ADD ("shortcut", test_shortcut);
  ADD ("pending-edits", test_pending_edits);
  ADD ("invalid-fields", test_invalid_fields);
#undef ADD

  return g_test_run ();
}
