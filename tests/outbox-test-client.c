/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A minimal synchronous SMTP line client for tests. */

#define G_LOG_DOMAIN "outbox-test-client"

#include "config.h"

#include <string.h>

#include "outbox-test-client.h"
#include "outbox-test-servers.h"

OutboxTestClient *
outbox_test_client_connect (guint port)
{
  g_autoptr(GSocketClient) sc = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  OutboxTestClient *c = g_new0 (OutboxTestClient, 1);

  g_socket_client_set_timeout (sc, OUTBOX_TEST_CLIENT_TIMEOUT);
  /* Loopback only; and proxy lookup would need GSettings schemas, which
   * G_TEST_OPTION_ISOLATE_DIRS hides. */
  g_socket_client_set_enable_proxy (sc, FALSE);
  c->socket_conn = g_socket_client_connect_to_host (sc, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  c->stream = g_object_ref (G_IO_STREAM (c->socket_conn));
  c->buffer = g_string_new (NULL);
  return c;
}

void
outbox_test_client_free (OutboxTestClient *c)
{
  if (c->stream)
    g_io_stream_close (c->stream, NULL, NULL);
  g_clear_object (&c->stream);
  g_clear_object (&c->socket_conn);
  g_string_free (c->buffer, TRUE);
  g_free (c->last_reply);
  g_free (c);
}

void
outbox_test_client_set_timeout (OutboxTestClient *c,
                                guint             seconds)
{
  g_socket_set_timeout (g_socket_connection_get_socket (c->socket_conn), seconds);
}

gboolean
outbox_test_client_fill (OutboxTestClient  *c,
                         GError           **error)
{
  char chunk[65536];
  gssize n = g_input_stream_read (g_io_stream_get_input_stream (c->stream),
                                  chunk, sizeof chunk, NULL, error);
  if (n <= 0)
    return FALSE;
  g_string_append_len (c->buffer, chunk, n);
  return TRUE;
}

char *
outbox_test_client_read_line (OutboxTestClient  *c,
                              GError           **error)
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
      if (!outbox_test_client_fill (c, error))
        return NULL;
    }
}

guint
outbox_test_client_read_reply (OutboxTestClient *c)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&c->last_reply, g_free);
  c->last_code = 0;
  for (;;)
    {
      g_autofree char *line = outbox_test_client_read_line (c, &error);

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

void
outbox_test_client_send (OutboxTestClient *c,
                         const char       *line)
{
  g_autofree char *data = g_strconcat (line, "\r\n", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (c->stream),
                             data, strlen (data), NULL, NULL, &error);
  g_assert_no_error (error);
}

guint
outbox_test_client_command (OutboxTestClient *c,
                            const char       *line)
{
  outbox_test_client_send (c, line);
  return outbox_test_client_read_reply (c);
}

static gboolean
on_accept_certificate (GTlsConnection       *conn,
                       GTlsCertificate      *peer_cert,
                       GTlsCertificateFlags  errors,
                       OutboxTestClient     *c)
{
  c->tls_errors = errors;
  return FALSE;
}

gboolean
outbox_test_client_start_tls (OutboxTestClient  *c,
                              GError           **error)
{
  g_autoptr(GTlsDatabase) database = outbox_test_tls_database_new (NULL);
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 25);
  g_autoptr(GIOStream) tls = NULL;

  g_assert_cmpuint (c->buffer->len, ==, 0);
  /* The database goes in at construction: set afterwards, GnuTLS would
   * first load the system's authorities and then drop them, which under
   * AddressSanitizer takes seconds. */
  tls = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                        NULL, error,
                        "base-io-stream", c->stream,
                        "server-identity", identity,
                        "database", database,
                        NULL);
  if (tls == NULL)
    return FALSE;
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), c);
  c->tls_errors = 0;
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    return FALSE;
  g_set_object (&c->stream, tls);
  return TRUE;
}

char *
outbox_test_auth_plain_response (const char *login,
                                 const char *password)
{
  g_autoptr(GString) raw = g_string_new (NULL);

  g_string_append_c (raw, '\0');
  g_string_append (raw, login);
  g_string_append_c (raw, '\0');
  g_string_append (raw, password);
  return g_base64_encode ((const guchar *)raw->str, raw->len);
}

char *
outbox_test_base64 (const char *text)
{
  return g_base64_encode ((const guchar *)text, strlen (text));
}
