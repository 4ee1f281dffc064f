/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account editor's text fields: which row edits which property of the
 * account, and where its error shows (outbox-account-editor-fields.c). */

#pragma once

#include "outbox-account-editor.h"
#include "outbox-field-error.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_EDITOR_FIELD_TEXT,
  OUTBOX_EDITOR_FIELD_NUMBER,
} OutboxEditorFieldKind;

typedef struct
{
  const char            *property;  /* of OutboxAccount */
  OutboxEditorFieldKind  kind;
  const char            *row;       /* template child names */
  const char            *error;
} OutboxEditorField;

extern const OutboxEditorField _outbox_editor_fields[];
extern const guint             _outbox_editor_n_fields;

GtkEditable             *_outbox_editor_field_row   (OutboxAccountEditor     *editor,
                                                     const OutboxEditorField *field);
OutboxFieldError        *_outbox_editor_field_error (OutboxAccountEditor     *editor,
                                                     const OutboxEditorField *field);
const OutboxEditorField *_outbox_editor_find_field  (OutboxAccountEditor     *editor,
                                                     GtkEditable             *row);
void                     _outbox_editor_field_value (const OutboxEditorField *field,
                                                     const char              *text,
                                                     GValue                  *value);
guint                    _outbox_editor_parse_number (const char             *text);

G_END_DECLS
