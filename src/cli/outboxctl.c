/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl: manage and test Outbox sender accounts from a terminal. This
 * file only finds the command and hands it the rest of the command line. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "outboxctl-commands.h"
#include "outboxctl-common.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;  /* N_() */
} OutboxctlCommand;

/* One line per command; the help lists them in this order. */
static const OutboxctlCommand commands[] = {
  { "list",   outboxctl_cmd_list,   N_("List the accounts") },
  { "show",   outboxctl_cmd_show,   N_("Show the settings of one account") },
  { "add",    outboxctl_cmd_add,    N_("Add an account") },
  { "edit",   outboxctl_cmd_edit,   N_("Change the settings or the password of an account") },
  { "remove", outboxctl_cmd_remove, N_("Remove an account and its passwords") },
  { "export", outboxctl_cmd_export, N_("Write the accounts to a JSON file, without passwords") },
  { "import", outboxctl_cmd_import, N_("Add the accounts of an exported file") },
  { "test",   outboxctl_cmd_test,   N_("Test accounts by sending a message, one or all") },
  { "history", outboxctl_cmd_history, N_("Show the last test results of an account") },
  { "probe",  outboxctl_cmd_probe,  N_("Show what an SMTP server offers, without signing in") },
  { "detect", outboxctl_cmd_detect, N_("Find the server settings for an email address") },
};

static const OutboxctlCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static void
print_help (void)
{
  glong width = 0;

  g_print ("%s\n  outboxctl %s\n\n", _("Usage:"), _("COMMAND [OPTION…]"));
  g_print ("%s\n\n", _("Manages the sender accounts of Outbox from a terminal or a script. "
                       "Accounts are kept in ~/.config/outbox/accounts.json, their "
                       "passwords in the desktop keyring."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (glong)strlen (commands[i].name));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-*s  %s\n", (int)width, commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Options:"));
  g_print ("  -h, --help     %s\n", _("Show this help and exit"));
  g_print ("  --version      %s\n", _("Show the version and exit"));
  g_print ("\n%s\n", _("Run “outboxctl COMMAND --help” to see the options of a command. "
                       "ACCOUNT is the name or the id of an account."));
  g_print ("%s\n", outboxctl_exit_status_help ());
}

int
main (int   argc,
      char *argv[])
{
  const OutboxctlCommand *command;
  const char *name;
  /* Lets the build tree and the tests use translations not installed yet. */
  const char *localedir = g_getenv ("OUTBOX_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("outboxctl");

  if (argc < 2)
    {
      g_printerr ("%s\n", _("Usage: outboxctl COMMAND [OPTION…]"));
      g_printerr ("%s\n", _("Run “outboxctl --help” to see the commands."));
      return OUTBOXCTL_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h"))
    {
      print_help ();
      return OUTBOXCTL_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      g_print ("outboxctl %s\n", PACKAGE_VERSION);
      return OUTBOXCTL_EXIT_OK;
    }
  if (g_str_equal (name, "help"))
    {
      char *help_argv[3] = { NULL, (char *)"--help", NULL };

      if (argc < 3)
        {
          print_help ();
          return OUTBOXCTL_EXIT_OK;
        }
      if (!(command = find_command (argv[2])))
        {
          g_printerr (_("outboxctl: There is no command “%s”."), argv[2]);
          g_printerr (" %s\n", _("Run “outboxctl --help” to see the commands."));
          return OUTBOXCTL_EXIT_USAGE;
        }
      help_argv[0] = (char *)command->name;
      return command->run (2, help_argv);
    }

  if (!(command = find_command (name)))
    {
      if (name[0] == '-')
        {
          /* Never echo a value: it might be a password typed as --password=… */
          g_autofree char *option = g_strndup (name, strcspn (name, "="));

          g_printerr (_("outboxctl: Unknown option “%s”; options come after the command."),
                      option);
        }
      else
        g_printerr (_("outboxctl: There is no command “%s”."), name);
      g_printerr (" %s\n", _("Run “outboxctl --help” to see the commands."));
      return OUTBOXCTL_EXIT_USAGE;
    }

  /* The command sees itself as argv[0], as if it were its own program. */
  return command->run (argc - 1, argv + 1);
}
