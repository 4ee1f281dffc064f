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
#include "outbox-provider-private.h"
#include "outbox-providers-private.h"

#define PROVIDERS_RESOURCE "/io/github/outbox/Outbox/core/providers.json"

static void outbox_providers_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OutboxProviders, outbox_providers, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      outbox_providers_list_model_init))

G_DEFINE_QUARK (outbox-providers-error-quark, outbox_providers_error)

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
  if (!_outbox_providers_load (self, json, error))
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
