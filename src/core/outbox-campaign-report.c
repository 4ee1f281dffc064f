/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxCampaignReport: every account's readiness in one file. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-campaign-report.h"
#include "outbox-notice.h"
#include "outbox-util-private.h"

typedef struct
{
  OutboxAccount     *account;
  OutboxTestReport  *report;
  char              *problem;
  GPtrArray         *notices;   /* certificate notices, then the domain's */
  OutboxDomainCheck *domain;
  OutboxDiagnosis   *diagnosis;
} Row;

struct _OutboxCampaignReport
{
  GObject    parent_instance;

  GDateTime *created;
  GPtrArray *rows;
};

G_DEFINE_FINAL_TYPE (OutboxCampaignReport, outbox_campaign_report, G_TYPE_OBJECT)

static void
row_free (Row *row)
{
  g_clear_object (&row->account);
  g_clear_object (&row->report);
  g_free (row->problem);
  g_ptr_array_unref (row->notices);
  g_clear_object (&row->domain);
  g_clear_object (&row->diagnosis);
  g_free (row);
}

static gboolean
row_worked (Row *row)
{
  return row->report != NULL && outbox_test_report_get_success (row->report);
}

static char *
row_result (Row *row)
{
  const GError *error;

  if (row->report == NULL)
    /* TRANSLATORS: the result of an account that could not be tested; %s says why */
    return g_strdup_printf (_("not tested: %s"), row->problem ? row->problem : "");
  if (outbox_test_report_get_success (row->report))
    /* TRANSLATORS: a result in the readiness report; %.1f is seconds */
    return g_strdup_printf (_("worked in %.1f s"),
                            outbox_test_report_get_elapsed (row->report) / 1e6);
  error = outbox_test_report_get_error (row->report);
  /* TRANSLATORS: a result in the readiness report: the step, then why */
  return g_strdup_printf (_("failed while %s: %s"),
                          outbox_smtp_step_get_label (outbox_test_report_get_failed_step (row->report)),
                          error ? error->message : "");
}

static char *
local_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%x");
}

static void
outbox_campaign_report_finalize (GObject *object)
{
  OutboxCampaignReport *self = OUTBOX_CAMPAIGN_REPORT (object);

  g_date_time_unref (self->created);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (outbox_campaign_report_parent_class)->finalize (object);
}

static void
outbox_campaign_report_class_init (OutboxCampaignReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = outbox_campaign_report_finalize;
}

static void
outbox_campaign_report_init (OutboxCampaignReport *self)
{
  self->created = g_date_time_new_now_local ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);
}

OutboxCampaignReport *
outbox_campaign_report_new (void)
{
  return g_object_new (OUTBOX_TYPE_CAMPAIGN_REPORT, NULL);
}

void
outbox_campaign_report_add (OutboxCampaignReport *self,
                            OutboxAccount        *account,
                            OutboxTestReport     *report,
                            const char           *problem,
                            GPtrArray            *notices,
                            OutboxDomainCheck    *domain)
{
  Row *row;

  g_return_if_fail (OUTBOX_IS_CAMPAIGN_REPORT (self));
  g_return_if_fail (OUTBOX_IS_ACCOUNT (account));

  row = g_new0 (Row, 1);
  row->account = g_object_ref (account);
  row->report = report ? g_object_ref (report) : NULL;
  row->problem = g_strdup (problem);
  row->notices = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; notices && i < notices->len; i++)
    g_ptr_array_add (row->notices, g_object_ref (g_ptr_array_index (notices, i)));
  if (domain)
    {
      g_autoptr(GPtrArray) more = outbox_domain_check_get_notices (domain);

      row->domain = g_object_ref (domain);
      g_ptr_array_extend_and_steal (row->notices, g_steal_pointer (&more));
    }
  if (report && !outbox_test_report_get_success (report))
    row->diagnosis = outbox_test_report_diagnose (report, account);
  g_ptr_array_add (self->rows, row);
}

