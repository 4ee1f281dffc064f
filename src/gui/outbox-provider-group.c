/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxProviderGroup: a combo row of mail providers and the chosen one's
 * advice. Choosing one (by hand, or by typing an address at it) emits
 * ::chosen so the editor fills in its server settings. */

#define G_LOG_DOMAIN "outbox-provider-group"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-provider-group.h"

struct _OutboxProviderGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwComboRow         *provider_row;
  guint                quiet;
};

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxProviderGroup, outbox_provider_group, ADW_TYPE_PREFERENCES_GROUP)

static void
on_provider_selected (OutboxProviderGroup *self)
{
  const OutboxPreset *provider = outbox_provider_group_get_provider (self);
  g_autofree char *hint = NULL;

  if (self->quiet > 0)
    return;

  hint = g_markup_escape_text (_(provider->hint), -1);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), hint);
  g_signal_emit (self, signals[CHOSEN], 0, provider);
}

static void
outbox_provider_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OUTBOX_TYPE_PROVIDER_GROUP);

  G_OBJECT_CLASS (outbox_provider_group_parent_class)->dispose (object);
}

static void
outbox_provider_group_class_init (OutboxProviderGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_provider_group_dispose;

  /* The user, or an address typed at a known provider, chose a provider
   * (an OutboxPreset pointer, owned by the table). */
  signals[CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-provider-group.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxProviderGroup, provider_row);
  gtk_widget_class_bind_template_callback (widget_class, on_provider_selected);
}

static void
outbox_provider_group_init (OutboxProviderGroup *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < outbox_presets_get_n_items (); i++)
    gtk_string_list_append (names, outbox_preset_get_display_name (outbox_presets_get_nth (i)));

  self->quiet++;
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->provider_row, outbox_presets_get_other ());
  self->quiet--;
}

const OutboxPreset *
outbox_provider_group_get_provider (OutboxProviderGroup *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROVIDER_GROUP (self), NULL);

  return outbox_presets_get_nth (adw_combo_row_get_selected (self->provider_row));
}

/* Shows the provider of @host, without advice and without ::chosen. */
void
outbox_provider_group_reset (OutboxProviderGroup *self,
                             const char          *host)
{
  g_return_if_fail (OUTBOX_IS_PROVIDER_GROUP (self));

  self->quiet++;
  adw_combo_row_set_selected (self->provider_row, outbox_presets_find_for_host (host));
  self->quiet--;
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), NULL);
}

/* Chooses the provider that serves @address, if Outbox knows it and it is
 * not chosen already. Returns whether it did. */
gboolean
outbox_provider_group_choose_for_address (OutboxProviderGroup *self,
                                          const char          *address)
{
  guint position;

  g_return_val_if_fail (OUTBOX_IS_PROVIDER_GROUP (self), FALSE);

  position = outbox_presets_find_for_address (address);
  if (position == outbox_presets_get_other () ||
      position == adw_combo_row_get_selected (self->provider_row))
    return FALSE;

  adw_combo_row_set_selected (self->provider_row, position);
  return TRUE;
}
