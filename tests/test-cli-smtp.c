/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl test and probe end to end: the real program against the test
 * SMTP servers on 127.0.0.1, with passwords in the session's keyring. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cli-runner.h"
#include "outbox-test-servers.h"

#define USER     "billing@example.gr"
#define PASSWORD "Cli-S3cret-πάσ$"

static char *
port_text (OutboxTestServer *server,
           const char       *name)
{
  return g_strdup_printf ("%u", outbox_test_server_get_port (server, name));
}

/* Adds an account on 127.0.0.1; the password (when any) goes to the keyring. */
static void
add_account (const char *name,
             const char *security,
             const char *port,
             const char *auth,
             const char *password)
{
  g_autoptr(CtlResult) add = NULL;

  if (password)
    {
      g_autofree char *input = g_strdup_printf ("%s\n", password);
      add = ctl (input, "add", "--name", name, "--sender-name", "Λογιστήριο",
                 "--sender-address", USER, "--reply-to", "replies@example.gr",
                 "--host", "127.0.0.1", "--port", port, "--security", security,
                 "--timeout", "10", "--auth", auth, "--username", USER, "--password-stdin");
    }
  else
    add = ctl (NULL, "add", "--name", name, "--sender-name", "Λογιστήριο",
               "--sender-address", USER, "--host", "127.0.0.1", "--port", port,
               "--security", security, "--timeout", "10", "--auth", "none");
  g_assert_cmpint (add->status, ==, 0);
}

/* outboxctl test sends through aiosmtpd in all three security modes. */
static void
test_cli_test_modes (void)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autofree char *ca = outbox_test_cert_path ("ca");
  g_autofree char *plain = port_text (server, "plain");
  g_autofree char *starttls = port_text (server, "starttls");
  g_autofree char *tls = port_text (server, "tls");
  g_autoptr(GPtrArray) messages = NULL;

  cli_test_setup ();
  add_account ("Plain", "none", plain, "none", NULL);
  add_account ("Start", "starttls", starttls, "password", PASSWORD);
  add_account ("Implicit", "tls", tls, "password", PASSWORD);

  {
    g_autoptr(CtlResult) run = ctl (NULL, "test", "Plain", "--ca-file", ca);
    g_assert_cmpint (run->status, ==, 0);
    assert_line (run->out, "Result:");
    g_assert_nonnull (strstr (run->out, "The test message was sent"));
  }
  {
    g_autoptr(CtlResult) run = ctl (NULL, "test", "Start", "--ca-file", ca, "--transcript");
    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "C: EHLO [127.0.0.1]"));
    g_assert_nonnull (strstr (run->out, "C: STARTTLS"));
    /* Over TLS, PLAIN with its initial response, the secret part redacted. */
    g_assert_nonnull (strstr (run->out, "C: AUTH PLAIN [redacted]"));
    g_assert_nonnull (strstr (run->out, "SHA-256:"));
  }
  {
    g_autoptr(CtlResult) run = ctl (NULL, "test", "Implicit", "--ca-file", ca, "--json",
                                    "--transcript");
    g_autoptr(JsonNode) node = NULL;
    JsonObject *root;

    g_assert_cmpint (run->status, ==, 0);
    node = parse_json (run->out);
    root = json_node_get_object (node);
    g_assert_true (json_object_get_boolean_member (root, "success"));
    g_assert_cmpstr (json_object_get_string_member (root, "security"), ==, "tls");
    g_assert_cmpstr (json_object_get_string_member (root, "auth_mechanism"), ==, "PLAIN");
    g_assert_true (json_object_has_member (root, "transcript"));
    g_assert_nonnull (json_object_get_object_member (root, "certificate"));
  }

  g_assert_true (outbox_test_server_wait_messages (server, 3, 5000));
  messages = outbox_test_server_list_messages (server);
  g_assert_cmpuint (messages->len, ==, 3);
  assert_password_nowhere (PASSWORD);
}

