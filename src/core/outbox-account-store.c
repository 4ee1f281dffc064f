/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAccountStore: the accounts of accounts.json as a GListModel.
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
#include "outbox-account-store.h"
#include "outbox-util-private.h"

struct _OutboxAccountStore
{
  GObject     parent_instance;

  GFile      *file;
  GPtrArray  *accounts;
  JsonObject *extra_root;

  /* SHA-256 of the file as last read or written by us; NULL when it did not
   * exist. Compared before each save to notice other writers. */
  char       *known_checksum;

  /* Set when the file could not be read; saving would destroy it. */
  GError     *load_error;
  char       *read_only_reason;

  /* Saves run one at a time; requests made meanwhile are served together by
   * the next save. */
  gboolean    saving;
  GPtrArray  *waiting_saves;
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OutboxAccountStore, outbox_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (outbox-store-error-quark, outbox_store_error)

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

typedef struct
{
  char   *path;
  char   *data;
  gsize   length;
  char   *expected_checksum;
  char   *new_checksum;
} SaveData;

static void
save_data_free (SaveData *data)
{
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
set_read_only_reason (OutboxAccountStore *self,
                      const char         *reason)
{
  gboolean was_read_only = self->read_only_reason != NULL;

  g_free (self->read_only_reason);
  self->read_only_reason = g_strdup (reason);
  if (was_read_only != (reason != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
replace_accounts (OutboxAccountStore *self,
                  GPtrArray          *accounts)
{
  guint removed = self->accounts->len;

  g_ptr_array_unref (self->accounts);
  self->accounts = g_ptr_array_ref (accounts);
  if (removed > 0 || accounts->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, accounts->len);
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
      set_read_only_reason (self, error->message);
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
      set_read_only_reason (self, reason);
    }
  else
    set_read_only_reason (self, NULL);

  replace_accounts (self, data->accounts);
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

/* Serializes the list as it is now, in the owning thread. */
static SaveData *
snapshot_save (OutboxAccountStore *self)
{
  SaveData *save = g_new0 (SaveData, 1);

  save->path = file_path (self);
  save->data = outbox_accounts_to_data (self->accounts, self->extra_root, &save->length);
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
  g_autoptr(GPtrArray) waiting = user_data;
  SaveData *save = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_free (self->known_checksum);
      self->known_checksum = g_strdup (save->new_checksum);
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);
      if (error)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  if (self->waiting_saves->len > 0)
    start_save (self);
}

static void
start_save (OutboxAccountStore *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *waiting = g_steal_pointer (&self->waiting_saves);
  SaveData *save;

  self->waiting_saves = g_ptr_array_new_with_free_func (g_object_unref);

  if (!check_writable (self, &error))
    {
      for (guint i = 0; i < waiting->len; i++)
        g_task_return_error (g_ptr_array_index (waiting, i), g_error_copy (error));
      g_ptr_array_unref (waiting);
      return;
    }

  self->saving = TRUE;
  save = snapshot_save (self);
  task = g_task_new (self, NULL, save_done_cb, waiting);
  g_task_set_source_tag (task, start_save);
  g_task_set_task_data (task, save, (GDestroyNotify)save_data_free);
  g_task_run_in_thread (task, save_thread);
}

static gboolean
name_taken (OutboxAccountStore *self,
            OutboxAccount      *account)
{
  g_autofree char *name = g_utf8_casefold (outbox_account_get_name (account), -1);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      OutboxAccount *other = g_ptr_array_index (self->accounts, i);
      g_autofree char *other_name = NULL;

      if (g_strcmp0 (outbox_account_get_id (other), outbox_account_get_id (account)) == 0)
        continue;
      other_name = g_utf8_casefold (outbox_account_get_name (other), -1);
      if (g_strcmp0 (name, other_name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_account (OutboxAccountStore  *self,
               OutboxAccount       *account,
               GError             **error)
{
  g_autoptr(GHashTable) problems = outbox_account_validate (account);

  if (g_hash_table_size (problems) > 0)
    {
      g_autoptr(GString) text = g_string_new (_("The account has problems:"));
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, problems);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_string_append_printf (text, " %s: %s", (const char *)key, (const char *)value);
      g_set_error_literal (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_INVALID, text->str);
      return FALSE;
    }

  if (name_taken (self, account))
    {
      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_DUPLICATE,
                   _("An account named “%s” already exists; choose another name."),
                   outbox_account_get_name (account));
      return FALSE;
    }

  return TRUE;
}

static GType
outbox_account_store_get_item_type (GListModel *model)
{
  return OUTBOX_TYPE_ACCOUNT;
}

static guint
outbox_account_store_get_n_items (GListModel *model)
{
  return OUTBOX_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
outbox_account_store_get_item (GListModel *model,
                               guint       position)
{
  OutboxAccountStore *self = OUTBOX_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = outbox_account_store_get_item_type;
  iface->get_n_items = outbox_account_store_get_n_items;
  iface->get_item = outbox_account_store_get_item;
}

static void
outbox_account_store_finalize (GObject *object)
{
  OutboxAccountStore *self = (OutboxAccountStore *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->extra_root, json_object_unref);
  g_clear_pointer (&self->known_checksum, g_free);
  g_clear_pointer (&self->read_only_reason, g_free);
  g_clear_pointer (&self->waiting_saves, g_ptr_array_unref);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (outbox_account_store_parent_class)->finalize (object);
}

static void
outbox_account_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OutboxAccountStore *self = OUTBOX_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, outbox_account_store_get_read_only (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OutboxAccountStore *self = OUTBOX_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      if (self->file == NULL)
        self->file = outbox_account_store_get_default_file ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_store_class_init (OutboxAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_account_store_finalize;
  object_class->get_property = outbox_account_store_get_property;
  object_class->set_property = outbox_account_store_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
outbox_account_store_init (OutboxAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiting_saves = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * outbox_account_store_new:
 * @file: (nullable): the accounts file, or %NULL for the default
 *
 * Returns: (transfer full): an empty store; load it before use.
 */
OutboxAccountStore *
outbox_account_store_new (GFile *file)
{
  return g_object_new (OUTBOX_TYPE_ACCOUNT_STORE, "file", file, NULL);
}

/* $XDG_CONFIG_HOME/outbox/accounts.json */
GFile *
outbox_account_store_get_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "outbox",
                                            "accounts.json", NULL);
  return g_file_new_for_path (path);
}

GFile *
outbox_account_store_get_file (OutboxAccountStore *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), NULL);
  return self->file;
}

gboolean
outbox_account_store_get_read_only (OutboxAccountStore *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), TRUE);
  return self->read_only_reason != NULL;
}

/* Returns: (nullable): why the store will not save, in words for the user. */
const char *
outbox_account_store_get_read_only_reason (OutboxAccountStore *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), NULL);
  return self->read_only_reason;
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
  g_ptr_array_add (self->waiting_saves, task);

  if (!self->saving)
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
  g_return_val_if_fail (!self->saving, FALSE);

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
  set_read_only_reason (self, NULL);
  empty = g_ptr_array_new_with_free_func (g_object_unref);
  replace_accounts (self, empty);
  return kept;
}

/**
 * outbox_account_store_lookup:
 * @name_or_id: an account id, or its name (exact first, then ignoring case)
 *
 * Returns: (transfer none) (nullable): the account
 */
OutboxAccount *
outbox_account_store_lookup (OutboxAccountStore *self,
                             const char         *name_or_id)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (name_or_id != NULL, NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    if (g_strcmp0 (outbox_account_get_id (g_ptr_array_index (self->accounts, i)), name_or_id) == 0)
      return g_ptr_array_index (self->accounts, i);

  for (guint i = 0; i < self->accounts->len; i++)
    if (g_strcmp0 (outbox_account_get_name (g_ptr_array_index (self->accounts, i)), name_or_id) == 0)
      return g_ptr_array_index (self->accounts, i);

  folded = g_utf8_casefold (name_or_id, -1);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      g_autofree char *name =
        g_utf8_casefold (outbox_account_get_name (g_ptr_array_index (self->accounts, i)), -1);
      if (g_strcmp0 (name, folded) == 0)
        return g_ptr_array_index (self->accounts, i);
    }

