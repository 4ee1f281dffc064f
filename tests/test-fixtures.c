/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Proves the test servers and certificates on their own, with plain GIO
 * sockets and GTlsClientConnection, so that an engine test that fails
 * points at the engine and not at its fixtures. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox-test-servers.h"

#define IO_TIMEOUT 10

/* ---- a minimal SMTP line client (sync I/O with a socket timeout) ---- */

typedef struct
{
  GSocketConnection *socket_conn;
  GIOStream         *stream;      /* the socket, or the TLS connection over it */
  GString           *buffer;      /* received, not yet consumed */
  char              *last_reply;  /* every line of the last reply, "\n" between */
  guint              last_code;
  GTlsCertificateFlags tls_errors;
} Client;

static void
client_free (Client *c)
{
  if (c->stream)
    g_io_stream_close (c->stream, NULL, NULL);
  g_clear_object (&c->stream);
  g_clear_object (&c->socket_conn);
  g_string_free (c->buffer, TRUE);
  g_free (c->last_reply);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static Client *
client_connect (guint port)
{
  g_autoptr(GSocketClient) sc = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  Client *c = g_new0 (Client, 1);

  g_socket_client_set_timeout (sc, IO_TIMEOUT);
  /* Loopback only; and proxy lookup would need GSettings schemas, which
   * G_TEST_OPTION_ISOLATE_DIRS hides. */
  g_socket_client_set_enable_proxy (sc, FALSE);
  c->socket_conn = g_socket_client_connect_to_host (sc, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  c->stream = g_object_ref (G_IO_STREAM (c->socket_conn));
  c->buffer = g_string_new (NULL);
  return c;
}

static void
client_set_timeout (Client *c,
                    guint   seconds)
{
  g_socket_set_timeout (g_socket_connection_get_socket (c->socket_conn), seconds);
}

/* Reads once; FALSE at EOF, sets error on failure (timeouts included). */
static gboolean
client_fill (Client  *c,
             GError **error)
{
  char chunk[65536];
  gssize n = g_input_stream_read (g_io_stream_get_input_stream (c->stream),
                                  chunk, sizeof chunk, NULL, error);
  if (n <= 0)
    return FALSE;
  g_string_append_len (c->buffer, chunk, n);
  return TRUE;
}

/* One CRLF-terminated line (without CRLF), or NULL at EOF. */
static char *
client_read_line (Client  *c,
                  GError **error)
{
  for (;;)
    {
      char *crlf = strstr (c->buffer->str, "\r\n");

      if (crlf != NULL)
        {
          char *line = g_strndup (c->buffer->str, crlf - c->buffer->str);

          g_string_erase (c->buffer, 0, crlf - c->buffer->str + 2);
          return line;
        }
      g_assert_cmpuint (c->buffer->len, <, 65536);
      if (!client_fill (c, error))
        return NULL;
    }
}

/* Reads a whole reply; returns its code, 0 at EOF before the last line. */
static guint
client_read_reply (Client *c)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&c->last_reply, g_free);
  c->last_code = 0;
  for (;;)
    {
      g_autofree char *line = client_read_line (c, &error);

      g_assert_no_error (error);
      if (line == NULL)
        {
          c->last_reply = g_string_free (g_steal_pointer (&text), FALSE);
          return 0;
        }
      g_assert_true (strlen (line) >= 3 && g_ascii_isdigit (line[0]));
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
      if (line[3] == ' ' || line[3] == '\0')
        {
          c->last_code = (guint)g_ascii_strtoull (line, NULL, 10);
          c->last_reply = g_string_free (g_steal_pointer (&text), FALSE);
          return c->last_code;
        }
      g_assert_cmpint (line[3], ==, '-');
    }
}

static void
client_send (Client     *c,
             const char *line)
{
  g_autofree char *data = g_strconcat (line, "\r\n", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (c->stream),
                             data, strlen (data), NULL, NULL, &error);
  g_assert_no_error (error);
}

static guint
client_command (Client     *c,
                const char *line)
{
  client_send (c, line);
  return client_read_reply (c);
}

