/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The About window: the version meson was given, the license, the project's
 * home and the people who translated the window. */

#define G_LOG_DOMAIN "outbox-about"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-about.h"

/**
 * outbox_show_about:
 * @parent: (nullable): the window the About window belongs to
 *
 * Shows the About window, modal to @parent when there is one.
 */
void
outbox_show_about (GtkWindow *parent)
{
  static const char *developers[] = { "The Outbox developers " PACKAGE_URL, NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        "application-name", _("Outbox"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Keep your sender accounts working"),
                        "developer-name", _("The Outbox developers"),
                        "developers", developers,
                        "copyright", _("© 2026 The Outbox developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_URL "/issues",
                        /* TRANSLATORS: your names (and addresses), one per
                         * line; they are shown in the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}
