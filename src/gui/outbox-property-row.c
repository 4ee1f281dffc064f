/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxPropertyRow: a row of a boxed list with a name ("Encryption") and,
 * under it, its value ("TLS 1.3 (…)"), wrapped as needed; it looks like an
 * AdwActionRow with a title and a subtitle.
 *
 * Not an AdwActionRow: GTK 4.8 finds the height of the action row's header,
 * a horizontal box holding a box of wrapping labels, by a binary search of
 * text layouts (distribute_remaining_size() over get_width_for_height()),
 * and the test view's result frame spent most of its 20 ms of layout there.
 * Here the labels are in a vertical box, measured height for width. It is
 * an AdwPreferencesRow, so that an AdwPreferencesGroup lists it. */

#include "config.h"

#include "outbox-property-row.h"

struct _OutboxPropertyRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
};

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxPropertyRow, outbox_property_row, ADW_TYPE_PREFERENCES_ROW)

static void
outbox_property_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OutboxPropertyRow *self = OUTBOX_PROPERTY_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, outbox_property_row_get_subtitle (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_property_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OutboxPropertyRow *self = OUTBOX_PROPERTY_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      outbox_property_row_set_subtitle (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_property_row_class_init (OutboxPropertyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = outbox_property_row_get_property;
  object_class->set_property = outbox_property_row_set_property;

  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GtkLabel *
add_label (GtkBox     *box,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, style);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static void
on_title_changed (AdwPreferencesRow *row,
                  GParamSpec        *pspec,
                  GtkLabel          *label)
{
  const char *title = adw_preferences_row_get_title (row);

  gtk_label_set_text (label, title ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title ? title : "", -1);
}

/**
 * outbox_preferences_row_show_title:
 * @row: a row that lays out its own labels
 * @label: the label that shows @row's title
 *
 * Keeps @label's text (plain, not markup) and @row's accessible name on
 * the row's AdwPreferencesRow:title, the property AdwPreferencesGroup and
 * the .ui files use.
 */
void
outbox_preferences_row_show_title (AdwPreferencesRow *row,
                                   GtkLabel          *label)
{
  g_signal_connect_object (row, "notify::title", G_CALLBACK (on_title_changed), label, 0);
  on_title_changed (row, NULL, label);
}

static void
outbox_property_row_init (OutboxPropertyRow *self)
{
  /* Filling the row (no valign): GTK 4.8 measures a widget that is not
   * aligned to fill both ways width-for-height when it allocates it, a
   * binary search of text layouts for wrapping labels. */
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->title_label = add_label (GTK_BOX (box), "title");
  self->subtitle_label = add_label (GTK_BOX (box), "subtitle");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
  outbox_preferences_row_show_title (ADW_PREFERENCES_ROW (self), self->title_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "outbox-property");
}

const char *
outbox_property_row_get_subtitle (OutboxPropertyRow *self)
{
  g_return_val_if_fail (OUTBOX_IS_PROPERTY_ROW (self), NULL);

  return gtk_label_get_text (self->subtitle_label);
}

void
outbox_property_row_set_subtitle (OutboxPropertyRow *self,
                                  const char        *subtitle)
{
  g_return_if_fail (OUTBOX_IS_PROPERTY_ROW (self));

  if (g_strcmp0 (subtitle, gtk_label_get_text (self->subtitle_label)) == 0)
    return;
  gtk_label_set_text (self->subtitle_label, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL && *subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle ? subtitle : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}
