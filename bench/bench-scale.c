/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scale: Outbox with N accounts in its file (bench/scale.py runs it).
 *
 *   bench-scale store N    loads and saves the accounts file with the store
 *   bench-scale window N   opens the window (the real one, libgui), waits
 *                          for its first frame and for the first frame that
 *                          shows the accounts, then scrolls the account list
 *                          from top to bottom, one step a frame
 *
 * Both write N accounts to $XDG_CONFIG_HOME/outbox/accounts.json first (not
 * timed) and print one line of JSON with their figures; times are in
 * milliseconds from the start of main(), peak_rss_kb is the process's
 * VmHWM. Run inside build-aux/test-session (Xvfb, D-Bus, keyring). */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "bench-util.h"
#include "gui-test-util.h"
#include "outbox-sidebar.h"

static gint64 started;

static double
ms_since (gint64 from)
{
  return (double)(g_get_monotonic_time () - from) / 1000.0;
}

static guint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

/* N accounts as DESIGN.md describes the file, of all three kinds. */
static void
write_accounts (guint n)
{
  static const char * const security[] = { "starttls", "tls", "none" };
  static const guint port[] = { 587, 465, 25 };
  g_autoptr(GString) json = g_string_new ("{ \"version\": 1, \"accounts\": [");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      gboolean signs_in = i % 3 != 2;
      g_autofree char *username =
        signs_in ? g_strdup_printf ("sender%u@example%u.test", i, i % 97) : g_strdup ("");

      g_string_append_printf (json,
                              "%s\n{ \"id\": \"%s\", \"name\": \"Account %05u\", "
                              "\"sender_name\": \"Sender %u\", "
                              "\"sender_address\": \"sender%u@example%u.test\", "
                              "\"reply_to\": \"\", \"host\": \"smtp.example%u.test\", "
                              "\"port\": %u, \"security\": \"%s\", \"timeout\": 30, "
                              "\"auth\": \"%s\", \"username\": \"%s\", "
                              "\"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" }",
                              i ? "," : "", id, i, i, i, i % 97, i % 97, port[i % 3],
                              security[i % 3], signs_in ? "password" : "none", username);
    }
  g_string_append (json, "\n] }\n");
  gui_test_write_accounts (json->str);
}

/* --- store ----------------------------------------------------------------- */

static int
bench_store (guint n)
{
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(GFile) file = outbox_account_store_get_default_file ();
  g_autoptr(GError) error = NULL;
  gint64 t0;
  double load_ms, save_ms;

  write_accounts (n);
  store = outbox_account_store_new (file);
  t0 = g_get_monotonic_time ();
  if (!outbox_account_store_load (store, NULL, &error))
    g_error ("load: %s", error->message);
  load_ms = ms_since (t0);
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) != n)
    g_error ("loaded %u accounts of %u", g_list_model_get_n_items (G_LIST_MODEL (store)), n);

  t0 = g_get_monotonic_time ();
  if (!outbox_account_store_save (store, NULL, &error))
    g_error ("save: %s", error->message);
  save_ms = ms_since (t0);

  g_print ("{\"accounts\": %u, \"load_ms\": %.2f, \"save_ms\": %.2f, \"peak_rss_kb\": %"
           G_GUINT64_FORMAT "}\n", n, load_ms, save_ms, peak_rss_kb ());
  return 0;
}

/* --- window ---------------------------------------------------------------- */

typedef struct
{
  Fixture        f;
  GdkFrameClock *clock;
  double         first_frame_ms;
  double         content_frame_ms;
  gint64         update_at;       /* when the frame being made began */
  gint64         last_paint_at;
  gboolean       scrolling;
  gboolean       scrolled_to_end;
  GtkAdjustment *adjustment;
  double         step;
  GArray        *intervals;       /* double ms between two frames painted */
  GArray        *work;            /* double ms from update to after-paint */
  BenchStalls    stalls;
  gboolean       saved;
} WindowBench;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  WindowBench *b = user_data;
  g_autoptr(GError) error = NULL;

  if (!outbox_account_store_save_finish (OUTBOX_ACCOUNT_STORE (object), result, &error))
    g_error ("saving failed: %s", error->message);
  b->saved = TRUE;
}

