/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the accounts file reader. Whatever the bytes, it returns
 * accounts or a readable error, never crashes (json-glib recurses, so
 * nesting is bounded before it parses), and what it reads survives a
 * round trip: written out and read again, it gives the same file. */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "outbox.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(JsonObject) extra_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  gsize written_len = 0;
  gsize rewritten_len = 0;
  gint64 version = 0;

  size = MIN (size, FUZZ_MAX_INPUT);
  accounts = outbox_accounts_new_from_data ((const char *)data, size, &version, &extra, &error);
  if (accounts == NULL)
    {
      fuzz_assert (error != NULL && error->domain == OUTBOX_STORE_ERROR);
      fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      for (const char *p = error->message; *p; p++)
        fuzz_assert ((guchar)*p >= 0x20);
      return 0;
    }
  fuzz_assert (version >= 1);

  for (guint i = 0; i < accounts->len; i++)
    {
      OutboxAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GHashTable) problems = outbox_account_validate (account);

      GHashTableIter iter;
      gpointer reason;

      /* Validation takes whatever a file held, and explains in one line. */
      g_hash_table_iter_init (&iter, problems);
      while (g_hash_table_iter_next (&iter, NULL, &reason))
        fuzz_assert (g_utf8_validate (reason, -1, NULL) && strchr (reason, '\n') == NULL);
      fuzz_assert (outbox_account_get_id (account)[0] != '\0');
      fuzz_assert (g_utf8_validate (outbox_account_get_name (account), -1, NULL));
      fuzz_assert (g_utf8_validate (outbox_account_get_sender_address (account), -1, NULL));
    }

  written = outbox_accounts_to_data (accounts, extra, &written_len);
  again = outbox_accounts_new_from_data (written, written_len, &version, &extra_again, &error);
  if (again == NULL)
    fuzz_fail ("what was read could not be read back: %s", error->message);
  fuzz_assert (again->len == accounts->len);
  for (guint i = 0; i < accounts->len; i++)
    fuzz_assert (outbox_account_equal (g_ptr_array_index (accounts, i),
                                       g_ptr_array_index (again, i)));
  rewritten = outbox_accounts_to_data (again, extra_again, &rewritten_len);
  fuzz_assert (rewritten_len == written_len && memcmp (written, rewritten, written_len) == 0);
  return 0;
}
