/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl test and probe: an account's SMTP test from a terminal, every
 * account at once before a campaign, and a look at any server. */

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

#define DEFAULT_JOBS 4
#define MAX_JOBS     16

typedef struct
{
  OutboxAccount     *account;
  OutboxSmtpSession *session;
  OutboxTestReport  *report;
  GHashTable        *problems;   /* the account does not validate */
  char              *password;
  gboolean           done;
  GPtrArray         *notices;    /* the certificate watch's, after the test */
  OutboxDomainCheck *domain;     /* with --check-domains */
} Job;

typedef struct
{
  GPtrArray    *jobs;
  guint         next;
  guint         running;
  guint         finished;
  guint         max_running;
  const char   *recipient;
  gboolean      allow_plaintext;
  gboolean      use_keyring;
  GTlsDatabase *database;
  OutboxSecrets *secrets;
} Runner;

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
job_free (Job *job)
{
  g_clear_object (&job->account);
  g_clear_object (&job->session);
  g_clear_object (&job->report);
  g_clear_pointer (&job->problems, g_hash_table_unref);
  g_clear_pointer (&job->password, secret_free);
  g_clear_pointer (&job->notices, g_ptr_array_unref);
  g_clear_object (&job->domain);
  g_free (job);
}

static void start_jobs (Runner *runner);