static gboolean
on_accept_certificate (GTlsConnection       *conn,
                       GTlsCertificate      *peer_cert,
                       GTlsCertificateFlags  errors,
                       Client               *c)
{
  c->tls_errors = errors;
  return FALSE;
}

/* Starts TLS over the current stream, trusting only the test CA and
 * expecting the name "localhost". */
static gboolean
client_start_tls (Client  *c,
                  GError **error)
{
  g_autoptr(GTlsDatabase) database = outbox_test_tls_database_new (NULL);
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 25);
  g_autoptr(GIOStream) tls = NULL;

  g_assert_cmpuint (c->buffer->len, ==, 0);
  tls = g_tls_client_connection_new (c->stream, identity, error);
  if (tls == NULL)
    return FALSE;
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), c);
  c->tls_errors = 0;
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    return FALSE;
  g_set_object (&c->stream, tls);
  return TRUE;
}

static char *
plain_response (const char *login,
                const char *password)
{
  g_autoptr(GString) raw = g_string_new (NULL);

  g_string_append_c (raw, '\0');
  g_string_append (raw, login);
  g_string_append_c (raw, '\0');
  g_string_append (raw, password);
  return g_base64_encode ((const guchar *)raw->str, raw->len);
}

static char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *)text, strlen (text));
}

/* ---- certificates ---- */

typedef struct
{
  const char           *name;
  const char           *host;
  GTlsCertificateFlags  expected;
} CertCase;

static const CertCase cert_cases[] = {
  { "server", "localhost", 0 },
  { "server", "127.0.0.1", 0 },
  { "wrong-name", "localhost", G_TLS_CERTIFICATE_BAD_IDENTITY },
  { "expired", "localhost", G_TLS_CERTIFICATE_EXPIRED },
  { "self-signed", "localhost", G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "unknown-root", "localhost", G_TLS_CERTIFICATE_UNKNOWN_CA },
};

static void
test_certificates (void)
{
  g_autoptr(GTlsDatabase) database = outbox_test_tls_database_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cert_cases); i++)
    {
      const CertCase *cc = &cert_cases[i];
      g_autofree char *path = outbox_test_cert_path (cc->name);
      g_autofree char *fingerprint = outbox_test_cert_fingerprint (cc->name);
      g_autoptr(GSocketConnectable) identity = g_network_address_new (cc->host, 25);
      g_autoptr(GTlsCertificate) cert = NULL;
      g_autoptr(GByteArray) der = NULL;
      g_autoptr(GError) error = NULL;
      GTlsCertificateFlags flags;

      cert = g_tls_certificate_new_from_file (path, &error);
      g_assert_no_error (error);
      flags = g_tls_database_verify_chain (database, cert,
                                           G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                           identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                           NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s for %s: flags 0x%x", cc->name, cc->host, flags);
      g_assert_cmphex (flags, ==, cc->expected);

      /* fingerprints.json is the SHA-256 of the DER, as the account pins it. */
      g_object_get (cert, "certificate", &der, NULL);
      {
        g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
        g_assert_cmpstr (sum, ==, fingerprint);
      }
    }

  /* The unknown root really is a second CA: its chain is in the file. */
  {
    g_autofree char *path = outbox_test_cert_path ("unknown-root");
    g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (path, NULL);

    g_assert_nonnull (g_tls_certificate_get_issuer (cert));
  }
}

/* ---- the aiosmtpd server ---- */

#define USER "jöhn@example.test"
#define PASSWORD "πass wörd 1"

static OutboxTestServer *
start_smtp (gboolean require_auth)
{
  OutboxTestSmtpOptions options = {
    .user = USER,
    .password = PASSWORD,
    .require_auth = require_auth,
  };

  return outbox_test_smtp_server_start (&options);
}

