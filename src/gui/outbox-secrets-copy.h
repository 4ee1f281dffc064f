/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copying an account's passwords to another account in the keyring. */

#pragma once

#include "outbox.h"
#include "outbox-secrets.h"

G_BEGIN_DECLS

void outbox_copy_secrets (OutboxSecrets *secrets,
                          OutboxAccount *from,
                          OutboxAccount *to);

G_END_DECLS
