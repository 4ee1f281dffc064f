/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An accounts file edited by hand may hold settings the editor and
 * outboxctl never let through: a line break in an address, a server name
 * with spaces, port 0. The engine checks the account before it looks
 * anything up: the test fails at the first step, with an error that names
 * the field, a diagnosis that explains it, and not one byte sent. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "smtp-test-util.h"

#define ACCOUNT_ID "6f1c2b1e-0d6e-4c1a-9a55-3c2f7d1e8a01"

typedef struct
{
  const char *name;
  const char *member;      /* the key in accounts.json */
  const char *text;        /* its hand-edited value, or NULL for a number */
  gint64      number;
  const char *label;       /* the field the error names */
} Case;

static const Case cases[] = {
  { "sender-address-crlf", "sender_address", "billing@example.gr\r\nRCPT TO:<x@example.org>", 0,
    "Sender address" },
  { "sender-address-lf", "sender_address", "billing@example.gr\nRSET", 0, "Sender address" },
  { "sender-address-two", "sender_address", "billing@example.gr, x@example.org", 0,
    "Sender address" },
  { "sender-name-crlf", "sender_name", "Λογιστήριο\r\nBcc: x@example.org", 0, "Sender name" },
  { "reply-to-lf", "reply_to", "replies@example.gr\nBcc: x@example.org", 0,
    "Reply-To address" },
  { "host-space", "host", "127.0.0.1 x", 0, "Outgoing server" },
  { "host-crlf", "host", "127.0.0.1\r\nEHLO x", 0, "Outgoing server" },
  { "host-empty", "host", "", 0, "Outgoing server" },
  { "port-zero", "port", NULL, 0, "Port" },
  { "port-too-big", "port", NULL, 70000, "Port" },
  { "username-crlf", "username", "billing@example.gr\r\nQUIT", 0, "User name" },
  { "pin-not-hex", "pinned_certificate_sha256", "zz:pin:zz", 0, "Pinned certificate" },
  { "name-empty", "name", "   ", 0, "Account name" },
};

/* Writes the accounts file as a person with an editor would leave it,
 * then loads it the way the window and outboxctl do. */
static OutboxAccount *
load_edited_account (guint       port,
                     const char *member,
                     const char *text,
                     gint64      number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GFile) file = outbox_account_store_get_default_file ();
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *account;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  account = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "accounts"), 0);
  json_object_set_string_member (account, "id", ACCOUNT_ID);
  json_object_set_string_member (account, "name", SMTP_TEST_ACCOUNT_NAME);
  json_object_set_string_member (account, "sender_name", SMTP_TEST_SENDER_NAME);
  json_object_set_string_member (account, "sender_address", "billing@example.gr");
  json_object_set_string_member (account, "reply_to", "replies@example.gr");
  json_object_set_string_member (account, "host", "127.0.0.1");
  json_object_set_int_member (account, "port", port);
  json_object_set_string_member (account, "security", "none");
  json_object_set_int_member (account, "timeout", 10);
  json_object_set_string_member (account, "auth", "password");
  json_object_set_string_member (account, "username", SMTP_TEST_USER);
  if (member && text)
    json_object_set_string_member (account, member, text);
  else if (member)
    json_object_set_int_member (account, member, number);

  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_assert_no_errno (g_mkdir_with_parents (g_file_peek_path (dir), 0700));
  g_assert_true (g_file_set_contents (g_file_peek_path (file), json, -1, &error));
  g_assert_no_error (error);

  store = outbox_account_store_new (file);
  g_assert_true (outbox_account_store_load (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  return g_list_model_get_item (G_LIST_MODEL (store), 0);
}

static SmtpRun *
run_test (OutboxAccount *account,
          gboolean       probe)
{
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);

  outbox_smtp_session_set_allow_plaintext_password (session, TRUE);
  outbox_smtp_session_set_probe_only (session, probe);
  return smtp_test_run (session, NULL, -1);
}

/* How many connections the fault server accepted, by its log. */
static guint
connections (OutboxTestServer *server)
{
  g_autoptr(GPtrArray) log = outbox_test_server_read_log (server);
  guint n = 0;

  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (log, i), "event"),
                     "accept"))
      n++;
  return n;
}

