/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Proves every scenario of tests/smtp/fault_server.py with a plain GIO
 * client: each misbehaves exactly as its name says. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox-test-client.h"
#include "outbox-test-servers.h"

/* The certificate each kind presents, and what a client trusting only the
 * test CA finds wrong with it for the name "localhost". */
static const struct
{
  const char           *kind;
  GTlsCertificateFlags  expected;
} cert_cases[] = {
  { "server", 0 },
  { "wrong-name", G_TLS_CERTIFICATE_BAD_IDENTITY },
  { "expired", G_TLS_CERTIFICATE_EXPIRED },
  { "self-signed", G_TLS_CERTIFICATE_UNKNOWN_CA },
  { "unknown-root", G_TLS_CERTIFICATE_UNKNOWN_CA },
};

/* Each scenario is a script of steps:
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

static OutboxTestClient *
connect_to (OutboxTestServer *server,
            const char       *port_name)
{
  return outbox_test_client_connect (outbox_test_server_get_port (server, port_name));
}

static void
expect_raw_flood (OutboxTestClient *c,
                  gboolean          lines)
{
  g_autoptr(GError) error = NULL;
  gsize total = 0;

  while (total < 1024 * 1024)
    {
      gsize before = c->buffer->len;

      g_assert_true (outbox_test_client_fill (c, &error));
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
          OutboxTestClient *c,
          const char       *step)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("  %s", step);
  if (step[0] == '>')
    outbox_test_client_send (c, step + 1);
  else if (g_str_equal (step, "<closed"))
    {
      g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 0);
    }
  else if (g_str_equal (step, "<silent"))
    {
      outbox_test_client_set_timeout (c, 1);
      g_assert_false (outbox_test_client_fill (c, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      outbox_test_client_set_timeout (c, OUTBOX_TEST_CLIENT_TIMEOUT);
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
          g_assert_true (outbox_test_client_fill (c, &error));
          g_assert_no_error (error);
        }
      /* three bytes take two intervals of a second */
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 1800 * 1000);
      g_assert_true (g_str_has_prefix (c->buffer->str, "220"));
    }
  else if (step[0] == '<')
    {
      guint code = outbox_test_client_read_reply (c);

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
      g_assert_true (outbox_test_client_start_tls (c, &error));
      g_assert_no_error (error);
    }
  else if (g_str_equal (step, "!tls-fails"))
    {
      gint64 start = g_get_monotonic_time ();

      g_assert_false (outbox_test_client_start_tls (c, &error));
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
  g_autoptr(OutboxTestClient) c = connect_to (server, "port");
  g_autoptr(GError) error = NULL;

  if (fc->implicit_tls)
    {
      g_assert_true (outbox_test_client_start_tls (c, &error));
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
      OutboxTestFaultOptions options = { .cert = cert_cases[i].kind, .implicit_tls = TRUE };
      g_autoptr(OutboxTestServer) server = NULL;
      g_autoptr(OutboxTestClient) c = NULL;
      g_autoptr(GError) error = NULL;

      server = outbox_test_fault_server_start ("success", &options);
      c = outbox_test_client_connect (outbox_test_server_get_port (server, "port"));
      if (cert_cases[i].expected == 0)
        {
          g_assert_true (outbox_test_client_start_tls (c, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (outbox_test_client_read_reply (c), ==, 220);
        }
      else
        {
          g_assert_false (outbox_test_client_start_tls (c, &error));
          g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
          g_test_message ("%s: %s (flags 0x%x)", cert_cases[i].kind, error->message, c->tls_errors);
          g_assert_cmphex (c->tls_errors & cert_cases[i].expected, ==, cert_cases[i].expected);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/FaultServer/certificates", test_fault_certificates);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/FaultServer/%s", fault_cases[i].scenario);
      g_test_add_data_func (path, &fault_cases[i], test_fault_scenario);
    }

  return g_test_run ();
}
