/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSmtpSession: runs one test of an account on GIO. This file holds
 * the object, the deadline and cancellation, and the plumbing every step
 * uses (send a command, read a reply, fail, QUIT); the dialogue itself is in
 * outbox-smtp-session-connect.c and outbox-smtp-session-mail.c. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-enums.h"
#include "outbox-smtp-session-private.h"
#include "outbox-util-private.h"

/* The whole test ends within the account's timeout plus a second; the
 * deadline leaves a quarter of that second to close and report. */
#define DEADLINE_MARGIN_MS 750

/* How much of a hostile value an error message quotes. */
#define QUOTE_MAX_CHARS 100

enum {
  SIGNAL_STEP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxSmtpSession, outbox_smtp_session, G_TYPE_OBJECT)

void
_outbox_smtp_session_set_step (OutboxSmtpSession *self,
                               OutboxSmtpStep     step)
{
  g_debug ("step: %s", outbox_smtp_step_to_string (step));
  _outbox_test_report_begin_step (self->report, step);
  g_signal_emit (self, signals[SIGNAL_STEP], 0, step);
}

void
_outbox_smtp_session_note (OutboxSmtpSession *self,
                           const char        *text)
{
  g_debug ("* %s", text);
  _outbox_test_report_add_line (self->report, OUTBOX_TRANSCRIPT_NOTE, text);
}

static void
finish (OutboxSmtpSession *self)
{
  g_autoptr(GTask) task = NULL;

  /* The thread making the TLS connection ends first, so that nothing of
   * this test is left running when it reports. */
  if (self->tls_preparing)
    {
      self->finish_deferred = TRUE;
      return;
    }
  if (self->task == NULL || self->tls_releasing)
    return;

  if (self->channel)
    _outbox_smtp_channel_close (self->channel);
  g_clear_pointer (&self->channel, _outbox_smtp_channel_free);
  g_clear_object (&self->client);
  if (self->deadline)
    {
      g_source_destroy (self->deadline);
      g_clear_pointer (&self->deadline, g_source_unref);
    }
  /* The TLS connection is freed in a thread, and the test reports after
   * (outbox-smtp-session-connect.c says why). */
  if (_outbox_smtp_session_release_tls (self))
    return;
  task = g_steal_pointer (&self->task);
  if (self->user_cancellable)
    {
      g_cancellable_disconnect (self->user_cancellable, self->user_cancel_id);
      self->user_cancel_id = 0;
      g_clear_object (&self->user_cancellable);
    }

  if (self->error == NULL)
    _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_DONE);
  _outbox_test_report_finish (self->report, self->error);
  g_task_return_pointer (task, g_object_ref (self->report), g_object_unref);
}

void
_outbox_smtp_session_finish (OutboxSmtpSession *self)
{
  finish (self);
}

void
_outbox_smtp_session_record_reply (OutboxSmtpSession *self,
                                   OutboxSmtpReply   *reply)
{
  g_autofree char *text = _outbox_smtp_reply_get_text (reply);

  _outbox_test_report_set_reply (self->report, reply->code, reply->enhanced_code, text);
}

/**
 * _outbox_smtp_session_fail:
 * @reply: (nullable): the reply that decided the failure
 * @in_sync: whether client and server still agree on where the dialogue
 *   stands, so that QUIT can end it politely
 *
 * Ends the test with an error. The first failure wins.
 */
void
_outbox_smtp_session_fail (OutboxSmtpSession *self,
                           OutboxSmtpError    code,
                           OutboxSmtpReply   *reply,
                           gboolean           in_sync,
                           const char        *format,
                           ...)
{
  va_list args;

  if (self->error == NULL)
    {
      g_autofree char *message = NULL;

      va_start (args, format);
      message = g_strdup_vprintf (format, args);
      va_end (args);
      self->error = g_error_new_literal (OUTBOX_SMTP_ERROR, (gint)code, message);
      g_debug ("failed: %s", message);
      if (reply)
        _outbox_smtp_session_record_reply (self, reply);
    }

  if (in_sync && !self->quitting && self->channel &&
      !g_cancellable_is_cancelled (self->cancellable))
    _outbox_smtp_session_quit (self);
  else
    finish (self);
}

