/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSmtpSession's security rules against real servers on 127.0.0.1:
 * signing in, no password in the clear, STARTTLS, certificates. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "smtp-test-util.h"

static void
test_auth_wrong_password (void)
{
  OutboxTestSmtpOptions options = { .user = SMTP_TEST_USER, .password = "another password" };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_TLS, outbox_test_server_get_port (server, "tls"),
                           OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
  g_autoptr(GPtrArray) messages = NULL;

  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_AUTHENTICATING, OUTBOX_SMTP_ERROR_AUTH_FAILED);
  g_assert_cmpuint (outbox_test_report_get_smtp_code (run->report), ==, 535);
  g_assert_cmpstr (outbox_test_report_get_enhanced_code (run->report), ==, "5.7.8");
  g_assert_nonnull (outbox_test_report_get_server_text (run->report));
  g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "MAIL"));
  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 0);
}

static char *
decode_auth_argument (const char *received,
                      const char *prefix)
{
  const char *start = strstr (received, prefix);
  g_autofree char *b64 = NULL;
  gsize len;
  guchar *data;

  g_assert_nonnull (start);
  start += strlen (prefix);
  b64 = g_strndup (start, strcspn (start, "\r\n"));
  data = g_base64_decode (b64, &len);
  return g_realloc (data, len + 1);
}

static void
test_auth_plain (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", NULL);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_STARTTLS, SMTP_TEST_PASSWORD, &received);
  g_autofree char *expected = g_strdup_printf ("%c%s%c%s", 0, SMTP_TEST_USER, 0,
                                               SMTP_TEST_PASSWORD);
  g_autofree char *decoded = NULL;

  smtp_run_assert_success (run);
  /* The server offers PLAIN LOGIN: PLAIN is the stronger of the two. */
  g_assert_cmpstr (outbox_test_report_get_auth_mechanism (run->report), ==, "PLAIN");
  g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "AUTH PLAIN [redacted]"));
  decoded = decode_auth_argument (received, "AUTH PLAIN ");
  g_assert_cmpmem (decoded, strlen (SMTP_TEST_USER) + strlen (SMTP_TEST_PASSWORD) + 2,
                   expected, strlen (SMTP_TEST_USER) + strlen (SMTP_TEST_PASSWORD) + 2);
}

static void
test_auth_login (void)
{
  g_autoptr(OutboxTestServer) server = local_server_start ("login-only", TRUE, FALSE);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_STARTTLS, SMTP_TEST_PASSWORD, &received);
  g_autofree char *user = g_base64_encode ((const guchar *)SMTP_TEST_USER, strlen (SMTP_TEST_USER));
  g_autofree char *password = g_base64_encode ((const guchar *)SMTP_TEST_PASSWORD,
                                               strlen (SMTP_TEST_PASSWORD));
  g_autofree char *exchange = g_strdup_printf ("AUTH LOGIN\r\n%s\r\n%s\r\n", user, password);

  smtp_run_assert_success (run);
  g_assert_cmpstr (outbox_test_report_get_auth_mechanism (run->report), ==, "LOGIN");
  g_assert_nonnull (strstr (received, exchange));
}

/* 504 to the strongest mechanism: the next one is tried. */
static void
test_auth_fallback (void)
{
  g_autoptr(OutboxTestServer) server = local_server_start ("cram-refused", TRUE, TRUE);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_TLS, SMTP_TEST_PASSWORD, &received);
  const char *cram;

  smtp_run_assert_success (run);
  g_assert_cmpstr (outbox_test_report_get_auth_mechanism (run->report), ==, "PLAIN");
  cram = strstr (received, "AUTH CRAM-MD5\r\n");
  g_assert_nonnull (cram);
  g_assert_nonnull (strstr (cram, "AUTH PLAIN "));
}

static void
test_auth_not_offered (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("no-auth", NULL);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_STARTTLS, SMTP_TEST_PASSWORD, &received);

  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_AUTHENTICATING,
                          OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED);
  g_assert_null (strstr (received, "AUTH"));
  g_assert_null (strstr (received, "MAIL FROM"));
}

static void
test_auth_unknown_mechanisms (void)
{
  g_autoptr(OutboxTestServer) server = local_server_start ("unknown-mechanisms", TRUE, FALSE);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_STARTTLS, SMTP_TEST_PASSWORD, &received);

  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_AUTHENTICATING,
                          OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED);
  g_assert_nonnull (strstr (run->error->message, "XOAUTH2"));
  g_assert_null (strstr (received, "AUTH"));
}

static void
test_auth_no_password (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", NULL);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_STARTTLS, NULL, &received);

  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_AUTHENTICATING, OUTBOX_SMTP_ERROR_AUTH_FAILED);
  g_assert_null (strstr (received, "AUTH"));
}

/* No password over an unencrypted connection, unless security is none and
 * the caller said so explicitly. */
