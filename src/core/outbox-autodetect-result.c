/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAutodetectResult: the answer of one autodetection, immutable for
 * its users, with the way it goes into an account and into JSON. */

#define G_LOG_DOMAIN "outbox-autodetect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-autodetect-private.h"
#include "outbox-provider-private.h"

struct _OutboxAutodetectResult
{
  GObject                 parent_instance;

  char                   *address;
  char                   *domain;
  OutboxAutodetectSource  source;
  OutboxProvider         *provider;   /* nullable */
  GPtrArray              *servers;    /* OutboxServer, best first */
  char                   *mx_host;
  GPtrArray              *warnings;   /* char *, NULL-terminated */
  OutboxTestReport       *probe_report;
};

G_DEFINE_FINAL_TYPE (OutboxAutodetectResult, outbox_autodetect_result, G_TYPE_OBJECT)

static void
outbox_autodetect_result_finalize (GObject *object)
{
  OutboxAutodetectResult *self = OUTBOX_AUTODETECT_RESULT (object);

  g_free (self->address);
  g_free (self->domain);
  g_clear_object (&self->provider);
  g_ptr_array_unref (self->servers);
  g_free (self->mx_host);
  g_ptr_array_unref (self->warnings);
  g_clear_object (&self->probe_report);

  G_OBJECT_CLASS (outbox_autodetect_result_parent_class)->finalize (object);
}

static void
outbox_autodetect_result_class_init (OutboxAutodetectResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_autodetect_result_finalize;
}

static void
outbox_autodetect_result_init (OutboxAutodetectResult *self)
{
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

/* Takes @servers (transfer full); a provider's servers when NULL. */
OutboxAutodetectResult *
_outbox_autodetect_result_new (const char             *address,
                               const char             *domain,
                               OutboxAutodetectSource  source,
                               OutboxProvider         *provider,
                               GPtrArray              *servers)
{
  OutboxAutodetectResult *self = g_object_new (OUTBOX_TYPE_AUTODETECT_RESULT, NULL);

  self->address = g_strdup (address);
  self->domain = g_strdup (domain);
  self->source = source;
  self->provider = provider ? g_object_ref (provider) : NULL;
  if (servers == NULL)
    {
      servers = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_server_free);
      for (guint i = 0; provider && i < outbox_provider_get_n_servers (provider); i++)
        g_ptr_array_add (servers, outbox_server_copy (outbox_provider_get_server (provider, i)));
    }
  self->servers = servers;
  return self;
}

void
_outbox_autodetect_result_set_mx_host (OutboxAutodetectResult *self,
                                       const char             *mx_host)
{
  g_free (self->mx_host);
  self->mx_host = g_strdup (mx_host);
}

void
_outbox_autodetect_result_add_warning (OutboxAutodetectResult *self,
                                       const char             *warning)
{
  g_ptr_array_add (self->warnings, g_strdup (warning));
}

void
_outbox_autodetect_result_set_probe_report (OutboxAutodetectResult *self,
                                            OutboxTestReport       *report)
{
  g_set_object (&self->probe_report, report);
}

const char *
outbox_autodetect_result_get_address (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  return self->address;
}

/**
 * outbox_autodetect_result_get_domain:
 *
 * Returns: the address's domain in lowercase ASCII (xn-- for IDNs).
 */
const char *
outbox_autodetect_result_get_domain (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  return self->domain;
}

OutboxAutodetectSource
outbox_autodetect_result_get_source (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), OUTBOX_AUTODETECT_SOURCE_PRESET);
  return self->source;
}

/**
 * outbox_autodetect_result_get_provider:
 *
 * Returns: (transfer none) (nullable): the provider, for an answer from
 *   the presets or the MX records.
 */
OutboxProvider *
outbox_autodetect_result_get_provider (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  return self->provider;
}

/**
 * outbox_autodetect_result_get_mx_host:
 *
 * Returns: (nullable): for an answer from the MX records, the mail server
 *   that showed which provider hosts the domain.
 */
const char *
outbox_autodetect_result_get_mx_host (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  return self->mx_host;
}

guint
outbox_autodetect_result_get_n_servers (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), 0);
  return self->servers->len;
}

/**
 * outbox_autodetect_result_get_server:
 * @index: 0 is the server to use; the others are alternatives
 *
 * Returns: (transfer none): one server.
 */
const OutboxServer *
outbox_autodetect_result_get_server (OutboxAutodetectResult *self,
                                     guint                   index)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  g_return_val_if_fail (index < self->servers->len, NULL);
  return g_ptr_array_index (self->servers, index);
}

/**
 * outbox_autodetect_result_get_login_form:
 *
 * Returns: the provider's login form; the whole address when no provider
 *   is known (what SRV and probed servers expect nearly always).
 */
OutboxLoginForm
outbox_autodetect_result_get_login_form (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), OUTBOX_LOGIN_FORM_ADDRESS);
  return self->provider ? outbox_provider_get_login_form (self->provider)
                        : OUTBOX_LOGIN_FORM_ADDRESS;
}

/**
 * outbox_autodetect_result_get_username:
 *
 * Returns: (transfer full): the username to sign in with.
 */