static void
job_finished (Runner *runner,
              Job    *job)
{
  job->done = TRUE;
  runner->running--;
  runner->finished++;
  g_clear_object (&job->session);
  g_clear_pointer (&job->password, secret_free);
  start_jobs (runner);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Runner *runner = user_data;
  OutboxSmtpSession *session = OUTBOX_SMTP_SESSION (object);

  for (guint i = 0; i < runner->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (runner->jobs, i);
      if (job->session == session)
        {
          job->report = outbox_smtp_session_run_finish (session, result, NULL);
          job_finished (runner, job);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
run_job (Runner *runner,
         Job    *job)
{
  job->session = outbox_smtp_session_new (job->account);
  outbox_smtp_session_set_password (job->session, job->password);
  outbox_smtp_session_set_recipient (job->session, runner->recipient);
  outbox_smtp_session_set_allow_plaintext_password (job->session, runner->allow_plaintext);
  outbox_smtp_session_set_tls_database (job->session, runner->database);
  outbox_smtp_session_run_async (job->session, NULL, run_cb, runner);
}

typedef struct
{
  Runner *runner;
  Job    *job;
} Lookup;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = outbox_secrets_lookup_finish (OUTBOX_SECRETS (object), result, &error);
  if (error)
    /* The test goes on: without a password it fails at signing in, and
     * says so; this says why there was none. */
    {
      g_autofree char *name = outboxctl_printable (outbox_account_get_name (lookup->job->account));

      g_printerr (_("outboxctl test: The password of “%s” could not be read from the "
                    "keyring: %s\n"), name, error->message);
    }
  lookup->job->password = password;
  run_job (lookup->runner, lookup->job);
  g_free (lookup);
}

static void
start_jobs (Runner *runner)
{
  while (runner->running < runner->max_running && runner->next < runner->jobs->len)
    {
      Job *job = g_ptr_array_index (runner->jobs, runner->next++);

      runner->running++;
      if (g_hash_table_size (job->problems) > 0)
        {
          job_finished (runner, job);
          continue;
        }
      if (runner->use_keyring && job->password == NULL &&
          outbox_account_get_auth (job->account) != OUTBOX_AUTH_NONE)
        {
          Lookup *lookup = g_new0 (Lookup, 1);

          lookup->runner = runner;
          lookup->job = job;
          if (runner->secrets == NULL)
            runner->secrets = outbox_secrets_new ();
          outbox_secrets_lookup_async (runner->secrets, outbox_account_get_id (job->account),
                                       outbox_secret_kind_for_account (job->account), NULL,
                                       lookup_cb, lookup);
        }
      else
        run_job (runner, job);
    }
}

/* Runs every job, at most max_running at once, and returns when all ended. */
static void
run_all (Runner *runner)
{
  start_jobs (runner);
  while (runner->finished < runner->jobs->len)
    g_main_context_iteration (NULL, TRUE);
}

static Job *
job_new (OutboxAccount *account)
{
  Job *job = g_new0 (Job, 1);

  job->account = g_object_ref (account);
  job->problems = outbox_account_validate (account);
  return job;
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

/* The report as JSON, with the diagnosis of a failure under "diagnosis". */
static JsonNode *
report_to_json (OutboxTestReport *report,
                OutboxAccount    *account,
                gboolean          transcript)
{
  JsonNode *node = outbox_test_report_to_json (report, transcript);
  g_autoptr(OutboxDiagnosis) diagnosis = outbox_test_report_diagnose (report, account);

  if (diagnosis)
    json_object_set_member (json_node_get_object (node), "diagnosis",
                            outbox_diagnosis_to_json (diagnosis));
  else
    json_object_set_null_member (json_node_get_object (node), "diagnosis");
  return node;
}

/* The report with the notices of the certificate watch and the domain
 * checks under "notices" and "domain". */
static JsonNode *
job_to_json (Job      *job,
             gboolean  transcript)
{
  JsonNode *node = report_to_json (job->report, job->account, transcript);

  outboxctl_add_notices_json (json_node_get_object (node), job->notices, job->domain);
  return node;
}

static void
print_report (Job      *job,
              gboolean  json,
              gboolean  transcript)
{
  if (json)
    {
      g_autoptr(JsonNode) node = job_to_json (job, transcript);
      g_autofree char *text = outboxctl_json_to_text (node);

      outboxctl_print_raw (text);
    }
  else
    {
      g_autofree char *text = outbox_test_report_format (job->report, transcript);
      g_autoptr(OutboxDiagnosis) diagnosis = outbox_test_report_diagnose (job->report,
                                                                          job->account);

      g_print ("%s", text);
      if (diagnosis)
        {
          g_autofree char *advice = outbox_diagnosis_format (diagnosis);
          g_print ("\n%s", advice);
        }
      if ((job->notices && job->notices->len > 0) || job->domain)
        {
          g_print ("\n");
          outboxctl_print_notices (job->notices, job->domain, "");
        }
    }
}

/* Remembers each result in the journal (and learns what changed in the
 * certificates), then checks the sender domains when asked. */
static void
record_results (Runner   *runner,
                gboolean  check_domains)
{
  g_autoptr(OutboxJournal) journal = outboxctl_open_journal ();
  gboolean recorded = FALSE;

  for (guint i = 0; i < runner->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (runner->jobs, i);

      if (job->report == NULL)
        continue;
      job->notices = outbox_journal_record (journal, job->account, job->report, NULL);
      recorded = TRUE;
    }
  if (recorded)
    outboxctl_save_journal (journal, "test");

  if (check_domains)
    {
      g_autoptr(GPtrArray) accounts = g_ptr_array_new ();
      g_autoptr(GPtrArray) checks = NULL;

      for (guint i = 0; i < runner->jobs->len; i++)
        g_ptr_array_add (accounts, ((Job *)g_ptr_array_index (runner->jobs, i))->account);
      checks = outboxctl_check_domains (accounts);
      for (guint i = 0; i < runner->jobs->len; i++)
        ((Job *)g_ptr_array_index (runner->jobs, i))->domain =
          g_ptr_array_index (checks, i) ? g_object_ref (g_ptr_array_index (checks, i)) : NULL;
    }
}

/* Writes the readiness report; FALSE (printed) when it could not. */
static gboolean
write_report (Runner     *runner,
              const char *path)
{
  g_autoptr(OutboxCampaignReport) report = outbox_campaign_report_new ();
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < runner->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (runner->jobs, i);
      g_autofree char *problem = NULL;

      if (job->report == NULL)
        {
          g_autoptr(GString) text = g_string_new (_("the settings are not valid:"));
          g_autoptr(GList) fields = g_list_sort (g_hash_table_get_keys (job->problems),
                                                 (GCompareFunc)g_strcmp0);
          for (GList *l = fields; l; l = l->next)
            g_string_append_printf (text, " %s", (const char *)l->data);
          problem = g_string_free (g_steal_pointer (&text), FALSE);
        }
      outbox_campaign_report_add (report, job->account, job->report, problem, job->notices,
                                  job->domain);
    }
  if (!outbox_campaign_report_write (report, file, &error))
    {
      outboxctl_failure ("test", _("The report could not be written to %s: %s"), path,
                         error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_padded (GString    *line,
              const char *text,
              glong       width)
{
  g_autofree char *shown = outboxctl_printable (text);

  g_string_append (line, shown);
  for (glong i = _outbox_utf8_width (shown); i < width; i++)
    g_string_append_c (line, ' ');
}

static glong
printable_width (const char *text)
{
  g_autofree char *shown = outboxctl_printable (text);

  return _outbox_utf8_width (shown);
}

static char *
job_server (Job *job)
{
  OutboxSecurity security = outbox_account_get_security (job->account);

  return g_strdup_printf ("%s:%u %s", outbox_account_get_host (job->account),
                          outbox_account_get_port (job->account),
                          security == OUTBOX_SECURITY_NONE ? _("unencrypted")
                          : security == OUTBOX_SECURITY_TLS ? "SSL/TLS" : "STARTTLS");
}

static char *
job_result (Job *job)
{
  const GError *error;

  if (job->report == NULL)
    {
      g_autoptr(GString) text = g_string_new (_("FAILED: the settings are not valid:"));
      g_autoptr(GList) fields = g_list_sort (g_hash_table_get_keys (job->problems),
                                             (GCompareFunc)g_strcmp0);
      for (GList *l = fields; l; l = l->next)
        g_string_append_printf (text, " %s", (const char *)l->data);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (outbox_test_report_get_success (job->report))
    /* TRANSLATORS: a result in the table of "outboxctl test --all"; %.1f is seconds */
    return g_strdup_printf (_("ok (%.1f s)"),
                            outbox_test_report_get_elapsed (job->report) / 1e6);
  error = outbox_test_report_get_error (job->report);
  /* TRANSLATORS: a result in the table of "outboxctl test --all": the step, then why */
  return g_strdup_printf (_("FAILED while %s: %s"),
                          outbox_smtp_step_get_label (outbox_test_report_get_failed_step (job->report)),
                          error->message);
}

static void
print_table (Runner *runner)
{
  /* TRANSLATORS: column headings of "outboxctl test --all" */
  const char *headers[] = { _("ACCOUNT"), _("SERVER"), _("RESULT") };
  glong widths[2] = { _outbox_utf8_width (headers[0]), _outbox_utf8_width (headers[1]) };

  for (guint i = 0; i < runner->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (runner->jobs, i);
      g_autofree char *server = job_server (job);

      widths[0] = MAX (widths[0], printable_width (outbox_account_get_name (job->account)));
      widths[1] = MAX (widths[1], printable_width (server));
    }

  for (guint i = 0; i <= runner->jobs->len; i++)
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
          Job *job = g_ptr_array_index (runner->jobs, i - 1);
          g_autofree char *server = job_server (job);
          g_autofree char *result = job_result (job);

          print_padded (line, outbox_account_get_name (job->account), widths[0] + 2);
          print_padded (line, server, widths[1] + 2);
          print_padded (line, result, 0);
        }
      g_print ("%s\n", line->str);
    }
}

/* Under the table: each account's warnings, under its name. */
static void
print_all_notices (Runner *runner)
{
  for (guint i = 0; i < runner->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (runner->jobs, i);
      g_autoptr(GPtrArray) domain_notices = job->domain ? outbox_domain_check_get_notices (job->domain)
                                                        : NULL;
      g_autofree char *name = NULL;

      if ((job->notices == NULL || job->notices->len == 0) &&
          (domain_notices == NULL || domain_notices->len == 0))
        continue;
      name = outboxctl_printable (outbox_account_get_name (job->account));
      g_print ("\n%s\n", name);
      outboxctl_print_notices (job->notices, job->domain, "  ");
    }
}

static int
test_all (Runner     *runner,
          gboolean    json,
          gboolean    transcript,
          gboolean    check_domains,
          const char *report_path,
          int        *status)
{
  g_autoptr(OutboxAccountStore) store = NULL;
  guint n;
  gboolean all_ok = TRUE;

  if (!(store = outboxctl_open_store ("test", FALSE, status)))
    return *status;
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  if (n == 0)
    return outboxctl_failure ("test", "%s",
                              _("There are no accounts to test. Add one with “outboxctl add”."));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OutboxAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_ptr_array_add (runner->jobs, job_new (account));
    }
  run_all (runner);
  record_results (runner, check_domains);

  for (guint i = 0; i < runner->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (runner->jobs, i);
      all_ok &= job->report != NULL && outbox_test_report_get_success (job->report);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonArray) array = json_array_new ();
      g_autofree char *text = NULL;

      for (guint i = 0; i < runner->jobs->len; i++)
        {
          Job *job = g_ptr_array_index (runner->jobs, i);

          if (job->report)
            json_array_add_element (array, job_to_json (job, transcript));
          else
            {
              JsonObject *object = json_object_new ();
              JsonObject *error = json_object_new ();
              g_autofree char *result = job_result (job);

              json_object_set_string_member (object, "account",
                                             outbox_account_get_name (job->account));
              json_object_set_boolean_member (object, "success", FALSE);
              json_object_set_string_member (error, "code", "invalid-settings");
              json_object_set_string_member (error, "message", result);
              json_object_set_object_member (object, "error", error);
              outboxctl_add_notices_json (object, NULL, job->domain);
              json_array_add_object_element (array, object);
            }
        }
      json_node_set_array (node, array);
      text = outboxctl_json_to_text (node);
      outboxctl_print_raw (text);
    }
  else
    {
      print_table (runner);
      print_all_notices (runner);
    }

  if (report_path && !write_report (runner, report_path))
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
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GPtrArray) job_list = g_ptr_array_new_with_free_func ((GDestroyNotify)job_free);
  Runner runner = { 0 };
  int status = OUTBOXCTL_EXIT_OK;
  Job *job;

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

  runner.jobs = job_list;
  runner.max_running = (guint)jobs;
  runner.recipient = recipient;
  runner.allow_plaintext = allow_plaintext;
  runner.use_keyring = !password_stdin;
  runner.database = database;

  if (all)
    {
      status = test_all (&runner, json, transcript, check_domains, report_path, &status);
      g_clear_object (&runner.secrets);
      return status;
    }

  if (!(store = outboxctl_open_store (info.name, FALSE, &status)))
    return status;
  if (!(account = outboxctl_find_account (info.name, store, argv[1], &status)))
    return status;
  problems = outbox_account_validate (account);
  if (g_hash_table_size (problems) > 0)
    {
      g_autofree char *name = outboxctl_printable (outbox_account_get_name (account));

      g_printerr (_("outboxctl test: The settings of “%s” are not valid:\n"), name);
      outboxctl_print_problems (problems, "  ");
      return OUTBOXCTL_EXIT_USAGE;
    }

  job = job_new (account);
  g_ptr_array_add (job_list, job);
  if (password_stdin)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OutboxctlPassword) password = outboxctl_password_read_stdin (&error);

      if (password == NULL)
        return outboxctl_usage_error (info.name, "%s", error->message);
      job->password = g_strdup (password);
    }

  run_all (&runner);
  g_clear_object (&runner.secrets);
  record_results (&runner, check_domains);
  print_report (job, json, transcript);
  if (report_path && !write_report (&runner, report_path))
    return OUTBOXCTL_EXIT_FAILURE;
  return outbox_test_report_get_success (job->report) ? OUTBOXCTL_EXIT_OK
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
  g_autoptr(GPtrArray) job_list = g_ptr_array_new_with_free_func ((GDestroyNotify)job_free);
  g_autofree char *host = NULL;
  g_autofree char *problem = NULL;
  OutboxSecurity security;
  Runner runner = { 0 };
  int status = OUTBOXCTL_EXIT_OK;
  Job *job;

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

  account = outbox_account_new ();
  outbox_account_set_name (account, host);
  outbox_account_set_host (account, host);
  outbox_account_set_security (account, security);
  outbox_account_set_port (account, (guint)port);
  outbox_account_set_timeout (account, (guint)timeout);
  outbox_account_set_auth (account, OUTBOX_AUTH_NONE);

  job = g_new0 (Job, 1);
  job->account = g_object_ref (account);
  job->problems = g_hash_table_new (g_str_hash, g_str_equal);
  job->session = outbox_smtp_session_new (account);
  g_ptr_array_add (job_list, job);
  outbox_smtp_session_set_probe_only (job->session, TRUE);
  outbox_smtp_session_set_tls_database (job->session, database);

  runner.jobs = job_list;
  runner.max_running = 1;
  runner.next = 1;
  runner.running = 1;
  outbox_smtp_session_run_async (job->session, NULL, run_cb, &runner);
  while (runner.finished < 1)
    g_main_context_iteration (NULL, TRUE);

  print_report (job, json, transcript);
  return outbox_test_report_get_success (job->report) ? OUTBOXCTL_EXIT_OK
                                                      : OUTBOXCTL_EXIT_FAILURE;
}
