/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxDetectGroup: helps a new account to its server settings. An
 * address at a bundled provider (OutboxProviders) brings an offer, "Use
 * Settings for <Provider>"; an unknown domain brings "Detect Settings…",
 * which runs OutboxAutodetect (SRV, MX, then asking the servers, never with
 * a password) and offers what it finds the same way. Nothing is filled in
 * until the user takes an offer or picks a provider, and then only the
 * fields the user did not type (OutboxSettingsForm). */

#define G_LOG_DOMAIN "outbox-detect-group"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-detect-group.h"
#include "outbox-spinner.h"

struct _OutboxDetectGroup
{
  AdwPreferencesGroup  parent_instance;

  OutboxSettingsForm  *form;
  GPtrArray           *providers;       /* OutboxProvider, by name; "Other" after them */
  guint                quiet;

  /* What the offer row offers. */
  OutboxServer        *offer_server;
  OutboxLoginForm      offer_login;
  OutboxProvider      *offer_provider;  /* nullable */
  char                *offer_domain;
  GStrv                offer_notes;
  GStrv                offer_warnings;
  OutboxProvider      *applied;         /* the provider whose settings were taken */

  GCancellable        *cancellable;     /* of the detection running */
  char                *detect_domain;
  char                *failed_domain;   /* the note says why nothing was found */

  AdwComboRow         *provider_row;
  AdwActionRow        *offer_row;
  AdwActionRow        *detect_row;
  GtkStack            *detect_stack;
  OutboxSpinner       *detect_spinner;
  GtkLabel            *note_label;
};

enum {
  PROP_0,
  PROP_FORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxDetectGroup, outbox_detect_group, ADW_TYPE_PREFERENCES_GROUP)

static void
set_note (OutboxDetectGroup *self,
          const char        *text)
{
  gtk_label_set_text (self->note_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL && text[0] != '\0');
}

static void
clear_offer (OutboxDetectGroup *self)
{
  g_clear_pointer (&self->offer_server, outbox_server_free);
  g_clear_object (&self->offer_provider);
  g_clear_pointer (&self->offer_domain, g_free);
  g_clear_pointer (&self->offer_notes, g_strfreev);
  g_clear_pointer (&self->offer_warnings, g_strfreev);
  gtk_widget_set_visible (GTK_WIDGET (self->offer_row), FALSE);
}

static void
show_offer (OutboxDetectGroup      *self,
            OutboxAutodetectSource  source)
{
  g_autofree char *title = NULL;
  g_autofree char *server = outbox_server_describe (self->offer_server);
  g_autofree char *subtitle = NULL;

  if (self->offer_provider)
    /* TRANSLATORS: %s is a mail provider's name, such as "Gmail" */
    title = g_strdup_printf (_("Use Settings for %s"), outbox_provider_get_name (self->offer_provider));
  else
    /* TRANSLATORS: %s is a domain, such as "example.com" */
    title = g_strdup_printf (_("Use Settings Found for %s"), self->offer_domain);

  if (source == OUTBOX_AUTODETECT_SOURCE_PRESET)
    subtitle = g_steal_pointer (&server);
  else
    /* TRANSLATORS: the first %s is a server's settings ("smtp.example.com,
     * port 465, SSL/TLS"), the second where they were found ("the
     * domain’s SRV records in DNS") */
    subtitle = g_strdup_printf (_("%s (found in %s)"), server,
                                outbox_autodetect_source_get_label (source));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->offer_row), title);
  adw_action_row_set_subtitle (self->offer_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->offer_row), TRUE);
}

static void
offer_provider (OutboxDetectGroup *self,
                OutboxProvider    *provider,
                const char        *domain)
{
  clear_offer (self);
  self->offer_server = outbox_server_copy (outbox_provider_get_server (provider, 0));
  self->offer_login = outbox_provider_get_login_form (provider);
  self->offer_provider = g_object_ref (provider);
  self->offer_domain = g_strdup (domain);
  self->offer_notes = outbox_provider_get_notes (provider);
  self->offer_warnings = g_new0 (char *, 1);
  show_offer (self, OUTBOX_AUTODETECT_SOURCE_PRESET);
}

