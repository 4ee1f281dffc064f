/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSettingsForm: the sender address and server rows of the account
 * editor, watched so that settings offered by the app (a provider, a
 * detection, a server check) fill only what the user did not type. A field
 * is the user's once it changed while the app was not filling it in; an
 * empty field is always free. Everything goes through the rows, so the
 * editor checks and saves what is filled like anything typed.
 *
 * While an account is being created, the user name follows the sender
 * address in the form the chosen provider expects, until the user types a
 * user name. */

#define G_LOG_DOMAIN "outbox-settings-form"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-settings-form.h"

struct _OutboxSettingsForm
{
  GObject              parent_instance;

  GtkEditable         *address_row;
  GtkEditable         *host_row;
  GtkEditable         *port_row;
  AdwComboRow         *security_row;
  AdwComboRow         *auth_row;
  GtkEditable         *username_row;

  GTlsDatabase        *database;
  OutboxAccountFields  user_fields;  /* typed or chosen by the user */
  OutboxLoginForm      login_form;   /* the user name the address makes */
  guint                filling;      /* > 0 while the app fills rows */
  gboolean             creating;
};

enum {
  PROP_0,
  PROP_ADDRESS_ROW,
  PROP_HOST_ROW,
  PROP_PORT_ROW,
  PROP_SECURITY_ROW,
  PROP_AUTH_ROW,
  PROP_USERNAME_ROW,
  N_PROPS
};

enum {
  RESET,
  ADDRESS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxSettingsForm, outbox_settings_form, G_TYPE_OBJECT)

static char *
row_text (GtkEditable *row)
{
  return row ? g_strstrip (g_strdup (gtk_editable_get_text (row))) : g_strdup ("");
}

static gboolean
row_is_empty (GtkEditable *row)
{
  g_autofree char *text = row_text (row);

  return text[0] == '\0';
}

static OutboxAccountFields
field_of (OutboxSettingsForm *self,
          gpointer            row)
{
  if (row == self->host_row)
    return OUTBOX_ACCOUNT_FIELD_HOST;
  if (row == self->port_row)
    return OUTBOX_ACCOUNT_FIELD_PORT;
  if (row == self->security_row)
    return OUTBOX_ACCOUNT_FIELD_SECURITY;
  if (row == self->auth_row)
    return OUTBOX_ACCOUNT_FIELD_AUTH;
  if (row == self->username_row)
    return OUTBOX_ACCOUNT_FIELD_USERNAME;
  return OUTBOX_ACCOUNT_FIELD_NONE;
}

static void
set_text (OutboxSettingsForm *self,
          GtkEditable        *row,
          const char         *text)
{
  if (row == NULL || g_strcmp0 (gtk_editable_get_text (row), text) == 0)
    return;
  self->filling++;
  gtk_editable_set_text (row, text);
  self->filling--;
}

static void
set_selected (OutboxSettingsForm *self,
              AdwComboRow        *row,
              guint               selected)
{
  if (row == NULL || adw_combo_row_get_selected (row) == selected)
    return;
  self->filling++;
  adw_combo_row_set_selected (row, selected);
  self->filling--;
}

static gboolean
is_free (OutboxSettingsForm  *self,
         OutboxAccountFields  field,
         OutboxAccountFields  force)
{
  GtkEditable *row = NULL;

  if ((force & field) || !(self->user_fields & field))
    return TRUE;
  if (field == OUTBOX_ACCOUNT_FIELD_HOST)
    row = self->host_row;
  else if (field == OUTBOX_ACCOUNT_FIELD_PORT)
    row = self->port_row;
  else if (field == OUTBOX_ACCOUNT_FIELD_USERNAME)
    row = self->username_row;
  return row != NULL && row_is_empty (row);
}

static void
follow_address (OutboxSettingsForm *self)
{
  g_autofree char *address = NULL;
  g_autofree char *username = NULL;

  if (!self->creating || !is_free (self, OUTBOX_ACCOUNT_FIELD_USERNAME, 0))
    return;

  address = row_text (self->address_row);
  username = outbox_login_form_apply (self->login_form, address);
  set_text (self, self->username_row, username ? username : address);
}

