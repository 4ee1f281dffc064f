/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading and saving accounts.json for OutboxAccountStore.
 *
 * Reading and writing happen in a worker thread; the list itself is only
 * touched in the thread that owns the store. A save never replaces a file
 * that someone else changed since we read it, nor one we could not parse. */

#define G_LOG_DOMAIN "outbox-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "outbox-account-json.h"
#include "outbox-account-store-private.h"
#include "outbox-util-private.h"

typedef struct
{
  GPtrArray  *accounts;
  JsonObject *extra_root;
  char       *checksum;
  gint64      version;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_pointer (&data->extra_root, json_object_unref);
  g_clear_pointer (&data->checksum, g_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

/* What a save writes: copies of the accounts as they were when it was
 * asked for, serialized in the saving thread (with 10,000 accounts that
 * takes 150-300 ms; copying them, 30). The copies share their unknown keys
 * (outbox_account_get_extra()) with the store's accounts, and json-glib
 * counts references without atomics: the thread only reads those, and the
 * copies are made and freed in the owning thread (release_accounts()). */
typedef struct
{
  char       *path;
  GPtrArray  *accounts;
  JsonObject *extra_root;
  char       *data;
  gsize       length;
  char       *expected_checksum;
  char       *new_checksum;
} SaveData;

/* In the owning thread, once the save is done. */
static void
release_accounts (SaveData *data)
{
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_pointer (&data->extra_root, json_object_unref);
}

static void
save_data_free (SaveData *data)
{
  release_accounts (data);
  g_free (data->path);
  g_free (data->data);
  g_free (data->expected_checksum);
  g_free (data->new_checksum);
  g_free (data);
}

/* Reads the whole file, refusing anything far larger than an accounts file
 * (a multi-gigabyte sparse file must not be read into memory).
 * Returns FALSE with no error and *contents NULL when the file is missing. */
static gboolean
read_file (const char  *path,
           char       **contents,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  *contents = NULL;
  *length = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      if (saved_errno == ENOENT)
        return TRUE;
      return _outbox_io_error (error, path, _("Could not read"), saved_errno);
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_IO,
                   _("%s is not a regular file."), path);
      return FALSE;
    }

  if (st.st_size > OUTBOX_ACCOUNTS_FILE_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (st.st_size);

      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_TOO_LARGE,
                   _("%s is %s, far larger than any accounts file; it was left untouched."),
                   path, size);
      return FALSE;
    }

  if (!g_file_get_contents (path, contents, length, &local_error))
    {
      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_IO,
                   _("Could not read %s: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static LoadData *
load_file (const char  *path,
           GError     **error)
{
  g_autoptr(LoadData) data = g_new0 (LoadData, 1);
  g_autofree char *contents = NULL;
  gsize length;

  if (!read_file (path, &contents, &length, error))
    return NULL;

  if (contents == NULL)
    {
      data->accounts = g_ptr_array_new_with_free_func (g_object_unref);
      data->version = OUTBOX_STORE_VERSION;
      return g_steal_pointer (&data);
    }

  data->checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
  data->accounts = outbox_accounts_new_from_data (contents, length, &data->version,
                                                  &data->extra_root, error);
  if (data->accounts == NULL)
    {
      g_prefix_error (error, _("Outbox could not read its accounts file %s. "
                               "The file was left untouched. "), path);
      return NULL;
    }

  return g_steal_pointer (&data);
}

/* Writes the file atomically (see _outbox_file_replace()), unless someone
 * else changed it since we read it. */
static gboolean
save_file (SaveData  *save,
           GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (save->path);
  g_autofree char *current = NULL;
  g_autofree char *current_checksum = NULL;
  gsize current_length;

  if (save->data == NULL)
    save->data = outbox_accounts_to_data (save->accounts, save->extra_root, &save->length);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return _outbox_io_error (error, dir, _("Could not create"), errno);

  if (!read_file (save->path, &current, &current_length, error))
    return FALSE;
  if (current != NULL)
    current_checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                    (const guchar *)current, current_length);
  if (g_strcmp0 (current_checksum, save->expected_checksum) != 0)
    {
      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_CHANGED_ON_DISK,
                   _("Another program changed %s after Outbox read it. To keep both "
                     "sets of changes apart, Outbox did not overwrite it; reload the "
                     "accounts and make your change again."),
                   save->path);
      return FALSE;
    }

  if (!_outbox_file_replace (save->path, save->data, save->length, error))
    return FALSE;

  save->new_checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                    (const guchar *)save->data, save->length);
  return TRUE;
}

static char *
file_path (OutboxAccountStore *self)
{
  return g_file_get_path (self->file);
}

static void
apply_load (OutboxAccountStore *self,
            LoadData           *data,
            const GError       *error)
{
  g_clear_error (&self->load_error);

  if (error != NULL)
    {
      self->load_error = g_error_copy (error);
      _outbox_account_store_set_read_only_reason (self, error->message);
      return;
    }

  g_clear_pointer (&self->extra_root, json_object_unref);
  self->extra_root = data->extra_root ? json_object_ref (data->extra_root) : NULL;
  g_free (self->known_checksum);
  self->known_checksum = g_strdup (data->checksum);

  if (data->version > OUTBOX_STORE_VERSION)
    {
      g_autofree char *path = file_path (self);
      g_autofree char *reason =
        g_strdup_printf (_("%s was written by a newer version of Outbox. You can see the "
                           "accounts, but this version will not change the file so that "
                           "nothing the newer version saved is lost."), path);
      _outbox_account_store_set_read_only_reason (self, reason);
    }
  else
    _outbox_account_store_set_read_only_reason (self, NULL);

  _outbox_account_store_replace_accounts (self, data->accounts);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LoadData *data = load_file (task_data, &error);

  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify)load_data_free);
}

