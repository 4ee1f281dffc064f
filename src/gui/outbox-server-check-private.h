/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What tests change in the server check: the ports it tries besides the
 * account's own (465 for SSL/TLS and 587 for STARTTLS). */

#pragma once

#include "outbox-server-check.h"

G_BEGIN_DECLS

void _outbox_server_check_set_ports (OutboxServerCheck *self,
                                     guint              tls_port,
                                     guint              starttls_port);

G_END_DECLS
