/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSmtpSession against real servers on 127.0.0.1: sending in all
 * three security modes, signing in, the STARTTLS rules, certificates,
 * extensions. Faults, limits, timing and cancellation: test-smtp-faults.c. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "smtp-test-util.h"

/* The text with CRLF line endings turned into LF, to compare lines. */
static char *
lf_only (char *text)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "\r\n", "\n", 0);
  g_free (text);
  return g_string_free (out, FALSE);
}

static void
assert_steps (SmtpRun              *run,
              const OutboxSmtpStep *expected,
              guint                 n_expected)
{
  g_assert_cmpuint (run->steps->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr (outbox_smtp_step_to_string (g_array_index (run->steps, OutboxSmtpStep, i)),
                     ==, outbox_smtp_step_to_string (expected[i]));
  /* Every step that ran has a duration; the others have none. */
  for (OutboxSmtpStep step = 0; step < OUTBOX_SMTP_STEP_DONE; step++)
    {
      gboolean ran = FALSE;
      for (guint i = 0; i < n_expected; i++)
        ran |= expected[i] == step;
      if (ran)
        g_assert_cmpint (outbox_test_report_get_step_duration (run->report, step), >=, 0);
      else
        g_assert_cmpint (outbox_test_report_get_step_duration (run->report, step), ==, -1);
    }
}

/* Only CRLF: no bare LF, no bare CR. */
static void
assert_crlf_only (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\n')
        g_assert_true (i > 0 && data[i - 1] == '\r');
      if (data[i] == '\r')
        g_assert_true (i + 1 < len && data[i + 1] == '\n');
    }
}

/* The message as the server stored it: headers decoded, the Greek name
 * intact, the dot-stuffed line restored, Reply-To present. */
static void
check_received_message (OutboxTestServer *server,
                        const char       *recipient,
                        const char       *login)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject_expected = NULL;
  g_autofree char *headers = NULL;
  InternetAddressList *list;
  InternetAddress *address;
  GMimeObject *part;
  const char *raw_data;
  const char *end_of_headers;

  g_assert_true (outbox_test_server_wait_messages (server, 1, 5000));
  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 1);

  raw = outbox_test_spool_read_raw (g_ptr_array_index (messages, 0));
  assert_crlf_only (raw);
  raw_data = g_bytes_get_data (raw, NULL);
  end_of_headers = strstr (raw_data, "\r\n\r\n");
  g_assert_nonnull (end_of_headers);
  headers = g_strndup (raw_data, (gsize)(end_of_headers - raw_data));
  /* RFC 2047: the header section itself is plain ASCII. */
  for (const char *p = headers; *p; p++)
    g_assert_cmpint ((guchar)*p, <, 0x80);
  g_assert_nonnull (strstr (headers, "=?"));

  message = outbox_test_spool_parse (g_ptr_array_index (messages, 0));
  list = g_mime_message_get_from (message);
  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  address = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_get_name (address), ==, SMTP_TEST_SENDER_NAME);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "billing@example.gr");

  list = g_mime_message_get_to (message);
  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  address = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   recipient);

  list = g_mime_message_get_reply_to (message);
  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  address = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "replies@example.gr");

  subject_expected = g_strdup_printf ("Outbox test message for “%s”", SMTP_TEST_ACCOUNT_NAME);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, subject_expected);
  g_assert_nonnull (g_mime_message_get_date (message));
  g_assert_nonnull (g_mime_message_get_message_id (message));
  g_assert_true (g_str_has_suffix (g_mime_message_get_message_id (message), "@example.gr"));

  part = g_mime_message_get_mime_part (message);
  g_assert_true (GMIME_IS_TEXT_PART (part));
  body = lf_only (g_mime_text_part_get_text (GMIME_TEXT_PART (part)));
  g_assert_nonnull (strstr (body, "\n.This line starts with a dot.\n"));
  g_assert_null (strstr (body, "..This line"));
  g_assert_nonnull (strstr (body, "Ελληνικά · Lietuvių · Eesti"));
  g_assert_nonnull (strstr (body, "Server: 127.0.0.1"));
  if (login)
    {
      g_autofree char *line = g_strdup_printf ("Login: %s", login);
      g_assert_nonnull (strstr (body, line));
    }
  g_assert_null (strstr (body, SMTP_TEST_PASSWORD));
}

