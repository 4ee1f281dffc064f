/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading data/providers.json for OutboxProviders: strict checks of every
 * member, every domain in its normalized form, no domain claimed twice. */

#define G_LOG_DOMAIN "outbox-providers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "outbox-provider-private.h"
#include "outbox-providers-private.h"

#define PROVIDERS_VERSION  1

static const char * const provider_members[] = {
  "id", "name", "domains", "servers", "login", "notes", "size_limit_mb", "mx",
  "documentation", NULL
};
static const char * const server_members[] = { "host", "port", "security", NULL };

static gboolean
set_error (GError     **error,
           gint         code,
           const char  *id,
           const char  *format,
           ...) G_GNUC_PRINTF (4, 5);

static gboolean
set_error (GError     **error,
           gint         code,
           const char  *id,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (id)
    /* TRANSLATORS: %s is a provider id in the presets file, then what is wrong */
    g_set_error (error, OUTBOX_PROVIDERS_ERROR, code, _("Provider “%s”: %s"), id, message);
  else
    g_set_error_literal (error, OUTBOX_PROVIDERS_ERROR, code, message);
  return FALSE;
}

static gboolean
check_members (JsonObject         *object,
               const char * const *allowed,
               const char         *id,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id,
                        _("unknown member “%s”"), (const char *)l->data);
  return TRUE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_uint (JsonObject *object,
          const char *member,
          guint       max,
          guint      *value)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 number;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  number = json_node_get_int (node);
  if (number < 1 || number > max)
    return FALSE;
  *value = (guint)number;
  return TRUE;
}

/* An optional array of strings; NULL member gives an empty array. */
static char **
get_string_array (JsonObject  *object,
                  const char  *member,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL)
    return g_strv_builder_end (builder);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, _("“%s” is not a list"), member);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        {
          set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id,
                     _("“%s” holds something that is not text"), member);
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/* Domains as written must already be in the normalized form, so that the
 * file reads as it matches; a "*." prefix marks a parent's subdomains. */
static gboolean
check_domain (const char  *domain,
              const char  *id,
              const char  *what,
              gboolean     wildcard_allowed,
              GError     **error)
{
  const char *name = domain;
  g_autofree char *normal = NULL;

  if (wildcard_allowed && g_str_has_prefix (domain, "*."))
    name = domain + 2;
  normal = outbox_domain_normalize (name);
  if (normal == NULL || !g_str_equal (normal, name) || strchr (name, '.') == NULL)
    /* TRANSLATORS: the first %s is "domain" or "MX pattern", the second the text */
    return set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id,
                      _("%s “%s” is not a lowercase ASCII domain name"), what, domain);
  return TRUE;
}

static GPtrArray *
parse_servers (JsonObject  *object,
               const char  *id,
               GError     **error)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_server_free);
  JsonNode *node = json_object_get_member (object, "servers");
  JsonArray *array;
  gboolean secure = FALSE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s", _("no servers"));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *server;
      const char *host;
      const char *security_name;
      OutboxSecurity security;
      guint port;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s",
                     _("a server is not an object"));
          return NULL;
        }
      server = json_node_get_object (element);
      if (!check_members (server, server_members, id, error))
        return NULL;
      host = get_string (server, "host");
      security_name = get_string (server, "security");
      if (host == NULL || !check_domain (host, id, _("server"), FALSE, error))
        {
          if (host == NULL)
            set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s",
                       _("a server has no host"));
          return NULL;
        }
      if (!get_uint (server, "port", 65535, &port))
        {
          set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id,
                     _("server %s has no port from 1 to 65535"), host);
          return NULL;
        }
      if (security_name == NULL || !outbox_security_from_string (security_name, &security))
        {
          set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id,
                     _("server %s has no security none, starttls or tls"), host);
          return NULL;
        }
      secure |= security != OUTBOX_SECURITY_NONE;
      g_ptr_array_add (servers, outbox_server_new (host, port, security));
    }
  if (!secure)
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s",
                 _("no server is reached with STARTTLS or TLS"));
      return NULL;
    }
  return g_steal_pointer (&servers);
}

