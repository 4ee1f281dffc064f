/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a fuzz target without libFuzzer: every file of the seed corpus
 * (the directory given as the only argument), then mutations of them —
 * bytes flipped, inserted, deleted, pieces of other seeds spliced in —
 * from a fixed seed, so that a failure can be replayed. The number of
 * mutations is OUTBOX_FUZZ_ITERATIONS (default 20000); OUTBOX_FUZZ_SAVE names
 * a file that always holds the input being run. Output is TAP. */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define DEFAULT_ITERATIONS 20000
#define SEED 20240611

static const char * const interesting[] = {
  "\r\n", "\n", "\r", "\0", "\r\n.\r\n", "250-", "250 ", "334 ", "\\u0000", "\\ud800", "[[[[",
  "\"", "\\", "{", "}", "\xff", "\xc0\xaf", "\xed\xa0\x80", "AUTH ", "SIZE ", "=", "@", "<", ">",
};

static void
insert_bytes (GByteArray   *array,
              guint         at,
              const guint8 *bytes,
              guint         n)
{
  guint old_len = array->len;

  g_byte_array_set_size (array, old_len + n);
  memmove (array->data + at + n, array->data + at, old_len - at);
  memcpy (array->data + at, bytes, n);
}

static GByteArray *
mutate (GRand     *rand,
        GPtrArray *seeds)
{
  GBytes *base = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, (gint32)seeds->len));
  gsize len;
  const guint8 *data = g_bytes_get_data (base, &len);
  GByteArray *out = g_byte_array_new ();
  guint rounds = (guint)g_rand_int_range (rand, 1, 8);

  g_byte_array_append (out, data, (guint)len);
  for (guint r = 0; r < rounds; r++)
    {
      guint at = out->len ? (guint)g_rand_int_range (rand, 0, (gint32)out->len + 1) : 0;

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: /* flip a byte */
          if (out->len)
            out->data[MIN (at, out->len - 1)] ^= (guint8)g_rand_int_range (rand, 1, 256);
          break;
        case 1: /* insert a random byte */
          {
            guint8 byte = (guint8)g_rand_int_range (rand, 0, 256);
            insert_bytes (out, at, &byte, 1);
          }
          break;
        case 2: /* delete a run */
          if (out->len && at < out->len)
            {
              guint n = (guint)g_rand_int_range (rand, 1, 16);
              g_byte_array_remove_range (out, at, MIN (n, out->len - at));
            }
          break;
        case 3: /* insert something that matters to a parser */
          {
            const char *piece = interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))];
            insert_bytes (out, at, (const guint8 *)piece, (guint)MAX (strlen (piece), 1));
          }
          break;
        case 4: /* splice in a piece of another seed */
          {
            GBytes *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, (gint32)seeds->len));
            gsize other_len;
            const guint8 *other_data = g_bytes_get_data (other, &other_len);

            if (other_len)
              {
                guint from = (guint)g_rand_int_range (rand, 0, (gint32)other_len);
                guint n = (guint)g_rand_int_range (rand, 1, 64);

                n = MIN (n, (guint)other_len - from);
                insert_bytes (out, at, other_data + from, n);
              }
          }
          break;
        default: /* repeat a run many times */
          if (out->len && at < out->len)
            {
              guint n = (guint)g_rand_int_range (rand, 1, 8);
              g_autofree guint8 *run = NULL;
              guint times = (guint)g_rand_int_range (rand, 2, 100);

              n = MIN (n, out->len - at);
              run = g_memdup2 (out->data + at, n);

              for (guint t = 0; t < times && out->len < FUZZ_MAX_INPUT; t++)
                insert_bytes (out, at, run, n);
            }
          break;
        }
    }
  return out;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("OUTBOX_FUZZ_ITERATIONS");
  guint iterations = env ? (guint)g_ascii_strtoull (env, NULL, 10) : DEFAULT_ITERATIONS;
  const char *name;
  gint64 start = g_get_monotonic_time ();

  setlocale (LC_ALL, "");
  if (argc != 2)
    {
      g_printerr ("usage: %s CORPUS-DIR\n", argv[0]);
      return 2;
    }

  g_print ("1..1\n");
  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      g_print ("not ok 1 - %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      g_ptr_array_add (seeds, g_bytes_new_take (contents, len));
    }
  if (seeds->len == 0)
    g_ptr_array_add (seeds, g_bytes_new_static ("", 0));

  for (guint i = 0; i < seeds->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &len);
      LLVMFuzzerTestOneInput (data, len);
    }
  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GByteArray) input = mutate (rand, seeds);

      /* OUTBOX_FUZZ_SAVE=FILE keeps the input being run, to replay a crash. */
      if (g_getenv ("OUTBOX_FUZZ_SAVE"))
        g_file_set_contents (g_getenv ("OUTBOX_FUZZ_SAVE"), (const char *)input->data,
                             input->len, NULL);
      LLVMFuzzerTestOneInput (input->data, input->len);
    }

  g_print ("# %u seeds and %u mutations (seed %u) in %.1f s\n", seeds->len, iterations, SEED,
           (g_get_monotonic_time () - start) / 1e6);
  g_print ("ok 1 - no invariant broken, no crash\n");
  return 0;
}
