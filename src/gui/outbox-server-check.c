/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxServerCheck: "Check Server" under the server rows. It asks the
 * configured server, on the account's own port and on 465 (SSL/TLS) and
 * 587 (STARTTLS) at once, what it offers: greeting, EHLO, STARTTLS and the
 * certificate, through the SMTP engine's probe, which never sends AUTH nor
 * a message. It then says what works, and offers the best secure settings
 * when they are better than the account's: implicit TLS, then STARTTLS
 * (RFC 8314), each with a certificate that checks out. */

#define G_LOG_DOMAIN "outbox-server-check"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-server-check-private.h"
#include "outbox-spinner.h"

/* Seconds each probe may take; the user can cancel before. */
#define CHECK_TIMEOUT 15

/* How good an answer is; lower is better. */
typedef enum
{
  CLASS_TLS,          /* implicit TLS with a valid certificate */
  CLASS_STARTTLS,     /* STARTTLS with a valid certificate */
  CLASS_CERTIFICATE,  /* encrypted, but the certificate was not accepted */
  CLASS_PLAIN,        /* answered, but offers no encryption */
  CLASS_NONE,         /* no SMTP server answered */
} CheckClass;

typedef struct _CheckRun CheckRun;

typedef struct
{
  CheckRun          *run;
  guint              port;
  OutboxSecurity     security;
  OutboxSmtpSession *session;
  OutboxTestReport  *report;
  CheckClass         class;
} Candidate;

struct _CheckRun
{
  OutboxServerCheck *self;
  char              *host;
  GPtrArray         *candidates;   /* Candidate; the account's own first */
  GCancellable      *cancellable;
  guint              pending;
};

struct _OutboxServerCheck
{
  AdwPreferencesGroup  parent_instance;

  OutboxSettingsForm  *form;
  guint                tls_port;
  guint                starttls_port;
  CheckRun            *run;          /* the check under way */
  OutboxServer        *better;       /* what the better row offers */

  AdwActionRow        *check_row;
  GtkStack            *check_stack;
  OutboxSpinner       *check_spinner;
  AdwActionRow        *better_row;
  GtkLabel            *result_label;
};

enum {
  PROP_0,
  PROP_FORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxServerCheck, outbox_server_check, ADW_TYPE_PREFERENCES_GROUP)

static void
candidate_free (Candidate *candidate)
{
  g_clear_object (&candidate->session);
  g_clear_object (&candidate->report);
  g_free (candidate);
}

static void
check_run_free (CheckRun *run)
{
  g_object_unref (run->self);
  g_free (run->host);
  g_ptr_array_unref (run->candidates);
  g_object_unref (run->cancellable);
  g_free (run);
}

static const char *
security_label (OutboxSecurity security)
{
  return security == OUTBOX_SECURITY_TLS ? _("SSL/TLS") : _("STARTTLS");
}

static CheckClass
classify (Candidate *candidate)
{
  const GError *error;

  if (candidate->report == NULL)
    return CLASS_NONE;
  if (outbox_test_report_get_success (candidate->report))
    return candidate->security == OUTBOX_SECURITY_TLS ? CLASS_TLS : CLASS_STARTTLS;

  error = outbox_test_report_get_error (candidate->report);
  if (g_error_matches (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_CERTIFICATE))
    return CLASS_CERTIFICATE;
  if (g_error_matches (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_STARTTLS_MISSING) &&
      outbox_test_report_get_greeting (candidate->report) != NULL)
    return CLASS_PLAIN;
  return CLASS_NONE;
}

static void
set_result (OutboxServerCheck *self,
            const char        *text)
{
  gtk_label_set_text (self->result_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), text != NULL && text[0] != '\0');
}

static void
clear_better (OutboxServerCheck *self)
{
  g_clear_pointer (&self->better, outbox_server_free);
  gtk_widget_set_visible (GTK_WIDGET (self->better_row), FALSE);
}

static void
stop (OutboxServerCheck *self)
{
  if (self->run)
    {
      g_cancellable_cancel (self->run->cancellable);
      self->run = NULL;  /* freed when its last probe reports back */
    }
  outbox_spinner_set_spinning (self->check_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->check_stack, "idle");
}

/* One line of what the server offers, per port tried. */
static void
describe_candidate (GString   *text,
                    Candidate *candidate)
{
  const char *label = candidate->class == CLASS_PLAIN ? _("no encryption")
                                                      : security_label (candidate->security);

  if (text->len)
    g_string_append_c (text, '\n');
  switch (candidate->class)
    {
    case CLASS_TLS:
    case CLASS_STARTTLS:
      /* TRANSLATORS: "SSL/TLS" or "STARTTLS", then a port number */
      g_string_append_printf (text, _("%s on port %u: works"), label, candidate->port);
      break;
    case CLASS_CERTIFICATE:
      /* TRANSLATORS: "SSL/TLS" or "STARTTLS", then a port number */
      g_string_append_printf (text, _("%s on port %u: the certificate was not accepted"),
                              label, candidate->port);
      break;
    case CLASS_PLAIN:
      /* TRANSLATORS: %u is a port number */
      g_string_append_printf (text, _("Port %u: answers only without encryption"),
                              candidate->port);
      break;
    case CLASS_NONE:
    default:
      /* TRANSLATORS: "SSL/TLS" or "STARTTLS", then a port number */
      g_string_append_printf (text, _("%s on port %u: no answer"), label, candidate->port);
      break;
    }
}

