/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl test and probe: an account's SMTP test from a terminal, every
 * account at once before a campaign (with OutboxTestBatch, the window's
 * scheduler), and a look at any server. The output is outboxctl-test-print.c's. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "outboxctl-commands.h"
#include "outboxctl-common.h"
#include "outboxctl-journal.h"
#include "outboxctl-json.h"
#include "outboxctl-password.h"
#include "outboxctl-test-print.h"

/* A script's default stays modest; --jobs may go as far as the window's
 * "Test all" (the per-server and per-login limits apply either way). */
#define DEFAULT_JOBS 4
#define MAX_JOBS     OUTBOX_TEST_BATCH_DEFAULT_MAX_RUNNING

/* Passwords here come from the keyring or a copy of standard input's: plain
 * strings, overwritten before they are freed. */
static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the main context until @result is set by store_result_cb. */
static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The keyring lookups of a batch's passwords, a few at once: a password
 * that cannot be read is said here, in the command's words, and the test
 * goes on without it (it then fails at signing in, and says so). */
typedef struct
{
  OutboxTestBatch *batch;
  OutboxSecrets   *secrets;
  guint            next;
  guint            running;
  guint            max_running;
} Lookups;

typedef struct
{
  Lookups *lookups;
  guint    position;
} Lookup;

static void lookup_next (Lookups *lookups);

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree Lookup *lookup = user_data;
  OutboxAccount *account = outbox_test_batch_get_account (lookup->lookups->batch,
                                                          lookup->position);
  g_autoptr(GError) error = NULL;
  char *password;

  password = outbox_secrets_lookup_finish (OUTBOX_SECRETS (object), result, &error);
  if (error)
    {
      g_autofree char *name = outboxctl_printable (outbox_account_get_name (account));

      g_printerr (_("outboxctl test: The password of “%s” could not be read from the "
                    "keyring: %s\n"), name, error->message);
    }
  if (password)
    outbox_test_batch_set_password (lookup->lookups->batch, lookup->position, password);
  secret_free (password);
  lookup->lookups->running--;
  lookup_next (lookup->lookups);
}

static void
lookup_next (Lookups *lookups)
{
  guint n = outbox_test_batch_get_n_accounts (lookups->batch);

  while (lookups->running < lookups->max_running && lookups->next < n)
    {
      guint position = lookups->next++;
      OutboxAccount *account = outbox_test_batch_get_account (lookups->batch, position);
      Lookup *lookup;

      if (outbox_account_get_auth (account) == OUTBOX_AUTH_NONE)
        continue;
      lookup = g_new0 (Lookup, 1);
      lookup->lookups = lookups;
      lookup->position = position;
      lookups->running++;
      outbox_secrets_lookup_async (lookups->secrets, outbox_account_get_id (account),
                                   outbox_secret_kind_for_account (account), NULL,
                                   lookup_cb, lookup);
    }
}

/* Reads the password of every account of @batch that signs in. */
static void
read_passwords (OutboxTestBatch *batch,
                guint            max_running)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  Lookups lookups = { batch, secrets, 0, 0, max_running };

  lookup_next (&lookups);
  while (lookups.running > 0)
    g_main_context_iteration (NULL, TRUE);
}

/* Tests every result's account whose settings are valid, at most @jobs at
 * once (and a few per server, as the window does), and keeps the reports.
 * Without @password, each password comes from the keyring. */
