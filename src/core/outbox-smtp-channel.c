/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SMTP wire of one session: reads replies strictly and within limits,
 * writes commands, and records both in the transcript with secrets replaced
 * by a redaction mark. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-smtp-channel-private.h"
#include "outbox-smtp-error.h"
#include "outbox-test-report-private.h"

#define READ_CHUNK 4096

struct _OutboxSmtpChannel
{
  GSocketConnection *connection;
  GIOStream         *stream;
  OutboxTestReport  *report;
  GByteArray        *input;
  guint8             chunk[READ_CHUNK];
  guint64            received;
  GPtrArray         *secrets;
  gboolean           busy_reading;
};

typedef struct
{
  OutboxSmtpChannel *channel;
  OutboxSmtpReply   *reply;
  GCancellable      *cancellable;
} ReadData;

/* Replies */

void
_outbox_smtp_reply_free (OutboxSmtpReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->enhanced_code);
  g_ptr_array_unref (reply->lines);
  g_free (reply);
}

/* The text of a reply as a person reads it: its lines joined by "\n". */
char *
_outbox_smtp_reply_get_text (OutboxSmtpReply *reply)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < reply->lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (reply->lines, i));
    }
  return g_string_free (text, FALSE);
}

/* Parses "250-text", "250 text" or "250": three digits of a reply code
 * (2xx to 5xx), then a separator; nothing else is a reply line. */
gboolean
_outbox_smtp_parse_reply_line (const char  *line,
                               guint       *code,
                               gboolean    *last,
                               const char **text)
{
  if (!(line[0] >= '2' && line[0] <= '5') ||
      !(line[1] >= '0' && line[1] <= '9') ||
      !(line[2] >= '0' && line[2] <= '9'))
    return FALSE;
  if (line[3] != '\0' && line[3] != ' ' && line[3] != '-')
    return FALSE;

  *code = (guint)((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
  *last = line[3] != '-';
  *text = line[3] ? line + 4 : line + 3;
  return TRUE;
}

static gboolean
parse_number (const char **p,
              guint        max_digits)
{
  guint n = 0;

  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      (*p)++;
      n++;
    }
  return n > 0 && !g_ascii_isdigit (**p);
}

/* An enhanced status code (RFC 3463) opens the text: class.subject.detail,
 * the class matching the reply's first digit. Returns it, and in @rest the
 * text after it. */
char *
_outbox_smtp_parse_enhanced_code (guint        code,
                                  const char  *text,
                                  const char **rest)
{
  const char *p = text;

  if (code < 200 || text[0] != '0' + (char)(code / 100) || text[1] != '.')
    return NULL;
  p += 2;
  if (!parse_number (&p, 3) || *p != '.')
    return NULL;
  p++;
  if (!parse_number (&p, 3) || (*p != ' ' && *p != '\0'))
    return NULL;

  if (rest)
    *rest = *p == ' ' ? p + 1 : p;
  return g_strndup (text, (gsize)(p - text));
}

/* What a server sent, fit for a transcript: valid UTF-8, with control
 * characters shown as \xNN. */
char *
_outbox_smtp_printable (const char *data,
                        gsize       len)
{
  g_autoptr(GString) escaped = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar)data[i];
      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (escaped, "\\x%02x", c);
      else
        g_string_append_c (escaped, (char)c);
    }
  return g_utf8_make_valid (escaped->str, (gssize)escaped->len);
}

/* At most @max characters of @text, for an error message. */
static char *
ellipsize (const char *text,
           glong       max)
{
  if (g_utf8_strlen (text, -1) <= max)
    return g_strdup (text);
  {
    g_autofree char *start = g_utf8_substring (text, 0, max);
    return g_strconcat (start, "…", NULL);
  }
}

/* An address literal of our end of the connection: EHLO must name the
 * client, and the machine's own name is nobody's business. */
char *
_outbox_smtp_address_literal (GSocketAddress *address)
{
  GInetAddress *inet;
  g_autofree char *text = NULL;
  char *scope;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("[127.0.0.1]");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  text = g_inet_address_to_string (inet);
  if ((scope = strchr (text, '%')))
    *scope = '\0';
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", text);
  return g_strdup_printf ("[%s]", text);
}

/* Channel */

OutboxSmtpChannel *
_outbox_smtp_channel_new (GSocketConnection *connection,
                          OutboxTestReport  *report)
{
  OutboxSmtpChannel *self = g_new0 (OutboxSmtpChannel, 1);

  self->connection = g_object_ref (connection);
  self->stream = g_object_ref (G_IO_STREAM (connection));
  self->report = g_object_ref (report);
  self->input = g_byte_array_new ();
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  return self;
}

