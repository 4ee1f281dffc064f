/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAutodetect: finds submission settings for an address, step by
 * step, stopping at the first confident answer:
 *
 *  1. the bundled presets, by the address's domain (offline);
 *  2. DNS SRV records, _submissions._tcp (implicit TLS, RFC 8314) and then
 *     _submission._tcp (STARTTLS, RFC 6186), the domain owner's own word;
 *  3. the MX records: a domain whose mail goes to a known provider's
 *     servers is hosted there and uses that provider's settings;
 *  4. asking smtp.<domain> and mail.<domain> (outbox-autodetect-probe.c).
 *
 * SRV records are fetched with g_resolver_lookup_records() and ordered
 * here by g_srv_target_list_sort() (priority, then weight, RFC 2782), so
 * that the ordering and the "." target ("no such service") are Outbox's
 * own behaviour whatever GResolver answers. Nothing here sends a password
 * or a message. */

#define G_LOG_DOMAIN "outbox-autodetect"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-autodetect-private.h"

struct _OutboxAutodetect
{
  GObject          parent_instance;

  OutboxProviders *providers;    /* NULL: the bundled ones */
  GResolver       *resolver;     /* NULL: the default one */
  GTlsDatabase    *database;     /* NULL: the system's */
  gboolean         use_network;
  guint            probe_timeout_ms;
  GArray          *probe_ports;  /* OutboxProbePort */
};

G_DEFINE_FINAL_TYPE (OutboxAutodetect, outbox_autodetect, G_TYPE_OBJECT)

G_DEFINE_QUARK (outbox-autodetect-error-quark, outbox_autodetect_error)

static const OutboxProbePort default_probe_ports[] = {
  { 465, OUTBOX_SECURITY_TLS },
  { 587, OUTBOX_SECURITY_STARTTLS },
  { 25,  OUTBOX_SECURITY_STARTTLS },
};

/* One run of the steps; the task's data. */
typedef struct
{
  char            *address;
  char            *domain;
  OutboxProviders *providers;
  GResolver       *resolver;
  GTlsDatabase    *database;
  gboolean         use_network;
  guint            probe_timeout_ms;
  GArray          *probe_ports;
  GPtrArray       *srv_servers;  /* OutboxServer from both SRV look-ups */
  GPtrArray       *trail;        /* char *: why each step gave no answer */
} Detection;

static void
detection_free (Detection *detection)
{
  g_free (detection->address);
  g_free (detection->domain);
  g_clear_object (&detection->providers);
  g_clear_object (&detection->resolver);
  g_clear_object (&detection->database);
  g_array_unref (detection->probe_ports);
  g_ptr_array_unref (detection->srv_servers);
  g_ptr_array_unref (detection->trail);
  g_free (detection);
}

static void lookup_srv (GTask *task, gboolean implicit_tls);
static void lookup_mx (GTask *task);
static void probe (GTask *task);

static void
return_result (GTask                  *task,
               OutboxAutodetectResult *result)
{
  g_debug ("%s: found by %s", outbox_autodetect_result_get_domain (result),
           outbox_autodetect_source_to_string (outbox_autodetect_result_get_source (result)));
  g_task_return_pointer (task, result, g_object_unref);
}

static void
return_not_found (GTask *task)
{
  Detection *detection = g_task_get_task_data (task);
  g_autoptr(GString) message = g_string_new (NULL);

  /* TRANSLATORS: %s is a domain; the reasons each step found nothing follow */
  g_string_append_printf (message, _("No settings were found for %s."), detection->domain);
  for (guint i = 0; i < detection->trail->len; i++)
    g_string_append_printf (message, " %s", (const char *)g_ptr_array_index (detection->trail, i));
  g_task_return_new_error (task, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_NOT_FOUND,
                           "%s", message->str);
}

/* TRUE when the task has ended because the look-up was cancelled. */
static gboolean
return_if_cancelled (GTask  *task,
                     GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  g_task_return_error (task, g_error_copy (error));
  return TRUE;
}

/* SRV records to servers in RFC 2782 order, without "." (no service here)
 * and without records that cannot be used. */
