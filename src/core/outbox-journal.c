/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxJournal: the state file of the certificate watch and the history.
 *
 * The file is a memory, not a setting: when it cannot be read it is ignored
 * (with a warning) and rewritten at the next save. It is read with the
 * same suspicion as the accounts file: bounded size, every member checked. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "outbox-journal.h"
#include "outbox-journal-private.h"
#include "outbox-util-private.h"



struct _OutboxJournal
{
  GObject     parent_instance;

  GFile      *file;
  /* What the file held when last read or written, and this process's
   * changes since (JournalOp, oldest first); @records is the one with the
   * other applied, what the getters show. */
  GHashTable *base;
  GPtrArray  *pending;
  GHashTable *records;   /* account id → Record */
  guint64     next_seq;

  /* Saves run in worker threads: each applies the changes no earlier save
   * of this process wrote (seq > written_seq), under this lock and the
   * file lock of other processes. */
  GMutex      write_lock;
  guint64     written_seq;
  guint64     n_writes;
  guint64     rebased_write;   /* the write @base comes from (main thread) */

  /* One asynchronous write at a time: Test All of 200 accounts records
   * 200 results, and each write reads, merges and replaces the file. */
  OutboxSaveQueue saves;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxJournal, outbox_journal, G_TYPE_OBJECT)

typedef struct
{
  char       *path;
  GPtrArray  *ops;       /* JournalOp */
  guint64     last_seq;  /* the last change made before the snapshot */
  GHashTable *merged;    /* the result: the file as written */
  guint64     written_seq;  /* every change up to it is in @merged */
  guint64     write_order;  /* of the writes of this process */
} SaveData;

static void
save_data_free (SaveData *save)
{
  g_free (save->path);
  g_ptr_array_unref (save->ops);
  g_clear_pointer (&save->merged, g_hash_table_unref);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static SaveData *
snapshot (OutboxJournal *self)
{
  SaveData *save = g_new0 (SaveData, 1);

  save->path = g_file_get_path (self->file);
  save->ops = g_ptr_array_new_with_free_func ((GDestroyNotify)_outbox_journal_op_unref);
  for (guint i = 0; i < self->pending->len; i++)
    g_ptr_array_add (save->ops, _outbox_journal_op_ref (g_ptr_array_index (self->pending, i)));
  save->last_seq = self->next_seq;
  return save;
}

/* In a worker thread (or outboxctl): under both locks, reads the file,
 * applies the changes not yet written, writes it. */
static gboolean
write_snapshot (OutboxJournal  *self,
                SaveData       *save,
                GError        **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new ();
  gboolean ok;
  int lock;

  g_mutex_lock (&self->write_lock);
  lock = _outbox_journal_lock (save->path, error);
  if (lock < 0)
    {
      g_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  for (guint i = 0; i < save->ops->len; i++)
    {
      JournalOp *op = g_ptr_array_index (save->ops, i);

      if (op->seq > self->written_seq)
        g_ptr_array_add (ops, op);
    }
  {
    g_autoptr(GHashTable) disk = _outbox_journal_read_records (save->path);
    g_autofree char *data = NULL;
    gsize length;

    save->merged = _outbox_journal_records_apply (disk, ops);
    data = _outbox_journal_records_to_data (save->merged, &length);
    ok = _outbox_file_replace (save->path, data, length, error);
  }
  if (ok)
    {
      self->written_seq = MAX (self->written_seq, save->last_seq);
      save->written_seq = self->written_seq;
      save->write_order = ++self->n_writes;
    }
  _outbox_journal_unlock (lock);
  g_mutex_unlock (&self->write_lock);
  return ok;
}

/* Back in the main thread: the file as read (@base), plus the changes
 * made since that are not in it yet. */
static void
rebase (OutboxJournal *self,
        GHashTable    *base,
        guint64        written_seq)
{
  g_autoptr(GHashTable) old = self->records;
  GHashTableIter iter;
  gpointer id, value;

  while (self->pending->len > 0 &&
         ((JournalOp *)g_ptr_array_index (self->pending, 0))->seq <= written_seq)
    g_ptr_array_remove_index (self->pending, 0);
  g_hash_table_unref (self->base);
  self->base = g_hash_table_ref (base);
  self->records = _outbox_journal_records_apply (self->base, self->pending);

  /* What another process recorded (or forgot) shows at once. */
  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, &id, &value))
    {
      Record *before = g_hash_table_lookup (old, id);
      Record *now = value;

      if (before == NULL || before->history->len != now->history->len ||
          before->certificate != now->certificate ||
          (now->history->len > 0 &&
           !g_date_time_equal (((OutboxHistoryEntry *)g_ptr_array_index (before->history, before->history->len - 1))->time,
                               ((OutboxHistoryEntry *)g_ptr_array_index (now->history, now->history->len - 1))->time)))
        g_signal_emit (self, signals[CHANGED], 0, id);
    }
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &id, &value))
    if (!g_hash_table_contains (self->records, id))
      g_signal_emit (self, signals[CHANGED], 0, id);
}