static JsonObject *
only_envelope (OutboxTestServer *server)
{
  g_autoptr(GPtrArray) messages = outbox_test_server_list_messages (server);

  g_assert_cmpuint (messages->len, ==, 1);
  return outbox_test_spool_read_envelope (g_ptr_array_index (messages, 0));
}

static void
assert_capabilities_of_aiosmtpd (SmtpRun *run)
{
  OutboxSmtpCapabilities caps = outbox_test_report_get_capabilities (run->report);

  g_assert_true (outbox_test_report_get_capabilities_known (run->report));
  g_assert_true (caps & OUTBOX_SMTP_CAPABILITY_SIZE);
  g_assert_true (caps & OUTBOX_SMTP_CAPABILITY_8BITMIME);
  g_assert_true (caps & OUTBOX_SMTP_CAPABILITY_SMTPUTF8);
  g_assert_true (caps & OUTBOX_SMTP_CAPABILITY_PIPELINING);
  g_assert_cmpuint (outbox_test_report_get_size_limit (run->report), ==, 33554432);
}

static void
test_send_plain (void)
{
  OutboxTestSmtpOptions options = { .user = SMTP_TEST_USER, .password = SMTP_TEST_PASSWORD };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "plain"),
                           OUTBOX_AUTH_NONE);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, NULL);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
  g_autoptr(JsonObject) envelope = NULL;
  static const OutboxSmtpStep steps[] = {
    OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_STEP_CONNECTING, OUTBOX_SMTP_STEP_GREETING,
    OUTBOX_SMTP_STEP_SENDING, OUTBOX_SMTP_STEP_DONE,
  };

  smtp_run_assert_success (run);
  assert_steps (run, steps, G_N_ELEMENTS (steps));
  assert_capabilities_of_aiosmtpd (run);
  g_assert_null (outbox_test_report_get_tls_protocol (run->report));
  g_assert_null (outbox_test_report_get_certificate (run->report));
  g_assert_null (outbox_test_report_get_auth_mechanism (run->report));

  check_received_message (server, "billing@example.gr", NULL);
  envelope = only_envelope (server);
  g_assert_cmpstr (json_object_get_string_member (envelope, "helo"), ==, "[127.0.0.1]");
  g_assert_false (json_object_get_boolean_member (envelope, "tls"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "mail_from"), ==, "billing@example.gr");
}

static void
test_send_plain_password_allowed (void)
{
  OutboxTestSmtpOptions options = {
    .user = SMTP_TEST_USER, .password = SMTP_TEST_PASSWORD, .plain_auth = TRUE,
  };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "plain"),
                           OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(JsonObject) envelope = NULL;

  outbox_smtp_session_set_allow_plaintext_password (session, TRUE);
  run = smtp_test_run (session, NULL, -1);
  smtp_run_assert_success (run);
  check_received_message (server, "billing@example.gr", SMTP_TEST_USER);
  envelope = only_envelope (server);
  g_assert_cmpstr (json_object_get_string_member (envelope, "auth_mechanism"), ==, "CRAM-MD5");
  g_assert_cmpstr (json_object_get_string_member (envelope, "login"), ==, SMTP_TEST_USER);
}

