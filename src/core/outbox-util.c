/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared inside the core library: one-time set-up, the checks of
 * addresses and host names that validation and the SMTP session share, and
 * the atomic file write of the accounts file and the state journal. */

#define G_LOG_DOMAIN "outbox-util"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <string.h>
#include <unistd.h>

#include "outbox-account-store.h"
#include "outbox-util-private.h"

/* Sets up GMime once per process; every entry point that parses or composes
 * mail calls this first. */
void
_outbox_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}

/* TRUE when @address is exactly one bare mailbox (local@domain), as GMime
 * parses it: no display name, no group, no second address, nothing that
 * could close the angle brackets of an SMTP command. */
gboolean
_outbox_address_is_mailbox (const char *address)
{
  g_autoptr(InternetAddressList) list = NULL;
  InternetAddress *ia;
  const char *addr;
  const char *at;

  _outbox_init ();

  if (address == NULL || address[0] == '\0')
    return FALSE;
  if (strpbrk (address, "<>()[],;:\"\\ \t\r\n") != NULL)
    return FALSE;

  list = internet_address_list_parse (NULL, address);
  if (list == NULL || internet_address_list_length (list) != 1)
    return FALSE;

  ia = internet_address_list_get_address (list, 0);
  if (!INTERNET_ADDRESS_IS_MAILBOX (ia))
    return FALSE;

  addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia));
  if (addr == NULL || g_strcmp0 (addr, address) != 0)
    return FALSE;

  at = strrchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0')
    return FALSE;
  if (strchr (address, '@') != at)
    return FALSE;

  /* The domain must be a host name (Unicode allowed: IDN). */
  {
    g_autofree char *ascii = g_hostname_to_ascii (at + 1);
    if (ascii == NULL || !_outbox_hostname_is_valid (ascii))
      return FALSE;
  }

  return TRUE;
}

/* TRUE for an ASCII DNS name: labels of 1–63 letters, digits and hyphens,
 * not starting or ending with a hyphen, 253 characters at most. */
gboolean
_outbox_hostname_is_valid (const char *ascii_host)
{
  gsize len;
  const char *label;

  if (ascii_host == NULL)
    return FALSE;
  len = strlen (ascii_host);
  if (len == 0 || len > 253)
    return FALSE;

  label = ascii_host;
  for (;;)
    {
      const char *dot = strchr (label, '.');
      gsize label_len = dot ? (gsize)(dot - label) : strlen (label);

      if (label_len == 0)
        return dot == NULL && label != ascii_host; /* allow one trailing dot */
      if (label_len > 63)
        return FALSE;
      if (label[0] == '-' || label[label_len - 1] == '-')
        return FALSE;
      for (gsize i = 0; i < label_len; i++)
        if (!g_ascii_isalnum (label[i]) && label[i] != '-')
          return FALSE;
      if (dot == NULL)
        return TRUE;
      label = dot + 1;
    }
}

/* @text as an error message may quote it: valid UTF-8, control characters
 * (which could split the message or drive a terminal) shown as \xNN, and at
 * most @max_chars characters, so that a megabyte of hostile input does not
 * become a megabyte of message. */