  return NULL;
}

/* Finds the stored account with @account's id. */
gboolean
outbox_account_store_find (OutboxAccountStore *self,
                           OutboxAccount      *account,
                           guint              *position)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), FALSE);

  for (guint i = 0; i < self->accounts->len; i++)
    if (g_strcmp0 (outbox_account_get_id (g_ptr_array_index (self->accounts, i)),
                   outbox_account_get_id (account)) == 0)
      {
        if (position)
          *position = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
outbox_account_store_add (OutboxAccountStore  *self,
                          OutboxAccount       *account,
                          GError             **error)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);

  return outbox_account_store_insert (self, self->accounts->len, account, error);
}

/* Adds a valid account with a name no other account has, at @position
 * (clamped to the end); used by undo to put an account back where it was. */
gboolean
outbox_account_store_insert (OutboxAccountStore  *self,
                             guint                position,
                             OutboxAccount       *account,
                             GError             **error)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), FALSE);

  if (outbox_account_store_find (self, account, NULL))
    {
      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_DUPLICATE,
                   _("An account with the id “%s” already exists."),
                   outbox_account_get_id (account));
      return FALSE;
    }
  if (!check_account (self, account, error))
    return FALSE;

  position = MIN (position, self->accounts->len);
  g_ptr_array_insert (self->accounts, position, g_object_ref (account));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  return TRUE;
}

/* Copies the settings of @edited (an edited copy) into the stored account
 * with the same id, if they are valid. */
gboolean
outbox_account_store_update (OutboxAccountStore  *self,
                             OutboxAccount       *edited,
                             GError             **error)
{
  guint position;
  OutboxAccount *stored;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (edited), FALSE);

  if (!outbox_account_store_find (self, edited, &position))
    {
      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_NOT_FOUND,
                   _("The account “%s” no longer exists."), outbox_account_get_name (edited));
      return FALSE;
    }
  if (!check_account (self, edited, error))
    return FALSE;

  stored = g_ptr_array_index (self->accounts, position);
  if (stored != edited)
    outbox_account_assign (stored, edited);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  return TRUE;
}

gboolean
outbox_account_store_remove (OutboxAccountStore *self,
                             OutboxAccount      *account)
{
  guint position;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), FALSE);

  if (!outbox_account_store_find (self, account, &position))
    return FALSE;

  g_ptr_array_remove_index (self->accounts, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}
