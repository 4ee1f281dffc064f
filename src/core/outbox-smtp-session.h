/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One SMTP test of an account: connect, secure, sign in, send a test
 * message, and report every step. */

#pragma once

#include <gio/gio.h>

#include "outbox-account.h"
#include "outbox-smtp-error.h"
#include "outbox-test-report.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_SMTP_SESSION (outbox_smtp_session_get_type ())

G_DECLARE_FINAL_TYPE (OutboxSmtpSession, outbox_smtp_session, OUTBOX, SMTP_SESSION, GObject)

OutboxSmtpSession *outbox_smtp_session_new                 (OutboxAccount        *account);
OutboxAccount     *outbox_smtp_session_get_account         (OutboxSmtpSession    *self);

void               outbox_smtp_session_set_password        (OutboxSmtpSession    *self,
                                                            const char           *password);
void               outbox_smtp_session_set_recipient       (OutboxSmtpSession    *self,
                                                            const char           *recipient);
const char        *outbox_smtp_session_get_recipient       (OutboxSmtpSession    *self);
void               outbox_smtp_session_set_allow_plaintext_password (OutboxSmtpSession *self,
                                                            gboolean              allow);
gboolean           outbox_smtp_session_get_allow_plaintext_password (OutboxSmtpSession *self);
void               outbox_smtp_session_set_tls_database    (OutboxSmtpSession    *self,
                                                            GTlsDatabase         *database);
GTlsDatabase      *outbox_smtp_session_get_tls_database    (OutboxSmtpSession    *self);
void               outbox_smtp_session_set_probe_only      (OutboxSmtpSession    *self,
                                                            gboolean              probe_only);
gboolean           outbox_smtp_session_get_probe_only      (OutboxSmtpSession    *self);

void               outbox_smtp_session_run_async           (OutboxSmtpSession    *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
OutboxTestReport  *outbox_smtp_session_run_finish          (OutboxSmtpSession    *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