/* Copies the list as it is now, in the owning thread; save_file()
 * serializes the copies. */
static SaveData *
snapshot_save (OutboxAccountStore *self)
{
  SaveData *save = g_new0 (SaveData, 1);

  save->path = file_path (self);
  save->accounts = g_ptr_array_new_full (self->accounts->len, g_object_unref);
  for (guint i = 0; i < self->accounts->len; i++)
    g_ptr_array_add (save->accounts, outbox_account_copy (g_ptr_array_index (self->accounts, i)));
  save->extra_root = self->extra_root ? json_object_ref (self->extra_root) : NULL;
  save->expected_checksum = g_strdup (self->known_checksum);
  return save;
}

static gboolean
check_writable (OutboxAccountStore  *self,
                GError             **error)
{
  if (self->load_error != NULL)
    {
      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_READ_ONLY,
                   _("The accounts file could not be read, so it is not overwritten. %s"),
                   self->load_error->message);
      return FALSE;
    }
  if (self->read_only_reason != NULL)
    {
      g_set_error_literal (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_READ_ONLY,
                           self->read_only_reason);
      return FALSE;
    }
  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (save_file (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void start_save (OutboxAccountStore *self);

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  OutboxAccountStore *self = OUTBOX_ACCOUNT_STORE (object);
  g_autoptr(GPtrArray) served = user_data;
  SaveData *save = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  release_accounts (save);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_free (self->known_checksum);
      self->known_checksum = g_strdup (save->new_checksum);
    }

  if (_outbox_save_queue_finish (&self->saves, served, error))
    start_save (self);
}

static void
start_save (OutboxAccountStore *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *served = _outbox_save_queue_take (&self->saves);
  SaveData *save;

  if (!check_writable (self, &error))
    {
      /* All waiting saves were taken: none is left to start another. */
      _outbox_save_queue_finish (&self->saves, served, error);
      g_ptr_array_unref (served);
      return;
    }

  save = snapshot_save (self);
  task = g_task_new (self, NULL, save_done_cb, served);
  g_task_set_source_tag (task, start_save);
  g_task_set_task_data (task, save, (GDestroyNotify)save_data_free);
  g_task_run_in_thread (task, save_thread);
}

void
outbox_account_store_load_async (OutboxAccountStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OUTBOX_IS_ACCOUNT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_account_store_load_async);
  g_task_set_task_data (task, file_path (self), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
outbox_account_store_load_finish (OutboxAccountStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_autoptr(LoadData) data = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_propagate_pointer (G_TASK (result), &local_error);
  apply_load (self, data, local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Loads in the calling thread: for outboxctl and tests, never the window. */
gboolean
outbox_account_store_load (OutboxAccountStore  *self,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autofree char *path = NULL;
  g_autoptr(LoadData) data = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);

  path = file_path (self);
  data = load_file (path, &local_error);
  apply_load (self, data, local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
outbox_account_store_save_async (OutboxAccountStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (OUTBOX_IS_ACCOUNT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_account_store_save_async);
  if (_outbox_save_queue_add (&self->saves, task))
    start_save (self);
}

gboolean
outbox_account_store_save_finish (OutboxAccountStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saves in the calling thread: for outboxctl and tests, never the window. */
gboolean
outbox_account_store_save (OutboxAccountStore  *self,
                           GCancellable        *cancellable,
                           GError             **error)
{
  SaveData *save;
  gboolean ok;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (!self->saves.writing, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  save = snapshot_save (self);
  ok = save_file (save, error);
  if (ok)
    {
      g_free (self->known_checksum);
      self->known_checksum = g_strdup (save->new_checksum);
    }
  save_data_free (save);
  return ok;
}

static void
start_over_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *kept = NULL;

  for (guint n = 0; n < 1000; n++)
    {
      g_free (kept);
      kept = n == 0 ? g_strdup_printf ("%s.broken-%s", path, stamp)
                    : g_strdup_printf ("%s.broken-%s-%u", path, stamp, n);
      if (!g_file_test (kept, G_FILE_TEST_EXISTS))
        break;
    }

  if (g_rename (path, kept) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_task_return_new_error (task, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_IO,
                               _("Could not move %s aside: %s"), path, g_strerror (saved_errno));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&kept), g_free);
}

/**
 * outbox_account_store_start_over_async:
 *
 * After a load failed, moves the unreadable file aside under a dated name
 * (accounts.json.broken-YYYYMMDD-HHMMSS) and leaves the store empty and
 * writable. The finish function returns the path the old file was kept at.
 */
void
outbox_account_store_start_over_async (OutboxAccountStore  *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OUTBOX_IS_ACCOUNT_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_account_store_start_over_async);
  g_task_set_task_data (task, file_path (self), g_free);
  g_task_run_in_thread (task, start_over_thread);
}

char *
outbox_account_store_start_over_finish (OutboxAccountStore  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  char *kept;
  g_autoptr(GPtrArray) empty = NULL;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  kept = g_task_propagate_pointer (G_TASK (result), error);
  if (kept == NULL)
    return NULL;

  g_clear_error (&self->load_error);
  g_clear_pointer (&self->known_checksum, g_free);
  g_clear_pointer (&self->extra_root, json_object_unref);
  _outbox_account_store_set_read_only_reason (self, NULL);
  empty = g_ptr_array_new_with_free_func (g_object_unref);
  _outbox_account_store_replace_accounts (self, empty);
  return kept;
}
