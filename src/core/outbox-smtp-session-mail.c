/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSmtpSession, second half: signing in (AUTH) and the mail
 * transaction (MAIL, RCPT, DATA, the message), with the extensions the
 * server offered. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-smtp-session-private.h"
#include "outbox-test-message.h"
#include "outbox-util-private.h"

/* Authentication */

static void try_next_mechanism (OutboxSmtpSession *self);

static void
auth_reply (OutboxSmtpSession *self,
            OutboxSmtpReply   *reply)
{
  const char *login = outbox_account_get_login (self->account);

  if (reply->code == 235)
    {
      _outbox_smtp_session_send_message (self);
      return;
    }

  if (reply->code == 334)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *challenge = _outbox_smtp_reply_get_text (reply);
      char *response;

      response = _outbox_sasl_respond (self->sasl, self->sasl_round++, challenge, login,
                                       self->password, &error);
      if (response == NULL)
        {
          _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_PROTOCOL, reply, FALSE, "%s",
                                     error->message);
          return;
        }
      _outbox_smtp_channel_add_secret (self->channel, response);
      _outbox_smtp_session_send (self, response, OUTBOX_REDACTED, auth_reply);
      _outbox_secret_free (response);
      return;
    }

  /* 504: this mechanism is not available after all; try a weaker one. */
  if (reply->code == 504 && self->sasl_queue->len > 0)
    {
      try_next_mechanism (self);
      return;
    }

  if (reply->code == 504)
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED, reply, TRUE, "%s",
                               _("The server turned down every sign-in method Outbox knows."));
  else
    {
      g_autofree char *shown = _outbox_text_for_message (login, 100);

      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_AUTH_FAILED, reply, reply->code != 421,
                                 _("The server did not accept the user name “%s” with this "
                                   "password."), shown);
    }
}

static void
try_next_mechanism (OutboxSmtpSession *self)
{
  const char *login = outbox_account_get_login (self->account);
  const char *name;
  char *initial;

  self->sasl = g_array_index (self->sasl_queue, OutboxSaslMechanism, 0);
  g_array_remove_index (self->sasl_queue, 0);
  self->sasl_round = 0;
  name = _outbox_sasl_mechanism_name (self->sasl);
  _outbox_test_report_set_auth_mechanism (self->report, name);

  initial = _outbox_sasl_initial_response (self->sasl, login, self->password);
  if (initial)
    {
      g_autofree char *command = g_strdup_printf ("AUTH %s %s", name, initial);
      g_autofree char *shown = g_strdup_printf ("AUTH %s %s", name, OUTBOX_REDACTED);

      _outbox_smtp_channel_add_secret (self->channel, initial);
      _outbox_smtp_session_send (self, command, shown, auth_reply);
      explicit_bzero (command, strlen (command));
      _outbox_secret_free (initial);
    }
  else
    {
      g_autofree char *command = g_strdup_printf ("AUTH %s", name);
      _outbox_smtp_session_send (self, command, NULL, auth_reply);
    }
}

void
_outbox_smtp_session_authenticate (OutboxSmtpSession *self)
{
  gboolean encrypted = self->tls != NULL;
  OutboxSaslMechanism order[OUTBOX_SASL_N_MECHANISMS];

  _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_AUTHENTICATING);

  if (!encrypted &&
      !(outbox_account_get_security (self->account) == OUTBOX_SECURITY_NONE &&
        self->allow_plaintext_password))
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_PLAINTEXT_REFUSED, NULL, TRUE, "%s",
                                 _("The connection is not encrypted, so the password was not "
                                   "sent. Choose STARTTLS or SSL/TLS, or confirm that the "
                                   "password may travel unencrypted."));
      return;
    }

  if (self->password == NULL)
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_AUTH_FAILED, NULL, TRUE, "%s",
                                 _("The account signs in with a user name, but there is no "
                                   "password for it."));
      return;
    }

  if (!(self->capabilities & OUTBOX_SMTP_CAPABILITY_AUTH))
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED, NULL, TRUE, "%s",
                                 _("The account has a user name and password, but the server "
                                   "does not offer signing in (AUTH) on this connection."));
      return;
    }

  g_array_set_size (self->sasl_queue, 0);
  _outbox_sasl_mechanism_order (encrypted, order);
  for (guint o = 0; o < OUTBOX_SASL_N_MECHANISMS; o++)
    {
      OutboxSaslMechanism m = order[o];

      for (guint i = 0; i < self->auth_mechanisms->len; i++)
        if (g_str_equal (g_ptr_array_index (self->auth_mechanisms, i),
                         _outbox_sasl_mechanism_name (m)))
          {
            g_array_append_val (self->sasl_queue, m);
            break;
          }
    }

  if (self->sasl_queue->len == 0)
    {
      g_ptr_array_add (self->auth_mechanisms, NULL);
      {
        g_autofree char *offered = g_strjoinv (" ", (char **)self->auth_mechanisms->pdata);
        g_ptr_array_set_size (self->auth_mechanisms, self->auth_mechanisms->len - 1);
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED, NULL, TRUE,
                                   _("The server offers only sign-in methods Outbox does not "
                                     "support (%s)."), offered);
      }
      return;
    }

  _outbox_smtp_channel_add_secret (self->channel, self->password);
  try_next_mechanism (self);
}