static void
add_srv_servers (GPtrArray      *servers,
                 GList          *records,
                 OutboxSecurity  security)
{
  GList *targets = NULL;

  for (GList *l = records; l; l = l->next)
    {
      guint16 priority, weight, port;
      const char *target;

      if (!g_variant_is_of_type (l->data, G_VARIANT_TYPE ("(qqqs)")))
        continue;
      g_variant_get (l->data, "(qqq&s)", &priority, &weight, &port, &target);
      targets = g_list_prepend (targets, g_srv_target_new (target, port, priority, weight));
    }
  targets = g_srv_target_list_sort (g_list_reverse (targets));

  for (GList *l = targets; l; l = l->next)
    {
      GSrvTarget *target = l->data;
      g_autofree char *host = outbox_domain_normalize (g_srv_target_get_hostname (target));

      if (host == NULL || g_srv_target_get_port (target) == 0)
        continue;
      g_ptr_array_add (servers, outbox_server_new (host, g_srv_target_get_port (target),
                                                   security));
    }
  g_list_free_full (targets, (GDestroyNotify)g_srv_target_free);
}

static void
srv_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Detection *detection = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *records;
  gboolean implicit_tls = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "srv-tls"));

  records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  if (error && return_if_cancelled (task, error))
    return;
  if (error)
    g_debug ("SRV look-up for %s: %s", detection->domain, error->message);

  add_srv_servers (detection->srv_servers, records,
                   implicit_tls ? OUTBOX_SECURITY_TLS : OUTBOX_SECURITY_STARTTLS);
  g_list_free_full (records, (GDestroyNotify)g_variant_unref);

  if (implicit_tls)
    {
      lookup_srv (g_steal_pointer (&task), FALSE);
      return;
    }

  if (detection->srv_servers->len > 0)
    {
      return_result (task, _outbox_autodetect_result_new (detection->address, detection->domain,
                                                          OUTBOX_AUTODETECT_SOURCE_SRV, NULL,
                                                          g_steal_pointer (&detection->srv_servers)));
      detection->srv_servers = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_server_free);
      return;
    }

  g_ptr_array_add (detection->trail,
                   /* TRANSLATORS: %s is a domain */
                   g_strdup_printf (_("No SRV record in DNS names a mail submission server "
                                      "for %s."), detection->domain));
  lookup_mx (g_steal_pointer (&task));
}

static void
lookup_srv (GTask    *task,
            gboolean  implicit_tls)
{
  Detection *detection = g_task_get_task_data (task);
  g_autofree char *rrname = g_strconcat (implicit_tls ? "_submissions._tcp." : "_submission._tcp.",
                                         detection->domain, NULL);

  g_object_set_data (G_OBJECT (task), "srv-tls", GUINT_TO_POINTER (implicit_tls));
  g_resolver_lookup_records_async (detection->resolver, rrname, G_RESOLVER_RECORD_SRV,
                                   g_task_get_cancellable (task), srv_cb, task);
}

static int
compare_mx (gconstpointer a,
            gconstpointer b)
{
  guint16 pref_a, pref_b;

  g_variant_get ((GVariant *)a, "(q&s)", &pref_a, NULL);
  g_variant_get ((GVariant *)b, "(q&s)", &pref_b, NULL);
  return (int)pref_a - (int)pref_b;
}

static void
mx_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Detection *detection = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  GList *answer;
  GList *records = NULL;

  answer = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  if (error && return_if_cancelled (task, error))
    return;
  if (error)
    g_debug ("MX look-up for %s: %s", detection->domain, error->message);

  /* Lowest preference first; equal ones keep their order (a stable sort). */
  for (GList *l = answer; l; l = l->next)
    if (g_variant_is_of_type (l->data, G_VARIANT_TYPE ("(qs)")))
      records = g_list_prepend (records, g_variant_ref (l->data));
  g_list_free_full (answer, (GDestroyNotify)g_variant_unref);
  records = g_list_sort (g_list_reverse (records), compare_mx);

  /* Only the most preferred servers say where the mailboxes are: a backup
   * MX at a provider does not make the domain that provider's. */
  for (GList *l = records; l; l = l->next)
    {
      const char *exchange;
      g_autofree char *host = NULL;
      OutboxProvider *provider;

      g_variant_get (l->data, "(q&s)", NULL, &exchange);
      if (l != records && compare_mx (l->data, records->data) != 0)
        break;
      /* A "." exchange (RFC 7505) or a broken name says nothing. */
      if (!(host = outbox_domain_normalize (exchange)))
        continue;
      if ((provider = outbox_providers_lookup_mx_host (detection->providers, host)))
        {
          OutboxAutodetectResult *found =
            _outbox_autodetect_result_new (detection->address, detection->domain,
                                           OUTBOX_AUTODETECT_SOURCE_MX, provider, NULL);
          _outbox_autodetect_result_set_mx_host (found, host);
          g_list_free_full (records, (GDestroyNotify)g_variant_unref);
          return_result (task, found);
          return;
        }
      g_ptr_array_add (unknown, g_steal_pointer (&host));
    }
  g_list_free_full (records, (GDestroyNotify)g_variant_unref);

  if (unknown->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (unknown, NULL);
      list = g_strjoinv (", ", (char **)unknown->pdata);
      g_ptr_array_add (detection->trail,
                       /* TRANSLATORS: %s is a domain, then a list of its mail servers */
                       g_strdup_printf (_("The mail servers of %s (%s) are not at a known "
                                          "provider."), detection->domain, list));
    }
  else
    g_ptr_array_add (detection->trail,
                     /* TRANSLATORS: %s is a domain */
                     g_strdup_printf (_("%s has no MX records."), detection->domain));
  probe (g_steal_pointer (&task));
}

