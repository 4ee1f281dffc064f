/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A minimal SMTP line client for tests: synchronous GIO with a socket
 * timeout, STARTTLS/implicit TLS trusting the test CA. It checks the
 * fixtures themselves and can play a client in protocol tests; it is not
 * the engine. Failures abort the test with g_assert. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OUTBOX_TEST_CLIENT_TIMEOUT 10 /* seconds, for every read and write */

typedef struct
{
  GSocketConnection   *socket_conn;
  GIOStream           *stream;      /* the socket, or the TLS connection over it */
  GString             *buffer;      /* received, not yet consumed */
  char                *last_reply;  /* every line of the last reply, "\n" between */
  guint                last_code;
  GTlsCertificateFlags tls_errors;  /* what the last handshake found wrong */
} OutboxTestClient;

/* Connects to 127.0.0.1:port (no proxy). */
OutboxTestClient *outbox_test_client_connect     (guint              port);
void              outbox_test_client_free        (OutboxTestClient  *c);
void              outbox_test_client_set_timeout (OutboxTestClient  *c,
                                                  guint              seconds);
/* Reads once into the buffer; FALSE at EOF or on error (timeouts too). */
gboolean          outbox_test_client_fill        (OutboxTestClient  *c,
                                                  GError           **error);
/* One CRLF-terminated line without its CRLF, or NULL at EOF. */
char             *outbox_test_client_read_line   (OutboxTestClient  *c,
                                                  GError           **error);
/* Reads a whole reply into last_reply; returns its code, or 0 at EOF
 * before the last line. */
guint             outbox_test_client_read_reply  (OutboxTestClient  *c);
/* Sends line + CRLF in one write. */
void              outbox_test_client_send        (OutboxTestClient  *c,
                                                  const char        *line);
guint             outbox_test_client_command     (OutboxTestClient  *c,
                                                  const char        *line);
/* TLS over the current stream, trusting only the test CA, for the name
 * "localhost"; the buffer must be empty. */
gboolean          outbox_test_client_start_tls   (OutboxTestClient  *c,
                                                  GError           **error);

/* base64 of "\0login\0password" (AUTH PLAIN) and of text. */
char             *outbox_test_auth_plain_response (const char *login,
                                                   const char *password);
char             *outbox_test_base64              (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxTestClient, outbox_test_client_free)

G_END_DECLS