guint
outbox_campaign_report_get_n_accounts (OutboxCampaignReport *self)
{
  g_return_val_if_fail (OUTBOX_IS_CAMPAIGN_REPORT (self), 0);
  return self->rows->len;
}

guint
outbox_campaign_report_get_n_worked (OutboxCampaignReport *self)
{
  guint n = 0;

  g_return_val_if_fail (OUTBOX_IS_CAMPAIGN_REPORT (self), 0);
  for (guint i = 0; i < self->rows->len; i++)
    n += row_worked (g_ptr_array_index (self->rows, i));
  return n;
}

/* Warnings and strong warnings; plain notices do not count. */
guint
outbox_campaign_report_get_n_warnings (OutboxCampaignReport *self)
{
  guint n = 0;

  g_return_val_if_fail (OUTBOX_IS_CAMPAIGN_REPORT (self), 0);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      for (guint j = 0; j < row->notices->len; j++)
        n += outbox_notice_get_level (g_ptr_array_index (row->notices, j)) != OUTBOX_NOTICE_INFO;
    }
  return n;
}

char *
outbox_campaign_report_format_summary (OutboxCampaignReport *self)
{
  guint n = outbox_campaign_report_get_n_accounts (self);
  guint worked = outbox_campaign_report_get_n_worked (self);
  guint warnings = outbox_campaign_report_get_n_warnings (self);
  g_autofree char *accounts = NULL;
  g_autofree char *results = NULL;
  g_autofree char *warned = NULL;

  /* TRANSLATORS: the start of the summary line: "3 accounts tested" */
  accounts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u account tested",
                                           "%u accounts tested", n), n);
  /* TRANSLATORS: the summary line goes on: "2 worked, 1 failed" */
  results = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worked, %u failed",
                                          "%u worked, %u failed", worked), worked, n - worked);
  /* TRANSLATORS: the end of the summary line */
  warned = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings),
                            warnings);
  /* TRANSLATORS: the summary line: "3 accounts tested: 2 worked, 1 failed; 2 warnings." */
  return g_strdup_printf (_("%s: %s; %s."), accounts, results, warned);
}

