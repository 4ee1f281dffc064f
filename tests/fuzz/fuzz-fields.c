/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the address and field validator. The input is split at
 * the first bytes 0x01 into a sender address, a sender name, an account
 * name and a reply-to. What validation accepts must be safe to send: no
 * control characters anywhere, an address that cannot leave its angle
 * brackets; and an account that validates composes into a message whose
 * data ends only at its CRLF.CRLF. */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "outbox.h"
#include "outbox-util-private.h"

static gboolean
accepted (const char *property,
          const char *text)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *problem = NULL;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  problem = outbox_account_check_property (property, &value);
  if (problem)
    fuzz_assert (g_utf8_validate (problem, -1, NULL) && strchr (problem, '\n') == NULL);
  return problem == NULL;
}

static void
assert_no_controls (const char *text)
{
  for (const char *p = text; *p; p++)
    fuzz_assert ((guchar)*p >= 0x20 && *p != 0x7f);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *)data, MIN (size, 4096));
  g_auto(GStrv) parts = g_strsplit (input, "\x01", 4);
  const char *fields[4] = { "", "", "", "" };
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(GHashTable) problems = NULL;

  _outbox_init ();
  for (guint i = 0; i < 4 && parts[i]; i++)
    fields[i] = parts[i];

  if (_outbox_address_is_mailbox (fields[0]))
    {
      assert_no_controls (fields[0]);
      fuzz_assert (g_utf8_validate (fields[0], -1, NULL));
      fuzz_assert (strpbrk (fields[0], "<> ,;:\\\"") == NULL);
      fuzz_assert (strchr (fields[0], '@') == strrchr (fields[0], '@'));
    }
  if (accepted ("sender-address", fields[0]))
    fuzz_assert (_outbox_address_is_mailbox (fields[0]));
  if (accepted ("sender-name", fields[1]))
    assert_no_controls (fields[1]);
  if (accepted ("name", fields[2]))
    assert_no_controls (fields[2]);
  if (accepted ("reply-to", fields[3]) && fields[3][0])
    fuzz_assert (_outbox_address_is_mailbox (fields[3]));
  /* A host is stored trimmed of surrounding white space, line ends too. */
  if (accepted ("host", fields[1]))
    {
      g_autoptr(OutboxAccount) host_only = outbox_account_new ();

      outbox_account_set_host (host_only, fields[1]);
      assert_no_controls (outbox_account_get_host (host_only));
      fuzz_assert (outbox_account_get_host (host_only)[0] != '\0');
    }

  account = outbox_account_new ();
  outbox_account_set_sender_address (account, fields[0]);
  outbox_account_set_sender_name (account, fields[1]);
  outbox_account_set_name (account, fields[2]);
  outbox_account_set_reply_to (account, fields[3]);
  outbox_account_set_host (account, "smtp.example.com");
  outbox_account_set_auth (account, OUTBOX_AUTH_NONE);
  problems = outbox_account_validate (account);

  if (g_hash_table_size (problems) == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) message = outbox_test_message_compose (account, NULL, NULL, TRUE, &error);
      g_autoptr(GBytes) stuffed = NULL;
      const char *wire;
      gsize len;

      if (message == NULL)
        fuzz_fail ("a valid account did not compose: %s", error->message);
      stuffed = outbox_test_message_dot_stuff (message);
      wire = g_bytes_get_data (stuffed, &len);
      fuzz_assert (len >= 5 && memcmp (wire + len - 5, "\r\n.\r\n", 5) == 0);
      fuzz_assert (memmem (wire, len, "\r\n.\r\n", 5) == wire + len - 5);
      for (gsize i = 0; i < len; i++)
        {
          if (wire[i] == '\r')
            fuzz_assert (i + 1 < len && wire[i + 1] == '\n');
          if (wire[i] == '\n')
            fuzz_assert (i > 0 && wire[i - 1] == '\r');
        }
    }
  return 0;
}