static void
test_plaintext_password (void)
{
  OutboxTestFaultOptions options = { .no_tls = TRUE };

  for (guint allow = 0; allow <= 1; allow++)
    {
      g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", &options);
      g_autoptr(OutboxAccount) account =
        smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "port"),
                               OUTBOX_AUTH_PASSWORD);
      g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
      g_autoptr(SmtpRun) run = NULL;
      g_autofree char *received = NULL;

      outbox_smtp_session_set_allow_plaintext_password (session, allow);
      run = smtp_test_run (session, NULL, -1);
      received = smtp_server_received_when_closed (server, NULL);
      if (allow)
        {
          smtp_run_assert_success (run);
          g_assert_nonnull (strstr (received, "AUTH PLAIN "));
        }
      else
        {
          smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_AUTHENTICATING,
                                  OUTBOX_SMTP_ERROR_PLAINTEXT_REFUSED);
          g_assert_null (strstr (received, "AUTH"));
          g_assert_nonnull (strstr (received, "QUIT"));
        }
    }
}

static void
test_starttls_missing (void)
{
  const char *scenarios[] = { "no-starttls", "starttls-454" };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start (scenarios[i], NULL);
      g_autoptr(OutboxAccount) account =
        smtp_test_account_new (OUTBOX_SECURITY_STARTTLS,
                               outbox_test_server_get_port (server, "port"), OUTBOX_AUTH_PASSWORD);
      g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
      g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
      g_autofree char *received = smtp_server_received_when_closed (server, NULL);

      smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_SECURING,
                              OUTBOX_SMTP_ERROR_STARTTLS_MISSING);
      /* Never on in the clear. */
      g_assert_null (strstr (received, "AUTH"));
      g_assert_null (strstr (received, "MAIL FROM"));
      if (i == 0)
        g_assert_null (strstr (received, "STARTTLS"));
      else
        g_assert_cmpuint (outbox_test_report_get_smtp_code (run->report), ==, 454);
    }
}

static void
test_starttls_injection (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("starttls-injection", NULL);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_STARTTLS, SMTP_TEST_PASSWORD, &received);

  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_SECURING, OUTBOX_SMTP_ERROR_PROTOCOL);
  g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_RECEIVED, "220 2.0.0 go ahead"));
  /* The injected line was never taken as a reply, and nothing followed. */
  g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_RECEIVED, "250 injected"));
  g_assert_null (outbox_test_report_get_tls_protocol (run->report));
  g_assert_true (g_str_has_suffix (received, "STARTTLS\r\n"));
}

/* Whatever was learned before TLS is forgotten: the report and the session
 * use the capabilities announced over TLS. */
static void
test_starttls_capabilities_dropped (void)
{
  g_autoptr(OutboxTestServer) server = local_server_start ("caps-change", TRUE, FALSE);
  g_autofree char *received = NULL;
  g_autoptr(SmtpRun) run = smtp_test_run_on (server, OUTBOX_SECURITY_STARTTLS, SMTP_TEST_PASSWORD, &received);
  const char * const *mechanisms = outbox_test_report_get_auth_mechanisms (run->report);
  const char *first;

  smtp_run_assert_success (run);
  g_assert_cmpuint (outbox_test_report_get_size_limit (run->report), ==, 20000000);
  g_assert_cmpuint (g_strv_length ((char **)mechanisms), ==, 1);
  g_assert_cmpstr (mechanisms[0], ==, "CRAM-MD5");
  g_assert_cmpstr (outbox_test_report_get_auth_mechanism (run->report), ==, "CRAM-MD5");
  g_assert_true (outbox_test_report_get_capabilities (run->report) &
                 OUTBOX_SMTP_CAPABILITY_PIPELINING);
  g_assert_true (outbox_test_report_get_capabilities (run->report) &
                 OUTBOX_SMTP_CAPABILITY_CHUNKING);
  /* STARTTLS was seen before TLS; the report still says it was offered. */
  g_assert_true (outbox_test_report_get_capabilities (run->report) &
                 OUTBOX_SMTP_CAPABILITY_STARTTLS);
  first = strstr (received, "EHLO ");
  g_assert_nonnull (first);
  g_assert_nonnull (strstr (first + 1, "EHLO "));
}

typedef struct
{
  const char           *kind;
  GTlsCertificateFlags  problem;
  OutboxSecurity        security;
} CertCase;

static const CertCase cert_cases[] = {
  { "wrong-name", G_TLS_CERTIFICATE_BAD_IDENTITY, OUTBOX_SECURITY_TLS },
  { "wrong-name", G_TLS_CERTIFICATE_BAD_IDENTITY, OUTBOX_SECURITY_STARTTLS },
  { "expired", G_TLS_CERTIFICATE_EXPIRED, OUTBOX_SECURITY_TLS },
  { "self-signed", G_TLS_CERTIFICATE_UNKNOWN_CA, OUTBOX_SECURITY_TLS },
  { "unknown-root", G_TLS_CERTIFICATE_UNKNOWN_CA, OUTBOX_SECURITY_STARTTLS },
};

