/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The form that edits one account and saves it as the user types. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-account-store.h"
#include "outbox-secrets.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_ACCOUNT_EDITOR (outbox_account_editor_get_type ())

G_DECLARE_FINAL_TYPE (OutboxAccountEditor, outbox_account_editor, OUTBOX, ACCOUNT_EDITOR, AdwPreferencesPage)

GtkWidget     *outbox_account_editor_new         (void);
void           outbox_account_editor_set_store   (OutboxAccountEditor *self,
                                                  OutboxAccountStore  *store,
                                                  OutboxSecrets       *secrets);
void           outbox_account_editor_edit        (OutboxAccountEditor *self,
                                                  OutboxAccount       *account);
void           outbox_account_editor_create      (OutboxAccountEditor *self);
OutboxAccount *outbox_account_editor_get_account (OutboxAccountEditor *self);
gboolean       outbox_account_editor_get_is_new  (OutboxAccountEditor *self);
const char    *outbox_account_editor_get_title   (OutboxAccountEditor *self);
const char    *outbox_account_editor_get_status  (OutboxAccountEditor *self);
void           outbox_account_editor_flush       (OutboxAccountEditor *self);

void     outbox_account_editor_set_journal (OutboxAccountEditor *self,
                                            OutboxJournal       *journal);

G_END_DECLS
