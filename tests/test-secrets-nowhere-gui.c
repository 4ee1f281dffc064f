/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The secrets test of issue 6 in the window (test-secrets-nowhere does
 * outboxctl): with G_MESSAGES_DEBUG=all and every log message captured,
 * the real window under Xvfb creates an account by typing into its rows,
 * the canary password into the password row; the account is saved, the
 * password goes to the keyring, the window closes. Then every file under
 * the configuration, cache, data and state directories and the home
 * directory, and every captured log message, is searched for the password
 * in every form (secrets-canary.h): zero hits. The keyring is the only
 * place it may be, and the test checks it is there. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-test-servers.h"
#include "secrets-canary.h"

/* Every message logged by this process, by any library, at any level. */
static GString *logs;
static guint n_debug;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (level, fields, n_fields, FALSE);

  g_string_append (logs, line);
  g_string_append_c (logs, '\n');
  /* The other fields (file, function, anything a library adds) too. */
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0 && fields[i].value != NULL)
      {
        g_string_append (logs, fields[i].value);
        g_string_append_c (logs, '\n');
      }
  if (level & G_LOG_LEVEL_DEBUG)
    {
      n_debug++;
      return G_LOG_WRITER_HANDLED;
    }
  /* Warnings and worse still reach the test's output (and fail it). */
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* The account the window creates: on the test SMTP server, which takes the
 * canary login, so that a test run in the window could sign in with it. */
typedef struct
{
  OutboxTestServer *server;
  char             *port;
} Server;

static void
type_account (Fixture      *f,
              const Server *server)
{
  activate (f, "win.add-account", NULL);
  gtk_editable_set_text (row (f, "name_row"), "Canary");
  gtk_editable_set_text (row (f, "sender_name_row"), "Καναρίνι");
  gtk_editable_set_text (row (f, "sender_address_row"), CANARY_USER);
  gtk_editable_set_text (row (f, "host_row"), "127.0.0.1");
  gtk_editable_set_text (row (f, "port_row"), server->port);
  gtk_editable_set_text (row (f, "password_row"), CANARY_PASSWORD);
}

static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  OutboxTestSmtpOptions options = { .user = CANARY_USER, .password = CANARY_PASSWORD };
  Server server = { NULL, NULL };
  g_autofree char *stored = NULL;
  g_autoptr(JsonObject) saved = NULL;
  OutboxAccount *account;
  guint n_files;
  guint debug_before;

  server.server = outbox_test_smtp_server_start (&options);
  server.port = g_strdup_printf ("%u", outbox_test_server_get_port (server.server, "starttls"));
  debug_before = n_debug;

  open_window (f, 1024, 700);
  type_account (f, &server);

  /* Saved without a click: the file has the account, the keyring the
   * password. */
  WAIT_UNTIL (gui_test_file_contains ("Canary"));
  saved = gui_test_find_account ("Canary");
  g_assert_nonnull (saved);
  g_assert_cmpstr (json_object_get_string_member (saved, "username"), ==, CANARY_USER);
  account = outbox_account_store_lookup (store (f), "Canary");
  g_assert_nonnull (account);
  WAIT_UNTIL ((stored = gui_test_lookup_password (outbox_application_get_secrets (f->app),
                                                  outbox_account_get_id (account),
                                                  OUTBOX_SECRET_KIND_ACCOUNT)) != NULL);
  g_assert_cmpstr (stored, ==, CANARY_PASSWORD);

  /* (A test run in the window, against server.server, goes here.) */

  /* Closed, and the application gone: whatever it writes on the way out
   * is written. */
  stop_app (f);

  /* The capture works: GLib's own debug messages (the isolated directories
   * of g_test_init) are in it. Creating an account logs no debug message
   * today; a test run logs every step and every line sent ("C: AUTH …"). */
  g_assert_cmpuint (n_debug, >, 0);
  g_assert_nonnull (strstr (logs->str, "g_set_user_dirs"));
  canary_assert_nowhere_in (logs->str, logs->len, "the log messages");
  n_files = canary_assert_no_user_file_holds_it ();
  g_test_message ("%" G_GSIZE_FORMAT " bytes of log messages (%u debug) and %u files searched",
                  logs->len, n_debug - debug_before, n_files);
  g_assert_cmpuint (n_files, >=, 1);   /* accounts.json at least */

  outbox_test_server_stop (server.server);
  g_free (server.port);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* Before anything logs: every debug message, to the capture. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  logs = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  gui_test_init (&argc, &argv);

  g_test_add ("/Outbox/Secrets/window", Fixture, NULL, fixture_setup, test_window,
              fixture_teardown);

  return g_test_run ();
}