static void
test_cli_test_options (void)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autofree char *ca = outbox_test_cert_path ("ca");
  g_autofree char *tls = port_text (server, "tls");
  g_autoptr(CtlResult) to = NULL;
  g_autoptr(CtlResult) from_stdin = NULL;
  g_autoptr(CtlResult) wrong = NULL;
  g_autoptr(CtlResult) system_trust = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(JsonObject) envelope = NULL;

  cli_test_setup ();
  add_account ("Implicit", "tls", tls, "password", "not the password");

  /* The keyring's password is wrong; the one on stdin is right. */
  wrong = ctl (NULL, "test", "Implicit", "--ca-file", ca);
  g_assert_cmpint (wrong->status, ==, 1);
  g_assert_nonnull (strstr (wrong->out, "Signing in"));
  g_assert_nonnull (strstr (wrong->out, "535"));
  /* The plain-words diagnosis follows the report. */
  g_assert_nonnull (strstr (wrong->out, "What you can do:"));

  from_stdin = ctl (PASSWORD "\n", "test", "Implicit", "--ca-file", ca, "--password-stdin");
  g_assert_cmpint (from_stdin->status, ==, 0);

  to = ctl (PASSWORD "\n", "test", "Implicit", "--ca-file", ca, "--password-stdin",
            "--to", "copy@example.lt");
  g_assert_cmpint (to->status, ==, 0);
  g_assert_true (outbox_test_server_wait_messages (server, 2, 5000));
  messages = outbox_test_server_list_messages (server);
  envelope = outbox_test_spool_read_envelope (g_ptr_array_index (messages, 1));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (envelope,
                                                                               "rcpt_tos"), 0),
                   ==, "copy@example.lt");

  /* Without --ca-file the system's trust applies, which knows no test CA. */
  system_trust = ctl (PASSWORD "\n", "test", "Implicit", "--password-stdin");
  g_assert_cmpint (system_trust->status, ==, 1);
  g_assert_nonnull (strstr (system_trust->out, "Certificate:"));

  assert_password_nowhere (PASSWORD);
}

static void
test_cli_test_usage (void)
{
  g_autoptr(CtlResult) none = NULL;
  g_autoptr(CtlResult) both = NULL;
  g_autoptr(CtlResult) stdin_all = NULL;
  g_autoptr(CtlResult) bad_to = NULL;
  g_autoptr(CtlResult) jobs = NULL;
  g_autoptr(CtlResult) unknown = NULL;
  g_autoptr(CtlResult) password = NULL;
  g_autoptr(CtlResult) help = NULL;

  cli_test_setup ();
  add_account ("Plain", "none", "2525", "none", NULL);

  help = ctl (NULL, "--help");
  g_assert_nonnull (strstr (help->out, "\n  test "));
  g_assert_nonnull (strstr (help->out, "\n  probe "));

  none = ctl (NULL, "test");
  g_assert_cmpint (none->status, ==, 2);
  both = ctl (NULL, "test", "--all", "Plain");
  g_assert_cmpint (both->status, ==, 2);
  stdin_all = ctl ("x\n", "test", "--all", "--password-stdin");
  g_assert_cmpint (stdin_all->status, ==, 2);
  bad_to = ctl (NULL, "test", "Plain", "--to", "not an address");
  g_assert_cmpint (bad_to->status, ==, 2);
  jobs = ctl (NULL, "test", "--all", "--jobs", "0");
  g_assert_cmpint (jobs->status, ==, 2);
  unknown = ctl (NULL, "test", "Nobody");
  g_assert_cmpint (unknown->status, ==, 1);
  password = ctl (NULL, "test", "Plain", "--password=secret");
  g_assert_cmpint (password->status, ==, 2);
  g_assert_null (strstr (password->err, "secret"));
}

