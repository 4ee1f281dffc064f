/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSmtpSession against hostile servers (tests/smtp/fault_server.py):
 * stripped or injected STARTTLS, capabilities that change under TLS,
 * replies nobody asked for, replies cut into pieces or that never end,
 * invalid codes, TLS that stalls or breaks mid-session, bad certificates,
 * SASL challenges that are not SASL, and silences where an answer is due.
 *
 * Every case asserts what the client does: the step that failed and its
 * error code (or success, where being lenient is safe), that the test ends
 * within the account's timeout plus a margin, that the client hung up, that
 * the report is clean text, and, from the server's own log of every byte
 * it received, that no credential went where it must not. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "secrets-canary.h"
#include "smtp-test-util.h"

/* Machines under load (or AddressSanitizer) are slow; the deadline itself
 * is the account's timeout plus 0.75 s. */
#define MACHINE_MARGIN_MS 2500

typedef enum
{
  NO_AUTH,       /* no AUTH command reaches the server at all */
  NO_SECRET,     /* AUTH may start (under TLS), but no credential is sent */
  OVER_TLS,      /* credentials only inside TLS */
} SecretRule;

typedef struct
{
  const char      *name;
  const char      *scenario;
  const char      *cert;          /* the server's certificate kind; NULL: "server" */
  gboolean         tls_port;      /* the server's port is TLS from the first byte */
  gboolean         no_tls;        /* the server has no certificates at all */
  OutboxSecurity   security;
  guint            timeout;       /* the account's, in seconds; 0: 5 */
  const char      *pin;           /* pin this certificate's fingerprint */
  gboolean         success;
  OutboxSmtpStep   step;
  OutboxSmtpError  code;
  OutboxSmtpError  alt_code;      /* also right, where timing decides; 0: only code */
  SecretRule       secrets;
  guint            smtp_code;     /* the reply code the report keeps, if any */
  const char      *mechanism;     /* the AUTH mechanism the report names */
  GTlsCertificateFlags problems;  /* of the certificate in the report */
} HostileCase;

#define STARTTLS OUTBOX_SECURITY_STARTTLS
#define TLS      OUTBOX_SECURITY_TLS
#define NONE     OUTBOX_SECURITY_NONE
#define GREETING       OUTBOX_SMTP_STEP_GREETING
#define SECURING       OUTBOX_SMTP_STEP_SECURING
#define AUTHENTICATING OUTBOX_SMTP_STEP_AUTHENTICATING
#define SENDING        OUTBOX_SMTP_STEP_SENDING
#define E(x) OUTBOX_SMTP_ERROR_##x