static void
test_send_starttls (void)
{
  OutboxTestSmtpOptions options = { .user = SMTP_TEST_USER, .password = SMTP_TEST_PASSWORD };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_STARTTLS,
                           outbox_test_server_get_port (server, "starttls"), OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
  g_autoptr(JsonObject) envelope = NULL;
  g_autofree char *fingerprint = outbox_test_cert_fingerprint ("server");
  OutboxCertificateInfo *certificate;
  const char * const *names;
  const char * const *mechanisms;
  GPtrArray *transcript;
  guint ehlos = 0;
  static const OutboxSmtpStep steps[] = {
    OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_STEP_CONNECTING, OUTBOX_SMTP_STEP_GREETING,
    OUTBOX_SMTP_STEP_SECURING, OUTBOX_SMTP_STEP_AUTHENTICATING, OUTBOX_SMTP_STEP_SENDING,
    OUTBOX_SMTP_STEP_DONE,
  };

  smtp_run_assert_success (run);
  assert_steps (run, steps, G_N_ELEMENTS (steps));
  assert_capabilities_of_aiosmtpd (run);
  /* STARTTLS was offered before TLS; the report keeps that. */
  g_assert_true (outbox_test_report_get_capabilities (run->report) &
                 OUTBOX_SMTP_CAPABILITY_STARTTLS);
  mechanisms = outbox_test_report_get_auth_mechanisms (run->report);
  g_assert_true (g_strv_contains (mechanisms, "PLAIN"));
  g_assert_true (g_strv_contains (mechanisms, "LOGIN"));
  g_assert_true (g_strv_contains (mechanisms, "CRAM-MD5"));
  /* Over TLS, PLAIN with its initial response: one round trip, where
   * CRAM-MD5 would take two. */
  g_assert_cmpstr (outbox_test_report_get_auth_mechanism (run->report), ==, "PLAIN");

  g_assert_nonnull (outbox_test_report_get_tls_protocol (run->report));
  g_assert_true (g_str_has_prefix (outbox_test_report_get_tls_protocol (run->report), "TLS 1."));
  g_assert_nonnull (outbox_test_report_get_tls_cipher (run->report));
  certificate = outbox_test_report_get_certificate (run->report);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (outbox_certificate_info_get_sha256 (certificate), ==, fingerprint);
  g_assert_cmpint (outbox_certificate_info_get_problems (certificate), ==, 0);
  g_assert_false (outbox_certificate_info_get_pinned (certificate));
  names = outbox_certificate_info_get_host_names (certificate);
  g_assert_true (g_strv_contains (names, "localhost"));
  g_assert_true (g_strv_contains (names, "127.0.0.1"));
  g_assert_cmpstr (outbox_certificate_info_get_subject (certificate), !=, "");
  g_assert_cmpstr (outbox_certificate_info_get_issuer (certificate), !=, "");
  g_assert_cmpint (g_date_time_compare (outbox_certificate_info_get_not_before (certificate),
                                        outbox_certificate_info_get_not_after (certificate)), <, 0);

  /* EHLO again after TLS. */
  transcript = outbox_test_report_get_transcript (run->report);
  for (guint i = 0; i < transcript->len; i++)
    {
      const OutboxTranscriptLine *line = g_ptr_array_index (transcript, i);
      if (line->direction == OUTBOX_TRANSCRIPT_SENT && g_str_has_prefix (line->text, "EHLO "))
        ehlos++;
      if (i > 0)
        g_assert_cmpint (line->offset, >=,
                         ((const OutboxTranscriptLine *)g_ptr_array_index (transcript, i - 1))->offset);
    }
  g_assert_cmpuint (ehlos, ==, 2);

  check_received_message (server, "billing@example.gr", SMTP_TEST_USER);
  envelope = only_envelope (server);
  g_assert_true (json_object_get_boolean_member (envelope, "tls"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "auth_mechanism"), ==, "PLAIN");
  g_assert_cmpstr (json_object_get_string_member (envelope, "helo"), ==, "[127.0.0.1]");
  /* SIZE and 8BITMIME were offered, so MAIL FROM declares both. */
  {
    JsonArray *mail_options = json_object_get_array_member (envelope, "mail_options");
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; i < json_array_get_length (mail_options); i++)
      g_string_append_printf (joined, "%s ", json_array_get_string_element (mail_options, i));
    g_assert_nonnull (strstr (joined->str, "BODY=8BITMIME"));
    g_assert_nonnull (strstr (joined->str, "SIZE="));
  }
}

static void
test_send_tls (void)
{
  OutboxTestSmtpOptions options = { .user = "smtp-login", .password = SMTP_TEST_PASSWORD };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_TLS, outbox_test_server_get_port (server, "tls"),
                           OUTBOX_AUTH_SEPARATE);
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  static const OutboxSmtpStep steps[] = {
    OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_STEP_CONNECTING, OUTBOX_SMTP_STEP_SECURING,
    OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_STEP_AUTHENTICATING, OUTBOX_SMTP_STEP_SENDING,
    OUTBOX_SMTP_STEP_DONE,
  };

  /* The separate SMTP login, not the account's user name. */
  outbox_account_set_smtp_username (account, "smtp-login");
  session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  run = smtp_test_run (session, NULL, -1);
  smtp_run_assert_success (run);
  assert_steps (run, steps, G_N_ELEMENTS (steps));
  g_assert_nonnull (outbox_test_report_get_tls_protocol (run->report));
  g_assert_nonnull (outbox_test_report_get_certificate (run->report));

  check_received_message (server, "billing@example.gr", "smtp-login");
  envelope = only_envelope (server);
  g_assert_true (json_object_get_boolean_member (envelope, "tls"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "port"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (envelope, "login"), ==, "smtp-login");
}

