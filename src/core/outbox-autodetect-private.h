/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal API of autodetection: building results, the probe step, and
 * what tests change (the probe's ports). */

#pragma once

#include "outbox-autodetect.h"

G_BEGIN_DECLS

/* OutboxAutodetectResult */
OutboxAutodetectResult *_outbox_autodetect_result_new          (const char             *address,
                                                                const char             *domain,
                                                                OutboxAutodetectSource  source,
                                                                OutboxProvider         *provider,
                                                                GPtrArray              *servers);
void                    _outbox_autodetect_result_set_mx_host  (OutboxAutodetectResult *self,
                                                                const char             *mx_host);
void                    _outbox_autodetect_result_add_warning  (OutboxAutodetectResult *self,
                                                                const char             *warning);
void                    _outbox_autodetect_result_set_probe_report (OutboxAutodetectResult *self,
                                                                OutboxTestReport       *report);

/* The probe step (outbox-autodetect-probe.c): probes smtp.DOMAIN and
 * mail.DOMAIN on every port of the plan at once. The task's result is an
 * OutboxAutodetectResult, or an OUTBOX_AUTODETECT_ERROR_NOT_FOUND error
 * when nothing answered. */
typedef struct
{
  guint          port;
  OutboxSecurity security;   /* TLS, or STARTTLS (which also finds plain servers) */
} OutboxProbePort;

void                    _outbox_autodetect_probe_async         (const char             *address,
                                                                const char             *domain,
                                                                const OutboxProbePort  *ports,
                                                                guint                   n_ports,
                                                                guint                   timeout_ms,
                                                                GTlsDatabase           *database,
                                                                GCancellable           *cancellable,
                                                                GAsyncReadyCallback     callback,
                                                                gpointer                user_data);
OutboxAutodetectResult *_outbox_autodetect_probe_finish        (GAsyncResult           *result,
                                                                GError                **error);

/* Replaces the probe plan (465 TLS, 587 STARTTLS, 25 STARTTLS): tests
 * point it at their servers' ephemeral ports. */
void                    _outbox_autodetect_set_probe_ports     (OutboxAutodetect       *self,
                                                                const OutboxProbePort  *ports,
                                                                guint                   n_ports);

G_END_DECLS
