/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Notices in the window: a line per notice, and the summary's count. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

/* The narrowest a notice's text gets, in characters. */
#define OUTBOX_NOTICE_VIEW_WIDTH_CHARS 20

GtkWidget *outbox_notice_view_new       (OutboxNotice *notice,
                                         gboolean      selectable);
void       outbox_notice_view_add       (GtkBox       *notes,
                                         OutboxNotice *notice);
char      *outbox_notice_view_summarize (const char   *summary,
                                         GPtrArray    *notices);

G_END_DECLS
