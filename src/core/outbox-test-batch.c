/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestBatch: tests a list of accounts with bounded concurrency. A test
 * is mostly waiting on the network, so many run at once; but identities that
 * share a server take turns, a few at a time, so that a check before a
 * campaign does not look like an attack to that server. Accounts start in
 * list order as far as the limits allow, and every account gets exactly one
 * report, cancelled or not. */

#define G_LOG_DOMAIN "outbox-test-batch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-enums.h"
#include "outbox-smtp-session.h"
#include "outbox-test-batch.h"
#include "outbox-test-report-private.h"

typedef enum
{
  JOB_PENDING,
  JOB_RUNNING,
  JOB_DONE,
} JobState;

typedef struct _Server Server;

typedef struct
{
  OutboxTestBatch   *batch;      /* not a reference: the run's task holds one */
  guint              position;
  JobState           state;
  OutboxAccount     *account;
  Server            *server;
  OutboxSmtpSession *session;
  gulong             step_id;
  OutboxTestReport  *report;
} Job;

/* The accounts that share one host and port. */
struct _Server
{
  guint          running;
  GQueue         pending;       /* Job *, in list order */
  GSequenceIter *ready_iter;    /* in batch->ready while it may start a test */
};

struct _OutboxTestBatch
{
  GObject        parent_instance;

  GPtrArray     *accounts;
  OutboxSecrets *secrets;
  char          *recipient;
  GTlsDatabase  *tls_database;
  gboolean       allow_plaintext_password;
  guint          max_running;
  guint          max_per_server;

  /* The run (a batch runs once). */
  GTask         *task;
  GPtrArray     *jobs;          /* Job *, in list order */
  GHashTable    *servers;       /* "host:port" → Server */
  GSequence     *ready;         /* Server *, by the position of its next job */
  guint          running;
  guint          finished;
  gboolean       scheduling;
};

enum {
  SIGNAL_ACCOUNT_STARTED,
  SIGNAL_STEP,
  SIGNAL_ACCOUNT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxTestBatch, outbox_test_batch, G_TYPE_OBJECT)

/* A password from the keyring: overwritten before it is freed. */
static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
job_free (Job *job)
{
  if (job->step_id)
    g_signal_handler_disconnect (job->session, job->step_id);
  g_clear_object (&job->session);
  g_clear_object (&job->report);
  g_clear_object (&job->account);
  g_free (job);
}

static void
server_free (Server *server)
{
  g_queue_clear (&server->pending);
  g_free (server);
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

static gint
compare_servers (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Job *job_a = g_queue_peek_head (&((Server *)a)->pending);
  const Job *job_b = g_queue_peek_head (&((Server *)b)->pending);

  return (job_a->position > job_b->position) - (job_a->position < job_b->position);
}

/* Keeps @server among those that may start a test exactly while it may:
 * it has an account waiting and a free turn. */
static void
server_update_ready (OutboxTestBatch *self,
                     Server          *server)
{
  if (server->ready_iter != NULL)
    {
      g_sequence_remove (server->ready_iter);
      server->ready_iter = NULL;
    }
  if (!g_queue_is_empty (&server->pending) && server->running < self->max_per_server)
    server->ready_iter = g_sequence_insert_sorted (self->ready, server, compare_servers, NULL);
}

static void
server_update_ready_cb (gpointer key,
                        gpointer value,
                        gpointer user_data)
{
  server_update_ready (user_data, value);
}

/* The report of a test that never reached the server. */
static OutboxTestReport *
cancelled_report (OutboxTestBatch *self,
                  Job             *job)
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
job_finished (Job              *job,
              OutboxTestReport *report)
{
  OutboxTestBatch *self = job->batch;

  g_assert (job->state != JOB_DONE);

  if (job->state == JOB_RUNNING)
    {
      self->running--;
      job->server->running--;
      server_update_ready (self, job->server);
    }
  else
    {
      g_queue_remove (&job->server->pending, job);
      server_update_ready (self, job->server);
    }
  job->state = JOB_DONE;
  job->report = report;
  if (job->step_id)
    g_signal_handler_disconnect (job->session, job->step_id);
  job->step_id = 0;
  g_clear_object (&job->session);
  self->finished++;

  g_debug ("%u of %u finished", self->finished, self->jobs->len);
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_FINISHED], 0, job->account, job->report);
  schedule (self);
}

