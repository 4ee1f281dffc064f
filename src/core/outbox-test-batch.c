/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestBatch: tests a list of accounts with bounded concurrency. A test
 * is mostly waiting on the network, so many run at once: by default 64, so
 * that "Test all" of tens of accounts is one wave, about as long as the
 * slowest test (each test holds one socket, two for a moment when a name
 * has both IPv4 and IPv6 addresses: far below the usual limit of 1024
 * descriptors). Identities that share a server take turns, at most 20 at
 * once: what mail servers themselves use towards one destination (Postfix's
 * default_destination_concurrency_limit, Exchange's
 * MaxPerDomainOutboundConnections) and well under what a stock Postfix
 * accepts from one client (smtpd_client_connection_count_limit, 50), so a
 * check before a campaign does not look like an attack, yet 20 accounts at
 * one provider are tested at once. Accounts that sign in with the same login
 * at one server take turns three at a time: Exchange Online refuses a
 * fourth concurrent SMTP submission of one mailbox ("432 4.3.2 Concurrent
 * connections limit exceeded"), and many sign-ins of one login at once are
 * what providers' sign-in rate limits watch for. Accounts start in list
 * order as far as the limits allow, and every account gets exactly one
 * report, cancelled or not. */

#define G_LOG_DOMAIN "outbox-test-batch"

#include "config.h"

#include "outbox-enums.h"
#include "outbox-test-batch-private.h"

enum {
  SIGNAL_ACCOUNT_STARTED,
  SIGNAL_STEP,
  SIGNAL_ACCOUNT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxTestBatch, outbox_test_batch, G_TYPE_OBJECT)

void
_outbox_test_batch_emit_started (OutboxTestBatch *self,
                                 OutboxAccount   *account)
{
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_STARTED], 0, account);
}

void
_outbox_test_batch_emit_step (OutboxTestBatch *self,
                              OutboxAccount   *account,
                              OutboxSmtpStep   step)
{
  g_signal_emit (self, signals[SIGNAL_STEP], 0, account, step);
}

void
_outbox_test_batch_emit_finished (OutboxTestBatch  *self,
                                  OutboxAccount    *account,
                                  OutboxTestReport *report)
{
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_FINISHED], 0, account, report);
}

static void
outbox_test_batch_dispose (GObject *object)
{
  OutboxTestBatch *self = OUTBOX_TEST_BATCH (object);

  /* The task holds a reference while the batch runs. */
  g_assert (self->task == NULL);

  g_clear_pointer (&self->ready, g_sequence_free);
  g_clear_pointer (&self->logins, g_hash_table_unref);
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
  g_clear_pointer (&self->passwords, g_ptr_array_unref);
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
  self->max_per_login = OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_LOGIN;
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
  OutboxBatchJob *job;

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
 * outbox_test_batch_set_max_per_login:
 * @max_per_login: how many tests may run at once of accounts that sign in
 *   with the same login at one host and port (at least 1)
 */
void
outbox_test_batch_set_max_per_login (OutboxTestBatch *self,
                                     guint            max_per_login)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (max_per_login > 0);
  g_return_if_fail (self->jobs == NULL);
  self->max_per_login = max_per_login;
}

guint
outbox_test_batch_get_max_per_login (OutboxTestBatch *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_BATCH (self), 0);
  return self->max_per_login;
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
 * outbox_test_batch_set_password:
 * @position: the position of an account of the batch
 * @password: (nullable): the password to sign in with, instead of the one
 *   in the keyring; %NULL to read the keyring again
 *
 * For a password the user just typed. The batch keeps a copy until the
 * account's test starts, and overwrites it when done.
 */
void
outbox_test_batch_set_password (OutboxTestBatch *self,
                                guint            position,
                                const char      *password)
{
  g_return_if_fail (OUTBOX_IS_TEST_BATCH (self));
  g_return_if_fail (position < self->accounts->len);
  g_return_if_fail (self->jobs == NULL);

  if (self->passwords == NULL)
    {
      self->passwords = g_ptr_array_new_full (self->accounts->len,
                                              (GDestroyNotify)_outbox_test_batch_secret_free);
      g_ptr_array_set_size (self->passwords, self->accounts->len);
    }
  _outbox_test_batch_secret_free (g_ptr_array_index (self->passwords, position));
  g_ptr_array_index (self->passwords, position) = g_strdup (password);
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

  _outbox_test_batch_start (self);
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