static void
describe_offer (GString          *text,
                OutboxTestReport *report)
{
  const char * const *mechanisms = outbox_test_report_get_auth_mechanisms (report);
  guint64 size = outbox_test_report_get_size_limit (report);

  if (mechanisms && mechanisms[0])
    {
      g_autofree char *list = g_strjoinv (", ", (char **)mechanisms);
      g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is a list such as "PLAIN, LOGIN" */
      g_string_append_printf (text, _("Sign-in methods: %s"), list);
    }
  if (size > 0)
    {
      g_autofree char *formatted = g_format_size (size);
      g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is a size such as "35.0 MB" */
      g_string_append_printf (text, _("Largest message: %s"), formatted);
    }
}

static void
present (OutboxServerCheck *self,
         CheckRun          *run)
{
  Candidate *current = g_ptr_array_index (run->candidates, 0);
  Candidate *best = current;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *verdict = NULL;

  for (guint i = 1; i < run->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (run->candidates, i);
      if (candidate->class < best->class)
        best = candidate;
    }

  for (guint i = 0; i < run->candidates->len; i++)
    describe_candidate (text, g_ptr_array_index (run->candidates, i));
  if (best->class <= CLASS_STARTTLS)
    describe_offer (text, best->report);

  if (best->class == CLASS_NONE)
    /* TRANSLATORS: %s is a server name */
    verdict = g_strdup_printf (_("No mail server answered at %s."), run->host);
  else if (best != current && best->class <= CLASS_STARTTLS)
    {
      g_autofree char *question =
        /* TRANSLATORS: "SSL/TLS" or "STARTTLS", then a port number */
        g_strdup_printf (_("This server offers %s on port %u. Use it?"),
                         security_label (best->security), best->port);

      self->better = outbox_server_new (run->host, best->port, best->security);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->better_row), question);
      gtk_widget_set_visible (GTK_WIDGET (self->better_row), TRUE);
    }
  else if (current->class <= CLASS_STARTTLS)
    verdict = g_strdup (_("These settings work."));
  else if (current->class == CLASS_CERTIFICATE)
    verdict = g_strdup (_("The server answers, but its certificate was not accepted. Test the "
                          "account to see why."));
  else if (current->class == CLASS_PLAIN)
    verdict = g_strdup (_("The server answers only without encryption: a password sent there "
                          "could be read on the way."));

  if (verdict)
    {
      g_string_prepend_c (text, '\n');
      g_string_prepend (text, verdict);
    }
  set_result (self, text->str);
}

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Candidate *candidate = user_data;
  CheckRun *run = candidate->run;

  candidate->report = outbox_smtp_session_run_finish (OUTBOX_SMTP_SESSION (object), result, NULL);
  candidate->class = classify (candidate);
  g_clear_object (&candidate->session);
  g_debug ("%s:%u %s: class %d", run->host, candidate->port,
           outbox_security_to_string (candidate->security), candidate->class);

  if (--run->pending > 0)
    return;
  if (run->self->run == run)
    {
      run->self->run = NULL;
      outbox_spinner_set_spinning (run->self->check_spinner, FALSE);
      gtk_stack_set_visible_child_name (run->self->check_stack, "idle");
      present (run->self, run);
    }
  check_run_free (run);
}

static void
add_candidate (CheckRun       *run,
               guint           port,
               OutboxSecurity  security)
{
  Candidate *candidate;

  if (port == 0)
    return;
  for (guint i = 0; i < run->candidates->len; i++)
    {
      candidate = g_ptr_array_index (run->candidates, i);
      if (candidate->port == port && candidate->security == security)
        return;
    }

  candidate = g_new0 (Candidate, 1);
  candidate->run = run;
  candidate->port = port;
  candidate->security = security;
  candidate->class = CLASS_NONE;
  g_ptr_array_add (run->candidates, candidate);
}

static void
start_candidate (CheckRun     *run,
                 Candidate    *candidate,
                 GTlsDatabase *database)
{
  candidate->session = outbox_smtp_probe_new (run->host, candidate->port, candidate->security,
                                              CHECK_TIMEOUT, database);
  run->pending++;
  outbox_smtp_session_run_async (candidate->session, run->cancellable, session_cb, candidate);
}

