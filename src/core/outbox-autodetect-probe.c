/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The last step of autodetection: ask smtp.<domain> and mail.<domain> on
 * every port of the plan at once, with the SMTP engine's probe (greeting,
 * EHLO, STARTTLS, certificate; never AUTH, never mail), and keep the best
 * answer: implicit TLS, then STARTTLS, then a server whose certificate does
 * not fit, and a server that speaks only plaintext when nothing else does.
 *
 * The answer comes as soon as no probe still running could beat the best
 * one already in, so a silent port delays it only when it might have been
 * the better choice, and never past the timeout. */

#define G_LOG_DOMAIN "outbox-autodetect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-autodetect-private.h"
#include "outbox-certificate-info.h"
#include "outbox-smtp-probe.h"

/* How good an answer is; lower is better. */
typedef enum
{
  CLASS_TLS,          /* implicit TLS with a valid certificate */
  CLASS_STARTTLS,     /* STARTTLS with a valid certificate */
  CLASS_CERTIFICATE,  /* encrypted, but the certificate was not accepted */
  CLASS_PLAIN,        /* answered, but offers no encryption */
  CLASS_NONE,         /* no SMTP server answered there */
} ProbeClass;

typedef struct _ProbeRun ProbeRun;

typedef struct
{
  ProbeRun          *run;
  char              *host;
  guint              host_index;   /* 0 smtp., 1 mail. */
  guint              order;        /* position in the port plan */
  guint              port;
  OutboxSecurity     security;
  OutboxSmtpSession *session;
  OutboxTestReport  *report;
  gboolean           done;
  ProbeClass         class;
} Probe;

struct _ProbeRun
{
  GTask        *task;         /* NULL once answered */
  char         *address;
  char         *domain;
  GPtrArray    *probes;       /* Probe */
  GCancellable *cancellable;  /* stops every session */
  GCancellable *user_cancellable;
  gulong        user_cancel_id;
  GSource      *timer;
  guint         pending;
};

static void
probe_free (Probe *probe)
{
  g_free (probe->host);
  g_clear_object (&probe->session);
  g_clear_object (&probe->report);
  g_free (probe);
}

static void
probe_run_clear (ProbeRun *run)
{
  if (run->timer)
    {
      g_source_destroy (run->timer);
      g_source_unref (run->timer);
    }
  if (run->user_cancellable)
    {
      g_cancellable_disconnect (run->user_cancellable, run->user_cancel_id);
      g_object_unref (run->user_cancellable);
    }
  g_clear_object (&run->task);
  g_clear_object (&run->cancellable);
  g_ptr_array_unref (run->probes);
  g_free (run->address);
  g_free (run->domain);
}

static void
probe_run_release (ProbeRun *run)
{
  g_rc_box_release_full (run, (GDestroyNotify)probe_run_clear);
}

static ProbeClass
classify (Probe *probe)
{
  const GError *error;

  if (probe->report == NULL)
    return CLASS_NONE;
  if (outbox_test_report_get_success (probe->report))
    return probe->security == OUTBOX_SECURITY_TLS ? CLASS_TLS : CLASS_STARTTLS;

  error = outbox_test_report_get_error (probe->report);
  if (g_error_matches (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_CERTIFICATE))
    return CLASS_CERTIFICATE;
  /* The server greeted and answered EHLO in the clear, and offers no
   * STARTTLS: a plaintext server. */
  if (g_error_matches (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_STARTTLS_MISSING) &&
      outbox_test_report_get_greeting (probe->report) != NULL)
    return CLASS_PLAIN;
  return CLASS_NONE;
}

/* The best a probe can still give: what it gave, or its port's promise. */
static ProbeClass
best_possible (Probe *probe)
{
  if (probe->done)
    return probe->class;
  return probe->security == OUTBOX_SECURITY_TLS ? CLASS_TLS : CLASS_STARTTLS;
}

