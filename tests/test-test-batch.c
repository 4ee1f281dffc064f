/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of OutboxTestBatch against real servers on 127.0.0.1: one report
 * per account in order, failures that stay local, cancelling, and the
 * limits on concurrent connections as the servers count them. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "smtp-test-util.h"

/* A batch that takes this long is a hang. */
#define BATCH_LIMIT_MS 60000

typedef struct
{
  OutboxTestBatch *batch;
  GCancellable    *cancellable;
  GPtrArray       *reports;
  GError          *error;
  GHashTable      *started;        /* OutboxAccount → count */
  GHashTable      *finished;       /* OutboxAccount → count */
  GPtrArray       *finish_order;   /* OutboxAccount, as they finished */
  GArray          *first_steps;    /* OutboxSmtpStep of the first account */
  guint            max_running;    /* the batch's own count, seen at each start */
  guint            cancel_after;   /* cancel when this many started (0: never) */
  gboolean         done;
} BatchRun;

static void
batch_run_free (BatchRun *run)
{
  g_clear_object (&run->batch);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->reports, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->started, g_hash_table_unref);
  g_clear_pointer (&run->finished, g_hash_table_unref);
  g_clear_pointer (&run->finish_order, g_ptr_array_unref);
  g_clear_pointer (&run->first_steps, g_array_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchRun, batch_run_free)

static void
count (GHashTable    *table,
       OutboxAccount *account)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (table, account));

  g_hash_table_insert (table, account, GUINT_TO_POINTER (n + 1));
}

static void
on_account_started (OutboxTestBatch *batch,
                    OutboxAccount   *account,
                    BatchRun        *run)
{
  count (run->started, account);
  run->max_running = MAX (run->max_running, outbox_test_batch_get_n_running (batch));
  if (run->cancel_after > 0 && g_hash_table_size (run->started) == run->cancel_after)
    g_cancellable_cancel (run->cancellable);
}

static void
on_step (OutboxTestBatch *batch,
         OutboxAccount   *account,
         OutboxSmtpStep   step,
         BatchRun        *run)
{
  if (account == outbox_test_batch_get_account (batch, 0))
    g_array_append_val (run->first_steps, step);
}

static void
on_account_finished (OutboxTestBatch  *batch,
                     OutboxAccount    *account,
                     OutboxTestReport *report,
                     BatchRun         *run)
{
  g_assert_true (OUTBOX_IS_TEST_REPORT (report));
  count (run->finished, account);
  g_ptr_array_add (run->finish_order, g_object_ref (account));
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  BatchRun *run = user_data;

  run->reports = outbox_test_batch_run_finish (OUTBOX_TEST_BATCH (object), result, &run->error);
  run->done = TRUE;
}

static gboolean
on_hang (gpointer user_data)
{
  g_error ("the batch did not finish within %d ms", BATCH_LIMIT_MS);
  return G_SOURCE_REMOVE;
}

static BatchRun *
batch_run_new (OutboxTestBatch *batch)
{
  BatchRun *run = g_new0 (BatchRun, 1);
  g_autoptr(GTlsDatabase) database = outbox_test_tls_database_new (NULL);

  run->batch = batch;
  run->cancellable = g_cancellable_new ();
  run->started = g_hash_table_new (NULL, NULL);
  run->finished = g_hash_table_new (NULL, NULL);
  run->finish_order = g_ptr_array_new_with_free_func (g_object_unref);
  run->first_steps = g_array_new (FALSE, FALSE, sizeof (OutboxSmtpStep));
  outbox_test_batch_set_tls_database (batch, database);
  return run;
}

/* Runs the batch to the end, checks what holds for every run, and
 * returns how long it took. */
