/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deleted accounts that can still be brought back. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-account-store.h"
#include "outbox-secrets.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TRASH (outbox_trash_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTrash, outbox_trash, OUTBOX, TRASH, GObject)

OutboxTrash   *outbox_trash_new     (OutboxAccountStore  *store,
                                     OutboxSecrets       *secrets);
AdwToast      *outbox_trash_delete  (OutboxTrash         *self,
                                     OutboxAccount       *account,
                                     guint               *position);
OutboxAccount *outbox_trash_restore (OutboxTrash         *self,
                                     const char          *account_id,
                                     GError             **error);
void           outbox_trash_empty   (OutboxTrash         *self);
void           outbox_trash_set_journal (OutboxTrash     *self,
                                         OutboxJournal   *journal);

G_END_DECLS
