/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxProviders: the catalog of provider presets. It reads
 * data/providers.json (compiled into the core's GResource) once, checks it
 * strictly, and answers which provider a domain or an MX host belongs to.
 *
 * Domain matching: the domain is trimmed, a final dot dropped, converted to
 * ASCII (IDNA, so "bücher.example" and "xn--bcher-kva.example" are one
 * domain) and lowercased, then looked up exactly. A subdomain does NOT
 * inherit its parent's provider: "student.uni.example" is often a different
 * mail system from "uni.example". Only a provider that lists "*.parent"
 * claims every name under parent (Microsoft 365's "*.onmicrosoft.com"
 * tenant domains); the parent itself is not included by the pattern. */

#define G_LOG_DOMAIN "outbox-providers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "outbox-core-resources.h"
#include "outbox-providers.h"
#include "outbox-provider-private.h"

#define PROVIDERS_RESOURCE "/io/github/outbox/Outbox/core/providers.json"
#define PROVIDERS_VERSION  1

struct _OutboxProviders
{
  GObject     parent_instance;

  GPtrArray  *providers;    /* OutboxProvider, in file order */
  GHashTable *by_id;        /* id → provider (borrowed) */
  GHashTable *by_domain;    /* exact domain → provider */
  GHashTable *by_wildcard;  /* parent of "*.parent" → provider */
  GHashTable *by_mx;        /* MX host suffix → provider */
};

static void outbox_providers_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OutboxProviders, outbox_providers, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      outbox_providers_list_model_init))

G_DEFINE_QUARK (outbox-providers-error-quark, outbox_providers_error)

static const char * const provider_members[] = {
  "id", "name", "domains", "servers", "login", "notes", "size_limit_mb", "mx",
  "documentation", NULL
};
static const char * const server_members[] = { "host", "port", "security", NULL };

static gboolean
is_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

/* A host name of LDH labels, already lowercase ASCII. */
static gboolean
is_valid_ascii_hostname (const char *name)
{
  gsize len = strlen (name);
  const char *label = name;

  if (len == 0 || len > 253 || g_hostname_is_ip_address (name))
    return FALSE;
  while (TRUE)
    {
      const char *end = strchr (label, '.');
      gsize label_len = end ? (gsize)(end - label) : strlen (label);

      if (label_len == 0 || label_len > 63 || label[0] == '-' || label[label_len - 1] == '-')
        return FALSE;
      for (gsize i = 0; i < label_len; i++)
        if (!is_label_char (label[i]) || g_ascii_isupper (label[i]))
          return FALSE;
      if (end == NULL)
        return TRUE;
      label = end + 1;
    }
}

/**
 * outbox_domain_normalize:
 *
 * Returns: (transfer full) (nullable): @domain trimmed, without a final
 *   dot, in lowercase ASCII (an internationalized name in its xn-- form),
 *   or NULL when it is not a domain name.
 */
char *
outbox_domain_normalize (const char *domain)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *ascii = NULL;
  char *lower;
  gsize len;

  if (domain == NULL || !g_utf8_validate (domain, -1, NULL))
    return NULL;
  trimmed = g_strstrip (g_strdup (domain));
  len = strlen (trimmed);
  if (len > 0 && trimmed[len - 1] == '.')
    trimmed[len - 1] = '\0';
  if (trimmed[0] == '\0' || strstr (trimmed, "..") != NULL)
    return NULL;

  ascii = g_hostname_to_ascii (trimmed);
  if (ascii == NULL)
    return NULL;
  lower = g_ascii_strdown (ascii, -1);
  if (!is_valid_ascii_hostname (lower))
    {
      g_free (lower);
      return NULL;
    }
  return lower;
}

/**
 * outbox_address_get_domain:
 *
 * Returns: (transfer full) (nullable): the normalized domain after the
 *   last "@" of @address, or NULL when there is none.
 */
char *
outbox_address_get_domain (const char *address)
{
  const char *at;

  if (address == NULL)
    return NULL;
  at = strrchr (address, '@');
  if (at == NULL || at == address)
    return NULL;
  return outbox_domain_normalize (at + 1);
}

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

static gboolean
load (OutboxProviders  *self,
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

static GType
outbox_providers_get_item_type (GListModel *model)
{
  return OUTBOX_TYPE_PROVIDER;
}

static guint
outbox_providers_get_n_items (GListModel *model)
{
  return OUTBOX_PROVIDERS (model)->providers->len;
}

static gpointer
outbox_providers_get_item (GListModel *model,
                           guint       position)
{
  OutboxProviders *self = OUTBOX_PROVIDERS (model);

  if (position >= self->providers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->providers, position));
}

static void
outbox_providers_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = outbox_providers_get_item_type;
  iface->get_n_items = outbox_providers_get_n_items;
  iface->get_item = outbox_providers_get_item;
}

