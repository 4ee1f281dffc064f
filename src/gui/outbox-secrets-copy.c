/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copying an account's passwords to another account in the keyring. */

#define G_LOG_DOMAIN "outbox-secrets-copy"

#include "config.h"

#include <string.h>

#include "outbox-secrets-copy.h"

typedef struct
{
  OutboxSecrets    *secrets;
  OutboxAccount    *to;
  OutboxSecretKind  kind;
} SecretCopy;

static void
secret_copy_free (SecretCopy *copy)
{
  g_clear_object (&copy->secrets);
  g_clear_object (&copy->to);
  g_free (copy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretCopy, secret_copy_free)

static void
secret_copied_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SecretCopy) copy = user_data;
  g_autoptr(GError) error = NULL;

  if (!outbox_secrets_store_finish (copy->secrets, result, &error))
    g_debug ("The duplicate's password was not stored: %s", error->message);
}

static void
secret_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SecretCopy) copy = user_data;
  g_autoptr(GError) error = NULL;
  OutboxSecrets *secrets;
  OutboxAccount *to;
  OutboxSecretKind kind;
  char *password;

  password = outbox_secrets_lookup_finish (copy->secrets, result, &error);
  if (password == NULL)
    return;

  /* Arguments are evaluated in any order: take what the call needs first. */
  secrets = copy->secrets;
  to = copy->to;
  kind = copy->kind;
  outbox_secrets_store_async (secrets, to, kind, password, NULL,
                              secret_copied_cb, g_steal_pointer (&copy));
  memset (password, 0, strlen (password));
  g_free (password);
}

/* Stores @from's passwords for @to too, in the background: a duplicate
 * signs in like its original. */
void
outbox_copy_secrets (OutboxSecrets *secrets,
                     OutboxAccount *from,
                     OutboxAccount *to)
{
  static const OutboxSecretKind kinds[] = { OUTBOX_SECRET_KIND_ACCOUNT, OUTBOX_SECRET_KIND_SMTP };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      SecretCopy *copy = g_new0 (SecretCopy, 1);

      copy->secrets = g_object_ref (secrets);
      copy->to = g_object_ref (to);
      copy->kind = kinds[i];
      outbox_secrets_lookup_async (secrets, outbox_account_get_id (from), kinds[i], NULL,
                                   secret_found_cb, copy);
    }
}

