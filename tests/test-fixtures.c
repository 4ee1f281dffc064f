/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Proves the test certificates and the aiosmtpd server on their own, with
 * plain GIO sockets and GTlsClientConnection, so that an engine test that
 * fails points at the engine and not at its fixtures. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox-test-client.h"
#include "outbox-test-servers.h"

static OutboxTestClient *
connect_to (OutboxTestServer *server,
            const char       *port_name)
{
  return outbox_test_client_connect (outbox_test_server_get_port (server, port_name));
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
    g_autoptr(OutboxTestClient) c = connect_to (server, "plain");

    g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 220);
    g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);
    g_assert_nonnull (strstr (c->last_reply, "PIPELINING"));
    g_assert_nonnull (strstr (c->last_reply, "SIZE 33554432"));
    g_assert_null (strstr (c->last_reply, "STARTTLS"));
    g_assert_null (strstr (c->last_reply, "AUTH"));
  }

  /* starttls: STARTTLS first, AUTH only after it */
  {
    g_autoptr(OutboxTestClient) c = connect_to (server, "starttls");
    g_autofree char *plain = outbox_test_auth_plain_response (USER, PASSWORD);
    g_autofree char *auth = g_strconcat ("AUTH PLAIN ", plain, NULL);

    g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 220);
    g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);
    g_assert_nonnull (strstr (c->last_reply, "STARTTLS"));
    g_assert_null (strstr (c->last_reply, "AUTH"));
    g_assert_cmpuint (outbox_test_client_command (c, auth), ==, 538);
    g_assert_cmpuint (outbox_test_client_command (c, "STARTTLS"), ==, 220);
    g_assert_true (outbox_test_client_start_tls (c, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);
    g_assert_null (strstr (c->last_reply, "STARTTLS"));
    g_assert_nonnull (strstr (c->last_reply, "AUTH CRAM-MD5 LOGIN PLAIN"));
    g_assert_cmpuint (outbox_test_client_command (c, "QUIT"), ==, 221);
  }

  /* tls: TLS from the first byte, then the greeting */
  {
    g_autoptr(OutboxTestClient) c = connect_to (server, "tls");

    g_assert_true (outbox_test_client_start_tls (c, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 220);
    g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);
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
send_message (OutboxTestClient *c)
{
  g_auto(GStrv) lines = g_strsplit (message_text, "\r\n", -1);

  g_assert_cmpuint (outbox_test_client_command (c, "MAIL FROM:<billing@example.test>"), ==, 250);
  g_assert_cmpuint (outbox_test_client_command (c, "RCPT TO:<to@example.test>"), ==, 250);
  g_assert_cmpuint (outbox_test_client_command (c, "DATA"), ==, 354);
  /* the split leaves one empty string after the final CRLF */
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_autofree char *stuffed = g_strconcat (lines[i][0] == '.' ? "." : "", lines[i], NULL);
      outbox_test_client_send (c, stuffed);
    }
  g_assert_cmpuint (outbox_test_client_command (c, "."), ==, 250);
}

static void
test_smtp_send_starttls_plain (void)
{
  g_autoptr(OutboxTestServer) server = start_smtp (TRUE);
  g_autoptr(OutboxTestClient) c = connect_to (server, "starttls");
  g_autofree char *plain = outbox_test_auth_plain_response (USER, PASSWORD);
  g_autofree char *auth = g_strconcat ("AUTH PLAIN ", plain, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  InternetAddressList *from;

  g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 220);
  g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);
  g_assert_cmpuint (outbox_test_client_command (c, "STARTTLS"), ==, 220);
  g_assert_true (outbox_test_client_start_tls (c, &error));
  g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);
  /* --require-auth */
  g_assert_cmpuint (outbox_test_client_command (c, "MAIL FROM:<billing@example.test>"), ==, 530);
  g_assert_cmpuint (outbox_test_client_command (c, auth), ==, 235);
  send_message (c);
  g_assert_cmpuint (outbox_test_client_command (c, "QUIT"), ==, 221);

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
        g_autoptr(OutboxTestClient) c = outbox_test_client_connect (port);
        g_autoptr(GError) error = NULL;
        const char *password = wrong ? "not the password" : PASSWORD;
        guint code = 0;

        g_assert_true (outbox_test_client_start_tls (c, &error));
        g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 220);
        g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);

        if (g_str_equal (mechanisms[m], "PLAIN"))
          {
            g_autofree char *plain = outbox_test_auth_plain_response (USER, password);
            g_autofree char *auth = g_strconcat ("AUTH PLAIN ", plain, NULL);
            code = outbox_test_client_command (c, auth);
          }
        else if (g_str_equal (mechanisms[m], "LOGIN"))
          {
            g_autofree char *user = outbox_test_base64 (USER);
            g_autofree char *pass = outbox_test_base64 (password);
            g_assert_cmpuint (outbox_test_client_command (c, "AUTH LOGIN"), ==, 334);
            g_assert_cmpuint (outbox_test_client_command (c, user), ==, 334);
            code = outbox_test_client_command (c, pass);
          }
        else
          {
            g_autofree guchar *challenge = NULL;
            g_autofree char *digest = NULL;
            g_autofree char *response = NULL;
            g_autofree char *encoded = NULL;
            gsize len = 0;

            g_assert_cmpuint (outbox_test_client_command (c, "AUTH CRAM-MD5"), ==, 334);
            challenge = g_base64_decode (c->last_reply + 4, &len);
            g_assert_cmpuint (len, >, 0);
            g_assert_cmpint (challenge[0], ==, '<');
            digest = g_compute_hmac_for_data (G_CHECKSUM_MD5, (const guchar *)password,
                                              strlen (password), challenge, len);
            response = g_strconcat (USER, " ", digest, NULL);
            encoded = outbox_test_base64 (response);
            code = outbox_test_client_command (c, encoded);
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
  g_autoptr(OutboxTestClient) c = connect_to (server, "plain");
  g_autoptr(JsonObject) envelope = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 220);
  g_assert_cmpuint (outbox_test_client_command (c, "EHLO [127.0.0.1]"), ==, 250);
  g_assert_nonnull (strstr (c->last_reply, "SIZE 1000"));
  g_assert_null (strstr (c->last_reply, "PIPELINING"));
  g_assert_cmpuint (outbox_test_client_command (c, "MAIL FROM:<a@example.test> SIZE=2000"), ==, 552);
  /* No user: a message without AUTH over the plain port is spooled as such. */
  send_message (c);

  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 1);
  envelope = outbox_test_spool_read_envelope (g_ptr_array_index (messages, 0));
  g_assert_false (json_object_get_boolean_member (envelope, "tls"));
  g_assert_true (json_object_get_null_member (envelope, "auth_mechanism"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "port"), ==, "plain");
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

  return g_test_run ();
}
