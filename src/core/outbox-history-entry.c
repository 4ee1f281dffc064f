/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxHistoryEntry: one remembered test, its JSON form in the state file
 * and the words that show it. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-enums.h"
#include "outbox-history-entry.h"
#include "outbox-util-private.h"

G_DEFINE_BOXED_TYPE (OutboxHistoryEntry, outbox_history_entry,
                     outbox_history_entry_copy, outbox_history_entry_free)

/* Longer text in a hand-edited file is cut; identifiers longer than this
 * are not identifiers. */
#define MAX_SUMMARY_CHARS 300
#define MAX_ID_BYTES      64

static const char *
error_nick (const GError *error)
{
  GEnumClass *klass;
  GEnumValue *value;

  if (error == NULL)
    return NULL;
  if (error->domain != OUTBOX_SMTP_ERROR)
    return "other";
  klass = g_type_class_ref (OUTBOX_TYPE_SMTP_ERROR);
  value = g_enum_get_value (klass, error->code);
  g_type_class_unref (klass);
  return value ? value->value_nick : "other";
}

/**
 * outbox_history_entry_new_from_report:
 * @time: (nullable): when the test ended; NULL means now
 *
 * Returns: (transfer full): what the journal keeps of @report: no server
 *   text, no transcript, nothing the user typed but the account's id
 */
OutboxHistoryEntry *
outbox_history_entry_new_from_report (OutboxTestReport *report,
                                      OutboxAccount    *account,
                                      GDateTime        *time)
{
  OutboxHistoryEntry *self = g_new0 (OutboxHistoryEntry, 1);
  const GError *error = outbox_test_report_get_error (report);

  self->time = time ? g_date_time_to_utc (time) : g_date_time_new_now_utc ();
  self->success = outbox_test_report_get_success (report);
  self->failed_step = self->success ? OUTBOX_SMTP_STEP_DONE
                                    : outbox_test_report_get_failed_step (report);
  self->error_code = g_strdup (error_nick (error));
  if (!self->success)
    {
      g_autoptr(OutboxDiagnosis) diagnosis = outbox_test_report_diagnose (report, account);

      if (diagnosis)
        {
          self->diagnosis = g_strdup (outbox_diagnosis_get_id (diagnosis));
          self->summary = _outbox_text_for_message (outbox_diagnosis_get_title (diagnosis),
                                                    MAX_SUMMARY_CHARS);
        }
      else if (error)
        self->summary = _outbox_text_for_message (error->message, MAX_SUMMARY_CHARS);
    }
  self->elapsed = outbox_test_report_get_elapsed (report);
  if (outbox_test_report_get_capabilities (report) & OUTBOX_SMTP_CAPABILITY_SIZE)
    self->size_limit = outbox_test_report_get_size_limit (report);
  self->tls_protocol = g_strdup (outbox_test_report_get_tls_protocol (report));
  return self;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A short identifier of letters, digits, '-', '.' and spaces, or NULL. */
static char *
member_id (JsonObject *object,
           const char *name)
{
  const char *text = member_string (object, name);

  if (text == NULL || strlen (text) > MAX_ID_BYTES)
    return NULL;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != ' ' && *p != '_')
      return NULL;
  return g_strdup (text);
}

static gboolean
member_number (JsonObject *object,
               const char *name,
               double     *value)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return *value >= 0 && *value < 1e15;
}