static gint64
batch_run (BatchRun *run)
{
  guint n = outbox_test_batch_get_n_accounts (run->batch);
  gint64 start = g_get_monotonic_time ();
  guint hang_id;

  g_signal_connect (run->batch, "account-started", G_CALLBACK (on_account_started), run);
  g_signal_connect (run->batch, "step", G_CALLBACK (on_step), run);
  g_signal_connect (run->batch, "account-finished", G_CALLBACK (on_account_finished), run);
  hang_id = g_timeout_add (BATCH_LIMIT_MS, on_hang, NULL);
  outbox_test_batch_run_async (run->batch, run->cancellable, run_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (hang_id);

  g_assert_no_error (run->error);
  g_assert_nonnull (run->reports);
  /* Exactly one report per account, in the accounts' order. */
  g_assert_cmpuint (run->reports->len, ==, n);
  g_assert_cmpuint (g_hash_table_size (run->finished), ==, n);
  g_assert_cmpuint (run->finish_order->len, ==, n);
  g_assert_cmpuint (outbox_test_batch_get_n_finished (run->batch), ==, n);
  g_assert_cmpuint (outbox_test_batch_get_n_running (run->batch), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      OutboxAccount *account = outbox_test_batch_get_account (run->batch, i);
      OutboxTestReport *report = g_ptr_array_index (run->reports, i);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (run->finished, account)), ==, 1);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (run->started, account)), <=, 1);
      g_assert_cmpstr (outbox_test_report_get_account_name (report), ==,
                       outbox_account_get_name (account));
      g_assert_true (outbox_test_batch_get_report (run->batch, i) == report);
    }
  return (g_get_monotonic_time () - start) / 1000;
}

static OutboxAccount *
account_new (const char     *name,
             guint           port,
             OutboxSecurity  security)
{
  OutboxAccount *account = smtp_test_account_new (security, port, OUTBOX_AUTH_NONE);

  outbox_account_set_name (account, name);
  return account;
}

/* A port on 127.0.0.1 where nothing listens. */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
assert_failed (OutboxTestReport *report,
               OutboxSmtpError   code)
{
  const GError *error = outbox_test_report_get_error (report);

  g_assert_false (outbox_test_report_get_success (report));
  g_assert_error ((GError *)error, OUTBOX_SMTP_ERROR, (gint)code);
}

/* --- What the fault servers logged ----------------------------------------- */

typedef struct
{
  double time;
  int    delta;   /* +1 a connection opens, -1 the client is done with it */
} Edge;

static gint
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const Edge *x = a, *y = b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  /* At the same instant an end comes first: it made room for the start. */
  return x->delta - y->delta;
}

/* Adds an edge per connection start and end. A connection ends, for the
 * count, when the server has the whole message (or reads QUIT, or the
 * connection goes): the client cannot start the next test before that, so
 * ends and starts of different servers stay in causal order in the logs.
 * (Not the QUIT: the client writes it and moves on without its reply, so the
 * next server may accept before this one has read it.) */
static guint
add_edges (GArray           *edges,
           OutboxTestServer *server)
{
  g_autoptr(GPtrArray) log = outbox_test_server_read_log (server);
  g_autoptr(GHashTable) ended = g_hash_table_new (NULL, NULL);
  guint connections = 0;

  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (log, i);
      const char *event = json_object_get_string_member (entry, "event");
      gpointer conn = GINT_TO_POINTER (json_object_get_int_member (entry, "conn"));
      Edge edge = { json_object_get_double_member (entry, "time"), 0 };

      if (g_str_equal (event, "accept"))
        {
          edge.delta = 1;
          connections++;
        }
      else if (!g_hash_table_contains (ended, conn) &&
               (g_str_equal (event, "close") || g_str_equal (event, "eof") ||
                g_str_equal (event, "message") ||
                (g_str_equal (event, "recv") &&
                 strstr (json_object_get_string_member (entry, "text"), "QUIT\r\n"))))
        {
          edge.delta = -1;
          g_hash_table_add (ended, conn);
        }
      if (edge.delta != 0)
        g_array_append_val (edges, edge);
    }
  return connections;
}

static guint
max_concurrent (GArray *edges)
{
  int open = 0, most = 0;

  g_array_sort (edges, compare_edges);
  for (guint i = 0; i < edges->len; i++)
    {
      open += g_array_index (edges, Edge, i).delta;
      most = MAX (most, open);
    }
  return (guint)most;
}

/* Waits until every connection the server accepted has ended in its log. */
static void
wait_server_idle (OutboxTestServer *server,
                  guint             expected)
{
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
      guint connections = add_edges (edges, server);

      if (connections == expected && edges->len == 2 * expected)
        return;
      g_usleep (20 * 1000);
    }
  g_error ("the server did not log %u finished connections", expected);
}

/* --- Tests ------------------------------------------------------------------- */

/* Working and failing accounts mixed: every one gets its own report in the
 * order of the list, and a failure does not stop the others. */
