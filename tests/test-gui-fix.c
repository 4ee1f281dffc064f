/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test view's suggested fixes in the real window under Xvfb, against
 * real servers on 127.0.0.1: a security fix that changes the account and
 * passes, a certificate trusted by its fingerprint after a confirmation,
 * a password sent unencrypted after a confirmation. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-view-util.h"
#include "outbox-property-row.h"

/* No encryption on purpose: the password is sent in the clear only after
 * the user confirms it, and only for this view. */
static void
test_plaintext (Fixture       *f,
                gconstpointer  data)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD, .require_auth = TRUE,
                                    .plain_auth = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  AdwMessageDialog *dialog;

  write_account (f, outbox_test_server_get_port (server, "plain"), "none", 30);
  open_account (f, 1024);
  run_from_button (f);

  g_assert_cmpstr (view_page (), ==, "failure");
  g_assert_cmpstr (view_label ("failure_title"), ==, "Your password would travel unencrypted");
  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 0);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* Cancelling the question changes nothing. */
  click (result_child ("plaintext_button"));
  WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  click (dialog_button (dialog, "_Cancel"));
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_false (outbox_test_view_get_running (test_view ()));
  g_assert_cmpstr (view_page (), ==, "failure");

  click (result_child ("plaintext_button"));
  WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  click (dialog_button (dialog, "_Send Unencrypted"));
  wait_finished ();
  g_assert_cmpstr (view_page (), ==, "success");
  g_assert_true (outbox_test_server_wait_messages (server, 1, 5000));
  messages = outbox_test_server_list_messages (server);
  envelope = outbox_test_spool_read_envelope (g_ptr_array_index (messages, 0));
  g_assert_cmpstr (json_object_get_string_member (envelope, "login"), ==, USER);
  g_assert_cmpstr (outbox_property_row_get_subtitle (result_child ("tls_row")), ==,
                   "None: the connection was not encrypted");
  assert_step ("secure_row", OUTBOX_TEST_STEP_STATE_SKIPPED);
  check_transcript ();

  /* The choice lasts as long as the view: a new one asks again. */
  close_view ();
  run_from_button (f);
  g_assert_cmpstr (view_label ("failure_title"), ==, "Your password would travel unencrypted");
  record_longest_gap ();
}

/* SSL/TLS on a port that starts in plain text: the diagnosis offers
 * STARTTLS on the same port, which a click applies; the test then passes. */
static void
test_fix (Fixture       *f,
          gconstpointer  data)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD, .require_auth = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  guint port = outbox_test_server_get_port (server, "starttls");
  g_autofree char *fix_id = g_strdup_printf ("security=starttls,port=%u", port);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *ids = NULL;
  g_autoptr(JsonObject) saved = NULL;

  write_account (f, port, "tls", 30);
  open_account (f, 1024);
  run_from_button (f);

  g_assert_cmpstr (view_page (), ==, "failure");
  g_assert_cmpstr (view_label ("failure_title"), ==, "This port starts without encryption");
  assert_step ("secure_row", OUTBOX_TEST_STEP_STATE_FAILED);
  ids = fix_ids ();
  g_test_message ("fixes offered: %s", ids);
  g_assert_nonnull (fix_button (fix_id));

  click_and_wait (fix_button (fix_id));

  /* The account changed in the file and in the form, and now works. */
  WAIT_UNTIL (gui_test_file_contains ("\"starttls\""));
  saved = gui_test_find_account ("Τιμολόγια");
  g_assert_cmpstr (json_object_get_string_member (saved, "security"), ==, "starttls");
  g_assert_cmpint (json_object_get_int_member (saved, "port"), ==, port);
  g_assert_cmpuint (adw_combo_row_get_selected (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR,
                                                       "security_row")),
                    ==, OUTBOX_SECURITY_STARTTLS);
  g_assert_cmpstr (gtk_editable_get_text (row (f, "port_row")), ==, port_text);
  /* Seen twice under ASan at load 10 (a 535 on this run), never since:
   * say what the view said before failing. */
  if (g_strcmp0 (view_page (), "success") != 0)
    g_test_message ("the test after the fix: %s — %s — %s", view_label ("failure_title"),
                    view_label ("failure_explanation"), view_label ("reply_label"));
  g_assert_cmpstr (view_page (), ==, "success");
  g_assert_true (outbox_test_server_wait_messages (server, 1, 5000));
  g_assert_cmpint (account_state (f), ==, OUTBOX_TEST_STATE_PASSED);
  record_longest_gap ();
}

/* A certificate no authority vouches for: "Trust this certificate…" shows
 * it; only an explicit confirmation pins its fingerprint. */
static void
test_trust_certificate (Fixture       *f,
                        gconstpointer  data)
{
  OutboxTestFaultOptions options = { .cert = "self-signed" };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", &options);
  g_autofree char *fingerprint = outbox_test_cert_fingerprint ("self-signed");
  g_autoptr(JsonObject) saved = NULL;
  OutboxCertificateDialog *dialog;
  cairo_surface_t *background;
  GtkWidget *trust;
  const char *shown;

  write_account (f, outbox_test_server_get_port (server, "port"), "starttls", 30);
  open_account (f, 360);
  background = gui_test_render (GTK_WIDGET (f->window));
  run_from_button (f);

  g_assert_cmpstr (view_page (), ==, "failure");
  g_assert_cmpstr (view_label ("failure_title"), ==, "The server’s certificate is not trusted");
  click (fix_button ("pin="));
  WAIT_UNTIL ((dialog = find_toplevel (OUTBOX_TYPE_CERTIFICATE_DIALOG)) != NULL);
  gui_test_wait_ms (200);
  gui_test_screenshot_dialog (background, GTK_WIDGET (dialog), "certificate-360x700");
  cairo_surface_destroy (background);

  /* The fingerprint shown is the certificate's, as pairs of hex digits. */
  shown = adw_action_row_get_subtitle (CHILD (dialog, OUTBOX_TYPE_CERTIFICATE_DIALOG,
                                              "fingerprint_row"));
  g_assert_cmpuint (strlen (shown), ==, 64 + 31);
  for (guint i = 0, j = 0; shown[i]; i++)
    if (shown[i] != ':')
      g_assert_cmpint (g_ascii_tolower (shown[i]), ==, fingerprint[j++]);

  /* Not without the confirmation. */
  trust = CHILD (dialog, OUTBOX_TYPE_CERTIFICATE_DIALOG, "trust_button");
  g_assert_false (gtk_widget_is_sensitive (trust));
  g_signal_emit_by_name (trust, "clicked");
  gui_test_wait_ms (300);
  g_assert_false (gui_test_file_contains (fingerprint));

  gtk_check_button_set_active (CHILD (dialog, OUTBOX_TYPE_CERTIFICATE_DIALOG, "confirm_check"),
                               TRUE);
  click (trust);
  WAIT_UNTIL (find_toplevel (OUTBOX_TYPE_CERTIFICATE_DIALOG) == NULL);
  wait_finished ();
  WAIT_UNTIL (gui_test_file_contains (fingerprint));
  saved = gui_test_find_account ("Τιμολόγια");
  g_assert_cmpstr (json_object_get_string_member (saved, "pinned_certificate_sha256"), ==,
                   fingerprint);
  g_assert_cmpstr (view_page (), ==, "success");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gui_test_view_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/Outbox/TestView/" path, Fixture, NULL, \
                                    fixture_setup, func, fixture_teardown)
  ADD ("plaintext-confirmed", test_plaintext);
  ADD ("fix-security", test_fix);
  ADD ("trust-certificate", test_trust_certificate);
#undef ADD

  return g_test_run ();
}
