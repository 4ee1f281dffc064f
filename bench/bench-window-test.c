/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's main loop while tests run (bench/window.py runs it):
 *
 *   bench-window-test test-send CAFILE PASSWORD_FILE PORT
 *       one account (STARTTLS, signs in as bench@example.test with the
 *       password in PASSWORD_FILE, kept in the keyring) on 127.0.0.1:PORT;
 *       the account is opened in the editor and its Test Account Settings
 *       button clicked; runs until the test view shows the result
 *   bench-window-test test-all CAFILE SECURITY[,SECURITY...] PORT[,PORT...]
 *       one account per PORT (no sign-in; the i-th SECURITY, round robin:
 *       none, starttls or tls; senders of $OUTBOX_BENCH_DOMAINS domains,
 *       default 1); the window's Test All button clicked; runs until the
 *       results window shows
 *
 * The real window of a registered OutboxApplication, its accounts written
 * to $XDG_CONFIG_HOME/outbox/accounts.json. The process trusts the
 * authority of CAFILE in place of the system's (as the GUI tests do), and
 * its resolver asks no DNS server (outbox-test-resolver.c, empty).
 * While the test runs:
 *   - a timer due every 2 ms notes how late each tick comes: the longest
 *     delay is the longest stall of the main loop;
 *   - every window (the main one, the test view, the results) redraws
 *     itself each frame, as during an animation, and each frame is timed
 *     on its frame clock: the interval between two frames painted, and the
 *     work from the clock's update to its after-paint.
 * Prints one line of JSON with the figures (milliseconds); with
 * OUTBOX_BENCH_VERBOSE=1 each stall over 16 ms is told on stderr. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bench-util.h"
#include "gui-test-util.h"
#include "outbox-test-resolver.h"
#include "outbox-sidebar.h"
#include "outbox-test-all.h"
#include "outbox-test-view.h"

#define FRAME_MS BENCH_FRAME_MS
#define USER     "bench@example.test"

/* Runs the main loop until @cond holds; gives up after 30 seconds. */
#define BENCH_WAIT(cond)                                                    \
  G_STMT_START {                                                            \
    gint64 wait_deadline_ = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;  \
    while (!(cond))                                                         \
      {                                                                     \
        if (g_get_monotonic_time () > wait_deadline_)                       \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        gui_test_iterate ();                                                \
      }                                                                     \
  } G_STMT_END

typedef struct
{
  Fixture     f;
  gboolean    measuring;
  gint64      started;          /* the click */
  BenchStalls stalls;           /* counting while measuring */
  GArray     *intervals;        /* double ms between two frames of one window */
  GArray     *work;             /* double ms, update → after-paint */
  GPtrArray  *clocks;           /* ClockInfo */
  GHashTable *test_started;     /* account id → gint64 * */
  GArray     *test_ms;          /* double: each account's test, running → result */
  guint       passed;
  guint       failed;
  gboolean    verbose;
} Bench;

typedef struct
{
  Bench         *bench;
  GdkFrameClock *clock;
  const char    *owner;
  gint64         update_at;
  gint64         layout_at;
  gint64         paint_at;
  gint64         last_paint_at;
  guint          painted;       /* frames painted since measuring began */
} ClockInfo;

static double
ms (gint64 us)
{
  return (double)us / 1000.0;
}

static void
on_stall (double   late_ms,
          gint64   now,
          gpointer user_data)
{
  Bench *b = user_data;

  if (b->verbose)
    g_printerr ("bench-window-test: %.1f ms: the main loop stalled %.1f ms\n",
                ms (now - b->started), late_ms);
}

static void
on_update (GdkFrameClock *clock,
           ClockInfo     *info)
{
  info->update_at = g_get_monotonic_time ();
}

static void
on_layout (GdkFrameClock *clock,
           ClockInfo     *info)
{
  info->layout_at = g_get_monotonic_time ();
}

