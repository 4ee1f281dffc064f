/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A probe: an OutboxSmtpSession that only reads what a server offers. */

#pragma once

#include "outbox-smtp-session.h"

G_BEGIN_DECLS

OutboxSmtpSession *outbox_smtp_probe_new (const char     *host,
                                          guint           port,
                                          OutboxSecurity  security,
                                          guint           timeout,
                                          GTlsDatabase   *database);

G_END_DECLS
