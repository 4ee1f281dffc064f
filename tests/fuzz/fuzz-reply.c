/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the SMTP reply reader. The input is what a server sends; it
 * goes through a socket pair into a real channel, which reads replies until
 * the input ends or the channel refuses it. Every reply it accepts must be
 * well formed; every refusal must be an OUTBOX_SMTP_ERROR_PROTOCOL or the
 * end of the input. */

#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "outbox-smtp-session-private.h"
#include "outbox-test-report-private.h"

typedef struct
{
  OutboxSmtpReply *reply;
  GError          *error;
  gboolean         done;
} Read;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *read = user_data;

  read->reply = _outbox_smtp_channel_read_reply_finish (NULL, result, &read->error);
  read->done = TRUE;
}

static void
check_reply (OutboxSmtpReply *reply)
{
  g_autofree char *text = _outbox_smtp_reply_get_text (reply);
  OutboxSmtpCapabilities capabilities;
  guint64 size_limit;
  g_autoptr(GPtrArray) mechanisms = g_ptr_array_new_with_free_func (g_free);

  fuzz_assert (reply->code >= 200 && reply->code <= 599);
  fuzz_assert (reply->lines->len >= 1 && reply->lines->len <= OUTBOX_SMTP_MAX_REPLY_LINES);
  fuzz_assert (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p++)
    fuzz_assert ((guchar)*p >= 0x20 || *p == '\n');
  if (reply->enhanced_code)
    fuzz_assert (reply->enhanced_code[0] == '0' + (char)(reply->code / 100));

  /* Any reply may be an EHLO reply. */
  _outbox_smtp_parse_capabilities (reply, &capabilities, &size_limit, mechanisms);
  fuzz_assert (mechanisms->len <= 32);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxTestReport) report = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  OutboxSmtpChannel *channel;
  int fds[2];
  gsize written = 0;

  size = MIN (size, FUZZ_MAX_INPUT);
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    g_error ("socketpair failed");
  {
    /* The whole input fits in the socket buffer once it is this big. */
    int buffer = FUZZ_MAX_INPUT * 4;
    setsockopt (fds[1], SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    setsockopt (fds[0], SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  }
  while (written < size)
    {
      ssize_t n = write (fds[1], data + written, size - written);
      if (n <= 0)
        break;
      written += (gsize)n;
    }
  close (fds[1]);

  socket = g_socket_new_from_fd (fds[0], NULL);
  connection = g_socket_connection_factory_create_connection (socket);
  account = outbox_account_new ();
  report = _outbox_test_report_new (account, NULL);
  channel = _outbox_smtp_channel_new (connection, report);
  _outbox_smtp_channel_add_secret (channel, "S3cret-password");

  for (guint n = 0; n < 10000; n++)
    {
      Read read = { 0 };

      _outbox_smtp_channel_read_reply_async (channel, NULL, read_cb, &read);
      while (!read.done)
        g_main_context_iteration (NULL, TRUE);
      if (read.reply == NULL)
        {
          fuzz_assert (read.error != NULL);
          fuzz_assert (g_error_matches (read.error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL) ||
                       g_error_matches (read.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED));
          fuzz_assert (g_utf8_validate (read.error->message, -1, NULL));
          g_clear_error (&read.error);
          break;
        }
      check_reply (read.reply);
      _outbox_smtp_reply_free (read.reply);
    }

  /* The transcript holds only clean lines, never the secret. */
  {
    GPtrArray *transcript = outbox_test_report_get_transcript (report);

    for (guint i = 0; i < transcript->len; i++)
      {
        const char *line = ((OutboxTranscriptLine *)g_ptr_array_index (transcript, i))->text;

        fuzz_assert (g_utf8_validate (line, -1, NULL));
        fuzz_assert (strstr (line, "S3cret-password") == NULL);
        for (const char *p = line; *p; p++)
          fuzz_assert ((guchar)*p >= 0x20);
      }
  }

  _outbox_smtp_channel_free (channel);
  return 0;
}
