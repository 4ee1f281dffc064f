/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tooltip text given on demand.
 *
 * On X11, GTK 4.8's gtk_widget_set_tooltip_text() asks the server where the
 * pointer is each time it is called on a visible widget (to update a tooltip
 * shown under the pointer): three requests and an XSync, each a round trip
 * that also waits until the server has drawn everything sent before it. The
 * account rows change their icon's tooltip as each test starts and ends, the
 * results rows theirs as they are bound: in one Test All of 50 that was 800
 * round trips on the main loop (bench/README.md, section 4).
 *
 * Here the text is kept on the widget and handed over in ::query-tooltip,
 * which GTK emits when the pointer rests on the widget; nothing is asked of
 * the server when the text changes. The accessible description follows the
 * text, as with gtk_widget_set_tooltip_text(). The one difference: a tooltip
 * already shown keeps its old text until the pointer moves. */

#include "config.h"

#include "outbox-tooltip.h"

#define TEXT_KEY "outbox-tooltip-text"
#define CONNECTED_KEY "outbox-tooltip-connected"

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = outbox_tooltip_get (widget);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * outbox_tooltip_set:
 * @widget: a widget
 * @text: (nullable): the tooltip, or %NULL (or "") for none
 *
 * Gives @widget the tooltip @text, shown when the pointer rests on it and
 * read to screen readers as its description. Use it, not
 * gtk_widget_set_tooltip_text(), for tooltips that change while the window
 * is shown.
 */
void
outbox_tooltip_set (GtkWidget  *widget,
                    const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, outbox_tooltip_get (widget)) == 0)
    return;

  if (g_object_get_data (G_OBJECT (widget), CONNECTED_KEY) == NULL)
    {
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
      g_object_set_data (G_OBJECT (widget), CONNECTED_KEY, GINT_TO_POINTER (TRUE));
    }
  g_object_set_data_full (G_OBJECT (widget), TEXT_KEY, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/**
 * outbox_tooltip_get:
 * @widget: a widget
 *
 * Returns: (nullable): the tooltip given with outbox_tooltip_set()
 */
const char *
outbox_tooltip_get (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), TEXT_KEY);
}
