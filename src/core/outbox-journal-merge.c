/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The journal's changes, kept until they are written, and how they are
 * merged into the file.
 *
 * The window and outboxctl may both test accounts and save the journal at
 * the same time. A save does not write what this process read at start-up:
 * under a lock on a file beside the journal, it reads the journal again and
 * applies only this process's changes since its last save (the tests it
 * recorded, the accounts it forgot), in the order they were made. So a
 * test recorded by another process in the meantime is kept, and so is a
 * test recorded before the journal was first loaded. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "outbox-journal-private.h"
#include "outbox-util-private.h"

static void
op_clear (JournalOp *op)
{
  g_free (op->id);
  g_clear_pointer (&op->entry, outbox_history_entry_free);
  g_free (op->host);
  g_clear_object (&op->certificate);
  g_clear_object (&op->previous);
}

JournalOp *
_outbox_journal_op_ref (JournalOp *op)
{
  return g_rc_box_acquire (op);
}

void
_outbox_journal_op_unref (JournalOp *op)
{
  g_rc_box_release_full (op, (GDestroyNotify)op_clear);
}

/* What outbox_journal_record() did to @record: @entry added and, when
 * @certificate_learned, its certificate fields set. */
JournalOp *
_outbox_journal_op_new_record (guint64                   seq,
                               const char               *id,
                               const Record             *record,
                               const OutboxHistoryEntry *entry,
                               gboolean                  certificate_learned)
{
  JournalOp *op = g_rc_box_new0 (JournalOp);

  op->seq = seq;
  op->id = g_strdup (id);
  op->entry = outbox_history_entry_copy (entry);
  op->certificate_learned = certificate_learned;
  if (certificate_learned)
    {
      op->host = g_strdup (record->host);
      op->certificate = record->certificate ? g_object_ref (record->certificate) : NULL;
      op->previous = record->previous ? g_object_ref (record->previous) : NULL;
    }
  return op;
}

JournalOp *
_outbox_journal_op_new_forget (guint64     seq,
                               const char *id)
{
  JournalOp *op = g_rc_box_new0 (JournalOp);

  op->seq = seq;
  op->id = g_strdup (id);
  return op;
}

static gint64
last_time (Record *record)
{
  const OutboxHistoryEntry *last;

  if (record->history->len == 0)
    return G_MININT64;
  last = g_ptr_array_index (record->history, record->history->len - 1);
  return g_date_time_to_unix (last->time);
}

/* Keeps the file bounded: past the limit, the account tested longest ago
 * is forgotten (one that no longer exists, most likely), never @keep. */
void
_outbox_journal_prune (GHashTable *records,
                       const char *keep)
{
  while (g_hash_table_size (records) > OUTBOX_JOURNAL_MAX_ACCOUNTS)
    {
      GHashTableIter iter;
      gpointer id, value;
      const char *oldest = NULL;
      gint64 oldest_time = G_MAXINT64;

      g_hash_table_iter_init (&iter, records);
      while (g_hash_table_iter_next (&iter, &id, &value))
        if (!g_str_equal (id, keep) && last_time (value) < oldest_time)
          {
            oldest = id;
            oldest_time = last_time (value);
          }
      if (oldest == NULL)
        return;
      g_hash_table_remove (records, oldest);
    }
}

/* Adds @entry in time order (another process may have added a later one)
 * and keeps the newest OUTBOX_JOURNAL_MAX_ENTRIES. */
void
_outbox_journal_add_entry (Record             *record,
                           OutboxHistoryEntry *entry)
{
  guint at = record->history->len;

  while (at > 0)
    {
      const OutboxHistoryEntry *before = g_ptr_array_index (record->history, at - 1);

      if (g_date_time_compare (before->time, entry->time) <= 0)
        break;
      at--;
    }
  g_ptr_array_insert (record->history, (gint)at, entry);
  if (record->history->len > OUTBOX_JOURNAL_MAX_ENTRIES)
    g_ptr_array_remove_range (record->history, 0,
                              record->history->len - OUTBOX_JOURNAL_MAX_ENTRIES);
}

void
_outbox_journal_op_apply (const JournalOp *op,
                          GHashTable      *records)
{
  Record *record;

  if (op->entry == NULL)
    {
      g_hash_table_remove (records, op->id);
      return;
    }

  record = g_hash_table_lookup (records, op->id);
  if (record == NULL)
    {
      record = _outbox_journal_record_new ();
      g_hash_table_insert (records, g_strdup (op->id), record);
    }
  if (op->certificate_learned)
    {
      g_free (record->host);
      record->host = g_strdup (op->host);
      g_set_object (&record->certificate, op->certificate);
      g_set_object (&record->previous, op->previous);
    }
  _outbox_journal_add_entry (record, outbox_history_entry_copy (op->entry));
  _outbox_journal_prune (records, op->id);
}

static Record *
record_copy (const Record *record)
{
  Record *copy = _outbox_journal_record_new ();

  copy->host = g_strdup (record->host);
  copy->certificate = record->certificate ? g_object_ref (record->certificate) : NULL;
  copy->previous = record->previous ? g_object_ref (record->previous) : NULL;
  for (guint i = 0; i < record->history->len; i++)
    g_ptr_array_add (copy->history, outbox_history_entry_copy (g_ptr_array_index (record->history, i)));
  return copy;
}

/* Returns: @base with @ops (JournalOp, oldest first) applied, a new table. */
GHashTable *
_outbox_journal_records_apply (GHashTable *base,
                               GPtrArray  *ops)
{
  GHashTable *records = _outbox_journal_records_new ();
  GHashTableIter iter;
  gpointer id, record;

  g_hash_table_iter_init (&iter, base);
  while (g_hash_table_iter_next (&iter, &id, &record))
    g_hash_table_insert (records, g_strdup (id), record_copy (record));
  for (guint i = 0; ops && i < ops->len; i++)
    _outbox_journal_op_apply (g_ptr_array_index (ops, i), records);
  return records;
}

/* Takes the lock that serialises the journal's writers, processes too:
 * an advisory lock on "journal.json.lock" (the journal itself is replaced
 * by a rename, so it cannot carry the lock). Returns: the descriptor to
 * give to _outbox_journal_unlock(), or -1 with @error. Blocks: call it in
 * a worker thread, or where blocking is fine (outboxctl). */
int
_outbox_journal_lock (const char  *path,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return _outbox_io_error (error, dir, _("Could not create"), errno), -1;
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return _outbox_io_error (error, lock_path, _("Could not open"), errno), -1;
  while (flock (fd, LOCK_EX) != 0)
    if (errno != EINTR)
      {
        int saved = errno;

        close (fd);
        return _outbox_io_error (error, lock_path, _("Could not write"), saved), -1;
      }
  return fd;
}

void
_outbox_journal_unlock (int fd)
{
  if (fd >= 0)
    close (fd);   /* releases the lock */
}
