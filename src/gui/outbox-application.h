/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The single-instance application that owns the account store. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-account-store.h"
#include "outbox-journal.h"
#include "outbox-secrets.h"
#include "outbox-test-status.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_APPLICATION (outbox_application_get_type ())

G_DECLARE_FINAL_TYPE (OutboxApplication, outbox_application, OUTBOX, APPLICATION, AdwApplication)

OutboxApplication  *outbox_application_new         (void);
OutboxAccountStore *outbox_application_get_store   (OutboxApplication *self);
OutboxSecrets      *outbox_application_get_secrets (OutboxApplication *self);
OutboxTestStatus   *outbox_application_get_test_status (OutboxApplication *self);
OutboxJournal      *outbox_application_get_journal (OutboxApplication *self);

G_END_DECLS