static void
test_send_recipient_override (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (NULL);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "plain"),
                           OUTBOX_AUTH_NONE);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, NULL);
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  JsonArray *rcpts;

  outbox_smtp_session_set_recipient (session, "copy@example.lt");
  run = smtp_test_run (session, NULL, -1);
  smtp_run_assert_success (run);
  g_assert_cmpstr (outbox_test_report_get_recipient (run->report), ==, "copy@example.lt");
  check_received_message (server, "copy@example.lt", NULL);
  envelope = only_envelope (server);
  rcpts = json_object_get_array_member (envelope, "rcpt_tos");
  g_assert_cmpuint (json_array_get_length (rcpts), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (rcpts, 0), ==, "copy@example.lt");
}

/* A non-ASCII mailbox needs SMTPUTF8: used when offered, a clear failure
 * (before anything is sent) when not. */
static void
test_smtputf8 (void)
{
  for (guint offered = 0; offered <= 1; offered++)
    {
      OutboxTestSmtpOptions options = { .no_smtputf8 = !offered };
      g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
      g_autoptr(OutboxAccount) account =
        smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "plain"),
                               OUTBOX_AUTH_NONE);
      g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, NULL);
      g_autoptr(SmtpRun) run = NULL;

      outbox_smtp_session_set_recipient (session, "δοκιμή@example.gr");
      run = smtp_test_run (session, NULL, -1);
      if (offered)
        {
          g_autoptr(JsonObject) envelope = NULL;
          g_autofree char *options_text = NULL;
          g_autoptr(JsonNode) node = NULL;

          smtp_run_assert_success (run);
          g_assert_true (outbox_test_server_wait_messages (server, 1, 5000));
          envelope = only_envelope (server);
          node = json_node_init_array (json_node_alloc (),
                                       json_object_get_array_member (envelope, "mail_options"));
          options_text = json_to_string (node, FALSE);
          g_assert_nonnull (strstr (options_text, "SMTPUTF8"));
          g_assert_cmpstr (json_array_get_string_element (
                             json_object_get_array_member (envelope, "rcpt_tos"), 0), ==,
                           "δοκιμή@example.gr");
        }
      else
        {
          g_autoptr(GPtrArray) messages = NULL;

          smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_SENDING,
                                  OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED);
          g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "MAIL"));
          messages = outbox_test_server_list_messages (server);
          g_assert_cmpuint (messages->len, ==, 0);
        }
    }
}

/* PIPELINING: MAIL, RCPT and DATA leave in one write when offered, one by
 * one otherwise; HELO is never needed with a server that speaks EHLO. */
static void
test_pipelining (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };

  for (guint offered = 0; offered <= 1; offered++)
    {
      g_autoptr(OutboxTestServer) server =
        outbox_test_fault_server_start (offered ? "pipelining" : "no-pipelining", &options);
      g_autoptr(OutboxAccount) account =
        smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "port"),
                               OUTBOX_AUTH_NONE);
      g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, NULL);
      g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
      g_autofree char *received = smtp_server_received_when_closed (server, NULL);
      g_autoptr(GPtrArray) chunks = outbox_test_server_get_received (server, 1);
      gboolean together = FALSE;

      smtp_run_assert_success (run);
      g_assert_null (strstr (received, "HELO"));
      for (guint i = 0; i < chunks->len; i++)
        {
          gsize len;
          const char *data = g_bytes_get_data (g_ptr_array_index (chunks, i), &len);
          g_autofree char *text = g_strndup (data, len);

          if (strstr (text, "MAIL FROM:") && strstr (text, "RCPT TO:") &&
              strstr (text, "\r\nDATA\r\n"))
            together = TRUE;
        }
      g_assert_cmpint (together, ==, offered);
    }
}

/* A server that rejects EHLO gets HELO, and then no extension is used:
 * the body goes quoted-printable without 8BITMIME. */