static int
compare (ProbeClass   class_a,
         const Probe *a,
         ProbeClass   class_b,
         const Probe *b)
{
  if (class_a != class_b)
    return class_a < class_b ? -1 : 1;
  if (a->host_index != b->host_index)
    return a->host_index < b->host_index ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static int
compare_done (gconstpointer pa,
              gconstpointer pb)
{
  const Probe *a = *(const Probe **)pa;
  const Probe *b = *(const Probe **)pb;

  return compare (a->class, a, b->class, b);
}

static void
add_certificate_warning (OutboxAutodetectResult *result,
                         Probe                  *probe)
{
  OutboxCertificateInfo *info = outbox_test_report_get_certificate (probe->report);
  g_autoptr(GString) text = g_string_new (NULL);

  /* TRANSLATORS: %s is a server name, %u its port */
  g_string_append_printf (text, _("%s answers on port %u, but its certificate was not "
                                  "accepted."), probe->host, probe->port);
  if (info)
    {
      g_auto(GStrv) problems =
        outbox_certificate_problems_to_strv (outbox_certificate_info_get_problems (info));
      const char * const *names = outbox_certificate_info_get_host_names (info);

      for (guint i = 0; problems && problems[i]; i++)
        g_string_append_printf (text, " %s", problems[i]);
      if (names && names[0])
        {
          g_autofree char *list = g_strjoinv (", ", (char **)names);
          /* TRANSLATORS: %s is a list of server names from a certificate */
          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("The certificate is made out to: %s."), list);
        }
    }
  _outbox_autodetect_result_add_warning (result, text->str);
}

static void
answer (ProbeRun *run)
{
  g_autoptr(GTask) task = g_steal_pointer (&run->task);
  g_autoptr(GPtrArray) answered = g_ptr_array_new ();
  g_autoptr(GPtrArray) servers =
    g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_server_free);
  g_autoptr(OutboxAutodetectResult) result = NULL;
  Probe *best;

  if (run->timer)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }
  /* Whatever still runs is no longer needed. */
  g_cancellable_cancel (run->cancellable);

  for (guint i = 0; i < run->probes->len; i++)
    {
      Probe *probe = g_ptr_array_index (run->probes, i);
      if (probe->done && probe->class != CLASS_NONE)
        g_ptr_array_add (answered, probe);
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  if (answered->len == 0)
    {
      g_task_return_new_error (task, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_NOT_FOUND,
                               /* TRANSLATORS: %s is a domain; the two names are servers tried */
                               _("Neither smtp.%s nor mail.%s answered as a mail server."),
                               run->domain, run->domain);
      return;
    }

  g_ptr_array_sort (answered, compare_done);
  for (guint i = 0; i < answered->len; i++)
    {
      Probe *probe = g_ptr_array_index (answered, i);
      g_ptr_array_add (servers, outbox_server_new (probe->host, probe->port,
                                                   probe->class == CLASS_PLAIN
                                                   ? OUTBOX_SECURITY_NONE : probe->security));
    }

  best = g_ptr_array_index (answered, 0);
  result = _outbox_autodetect_result_new (run->address, run->domain,
                                          OUTBOX_AUTODETECT_SOURCE_PROBE, NULL,
                                          g_steal_pointer (&servers));
  _outbox_autodetect_result_set_probe_report (result, best->report);
  if (best->class == CLASS_CERTIFICATE)
    add_certificate_warning (result, best);
  else if (best->class == CLASS_PLAIN)
    {
      g_autofree char *warning =
        /* TRANSLATORS: %s is a server name, %u its port */
        g_strdup_printf (_("%s answers on port %u only without encryption: a password sent "
                           "there could be read on the way. Use it only if the provider "
                           "confirms there is no other way."), best->host, best->port);
      _outbox_autodetect_result_add_warning (result, warning);
    }
  g_task_return_pointer (task, g_steal_pointer (&result), g_object_unref);
}

/* Answers when every probe is in, or when none still running could beat
 * the best answer so far. */
