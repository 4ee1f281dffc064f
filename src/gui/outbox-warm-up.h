/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the first test of a session needs, made ready while nothing runs. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       outbox_warm_up           (GtkWidget *window);
GPtrArray *outbox_warm_up_get_icons (GtkWidget *window);

G_END_DECLS