static void
test_batch_order (void)
{
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (NULL);
  g_autoptr(OutboxTestServer) relay = outbox_test_fault_server_start ("relay-denied", NULL);
  g_autoptr(OutboxTestServer) fault = outbox_test_fault_server_start ("success", NULL);
  g_autoptr(GListStore) accounts = g_list_store_new (OUTBOX_TYPE_ACCOUNT);
  g_autoptr(OutboxAccount) first = NULL;
  g_autoptr(BatchRun) run = NULL;
  g_autoptr(GPtrArray) spool = NULL;
  OutboxSmtpStep last_step;
  struct {
    const char     *name;
    guint           port;
    OutboxSecurity  security;
  } rows[] = {
    { "Invoices", outbox_test_server_get_port (smtp, "starttls"), OUTBOX_SECURITY_STARTTLS },
    { "Nowhere", closed_port (), OUTBOX_SECURITY_NONE },
    { "Relay", outbox_test_server_get_port (relay, "port"), OUTBOX_SECURITY_NONE },
    { "Newsletter", outbox_test_server_get_port (smtp, "tls"), OUTBOX_SECURITY_TLS },
    { "Support", outbox_test_server_get_port (fault, "port"), OUTBOX_SECURITY_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(OutboxAccount) account = account_new (rows[i].name, rows[i].port,
                                                      rows[i].security);
      g_list_store_append (accounts, account);
    }

  run = batch_run_new (outbox_test_batch_new (G_LIST_MODEL (accounts), NULL));
  /* The batch took the accounts it was given: a later change of the list
   * changes nothing. */
  g_list_store_remove (accounts, 1);
  g_assert_cmpuint (outbox_test_batch_get_n_accounts (run->batch), ==, G_N_ELEMENTS (rows));
  batch_run (run);

  g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, 0)));
  assert_failed (g_ptr_array_index (run->reports, 1), OUTBOX_SMTP_ERROR_REFUSED);
  assert_failed (g_ptr_array_index (run->reports, 2), OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED);
  g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, 3)));
  g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, 4)));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (
                        run->started, outbox_test_batch_get_account (run->batch, i))), ==, 1);

  /* The sessions' progress came through, for the right account. */
  g_assert_cmpuint (run->first_steps->len, >=, 4);
  g_assert_cmpint (g_array_index (run->first_steps, OutboxSmtpStep, 0), ==,
                   OUTBOX_SMTP_STEP_RESOLVING);
  last_step = g_array_index (run->first_steps, OutboxSmtpStep, run->first_steps->len - 1);
  g_assert_cmpint (last_step, ==, OUTBOX_SMTP_STEP_DONE);

  /* Both working aiosmtpd accounts delivered their message. */
  g_assert_true (outbox_test_server_wait_messages (smtp, 2, 5000));
  spool = outbox_test_server_list_messages (smtp);
  g_assert_cmpuint (spool->len, ==, 2);
}

/* An empty list finishes at once with no reports. */
static void
test_batch_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(BatchRun) run = batch_run_new (outbox_test_batch_new_for_array (none, NULL));

  batch_run (run);
  g_assert_cmpuint (run->reports->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (run->started), ==, 0);
}

/* Many identities on one server take turns: never more connections at once
 * than the per-server limit, but as many as it allows. By default that is
 * 20, so that 20 accounts at one provider are tested in one go. */
static void
test_batch_per_server (void)
{
  const guint limits[] = { OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_SERVER, 3 };

  g_assert_cmpuint (OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_SERVER, ==, 20);
  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    {
      g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("slow-greeting", NULL);
      g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
      g_autoptr(BatchRun) run = NULL;
      guint n = limits[l] + 4;
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("Identity %u", i + 1);
          g_ptr_array_add (accounts, account_new (name, outbox_test_server_get_port (server, "port"),
                                                  OUTBOX_SECURITY_NONE));
        }
      run = batch_run_new (outbox_test_batch_new_for_array (accounts, NULL));
      g_assert_cmpuint (outbox_test_batch_get_max_per_server (run->batch), ==,
                        OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_SERVER);
      g_assert_cmpuint (outbox_test_batch_get_max_running (run->batch), ==,
                        OUTBOX_TEST_BATCH_DEFAULT_MAX_RUNNING);
      if (limits[l] != OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_SERVER)
        outbox_test_batch_set_max_per_server (run->batch, limits[l]);
      batch_run (run);

      for (guint i = 0; i < accounts->len; i++)
        g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, i)));
      g_assert_cmpuint (run->max_running, ==, limits[l]);
      wait_server_idle (server, n);
      g_assert_cmpuint (add_edges (edges, server), ==, n);
      g_assert_cmpuint (max_concurrent (edges), ==, limits[l]);
    }
}