static void
on_row_changed (OutboxSettingsForm *self,
                gpointer            row)
{
  if (self->filling > 0)
    return;

  if (row == self->address_row)
    follow_address (self);
  else
    self->user_fields |= field_of (self, row);

  if (row == self->address_row || row == self->username_row)
    g_signal_emit (self, signals[ADDRESS_CHANGED], 0);
}

static void
watch (OutboxSettingsForm *self,
       gpointer           *slot,
       GObject            *row)
{
  g_return_if_fail (*slot == NULL);
  if (row == NULL)
    return;

  g_set_weak_pointer (slot, row);
  if (GTK_IS_EDITABLE (row))
    g_signal_connect_object (row, "changed", G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
  else
    g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_row_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
outbox_settings_form_dispose (GObject *object)
{
  OutboxSettingsForm *self = OUTBOX_SETTINGS_FORM (object);

  g_clear_weak_pointer (&self->address_row);
  g_clear_weak_pointer (&self->host_row);
  g_clear_weak_pointer (&self->port_row);
  g_clear_weak_pointer (&self->security_row);
  g_clear_weak_pointer (&self->auth_row);
  g_clear_weak_pointer (&self->username_row);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (outbox_settings_form_parent_class)->dispose (object);
}

static void
outbox_settings_form_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OutboxSettingsForm *self = OUTBOX_SETTINGS_FORM (object);
  GObject *row = g_value_get_object (value);

  switch (prop_id)
    {
    case PROP_ADDRESS_ROW:
      watch (self, (gpointer *)&self->address_row, row);
      break;
    case PROP_HOST_ROW:
      watch (self, (gpointer *)&self->host_row, row);
      break;
    case PROP_PORT_ROW:
      watch (self, (gpointer *)&self->port_row, row);
      break;
    case PROP_SECURITY_ROW:
      watch (self, (gpointer *)&self->security_row, row);
      break;
    case PROP_AUTH_ROW:
      watch (self, (gpointer *)&self->auth_row, row);
      break;
    case PROP_USERNAME_ROW:
      watch (self, (gpointer *)&self->username_row, row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_settings_form_class_init (OutboxSettingsFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = outbox_settings_form_dispose;
  object_class->set_property = outbox_settings_form_set_property;

#define ROW_PROPERTY(id, name, type)                                          \
  properties[id] = g_param_spec_object (name, NULL, NULL, type,               \
                                        G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS)
  ROW_PROPERTY (PROP_ADDRESS_ROW, "address-row", GTK_TYPE_EDITABLE);
  ROW_PROPERTY (PROP_HOST_ROW, "host-row", GTK_TYPE_EDITABLE);
  ROW_PROPERTY (PROP_PORT_ROW, "port-row", GTK_TYPE_EDITABLE);
  ROW_PROPERTY (PROP_SECURITY_ROW, "security-row", ADW_TYPE_COMBO_ROW);
  ROW_PROPERTY (PROP_AUTH_ROW, "auth-row", ADW_TYPE_COMBO_ROW);
  ROW_PROPERTY (PROP_USERNAME_ROW, "username-row", GTK_TYPE_EDITABLE);
#undef ROW_PROPERTY
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Another account (or a new one) is shown: offers about the last one
   * no longer apply. */
  signals[RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user changed the sender address or the user name. */
  signals[ADDRESS_CHANGED] =
    g_signal_new ("address-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
outbox_settings_form_init (OutboxSettingsForm *self)
{
  self->login_form = OUTBOX_LOGIN_FORM_ADDRESS;
}

/**
 * outbox_settings_form_reset:
 * @creating: whether the rows show a new account; an existing account's
 *   settings count as the user's own
 *
 * Called once the rows show another account.
 */
void
outbox_settings_form_reset (OutboxSettingsForm *self,
                            gboolean            creating)
{
  g_return_if_fail (OUTBOX_IS_SETTINGS_FORM (self));

  self->creating = !!creating;
  self->user_fields = creating ? OUTBOX_ACCOUNT_FIELD_NONE : OUTBOX_ACCOUNT_FIELD_ALL;
  self->login_form = OUTBOX_LOGIN_FORM_ADDRESS;
  g_signal_emit (self, signals[RESET], 0);
}

gboolean
outbox_settings_form_get_creating (OutboxSettingsForm *self)
{
  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), FALSE);
  return self->creating;
}

/**
 * outbox_settings_form_get_address:
 *
 * Returns: (transfer full) (nullable): the address to find settings for:
 *   the sender address, or the user name when only it looks like an
 *   address; NULL when neither has a domain.
 */
char *
outbox_settings_form_get_address (OutboxSettingsForm *self)
{
  g_autofree char *address = NULL;
  g_autofree char *domain = NULL;

  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), NULL);

  address = row_text (self->address_row);
  if ((domain = outbox_address_get_domain (address)))
    return g_steal_pointer (&address);
  g_free (address);
  address = row_text (self->username_row);
  if ((domain = outbox_address_get_domain (address)))
    return g_steal_pointer (&address);
  return NULL;
}

char *
outbox_settings_form_get_host (OutboxSettingsForm *self)
{
  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), NULL);
  return row_text (self->host_row);
}

/* Returns: the port shown, or 0 when the row holds no valid port. */
guint
outbox_settings_form_get_port (OutboxSettingsForm *self)
{
  g_autofree char *text = NULL;
  guint64 port = 0;

  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), 0);

  text = row_text (self->port_row);
  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    return 0;
  return (guint)port;
}

