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
#include "outbox-util-private.h"

#define JOURNAL_VERSION  1
/* 1000 accounts of 20 entries stay well under this. */
#define MAX_FILE_SIZE    (8 * 1024 * 1024)
#define MAX_ID_BYTES     256

typedef struct
{
  char                  *host;         /* the server the certificate came from */
  OutboxCertificateInfo *certificate;  /* of the last test that accepted one */
  OutboxCertificateInfo *previous;     /* set when that test saw a change */
  GPtrArray             *history;      /* OutboxHistoryEntry, oldest first */
} Record;

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

static void
record_free (Record *record)
{
  g_free (record->host);
  g_clear_object (&record->certificate);
  g_clear_object (&record->previous);
  g_ptr_array_unref (record->history);
  g_free (record);
}

static Record *
record_new (void)
{
  Record *record = g_new0 (Record, 1);

  record->history = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_history_entry_free);
  return record;
}

static GHashTable *
records_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)record_free);
}

static gboolean
valid_id (const char *id)
{
  return id != NULL && id[0] != '\0' && strlen (id) <= MAX_ID_BYTES &&
         g_utf8_validate (id, -1, NULL);
}

static OutboxCertificateInfo *
certificate_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return outbox_certificate_info_new_from_json (json_node_get_object (node), NULL);
}

static Record *
record_from_json (JsonNode *node)
{
  Record *record;
  JsonObject *object;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  record = record_new ();

  member = json_object_get_member (object, "host");
  if (member && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_STRING &&
      _outbox_hostname_is_valid (json_node_get_string (member)))
    record->host = g_strdup (json_node_get_string (member));
  record->certificate = certificate_member (object, "certificate");
  if (record->certificate)
    record->previous = certificate_member (object, "previous_certificate");

  member = json_object_get_member (object, "history");
  if (member && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);
      guint n = json_array_get_length (array);

      /* The newest ones, should a file hold more than we keep. */
      for (guint i = n > OUTBOX_JOURNAL_MAX_ENTRIES ? n - OUTBOX_JOURNAL_MAX_ENTRIES : 0; i < n; i++)
        {
          OutboxHistoryEntry *entry = outbox_history_entry_new_from_json (json_array_get_element (array, i));

          if (entry)
            g_ptr_array_add (record->history, entry);
        }
    }
  return record;
}

/* Parses the file's text; NULL with @error when it is not a journal. */
static GHashTable *
records_from_data (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) records = records_new ();
  JsonObject *root;
  JsonNode *accounts;
  JsonNode *version;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, data, (gssize)length, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a JSON object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != JOURNAL_VERSION)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown version");
      return NULL;
    }
  accounts = json_object_get_member (root, "accounts");
  if (accounts == NULL || !JSON_NODE_HOLDS_OBJECT (accounts))
    return g_steal_pointer (&records);

  json_object_iter_init (&iter, json_node_get_object (accounts));
  while (json_object_iter_next (&iter, &id, &node) &&
         g_hash_table_size (records) < OUTBOX_JOURNAL_MAX_ACCOUNTS)
    {
      Record *record;

      if (!valid_id (id) || (record = record_from_json (node)) == NULL)
        continue;
      g_hash_table_replace (records, g_strdup (id), record);
    }
  return g_steal_pointer (&records);
}

/* Never fails: what cannot be read is reported and treated as empty. */
static GHashTable *
read_records (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GHashTable *records;
  GStatBuf st;
  gsize length;

  if (g_stat (path, &st) != 0)
    {
      if (errno != ENOENT)
        g_warning ("Ignoring the state file %s: %s", path, g_strerror (errno));
      return records_new ();
    }
  if (!S_ISREG (st.st_mode) || st.st_size > MAX_FILE_SIZE)
    {
      g_warning ("Ignoring the state file %s: not a regular file of a sensible size", path);
      return records_new ();
    }
  if (!g_file_get_contents (path, &contents, &length, &error) ||
      !(records = records_from_data (contents, length, &error)))
    {
      g_warning ("Ignoring the state file %s: %s", path, error->message);
      return records_new ();
    }
  return records;
}

static void
add_certificate (JsonBuilder           *builder,
                 const char            *name,
                 OutboxCertificateInfo *certificate)
{
  if (certificate == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, outbox_certificate_info_to_json (certificate));
}

static char *
records_to_data (GHashTable *records,
                 gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (records), (GCompareFunc)g_strcmp0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, JOURNAL_VERSION);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_object (builder);
  for (GList *l = ids; l; l = l->next)
    {
      Record *record = g_hash_table_lookup (records, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_object (builder);
      if (record->host)
        {
          json_builder_set_member_name (builder, "host");
          json_builder_add_string_value (builder, record->host);
        }
      add_certificate (builder, "certificate", record->certificate);
      add_certificate (builder, "previous_certificate", record->previous);
      json_builder_set_member_name (builder, "history");
      json_builder_begin_array (builder);
      for (guint i = 0; i < record->history->len; i++)
        json_builder_add_value (builder,
                                outbox_history_entry_to_json (g_ptr_array_index (record->history, i)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}

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
  save->data = records_to_data (self->records, &save->length);
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
  g_task_return_pointer (task, read_records (task_data), (GDestroyNotify)g_hash_table_unref);
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
  self->records = records_new ();
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
  replace_records (self, read_records (path));
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
  g_return_val_if_fail (valid_id (id), NULL);
  time = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  record = g_hash_table_lookup (self->records, id);
  if (record == NULL)
    {
      record = record_new ();
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