/* Accounts that sign in with the same login (whatever its case) take turns
 * three at a time, as Exchange Online allows one mailbox; the server's
 * other accounts run beside them. */
static void
test_batch_per_login (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("slow-greeting", NULL);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(BatchRun) run = NULL;
  guint port = outbox_test_server_get_port (server, "port");

  for (guint i = 0; i < 8; i++)
    {
      OutboxAccount *account = smtp_test_account_new (OUTBOX_SECURITY_NONE, port,
                                                      i < 6 ? OUTBOX_AUTH_PASSWORD
                                                            : OUTBOX_AUTH_NONE);

      outbox_account_set_username (account, i % 2 ? "Alias@Example.GR" : "alias@example.gr");
      g_ptr_array_add (accounts, account);
    }
  run = batch_run_new (outbox_test_batch_new_for_array (accounts, NULL));
  g_assert_cmpuint (outbox_test_batch_get_max_per_login (run->batch), ==, 3);
  outbox_test_batch_set_allow_plaintext_password (run->batch, TRUE);
  for (guint i = 0; i < 6; i++)
    outbox_test_batch_set_password (run->batch, i, SMTP_TEST_PASSWORD);
  batch_run (run);

  for (guint i = 0; i < accounts->len; i++)
    g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, i)));
  wait_server_idle (server, accounts->len);
  g_assert_cmpuint (add_edges (edges, server), ==, accounts->len);
  /* Three of the one login and both accounts without one. */
  g_assert_cmpuint (max_concurrent (edges), ==, 5);
}

/* Accounts on many servers run in parallel up to the global limit, and the
 * same host written in capitals and with spaces is still one server. */
static void
test_batch_global (void)
{
  OutboxTestServer *servers[3];
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(BatchRun) run = NULL;
  guint per_server[3] = { 0 };

  for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
    servers[s] = outbox_test_fault_server_start ("slow-greeting", NULL);
  /* Interleaved, so that the first accounts of the list are on different
   * servers. */
  for (guint i = 0; i < 3; i++)
    for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
      {
        g_autofree char *name = g_strdup_printf ("Server %u identity %u", s + 1, i + 1);
        g_ptr_array_add (accounts, account_new (name, outbox_test_server_get_port (servers[s],
                                                                                   "port"),
                                                OUTBOX_SECURITY_NONE));
      }

  run = batch_run_new (outbox_test_batch_new_for_array (accounts, NULL));
  outbox_test_batch_set_max_running (run->batch, 4);
  batch_run (run);

  for (guint i = 0; i < accounts->len; i++)
    g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, i)));
  g_assert_cmpuint (run->max_running, ==, 4);
  for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
    {
      g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));

      wait_server_idle (servers[s], 3);
      g_assert_cmpuint (add_edges (edges, servers[s]), ==, 3);
      per_server[s] = max_concurrent (edges);
      add_edges (all, servers[s]);
    }
  g_assert_cmpuint (max_concurrent (all), ==, 4);
  /* Four at once over three servers: at least two servers were busy at once,
   * none beyond its own limit. */
  for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
    g_assert_cmpuint (per_server[s], <=, 3);

  for (guint s = 0; s < G_N_ELEMENTS (servers); s++)
    outbox_test_server_stop (servers[s]);
}

/* One host, however it is written, is one server for the limit. */
static void
test_batch_same_host (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("slow-greeting", NULL);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(BatchRun) run = NULL;
  guint port = outbox_test_server_get_port (server, "port");
  const char *hosts[] = { "127.0.0.1", " 127.0.0.1", "127.0.0.1 ", " 127.0.0.1 " };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *name = g_strdup_printf ("Spelling %u", i + 1);
      OutboxAccount *account = account_new (name, port, OUTBOX_SECURITY_NONE);

      outbox_account_set_host (account, hosts[i]);
      g_ptr_array_add (accounts, account);
    }

  run = batch_run_new (outbox_test_batch_new_for_array (accounts, NULL));
  outbox_test_batch_set_max_per_server (run->batch, 1);
  batch_run (run);

  for (guint i = 0; i < accounts->len; i++)
    g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, i)));
  wait_server_idle (server, accounts->len);
  add_edges (edges, server);
  g_assert_cmpuint (max_concurrent (edges), ==, 1);
}