/* The mail transaction */

static gboolean
is_too_large (OutboxSmtpReply *reply)
{
  return reply->code == 552 || g_strcmp0 (reply->enhanced_code, "5.3.4") == 0;
}

static void
message_reply (OutboxSmtpSession *self,
               OutboxSmtpReply   *reply)
{
  if (reply->code == 250)
    {
      _outbox_smtp_session_record_reply (self, reply);
      _outbox_smtp_session_quit (self);
    }
  else if (is_too_large (reply))
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TOO_LARGE, reply, TRUE, "%s",
                               _("The server refused the test message as too large."));
  else
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_MESSAGE_REJECTED, reply,
                               reply->code != 421, "%s",
                               _("The server refused the test message."));
}

/* The transcript shows the lines of @data as they went, without CRLF; the
 * first line shown may be a command written with them. */
static GPtrArray *
transcript_lines (const char *command,
                  const char *data,
                  gsize       len)
{
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_free);
  const char *line = data;
  const char *end = data + len;

  if (command)
    g_ptr_array_add (shown, g_strdup (command));
  while (line < end)
    {
      const char *eol = g_strstr_len (line, end - line, "\r\n");
      if (eol == NULL)
        eol = end;
      g_ptr_array_add (shown, _outbox_smtp_printable (line, (gsize)(eol - line)));
      line = eol + 2;
    }
  g_ptr_array_add (shown, NULL);
  return shown;
}

static void
send_content (OutboxSmtpSession *self)
{
  g_autoptr(GBytes) wire = outbox_test_message_dot_stuff (self->message);
  gsize len;
  const char *data = g_bytes_get_data (wire, &len);
  g_autoptr(GPtrArray) shown = transcript_lines (NULL, data, len);

  _outbox_smtp_session_send_raw (self, data, len, (const char * const *)shown->pdata,
                                 message_reply);
}

/* Judges the replies to MAIL and RCPT, in this order, however they were
 * sent: the first refusal is what a person must fix, whatever the server
 * said to DATA or BDAT after it. Returns TRUE when the test failed. */
static gboolean
envelope_refused (OutboxSmtpSession *self,
                  gboolean           in_sync)
{
  g_autoptr(OutboxSmtpReply) mail = g_steal_pointer (&self->mail_reply);
  g_autoptr(OutboxSmtpReply) rcpt = g_steal_pointer (&self->rcpt_reply);

  if (mail && mail->code / 100 != 2)
    {
      if (is_too_large (mail))
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TOO_LARGE, mail, in_sync, "%s",
                                   _("The server refused the test message as too large."));
      else
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_SENDER_REJECTED, mail, in_sync,
                                   _("The server refused the sender address “%s”."),
                                   outbox_account_get_sender_address (self->account));
      return TRUE;
    }
  if (rcpt && rcpt->code / 100 != 2)
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED, rcpt, in_sync,
                                 _("The server refused the recipient address “%s”."),
                                 outbox_smtp_session_get_recipient (self));
      return TRUE;
    }
  return FALSE;
}

/* The reply to BDAT n LAST, after MAIL and RCPT (RFC 3030). The server read
 * the n bytes whatever it answered, so the dialogue stays in step. */
static void
bdat_reply (OutboxSmtpSession *self,
            OutboxSmtpReply   *reply)
{
  if (!envelope_refused (self, TRUE))
    message_reply (self, reply);
}