static void
test_smtp_ports (void)
{
  g_autoptr(OutboxTestServer) server = start_smtp (FALSE);
  g_autoptr(GError) error = NULL;

  /* plain: no STARTTLS, no AUTH */
  {
    g_autoptr(Client) c = client_connect (outbox_test_server_get_port (server, "plain"));

    g_assert_cmpuint (client_read_reply (c), ==, 220);
    g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);
    g_assert_nonnull (strstr (c->last_reply, "PIPELINING"));
    g_assert_nonnull (strstr (c->last_reply, "SIZE 33554432"));
    g_assert_null (strstr (c->last_reply, "STARTTLS"));
    g_assert_null (strstr (c->last_reply, "AUTH"));
  }

  /* starttls: STARTTLS first, AUTH only after it */
  {
    g_autoptr(Client) c = client_connect (outbox_test_server_get_port (server, "starttls"));
    g_autofree char *plain = plain_response (USER, PASSWORD);
    g_autofree char *auth = g_strconcat ("AUTH PLAIN ", plain, NULL);

    g_assert_cmpuint (client_read_reply (c), ==, 220);
    g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);
    g_assert_nonnull (strstr (c->last_reply, "STARTTLS"));
    g_assert_null (strstr (c->last_reply, "AUTH"));
    g_assert_cmpuint (client_command (c, auth), ==, 538);
    g_assert_cmpuint (client_command (c, "STARTTLS"), ==, 220);
    g_assert_true (client_start_tls (c, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);
    g_assert_null (strstr (c->last_reply, "STARTTLS"));
    g_assert_nonnull (strstr (c->last_reply, "AUTH CRAM-MD5 LOGIN PLAIN"));
    g_assert_cmpuint (client_command (c, "QUIT"), ==, 221);
  }

  /* tls: TLS from the first byte, then the greeting */
  {
    g_autoptr(Client) c = client_connect (outbox_test_server_get_port (server, "tls"));

    g_assert_true (client_start_tls (c, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (client_read_reply (c), ==, 220);
    g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);
    g_assert_null (strstr (c->last_reply, "STARTTLS"));
    g_assert_nonnull (strstr (c->last_reply, "AUTH CRAM-MD5 LOGIN PLAIN"));
  }
}

/* A message with a Greek name, a line that needs dot-stuffing and one that
 * is only a dot after stuffing. */
static const char message_text[] =
  "From: =?UTF-8?B?zpvOv86zzrnPg8+Ezq7Pgc65zr8=?= <billing@example.test>\r\n"
  "To: <to@example.test>\r\n"
  "Reply-To: <replies@example.test>\r\n"
  "Subject: Outbox fixtures\r\n"
  "\r\n"
  ".starts with a dot\r\n"
  ".\r\n"
  "end\r\n";

static void
send_message (Client *c)
{
  g_auto(GStrv) lines = g_strsplit (message_text, "\r\n", -1);

  g_assert_cmpuint (client_command (c, "MAIL FROM:<billing@example.test>"), ==, 250);
  g_assert_cmpuint (client_command (c, "RCPT TO:<to@example.test>"), ==, 250);
  g_assert_cmpuint (client_command (c, "DATA"), ==, 354);
  /* the split leaves one empty string after the final CRLF */
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_autofree char *stuffed = g_strconcat (lines[i][0] == '.' ? "." : "", lines[i], NULL);
      client_send (c, stuffed);
    }
  g_assert_cmpuint (client_command (c, "."), ==, 250);
}

