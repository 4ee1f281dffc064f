/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures of the benchmarks' frame and stall samples, and the timer that
 * finds main-loop stalls. */

#include "config.h"

#include "bench-util.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *values,
                  double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint)(p * values->len)));
}

guint
bench_count_over (GArray *values,
                  double  limit)
{
  guint n = 0;

  for (guint i = 0; i < values->len; i++)
    if (g_array_index (values, double, i) > limit)
      n++;
  return n;
}

static gboolean
stall_tick (gpointer user_data)
{
  BenchStalls *stalls = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - stalls->last_tick - BENCH_TICK_MS * 1000;

  stalls->last_tick = now;
  if (!stalls->counting)
    return G_SOURCE_CONTINUE;
  if (late > stalls->longest)
    {
      stalls->longest = late;
      stalls->longest_at = now;
    }
  if (late > BENCH_FRAME_MS * 1000)
    {
      stalls->over_frame++;
      if (stalls->on_stall != NULL)
        stalls->on_stall ((double)late / 1000.0, now, stalls->user_data);
    }
  return G_SOURCE_CONTINUE;
}

void
bench_stalls_start (BenchStalls *stalls)
{
  g_return_if_fail (stalls->source_id == 0);

  stalls->last_tick = g_get_monotonic_time ();
  stalls->source_id = g_timeout_add (BENCH_TICK_MS, stall_tick, stalls);
}

double
bench_stalls_restart (BenchStalls *stalls)
{
  double longest = bench_stalls_longest_ms (stalls);

  stalls->last_tick = g_get_monotonic_time ();
  stalls->longest = 0;
  stalls->longest_at = 0;
  stalls->over_frame = 0;
  stalls->counting = TRUE;
  return longest;
}

void
bench_stalls_stop (BenchStalls *stalls)
{
  g_clear_handle_id (&stalls->source_id, g_source_remove);
}

double
bench_stalls_longest_ms (BenchStalls *stalls)
{
  return (double)stalls->longest / 1000.0;
}