OutboxSecurity
outbox_settings_form_get_security (OutboxSettingsForm *self)
{
  guint selected;

  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), OUTBOX_SECURITY_STARTTLS);

  selected = self->security_row ? adw_combo_row_get_selected (self->security_row)
                                : OUTBOX_SECURITY_STARTTLS;
  return selected <= OUTBOX_SECURITY_TLS ? (OutboxSecurity)selected : OUTBOX_SECURITY_STARTTLS;
}

/* Returns: the fields the user typed or chose since the account was shown
 * (for an existing account, all of them). */
OutboxAccountFields
outbox_settings_form_get_user_fields (OutboxSettingsForm *self)
{
  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), OUTBOX_ACCOUNT_FIELD_NONE);
  return self->user_fields;
}

/**
 * outbox_settings_form_apply:
 * @server: the server to fill in
 * @login_form: how the user name is made of the sender address
 * @fields: the fields to fill (host, port, security, sign-in, user name)
 * @force: the fields to fill even when the user typed them: the user
 *   asked for exactly this change
 *
 * Fills the rows of @fields that are empty or were filled by the app;
 * password sign-in comes with a server that needs it.
 *
 * Returns: the fields that would have changed but kept what the user
 *   typed.
 */
OutboxAccountFields
outbox_settings_form_apply (OutboxSettingsForm  *self,
                            const OutboxServer  *server,
                            OutboxLoginForm      login_form,
                            OutboxAccountFields  fields,
                            OutboxAccountFields  force)
{
  OutboxAccountFields kept = OUTBOX_ACCOUNT_FIELD_NONE;
  g_autofree char *host = NULL;
  g_autofree char *address = NULL;
  g_autofree char *username = NULL;
  g_autofree char *current = NULL;
  g_autofree char *port = NULL;

  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), OUTBOX_ACCOUNT_FIELD_NONE);
  g_return_val_if_fail (server != NULL, OUTBOX_ACCOUNT_FIELD_NONE);

  host = outbox_settings_form_get_host (self);
  if ((fields & OUTBOX_ACCOUNT_FIELD_HOST) && g_ascii_strcasecmp (host, server->host) != 0)
    {
      if (is_free (self, OUTBOX_ACCOUNT_FIELD_HOST, force))
        set_text (self, self->host_row, server->host);
      else
        kept |= OUTBOX_ACCOUNT_FIELD_HOST;
    }

  /* The security first: the editor moves a default port along with it,
   * and the port below then says the last word. */
  if ((fields & OUTBOX_ACCOUNT_FIELD_SECURITY) &&
      outbox_settings_form_get_security (self) != server->security)
    {
      if (is_free (self, OUTBOX_ACCOUNT_FIELD_SECURITY, force))
        set_selected (self, self->security_row, server->security);
      else
        kept |= OUTBOX_ACCOUNT_FIELD_SECURITY;
    }

  if ((fields & OUTBOX_ACCOUNT_FIELD_PORT) && outbox_settings_form_get_port (self) != server->port)
    {
      port = g_strdup_printf ("%u", server->port);
      if (is_free (self, OUTBOX_ACCOUNT_FIELD_PORT, force))
        set_text (self, self->port_row, port);
      else
        kept |= OUTBOX_ACCOUNT_FIELD_PORT;
    }

  if ((fields & OUTBOX_ACCOUNT_FIELD_AUTH) && self->auth_row &&
      adw_combo_row_get_selected (self->auth_row) != OUTBOX_AUTH_PASSWORD)
    {
      if (is_free (self, OUTBOX_ACCOUNT_FIELD_AUTH, force))
        set_selected (self, self->auth_row, OUTBOX_AUTH_PASSWORD);
      else
        kept |= OUTBOX_ACCOUNT_FIELD_AUTH;
    }

  if (fields & OUTBOX_ACCOUNT_FIELD_USERNAME)
    {
      self->login_form = login_form;
      address = outbox_settings_form_get_address (self);
      username = outbox_login_form_apply (login_form, address);
      current = row_text (self->username_row);
      if (username && g_strcmp0 (current, username) != 0)
        {
          if (is_free (self, OUTBOX_ACCOUNT_FIELD_USERNAME, force))
            set_text (self, self->username_row, username);
          else
            kept |= OUTBOX_ACCOUNT_FIELD_USERNAME;
        }
    }

  return kept;
}