static void
row_to_json (JsonBuilder *builder,
             Row         *row)
{
  g_autofree char *result = row_result (row);

  json_builder_begin_object (builder);
  _outbox_json_add_string_or_null (builder, "account", outbox_account_get_name (row->account));
  _outbox_json_add_string_or_null (builder, "id", outbox_account_get_id (row->account));
  _outbox_json_add_string_or_null (builder, "sender_address", outbox_account_get_sender_address (row->account));
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, row_worked (row));
  _outbox_json_add_string_or_null (builder, "result", result);
  json_builder_set_member_name (builder, "diagnosis");
  if (row->diagnosis)
    json_builder_add_value (builder, outbox_diagnosis_to_json (row->diagnosis));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "test");
  if (row->report)
    json_builder_add_value (builder, outbox_test_report_to_json (row->report, FALSE));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "notices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < row->notices->len; i++)
    json_builder_add_value (builder, outbox_notice_to_json (g_ptr_array_index (row->notices, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "domain");
  if (row->domain)
    json_builder_add_value (builder, outbox_domain_check_to_json (row->domain));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/**
 * outbox_campaign_report_to_json:
 *
 * Returns: (transfer full): {created, summary: {accounts, worked, failed,
 *   warnings, text}, accounts: [{account, id, sender_address, success,
 *   result, diagnosis, test, notices, domain}]}
 */
JsonNode *
outbox_campaign_report_to_json (OutboxCampaignReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = NULL;
  g_autofree char *summary = NULL;
  guint worked;

  g_return_val_if_fail (OUTBOX_IS_CAMPAIGN_REPORT (self), NULL);

  created = g_date_time_format_iso8601 (self->created);
  summary = outbox_campaign_report_format_summary (self);
  worked = outbox_campaign_report_get_n_worked (self);

  json_builder_begin_object (builder);
  _outbox_json_add_string_or_null (builder, "created", created);
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_add_int_value (builder, self->rows->len);
  json_builder_set_member_name (builder, "worked");
  json_builder_add_int_value (builder, worked);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, self->rows->len - worked);
  json_builder_set_member_name (builder, "warnings");
  json_builder_add_int_value (builder, outbox_campaign_report_get_n_warnings (self));
  _outbox_json_add_string_or_null (builder, "text", summary);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rows->len; i++)
    row_to_json (builder, g_ptr_array_index (self->rows, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Appends @text escaped for HTML; NULL appends nothing. */
static void
append_text (GString    *out,
             const char *text)
{
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return;
  escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

static void
append_cell (GString    *out,
             const char *text)
{
  g_string_append (out, "<td>");
  append_text (out, text);
  g_string_append (out, "</td>");
}

static void
append_timings (GString *out,
                Row     *row)
{
  g_string_append (out, "<td class=\"small\">");
  for (OutboxSmtpStep step = OUTBOX_SMTP_STEP_RESOLVING; row->report && step < OUTBOX_SMTP_STEP_DONE; step++)
    {
      gint64 usec = outbox_test_report_get_step_duration (row->report, step);
      g_autofree char *line = NULL;

      if (usec < 0)
        continue;
      /* TRANSLATORS: one step's time in the readiness report: "Connecting: 0.012 s" */
      line = g_strdup_printf (_("%s: %.3f s"), outbox_smtp_step_get_label (step), usec / 1e6);
      append_text (out, line);
      g_string_append (out, "<br>");
    }
  g_string_append (out, "</td>");
}

static void
append_certificate (GString *out,
                    Row     *row)
{
  OutboxCertificateInfo *certificate = row->report ? outbox_test_report_get_certificate (row->report)
                                                   : NULL;

  g_string_append (out, "<td class=\"small\">");
  if (certificate && outbox_certificate_info_get_not_after (certificate))
    {
      g_autofree char *date = local_date (outbox_certificate_info_get_not_after (certificate));
      /* TRANSLATORS: in the readiness report; %s is a date in the user's format */
      g_autofree char *line = g_strdup_printf (_("expires %s"), date);

      append_text (out, line);
    }
  else
    /* TRANSLATORS: in the readiness report: the test saw no certificate */
    append_text (out, _("none seen"));
  g_string_append (out, "</td>");
}

static void
append_notices (GString *out,
                Row     *row)
{
  g_string_append (out, "<td class=\"small\">");
  if (row->domain)
    {
      g_autofree char *spf = outbox_domain_check_describe_spf (row->domain);
      g_autofree char *dmarc = outbox_domain_check_describe_dmarc (row->domain);

      append_text (out, outbox_domain_check_get_domain (row->domain));
      g_string_append (out, ": ");
      append_text (out, spf);
      g_string_append (out, ", ");
      append_text (out, dmarc);
      g_string_append (out, "<br>");
    }
  for (guint i = 0; i < row->notices->len; i++)
    {
      OutboxNotice *notice = g_ptr_array_index (row->notices, i);

      g_string_append_printf (out, "<p class=\"%s\"><b>",
                              outbox_notice_level_to_string (outbox_notice_get_level (notice)));
      append_text (out, outbox_notice_level_get_label (outbox_notice_get_level (notice)));
      g_string_append (out, ":</b> ");
      append_text (out, outbox_notice_get_message (notice));
      if (outbox_notice_get_detail (notice))
        {
          g_string_append (out, "<pre>");
          append_text (out, outbox_notice_get_detail (notice));
          g_string_append (out, "</pre>");
        }
      g_string_append (out, "</p>");
    }
  g_string_append (out, "</td>");
}

static const char style[] =
  "body{font-family:sans-serif;margin:2em;color:#222}"
  "table{border-collapse:collapse;width:100%}"
  "th,td{border:1px solid #999;padding:.4em;vertical-align:top;text-align:start}"
  "th{background:#eee}"
  ".small{font-size:.85em}"
  ".ok{color:#1a6b1a;font-weight:bold}"
  ".failed{color:#a00;font-weight:bold}"
  ".warning{color:#8a5a00}"
  ".strong-warning{color:#a00}"
  "pre{white-space:pre-wrap;font-size:.9em}"
  "@media print{body{margin:0}th{background:none}tr{break-inside:avoid}}";

char *
outbox_campaign_report_to_html (OutboxCampaignReport *self)
{
  GString *out;
  g_autofree char *summary = NULL;
  g_autofree char *created = NULL;

  g_return_val_if_fail (OUTBOX_IS_CAMPAIGN_REPORT (self), NULL);

  summary = outbox_campaign_report_format_summary (self);
  created = g_date_time_format (self->created, "%c");
  out = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  /* TRANSLATORS: the language code of this translation (el, lt, et, …), for the report page */
  append_text (out, C_("html lang", "en"));
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_text (out, _("Outbox readiness report"));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
  append_text (out, _("Outbox readiness report"));
  g_string_append (out, "</h1>\n<p>");
  append_text (out, created);
  g_string_append (out, "</p>\n<p class=\"summary\"><b>");
  append_text (out, summary);
  g_string_append (out, "</b></p>\n<table>\n<tr>");
  {
    /* TRANSLATORS: column headings of the readiness report */
    const char *headings[] = { _("Account"), _("Result"), _("Diagnosis"), _("Time per step"),
                               _("Size limit"), _("TLS"), _("Certificate"),
                               _("Warnings and sender domain") };

    for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
      {
        g_string_append (out, "<th>");
        append_text (out, headings[i]);
        g_string_append (out, "</th>");
      }
  }
  g_string_append (out, "</tr>\n");

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      g_autofree char *result = row_result (row);
      g_autofree char *size = NULL;
      const char *tls = row->report ? outbox_test_report_get_tls_protocol (row->report) : NULL;

      if (row->report && (outbox_test_report_get_capabilities (row->report) & OUTBOX_SMTP_CAPABILITY_SIZE))
        size = g_format_size (outbox_test_report_get_size_limit (row->report));

      g_string_append (out, "<tr><td><b>");
      append_text (out, outbox_account_get_name (row->account));
      g_string_append (out, "</b><br><span class=\"small\">");
      append_text (out, outbox_account_get_sender_address (row->account));
      g_string_append_printf (out, "</span></td><td class=\"%s\">",
                              row_worked (row) ? "ok" : "failed");
      append_text (out, result);
      g_string_append (out, "</td>");
      append_cell (out, row->diagnosis ? outbox_diagnosis_get_title (row->diagnosis) : NULL);
      append_timings (out, row);
      append_cell (out, size);
      append_cell (out, tls);
      append_certificate (out, row);
      append_notices (out, row);
      g_string_append (out, "</tr>\n");
    }

  g_string_append (out, "</table>\n<p class=\"summary\"><b>");
  append_text (out, summary);
  g_string_append (out, "</b></p>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

gboolean
outbox_campaign_report_write (OutboxCampaignReport  *self,
                              GFile                 *file,
                              GError               **error)
{
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (OUTBOX_IS_CAMPAIGN_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  lower = g_utf8_strdown (name ? name : "", -1);
  if (g_str_has_suffix (lower, ".json"))
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = outbox_campaign_report_to_json (self);

      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      data = json_generator_to_data (generator, NULL);
    }
  else if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
    data = outbox_campaign_report_to_html (self);
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A report file’s name ends in .json or .html."));
      return FALSE;
    }

  return g_file_replace_contents (file, data, strlen (data), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
