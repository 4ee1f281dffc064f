/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSmtpSession, first half of the dialogue: connecting, the greeting,
 * EHLO (or HELO), STARTTLS or implicit TLS, and the certificate. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-smtp-session-private.h"

static void read_greeting (OutboxSmtpSession *self);
static void send_ehlo (OutboxSmtpSession *self);

/* Reads the extensions of an EHLO reply: the flags, the SIZE limit (0 when
 * none is given) and the AUTH mechanisms (upper case, each once, at most
 * 32), replacing what @auth_mechanisms held. */
void
_outbox_smtp_parse_capabilities (OutboxSmtpReply        *reply,
                                 OutboxSmtpCapabilities *capabilities,
                                 guint64                *size_limit,
                                 GPtrArray              *auth_mechanisms)
{
  *capabilities = 0;
  *size_limit = 0;
  g_ptr_array_set_size (auth_mechanisms, 0);

  /* The first line names the server; each further line is one extension. */
  for (guint i = 1; i < reply->lines->len; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_ptr_array_index (reply->lines, i), " =", -1);
      const char *keyword = words[0];

      /* An empty line ("250") splits into no words at all. */
      if (keyword == NULL)
        continue;
      if (g_ascii_strcasecmp (keyword, "STARTTLS") == 0)
        *capabilities |= OUTBOX_SMTP_CAPABILITY_STARTTLS;
      else if (g_ascii_strcasecmp (keyword, "PIPELINING") == 0)
        *capabilities |= OUTBOX_SMTP_CAPABILITY_PIPELINING;
      else if (g_ascii_strcasecmp (keyword, "8BITMIME") == 0)
        *capabilities |= OUTBOX_SMTP_CAPABILITY_8BITMIME;
      else if (g_ascii_strcasecmp (keyword, "SMTPUTF8") == 0)
        *capabilities |= OUTBOX_SMTP_CAPABILITY_SMTPUTF8;
      else if (g_ascii_strcasecmp (keyword, "CHUNKING") == 0)
        *capabilities |= OUTBOX_SMTP_CAPABILITY_CHUNKING;
      else if (g_ascii_strcasecmp (keyword, "ENHANCEDSTATUSCODES") == 0)
        *capabilities |= OUTBOX_SMTP_CAPABILITY_ENHANCEDSTATUSCODES;
      else if (g_ascii_strcasecmp (keyword, "SIZE") == 0)
        {
          guint64 limit = 0;
          *capabilities |= OUTBOX_SMTP_CAPABILITY_SIZE;
          if (words[1] && g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXUINT64, &limit, NULL))
            *size_limit = limit;
        }
      else if (g_ascii_strcasecmp (keyword, "AUTH") == 0)
        {
          *capabilities |= OUTBOX_SMTP_CAPABILITY_AUTH;
          for (guint j = 1; words[j]; j++)
            {
              g_autofree char *name = g_ascii_strup (words[j], -1);
              gboolean seen = FALSE;

              if (name[0] == '\0')
                continue;
              for (guint k = 0; k < auth_mechanisms->len; k++)
                seen |= g_str_equal (name, g_ptr_array_index (auth_mechanisms, k));
              if (!seen && auth_mechanisms->len < 32)
                g_ptr_array_add (auth_mechanisms, g_steal_pointer (&name));
            }
        }
    }
}

static void
parse_capabilities (OutboxSmtpSession *self,
                    OutboxSmtpReply   *reply)
{
  _outbox_smtp_parse_capabilities (reply, &self->capabilities, &self->size_limit,
                                   self->auth_mechanisms);
}

static void
publish_capabilities (OutboxSmtpSession *self,
                      gboolean           known)
{
  gboolean starttls_seen = outbox_test_report_get_capabilities (self->report) &
                           OUTBOX_SMTP_CAPABILITY_STARTTLS;

  g_ptr_array_add (self->auth_mechanisms, NULL);
  _outbox_test_report_set_capabilities (self->report, known, self->capabilities, self->size_limit,
                                        (const char * const *)self->auth_mechanisms->pdata);
  g_ptr_array_set_size (self->auth_mechanisms, self->auth_mechanisms->len - 1);
  if (starttls_seen)
    _outbox_test_report_add_capabilities (self->report, OUTBOX_SMTP_CAPABILITY_STARTTLS);
}

