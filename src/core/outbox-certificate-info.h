/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a server's certificate says and what is wrong with it, for a report. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "outbox-types.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_CERTIFICATE_INFO (outbox_certificate_info_get_type ())

G_DECLARE_FINAL_TYPE (OutboxCertificateInfo, outbox_certificate_info, OUTBOX, CERTIFICATE_INFO,
                      GObject)

OutboxCertificateInfo *outbox_certificate_info_new             (GBytes                 *der,
                                                                GTlsCertificateFlags    problems,
                                                                GError                **error);
OutboxCertificateInfo *outbox_certificate_info_new_from_certificate (GTlsCertificate   *certificate,
                                                                GTlsCertificateFlags    problems);
OutboxCertificateInfo *outbox_certificate_info_new_from_json   (JsonObject             *object,
                                                                GError                **error);

const char            *outbox_certificate_info_get_subject     (OutboxCertificateInfo  *self);
const char            *outbox_certificate_info_get_issuer      (OutboxCertificateInfo  *self);
GDateTime             *outbox_certificate_info_get_not_before  (OutboxCertificateInfo  *self);
GDateTime             *outbox_certificate_info_get_not_after   (OutboxCertificateInfo  *self);
const char * const    *outbox_certificate_info_get_host_names  (OutboxCertificateInfo  *self);
const char            *outbox_certificate_info_get_sha256      (OutboxCertificateInfo  *self);
char                  *outbox_certificate_info_format_sha256   (OutboxCertificateInfo  *self);
GTlsCertificateFlags   outbox_certificate_info_get_problems    (OutboxCertificateInfo  *self);
gboolean               outbox_certificate_info_get_pinned      (OutboxCertificateInfo  *self);
void                   outbox_certificate_info_set_pinned      (OutboxCertificateInfo  *self,
                                                                gboolean                pinned);
JsonNode              *outbox_certificate_info_to_json         (OutboxCertificateInfo  *self);

char                 **outbox_certificate_problems_to_strv     (GTlsCertificateFlags    problems);

G_END_DECLS
