/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl add and edit: every account setting as an option, the password
 * from standard input or a hidden prompt. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outboxctl-commands.h"
#include "outboxctl-common.h"
#include "outboxctl-json.h"
#include "outboxctl-password.h"

typedef struct
{
  char     *name;
  char     *sender_name;
  char     *sender_address;
  char     *reply_to;
  char     *host;
  char     *port;
  char     *security;
  char     *timeout;
  char     *auth;
  char     *username;
  char     *smtp_username;
  char     *pinned;
  gboolean  password_stdin;
  gboolean  ask_password;
  gboolean  no_password;
  gboolean  json;
} AccountOptions;

static void
account_options_clear (AccountOptions *o)
{
  g_free (o->name);
  g_free (o->sender_name);
  g_free (o->sender_address);
  g_free (o->reply_to);
  g_free (o->host);
  g_free (o->port);
  g_free (o->security);
  g_free (o->timeout);
  g_free (o->auth);
  g_free (o->username);
  g_free (o->smtp_username);
  g_free (o->pinned);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AccountOptions, account_options_clear)

#define N_ACCOUNT_ENTRIES 17

/* The options add and edit share. @adding adds --no-password and --json. */
static void
account_entries (AccountOptions *o,
                 gboolean        adding,
                 GOptionEntry    entries[N_ACCOUNT_ENTRIES])
{
  const GOptionEntry all[N_ACCOUNT_ENTRIES] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name,
      N_("The account’s name in Outbox, like “Invoices”"), N_("NAME") },
    { "sender-name", 0, 0, G_OPTION_ARG_STRING, &o->sender_name,
      N_("The name recipients see as the sender"), N_("TEXT") },
    { "sender-address", 0, 0, G_OPTION_ARG_STRING, &o->sender_address,
      N_("The email address messages are sent from"), N_("ADDRESS") },
    { "reply-to", 0, 0, G_OPTION_ARG_STRING, &o->reply_to,
      N_("Where replies go, when not to the sender address (\"\" for none)"), N_("ADDRESS") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &o->host,
      N_("The outgoing (SMTP) server, like smtp.example.com"), N_("SERVER") },
    { "port", 0, 0, G_OPTION_ARG_STRING, &o->port,
      N_("The server’s port (default: 587 for STARTTLS, 465 for SSL/TLS, 25 without)"),
      N_("NUMBER") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &o->security,
      N_("Encryption: none, starttls (default) or tls (SSL/TLS from the start)"),
      "none|starttls|tls" },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &o->timeout,
      N_("How long to wait for the server, in seconds (5 to 300, default 30)"), N_("SECONDS") },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &o->auth,
      N_("Sign-in: none, password (user name and password, the default) or separate "
         "(a different SMTP login)"),
      "none|password|separate" },
    { "username", 0, 0, G_OPTION_ARG_STRING, &o->username,
      N_("The user name to sign in with, usually the full email address"), N_("NAME") },
    { "smtp-username", 0, 0, G_OPTION_ARG_STRING, &o->smtp_username,
      N_("The user name of the separate SMTP login (with --auth separate)"), N_("NAME") },
    { "pinned-certificate-sha256", 0, 0, G_OPTION_ARG_STRING, &o->pinned,
      N_("Trust the server certificate with this SHA-256 fingerprint (\"\" to stop)"),
      N_("FINGERPRINT") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &o->password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "ask-password", 0, 0, G_OPTION_ARG_NONE, &o->ask_password,
      N_("Ask for the password on the terminal, without showing it"), NULL },
    { "no-password", 0, 0, G_OPTION_ARG_NONE, &o->no_password,
      N_("Do not ask for a password now"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json,
      N_("Print the new account as a JSON object"), NULL },
    { NULL }
  };
  guint n = 0;

  for (guint i = 0; i < N_ACCOUNT_ENTRIES - 1; i++)
    if (adding || (!g_str_equal (all[i].long_name, "no-password") &&
                   !g_str_equal (all[i].long_name, "json")))
      entries[n++] = all[i];
  memset (&entries[n], 0, sizeof entries[0] * (N_ACCOUNT_ENTRIES - n));
}

static gboolean
any_setting_given (const AccountOptions *o)
{
  return o->name || o->sender_name || o->sender_address || o->reply_to || o->host ||
         o->port || o->security || o->timeout || o->auth || o->username ||
         o->smtp_username || o->pinned;
}

/* Applies the options to @account. Values that are not even of the right
 * kind go into @problems; validation finds the rest. */
