/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSmtpSession against servers that misbehave: every fault ends in
 * the right step with the right error, within the time allowed; cancel
 * works at every step; and no password leaks into anything it produces. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "smtp-test-util.h"

/* Machines under load (or AddressSanitizer) are slow; the deadline itself
 * is the account's timeout plus 0.75 s. */
#define MACHINE_MARGIN_MS 1500

typedef struct
{
  const char      *name;
  const char      *scenario;
  gboolean         local;         /* from tests/smtp/session_scenarios.py */
  gboolean         implicit_tls;  /* the server port speaks TLS first */
  OutboxSecurity   security;
  OutboxAuth       auth;
  guint            timeout;       /* the account's, in seconds */
  OutboxSmtpStep   step;
  OutboxSmtpError  code;
  guint            smtp_code;
  const char      *enhanced;
  const char      *transcript;    /* a received line the transcript must show */
} FaultCase;

static const FaultCase fault_cases[] = {
  { "no-greeting", "no-greeting", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 2,
    OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_TIMEOUT, 0, NULL, NULL },
  { "greeting-421", "greeting-421", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE, 421, "4.3.2", NULL },
  { "auth-535", "auth-535", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_AUTHENTICATING, OUTBOX_SMTP_ERROR_AUTH_FAILED, 535, "5.7.8", NULL },
  { "relay-denied", "relay-denied", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_SENDING, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED, 554, "5.7.1",
    "554 5.7.1 <billing@example.gr>: Relay access denied" },
  { "unknown-user", "unknown-user", FALSE, TRUE, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_SENDING, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED, 550, "5.1.1", NULL },
  { "too-large-552", "too-large-552", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_NONE, 5,
    OUTBOX_SMTP_STEP_SENDING, OUTBOX_SMTP_ERROR_TOO_LARGE, 552, "5.3.4", NULL },
  { "size-limit", "size-limit", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_SENDING, OUTBOX_SMTP_ERROR_TOO_LARGE, 0, NULL, NULL },
  { "close-mid-reply", "close-mid-reply", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_AUTH_PASSWORD, 5, OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_PROTOCOL, 0, NULL,
    "250-PIPELI" },
  { "endless-multiline", "endless-multiline", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_AUTH_PASSWORD, 5, OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_PROTOCOL, 0, NULL,
    "250-X00098" },
  { "endless-greeting", "endless-greeting", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_AUTH_PASSWORD, 5, OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_PROTOCOL, 0, NULL,
    "220-greeting line 00001" },
  { "huge-line", "huge-line", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_PROTOCOL, 0, NULL, "220 xxxx" },
  { "drip", "drip", FALSE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 3,
    OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_TIMEOUT, 0, NULL, NULL },
  /* Port 465 with STARTTLS: the server waits for a handshake, we for a greeting. */
  { "tls-port-with-starttls", "silent-tls-port", FALSE, TRUE, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_AUTH_PASSWORD, 2, OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_TIMEOUT, 0, NULL, NULL },
  /* Port 587 with SSL/TLS: a plain greeting where a handshake was expected. */
  { "plain-port-with-tls", "plain-greeting", FALSE, FALSE, OUTBOX_SECURITY_TLS,
    OUTBOX_AUTH_PASSWORD, 5, OUTBOX_SMTP_STEP_SECURING, OUTBOX_SMTP_ERROR_TLS_HANDSHAKE, 0, NULL,
    NULL },
  { "malformed-greeting", "malformed-greeting", TRUE, FALSE, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_AUTH_PASSWORD, 5, OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_PROTOCOL, 0, NULL,
    "SMTP server ready" },
  { "mixed-codes", "mixed-codes", TRUE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_PROTOCOL, 0, NULL, "251 PIPELINING" },
  { "ehlo-451", "ehlo-451", TRUE, FALSE, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, 5,
    OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE, 451, "4.3.0", NULL },
};

