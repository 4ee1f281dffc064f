/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTrash: deleting an account takes it out of the store at once, but
 * its passwords stay in the keyring while the undo toast is up; only when
 * the toast goes without an undo (or the trash is emptied, e.g. when the
 * window closes) are they cleared. The application stays alive until the
 * keyring has done so. */

#define G_LOG_DOMAIN "outbox-trash"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-trash.h"

typedef struct
{
  OutboxTrash   *trash;      /* not a reference: entries die with the trash */
  OutboxAccount *account;
  guint          position;
  AdwToast      *toast;
} Entry;

struct _OutboxTrash
{
  GObject             parent_instance;

  OutboxAccountStore *store;
  OutboxSecrets      *secrets;
  OutboxJournal      *journal;
  GPtrArray          *entries;
};

G_DEFINE_FINAL_TYPE (OutboxTrash, outbox_trash, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_signal_handlers_disconnect_by_data (entry->toast, entry);
  g_clear_object (&entry->account);
  g_clear_object (&entry->toast);
  g_free (entry);
}

static void
secrets_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  if (!outbox_secrets_clear_finish (OUTBOX_SECRETS (object), result, &error))
    g_warning ("A deleted account's password stayed in the keyring: %s", error->message);
  if (app != NULL)
    g_application_release (app);
}

static void
journal_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  if (!outbox_journal_save_finish (OUTBOX_JOURNAL (object), result, &error))
    g_warning ("A deleted account's test history stayed behind: %s", error->message);
  if (app != NULL)
    g_application_release (app);
}

static void
forget (OutboxTrash   *self,
        OutboxAccount *account)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_application_hold (app);
  outbox_secrets_clear_async (self->secrets, outbox_account_get_id (account), NULL,
                              secrets_cleared_cb, app ? g_object_ref (app) : NULL);

  /* The account's test history and certificate go with it, from the
   * journal the application shares (loaded at startup). */
  if (self->journal != NULL && outbox_journal_forget (self->journal,
                                                      outbox_account_get_id (account)))
    {
      if (app != NULL)
        g_application_hold (app);
      outbox_journal_save_async (self->journal, NULL, journal_saved_cb,
                                 app ? g_object_ref (app) : NULL);
    }
}

static void
on_toast_dismissed (AdwToast *toast,
                    Entry    *entry)
{
  OutboxTrash *self = entry->trash;

  /* Removing the entry frees it. */
  forget (self, entry->account);
  g_ptr_array_remove_fast (self->entries, entry);
}

static void
outbox_trash_dispose (GObject *object)
{
  OutboxTrash *self = OUTBOX_TRASH (object);

  if (self->entries != NULL)
    outbox_trash_empty (self);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (outbox_trash_parent_class)->dispose (object);
}

static void
outbox_trash_class_init (OutboxTrashClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = outbox_trash_dispose;
}

static void
outbox_trash_init (OutboxTrash *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
}

OutboxTrash *
outbox_trash_new (OutboxAccountStore *store,
                  OutboxSecrets      *secrets)
{
  OutboxTrash *self;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (OUTBOX_IS_SECRETS (secrets), NULL);

  self = g_object_new (OUTBOX_TYPE_TRASH, NULL);
  self->store = g_object_ref (store);
  self->secrets = g_object_ref (secrets);
  return self;
}

/**
 * outbox_trash_delete:
 * @position: (out) (optional): where the account was in the store
 *
 * Removes @account from the store (the caller saves it).
 *
 * Returns: (transfer full) (nullable): the toast to show, whose button runs
 *   `win.undo-delete` with the account's id; %NULL if @account was not in
 *   the store.
 */
AdwToast *
outbox_trash_delete (OutboxTrash   *self,
                     OutboxAccount *account,
                     guint         *position)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  Entry *entry;
  guint where = 0;

  g_return_val_if_fail (OUTBOX_IS_TRASH (self), NULL);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), NULL);

  if (!outbox_account_store_find (self->store, account, &where) ||
      !outbox_account_store_remove (self->store, account))
    return NULL;
  if (position != NULL)
    *position = where;

  /* A toast title is markup. */
  name = g_markup_escape_text (outbox_account_get_name (account), -1);
  /* TRANSLATORS: %s is the name of the account that was deleted */
  title = g_strdup_printf (_("“%s” deleted"), name);

  entry = g_new0 (Entry, 1);
  entry->trash = self;
  entry->account = g_object_ref (account);
  entry->position = where;
  entry->toast = adw_toast_new (title);
  adw_toast_set_button_label (entry->toast, _("_Undo"));
  adw_toast_set_detailed_action_name (entry->toast, "win.undo-delete");
  adw_toast_set_action_target (entry->toast, "s", outbox_account_get_id (account));
  /* Queued behind another toast rather than replacing it, so every
   * deletion keeps its chance to be undone. */
  adw_toast_set_priority (entry->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (entry->toast, "dismissed", G_CALLBACK (on_toast_dismissed), entry);
  g_ptr_array_add (self->entries, entry);

  return g_object_ref (entry->toast);
}

/**
 * outbox_trash_restore:
 *
 * Puts the deleted account back where it was (the caller saves the store)
 * and dismisses its toast.
 *
 * Returns: (transfer none) (nullable): the account, or %NULL with @error set
 *   when it is no longer in the trash or the store refuses it.
 */
OutboxAccount *
outbox_trash_restore (OutboxTrash  *self,
                      const char   *account_id,
                      GError      **error)
{
  g_return_val_if_fail (OUTBOX_IS_TRASH (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      g_autoptr(OutboxAccount) account = NULL;
      g_autoptr(AdwToast) toast = NULL;
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));

      if (g_strcmp0 (outbox_account_get_id (entry->account), account_id) != 0)
        continue;

      if (!outbox_account_store_insert (self->store, MIN (entry->position, n_items),
                                        entry->account, error))
        return NULL;

      account = g_object_ref (entry->account);
      toast = g_object_ref (entry->toast);
      g_ptr_array_remove_index_fast (self->entries, i);
      adw_toast_dismiss (toast);
      /* The store holds it now. */
      return account;
    }

  g_set_error_literal (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_NOT_FOUND,
                       _("The account can no longer be brought back."));
  return NULL;
}

/* Ends every pending undo: the accounts' passwords are cleared now. */
void
outbox_trash_empty (OutboxTrash *self)
{
  g_return_if_fail (OUTBOX_IS_TRASH (self));

  for (guint i = 0; i < self->entries->len; i++)
    forget (self, ((Entry *)g_ptr_array_index (self->entries, i))->account);
  g_ptr_array_set_size (self->entries, 0);
}

/**
 * outbox_trash_set_journal:
 * @journal: (nullable): where the deleted accounts' history is forgotten
 *   when their undo expires
 */
void
outbox_trash_set_journal (OutboxTrash   *self,
                          OutboxJournal *journal)
{
  g_return_if_fail (OUTBOX_IS_TRASH (self));

  g_set_object (&self->journal, journal);
}
