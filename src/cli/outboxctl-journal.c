/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl history, and the journal and domain checks outboxctl test uses. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>

#include "outboxctl-commands.h"
#include "outboxctl-common.h"
#include "outboxctl-journal.h"
#include "outboxctl-json.h"

#define MAX_DOMAIN_CHECKS 8

OutboxJournal *
outboxctl_open_journal (void)
{
  OutboxJournal *journal = outbox_journal_new (NULL);

  outbox_journal_load (journal, NULL, NULL);
  return journal;
}

void
outboxctl_save_journal (OutboxJournal *journal,
                        const char    *command)
{
  g_autoptr(GError) error = NULL;

  if (!outbox_journal_save (journal, NULL, &error))
    /* TRANSLATORS: %s is the command, then why the file could not be written */
    g_printerr (_("outboxctl %s: The test history could not be saved: %s\n"), command,
                error->message);
}

void
outboxctl_forget_account (const char *command,
                          const char *account_id)
{
  g_autoptr(OutboxJournal) journal = outboxctl_open_journal ();

  if (outbox_journal_forget (journal, account_id))
    outboxctl_save_journal (journal, command);
}

typedef struct
{
  GPtrArray *unique;     /* one check per domain */
  guint      next;
  guint      running;
  guint      finished;
} DomainRun;

static void start_checks (DomainRun *run);

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DomainRun *run = user_data;

  outbox_domain_check_run_finish (OUTBOX_DOMAIN_CHECK (object), result, NULL);
  run->running--;
  run->finished++;
  start_checks (run);
}

static void
start_checks (DomainRun *run)
{
  while (run->running < MAX_DOMAIN_CHECKS && run->next < run->unique->len)
    {
      run->running++;
      outbox_domain_check_run_async (g_ptr_array_index (run->unique, run->next++), NULL, NULL,
                                     check_cb, run);
    }
}

static void
maybe_unref (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* Returns: for each account, the check of its sender domain (NULL for an
 * address without one); accounts of one domain share one check, made once. */
GPtrArray *
outboxctl_check_domains (GPtrArray *accounts)
{
  g_autoptr(GHashTable) by_domain = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) unique = g_ptr_array_new ();
  GPtrArray *checks = g_ptr_array_new_full (accounts->len, maybe_unref);
  DomainRun run = { unique, 0, 0, 0 };

  for (guint i = 0; i < accounts->len; i++)
    {
      const char *address = outbox_account_get_sender_address (g_ptr_array_index (accounts, i));
      g_autoptr(OutboxDomainCheck) check = outbox_domain_check_new (address);
      OutboxDomainCheck *shared;

      if (check == NULL)
        {
          g_ptr_array_add (checks, NULL);
          continue;
        }
      shared = g_hash_table_lookup (by_domain, outbox_domain_check_get_domain (check));
      if (shared == NULL)
        {
          shared = check;
          g_hash_table_insert (by_domain, (gpointer)outbox_domain_check_get_domain (check), check);
          g_ptr_array_add (unique, check);
        }
      g_ptr_array_add (checks, g_object_ref (shared));
    }

  start_checks (&run);
  while (run.finished < unique->len)
    g_main_context_iteration (NULL, TRUE);
  return checks;
}

static void
print_notice (OutboxNotice *notice,
              const char   *indent)
{
  g_autofree char *text = outbox_notice_format (notice);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* Server names and certificate subjects come from the network. */
  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] != '\0')
      {
        g_autofree char *shown = outboxctl_printable (lines[i]);
        g_print ("%s%s\n", indent, shown);
      }
}

void
outboxctl_print_notices (GPtrArray         *notices,
                         OutboxDomainCheck *domain,
                         const char        *indent)
{
  g_autoptr(GPtrArray) domain_notices = domain ? outbox_domain_check_get_notices (domain) : NULL;

  for (guint i = 0; notices && i < notices->len; i++)
    print_notice (g_ptr_array_index (notices, i), indent);
  for (guint i = 0; domain_notices && i < domain_notices->len; i++)
    print_notice (g_ptr_array_index (domain_notices, i), indent);
}