static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  problems,
                       gpointer              user_data)
{
  OutboxSmtpSession *self = user_data;
  const char *pinned = outbox_account_get_pinned_certificate_sha256 (self->account);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *fingerprint = NULL;

  g_set_object (&self->peer_certificate, peer_certificate);
  self->peer_problems = problems;

  if (pinned == NULL || pinned[0] == '\0')
    return FALSE;

  g_object_get (peer_certificate, "certificate", &der, NULL);
  if (der == NULL)
    return FALSE;
  fingerprint = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  self->pinned_match = g_ascii_strcasecmp (fingerprint, pinned) == 0;
  return self->pinned_match;
}

static const char *
protocol_name (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0: return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0: return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1: return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2: return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3: return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default: return NULL;
    }
}

static void
record_certificate (OutboxSmtpSession    *self,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  problems)
{
  g_autoptr(OutboxCertificateInfo) info = NULL;

  if (certificate == NULL)
    return;
  info = outbox_certificate_info_new_from_certificate (certificate, problems);
  if (info == NULL)
    return;
  outbox_certificate_info_set_pinned (info, self->pinned_match);
  _outbox_test_report_set_certificate (self->report, info);
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OutboxSmtpSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *cipher = NULL;
  g_autofree char *text = NULL;
  const char *protocol;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error))
    {
      record_certificate (self, self->peer_certificate, self->peer_problems);
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        {
          g_auto(GStrv) problems = outbox_certificate_problems_to_strv (self->peer_problems);
          g_autofree char *why = g_strjoinv (" ", problems);

          _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_CERTIFICATE, NULL, FALSE,
                                     _("The server’s certificate was not accepted. %s"), why);
        }
      else
        _outbox_smtp_session_fail_io (self, error);
      return;
    }

  _outbox_smtp_channel_set_stream (self->channel, G_IO_STREAM (self->tls));

  protocol = protocol_name (g_tls_connection_get_protocol_version (self->tls));
  cipher = g_tls_connection_get_ciphersuite_name (self->tls);
  _outbox_test_report_set_tls (self->report, protocol, cipher);
  record_certificate (self, g_tls_connection_get_peer_certificate (self->tls),
                      g_tls_connection_get_peer_certificate_errors (self->tls));

  text = g_strdup_printf ("TLS started: %s, %s%s", protocol ? protocol : "?",
                          cipher ? cipher : "?",
                          self->pinned_match ? ", certificate accepted by its pinned fingerprint"
                                             : "");
  _outbox_smtp_session_note (self, text);

  if (outbox_account_get_security (self->account) == OUTBOX_SECURITY_TLS)
    read_greeting (self);
  else
    {
      /* Nothing learned before TLS can be trusted: ask again. */
      self->capabilities = 0;
      self->size_limit = 0;
      g_ptr_array_set_size (self->auth_mechanisms, 0);
      send_ehlo (self);
    }
}

/* Making a TLS client connection costs 10–40 ms of CPU: glib-networking
 * 2.74 gives each one GnuTLS credentials of its own, with a trust list that
 * it fills again from the database (g_tls_database_gnutls_get_credentials
 * in tls/gnutls/gtlsdatabase-gnutls.c): for the system's database that is
 * gnutls_x509_trust_list_add_system_trust(), which reads and parses every
 * authority of /etc/ssl/certs/ca-certificates.crt (about 145) again. The
 * database object itself is shared, but not its credentials; glib-networking
 * 2.80 keeps them in the database (upstream commit 5f469123, "Reduce
 * unnecessary trust list creation"), and nothing public in 2.74 avoids the
 * work without verifying certificates another way. So it is done out of the
 * main loop, as early as possible: a thread makes the connection as soon as
 * the TCP connection is up (for STARTTLS the work overlaps the greeting,
 * EHLO and STARTTLS round trips), and another frees it at the end
 * (freeing the ~145 authorities costs a millisecond or two). Nothing is
 * read or written on the connection in those threads. */
