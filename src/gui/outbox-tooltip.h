/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tooltips that change often, without asking the display server each time. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        outbox_tooltip_set (GtkWidget  *widget,
                                const char *text);
const char *outbox_tooltip_get (GtkWidget  *widget);

G_END_DECLS
