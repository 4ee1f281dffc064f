/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the outboxctl commands. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "outboxctl-common.h"

/* The fields in the order show, validation messages and the editor use. */
static const char * const field_order[] = {
  "name", "sender-name", "sender-address", "reply-to", "host", "port",
  "security", "timeout", "auth", "username", "smtp-username",
  "pinned-certificate-sha256",
};

static gboolean
is_ordered_field (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_order); i++)
    if (g_str_equal (field_order[i], field))
      return TRUE;
  return FALSE;
}

const char *
outboxctl_exit_status_help (void)
{
  return _("Exit status: 0 when the command succeeded, 2 for wrong options or settings "
           "that are not valid (every problem is printed as “field: reason”), "
           "1 for any other failure, such as an account that does not exist.");
}

/* An option such as --password=… must not be echoed back in an error
 * message: GOption quotes unknown options whole, value included. */
static char *
strip_option_values (const char  *message,
                     int          argc,
                     char       **argv)
{
  g_autoptr(GString) text = g_string_new (message);

  for (int i = 1; i < argc; i++)
    {
      const char *eq;
      g_autofree char *shown = NULL;

      if (!g_str_has_prefix (argv[i], "-") || !(eq = strchr (argv[i], '=')))
        continue;
      shown = g_strdup_printf ("%.*s=…", (int)(eq - argv[i]), argv[i]);
      g_string_replace (text, argv[i], shown, 0);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_password_option (const char *arg)
{
  return g_str_equal (arg, "--password") || g_str_has_prefix (arg, "--password=") ||
         g_str_equal (arg, "--pass") || g_str_has_prefix (arg, "--pass=");
}

gboolean
outboxctl_parse_options (const OutboxctlCommandInfo *info,
                         const GOptionEntry         *entries,
                         int                        *argc,
                         char                     ***argv,
                         int                        *status)
{
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = NULL;
  g_autofree char *description = NULL;

  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal ((*argv)[i], "--"))
        break;
      if (is_password_option ((*argv)[i]))
        {
          *status = outboxctl_usage_error (info->name, "%s",
                                           _("A password is never accepted on the command line, "
                                             "where other programs and the shell history can see "
                                             "it. Use --password-stdin, or run the command in a "
                                             "terminal and type it when asked."));
          return FALSE;
        }
    }

  /* The usage line reads "outboxctl add [OPTION…] ACCOUNT". */
  prgname = g_strdup_printf ("outboxctl %s", info->name);
  g_set_prgname (prgname);
  context = g_option_context_new (info->parameters ? _(info->parameters) : NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, info->summary);
  description = g_strdup_printf ("%s%s%s",
                                 info->description ? _(info->description) : "",
                                 info->description ? "\n\n" : "",
                                 outboxctl_exit_status_help ());
  g_option_context_set_description (context, description);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *message = strip_option_values (error->message, *argc, *argv);

      *status = outboxctl_usage_error (info->name, "%s", message);
      return FALSE;
    }

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", text);
      *status = OUTBOXCTL_EXIT_OK;
      return FALSE;
    }

  return TRUE;
}

int
outboxctl_usage_error (const char *command,
                       const char *format,
                       ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("outboxctl %s: %s\n", command, message);
  /* TRANSLATORS: %s is a command such as "add" */
  g_printerr (_("Run “outboxctl %s --help” to see how to use it."), command);
  g_printerr ("\n");
  return OUTBOXCTL_EXIT_USAGE;
}

int
outboxctl_failure (const char *command,
                   const char *format,
                   ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("outboxctl %s: %s\n", command, message);
  return OUTBOXCTL_EXIT_FAILURE;
}

void
outboxctl_print_problems (GHashTable *problems,
                          const char *prefix)
{
  g_autoptr(GList) rest = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (field_order); i++)
    {
      const char *reason = g_hash_table_lookup (problems, field_order[i]);

      if (reason)
        g_printerr ("%s%s: %s\n", prefix ? prefix : "", field_order[i], reason);
    }

  /* Anything a newer core reports that this list does not know yet. */
  rest = g_list_sort (g_hash_table_get_keys (problems), (GCompareFunc)g_strcmp0);
  for (GList *l = rest; l; l = l->next)
    if (!is_ordered_field (l->data))
      g_printerr ("%s%s: %s\n", prefix ? prefix : "", (const char *)l->data,
                  (const char *)g_hash_table_lookup (problems, l->data));
}