static void
lookup_mx (GTask *task)
{
  Detection *detection = g_task_get_task_data (task);

  g_resolver_lookup_records_async (detection->resolver, detection->domain,
                                   G_RESOLVER_RECORD_MX, g_task_get_cancellable (task),
                                   mx_cb, task);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Detection *detection = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  OutboxAutodetectResult *found;

  found = _outbox_autodetect_probe_finish (result, &error);
  if (found)
    {
      return_result (task, found);
      return;
    }
  if (return_if_cancelled (task, error))
    return;
  g_ptr_array_add (detection->trail, g_strdup (error->message));
  return_not_found (task);
}

static void
probe (GTask *task)
{
  Detection *detection = g_task_get_task_data (task);

  _outbox_autodetect_probe_async (detection->address, detection->domain,
                                  (const OutboxProbePort *)(gpointer)detection->probe_ports->data,
                                  detection->probe_ports->len, detection->probe_timeout_ms,
                                  detection->database, g_task_get_cancellable (task),
                                  probe_cb, task);
}

static void
outbox_autodetect_finalize (GObject *object)
{
  OutboxAutodetect *self = OUTBOX_AUTODETECT (object);

  g_clear_object (&self->providers);
  g_clear_object (&self->resolver);
  g_clear_object (&self->database);
  g_array_unref (self->probe_ports);

  G_OBJECT_CLASS (outbox_autodetect_parent_class)->finalize (object);
}

static void
outbox_autodetect_class_init (OutboxAutodetectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_autodetect_finalize;
}

static void
outbox_autodetect_init (OutboxAutodetect *self)
{
  self->use_network = TRUE;
  self->probe_timeout_ms = OUTBOX_AUTODETECT_DEFAULT_PROBE_TIMEOUT_MS;
  self->probe_ports = g_array_new (FALSE, FALSE, sizeof (OutboxProbePort));
  g_array_append_vals (self->probe_ports, default_probe_ports, G_N_ELEMENTS (default_probe_ports));
}

OutboxAutodetect *
outbox_autodetect_new (void)
{
  return g_object_new (OUTBOX_TYPE_AUTODETECT, NULL);
}

/**
 * outbox_autodetect_set_providers:
 * @providers: (nullable): the catalog to look in; NULL for the bundled one
 */
void
outbox_autodetect_set_providers (OutboxAutodetect *self,
                                 OutboxProviders  *providers)
{
  g_return_if_fail (OUTBOX_IS_AUTODETECT (self));
  g_set_object (&self->providers, providers);
}

/**
 * outbox_autodetect_set_resolver:
 * @resolver: (nullable): answers the SRV and MX look-ups; NULL for
 *   g_resolver_get_default() at the time of each run
 *
 * The probe's connections resolve server names through GIO's default
 * resolver whatever is set here (GSocketClient knows no other).
 */
void
outbox_autodetect_set_resolver (OutboxAutodetect *self,
                                GResolver        *resolver)
{
  g_return_if_fail (OUTBOX_IS_AUTODETECT (self));
  g_set_object (&self->resolver, resolver);
}

/**
 * outbox_autodetect_set_tls_database:
 * @database: (nullable): the certificate authorities the probe trusts;
 *   NULL for the system's
 */
void
outbox_autodetect_set_tls_database (OutboxAutodetect *self,
                                    GTlsDatabase     *database)
{
  g_return_if_fail (OUTBOX_IS_AUTODETECT (self));
  g_set_object (&self->database, database);
}

/**
 * outbox_autodetect_set_use_network:
 *
 * With %FALSE only the bundled presets are consulted: nothing leaves the
 * computer. %TRUE by default.
 */