static void
run_tests (GPtrArray    *results,
           guint         jobs,
           const char   *recipient,
           gboolean      allow_plaintext,
           GTlsDatabase *database,
           const char   *password)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new ();
  g_autoptr(GPtrArray) tested = g_ptr_array_new ();
  g_autoptr(OutboxTestBatch) batch = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GPtrArray) reports = NULL;

  /* The batch does not validate: an account with invalid settings would
   * only fail at its first step, so it stays out and keeps its problems. */
  for (guint i = 0; i < results->len; i++)
    {
      OutboxctlTestResult *result = g_ptr_array_index (results, i);

      if (g_hash_table_size (result->problems) > 0)
        continue;
      g_ptr_array_add (accounts, result->account);
      g_ptr_array_add (tested, result);
    }
  if (accounts->len == 0)
    return;

  batch = outbox_test_batch_new_for_array (accounts, NULL);
  outbox_test_batch_set_max_running (batch, jobs);
  outbox_test_batch_set_recipient (batch, recipient);
  outbox_test_batch_set_allow_plaintext_password (batch, allow_plaintext);
  outbox_test_batch_set_tls_database (batch, database);
  if (password)
    for (guint i = 0; i < accounts->len; i++)
      outbox_test_batch_set_password (batch, i, password);
  else
    read_passwords (batch, jobs);

  outbox_test_batch_run_async (batch, NULL, store_result_cb, &async_result);
  wait_for (&async_result);
  reports = outbox_test_batch_run_finish (batch, async_result, NULL);
  for (guint i = 0; i < tested->len; i++)
    ((OutboxctlTestResult *)g_ptr_array_index (tested, i))->report =
      g_object_ref (g_ptr_array_index (reports, i));
}

static GTlsDatabase *
load_ca_file (const char  *command,
              const char  *path,
              int         *status)
{
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database;

  if (path == NULL)
    return NULL;
  database = g_tls_file_database_new (path, &error);
  if (database == NULL)
    *status = outboxctl_usage_error (command, _("The certificate authorities in %s cannot be "
                                                "read: %s"), path, error->message);
  return database;
}

/* Remembers each result in the journal (and learns what changed in the
 * certificates), then checks the sender domains when asked. */
static void
record_results (GPtrArray *results,
                gboolean   check_domains)
{
  g_autoptr(OutboxJournal) journal = outboxctl_open_journal ();
  gboolean recorded = FALSE;

  for (guint i = 0; i < results->len; i++)
    {
      OutboxctlTestResult *result = g_ptr_array_index (results, i);

      if (result->report == NULL)
        continue;
      result->notices = outbox_journal_record (journal, result->account, result->report, NULL);
      recorded = TRUE;
    }
  if (recorded)
    outboxctl_save_journal (journal, "test");

  if (check_domains)
    {
      g_autoptr(GPtrArray) accounts = g_ptr_array_new ();
      g_autoptr(GPtrArray) checks = NULL;

      for (guint i = 0; i < results->len; i++)
        g_ptr_array_add (accounts, ((OutboxctlTestResult *)g_ptr_array_index (results, i))->account);
      checks = outboxctl_check_domains (accounts);
      for (guint i = 0; i < results->len; i++)
        ((OutboxctlTestResult *)g_ptr_array_index (results, i))->domain =
          g_ptr_array_index (checks, i) ? g_object_ref (g_ptr_array_index (checks, i)) : NULL;
    }
}

/* Tests every account and prints the table (or JSON) of the results. */
static int
test_all (guint         jobs,
          const char   *recipient,
          gboolean      allow_plaintext,
          GTlsDatabase *database,
          gboolean      json,
          gboolean      transcript,
          gboolean      check_domains,
          const char   *report_path)
{
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(GPtrArray) results = NULL;
  int status = OUTBOXCTL_EXIT_OK;
  gboolean all_ok = TRUE;
  guint n;

  if (!(store = outboxctl_open_store ("test", FALSE, &status)))
    return status;
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  if (n == 0)
    return outboxctl_failure ("test", "%s",
                              _("There are no accounts to test. Add one with “outboxctl add”."));

  results = g_ptr_array_new_with_free_func ((GDestroyNotify)outboxctl_test_result_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OutboxAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_ptr_array_add (results, outboxctl_test_result_new (account));
    }
  run_tests (results, jobs, recipient, allow_plaintext, database, NULL);
  record_results (results, check_domains);

  for (guint i = 0; i < results->len; i++)
    {
      OutboxctlTestResult *result = g_ptr_array_index (results, i);
      all_ok &= result->report != NULL && outbox_test_report_get_success (result->report);
    }
  outboxctl_test_print_all (results, json, transcript);

  if (report_path && !outboxctl_test_write_report (results, report_path))
    return OUTBOXCTL_EXIT_FAILURE;
  return all_ok ? OUTBOXCTL_EXIT_OK : OUTBOXCTL_EXIT_FAILURE;
}