/* After a write: the file as written, unless a later write of this process
 * already came back (threads may finish in any order). */
static void
rebase_after_write (OutboxJournal *self,
                    SaveData      *save)
{
  if (save->write_order <= self->rebased_write)
    return;
  self->rebased_write = save->write_order;
  rebase (self, save->merged, save->written_seq);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_pointer (task, _outbox_journal_read_records (task_data), (GDestroyNotify)g_hash_table_unref);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_snapshot (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
outbox_journal_finalize (GObject *object)
{
  OutboxJournal *self = OUTBOX_JOURNAL (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->base, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_hash_table_unref);
  _outbox_save_queue_clear (&self->saves);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (outbox_journal_parent_class)->finalize (object);
}

static void
outbox_journal_class_init (OutboxJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_journal_finalize;

  /**
   * OutboxJournal::changed:
   * @account_id: the account whose history or certificate changed
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
outbox_journal_init (OutboxJournal *self)
{
  self->base = _outbox_journal_records_new ();
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)_outbox_journal_op_unref);
  self->records = _outbox_journal_records_new ();
  _outbox_save_queue_init (&self->saves);
  g_mutex_init (&self->write_lock);
}

OutboxJournal *
outbox_journal_new (GFile *file)
{
  OutboxJournal *self = g_object_new (OUTBOX_TYPE_JOURNAL, NULL);

  self->file = file ? g_object_ref (file) : outbox_journal_get_default_file ();
  return self;
}

/**
 * outbox_journal_get_default_file:
 *
 * Returns: (transfer full): $XDG_STATE_HOME/outbox/journal.json
 */
GFile *
outbox_journal_get_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "outbox", "journal.json",
                                            NULL);

  return g_file_new_for_path (path);
}

GFile *
outbox_journal_get_file (OutboxJournal *self)
{
  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), NULL);
  return self->file;
}

void
outbox_journal_load_async (OutboxJournal       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OUTBOX_IS_JOURNAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_journal_load_async);
  g_task_set_task_data (task, g_file_get_path (self->file), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
outbox_journal_load_finish (OutboxJournal  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  GHashTable *records;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  records = g_task_propagate_pointer (G_TASK (result), error);
  if (records == NULL)
    return FALSE;
  /* Tests recorded before the file was read are kept. */
  rebase (self, records, 0);
  g_hash_table_unref (records);
  return TRUE;
}

gboolean
outbox_journal_load (OutboxJournal  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) records = NULL;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  path = g_file_get_path (self->file);
  records = _outbox_journal_read_records (path);
  rebase (self, records, 0);
  return TRUE;
}

static void start_write (OutboxJournal *self);

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  OutboxJournal *self = OUTBOX_JOURNAL (object);
  g_autoptr(GPtrArray) served = user_data;
  g_autoptr(GError) error = NULL;

  /* On failure the changes stay pending: the next save writes them. */
  if (g_task_propagate_boolean (G_TASK (result), &error))
    rebase_after_write (self, g_task_get_task_data (G_TASK (result)));
  if (_outbox_save_queue_finish (&self->saves, served, error))
    start_write (self);
}

/* Writes every change made so far, for the saves waiting. */
static void
start_write (OutboxJournal *self)
{
  g_autoptr(GTask) write = NULL;
  GPtrArray *served = _outbox_save_queue_take (&self->saves);

  write = g_task_new (self, NULL, saved_cb, served);
  g_task_set_task_data (write, snapshot (self), (GDestroyNotify)save_data_free);
  g_task_run_in_thread (write, save_thread);
}

void
outbox_journal_save_async (OutboxJournal       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (OUTBOX_IS_JOURNAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_journal_save_async);
  if (_outbox_save_queue_add (&self->saves, task))
    start_write (self);
}