static const HostileCase cases[] = {
  /* STARTTLS stripped, refused or answered with more than its 220. */
  { "starttls/not-offered", "no-starttls", .security = STARTTLS, .step = SECURING,
    .code = E (STARTTLS_MISSING), .secrets = NO_AUTH },
  { "starttls/refused-454", "starttls-454", .security = STARTTLS, .step = SECURING,
    .code = E (STARTTLS_MISSING), .secrets = NO_AUTH, .smtp_code = 454 },
  { "starttls/refused-502", "starttls-502", .security = STARTTLS, .step = SECURING,
    .code = E (STARTTLS_MISSING), .secrets = NO_AUTH, .smtp_code = 502 },
  { "starttls/stripped-auth-in-clear", "starttls-stripped-auth", .security = STARTTLS,
    .step = SECURING, .code = E (STARTTLS_MISSING), .secrets = NO_AUTH },
  { "starttls/injection-same-packet", "starttls-injection", .security = STARTTLS,
    .step = SECURING, .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "starttls/injection-before-handshake", "starttls-injection-late", .security = STARTTLS,
    .step = SECURING, .code = E (TLS_HANDSHAKE), .alt_code = E (PROTOCOL), .secrets = NO_AUTH },
  /* What was learned in the clear does not count under TLS. */
  { "capabilities/auth-only-before-tls", "auth-before-tls-only", .security = STARTTLS,
    .step = AUTHENTICATING, .code = E (AUTH_UNSUPPORTED), .secrets = NO_AUTH },
  { "capabilities/mechanisms-change-under-tls", "auth-mechanisms-change", .security = STARTTLS,
    .success = TRUE, .secrets = OVER_TLS, .mechanism = "LOGIN" },
  { "capabilities/auth-accepted-without-tls", "success", .no_tls = TRUE, .security = NONE,
    .step = AUTHENTICATING, .code = E (PLAINTEXT_REFUSED), .secrets = NO_AUTH },
  /* Replies nobody asked for. */
  { "unsolicited/with-greeting", "unsolicited-greeting", .security = STARTTLS, .step = GREETING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "unsolicited/after-greeting", "unsolicited-late", .security = STARTTLS, .step = SECURING,
    .code = E (STARTTLS_MISSING), .alt_code = E (PROTOCOL), .secrets = NO_AUTH },
  { "unsolicited/with-auth-reply", "unsolicited-after-auth", .tls_port = TRUE, .security = TLS,
    .step = SENDING, .code = E (PROTOCOL), .secrets = OVER_TLS },
  /* Replies in many packets, and lines ended by LF alone: read as meant. */
  { "packets/two-bytes-each", "fragmented", .security = STARTTLS, .timeout = 20,
    .success = TRUE, .secrets = OVER_TLS },
  { "packets/one-byte-each", "fragmented-bytes", .tls_port = TRUE, .security = TLS,
    .timeout = 20, .success = TRUE, .secrets = OVER_TLS },
  { "bare-lf/every-reply", "bare-lf", .security = STARTTLS, .success = TRUE,
    .secrets = OVER_TLS },
  { "bare-lf/in-multiline-ehlo", "bare-lf-multiline", .tls_port = TRUE, .security = TLS,
    .success = TRUE, .secrets = OVER_TLS, .mechanism = "PLAIN" },
  /* Reply codes that are none. */
  { "codes/2x5-greeting", "code-2x5", .security = STARTTLS, .step = GREETING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "codes/999-ehlo", "code-999", .security = STARTTLS, .step = GREETING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "codes/letters-auth", "code-letters-auth", .tls_port = TRUE, .security = TLS,
    .step = AUTHENTICATING, .code = E (PROTOCOL), .secrets = OVER_TLS },
  { "codes/four-digits-mail", "code-four-digits", .tls_port = TRUE, .security = TLS,
    .step = SENDING, .code = E (PROTOCOL), .secrets = OVER_TLS },
  { "codes/1xx-data", "code-1xx-data", .tls_port = TRUE, .security = TLS, .step = SENDING,
    .code = E (PROTOCOL), .secrets = OVER_TLS },
  { "codes/mismatched-greeting", "mismatched-greeting", .security = STARTTLS,
    .step = GREETING, .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "codes/mismatched-multiline-ehlo", "mixed-codes-ehlo", .security = STARTTLS,
    .step = GREETING, .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "codes/empty-ehlo-lines", "ehlo-empty-lines", .tls_port = TRUE, .security = TLS,
    .success = TRUE, .secrets = OVER_TLS, .mechanism = "PLAIN" },
  { "codes/mismatched-auth", "mismatched-auth", .tls_port = TRUE, .security = TLS,
    .step = AUTHENTICATING, .code = E (PROTOCOL), .secrets = OVER_TLS },
  { "codes/nul-in-reply", "nul-in-reply", .tls_port = TRUE, .security = TLS, .step = SENDING,
    .code = E (PROTOCOL), .secrets = OVER_TLS },
  { "text/invalid-utf8-and-escapes", "hostile-greeting-text", .security = STARTTLS,
    .success = TRUE, .secrets = OVER_TLS },
  /* Sizes and lengths without end. */
  { "size/greeting-line-1.5MB", "huge-greeting", .security = STARTTLS, .step = GREETING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "size/greeting-lines-1.5MB", "huge-greeting-lines", .security = STARTTLS,
    .step = GREETING, .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "size/line-without-end", "huge-line", .security = STARTTLS, .step = GREETING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "size/endless-greeting", "endless-greeting", .security = STARTTLS, .step = GREETING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "size/endless-ehlo", "endless-multiline", .security = STARTTLS, .step = GREETING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "size/endless-334", "auth-endless-334", .tls_port = TRUE, .security = TLS,
    .step = AUTHENTICATING, .code = E (PROTOCOL), .secrets = OVER_TLS },
  { "close/after-first-byte", "close-after-first-byte", .security = STARTTLS,
    .step = GREETING, .code = E (PROTOCOL), .secrets = NO_AUTH },
  /* TLS that never finishes, or breaks once it works. */
  { "tls/handshake-stalls-tls-port", "tls-port-stall", .security = TLS, .timeout = 3,
    .step = SECURING, .code = E (TIMEOUT), .secrets = NO_AUTH },
  { "tls/handshake-stalls-starttls", "starttls-stall", .security = STARTTLS, .timeout = 3,
    .step = SECURING, .code = E (TIMEOUT), .secrets = NO_AUTH },
  { "tls/alert-mid-session", "tls-alert-mid-session", .security = STARTTLS, .step = SECURING,
    .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "tls/plaintext-mid-session", "tls-plaintext-mid-session", .security = STARTTLS,
    .step = SECURING, .code = E (PROTOCOL), .secrets = NO_AUTH },
  { "tls/close-notify-mid-session", "tls-close-mid-session", .security = STARTTLS,
    .step = SECURING, .code = E (PROTOCOL), .secrets = NO_AUTH },
  /* Certificates. */
  { "certificate/other-name", "success", .cert = "wrong-name", .security = STARTTLS,
    .step = SECURING, .code = E (CERTIFICATE), .secrets = NO_AUTH,
    .problems = G_TLS_CERTIFICATE_BAD_IDENTITY },
  { "certificate/expired", "success", .cert = "expired", .tls_port = TRUE, .security = TLS,
    .step = SECURING, .code = E (CERTIFICATE), .secrets = NO_AUTH,
    .problems = G_TLS_CERTIFICATE_EXPIRED },
  { "certificate/self-signed", "success", .cert = "self-signed", .security = STARTTLS,
    .step = SECURING, .code = E (CERTIFICATE), .secrets = NO_AUTH,
    .problems = G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "certificate/unknown-root", "success", .cert = "unknown-root", .tls_port = TRUE,
    .security = TLS, .step = SECURING, .code = E (CERTIFICATE), .secrets = NO_AUTH,
    .problems = G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "certificate/pinned-is-another", "success", .cert = "self-signed", .pin = "server",
    .tls_port = TRUE, .security = TLS, .step = SECURING, .code = E (CERTIFICATE),
    .secrets = NO_AUTH, .problems = G_TLS_CERTIFICATE_UNKNOWN_CA },
  /* SASL challenges that are not SASL. */
  { "sasl/login-challenge-not-base64", "auth-login-not-base64", .tls_port = TRUE,
    .security = TLS, .step = AUTHENTICATING, .code = E (PROTOCOL), .secrets = NO_SECRET,
    .mechanism = "LOGIN" },
  { "sasl/cram-md5-empty-challenge", "cram-md5-empty-challenge", .tls_port = TRUE,
    .security = TLS, .step = AUTHENTICATING, .code = E (PROTOCOL), .secrets = NO_SECRET,
    .mechanism = "CRAM-MD5" },
  { "sasl/cram-md5-challenge-not-base64", "cram-md5-not-base64", .tls_port = TRUE,
    .security = TLS, .step = AUTHENTICATING, .code = E (PROTOCOL), .secrets = NO_SECRET,
    .mechanism = "CRAM-MD5" },
  /* Silence where an answer is due. */
  { "silence/no-greeting", "no-greeting", .security = STARTTLS, .timeout = 2,
    .step = GREETING, .code = E (TIMEOUT), .secrets = NO_AUTH },
  { "silence/one-byte-a-second", "drip", .security = STARTTLS, .timeout = 3,
    .step = GREETING, .code = E (TIMEOUT), .secrets = NO_AUTH },
  { "silence/no-354", "no-354", .tls_port = TRUE, .security = TLS, .timeout = 3,
    .step = SENDING, .code = E (TIMEOUT), .secrets = OVER_TLS },
  { "silence/no-final-250", "no-final-250", .tls_port = TRUE, .security = TLS, .timeout = 3,
    .step = SENDING, .code = E (TIMEOUT), .secrets = OVER_TLS },
  /* The message was taken: a QUIT nobody answers changes nothing, and
   * costs no time either, since its reply is not waited for. */
  { "silence/quit-hangs", "quit-hangs", .tls_port = TRUE, .security = TLS, .timeout = 3,
    .success = TRUE, .secrets = OVER_TLS },
};