static void
offer_result (OutboxDetectGroup      *self,
              OutboxAutodetectResult *result)
{
  OutboxProvider *provider = outbox_autodetect_result_get_provider (result);

  clear_offer (self);
  self->offer_server = outbox_server_copy (outbox_autodetect_result_get_server (result, 0));
  self->offer_login = outbox_autodetect_result_get_login_form (result);
  self->offer_provider = provider ? g_object_ref (provider) : NULL;
  self->offer_domain = g_strdup (outbox_autodetect_result_get_domain (result));
  self->offer_notes = outbox_autodetect_result_get_notes (result);
  self->offer_warnings = g_strdupv ((char **)outbox_autodetect_result_get_warnings (result));
  show_offer (self, outbox_autodetect_result_get_source (result));
}

static guint
provider_position (OutboxDetectGroup *self,
                   OutboxProvider    *provider)
{
  guint position;

  if (provider && g_ptr_array_find (self->providers, provider, &position))
    return position;
  return self->providers->len;
}

static void
select_quietly (OutboxDetectGroup *self,
                OutboxProvider    *provider)
{
  self->quiet++;
  adw_combo_row_set_selected (self->provider_row, provider_position (self, provider));
  self->quiet--;
}

/* Fills in @server and says what the user should know: the provider's
 * hints, what was kept, and any warning about the server. */
static void
take (OutboxDetectGroup   *self,
      const OutboxServer  *server,
      OutboxLoginForm      login_form,
      OutboxProvider      *provider,
      const char * const  *notes,
      const char * const  *warnings)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *kept = NULL;
  OutboxAccountFields fields;

  if (self->form == NULL)
    return;

  fields = outbox_settings_form_apply (self->form, server, login_form, OUTBOX_ACCOUNT_FIELD_ALL,
                                       OUTBOX_ACCOUNT_FIELD_NONE);
  g_set_object (&self->applied, provider);
  select_quietly (self, provider);

  for (guint i = 0; notes && notes[i]; i++)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", notes[i]);
  for (guint i = 0; warnings && warnings[i]; i++)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", warnings[i]);
  if ((kept = outbox_settings_form_describe_kept (fields)))
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", kept);
  set_note (self, text->str);
}

static void
stop_detection (OutboxDetectGroup *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->detect_domain, g_free);
  outbox_spinner_set_spinning (self->detect_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->detect_stack, "idle");
}

static void
show_detect_row (OutboxDetectGroup *self,
                 const char        *domain)
{
  g_autofree char *subtitle = NULL;

  if (self->detect_domain)
    /* TRANSLATORS: %s is a domain */
    subtitle = g_strdup_printf (_("Looking up %s…"), domain);
  else
    /* TRANSLATORS: %s is a domain */
    subtitle = g_strdup_printf (_("Outbox can look up the settings of %s in DNS and ask its "
                                  "mail servers. No password is sent."), domain);
  adw_action_row_set_subtitle (self->detect_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->detect_row), TRUE);
}

/* Brings the offers up to date with the address in the form. */
static void
update (OutboxDetectGroup *self)
{
  g_autofree char *address = NULL;
  g_autofree char *domain = NULL;
  OutboxProvider *provider;

  if (self->form == NULL || !outbox_settings_form_get_creating (self->form))
    return;

  address = outbox_settings_form_get_address (self->form);
  domain = outbox_address_get_domain (address);
  if (self->detect_domain && g_strcmp0 (self->detect_domain, domain) != 0)
    stop_detection (self);
  if (self->failed_domain && g_strcmp0 (self->failed_domain, domain) != 0)
    {
      g_clear_pointer (&self->failed_domain, g_free);
      set_note (self, NULL);
    }

  if (domain == NULL)
    {
      clear_offer (self);
      gtk_widget_set_visible (GTK_WIDGET (self->detect_row), FALSE);
      return;
    }

  provider = outbox_providers_lookup_domain (outbox_providers_get_default (), domain);
  if (provider)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->detect_row), FALSE);
      if (provider == self->applied)
        clear_offer (self);
      else if (provider != self->offer_provider || g_strcmp0 (self->offer_domain, domain) != 0)
        offer_provider (self, provider, domain);
      return;
    }

  /* What was detected for this domain stays on offer. */
  if (self->offer_server && g_strcmp0 (self->offer_domain, domain) == 0)
    return;
  clear_offer (self);
  show_detect_row (self, domain);
}