static void
on_session_step (OutboxSmtpSession *session,
                 OutboxSmtpStep     step,
                 gpointer           user_data)
{
  Job *job = user_data;

  g_signal_emit (job->batch, signals[SIGNAL_STEP], 0, job->account, step);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Job *job = user_data;

  /* A session always finishes with a report, cancelled or not. */
  job_finished (job, outbox_smtp_session_run_finish (OUTBOX_SMTP_SESSION (object), result, NULL));
}

static void
run_session (Job  *job,
             char *password)
{
  OutboxTestBatch *self = job->batch;

  job->session = outbox_smtp_session_new (job->account);
  outbox_smtp_session_set_password (job->session, password);
  secret_free (password);
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
  Job *job = user_data;
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
start_job (Job *job)
{
  OutboxTestBatch *self = job->batch;

  job->state = JOB_RUNNING;
  self->running++;
  job->server->running++;
  server_update_ready (self, job->server);

  g_signal_emit (self, signals[SIGNAL_ACCOUNT_STARTED], 0, job->account);

  if (self->secrets != NULL && outbox_account_get_auth (job->account) != OUTBOX_AUTH_NONE)
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
      Job *job = g_ptr_array_index (self->jobs, i);
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

  if (g_cancellable_is_cancelled (cancellable))
    {
      for (guint i = 0; i < self->jobs->len; i++)
        {
          Job *job = g_ptr_array_index (self->jobs, i);

          if (job->state == JOB_PENDING)
            job_finished (job, cancelled_report (self, job));
        }
    }
  else
    {
      while (self->running < self->max_running && g_sequence_get_length (self->ready) > 0)
        {
          Server *server = g_sequence_get (g_sequence_get_begin_iter (self->ready));

          start_job (g_queue_pop_head (&server->pending));
        }
    }

  self->scheduling = FALSE;
  if (self->finished == self->jobs->len)
    return_reports (self);
}

static void
outbox_test_batch_dispose (GObject *object)
{
  OutboxTestBatch *self = OUTBOX_TEST_BATCH (object);

  /* The task holds a reference while the batch runs. */
  g_assert (self->task == NULL);

  g_clear_pointer (&self->ready, g_sequence_free);
  g_clear_pointer (&self->servers, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);

  G_OBJECT_CLASS (outbox_test_batch_parent_class)->dispose (object);
}

static void
outbox_test_batch_finalize (GObject *object)
{
  OutboxTestBatch *self = OUTBOX_TEST_BATCH (object);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->secrets);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (outbox_test_batch_parent_class)->finalize (object);
}

static void
outbox_test_batch_class_init (OutboxTestBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = outbox_test_batch_dispose;
  object_class->finalize = outbox_test_batch_finalize;

  /**
   * OutboxTestBatch::account-started:
   * @account: the account whose test begins (it may wait for the keyring first)
   *
   * Not emitted for an account whose turn never came before a cancel.
   */
  signals[SIGNAL_ACCOUNT_STARTED] =
    g_signal_new ("account-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, OUTBOX_TYPE_ACCOUNT);

  /**
   * OutboxTestBatch::step:
   * @account: the account under test
   * @step: the step its test has just begun (OutboxSmtpSession::step)
   */
  signals[SIGNAL_STEP] =
    g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, OUTBOX_TYPE_ACCOUNT, OUTBOX_TYPE_SMTP_STEP);

  /**
   * OutboxTestBatch::account-finished:
   * @account: the account whose test ended
   * @report: its report; after a cancel, a report whose error is
   *   %OUTBOX_SMTP_ERROR_CANCELLED
   *
   * Emitted exactly once for every account of the batch.
   */
  signals[SIGNAL_ACCOUNT_FINISHED] =
    g_signal_new ("account-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, OUTBOX_TYPE_ACCOUNT,
                  OUTBOX_TYPE_TEST_REPORT);
}

