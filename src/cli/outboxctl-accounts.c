/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl list, show and remove: looking at the accounts and removing one. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>

#include "outboxctl-commands.h"
#include "outboxctl-common.h"
#include "outboxctl-journal.h"
#include "outboxctl-json.h"

/* Pads by characters, not bytes, so that Greek or Lithuanian names line up
 * with ASCII ones; control characters are shown escaped (see
 * outboxctl_printable()). */
static void
print_padded (GString    *line,
              const char *text,
              glong       width)
{
  g_autofree char *shown = outboxctl_printable (text);
  glong len = _outbox_utf8_width (shown);

  g_string_append (line, shown);
  for (glong i = len; i < width; i++)
    g_string_append_c (line, ' ');
}

/* Server names are kept in their ASCII (IDN) form; people read them in
 * their own script. */
static char *
display_host (const char *host)
{
  g_autofree char *unicode = g_hostname_is_ascii_encoded (host) ? g_hostname_to_unicode (host)
                                                                 : NULL;

  if (unicode && !g_str_equal (unicode, host))
    return g_strdup_printf ("%s (%s)", unicode, host);
  return g_strdup (host);
}

static glong
printable_width (const char *text)
{
  g_autofree char *shown = outboxctl_printable (text);

  return _outbox_utf8_width (shown);
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = outboxctl_json_to_text (node);

  outboxctl_print_raw (text);
}

int
outboxctl_cmd_list (int    argc,
                    char **argv)
{
  static const OutboxctlCommandInfo info = {
    "list", NULL,
    N_("Lists the sender accounts: name, sender address and outgoing server."),
    NULL,
  };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the accounts as a JSON array, with the keys of the accounts file"), NULL },
    { NULL }
  };
  g_autoptr(OutboxAccountStore) store = NULL;
  const char *headers[3];
  glong widths[3];
  guint n;
  int status = OUTBOXCTL_EXIT_OK;

  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return outboxctl_usage_error (info.name, _("Unexpected argument “%s”."), argv[1]);

  if (!(store = outboxctl_open_store (info.name, FALSE, &status)))
    return status;
  n = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OutboxAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);

          json_array_add_object_element (array, outbox_account_to_json (account));
        }
      json_node_set_array (node, array);
      print_json (node);
      return OUTBOXCTL_EXIT_OK;
    }

  if (n == 0)
    {
      g_print ("%s\n", _("There are no accounts yet. Add one with “outboxctl add”."));
      return OUTBOXCTL_EXIT_OK;
    }

  /* TRANSLATORS: column headings of "outboxctl list" */
  headers[0] = _("NAME");
  headers[1] = _("SENDER ADDRESS");
  headers[2] = _("SERVER");
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    widths[c] = _outbox_utf8_width (headers[c]);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OutboxAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);

      widths[0] = MAX (widths[0], printable_width (outbox_account_get_name (account)));
      widths[1] = MAX (widths[1], printable_width (outbox_account_get_sender_address (account)));
    }

  for (guint i = 0; i <= n; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      if (i == 0)
        {
          print_padded (line, headers[0], widths[0] + 2);
          print_padded (line, headers[1], widths[1] + 2);
          g_string_append (line, headers[2]);
        }
      else
        {
          g_autoptr(OutboxAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i - 1);
          OutboxSecurity security = outbox_account_get_security (account);
          g_autofree char *unicode = g_hostname_is_ascii_encoded (outbox_account_get_host (account))
            ? g_hostname_to_unicode (outbox_account_get_host (account)) : NULL;
          g_autofree char *host = outboxctl_printable (unicode ? unicode
                                                                : outbox_account_get_host (account));

          print_padded (line, outbox_account_get_name (account), widths[0] + 2);
          print_padded (line, outbox_account_get_sender_address (account), widths[1] + 2);
          g_string_append_printf (line, "%s:%u %s", host,
                                  outbox_account_get_port (account),
                                  security == OUTBOX_SECURITY_NONE ? _("unencrypted")
                                  : security == OUTBOX_SECURITY_TLS ? "SSL/TLS" : "STARTTLS");
        }
      g_print ("%s\n", line->str);
    }

  return OUTBOXCTL_EXIT_OK;
}

static const char *
or_none (const char *text)
{
  /* TRANSLATORS: shown by "outboxctl show" for a field left empty */
  return text && text[0] ? text : _("(none)");
}

