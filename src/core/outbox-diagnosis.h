/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns a failed test into a likely cause, an explanation in plain words
 * and suggested fixes, some of which one click applies. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "outbox-account.h"
#include "outbox-fix.h"
#include "outbox-smtp-error.h"

G_BEGIN_DECLS

/* What else a test may have learned that sharpens the advice. Every
 * member is optional (zero/NULL when unknown). */
typedef struct
{
  GTlsCertificateFlags  certificate_problems;   /* what was wrong with it */
  const char           *certificate_sha256;     /* 64 hex digits, for "Trust this certificate" */
  const char * const   *certificate_host_names; /* the names the certificate is valid for */
  guint64               size_limit;             /* the server's SIZE, in bytes */
  guint64               message_size;           /* the size of what was sent, in bytes */
} OutboxDiagnosisDetails;

#define OUTBOX_TYPE_DIAGNOSIS (outbox_diagnosis_get_type ())

G_DECLARE_FINAL_TYPE (OutboxDiagnosis, outbox_diagnosis, OUTBOX, DIAGNOSIS, GObject)

/* @step: the step that failed; @error: normally in the OUTBOX_SMTP_ERROR
 * domain (G_RESOLVER_ERROR, G_IO_ERROR and G_TLS_ERROR are understood too);
 * @smtp_code: the server's reply code or 0; @enhanced_code: "5.7.8" or NULL;
 * @server_text: the reply text after the codes, or NULL. */
OutboxDiagnosis *outbox_diagnosis_new              (OutboxAccount                *account,
                                                    OutboxSmtpStep                step,
                                                    const GError                 *error,
                                                    guint                         smtp_code,
                                                    const char                   *enhanced_code,
                                                    const char                   *server_text);
OutboxDiagnosis *outbox_diagnosis_new_with_details (OutboxAccount                *account,
                                                    OutboxSmtpStep                step,
                                                    const GError                 *error,
                                                    guint                         smtp_code,
                                                    const char                   *enhanced_code,
                                                    const char                   *server_text,
                                                    const OutboxDiagnosisDetails *details);

/* A stable, untranslated name of the cause ("auth-failed", "relay-denied", …). */
const char      *outbox_diagnosis_get_id           (OutboxDiagnosis *self);
const char      *outbox_diagnosis_get_title        (OutboxDiagnosis *self);
const char      *outbox_diagnosis_get_explanation  (OutboxDiagnosis *self);
/* OutboxFix items, the most likely fix first. */
GListModel      *outbox_diagnosis_get_fixes        (OutboxDiagnosis *self);
/* The server's reply as given ("535 5.7.8 …"), or NULL. */
const char      *outbox_diagnosis_get_server_reply (OutboxDiagnosis *self);

/* Title, explanation, the server's reply and the fixes as text for a
 * terminal (outboxctl), and the same as JSON. */
char            *outbox_diagnosis_format           (OutboxDiagnosis *self);
JsonNode        *outbox_diagnosis_to_json          (OutboxDiagnosis *self);

G_END_DECLS
