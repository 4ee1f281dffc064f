/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAccountDraft: the copy of an account an editor changes. Only values
 * that pass their check reach the copy; a pause in changes then validates the
 * whole copy and, when it is valid, adds or updates it in the store and saves
 * the file, and stores changed passwords in the keyring, all asynchronously
 * and one save at a time, so that the last change is also the last write.
 * The passwords' way to and from the keyring is in
 * outbox-account-draft-passwords.c. */

#define G_LOG_DOMAIN "outbox-account-draft"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-account-draft-private.h"

enum {
  PROP_0,
  PROP_STATUS,
  PROP_IS_NEW,
  N_PROPS
};

enum {
  CHECKED,
  ACCOUNT_ADDED,
  PASSWORD_LOADED,
  FAILED,
  RELOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxAccountDraft, outbox_account_draft, G_TYPE_OBJECT)

void
_outbox_account_draft_failed (OutboxAccountDraft *self,
                              const GError       *error)
{
  g_signal_emit (self, signals[FAILED], 0, error);
}

void
_outbox_account_draft_password_loaded (OutboxAccountDraft *self,
                                       OutboxSecretKind    kind,
                                       const char         *password)
{
  g_signal_emit (self, signals[PASSWORD_LOADED], 0, kind, password);
}

static void
set_status (OutboxAccountDraft *self,
            const char         *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static const char *
saved_status (OutboxAccountDraft *self)
{
  return g_hash_table_size (self->refused) == 0 ? _("All changes saved")
                                                : _("Saved, except the marked fields");
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OutboxAccountDraft) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving--;

  if (!outbox_account_store_save_finish (OUTBOX_ACCOUNT_STORE (object), result, &error))
    {
      set_status (self, _("Changes not saved"));
      g_signal_emit (self, signals[FAILED], 0, error);
    }
  else if (self->saving == 0)
    {
      set_status (self, saved_status (self));
    }
}

/* The store writes one save at a time, the latest state last. It is not
 * cancellable: a change the user made is written even if the editor closes
 * meanwhile. */
static void
start_save (OutboxAccountDraft *self)
{
  self->saving++;
  set_status (self, _("Saving…"));
  outbox_account_store_save_async (self->store, NULL, saved_cb, g_object_ref (self));
}

/* A refusal by the store. A second account with the same name is the name
 * field's problem; anything else is reported as a failure. */
static void
refused_by_store (OutboxAccountDraft *self,
                  GError             *error)
{
  set_status (self, _("Changes not saved"));

  if (g_error_matches (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_DUPLICATE))
    {
      g_autoptr(GHashTable) problems = NULL;

      g_free (self->name_taken);
      self->name_taken = g_strdup (error->message);
      problems = outbox_account_draft_check (self);
      g_signal_emit (self, signals[CHECKED], 0, problems);
      return;
    }

  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
save_now (OutboxAccountDraft *self)
{
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_clear_handle_id (&self->save_id, g_source_remove);

  /* A name the store refused may be free by now; the store says again. */
  g_clear_pointer (&self->name_taken, g_free);

  problems = outbox_account_draft_check (self);
  g_signal_emit (self, signals[CHECKED], 0, problems);

  /* A new account waits until every field is right. A stored one saves
   * what is valid: a refused value never reached the copy, so only problems
   * of the copy itself (a user name missing for a sign-in) hold it back. */
  if (self->account != NULL)
    {
      g_hash_table_unref (problems);
      problems = outbox_account_validate (self->values);
    }

  if (g_hash_table_size (problems) > 0)
    {
      set_status (self, self->account == NULL
                          ? _("Not saved yet")
                          : _("Not saved: correct the marked fields"));
      /* A password is not a field with a problem: it is kept either way. */
      _outbox_account_draft_store_passwords (self);
      return;
    }

  if (self->account == NULL)
    {
      g_autoptr(OutboxAccount) account = outbox_account_copy (self->values);

      if (!outbox_account_store_add (self->store, account, &error))
        {
          refused_by_store (self, error);
          return;
        }
      self->account = g_steal_pointer (&account);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_NEW]);
      g_signal_emit (self, signals[ACCOUNT_ADDED], 0, self->account);
      changed = TRUE;
    }
  else if (!outbox_account_equal (self->values, self->account))
    {
      if (!outbox_account_store_update (self->store, self->values, &error))
        {
          refused_by_store (self, error);
          return;
        }
      changed = TRUE;
    }

  if (changed)
    start_save (self);
  else if (self->saving == 0)
    set_status (self, saved_status (self));

  _outbox_account_draft_store_passwords (self);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  OutboxAccountDraft *self = user_data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
outbox_account_draft_dispose (GObject *object)
{
  OutboxAccountDraft *self = OUTBOX_ACCOUNT_DRAFT (object);

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->account);
  g_clear_object (&self->values);

  G_OBJECT_CLASS (outbox_account_draft_parent_class)->dispose (object);
}

