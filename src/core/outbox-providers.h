/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bundled provider presets (data/providers.json in the core's
 * GResource) as a list of OutboxProvider, with look-ups by domain and by
 * MX host. */

#pragma once

#include <gio/gio.h>

#include "outbox-provider.h"

G_BEGIN_DECLS

#define OUTBOX_PROVIDERS_ERROR (outbox_providers_error_quark ())

typedef enum
{
  OUTBOX_PROVIDERS_ERROR_PARSE,      /* not JSON, or not a providers file */
  OUTBOX_PROVIDERS_ERROR_INVALID,    /* an entry breaks the schema */
  OUTBOX_PROVIDERS_ERROR_DUPLICATE,  /* an id, domain or MX pattern appears twice */
} OutboxProvidersError;

GQuark outbox_providers_error_quark (void);

#define OUTBOX_TYPE_PROVIDERS (outbox_providers_get_type ())

G_DECLARE_FINAL_TYPE (OutboxProviders, outbox_providers, OUTBOX, PROVIDERS, GObject)

OutboxProviders *outbox_providers_get_default      (void);
OutboxProviders *outbox_providers_new_from_bytes   (GBytes          *json,
                                                    GError         **error);
GBytes          *outbox_providers_get_bundled_data (void);

OutboxProvider  *outbox_providers_lookup_id        (OutboxProviders *self,
                                                    const char      *id);
OutboxProvider  *outbox_providers_lookup_domain    (OutboxProviders *self,
                                                    const char      *domain);
OutboxProvider  *outbox_providers_lookup_address   (OutboxProviders *self,
                                                    const char      *address);
OutboxProvider  *outbox_providers_lookup_mx_host   (OutboxProviders *self,
                                                    const char      *mx_host);

char            *outbox_domain_normalize           (const char      *domain);
char            *outbox_address_get_domain         (const char      *address);

G_END_DECLS