static void
prepare_tls_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  OutboxSmtpSession *self = source_object;
  g_autoptr(GSocketConnectable) identity = NULL;
  GError *error = NULL;
  GIOStream *tls;
  gint64 started = g_get_monotonic_time ();

  identity = g_network_address_new (self->host, (guint16)outbox_account_get_port (self->account));
  /* The database goes in at construction: set later, it would make the
   * connection drop the credentials it built (the system's authorities),
   * a long stall of whatever thread does it. */
  tls = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                        NULL, &error,
                        "base-io-stream", G_IO_STREAM (task_data),
                        "server-identity", identity,
                        self->tls_database ? "database" : NULL, self->tls_database,
                        NULL);
  g_debug ("TLS connection made in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  if (tls)
    g_task_return_pointer (task, tls, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
release_tls_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  /* The array's last references to the connections go here. */
  g_ptr_array_set_size (task_data, 0);
  g_task_return_boolean (task, TRUE);
}

static void
tls_pool_work (gpointer data,
               gpointer user_data)
{
  g_autoptr(GTask) task = data;
  GTaskThreadFunc func = g_task_get_source_tag (task) == _outbox_smtp_session_release_tls
                         ? release_tls_thread : prepare_tls_thread;

  func (task, g_task_get_source_object (task), g_task_get_task_data (task), NULL);
}

/* Frees go first: a test that has ended reports at once. */
static gint
tls_pool_compare (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  gboolean release_a = g_task_get_source_tag ((GTask *)a) == _outbox_smtp_session_release_tls;
  gboolean release_b = g_task_get_source_tag ((GTask *)b) == _outbox_smtp_session_release_tls;

  return release_b - release_a;
}

/* The TLS work runs in a pool of its own, one thread per processor: it is
 * all CPU, so more threads would not end it sooner, and they would take
 * the processors (and the allocator's locks) from the main loop and from
 * the handshakes, which run in GIO's pool. Takes @task. */
static void
run_in_tls_pool (GTask *task)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *new_pool = g_thread_pool_new (tls_pool_work, NULL,
                                                 MAX (2, (int)g_get_num_processors ()),
                                                 FALSE, NULL);
      g_thread_pool_set_sort_function (new_pool, tls_pool_compare, NULL);
      g_once_init_leave (&pool, new_pool);
    }
  g_thread_pool_push (pool, task, NULL);
}

static void
release_tls_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OutboxSmtpSession *self = OUTBOX_SMTP_SESSION (object);

  self->tls_releasing = FALSE;
  _outbox_smtp_session_finish (self);
}

/* At the end of a test: hands the session's TLS connections (the one in use
 * and one prepared but never used) to a thread that drops them, then
 * finishes the session again. FALSE when there are none. */
gboolean
_outbox_smtp_session_release_tls (OutboxSmtpSession *self)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *objects;

  if (self->tls == NULL && self->tls_prepared == NULL)
    return FALSE;

  objects = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->tls)
    g_ptr_array_add (objects, g_steal_pointer (&self->tls));
  if (self->tls_prepared)
    g_ptr_array_add (objects, g_steal_pointer (&self->tls_prepared));
  task = g_task_new (self, NULL, release_tls_cb, NULL);
  g_task_set_source_tag (task, _outbox_smtp_session_release_tls);
  g_task_set_task_data (task, objects, (GDestroyNotify)g_ptr_array_unref);
  self->tls_releasing = TRUE;
  run_in_tls_pool (g_steal_pointer (&task));
  return TRUE;
}

static void start_tls (OutboxSmtpSession *self);

static void
prepare_tls_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OutboxSmtpSession *self = OUTBOX_SMTP_SESSION (object);

  self->tls_preparing = FALSE;
  self->tls_prepared = g_task_propagate_pointer (G_TASK (result), &self->tls_prepare_error);
  if (self->finish_deferred)
    {
      self->finish_deferred = FALSE;
      _outbox_smtp_session_finish (self);
      return;
    }
  if (self->tls_wanted)
    {
      self->tls_wanted = FALSE;
      start_tls (self);
    }
}

