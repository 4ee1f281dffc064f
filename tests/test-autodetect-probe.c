/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The probe step of OutboxAutodetect against real servers on 127.0.0.1:
 * several ports at once (implicit TLS, STARTTLS, plain, silent), the best
 * secure one chosen, a silent port never holding the answer past the
 * timeout, and never an AUTH or a message sent. smtp.example.test and
 * mail.example.test resolve to 127.0.0.1 through the test resolver; the
 * servers present a certificate made here for those names, signed by the
 * test CA. */

#include "config.h"

#include <string.h>

#include "outbox.h"
#include "outbox-autodetect-private.h"
#include "autodetect-test-util.h"
#include "outbox-test-resolver.h"
#include "outbox-test-servers.h"

/* Long enough for TLS handshakes under AddressSanitizer, short enough to
 * wait out in the test where a silent port holds the answer. */
#define PROBE_TIMEOUT_MS 5000
#define SLOW_PROBE_TIMEOUT_MS 30000

typedef struct
{
  OutboxTestResolver *resolver;
  OutboxAutodetect   *autodetect;
  GTlsDatabase       *database;
  GPtrArray          *servers;   /* OutboxTestServer */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->resolver = outbox_test_resolver_new ();
  g_resolver_set_default (G_RESOLVER (fixture->resolver));
  fixture->database = outbox_test_tls_database_new (NULL);
  fixture->servers = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_test_server_stop);
  fixture->autodetect = outbox_autodetect_new ();
  outbox_autodetect_set_tls_database (fixture->autodetect, fixture->database);
  outbox_autodetect_set_probe_timeout (fixture->autodetect, PROBE_TIMEOUT_MS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->autodetect);
  g_clear_pointer (&fixture->servers, g_ptr_array_unref);
  g_clear_object (&fixture->database);
  g_clear_object (&fixture->resolver);
}

static guint
start_server (Fixture    *fixture,
              const char *scenario,
              const char *cert,
              gboolean    no_tls,
              gboolean    implicit_tls)
{
  OutboxTestFaultOptions options = { .cert = cert, .no_tls = no_tls, .implicit_tls = implicit_tls };
  OutboxTestServer *server = outbox_test_fault_server_start (scenario, &options);

  g_ptr_array_add (fixture->servers, server);
  return outbox_test_server_get_port (server, "port");
}

/* Nothing the probe sent may sign in or start a message. */
static void
assert_nothing_sent_but_greetings (Fixture *fixture)
{
  for (guint i = 0; i < fixture->servers->len; i++)
    {
      g_autofree char *text = outbox_test_server_get_received_text (g_ptr_array_index (fixture->servers, i), 0);
      g_autofree char *upper = g_ascii_strup (text, -1);

      g_assert_null (strstr (upper, "AUTH"));
      g_assert_null (strstr (upper, "MAIL FROM"));
      g_assert_null (strstr (upper, "RCPT"));
    }
}

static OutboxAutodetectResult *
detect (Fixture     *fixture,
        const char  *address,
        gint64      *elapsed_ms,
        GError     **error)
{
  return autodetect_test_run (fixture->autodetect, address, NULL, elapsed_ms, error);
}

#define assert_server autodetect_test_assert_server

/* Four ports at once; implicit TLS wins, and the silent port (later in the
 * plan, so it could not do better) does not hold the answer back. */
static void
test_best_secure (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  OutboxProbePort ports[4];
  gint64 elapsed = 0;

  ports[0] = (OutboxProbePort) { start_server (fixture, "success", NULL, FALSE, TRUE), OUTBOX_SECURITY_TLS };
  ports[1] = (OutboxProbePort) { start_server (fixture, "success", NULL, FALSE, FALSE), OUTBOX_SECURITY_STARTTLS };
  ports[2] = (OutboxProbePort) { start_server (fixture, "success", NULL, TRUE, FALSE), OUTBOX_SECURITY_STARTTLS };
  ports[3] = (OutboxProbePort) { start_server (fixture, "no-greeting", NULL, TRUE, FALSE), OUTBOX_SECURITY_TLS };
  _outbox_autodetect_set_probe_ports (fixture->autodetect, ports, G_N_ELEMENTS (ports));
  outbox_test_resolver_add_address (fixture->resolver, "smtp.example.test", "127.0.0.1");
  /* A long timeout, so that waiting for the silent port would show plainly
   * even on a slow (sanitizer) build where four handshakes take seconds. */
  outbox_autodetect_set_probe_timeout (fixture->autodetect, SLOW_PROBE_TIMEOUT_MS);

  result = detect (fixture, "user@example.test", &elapsed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_autodetect_result_get_source (result), ==, OUTBOX_AUTODETECT_SOURCE_PROBE);
  assert_server (result, 0, "smtp.example.test", ports[0].port, OUTBOX_SECURITY_TLS);
  g_assert_null (outbox_autodetect_result_get_warnings (result)[0]);
  g_assert_nonnull (outbox_autodetect_result_get_probe_report (result));
  g_assert_cmpuint (outbox_test_report_get_size_limit (outbox_autodetect_result_get_probe_report (result)), >, 0);
  g_assert_cmpint (elapsed, <, SLOW_PROBE_TIMEOUT_MS);

  /* The steps before came first: SRV and MX were asked, and found nothing. */
  g_assert_true (outbox_test_resolver_was_asked (fixture->resolver, "SRV _submissions._tcp.example.test"));
  g_assert_true (outbox_test_resolver_was_asked (fixture->resolver, "MX example.test"));
  assert_nothing_sent_but_greetings (fixture);
}

