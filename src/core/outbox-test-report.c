/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestReport: everything one SMTP test found out, filled in by the
 * session as it goes and read by the window, outboxctl and the diagnosis. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-enums.h"
#include "outbox-test-report-private.h"

#define N_STEPS (OUTBOX_SMTP_STEP_DONE + 1)

struct _OutboxTestReport
{
  GObject                 parent_instance;

  char                   *account_name;
  char                   *host;
  guint                   port;
  OutboxSecurity          security;
  char                   *recipient;
  gboolean                probe;
  char                   *greeting;

  gboolean                finished;
  gboolean                success;
  OutboxSmtpStep          step;
  GError                 *error;
  guint                   smtp_code;
  char                   *enhanced_code;
  char                   *server_text;

  gboolean                capabilities_known;
  OutboxSmtpCapabilities  capabilities;
  guint64                 size_limit;
  GStrv                   auth_mechanisms;
  char                   *auth_mechanism;
  gsize                   message_size;

  char                   *tls_protocol;
  char                   *tls_cipher;
  OutboxCertificateInfo  *certificate;

  gint64                  start_time;
  gint64                  step_start;
  gint64                  elapsed;
  gint64                  durations[N_STEPS];
  GPtrArray              *transcript;
};

G_DEFINE_FINAL_TYPE (OutboxTestReport, outbox_test_report, G_TYPE_OBJECT)

static void
transcript_line_free (gpointer data)
{
  OutboxTranscriptLine *line = data;

  g_free (line->text);
  g_free (line);
}

static void
outbox_test_report_finalize (GObject *object)
{
  OutboxTestReport *self = (OutboxTestReport *)object;

  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->enhanced_code, g_free);
  g_clear_pointer (&self->server_text, g_free);
  g_clear_pointer (&self->auth_mechanisms, g_strfreev);
  g_clear_pointer (&self->auth_mechanism, g_free);
  g_clear_pointer (&self->tls_protocol, g_free);
  g_clear_pointer (&self->tls_cipher, g_free);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->transcript, g_ptr_array_unref);

  G_OBJECT_CLASS (outbox_test_report_parent_class)->finalize (object);
}

static void
outbox_test_report_class_init (OutboxTestReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_test_report_finalize;
}

static void
outbox_test_report_init (OutboxTestReport *self)
{
  self->transcript = g_ptr_array_new_with_free_func (transcript_line_free);
  self->auth_mechanisms = g_new0 (char *, 1);
  self->start_time = self->step_start = g_get_monotonic_time ();
  self->step = OUTBOX_SMTP_STEP_RESOLVING;
  for (guint i = 0; i < N_STEPS; i++)
    self->durations[i] = -1;
  self->durations[OUTBOX_SMTP_STEP_RESOLVING] = 0;
}

/* Internal API, for OutboxSmtpSession. */

OutboxTestReport *
_outbox_test_report_new (OutboxAccount *account,
                         const char    *recipient)
{
  OutboxTestReport *self = g_object_new (OUTBOX_TYPE_TEST_REPORT, NULL);

  self->account_name = g_strdup (outbox_account_get_name (account));
  self->host = g_strdup (outbox_account_get_host (account));
  self->port = outbox_account_get_port (account);
  self->security = outbox_account_get_security (account);
  self->recipient = g_strdup (recipient && *recipient ? recipient
                                                       : outbox_account_get_sender_address (account));
  return self;
}

static void
end_step (OutboxTestReport *self,
          gint64            now)
{
  self->durations[self->step] = MAX (self->durations[self->step], 0) + (now - self->step_start);
  self->step_start = now;
}

void
_outbox_test_report_set_probe (OutboxTestReport *self,
                               gboolean          probe)
{
  self->probe = probe;
}

void
_outbox_test_report_set_greeting (OutboxTestReport *self,
                                  const char       *greeting)
{
  g_free (self->greeting);
  self->greeting = g_strdup (greeting);
}

void
_outbox_test_report_begin_step (OutboxTestReport *self,
                                OutboxSmtpStep    step)
{
  g_return_if_fail (OUTBOX_IS_TEST_REPORT (self));
  g_return_if_fail (step < N_STEPS);

  end_step (self, g_get_monotonic_time ());
  self->step = step;
  if (self->durations[step] < 0)
    self->durations[step] = 0;
}

OutboxSmtpStep
_outbox_test_report_get_step (OutboxTestReport *self)
{
  return self->step;
}

