/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Check Server": what the account's server offers, asked without signing
 * in, and the better settings it finds. */

#pragma once

#include <adwaita.h>

#include "outbox-settings-form.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_SERVER_CHECK (outbox_server_check_get_type ())

G_DECLARE_FINAL_TYPE (OutboxServerCheck, outbox_server_check, OUTBOX, SERVER_CHECK, AdwPreferencesGroup)

OutboxSettingsForm *outbox_server_check_get_form (OutboxServerCheck  *self);
void                outbox_server_check_set_form (OutboxServerCheck  *self,
                                                  OutboxSettingsForm *form);

G_END_DECLS
