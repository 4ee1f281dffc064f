/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The passwords of an OutboxAccountDraft: kept until the account is in the
 * store, then handed to the keyring; looked up for the editor to show. */

#define G_LOG_DOMAIN "outbox-account-draft"

#include "config.h"

#include <string.h>

#include "outbox-account-draft-private.h"

void
_outbox_account_draft_wipe_password (char **password)
{
  if (*password != NULL)
    memset (*password, 0, strlen (*password));
  g_clear_pointer (password, g_free);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OutboxAccountDraft) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!outbox_secrets_store_finish (OUTBOX_SECRETS (object), result, &error))
    _outbox_account_draft_failed (self, error);
}

void
_outbox_account_draft_store_passwords (OutboxAccountDraft *self)
{
  static const OutboxSecretKind kinds[N_KINDS] = {
    OUTBOX_SECRET_KIND_ACCOUNT, OUTBOX_SECRET_KIND_SMTP,
  };

  if (self->account == NULL || self->secrets == NULL)
    return;

  for (guint i = 0; i < N_KINDS; i++)
    {
      if (self->passwords[i] == NULL)
        continue;
      outbox_secrets_store_async (self->secrets, self->account, kinds[i], self->passwords[i],
                                  NULL, password_stored_cb, g_object_ref (self));
      _outbox_account_draft_wipe_password (&self->passwords[i]);
    }
}

static void
password_found (OutboxAccountDraft *self,
                OutboxSecretKind    kind,
                GAsyncResult       *result)
{
  g_autoptr(GError) error = NULL;
  char *password;

  password = outbox_secrets_lookup_finish (self->secrets, result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _outbox_account_draft_failed (self, error);
      return;
    }

  if (password != NULL)
    {
      _outbox_account_draft_password_loaded (self, kind, password);
      _outbox_account_draft_wipe_password (&password);
    }
}

static void
account_password_found_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(OutboxAccountDraft) self = user_data;

  password_found (self, OUTBOX_SECRET_KIND_ACCOUNT, result);
}

static void
smtp_password_found_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(OutboxAccountDraft) self = user_data;

  password_found (self, OUTBOX_SECRET_KIND_SMTP, result);
}

/* Keeps @password until the account is in the store, then hands it to the
 * keyring; it is never written anywhere else. */
void
outbox_account_draft_set_password (OutboxAccountDraft *self,
                                   OutboxSecretKind    kind,
                                   const char         *password)
{
  guint index = kind == OUTBOX_SECRET_KIND_SMTP ? 1 : 0;

  g_return_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self));

  _outbox_account_draft_wipe_password (&self->passwords[index]);
  self->passwords[index] = g_strdup (password ? password : "");
  outbox_account_draft_changed (self);
}

/* Looks up the account's stored passwords; each one found is announced
 * with ::password-loaded. */
void
outbox_account_draft_load_passwords (OutboxAccountDraft *self)
{
  const char *id;

  g_return_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (self));

  if (self->account == NULL || self->secrets == NULL)
    return;

  id = outbox_account_get_id (self->account);
  outbox_secrets_lookup_async (self->secrets, id, OUTBOX_SECRET_KIND_ACCOUNT, self->cancellable,
                               account_password_found_cb, g_object_ref (self));
  outbox_secrets_lookup_async (self->secrets, id, OUTBOX_SECRET_KIND_SMTP, self->cancellable,
                               smtp_password_found_cb, g_object_ref (self));
}