void
_outbox_test_report_add_line (OutboxTestReport          *self,
                              OutboxTranscriptDirection  direction,
                              const char                *text)
{
  OutboxTranscriptLine *line = g_new0 (OutboxTranscriptLine, 1);

  line->direction = direction;
  line->offset = g_get_monotonic_time () - self->start_time;
  line->text = g_strdup (text);
  g_ptr_array_add (self->transcript, line);
}

void
_outbox_test_report_set_reply (OutboxTestReport *self,
                               guint             code,
                               const char       *enhanced_code,
                               const char       *text)
{
  self->smtp_code = code;
  g_free (self->enhanced_code);
  self->enhanced_code = g_strdup (enhanced_code);
  g_free (self->server_text);
  self->server_text = g_strdup (text);
}

void
_outbox_test_report_set_capabilities (OutboxTestReport       *self,
                                      gboolean                known,
                                      OutboxSmtpCapabilities  capabilities,
                                      guint64                 size_limit,
                                      const char * const     *auth_mechanisms)
{
  self->capabilities_known = known;
  self->capabilities = capabilities;
  self->size_limit = size_limit;
  g_strfreev (self->auth_mechanisms);
  self->auth_mechanisms = auth_mechanisms ? g_strdupv ((char **)auth_mechanisms)
                                          : g_new0 (char *, 1);
}

/* STARTTLS is only announced before TLS starts; the report keeps it. */
void
_outbox_test_report_add_capabilities (OutboxTestReport       *self,
                                      OutboxSmtpCapabilities  capabilities)
{
  self->capabilities |= capabilities;
}

void
_outbox_test_report_set_auth_mechanism (OutboxTestReport *self,
                                        const char       *mechanism)
{
  g_free (self->auth_mechanism);
  self->auth_mechanism = g_strdup (mechanism);
}

void
_outbox_test_report_set_message_size (OutboxTestReport *self,
                                      gsize             size)
{
  self->message_size = size;
}

void
_outbox_test_report_set_tls (OutboxTestReport *self,
                             const char       *protocol,
                             const char       *cipher)
{
  g_free (self->tls_protocol);
  self->tls_protocol = g_strdup (protocol);
  g_free (self->tls_cipher);
  self->tls_cipher = g_strdup (cipher);
}

void
_outbox_test_report_set_certificate (OutboxTestReport      *self,
                                     OutboxCertificateInfo *certificate)
{
  g_set_object (&self->certificate, certificate);
}

void
_outbox_test_report_finish (OutboxTestReport *self,
                            const GError     *error)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (!self->finished);

  end_step (self, now);
  self->finished = TRUE;
  self->elapsed = now - self->start_time;
  self->success = error == NULL;
  if (error)
    self->error = g_error_copy (error);
  else
    {
      self->step = OUTBOX_SMTP_STEP_DONE;
      if (self->durations[OUTBOX_SMTP_STEP_DONE] < 0)
        self->durations[OUTBOX_SMTP_STEP_DONE] = 0;
    }
}

/* Public API */

const char *
outbox_test_report_get_account_name (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->account_name;
}

const char *
outbox_test_report_get_host (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->host;
}

guint
outbox_test_report_get_port (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), 0);
  return self->port;
}

OutboxSecurity
outbox_test_report_get_security (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), OUTBOX_SECURITY_NONE);
  return self->security;
}

/**
 * outbox_test_report_get_recipient:
 *
 * Returns: the address the test message was (to be) sent to
 */
const char *
outbox_test_report_get_recipient (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->recipient;
}

/**
 * outbox_test_report_get_probe:
 *
 * Returns: %TRUE for a probe: the test stopped after EHLO, without signing
 *   in or sending
 */
gboolean
outbox_test_report_get_probe (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), FALSE);
  return self->probe;
}

/**
 * outbox_test_report_get_greeting:
 *
 * Returns: (nullable): the server's greeting (the text of its 220 reply)
 */
const char *
outbox_test_report_get_greeting (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->greeting;
}

gboolean
outbox_test_report_get_success (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), FALSE);
  return self->success;
}

/**
 * outbox_test_report_get_failed_step:
 *
 * Returns: the step the test failed in, or %OUTBOX_SMTP_STEP_DONE when it
 *   succeeded
 */
OutboxSmtpStep
outbox_test_report_get_failed_step (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), OUTBOX_SMTP_STEP_DONE);
  return self->success ? OUTBOX_SMTP_STEP_DONE : self->step;
}

/**
 * outbox_test_report_get_error:
 *
 * Returns: (nullable): why the test failed, in the %OUTBOX_SMTP_ERROR domain
 */
const GError *
outbox_test_report_get_error (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->error;
}

/**
 * outbox_test_report_get_smtp_code:
 *
 * Returns: the code of the server's reply that decided the outcome (the
 *   rejection, or the acceptance of the message), or 0 when there was none
 */