/* Cancelling ends the running tests and skips the waiting ones, long
 * before the servers' silence would have timed them out. */
static void
test_batch_cancel (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("no-greeting", NULL);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BatchRun) run = NULL;
  guint port = outbox_test_server_get_port (server, "port");
  guint timeout = 30;
  gint64 elapsed_ms;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("Waiting %u", i + 1);
      OutboxAccount *account = account_new (name, port, OUTBOX_SECURITY_NONE);

      outbox_account_set_timeout (account, timeout);
      g_ptr_array_add (accounts, account);
    }

  run = batch_run_new (outbox_test_batch_new_for_array (accounts, NULL));
  outbox_test_batch_set_max_per_server (run->batch, 2);
  run->cancel_after = 2;
  elapsed_ms = batch_run (run);

  /* Not a speed check: a cancel that did nothing would wait for the
   * account's timeout. */
  g_assert_cmpint (elapsed_ms, <, timeout * 1000 / 2);
  g_assert_cmpuint (g_hash_table_size (run->started), ==, 2);
  for (guint i = 0; i < accounts->len; i++)
    assert_failed (g_ptr_array_index (run->reports, i), OUTBOX_SMTP_ERROR_CANCELLED);
}

/* A batch cancelled before it starts tests nothing and still reports on
 * every account. */
static void
test_batch_cancelled_before (void)
{
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", NULL);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(BatchRun) run = NULL;
  guint port = outbox_test_server_get_port (server, "port");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Skipped %u", i + 1);
      g_ptr_array_add (accounts, account_new (name, port, OUTBOX_SECURITY_NONE));
    }

  run = batch_run_new (outbox_test_batch_new_for_array (accounts, NULL));
  g_cancellable_cancel (run->cancellable);
  batch_run (run);

  for (guint i = 0; i < accounts->len; i++)
    assert_failed (g_ptr_array_index (run->reports, i), OUTBOX_SMTP_ERROR_CANCELLED);
  /* Nothing was sent: whatever started, no message went out. */
  log = outbox_test_server_read_log (server);
  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (log, i);
      g_assert_cmpstr (json_object_get_string_member (entry, "event"), !=, "recv");
    }
}

/* A password given to the batch signs in instead of the keyring's, each for
 * its own account: the batch keeps a copy, and NULL takes one back. */
static void
test_batch_password (void)
{
  OutboxTestSmtpOptions options = { .user = SMTP_TEST_USER, .password = SMTP_TEST_PASSWORD };
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (&options);
  guint port = outbox_test_server_get_port (smtp, "starttls");
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BatchRun) run = NULL;
  g_autofree char *typed = g_strdup (SMTP_TEST_PASSWORD);

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (accounts, smtp_test_account_new (OUTBOX_SECURITY_STARTTLS, port,
                                                      OUTBOX_AUTH_PASSWORD));
  run = batch_run_new (outbox_test_batch_new_for_array (accounts, NULL));
  outbox_test_batch_set_password (run->batch, 0, typed);
  memset (typed, 'x', strlen (typed));
  outbox_test_batch_set_password (run->batch, 1, "not the password");
  outbox_test_batch_set_password (run->batch, 2, SMTP_TEST_PASSWORD);
  outbox_test_batch_set_password (run->batch, 2, NULL);
  batch_run (run);

  g_assert_true (outbox_test_report_get_success (g_ptr_array_index (run->reports, 0)));
  assert_failed (g_ptr_array_index (run->reports, 1), OUTBOX_SMTP_ERROR_AUTH_FAILED);
  g_assert_false (outbox_test_report_get_success (g_ptr_array_index (run->reports, 2)));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/TestBatch/order", test_batch_order);
  g_test_add_func ("/Outbox/TestBatch/empty", test_batch_empty);
  g_test_add_func ("/Outbox/TestBatch/per-server", test_batch_per_server);
  g_test_add_func ("/Outbox/TestBatch/per-login", test_batch_per_login);
  g_test_add_func ("/Outbox/TestBatch/global", test_batch_global);
  g_test_add_func ("/Outbox/TestBatch/same-host", test_batch_same_host);
  g_test_add_func ("/Outbox/TestBatch/cancel", test_batch_cancel);
  g_test_add_func ("/Outbox/TestBatch/cancelled-before", test_batch_cancelled_before);
  g_test_add_func ("/Outbox/TestBatch/password", test_batch_password);

  return g_test_run ();
}