/* The pre-campaign check: every account, a table, exit 1 when one failed. */
static void
test_cli_test_all (void)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autofree char *ca = outbox_test_cert_path ("ca");
  g_autofree char *plain = port_text (server, "plain");
  g_autofree char *starttls = port_text (server, "starttls");
  g_autofree char *tls = port_text (server, "tls");
  g_autoptr(CtlResult) ok = NULL;
  g_autoptr(CtlResult) failed = NULL;
  g_autoptr(CtlResult) json = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  cli_test_setup ();
  add_account ("Πρώτος", "none", plain, "none", NULL);
  add_account ("Antras", "starttls", starttls, "password", PASSWORD);
  add_account ("Kolmas", "tls", tls, "password", PASSWORD);

  ok = ctl (NULL, "test", "--all", "--ca-file", ca, "--jobs", "2");
  g_assert_cmpint (ok->status, ==, 0);
  assert_line (ok->out, "ACCOUNT");
  assert_line (ok->out, "Πρώτος");
  assert_line (ok->out, "Antras");
  assert_line (ok->out, "Kolmas");
  g_assert_null (strstr (ok->out, "FAILED"));
  g_assert_true (outbox_test_server_wait_messages (server, 3, 5000));

  /* A fourth account whose server is the TLS port spoken to with STARTTLS. */
  add_account ("Wrong port", "starttls", tls, "password", PASSWORD);
  {
    g_autoptr(CtlResult) edit = ctl (NULL, "edit", "Wrong port", "--timeout", "5");
    g_assert_cmpint (edit->status, ==, 0);
  }
  failed = ctl (NULL, "test", "--all", "--ca-file", ca);
  g_assert_cmpint (failed->status, ==, 1);
  assert_line (failed->out, "Wrong port");
  g_assert_nonnull (strstr (failed->out, "FAILED"));

  json = ctl (NULL, "test", "--all", "--ca-file", ca, "--json", "-j", "4");
  g_assert_cmpint (json->status, ==, 1);
  node = parse_json (json->out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *report = json_array_get_object_element (array, i);
      gboolean wrong = g_str_equal (json_object_get_string_member (report, "account"),
                                    "Wrong port");

      g_assert_cmpint (json_object_get_boolean_member (report, "success"), ==, !wrong);
      if (wrong)
        {
          g_assert_cmpstr (json_object_get_string_member (
                             json_object_get_object_member (report, "error"), "code"),
                           ==, "timeout");
          g_assert_nonnull (json_object_get_string_member (
                              json_object_get_object_member (report, "diagnosis"), "id"));
        }
      else
        g_assert_true (json_object_get_null_member (report, "diagnosis"));
    }
  assert_password_nowhere (PASSWORD);
}

/* probe: the greeting, the extensions and the certificate; no sign-in, no mail. */
static void
test_cli_probe (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", NULL);
  OutboxTestSmtpOptions options = { .cert = "wrong-name" };
  g_autoptr(OutboxTestServer) wrong = outbox_test_smtp_server_start (&options);
  g_autofree char *ca = outbox_test_cert_path ("ca");
  g_autofree char *port = port_text (server, "port");
  g_autofree char *wrong_port = port_text (wrong, "tls");
  g_autoptr(CtlResult) probe = NULL;
  g_autoptr(CtlResult) json = NULL;
  g_autoptr(CtlResult) bad = NULL;
  g_autoptr(CtlResult) usage = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *received = NULL;
  JsonObject *root;

  cli_test_setup ();
  probe = ctl (NULL, "probe", "127.0.0.1", "--port", port, "--security", "starttls",
               "--ca-file", ca);
  g_assert_cmpint (probe->status, ==, 0);
  assert_line (probe->out, "Greeting:");
  g_assert_nonnull (strstr (probe->out, "AUTH PLAIN LOGIN"));
  g_assert_nonnull (strstr (probe->out, "STARTTLS"));
  g_assert_nonnull (strstr (probe->out, "SHA-256:"));
  g_assert_nonnull (strstr (probe->out, "nothing was signed in or sent"));

  json = ctl (NULL, "probe", "127.0.0.1", "--port", port, "--ca-file", ca, "--json");
  g_assert_cmpint (json->status, ==, 0);
  node = parse_json (json->out);
  root = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (root, "probe"));
  g_assert_true (json_object_get_boolean_member (root, "success"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root,
                                                                               "capabilities"),
                                                 "pipelining"));

  received = outbox_test_server_get_received_text (server, 0);
  g_assert_nonnull (strstr (received, "STARTTLS"));
  g_assert_null (strstr (received, "AUTH"));
  g_assert_null (strstr (received, "MAIL"));

  /* A certificate for another name: shown, and the probe fails. */
  bad = ctl (NULL, "probe", "127.0.0.1", "--port", wrong_port, "--ca-file", ca,
             "--security", "tls");
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->out, "other.example.test"));
  g_assert_nonnull (strstr (bad->out, "The certificate is for another server name"));

  usage = ctl (NULL, "probe", "127.0.0.1", "--security", "ssl");
  g_assert_cmpint (usage->status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Cli/test/modes", test_cli_test_modes);
  g_test_add_func ("/Outbox/Cli/test/options", test_cli_test_options);
  g_test_add_func ("/Outbox/Cli/test/usage", test_cli_test_usage);
  g_test_add_func ("/Outbox/Cli/test/all", test_cli_test_all);
  g_test_add_func ("/Outbox/Cli/probe", test_cli_probe);

  return g_test_run ();
}