static void
on_paint (GdkFrameClock *clock,
          ClockInfo     *info)
{
  info->paint_at = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                ClockInfo     *info)
{
  Bench *b = info->bench;
  gint64 now = g_get_monotonic_time ();

  if (b->measuring && info->update_at > b->started)
    {
      double work = ms (now - info->update_at);

      if (b->verbose && work > FRAME_MS)
        g_printerr ("bench-window-test: %.1f ms: a frame of %s took %.1f ms: %.1f until its "
                    "layout was done, %.1f to paint, %.1f after\n", ms (now - b->started),
                    info->owner, work, ms (info->layout_at - info->update_at),
                    ms (info->paint_at - info->layout_at), ms (now - info->paint_at));

      g_array_append_val (b->work, work);
      if (info->last_paint_at > b->started)
        {
          double interval = ms (now - info->last_paint_at);

          g_array_append_val (b->intervals, interval);
        }
      info->painted++;
    }
  info->last_paint_at = now;
}

/* A redraw each frame, as an animation would ask for: a frame that comes
 * late is then a frame lost. */
static gboolean
redraw_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
watch_clock (GtkWidget *window,
             Bench     *b)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  ClockInfo *info;

  for (guint i = 0; i < b->clocks->len; i++)
    if (((ClockInfo *)g_ptr_array_index (b->clocks, i))->clock == clock)
      return;
  info = g_new0 (ClockInfo, 1);
  info->bench = b;
  info->clock = g_object_ref (clock);
  info->owner = G_OBJECT_TYPE_NAME (window);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), info);
  g_signal_connect (clock, "paint", G_CALLBACK (on_paint), info);
  g_signal_connect (clock, "update", G_CALLBACK (on_update), info);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), info);
  g_ptr_array_add (b->clocks, info);
  gtk_widget_add_tick_callback (window, redraw_tick, NULL, NULL);
}

static void
clock_info_free (gpointer data)
{
  ClockInfo *info = data;

  g_signal_handlers_disconnect_by_data (info->clock, info);
  g_object_unref (info->clock);
  g_free (info);
}

/* Every window that appears (the test view, the results) is timed too. */
static void
on_toplevels_changed (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Bench      *b)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (b->verbose && b->measuring)
        g_printerr ("bench-window-test: %.1f ms: a window appears: %s\n",
                    ms (g_get_monotonic_time () - b->started), G_OBJECT_TYPE_NAME (window));

      if (gtk_widget_get_realized (window))
        watch_clock (window, b);
      else
        g_signal_connect (window, "realize", G_CALLBACK (watch_clock), b);
    }
}

