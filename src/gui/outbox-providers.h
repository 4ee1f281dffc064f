/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Settings of well-known mail providers, offered when an account is created. */

#pragma once

#include "outbox.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_LOGIN_FULL_ADDRESS,  /* signs in with the whole address: name@example.com */
  OUTBOX_LOGIN_LOCAL_PART,    /* signs in with the part before the @ */
} OutboxLoginForm;

typedef struct
{
  const char      *id;
  const char      *name;      /* a brand name, or a translatable one for "Other" */
  const char      *host;      /* NULL for "Other": nothing to fill in */
  guint            port;
  OutboxSecurity   security;
  OutboxLoginForm  login_form;
  const char      *hint;      /* untranslated; pass through _() */
  const char      *domains;   /* comma-separated address domains it serves */
} OutboxProvider;

guint                 outbox_providers_get_n_items      (void);
const OutboxProvider *outbox_providers_get_nth          (guint       position);
const char           *outbox_provider_get_display_name  (const OutboxProvider *provider);
/* The position of the provider that serves @address's domain, or of "Other". */
guint                 outbox_providers_find_for_address (const char *address);
/* The position of the provider whose server is @host, or of "Other". */
guint                 outbox_providers_find_for_host    (const char *host);
guint                 outbox_providers_get_other        (void);
/* The user name @provider expects for @address (newly allocated). */
char                 *outbox_provider_suggest_username  (const OutboxProvider *provider,
                                                         const char           *address);

G_END_DECLS
