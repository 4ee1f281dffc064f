/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestResolver: a table standing in for DNS in the tests. */

#define G_LOG_DOMAIN "outbox-test"

#include "config.h"

#include <string.h>

#include "outbox-test-resolver.h"

struct _OutboxTestResolver
{
  GResolver   parent_instance;

  GMutex      lock;        /* GIO may ask from its worker threads */
  GHashTable *addresses;   /* lowercase name → GPtrArray of GInetAddress */
  GHashTable *records;     /* "SRV name" / "MX name" → GPtrArray of GVariant */
  GHashTable *failures;    /* lowercase name → GResolverError */
  GPtrArray  *queries;
};

G_DEFINE_FINAL_TYPE (OutboxTestResolver, outbox_test_resolver, G_TYPE_RESOLVER)

static char *
key_for (const char *kind,
         const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);

  if (len > 0 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  return kind ? g_strconcat (kind, " ", lower, NULL) : g_steal_pointer (&lower);
}

/* Records the query; FALSE with @error when the name is set to fail. */
static gboolean
ask (OutboxTestResolver  *self,
     const char          *kind,
     const char          *name,
     GError             **error)
{
  g_autofree char *lower = key_for (NULL, name);
  gpointer code;
  gboolean fails;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->queries, key_for (kind, name));
  fails = g_hash_table_lookup_extended (self->failures, lower, NULL, &code);
  g_mutex_unlock (&self->lock);

  if (fails)
    g_set_error (error, G_RESOLVER_ERROR, GPOINTER_TO_INT (code),
                 "test resolver: %s %s fails", kind, name);
  return !fails;
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  OutboxTestResolver *self = OUTBOX_TEST_RESOLVER (resolver);
  g_autofree char *key = key_for (NULL, hostname);
  GList *list = NULL;
  GPtrArray *addresses;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!ask (self, flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY ? "AAAA" : "A", hostname, error))
    return NULL;

  g_mutex_lock (&self->lock);
  addresses = g_hash_table_lookup (self->addresses, key);
  for (guint i = 0; addresses && i < addresses->len; i++)
    {
      GInetAddress *address = g_ptr_array_index (addresses, i);
      GSocketFamily family = g_inet_address_get_family (address);

      if ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) && family != G_SOCKET_FAMILY_IPV4)
        continue;
      if ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) && family != G_SOCKET_FAMILY_IPV6)
        continue;
      list = g_list_append (list, g_object_ref (address));
    }
  g_mutex_unlock (&self->lock);

  if (list == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "test resolver: no address for %s", hostname);
  return list;
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  return lookup_by_name_with_flags (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                    cancellable, error);
}

static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *hostname,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *list = lookup_by_name_with_flags (resolver, hostname, flags, cancellable, &error);

  if (list)
    g_task_return_pointer (task, list, (GDestroyNotify)g_resolver_free_addresses);
  else
    g_task_return_error (task, error);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                   cancellable, callback, user_data);
}

static GList *
lookup_list_finish (GResolver     *resolver,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
lookup_by_address (GResolver     *resolver,
                   GInetAddress  *address,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
               "test resolver: no reverse look-ups");
  return NULL;
}

static void
lookup_by_address_async (GResolver           *resolver,
                         GInetAddress        *address,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "test resolver: no reverse look-ups");
}

static char *
lookup_by_address_finish (GResolver     *resolver,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
record_kind (GResolverRecordType type)
{
  switch (type)
    {
    case G_RESOLVER_RECORD_SRV: return "SRV";
    case G_RESOLVER_RECORD_MX:  return "MX";
    case G_RESOLVER_RECORD_TXT: return "TXT";
    case G_RESOLVER_RECORD_SOA: return "SOA";
    case G_RESOLVER_RECORD_NS:  return "NS";
    default:                    return "?";
    }
}

static GList *
lookup_records (GResolver            *resolver,
                const char           *rrname,
                GResolverRecordType   record_type,
                GCancellable         *cancellable,
                GError              **error)
{
  OutboxTestResolver *self = OUTBOX_TEST_RESOLVER (resolver);
  g_autofree char *key = key_for (record_kind (record_type), rrname);
  GList *list = NULL;
  GPtrArray *records;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!ask (self, record_kind (record_type), rrname, error))
    return NULL;

  g_mutex_lock (&self->lock);
  records = g_hash_table_lookup (self->records, key);
  for (guint i = 0; records && i < records->len; i++)
    list = g_list_append (list, g_variant_ref (g_ptr_array_index (records, i)));
  g_mutex_unlock (&self->lock);

  if (list == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "test resolver: no %s records for %s", record_kind (record_type), rrname);
  return list;
}

static void
free_records (GList *list)
{
  g_list_free_full (list, (GDestroyNotify)g_variant_unref);
}

static void
lookup_records_async (GResolver           *resolver,
                      const char          *rrname,
                      GResolverRecordType  record_type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *list = lookup_records (resolver, rrname, record_type, cancellable, &error);

  if (list)
    g_task_return_pointer (task, list, (GDestroyNotify)free_records);
  else
    g_task_return_error (task, error);
}