static void
on_check_button_clicked (OutboxServerCheck *self)
{
  g_autofree char *host = NULL;
  OutboxSecurity security;
  CheckRun *run;

  if (self->form == NULL)
    return;

  stop (self);
  clear_better (self);
  host = outbox_settings_form_get_host (self->form);
  if (host[0] == '\0')
    {
      set_result (self, _("Type the outgoing server’s name first."));
      return;
    }

  run = g_new0 (CheckRun, 1);
  run->self = g_object_ref (self);
  run->host = g_steal_pointer (&host);
  run->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)candidate_free);
  run->cancellable = g_cancellable_new ();

  /* A server set up without encryption is asked for STARTTLS, which also
   * shows a server that has none. */
  security = outbox_settings_form_get_security (self->form);
  add_candidate (run, outbox_settings_form_get_port (self->form),
                 security == OUTBOX_SECURITY_NONE ? OUTBOX_SECURITY_STARTTLS : security);
  if (run->candidates->len == 0)
    add_candidate (run, outbox_security_default_port (security), security);
  add_candidate (run, self->tls_port, OUTBOX_SECURITY_TLS);
  add_candidate (run, self->starttls_port, OUTBOX_SECURITY_STARTTLS);

  self->run = run;
  set_result (self, NULL);
  gtk_stack_set_visible_child_name (self->check_stack, "running");
  outbox_spinner_set_spinning (self->check_spinner, TRUE);
  for (guint i = 0; i < run->candidates->len; i++)
    start_candidate (run, g_ptr_array_index (run->candidates, i),
                     outbox_settings_form_get_tls_database (self->form));
}

static void
on_cancel_button_clicked (OutboxServerCheck *self)
{
  stop (self);
}

static void
on_use_button_clicked (OutboxServerCheck *self)
{
  g_autoptr(OutboxServer) server = g_steal_pointer (&self->better);
  g_autofree char *described = NULL;
  g_autofree char *text = NULL;

  if (server == NULL || self->form == NULL)
    return;

  /* The user asked for exactly this port and security. */
  outbox_settings_form_apply (self->form, server, OUTBOX_LOGIN_FORM_ADDRESS,
                              OUTBOX_ACCOUNT_FIELD_PORT | OUTBOX_ACCOUNT_FIELD_SECURITY,
                              OUTBOX_ACCOUNT_FIELD_PORT | OUTBOX_ACCOUNT_FIELD_SECURITY);
  clear_better (self);
  described = outbox_server_describe (server);
  /* TRANSLATORS: %s is a server's settings: "smtp.example.com, port 465, SSL/TLS" */
  text = g_strdup_printf (_("Now using %s."), described);
  set_result (self, text);
}

static void
on_form_reset (OutboxServerCheck *self)
{
  stop (self);
  clear_better (self);
  set_result (self, NULL);
}

static void
outbox_server_check_dispose (GObject *object)
{
  OutboxServerCheck *self = OUTBOX_SERVER_CHECK (object);

  if (self->run)
    g_cancellable_cancel (self->run->cancellable);
  self->run = NULL;
  g_clear_pointer (&self->better, outbox_server_free);
  if (self->form)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  gtk_widget_dispose_template (GTK_WIDGET (object), OUTBOX_TYPE_SERVER_CHECK);

  G_OBJECT_CLASS (outbox_server_check_parent_class)->dispose (object);
}

static void
outbox_server_check_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OutboxServerCheck *self = OUTBOX_SERVER_CHECK (object);

  switch (prop_id)
    {
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_server_check_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OutboxServerCheck *self = OUTBOX_SERVER_CHECK (object);

  switch (prop_id)
    {
    case PROP_FORM:
      outbox_server_check_set_form (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_server_check_class_init (OutboxServerCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_server_check_dispose;
  object_class->get_property = outbox_server_check_get_property;
  object_class->set_property = outbox_server_check_set_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, OUTBOX_TYPE_SETTINGS_FORM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OUTBOX_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-server-check.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxServerCheck, check_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxServerCheck, check_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxServerCheck, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, OutboxServerCheck, better_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxServerCheck, result_label);
  gtk_widget_class_bind_template_child_full (widget_class, "check_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "use_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_check_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_use_button_clicked);
}

static void
outbox_server_check_init (OutboxServerCheck *self)
{
  self->tls_port = 465;
  self->starttls_port = 587;
  gtk_widget_init_template (GTK_WIDGET (self));
}

OutboxSettingsForm *
outbox_server_check_get_form (OutboxServerCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_SERVER_CHECK (self), NULL);
  return self->form;
}

void
outbox_server_check_set_form (OutboxServerCheck  *self,
                              OutboxSettingsForm *form)
{
  g_return_if_fail (OUTBOX_IS_SERVER_CHECK (self));
  g_return_if_fail (form == NULL || OUTBOX_IS_SETTINGS_FORM (form));

  if (self->form == form)
    return;
  if (self->form)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_set_object (&self->form, form);
  if (form)
    g_signal_connect_swapped (form, "reset", G_CALLBACK (on_form_reset), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
}

void
_outbox_server_check_set_ports (OutboxServerCheck *self,
                                guint              tls_port,
                                guint              starttls_port)
{
  g_return_if_fail (OUTBOX_IS_SERVER_CHECK (self));
  self->tls_port = tls_port;
  self->starttls_port = starttls_port;
}
