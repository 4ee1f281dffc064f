/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The single-instance application that owns the account store. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OUTBOX_TYPE_APPLICATION (outbox_application_get_type ())

G_DECLARE_FINAL_TYPE (OutboxApplication, outbox_application, OUTBOX, APPLICATION, AdwApplication)

OutboxApplication *outbox_application_new (void);

G_END_DECLS
