/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures of the benchmarks' frame and stall samples (milliseconds). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The @p-th fraction (0.5 the median, 1.0 the largest) of @values, which
 * it sorts; 0 when empty. */
double bench_percentile (GArray *values,
                         double  p);
/* How many of @values are above @limit. */
guint  bench_count_over (GArray *values,
                         double  limit);

#define BENCH_TICK_MS  2
#define BENCH_FRAME_MS (1000.0 / 60)

/* Called for each stall longer than a frame, at its end (@now). */
typedef void (*BenchStallFunc) (double   late_ms,
                                gint64   now,
                                gpointer user_data);

/* A timer due every BENCH_TICK_MS in the main loop: how late a tick comes
 * is how long the loop was busy with something else. Zero it, set
 * @counting and call bench_stalls_start(). */
typedef struct
{
  gboolean       counting;     /* when FALSE, ticks are not counted */
  BenchStallFunc on_stall;     /* (nullable) */
  gpointer       user_data;
  guint          source_id;
  gint64         last_tick;
  gint64         longest;      /* µs */
  gint64         longest_at;   /* monotonic time the longest ended */
  guint          over_frame;   /* how many were longer than a frame */
} BenchStalls;

void   bench_stalls_start      (BenchStalls *stalls);
/* Starts counting afresh (a new phase); returns the last phase's longest
 * stall in milliseconds. */
double bench_stalls_restart    (BenchStalls *stalls);
void   bench_stalls_stop       (BenchStalls *stalls);
double bench_stalls_longest_ms (BenchStalls *stalls);

G_END_DECLS