static void
apply_options (const AccountOptions *o,
               OutboxAccount        *account,
               GHashTable           *problems)
{
  guint number;

  if (o->name)
    outbox_account_set_name (account, o->name);
  if (o->sender_name)
    outbox_account_set_sender_name (account, o->sender_name);
  if (o->sender_address)
    outbox_account_set_sender_address (account, o->sender_address);
  if (o->reply_to)
    outbox_account_set_reply_to (account, o->reply_to);
  if (o->host)
    outbox_account_set_host (account, o->host);
  if (o->username)
    outbox_account_set_username (account, o->username);
  if (o->smtp_username)
    outbox_account_set_smtp_username (account, o->smtp_username);
  if (o->pinned)
    outbox_account_set_pinned_certificate_sha256 (account, o->pinned);

  /* Security first: when no port is given, a default port follows it. */
  if (o->security)
    {
      OutboxSecurity security;

      if (outbox_security_from_string (o->security, &security))
        outbox_account_set_security (account, security);
      else
        g_hash_table_insert (problems, (gpointer)"security",
                             g_strdup (_("Choose none, starttls or tls.")));
    }
  if (o->port)
    {
      if (outboxctl_parse_uint (o->port, &number))
        outbox_account_set_port (account, number);
      else
        g_hash_table_insert (problems, (gpointer)"port",
                             g_strdup (_("Must be a whole number, like 587.")));
    }
  if (o->timeout)
    {
      if (outboxctl_parse_uint (o->timeout, &number))
        outbox_account_set_timeout (account, number);
      else
        g_hash_table_insert (problems, (gpointer)"timeout",
                             g_strdup (_("Must be a whole number of seconds, like 30.")));
    }
  if (o->auth)
    {
      OutboxAuth auth;

      if (outbox_auth_from_string (o->auth, &auth))
        outbox_account_set_auth (account, auth);
      else
        g_hash_table_insert (problems, (gpointer)"auth",
                             g_strdup (_("Choose none, password or separate.")));
    }
}

/* Validates, adding to the problems the options already found, and checks
 * that the name is not another account's. */
static gboolean
check_account (OutboxAccountStore *store,
               OutboxAccount      *account,
               GHashTable         *problems)
{
  g_autoptr(GHashTable) invalid = outbox_account_validate (account);
  GHashTableIter iter;
  gpointer key, value;
  OutboxAccount *other;

  g_hash_table_iter_init (&iter, invalid);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (problems, key))
      g_hash_table_insert (problems, key, g_strdup (value));

  other = store ? outbox_account_store_lookup (store, outbox_account_get_name (account)) : NULL;
  if (other && other != account &&
      !g_str_equal (outbox_account_get_id (other), outbox_account_get_id (account)) &&
      !g_hash_table_contains (problems, "name"))
    g_hash_table_insert (problems, (gpointer)"name",
                         g_strdup_printf (_("Another account is already named “%s”; "
                                            "choose a different name."),
                                          outbox_account_get_name (account)));

  if (g_hash_table_size (problems) == 0)
    return TRUE;
  outboxctl_print_problems (problems, NULL);
  return FALSE;
}

/* Gets the password the options ask for. Returns FALSE with *status set
 * when the command must stop; *password stays NULL when there is none. */