static void
test_fault (gconstpointer data)
{
  const FaultCase *fc = data;
  OutboxTestFaultOptions options = { .implicit_tls = fc->implicit_tls };
  g_autoptr(OutboxTestServer) server = NULL;
  g_autoptr(LocalServer) local = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autofree char *received = NULL;
  guint port;

  if (fc->local)
    {
      local = local_server_start (fc->scenario, TRUE, fc->implicit_tls);
      port = local_server_get_port (local);
    }
  else
    {
      server = outbox_test_fault_server_start (fc->scenario, &options);
      port = outbox_test_server_get_port (server, "port");
    }

  account = smtp_test_account_new (fc->security, port, fc->auth);
  outbox_account_set_timeout (account, fc->timeout);
  session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  run = smtp_test_run (session, NULL, -1);

  smtp_run_assert_failed (run, fc->step, fc->code);
  g_assert_cmpuint (outbox_test_report_get_smtp_code (run->report), ==, fc->smtp_code);
  g_assert_cmpstr (outbox_test_report_get_enhanced_code (run->report), ==, fc->enhanced);
  if (fc->transcript)
    g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_RECEIVED, fc->transcript));

  /* However the server misbehaves, the test ends within the timeout plus a
   * second; faults the client can see end at once. */
  if (fc->code == OUTBOX_SMTP_ERROR_TIMEOUT)
    {
      g_assert_cmpint (run->elapsed_ms, >=, fc->timeout * 1000 - 100);
      g_assert_cmpint (run->elapsed_ms, <=, (fc->timeout + 1) * 1000 + MACHINE_MARGIN_MS);
    }
  else
    g_assert_cmpint (run->elapsed_ms, <, fc->timeout * 1000);

  if (g_str_equal (fc->name, "size-limit"))
    {
      /* The limit is reported and the message was never offered. */
      g_assert_cmpuint (outbox_test_report_get_size_limit (run->report), ==, 100);
      g_assert_cmpuint (outbox_test_report_get_message_size (run->report), >, 100);
      g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "MAIL FROM"));
    }
  if (g_str_equal (fc->name, "ehlo-451") && local)
    {
      g_assert_true (local_server_has_event (local, 1, "close") ||
                     local_server_has_event (local, 1, "eof"));
      received = local_server_received (local, 1);
      g_assert_null (strstr (received, "HELO"));
    }
  if (fc->step < OUTBOX_SMTP_STEP_AUTHENTICATING || fc->code == OUTBOX_SMTP_ERROR_AUTH_FAILED)
    g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "MAIL"));
}

static void
test_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  /* A port that was free a moment ago, and is closed now. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  account = smtp_test_account_new (OUTBOX_SECURITY_STARTTLS, port, OUTBOX_AUTH_PASSWORD);
  session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  run = smtp_test_run (session, NULL, -1);
  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_CONNECTING, OUTBOX_SMTP_ERROR_REFUSED);
}

/* Waits until the server saw connection @conn end (or never saw it). */
static gboolean
server_saw_end (OutboxTestServer *server,
                guint             conn)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GPtrArray) log = outbox_test_server_read_log (server);
      for (guint i = 0; i < log->len; i++)
        {
          JsonObject *entry = g_ptr_array_index (log, i);
          const char *event = json_object_get_string_member (entry, "event");
          if ((guint)json_object_get_int_member (entry, "conn") == conn &&
              (g_str_equal (event, "eof") || g_str_equal (event, "tls-failed") ||
               g_str_equal (event, "error") || g_str_equal (event, "close")))
            return TRUE;
        }
      g_usleep (50 * 1000);
    }
  return FALSE;
}

static gboolean
server_saw_connection (OutboxTestServer *server)
{
  g_autoptr(GPtrArray) log = outbox_test_server_read_log (server);

  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (log, i), "event"),
                     "accept"))
      return TRUE;
  return FALSE;
}

typedef struct
{
  OutboxSecurity security;
  OutboxSmtpStep step;
} CancelCase;

static const CancelCase cancel_cases[] = {
  { OUTBOX_SECURITY_STARTTLS, OUTBOX_SMTP_STEP_RESOLVING },
  { OUTBOX_SECURITY_STARTTLS, OUTBOX_SMTP_STEP_CONNECTING },
  { OUTBOX_SECURITY_STARTTLS, OUTBOX_SMTP_STEP_GREETING },
  { OUTBOX_SECURITY_STARTTLS, OUTBOX_SMTP_STEP_SECURING },
  { OUTBOX_SECURITY_STARTTLS, OUTBOX_SMTP_STEP_AUTHENTICATING },
  { OUTBOX_SECURITY_STARTTLS, OUTBOX_SMTP_STEP_SENDING },
  { OUTBOX_SECURITY_TLS, OUTBOX_SMTP_STEP_SECURING },
  { OUTBOX_SECURITY_TLS, OUTBOX_SMTP_STEP_GREETING },
};