static void
test_smtp_send_starttls_plain (void)
{
  g_autoptr(OutboxTestServer) server = start_smtp (TRUE);
  g_autoptr(Client) c = client_connect (outbox_test_server_get_port (server, "starttls"));
  g_autofree char *plain = plain_response (USER, PASSWORD);
  g_autofree char *auth = g_strconcat ("AUTH PLAIN ", plain, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  InternetAddressList *from;

  g_assert_cmpuint (client_read_reply (c), ==, 220);
  g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);
  g_assert_cmpuint (client_command (c, "STARTTLS"), ==, 220);
  g_assert_true (client_start_tls (c, &error));
  g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);
  /* --require-auth */
  g_assert_cmpuint (client_command (c, "MAIL FROM:<billing@example.test>"), ==, 530);
  g_assert_cmpuint (client_command (c, auth), ==, 235);
  send_message (c);
  g_assert_cmpuint (client_command (c, "QUIT"), ==, 221);

  g_assert_true (outbox_test_server_wait_messages (server, 1, 5000));
  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (messages, 0), "/001.eml"));

  /* The spool holds exactly what was sent, dot-stuffing undone. */
  raw = outbox_test_spool_read_raw (g_ptr_array_index (messages, 0));
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw),
                   message_text, strlen (message_text));

  envelope = outbox_test_spool_read_envelope (g_ptr_array_index (messages, 0));
  g_assert_cmpstr (json_object_get_string_member (envelope, "mail_from"), ==, "billing@example.test");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (envelope, "rcpt_tos"), 0),
                   ==, "to@example.test");
  g_assert_cmpstr (json_object_get_string_member (envelope, "auth_mechanism"), ==, "PLAIN");
  g_assert_cmpstr (json_object_get_string_member (envelope, "login"), ==, USER);
  g_assert_true (json_object_get_boolean_member (envelope, "tls"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "port"), ==, "starttls");
  g_assert_cmpstr (json_object_get_string_member (envelope, "helo"), ==, "[127.0.0.1]");

  message = outbox_test_spool_parse (g_ptr_array_index (messages, 0));
  from = g_mime_message_get_from (message);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (from, 0)),
                   ==, "Λογιστήριο");
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, "Outbox fixtures");
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_reply_to (message)), ==, 1);

  /* The password went to a 0600 file, not to the server's command line. */
  {
    g_autofree char *cmdline_path = NULL;
    g_autofree char *cmdline = NULL;
    gsize len = 0;
    guint pid = outbox_test_server_get_port (server, "pid");

    cmdline_path = g_strdup_printf ("/proc/%u/cmdline", pid);
    g_assert_true (g_file_get_contents (cmdline_path, &cmdline, &len, NULL));
    g_assert_nonnull (memmem (cmdline, len, "smtp_server.py", strlen ("smtp_server.py")));
    g_assert_null (memmem (cmdline, len, PASSWORD, strlen (PASSWORD)));
  }
}

static void
test_smtp_auth_mechanisms (void)
{
  g_autoptr(OutboxTestServer) server = start_smtp (FALSE);
  guint port = outbox_test_server_get_port (server, "tls");
  g_autoptr(GPtrArray) messages = NULL;
  const char *mechanisms[] = { "PLAIN", "LOGIN", "CRAM-MD5" };

  for (guint m = 0; m < G_N_ELEMENTS (mechanisms); m++)
    for (guint wrong = 0; wrong < 2; wrong++)
      {
        g_autoptr(Client) c = client_connect (port);
        g_autoptr(GError) error = NULL;
        const char *password = wrong ? "not the password" : PASSWORD;
        guint code = 0;

        g_assert_true (client_start_tls (c, &error));
        g_assert_cmpuint (client_read_reply (c), ==, 220);
        g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);

        if (g_str_equal (mechanisms[m], "PLAIN"))
          {
            g_autofree char *plain = plain_response (USER, password);
            g_autofree char *auth = g_strconcat ("AUTH PLAIN ", plain, NULL);
            code = client_command (c, auth);
          }
        else if (g_str_equal (mechanisms[m], "LOGIN"))
          {
            g_autofree char *user = b64 (USER);
            g_autofree char *pass = b64 (password);
            g_assert_cmpuint (client_command (c, "AUTH LOGIN"), ==, 334);
            g_assert_cmpuint (client_command (c, user), ==, 334);
            code = client_command (c, pass);
          }
        else
          {
            g_autofree guchar *challenge = NULL;
            g_autofree char *digest = NULL;
            g_autofree char *response = NULL;
            g_autofree char *encoded = NULL;
            gsize len = 0;

            g_assert_cmpuint (client_command (c, "AUTH CRAM-MD5"), ==, 334);
            challenge = g_base64_decode (c->last_reply + 4, &len);
            g_assert_cmpuint (len, >, 0);
            g_assert_cmpint (challenge[0], ==, '<');
            digest = g_compute_hmac_for_data (G_CHECKSUM_MD5, (const guchar *)password,
                                              strlen (password), challenge, len);
            response = g_strconcat (USER, " ", digest, NULL);
            encoded = b64 (response);
            code = client_command (c, encoded);
          }

        g_test_message ("%s with %s password: %s", mechanisms[m],
                        wrong ? "a wrong" : "the right", c->last_reply);
        g_assert_cmpuint (code, ==, wrong ? 535 : 235);
        if (!wrong)
          send_message (c);
      }

  g_assert_true (outbox_test_server_wait_messages (server, 3, 5000));
  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 3);
  for (guint m = 0; m < G_N_ELEMENTS (mechanisms); m++)
    {
      g_autoptr(JsonObject) envelope = outbox_test_spool_read_envelope (g_ptr_array_index (messages, m));

      g_assert_cmpstr (json_object_get_string_member (envelope, "auth_mechanism"), ==, mechanisms[m]);
      g_assert_cmpstr (json_object_get_string_member (envelope, "login"), ==, USER);
      g_assert_cmpstr (json_object_get_string_member (envelope, "port"), ==, "tls");
      g_assert_true (json_object_get_boolean_member (envelope, "tls"));
    }
}

