/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finds the submission settings for an address without sending any
 * password: the bundled presets, then DNS SRV records, then the MX
 * records, then asking smtp.<domain> and mail.<domain> themselves. */

#pragma once

#include <gio/gio.h>

#include "outbox-autodetect-result.h"
#include "outbox-providers.h"

G_BEGIN_DECLS

#define OUTBOX_AUTODETECT_ERROR (outbox_autodetect_error_quark ())

typedef enum
{
  OUTBOX_AUTODETECT_ERROR_INVALID_ADDRESS,  /* no domain to look at */
  OUTBOX_AUTODETECT_ERROR_NOT_FOUND,        /* every step came back empty */
} OutboxAutodetectError;

GQuark outbox_autodetect_error_quark (void);

/* How long the probe step waits for the servers, all at once. */
#define OUTBOX_AUTODETECT_DEFAULT_PROBE_TIMEOUT_MS 8000

#define OUTBOX_TYPE_AUTODETECT (outbox_autodetect_get_type ())

G_DECLARE_FINAL_TYPE (OutboxAutodetect, outbox_autodetect, OUTBOX, AUTODETECT, GObject)

OutboxAutodetect       *outbox_autodetect_new                (void);
void                    outbox_autodetect_set_providers      (OutboxAutodetect     *self,
                                                              OutboxProviders      *providers);
void                    outbox_autodetect_set_resolver       (OutboxAutodetect     *self,
                                                              GResolver            *resolver);
void                    outbox_autodetect_set_tls_database   (OutboxAutodetect     *self,
                                                              GTlsDatabase         *database);
void                    outbox_autodetect_set_use_network    (OutboxAutodetect     *self,
                                                              gboolean              use_network);
void                    outbox_autodetect_set_probe_timeout  (OutboxAutodetect     *self,
                                                              guint                 timeout_ms);

void                    outbox_autodetect_run_async          (OutboxAutodetect     *self,
                                                              const char           *address,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
OutboxAutodetectResult *outbox_autodetect_run_finish         (OutboxAutodetect     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* The same with every default: the bundled presets, the default resolver,
 * the system's certificate authorities, network allowed. */
void                    outbox_autodetect_async              (const char           *address,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
OutboxAutodetectResult *outbox_autodetect_finish             (GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