static void
wipe_secret (gpointer data)
{
  char *secret = data;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

void
_outbox_smtp_channel_free (OutboxSmtpChannel *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_clear_object (&self->connection);
  g_clear_object (&self->report);
  if (self->input->len > 0)
    explicit_bzero (self->input->data, self->input->len);
  explicit_bzero (self->chunk, sizeof self->chunk);
  g_byte_array_unref (self->input);
  g_ptr_array_set_free_func (self->secrets, wipe_secret);
  g_ptr_array_unref (self->secrets);
  g_free (self);
}

/* After a TLS handshake, every later byte goes through @stream. */
void
_outbox_smtp_channel_set_stream (OutboxSmtpChannel *self,
                                 GIOStream         *stream)
{
  g_return_if_fail (self->input->len == 0);
  g_set_object (&self->stream, stream);
}

GIOStream *
_outbox_smtp_channel_get_stream (OutboxSmtpChannel *self)
{
  return self->stream;
}

/* TRUE when bytes are waiting that no command asked for: read but not yet
 * used, or already in the socket's receive queue. */
gboolean
_outbox_smtp_channel_has_pending_input (OutboxSmtpChannel *self)
{
  GSocket *socket = g_socket_connection_get_socket (self->connection);

  return self->input->len > 0 || g_socket_get_available_bytes (socket) > 0;
}

/* TRUE when bytes were read that no reply used yet. Unlike
 * _outbox_smtp_channel_has_pending_input() this ignores the socket, which
 * under TLS may hold records that are no SMTP data (session tickets). */
gboolean
_outbox_smtp_channel_has_buffered_input (OutboxSmtpChannel *self)
{
  return self->input->len > 0;
}

guint64
_outbox_smtp_channel_get_received (OutboxSmtpChannel *self)
{
  return self->received;
}

/* A secret never shows in the transcript or the log, even when a server
 * echoes it back. */
void
_outbox_smtp_channel_add_secret (OutboxSmtpChannel *self,
                                 const char        *secret)
{
  if (secret && strlen (secret) >= 3)
    g_ptr_array_add (self->secrets, g_strdup (secret));
}

char *
_outbox_smtp_channel_redact (OutboxSmtpChannel *self,
                             const char        *text)
{
  GString *out = g_string_new (text);

  for (guint i = 0; i < self->secrets->len; i++)
    g_string_replace (out, g_ptr_array_index (self->secrets, i), OUTBOX_REDACTED, 0);
  return g_string_free (out, FALSE);
}

/* Ends the connection at once, without TLS close_notify or QUIT: for
 * timeouts, cancellation and servers that broke the protocol. */
void
_outbox_smtp_channel_close (OutboxSmtpChannel *self)
{
  GSocket *socket = g_socket_connection_get_socket (self->connection);

  if (!g_socket_is_closed (socket))
    g_socket_close (socket, NULL);
}

static void
record (OutboxSmtpChannel         *self,
        OutboxTranscriptDirection  direction,
        const char                *text)
{
  g_autofree char *redacted = _outbox_smtp_channel_redact (self, text);

  g_debug ("%s %s", direction == OUTBOX_TRANSCRIPT_SENT ? "C:" : "S:", redacted);
  _outbox_test_report_add_line (self->report, direction, redacted);
}

static void
read_data_free (gpointer data)
{
  ReadData *rd = data;

  g_clear_pointer (&rd->reply, _outbox_smtp_reply_free);
  g_clear_object (&rd->cancellable);
  g_free (rd);
}

static void read_more (GTask *task);

static void
fail_protocol (GTask      *task,
               const char *message)
{
  ReadData *rd = g_task_get_task_data (task);

  rd->channel->busy_reading = FALSE;
  g_task_return_new_error (task, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL, "%s", message);
}

/* Takes whole lines from the buffer into the reply until it is complete.
 * Owns @owned_task: hands it on to the next read, or drops it once the
 * task has its result. */
static void
process_input (GTask *owned_task)
{
  g_autoptr(GTask) task = owned_task;
  ReadData *rd = g_task_get_task_data (task);
  OutboxSmtpChannel *self = rd->channel;

  for (;;)
    {
      g_autofree char *line = NULL;
      g_autofree char *shown = NULL;
      guint8 *newline;
      gsize scan = MIN (self->input->len, OUTBOX_SMTP_MAX_LINE);
      gsize len;
      guint code;
      gboolean last;
      const char *text;

      newline = scan > 0 ? memchr (self->input->data, '\n', scan) : NULL;
      if (newline == NULL)
        {
          if (self->input->len >= OUTBOX_SMTP_MAX_LINE)
            {
              g_autofree char *start = _outbox_smtp_printable ((const char *)self->input->data, 80);
              g_autofree char *cut = g_strdup_printf ("%s… [%s]", start, _("cut: line too long"));
              g_autofree char *message = NULL;

              record (self, OUTBOX_TRANSCRIPT_RECEIVED, cut);
              message = g_strdup_printf (_("The server sent a reply line longer than %u bytes."),
                                         OUTBOX_SMTP_MAX_LINE);
              fail_protocol (task, message);
              return;
            }
          read_more (g_steal_pointer (&task));
          return;
        }

      len = (gsize)(newline - self->input->data);
      line = g_strndup ((const char *)self->input->data, len);
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      g_byte_array_remove_range (self->input, 0, (guint)(newline - self->input->data) + 1);

      shown = _outbox_smtp_printable (line, len);
      record (self, OUTBOX_TRANSCRIPT_RECEIVED, shown);

      if (strlen (line) != len || !_outbox_smtp_parse_reply_line (line, &code, &last, &text))
        {
          g_autofree char *brief = ellipsize (shown, 120);
          g_autofree char *message =
            g_strdup_printf (_("The server sent a line that is not an SMTP reply: “%s”."), brief);
          fail_protocol (task, message);
          return;
        }

      if (rd->reply->lines->len > 0 && code != rd->reply->code)
        {
          g_autofree char *brief = ellipsize (shown, 120);
          g_autofree char *message =
            g_strdup_printf (_("The server changed the reply code within one reply: “%s”."),
                             brief);
          fail_protocol (task, message);
          return;
        }

      if (rd->reply->lines->len == 0)
        {
          const char *rest = text;
          rd->reply->code = code;
          rd->reply->enhanced_code = _outbox_smtp_parse_enhanced_code (code, text, &rest);
        }
      if (rd->reply->enhanced_code && g_str_has_prefix (text, rd->reply->enhanced_code))
        {
          text += strlen (rd->reply->enhanced_code);
          if (*text == ' ')
            text++;
        }
      {
        g_autofree char *printable = _outbox_smtp_printable (text, strlen (text));
        g_ptr_array_add (rd->reply->lines, _outbox_smtp_channel_redact (self, printable));
      }

      if (last)
        {
          self->busy_reading = FALSE;
          g_task_return_pointer (task, g_steal_pointer (&rd->reply),
                                 (GDestroyNotify)_outbox_smtp_reply_free);
          return;
        }

      if (rd->reply->lines->len >= OUTBOX_SMTP_MAX_REPLY_LINES)
        {
          g_autofree char *message =
            g_strdup_printf (_("The server sent a reply of more than %u lines."),
                             OUTBOX_SMTP_MAX_REPLY_LINES);
          fail_protocol (task, message);
          return;
        }
    }
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *rd = g_task_get_task_data (task);
  OutboxSmtpChannel *self = rd->channel;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      self->busy_reading = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (n == 0)
    {
      self->busy_reading = FALSE;
      if (self->input->len > 0 || rd->reply->lines->len > 0)
        {
          g_autofree char *partial =
            _outbox_smtp_printable ((const char *)self->input->data, self->input->len);
          if (self->input->len > 0)
            record (self, OUTBOX_TRANSCRIPT_RECEIVED, partial);
          g_task_return_new_error (task, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL, "%s",
                                   _("The server closed the connection in the middle of a reply."));
        }
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "%s",
                                 _("The server closed the connection."));
      return;
    }

  self->received += (guint64)n;
  g_byte_array_append (self->input, self->chunk, (guint)n);
  process_input (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  ReadData *rd = g_task_get_task_data (task);
  GInputStream *input = g_io_stream_get_input_stream (rd->channel->stream);

  g_input_stream_read_async (input, rd->channel->chunk, sizeof rd->channel->chunk,
                             G_PRIORITY_DEFAULT, rd->cancellable, read_cb, task);
}

void
_outbox_smtp_channel_read_reply_async (OutboxSmtpChannel   *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  ReadData *rd;

  g_return_if_fail (!self->busy_reading);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _outbox_smtp_channel_read_reply_async);
  rd = g_new0 (ReadData, 1);
  rd->channel = self;
  rd->reply = g_new0 (OutboxSmtpReply, 1);
  rd->reply->lines = g_ptr_array_new_with_free_func (g_free);
  rd->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, rd, read_data_free);

  self->busy_reading = TRUE;
  process_input (task);
}