static void
test_smtp_options (void)
{
  OutboxTestSmtpOptions options = { .size = 1000, .no_pipelining = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(Client) c = client_connect (outbox_test_server_get_port (server, "plain"));
  g_autoptr(JsonObject) envelope = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_assert_cmpuint (client_read_reply (c), ==, 220);
  g_assert_cmpuint (client_command (c, "EHLO [127.0.0.1]"), ==, 250);
  g_assert_nonnull (strstr (c->last_reply, "SIZE 1000"));
  g_assert_null (strstr (c->last_reply, "PIPELINING"));
  g_assert_cmpuint (client_command (c, "MAIL FROM:<a@example.test> SIZE=2000"), ==, 552);
  /* No user: a message without AUTH over the plain port is spooled as such. */
  send_message (c);

  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 1);
  envelope = outbox_test_spool_read_envelope (g_ptr_array_index (messages, 0));
  g_assert_false (json_object_get_boolean_member (envelope, "tls"));
  g_assert_true (json_object_get_null_member (envelope, "auth_mechanism"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "port"), ==, "plain");
}

/* ---- the fault server ----
 * Each scenario is a script of steps:
 *   ">TEXT"   send TEXT + CRLF          "<NNN"    the next reply has code NNN
 *   "~TEXT"   the last reply holds TEXT "^TEXT"   the last reply lacks TEXT
 *   "<closed" the server closes now     "<silent" nothing arrives for 1 s
 *   "<endless" more than 1 MB of continuation lines, never a last line
 *   "<huge"   more than 1 MB without a line end
 *   "<drip"   the bytes come about one per second
 *   "=TEXT"   what was received beyond the last reply starts with TEXT; drop it
 *   "!tls"    TLS handshake (test CA, name localhost) succeeds
 *   "!tls-fails"  TLS handshake fails at once (not by timeout)
 *   "?TEXT"   the server logged one received chunk holding exactly TEXT */

typedef struct
{
  const char *scenario;
  gboolean    implicit_tls;
  const char *steps[32];
} FaultCase;

#define AUTH_PLAIN ">AUTH PLAIN AHVzZXIAcGFzc3dvcmQ="
#define ENVELOPE ">MAIL FROM:<a@example.test>", "<250", ">RCPT TO:<b@example.test>"

