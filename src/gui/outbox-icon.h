/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A theme icon whose changes only redraw it. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OUTBOX_TYPE_ICON (outbox_icon_get_type ())

G_DECLARE_FINAL_TYPE (OutboxIcon, outbox_icon, OUTBOX, ICON, GtkWidget)

GtkWidget  *outbox_icon_new           (void);
const char *outbox_icon_get_icon_name (OutboxIcon *self);
void        outbox_icon_set_icon_name (OutboxIcon *self,
                                       const char *icon_name);

G_END_DECLS
