/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSpinner: the theme's "process-working" icon, turning once a
 * second while spinning, drawn by the widget itself.
 *
 * GTK 4.8's GtkSpinner turns by a CSS animation: every frame its style
 * changes, so its window restyles and lays itself out again, and on X11
 * each layout asks the server for the window's position and work area
 * (five round trips). A test view with a running step did that 60 times a
 * second, on top of the test's own work. This spinner only redraws itself:
 * each frame moves one small transformed icon, and nothing is measured or
 * asked of the server. (libadwaita 1.6's AdwSpinner works the same way; it
 * is newer than the libadwaita 1.2 this targets.) With animations off it
 * shows the icon still. Like GtkSpinner, it draws nothing when not
 * spinning but keeps its size. */

#include "config.h"

#include <adwaita.h>

#include "outbox-icon.h"
#include "outbox-spinner.h"

#define DEFAULT_SIZE 16
#define TURN_USEC    G_USEC_PER_SEC

struct _OutboxSpinner
{
  GtkWidget         parent_instance;

  gboolean          spinning;
  guint             tick_id;
  double            angle;

  GtkIconPaintable *icon;
  int               icon_size;
  int               icon_scale;
};

enum {
  PROP_0,
  PROP_SPINNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxSpinner, outbox_spinner, GTK_TYPE_WIDGET)

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  OutboxSpinner *self = OUTBOX_SPINNER (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  self->angle = 360.0 * (double)(now % TURN_USEC) / TURN_USEC;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* Turns while spinning, shown and with animations on. */
static void
update_tick (OutboxSpinner *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean turn = self->spinning && gtk_widget_get_mapped (widget) &&
                  adw_get_enable_animations (widget);

  if (turn && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, on_tick, NULL, NULL);
  else if (!turn && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
      self->angle = 0;
    }
}

static void
outbox_spinner_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (outbox_spinner_parent_class)->map (widget);
  update_tick (OUTBOX_SPINNER (widget));
}

static void
outbox_spinner_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (outbox_spinner_parent_class)->unmap (widget);
  update_tick (OUTBOX_SPINNER (widget));
}

static void
outbox_spinner_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = *natural = DEFAULT_SIZE;
}

static GtkIconPaintable *
get_icon (OutboxSpinner *self,
          int            size)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int scale = gtk_widget_get_scale_factor (widget);

  if (self->icon == NULL || self->icon_size != size || self->icon_scale != scale)
    {
      g_clear_object (&self->icon);
      /* Preloaded (and outbox_warm_up() asks for it the same way early). */
      self->icon = outbox_icon_lookup (widget, "process-working-symbolic", size);
      self->icon_size = size;
      self->icon_scale = scale;
    }
  return self->icon;
}

static void
outbox_spinner_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  OutboxSpinner *self = OUTBOX_SPINNER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int size = MIN (width, height);

  if (!self->spinning || size <= 0)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width / 2.0f, height / 2.0f));
  gtk_snapshot_rotate (snapshot, (float)self->angle);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-size / 2.0f, -size / 2.0f));
  outbox_icon_snapshot_paintable (widget, snapshot, get_icon (self, size), size);
  gtk_snapshot_restore (snapshot);
}

static void
outbox_spinner_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  OutboxSpinner *self = OUTBOX_SPINNER (widget);

  GTK_WIDGET_CLASS (outbox_spinner_parent_class)->css_changed (widget, change);
  /* The icon theme may have changed. */
  g_clear_object (&self->icon);
}

static void
outbox_spinner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OutboxSpinner *self = OUTBOX_SPINNER (object);

  switch (prop_id)
    {
    case PROP_SPINNING:
      g_value_set_boolean (value, self->spinning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_spinner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OutboxSpinner *self = OUTBOX_SPINNER (object);

  switch (prop_id)
    {
    case PROP_SPINNING:
      outbox_spinner_set_spinning (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_spinner_dispose (GObject *object)
{
  OutboxSpinner *self = OUTBOX_SPINNER (object);

  g_clear_object (&self->icon);

  G_OBJECT_CLASS (outbox_spinner_parent_class)->dispose (object);
}

static void
outbox_spinner_class_init (OutboxSpinnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_spinner_dispose;
  object_class->get_property = outbox_spinner_get_property;
  object_class->set_property = outbox_spinner_set_property;
  widget_class->map = outbox_spinner_map;
  widget_class->unmap = outbox_spinner_unmap;
  widget_class->measure = outbox_spinner_measure;
  widget_class->snapshot = outbox_spinner_snapshot;
  widget_class->css_changed = outbox_spinner_css_changed;

  properties[PROP_SPINNING] =
    g_param_spec_boolean ("spinning", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "outboxspinner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
outbox_spinner_init (OutboxSpinner *self)
{
}

GtkWidget *
outbox_spinner_new (void)
{
  return g_object_new (OUTBOX_TYPE_SPINNER, NULL);
}

gboolean
outbox_spinner_get_spinning (OutboxSpinner *self)
{
  g_return_val_if_fail (OUTBOX_IS_SPINNER (self), FALSE);

  return self->spinning;
}

void
outbox_spinner_set_spinning (OutboxSpinner *self,
                             gboolean       spinning)
{
  g_return_if_fail (OUTBOX_IS_SPINNER (self));

  spinning = !!spinning;
  if (self->spinning == spinning)
    return;
  self->spinning = spinning;
  update_tick (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPINNING]);
}
