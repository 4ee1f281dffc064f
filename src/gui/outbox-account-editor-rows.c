/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rows of OutboxAccountEditor and its draft: what the user types goes
 * to the draft, and the draft's values and passwords show in the rows. */

#define G_LOG_DOMAIN "outbox-account-editor"

#include "config.h"

#include "outbox-account-editor-private.h"

static void
set_row_text (OutboxAccountEditor *self,
              GtkEditable         *row,
              const char          *text)
{
  self->updating++;
  if (g_strcmp0 (gtk_editable_get_text (row), text) != 0)
    gtk_editable_set_text (row, text);
  self->updating--;
}

static OutboxAccount *
values (OutboxAccountEditor *self)
{
  return outbox_account_draft_get_values (self->draft);
}

static void
update_auth_rows (OutboxAccountEditor *self)
{
  OutboxAuth auth = self->draft ? outbox_account_get_auth (values (self)) : OUTBOX_AUTH_PASSWORD;

  gtk_widget_set_visible (GTK_WIDGET (self->username_row), auth != OUTBOX_AUTH_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), auth != OUTBOX_AUTH_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->smtp_username_row), auth == OUTBOX_AUTH_SEPARATE);
  gtk_widget_set_visible (GTK_WIDGET (self->smtp_password_row), auth == OUTBOX_AUTH_SEPARATE);
}

static void
on_field_changed (GtkEditable         *row,
                  OutboxAccountEditor *self)
{
  const OutboxEditorField *field = _outbox_editor_find_field (self, row);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *problem = NULL;
  const char *text = gtk_editable_get_text (row);

  if (self->updating > 0 || self->draft == NULL || field == NULL)
    return;

  g_hash_table_add (self->touched, (gpointer)field->property);
  _outbox_editor_field_value (field, text, &value);

  /* A refusal shows when typing pauses, not at each keystroke of a word in
   * progress; a correction shows at once. */
  problem = outbox_account_draft_apply (self->draft, field->property, &value);
  if (problem == NULL)
    outbox_field_error_set_reason (_outbox_editor_field_error (self, field), NULL);

  if (g_str_equal (field->property, "name"))
    _outbox_account_editor_notify_title (self);
}

static void
on_password_changed (GtkEditable         *row,
                     OutboxAccountEditor *self)
{
  gboolean smtp = row == GTK_EDITABLE (self->smtp_password_row);

  if (self->updating > 0 || self->draft == NULL)
    return;

  self->password_typed[smtp] = TRUE;
  outbox_account_draft_set_password (self->draft,
                                     smtp ? OUTBOX_SECRET_KIND_SMTP : OUTBOX_SECRET_KIND_ACCOUNT,
                                     gtk_editable_get_text (row));
}

static void
on_security_selected (OutboxAccountEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->security_row);
  GtkEditable *port_row = GTK_EDITABLE (self->port_row);
  guint shown, before;

  if (self->updating > 0 || self->draft == NULL || selected > OUTBOX_SECURITY_TLS)
    return;

  /* The account moves a port that was still the old default; the row
   * follows when it showed that port, not text the user is correcting. */
  shown = _outbox_editor_parse_number (gtk_editable_get_text (port_row));
  before = outbox_account_get_port (values (self));
  outbox_account_set_security (values (self), (OutboxSecurity)selected);
  if (shown == before)
    {
      g_autofree char *port = g_strdup_printf ("%u", outbox_account_get_port (values (self)));
      set_row_text (self, port_row, port);
    }

  outbox_account_draft_changed (self->draft);
}

static void
on_auth_selected (OutboxAccountEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->auth_row);

  if (self->updating > 0 || self->draft == NULL || selected > OUTBOX_AUTH_SEPARATE)
    return;

  outbox_account_set_auth (values (self), (OutboxAuth)selected);
  update_auth_rows (self);
  outbox_account_draft_changed (self->draft);
}

void
_outbox_account_editor_password_loaded (OutboxAccountEditor *self,
                                        int                  kind,
                                        const char          *password)
{
  gboolean smtp = kind == OUTBOX_SECRET_KIND_SMTP;

  /* What the user typed meanwhile wins over what the keyring had. */
  if (!self->password_typed[smtp])
    set_row_text (self, GTK_EDITABLE (smtp ? self->smtp_password_row : self->password_row),
                  password);
}

/* Shows the draft in the rows without treating it as an edit. */
void
_outbox_account_editor_show_values (OutboxAccountEditor *self)
{
  OutboxAccount *account = values (self);

  self->updating++;
  for (guint i = 0; i < _outbox_editor_n_fields; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *number = NULL;

      g_object_get_property (G_OBJECT (account), _outbox_editor_fields[i].property, &value);
      if (_outbox_editor_fields[i].kind == OUTBOX_EDITOR_FIELD_NUMBER)
        number = g_strdup_printf ("%u", g_value_get_uint (&value));
      gtk_editable_set_text (_outbox_editor_field_row (self, &_outbox_editor_fields[i]),
                             number ? number : g_value_get_string (&value));
    }
  adw_combo_row_set_selected (self->security_row, outbox_account_get_security (account));
  adw_combo_row_set_selected (self->auth_row, outbox_account_get_auth (account));
  self->updating--;
  update_auth_rows (self);
}

void
_outbox_account_editor_rows_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_security_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_auth_selected);
}
