/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxIcon: a 16-pixel theme icon (symbolic icons take the widget's CSS
 * colour, as in a GtkImage), or nothing, always the same size.
 *
 * A GtkImage asks for a new size whenever its icon changes, even to one
 * of the same size, and in GTK 4.8 that makes its window measure itself
 * again from the top (and, on X11, ask the server for its work area). The
 * account rows change their test-state icon as each test starts and ends:
 * when Test All started, all of the list's rows changed at once, and the
 * list measured every row again in that frame. This widget keeps its size
 * and only redraws. Its icons are looked up as GtkImage looks them up, so
 * they share the theme's cache (and outbox_warm_up()'s preloading):
 * outbox_icon_lookup(). */

#include "config.h"

#include "outbox-icon.h"

#define SIZE 16

struct _OutboxIcon
{
  GtkWidget         parent_instance;

  char             *icon_name;
  GtkIconPaintable *icon;
};

enum {
  PROP_0,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxIcon, outbox_icon, GTK_TYPE_WIDGET)

static void
outbox_icon_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = *natural = SIZE;
}

/**
 * outbox_icon_lookup:
 * @widget: the widget that will draw it (its display, scale, direction)
 *
 * Looks @icon_name up as GtkImage does (a GThemedIcon, whose names include
 * the name without "-symbolic"), preloaded: decoded in a GTK thread, not in
 * the frame that first draws it. The same key as a GtkImage's, so the
 * theme's cache serves both.
 *
 * Returns: (transfer full): the icon
 */
GtkIconPaintable *
outbox_icon_lookup (GtkWidget  *widget,
                    const char *icon_name,
                    int         size)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GIcon) gicon = g_themed_icon_new (icon_name);

  return gtk_icon_theme_lookup_by_gicon (theme, gicon, size, gtk_widget_get_scale_factor (widget),
                                         gtk_widget_get_direction (widget),
                                         GTK_ICON_LOOKUP_PRELOAD);
}

/* Draws @icon at @size × @size: a symbolic icon in @widget's CSS colour. */
void
outbox_icon_snapshot_paintable (GtkWidget        *widget,
                                GtkSnapshot      *snapshot,
                                GtkIconPaintable *icon,
                                int               size)
{
  GdkRGBA color;

  if (gtk_icon_paintable_is_symbolic (icon))
    {
      gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                size, size, &color, 1);
    }
  else
    gdk_paintable_snapshot (GDK_PAINTABLE (icon), snapshot, size, size);
}

static void
outbox_icon_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  OutboxIcon *self = OUTBOX_ICON (widget);

  if (self->icon_name == NULL)
    return;
  if (self->icon == NULL)
    self->icon = outbox_icon_lookup (widget, self->icon_name, SIZE);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((gtk_widget_get_width (widget) - SIZE) / 2.0f,
                                                          (gtk_widget_get_height (widget) - SIZE) / 2.0f));
  outbox_icon_snapshot_paintable (widget, snapshot, self->icon, SIZE);
  gtk_snapshot_restore (snapshot);
}

static void
outbox_icon_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (outbox_icon_parent_class)->css_changed (widget, change);
  /* The icon theme may have changed; the colour is read when drawing. */
  g_clear_object (&OUTBOX_ICON (widget)->icon);
  gtk_widget_queue_draw (widget);
}

static void
outbox_icon_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, OUTBOX_ICON (object)->icon_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_icon_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ICON_NAME:
      outbox_icon_set_icon_name (OUTBOX_ICON (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_icon_finalize (GObject *object)
{
  OutboxIcon *self = OUTBOX_ICON (object);

  g_clear_object (&self->icon);
  g_free (self->icon_name);

  G_OBJECT_CLASS (outbox_icon_parent_class)->finalize (object);
}

static void
outbox_icon_class_init (OutboxIconClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = outbox_icon_finalize;
  object_class->get_property = outbox_icon_get_property;
  object_class->set_property = outbox_icon_set_property;
  widget_class->measure = outbox_icon_measure;
  widget_class->snapshot = outbox_icon_snapshot;
  widget_class->css_changed = outbox_icon_css_changed;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "image");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
outbox_icon_init (OutboxIcon *self)
{
}

GtkWidget *
outbox_icon_new (void)
{
  return g_object_new (OUTBOX_TYPE_ICON, NULL);
}

/* Returns: (nullable): the icon shown, or %NULL for none */
const char *
outbox_icon_get_icon_name (OutboxIcon *self)
{
  g_return_val_if_fail (OUTBOX_IS_ICON (self), NULL);

  return self->icon_name;
}

/* Shows the theme icon @icon_name, or nothing (%NULL); the size stays. */
void
outbox_icon_set_icon_name (OutboxIcon *self,
                           const char *icon_name)
{
  g_return_if_fail (OUTBOX_IS_ICON (self));

  if (g_strcmp0 (icon_name, self->icon_name) == 0)
    return;
  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);
  g_clear_object (&self->icon);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}
