/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the SMTP session tests: see smtp-test-util.h. */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>
#include <string.h>

#include "smtp-test-util.h"

/* A run that takes this long is a hang, not a slow server. */
#define RUN_LIMIT_MS 60000

OutboxAccount *
smtp_test_account_new (OutboxSecurity security,
                       guint          port,
                       OutboxAuth     auth)
{
  OutboxAccount *account = outbox_account_new ();

  outbox_account_set_name (account, SMTP_TEST_ACCOUNT_NAME);
  outbox_account_set_sender_name (account, SMTP_TEST_SENDER_NAME);
  outbox_account_set_sender_address (account, "billing@example.gr");
  outbox_account_set_reply_to (account, "replies@example.gr");
  outbox_account_set_host (account, "127.0.0.1");
  outbox_account_set_security (account, security);
  outbox_account_set_port (account, port);
  outbox_account_set_timeout (account, 10);
  outbox_account_set_auth (account, auth);
  outbox_account_set_username (account, SMTP_TEST_USER);
  return account;
}

OutboxSmtpSession *
smtp_test_session_new (OutboxAccount *account,
                       const char    *password)
{
  OutboxSmtpSession *session = outbox_smtp_session_new (account);
  g_autoptr(GTlsDatabase) database = outbox_test_tls_database_new (NULL);

  outbox_smtp_session_set_tls_database (session, database);
  outbox_smtp_session_set_password (session, password);
  return session;
}

typedef struct
{
  SmtpRun      *run;
  GCancellable *cancellable;
  int           cancel_at;
  gboolean      done;
} RunState;

static void
on_step (OutboxSmtpSession *session,
         OutboxSmtpStep     step,
         RunState          *state)
{
  g_array_append_val (state->run->steps, step);
  if ((int)step == state->cancel_at)
    g_cancellable_cancel (state->cancellable);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  RunState *state = user_data;

  state->run->report = outbox_smtp_session_run_finish (OUTBOX_SMTP_SESSION (object), result,
                                                       &state->run->error);
  state->done = TRUE;
}

static gboolean
on_hang (gpointer user_data)
{
  g_error ("the SMTP session did not finish within %d ms", RUN_LIMIT_MS);
  return G_SOURCE_REMOVE;
}

SmtpRun *
smtp_test_run (OutboxSmtpSession *session,
               GCancellable      *cancellable,
               int                cancel_at)
{
  g_autoptr(GCancellable) own = NULL;
  RunState state = { 0 };
  gint64 start;
  guint hang_id;
  gulong step_id;

  if (cancellable == NULL)
    cancellable = own = g_cancellable_new ();

  state.run = g_new0 (SmtpRun, 1);
  state.run->steps = g_array_new (FALSE, FALSE, sizeof (OutboxSmtpStep));
  state.cancellable = cancellable;
  state.cancel_at = cancel_at;

  step_id = g_signal_connect (session, "step", G_CALLBACK (on_step), &state);
  hang_id = g_timeout_add (RUN_LIMIT_MS, on_hang, NULL);
  start = g_get_monotonic_time ();
  outbox_smtp_session_run_async (session, cancellable, run_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  state.run->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_source_remove (hang_id);
  g_signal_handler_disconnect (session, step_id);

  g_assert_nonnull (state.run->report);
  /* The error of finish and the report's are one and the same. */
  if (state.run->error)
    {
      const GError *in_report = outbox_test_report_get_error (state.run->report);
      g_assert_nonnull (in_report);
      g_assert_true (g_error_matches (state.run->error, in_report->domain, in_report->code));
      g_assert_cmpstr (state.run->error->message, ==, in_report->message);
    }
  else
    g_assert_null (outbox_test_report_get_error (state.run->report));
  g_assert_cmpint (outbox_test_report_get_success (state.run->report), ==,
                   state.run->error == NULL);
  return state.run;
}

void
smtp_run_free (SmtpRun *run)
{
  g_clear_object (&run->report);
  g_clear_error (&run->error);
  g_array_unref (run->steps);
  g_free (run);
}

char *
smtp_run_dump (SmtpRun *run)
{
  return outbox_test_report_format (run->report, TRUE);
}

void
smtp_run_assert_failed (SmtpRun         *run,
                        OutboxSmtpStep   step,
                        OutboxSmtpError  code)
{
  g_autofree char *dump = smtp_run_dump (run);

  g_test_message ("%s", dump);
  g_assert_error (run->error, OUTBOX_SMTP_ERROR, (gint)code);
  g_assert_false (outbox_test_report_get_success (run->report));
  g_assert_cmpstr (outbox_smtp_step_to_string (outbox_test_report_get_failed_step (run->report)),
                   ==, outbox_smtp_step_to_string (step));
}

void
smtp_run_assert_success (SmtpRun *run)
{
  g_autofree char *dump = smtp_run_dump (run);

  g_test_message ("%s", dump);
  g_assert_no_error (run->error);
  g_assert_true (outbox_test_report_get_success (run->report));
  g_assert_cmpint (outbox_test_report_get_failed_step (run->report), ==, OUTBOX_SMTP_STEP_DONE);
  g_assert_cmpuint (outbox_test_report_get_smtp_code (run->report), ==, 250);
  g_assert_cmpuint (outbox_test_report_get_message_size (run->report), >, 0);
  /* EHLO names our end by address, never by the machine's name. */
  g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "EHLO [127.0.0.1]"));
  g_assert_null (strstr (dump, g_get_host_name ()));
  g_assert_true (smtp_run_transcript_has (run, OUTBOX_TRANSCRIPT_SENT, "QUIT"));
}