static void
prepare_tls (OutboxSmtpSession *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, prepare_tls_cb, NULL);
  GIOStream *stream = _outbox_smtp_channel_get_stream (self->channel);

  g_task_set_source_tag (task, prepare_tls);
  /* A GSocketConnection makes its input and output streams the first time
   * they are asked for, without a lock; the TLS connection asks for both
   * while the main loop reads the greeting and sends EHLO on them. Made here first, both
   * threads get the same ones (otherwise one of two made at once is lost,
   * and the TLS layer may write through a second stream). */
  g_io_stream_get_input_stream (stream);
  g_io_stream_get_output_stream (stream);
  g_task_set_task_data (task, g_object_ref (stream), g_object_unref);
  self->tls_preparing = TRUE;
  run_in_tls_pool (g_steal_pointer (&task));
}

static void
start_tls (OutboxSmtpSession *self)
{
  GIOStream *tls;

  if (self->tls_preparing)
    {
      self->tls_wanted = TRUE;
      return;
    }
  /* Cancelled or timed out while the thread was at work. */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
      _outbox_smtp_session_fail_io (self, error);
      return;
    }
  tls = g_steal_pointer (&self->tls_prepared);
  if (tls == NULL)
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_TLS_HANDSHAKE, NULL, FALSE,
                                 _("TLS is not available: %s"),
                                 self->tls_prepare_error ? self->tls_prepare_error->message : "?");
      return;
    }
  self->tls = G_TLS_CONNECTION (tls);
  g_tls_connection_set_require_close_notify (self->tls, FALSE);
  g_signal_connect_object (self->tls, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           self, 0);
  g_tls_connection_handshake_async (self->tls, G_PRIORITY_DEFAULT, self->cancellable,
                                    handshake_cb, g_object_ref (self));
}

static void
starttls_reply (OutboxSmtpSession *self,
                OutboxSmtpReply   *reply)
{
  if (reply->code != 220)
    {
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_STARTTLS_MISSING, reply, TRUE, "%s",
                                 _("The server refused to start TLS (STARTTLS); the test does "
                                   "not go on unencrypted."));
      return;
    }

  /* Anything the server sent after its 220 and before the handshake was
   * sent in the clear and would be read as if it came over TLS. */
  if (_outbox_smtp_channel_has_pending_input (self->channel))
    {
      _outbox_smtp_session_note (self, "Data arrived after the 220 reply to STARTTLS, before TLS began");
      _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_PROTOCOL, NULL, FALSE, "%s",
                                 _("The server sent more data right after agreeing to "
                                   "STARTTLS, before encryption began. Someone may be "
                                   "tampering with the connection (response injection)."));
      return;
    }

  start_tls (self);
}

/* After EHLO (or HELO): secure the connection, or sign in and send. */
static void
greeted (OutboxSmtpSession *self)
{
  if (outbox_account_get_security (self->account) == OUTBOX_SECURITY_STARTTLS &&
      self->tls == NULL)
    {
      _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_SECURING);
      if (!(self->capabilities & OUTBOX_SMTP_CAPABILITY_STARTTLS))
        {
          _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_STARTTLS_MISSING, NULL, TRUE, "%s",
                                     _("The server does not offer STARTTLS, so the connection "
                                       "cannot be encrypted; the test does not go on "
                                       "unencrypted."));
          return;
        }
      _outbox_smtp_session_send (self, "STARTTLS", NULL, starttls_reply);
      return;
    }

  if (self->probe_only)
    _outbox_smtp_session_quit (self);
  else if (outbox_account_get_login (self->account) != NULL)
    _outbox_smtp_session_authenticate (self);
  else
    _outbox_smtp_session_send_message (self);
}

static void
helo_reply (OutboxSmtpSession *self,
            OutboxSmtpReply   *reply)
{
  if (reply->code != 250)
    {
      _outbox_smtp_session_fail (self,
                                 reply->code == 421 ? OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE
                                                    : OUTBOX_SMTP_ERROR_PROTOCOL,
                                 reply, TRUE, "%s",
                                 _("The server did not accept the greeting (EHLO or HELO)."));
      return;
    }
  _outbox_smtp_session_note (self, "The server speaks only HELO: no extensions");
  self->capabilities = 0;
  self->size_limit = 0;
  g_ptr_array_set_size (self->auth_mechanisms, 0);
  publish_capabilities (self, FALSE);
  greeted (self);
}

