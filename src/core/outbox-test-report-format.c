/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestReport as JSON (outboxctl test --json) and as text for a
 * terminal; both built only from the report's public getters. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-enums.h"
#include "outbox-test-report.h"
#include "outbox-util-private.h"

static const struct {
  OutboxSmtpCapabilities flag;
  const char *name;
} capability_names[] = {
  { OUTBOX_SMTP_CAPABILITY_STARTTLS, "STARTTLS" },
  { OUTBOX_SMTP_CAPABILITY_PIPELINING, "PIPELINING" },
  { OUTBOX_SMTP_CAPABILITY_8BITMIME, "8BITMIME" },
  { OUTBOX_SMTP_CAPABILITY_SMTPUTF8, "SMTPUTF8" },
  { OUTBOX_SMTP_CAPABILITY_ENHANCEDSTATUSCODES, "ENHANCEDSTATUSCODES" },
  { OUTBOX_SMTP_CAPABILITY_CHUNKING, "CHUNKING" },
};

/**
 * outbox_smtp_step_get_label:
 *
 * Returns: what happens in @step, translated, for a progress display
 */
const char *
outbox_smtp_step_get_label (OutboxSmtpStep step)
{
  switch (step)
    {
    case OUTBOX_SMTP_STEP_RESOLVING: return _("Looking up the server");
    case OUTBOX_SMTP_STEP_CONNECTING: return _("Connecting");
    case OUTBOX_SMTP_STEP_GREETING: return _("Waiting for the server to greet");
    case OUTBOX_SMTP_STEP_SECURING: return _("Securing the connection");
    case OUTBOX_SMTP_STEP_AUTHENTICATING: return _("Signing in");
    case OUTBOX_SMTP_STEP_SENDING: return _("Sending the test message");
    case OUTBOX_SMTP_STEP_DONE: return _("Done");
    default: g_return_val_if_reached (NULL);
    }
}

static const char *
error_code_nick (const GError *error)
{
  GEnumClass *klass;
  GEnumValue *value;
  const char *nick;

  if (error->domain != OUTBOX_SMTP_ERROR)
    return "other";
  klass = g_type_class_ref (OUTBOX_TYPE_SMTP_ERROR);
  value = g_enum_get_value (klass, error->code);
  /* Enum classes are never finalized, so the nick outlives the ref. */
  nick = value ? value->value_nick : "other";
  g_type_class_unref (klass);
  return nick;
}

static double
seconds (gint64 usec)
{
  /* Milliseconds are precise enough and keep the JSON readable. */
  return (double)(usec / 1000) / 1000.0;
}

static const char *
direction_name (OutboxTranscriptDirection direction)
{
  switch (direction)
    {
    case OUTBOX_TRANSCRIPT_SENT: return "sent";
    case OUTBOX_TRANSCRIPT_RECEIVED: return "received";
    case OUTBOX_TRANSCRIPT_NOTE:
    default: return "note";
    }
}

/**
 * outbox_test_report_to_json:
 * @with_transcript: whether to include every line sent and received
 *
 * Returns: (transfer full): the report as one JSON object, with stable
 *   member names and untranslated identifiers next to translated messages
 */
