/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxApplication: one instance per session; activating it again raises the
 * window that is already open. */

#define G_LOG_DOMAIN "outbox-application"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-about.h"
#include "outbox-application.h"
#include "outbox-window.h"

struct _OutboxApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (OutboxApplication, outbox_application, ADW_TYPE_APPLICATION)

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  outbox_show_about (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static const GActionEntry about_actions[] = {
  { "about", on_about_activated },
};

static void
outbox_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (outbox_window_new (OUTBOX_APPLICATION (app)));

  gtk_window_present (window);
}

static void
outbox_application_class_init (OutboxApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = outbox_application_activate;
}

static void
outbox_application_init (OutboxApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), about_actions,
                                   G_N_ELEMENTS (about_actions), self);
}

OutboxApplication *
outbox_application_new (void)
{
  return g_object_new (OUTBOX_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/outbox/Outbox",
                       NULL);
}
