/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The provider picker offered while an account is being created. */

#pragma once

#include <adwaita.h>

#include "outbox-provider-presets.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_PROVIDER_GROUP (outbox_provider_group_get_type ())

G_DECLARE_FINAL_TYPE (OutboxProviderGroup, outbox_provider_group, OUTBOX, PROVIDER_GROUP, AdwPreferencesGroup)

const OutboxPreset *outbox_provider_group_get_provider     (OutboxProviderGroup *self);
void                  outbox_provider_group_reset            (OutboxProviderGroup *self,
                                                              const char          *host);
gboolean              outbox_provider_group_choose_for_address (OutboxProviderGroup *self,
                                                              const char          *address);

G_END_DECLS