static void
outbox_providers_finalize (GObject *object)
{
  OutboxProviders *self = OUTBOX_PROVIDERS (object);

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_domain);
  g_hash_table_unref (self->by_wildcard);
  g_hash_table_unref (self->by_mx);
  g_ptr_array_unref (self->providers);

  G_OBJECT_CLASS (outbox_providers_parent_class)->finalize (object);
}

static void
outbox_providers_class_init (OutboxProvidersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_providers_finalize;
}

static void
outbox_providers_init (OutboxProviders *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_domain = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_wildcard = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_mx = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * outbox_providers_get_bundled_data:
 *
 * Returns: (transfer full): the bytes of the bundled providers.json.
 */
GBytes *
outbox_providers_get_bundled_data (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  /* Asking the resource by its getter also keeps it linked in from the
   * static core library. */
  bytes = g_resource_lookup_data (outbox_core_get_resource (), PROVIDERS_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The bundled provider presets are missing: %s", error->message);
  return bytes;
}

/**
 * outbox_providers_get_default:
 *
 * Returns: (transfer none): the bundled presets, loaded on first use and
 *   kept for the life of the program. Should the bundled file ever be
 *   broken (its test prevents that), the catalog is empty.
 */
OutboxProviders *
outbox_providers_get_default (void)
{
  static OutboxProviders *providers;

  if (g_once_init_enter (&providers))
    {
      g_autoptr(GBytes) bytes = outbox_providers_get_bundled_data ();
      g_autoptr(GError) error = NULL;
      OutboxProviders *loaded = outbox_providers_new_from_bytes (bytes, &error);

      if (loaded == NULL)
        {
          g_critical ("The bundled provider presets are broken: %s", error->message);
          loaded = g_object_new (OUTBOX_TYPE_PROVIDERS, NULL);
        }
      g_once_init_leave (&providers, loaded);
    }
  return providers;
}

/**
 * outbox_providers_new_from_bytes:
 *
 * Parses and checks a providers file: the schema, that every provider can
 * be reached securely, and that no id, domain or MX pattern appears twice.
 *
 * Returns: (transfer full) (nullable): the catalog, or NULL with @error.
 */
OutboxProviders *
outbox_providers_new_from_bytes (GBytes  *json,
                                 GError **error)
{
  g_autoptr(OutboxProviders) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (OUTBOX_TYPE_PROVIDERS, NULL);
  if (!load (self, json, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * outbox_providers_lookup_id:
 *
 * Returns: (transfer none) (nullable): the provider with @id.
 */
OutboxProvider *
outbox_providers_lookup_id (OutboxProviders *self,
                            const char      *id)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDERS (self), NULL);

  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/**
 * outbox_providers_lookup_domain:
 *
 * Finds the provider of a mail domain (see the top of this file for how
 * case, international names and subdomains are treated).
 *
 * Returns: (transfer none) (nullable): the provider, or NULL.
 */
OutboxProvider *
outbox_providers_lookup_domain (OutboxProviders *self,
                                const char      *domain)
{
  g_autofree char *normal = NULL;
  OutboxProvider *provider;

  g_return_val_if_fail (OUTBOX_IS_PROVIDERS (self), NULL);

  if (!(normal = outbox_domain_normalize (domain)))
    return NULL;
  if ((provider = g_hash_table_lookup (self->by_domain, normal)))
    return provider;
  for (const char *dot = strchr (normal, '.'); dot; dot = strchr (dot + 1, '.'))
    if ((provider = g_hash_table_lookup (self->by_wildcard, dot + 1)))
      return provider;
  return NULL;
}

/**
 * outbox_providers_lookup_address:
 *
 * Returns: (transfer none) (nullable): the provider of the domain of
 *   @address (after its last "@").
 */
OutboxProvider *
outbox_providers_lookup_address (OutboxProviders *self,
                                 const char      *address)
{
  g_autofree char *domain = NULL;

  g_return_val_if_fail (OUTBOX_IS_PROVIDERS (self), NULL);

  if (!(domain = outbox_address_get_domain (address)))
    return NULL;
  return outbox_providers_lookup_domain (self, domain);
}

/**
 * outbox_providers_lookup_mx_host:
 *
 * Finds the provider whose MX pattern is the longest suffix of @mx_host on
 * a label boundary: "alt1.aspmx.l.google.com" matches "google.com",
 * "notgoogle.com" does not.
 *
 * Returns: (transfer none) (nullable): the provider, or NULL.
 */
OutboxProvider *
outbox_providers_lookup_mx_host (OutboxProviders *self,
                                 const char      *mx_host)
{
  g_autofree char *normal = NULL;
  OutboxProvider *provider;

  g_return_val_if_fail (OUTBOX_IS_PROVIDERS (self), NULL);

  if (!(normal = outbox_domain_normalize (mx_host)))
    return NULL;
  if ((provider = g_hash_table_lookup (self->by_mx, normal)))
    return provider;
  for (const char *dot = strchr (normal, '.'); dot; dot = strchr (dot + 1, '.'))
    if ((provider = g_hash_table_lookup (self->by_mx, dot + 1)))
      return provider;
  return NULL;
}
