/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fewest round trips: what the client writes at once, read back from
 * the scripted server's log, where every "recv" is one read. Commands that
 * leave in one write arrive in one read; every read but the last one costs a
 * round trip. Each test also shows the fallback when the server does not
 * offer the extension. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox.h"
#include "outbox-smtp-auth-private.h"
#include "smtp-test-util.h"

/* The reads of the first connection, each as a string. */
static GPtrArray *
received_chunks (OutboxTestServer *server)
{
  g_autofree char *all = smtp_server_received_when_closed (server, NULL);
  g_autoptr(GPtrArray) chunks = outbox_test_server_get_received (server, 1);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < chunks->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (chunks, i), &len);

      g_ptr_array_add (texts, g_strndup (data, len));
    }
  return texts;
}

static void
dump_chunks (GPtrArray *chunks)
{
  for (guint i = 0; i < chunks->len; i++)
    {
      g_autofree char *escaped = g_strescape (g_ptr_array_index (chunks, i), NULL);
      g_test_message ("read %u: %.200s", i + 1, escaped);
    }
}

static const char *
chunk (GPtrArray *chunks,
       guint      i)
{
  return g_ptr_array_index (chunks, i);
}

static SmtpRun *
run_plain (OutboxTestServer *server)
{
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_NONE);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, NULL);

  return smtp_test_run (session, NULL, -1);
}

/* CHUNKING and PIPELINING: MAIL, RCPT and the whole message as BDAT LAST in
 * one write; then QUIT, whose reply is not waited for. Three writes: the
 * protocol's minimum (2.5 round trips with the greeting). */
static void
test_chunking_pipelined (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("chunking", &options);
  g_autoptr(SmtpRun) run = run_plain (server);
  g_autoptr(GPtrArray) chunks = received_chunks (server);
  g_autofree char *bdat = NULL;
  gsize size = outbox_test_report_get_message_size (run->report);

  smtp_run_assert_success (run);
  dump_chunks (chunks);
  g_assert_cmpuint (chunks->len, ==, 3);
  g_assert_true (g_str_has_prefix (chunk (chunks, 0), "EHLO "));
  bdat = g_strdup_printf ("\r\nBDAT %" G_GSIZE_FORMAT " LAST\r\n", size);
  g_assert_true (g_str_has_prefix (chunk (chunks, 1), "MAIL FROM:<billing@example.gr>"));
  g_assert_nonnull (strstr (chunk (chunks, 1), "\r\nRCPT TO:<billing@example.gr>\r\n"));
  g_assert_nonnull (strstr (chunk (chunks, 1), bdat));
  /* The message follows BDAT as it is: n bytes, no dot-stuffing, no end mark. */
  g_assert_cmpuint (strlen (strstr (chunk (chunks, 1), bdat) + strlen (bdat)), ==, size);
  g_assert_cmpstr (chunk (chunks, 2), ==, "QUIT\r\n");
  g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "BDAT "));
  g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "DATA"));
}

/* CHUNKING without PIPELINING: each command waits for its reply, and BDAT
 * still saves the round trip of DATA's 354. */
static void
test_chunking_not_pipelined (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server =
    outbox_test_fault_server_start ("chunking-no-pipelining", &options);
  g_autoptr(SmtpRun) run = run_plain (server);
  g_autoptr(GPtrArray) chunks = received_chunks (server);

  smtp_run_assert_success (run);
  dump_chunks (chunks);
  g_assert_cmpuint (chunks->len, ==, 5);
  g_assert_true (g_str_has_prefix (chunk (chunks, 1), "MAIL FROM:"));
  g_assert_null (strstr (chunk (chunks, 1), "RCPT"));
  g_assert_true (g_str_has_prefix (chunk (chunks, 2), "RCPT TO:"));
  g_assert_true (g_str_has_prefix (chunk (chunks, 3), "BDAT "));
  g_assert_cmpstr (chunk (chunks, 4), ==, "QUIT\r\n");
}

/* Neither CHUNKING nor PIPELINING: one command a write, DATA and the
 * dot-stuffed message. */
static void
test_no_extensions (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("no-pipelining", &options);
  g_autoptr(SmtpRun) run = run_plain (server);
  g_autoptr(GPtrArray) chunks = received_chunks (server);

  smtp_run_assert_success (run);
  dump_chunks (chunks);
  g_assert_cmpuint (chunks->len, ==, 6);
  g_assert_cmpstr (chunk (chunks, 3), ==, "DATA\r\n");
  g_assert_true (g_str_has_suffix (chunk (chunks, 4), "\r\n.\r\n"));
  g_assert_cmpstr (chunk (chunks, 5), ==, "QUIT\r\n");
  g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "BDAT"));
}

/* PIPELINING without CHUNKING: MAIL, RCPT and DATA together; the message
 * waits for the 354 (RFC 2920). */
static void
test_pipelining_waits_for_354 (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("pipelining", &options);
  g_autoptr(SmtpRun) run = run_plain (server);
  g_autoptr(GPtrArray) chunks = received_chunks (server);

  smtp_run_assert_success (run);
  dump_chunks (chunks);
  g_assert_cmpuint (chunks->len, ==, 4);
  g_assert_true (g_str_has_prefix (chunk (chunks, 1), "MAIL FROM:"));
  g_assert_true (g_str_has_suffix (chunk (chunks, 1), "\r\nDATA\r\n"));
  g_assert_true (g_str_has_suffix (chunk (chunks, 2), "\r\n.\r\n"));
  g_assert_cmpstr (chunk (chunks, 3), ==, "QUIT\r\n");
}

/* A refused recipient is what the test reports, not what the server then
 * said to the pipelined DATA or BDAT. */