void
outbox_autodetect_set_use_network (OutboxAutodetect *self,
                                   gboolean          use_network)
{
  g_return_if_fail (OUTBOX_IS_AUTODETECT (self));
  self->use_network = !!use_network;
}

/**
 * outbox_autodetect_set_probe_timeout:
 * @timeout_ms: how long the probe step waits for its servers, all at once
 */
void
outbox_autodetect_set_probe_timeout (OutboxAutodetect *self,
                                     guint             timeout_ms)
{
  g_return_if_fail (OUTBOX_IS_AUTODETECT (self));
  g_return_if_fail (timeout_ms > 0);
  self->probe_timeout_ms = timeout_ms;
}

void
_outbox_autodetect_set_probe_ports (OutboxAutodetect      *self,
                                    const OutboxProbePort *ports,
                                    guint                  n_ports)
{
  g_return_if_fail (OUTBOX_IS_AUTODETECT (self));
  g_array_set_size (self->probe_ports, 0);
  g_array_append_vals (self->probe_ports, ports, n_ports);
}

/**
 * outbox_autodetect_run_async:
 * @address: the sender address to find settings for
 *
 * Runs the steps (see the top of this file) until one answers.
 */
void
outbox_autodetect_run_async (OutboxAutodetect    *self,
                             const char          *address,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Detection *detection;
  OutboxProvider *provider;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (OUTBOX_IS_AUTODETECT (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_autodetect_run_async);

  trimmed = g_strstrip (g_strdup (address));
  detection = g_new0 (Detection, 1);
  detection->address = g_steal_pointer (&trimmed);
  detection->domain = outbox_address_get_domain (detection->address);
  detection->providers = g_object_ref (self->providers ? self->providers
                                                       : outbox_providers_get_default ());
  detection->resolver = self->resolver ? g_object_ref (self->resolver) : g_resolver_get_default ();
  detection->database = self->database ? g_object_ref (self->database) : NULL;
  detection->use_network = self->use_network;
  detection->probe_timeout_ms = self->probe_timeout_ms;
  detection->probe_ports = g_array_copy (self->probe_ports);
  detection->srv_servers = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_server_free);
  detection->trail = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, detection, (GDestroyNotify)detection_free);

  if (detection->domain == NULL)
    {
      g_task_return_new_error (task, OUTBOX_AUTODETECT_ERROR,
                               OUTBOX_AUTODETECT_ERROR_INVALID_ADDRESS,
                               /* TRANSLATORS: %s is what was given as an address */
                               _("“%s” is not an email address with a domain."), address);
      return;
    }

  if ((provider = outbox_providers_lookup_domain (detection->providers, detection->domain)))
    {
      return_result (task, _outbox_autodetect_result_new (detection->address, detection->domain,
                                                          OUTBOX_AUTODETECT_SOURCE_PRESET,
                                                          provider, NULL));
      return;
    }
  g_ptr_array_add (detection->trail,
                   /* TRANSLATORS: %s is a domain */
                   g_strdup_printf (_("%s is not in Outbox’s list of known providers."),
                                    detection->domain));

  if (!detection->use_network)
    {
      g_ptr_array_add (detection->trail,
                       g_strdup (_("Nothing was looked up on the network.")));
      return_not_found (task);
      return;
    }

  lookup_srv (g_steal_pointer (&task), TRUE);
}

/**
 * outbox_autodetect_run_finish:
 *
 * Returns: (transfer full): what was found, or NULL with @error:
 *   %OUTBOX_AUTODETECT_ERROR_NOT_FOUND (its message says what each step
 *   found), %OUTBOX_AUTODETECT_ERROR_INVALID_ADDRESS or
 *   %G_IO_ERROR_CANCELLED.
 */
OutboxAutodetectResult *
outbox_autodetect_run_finish (OutboxAutodetect  *self,
                              GAsyncResult      *result,
                              GError           **error)
{
  g_return_val_if_fail (OUTBOX_IS_AUTODETECT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
outbox_autodetect_async (const char          *address,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(OutboxAutodetect) self = outbox_autodetect_new ();

  /* The task keeps the detector alive until it has answered. */
  outbox_autodetect_run_async (self, address, cancellable, callback, user_data);
}

OutboxAutodetectResult *
outbox_autodetect_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);

  g_return_val_if_fail (OUTBOX_IS_AUTODETECT (source), NULL);
  return outbox_autodetect_run_finish (OUTBOX_AUTODETECT (source), result, error);
}