OutboxAccountStore *
outboxctl_open_store (const char *command,
                      gboolean    for_writing,
                      int        *status)
{
  g_autoptr(GFile) file = outbox_account_store_get_default_file ();
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (!outbox_account_store_load (store, NULL, &error))
    {
      if (g_error_matches (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE))
        *status = outboxctl_failure (command,
                                     _("The accounts file %s cannot be read: %s. It was left "
                                       "as it is; open Outbox to start over, or repair the file."),
                                     path, error->message);
      else
        *status = outboxctl_failure (command, _("The accounts file %s cannot be read: %s"),
                                     path, error->message);
      return NULL;
    }

  if (for_writing && outbox_account_store_get_read_only (store))
    {
      *status = outboxctl_failure (command,
                                   _("The accounts file %s can only be read, not changed: %s"),
                                   path, outbox_account_store_get_read_only_reason (store));
      return NULL;
    }

  return g_steal_pointer (&store);
}

gboolean
outboxctl_save_store (const char         *command,
                      OutboxAccountStore *store,
                      int                *status)
{
  g_autoptr(GError) error = NULL;

  if (!outbox_account_store_save (store, NULL, &error))
    {
      g_autofree char *path = g_file_get_path (outbox_account_store_get_file (store));

      *status = outboxctl_failure (command, _("The accounts could not be saved to %s: %s"),
                                   path, error->message);
      return FALSE;
    }
  return TRUE;
}

OutboxAccount *
outboxctl_find_account (const char         *command,
                        OutboxAccountStore *store,
                        const char         *name_or_id,
                        int                *status)
{
  OutboxAccount *account = outbox_account_store_lookup (store, name_or_id);

  if (account == NULL)
    {
      *status = outboxctl_failure (command,
                                   _("There is no account named “%s” (nor with that id). "
                                     "“outboxctl list” shows the accounts."),
                                   name_or_id);
      return NULL;
    }
  return g_object_ref (account);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

gboolean
outboxctl_store_password (OutboxAccount     *account,
                          OutboxSecretKind   kind,
                          const char        *password,
                          GError           **error)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(GAsyncResult) result = NULL;

  outbox_secrets_store_async (secrets, account, kind, password, NULL, wait_cb, &result);
  return outbox_secrets_store_finish (secrets, wait_for_result (&result), error);
}

gboolean
outboxctl_clear_passwords (const char  *account_id,
                           GError     **error)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(GAsyncResult) result = NULL;

  outbox_secrets_clear_async (secrets, account_id, NULL, wait_cb, &result);
  return outbox_secrets_clear_finish (secrets, wait_for_result (&result), error);
}

gboolean
outboxctl_has_password (OutboxAccount  *account,
                        gboolean       *stored,
                        GError        **error)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  char *password;

  outbox_secrets_lookup_async (secrets, outbox_account_get_id (account),
                               outbox_secret_kind_for_account (account),
                               NULL, wait_cb, &result);
  password = outbox_secrets_lookup_finish (secrets, wait_for_result (&result), &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *stored = password != NULL;
  if (password)
    {
      /* Only whether one exists matters here; do not keep it around. */
      explicit_bzero (password, strlen (password));
      g_free (password);
    }
  return TRUE;
}

const char *
outboxctl_security_label (OutboxSecurity security)
{
  switch (security)
    {
    case OUTBOX_SECURITY_NONE:
      return _("none (unencrypted)");
    case OUTBOX_SECURITY_STARTTLS:
      /* TRANSLATORS: STARTTLS is a technical term; keep it */
      return _("STARTTLS (encrypted after connecting)");
    case OUTBOX_SECURITY_TLS:
      /* TRANSLATORS: SSL/TLS is a technical term; keep it */
      return _("SSL/TLS (encrypted from the start)");
    default:
      return "";
    }
}

const char *
outboxctl_auth_label (OutboxAuth auth)
{
  switch (auth)
    {
    case OUTBOX_AUTH_NONE:
      return _("no sign-in");
    case OUTBOX_AUTH_PASSWORD:
      return _("user name and password");
    case OUTBOX_AUTH_SEPARATE:
      return _("separate SMTP user name and password");
    default:
      return "";
    }
}

gboolean
outboxctl_parse_uint (const char *text,
                      guint      *value)
{
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &number, NULL))
    return FALSE;
  /* A huge number is still a number: validation says which range fits. */
  *value = (guint)MIN (number, G_MAXUINT);
  return TRUE;
}

void
outboxctl_print_raw (const char *text)
{
  fputs (text, stdout);
  fflush (stdout);
}

char *
outboxctl_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c >= 0x80 && c < 0xa0)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