/* Says goodbye and ends the test, whatever the outcome so far. The reply
 * to QUIT is not waited for: it would cost a round trip and tell nothing,
 * and a server that never answers it must not hold up (or fail) a test
 * whose message was taken. The connection closes once QUIT is written. */
void
_outbox_smtp_session_quit (OutboxSmtpSession *self)
{
  self->quitting = TRUE;
  _outbox_smtp_session_send (self, "QUIT", NULL, NULL);
}

/* Turns any failure of the transport into the error a person can act on. */
void
_outbox_smtp_session_fail_io (OutboxSmtpSession *self,
                              const GError      *error)
{
  OutboxSmtpStep step = _outbox_test_report_get_step (self->report);
  guint timeout = outbox_account_get_timeout (self->account);
  guint port = outbox_account_get_port (self->account);

  if (self->quitting)
    {
      finish (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->timed_out)
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TIMEOUT, NULL, FALSE,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "The test did not finish within %u second "
                                                "of the timeout and was stopped.",
                                                "The test did not finish within %u seconds "
                                                "of the timeout and was stopped.", timeout),
                                   timeout);
      else
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_CANCELLED, NULL, FALSE, "%s",
                                   _("The test was cancelled."));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TIMEOUT, NULL, FALSE,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The server did not answer within %u second.",
                                            "The server did not answer within %u seconds.",
                                            timeout),
                               timeout);
  else if (error->domain == G_RESOLVER_ERROR ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    {
      g_autofree char *host = _outbox_text_for_message (self->host, QUOTE_MAX_CHARS);
      g_autofree char *why = _outbox_text_for_message (error->message, QUOTE_MAX_CHARS * 4);

      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_DNS, NULL, FALSE,
                                 _("The server name “%s” could not be found (%s)."), host, why);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_REFUSED, NULL, FALSE,
                               _("The server %s refused the connection on port %u."),
                               self->host, port);
  else if (error->domain == OUTBOX_SMTP_ERROR)
    _outbox_smtp_session_fail (self, (OutboxSmtpError)error->code, NULL, FALSE, "%s",
                               error->message);
  else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_CERTIFICATE, NULL, FALSE, "%s",
                               _("The server’s certificate was not accepted."));
  else if (step == OUTBOX_SMTP_STEP_SECURING && self->tls &&
           _outbox_smtp_channel_get_stream (self->channel) != G_IO_STREAM (self->tls))
    {
      if (outbox_account_get_security (self->account) == OUTBOX_SECURITY_TLS &&
          g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TLS_HANDSHAKE, NULL, FALSE,
                                   _("The server did not answer in TLS on port %u; it may "
                                     "expect STARTTLS instead (%s)."), port, error->message);
      else
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TLS_HANDSHAKE, NULL, FALSE,
                                   _("The secure connection could not be set up: %s"),
                                   error->message);
    }
  else if (step <= OUTBOX_SMTP_STEP_CONNECTING ||
           (self->channel && _outbox_smtp_channel_get_received (self->channel) == 0))
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_NETWORK, NULL, FALSE,
                               _("The connection to %s port %u failed: %s"),
                               self->host, port, error->message);
  else
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_PROTOCOL, NULL, FALSE,
                               _("The connection broke off: %s"), error->message);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OutboxSmtpSession) self = user_data;
  g_autoptr(GError) error = NULL;
  OutboxSmtpReply *reply;
  OutboxReplyHandler handler = self->handler;

  reply = _outbox_smtp_channel_read_reply_finish (self->channel, result, &error);
  if (reply == NULL)
    {
      _outbox_smtp_session_fail_io (self, error);
      return;
    }

  self->handler = NULL;
  handler (self, reply);
  _outbox_smtp_reply_free (reply);
}