/* --- What the server received ------------------------------------------- */

typedef struct
{
  GBytes   *data;
  gboolean  tls;
} Chunk;

static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;

  g_bytes_unref (chunk->data);
  g_free (chunk);
}

/* Waits until the server saw connection 1 end, then returns what arrived
 * on it. A TLS port whose handshake failed never hands the connection to
 * the scenario: nothing arrived there. */
static GPtrArray *
received_when_closed (OutboxTestServer *server,
                      const char       *name)
{
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_autoptr(GPtrArray) log = outbox_test_server_read_log (server);
      GPtrArray *chunks = g_ptr_array_new_with_free_func (chunk_free);
      gboolean ended = FALSE;
      gboolean accepted = FALSE;

      for (guint i = 0; i < log->len; i++)
        {
          JsonObject *entry = g_ptr_array_index (log, i);
          const char *event = json_object_get_string_member (entry, "event");

          if (json_object_get_int_member (entry, "conn") != 1)
            continue;
          accepted |= g_str_equal (event, "accept");
          if (g_str_equal (event, "eof") || g_str_equal (event, "close") ||
              g_str_equal (event, "error") || g_str_equal (event, "tls-failed"))
            ended = TRUE;
          if (g_str_equal (event, "recv"))
            {
              Chunk *chunk = g_new0 (Chunk, 1);
              gsize len = 0;
              guchar *bytes = g_base64_decode (json_object_get_string_member (entry, "base64"),
                                               &len);

              chunk->data = g_bytes_new_take (bytes, len);
              chunk->tls = json_object_get_boolean_member (entry, "tls");
              g_ptr_array_add (chunks, chunk);
            }
        }
      if (ended || (!accepted && attempt >= 20))
        return chunks;
      g_ptr_array_unref (chunks);
      g_usleep (50 * 1000);
    }
  g_error ("%s: the client never hung up", name);
}