static void
on_form_reset (OutboxDetectGroup *self)
{
  stop_detection (self);
  clear_offer (self);
  g_clear_object (&self->applied);
  g_clear_pointer (&self->failed_domain, g_free);
  select_quietly (self, NULL);
  set_note (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->detect_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), outbox_settings_form_get_creating (self->form));
  update (self);
}

static void
on_offer_button_clicked (OutboxDetectGroup *self)
{
  g_autoptr(OutboxServer) server = NULL;
  g_autoptr(OutboxProvider) provider = NULL;
  g_auto(GStrv) notes = NULL;
  g_auto(GStrv) warnings = NULL;

  if (self->offer_server == NULL)
    return;

  server = g_steal_pointer (&self->offer_server);
  provider = g_steal_pointer (&self->offer_provider);
  notes = g_steal_pointer (&self->offer_notes);
  warnings = g_steal_pointer (&self->offer_warnings);
  take (self, server, self->offer_login, provider,
        (const char * const *)notes, (const char * const *)warnings);
  clear_offer (self);
  gtk_widget_set_visible (GTK_WIDGET (self->detect_row), FALSE);
}

static void
on_provider_row_selected (OutboxDetectGroup *self)
{
  guint position = adw_combo_row_get_selected (self->provider_row);
  OutboxProvider *provider;
  g_auto(GStrv) notes = NULL;

  if (self->quiet > 0 || self->form == NULL)
    return;

  if (position >= self->providers->len)
    {
      g_clear_object (&self->applied);
      set_note (self, _("Your provider's help pages name its outgoing (SMTP) server, port and "
                        "security."));
      update (self);
      return;
    }

  provider = g_ptr_array_index (self->providers, position);
  notes = outbox_provider_get_notes (provider);
  take (self, outbox_provider_get_server (provider, 0), outbox_provider_get_login_form (provider),
        provider, (const char * const *)notes, NULL);
  if (provider == self->offer_provider)
    clear_offer (self);
}

static void
detect_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OutboxDetectGroup) self = user_data;
  g_autoptr(OutboxAutodetectResult) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *warnings = NULL;

  found = outbox_autodetect_run_finish (OUTBOX_AUTODETECT (object), result, &error);
  /* A cancelled detection was stopped by whoever cancelled it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  domain = g_steal_pointer (&self->detect_domain);
  outbox_spinner_set_spinning (self->detect_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->detect_stack, "idle");

  if (found == NULL)
    {
      g_free (self->failed_domain);
      self->failed_domain = g_steal_pointer (&domain);
      set_note (self, error->message);
      update (self);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->detect_row), FALSE);
  offer_result (self, found);
  /* A server without encryption or with a doubtful certificate is said
   * before the offer is taken, not after. */
  warnings = g_strjoinv ("\n", self->offer_warnings);
  set_note (self, warnings);
}

static void
on_detect_button_clicked (OutboxDetectGroup *self)
{
  g_autoptr(OutboxAutodetect) autodetect = outbox_autodetect_new ();
  g_autofree char *address = NULL;

  if (self->form == NULL || !(address = outbox_settings_form_get_address (self->form)))
    return;

  stop_detection (self);
  self->cancellable = g_cancellable_new ();
  self->detect_domain = outbox_address_get_domain (address);
  outbox_autodetect_set_tls_database (autodetect, outbox_settings_form_get_tls_database (self->form));
  set_note (self, NULL);
  gtk_stack_set_visible_child_name (self->detect_stack, "running");
  outbox_spinner_set_spinning (self->detect_spinner, TRUE);
  show_detect_row (self, self->detect_domain);
  outbox_autodetect_run_async (autodetect, address, self->cancellable, detect_cb,
                               g_object_ref (self));
}

