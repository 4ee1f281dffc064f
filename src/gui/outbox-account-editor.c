/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAccountEditor: the rows of one account. What the user types goes to
 * an OutboxAccountDraft (outbox-account-editor-rows.c), which checks and
 * saves it; the editor marks the fields it refused. Provider offers,
 * detection and the server check work on its rows through an
 * OutboxSettingsForm. */

#define G_LOG_DOMAIN "outbox-account-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outbox-account-editor-private.h"
#include "outbox-detect-group.h"
#include "outbox-server-check.h"
#include "outbox-test-view.h"

enum {
  PROP_0,
  PROP_ACCOUNT_TITLE,
  PROP_STATUS,
  PROP_IS_NEW,
  N_PROPS
};

enum {
  ACCOUNT_ADDED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxAccountEditor, outbox_account_editor, ADW_TYPE_PREFERENCES_PAGE)

void
_outbox_account_editor_notify_title (OutboxAccountEditor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_TITLE]);
}

/* Marks every field with its problem. A new account only shows problems on
 * fields the user has reached, not all over a form that was just opened. */
static void
on_draft_checked (OutboxAccountEditor *self,
                  GHashTable          *problems)
{
  gboolean is_new = outbox_account_draft_get_is_new (self->draft);

  for (guint i = 0; i < _outbox_editor_n_fields; i++)
    {
      const char *property = _outbox_editor_fields[i].property;
      const char *reason = NULL;

      if (!is_new || g_hash_table_contains (self->touched, property))
        reason = g_hash_table_lookup (problems, property);
      outbox_field_error_set_reason (_outbox_editor_field_error (self, &_outbox_editor_fields[i]),
                                     reason);
    }
  if (g_hash_table_size (problems) == 0)
    gtk_widget_set_visible (self->test_hint, FALSE);
}

static void
on_draft_failed (OutboxAccountEditor *self,
                 const GError        *error)
{
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
on_draft_account_added (OutboxAccountEditor *self,
                        OutboxAccount       *account)
{
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account);
}

static void
on_draft_notify (OutboxAccountEditor *self,
                 GParamSpec          *pspec)
{
  if (g_str_equal (pspec->name, "status"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  else if (g_str_equal (pspec->name, "is-new"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_NEW]);
}

static void
populate (OutboxAccountEditor *self)
{
  _outbox_account_editor_show_values (self);
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->smtp_password_row), "");
  self->updating--;

  for (guint i = 0; i < _outbox_editor_n_fields; i++)
    outbox_field_error_set_reason (_outbox_editor_field_error (self, &_outbox_editor_fields[i]),
                                   NULL);
  outbox_settings_form_reset (self->settings_form, self->creating);
  gtk_widget_set_visible (self->test_hint, FALSE);
  adw_preferences_group_set_description (self->identity_group,
                                         self->creating
                                           ? _("The account is saved as soon as it has a name, "
                                               "a sender address and a server.")
                                           : NULL);
  _outbox_account_editor_notify_title (self);
}

/* Leaves the account shown: what waits for a pause is saved now, and its
 * keyring look-ups are abandoned. */