/* Reads one reply and hands it to @handler (which does not own it). */
void
_outbox_smtp_session_expect (OutboxSmtpSession  *self,
                             OutboxReplyHandler  handler)
{
  self->handler = handler;
  _outbox_smtp_channel_read_reply_async (self->channel, self->cancellable, reply_cb,
                                         g_object_ref (self));
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OutboxSmtpSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_outbox_smtp_channel_send_finish (self->channel, result, &error))
    {
      _outbox_smtp_session_fail_io (self, error);
      return;
    }
  if (self->handler == NULL)
    finish (self);
  else
    _outbox_smtp_session_expect (self, self->handler);
}

/* Bytes that arrived before a command was sent answer no command: the
 * server is out of step with us, or someone injects replies. In the clear
 * the socket's queue counts too; under TLS only what was already read. */
static gboolean
has_unsolicited_input (OutboxSmtpSession *self)
{
  if (self->tls != NULL && _outbox_smtp_channel_get_stream (self->channel) == G_IO_STREAM (self->tls))
    return _outbox_smtp_channel_has_buffered_input (self->channel);
  return _outbox_smtp_channel_has_pending_input (self->channel);
}

/* Writes @data in one piece, then reads one reply for @handler; with no
 * @handler (QUIT), ends the test once the bytes are written. */
void
_outbox_smtp_session_send_raw (OutboxSmtpSession  *self,
                               const char         *data,
                               gsize               len,
                               const char * const *shown,
                               OutboxReplyHandler  handler)
{
  if (!self->quitting && has_unsolicited_input (self))
    {
      _outbox_smtp_session_note (self, "Data arrived that answers no command");
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_PROTOCOL, NULL, FALSE, "%s",
                                 _("The server sent a reply before Outbox asked anything, so "
                                   "its answers no longer match the commands; the test "
                                   "stopped before sending more."));
      return;
    }

  self->handler = handler;
  _outbox_smtp_channel_send_async (self->channel, data, len, shown, self->cancellable, sent_cb,
                                   g_object_ref (self));
}

/* Sends one command; @shown is what the transcript shows instead when the
 * command carries a secret. */
void
_outbox_smtp_session_send (OutboxSmtpSession  *self,
                           const char         *command,
                           const char         *shown,
                           OutboxReplyHandler  handler)
{
  g_autofree char *line = g_strconcat (command, "\r\n", NULL);
  const char *lines[] = { shown ? shown : command, NULL };

  _outbox_smtp_session_send_raw (self, line, strlen (line), lines, handler);
  explicit_bzero (line, strlen (line));
}

static gboolean
on_deadline (gpointer user_data)
{
  OutboxSmtpSession *self = user_data;

  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  /* May run in another thread; cancelling is thread-safe. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
outbox_smtp_session_finalize (GObject *object)
{
  OutboxSmtpSession *self = (OutboxSmtpSession *)object;

  g_clear_object (&self->account);
  g_clear_pointer (&self->password, _outbox_secret_free);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->report);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->host, g_free);
  g_clear_object (&self->peer_certificate);
  g_clear_object (&self->tls_prepared);
  g_clear_error (&self->tls_prepare_error);
  g_clear_pointer (&self->ehlo_argument, g_free);
  g_clear_pointer (&self->auth_mechanisms, g_ptr_array_unref);
  g_clear_pointer (&self->sasl_queue, g_array_unref);
  g_clear_pointer (&self->message, g_bytes_unref);
  g_clear_pointer (&self->envelope_recipient, g_free);
  g_clear_pointer (&self->mail_reply, _outbox_smtp_reply_free);
  g_clear_pointer (&self->rcpt_reply, _outbox_smtp_reply_free);

  G_OBJECT_CLASS (outbox_smtp_session_parent_class)->finalize (object);
}

static void
outbox_smtp_session_class_init (OutboxSmtpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_smtp_session_finalize;

  /**
   * OutboxSmtpSession::step:
   * @step: the step the test has just begun
   *
   * Emitted in the caller's main context as the test moves on. A handler
   * may cancel the test.
   */
  signals[SIGNAL_STEP] =
    g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OUTBOX_TYPE_SMTP_STEP);
}

static void
outbox_smtp_session_init (OutboxSmtpSession *self)
{
  self->auth_mechanisms = g_ptr_array_new_with_free_func (g_free);
  self->sasl_queue = g_array_new (FALSE, FALSE, sizeof (OutboxSaslMechanism));
}

