/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the autodetection tests (test-autodetect, test-autodetect-probe):
 * running a detection to its end and checking the servers it found. */

#pragma once

#include "outbox.h"

G_BEGIN_DECLS

/* Runs @autodetect on @address in the thread-default main context until it
 * finishes; @elapsed_ms (optional) gets how long it took. */
OutboxAutodetectResult *autodetect_test_run           (OutboxAutodetect       *autodetect,
                                                       const char             *address,
                                                       GCancellable           *cancellable,
                                                       gint64                 *elapsed_ms,
                                                       GError                **error);
/* The @index-th server of @result is @host:@port with @security. */
void                    autodetect_test_assert_server (OutboxAutodetectResult *result,
                                                       guint                   index,
                                                       const char             *host,
                                                       guint                   port,
                                                       OutboxSecurity          security);

G_END_DECLS