/* Cancelling as a step begins ends the test in that step, CANCELLED, and
 * ends the connection: nothing more reaches the server. */
static void
test_cancel_at_step (gconstpointer data)
{
  const CancelCase *cc = data;
  OutboxTestFaultOptions options = { .implicit_tls = cc->security == OUTBOX_SECURITY_TLS };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", &options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (cc->security, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, (int)cc->step);
  g_autofree char *received = NULL;

  smtp_run_assert_failed (run, cc->step, OUTBOX_SMTP_ERROR_CANCELLED);
  g_assert_cmpint (g_array_index (run->steps, OutboxSmtpStep, run->steps->len - 1), ==, cc->step);
  g_assert_cmpint (run->elapsed_ms, <, 5000);

  if (cc->step == OUTBOX_SMTP_STEP_RESOLVING)
    {
      g_usleep (200 * 1000);
      g_assert_false (server_saw_connection (server));
      return;
    }
  /* Cancelled before the TCP connection was made, or (implicit TLS) before
   * the handshake was done: the server never had a session to end. */
  if ((cc->step == OUTBOX_SMTP_STEP_CONNECTING ||
       (cc->step == OUTBOX_SMTP_STEP_SECURING && cc->security == OUTBOX_SECURITY_TLS)) &&
      !server_saw_connection (server))
    return;

  g_assert_true (server_saw_end (server, 1));
  received = outbox_test_server_get_received_text (server, 1);
  if (cc->step <= OUTBOX_SMTP_STEP_GREETING)
    g_assert_null (strstr (received, "EHLO"));
  if (cc->step <= OUTBOX_SMTP_STEP_AUTHENTICATING)
    g_assert_null (strstr (received, "AUTH"));
  g_assert_null (strstr (received, "MAIL FROM"));
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

/* Cancelling while the server keeps silent is CANCELLED, not TIMEOUT, and
 * immediate; a cancellable cancelled before the start stops everything. */
static void
test_cancel_while_waiting (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("no-greeting", NULL);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_STARTTLS, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(OutboxSmtpSession) session2 = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(SmtpRun) run2 = NULL;

  g_timeout_add_full (G_PRIORITY_DEFAULT, 300, cancel_later, g_object_ref (cancellable),
                      g_object_unref);
  run = smtp_test_run (session, cancellable, -1);
  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_GREETING, OUTBOX_SMTP_ERROR_CANCELLED);
  g_assert_cmpint (run->elapsed_ms, <, 2000);
  g_assert_true (server_saw_end (server, 1));

  g_cancellable_cancel (cancelled);
  run2 = smtp_test_run (session2, cancelled, -1);
  smtp_run_assert_failed (run2, OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_ERROR_CANCELLED);
}

/* The password never shows: not in the transcript, the report, its JSON,
 * the error, or any log message (G_MESSAGES_DEBUG=all). */
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        if (fields[i].length < 0)
          g_string_append (captured_log, fields[i].value);
        else
          g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  /* Debug output on stdout would garble the TAP stream: keep it here. */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
assert_no_secret (const char *text,
                  const char *what)
{
  g_autofree char *b64_password = g_base64_encode ((const guchar *)SMTP_TEST_PASSWORD,
                                                   strlen (SMTP_TEST_PASSWORD));
  g_autofree char *plain = g_strdup_printf ("%c%s%c%s", 0, SMTP_TEST_USER, 0, SMTP_TEST_PASSWORD);
  g_autofree char *b64_plain = g_base64_encode ((const guchar *)plain,
                                                strlen (SMTP_TEST_USER) +
                                                strlen (SMTP_TEST_PASSWORD) + 2);

  if (strstr (text, SMTP_TEST_PASSWORD) || strstr (text, b64_password) ||
      strstr (text, b64_plain))
    g_error ("the password leaked into the %s:\n%s", what, text);
}

typedef struct
{
  const char     *name;
  const char     *scenario;     /* NULL: aiosmtpd */
  gboolean        local;
  OutboxSecurity  security;
  gboolean        right_password;
} SecretCase;

