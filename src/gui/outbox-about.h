/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The About window of Outbox. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void outbox_show_about (GtkWindow *parent);

G_END_DECLS