/* The silent port is the most wanted one (implicit TLS, first in the
 * plan): its answer is awaited, but only until the timeout; then the best
 * of the others wins, STARTTLS before plain. */
static void
test_silent_port_times_out (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  OutboxProbePort ports[3];
  gint64 elapsed = 0;

  ports[0] = (OutboxProbePort) { start_server (fixture, "no-greeting", NULL, TRUE, FALSE), OUTBOX_SECURITY_TLS };
  ports[1] = (OutboxProbePort) { start_server (fixture, "success", NULL, TRUE, FALSE), OUTBOX_SECURITY_STARTTLS };
  ports[2] = (OutboxProbePort) { start_server (fixture, "success", NULL, FALSE, FALSE), OUTBOX_SECURITY_STARTTLS };
  _outbox_autodetect_set_probe_ports (fixture->autodetect, ports, G_N_ELEMENTS (ports));
  outbox_test_resolver_add_address (fixture->resolver, "smtp.example.test", "127.0.0.1");

  result = detect (fixture, "user@example.test", &elapsed, &error);
  g_assert_no_error (error);
  assert_server (result, 0, "smtp.example.test", ports[2].port, OUTBOX_SECURITY_STARTTLS);
  assert_server (result, 1, "smtp.example.test", ports[1].port, OUTBOX_SECURITY_NONE);
  g_assert_cmpuint (outbox_autodetect_result_get_n_servers (result), ==, 2);
  g_assert_cmpint (elapsed, >=, PROBE_TIMEOUT_MS - 100);
  g_assert_cmpint (elapsed, <, PROBE_TIMEOUT_MS + 3000);
  assert_nothing_sent_but_greetings (fixture);
}

/* Plaintext only when nothing else answers, and then with a warning. */
static void
test_plain_only (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  OutboxProbePort ports[1];
  const char * const *warnings;

  ports[0] = (OutboxProbePort) { start_server (fixture, "success", NULL, TRUE, FALSE), OUTBOX_SECURITY_STARTTLS };
  _outbox_autodetect_set_probe_ports (fixture->autodetect, ports, G_N_ELEMENTS (ports));
  outbox_test_resolver_add_address (fixture->resolver, "mail.example.test", "127.0.0.1");

  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_no_error (error);
  /* smtp.example.test does not exist; mail.example.test answered. */
  assert_server (result, 0, "mail.example.test", ports[0].port, OUTBOX_SECURITY_NONE);
  warnings = outbox_autodetect_result_get_warnings (result);
  g_assert_nonnull (warnings[0]);
  g_assert_nonnull (strstr (warnings[0], "without encryption"));

  outbox_account_set_sender_address (account, "user@example.test");
  outbox_autodetect_result_apply (result, account, OUTBOX_ACCOUNT_FIELD_NONE);
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_NONE);
  g_assert_cmpuint (outbox_account_get_port (account), ==, ports[0].port);
  assert_nothing_sent_but_greetings (fixture);
}

/* A server whose certificate is for another name still answers, below
 * every verified one, with the names the certificate is made out to. */
static void
test_certificate_mismatch (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  OutboxProbePort ports[2];
  const char * const *warnings;

  ports[0] = (OutboxProbePort) { start_server (fixture, "success", "wrong-name", FALSE, TRUE), OUTBOX_SECURITY_TLS };
  ports[1] = (OutboxProbePort) { start_server (fixture, "success", NULL, TRUE, FALSE), OUTBOX_SECURITY_STARTTLS };
  _outbox_autodetect_set_probe_ports (fixture->autodetect, ports, G_N_ELEMENTS (ports));
  outbox_test_resolver_add_address (fixture->resolver, "smtp.example.test", "127.0.0.1");

  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_no_error (error);
  assert_server (result, 0, "smtp.example.test", ports[0].port, OUTBOX_SECURITY_TLS);
  assert_server (result, 1, "smtp.example.test", ports[1].port, OUTBOX_SECURITY_NONE);
  warnings = outbox_autodetect_result_get_warnings (result);
  g_assert_nonnull (warnings[0]);
  g_assert_nonnull (strstr (warnings[0], "other.example.test"));
  assert_nothing_sent_but_greetings (fixture);
}

static void
test_nothing_answers (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  OutboxProbePort ports[1];

  /* The names exist but the one server refuses to serve. */
  ports[0] = (OutboxProbePort) { start_server (fixture, "no-greeting", NULL, TRUE, FALSE), OUTBOX_SECURITY_STARTTLS };
  _outbox_autodetect_set_probe_ports (fixture->autodetect, ports, G_N_ELEMENTS (ports));
  outbox_autodetect_set_probe_timeout (fixture->autodetect, 500);
  outbox_test_resolver_add_address (fixture->resolver, "smtp.example.test", "127.0.0.1");

  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "smtp.example.test"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *certs = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Our own certificate directory, so the re-issued certificate changes
   * no other test's. */
  certs = outbox_test_private_certs_dir ("outbox-probe-certs",
                                         (const char *[]) { "smtp.example.test",
                                                            "mail.example.test", NULL },
                                         4242);

#define ADD(path, func) \
  g_test_add ("/Outbox/AutodetectProbe/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("best-secure", test_best_secure);
  ADD ("silent-port-times-out", test_silent_port_times_out);
  ADD ("plain-only", test_plain_only);
  ADD ("certificate-mismatch", test_certificate_mismatch);
  ADD ("nothing-answers", test_nothing_answers);
#undef ADD

  status = g_test_run ();
  outbox_test_remove_tree (certs);
  return status;
}
