/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Something a test learned that is worth telling but is not a failure: a
 * renewed or changed certificate, one that expires soon, a sender domain
 * without SPF or DMARC. The window, outboxctl and the reports show them. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "outbox-certificate-info.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_NOTICE_INFO,            /* worth knowing; nothing to do */
  OUTBOX_NOTICE_WARNING,         /* look at it before a campaign */
  OUTBOX_NOTICE_STRONG_WARNING,  /* act now: it stops working within days */
} OutboxNoticeLevel;

#define OUTBOX_TYPE_NOTICE (outbox_notice_get_type ())

G_DECLARE_FINAL_TYPE (OutboxNotice, outbox_notice, OUTBOX, NOTICE, GObject)

/* @id: a stable, untranslated name ("certificate-renewed", "spf-missing",
 * …); @message: one translated sentence; @detail: more lines, or NULL. */
OutboxNotice          *outbox_notice_new                 (OutboxNoticeLevel       level,
                                                          const char             *id,
                                                          const char             *message,
                                                          const char             *detail);
OutboxNoticeLevel      outbox_notice_get_level           (OutboxNotice           *self);
const char            *outbox_notice_get_id              (OutboxNotice           *self);
const char            *outbox_notice_get_message         (OutboxNotice           *self);
const char            *outbox_notice_get_detail          (OutboxNotice           *self);
/* For a certificate change: the certificate of the previous test and of
 * this one, to show side by side; for an expiry, the current one. */
OutboxCertificateInfo *outbox_notice_get_old_certificate (OutboxNotice           *self);
OutboxCertificateInfo *outbox_notice_get_new_certificate (OutboxNotice           *self);
void                   outbox_notice_set_certificates    (OutboxNotice           *self,
                                                          OutboxCertificateInfo  *old_certificate,
                                                          OutboxCertificateInfo  *new_certificate);

/* "info", "warning", "strong-warning" */
const char            *outbox_notice_level_to_string     (OutboxNoticeLevel       level);
/* A translated word for the level: "Notice", "Warning", "Important". */
const char            *outbox_notice_level_get_label     (OutboxNoticeLevel       level);

/* id, level, message, detail and the fingerprints of the certificates. */
JsonNode              *outbox_notice_to_json             (OutboxNotice           *self);
/* "Warning: message" and the detail indented, for a terminal. */
char                  *outbox_notice_format              (OutboxNotice           *self);

/* The certificate watch: what changed between the certificate of the
 * previous test (@previous, may be NULL) and this one, and whether @current
 * expires within 21 days (a warning) or 7 days (a strong warning) of @now.
 * Returns (transfer full): OutboxNotice items, possibly none. */
GPtrArray             *outbox_certificate_watch_compare  (OutboxCertificateInfo  *previous,
                                                          OutboxCertificateInfo  *current,
                                                          GDateTime              *now);
GPtrArray             *outbox_certificate_watch_expiry   (OutboxCertificateInfo  *current,
                                                          GDateTime              *now);

/* Days before expiry that make a warning and a strong warning. */
#define OUTBOX_CERTIFICATE_WARN_DAYS        21
#define OUTBOX_CERTIFICATE_STRONG_WARN_DAYS 7

G_END_DECLS
