/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the SMTP session tests: see smtp-test-util.h. */

#include "config.h"

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

SmtpRun *
smtp_test_run_on (OutboxTestServer  *server,
                  OutboxSecurity     security,
                  const char        *password,
                  char             **received)
{
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (security, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxSmtpSession) session = smtp_test_session_new (account, password);
  SmtpRun *run = smtp_test_run (session, NULL, -1);

  if (received)
    *received = smtp_server_received_when_closed (server, NULL);
  return run;
}

/* What a fault or local server received on the first connection, once the
 * server has seen the client go. */
char *
smtp_server_received_when_closed (OutboxTestServer *server,
                                  LocalServer      *local)
{
  static const char * const ends[] = { "eof", "close", "tls-failed", "error" };
  OutboxTestServer *self = local ? local : server;

  /* Each end is waited for in turn: the whole wait is at most 5 s when the
   * client never goes, at once when it went. */
  for (guint attempt = 0; attempt < 100; attempt++)
    for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
      if (outbox_test_server_wait_event (self, 1, ends[i], 0))
        return outbox_test_server_get_received_text (self, 1);
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

/* Local scenarios: tests/smtp/session_scenarios.py, started like any
 * fault server (outbox-test-servers.h). */

LocalServer *
local_server_start (const char *scenario,
                    gboolean    with_tls,
                    gboolean    implicit_tls)
{
  OutboxTestFaultOptions options = { .no_tls = !with_tls, .implicit_tls = implicit_tls };

  return outbox_test_fault_server_start_from ("session_scenarios.py", scenario, &options);
}

guint
local_server_get_port (LocalServer *self)
{
  return outbox_test_server_get_port (self, "port");
}

GPtrArray *
local_server_chunks (LocalServer *self,
                     guint        conn)
{
  g_autoptr(GPtrArray) received = outbox_test_server_get_received (self, conn);
  GPtrArray *chunks = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < received->len; i++)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (received, i), &length);

      g_ptr_array_add (chunks, g_strndup (data, length));
    }
  return chunks;
}

char *
local_server_received (LocalServer *self,
                       guint        conn)
{
  return outbox_test_server_get_received_text (self, conn);
}

gboolean
local_server_has_event (LocalServer *self,
                        guint        conn,
                        const char  *event)
{
  return outbox_test_server_wait_event (self, conn, event, 5000);
}

void
local_server_stop (LocalServer *self)
{
  outbox_test_server_stop (self);
}
