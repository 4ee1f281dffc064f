/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the EHLO capability parser, on the lines of a reply as the
 * reader hands them over (one line per input line, the first naming the
 * server). Keywords are matched whatever their case; AUTH mechanisms come
 * out upper case, each once, 32 at most; nothing else crashes it. */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "outbox-smtp-session-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  OutboxSmtpReply reply = { 250, NULL, NULL };
  OutboxSmtpCapabilities capabilities = 0;
  g_autoptr(GPtrArray) mechanisms = g_ptr_array_new_with_free_func (g_free);
  guint64 size_limit = 0;

  size = MIN (size, FUZZ_MAX_INPUT);
  /* The reader never hands over NUL bytes, invalid UTF-8 or control characters. */
  text = _outbox_smtp_printable ((const char *)data, size);
  g_strdelimit (text, "\\", '\n');
  lines = g_strsplit (text, "\n", OUTBOX_SMTP_MAX_REPLY_LINES);
  reply.lines = g_ptr_array_new ();
  for (guint i = 0; lines[i]; i++)
    g_ptr_array_add (reply.lines, lines[i]);

  _outbox_smtp_parse_capabilities (&reply, &capabilities, &size_limit, mechanisms);

  fuzz_assert (mechanisms->len <= 32);
  for (guint i = 0; i < mechanisms->len; i++)
    {
      const char *name = g_ptr_array_index (mechanisms, i);

      fuzz_assert (name[0] != '\0');
      for (const char *p = name; *p; p++)
        fuzz_assert (!g_ascii_islower (*p) && *p != ' ' && *p != '=');
      for (guint j = 0; j < i; j++)
        fuzz_assert (!g_str_equal (name, g_ptr_array_index (mechanisms, j)));
    }
  if (mechanisms->len > 0)
    fuzz_assert (capabilities & OUTBOX_SMTP_CAPABILITY_AUTH);
  if (size_limit > 0)
    fuzz_assert (capabilities & OUTBOX_SMTP_CAPABILITY_SIZE);
  if (reply.lines->len <= 1)
    fuzz_assert (capabilities == 0);

  /* Parsing again gives the same. */
  {
    OutboxSmtpCapabilities again = 0;
    guint64 again_limit = 0;
    g_autoptr(GPtrArray) again_mechanisms = g_ptr_array_new_with_free_func (g_free);

    _outbox_smtp_parse_capabilities (&reply, &again, &again_limit, again_mechanisms);
    fuzz_assert (again == capabilities && again_limit == size_limit &&
                 again_mechanisms->len == mechanisms->len);
  }

  g_ptr_array_unref (reply.lines);
  return 0;
}
