/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message a test sends: composed with GMime, ready for SMTP DATA. */

#pragma once

#include <gio/gio.h>

#include "outbox-account.h"

G_BEGIN_DECLS

GBytes *outbox_test_message_compose   (OutboxAccount  *account,
                                       const char     *recipient,
                                       GDateTime      *date,
                                       gboolean        eight_bit,
                                       GError        **error);
GBytes *outbox_test_message_dot_stuff (GBytes         *message);

G_END_DECLS