static const SecretCase secret_cases[] = {
  { "aiosmtpd-cram-md5", NULL, FALSE, OUTBOX_SECURITY_STARTTLS, TRUE },
  { "aiosmtpd-wrong-password", NULL, FALSE, OUTBOX_SECURITY_TLS, FALSE },
  { "plain", "success", FALSE, OUTBOX_SECURITY_STARTTLS, TRUE },
  { "plain-unencrypted", "success", FALSE, OUTBOX_SECURITY_NONE, TRUE },
  { "plain-535", "auth-535", FALSE, OUTBOX_SECURITY_TLS, TRUE },
  { "login", "login-only", TRUE, OUTBOX_SECURITY_STARTTLS, TRUE },
  { "echoed-by-server", "echo-auth", TRUE, OUTBOX_SECURITY_TLS, TRUE },
};

static void
test_secrets (gconstpointer data)
{
  const SecretCase *sc = data;
  g_autoptr(OutboxTestServer) server = NULL;
  g_autoptr(LocalServer) local = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *json_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *transcript = NULL;
  guint port;

  if (sc->scenario == NULL)
    {
      OutboxTestSmtpOptions options = {
        .user = SMTP_TEST_USER,
        .password = sc->right_password ? SMTP_TEST_PASSWORD : "another password",
      };
      server = outbox_test_smtp_server_start (&options);
      port = outbox_test_server_get_port (server, sc->security == OUTBOX_SECURITY_TLS ? "tls"
                                                                                       : "starttls");
    }
  else if (sc->local)
    {
      local = local_server_start (sc->scenario, TRUE, sc->security == OUTBOX_SECURITY_TLS);
      port = local_server_get_port (local);
    }
  else
    {
      OutboxTestFaultOptions options = {
        .implicit_tls = sc->security == OUTBOX_SECURITY_TLS,
        .no_tls = sc->security == OUTBOX_SECURITY_NONE,
      };
      server = outbox_test_fault_server_start (sc->scenario, &options);
      port = outbox_test_server_get_port (server, "port");
    }

  account = smtp_test_account_new (sc->security, port, OUTBOX_AUTH_PASSWORD);
  session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  outbox_smtp_session_set_allow_plaintext_password (session, TRUE);
  g_string_truncate (captured_log, 0);
  run = smtp_test_run (session, NULL, -1);

  /* It signed in, or tried to. */
  g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "AUTH "));
  g_assert_nonnull (strstr (captured_log->str, "C: AUTH "));

  text = outbox_test_report_format (run->report, TRUE);
  transcript = outbox_test_report_format_transcript (run->report);
  json = outbox_test_report_to_json (run->report, TRUE);
  json_text = json_to_string (json, TRUE);
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (transcript, OUTBOX_REDACTED));
  assert_no_secret (text, "report");
  assert_no_secret (transcript, "transcript");
  assert_no_secret (json_text, "JSON");
  assert_no_secret (captured_log->str, "log");
  if (run->error)
    assert_no_secret (run->error->message, "error");
  if (outbox_test_report_get_server_text (run->report))
    assert_no_secret (outbox_test_report_get_server_text (run->report), "server text");
  if (g_str_equal (sc->name, "echoed-by-server"))
    g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_RECEIVED,
                                            "535 5.7.8 Rejected credentials: PLAIN [redacted]"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/SmtpSession/fault/%s", fault_cases[i].name);
      g_test_add_data_func (path, &fault_cases[i], test_fault);
    }
  g_test_add_func ("/Outbox/SmtpSession/fault/refused", test_refused);
  for (guint i = 0; i < G_N_ELEMENTS (cancel_cases); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/Outbox/SmtpSession/cancel/%s-%s",
                         outbox_security_to_string (cancel_cases[i].security),
                         outbox_smtp_step_to_string (cancel_cases[i].step));
      g_test_add_data_func (path, &cancel_cases[i], test_cancel_at_step);
    }
  g_test_add_func ("/Outbox/SmtpSession/cancel/while-waiting", test_cancel_while_waiting);
  for (guint i = 0; i < G_N_ELEMENTS (secret_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/SmtpSession/secrets/%s",
                                               secret_cases[i].name);
      g_test_add_data_func (path, &secret_cases[i], test_secrets);
    }

  return g_test_run ();
}