static void
outbox_test_batch_init (OutboxTestBatch *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_running = OUTBOX_TEST_BATCH_DEFAULT_MAX_RUNNING;
  self->max_per_server = OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_SERVER;
}

/**
 * outbox_test_batch_new:
 * @accounts: a list of #OutboxAccount; the batch takes the accounts it holds
 *   now, so that the list may change while they are tested
 * @secrets: (nullable): where to read the passwords, or %NULL to test
 *   without them
 */
OutboxTestBatch *
outbox_test_batch_new (GListModel    *accounts,
                       OutboxSecrets *secrets)
{
  OutboxTestBatch *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (accounts), NULL);
  g_return_val_if_fail (secrets == NULL || OUTBOX_IS_SECRETS (secrets), NULL);

  self = g_object_new (OUTBOX_TYPE_TEST_BATCH, NULL);
  if (secrets)
    self->secrets = g_object_ref (secrets);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      OutboxAccount *account = g_list_model_get_item (accounts, i);

      g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), self);
      g_ptr_array_add (self->accounts, account);
    }
  return self;
}

/**
 * outbox_test_batch_new_for_array:
 * @accounts: (element-type OutboxAccount): the accounts to test, in order
 * @secrets: (nullable): where to read the passwords
 */
OutboxTestBatch *
outbox_test_batch_new_for_array (GPtrArray     *accounts,
                                 OutboxSecrets *secrets)
{
  OutboxTestBatch *self;

  g_return_val_if_fail (accounts != NULL, NULL);
  g_return_val_if_fail (secrets == NULL || OUTBOX_IS_SECRETS (secrets), NULL);

  self = g_object_new (OUTBOX_TYPE_TEST_BATCH, NULL);
  if (secrets)
    self->secrets = g_object_ref (secrets);
  for (guint i = 0; i < accounts->len; i++)
    {
      OutboxAccount *account = g_ptr_array_index (accounts, i);

      g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), self);
      g_ptr_array_add (self->accounts, g_object_ref (account));
    }
  return self;
}

guint
outbox_test_batch_get_n_accounts (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), 0);
  return self->accounts->len;
}

/**
 * outbox_test_batch_get_account:
 *
 * Returns: (transfer none): the account at @position
 */
OutboxAccount *
outbox_test_batch_get_account (OutboxTestBatch *self,
                               guint            position)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), NULL);
  g_return_val_if_fail (position < self->accounts->len, NULL);
  return g_ptr_array_index (self->accounts, position);
}

/**
 * outbox_test_batch_get_report:
 *
 * Returns: (transfer none) (nullable): the report of the account at
 *   @position, once its test ended
 */
OutboxTestReport *
outbox_test_batch_get_report (OutboxTestBatch *self,
                              guint            position)
{
  Job *job;

  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), NULL);
  g_return_val_if_fail (position < self->accounts->len, NULL);

  if (self->jobs == NULL)
    return NULL;
  job = g_ptr_array_index (self->jobs, position);
  return job->report;
}

guint
outbox_test_batch_get_n_finished (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), 0);
  return self->finished;
}

guint
outbox_test_batch_get_n_running (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), 0);
  return self->running;
}

/**
 * outbox_test_batch_set_max_running:
 * @max_running: how many tests may run at once in all (at least 1)
 */
void
outbox_test_batch_set_max_running (OutboxTestBatch *self,
                                   guint            max_running)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (max_running > 0);
  g_return_if_fail (self->jobs == NULL);
  self->max_running = max_running;
}

