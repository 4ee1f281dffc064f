/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passwords of accounts, kept only in the desktop keyring (Secret Service). */

#pragma once

#include <gio/gio.h>

#include "outbox-account.h"

G_BEGIN_DECLS

#define OUTBOX_SECRETS_ERROR (outbox_secrets_error_quark ())

typedef enum
{
  OUTBOX_SECRETS_ERROR_NO_SERVICE,  /* no Secret Service (keyring) is running or reachable */
  OUTBOX_SECRETS_ERROR_LOCKED,      /* the keyring stayed locked (the user dismissed the prompt) */
  OUTBOX_SECRETS_ERROR_FAILED,      /* any other keyring failure */
} OutboxSecretsError;

typedef enum
{
  OUTBOX_SECRET_KIND_ACCOUNT,  /* the account's own login ("kind" = "account") */
  OUTBOX_SECRET_KIND_SMTP,     /* the separate SMTP login ("kind" = "smtp") */
} OutboxSecretKind;

#define OUTBOX_TYPE_SECRETS (outbox_secrets_get_type ())

G_DECLARE_FINAL_TYPE (OutboxSecrets, outbox_secrets, OUTBOX, SECRETS, GObject)

GQuark            outbox_secrets_error_quark     (void);

OutboxSecrets    *outbox_secrets_new             (void);

/* The kind of password an account signs in with, per its auth setting. */
OutboxSecretKind  outbox_secret_kind_for_account (OutboxAccount       *account);
const char       *outbox_secret_kind_to_string   (OutboxSecretKind     kind);

void              outbox_secrets_store_async     (OutboxSecrets       *self,
                                                  OutboxAccount       *account,
                                                  OutboxSecretKind     kind,
                                                  const char          *password,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean          outbox_secrets_store_finish    (OutboxSecrets       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Finishes with the password, or %NULL and no error when none is stored. */
void              outbox_secrets_lookup_async    (OutboxSecrets       *self,
                                                  const char          *account_id,
                                                  OutboxSecretKind     kind,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char             *outbox_secrets_lookup_finish   (OutboxSecrets       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Removes every password stored for the account (both kinds). */
void              outbox_secrets_clear_async     (OutboxSecrets       *self,
                                                  const char          *account_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean          outbox_secrets_clear_finish    (OutboxSecrets       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