JsonNode *
outbox_test_report_to_json (OutboxTestReport *self,
                            gboolean          with_transcript)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const GError *error = outbox_test_report_get_error (self);
  OutboxSmtpCapabilities caps = outbox_test_report_get_capabilities (self);
  const char * const *mechanisms = outbox_test_report_get_auth_mechanisms (self);
  OutboxCertificateInfo *certificate = outbox_test_report_get_certificate (self);

  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, outbox_test_report_get_account_name (self));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, outbox_test_report_get_host (self));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, outbox_test_report_get_port (self));
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder,
                                 outbox_security_to_string (outbox_test_report_get_security (self)));
  json_builder_set_member_name (builder, "probe");
  json_builder_add_boolean_value (builder, outbox_test_report_get_probe (self));
  if (outbox_test_report_get_probe (self))
    _outbox_json_add_string_or_null (builder, "recipient", NULL);
  else
    _outbox_json_add_string_or_null (builder, "recipient", outbox_test_report_get_recipient (self));
  _outbox_json_add_string_or_null (builder, "greeting", outbox_test_report_get_greeting (self));

  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, outbox_test_report_get_success (self));
  _outbox_json_add_string_or_null (builder, "failed_step",
                      error ? outbox_smtp_step_to_string (outbox_test_report_get_failed_step (self))
                            : NULL);
  json_builder_set_member_name (builder, "error");
  if (error)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, error_code_nick (error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "reply");
  if (outbox_test_report_get_smtp_code (self) != 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_int_value (builder, outbox_test_report_get_smtp_code (self));
      _outbox_json_add_string_or_null (builder, "enhanced_code", outbox_test_report_get_enhanced_code (self));
      _outbox_json_add_string_or_null (builder, "text", outbox_test_report_get_server_text (self));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "capabilities");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "known");
  json_builder_add_boolean_value (builder, outbox_test_report_get_capabilities_known (self));
  json_builder_set_member_name (builder, "auth");
  json_builder_begin_array (builder);
  for (guint i = 0; mechanisms[i]; i++)
    json_builder_add_string_value (builder, mechanisms[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "size");
  if (caps & OUTBOX_SMTP_CAPABILITY_SIZE)
    json_builder_add_int_value (builder, (gint64)outbox_test_report_get_size_limit (self));
  else
    json_builder_add_null_value (builder);
  for (guint i = 0; i < G_N_ELEMENTS (capability_names); i++)
    {
      g_autofree char *key = g_ascii_strdown (capability_names[i].name, -1);
      json_builder_set_member_name (builder, key);
      json_builder_add_boolean_value (builder, (caps & capability_names[i].flag) != 0);
    }
  json_builder_end_object (builder);
  _outbox_json_add_string_or_null (builder, "auth_mechanism", outbox_test_report_get_auth_mechanism (self));

  json_builder_set_member_name (builder, "tls");
  if (outbox_test_report_get_tls_protocol (self))
    {
      json_builder_begin_object (builder);
      _outbox_json_add_string_or_null (builder, "protocol", outbox_test_report_get_tls_protocol (self));
      _outbox_json_add_string_or_null (builder, "cipher", outbox_test_report_get_tls_cipher (self));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "certificate");
  if (certificate)
    json_builder_add_value (builder, outbox_certificate_info_to_json (certificate));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "timings");
  json_builder_begin_object (builder);
  for (OutboxSmtpStep step = OUTBOX_SMTP_STEP_RESOLVING; step < OUTBOX_SMTP_STEP_DONE; step++)
    {
      gint64 usec = outbox_test_report_get_step_duration (self, step);
      if (usec < 0)
        continue;
      json_builder_set_member_name (builder, outbox_smtp_step_to_string (step));
      json_builder_add_double_value (builder, seconds (usec));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "elapsed");
  json_builder_add_double_value (builder, seconds (outbox_test_report_get_elapsed (self)));

  if (with_transcript)
    {
      GPtrArray *transcript = outbox_test_report_get_transcript (self);

      json_builder_set_member_name (builder, "transcript");
      json_builder_begin_array (builder);
      for (guint i = 0; i < transcript->len; i++)
        {
          const OutboxTranscriptLine *line = g_ptr_array_index (transcript, i);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "direction");
          json_builder_add_string_value (builder, direction_name (line->direction));
          json_builder_set_member_name (builder, "time");
          json_builder_add_double_value (builder, seconds (line->offset));
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, line->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
security_label (OutboxSecurity security)
{
  switch (security)
    {
    case OUTBOX_SECURITY_NONE: return _("no encryption");
    case OUTBOX_SECURITY_STARTTLS: return "STARTTLS";
    case OUTBOX_SECURITY_TLS:
    default: return "SSL/TLS";
    }
}

/* Every label append_field() is given: the values line up after the
 * widest of them in the reader's language. */
static const char * const field_labels[] = {
  N_("Server offers:"), N_("  Subject:"), N_("  Issuer:"), N_("  Valid:"), N_("  For:"),
  N_("  SHA-256:"), N_("  Problem:"), N_("Account:"), N_("Server:"), N_("Recipient:"),
  N_("Result:"), N_("Error:"), N_("Greeting:"), N_("Server said:"), N_("Signed in with:"),
  N_("Encryption:"),
};

/* Widths in columns, not bytes: "%-14s" padded a Greek label (two bytes a
 * letter) to half the width of an English one. */
static glong
field_label_width (void)
{
  glong width = 14;

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    width = MAX (width, _outbox_utf8_width (_(field_labels[i])));
  return width;
}

static void
append_field (GString    *out,
              const char *label,
              const char *value)
{
  _outbox_string_append_padded (out, label, field_label_width ());
  g_string_append_printf (out, " %s\n", value);
}

static glong
step_label_width (void)
{
  glong width = 34;

  for (OutboxSmtpStep step = OUTBOX_SMTP_STEP_RESOLVING; step < OUTBOX_SMTP_STEP_DONE; step++)
    width = MAX (width, _outbox_utf8_width (outbox_smtp_step_get_label (step)));
  return width + 2;
}

static void
append_capabilities (GString          *out,
                     OutboxTestReport *self)
{
  OutboxSmtpCapabilities caps = outbox_test_report_get_capabilities (self);
  const char * const *mechanisms = outbox_test_report_get_auth_mechanisms (self);
  g_autoptr(GString) list = g_string_new (NULL);

  if (!outbox_test_report_get_capabilities_known (self) && caps == 0)
    return;

  if (mechanisms[0])
    {
      g_autofree char *joined = g_strjoinv (" ", (char **)mechanisms);
      g_string_append_printf (list, "AUTH %s", joined);
    }
  if (caps & OUTBOX_SMTP_CAPABILITY_SIZE)
    {
      guint64 limit = outbox_test_report_get_size_limit (self);
      g_autofree char *size = g_format_size (limit);
      if (list->len)
        g_string_append (list, ", ");
      if (limit)
        g_string_append_printf (list, "SIZE %" G_GUINT64_FORMAT " (%s)", limit, size);
      else
        g_string_append (list, "SIZE");
    }
  for (guint i = 0; i < G_N_ELEMENTS (capability_names); i++)
    if (caps & capability_names[i].flag)
      {
        if (list->len)
          g_string_append (list, ", ");
        g_string_append (list, capability_names[i].name);
      }
  if (list->len == 0)
    g_string_append (list, _("no extensions"));
  append_field (out, _("Server offers:"), list->str);
}

static void
append_certificate (GString               *out,
                    OutboxCertificateInfo *certificate)
{
  g_auto(GStrv) problems = outbox_certificate_problems_to_strv (
      outbox_certificate_info_get_problems (certificate));
  g_autofree char *fingerprint = outbox_certificate_info_format_sha256 (certificate);
  g_autofree char *names = g_strjoinv (", ", (char **)outbox_certificate_info_get_host_names (certificate));
  GDateTime *not_before = outbox_certificate_info_get_not_before (certificate);
  GDateTime *not_after = outbox_certificate_info_get_not_after (certificate);
  g_autofree char *from = not_before ? g_date_time_format (not_before, "%F %T UTC") : g_strdup ("?");
  g_autofree char *until = not_after ? g_date_time_format (not_after, "%F %T UTC") : g_strdup ("?");
  g_autofree char *validity = NULL;

  g_string_append_printf (out, "%s\n", _("Certificate:"));
  append_field (out, _("  Subject:"), outbox_certificate_info_get_subject (certificate));
  append_field (out, _("  Issuer:"), outbox_certificate_info_get_issuer (certificate));
  /* TRANSLATORS: the validity period of a certificate, "from … until …" */
  validity = g_strdup_printf (_("%s until %s"), from, until);
  append_field (out, _("  Valid:"), validity);
  append_field (out, _("  For:"), names);
  append_field (out, _("  SHA-256:"), fingerprint);
  for (guint i = 0; problems[i]; i++)
    append_field (out, i == 0 ? _("  Problem:") : "", problems[i]);
  if (outbox_certificate_info_get_pinned (certificate))
    append_field (out, "", _("Accepted because the account trusts this certificate."));
}

/**
 * outbox_test_report_format_transcript:
 *
 * Returns: (transfer full): the transcript, one line each, with the time in
 *   seconds and "C:" for the client, "S:" for the server, "*" for notes
 */
char *
outbox_test_report_format_transcript (OutboxTestReport *self)
{
  GPtrArray *transcript = outbox_test_report_get_transcript (self);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < transcript->len; i++)
    {
      const OutboxTranscriptLine *line = g_ptr_array_index (transcript, i);
      const char *mark = line->direction == OUTBOX_TRANSCRIPT_SENT ? "C:"
                       : line->direction == OUTBOX_TRANSCRIPT_RECEIVED ? "S:" : "* ";
      g_string_append_printf (out, "%7.3f %s %s\n", seconds (line->offset), mark, line->text);
    }
  return g_string_free (out, FALSE);
}