static const FaultCase fault_cases[] = {
  { "success", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", "~STARTTLS", "~AUTH PLAIN LOGIN",
                        ">STARTTLS", "<220", "!tls", ">EHLO [127.0.0.1]", "<250", "^STARTTLS",
                        AUTH_PLAIN, "<235", ENVELOPE, "<250", ">DATA", "<354",
                        ">Subject: x\r\n\r\nbody\r\n.", "<250", ">QUIT", "<221", "<closed" } },
  { "pipelining", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", "~PIPELINING",
                           ">MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA",
                           "<250", "<250", "<354",
                           "?MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n" } },
  { "no-pipelining", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", "^PIPELINING", "~SIZE" } },
  { "no-greeting", FALSE, { "<silent" } },
  { "silent-tls-port", FALSE, { "<silent", "!tls", "<220" } },
  { "plain-greeting", FALSE, { "!tls-fails" } },
  { "greeting-421", FALSE, { "<421", "<closed" } },
  { "auth-535", TRUE, { "<220", ">EHLO [127.0.0.1]", "<250", AUTH_PLAIN, "<535", "~5.7.8" } },
  { "relay-denied", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", ENVELOPE, "<554",
                             "~5.7.1 <b@example.test>: Relay access denied" } },
  { "unknown-user", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", ENVELOPE, "<550", "~5.1.1" } },
  { "too-large-552", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", ENVELOPE, "<250", ">DATA",
                              "<354", ">body\r\n.", "<552", "~5.3.4" } },
  { "size-limit", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", "~SIZE 100",
                           ">MAIL FROM:<a@example.test> SIZE=500", "<552", "~5.3.4" } },
  { "no-starttls", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", "^STARTTLS", ">STARTTLS", "<502" } },
  { "starttls-454", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", "~STARTTLS", ">STARTTLS", "<454" } },
  { "starttls-injection", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", ">STARTTLS", "<220",
                                   "=250 injected\r\n", "!tls", ">EHLO [127.0.0.1]", "<250" } },
  { "no-auth", FALSE, { "<220", ">EHLO [127.0.0.1]", "<250", "^AUTH", ">STARTTLS", "<220", "!tls",
                        ">EHLO [127.0.0.1]", "<250", "^AUTH", AUTH_PLAIN, "<502" } },
  { "close-mid-reply", FALSE, { "<220", ">EHLO [127.0.0.1]", "<closed" } },
  { "endless-multiline", FALSE, { "<220", ">EHLO [127.0.0.1]", "<endless" } },
  { "endless-greeting", FALSE, { "<endless" } },
  { "huge-line", FALSE, { "<huge" } },
  { "drip", FALSE, { "<drip" } },
  { "helo-only", FALSE, { "<220", ">EHLO [127.0.0.1]", "<500", ">HELO [127.0.0.1]", "<250",
                          "^PIPELINING", ENVELOPE, "<250" } },
};

static void
expect_raw_flood (Client     *c,
                  gboolean    lines)
{
  g_autoptr(GError) error = NULL;
  gsize total = 0;

  while (total < 1024 * 1024)
    {
      gsize before = c->buffer->len;

      g_assert_true (client_fill (c, &error));
      g_assert_no_error (error);
      total += c->buffer->len - before;
      if (lines)
        {
          /* continuation lines only: never a last line "NNN text" */
          char *crlf;

          while ((crlf = strstr (c->buffer->str, "\r\n")) != NULL)
            {
              g_assert_cmpint (crlf - c->buffer->str, >=, 4);
              g_assert_cmpint (c->buffer->str[3], ==, '-');
              g_string_erase (c->buffer, 0, crlf - c->buffer->str + 2);
            }
          g_assert_cmpuint (c->buffer->len, <, 200);
        }
      else
        {
          g_assert_null (strchr (c->buffer->str, '\n'));
          g_string_truncate (c->buffer, 0);
        }
    }
}