static gboolean
has_line (GBytes     *bytes,
          const char *start)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gsize start_len = strlen (start);

  for (gsize i = 0; i + start_len <= len; i++)
    if ((i == 0 || data[i - 1] == '\n') && g_ascii_strncasecmp (data + i, start, start_len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
holds (GBytes     *bytes,
       const char *needle,
       gsize       needle_len)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return memmem (data, len, needle, needle_len) != NULL;
}

static void
assert_secrets_kept (const HostileCase *hc,
                     GPtrArray         *chunks)
{
  g_autoptr(GPtrArray) forms = secret_forms_new (SMTP_TEST_USER, SMTP_TEST_PASSWORD);
  g_autofree char *login_b64 = g_base64_encode ((const guchar *)SMTP_TEST_USER,
                                                strlen (SMTP_TEST_USER));

  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *chunk = g_ptr_array_index (chunks, i);
      gboolean may_hold_secrets = hc->secrets == OVER_TLS && chunk->tls;

      if (hc->secrets == NO_AUTH || !chunk->tls)
        g_assert_false (has_line (chunk->data, "AUTH"));
      if (hc->secrets == NO_SECRET)
        g_assert_false (holds (chunk->data, login_b64, strlen (login_b64)));
      if (may_hold_secrets)
        continue;
      for (guint f = 0; f < forms->len; f++)
        {
          gsize len;
          const char *form = g_bytes_get_data (g_ptr_array_index (forms, f), &len);

          if (holds (chunk->data, form, len))
            g_error ("%s: a credential reached the server %s", hc->name,
                     chunk->tls ? "where it must not" : "unencrypted");
        }
    }
}

/* --- What the client produced ---------------------------------------------- */

/* Text a person reads: valid UTF-8, no control characters but line ends,
 * and never the password. */
static void
assert_clean_text (const char *text,
                   gboolean    multi_line)
{
  g_autoptr(GPtrArray) forms = secret_forms_new (SMTP_TEST_USER, SMTP_TEST_PASSWORD);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p++)
    if (((guchar)*p < 0x20 && !(multi_line && *p == '\n')) || *p == 0x7f)
      g_error ("control character 0x%02x in: %s", (guchar)*p, text);
  for (guint f = 0; f < forms->len; f++)
    {
      gsize len;
      const char *form = g_bytes_get_data (g_ptr_array_index (forms, f), &len);
      g_assert_null (memmem (text, strlen (text), form, len));
    }
}

