/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SMTP wire: strict, size-limited reply reading and command writing,
 * with every line recorded in the report's transcript. */

#pragma once

#include <gio/gio.h>

#include "outbox-test-report.h"

G_BEGIN_DECLS

/* RFC 5321 allows 512 octets in a reply line; real servers stay well within
 * four times that. A hostile server gets no further than these limits. */
#define OUTBOX_SMTP_MAX_LINE        2048
#define OUTBOX_SMTP_MAX_REPLY_LINES 100

typedef struct
{
  guint      code;
  char      *enhanced_code;  /* "5.7.8" when the reply carries one */
  GPtrArray *lines;          /* the text of each line, after the code */
} OutboxSmtpReply;

typedef struct _OutboxSmtpChannel OutboxSmtpChannel;

void               _outbox_smtp_reply_free             (OutboxSmtpReply    *reply);
char              *_outbox_smtp_reply_get_text         (OutboxSmtpReply    *reply);
gboolean           _outbox_smtp_parse_reply_line       (const char         *line,
                                                        guint              *code,
                                                        gboolean           *last,
                                                        const char        **text);
char              *_outbox_smtp_parse_enhanced_code    (guint               code,
                                                        const char         *text,
                                                        const char        **rest);
char              *_outbox_smtp_address_literal        (GSocketAddress     *address);
char              *_outbox_smtp_printable              (const char         *data,
                                                        gsize               len);

OutboxSmtpChannel *_outbox_smtp_channel_new            (GSocketConnection  *connection,
                                                        OutboxTestReport   *report);
void               _outbox_smtp_channel_free           (OutboxSmtpChannel  *self);
void               _outbox_smtp_channel_set_stream     (OutboxSmtpChannel  *self,
                                                        GIOStream          *stream);
GIOStream         *_outbox_smtp_channel_get_stream     (OutboxSmtpChannel  *self);
gboolean           _outbox_smtp_channel_has_pending_input (OutboxSmtpChannel *self);
gboolean           _outbox_smtp_channel_has_buffered_input (OutboxSmtpChannel *self);
guint64            _outbox_smtp_channel_get_received   (OutboxSmtpChannel  *self);
void               _outbox_smtp_channel_add_secret     (OutboxSmtpChannel  *self,
                                                        const char         *secret);
char              *_outbox_smtp_channel_redact         (OutboxSmtpChannel  *self,
                                                        const char         *text);
void               _outbox_smtp_channel_close          (OutboxSmtpChannel  *self);

void               _outbox_smtp_channel_read_reply_async  (OutboxSmtpChannel   *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
OutboxSmtpReply   *_outbox_smtp_channel_read_reply_finish (OutboxSmtpChannel   *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void               _outbox_smtp_channel_send_async     (OutboxSmtpChannel   *self,
                                                        const char          *data,
                                                        gsize                len,
                                                        const char * const  *shown,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           _outbox_smtp_channel_send_finish    (OutboxSmtpChannel   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxSmtpReply, _outbox_smtp_reply_free)

G_END_DECLS