static void
maybe_answer (ProbeRun *run)
{
  Probe *best = NULL;

  if (run->task == NULL)
    return;
  if (run->pending == 0)
    {
      answer (run);
      return;
    }

  for (guint i = 0; i < run->probes->len; i++)
    {
      Probe *probe = g_ptr_array_index (run->probes, i);
      if (probe->done && probe->class != CLASS_NONE &&
          (best == NULL || compare (probe->class, probe, best->class, best) < 0))
        best = probe;
    }
  if (best == NULL)
    return;
  for (guint i = 0; i < run->probes->len; i++)
    {
      Probe *probe = g_ptr_array_index (run->probes, i);
      if (!probe->done && compare (best_possible (probe), probe, best->class, best) < 0)
        return;
    }
  answer (run);
}

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Probe *probe = user_data;
  ProbeRun *run = probe->run;

  probe->report = outbox_smtp_session_run_finish (OUTBOX_SMTP_SESSION (object), result, NULL);
  probe->done = TRUE;
  probe->class = classify (probe);
  g_clear_object (&probe->session);
  g_debug ("probe %s:%u %s: class %d", probe->host, probe->port,
           outbox_security_to_string (probe->security), probe->class);
  run->pending--;
  maybe_answer (run);
  probe_run_release (run);
}

static gboolean
on_timeout (gpointer user_data)
{
  ProbeRun *run = user_data;

  g_debug ("probe of %s: timeout, stopping %u probes", run->domain, run->pending);
  g_clear_pointer (&run->timer, g_source_unref);
  /* The stopped sessions report back at once; the last one answers. */
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
start_probe (ProbeRun      *run,
             const char    *host,
             guint          host_index,
             guint          order,
             guint          port,
             OutboxSecurity security,
             guint          timeout_ms,
             GTlsDatabase  *database)
{
  Probe *probe = g_new0 (Probe, 1);

  probe->run = run;
  probe->host = g_strdup (host);
  probe->host_index = host_index;
  probe->order = order;
  probe->port = port;
  probe->security = security;
  probe->class = CLASS_NONE;
  g_ptr_array_add (run->probes, probe);

  probe->session = outbox_smtp_probe_new (host, port, security,
                                          MAX (1, (timeout_ms + 999) / 1000), database);

  /* The session's callback owns a reference, even should it come at once. */
  run->pending++;
  g_rc_box_acquire (run);
  outbox_smtp_session_run_async (probe->session, run->cancellable, session_cb, probe);
}

void
_outbox_autodetect_probe_async (const char            *address,
                                const char            *domain,
                                const OutboxProbePort *ports,
                                guint                  n_ports,
                                guint                  timeout_ms,
                                GTlsDatabase          *database,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  ProbeRun *run = g_rc_box_new0 (ProbeRun);
  const char *prefixes[] = { "smtp.", "mail." };

  run->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (run->task, _outbox_autodetect_probe_async);
  run->address = g_strdup (address);
  run->domain = g_strdup (domain);
  run->probes = g_ptr_array_new_with_free_func ((GDestroyNotify)probe_free);
  run->cancellable = g_cancellable_new ();
  if (cancellable)
    {
      run->user_cancellable = g_object_ref (cancellable);
      run->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                   g_object_ref (run->cancellable),
                                                   g_object_unref);
    }

  run->timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (run->timer, on_timeout, run, NULL);
  g_source_attach (run->timer, g_main_context_get_thread_default ());

  for (guint h = 0; h < G_N_ELEMENTS (prefixes); h++)
    {
      g_autofree char *host = g_strconcat (prefixes[h], domain, NULL);

      for (guint i = 0; i < n_ports; i++)
        start_probe (run, host, h, i, ports[i].port, ports[i].security, timeout_ms, database);
    }

  maybe_answer (run);
  probe_run_release (run);
}

OutboxAutodetectResult *
_outbox_autodetect_probe_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
