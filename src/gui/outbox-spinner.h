/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A spinner that turns without restyling or relayouting its window. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OUTBOX_TYPE_SPINNER (outbox_spinner_get_type ())

G_DECLARE_FINAL_TYPE (OutboxSpinner, outbox_spinner, OUTBOX, SPINNER, GtkWidget)

GtkWidget *outbox_spinner_new          (void);
gboolean   outbox_spinner_get_spinning (OutboxSpinner *self);
void       outbox_spinner_set_spinning (OutboxSpinner *self,
                                        gboolean       spinning);

G_END_DECLS