/* What a fault or local server received on the first connection, once the
 * server has seen the client go. */
char *
smtp_server_received_when_closed (OutboxTestServer *server,
                                  LocalServer      *local)
{
  if (local)
    {
      g_assert_true (local_server_has_event (local, 1, "eof") ||
                     local_server_has_event (local, 1, "close"));
      return local_server_received (local, 1);
    }
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GPtrArray) log = outbox_test_server_read_log (server);
      for (guint i = 0; i < log->len; i++)
        {
          JsonObject *entry = g_ptr_array_index (log, i);
          const char *event = json_object_get_string_member (entry, "event");
          if (json_object_get_int_member (entry, "conn") == 1 &&
              (g_str_equal (event, "eof") || g_str_equal (event, "close") ||
               g_str_equal (event, "tls-failed") || g_str_equal (event, "error")))
            return outbox_test_server_get_received_text (server, 1);
        }
      g_usleep (50 * 1000);
    }
  g_assert_not_reached ();
}

gboolean
smtp_run_transcript_has (SmtpRun                   *run,
                         OutboxTranscriptDirection  direction,
                         const char                *prefix)
{
  GPtrArray *transcript = outbox_test_report_get_transcript (run->report);

  for (guint i = 0; i < transcript->len; i++)
    {
      const OutboxTranscriptLine *line = g_ptr_array_index (transcript, i);
      if (line->direction == direction && g_str_has_prefix (line->text, prefix))
        return TRUE;
    }
  return FALSE;
}

/* Local scenarios */

struct _LocalServer
{
  GSubprocess *process;
  char        *dir;
  char        *log_path;
  guint        port;
};

LocalServer *
local_server_start (const char *scenario,
                    gboolean    with_tls,
                    gboolean    implicit_tls)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  LocalServer *self = g_new0 (LocalServer, 1);

  self->dir = g_dir_make_tmp ("outbox-local-server-XXXXXX", &error);
  g_assert_no_error (error);
  self->log_path = g_build_filename (self->dir, "server.log", NULL);

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_strdup ("-I"));
  g_ptr_array_add (argv, g_strdup ("-B"));
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, "smtp-session-scenarios.py", NULL));
  g_ptr_array_add (argv, g_strdup (scenario));
  g_ptr_array_add (argv, g_strdup ("--log"));
  g_ptr_array_add (argv, g_strdup (self->log_path));
  if (with_tls)
    {
      g_ptr_array_add (argv, g_strdup ("--certs"));
      g_ptr_array_add (argv, g_strdup (outbox_test_certs_dir ()));
    }
  if (implicit_tls)
    g_ptr_array_add (argv, g_strdup ("--implicit-tls"));
  g_ptr_array_add (argv, NULL);

  /* stdin stays a pipe held only by this process: the server ends with us. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata,
                                                &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    g_error ("smtp-session-scenarios.py %s did not start", scenario);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  self->port = (guint)json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "port");
  g_assert_cmpuint (self->port, >, 0);
  return self;
}

guint
local_server_get_port (LocalServer *self)
{
  return self->port;
}

static GPtrArray *
read_log (LocalServer *self)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  if (!g_file_get_contents (self->log_path, &contents, NULL, NULL))
    return entries;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      if (lines[i][0] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      g_ptr_array_add (entries, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return entries;
}

GPtrArray *
local_server_chunks (LocalServer *self,
                     guint        conn)
{
  g_autoptr(GPtrArray) log = read_log (self);
  GPtrArray *chunks = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (log, i);
      if ((guint)json_object_get_int_member (entry, "conn") != conn ||
          g_strcmp0 (json_object_get_string_member (entry, "event"), "recv") != 0)
        continue;
      g_ptr_array_add (chunks, g_strdup (json_object_get_string_member (entry, "text")));
    }
  return chunks;
}

char *
local_server_received (LocalServer *self,
                       guint        conn)
{
  g_autoptr(GPtrArray) chunks = local_server_chunks (self, conn);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    g_string_append (text, g_ptr_array_index (chunks, i));
  return g_string_free (text, FALSE);
}

/* Waits a little for the event: the server logs it asynchronously. */
gboolean
local_server_has_event (LocalServer *self,
                        guint        conn,
                        const char  *event)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GPtrArray) log = read_log (self);
      for (guint i = 0; i < log->len; i++)
        {
          JsonObject *entry = g_ptr_array_index (log, i);
          if ((guint)json_object_get_int_member (entry, "conn") == conn &&
              g_strcmp0 (json_object_get_string_member (entry, "event"), event) == 0)
            return TRUE;
        }
      g_usleep (50 * 1000);
    }
  return FALSE;
}

void
local_server_stop (LocalServer *self)
{
  if (self == NULL)
    return;
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_unlink (self->log_path);
  g_rmdir (self->dir);
  g_free (self->log_path);
  g_free (self->dir);
  g_free (self);
}
