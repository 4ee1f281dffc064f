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

/* How OutboxIcon finds and draws its icon, for other widgets that draw a
 * theme icon themselves (OutboxSpinner) and for outbox_warm_up(), which
 * must ask for the same icons under the same key. */
GtkIconPaintable *outbox_icon_lookup             (GtkWidget        *widget,
                                                  const char       *icon_name,
                                                  int               size);
void              outbox_icon_snapshot_paintable (GtkWidget        *widget,
                                                  GtkSnapshot      *snapshot,
                                                  GtkIconPaintable *icon,
                                                  int               size);

G_END_DECLS