static void
test_certificate_rejected (gconstpointer data)
{
  const CertCase *cc = data;
  OutboxTestSmtpOptions options = {
    .user = SMTP_TEST_USER, .password = SMTP_TEST_PASSWORD, .cert = cc->kind,
  };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (cc->security,
                           outbox_test_server_get_port (server, cc->security == OUTBOX_SECURITY_TLS
                                                                  ? "tls" : "starttls"),
                           OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  g_autoptr(SmtpRun) run = smtp_test_run (session, NULL, -1);
  g_autofree char *fingerprint = outbox_test_cert_fingerprint (cc->kind);
  g_autoptr(GPtrArray) messages = NULL;
  OutboxCertificateInfo *certificate;

  smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_SECURING, OUTBOX_SMTP_ERROR_CERTIFICATE);
  certificate = outbox_test_report_get_certificate (run->report);
  g_assert_nonnull (certificate);
  g_assert_cmphex (outbox_certificate_info_get_problems (certificate) & cc->problem, ==,
                   cc->problem);
  g_assert_cmpstr (outbox_certificate_info_get_sha256 (certificate), ==, fingerprint);
  if (cc->problem == G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_assert_true (g_strv_contains (outbox_certificate_info_get_host_names (certificate),
                                    "other.example.test"));
  if (cc->problem == G_TLS_CERTIFICATE_EXPIRED)
    g_assert_cmpint (g_date_time_get_year (outbox_certificate_info_get_not_after (certificate)),
                     ==, 2020);
  g_assert_false (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "AUTH"));
  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 0);
}

/* The account trusts one certificate by its fingerprint; another pin, or
 * none with the system's trust store only, is not enough. */
static void
test_certificate_pinned (void)
{
  const struct { const char *pin; gboolean database; gboolean ok; } cases[] = {
    { "self-signed", TRUE, TRUE },
    { "server", TRUE, FALSE },
    { NULL, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OutboxTestSmtpOptions options = { .cert = cases[i].database ? "self-signed" : "server" };
      g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
      g_autoptr(OutboxAccount) account =
        smtp_test_account_new (OUTBOX_SECURITY_TLS, outbox_test_server_get_port (server, "tls"),
                               OUTBOX_AUTH_NONE);
      g_autoptr(OutboxSmtpSession) session = NULL;
      g_autoptr(SmtpRun) run = NULL;
      OutboxCertificateInfo *certificate;

      if (cases[i].pin)
        {
          g_autofree char *pin = outbox_test_cert_fingerprint (cases[i].pin);
          outbox_account_set_pinned_certificate_sha256 (account, pin);
        }
      session = smtp_test_session_new (account, NULL);
      if (!cases[i].database)
        outbox_smtp_session_set_tls_database (session, NULL);  /* the system's */
      run = smtp_test_run (session, NULL, -1);
      certificate = outbox_test_report_get_certificate (run->report);
      g_assert_nonnull (certificate);
      g_assert_true (outbox_certificate_info_get_problems (certificate) &
                     G_TLS_CERTIFICATE_UNKNOWN_CA);
      if (cases[i].ok)
        {
          smtp_run_assert_success (run);
          g_assert_true (outbox_certificate_info_get_pinned (certificate));
        }
      else
        {
          smtp_run_assert_failed (run, OUTBOX_SMTP_STEP_SECURING, OUTBOX_SMTP_ERROR_CERTIFICATE);
          g_assert_false (outbox_certificate_info_get_pinned (certificate));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/SmtpSession/auth/wrong-password", test_auth_wrong_password);
  g_test_add_func ("/Outbox/SmtpSession/auth/plain", test_auth_plain);
  g_test_add_func ("/Outbox/SmtpSession/auth/login", test_auth_login);
  g_test_add_func ("/Outbox/SmtpSession/auth/fallback-504", test_auth_fallback);
  g_test_add_func ("/Outbox/SmtpSession/auth/not-offered", test_auth_not_offered);
  g_test_add_func ("/Outbox/SmtpSession/auth/unknown-mechanisms", test_auth_unknown_mechanisms);
  g_test_add_func ("/Outbox/SmtpSession/auth/no-password", test_auth_no_password);
  g_test_add_func ("/Outbox/SmtpSession/auth/plaintext", test_plaintext_password);
  g_test_add_func ("/Outbox/SmtpSession/starttls/missing", test_starttls_missing);
  g_test_add_func ("/Outbox/SmtpSession/starttls/injection", test_starttls_injection);
  g_test_add_func ("/Outbox/SmtpSession/starttls/capabilities-dropped",
                   test_starttls_capabilities_dropped);
  for (guint i = 0; i < G_N_ELEMENTS (cert_cases); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/Outbox/SmtpSession/certificate/%s-%s", cert_cases[i].kind,
                         outbox_security_to_string (cert_cases[i].security));
      g_test_add_data_func (path, &cert_cases[i], test_certificate_rejected);
    }
  g_test_add_func ("/Outbox/SmtpSession/certificate/pinned", test_certificate_pinned);

  return g_test_run ();
}
