/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How outboxctl test shows its results: one account's report, the table of
 * --all with the warnings under it, JSON, and the readiness report. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>

#include "outboxctl-common.h"
#include "outboxctl-journal.h"
#include "outboxctl-json.h"
#include "outboxctl-test-print.h"

OutboxctlTestResult *
outboxctl_test_result_new (OutboxAccount *account)
{
  OutboxctlTestResult *result = g_new0 (OutboxctlTestResult, 1);

  result->account = g_object_ref (account);
  result->problems = outbox_account_validate (account);
  return result;
}

void
outboxctl_test_result_free (OutboxctlTestResult *result)
{
  g_clear_object (&result->account);
  g_clear_pointer (&result->problems, g_hash_table_unref);
  g_clear_object (&result->report);
  g_clear_pointer (&result->notices, g_ptr_array_unref);
  g_clear_object (&result->domain);
  g_free (result);
}

/* @prefix, then the fields that do not validate, sorted. */
static char *
problems_text (OutboxctlTestResult *result,
               const char          *prefix)
{
  g_autoptr(GString) text = g_string_new (prefix);
  g_autoptr(GList) fields = g_list_sort (g_hash_table_get_keys (result->problems),
                                         (GCompareFunc)g_strcmp0);

  for (GList *l = fields; l; l = l->next)
    g_string_append_printf (text, " %s", (const char *)l->data);
  return g_string_free (g_steal_pointer (&text), FALSE);
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
result_to_json (OutboxctlTestResult *result,
                gboolean             transcript)
{
  JsonNode *node = report_to_json (result->report, result->account, transcript);

  outboxctl_add_notices_json (json_node_get_object (node), result->notices, result->domain);
  return node;
}

void
outboxctl_test_print_report (OutboxctlTestResult *result,
                             gboolean             json,
                             gboolean             transcript)
{
  if (json)
    {
      g_autoptr(JsonNode) node = result_to_json (result, transcript);
      g_autofree char *text = outboxctl_json_to_text (node);

      outboxctl_print_raw (text);
    }
  else
    {
      g_autofree char *text = outbox_test_report_format (result->report, transcript);
      g_autoptr(OutboxDiagnosis) diagnosis = outbox_test_report_diagnose (result->report,
                                                                          result->account);

      g_print ("%s", text);
      if (diagnosis)
        {
          g_autofree char *advice = outbox_diagnosis_format (diagnosis);
          g_print ("\n%s", advice);
        }
      if ((result->notices && result->notices->len > 0) || result->domain)
        {
          g_print ("\n");
          outboxctl_print_notices (result->notices, result->domain, "");
        }
    }
}

gboolean
outboxctl_test_write_report (GPtrArray  *results,
                             const char *path)
{
  g_autoptr(OutboxCampaignReport) report = outbox_campaign_report_new ();
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      OutboxctlTestResult *result = g_ptr_array_index (results, i);
      g_autofree char *problem = NULL;

      if (result->report == NULL)
        problem = problems_text (result, _("the settings are not valid:"));
      outbox_campaign_report_add (report, result->account, result->report, problem,
                                  result->notices, result->domain);
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
result_server (OutboxctlTestResult *result)
{
  OutboxSecurity security = outbox_account_get_security (result->account);

  return g_strdup_printf ("%s:%u %s", outbox_account_get_host (result->account),
                          outbox_account_get_port (result->account),
                          security == OUTBOX_SECURITY_NONE ? _("unencrypted")
                          : security == OUTBOX_SECURITY_TLS ? "SSL/TLS" : "STARTTLS");
}

static char *
result_text (OutboxctlTestResult *result)
{
  const GError *error;

  if (result->report == NULL)
    return problems_text (result, _("FAILED: the settings are not valid:"));
  if (outbox_test_report_get_success (result->report))
    /* TRANSLATORS: a result in the table of "outboxctl test --all"; %.1f is seconds */
    return g_strdup_printf (_("ok (%.1f s)"),
                            outbox_test_report_get_elapsed (result->report) / 1e6);
  error = outbox_test_report_get_error (result->report);
  /* TRANSLATORS: a result in the table of "outboxctl test --all": the step, then why */
  return g_strdup_printf (_("FAILED while %s: %s"),
                          outbox_smtp_step_get_label (outbox_test_report_get_failed_step (result->report)),
                          error->message);
}

static void
print_table (GPtrArray *results)
{
  /* TRANSLATORS: column headings of "outboxctl test --all" */
  const char *headers[] = { _("ACCOUNT"), _("SERVER"), _("RESULT") };
  glong widths[2] = { _outbox_utf8_width (headers[0]), _outbox_utf8_width (headers[1]) };

  for (guint i = 0; i < results->len; i++)
    {
      OutboxctlTestResult *result = g_ptr_array_index (results, i);
      g_autofree char *server = result_server (result);

      widths[0] = MAX (widths[0], printable_width (outbox_account_get_name (result->account)));
      widths[1] = MAX (widths[1], printable_width (server));
    }

  for (guint i = 0; i <= results->len; i++)
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
          OutboxctlTestResult *result = g_ptr_array_index (results, i - 1);
          g_autofree char *server = result_server (result);
          g_autofree char *text = result_text (result);

          print_padded (line, outbox_account_get_name (result->account), widths[0] + 2);
          print_padded (line, server, widths[1] + 2);
          print_padded (line, text, 0);
        }
      g_print ("%s\n", line->str);
    }
}

/* Under the table: each account's warnings, under its name. */
static void
print_all_notices (GPtrArray *results)
{
  for (guint i = 0; i < results->len; i++)
    {
      OutboxctlTestResult *result = g_ptr_array_index (results, i);
      g_autoptr(GPtrArray) domain_notices = result->domain
                                            ? outbox_domain_check_get_notices (result->domain)
                                            : NULL;
      g_autofree char *name = NULL;

      if ((result->notices == NULL || result->notices->len == 0) &&
          (domain_notices == NULL || domain_notices->len == 0))
        continue;
      name = outboxctl_printable (outbox_account_get_name (result->account));
      g_print ("\n%s\n", name);
      outboxctl_print_notices (result->notices, result->domain, "  ");
    }
}

/* An account whose settings are not valid: it was not tested. */
static JsonObject *
invalid_to_json (OutboxctlTestResult *result)
{
  JsonObject *object = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *text = result_text (result);

  json_object_set_string_member (object, "account", outbox_account_get_name (result->account));
  json_object_set_boolean_member (object, "success", FALSE);
  json_object_set_string_member (error, "code", "invalid-settings");
  json_object_set_string_member (error, "message", text);
  json_object_set_object_member (object, "error", error);
  outboxctl_add_notices_json (object, NULL, result->domain);
  return object;
}

void
outboxctl_test_print_all (GPtrArray *results,
                          gboolean   json,
                          gboolean   transcript)
{
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonArray) array = json_array_new ();
      g_autofree char *text = NULL;

      for (guint i = 0; i < results->len; i++)
        {
          OutboxctlTestResult *result = g_ptr_array_index (results, i);

          if (result->report)
            json_array_add_element (array, result_to_json (result, transcript));
          else
            json_array_add_object_element (array, invalid_to_json (result));
        }
      json_node_set_array (node, array);
      text = outboxctl_json_to_text (node);
      outboxctl_print_raw (text);
    }
  else
    {
      print_table (results);
      print_all_notices (results);
    }
}
