/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the hostile-input tests: see hostile-input-util.h. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hostile-input-util.h"

char *
hostile_config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "outbox", "accounts.json", NULL);
}

void
hostile_write_config (const char *contents,
                      gssize      length)
{
  g_autofree char *path = hostile_config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

GBytes *
hostile_read_config (void)
{
  g_autofree char *path = hostile_config_path ();
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

void
hostile_assert_config_is (GBytes *expected)
{
  g_autoptr(GBytes) now = hostile_read_config ();

  g_assert_nonnull (now);
  g_assert_cmpmem (g_bytes_get_data (now, NULL), g_bytes_get_size (now),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

OutboxAccount *
hostile_make_account (const char *name,
                      const char *address)
{
  OutboxAccount *account = outbox_account_new ();

  outbox_account_set_name (account, name);
  outbox_account_set_sender_name (account, "Λογιστήριο");
  outbox_account_set_sender_address (account, address);
  outbox_account_set_reply_to (account, "replies@example.gr");
  outbox_account_set_host (account, "mail.example.gr");
  outbox_account_set_username (account, address);
  outbox_account_set_smtp_username (account, "relay@example.gr");
  return account;
}

void
hostile_assert_readable_message (const char *message)
{
  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_cmpuint (strlen (message), >, 10);
  g_assert_cmpuint (strlen (message), <, MAX_MESSAGE_BYTES);
  /* One line, and nothing that could drive a terminal. */
  for (const char *p = message; *p; p++)
    g_assert_false ((guchar)*p < 0x20 || *p == 0x7f);
}

/* The text properties, each with a value that is valid on its own, so
 * that inserting one bad character is what makes it invalid. */