OutboxHistoryEntry *
outbox_history_entry_new_from_json (JsonNode *node)
{
  g_autoptr(OutboxHistoryEntry) self = g_new0 (OutboxHistoryEntry, 1);
  JsonObject *object;
  JsonNode *success;
  const char *text;
  double number;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  text = member_string (object, "time");
  if (text == NULL || strlen (text) > 64 ||
      (self->time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return NULL;
  success = json_object_get_member (object, "success");
  if (success == NULL || !JSON_NODE_HOLDS_VALUE (success) ||
      json_node_get_value_type (success) != G_TYPE_BOOLEAN)
    return NULL;
  self->success = json_node_get_boolean (success);

  self->failed_step = OUTBOX_SMTP_STEP_DONE;
  text = member_string (object, "failed_step");
  for (OutboxSmtpStep step = OUTBOX_SMTP_STEP_RESOLVING; text && step < OUTBOX_SMTP_STEP_DONE; step++)
    if (g_str_equal (text, outbox_smtp_step_to_string (step)))
      self->failed_step = step;
  if (self->success)
    self->failed_step = OUTBOX_SMTP_STEP_DONE;

  self->error_code = member_id (object, "error");
  self->diagnosis = member_id (object, "diagnosis");
  self->tls_protocol = member_id (object, "tls");
  if ((text = member_string (object, "summary")))
    self->summary = _outbox_text_for_message (text, MAX_SUMMARY_CHARS);
  if (member_number (object, "elapsed", &number))
    self->elapsed = (gint64)(number * G_USEC_PER_SEC);
  if (member_number (object, "size_limit", &number))
    self->size_limit = (guint64)number;

  return g_steal_pointer (&self);
}

OutboxHistoryEntry *
outbox_history_entry_copy (const OutboxHistoryEntry *self)
{
  OutboxHistoryEntry *copy = g_new0 (OutboxHistoryEntry, 1);

  *copy = *self;
  copy->time = self->time ? g_date_time_ref (self->time) : NULL;
  copy->error_code = g_strdup (self->error_code);
  copy->diagnosis = g_strdup (self->diagnosis);
  copy->summary = g_strdup (self->summary);
  copy->tls_protocol = g_strdup (self->tls_protocol);
  return copy;
}

void
outbox_history_entry_free (OutboxHistoryEntry *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->error_code);
  g_free (self->diagnosis);
  g_free (self->summary);
  g_free (self->tls_protocol);
  g_free (self);
}

/**
 * outbox_history_entry_to_json:
 *
 * Returns: (transfer full): {time (ISO 8601), success, failed_step, error,
 *   diagnosis, summary, elapsed (seconds), size_limit, tls}
 */
JsonNode *
outbox_history_entry_to_json (const OutboxHistoryEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *time = g_date_time_format_iso8601 (self->time);

  json_builder_begin_object (builder);
  _outbox_json_add_string_or_null (builder, "time", time);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, self->success);
  _outbox_json_add_string_or_null (builder, "failed_step",
                      self->success ? NULL : outbox_smtp_step_to_string (self->failed_step));
  _outbox_json_add_string_or_null (builder, "error", self->error_code);
  _outbox_json_add_string_or_null (builder, "diagnosis", self->diagnosis);
  _outbox_json_add_string_or_null (builder, "summary", self->summary);
  json_builder_set_member_name (builder, "elapsed");
  json_builder_add_double_value (builder, (double)(self->elapsed / 1000) / 1000.0);
  json_builder_set_member_name (builder, "size_limit");
  if (self->size_limit > 0)
    json_builder_add_int_value (builder, (gint64)self->size_limit);
  else
    json_builder_add_null_value (builder);
  _outbox_json_add_string_or_null (builder, "tls", self->tls_protocol);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
outbox_history_entry_format_result (const OutboxHistoryEntry *self)
{
  g_autofree char *step = NULL;

  if (self->success)
    /* TRANSLATORS: the result of a remembered test; %.1f is seconds */
    return g_strdup_printf (_("worked in %.1f s"), self->elapsed / 1e6);

  step = g_utf8_strdown (outbox_smtp_step_get_label (self->failed_step), -1);
  if (self->summary)
    /* TRANSLATORS: the result of a remembered test: the step, then what went wrong */
    return g_strdup_printf (_("failed while %s: %s"), step, self->summary);
  /* TRANSLATORS: the result of a remembered test: the step */
  return g_strdup_printf (_("failed while %s"), step);
}

char *
outbox_format_relative_time (GDateTime *time,
                             GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, time);
  gint64 n;

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      n = span / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                           (gulong)n), (int)n);
    }
  if (span < G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                           (gulong)n), (int)n);
    }
  if (span < 31 * G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_DAY;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                           (gulong)n), (int)n);
    }
  {
    g_autoptr(GDateTime) local = g_date_time_to_local (time);

    return g_date_time_format (local, "%x");
  }
}
