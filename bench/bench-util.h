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

G_END_DECLS