static gboolean
get_password (const char           *command,
              const AccountOptions *o,
              OutboxAccount        *account,
              gboolean              prompt_by_default,
              OutboxctlPassword   **password,
              int                  *status)
{
  g_autoptr(GError) error = NULL;
  gboolean needs = outbox_account_get_auth (account) != OUTBOX_AUTH_NONE;

  *password = NULL;

  if ((o->password_stdin || o->ask_password) && !needs)
    {
      *status = outboxctl_usage_error (command, "%s",
                                       _("This account signs in without a password "
                                         "(--auth none), so it has no password to set."));
      return FALSE;
    }
  if (o->password_stdin && o->ask_password)
    {
      *status = outboxctl_usage_error (command, "%s",
                                       _("Use either --password-stdin or --ask-password, "
                                         "not both."));
      return FALSE;
    }
  if (o->no_password && (o->password_stdin || o->ask_password))
    {
      *status = outboxctl_usage_error (command, "%s",
                                       _("--no-password cannot go with --password-stdin or "
                                         "--ask-password."));
      return FALSE;
    }

  if (o->password_stdin)
    *password = outboxctl_password_read_stdin (&error);
  else if (o->ask_password ||
           (needs && prompt_by_default && !o->no_password && outboxctl_password_can_prompt ()))
    {
      g_autofree char *prompt = NULL;

      /* TRANSLATORS: %s is the user name the password belongs to */
      prompt = g_strdup_printf (_("Password for %s:"), outbox_account_get_login (account));
      *password = outboxctl_password_prompt (prompt, TRUE, &error);
    }
  else
    return TRUE;

  if (*password == NULL)
    {
      g_printerr ("password: %s\n", error->message);
      *status = OUTBOXCTL_EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

static int
save_password (const char        *command,
               OutboxAccount     *account,
               OutboxctlPassword *password)
{
  g_autoptr(GError) error = NULL;

  if (outboxctl_store_password (account, outbox_secret_kind_for_account (account),
                                password, &error))
    return OUTBOXCTL_EXIT_OK;

  outboxctl_failure (command, _("The account “%s” was saved, but not its password: %s"),
                     outbox_account_get_name (account), error->message);
  g_printerr (_("Once the keyring works, add the password with: outboxctl edit “%s” "
                "--ask-password"),
              outbox_account_get_name (account));
  g_printerr ("\n");
  return OUTBOXCTL_EXIT_FAILURE;
}

static void
print_account_json (OutboxAccount *account,
                    gboolean       password_stored)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  JsonObject *object = outbox_account_to_json (account);

  json_object_set_boolean_member (object, "password_stored", password_stored);
  json_node_take_object (node, object);
  text = outboxctl_json_to_text (node);
  outboxctl_print_raw (text);
}

int
outboxctl_cmd_add (int    argc,
                   char **argv)
{
  static const OutboxctlCommandInfo info = {
    "add", NULL,
    N_("Adds a sender account. --name, --sender-address and --host are needed; the other "
       "settings have defaults. When the account signs in with a password and the command "
       "runs in a terminal, it asks for the password without showing it; scripts pass it "
       "with --password-stdin."),
    /* xgettext:no-c-format */
    N_("Example:\n"
       "  printf '%s\\n' \"$PASSWORD\" | outboxctl add --name Invoices \\\n"
       "      --sender-address billing@example.com --host smtp.example.com \\\n"
       "      --username billing@example.com --password-stdin"),
  };
  g_auto(AccountOptions) o = { 0 };
  GOptionEntry entries[N_ACCOUNT_ENTRIES];
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(OutboxctlPassword) password = NULL;
  g_autoptr(GError) error = NULL;
  int status = OUTBOXCTL_EXIT_OK;

  account_entries (&o, TRUE, entries);
  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return outboxctl_usage_error (info.name, _("Unexpected argument “%s”; settings are given "
                                               "as options, like --name “%s”."),
                                  argv[1], argv[1]);

  apply_options (&o, account, problems);
  /* Nothing to compare names with yet: first say what is wrong with the
   * settings themselves, even when the accounts file cannot be read. */
  if (!(store = outboxctl_open_store (info.name, TRUE, &status)))
    {
      if (!check_account (NULL, account, problems))
        return OUTBOXCTL_EXIT_USAGE;
      return status;
    }
  if (!check_account (store, account, problems))
    return OUTBOXCTL_EXIT_USAGE;

  if (!get_password (info.name, &o, account, TRUE, &password, &status))
    return status;

  if (!outbox_account_store_add (store, account, &error))
    return outboxctl_failure (info.name, _("The account cannot be added: %s"), error->message);
  if (!outboxctl_save_store (info.name, store, &status))
    return status;

  if (password && (status = save_password (info.name, account, password)) != OUTBOXCTL_EXIT_OK)
    return status;

  if (o.json)
    print_account_json (account, password != NULL);
  else
    {
      g_print (_("Added the account “%s”."), outbox_account_get_name (account));
      g_print ("\n");
    }

  if (!password && outbox_account_get_auth (account) != OUTBOX_AUTH_NONE)
    {
      g_printerr (_("No password was stored. To add it: outboxctl edit “%s” --ask-password"),
                  outbox_account_get_name (account));
      g_printerr ("\n");
    }

  return OUTBOXCTL_EXIT_OK;
}

int
outboxctl_cmd_edit (int    argc,
                    char **argv)
{
  static const OutboxctlCommandInfo info = {
    "edit", N_("ACCOUNT"),
    N_("Changes the settings given as options and keeps the others. ACCOUNT is the "
       "account’s name or id. To change the password, use --ask-password in a terminal "
       "or --password-stdin in a script."),
    NULL,
  };
  g_auto(AccountOptions) o = { 0 };
  GOptionEntry entries[N_ACCOUNT_ENTRIES];
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(OutboxAccount) stored = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(OutboxctlPassword) password = NULL;
  g_autoptr(GError) error = NULL;
  gboolean login_changed;
  int status = OUTBOXCTL_EXIT_OK;

  account_entries (&o, FALSE, entries);
  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the account to change, by its name or id.")
                                           : _("Name only one account; settings are given as "
                                               "options, like --host smtp.example.com."));
  if (!any_setting_given (&o) && !o.password_stdin && !o.ask_password)
    return outboxctl_usage_error (info.name, "%s",
                                  _("Nothing to change: give the new settings as options, "
                                    "like --port 465."));

  if (!(store = outboxctl_open_store (info.name, TRUE, &status)))
    return status;
  if (!(stored = outboxctl_find_account (info.name, store, argv[1], &status)))
    return status;

  account = outbox_account_copy (stored);
  apply_options (&o, account, problems);
  if (!check_account (store, account, problems))
    return OUTBOXCTL_EXIT_USAGE;

  /* A different kind of sign-in needs its own password: ask for it in a
   * terminal, as add does. */
  login_changed = outbox_account_get_auth (account) != outbox_account_get_auth (stored);
  if (!get_password (info.name, &o, account, login_changed, &password, &status))
    return status;

  if (!outbox_account_store_update (store, account, &error))
    return outboxctl_failure (info.name, _("The account cannot be changed: %s"), error->message);
  if (!outboxctl_save_store (info.name, store, &status))
    return status;

  if (password && (status = save_password (info.name, account, password)) != OUTBOXCTL_EXIT_OK)
    return status;

  g_print (_("Saved the changes to the account “%s”."), outbox_account_get_name (account));
  g_print ("\n");
  return OUTBOXCTL_EXIT_OK;
}
