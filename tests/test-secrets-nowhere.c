/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A recognizable password goes through everything outboxctl does with an
 * account (add, edit, list, show, test that succeeds, test that fails, a
 * server that echoes it back, probe, export, remove), every command run
 * with G_MESSAGES_DEBUG=all. Then every byte printed (reports, transcripts,
 * JSON, debug logs) and every file under the configuration, cache, data
 * and state directories is searched for it, plain and in the base64 forms
 * SMTP AUTH sends: zero hits. The keyring is the only place it may be. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cli-runner.h"
#include "outbox-test-servers.h"
#include "secrets-canary.h"

#define USER     CANARY_USER
#define PASSWORD CANARY_PASSWORD

static const char * const debug_env[] = { "G_MESSAGES_DEBUG=all", NULL };

/* Everything printed by the commands of this test. */
static GString *printed;

static CtlResult *
run (const char         *input,
     const char * const *args)
{
  CtlResult *result = run_ctl_env (debug_env, input, args);

  g_string_append (printed, result->out);
  g_string_append (printed, result->err);
  return result;
}

#define RUN(input, ...) run ((input), (const char *[]) { __VA_ARGS__, NULL })

static void
test_password_nowhere (void)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD };
  OutboxTestFaultOptions tls_port = { .implicit_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_smtp_server_start (&options);
  g_autoptr(OutboxTestServer) refusing = outbox_test_fault_server_start ("auth-535", &tls_port);
  g_autofree char *ca = outbox_test_cert_path ("ca");
  g_autofree char *starttls = g_strdup_printf ("%u", outbox_test_server_get_port (server,
                                                                                   "starttls"));
  g_autofree char *tls = g_strdup_printf ("%u", outbox_test_server_get_port (server, "tls"));
  g_autofree char *refusing_port = g_strdup_printf ("%u", outbox_test_server_get_port (refusing,
                                                                                       "port"));
  g_autofree char *export_path = g_build_filename (g_get_user_cache_dir (), "export.json", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *id = NULL;
  guint n_files;

  printed = g_string_new (NULL);
  cli_test_setup ();

  {
    g_autoptr(CtlResult) r = RUN (PASSWORD "\n", "add", "--name", "Canary", "--sender-address", USER,
                                  "--host", "127.0.0.1", "--port", starttls, "--security",
                                  "starttls", "--timeout", "10", "--username", USER,
                                  "--password-stdin", "--json");
    g_assert_cmpint (r->status, ==, 0);
  }
  {
    g_autoptr(CtlResult) r = RUN (PASSWORD "\n", "add", "--name", "Refused", "--sender-address",
                                  USER, "--host", "127.0.0.1", "--port", refusing_port,
                                  "--security", "tls", "--timeout", "10", "--username", USER,
                                  "--password-stdin");
    g_assert_cmpint (r->status, ==, 0);
  }
  {
    g_autoptr(CtlResult) r = RUN (PASSWORD "\n", "edit", "Canary", "--port", tls,
                                  "--security", "tls", "--password-stdin");
    g_assert_cmpint (r->status, ==, 0);
  }
  /* The keyring holds it: that is where it belongs. */
  id = account_id ("Canary");
  stored = keyring_lookup (id, "account");
  g_assert_cmpstr (stored, ==, PASSWORD);

  {
    g_autoptr(CtlResult) a = RUN (NULL, "list");
    g_autoptr(CtlResult) b = RUN (NULL, "list", "--json");
    g_autoptr(CtlResult) c = RUN (NULL, "show", "Canary");
    g_autoptr(CtlResult) d = RUN (NULL, "show", "--json", "Canary");

    g_assert_cmpint (a->status + b->status + c->status + d->status, ==, 0);
  }
  {
    /* Success, with the transcript, as text and as JSON. */
    g_autoptr(CtlResult) text = RUN (NULL, "test", "Canary", "--ca-file", ca, "--transcript");
    g_autoptr(CtlResult) json = RUN (NULL, "test", "Canary", "--ca-file", ca, "--transcript",
                                     "--json");
    g_autoptr(CtlResult) from_stdin = RUN (PASSWORD "\n", "test", "Canary", "--ca-file", ca,
                                           "--password-stdin", "--transcript");

    g_assert_cmpint (text->status, ==, 0);
    g_assert_cmpint (json->status, ==, 0);
    g_assert_cmpint (from_stdin->status, ==, 0);
    g_assert_nonnull (strstr (text->out, "[redacted]"));
    /* The debug log ran: it shows the dialogue, with the secret redacted. */
    g_assert_nonnull (strstr (printed->str, "C: AUTH"));
  }
  {
    /* Failure: the server refuses the login. */
    g_autoptr(CtlResult) text = RUN (NULL, "test", "Refused", "--ca-file", ca, "--transcript");
    g_autoptr(CtlResult) json = RUN (NULL, "test", "Refused", "--ca-file", ca, "--transcript",
                                     "--json");
    g_autoptr(CtlResult) all = RUN (NULL, "test", "--all", "--ca-file", ca, "--json");
    g_autoptr(CtlResult) table = RUN (NULL, "test", "--all", "--ca-file", ca);

    g_assert_cmpint (text->status, ==, 1);
    g_assert_nonnull (strstr (text->out, "535"));
    g_assert_cmpint (json->status, ==, 1);
    g_assert_cmpint (all->status, ==, 1);
    g_assert_cmpint (table->status, ==, 1);
  }
  {
    g_autoptr(CtlResult) probe = RUN (NULL, "probe", "127.0.0.1", "--port", tls, "--security",
                                      "tls", "--ca-file", ca, "--transcript");
    g_autoptr(CtlResult) to_file = RUN (NULL, "export", export_path);
    g_autoptr(CtlResult) to_stdout = RUN (NULL, "export", "-");

    g_assert_cmpint (probe->status, ==, 0);
    g_assert_cmpint (to_file->status, ==, 0);
    g_assert_cmpint (to_stdout->status, ==, 0);
  }
  {
    g_autoptr(CtlResult) removed = RUN (NULL, "remove", "Refused");
    g_assert_cmpint (removed->status, ==, 0);
  }

  g_assert_true (outbox_test_server_wait_messages (server, 2, 5000));

  canary_assert_nowhere_in (printed->str, printed->len, "what outboxctl printed");
  n_files = canary_assert_no_user_file_holds_it ();
  g_test_message ("%" G_GSIZE_FORMAT " bytes printed and %u files searched", printed->len,
                  n_files);
  g_assert_cmpuint (n_files, >=, 2);   /* accounts.json and the export at least */
  g_string_free (printed, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Secrets/password-nowhere", test_password_nowhere);

  return g_test_run ();
}