static void
test_refused_recipient_pipelined (void)
{
  const char *scenarios[] = { "unknown-user-pipelined", "chunking-unknown-user" };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      OutboxTestFaultOptions options = { .no_tls = TRUE };
      g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start (scenarios[i], &options);
      g_autoptr(SmtpRun) run = run_plain (server);
      g_autoptr(GPtrArray) chunks = received_chunks (server);

      g_test_message ("%s", scenarios[i]);
      smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_SENDING,
                              OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED);
      g_assert_cmpuint (outbox_test_report_get_smtp_code (run->report), ==, 550);
      g_assert_cmpstr (outbox_test_report_get_enhanced_code (run->report), ==, "5.1.1");
      g_assert_nonnull (strstr (run->error->message, "billing@example.gr"));
      /* Both went in one write; the dialogue stayed in step, so QUIT. */
      g_assert_nonnull (strstr (chunk (chunks, 1), "RCPT TO:"));
      g_assert_cmpstr (chunk (chunks, chunks->len - 1), ==, "QUIT\r\n");
    }
}

/* AUTH PLAIN carries its response (RFC 4954 initial response): one write,
 * no 334 in between. Over implicit TLS: greeting, EHLO, AUTH, the mail
 * transaction, QUIT. */
static void
test_auth_initial_response (void)
{
  OutboxTestFaultOptions options = { .implicit_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("chunking", &options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_TLS, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
  g_autoptr(GPtrArray) chunks = received_chunks (server);
  g_autofree char *expected = NULL;
  g_autofree char *plain = NULL;
  gsize len = strlen (SMTP_TEST_USER) + strlen (SMTP_TEST_PASSWORD) + 2;

  smtp_run_assert_success (run);
  dump_chunks (chunks);
  expected = g_malloc0 (len);
  memcpy (expected + 1, SMTP_TEST_USER, strlen (SMTP_TEST_USER));
  memcpy (expected + 2 + strlen (SMTP_TEST_USER), SMTP_TEST_PASSWORD, strlen (SMTP_TEST_PASSWORD));
  plain = g_base64_encode ((const guchar *)expected, len);

  g_assert_cmpuint (chunks->len, ==, 4);
  g_assert_true (g_str_has_prefix (chunk (chunks, 0), "EHLO "));
  {
    g_autofree char *line = g_strdup_printf ("AUTH PLAIN %s\r\n", plain);
    g_assert_cmpstr (chunk (chunks, 1), ==, line);
  }
  g_assert_nonnull (strstr (chunk (chunks, 2), "\r\nBDAT "));
  g_assert_cmpstr (chunk (chunks, 3), ==, "QUIT\r\n");
  g_assert_cmpstr (outbox_test_report_get_auth_mechanism (run->report), ==, "PLAIN");
}

/* QUIT is written and the connection closed: a server that never answers
 * it costs nothing, and the delivered test stays a success. */
static void
test_quit_not_waited (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("quit-hangs", &options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_NONE);
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  GPtrArray *transcript;
  const OutboxTranscriptLine *last;

  outbox_account_set_timeout (account, 20);
  session = smtp_test_session_new (account, NULL);
  run = smtp_test_run (session, NULL, -1);
  chunks = received_chunks (server);

  smtp_run_assert_success (run);
  g_test_message ("%" G_GINT64_FORMAT " ms", run->elapsed_ms);
  g_assert_cmpint (run->elapsed_ms, <, 5000);
  g_assert_cmpstr (chunk (chunks, chunks->len - 1), ==, "QUIT\r\n");
  transcript = outbox_test_report_get_transcript (run->report);
  last = g_ptr_array_index (transcript, transcript->len - 1);
  g_assert_cmpint (last->direction, ==, OUTBOX_TRANSCRIPT_SENT);
  g_assert_cmpstr (last->text, ==, "QUIT");
}

static void
test_mechanism_order (void)
{
  OutboxSaslMechanism order[OUTBOX_SASL_N_MECHANISMS];

  /* Over TLS: PLAIN (one round trip), then CRAM-MD5, LOGIN last. */
  _outbox_sasl_mechanism_order (TRUE, order);
  g_assert_cmpint (order[0], ==, OUTBOX_SASL_PLAIN);
  g_assert_cmpint (order[1], ==, OUTBOX_SASL_CRAM_MD5);
  g_assert_cmpint (order[2], ==, OUTBOX_SASL_LOGIN);
  /* In the clear: CRAM-MD5, which never sends the password. */
  _outbox_sasl_mechanism_order (FALSE, order);
  g_assert_cmpint (order[0], ==, OUTBOX_SASL_CRAM_MD5);
  g_assert_cmpint (order[1], ==, OUTBOX_SASL_PLAIN);
  g_assert_cmpint (order[2], ==, OUTBOX_SASL_LOGIN);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/SmtpRoundTrips/chunking/pipelined", test_chunking_pipelined);
  g_test_add_func ("/Outbox/SmtpRoundTrips/chunking/not-pipelined", test_chunking_not_pipelined);
  g_test_add_func ("/Outbox/SmtpRoundTrips/fallback/no-extensions", test_no_extensions);
  g_test_add_func ("/Outbox/SmtpRoundTrips/pipelining/waits-for-354",
                   test_pipelining_waits_for_354);
  g_test_add_func ("/Outbox/SmtpRoundTrips/pipelining/refused-recipient",
                   test_refused_recipient_pipelined);
  g_test_add_func ("/Outbox/SmtpRoundTrips/auth/initial-response", test_auth_initial_response);
  g_test_add_func ("/Outbox/SmtpRoundTrips/auth/order", test_mechanism_order);
  g_test_add_func ("/Outbox/SmtpRoundTrips/quit/not-waited", test_quit_not_waited);

  return g_test_run ();
}