static OutboxProvider *
parse_provider (JsonNode  *node,
                GError   **error)
{
  JsonObject *object;
  const char *id;
  const char *name;
  const char *login;
  const char *documentation;
  g_auto(GStrv) domains = NULL;
  g_auto(GStrv) notes = NULL;
  g_auto(GStrv) mx = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  OutboxLoginForm login_form = OUTBOX_LOGIN_FORM_ADDRESS;
  guint size_limit_mb = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, NULL, "%s",
                 _("A provider entry is not an object."));
      return NULL;
    }
  object = json_node_get_object (node);
  id = get_string (object, "id");
  if (id == NULL || id[0] == '\0' || strspn (id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (id))
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, NULL, "%s",
                 _("A provider has no id of lowercase letters, digits and dashes."));
      return NULL;
    }
  if (!check_members (object, provider_members, id, error))
    return NULL;
  name = get_string (object, "name");
  if (name == NULL || name[0] == '\0')
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s", _("no name"));
      return NULL;
    }

  if (!(domains = get_string_array (object, "domains", id, error)) ||
      !(notes = get_string_array (object, "notes", id, error)) ||
      !(mx = get_string_array (object, "mx", id, error)))
    return NULL;
  for (guint i = 0; domains[i]; i++)
    if (!check_domain (domains[i], id, _("domain"), TRUE, error))
      return NULL;
  for (guint i = 0; mx[i]; i++)
    if (!check_domain (mx[i], id, _("MX pattern"), FALSE, error))
      return NULL;
  if (domains[0] == NULL && mx[0] == NULL)
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s",
                 _("neither domains nor MX patterns"));
      return NULL;
    }
  for (guint i = 0; notes[i]; i++)
    if (_outbox_provider_note_text (notes[i]) == NULL)
      {
        set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, _("unknown note “%s”"), notes[i]);
        return NULL;
      }

  login = get_string (object, "login");
  if (json_object_has_member (object, "login"))
    {
      if (g_strcmp0 (login, "local-part") == 0)
        login_form = OUTBOX_LOGIN_FORM_LOCAL_PART;
      else if (g_strcmp0 (login, "address") != 0)
        {
          set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s",
                     _("login is neither “address” nor “local-part”"));
          return NULL;
        }
    }
  if (json_object_has_member (object, "size_limit_mb") &&
      !get_uint (object, "size_limit_mb", 100000, &size_limit_mb))
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s",
                 _("size_limit_mb is not a positive number"));
      return NULL;
    }
  documentation = get_string (object, "documentation");
  if (json_object_has_member (object, "documentation") &&
      (documentation == NULL || !g_str_has_prefix (documentation, "https://")))
    {
      set_error (error, OUTBOX_PROVIDERS_ERROR_INVALID, id, "%s",
                 _("documentation is not an https:// address"));
      return NULL;
    }

  if (!(servers = parse_servers (object, id, error)))
    return NULL;

  return _outbox_provider_new (id, name, g_steal_pointer (&domains), g_steal_pointer (&servers),
                               login_form, g_steal_pointer (&notes), size_limit_mb,
                               g_steal_pointer (&mx), documentation);
}

static gboolean
index_provider (OutboxProviders  *self,
                OutboxProvider   *provider,
                GError          **error)
{
  const char *id = outbox_provider_get_id (provider);
  const char * const *domains = outbox_provider_get_domains (provider);
  const char * const *mx = outbox_provider_get_mx_patterns (provider);
  OutboxProvider *other;

  if (g_hash_table_contains (self->by_id, id))
    return set_error (error, OUTBOX_PROVIDERS_ERROR_DUPLICATE, id, "%s",
                      _("the id is used twice"));
  g_hash_table_insert (self->by_id, (char *)id, provider);

  for (guint i = 0; domains[i]; i++)
    {
      gboolean wildcard = g_str_has_prefix (domains[i], "*.");
      GHashTable *table = wildcard ? self->by_wildcard : self->by_domain;
      const char *key = wildcard ? domains[i] + 2 : domains[i];

      if ((other = g_hash_table_lookup (table, key)))
        return set_error (error, OUTBOX_PROVIDERS_ERROR_DUPLICATE, id,
                          _("domain %s also belongs to “%s”"), domains[i],
                          outbox_provider_get_id (other));
      g_hash_table_insert (table, (char *)key, provider);
    }

  for (guint i = 0; mx[i]; i++)
    {
      if ((other = g_hash_table_lookup (self->by_mx, mx[i])))
        return set_error (error, OUTBOX_PROVIDERS_ERROR_DUPLICATE, id,
                          _("MX pattern %s also belongs to “%s”"), mx[i],
                          outbox_provider_get_id (other));
      g_hash_table_insert (self->by_mx, (char *)mx[i], provider);
    }
  return TRUE;
}

/* An exact domain under another provider's "*.parent" would belong to two. */
static gboolean
check_wildcard_overlaps (OutboxProviders  *self,
                         GError          **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->by_domain);
  while (g_hash_table_iter_next (&iter, &key, &value))
    for (const char *dot = strchr (key, '.'); dot; dot = strchr (dot + 1, '.'))
      {
        OutboxProvider *other = g_hash_table_lookup (self->by_wildcard, dot + 1);

        if (other && other != value)
          return set_error (error, OUTBOX_PROVIDERS_ERROR_DUPLICATE,
                            outbox_provider_get_id (value),
                            _("domain %s also falls under “*.%s” of “%s”"),
                            (const char *)key, dot + 1, outbox_provider_get_id (other));
      }
  return TRUE;
}

gboolean
_outbox_providers_load (OutboxProviders  *self,
                        GBytes           *json,
                        GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *list;
  JsonArray *array;
  guint version = 0;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                   (gssize)g_bytes_get_size (json), &parse_error))
    return set_error (error, OUTBOX_PROVIDERS_ERROR_PARSE, NULL,
                      _("The provider presets are not valid JSON: %s"), parse_error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return set_error (error, OUTBOX_PROVIDERS_ERROR_PARSE, NULL, "%s",
                      _("The provider presets are not a JSON object."));
  object = json_node_get_object (root);
  if (!get_uint (object, "version", G_MAXUINT, &version) || version != PROVIDERS_VERSION)
    return set_error (error, OUTBOX_PROVIDERS_ERROR_PARSE, NULL,
                      _("The provider presets are not of version %d."), PROVIDERS_VERSION);
  list = json_object_get_member (object, "providers");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return set_error (error, OUTBOX_PROVIDERS_ERROR_PARSE, NULL, "%s",
                      _("The provider presets have no list of providers."));

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      OutboxProvider *provider = parse_provider (json_array_get_element (array, i), error);

      if (provider == NULL)
        return FALSE;
      g_ptr_array_add (self->providers, provider);
      if (!index_provider (self, provider, error))
        return FALSE;
    }
  return check_wildcard_overlaps (self, error);
}