void
outboxctl_add_notices_json (JsonObject        *object,
                            GPtrArray         *notices,
                            OutboxDomainCheck *domain)
{
  g_autoptr(GPtrArray) domain_notices = domain ? outbox_domain_check_get_notices (domain) : NULL;
  JsonArray *array = json_array_new ();

  for (guint i = 0; notices && i < notices->len; i++)
    json_array_add_element (array, outbox_notice_to_json (g_ptr_array_index (notices, i)));
  for (guint i = 0; domain_notices && i < domain_notices->len; i++)
    json_array_add_element (array, outbox_notice_to_json (g_ptr_array_index (domain_notices, i)));
  json_object_set_array_member (object, "notices", array);
  if (domain)
    json_object_set_member (object, "domain", outbox_domain_check_to_json (domain));
  else
    json_object_set_null_member (object, "domain");
}

static JsonNode *
history_to_json (OutboxAccount *account,
                 GPtrArray     *history,
                 OutboxJournal *journal)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  OutboxCertificateInfo *certificate = outbox_journal_get_certificate (journal,
                                                                       outbox_account_get_id (account));

  json_object_set_string_member (object, "account", outbox_account_get_name (account));
  json_object_set_string_member (object, "id", outbox_account_get_id (account));
  for (guint i = 0; i < history->len; i++)
    json_array_add_element (array, outbox_history_entry_to_json (g_ptr_array_index (history, i)));
  json_object_set_array_member (object, "history", array);
  if (certificate)
    json_object_set_member (object, "certificate", outbox_certificate_info_to_json (certificate));
  else
    json_object_set_null_member (object, "certificate");
  json_node_take_object (node, object);
  return node;
}

int
outboxctl_cmd_history (int    argc,
                       char **argv)
{
  static const OutboxctlCommandInfo info = {
    "history", N_("ACCOUNT"),
    N_("Shows the last results of testing an account (Outbox keeps 20), newest first, and "
       "what is known about its server’s certificate."),
    NULL,
  };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the history as JSON"), NULL },
    { NULL }
  };
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxJournal) journal = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = NULL;
  int status = OUTBOXCTL_EXIT_OK;

  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the account, by its name or id.")
                                           : _("Name only one account."));
  if (!(store = outboxctl_open_store (info.name, FALSE, &status)))
    return status;
  if (!(account = outboxctl_find_account (info.name, store, argv[1], &status)))
    return status;

  journal = outboxctl_open_journal ();
  history = outbox_journal_get_history (journal, outbox_account_get_id (account));
  if (json)
    {
      g_autoptr(JsonNode) node = history_to_json (account, history, journal);
      g_autofree char *text = outboxctl_json_to_text (node);

      outboxctl_print_raw (text);
      return OUTBOXCTL_EXIT_OK;
    }

  name = outboxctl_printable (outbox_account_get_name (account));
  if (history->len == 0)
    {
      g_print (_("“%s” has not been tested yet."), name);
      g_print ("\n");
      return OUTBOXCTL_EXIT_OK;
    }
  /* TRANSLATORS: the heading of outboxctl history; %s is the account's name */
  g_print (_("Tests of “%s”, newest first:"), name);
  g_print ("\n");
  for (guint i = 0; i < history->len; i++)
    {
      const OutboxHistoryEntry *entry = g_ptr_array_index (history, i);
      g_autofree char *when = outbox_format_relative_time (entry->time, now);
      g_autoptr(GDateTime) local = g_date_time_to_local (entry->time);
      g_autofree char *absolute = g_date_time_format (local, "%x %X");
      g_autofree char *result = outbox_history_entry_format_result (entry);
      g_autofree char *shown = outboxctl_printable (result);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "  %s (%s): %s", when, absolute, shown);
      if (entry->tls_protocol)
        g_string_append_printf (line, "; %s", entry->tls_protocol);
      if (entry->size_limit > 0)
        {
          g_autofree char *size = g_format_size (entry->size_limit);
          /* TRANSLATORS: in outboxctl history: the server's message size limit */
          g_string_append_printf (line, _("; size limit %s"), size);
        }
      g_print ("%s\n", line->str);
    }

  notices = outbox_journal_get_notices (journal, outbox_account_get_id (account), now);
  if (notices->len > 0)
    {
      g_print ("\n");
      outboxctl_print_notices (notices, NULL, "");
    }
  return OUTBOXCTL_EXIT_OK;
}
