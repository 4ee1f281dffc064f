/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxFieldError: a row under a field's row that says why the field's
 * value was not accepted. It marks the field with the error style and as
 * invalid for assistive technologies, and is shown only while there is a
 * reason and the field itself is shown. */

#define G_LOG_DOMAIN "outbox-field-error"

#include "config.h"

#include "outbox-field-error.h"

struct _OutboxFieldError
{
  AdwPreferencesRow  parent_instance;

  GtkWidget         *field;   /* not a reference: a sibling in the same list */
  GtkLabel          *label;
};

enum {
  PROP_0,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxFieldError, outbox_field_error, ADW_TYPE_PREFERENCES_ROW)

static void
update_visible (OutboxFieldError *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self),
                          gtk_label_get_text (self->label)[0] != '\0' &&
                          (self->field == NULL || gtk_widget_get_visible (self->field)));
}

static void
outbox_field_error_dispose (GObject *object)
{
  OutboxFieldError *self = OUTBOX_FIELD_ERROR (object);

  /* The label is the row's child, which the row itself disposes. */
  outbox_field_error_set_field (self, NULL);

  G_OBJECT_CLASS (outbox_field_error_parent_class)->dispose (object);
}

static void
outbox_field_error_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OutboxFieldError *self = OUTBOX_FIELD_ERROR (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_object (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_field_error_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OutboxFieldError *self = OUTBOX_FIELD_ERROR (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      outbox_field_error_set_field (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_field_error_class_init (OutboxFieldErrorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_field_error_dispose;
  object_class->get_property = outbox_field_error_get_property;
  object_class->set_property = outbox_field_error_set_property;

  properties[PROP_FIELD] =
    g_param_spec_object ("field", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-field-error.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxFieldError, label);
}

static void
outbox_field_error_init (OutboxFieldError *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
outbox_field_error_get_field (OutboxFieldError *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIELD_ERROR (self), NULL);

  return self->field;
}

/* The row whose value this row explains. */
void
outbox_field_error_set_field (OutboxFieldError *self,
                              GtkWidget        *field)
{
  g_return_if_fail (OUTBOX_IS_FIELD_ERROR (self));
  g_return_if_fail (field == NULL || GTK_IS_WIDGET (field));

  if (self->field == field)
    return;

  if (self->field != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->field, self);
      g_object_remove_weak_pointer (G_OBJECT (self->field), (gpointer *)&self->field);
    }
  self->field = field;
  if (field != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (field), (gpointer *)&self->field);
      g_signal_connect_swapped (field, "notify::visible", G_CALLBACK (update_visible), self);
    }

  update_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

const char *
outbox_field_error_get_reason (OutboxFieldError *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIELD_ERROR (self), NULL);

  return gtk_label_get_text (self->label);
}

/* Shows @reason, or clears the error when it is %NULL. */
void
outbox_field_error_set_reason (OutboxFieldError *self,
                               const char       *reason)
{
  g_return_if_fail (OUTBOX_IS_FIELD_ERROR (self));

  gtk_label_set_text (self->label, reason ? reason : "");
  update_visible (self);

  if (self->field == NULL)
    return;

  if (reason != NULL)
    gtk_widget_add_css_class (self->field, "error");
  else
    gtk_widget_remove_css_class (self->field, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->field),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               reason ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->field),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason ? reason : "",
                                  -1);
}