/* Parts of the edited values above. */
static const char * const injected[] = {
  "example.gr", "example.org", "127.0.0.1", "RCPT", "RSET", "EHLO", "QUIT", "Bcc", "zz",
};

static void
assert_refused_before_anything (SmtpRun          *run,
                                OutboxTestServer *server,
                                const char       *label)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", label);
  GPtrArray *transcript = outbox_test_report_get_transcript (run->report);

  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_ERROR_INVALID_SETTINGS);
  /* No step after the first one began. */
  g_assert_cmpuint (run->steps->len, ==, 1);
  g_assert_cmpint (g_array_index (run->steps, OutboxSmtpStep, 0), ==, OUTBOX_SMTP_STEP_RESOLVING);
  g_assert_nonnull (strstr (run->error->message, quoted));
  /* The message names the field but never repeats the broken value. */
  g_assert_null (strchr (run->error->message, '\n'));
  g_assert_null (strchr (run->error->message, '\r'));
  for (guint i = 0; i < G_N_ELEMENTS (injected); i++)
    g_assert_null (strstr (run->error->message, injected[i]));

  /* Nothing went out: no command in the transcript, no connection. */
  for (guint i = 0; i < transcript->len; i++)
    {
      OutboxTranscriptLine *line = g_ptr_array_index (transcript, i);
      g_assert_cmpint (line->direction, ==, OUTBOX_TRANSCRIPT_NOTE);
    }
  g_usleep (200 * 1000);
  g_assert_cmpuint (connections (server), ==, 0);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", &options);
  g_autoptr(OutboxAccount) account =
    load_edited_account (outbox_test_server_get_port (server, "port"), c->member, c->text,
                         c->number);
  g_autoptr(SmtpRun) run = run_test (account, FALSE);
  g_autoptr(OutboxDiagnosis) diagnosis = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”", c->label);

  assert_refused_before_anything (run, server, c->label);

  diagnosis = outbox_test_report_diagnose (run->report, account);
  g_assert_cmpstr (outbox_diagnosis_get_id (diagnosis), ==, "invalid-settings");
  g_assert_nonnull (strstr (outbox_diagnosis_get_explanation (diagnosis), quoted));
  g_assert_nonnull (strstr (outbox_diagnosis_get_explanation (diagnosis), "sent nothing"));
}

/* The same server and account, unedited, does get the message: the cases
 * above fail for the setting, not for the server. */
static void
test_valid_account_connects (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", &options);
  g_autoptr(OutboxAccount) account =
    load_edited_account (outbox_test_server_get_port (server, "port"), NULL, NULL, 0);
  g_autoptr(SmtpRun) run = run_test (account, FALSE);
  g_autofree char *received = smtp_server_received_when_closed (server, NULL);

  smtp_run_assert_success (run);
  g_assert_cmpuint (connections (server), ==, 1);
  g_assert_nonnull (strstr (received, "MAIL FROM:<billing@example.gr>"));
}

/* A probe (provider detection) sends no mail: a broken sender address does
 * not stop it, a broken server name does. */
static void
test_probe (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", &options);
  guint port = outbox_test_server_get_port (server, "port");
  g_autoptr(OutboxAccount) bad_sender =
    load_edited_account (port, "sender_address", "billing@example.gr\r\nRSET", 0);
  g_autoptr(SmtpRun) run = run_test (bad_sender, TRUE);
  g_autoptr(OutboxAccount) bad_host = NULL;
  g_autoptr(SmtpRun) run2 = NULL;

  g_assert_false (g_error_matches (run->error, OUTBOX_SMTP_ERROR,
                                   OUTBOX_SMTP_ERROR_INVALID_SETTINGS));
  g_assert_cmpuint (connections (server), ==, 1);
  outbox_test_server_stop (g_steal_pointer (&server));

  server = outbox_test_fault_server_start ("success", &options);
  bad_host = load_edited_account (outbox_test_server_get_port (server, "port"), "host",
                                  "127.0.0.1\nx", 0);
  run2 = run_test (bad_host, TRUE);
  assert_refused_before_anything (run2, server, "Outgoing server");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/invalid-settings/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/invalid-settings/valid-account-connects", test_valid_account_connects);
  g_test_add_func ("/invalid-settings/probe", test_probe);
  return g_test_run ();
}