/* The message as one chunk: BDAT needs no dot-stuffing and no end mark. */
static char *
bdat_data (OutboxSmtpSession  *self,
           gsize              *len,
           GPtrArray         **shown)
{
  gsize size;
  const char *message = g_bytes_get_data (self->message, &size);
  g_autofree char *command = g_strdup_printf ("BDAT %" G_GSIZE_FORMAT " LAST", size);
  char *data = g_malloc (strlen (command) + 2 + size);

  memcpy (data, command, strlen (command));
  memcpy (data + strlen (command), "\r\n", 2);
  memcpy (data + strlen (command) + 2, message, size);
  *len = strlen (command) + 2 + size;
  *shown = transcript_lines (command, message, size);
  return data;
}

static void
send_chunk (OutboxSmtpSession *self)
{
  g_autoptr(GPtrArray) shown = NULL;
  gsize len;
  g_autofree char *data = bdat_data (self, &len, &shown);

  _outbox_smtp_session_send_raw (self, data, len, (const char * const *)shown->pdata,
                                 bdat_reply);
}

/* Judges MAIL, RCPT and DATA in order, however they were sent. */
static void
data_reply (OutboxSmtpSession *self,
            OutboxSmtpReply   *reply)
{
  /* A server that says 354 after a refused RCPT waits for a message; only
   * closing the connection keeps anything from being sent. */
  if (envelope_refused (self, reply->code != 354))
    return;
  if (reply->code != 354)
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_MESSAGE_REJECTED, reply,
                                 reply->code != 421, "%s",
                                 _("The server refused to take the test message (DATA)."));
      return;
    }

  send_content (self);
}

static OutboxSmtpReply *
copy_reply (OutboxSmtpReply *reply)
{
  OutboxSmtpReply *copy = g_new0 (OutboxSmtpReply, 1);

  copy->code = reply->code;
  copy->enhanced_code = g_strdup (reply->enhanced_code);
  copy->lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < reply->lines->len; i++)
    g_ptr_array_add (copy->lines, g_strdup (g_ptr_array_index (reply->lines, i)));
  return copy;
}

static void
rcpt_reply (OutboxSmtpSession *self,
            OutboxSmtpReply   *reply)
{
  self->rcpt_reply = copy_reply (reply);
  if (self->pipelining)
    _outbox_smtp_session_expect (self, self->chunking ? bdat_reply : data_reply);
  else if (reply->code / 100 != 2)
    data_reply (self, reply);
  else if (self->chunking)
    send_chunk (self);
  else
    _outbox_smtp_session_send (self, "DATA", NULL, data_reply);
}

static void
mail_reply (OutboxSmtpSession *self,
            OutboxSmtpReply   *reply)
{
  g_autofree char *rcpt = NULL;

  self->mail_reply = copy_reply (reply);
  if (self->pipelining)
    {
      _outbox_smtp_session_expect (self, rcpt_reply);
      return;
    }
  if (reply->code / 100 != 2)
    {
      data_reply (self, reply);
      return;
    }
  rcpt = g_strdup_printf ("RCPT TO:<%s>", self->envelope_recipient);
  _outbox_smtp_session_send (self, rcpt, NULL, rcpt_reply);
}

/* The address as the envelope carries it: the domain in ASCII (IDNA), the
 * local part as it is; non-ASCII there needs SMTPUTF8. */
static char *
envelope_address (const char *address,
                  gboolean   *needs_utf8)
{
  const char *at = strrchr (address, '@');
  g_autofree char *local = g_strndup (address, (gsize)(at - address));
  g_autofree char *domain = g_hostname_to_ascii (at + 1);

  *needs_utf8 = FALSE;
  for (const char *p = local; *p; p++)
    if ((guchar)*p >= 0x80)
      *needs_utf8 = TRUE;
  return g_strdup_printf ("%s@%s", local, domain ? domain : at + 1);
}