/**
 * outbox_smtp_session_new:
 * @account: the account to test; the session keeps a copy, so later edits
 *   do not change a running test
 */
OutboxSmtpSession *
outbox_smtp_session_new (OutboxAccount *account)
{
  OutboxSmtpSession *self;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), NULL);

  self = g_object_new (OUTBOX_TYPE_SMTP_SESSION, NULL);
  self->account = outbox_account_copy (account);
  return self;
}

/**
 * outbox_smtp_session_get_account:
 *
 * Returns: (transfer none): the session's copy of the account
 */
OutboxAccount *
outbox_smtp_session_get_account (OutboxSmtpSession *self)
{
  g_return_val_if_fail (OUTBOX_IS_SMTP_SESSION (self), NULL);
  return self->account;
}

/**
 * outbox_smtp_session_set_password:
 * @password: (nullable): the password to sign in with
 *
 * The password stays in memory only, and is wiped when replaced and when
 * the session is finalized.
 */
void
outbox_smtp_session_set_password (OutboxSmtpSession *self,
                                  const char        *password)
{
  g_return_if_fail (OUTBOX_IS_SMTP_SESSION (self));

  g_clear_pointer (&self->password, _outbox_secret_free);
  self->password = g_strdup (password);
}

/**
 * outbox_smtp_session_set_recipient:
 * @recipient: (nullable): where to send the test message; %NULL for the
 *   account's own address
 */
void
outbox_smtp_session_set_recipient (OutboxSmtpSession *self,
                                   const char        *recipient)
{
  g_return_if_fail (OUTBOX_IS_SMTP_SESSION (self));

  g_free (self->recipient);
  self->recipient = recipient && *recipient ? g_strdup (recipient) : NULL;
}

const char *
outbox_smtp_session_get_recipient (OutboxSmtpSession *self)
{
  g_return_val_if_fail (OUTBOX_IS_SMTP_SESSION (self), NULL);
  return self->recipient ? self->recipient : outbox_account_get_sender_address (self->account);
}

/**
 * outbox_smtp_session_set_allow_plaintext_password:
 * @allow: whether the user confirmed sending the password unencrypted
 *
 * Has an effect only when the account's security is "none": a password is
 * never sent unencrypted otherwise.
 */
void
outbox_smtp_session_set_allow_plaintext_password (OutboxSmtpSession *self,
                                                  gboolean           allow)
{
  g_return_if_fail (OUTBOX_IS_SMTP_SESSION (self));
  self->allow_plaintext_password = !!allow;
}

gboolean
outbox_smtp_session_get_allow_plaintext_password (OutboxSmtpSession *self)
{
  g_return_val_if_fail (OUTBOX_IS_SMTP_SESSION (self), FALSE);
  return self->allow_plaintext_password;
}

/**
 * outbox_smtp_session_set_tls_database:
 * @database: (nullable): the certificate authorities to trust, or %NULL for
 *   the system's
 */
void
outbox_smtp_session_set_tls_database (OutboxSmtpSession *self,
                                      GTlsDatabase      *database)
{
  g_return_if_fail (OUTBOX_IS_SMTP_SESSION (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));
  g_set_object (&self->tls_database, database);
}

/**
 * outbox_smtp_session_get_tls_database:
 *
 * Returns: (transfer none) (nullable): the override set, if any
 */
GTlsDatabase *
outbox_smtp_session_get_tls_database (OutboxSmtpSession *self)
{
  g_return_val_if_fail (OUTBOX_IS_SMTP_SESSION (self), NULL);
  return self->tls_database;
}

/**
 * outbox_smtp_session_set_probe_only:
 * @probe_only: %TRUE to stop after the greeting and EHLO (after STARTTLS
 *   when the account uses it): no credentials, no mail
 */
void
outbox_smtp_session_set_probe_only (OutboxSmtpSession *self,
                                    gboolean           probe_only)
{
  g_return_if_fail (OUTBOX_IS_SMTP_SESSION (self));
  self->probe_only = !!probe_only;
}

