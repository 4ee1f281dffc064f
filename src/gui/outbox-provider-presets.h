/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Settings of well-known mail providers, offered when an account is created. */

#pragma once

#include "outbox.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_LOGIN_FULL_ADDRESS,  /* signs in with the whole address: name@example.com */
  OUTBOX_LOGIN_LOCAL_PART,    /* signs in with the part before the @ */
} OutboxPresetLogin;

typedef struct
{
  const char      *id;
  const char      *name;      /* a brand name, or a translatable one for "Other" */
  const char      *host;      /* NULL for "Other": nothing to fill in */
  guint            port;
  OutboxSecurity   security;
  OutboxPresetLogin  login_form;
  const char      *hint;      /* untranslated; pass through _() */
  const char      *domains;   /* comma-separated address domains it serves */
} OutboxPreset;

guint                 outbox_presets_get_n_items      (void);
const OutboxPreset *outbox_presets_get_nth          (guint       position);
const char           *outbox_preset_get_display_name  (const OutboxPreset *provider);
/* The position of the provider that serves @address's domain, or of "Other". */
guint                 outbox_presets_find_for_address (const char *address);
/* The position of the provider whose server is @host, or of "Other". */
guint                 outbox_presets_find_for_host    (const char *host);
guint                 outbox_presets_get_other        (void);
/* The user name @provider expects for @address (newly allocated). */
char                 *outbox_preset_suggest_username  (const OutboxPreset *provider,
                                                         const char           *address);

G_END_DECLS