static void
test_helo_fallback (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("helo-only", &options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_NONE);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, NULL);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
  g_autofree char *received = smtp_server_received_when_closed (server, NULL);
  const char *ehlo;

  smtp_run_assert_success (run);
  g_assert_false (outbox_test_report_get_capabilities_known (run->report));
  g_assert_cmpint (outbox_test_report_get_capabilities (run->report), ==, 0);
  ehlo = strstr (received, "EHLO [127.0.0.1]\r\n");
  g_assert_nonnull (ehlo);
  g_assert_nonnull (strstr (ehlo, "HELO [127.0.0.1]\r\n"));
  g_assert_nonnull (strstr (received, "MAIL FROM:<billing@example.gr>\r\n"));
  g_assert_nonnull (strstr (received, "Content-Transfer-Encoding: quoted-printable"));
  for (const char *p = received; *p; p++)
    g_assert_cmpint ((guchar)*p, <, 0x80);
}

static void
test_report_json (void)
{
  OutboxTestSmtpOptions options = { .user = SMTP_TEST_USER, .password = "another password" };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_STARTTLS,
                           outbox_test_server_get_port (server, "starttls"), OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
  g_autoptr(JsonNode) node = outbox_test_report_to_json (run->report, TRUE);
  g_autofree char *fingerprint = outbox_test_cert_fingerprint ("server");
  JsonObject *root, *object;
  JsonArray *transcript;
  gboolean redacted = FALSE;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "account"), ==, SMTP_TEST_ACCOUNT_NAME);
  g_assert_cmpstr (json_object_get_string_member (root, "security"), ==, "starttls");
  g_assert_false (json_object_get_boolean_member (root, "success"));
  g_assert_cmpstr (json_object_get_string_member (root, "failed_step"), ==, "authenticating");
  object = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "auth-failed");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, run->error->message);
  object = json_object_get_object_member (root, "reply");
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 535);
  g_assert_cmpstr (json_object_get_string_member (object, "enhanced_code"), ==, "5.7.8");
  object = json_object_get_object_member (root, "capabilities");
  g_assert_true (json_object_get_boolean_member (object, "known"));
  g_assert_true (json_object_get_boolean_member (object, "starttls"));
  g_assert_true (json_object_get_boolean_member (object, "8bitmime"));
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, 33554432);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "auth")), ==, 3);
  object = json_object_get_object_member (root, "tls");
  g_assert_nonnull (json_object_get_string_member (object, "protocol"));
  object = json_object_get_object_member (root, "certificate");
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), ==, fingerprint);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "problems")), ==, 0);
  object = json_object_get_object_member (root, "timings");
  g_assert_true (json_object_has_member (object, "connecting"));
  g_assert_true (json_object_has_member (object, "authenticating"));
  g_assert_false (json_object_has_member (object, "sending"));
  transcript = json_object_get_array_member (root, "transcript");
  g_assert_cmpuint (json_array_get_length (transcript), >, 5);
  for (guint i = 0; i < json_array_get_length (transcript); i++)
    {
      JsonObject *line = json_array_get_object_element (transcript, i);
      const char *direction = json_object_get_string_member (line, "direction");
      g_assert_true (g_str_equal (direction, "sent") || g_str_equal (direction, "received") ||
                     g_str_equal (direction, "note"));
      g_assert_cmpfloat (json_object_get_double_member (line, "time"), >=, 0);
      if (g_str_equal (direction, "sent") &&
          g_str_equal (json_object_get_string_member (line, "text"), "AUTH PLAIN [redacted]"))
        redacted = TRUE;
    }
  /* The initial response of AUTH PLAIN is redacted. */
  g_assert_true (redacted);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/SmtpSession/send/plain", test_send_plain);
  g_test_add_func ("/Outbox/SmtpSession/send/plain-password-allowed",
                   test_send_plain_password_allowed);
  g_test_add_func ("/Outbox/SmtpSession/send/starttls", test_send_starttls);
  g_test_add_func ("/Outbox/SmtpSession/send/tls", test_send_tls);
  g_test_add_func ("/Outbox/SmtpSession/send/recipient-override", test_send_recipient_override);
  g_test_add_func ("/Outbox/SmtpSession/send/smtputf8", test_smtputf8);
  g_test_add_func ("/Outbox/SmtpSession/extensions/pipelining", test_pipelining);
  g_test_add_func ("/Outbox/SmtpSession/extensions/helo-fallback", test_helo_fallback);
  g_test_add_func ("/Outbox/SmtpSession/report/json", test_report_json);

  return g_test_run ();
}
