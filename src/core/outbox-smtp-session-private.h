/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of a running OutboxSmtpSession, shared by its three files:
 * the object and the dialogue's plumbing (outbox-smtp-session.c), connecting
 * and securing (outbox-smtp-session-connect.c), signing in and sending
 * (outbox-smtp-session-mail.c). */

#pragma once

#include "outbox-smtp-auth-private.h"
#include "outbox-smtp-channel-private.h"
#include "outbox-smtp-session.h"
#include "outbox-test-report-private.h"

G_BEGIN_DECLS

typedef void (*OutboxReplyHandler) (OutboxSmtpSession *self,
                                    OutboxSmtpReply   *reply);

struct _OutboxSmtpSession
{
  GObject                 parent_instance;

  OutboxAccount          *account;
  char                   *password;
  char                   *recipient;
  GTlsDatabase           *tls_database;
  gboolean                allow_plaintext_password;
  gboolean                probe_only;

  /* One run. */
  GTask                  *task;
  OutboxTestReport       *report;
  GCancellable           *cancellable;       /* cancelled by the user's or the deadline */
  GCancellable           *user_cancellable;
  gulong                  user_cancel_id;
  GSource                *deadline;
  gboolean                timed_out;
  GError                 *error;
  gboolean                quitting;
  char                   *host;

  GSocketClient          *client;
  OutboxSmtpChannel      *channel;
  GTlsConnection         *tls;
  GIOStream              *tls_prepared;      /* made in a thread, not yet used */
  GError                 *tls_prepare_error;
  gboolean                tls_preparing;
  gboolean                tls_wanted;        /* start TLS once it is prepared */
  gboolean                finish_deferred;   /* finish once it is prepared */
  gboolean                tls_releasing;     /* finish once a thread has freed it */
  GTlsCertificate        *peer_certificate;
  GTlsCertificateFlags    peer_problems;
  gboolean                pinned_match;
  char                   *ehlo_argument;
  OutboxReplyHandler      handler;

  OutboxSmtpCapabilities  capabilities;
  guint64                 size_limit;
  GPtrArray              *auth_mechanisms;

  GArray                 *sasl_queue;        /* OutboxSaslMechanism, strongest first */
  OutboxSaslMechanism     sasl;
  guint                   sasl_round;

  GBytes                 *message;
  char                   *envelope_recipient;
  gboolean                pipelining;
  gboolean                chunking;          /* the message goes as BDAT n LAST */
  OutboxSmtpReply        *mail_reply;
  OutboxSmtpReply        *rcpt_reply;
};

void _outbox_smtp_session_set_step      (OutboxSmtpSession  *self,
                                         OutboxSmtpStep      step);
void _outbox_smtp_session_send          (OutboxSmtpSession  *self,
                                         const char         *command,
                                         const char         *shown,
                                         OutboxReplyHandler  handler);
void _outbox_smtp_session_send_raw      (OutboxSmtpSession  *self,
                                         const char         *data,
                                         gsize               len,
                                         const char * const *shown,
                                         OutboxReplyHandler  handler);
void _outbox_smtp_session_expect        (OutboxSmtpSession  *self,
                                         OutboxReplyHandler  handler);
void _outbox_smtp_session_fail          (OutboxSmtpSession  *self,
                                         OutboxSmtpError     code,
                                         OutboxSmtpReply    *reply,
                                         gboolean            in_sync,
                                         const char         *format,
                                         ...) G_GNUC_PRINTF (5, 6);
void _outbox_smtp_session_quit          (OutboxSmtpSession  *self);
void _outbox_smtp_session_finish        (OutboxSmtpSession  *self);
void _outbox_smtp_session_record_reply  (OutboxSmtpSession  *self,
                                         OutboxSmtpReply    *reply);
void _outbox_smtp_session_note          (OutboxSmtpSession  *self,
                                         const char         *text);
void _outbox_smtp_session_fail_io       (OutboxSmtpSession  *self,
                                         const GError       *error);

/* outbox-smtp-session-connect.c */
void _outbox_smtp_session_connect       (OutboxSmtpSession  *self);
gboolean _outbox_smtp_session_release_tls (OutboxSmtpSession *self);
void _outbox_smtp_parse_capabilities    (OutboxSmtpReply        *reply,
                                         OutboxSmtpCapabilities *capabilities,
                                         guint64                *size_limit,
                                         GPtrArray              *auth_mechanisms);

/* outbox-smtp-session-mail.c */
void _outbox_smtp_session_authenticate  (OutboxSmtpSession  *self);
void _outbox_smtp_session_send_message  (OutboxSmtpSession  *self);

G_END_DECLS
