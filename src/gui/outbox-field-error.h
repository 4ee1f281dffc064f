/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one-line reason shown under a form field that was not accepted. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OUTBOX_TYPE_FIELD_ERROR (outbox_field_error_get_type ())

G_DECLARE_FINAL_TYPE (OutboxFieldError, outbox_field_error, OUTBOX, FIELD_ERROR, AdwPreferencesRow)

GtkWidget  *outbox_field_error_get_field  (OutboxFieldError *self);
void        outbox_field_error_set_field  (OutboxFieldError *self,
                                           GtkWidget        *field);
const char *outbox_field_error_get_reason (OutboxFieldError *self);
void        outbox_field_error_set_reason (OutboxFieldError *self,
                                           const char       *reason);

G_END_DECLS
