/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl export and import: the accounts as a JSON file, without
 * passwords, to copy them to another computer or keep a backup. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "outboxctl-commands.h"
#include "outboxctl-common.h"
#include "outboxctl-json.h"

/* Far more than any accounts file; refuses to read a wrong file whole. */
#define MAX_IMPORT_SIZE (8 * 1024 * 1024)

int
outboxctl_cmd_export (int    argc,
                      char **argv)
{
  static const OutboxctlCommandInfo info = {
    "export", N_("FILE"),
    N_("Writes every account to FILE as JSON, in the format of the accounts file, "
       "or to standard output when FILE is “-”. Passwords are never written: they stay in "
       "the keyring."),
    NULL,
  };
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n;
  int status = OUTBOXCTL_EXIT_OK;

  if (!outboxctl_parse_options (&info, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the file to write, or “-” for standard "
                                               "output.")
                                           : _("Name only one file."));

  if (!(store = outboxctl_open_store (info.name, FALSE, &status)))
    return status;
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (accounts, g_list_model_get_item (G_LIST_MODEL (store), i));
  /* The format of the accounts file itself, so an export can also be
   * copied in place of one. */
  text = outbox_accounts_to_data (accounts, NULL, NULL);

  if (g_str_equal (argv[1], "-"))
    {
      outboxctl_print_raw (text);
      return OUTBOXCTL_EXIT_OK;
    }

  /* Addresses and server names are nobody else's business either. */
  if (!g_file_set_contents_full (argv[1], text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    return outboxctl_failure (info.name, _("Cannot write %s: %s"), argv[1], error->message);

  g_print (ngettext ("Exported %u account to %s (without passwords).",
                     "Exported %u accounts to %s (without passwords).", n),
           n, argv[1]);
  g_print ("\n");
  return OUTBOXCTL_EXIT_OK;
}

static GBytes *
read_input (const char  *path,
            GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (g_str_equal (path, "-"))
    stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      stream = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (stream == NULL)
        return NULL;
    }

  bytes = g_input_stream_read_bytes (stream, MAX_IMPORT_SIZE + 1, NULL, error);
  if (bytes == NULL)
    return NULL;
  if (g_bytes_get_size (bytes) > MAX_IMPORT_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("It is larger than %u MB, far larger than any accounts file."),
                   MAX_IMPORT_SIZE / (1024 * 1024));
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* The array of accounts in an export (or the accounts file itself), or in
 * the output of "outboxctl list --json". */
static JsonArray *
find_accounts (JsonNode  *root,
               char     **problem)
{
  JsonObject *object;
  JsonNode *accounts;
  JsonNode *version;

  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *problem = g_strdup (_("It is not an accounts file: it has no list of accounts."));
      return NULL;
    }
  object = json_node_get_object (root);

  version = json_object_get_member (object, "version");
  if (version && (!JSON_NODE_HOLDS_VALUE (version) ||
                  json_node_get_value_type (version) != G_TYPE_INT64))
    {
      *problem = g_strdup (_("version: Must be a whole number."));
      return NULL;
    }
  if (version && json_node_get_int (version) > OUTBOX_STORE_VERSION)
    {
      *problem = g_strdup (_("It was written by a newer version of Outbox; update Outbox to "
                             "import it."));
      return NULL;
    }

  accounts = json_object_get_member (object, "accounts");
  if (accounts == NULL || !JSON_NODE_HOLDS_ARRAY (accounts))
    {
      *problem = g_strdup (_("It is not an accounts file: it has no list of accounts."));
      return NULL;
    }
  return json_node_get_array (accounts);
}

/* Accounts that were not even objects are kept as NULL, in their place. */
static void
unref_account (gpointer account)
{
  if (account)
    g_object_unref (account);
}

static char *
describe_account (guint     index,
                  JsonNode *node)
{
  JsonNode *member = NULL;
  const char *name = "";

  if (JSON_NODE_HOLDS_OBJECT (node))
    member = json_object_get_member (json_node_get_object (node), "name");
  if (member && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_STRING)
    name = json_node_get_string (member);

  if (name[0])
    {
      g_autofree char *shown = outboxctl_printable (name);

      /* TRANSLATORS: names an account of an imported file: its position and its name */
      return g_strdup_printf (_("account %u (“%s”)"), index + 1, shown);
    }
  /* TRANSLATORS: names an account of an imported file that has no name */
  return g_strdup_printf (_("account %u"), index + 1);
}

/* Names are unique ignoring case, as the store compares them. */
static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a, -1);
  g_autofree char *folded_b = g_utf8_casefold (b, -1);

  return g_str_equal (folded_a, folded_b);
}

