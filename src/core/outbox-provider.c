/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxProvider: one entry of the bundled presets, immutable once made by
 * the catalog (OutboxProviders), and the way its settings go into an account. */

#define G_LOG_DOMAIN "outbox-providers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-provider-private.h"

struct _OutboxProvider
{
  GObject          parent_instance;

  char            *id;
  char            *name;
  char           **domains;
  GPtrArray       *servers;        /* OutboxServer, best first */
  OutboxLoginForm  login_form;
  char           **note_ids;
  guint            size_limit_mb;
  char           **mx_patterns;
  char            *documentation;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxProvider, outbox_provider, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (OutboxServer, outbox_server, outbox_server_copy, outbox_server_free)

OutboxServer *
outbox_server_new (const char     *host,
                   guint           port,
                   OutboxSecurity  security)
{
  OutboxServer *server = g_new0 (OutboxServer, 1);

  server->host = g_strdup (host);
  server->port = port;
  server->security = security;
  return server;
}

OutboxServer *
outbox_server_copy (const OutboxServer *server)
{
  return outbox_server_new (server->host, server->port, server->security);
}

void
outbox_server_free (OutboxServer *server)
{
  if (server == NULL)
    return;
  g_free (server->host);
  g_free (server);
}

static void
outbox_provider_finalize (GObject *object)
{
  OutboxProvider *self = OUTBOX_PROVIDER (object);

  g_free (self->id);
  g_free (self->name);
  g_strfreev (self->domains);
  g_ptr_array_unref (self->servers);
  g_strfreev (self->note_ids);
  g_strfreev (self->mx_patterns);
  g_free (self->documentation);

  G_OBJECT_CLASS (outbox_provider_parent_class)->finalize (object);
}

static void
outbox_provider_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OutboxProvider *self = OUTBOX_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_provider_class_init (OutboxProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_provider_finalize;
  object_class->get_property = outbox_provider_get_property;

  /* Read-only, for lists and expressions in the window. */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
outbox_provider_init (OutboxProvider *self)
{
}

/* Takes the arrays and the servers (transfer full). */
OutboxProvider *
_outbox_provider_new (const char  *id,
                      const char  *name,
                      char       **domains,
                      GPtrArray   *servers,
                      OutboxLoginForm login_form,
                      char       **note_ids,
                      guint        size_limit_mb,
                      char       **mx_patterns,
                      const char  *documentation)
{
  OutboxProvider *self = g_object_new (OUTBOX_TYPE_PROVIDER, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->domains = domains ? domains : g_new0 (char *, 1);
  self->servers = servers;
  self->login_form = login_form;
  self->note_ids = note_ids ? note_ids : g_new0 (char *, 1);
  self->size_limit_mb = size_limit_mb;
  self->mx_patterns = mx_patterns ? mx_patterns : g_new0 (char *, 1);
  self->documentation = g_strdup (documentation);
  return self;
}

const char *
outbox_provider_get_id (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);
  return self->id;
}

/**
 * outbox_provider_get_name:
 *
 * Returns: the provider's name as it calls itself (not translated).
 */
const char *
outbox_provider_get_name (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);
  return self->name;
}

/**
 * outbox_provider_get_domains:
 *
 * Returns: (transfer none): the mail domains of the provider's own
 *   addresses, lowercase ASCII (IDNs in their xn-- form). "*.example.com"
 *   stands for every name under example.com (not example.com itself). May
 *   be empty for a host whose customers bring their own domains; those are
 *   recognised by their MX records.
 */
const char * const *
outbox_provider_get_domains (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);
  return (const char * const *)self->domains;
}

guint
outbox_provider_get_n_servers (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), 0);
  return self->servers->len;
}

/**
 * outbox_provider_get_server:
 * @index: 0 is the best option
 *
 * Returns: (transfer none): one submission server of the provider.
 */
const OutboxServer *
outbox_provider_get_server (OutboxProvider *self,
                            guint           index)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (index < self->servers->len, NULL);
  return g_ptr_array_index (self->servers, index);
}

OutboxLoginForm
outbox_provider_get_login_form (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), OUTBOX_LOGIN_FORM_ADDRESS);
  return self->login_form;
}

const char * const *
outbox_provider_get_note_ids (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);
  return (const char * const *)self->note_ids;
}

/**
 * outbox_provider_get_notes:
 *
 * Returns: (transfer full): the provider's hints in the user's language,
 *   the size limit last when the provider states one.
 */
char **
outbox_provider_get_notes (OutboxProvider *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);

  for (guint i = 0; self->note_ids[i]; i++)
    {
      const char *text = _outbox_provider_note_text (self->note_ids[i]);
      if (text)
        g_strv_builder_add (builder, _(text));
    }
  if (self->size_limit_mb > 0)
    {
      g_autofree char *limit =
        /* TRANSLATORS: a hint shown with a provider's settings; %u is a number of megabytes */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A message may be at most %u MB.",
                                      "A message may be at most %u MB.", self->size_limit_mb),
                         self->size_limit_mb);
      g_strv_builder_add (builder, limit);
    }
  return g_strv_builder_end (builder);
}

