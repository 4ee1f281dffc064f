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

#include "gui-test-view-util.h"
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
 * canary login, so that a test run in the window signs in with it. */
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

/* base64 of "\0user\0password", what AUTH PLAIN sends. */
static const char *
plain_blob (void)
{
  static char *blob;

  if (blob == NULL)
    {
      g_autofree char *raw = g_strdup_printf ("%c%s%c%s", 0, CANARY_USER, 0, CANARY_PASSWORD);

      blob = g_base64_encode ((const guchar *)raw,
                              2 + strlen (CANARY_USER) + strlen (CANARY_PASSWORD));
    }
  return blob;
}

/* Runs Test Account Settings from the editor, expects @page ("success" or
 * "failure"), and searches the transcript as shown and as copied. The view
 * stays open. */
static void
run_test (Fixture    *f,
          const char *page)
{
  GtkExpander *expander;
  g_autofree char *copied = NULL;
  const char *shown;

  run_from_button (f);
  g_assert_cmpstr (view_page (), ==, page);
  expander = view_child ("transcript_expander");
  gtk_expander_set_expanded (expander, TRUE);
  shown = view_label ("transcript_label");
  g_assert_nonnull (strstr (shown, "AUTH"));
  canary_assert_nowhere_in (shown, strlen (shown), "the transcript shown");
  click (view_child ("copy_button"));
  copied = read_clipboard (GTK_WIDGET (test_view ()));
  g_assert_cmpstr (copied, ==, shown);
  if (g_str_equal (page, "success"))
    close_view ();
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
  guint debug_run;
  OutboxTestServer *fault;
  g_autofree char *fault_port = NULL;
  g_autofree char *received = NULL;

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

  /* Test Account Settings in the window: it signs in with the canary and
   * sends. The transcript on the screen and on the clipboard, and the
   * debug messages of every step and line sent, are searched below. */
  run_test (f, "success");
  debug_run = n_debug - debug_before;

  /* Again against a server that refuses the password (535): the failure's
   * explanation, reply and transcript too. The edited port is saved by the
   * test before it runs. */
  fault = outbox_test_fault_server_start ("auth-535", NULL);
  fault_port = g_strdup_printf ("%u", outbox_test_server_get_port (fault, "port"));
  gtk_editable_set_text (row (f, "port_row"), fault_port);
  run_test (f, "failure");
  g_assert_cmpstr (view_label ("failure_title"), ==, "Wrong username or password");
  canary_assert_nowhere_in (view_label ("failure_explanation"), strlen (view_label ("failure_explanation")),
                            "the failure's explanation");
  canary_assert_nowhere_in (view_label ("reply_label"), strlen (view_label ("reply_label")),
                            "the server's reply as shown");
  close_view ();
  /* The password did reach the server (AUTH PLAIN over TLS): the silence
   * everywhere else is the redaction at work, not a test that never signed in. */
  received = outbox_test_server_get_received_text (fault, 0);
  g_assert_nonnull (strstr (received, plain_blob ()));

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
  g_test_message ("%" G_GSIZE_FORMAT " bytes of log messages (%u debug, %u of them during "
                  "the first test run) and %u files searched",
                  logs->len, n_debug - debug_before, debug_run, n_files);
  /* The test runs logged (each step, each line sent): what was searched
   * holds what a leak would be in. */
  g_assert_cmpuint (debug_run, >, 0);
  g_assert_nonnull (strstr (logs->str, "AUTH"));
  g_assert_cmpuint (n_files, >=, 2);   /* accounts.json and the journal at least */

  outbox_test_server_stop (fault);
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
  gui_test_view_init (&argc, &argv);

  g_test_add ("/Outbox/Secrets/window", Fixture, NULL, fixture_setup, test_window,
              fixture_teardown);

  return g_test_run ();
}