static gboolean
shows_accounts (WindowBench *b)
{
  return g_strcmp0 (main_page (&b->f), "loading") != 0;
}

static void
on_update (GdkFrameClock *clock,
           WindowBench   *b)
{
  b->update_at = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                WindowBench   *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->first_frame_ms < 0)
    b->first_frame_ms = ms_since (started);
  if (b->content_frame_ms < 0 && shows_accounts (b))
    b->content_frame_ms = ms_since (started);
  if (b->scrolling)
    {
      double interval = (double)(now - b->last_paint_at) / 1000.0;
      double work = (double)(now - b->update_at) / 1000.0;

      g_array_append_val (b->intervals, interval);
      g_array_append_val (b->work, work);
    }
  b->last_paint_at = now;
}

/* One step a frame, from the frame clock's update phase, as a kinetic
 * scroll would move the list. */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  WindowBench *b = user_data;
  double end = gtk_adjustment_get_upper (b->adjustment) -
               gtk_adjustment_get_page_size (b->adjustment);
  double value = gtk_adjustment_get_value (b->adjustment);

  if (value >= end || b->intervals->len >= 2000)
    {
      b->scrolled_to_end = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (b->adjustment, MIN (value + b->step, end));
  return G_SOURCE_CONTINUE;
}

static void
on_realize (GtkWidget   *window,
            WindowBench *b)
{
  b->clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (b->clock, "update", G_CALLBACK (on_update), b);
  g_signal_connect (b->clock, "after-paint", G_CALLBACK (on_after_paint), b);
}

