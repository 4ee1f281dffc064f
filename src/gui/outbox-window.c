/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxWindow: lists the sender accounts. */

#define G_LOG_DOMAIN "outbox-window"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-window.h"

struct _OutboxWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (OutboxWindow, outbox_window, ADW_TYPE_APPLICATION_WINDOW)

static void
outbox_window_class_init (OutboxWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-window.ui");
}

static void
outbox_window_init (OutboxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OutboxWindow *
outbox_window_new (OutboxApplication *application)
{
  return g_object_new (OUTBOX_TYPE_WINDOW, "application", application, NULL);
}
