/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account editor's text fields: which row edits which property of the
 * account, and where its error shows (outbox-account-editor-fields.c); the
 * editor's state, shared with its rows (outbox-account-editor-rows.c). */

#pragma once

#include "outbox-account-draft.h"
#include "outbox-account-editor.h"
#include "outbox-field-error.h"
#include "outbox-last-tested.h"
#include "outbox-settings-form.h"

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

struct _OutboxAccountEditor
{
  AdwPreferencesPage  parent_instance;

  OutboxAccountStore *store;
  OutboxSecrets      *secrets;
  OutboxAccountDraft *draft;
  GHashTable         *touched;        /* properties the user has changed */

  guint               updating;       /* > 0 while the code, not the user, fills rows */
  guint               creating : 1;
  gboolean            password_typed[2];

  OutboxSettingsForm  *settings_form;
  OutboxLastTested    *last_tested;
  AdwPreferencesGroup *identity_group;
  AdwEntryRow         *name_row;
  OutboxFieldError    *name_error;
  AdwEntryRow         *sender_name_row;
  OutboxFieldError    *sender_name_error;
  AdwEntryRow         *sender_address_row;
  OutboxFieldError    *sender_address_error;
  AdwEntryRow         *reply_to_row;
  OutboxFieldError    *reply_to_error;
  AdwEntryRow         *host_row;
  OutboxFieldError    *host_error;
  AdwEntryRow         *port_row;
  OutboxFieldError    *port_error;
  AdwComboRow         *security_row;
  AdwEntryRow         *timeout_row;
  OutboxFieldError    *timeout_error;
  AdwComboRow         *auth_row;
  AdwEntryRow         *username_row;
  OutboxFieldError    *username_error;
  AdwEntryRow         *password_row;
  AdwEntryRow         *smtp_username_row;
  OutboxFieldError    *smtp_username_error;
  AdwEntryRow         *smtp_password_row;
  GtkWidget           *test_button;
  GtkWidget           *test_hint;
};

void _outbox_account_editor_notify_title     (OutboxAccountEditor *self);
void _outbox_account_editor_show_values      (OutboxAccountEditor *self);
void _outbox_account_editor_password_loaded  (OutboxAccountEditor *self,
                                              int                  kind,
                                              const char          *password);
void _outbox_account_editor_rows_class_init  (GtkWidgetClass      *widget_class);

G_END_DECLS