static void
assert_clean_report (SmtpRun *run)
{
  GPtrArray *transcript = outbox_test_report_get_transcript (run->report);
  g_autoptr(JsonNode) json = outbox_test_report_to_json (run->report, TRUE);
  g_autofree char *json_text = json_to_string (json, FALSE);
  g_autofree char *formatted = outbox_test_report_format (run->report, TRUE);

  for (guint i = 0; i < transcript->len; i++)
    assert_clean_text (((OutboxTranscriptLine *)g_ptr_array_index (transcript, i))->text, FALSE);
  assert_clean_text (formatted, TRUE);
  assert_clean_text (json_text, FALSE);
  if (run->error)
    assert_clean_text (run->error->message, FALSE);
  if (outbox_test_report_get_greeting (run->report))
    assert_clean_text (outbox_test_report_get_greeting (run->report), TRUE);
  if (outbox_test_report_get_server_text (run->report))
    assert_clean_text (outbox_test_report_get_server_text (run->report), TRUE);
}

static void
test_hostile (gconstpointer data)
{
  const HostileCase *hc = data;
  OutboxTestFaultOptions options = {
    .cert = hc->cert, .implicit_tls = hc->tls_port, .no_tls = hc->no_tls,
  };
  g_autoptr(OutboxTestServer) server = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(GPtrArray) chunks = NULL;
  guint timeout = hc->timeout ? hc->timeout : 5;
  gint64 limit_ms = (timeout + 1) * 1000 + MACHINE_MARGIN_MS;

  server = outbox_test_fault_server_start (hc->scenario, &options);
  account = smtp_test_account_new (hc->security, outbox_test_server_get_port (server, "port"),
                                   OUTBOX_AUTH_PASSWORD);
  outbox_account_set_timeout (account, timeout);
  if (hc->pin)
    {
      g_autofree char *fingerprint = outbox_test_cert_fingerprint (hc->pin);
      outbox_account_set_pinned_certificate_sha256 (account, fingerprint);
    }
  session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  run = smtp_test_run (session, NULL, -1);

  if (hc->success)
    smtp_run_assert_success (run);
  else if (hc->alt_code && g_error_matches (run->error, OUTBOX_SMTP_ERROR, (gint)hc->alt_code))
    smtp_run_assert_failed (run, hc->step, hc->alt_code);
  else
    smtp_run_assert_failed (run, hc->step, hc->code);

  /* No hang: within the timeout and the margin, always; at once when the
   * client could see the fault. */
  g_test_message ("%s: %" G_GINT64_FORMAT " ms", hc->name, run->elapsed_ms);
  g_assert_cmpint (run->elapsed_ms, <=, limit_ms);
  if (!hc->success && hc->code == OUTBOX_SMTP_ERROR_TIMEOUT)
    g_assert_cmpint (run->elapsed_ms, >=, timeout * 1000 - 100);
  else
    g_assert_cmpint (run->elapsed_ms, <, timeout * 1000);

  if (hc->smtp_code)
    g_assert_cmpuint (outbox_test_report_get_smtp_code (run->report), ==, hc->smtp_code);
  if (hc->mechanism)
    g_assert_cmpstr (outbox_test_report_get_auth_mechanism (run->report), ==, hc->mechanism);
  if (hc->problems)
    {
      OutboxCertificateInfo *info = outbox_test_report_get_certificate (run->report);

      g_assert_nonnull (info);
      g_assert_cmphex (outbox_certificate_info_get_problems (info) & hc->problems, ==,
                       hc->problems);
      g_assert_false (outbox_certificate_info_get_pinned (info));
    }
  assert_clean_report (run);

  /* The client hung up, and sent only what it should have. */
  chunks = received_when_closed (server, hc->name);
  assert_secrets_kept (hc, chunks);
  if (!hc->success && hc->step < OUTBOX_SMTP_STEP_SENDING)
    for (guint i = 0; i < chunks->len; i++)
      g_assert_false (has_line (((Chunk *)g_ptr_array_index (chunks, i))->data, "MAIL"));
  if (!hc->success && hc->step == OUTBOX_SMTP_STEP_GREETING && hc->code == E (PROTOCOL))
    for (guint i = 0; i < chunks->len; i++)
      g_assert_false (has_line (((Chunk *)g_ptr_array_index (chunks, i))->data, "STARTTLS"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/HostileServer/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_hostile);
    }

  return g_test_run ();
}
