/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scheduling of OutboxTestBatch: a job per account, the accounts of a
 * server and login queued behind their free turns, the groups that may
 * start a test sorted by their next account's position, and what ends each
 * job. */

#define G_LOG_DOMAIN "outbox-test-batch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-test-batch-private.h"
#include "outbox-test-report-private.h"

/* A password from the keyring or given to the batch: overwritten before it
 * is freed. */
void
_outbox_test_batch_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
job_free (OutboxBatchJob *job)
{
  if (job->step_id)
    g_signal_handler_disconnect (job->session, job->step_id);
  g_clear_object (&job->session);
  g_clear_object (&job->report);
  g_clear_object (&job->account);
  g_free (job);
}

static void
server_free (OutboxBatchServer *server)
{
  g_sequence_free (server->ready_logins);
  g_free (server);
}

static void
login_free (OutboxBatchLogin *login)
{
  g_queue_clear (&login->pending);
  g_free (login);
}

/* Host names are case-insensitive, and stray spaces would split one server
 * in two. */
static char *
server_key (OutboxAccount *account)
{
  g_autofree char *host = g_strstrip (g_strdup (outbox_account_get_host (account)));
  g_autofree char *folded = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%u", folded, outbox_account_get_port (account));
}

/* Logins (most are addresses) are compared without case; an account that
 * does not sign in shares its turns with none. */
static char *
login_key (const char    *server_key,
           OutboxAccount *account,
           guint          position)
{
  const char *login = outbox_account_get_login (account);
  g_autofree char *folded = NULL;

  if (outbox_account_get_auth (account) == OUTBOX_AUTH_NONE || login == NULL || login[0] == '\0')
    return g_strdup_printf ("%s #%u", server_key, position);
  folded = g_utf8_casefold (login, -1);
  return g_strdup_printf ("%s %s", server_key, folded);
}

static guint
login_next_position (OutboxBatchLogin *login)
{
  return ((OutboxBatchJob *)g_queue_peek_head (&login->pending))->position;
}

static gint
compare_logins (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  guint position_a = login_next_position ((OutboxBatchLogin *)a);
  guint position_b = login_next_position ((OutboxBatchLogin *)b);

  return (position_a > position_b) - (position_a < position_b);
}

static gint
compare_servers (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  OutboxBatchServer *server_a = (OutboxBatchServer *)a;
  OutboxBatchServer *server_b = (OutboxBatchServer *)b;

  return compare_logins (g_sequence_get (g_sequence_get_begin_iter (server_a->ready_logins)),
                         g_sequence_get (g_sequence_get_begin_iter (server_b->ready_logins)),
                         NULL);
}

/* Keeps @login among its server's logins with a free turn exactly while it
 * has one and an account waiting, and its server among those that may
 * start a test exactly while it may: such a login, and a free turn of its
 * own. Called whenever either changes. Two levels, so that a server of many
 * logins costs no more than one of a few. */
static void
login_update_ready (OutboxTestBatch  *self,
                    OutboxBatchLogin *login)
{
  OutboxBatchServer *server = login->server;

  /* Out of the sorted lists before their order may change. */
  if (server->ready_iter != NULL)
    {
      g_sequence_remove (server->ready_iter);
      server->ready_iter = NULL;
    }
  if (login->ready_iter != NULL)
    {
      g_sequence_remove (login->ready_iter);
      login->ready_iter = NULL;
    }
  if (!g_queue_is_empty (&login->pending) && login->running < self->max_per_login)
    login->ready_iter = g_sequence_insert_sorted (server->ready_logins, login, compare_logins,
                                                  NULL);
  if (!g_sequence_is_empty (server->ready_logins) && server->running < self->max_per_server)
    server->ready_iter = g_sequence_insert_sorted (self->ready, server, compare_servers, NULL);
}

static void
login_update_ready_cb (gpointer key,
                       gpointer value,
                       gpointer user_data)
{
  login_update_ready (user_data, value);
}

/* The report of a test that never reached the server. */
static OutboxTestReport *
cancelled_report (OutboxTestBatch *self,
                  OutboxBatchJob  *job)
{
  g_autoptr(GError) error = g_error_new_literal (OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_CANCELLED,
                                                 _("The test was cancelled."));
  OutboxTestReport *report = _outbox_test_report_new (job->account, self->recipient);

  _outbox_test_report_begin_step (report, OUTBOX_SMTP_STEP_RESOLVING);
  _outbox_test_report_finish (report, error);
  return report;
}

static void schedule (OutboxTestBatch *self);

/* Takes @report; every job passes here exactly once. */
static void
job_finished (OutboxBatchJob   *job,
              OutboxTestReport *report)
{
  OutboxTestBatch *self = job->batch;

  g_assert (job->state != OUTBOX_BATCH_JOB_DONE);

  if (job->state == OUTBOX_BATCH_JOB_RUNNING)
    {
      self->running--;
      job->login->running--;
      job->login->server->running--;
    }
  else
    g_queue_remove (&job->login->pending, job);
  login_update_ready (self, job->login);
  job->state = OUTBOX_BATCH_JOB_DONE;
  job->report = report;
  if (job->step_id)
    g_signal_handler_disconnect (job->session, job->step_id);
  job->step_id = 0;
  g_clear_object (&job->session);
  self->finished++;

  g_debug ("%u of %u finished", self->finished, self->jobs->len);
  _outbox_test_batch_emit_finished (self, job->account, job->report);
  schedule (self);
}