static void
on_test_status_changed (OutboxTestStatus *status,
                        const char       *account_id,
                        Bench            *b)
{
  OutboxTestState state = outbox_test_status_get_state (status, account_id);
  gint64 *started = g_hash_table_lookup (b->test_started, account_id);
  gint64 now = g_get_monotonic_time ();

  if (b->verbose)
    g_printerr ("bench-window-test: %.1f ms: test %d\n", ms (now - b->started), state);
  if (state == OUTBOX_TEST_STATE_RUNNING)
    {
      started = g_new (gint64, 1);
      *started = now;
      g_hash_table_replace (b->test_started, g_strdup (account_id), started);
    }
  else if (started != NULL && (state == OUTBOX_TEST_STATE_PASSED ||
                               state == OUTBOX_TEST_STATE_FAILED))
    {
      double took = ms (now - *started);

      g_array_append_val (b->test_ms, took);
      if (state == OUTBOX_TEST_STATE_PASSED)
        b->passed++;
      else
        {
          OutboxTestReport *report = outbox_test_status_get_report (status, account_id);
          const GError *error = report ? outbox_test_report_get_error (report) : NULL;

          b->failed++;
          g_printerr ("bench-window-test: a test failed: %s\n", error ? error->message : "?");
        }
      g_hash_table_remove (b->test_started, account_id);
    }
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Waits until @window (the test view, the results) has painted one more
 * frame, so the result the run ends with is on the screen. */
static void
wait_painted (Bench     *b,
              GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  ClockInfo *info = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint before;

  for (guint i = 0; i < b->clocks->len; i++)
    if (((ClockInfo *)g_ptr_array_index (b->clocks, i))->clock == clock)
      info = g_ptr_array_index (b->clocks, i);
  g_assert_nonnull (info);
  before = info->painted;
  while (info->painted == before && g_get_monotonic_time () < deadline)
    gui_test_iterate ();
  if (b->verbose)
    for (guint i = 0; i < b->clocks->len; i++)
      {
        ClockInfo *c = g_ptr_array_index (b->clocks, i);

        g_printerr ("bench-window-test: %.1f ms: %s painted %u frames, the last at %.1f ms\n",
                    ms (g_get_monotonic_time () - b->started), c->owner, c->painted,
                    ms (c->last_paint_at - b->started));
      }
}

static void
print_results (Bench      *b,
               const char *mode,
               guint       n_accounts,
               double      total_ms)
{
  double slowest = bench_percentile (b->test_ms, 1.0);

  g_print ("{\"mode\": \"%s\", \"accounts\": %u, \"passed\": %u, \"failed\": %u, "
           "\"total_ms\": %.1f, \"slowest_test_ms\": %.1f, \"fastest_test_ms\": %.1f, "
           "\"longest_stall_ms\": %.2f, \"longest_stall_at_ms\": %.0f, "
           "\"stalls_over_frame\": %u, \"frames\": %u, \"windows\": %u, "
           "\"frame_interval_median_ms\": %.2f, \"frame_interval_p95_ms\": %.2f, "
           "\"frame_interval_max_ms\": %.2f, \"frame_work_median_ms\": %.2f, "
           "\"frame_work_p95_ms\": %.2f, \"frame_work_max_ms\": %.2f, "
           "\"frames_work_over_frame\": %u, \"frame_intervals_over_25ms\": %u}\n",
           mode, n_accounts, b->passed, b->failed, total_ms, slowest,
           bench_percentile (b->test_ms, 0.0), bench_stalls_longest_ms (&b->stalls),
           ms (b->stalls.longest_at - b->started), b->stalls.over_frame, b->work->len,
           b->clocks->len,
           bench_percentile (b->intervals, 0.5), bench_percentile (b->intervals, 0.95),
           bench_percentile (b->intervals, 1.0), bench_percentile (b->work, 0.5),
           bench_percentile (b->work, 0.95), bench_percentile (b->work, 1.0),
           bench_count_over (b->work, FRAME_MS), bench_count_over (b->intervals, FRAME_MS * 1.5));
}

static void
open_bench_window (Bench *b)
{
  b->f.window = outbox_window_new (b->f.app);
  g_object_add_weak_pointer (G_OBJECT (b->f.window), (gpointer *)&b->f.window);
  gtk_window_set_default_size (GTK_WINDOW (b->f.window), 1024, 700);
  gtk_window_present (GTK_WINDOW (b->f.window));
}

/* A window may go on after the frame that shows the result (the test
 * view's details, the results window's rows, the sender domains' notices
 * as their checks answer): measured as long again as
 * $OUTBOX_BENCH_SETTLE_MS (default 0). */
static void
settle (Bench *b)
{
  guint settle_ms = g_ascii_strtoull (g_getenv ("OUTBOX_BENCH_SETTLE_MS") ?
                                      g_getenv ("OUTBOX_BENCH_SETTLE_MS") : "0", NULL, 10);

  if (settle_ms == 0)
    return;
  gui_test_wait_ms (settle_ms);
  if (b->verbose)
    g_printerr ("bench-window-test: %.1f ms: settled\n", ms (g_get_monotonic_time () - b->started));
}

static void
start_measuring (Bench *b)
{
  b->started = g_get_monotonic_time ();
  /* For lining up a profile's samples (perf's clock is the monotonic one). */
  if (b->verbose)
    g_printerr ("bench-window-test: the click at %" G_GINT64_FORMAT " µs (monotonic clock)\n",
                b->started);
  b->measuring = TRUE;
  bench_stalls_restart (&b->stalls);
}

/* A frame that held the main loop is noted by the timer's next tick:
 * the loop turns a little more before the timer stops counting. */
static void
stop_measuring (Bench *b)
{
  gui_test_wait_ms (50);
  b->measuring = FALSE;
  b->stalls.counting = FALSE;
}

static char *
read_password (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *password = NULL;

  if (!g_file_get_contents (path, &password, NULL, &error))
    g_error ("%s", error->message);
  g_strchomp (password);
  return password;
}

static int
bench_test_send (Bench      *b,
                 const char *password_file,
                 guint       port)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  g_autofree char *password = read_password (password_file);
  g_autofree char *json = NULL;
  GtkWidget *button;
  OutboxTestView *view;
  double total;

  json = g_strdup_printf ("{ \"version\": 1, \"accounts\": [ {"
                          " \"id\": \"%s\", \"name\": \"Bench\", \"sender_name\": \"Bench\","
                          " \"sender_address\": \"" USER "\", \"reply_to\": \"\","
                          " \"host\": \"127.0.0.1\", \"port\": %u, \"security\": \"starttls\","
                          " \"timeout\": 30, \"auth\": \"password\", \"username\": \"" USER "\","
                          " \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" } ] }",
                          outbox_account_get_id (account), port);
  gui_test_write_accounts (json);
  outbox_account_set_name (account, "Bench");
  if (!gui_test_store_password (outbox_application_get_secrets (b->f.app), account, password))
    g_error ("the password could not be kept in the keyring");
  g_clear_pointer (&password, g_free);

  open_bench_window (b);
  BENCH_WAIT (gtk_widget_get_mapped (GTK_WIDGET (b->f.window)) && listed (&b->f, "Bench"));
  g_signal_emit_by_name (CHILD (CHILD (b->f.window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 0);
  BENCH_WAIT (g_strcmp0 (gtk_editable_get_text (row (&b->f, "name_row")), "Bench") == 0 &&
              gtk_widget_get_mapped (GTK_WIDGET (row (&b->f, "name_row"))));
  gui_test_wait_ms (500);

  button = CHILD (editor (&b->f), OUTBOX_TYPE_ACCOUNT_EDITOR, "test_button");
  g_assert_true (gtk_widget_is_sensitive (button));
  start_measuring (b);
  g_signal_emit_by_name (button, "clicked");
  BENCH_WAIT ((view = find_toplevel (OUTBOX_TYPE_TEST_VIEW)) != NULL &&
              !outbox_test_view_get_running (view));
  wait_painted (b, GTK_WIDGET (view));
  total = ms (g_get_monotonic_time () - b->started);
  settle (b);
  stop_measuring (b);
  print_results (b, "test-send", 1, total);
  return b->passed == 1 ? 0 : 1;
}

static int
bench_test_all (Bench      *b,
                char      **security,
                char      **ports)
{
  g_autoptr(GString) json = g_string_new ("{ \"version\": 1, \"accounts\": [");
  guint n = g_strv_length (ports);
  guint n_security = g_strv_length (security);
  /* How many sender domains the accounts have (OUTBOX_BENCH_DOMAINS,
   * default 1): the results window looks each up and shows what it lacks. */
  guint domains = CLAMP (g_ascii_strtoull (g_getenv ("OUTBOX_BENCH_DOMAINS") ?
                                           g_getenv ("OUTBOX_BENCH_DOMAINS") : "1",
                                           NULL, 10), 1, n);
  GtkWidget *button;
  OutboxTestAll *test_all;
  double total;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *address = g_strdup_printf ("bench@example%u.test", i % domains);

      g_string_append_printf (json,
                              "%s\n{ \"id\": \"%s\", \"name\": \"Slow %03u\", "
                              "\"sender_name\": \"Slow %u\", \"sender_address\": \"%s\", "
                              "\"reply_to\": \"\", \"host\": \"127.0.0.1\", \"port\": %s, "
                              "\"security\": \"%s\", \"timeout\": 30, \"auth\": \"none\", "
                              "\"username\": \"\", \"smtp_username\": \"\", "
                              "\"pinned_certificate_sha256\": \"\" }",
                              i ? "," : "", id, i, i, address, ports[i],
                              security[i % n_security]);
    }
  g_string_append (json, "\n] }\n");
  gui_test_write_accounts (json->str);

  open_bench_window (b);
  BENCH_WAIT (gtk_widget_get_mapped (GTK_WIDGET (b->f.window)) &&
              g_strcmp0 (main_page (&b->f), "accounts") == 0 &&
              g_list_model_get_n_items (G_LIST_MODEL (store (&b->f))) == n);
  gui_test_wait_ms (500);

  test_all = CHILD (b->f.window, OUTBOX_TYPE_WINDOW, "test_all");
  button = CHILD (CHILD (b->f.window, OUTBOX_TYPE_WINDOW, "sidebar"), OUTBOX_TYPE_SIDEBAR,
                  "test_all_button");
  g_assert_true (gtk_widget_is_sensitive (button));
  start_measuring (b);
  gtk_widget_activate (button);
  {
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

    while (outbox_test_all_get_results (test_all) == NULL &&
           g_get_monotonic_time () < deadline)
      gui_test_iterate ();
  }
  if (outbox_test_all_get_results (test_all) == NULL)
    g_error ("no results after two minutes");
  wait_painted (b, GTK_WIDGET (outbox_test_all_get_results (test_all)));
  total = ms (g_get_monotonic_time () - b->started);
  settle (b);
  stop_measuring (b);
  print_results (b, "test-all", n, total);
  return b->passed == n ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(OutboxTestResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  Bench b = { 0 };
  guint64 port = 0;
  int status;

  setlocale (LC_ALL, "");
  if (argc != 5 ||
      !(g_str_equal (argv[1], "test-send") || g_str_equal (argv[1], "test-all")) ||
      (g_str_equal (argv[1], "test-send") &&
       !g_ascii_string_to_unsigned (argv[4], 10, 1, 65535, &port, NULL)))
    {
      g_printerr ("usage: bench-window-test test-send CAFILE PASSWORD_FILE PORT\n"
                  "       bench-window-test test-all CAFILE SECURITY[,...] PORT[,...]\n");
      return 2;
    }
  /* Not gui_test_init(): the bench keeps the XDG directories it was given,
   * and the animations a person would see. */
  gtk_init ();
  adw_init ();
  database = g_tls_file_database_new (argv[2], &error);
  if (database == NULL)
    g_error ("%s", error->message);
  g_tls_backend_set_default_database (g_tls_backend_get_default (), database);
  /* The results window looks up each sender domain's SPF and DMARC: here
   * a resolver that asks no DNS server and finds nothing, so each account
   * gets the two warnings of a domain without them (what a real resolver
   * says of example.test). */
  resolver = outbox_test_resolver_new ();
  g_resolver_set_default (G_RESOLVER (resolver));

  b.verbose = g_strcmp0 (g_getenv ("OUTBOX_BENCH_VERBOSE"), "1") == 0;
  b.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  b.work = g_array_new (FALSE, FALSE, sizeof (double));
  b.test_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.clocks = g_ptr_array_new_with_free_func (clock_info_free);
  b.test_started = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (gtk_window_get_toplevels (), "items-changed",
                    G_CALLBACK (on_toplevels_changed), &b);
  b.stalls.on_stall = on_stall;
  b.stalls.user_data = &b;
  bench_stalls_start (&b.stalls);

  start_app (&b.f);
  g_signal_connect (outbox_application_get_test_status (b.f.app), "changed",
                    G_CALLBACK (on_test_status_changed), &b);
  if (g_str_equal (argv[1], "test-send"))
    status = bench_test_send (&b, argv[3], (guint)port);
  else
    {
      g_auto(GStrv) security = g_strsplit (argv[3], ",", -1);
      g_auto(GStrv) ports = g_strsplit (argv[4], ",", -1);

      status = bench_test_all (&b, security, ports);
    }

  bench_stalls_stop (&b.stalls);
  g_signal_handlers_disconnect_by_data (gtk_window_get_toplevels (), &b);
  g_signal_handlers_disconnect_by_data (outbox_application_get_test_status (b.f.app), &b);
  g_ptr_array_unref (b.clocks);
  stop_app (&b.f);
  g_array_unref (b.intervals);
  g_array_unref (b.work);
  g_array_unref (b.test_ms);
  g_hash_table_unref (b.test_started);
  return status;
}