/**
 * outbox_test_report_format:
 * @with_transcript: whether to append the transcript
 *
 * Returns: (transfer full): the report as translated text for a terminal
 */
char *
outbox_test_report_format (OutboxTestReport *self,
                           gboolean          with_transcript)
{
  GString *out;
  const GError *error;
  g_autofree char *where = NULL;
  g_autofree char *elapsed = NULL;

  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (self), NULL);

  out = g_string_new (NULL);
  error = outbox_test_report_get_error (self);

  /* TRANSLATORS: host, port and connection security, like "smtp.example.com:587, STARTTLS" */
  where = g_strdup_printf (_("%s port %u, %s"), outbox_test_report_get_host (self),
                           outbox_test_report_get_port (self),
                           security_label (outbox_test_report_get_security (self)));
  if (!outbox_test_report_get_probe (self))
    append_field (out, _("Account:"), outbox_test_report_get_account_name (self));
  append_field (out, _("Server:"), where);
  if (!outbox_test_report_get_probe (self))
    append_field (out, _("Recipient:"), outbox_test_report_get_recipient (self));

  elapsed = g_strdup_printf (_("%.1f s"), seconds (outbox_test_report_get_elapsed (self)));
  if (error == NULL)
    {
      g_autofree char *result =
        outbox_test_report_get_probe (self)
          ? g_strdup_printf (_("The server answered; nothing was signed in or sent (%s)."),
                             elapsed)
          : g_strdup_printf (_("The test message was sent (%s)."), elapsed);
      append_field (out, _("Result:"), result);
    }
  else
    {
      g_autofree char *result =
        /* TRANSLATORS: %s is a step, like "Signing in"; the second the time taken */
        g_strdup_printf (_("Failed while: %s (%s)"),
                         outbox_smtp_step_get_label (outbox_test_report_get_failed_step (self)),
                         elapsed);
      append_field (out, _("Result:"), result);
      append_field (out, _("Error:"), error->message);
    }

  if (outbox_test_report_get_greeting (self))
    {
      g_autofree char *greeting = g_strdup (outbox_test_report_get_greeting (self));
      g_strdelimit (greeting, "\n", ' ');
      append_field (out, _("Greeting:"), greeting);
    }

  if (outbox_test_report_get_smtp_code (self))
    {
      g_autofree char *reply = NULL;
      const char *enhanced = outbox_test_report_get_enhanced_code (self);
      const char *text = outbox_test_report_get_server_text (self);

      reply = g_strdup_printf ("%u%s%s %s", outbox_test_report_get_smtp_code (self),
                               enhanced ? " " : "", enhanced ? enhanced : "", text ? text : "");
      g_strdelimit (reply, "\n", ' ');
      append_field (out, _("Server said:"), reply);
    }

  append_capabilities (out, self);
  if (outbox_test_report_get_auth_mechanism (self))
    append_field (out, _("Signed in with:"), outbox_test_report_get_auth_mechanism (self));

  if (outbox_test_report_get_tls_protocol (self))
    {
      g_autofree char *tls = g_strdup_printf ("%s, %s", outbox_test_report_get_tls_protocol (self),
                                              outbox_test_report_get_tls_cipher (self)
                                                ? outbox_test_report_get_tls_cipher (self) : "?");
      append_field (out, _("Encryption:"), tls);
    }

  if (outbox_test_report_get_certificate (self))
    append_certificate (out, outbox_test_report_get_certificate (self));

  g_string_append_printf (out, "%s\n", _("Steps:"));
  for (OutboxSmtpStep step = OUTBOX_SMTP_STEP_RESOLVING; step < OUTBOX_SMTP_STEP_DONE; step++)
    {
      gint64 usec = outbox_test_report_get_step_duration (self, step);
      g_autofree char *label = NULL;
      g_autofree char *time = NULL;

      if (usec < 0)
        continue;
      label = g_strdup_printf ("  %s", outbox_smtp_step_get_label (step));
      time = g_strdup_printf (_("%.3f s"), seconds (usec));
      _outbox_string_append_padded (out, label, step_label_width ());
      g_string_append_printf (out, " %s\n", time);
    }

  if (with_transcript)
    {
      g_autofree char *transcript = outbox_test_report_format_transcript (self);
      g_string_append_printf (out, "%s\n%s", _("Transcript:"), transcript);
    }

  return g_string_free (out, FALSE);
}