/* Checks ids and names against each other and against the store. */
static void
check_duplicates (OutboxAccountStore *store,
                  GPtrArray          *accounts,
                  guint               index,
                  GPtrArray          *problems)
{
  OutboxAccount *account = g_ptr_array_index (accounts, index);
  const char *id = outbox_account_get_id (account);
  const char *name = outbox_account_get_name (account);
  OutboxAccount *existing;

  for (guint i = 0; i < index; i++)
    {
      OutboxAccount *earlier = g_ptr_array_index (accounts, i);

      if (earlier == NULL)
        continue;
      if (g_str_equal (outbox_account_get_id (earlier), id))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("id: Account %u has the same id."), i + 1));
      if (name[0] && same_name (outbox_account_get_name (earlier), name))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("name: Account %u has the same name."), i + 1));
    }

  if ((existing = outbox_account_store_lookup (store, id)) &&
      g_str_equal (outbox_account_get_id (existing), id))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("id: The account “%s” already has this id; it was "
                                        "probably imported before."),
                                      outbox_account_get_name (existing)));
  for (guint i = 0; name[0] && i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(OutboxAccount) other = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (same_name (outbox_account_get_name (other), name))
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_("name: The account “%s” already has this name."),
                                            outbox_account_get_name (other)));
          break;
        }
    }
}

int
outboxctl_cmd_import (int    argc,
                      char **argv)
{
  static const OutboxctlCommandInfo info = {
    "import", N_("FILE"),
    N_("Adds the accounts of FILE, written by “outboxctl export” (or “-” for standard "
       "input). Every account is checked first; when any has a problem, each problem is "
       "listed and no account is added."),
    N_("Passwords are not part of an export: after importing, add each with "
       "“outboxctl edit ACCOUNT --ask-password”."),
  };
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (unref_account);
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  JsonArray *array;
  const char *data;
  gsize length;
  guint n;
  guint n_bad = 0;
  int status = OUTBOXCTL_EXIT_OK;

  if (!outboxctl_parse_options (&info, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the file to import, or “-” for standard "
                                               "input.")
                                           : _("Name only one file."));

  if (!(bytes = read_input (argv[1], &error)))
    return outboxctl_failure (info.name, _("Cannot read %s: %s"), argv[1], error->message);

  data = g_bytes_get_data (bytes, &length);
  if ((length > 0 && memchr (data, '\0', length) != NULL) || !g_utf8_validate_len (data, length, NULL))
    {
      g_printerr ("%s: %s\n", argv[1], _("It holds bytes that are not UTF-8 text."));
      g_printerr ("%s\n", _("Nothing was imported."));
      return OUTBOXCTL_EXIT_USAGE;
    }
  if (!outbox_json_check_text (data, length, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      g_printerr ("%s\n", _("Nothing was imported."));
      return OUTBOXCTL_EXIT_USAGE;
    }
  if (!json_parser_load_from_data (parser, data, (gssize)length, &error))
    {
      g_printerr (_("%s is not valid JSON: %s"), argv[1], error->message);
      g_printerr ("\n%s\n", _("Nothing was imported."));
      return OUTBOXCTL_EXIT_USAGE;
    }
  if (!json_parser_get_root (parser) ||
      !(array = find_accounts (json_parser_get_root (parser), &problem)))
    {
      g_printerr ("%s: %s\n", argv[1],
                  problem ? problem : _("It is empty, not an accounts file."));
      g_printerr ("%s\n", _("Nothing was imported."));
      return OUTBOXCTL_EXIT_USAGE;
    }

  if (!(store = outboxctl_open_store (info.name, TRUE, &status)))
    return status;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      JsonNode *node = json_array_get_element (array, i);
      OutboxAccount *account = outboxctl_account_from_json (node, i, problems);
      g_autofree char *label = describe_account (i, node);

      g_ptr_array_add (accounts, account);
      if (account)
        check_duplicates (store, accounts, i, problems);

      for (guint p = 0; p < problems->len; p++)
        g_printerr ("%s: %s\n", label, (const char *)g_ptr_array_index (problems, p));
      if (problems->len > 0)
        n_bad++;
    }

  if (n_bad > 0)
    {
      g_printerr (ngettext ("%u account has problems; nothing was imported.",
                            "%u accounts have problems; nothing was imported.", n_bad),
                  n_bad);
      g_printerr ("\n");
      return OUTBOXCTL_EXIT_USAGE;
    }

  for (guint i = 0; i < n; i++)
    if (!outbox_account_store_add (store, g_ptr_array_index (accounts, i), &error))
      {
        g_autofree char *label = describe_account (i, json_array_get_element (array, i));

        /* Nothing is saved: the file on disk still has none of them. */
        return outboxctl_failure (info.name, _("%s cannot be added: %s. Nothing was imported."),
                                  label, error->message);
      }
  if (!outboxctl_save_store (info.name, store, &status))
    return status;

  g_print (ngettext ("Imported %u account.", "Imported %u accounts.", n), n);
  g_print ("\n");
  if (n > 0)
    g_print ("%s\n", _("Passwords are not part of an export: add each with "
                       "“outboxctl edit ACCOUNT --ask-password”."));
  return OUTBOXCTL_EXIT_OK;
}