guint
outbox_test_report_get_smtp_code (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), 0);
  return self->smtp_code;
}

/**
 * outbox_test_report_get_enhanced_code:
 *
 * Returns: (nullable): the enhanced status code of that reply ("5.7.8")
 */
const char *
outbox_test_report_get_enhanced_code (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->enhanced_code;
}

/**
 * outbox_test_report_get_server_text:
 *
 * Returns: (nullable): the text of that reply, lines joined by "\n"
 */
const char *
outbox_test_report_get_server_text (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->server_text;
}

/**
 * outbox_test_report_get_capabilities_known:
 *
 * Returns: %TRUE when the server answered EHLO, so the capabilities are
 *   what it announced; %FALSE before that or when it only spoke HELO
 */
gboolean
outbox_test_report_get_capabilities_known (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), FALSE);
  return self->capabilities_known;
}

OutboxSmtpCapabilities
outbox_test_report_get_capabilities (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), 0);
  return self->capabilities;
}

/**
 * outbox_test_report_get_size_limit:
 *
 * Returns: the largest message the server takes (SIZE), in bytes, or 0 when
 *   it named no limit
 */
guint64
outbox_test_report_get_size_limit (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), 0);
  return self->size_limit;
}

/**
 * outbox_test_report_get_auth_mechanisms:
 *
 * Returns: (transfer none): the AUTH mechanisms offered, upper case
 */
const char * const *
outbox_test_report_get_auth_mechanisms (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return (const char * const *)self->auth_mechanisms;
}

/**
 * outbox_test_report_get_auth_mechanism:
 *
 * Returns: (nullable): the mechanism used to sign in
 */
const char *
outbox_test_report_get_auth_mechanism (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->auth_mechanism;
}

/**
 * outbox_test_report_get_message_size:
 *
 * Returns: the size of the test message in bytes, or 0 when it was not made
 */
gsize
outbox_test_report_get_message_size (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), 0);
  return self->message_size;
}

/**
 * outbox_test_report_get_tls_protocol:
 *
 * Returns: (nullable): the TLS version ("TLS 1.3"), %NULL without TLS
 */
const char *
outbox_test_report_get_tls_protocol (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->tls_protocol;
}

/**
 * outbox_test_report_get_tls_cipher:
 *
 * Returns: (nullable): the cipher suite, as the TLS library names it
 */
const char *
outbox_test_report_get_tls_cipher (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->tls_cipher;
}

/**
 * outbox_test_report_get_certificate:
 *
 * Returns: (transfer none) (nullable): the server's certificate, whether it
 *   was accepted or not
 */
OutboxCertificateInfo *
outbox_test_report_get_certificate (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->certificate;
}

/**
 * outbox_test_report_get_step_duration:
 *
 * Returns: how long @step took, in microseconds, or -1 when it never began
 */
gint64
outbox_test_report_get_step_duration (OutboxTestReport *self,
                                      OutboxSmtpStep    step)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), -1);
  g_return_val_if_fail (step < N_STEPS, -1);
  return self->durations[step];
}

/**
 * outbox_test_report_get_elapsed:
 *
 * Returns: how long the whole test took, in microseconds
 */
gint64
outbox_test_report_get_elapsed (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), 0);
  return self->elapsed;
}

/**
 * outbox_test_report_get_transcript:
 *
 * Returns: (transfer none) (element-type OutboxTranscriptLine): every line
 *   sent and received, in order
 */
GPtrArray *
outbox_test_report_get_transcript (OutboxTestReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  return self->transcript;
}

/**
 * outbox_test_report_diagnose:
 * @account: the account that was tested (its settings shape the advice)
 *
 * Returns: (transfer full) (nullable): what the failure most likely means
 *   and how to fix it, or %NULL when the test succeeded
 */
OutboxDiagnosis *
outbox_test_report_diagnose (OutboxTestReport *self,
                             OutboxAccount    *account)
{
  OutboxDiagnosisDetails details = { 0 };

  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), NULL);

  if (self->success || self->error == NULL)
    return NULL;

  if (self->certificate)
    {
      details.certificate_problems = outbox_certificate_info_get_problems (self->certificate);
      details.certificate_sha256 = outbox_certificate_info_get_sha256 (self->certificate);
      details.certificate_host_names = outbox_certificate_info_get_host_names (self->certificate);
    }
  details.size_limit = self->size_limit;
  details.message_size = self->message_size;

  return outbox_diagnosis_new_with_details (account, self->step, self->error, self->smtp_code,
                                            self->enhanced_code, self->server_text, &details);
}
