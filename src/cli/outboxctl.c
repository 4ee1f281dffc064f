/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl: manage and test Outbox sender accounts from a terminal. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "outbox.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc > 1 && g_str_equal (argv[1], "--version"))
    {
      g_print ("outboxctl %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_printerr ("%s\n", _("Usage: outboxctl COMMAND [OPTION…]"));
  return 2;
}
