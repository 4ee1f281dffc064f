/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of an OutboxAccountDraft, shared by the draft
 * (outbox-account-draft.c) and its passwords
 * (outbox-account-draft-passwords.c). */

#pragma once

#include "outbox-account-draft.h"

G_BEGIN_DECLS

#define N_KINDS 2

struct _OutboxAccountDraft
{
  GObject             parent_instance;

  OutboxAccountStore *store;
  OutboxSecrets      *secrets;
  OutboxAccount      *account;   /* in the store; NULL until a new account is added */
  OutboxAccount      *values;    /* the copy being edited */
  GHashTable         *refused;   /* property → why the last value given was not applied */
  char               *passwords[N_KINDS];  /* changed and not yet handed to the keyring */
  char               *name_taken;  /* the store's reason for refusing the name, if it did */
  char               *status;
  GCancellable       *cancellable;  /* keyring look-ups */

  guint               save_id;
  guint               saving;    /* saves started and not finished */
};

void _outbox_account_draft_wipe_password    (char               **password);
void _outbox_account_draft_store_passwords  (OutboxAccountDraft  *self);
/* Emit ::failed and ::password-loaded. */
void _outbox_account_draft_failed           (OutboxAccountDraft  *self,
                                             const GError        *error);
void _outbox_account_draft_password_loaded  (OutboxAccountDraft  *self,
                                             OutboxSecretKind     kind,
                                             const char          *password);

G_END_DECLS