guint
outbox_test_batch_get_max_running (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), 0);
  return self->max_running;
}

/**
 * outbox_test_batch_set_max_per_server:
 * @max_per_server: how many tests may run at once against one host and
 *   port (at least 1)
 */
void
outbox_test_batch_set_max_per_server (OutboxTestBatch *self,
                                      guint            max_per_server)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (max_per_server > 0);
  g_return_if_fail (self->jobs == NULL);
  self->max_per_server = max_per_server;
}

guint
outbox_test_batch_get_max_per_server (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), 0);
  return self->max_per_server;
}

/**
 * outbox_test_batch_set_recipient:
 * @recipient: (nullable): where every test message goes; %NULL for each
 *   account's own address
 */
void
outbox_test_batch_set_recipient (OutboxTestBatch *self,
                                 const char      *recipient)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (self->jobs == NULL);

  g_free (self->recipient);
  self->recipient = recipient && *recipient ? g_strdup (recipient) : NULL;
}

const char *
outbox_test_batch_get_recipient (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), NULL);
  return self->recipient;
}

/**
 * outbox_test_batch_set_tls_database:
 * @database: (nullable): the certificate authorities to trust, or %NULL
 *   for the system's
 */
void
outbox_test_batch_set_tls_database (OutboxTestBatch *self,
                                    GTlsDatabase    *database)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));
  g_return_if_fail (self->jobs == NULL);
  g_set_object (&self->tls_database, database);
}

/**
 * outbox_test_batch_get_tls_database:
 *
 * Returns: (transfer none) (nullable): the override set, if any
 */
GTlsDatabase *
outbox_test_batch_get_tls_database (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), NULL);
  return self->tls_database;
}

/**
 * outbox_test_batch_set_allow_plaintext_password:
 * @allow: whether the user confirmed sending passwords unencrypted to
 *   accounts whose security is "none"
 */
void
outbox_test_batch_set_allow_plaintext_password (OutboxTestBatch *self,
                                                gboolean         allow)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (self->jobs == NULL);
  self->allow_plaintext_password = !!allow;
}

gboolean
outbox_test_batch_get_allow_plaintext_password (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), FALSE);
  return self->allow_plaintext_password;
}

/**
 * outbox_test_batch_run_async:
 * @cancellable: (nullable): ends every running test and skips those still
 *   waiting; each of them still gets a report that says it was cancelled
 *
 * Tests every account once. A batch runs only once.
 */
void
outbox_test_batch_run_async (OutboxTestBatch     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->jobs == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, outbox_test_batch_run_async);
  /* The reports are the result, cancelled or not. */
  g_task_set_check_cancellable (self->task, FALSE);

  self->jobs = g_ptr_array_new_full (self->accounts->len, (GDestroyNotify)job_free);
  self->servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)server_free);
  self->ready = g_sequence_new (NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      Job *job = g_new0 (Job, 1);
      g_autofree char *key = server_key (g_ptr_array_index (self->accounts, i));

      job->batch = self;
      job->position = i;
      job->account = g_object_ref (g_ptr_array_index (self->accounts, i));
      job->server = g_hash_table_lookup (self->servers, key);
      if (job->server == NULL)
        {
          job->server = g_new0 (Server, 1);
          g_hash_table_insert (self->servers, g_steal_pointer (&key), job->server);
        }
      g_queue_push_tail (&job->server->pending, job);
      g_ptr_array_add (self->jobs, job);
    }

  g_hash_table_foreach (self->servers, server_update_ready_cb, self);
  schedule (self);
}

/**
 * outbox_test_batch_run_finish:
 *
 * Returns: (transfer container) (element-type OutboxTestReport): one report
 *   per account, in the order of the accounts
 */
GPtrArray *
outbox_test_batch_run_finish (OutboxTestBatch  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == outbox_test_batch_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
