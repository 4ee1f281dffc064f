/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Last tested 2 hours ago: worked in 0.8 s", at the top of the editor. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_LAST_TESTED (outbox_last_tested_get_type ())

G_DECLARE_FINAL_TYPE (OutboxLastTested, outbox_last_tested, OUTBOX, LAST_TESTED, AdwPreferencesGroup)

void        outbox_last_tested_set_journal    (OutboxLastTested *self,
                                               OutboxJournal    *journal);
void        outbox_last_tested_set_account_id (OutboxLastTested *self,
                                               const char       *account_id);
/* The line shown, or NULL while it is hidden. */
const char *outbox_last_tested_get_text       (OutboxLastTested *self);

G_END_DECLS