guint
outbox_provider_get_size_limit_mb (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), 0);
  return self->size_limit_mb;
}

/**
 * outbox_provider_get_mx_patterns:
 *
 * Returns: (transfer none): host suffixes of the provider's MX records:
 *   a domain whose mail goes to a host ending in one of them (on a label
 *   boundary) is hosted by this provider.
 */
const char * const *
outbox_provider_get_mx_patterns (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);
  return (const char * const *)self->mx_patterns;
}

/**
 * outbox_provider_get_documentation:
 *
 * Returns: (nullable): the provider's page the settings come from.
 */
const char *
outbox_provider_get_documentation (OutboxProvider *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), NULL);
  return self->documentation;
}

/**
 * outbox_login_form_apply:
 *
 * Returns: (transfer full) (nullable): the username @form makes of
 *   @address, or NULL when @address has no "@" with text on both sides.
 */
char *
outbox_login_form_apply (OutboxLoginForm  form,
                         const char      *address)
{
  const char *at;
  g_autofree char *trimmed = NULL;

  if (address == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (address));
  at = strrchr (trimmed, '@');
  if (at == NULL || at == trimmed || at[1] == '\0')
    return NULL;
  if (form == OUTBOX_LOGIN_FORM_LOCAL_PART)
    return g_strndup (trimmed, (gsize)(at - trimmed));
  return g_steal_pointer (&trimmed);
}

const char *
outbox_login_form_to_string (OutboxLoginForm form)
{
  return form == OUTBOX_LOGIN_FORM_LOCAL_PART ? "local-part" : "address";
}

OutboxAccountFields
_outbox_account_apply_server (OutboxAccount       *account,
                              const OutboxServer  *server,
                              OutboxLoginForm      login_form,
                              OutboxAccountFields  user_edited)
{
  OutboxAccountFields changed = OUTBOX_ACCOUNT_FIELD_NONE;
  guint port_before = outbox_account_get_port (account);

  g_object_freeze_notify (G_OBJECT (account));

  if (!(user_edited & OUTBOX_ACCOUNT_FIELD_HOST) &&
      g_strcmp0 (outbox_account_get_host (account), server->host) != 0)
    {
      outbox_account_set_host (account, server->host);
      changed |= OUTBOX_ACCOUNT_FIELD_HOST;
    }

  if (!(user_edited & OUTBOX_ACCOUNT_FIELD_SECURITY) &&
      outbox_account_get_security (account) != server->security)
    {
      outbox_account_set_security (account, server->security);
      changed |= OUTBOX_ACCOUNT_FIELD_SECURITY;
    }

  /* Changing the security moves a port that was still the old default;
   * a port the user typed stays as it was. */
  if (user_edited & OUTBOX_ACCOUNT_FIELD_PORT)
    outbox_account_set_port (account, port_before);
  else
    outbox_account_set_port (account, server->port);
  if (outbox_account_get_port (account) != port_before)
    changed |= OUTBOX_ACCOUNT_FIELD_PORT;

  if (!(user_edited & OUTBOX_ACCOUNT_FIELD_AUTH) &&
      outbox_account_get_auth (account) != OUTBOX_AUTH_PASSWORD)
    {
      outbox_account_set_auth (account, OUTBOX_AUTH_PASSWORD);
      changed |= OUTBOX_ACCOUNT_FIELD_AUTH;
    }

  if (!(user_edited & OUTBOX_ACCOUNT_FIELD_USERNAME))
    {
      g_autofree char *username =
        outbox_login_form_apply (login_form, outbox_account_get_sender_address (account));

      if (username && g_strcmp0 (outbox_account_get_username (account), username) != 0)
        {
          outbox_account_set_username (account, username);
          changed |= OUTBOX_ACCOUNT_FIELD_USERNAME;
        }
    }

  g_object_thaw_notify (G_OBJECT (account));
  return changed;
}

/**
 * outbox_provider_apply:
 * @user_edited: the fields the user typed by hand; they keep their values
 *
 * Fills @account with the provider's best server, password sign-in and
 * the username its login form makes of the account's sender address.
 *
 * Returns: the fields that changed.
 */
OutboxAccountFields
outbox_provider_apply (OutboxProvider      *self,
                       OutboxAccount       *account,
                       OutboxAccountFields  user_edited)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER (self), OUTBOX_ACCOUNT_FIELD_NONE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), OUTBOX_ACCOUNT_FIELD_NONE);

  return _outbox_account_apply_server (account, g_ptr_array_index (self->servers, 0),
                                       self->login_form, user_edited);
}
