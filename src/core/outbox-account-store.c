/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAccountStore: the accounts of accounts.json as a GListModel.
 *
 * Loading and saving the file are in outbox-account-store-file.c. */

#define G_LOG_DOMAIN "outbox-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-account-store-private.h"


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

void
_outbox_account_store_set_read_only_reason (OutboxAccountStore *self,
                                            const char         *reason)
{
  gboolean was_read_only = self->read_only_reason != NULL;

  g_free (self->read_only_reason);
  self->read_only_reason = g_strdup (reason);
  if (was_read_only != (reason != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

void
_outbox_account_store_replace_accounts (OutboxAccountStore *self,
                                        GPtrArray          *accounts)
{
  guint removed = self->accounts->len;

  g_ptr_array_unref (self->accounts);
  self->accounts = g_ptr_array_ref (accounts);
  if (removed > 0 || accounts->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, accounts->len);
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
  _outbox_save_queue_clear (&self->saves);
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
  _outbox_save_queue_init (&self->saves);
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
