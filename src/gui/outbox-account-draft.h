/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An account being edited: checked changes, saved after a pause in typing. */

#pragma once

#include "outbox.h"
#include "outbox-account-store.h"
#include "outbox-secrets.h"

G_BEGIN_DECLS

/* How long typing must pause before a change is checked and saved. */
#define OUTBOX_ACCOUNT_DRAFT_SAVE_DELAY_MS 500

#define OUTBOX_TYPE_ACCOUNT_DRAFT (outbox_account_draft_get_type ())

G_DECLARE_FINAL_TYPE (OutboxAccountDraft, outbox_account_draft, OUTBOX, ACCOUNT_DRAFT, GObject)

OutboxAccountDraft *outbox_account_draft_new          (OutboxAccountStore *store,
                                                       OutboxSecrets      *secrets,
                                                       OutboxAccount      *account);
OutboxAccount      *outbox_account_draft_get_account  (OutboxAccountDraft *self);
OutboxAccount      *outbox_account_draft_get_values   (OutboxAccountDraft *self);
gboolean            outbox_account_draft_get_is_new   (OutboxAccountDraft *self);
const char         *outbox_account_draft_get_status   (OutboxAccountDraft *self);
char               *outbox_account_draft_apply        (OutboxAccountDraft *self,
                                                       const char         *property,
                                                       const GValue       *value);
void                outbox_account_draft_changed      (OutboxAccountDraft *self);
void                outbox_account_draft_set_password (OutboxAccountDraft *self,
                                                       OutboxSecretKind    kind,
                                                       const char         *password);
GHashTable         *outbox_account_draft_check        (OutboxAccountDraft *self);
void                outbox_account_draft_flush        (OutboxAccountDraft *self);
void                outbox_account_draft_load_passwords (OutboxAccountDraft *self);
void                outbox_account_draft_close        (OutboxAccountDraft *self);
gboolean            outbox_account_draft_apply_fix    (OutboxAccountDraft *self,
                                                       OutboxFix          *fix);

G_END_DECLS