static void
run_window (WindowBench *b,
            guint        n)
{
  g_autoptr(GPtrArray) lists = NULL;
  GtkListView *list;
  guint rows = 0;
  double long_frames = 0;
  double load_stall, scroll_stall, save_stall, save_ms;
  gint64 save_started;

  g_printerr ("bench-scale: %.0f ms: starting the application\n", ms_since (started));
  start_app (&b->f);
  g_printerr ("bench-scale: %.0f ms: application registered\n", ms_since (started));
  b->f.window = outbox_window_new (b->f.app);
  g_printerr ("bench-scale: %.0f ms: window made\n", ms_since (started));
  g_object_add_weak_pointer (G_OBJECT (b->f.window), (gpointer *)&b->f.window);
  g_signal_connect (b->f.window, "realize", G_CALLBACK (on_realize), b);
  gtk_window_set_default_size (GTK_WINDOW (b->f.window), 1000, 800);
  gtk_window_present (GTK_WINDOW (b->f.window));
  bench_stalls_restart (&b->stalls);
  bench_stalls_start (&b->stalls);
  WAIT_UNTIL (b->content_frame_ms >= 0);

  /* Settle, then scroll the list from top to bottom. */
  gui_test_wait_ms (500);
  load_stall = bench_stalls_restart (&b->stalls);
  lists = gui_test_find_all (GTK_WIDGET (b->f.window), OUTBOX_TYPE_SIDEBAR);
  g_assert_cmpuint (lists->len, ==, 1);
  list = (GtkListView *)gtk_widget_get_template_child (g_ptr_array_index (lists, 0),
                                                       OUTBOX_TYPE_SIDEBAR,
                                                       "list_view");
  if (gtk_list_view_get_model (list))
    rows = g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
  b->adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  /* A page a frame, and at most 1000 frames. */
  b->step = MAX (gtk_adjustment_get_page_size (b->adjustment),
                 (gtk_adjustment_get_upper (b->adjustment) -
                  gtk_adjustment_get_page_size (b->adjustment)) / 1000.0);
  b->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  b->work = g_array_new (FALSE, FALSE, sizeof (double));
  b->scrolling = TRUE;
  if (rows > 0 && gtk_adjustment_get_upper (b->adjustment) >
                  gtk_adjustment_get_page_size (b->adjustment))
    gtk_widget_add_tick_callback (GTK_WIDGET (list), scroll_tick, b, NULL);
  else
    {
      /* Nothing to scroll: the same number of frames of the still window,
       * kept coming by a redraw each frame. */
      b->scrolled_to_end = FALSE;
      while (b->intervals->len < 120)
        {
          gtk_widget_queue_draw (GTK_WIDGET (b->f.window));
          gui_test_iterate ();
        }
      b->scrolled_to_end = TRUE;
    }
  {
    gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
    while (!b->scrolled_to_end && g_get_monotonic_time () < deadline)
      gui_test_iterate ();
  }
  b->scrolling = FALSE;
  scroll_stall = bench_stalls_restart (&b->stalls);

  /* An edit saved as the editor saves it: the whole file, in the background. */
  if (n > 0)
    {
      g_autoptr(OutboxAccount) first = g_list_model_get_item (G_LIST_MODEL (outbox_application_get_store (OUTBOX_APPLICATION (b->f.app))), 0);

      outbox_account_set_name (first, "Renamed");
      save_started = g_get_monotonic_time ();
      outbox_account_store_save_async (outbox_application_get_store (OUTBOX_APPLICATION (b->f.app)),
                                       NULL, saved_cb, b);
      WAIT_UNTIL (b->saved);
      save_ms = (double)(g_get_monotonic_time () - save_started) / 1000.0;
    }
  else
    save_ms = 0;
  save_stall = bench_stalls_longest_ms (&b->stalls);
  bench_stalls_stop (&b->stalls);

  for (guint i = 0; i < b->intervals->len; i++)
    if (g_array_index (b->intervals, double, i) > 1000.0 / 60 * 1.5)
      long_frames++;

  g_print ("{\"accounts\": %u, \"rows\": %u, \"first_frame_ms\": %.1f, "
           "\"content_frame_ms\": %.1f, \"scroll_frames\": %u, \"scroll_px\": %.0f, "
           "\"frame_interval_median_ms\": %.2f, \"frame_interval_p95_ms\": %.2f, "
           "\"frame_interval_max_ms\": %.2f, \"frame_work_median_ms\": %.2f, "
           "\"frame_work_p95_ms\": %.2f, \"frame_work_max_ms\": %.2f, "
           "\"long_frames\": %.0f, \"load_stall_ms\": %.1f, \"scroll_stall_ms\": %.1f, "
           "\"save_ms\": %.1f, \"save_stall_ms\": %.1f, "
           "\"peak_rss_kb\": %" G_GUINT64_FORMAT "}\n",
           n, rows, b->first_frame_ms, b->content_frame_ms, b->intervals->len,
           gtk_adjustment_get_value (b->adjustment),
           bench_percentile (b->intervals, 0.5), bench_percentile (b->intervals, 0.95),
           bench_percentile (b->intervals, 1.0), bench_percentile (b->work, 0.5),
           bench_percentile (b->work, 0.95), bench_percentile (b->work, 1.0), long_frames,
           load_stall, scroll_stall, save_ms, save_stall, peak_rss_kb ());
  g_array_unref (b->intervals);
  g_array_unref (b->work);
  stop_app (&b->f);
}

static int
bench_window (guint n)
{
  WindowBench b = { .first_frame_ms = -1, .content_frame_ms = -1 };

  write_accounts (n);
  run_window (&b, n);
  return b.content_frame_ms >= 0 ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  guint64 n = 0;

  started = g_get_monotonic_time ();
  if (argc != 3 || !g_ascii_string_to_unsigned (argv[2], 10, 0, 1000000, &n, NULL) ||
      !(g_str_equal (argv[1], "store") || g_str_equal (argv[1], "window")))
    {
      g_printerr ("usage: bench-scale store|window N\n");
      return 2;
    }
  if (g_str_equal (argv[1], "store"))
    {
      setlocale (LC_ALL, "");
      return bench_store ((guint)n);
    }
  /* Not gui_test_init(): the bench keeps the XDG directories it was given. */
  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();
  g_printerr ("bench-scale: %.0f ms: GTK ready\n", ms_since (started));
  return bench_window ((guint)n);
}