gboolean
outbox_journal_save_finish (OutboxJournal  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
outbox_journal_save (OutboxJournal  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(SaveData) save = NULL;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  save = snapshot (self);
  if (!write_snapshot (self, save, error))
    return FALSE;
  rebase_after_write (self, save);
  return TRUE;
}

GPtrArray *
outbox_journal_record (OutboxJournal    *self,
                       OutboxAccount    *account,
                       OutboxTestReport *report,
                       GDateTime        *now)
{
  g_autoptr(GDateTime) time = NULL;
  OutboxCertificateInfo *certificate;
  const char *id;
  const char *host;
  GPtrArray *notices;
  Record *record;
  OutboxHistoryEntry *entry;
  gboolean learned = FALSE;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (report), NULL);

  id = outbox_account_get_id (account);
  g_return_val_if_fail (_outbox_journal_valid_id (id), NULL);
  time = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  record = g_hash_table_lookup (self->records, id);
  if (record == NULL)
    {
      record = _outbox_journal_record_new ();
      g_hash_table_insert (self->records, g_strdup (id), record);
    }

  host = outbox_test_report_get_host (report);
  certificate = outbox_test_report_get_certificate (report);
  if (certificate)
    {
      /* Another server has another certificate: nothing to compare. */
      OutboxCertificateInfo *previous =
        record->certificate && record->host && host &&
        g_ascii_strcasecmp (record->host, host) == 0 ? record->certificate : NULL;
      GTlsCertificateFlags problems = outbox_certificate_info_get_problems (certificate);

      notices = outbox_certificate_watch_compare (previous, certificate, time);

      /* Only a certificate the test accepted becomes the one to compare
       * with: a rejected one is shown, never learned. */
      if (problems == 0 || outbox_certificate_info_get_pinned (certificate))
        {
          gboolean same = previous != NULL &&
            g_str_equal (outbox_certificate_info_get_sha256 (previous),
                         outbox_certificate_info_get_sha256 (certificate));

          if (!same)
            g_set_object (&record->previous, previous);
          else
            g_clear_object (&record->previous);
          g_set_object (&record->certificate, certificate);
          g_free (record->host);
          record->host = g_strdup (host);
          learned = TRUE;
        }
    }
  else
    notices = g_ptr_array_new_with_free_func (g_object_unref);

  entry = outbox_history_entry_new_from_report (report, account, time);
  g_ptr_array_add (self->pending,
                   _outbox_journal_op_new_record (++self->next_seq, id, record, entry, learned));
  _outbox_journal_add_entry (record, entry);
  _outbox_journal_prune (self->records, id);

  g_signal_emit (self, signals[CHANGED], 0, id);
  return notices;
}

static void
record_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!outbox_journal_save_finish (OUTBOX_JOURNAL (object), result, &error))
    g_warning ("%s", error->message);
  g_task_return_pointer (task, g_ptr_array_ref (g_task_get_task_data (task)),
                         (GDestroyNotify)g_ptr_array_unref);
}

void
outbox_journal_record_async (OutboxJournal       *self,
                             OutboxAccount       *account,
                             OutboxTestReport    *report,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *notices;

  g_return_if_fail (OUTBOX_IS_JOURNAL (self));

  notices = outbox_journal_record (self, account, report, NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_journal_record_async);
  g_task_set_task_data (task, notices, (GDestroyNotify)g_ptr_array_unref);
  outbox_journal_save_async (self, cancellable, record_saved_cb, g_steal_pointer (&task));
}

GPtrArray *
outbox_journal_record_finish (OutboxJournal  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
outbox_journal_forget (OutboxJournal *self,
                       const char    *account_id)
{
  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);

  if (!g_hash_table_remove (self->records, account_id))
    return FALSE;
  g_ptr_array_add (self->pending, _outbox_journal_op_new_forget (++self->next_seq, account_id));
  g_signal_emit (self, signals[CHANGED], 0, account_id);
  return TRUE;
}

GPtrArray *
outbox_journal_get_history (OutboxJournal *self,
                            const char    *account_id)
{
  GPtrArray *history = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_history_entry_free);
  Record *record;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), history);

  record = g_hash_table_lookup (self->records, account_id);
  for (guint i = record ? record->history->len : 0; i > 0; i--)
    g_ptr_array_add (history, outbox_history_entry_copy (g_ptr_array_index (record->history, i - 1)));
  return history;
}

const OutboxHistoryEntry *
outbox_journal_get_last (OutboxJournal *self,
                         const char    *account_id)
{
  Record *record;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), NULL);

  record = g_hash_table_lookup (self->records, account_id);
  if (record == NULL || record->history->len == 0)
    return NULL;
  return g_ptr_array_index (record->history, record->history->len - 1);
}

OutboxCertificateInfo *
outbox_journal_get_certificate (OutboxJournal *self,
                                const char    *account_id)
{
  Record *record;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), NULL);

  record = g_hash_table_lookup (self->records, account_id);
  return record ? record->certificate : NULL;
}

GPtrArray *
outbox_journal_get_notices (OutboxJournal *self,
                            const char    *account_id,
                            GDateTime     *now)
{
  g_autoptr(GDateTime) time = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  Record *record;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), NULL);

  record = g_hash_table_lookup (self->records, account_id);
  if (record == NULL || record->certificate == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  return outbox_certificate_watch_compare (record->previous, record->certificate, time);
}
