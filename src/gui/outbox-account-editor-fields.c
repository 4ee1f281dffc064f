/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account editor's text fields: the table that ties each row to a
 * property of the account and to the row that shows its error. Rows are
 * found by their template names, so the table needs no knowledge of the
 * editor's struct. */

#define G_LOG_DOMAIN "outbox-account-editor"

#include "config.h"

#include "outbox-account-editor-private.h"

#define FIELD(prop, kind, member) \
  { prop, OUTBOX_EDITOR_FIELD_##kind, #member "_row", #member "_error" }

const OutboxEditorField _outbox_editor_fields[] = {
  FIELD ("name", TEXT, name),
  FIELD ("sender-name", TEXT, sender_name),
  FIELD ("sender-address", TEXT, sender_address),
  FIELD ("reply-to", TEXT, reply_to),
  FIELD ("host", TEXT, host),
  FIELD ("port", NUMBER, port),
  FIELD ("timeout", NUMBER, timeout),
  FIELD ("username", TEXT, username),
  FIELD ("smtp-username", TEXT, smtp_username),
};

#undef FIELD

const guint _outbox_editor_n_fields = G_N_ELEMENTS (_outbox_editor_fields);

GtkEditable *
_outbox_editor_field_row (OutboxAccountEditor     *editor,
                          const OutboxEditorField *field)
{
  return GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                      OUTBOX_TYPE_ACCOUNT_EDITOR, field->row));
}

OutboxFieldError *
_outbox_editor_field_error (OutboxAccountEditor     *editor,
                            const OutboxEditorField *field)
{
  return OUTBOX_FIELD_ERROR (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                            OUTBOX_TYPE_ACCOUNT_EDITOR,
                                                            field->error));
}

const OutboxEditorField *
_outbox_editor_find_field (OutboxAccountEditor *editor,
                           GtkEditable         *row)
{
  for (guint i = 0; i < _outbox_editor_n_fields; i++)
    if (_outbox_editor_field_row (editor, &_outbox_editor_fields[i]) == row)
      return &_outbox_editor_fields[i];
  return NULL;
}

/* Anything that is not a plain number becomes 0, which the account's own
 * check turns into a message that says which numbers are allowed. */
guint
_outbox_editor_parse_number (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT, &number, NULL))
    return 0;
  return (guint)number;
}

/* Sets the uninitialized @value to what @text in @field's row means. */
void
_outbox_editor_field_value (const OutboxEditorField *field,
                            const char              *text,
                            GValue                  *value)
{
  if (field->kind == OUTBOX_EDITOR_FIELD_NUMBER)
    {
      g_value_init (value, G_TYPE_UINT);
      g_value_set_uint (value, _outbox_editor_parse_number (text));
    }
  else
    {
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, text);
    }
}