static void
on_session_step (OutboxSmtpSession *session,
                 OutboxSmtpStep     step,
                 gpointer           user_data)
{
  OutboxBatchJob *job = user_data;

  _outbox_test_batch_emit_step (job->batch, job->account, step);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  OutboxBatchJob *job = user_data;

  /* A session always finishes with a report, cancelled or not. */
  job_finished (job, outbox_smtp_session_run_finish (OUTBOX_SMTP_SESSION (object), result, NULL));
}

static void
run_session (OutboxBatchJob *job,
             char           *password)
{
  OutboxTestBatch *self = job->batch;

  job->session = outbox_smtp_session_new (job->account);
  outbox_smtp_session_set_password (job->session, password);
  _outbox_test_batch_secret_free (password);
  outbox_smtp_session_set_recipient (job->session, self->recipient);
  outbox_smtp_session_set_allow_plaintext_password (job->session,
                                                    self->allow_plaintext_password);
  outbox_smtp_session_set_tls_database (job->session, self->tls_database);
  job->step_id = g_signal_connect (job->session, "step", G_CALLBACK (on_session_step), job);
  outbox_smtp_session_run_async (job->session, g_task_get_cancellable (self->task), run_cb, job);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  OutboxBatchJob *job = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = outbox_secrets_lookup_finish (OUTBOX_SECRETS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_finished (job, cancelled_report (job->batch, job));
      return;
    }
  /* Without a password the test fails at signing in and says why; the
   * log says why there was none. */
  if (error)
    g_message ("The password of account %s could not be read from the keyring: %s",
               outbox_account_get_id (job->account), error->message);
  run_session (job, password);
}

static void
start_job (OutboxBatchJob *job)
{
  OutboxTestBatch *self = job->batch;

  job->state = OUTBOX_BATCH_JOB_RUNNING;
  self->running++;
  job->login->running++;
  job->login->server->running++;
  login_update_ready (self, job->login);

  _outbox_test_batch_emit_started (self, job->account);

  if (self->passwords != NULL && g_ptr_array_index (self->passwords, job->position) != NULL)
    run_session (job, g_steal_pointer (&g_ptr_array_index (self->passwords, job->position)));
  else if (self->secrets != NULL && outbox_account_get_auth (job->account) != OUTBOX_AUTH_NONE)
    outbox_secrets_lookup_async (self->secrets, outbox_account_get_id (job->account),
                                 outbox_secret_kind_for_account (job->account),
                                 g_task_get_cancellable (self->task), lookup_cb, job);
  else
    run_session (job, NULL);
}

static void
return_reports (OutboxTestBatch *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GPtrArray *reports = g_ptr_array_new_full (self->jobs->len, g_object_unref);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      OutboxBatchJob *job = g_ptr_array_index (self->jobs, i);
      g_ptr_array_add (reports, g_object_ref (job->report));
    }
  g_task_return_pointer (task, reports, (GDestroyNotify)g_ptr_array_unref);
}

/* Starts what the limits allow, in list order; once cancelled, ends every
 * test still waiting instead. Called again whenever a test ends. */
static void
schedule (OutboxTestBatch *self)
{
  GCancellable *cancellable;

  /* A test that ends while this loop starts others is picked up by it. */
  if (self->scheduling || self->task == NULL)
    return;
  self->scheduling = TRUE;
  cancellable = g_task_get_cancellable (self->task);

  /* A handler of ::account-started may cancel: check before each start. */
  while (!g_cancellable_is_cancelled (cancellable) && self->running < self->max_running &&
         g_sequence_get_length (self->ready) > 0)
    {
      OutboxBatchServer *server = g_sequence_get (g_sequence_get_begin_iter (self->ready));
      OutboxBatchLogin *login = g_sequence_get (g_sequence_get_begin_iter (server->ready_logins));

      start_job (g_queue_pop_head (&login->pending));
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      for (guint i = 0; i < self->jobs->len; i++)
        {
          OutboxBatchJob *job = g_ptr_array_index (self->jobs, i);

          if (job->state == OUTBOX_BATCH_JOB_PENDING)
            job_finished (job, cancelled_report (self, job));
        }
    }

  self->scheduling = FALSE;
  if (self->finished == self->jobs->len)
    return_reports (self);
}

/* Sets up the run's jobs, one per account, grouped by server and login,
 * and starts the first ones. */
void
_outbox_test_batch_start (OutboxTestBatch *self)
{
  self->jobs = g_ptr_array_new_full (self->accounts->len, (GDestroyNotify)job_free);
  self->servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)server_free);
  self->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)login_free);
  self->ready = g_sequence_new (NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      OutboxBatchJob *job = g_new0 (OutboxBatchJob, 1);
      OutboxAccount *account = g_ptr_array_index (self->accounts, i);
      g_autofree char *key = server_key (account);
      g_autofree char *login = login_key (key, account, i);
      OutboxBatchServer *server = g_hash_table_lookup (self->servers, key);

      if (server == NULL)
        {
          server = g_new0 (OutboxBatchServer, 1);
          server->ready_logins = g_sequence_new (NULL);
          g_hash_table_insert (self->servers, g_steal_pointer (&key), server);
        }
      job->batch = self;
      job->position = i;
      job->account = g_object_ref (account);
      job->login = g_hash_table_lookup (self->logins, login);
      if (job->login == NULL)
        {
          job->login = g_new0 (OutboxBatchLogin, 1);
          job->login->server = server;
          g_hash_table_insert (self->logins, g_steal_pointer (&login), job->login);
        }
      g_queue_push_tail (&job->login->pending, job);
      g_ptr_array_add (self->jobs, job);
    }

  g_hash_table_foreach (self->logins, login_update_ready_cb, self);
  schedule (self);
}