static void
run_step (OutboxTestServer *server,
          Client           *c,
          const char       *step)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("  %s", step);
  if (step[0] == '>')
    client_send (c, step + 1);
  else if (g_str_equal (step, "<closed"))
    {
      g_assert_cmpuint (client_read_reply (c), ==, 0);
    }
  else if (g_str_equal (step, "<silent"))
    {
      client_set_timeout (c, 1);
      g_assert_false (client_fill (c, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      client_set_timeout (c, IO_TIMEOUT);
    }
  else if (g_str_equal (step, "<endless"))
    expect_raw_flood (c, TRUE);
  else if (g_str_equal (step, "<huge"))
    expect_raw_flood (c, FALSE);
  else if (g_str_equal (step, "<drip"))
    {
      gint64 start = g_get_monotonic_time ();

      while (c->buffer->len < 3)
        {
          g_assert_true (client_fill (c, &error));
          g_assert_no_error (error);
        }
      /* three bytes take two intervals of a second */
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 1800 * 1000);
      g_assert_true (g_str_has_prefix (c->buffer->str, "220"));
    }
  else if (step[0] == '<')
    {
      guint code = client_read_reply (c);

      g_test_message ("    %s", c->last_reply);
      g_assert_cmpuint (code, ==, (guint)g_ascii_strtoull (step + 1, NULL, 10));
    }
  else if (step[0] == '~')
    g_assert_nonnull (strstr (c->last_reply, step + 1));
  else if (step[0] == '^')
    g_assert_null (strstr (c->last_reply, step + 1));
  else if (step[0] == '=')
    {
      g_assert_true (g_str_has_prefix (c->buffer->str, step + 1));
      g_string_truncate (c->buffer, 0);
    }
  else if (g_str_equal (step, "!tls"))
    {
      g_assert_true (client_start_tls (c, &error));
      g_assert_no_error (error);
    }
  else if (g_str_equal (step, "!tls-fails"))
    {
      gint64 start = g_get_monotonic_time ();

      g_assert_false (client_start_tls (c, &error));
      g_assert_nonnull (error);
      g_test_message ("    %s", error->message);
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
      g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
    }
  else if (step[0] == '?')
    {
      g_autoptr(GPtrArray) chunks = outbox_test_server_get_received (server, 0);
      gboolean found = FALSE;

      for (guint i = 0; i < chunks->len && !found; i++)
        {
          gsize len = 0;
          const char *data = g_bytes_get_data (g_ptr_array_index (chunks, i), &len);
          found = len == strlen (step + 1) && memcmp (data, step + 1, len) == 0;
        }
      g_assert_true (found);
    }
  else
    g_assert_not_reached ();
}

static void
test_fault_scenario (gconstpointer data)
{
  const FaultCase *fc = data;
  OutboxTestFaultOptions options = { .implicit_tls = fc->implicit_tls };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start (fc->scenario, &options);
  g_autoptr(Client) c = client_connect (outbox_test_server_get_port (server, "port"));
  g_autoptr(GError) error = NULL;

  if (fc->implicit_tls)
    {
      g_assert_true (client_start_tls (c, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fc->steps) && fc->steps[i] != NULL; i++)
    run_step (server, c, fc->steps[i]);
}

/* The fault server presents the certificate asked for; the client sees
 * exactly that certificate's fault. */
static void
test_fault_certificates (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cert_cases); i++)
    {
      const CertCase *cc = &cert_cases[i];
      OutboxTestFaultOptions options = { .cert = cc->name, .implicit_tls = TRUE };
      g_autoptr(OutboxTestServer) server = NULL;
      g_autoptr(Client) c = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (cc->host, "localhost"))
        continue;
      server = outbox_test_fault_server_start ("success", &options);
      c = client_connect (outbox_test_server_get_port (server, "port"));
      if (cc->expected == 0)
        {
          g_assert_true (client_start_tls (c, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (client_read_reply (c), ==, 220);
        }
      else
        {
          g_assert_false (client_start_tls (c, &error));
          g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
          g_test_message ("%s: %s (flags 0x%x)", cc->name, error->message, c->tls_errors);
          g_assert_cmphex (c->tls_errors & cc->expected, ==, cc->expected);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Fixtures/certificates", test_certificates);
  g_test_add_func ("/Outbox/Fixtures/smtp/ports", test_smtp_ports);
  g_test_add_func ("/Outbox/Fixtures/smtp/send-starttls-plain", test_smtp_send_starttls_plain);
  g_test_add_func ("/Outbox/Fixtures/smtp/auth-mechanisms", test_smtp_auth_mechanisms);
  g_test_add_func ("/Outbox/Fixtures/smtp/options", test_smtp_options);
  g_test_add_func ("/Outbox/Fixtures/fault/certificates", test_fault_certificates);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/Fixtures/fault/%s", fault_cases[i].scenario);
      g_test_add_data_func (path, &fault_cases[i], test_fault_scenario);
    }

  return g_test_run ();
}