void
_outbox_smtp_session_send_message (OutboxSmtpSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *recipient = NULL;
  g_autoptr(GString) mail = NULL;
  gboolean sender_utf8, recipient_utf8;
  gboolean eight_bit = (self->capabilities & OUTBOX_SMTP_CAPABILITY_8BITMIME) != 0;
  gsize size;

  _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_SENDING);

  self->message = outbox_test_message_compose (self->account, self->recipient, NULL, eight_bit,
                                               &error);
  if (self->message == NULL)
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_MESSAGE_REJECTED, NULL, TRUE, "%s",
                                 error->message);
      return;
    }
  size = g_bytes_get_size (self->message);
  _outbox_test_report_set_message_size (self->report, size);

  if (self->size_limit > 0 && size > self->size_limit)
    {
      g_autofree char *have = g_format_size (size);
      g_autofree char *limit = g_format_size (self->size_limit);
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TOO_LARGE, NULL, TRUE,
                                 _("The test message (%s) is larger than the server takes "
                                   "(SIZE %s), so it was not sent."), have, limit);
      return;
    }

  sender = envelope_address (outbox_account_get_sender_address (self->account), &sender_utf8);
  recipient = envelope_address (outbox_smtp_session_get_recipient (self), &recipient_utf8);
  g_free (self->envelope_recipient);
  self->envelope_recipient = g_strdup (recipient);
  if ((sender_utf8 || recipient_utf8) && !(self->capabilities & OUTBOX_SMTP_CAPABILITY_SMTPUTF8))
    {
      if (sender_utf8)
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_SENDER_REJECTED, NULL, TRUE,
                                   _("The sender address “%s” has non-ASCII letters before the "
                                     "@, and the server does not take such addresses "
                                     "(SMTPUTF8)."), sender);
      else
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED, NULL, TRUE,
                                   _("The recipient address “%s” has non-ASCII letters before "
                                     "the @, and the server does not take such addresses "
                                     "(SMTPUTF8)."), recipient);
      return;
    }

  mail = g_string_new (NULL);
  g_string_printf (mail, "MAIL FROM:<%s>", sender);
  if (self->capabilities & OUTBOX_SMTP_CAPABILITY_SIZE)
    g_string_append_printf (mail, " SIZE=%" G_GSIZE_FORMAT, size);
  if (eight_bit)
    g_string_append (mail, " BODY=8BITMIME");
  if (sender_utf8 || recipient_utf8)
    g_string_append (mail, " SMTPUTF8");

  g_clear_pointer (&self->mail_reply, _outbox_smtp_reply_free);
  g_clear_pointer (&self->rcpt_reply, _outbox_smtp_reply_free);
  self->pipelining = (self->capabilities & OUTBOX_SMTP_CAPABILITY_PIPELINING) != 0;
  self->chunking = (self->capabilities & OUTBOX_SMTP_CAPABILITY_CHUNKING) != 0;

  if (self->pipelining && self->chunking)
    {
      /* RFC 2920 and 3030: MAIL, RCPT and the whole message as BDAT LAST
       * leave in one write, and the three replies come back together. */
      g_autoptr(GPtrArray) chunk_shown = NULL;
      g_autoptr(GPtrArray) shown = g_ptr_array_new ();
      g_autofree char *rcpt = g_strdup_printf ("RCPT TO:<%s>", recipient);
      g_autofree char *head = g_strdup_printf ("%s\r\n%s\r\n", mail->str, rcpt);
      g_autofree char *chunk = NULL;
      g_autofree char *data = NULL;
      gsize chunk_len;
      gsize head_len = strlen (head);

      chunk = bdat_data (self, &chunk_len, &chunk_shown);
      data = g_malloc (head_len + chunk_len);
      memcpy (data, head, head_len);
      memcpy (data + head_len, chunk, chunk_len);
      g_ptr_array_add (shown, mail->str);
      g_ptr_array_add (shown, rcpt);
      g_ptr_array_extend (shown, chunk_shown, NULL, NULL);
      _outbox_smtp_session_send_raw (self, data, head_len + chunk_len,
                                     (const char * const *)shown->pdata, mail_reply);
    }
  else if (self->pipelining)
    {
      /* RFC 2920: the three commands leave in one write. */
      g_autofree char *rcpt = g_strdup_printf ("RCPT TO:<%s>", recipient);
      g_autofree char *data = g_strdup_printf ("%s\r\n%s\r\nDATA\r\n", mail->str, rcpt);
      const char *shown[] = { mail->str, rcpt, "DATA", NULL };

      _outbox_smtp_session_send_raw (self, data, strlen (data), shown, mail_reply);
    }
  else
    _outbox_smtp_session_send (self, mail->str, NULL, mail_reply);
}
