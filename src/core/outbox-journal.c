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
  GHashTable *records;   /* account id → Record */

  /* Saves run in worker threads; an older snapshot never overwrites a
   * newer one. */
  GMutex      write_lock;
  guint64     next_serial;
  guint64     written_serial;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxJournal, outbox_journal, G_TYPE_OBJECT)

typedef struct
{
  char    *path;
  char    *data;
  gsize    length;
  guint64  serial;
} SaveData;

static void
save_data_free (SaveData *save)
{
  g_free (save->path);
  g_free (save->data);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static SaveData *
snapshot (OutboxJournal *self)
{
  SaveData *save = g_new0 (SaveData, 1);

  save->path = g_file_get_path (self->file);
  save->data = _outbox_journal_records_to_data (self->records, &save->length);
  g_mutex_lock (&self->write_lock);
  save->serial = ++self->next_serial;
  g_mutex_unlock (&self->write_lock);
  return save;
}

static gboolean
write_snapshot (OutboxJournal  *self,
                SaveData       *save,
                GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (save->path);
  gboolean ok = TRUE;

  g_mutex_lock (&self->write_lock);
  if (save->serial > self->written_serial)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        ok = _outbox_io_error (error, dir, _("Could not create"), errno);
      else
        ok = _outbox_file_replace (save->path, save->data, save->length, error);
      if (ok)
        self->written_serial = save->serial;
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
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
  g_clear_pointer (&self->records, g_hash_table_unref);
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
  self->records = _outbox_journal_records_new ();
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

static void
replace_records (OutboxJournal *self,
                 GHashTable    *records)
{
  g_hash_table_unref (self->records);
  self->records = records;
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
  replace_records (self, records);
  return TRUE;
}

gboolean
outbox_journal_load (OutboxJournal  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (OUTBOX_IS_JOURNAL (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  path = g_file_get_path (self->file);
  replace_records (self, _outbox_journal_read_records (path));
  return TRUE;
}

void
outbox_journal_save_async (OutboxJournal       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OUTBOX_IS_JOURNAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_journal_save_async);
  g_task_set_task_data (task, snapshot (self), (GDestroyNotify)save_data_free);
  g_task_run_in_thread (task, save_thread);
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
  return write_snapshot (self, save, error);
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
 * is forgotten (one that no longer exists, most likely). */
static void
prune_accounts (OutboxJournal *self,
                const char    *keep)
{
  while (g_hash_table_size (self->records) > OUTBOX_JOURNAL_MAX_ACCOUNTS)
    {
      GHashTableIter iter;
      gpointer id, value;
      const char *oldest = NULL;
      gint64 oldest_time = G_MAXINT64;

      g_hash_table_iter_init (&iter, self->records);
      while (g_hash_table_iter_next (&iter, &id, &value))
        if (!g_str_equal (id, keep) && last_time (value) < oldest_time)
          {
            oldest = id;
            oldest_time = last_time (value);
          }
      if (oldest == NULL)
        return;
      g_hash_table_remove (self->records, oldest);
    }
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
        }
    }
  else
    notices = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (record->history, outbox_history_entry_new_from_report (report, account, time));
  if (record->history->len > OUTBOX_JOURNAL_MAX_ENTRIES)
    g_ptr_array_remove_range (record->history, 0,
                              record->history->len - OUTBOX_JOURNAL_MAX_ENTRIES);
  prune_accounts (self, id);

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