OutboxSmtpReply *
_outbox_smtp_channel_read_reply_finish (OutboxSmtpChannel  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

typedef struct
{
  char  *data;
  gsize  len;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *sd = data;

  /* The bytes may hold a password in base64. */
  explicit_bzero (sd->data, sd->len);
  g_free (sd->data);
  g_free (sd);
}

/**
 * _outbox_smtp_channel_send_async:
 * @data: the bytes to write, line endings included; copied, and the copy is
 *   wiped when the write is done
 * @shown: the transcript lines for these bytes, secrets already replaced
 *
 * Writes @data in one piece (so that pipelined commands leave together).
 */
void
_outbox_smtp_channel_send_async (OutboxSmtpChannel   *self,
                                 const char          *data,
                                 gsize                len,
                                 const char * const  *shown,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GOutputStream *output = g_io_stream_get_output_stream (self->stream);
  GTask *task;
  SendData *sd;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _outbox_smtp_channel_send_async);
  sd = g_new0 (SendData, 1);
  sd->data = g_memdup2 (data, len);
  sd->len = len;
  g_task_set_task_data (task, sd, send_data_free);

  for (guint i = 0; shown && shown[i]; i++)
    record (self, OUTBOX_TRANSCRIPT_SENT, shown[i]);

  g_output_stream_write_all_async (output, sd->data, sd->len, G_PRIORITY_DEFAULT, cancellable,
                                   write_cb, task);
}

gboolean
_outbox_smtp_channel_send_finish (OutboxSmtpChannel  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
