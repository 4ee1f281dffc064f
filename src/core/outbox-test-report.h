/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result of one SMTP test: what worked, what failed, and everything
 * learned on the way. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "outbox-account.h"
#include "outbox-certificate-info.h"
#include "outbox-diagnosis.h"
#include "outbox-smtp-error.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_TRANSCRIPT_SENT,      /* a line the client sent */
  OUTBOX_TRANSCRIPT_RECEIVED,  /* a line the server sent */
  OUTBOX_TRANSCRIPT_NOTE,      /* what happened in between (connected, TLS started) */
} OutboxTranscriptDirection;

/* The extensions a server announced in its (last) EHLO reply. */
typedef enum /*< flags >*/
{
  OUTBOX_SMTP_CAPABILITY_NONE                = 0,
  OUTBOX_SMTP_CAPABILITY_STARTTLS            = 1 << 0,
  OUTBOX_SMTP_CAPABILITY_AUTH                = 1 << 1,
  OUTBOX_SMTP_CAPABILITY_SIZE                = 1 << 2,
  OUTBOX_SMTP_CAPABILITY_PIPELINING          = 1 << 3,
  OUTBOX_SMTP_CAPABILITY_8BITMIME            = 1 << 4,
  OUTBOX_SMTP_CAPABILITY_SMTPUTF8            = 1 << 5,
  OUTBOX_SMTP_CAPABILITY_CHUNKING            = 1 << 6,
  OUTBOX_SMTP_CAPABILITY_ENHANCEDSTATUSCODES = 1 << 7,
} OutboxSmtpCapabilities;

typedef struct
{
  OutboxTranscriptDirection direction;
  gint64                    offset;     /* microseconds since the test started */
  char                     *text;       /* without the line ending; secrets redacted */
} OutboxTranscriptLine;

/* What stands in the transcript where a secret was. */
#define OUTBOX_REDACTED "[redacted]"

#define OUTBOX_TYPE_TEST_REPORT (outbox_test_report_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestReport, outbox_test_report, OUTBOX, TEST_REPORT, GObject)

const char             *outbox_test_report_get_account_name     (OutboxTestReport *self);
const char             *outbox_test_report_get_host             (OutboxTestReport *self);
guint                   outbox_test_report_get_port             (OutboxTestReport *self);
OutboxSecurity          outbox_test_report_get_security         (OutboxTestReport *self);
const char             *outbox_test_report_get_recipient        (OutboxTestReport *self);
gboolean                outbox_test_report_get_probe            (OutboxTestReport *self);
const char             *outbox_test_report_get_greeting         (OutboxTestReport *self);

gboolean                outbox_test_report_get_success          (OutboxTestReport *self);
OutboxSmtpStep          outbox_test_report_get_failed_step      (OutboxTestReport *self);
const GError           *outbox_test_report_get_error            (OutboxTestReport *self);
guint                   outbox_test_report_get_smtp_code        (OutboxTestReport *self);
const char             *outbox_test_report_get_enhanced_code    (OutboxTestReport *self);
const char             *outbox_test_report_get_server_text      (OutboxTestReport *self);

gboolean                outbox_test_report_get_capabilities_known (OutboxTestReport *self);
OutboxSmtpCapabilities  outbox_test_report_get_capabilities     (OutboxTestReport *self);
guint64                 outbox_test_report_get_size_limit       (OutboxTestReport *self);
const char * const     *outbox_test_report_get_auth_mechanisms  (OutboxTestReport *self);
const char             *outbox_test_report_get_auth_mechanism   (OutboxTestReport *self);
gsize                   outbox_test_report_get_message_size     (OutboxTestReport *self);

const char             *outbox_test_report_get_tls_protocol     (OutboxTestReport *self);
const char             *outbox_test_report_get_tls_cipher       (OutboxTestReport *self);
OutboxCertificateInfo  *outbox_test_report_get_certificate      (OutboxTestReport *self);

gint64                  outbox_test_report_get_step_duration    (OutboxTestReport *self,
                                                                 OutboxSmtpStep    step);
gint64                  outbox_test_report_get_elapsed          (OutboxTestReport *self);
GPtrArray              *outbox_test_report_get_transcript       (OutboxTestReport *self);

OutboxDiagnosis        *outbox_test_report_diagnose             (OutboxTestReport *self,
                                                                 OutboxAccount    *account);

JsonNode               *outbox_test_report_to_json              (OutboxTestReport *self,
                                                                 gboolean          with_transcript);
char                   *outbox_test_report_format               (OutboxTestReport *self,
                                                                 gboolean          with_transcript);
char                   *outbox_test_report_format_transcript    (OutboxTestReport *self);

const char             *outbox_smtp_step_get_label              (OutboxSmtpStep    step);

G_END_DECLS
