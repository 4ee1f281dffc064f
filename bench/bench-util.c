/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures of the benchmarks' frame and stall samples. */

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
