/* SPDX-License-Identifier: GPL-3.0-or-later */
/* While an account is being created: the provider picker, the offer of a
 * known provider's settings for the address typed, and "Detect Settings…"
 * for an unknown domain. */

#pragma once

#include <adwaita.h>

#include "outbox-settings-form.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_DETECT_GROUP (outbox_detect_group_get_type ())

G_DECLARE_FINAL_TYPE (OutboxDetectGroup, outbox_detect_group, OUTBOX, DETECT_GROUP, AdwPreferencesGroup)

OutboxSettingsForm *outbox_detect_group_get_form (OutboxDetectGroup  *self);
void                outbox_detect_group_set_form (OutboxDetectGroup  *self,
                                                  OutboxSettingsForm *form);

G_END_DECLS