static GList *
lookup_service (GResolver     *resolver,
                const char    *rrname,
                GCancellable  *cancellable,
                GError       **error)
{
  /* Outbox asks for the records and orders them itself. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "test resolver: use lookup_records for %s", rrname);
  return NULL;
}

static void
lookup_service_async (GResolver           *resolver,
                      const char          *rrname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "test resolver: use lookup_records for %s", rrname);
}

static void
outbox_test_resolver_finalize (GObject *object)
{
  OutboxTestResolver *self = OUTBOX_TEST_RESOLVER (object);

  g_hash_table_unref (self->addresses);
  g_hash_table_unref (self->records);
  g_hash_table_unref (self->failures);
  g_ptr_array_unref (self->queries);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (outbox_test_resolver_parent_class)->finalize (object);
}

static void
outbox_test_resolver_class_init (OutboxTestResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = outbox_test_resolver_finalize;

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_list_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_list_finish;
  resolver_class->lookup_by_address = lookup_by_address;
  resolver_class->lookup_by_address_async = lookup_by_address_async;
  resolver_class->lookup_by_address_finish = lookup_by_address_finish;
  resolver_class->lookup_service = lookup_service;
  resolver_class->lookup_service_async = lookup_service_async;
  resolver_class->lookup_service_finish = lookup_list_finish;
  resolver_class->lookup_records = lookup_records;
  resolver_class->lookup_records_async = lookup_records_async;
  resolver_class->lookup_records_finish = lookup_list_finish;
}

static void
outbox_test_resolver_init (OutboxTestResolver *self)
{
  g_mutex_init (&self->lock);
  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_ptr_array_unref);
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->queries = g_ptr_array_new_with_free_func (g_free);
}

OutboxTestResolver *
outbox_test_resolver_new (void)
{
  return g_object_new (OUTBOX_TYPE_TEST_RESOLVER, NULL);
}

static void
add_to (GHashTable *table,
        char       *key,
        gpointer    item,
        GDestroyNotify free_func)
{
  GPtrArray *list = g_hash_table_lookup (table, key);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (free_func);
      g_hash_table_insert (table, key, list);
    }
  else
    g_free (key);
  g_ptr_array_add (list, item);
}

void
outbox_test_resolver_add_address (OutboxTestResolver *self,
                                  const char         *name,
                                  const char         *address)
{
  GInetAddress *inet = g_inet_address_new_from_string (address);

  g_assert_nonnull (inet);
  /* Loopback only: a test never reaches another machine. */
  g_assert_true (g_inet_address_get_is_loopback (inet));
  g_mutex_lock (&self->lock);
  add_to (self->addresses, key_for (NULL, name), inet, g_object_unref);
  g_mutex_unlock (&self->lock);
}

void
outbox_test_resolver_add_srv (OutboxTestResolver *self,
                              const char         *rrname,
                              guint16             priority,
                              guint16             weight,
                              guint16             port,
                              const char         *target)
{
  GVariant *record = g_variant_ref_sink (g_variant_new ("(qqqs)", priority, weight, port, target));

  g_mutex_lock (&self->lock);
  add_to (self->records, key_for ("SRV", rrname), record, (GDestroyNotify)g_variant_unref);
  g_mutex_unlock (&self->lock);
}

void
outbox_test_resolver_add_mx (OutboxTestResolver *self,
                             const char         *domain,
                             guint16             preference,
                             const char         *exchange)
{
  GVariant *record = g_variant_ref_sink (g_variant_new ("(qs)", preference, exchange));

  g_mutex_lock (&self->lock);
  add_to (self->records, key_for ("MX", domain), record, (GDestroyNotify)g_variant_unref);
  g_mutex_unlock (&self->lock);
}

void
outbox_test_resolver_add_txt (OutboxTestResolver *self,
                              const char         *name,
                              const char * const *strings)
{
  GVariant *record = g_variant_ref_sink (g_variant_new ("(^as)", strings));

  g_mutex_lock (&self->lock);
  add_to (self->records, key_for ("TXT", name), record, (GDestroyNotify)g_variant_unref);
  g_mutex_unlock (&self->lock);
}

void
outbox_test_resolver_set_failure (OutboxTestResolver *self,
                                  const char         *name,
                                  GResolverError      code)
{
  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->failures, key_for (NULL, name), GINT_TO_POINTER (code));
  g_mutex_unlock (&self->lock);
}

GPtrArray *
outbox_test_resolver_get_queries (OutboxTestResolver *self)
{
  return self->queries;
}

gboolean
outbox_test_resolver_was_asked (OutboxTestResolver *self,
                                const char         *query)
{
  g_autofree char *kind = g_strndup (query, strcspn (query, " "));
  g_autofree char *key = key_for (kind, query + strlen (kind) + (query[strlen (kind)] ? 1 : 0));
  gboolean asked = FALSE;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->queries->len && !asked; i++)
    asked = g_str_equal (g_ptr_array_index (self->queries, i), key);
  g_mutex_unlock (&self->lock);
  return asked;
}
