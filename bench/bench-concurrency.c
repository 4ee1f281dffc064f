/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Concurrency and main-loop stalls of the SMTP engine (bench/concurrency.py
 * runs it):
 *
 *   bench-concurrency PORT[,PORT...] SECURITY N CAFILE [batch]
 *
 * Starts N tests at once, in one main loop, of N accounts on 127.0.0.1, the
 * i-th on the i-th PORT (round robin; SECURITY none, starttls or tls; no
 * sign-in), trusting the authorities of CAFILE. With "batch" the tests run
 * as the window's "Test all" runs them: one OutboxTestBatch, with its
 * default limits (OUTBOX_TEST_BATCH_DEFAULT_MAX_RUNNING at once, at most
 * OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_SERVER per host and port). While they
 * run, a timer due every 2 ms notes how late each of its ticks comes: the
 * longest delay is the longest stall of the main loop, what a window would
 * feel as a frozen frame. Prints one line of JSON:
 *   {"tests": N, "succeeded": K, "wall_ms": ..., "longest_stall_ms": ...,
 *    "stalls_over_16ms": ..., "cpu_ms": ..., "tls_setup_ms": ...}
 * wall_ms runs from the start of all tests to the end of the last; cpu_ms
 * is the process's CPU time (all threads) over the same span; tls_setup_ms
 * (with TLS, before the tests) is the CPU time one thread takes to make one
 * TLS client connection trusting CAFILE and to free it, the mean of 10: the
 * work the engine does per test in its TLS pool. */

#include "config.h"

#include <locale.h>
#include <time.h>

#include "bench-util.h"
#include "outbox.h"


typedef struct
{
  GMainLoop *loop;
  guint      running;
  guint      succeeded;
  gint64     started;
  BenchStalls stalls;
} Bench;

static double
cpu_ms (clockid_t clock)
{
  struct timespec now;

  clock_gettime (clock, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* What the engine's TLS pool does per test: make a client connection that
 * trusts @database (on a stream that is never used), then free it. */
static double
tls_setup_ms (GTlsDatabase *database)
{
  double started = cpu_ms (CLOCK_THREAD_CPUTIME_ID);
  const guint n = 10;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GInputStream) input = g_memory_input_stream_new ();
      g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
      g_autoptr(GIOStream) stream = g_simple_io_stream_new (input, output);
      g_autoptr(GSocketConnectable) identity = g_network_address_new ("127.0.0.1", 25);
      g_autoptr(GError) error = NULL;
      /* As the engine makes it: the database given at construction. */
      g_autoptr(GObject) tls =
        g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                        NULL, &error, "base-io-stream", stream, "server-identity", identity,
                        "database", database, NULL);

      if (tls == NULL)
        g_error ("%s", error->message);
    }
  return (cpu_ms (CLOCK_THREAD_CPUTIME_ID) - started) / n;
}

static void
batch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports =
    outbox_test_batch_run_finish (OUTBOX_TEST_BATCH (object), result, &error);

  if (reports == NULL)
    g_printerr ("bench-concurrency: %s\n", error->message);
  for (guint i = 0; reports && i < reports->len; i++)
    if (outbox_test_report_get_success (g_ptr_array_index (reports, i)))
      b->succeeded++;
  b->running = 0;
  g_main_loop_quit (b->loop);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxTestReport) report =
    outbox_smtp_session_run_finish (OUTBOX_SMTP_SESSION (object), result, &error);

  if (error)
    g_printerr ("bench-concurrency: %s\n", error->message);
  else
    b->succeeded++;
  if (--b->running == 0)
    g_main_loop_quit (b->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OutboxTestBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ports = NULL;
  gboolean use_batch;
  OutboxSecurity security;
  guint64 port, n;
  Bench b = { 0 };
  double setup_ms = 0, cpu_started;

  setlocale (LC_ALL, "");
  use_batch = argc == 6 && g_str_equal (argv[5], "batch");
  if ((argc != 5 && !use_batch) || !outbox_security_from_string (argv[2], &security) ||
      !g_ascii_string_to_unsigned (argv[3], 10, 1, 1000, &n, NULL))
    {
      g_printerr ("usage: bench-concurrency PORT[,PORT...] none|starttls|tls N CAFILE [batch]\n");
      return 2;
    }
  ports = g_strsplit (argv[1], ",", -1);
  for (guint i = 0; ports[i]; i++)
    if (!g_ascii_string_to_unsigned (ports[i], 10, 1, 65535, &port, NULL))
      {
        g_printerr ("bench-concurrency: not a port: %s\n", ports[i]);
        return 2;
      }
  database = g_tls_file_database_new (argv[4], &error);
  if (database == NULL)
    g_error ("%s", error->message);
  if (security != OUTBOX_SECURITY_NONE)
    setup_ms = tls_setup_ms (database);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OutboxAccount) account = outbox_account_new ();
      g_autofree char *name = g_strdup_printf ("Slow %03u", i);
      OutboxSmtpSession *session;

      outbox_account_set_name (account, name);
      outbox_account_set_sender_address (account, "bench@example.test");
      outbox_account_set_host (account, "127.0.0.1");
      g_ascii_string_to_unsigned (ports[i % g_strv_length (ports)], 10, 1, 65535, &port, NULL);
      outbox_account_set_port (account, (guint)port);
      outbox_account_set_security (account, security);
      outbox_account_set_auth (account, OUTBOX_AUTH_NONE);
      outbox_account_set_timeout (account, 30);
      session = outbox_smtp_session_new (account);
      outbox_smtp_session_set_tls_database (session, database);
      g_ptr_array_add (sessions, session);
      g_ptr_array_add (accounts, g_object_ref (account));
    }

  b.loop = g_main_loop_new (NULL, FALSE);
  b.running = (guint)n;
  b.started = g_get_monotonic_time ();
  cpu_started = cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
  bench_stalls_restart (&b.stalls);
  bench_stalls_start (&b.stalls);
  if (use_batch)
    {
      batch = outbox_test_batch_new_for_array (accounts, NULL);
      outbox_test_batch_set_tls_database (batch, database);
      outbox_test_batch_run_async (batch, NULL, batch_done_cb, &b);
    }
  else
    for (guint i = 0; i < sessions->len; i++)
      outbox_smtp_session_run_async (g_ptr_array_index (sessions, i), NULL, done_cb, &b);
  g_main_loop_run (b.loop);
  bench_stalls_stop (&b.stalls);

  g_print ("{\"tests\": %u, \"succeeded\": %u, \"wall_ms\": %.1f, "
           "\"longest_stall_ms\": %.1f, \"stalls_over_16ms\": %u, \"cpu_ms\": %.0f, "
           "\"tls_setup_ms\": %.1f}\n",
           (guint)n, b.succeeded, (double)(g_get_monotonic_time () - b.started) / 1000.0,
           bench_stalls_longest_ms (&b.stalls), b.stalls.over_frame,
           cpu_ms (CLOCK_PROCESS_CPUTIME_ID) - cpu_started, setup_ms);
  g_main_loop_unref (b.loop);
  return b.succeeded == n ? 0 : 1;
}