int
outboxctl_cmd_show (int    argc,
                    char **argv)
{
  static const OutboxctlCommandInfo info = {
    "show", N_("ACCOUNT"),
    N_("Shows every setting of one account, and whether its password is in the keyring. "
       "ACCOUNT is the account’s name or id."),
    NULL,
  };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the account as a JSON object, with the keys of the accounts file"), NULL },
    { NULL }
  };
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored = FALSE;
  gboolean known;
  g_autofree char *port = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *host = NULL;
  g_autofree char *password_state = NULL;
  int status = OUTBOXCTL_EXIT_OK;
  glong width = 0;
  const char *rows[15][2];
  guint n_rows = 0;

  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the account to show, by its name or id.")
                                           : _("Name only one account."));

  if (!(store = outboxctl_open_store (info.name, FALSE, &status)))
    return status;
  if (!(account = outboxctl_find_account (info.name, store, argv[1], &status)))
    return status;

  if (outbox_account_get_auth (account) == OUTBOX_AUTH_NONE)
    known = TRUE;
  else
    known = outboxctl_has_password (account, &stored, &error);

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = outbox_account_to_json (account);

      if (known)
        json_object_set_boolean_member (object, "password_stored", stored);
      else
        json_object_set_null_member (object, "password_stored");
      json_node_take_object (node, object);
      print_json (node);
      return OUTBOXCTL_EXIT_OK;
    }

  if (outbox_account_get_auth (account) == OUTBOX_AUTH_NONE)
    password_state = g_strdup (_("not needed"));
  else if (!known)
    /* TRANSLATORS: %s says why the keyring could not be asked */
    password_state = g_strdup_printf (_("unknown: %s"), error->message);
  else if (stored)
    password_state = g_strdup (_("stored in the keyring"));
  else
    password_state = g_strdup (_("not stored; add it with “outboxctl edit ACCOUNT "
                                 "--ask-password”"));

  host = display_host (outbox_account_get_host (account));
  port = g_strdup_printf ("%u", outbox_account_get_port (account));
  timeout = g_strdup_printf (ngettext ("%u second", "%u seconds",
                                       outbox_account_get_timeout (account)),
                             outbox_account_get_timeout (account));

#define ROW(label, value) \
  G_STMT_START { rows[n_rows][0] = (label); rows[n_rows][1] = (value); n_rows++; } G_STMT_END
  /* TRANSLATORS: labels of "outboxctl show" */
  ROW (_("Name"), outbox_account_get_name (account));
  ROW (_("Id"), outbox_account_get_id (account));
  ROW (_("Sender name"), or_none (outbox_account_get_sender_name (account)));
  ROW (_("Sender address"), outbox_account_get_sender_address (account));
  ROW (_("Reply-To"), or_none (outbox_account_get_reply_to (account)));
  ROW (_("Server"), host);
  ROW (_("Port"), port);
  ROW (_("Security"), outboxctl_security_label (outbox_account_get_security (account)));
  ROW (_("Timeout"), timeout);
  ROW (_("Sign-in"), outboxctl_auth_label (outbox_account_get_auth (account)));
  ROW (_("User name"), or_none (outbox_account_get_username (account)));
  ROW (_("SMTP user name"), or_none (outbox_account_get_smtp_username (account)));
  ROW (_("Trusted certificate (SHA-256)"),
       or_none (outbox_account_get_pinned_certificate_sha256 (account)));
  ROW (_("Password"), password_state);
#undef ROW

  for (guint i = 0; i < n_rows; i++)
    width = MAX (width, _outbox_utf8_width (rows[i][0]));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *label = g_strdup_printf ("%s:", rows[i][0]);

      g_autofree char *value = outboxctl_printable (rows[i][1]);

      print_padded (line, label, width + 3);
      g_string_append (line, value);
      g_print ("%s\n", line->str);
    }

  return OUTBOXCTL_EXIT_OK;
}

int
outboxctl_cmd_remove (int    argc,
                      char **argv)
{
  static const OutboxctlCommandInfo info = {
    "remove", N_("ACCOUNT"),
    N_("Removes an account from Outbox and its passwords from the keyring. "
       "ACCOUNT is the account’s name or id."),
    NULL,
  };
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  int status = OUTBOXCTL_EXIT_OK;

  if (!outboxctl_parse_options (&info, NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the account to remove, by its name or id.")
                                           : _("Name only one account."));

  if (!(store = outboxctl_open_store (info.name, TRUE, &status)))
    return status;
  if (!(account = outboxctl_find_account (info.name, store, argv[1], &status)))
    return status;

  name = outboxctl_printable (outbox_account_get_name (account));
  outbox_account_store_remove (store, account);
  if (!outboxctl_save_store (info.name, store, &status))
    return status;

  outboxctl_forget_account (info.name, outbox_account_get_id (account));

  /* The account is gone from the file first: a password left behind in the
   * keyring is harmless, an account whose password vanished is not. */
  if (!outboxctl_clear_passwords (outbox_account_get_id (account), &error))
    {
      /* An account that never had a password is not a failure to remove
       * on a computer without a keyring, such as a server. */
      if (outbox_account_get_auth (account) == OUTBOX_AUTH_NONE &&
          g_error_matches (error, OUTBOX_SECRETS_ERROR, OUTBOX_SECRETS_ERROR_NO_SERVICE))
        {
          g_print (_("Removed the account “%s”."), name);
          g_print ("\n");
          return OUTBOXCTL_EXIT_OK;
        }
      return outboxctl_failure (info.name,
                                _("The account “%s” was removed, but its password could not "
                                  "be removed from the keyring: %s"),
                                name, error->message);
    }

  g_print (_("Removed the account “%s” and its passwords."), name);
  g_print ("\n");
  return OUTBOXCTL_EXIT_OK;
}
