/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outbox: the window that edits and tests sender accounts. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "outbox-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OutboxApplication) app = NULL;
  /* Lets the build tree and the tests use translations not installed yet. */
  const char *localedir = g_getenv ("OUTBOX_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = outbox_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