/**
 * outbox_settings_form_describe_kept:
 *
 * Returns: (transfer full) (nullable): a sentence naming the fields that
 *   kept what the user typed, or NULL for none.
 */
char *
outbox_settings_form_describe_kept (OutboxAccountFields kept)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *list = NULL;

  if (kept & OUTBOX_ACCOUNT_FIELD_HOST)
    /* TRANSLATORS: a field of the form, in a list after "Kept what you typed:" */
    g_ptr_array_add (names, _("server"));
  if (kept & OUTBOX_ACCOUNT_FIELD_PORT)
    /* TRANSLATORS: a field of the form, in a list after "Kept what you typed:" */
    g_ptr_array_add (names, _("port"));
  if (kept & OUTBOX_ACCOUNT_FIELD_SECURITY)
    /* TRANSLATORS: a field of the form, in a list after "Kept what you typed:" */
    g_ptr_array_add (names, _("security"));
  if (kept & OUTBOX_ACCOUNT_FIELD_AUTH)
    /* TRANSLATORS: a field of the form, in a list after "Kept what you typed:" */
    g_ptr_array_add (names, _("sign-in"));
  if (kept & OUTBOX_ACCOUNT_FIELD_USERNAME)
    /* TRANSLATORS: a field of the form, in a list after "Kept what you typed:" */
    g_ptr_array_add (names, _("user name"));
  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  list = g_strjoinv (", ", (char **)names->pdata);
  /* TRANSLATORS: %s is a list of form fields, such as "server, port" */
  return g_strdup_printf (_("Kept what you typed: %s."), list);
}

GTlsDatabase *
outbox_settings_form_get_tls_database (OutboxSettingsForm *self)
{
  g_return_val_if_fail (OUTBOX_IS_SETTINGS_FORM (self), NULL);
  return self->database;
}

/**
 * outbox_settings_form_set_tls_database:
 * @database: (nullable): the certificate authorities that detection and
 *   the server check trust; NULL for the system's (tests set their own)
 */
void
outbox_settings_form_set_tls_database (OutboxSettingsForm *self,
                                       GTlsDatabase       *database)
{
  g_return_if_fail (OUTBOX_IS_SETTINGS_FORM (self));
  g_set_object (&self->database, database);
}

/* Returns: (transfer full): "smtp.example.com, port 465, SSL/TLS". */
char *
outbox_server_describe (const OutboxServer *server)
{
  const char *security;

  switch (server->security)
    {
    case OUTBOX_SECURITY_TLS:
      security = _("SSL/TLS");
      break;
    case OUTBOX_SECURITY_STARTTLS:
      security = _("STARTTLS");
      break;
    case OUTBOX_SECURITY_NONE:
    default:
      /* TRANSLATORS: how a connection is secured: not at all */
      security = _("no encryption");
      break;
    }
  /* TRANSLATORS: a server name, its port, and how the connection is secured
   * ("SSL/TLS", "STARTTLS" or "no encryption") */
  return g_strdup_printf (_("%s, port %u, %s"), server->host, server->port, security);
}