char *
_outbox_text_for_message (const char *text,
                          glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = valid;

  for (glong n = 0; *p && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c >= 0x80 && c < 0xa0)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The fields in the order the editor shows them, with the editor's words
 * for them. The timeout is not among them: the engine takes any timeout
 * (the tests and the server probe use short ones) and bounds it itself. */
static const struct
{
  const char *property;
  const char *label;
  gboolean    connection;   /* used by a probe, which sends no mail */
} checked_fields[] = {
  { "name", N_("Account name"), FALSE },
  { "sender-name", N_("Sender name"), FALSE },
  { "sender-address", N_("Sender address"), FALSE },
  { "reply-to", N_("Reply-To address"), FALSE },
  { "host", N_("Outgoing server"), TRUE },
  { "port", N_("Port"), TRUE },
  { "username", N_("User name"), FALSE },
  { "smtp-username", N_("SMTP user name"), FALSE },
  { "pinned-certificate-sha256", N_("Pinned certificate"), TRUE },
};

/**
 * _outbox_account_first_problem:
 * @connection_only: only the fields a connection needs (server, port and
 *   pinned certificate), for a probe
 * @label: (out) (optional): the translated name of the field, as the
 *   editor calls it
 *
 * The first field, in the editor's order, that outbox_account_validate()
 * finds a problem with. The reason never quotes the value.
 *
 * Returns: (transfer full) (nullable): the translated reason, or %NULL
 *   when the account can be tested
 */
char *
_outbox_account_first_problem (OutboxAccount  *account,
                               gboolean        connection_only,
                               const char    **label)
{
  g_autoptr(GHashTable) problems = outbox_account_validate (account);

  for (guint i = 0; i < G_N_ELEMENTS (checked_fields); i++)
    {
      const char *problem;

      if (connection_only && !checked_fields[i].connection)
        continue;
      problem = g_hash_table_lookup (problems, checked_fields[i].property);
      if (problem == NULL)
        continue;
      if (label)
        *label = _(checked_fields[i].label);
      return g_strdup (problem);
    }
  return NULL;
}

/**
 * _outbox_utf8_width:
 *
 * How many columns a terminal gives @text: combining marks (as in a
 * Lithuanian "ą̃") and other zero-width characters take none, wide ones
 * (CJK, most emoji) two, every other character one. Not bytes: Greek
 * letters take two bytes and one column.
 */
glong
_outbox_utf8_width (const char *text)
{
  glong width = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* Appends @text and then spaces up to @width columns (none when it is as
 * wide or wider). */
void
_outbox_string_append_padded (GString    *out,
                              const char *text,
                              glong       width)
{
  g_string_append (out, text);
  for (glong i = _outbox_utf8_width (text); i < width; i++)
    g_string_append_c (out, ' ');
}

void
_outbox_json_add_string_or_null (JsonBuilder *builder,
                                 const char  *name,
                                 const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

gboolean
_outbox_io_error (GError     **error,
                  const char  *path,
                  const char  *what,
                  int          saved_errno)
{
  /* TRANSLATORS: "Could not write /home/eva/.config/outbox/accounts.json: No space left on device" */
  g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_IO,
               "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fsync_directory (const char  *path,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return _outbox_io_error (error, dir, _("Could not open"), errno);
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved_errno = errno;
      close (fd);
      return _outbox_io_error (error, dir, _("Could not write"), saved_errno);
    }
  close (fd);
  return TRUE;
}

/* A crash at any moment leaves either the old or the new file, never a
 * torn one; nobody but the user can read either. */
gboolean
_outbox_file_replace (const char  *path,
                      const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  gsize written = 0;
  int fd;

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return _outbox_io_error (error, dir, _("Could not write in"), errno);

  while (written < length)
    {
      gssize n = write (fd, data + written, length - written);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : EIO;
          close (fd);
          g_unlink (tmp_path);
          return _outbox_io_error (error, path, _("Could not write"), saved_errno);
        }
      written += n;
    }

  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved_errno = errno;
      g_unlink (tmp_path);
      return _outbox_io_error (error, path, _("Could not write"), saved_errno);
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;
      g_unlink (tmp_path);
      return _outbox_io_error (error, path, _("Could not write"), saved_errno);
    }

  return fsync_directory (path, error);
}

void
_outbox_save_queue_init (OutboxSaveQueue *queue)
{
  queue->writing = FALSE;
  queue->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

void
_outbox_save_queue_clear (OutboxSaveQueue *queue)
{
  g_clear_pointer (&queue->waiting, g_ptr_array_unref);
}

gboolean
_outbox_save_queue_add (OutboxSaveQueue *queue,
                        GTask           *task)
{
  g_ptr_array_add (queue->waiting, task);
  return !queue->writing;
}

GPtrArray *
_outbox_save_queue_take (OutboxSaveQueue *queue)
{
  GPtrArray *served = g_steal_pointer (&queue->waiting);

  queue->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  queue->writing = TRUE;
  return served;
}

gboolean
_outbox_save_queue_finish (OutboxSaveQueue *queue,
                           GPtrArray       *served,
                           const GError    *error)
{
  queue->writing = FALSE;
  for (guint i = 0; i < served->len; i++)
    {
      GTask *task = g_ptr_array_index (served, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  return queue->waiting->len > 0;
}