static void
ehlo_reply (OutboxSmtpSession *self,
            OutboxSmtpReply   *reply)
{
  if (reply->code == 250)
    {
      parse_capabilities (self, reply);
      publish_capabilities (self, TRUE);
      greeted (self);
    }
  else if (reply->code >= 500)
    {
      /* Only a server that rejects EHLO gets the older HELO. */
      g_autofree char *helo = g_strdup_printf ("HELO %s", self->ehlo_argument);
      _outbox_smtp_session_send (self, helo, NULL, helo_reply);
    }
  else if (reply->code >= 400)
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE, reply,
                               reply->code != 421, "%s",
                               _("The server does not take mail now; it turned down the "
                                 "greeting (EHLO)."));
  else
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_PROTOCOL, reply, FALSE, "%s",
                               _("The server answered the greeting (EHLO) unexpectedly."));
}

static void
send_ehlo (OutboxSmtpSession *self)
{
  g_autofree char *ehlo = g_strdup_printf ("EHLO %s", self->ehlo_argument);

  _outbox_smtp_session_send (self, ehlo, NULL, ehlo_reply);
}

static void
greeting_reply (OutboxSmtpSession *self,
                OutboxSmtpReply   *reply)
{
  if (reply->code == 220)
    {
      g_autofree char *text = _outbox_smtp_reply_get_text (reply);
      _outbox_test_report_set_greeting (self->report, text);
      send_ehlo (self);
    }
  else if (reply->code >= 400)
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE, reply,
                               reply->code != 421, "%s",
                               _("The server answered the connection but refuses to serve "
                                 "(it may be busy, or not accept mail from this address)."));
  else
    _outbox_smtp_session_fail (self, OUTBOX_SMTP_ERROR_PROTOCOL, reply, FALSE, "%s",
                               _("The server greeted with an unexpected reply."));
}

static void
read_greeting (OutboxSmtpSession *self)
{
  _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_GREETING);
  _outbox_smtp_session_expect (self, greeting_reply);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OutboxSmtpSession) self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      _outbox_smtp_session_fail_io (self, error);
      return;
    }

  self->channel = _outbox_smtp_channel_new (connection, self->report);
  local = g_socket_connection_get_local_address (connection, NULL);
  remote = g_socket_connection_get_remote_address (connection, NULL);
  self->ehlo_argument = _outbox_smtp_address_literal (local);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_autofree char *address =
        g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
      g_autofree char *text =
        g_strdup_printf ("Connected to %s port %u", address,
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)));
      _outbox_smtp_session_note (self, text);
    }

  if (outbox_account_get_security (self->account) != OUTBOX_SECURITY_NONE)
    prepare_tls (self);
  if (outbox_account_get_security (self->account) == OUTBOX_SECURITY_TLS)
    {
      _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_SECURING);
      start_tls (self);
    }
  else
    read_greeting (self);
}

static void
on_client_event (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  OutboxSmtpSession *self = user_data;

  if (event == G_SOCKET_CLIENT_CONNECTING &&
      _outbox_test_report_get_step (self->report) == OUTBOX_SMTP_STEP_RESOLVING)
    _outbox_smtp_session_set_step (self, OUTBOX_SMTP_STEP_CONNECTING);
}

/* Resolves the host and connects, then goes on to the greeting (or the
 * handshake, for implicit TLS). */
void
_outbox_smtp_session_connect (OutboxSmtpSession *self)
{
  g_autoptr(GSocketConnectable) address = NULL;

  self->client = g_socket_client_new ();
  g_socket_client_set_timeout (self->client, MAX (outbox_account_get_timeout (self->account), 1));
  /* SMTP does not go through HTTP proxies; and loopback tests need none. */
  g_socket_client_set_enable_proxy (self->client, FALSE);
  g_signal_connect_object (self->client, "event", G_CALLBACK (on_client_event), self, 0);

  address = g_network_address_new (self->host, (guint16)outbox_account_get_port (self->account));
  g_socket_client_connect_async (self->client, address, self->cancellable, connect_cb,
                                 g_object_ref (self));
}