gboolean
outbox_smtp_session_get_probe_only (OutboxSmtpSession *self)
{
  g_return_val_if_fail (OUTBOX_IS_SMTP_SESSION (self), FALSE);
  return self->probe_only;
}

/**
 * outbox_smtp_session_run_async:
 * @cancellable: (nullable): cancels the test at any step and ends the
 *   connection; the report then fails with %OUTBOX_SMTP_ERROR_CANCELLED
 *
 * Runs the test once. A session runs only one test.
 */
void
outbox_smtp_session_run_async (OutboxSmtpSession   *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  guint timeout;

  g_return_if_fail (OUTBOX_IS_SMTP_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL && self->report == NULL);

  _outbox_init ();

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, outbox_smtp_session_run_async);
  /* The report is the result, cancelled or not. */
  g_task_set_check_cancellable (self->task, FALSE);

  self->report = _outbox_test_report_new (self->account, self->recipient);
  self->cancellable = g_cancellable_new ();
  self->host = g_strstrip (g_strdup (outbox_account_get_host (self->account)));
  timeout = CLAMP (outbox_account_get_timeout (self->account), 1, OUTBOX_ACCOUNT_MAX_TIMEOUT);

  self->deadline = g_timeout_source_new (timeout * 1000 + DEADLINE_MARGIN_MS);
  g_source_set_callback (self->deadline, on_deadline, self, NULL);
  g_source_set_name (self->deadline, "[outbox] SMTP test deadline");
  g_source_attach (self->deadline, g_task_get_context (self->task));

  if (cancellable)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                    g_object_ref (self->cancellable),
                                                    g_object_unref);
    }

  _outbox_test_report_set_probe (self->report, self->probe_only);
  _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_RESOLVING);

  /* An account edited by hand may hold what the editor never lets through
   * (a line break in an address, a host name with spaces): say which
   * field before anything is looked up or sent. */
  {
    const char *label = NULL;
    g_autofree char *problem =
      _outbox_account_first_problem (self->account, self->probe_only, &label);

    if (problem)
      {
        /* TRANSLATORS: the first %s is a field of the account, like
         * "Sender address"; the second says what is wrong with it */
        _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_INVALID_SETTINGS, NULL, FALSE,
                                   _("The setting “%s” is not valid: %s"), label, problem);
        return;
      }
  }

  /* A probe sends nothing, so it needs no addresses. */
  if (self->probe_only)
    {
      _outbox_smtp_session_connect (self);
      return;
    }

  /* The messages quote an address escaped: it may hold the line breaks
   * that make it invalid. */
  if (!_outbox_address_is_mailbox (outbox_account_get_sender_address (self->account)))
    {
      g_autofree char *shown =
        _outbox_text_for_message (outbox_account_get_sender_address (self->account),
                                  QUOTE_MAX_CHARS);

      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_SENDER_REJECTED, NULL, FALSE,
                                 _("The sender address “%s” is not a valid email address."),
                                 shown);
      return;
    }
  if (!_outbox_address_is_mailbox (outbox_smtp_session_get_recipient (self)))
    {
      g_autofree char *shown =
        _outbox_text_for_message (outbox_smtp_session_get_recipient (self), QUOTE_MAX_CHARS);

      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED, NULL, FALSE,
                                 _("The recipient address “%s” is not a valid email address."),
                                 shown);
      return;
    }

  _outbox_smtp_session_connect (self);
}

/**
 * outbox_smtp_session_run_finish:
 * @error: return location for the reason the test failed
 *
 * Returns: (transfer full): the report, always, whether the test succeeded
 *   or not; when it failed, @error is set to the report's error too
 */
OutboxTestReport *
outbox_smtp_session_run_finish (OutboxSmtpSession  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  OutboxTestReport *report;
  const GError *failure;

  g_return_val_if_fail (OUTBOX_IS_SMTP_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  report = g_task_propagate_pointer (G_TASK (result), NULL);
  failure = outbox_test_report_get_error (report);
  if (failure)
    g_propagate_error (error, g_error_copy (failure));
  return report;
}