char *
outbox_autodetect_result_get_username (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  return outbox_login_form_apply (outbox_autodetect_result_get_login_form (self), self->address);
}

/**
 * outbox_autodetect_result_get_notes:
 *
 * Returns: (transfer full): the provider's hints, translated; empty
 *   without a provider.
 */
char **
outbox_autodetect_result_get_notes (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  if (self->provider)
    return outbox_provider_get_notes (self->provider);
  return g_new0 (char *, 1);
}

/**
 * outbox_autodetect_result_get_warnings:
 *
 * Returns: (transfer none): what the user must know before using the
 *   answer, translated: a server that answers only unencrypted, or one
 *   whose certificate does not fit its name.
 */
const char * const *
outbox_autodetect_result_get_warnings (OutboxAutodetectResult *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  /* An empty array may have no storage at all. */
  if (self->warnings->len == 0)
    return none;
  return (const char * const *)self->warnings->pdata;
}

/**
 * outbox_autodetect_result_get_probe_report:
 *
 * Returns: (transfer none) (nullable): for an answer from probing, what
 *   the chosen server said: greeting, extensions, sign-in methods, size
 *   limit and certificate.
 */
OutboxTestReport *
outbox_autodetect_result_get_probe_report (OutboxAutodetectResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);
  return self->probe_report;
}

/**
 * outbox_autodetect_result_apply:
 * @user_edited: the fields the user typed by hand; they keep their values
 *
 * Fills @account with the first server, password sign-in and the
 * username for the account's sender address.
 *
 * Returns: the fields that changed.
 */
OutboxAccountFields
outbox_autodetect_result_apply (OutboxAutodetectResult *self,
                                OutboxAccount          *account,
                                OutboxAccountFields     user_edited)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), OUTBOX_ACCOUNT_FIELD_NONE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), OUTBOX_ACCOUNT_FIELD_NONE);
  g_return_val_if_fail (self->servers->len > 0, OUTBOX_ACCOUNT_FIELD_NONE);

  return _outbox_account_apply_server (account, g_ptr_array_index (self->servers, 0),
                                       outbox_autodetect_result_get_login_form (self),
                                       user_edited);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv && strv[i]; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

/**
 * outbox_autodetect_result_to_json:
 *
 * Returns: (transfer full): the result as a JSON object (the form of
 *   "outboxctl detect --json").
 */
JsonNode *
outbox_autodetect_result_to_json (OutboxAutodetectResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *username = NULL;
  g_auto(GStrv) notes = NULL;

  g_return_val_if_fail (OUTBOX_IS_AUTODETECT_RESULT (self), NULL);

  username = outbox_autodetect_result_get_username (self);
  notes = outbox_autodetect_result_get_notes (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, self->address);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, self->domain);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, outbox_autodetect_source_to_string (self->source));
  json_builder_set_member_name (builder, "provider");
  if (self->provider)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, outbox_provider_get_id (self->provider));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, outbox_provider_get_name (self->provider));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "mx_host");
  if (self->mx_host)
    json_builder_add_string_value (builder, self->mx_host);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "servers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->servers->len; i++)
    {
      const OutboxServer *server = g_ptr_array_index (self->servers, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, server->host);
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, server->port);
      json_builder_set_member_name (builder, "security");
      json_builder_add_string_value (builder, outbox_security_to_string (server->security));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder,
                                 outbox_login_form_to_string (outbox_autodetect_result_get_login_form (self)));
  json_builder_set_member_name (builder, "username");
  if (username)
    json_builder_add_string_value (builder, username);
  else
    json_builder_add_null_value (builder);
  add_strv (builder, "notes", (const char * const *)notes);
  add_strv (builder, "warnings", outbox_autodetect_result_get_warnings (self));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
outbox_autodetect_source_to_string (OutboxAutodetectSource source)
{
  switch (source)
    {
    case OUTBOX_AUTODETECT_SOURCE_PRESET: return "preset";
    case OUTBOX_AUTODETECT_SOURCE_SRV:    return "srv";
    case OUTBOX_AUTODETECT_SOURCE_MX:     return "mx";
    case OUTBOX_AUTODETECT_SOURCE_PROBE:  return "probe";
    default:                              g_return_val_if_reached (NULL);
    }
}

/**
 * outbox_autodetect_source_get_label:
 *
 * Returns: where an answer came from, in the user's language, to follow
 *   "found in" / "from".
 */
const char *
outbox_autodetect_source_get_label (OutboxAutodetectSource source)
{
  switch (source)
    {
    /* TRANSLATORS: where detected settings came from */
    case OUTBOX_AUTODETECT_SOURCE_PRESET: return _("Outbox’s list of known providers");
    /* TRANSLATORS: where detected settings came from; SRV is a kind of DNS record */
    case OUTBOX_AUTODETECT_SOURCE_SRV:    return _("the domain’s SRV records in DNS");
    /* TRANSLATORS: where detected settings came from; MX records name a domain's mail servers */
    case OUTBOX_AUTODETECT_SOURCE_MX:     return _("the domain’s mail servers (MX records)");
    /* TRANSLATORS: where detected settings came from */
    case OUTBOX_AUTODETECT_SOURCE_PROBE:  return _("asking the servers themselves");
    default:                              g_return_val_if_reached (NULL);
    }
}