static void
reset (OutboxAccountEditor *self)
{
  if (self->draft != NULL)
    {
      outbox_account_draft_close (self->draft);
      g_signal_handlers_disconnect_by_data (self->draft, self);
      g_clear_object (&self->draft);
    }

  outbox_last_tested_set_account_id (self->last_tested, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test-account", FALSE);
  g_hash_table_remove_all (self->touched);
  self->password_typed[0] = self->password_typed[1] = FALSE;
  self->creating = FALSE;
}

static void
start (OutboxAccountEditor *self,
       OutboxAccount       *account)
{
  self->draft = outbox_account_draft_new (self->store, self->secrets, account);
  g_signal_connect_swapped (self->draft, "checked", G_CALLBACK (on_draft_checked), self);
  g_signal_connect_swapped (self->draft, "failed", G_CALLBACK (on_draft_failed), self);
  g_signal_connect_swapped (self->draft, "account-added", G_CALLBACK (on_draft_account_added), self);
  g_signal_connect_swapped (self->draft, "notify", G_CALLBACK (on_draft_notify), self);
  g_signal_connect_swapped (self->draft, "password-loaded", G_CALLBACK (_outbox_account_editor_password_loaded), self);
  g_signal_connect_swapped (self->draft, "reloaded", G_CALLBACK (_outbox_account_editor_show_values), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test-account", TRUE);
  populate (self);
  outbox_last_tested_set_account_id (self->last_tested,
                                     account ? outbox_account_get_id (account) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_NEW]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* Tests what the form shows: what waits for a pause is saved first, and a
 * form with a refused field is not tested. */
static void
on_test_account (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OutboxAccountEditor *self = OUTBOX_ACCOUNT_EDITOR (widget);
  g_autoptr(GHashTable) problems = NULL;

  if (self->draft == NULL)
    return;

  outbox_account_draft_flush (self->draft);
  problems = outbox_account_draft_check (self->draft);
  if (g_hash_table_size (problems) > 0 || outbox_account_draft_get_account (self->draft) == NULL)
    {
      for (guint i = 0; i < _outbox_editor_n_fields; i++)
        g_hash_table_add (self->touched, (gpointer)_outbox_editor_fields[i].property);
      on_draft_checked (self, problems);
      gtk_widget_set_visible (self->test_hint, TRUE);
      return;
    }

  gtk_widget_set_visible (self->test_hint, FALSE);
  outbox_test_view_open (widget, self->draft, self->secrets,
                         gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                         gtk_editable_get_text (GTK_EDITABLE (self->smtp_password_row)));
}

static void
outbox_account_editor_dispose (GObject *object)
{
  OutboxAccountEditor *self = OUTBOX_ACCOUNT_EDITOR (object);

  reset (self);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_ACCOUNT_EDITOR);

  G_OBJECT_CLASS (outbox_account_editor_parent_class)->dispose (object);
}

static void
outbox_account_editor_finalize (GObject *object)
{
  OutboxAccountEditor *self = OUTBOX_ACCOUNT_EDITOR (object);

  g_clear_pointer (&self->touched, g_hash_table_unref);

  G_OBJECT_CLASS (outbox_account_editor_parent_class)->finalize (object);
}

static void
outbox_account_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OutboxAccountEditor *self = OUTBOX_ACCOUNT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_TITLE:
      g_value_set_string (value, outbox_account_editor_get_title (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, outbox_account_editor_get_status (self));
      break;
    case PROP_IS_NEW:
      g_value_set_boolean (value, outbox_account_editor_get_is_new (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_editor_class_init (OutboxAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_account_editor_dispose;
  object_class->finalize = outbox_account_editor_finalize;
  object_class->get_property = outbox_account_editor_get_property;

  properties[PROP_ACCOUNT_TITLE] =
    g_param_spec_string ("account-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_NEW] =
    g_param_spec_boolean ("is-new", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new account passed validation and is now in the store. */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OUTBOX_TYPE_ACCOUNT);
  /* Saving the account or a password, or reading a password, failed: a
   * store or keyring error, for the window to tell the user. */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, last_tested);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, settings_form);
  gtk_widget_class_bind_template_child_full (widget_class, "detect_group", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "server_check", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, identity_group);
#define BIND_FIELD(member)                                                                    \
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, member##_row);     \
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, member##_error)
  BIND_FIELD (name);
  BIND_FIELD (sender_name);
  BIND_FIELD (sender_address);
  BIND_FIELD (reply_to);
  BIND_FIELD (host);
  BIND_FIELD (port);
  BIND_FIELD (timeout);
  BIND_FIELD (username);
  BIND_FIELD (smtp_username);
#undef BIND_FIELD
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, security_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, auth_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, smtp_password_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, test_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxAccountEditor, test_hint);
  gtk_widget_class_install_action (widget_class, "editor.test-account", NULL, on_test_account);
  _outbox_account_editor_rows_class_init (widget_class);
}

static void
outbox_account_editor_init (OutboxAccountEditor *self)
{
  g_type_ensure (OUTBOX_TYPE_FIELD_ERROR);
  g_type_ensure (OUTBOX_TYPE_LAST_TESTED);
  g_type_ensure (OUTBOX_TYPE_SETTINGS_FORM);
  g_type_ensure (OUTBOX_TYPE_DETECT_GROUP);
  g_type_ensure (OUTBOX_TYPE_SERVER_CHECK);
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.test-account", FALSE);
}

GtkWidget *
outbox_account_editor_new (void)
{
  return g_object_new (OUTBOX_TYPE_ACCOUNT_EDITOR, NULL);
}

void
outbox_account_editor_set_store (OutboxAccountEditor *self,
                                 OutboxAccountStore  *store,
                                 OutboxSecrets       *secrets)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self));
  g_return_if_fail (OUTBOX_IS_ACCOUNT_STORE (store));
  g_return_if_fail (OUTBOX_IS_SECRETS (secrets));

  g_set_object (&self->store, store);
  g_set_object (&self->secrets, secrets);
}

/* @journal: (nullable): where "Last tested" comes from */
void
outbox_account_editor_set_journal (OutboxAccountEditor *self,
                                   OutboxJournal       *journal)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self));

  outbox_last_tested_set_journal (self->last_tested, journal);
}

/* Shows @account (one from the store) for editing, or nothing when %NULL. */
void
outbox_account_editor_edit (OutboxAccountEditor *self,
                            OutboxAccount       *account)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self));
  g_return_if_fail (account == NULL || OUTBOX_IS_ACCOUNT (account));

  if (account != NULL && account == outbox_account_editor_get_account (self))
    return;

  reset (self);
  if (account == NULL || self->store == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_NEW]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      _outbox_account_editor_notify_title (self);
      return;
    }

  start (self, account);
  outbox_account_draft_load_passwords (self->draft);
}

/* Starts a new account: it joins the store once its required fields are
 * valid. Provider offers and detection are there while it stays on screen. */
void
outbox_account_editor_create (OutboxAccountEditor *self)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self));
  g_return_if_fail (self->store != NULL);

  reset (self);
  self->creating = TRUE;
  start (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* Returns: (transfer none) (nullable): the stored account being edited, or
 * %NULL for nothing or a new account that is not in the store yet. */
OutboxAccount *
outbox_account_editor_get_account (OutboxAccountEditor *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self), NULL);

  return self->draft ? outbox_account_draft_get_account (self->draft) : NULL;
}

gboolean
outbox_account_editor_get_is_new (OutboxAccountEditor *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self), FALSE);

  return self->draft != NULL && outbox_account_draft_get_is_new (self->draft);
}

const char *
outbox_account_editor_get_title (OutboxAccountEditor *self)
{
  const char *name;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self), NULL);

  if (self->draft == NULL)
    return NULL;

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (name[0] != '\0')
    return name;
  if (outbox_account_draft_get_is_new (self->draft))
    return _("New Account");
  return outbox_account_get_name (outbox_account_draft_get_values (self->draft));
}

const char *
outbox_account_editor_get_status (OutboxAccountEditor *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self), NULL);

  return self->draft ? outbox_account_draft_get_status (self->draft) : NULL;
}

/* Saves what waits for a pause in typing now, e.g. before the window closes. */
void
outbox_account_editor_flush (OutboxAccountEditor *self)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT_EDITOR (self));

  if (self->draft != NULL)
    outbox_account_draft_flush (self->draft);
}
