/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A list row showing a name and its value under it. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OUTBOX_TYPE_PROPERTY_ROW (outbox_property_row_get_type ())

G_DECLARE_FINAL_TYPE (OutboxPropertyRow, outbox_property_row, OUTBOX, PROPERTY_ROW, AdwPreferencesRow)

const char *outbox_property_row_get_subtitle (OutboxPropertyRow *self);
void        outbox_property_row_set_subtitle (OutboxPropertyRow *self,
                                              const char        *subtitle);

void        outbox_preferences_row_show_title (AdwPreferencesRow *row,
                                               GtkLabel          *label);

G_END_DECLS