static void
on_cancel_button_clicked (OutboxDetectGroup *self)
{
  g_autofree char *domain = g_strdup (self->detect_domain);

  stop_detection (self);
  if (domain)
    show_detect_row (self, domain);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  OutboxProvider *pa = *(OutboxProvider **)a;
  OutboxProvider *pb = *(OutboxProvider **)b;

  return g_utf8_collate (outbox_provider_get_name (pa), outbox_provider_get_name (pb));
}

static void
outbox_detect_group_dispose (GObject *object)
{
  OutboxDetectGroup *self = OUTBOX_DETECT_GROUP (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->detect_domain, g_free);
  g_clear_pointer (&self->failed_domain, g_free);
  if (self->form)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  g_clear_pointer (&self->offer_server, outbox_server_free);
  g_clear_object (&self->offer_provider);
  g_clear_pointer (&self->offer_domain, g_free);
  g_clear_pointer (&self->offer_notes, g_strfreev);
  g_clear_pointer (&self->offer_warnings, g_strfreev);
  g_clear_object (&self->applied);
  g_clear_pointer (&self->providers, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), OUTBOX_TYPE_DETECT_GROUP);

  G_OBJECT_CLASS (outbox_detect_group_parent_class)->dispose (object);
}

static void
outbox_detect_group_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OutboxDetectGroup *self = OUTBOX_DETECT_GROUP (object);

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
outbox_detect_group_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OutboxDetectGroup *self = OUTBOX_DETECT_GROUP (object);

  switch (prop_id)
    {
    case PROP_FORM:
      outbox_detect_group_set_form (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_detect_group_class_init (OutboxDetectGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_detect_group_dispose;
  object_class->get_property = outbox_detect_group_get_property;
  object_class->set_property = outbox_detect_group_set_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, OUTBOX_TYPE_SETTINGS_FORM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OUTBOX_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-detect-group.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxDetectGroup, provider_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxDetectGroup, offer_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxDetectGroup, detect_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxDetectGroup, detect_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxDetectGroup, detect_spinner);
  gtk_widget_class_bind_template_child (widget_class, OutboxDetectGroup, note_label);
  gtk_widget_class_bind_template_child_full (widget_class, "offer_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "detect_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_provider_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_offer_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_detect_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked);
}

static void
outbox_detect_group_init (OutboxDetectGroup *self)
{
  OutboxProviders *catalog = outbox_providers_get_default ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *model = G_LIST_MODEL (catalog);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (self->providers, g_list_model_get_item (model, i));
  g_ptr_array_sort (self->providers, compare_names);

  for (guint i = 0; i < self->providers->len; i++)
    gtk_string_list_append (names, outbox_provider_get_name (g_ptr_array_index (self->providers, i)));
  gtk_string_list_append (names, _("Other"));

  self->quiet++;
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->provider_row, self->providers->len);
  self->quiet--;
}

OutboxSettingsForm *
outbox_detect_group_get_form (OutboxDetectGroup *self)
{
  g_return_val_if_fail (OUTBOX_IS_DETECT_GROUP (self), NULL);
  return self->form;
}

void
outbox_detect_group_set_form (OutboxDetectGroup  *self,
                              OutboxSettingsForm *form)
{
  g_return_if_fail (OUTBOX_IS_DETECT_GROUP (self));
  g_return_if_fail (form == NULL || OUTBOX_IS_SETTINGS_FORM (form));

  if (self->form == form)
    return;
  if (self->form)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_set_object (&self->form, form);
  if (form)
    {
      g_signal_connect_swapped (form, "reset", G_CALLBACK (on_form_reset), self);
      g_signal_connect_swapped (form, "address-changed", G_CALLBACK (update), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
}
