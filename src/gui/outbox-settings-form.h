/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The editor's server rows as the provider offers and the server check see
 * them: which fields the user typed and which the app filled in. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_SETTINGS_FORM (outbox_settings_form_get_type ())

G_DECLARE_FINAL_TYPE (OutboxSettingsForm, outbox_settings_form, OUTBOX, SETTINGS_FORM, GObject)

void                 outbox_settings_form_reset            (OutboxSettingsForm  *self,
                                                            gboolean             creating);
gboolean             outbox_settings_form_get_creating     (OutboxSettingsForm  *self);
char                *outbox_settings_form_get_address      (OutboxSettingsForm  *self);
char                *outbox_settings_form_get_host         (OutboxSettingsForm  *self);
guint                outbox_settings_form_get_port         (OutboxSettingsForm  *self);
OutboxSecurity       outbox_settings_form_get_security     (OutboxSettingsForm  *self);
OutboxAccountFields  outbox_settings_form_get_user_fields  (OutboxSettingsForm  *self);
OutboxAccountFields  outbox_settings_form_apply            (OutboxSettingsForm  *self,
                                                            const OutboxServer  *server,
                                                            OutboxLoginForm      login_form,
                                                            OutboxAccountFields  fields,
                                                            OutboxAccountFields  force);
char                *outbox_settings_form_describe_kept    (OutboxAccountFields  kept);
GTlsDatabase        *outbox_settings_form_get_tls_database (OutboxSettingsForm  *self);
void                 outbox_settings_form_set_tls_database (OutboxSettingsForm  *self,
                                                            GTlsDatabase        *database);

char                *outbox_server_describe                (const OutboxServer  *server);

G_END_DECLS