int
outboxctl_cmd_test (int    argc,
                    char **argv)
{
  static const OutboxctlCommandInfo info = {
    "test", N_("ACCOUNT | --all"),
    N_("Tests an account the way Outbox does: connects to its server, signs in and sends a "
       "short message to the account’s own address, then shows each step and what went "
       "wrong. With --all, tests every account, several at once, and prints a table."),
    N_("The password comes from the keyring, or from standard input with --password-stdin. "
       "Each result is remembered (see “outboxctl history”), and a server certificate that "
       "changed since the last test or expires within 21 days is pointed out. "
       "Exit status 1 means a test failed."),
  };
  gboolean all = FALSE;
  gboolean json = FALSE;
  gboolean transcript = FALSE;
  gboolean password_stdin = FALSE;
  gboolean allow_plaintext = FALSE;
  g_autofree char *recipient = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *report_path = NULL;
  gboolean check_domains = FALSE;
  int jobs = DEFAULT_JOBS;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Test every account"), NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING, &recipient,
      N_("Send the test message to ADDRESS instead of the account’s own address"),
      N_("ADDRESS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { "transcript", 0, 0, G_OPTION_ARG_NONE, &transcript,
      N_("Include every line sent and received (passwords are never shown)"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "allow-plaintext-password", 0, 0, G_OPTION_ARG_NONE, &allow_plaintext,
      N_("Send the password even though the account’s security is none (unencrypted)"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities in FILE (PEM) instead of the system’s"),
      N_("FILE") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("With --all, test at most N accounts at once (default 4)"), N_("N") },
    { "check-domains", 0, 0, G_OPTION_ARG_NONE, &check_domains,
      N_("Also look up the SPF and DMARC records of each sender address’s domain (needs DNS)"),
      NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path,
      N_("Write a readiness report to FILE: JSON when it ends in .json, a printable page when "
         "it ends in .html"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(OutboxAccountStore) store = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(OutboxctlPassword) password = NULL;
  OutboxctlTestResult *result;
  int status = OUTBOXCTL_EXIT_OK;

  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (all && argc > 1)
    return outboxctl_usage_error (info.name, "%s",
                                  _("Name an account or give --all, not both."));
  if (!all && argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the account to test, or give --all.")
                                           : _("Name only one account, or give --all."));
  if (all && password_stdin)
    return outboxctl_usage_error (info.name, "%s",
                                  _("--password-stdin gives one password; with --all each "
                                    "account’s password comes from the keyring."));
  if (jobs < 1 || jobs > MAX_JOBS)
    return outboxctl_usage_error (info.name, _("--jobs takes a number from 1 to %d."), MAX_JOBS);
  if (report_path && !g_str_has_suffix (report_path, ".json") &&
      !g_str_has_suffix (report_path, ".html") && !g_str_has_suffix (report_path, ".htm"))
    return outboxctl_usage_error (info.name, "%s",
                                  _("--report takes a file name ending in .json or .html."));
  if (recipient)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *problem = NULL;

      g_value_init (&value, G_TYPE_STRING);
      g_value_set_string (&value, recipient);
      if ((problem = outbox_account_check_property ("sender-address", &value)))
        /* TRANSLATORS: %s is the address given with --to, then why it is not one */
        return outboxctl_usage_error (info.name, _("--to “%s”: %s"), recipient, problem);
    }
  if (ca_file && !(database = load_ca_file (info.name, ca_file, &status)))
    return status;

  if (all)
    return test_all ((guint)jobs, recipient, allow_plaintext, database, json, transcript,
                     check_domains, report_path);

  if (!(store = outboxctl_open_store (info.name, FALSE, &status)))
    return status;
  if (!(account = outboxctl_find_account (info.name, store, argv[1], &status)))
    return status;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify)outboxctl_test_result_free);
  result = outboxctl_test_result_new (account);
  g_ptr_array_add (results, result);
  if (g_hash_table_size (result->problems) > 0)
    {
      g_autofree char *name = outboxctl_printable (outbox_account_get_name (account));

      g_printerr (_("outboxctl test: The settings of “%s” are not valid:\n"), name);
      outboxctl_print_problems (result->problems, "  ");
      return OUTBOXCTL_EXIT_USAGE;
    }

  if (password_stdin)
    {
      g_autoptr(GError) error = NULL;

      if (!(password = outboxctl_password_read_stdin (&error)))
        return outboxctl_usage_error (info.name, "%s", error->message);
    }

  run_tests (results, 1, recipient, allow_plaintext, database, password);
  record_results (results, check_domains);
  outboxctl_test_print_report (result, json, transcript);
  if (report_path && !outboxctl_test_write_report (results, report_path))
    return OUTBOXCTL_EXIT_FAILURE;
  return outbox_test_report_get_success (result->report) ? OUTBOXCTL_EXIT_OK
                                                         : OUTBOXCTL_EXIT_FAILURE;
}

int
outboxctl_cmd_probe (int    argc,
                     char **argv)
{
  static const OutboxctlCommandInfo info = {
    "probe", N_("HOST"),
    N_("Connects to an SMTP server, reads its greeting and its extensions (after STARTTLS "
       "when asked), and shows them with the server’s certificate. Sends no password and no "
       "mail."),
    N_("Without --security, port 465 means SSL/TLS and any other port STARTTLS; without "
       "--port, the port follows the security: 25 for none, 587 for STARTTLS, 465 for "
       "SSL/TLS."),
  };
  g_autofree char *security_name = NULL;
  g_autofree char *ca_file = NULL;
  gboolean json = FALSE;
  gboolean transcript = FALSE;
  int port = 0;
  int timeout = OUTBOX_ACCOUNT_DEFAULT_TIMEOUT;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("The server’s port"), N_("N") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security_name,
      N_("none, starttls or tls (SSL/TLS from the start)"), N_("MODE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds to wait for the server (default 30)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { "transcript", 0, 0, G_OPTION_ARG_NONE, &transcript,
      N_("Include every line sent and received"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities in FILE (PEM) instead of the system’s"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(OutboxctlTestResult) result = NULL;
  g_autofree char *host = NULL;
  g_autofree char *problem = NULL;
  OutboxSecurity security;
  int status = OUTBOXCTL_EXIT_OK;

  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Name the server to probe.")
                                           : _("Name only one server."));
  if (port < 0 || port > 65535)
    return outboxctl_usage_error (info.name, "%s", _("A port is a number from 1 to 65535."));
  if (timeout < OUTBOX_ACCOUNT_MIN_TIMEOUT || timeout > OUTBOX_ACCOUNT_MAX_TIMEOUT)
    return outboxctl_usage_error (info.name, _("--timeout takes %d to %d seconds."),
                                  OUTBOX_ACCOUNT_MIN_TIMEOUT, OUTBOX_ACCOUNT_MAX_TIMEOUT);
  if (security_name)
    {
      if (!outbox_security_from_string (security_name, &security))
        return outboxctl_usage_error (info.name, _("Unknown security “%s”: use none, starttls "
                                                   "or tls."), security_name);
    }
  else
    security = port == 465 ? OUTBOX_SECURITY_TLS : OUTBOX_SECURITY_STARTTLS;
  if (port == 0)
    port = (int)outbox_security_default_port (security);

  host = g_strstrip (g_strdup (argv[1]));
  {
    g_auto(GValue) value = G_VALUE_INIT;

    g_value_init (&value, G_TYPE_STRING);
    g_value_set_string (&value, host);
    if ((problem = outbox_account_check_property ("host", &value)))
      return outboxctl_usage_error (info.name, "%s", problem);
  }
  if (ca_file && !(database = load_ca_file (info.name, ca_file, &status)))
    return status;

  session = outbox_smtp_probe_new (host, (guint)port, security, (guint)timeout, database);
  /* The report names the server. */
  account = g_object_ref (outbox_smtp_session_get_account (session));
  outbox_account_set_name (account, host);
  outbox_smtp_session_run_async (session, NULL, store_result_cb, &async_result);
  wait_for (&async_result);

  result = outboxctl_test_result_new (account);
  result->report = outbox_smtp_session_run_finish (session, async_result, NULL);
  outboxctl_test_print_report (result, json, transcript);
  return outbox_test_report_get_success (result->report) ? OUTBOXCTL_EXIT_OK
                                                         : OUTBOXCTL_EXIT_FAILURE;
}