static void
outbox_account_draft_finalize (GObject *object)
{
  OutboxAccountDraft *self = OUTBOX_ACCOUNT_DRAFT (object);

  for (guint i = 0; i < N_KINDS; i++)
    _outbox_account_draft_wipe_password (&self->passwords[i]);
  g_clear_pointer (&self->refused, g_hash_table_unref);
  g_clear_pointer (&self->name_taken, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (outbox_account_draft_parent_class)->finalize (object);
}

static void
outbox_account_draft_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OutboxAccountDraft *self = OUTBOX_ACCOUNT_DRAFT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_IS_NEW:
      g_value_set_boolean (value, self->account == NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_draft_class_init (OutboxAccountDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = outbox_account_draft_dispose;
  object_class->finalize = outbox_account_draft_finalize;
  object_class->get_property = outbox_account_draft_get_property;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_NEW] =
    g_param_spec_boolean ("is-new", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After a pause in changes: every problem, property → reason. */
  signals[CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_HASH_TABLE);
  /* A new account passed validation and is now in the store. */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OUTBOX_TYPE_ACCOUNT);
  /* A stored password was found: (kind, password). */
  signals[PASSWORD_LOADED] =
    g_signal_new ("password-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  /* Saving or reading failed (a store or keyring error). */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* The copy was changed by something other than the form (a suggested
   * fix): the form shows it again. */
  signals[RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
outbox_account_draft_init (OutboxAccountDraft *self)
{
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->cancellable = g_cancellable_new ();
}

/* Edits a copy of @account, or a new account when @account is %NULL. */
OutboxAccountDraft *
outbox_account_draft_new (OutboxAccountStore *store,
                          OutboxSecrets      *secrets,
                          OutboxAccount      *account)
{
  OutboxAccountDraft *self;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (secrets == NULL || OUTBOX_IS_SECRETS (secrets), NULL);
  g_return_val_if_fail (account == NULL || OUTBOX_IS_ACCOUNT (account), NULL);

  self = g_object_new (OUTBOX_TYPE_ACCOUNT_DRAFT, NULL);
  self->store = g_object_ref (store);
  self->secrets = secrets ? g_object_ref (secrets) : NULL;
  if (account != NULL)
    {
      self->account = g_object_ref (account);
      self->values = outbox_account_copy (account);
    }
  else
    {
      self->values = outbox_account_new ();
      self->status = g_strdup (_("Not saved yet"));
    }

  return self;
}

/* Returns: (transfer none) (nullable): the account in the store, or %NULL
 * while a new account has not been added. */
OutboxAccount *
outbox_account_draft_get_account (OutboxAccountDraft *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self), NULL);

  return self->account;
}

/* Returns: (transfer none): the copy being edited. Change it directly for
 * settings that need no check (security, auth), then call
 * outbox_account_draft_changed(). */
OutboxAccount *
outbox_account_draft_get_values (OutboxAccountDraft *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self), NULL);

  return self->values;
}

gboolean
outbox_account_draft_get_is_new (OutboxAccountDraft *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self), FALSE);

  return self->account == NULL;
}

const char *
outbox_account_draft_get_status (OutboxAccountDraft *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self), NULL);

  return self->status;
}

/**
 * outbox_account_draft_apply:
 * @property: an #OutboxAccount property, such as "port"
 * @value: the value the user gave
 *
 * Checks @value and applies it when it is acceptable; otherwise the copy
 * keeps its previous value, and saving a new account waits until the field
 * is corrected. Either way a save is scheduled.
 *
 * Returns: (transfer full) (nullable): why @value was refused, or %NULL.
 */
char *
outbox_account_draft_apply (OutboxAccountDraft *self,
                            const char         *property,
                            const GValue       *value)
{
  char *problem;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  problem = outbox_account_check_property (property, value);
  if (problem != NULL)
    {
      g_hash_table_replace (self->refused, (gpointer)g_intern_string (property), g_strdup (problem));
    }
  else
    {
      g_hash_table_remove (self->refused, property);
      g_object_set_property (G_OBJECT (self->values), property, value);
    }

  outbox_account_draft_changed (self);
  return problem;
}

/* Schedules a check and save for when changes pause. */
void
outbox_account_draft_changed (OutboxAccountDraft *self)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self));

  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (OUTBOX_ACCOUNT_DRAFT_SAVE_DELAY_MS, save_timeout_cb, self);
}

/**
 * outbox_account_draft_check:
 *
 * Returns: (transfer full): property → reason for every problem: values that
 *   were refused, then what validating the copy finds. Empty when it can be
 *   saved.
 */
GHashTable *
outbox_account_draft_check (OutboxAccountDraft *self)
{
  GHashTable *problems;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self), NULL);

  problems = outbox_account_validate (self->values);
  g_hash_table_iter_init (&iter, self->refused);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (problems, key, g_strdup (value));
  if (self->name_taken != NULL && !g_hash_table_contains (problems, "name"))
    g_hash_table_insert (problems, (gpointer)"name", g_strdup (self->name_taken));

  return problems;
}

/* Checks and saves now what waits for a pause, e.g. before the editor shows
 * another account or the window closes. */
void
outbox_account_draft_flush (OutboxAccountDraft *self)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self));

  if (self->save_id != 0)
    save_now (self);
}

/* The editor is done with this draft: saves what waits and stops look-ups. */
void
outbox_account_draft_close (OutboxAccountDraft *self)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self));

  outbox_account_draft_flush (self);
  g_cancellable_cancel (self->cancellable);
}

/**
 * outbox_account_draft_apply_fix:
 * @fix: a fix a test suggested
 *
 * Changes the copy as @fix says, has the form show it (::reloaded) and
 * saves it now, as if the user had made the change and paused.
 *
 * Returns: %TRUE when a setting changed
 */
gboolean
outbox_account_draft_apply_fix (OutboxAccountDraft *self,
                                OutboxFix          *fix)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self), FALSE);
  g_return_val_if_fail (OUTBOX_IS_FIX (fix), FALSE);

  if (!outbox_fix_apply (fix, self->values))
    return FALSE;

  g_signal_emit (self, signals[RELOADED], 0);
  save_now (self);
  return TRUE;
}
