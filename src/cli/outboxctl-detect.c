/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl detect: the SMTP settings for an address, from the presets,
 * DNS or the servers themselves, and where they came from. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>

#include "outboxctl-commands.h"
#include "outboxctl-common.h"
#include "outboxctl-json.h"

typedef struct
{
  OutboxAutodetectResult *result;
  GError                 *error;
  gboolean                done;
} Detect;

static void
detect_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Detect *detect = user_data;

  detect->result = outbox_autodetect_run_finish (OUTBOX_AUTODETECT (object), result,
                                                 &detect->error);
  detect->done = TRUE;
}

/* The labels of print_row(): the values line up after the widest in the
 * reader's language, counted in columns (not bytes, as "%-10s" did). */
static const char * const row_labels[] = {
  N_("Provider:"), N_("Mail host:"), N_("Server:"), N_("Or:"), N_("Username:"),
  N_("Sign-in:"), N_("Size limit:"), N_("Note:"), N_("Warning:"),
};

static void
print_row (const char *label,
           const char *value)
{
  g_autoptr(GString) line = g_string_new ("  ");
  glong width = 10;

  for (guint i = 0; i < G_N_ELEMENTS (row_labels); i++)
    width = MAX (width, _outbox_utf8_width (_(row_labels[i])));
  _outbox_string_append_padded (line, label, width);
  g_print ("%s %s\n", line->str, value);
}

static void
print_result (OutboxAutodetectResult *result)
{
  OutboxProvider *provider = outbox_autodetect_result_get_provider (result);
  OutboxTestReport *report = outbox_autodetect_result_get_probe_report (result);
  const char * const *warnings = outbox_autodetect_result_get_warnings (result);
  g_autofree char *username = outbox_autodetect_result_get_username (result);
  g_auto(GStrv) notes = outbox_autodetect_result_get_notes (result);

  /* TRANSLATORS: %s is an address, then where the settings came from */
  g_print (_("Settings for %s, found in %s:\n"), outbox_autodetect_result_get_address (result),
           outbox_autodetect_source_get_label (outbox_autodetect_result_get_source (result)));
  if (provider)
    print_row (_("Provider:"), outbox_provider_get_name (provider));
  if (outbox_autodetect_result_get_mx_host (result))
    print_row (_("Mail host:"), outbox_autodetect_result_get_mx_host (result));

  for (guint i = 0; i < outbox_autodetect_result_get_n_servers (result); i++)
    {
      const OutboxServer *server = outbox_autodetect_result_get_server (result, i);
      /* TRANSLATORS: a server, its port and its security, e.g. "smtp.example.com, port 465, SSL/TLS" */
      g_autofree char *text = g_strdup_printf (_("%s, port %u, %s"), server->host, server->port,
                                               outboxctl_security_label (server->security));

      /* TRANSLATORS: "Server:" is the one to use, "Or:" the alternatives */
      print_row (i == 0 ? _("Server:") : _("Or:"), text);
    }
  if (username)
    print_row (_("Username:"), username);

  if (report)
    {
      const char * const *mechanisms = outbox_test_report_get_auth_mechanisms (report);
      guint64 size = outbox_test_report_get_size_limit (report);

      if (mechanisms && mechanisms[0])
        {
          g_autofree char *list = g_strjoinv (" ", (char **)mechanisms);
          print_row (_("Sign-in:"), list);
        }
      if (size > 0)
        {
          g_autofree char *text = g_format_size (size);
          print_row (_("Size limit:"), text);
        }
    }

  for (guint i = 0; notes[i]; i++)
    print_row (_("Note:"), notes[i]);
  for (guint i = 0; warnings[i]; i++)
    print_row (_("Warning:"), warnings[i]);
}

int
outboxctl_cmd_detect (int    argc,
                      char **argv)
{
  static const OutboxctlCommandInfo info = {
    "detect", N_("ADDRESS"),
    N_("Finds the outgoing server settings for an email address: first in Outbox’s list of "
       "known providers, then in the domain’s SRV and MX records, and last by asking "
       "smtp.DOMAIN and mail.DOMAIN on ports 465, 587 and 25. Prints where the answer came "
       "from. Sends no password and no mail."),
    N_("Exit status 1 means nothing was found."),
  };
  gboolean json = FALSE;
  gboolean offline = FALSE;
  int probe_timeout = OUTBOX_AUTODETECT_DEFAULT_PROBE_TIMEOUT_MS / 1000;
  g_autofree char *ca_file = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Look only in the list of known providers; use no network"), NULL },
    { "probe-timeout", 0, 0, G_OPTION_ARG_INT, &probe_timeout,
      N_("Seconds to wait for the servers when asking them (default 8)"), N_("SECONDS") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities in FILE (PEM) instead of the system’s"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(OutboxAutodetect) autodetect = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  int status = OUTBOXCTL_EXIT_OK;
  Detect detect = { 0 };

  if (!outboxctl_parse_options (&info, entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return outboxctl_usage_error (info.name, "%s",
                                  argc < 2 ? _("Give the address to find settings for.")
                                           : _("Give only one address."));
  if (probe_timeout < 1 || probe_timeout > OUTBOX_ACCOUNT_MAX_TIMEOUT)
    return outboxctl_usage_error (info.name, _("--probe-timeout takes 1 to %d seconds."),
                                  OUTBOX_ACCOUNT_MAX_TIMEOUT);
  if (ca_file)
    {
      g_autoptr(GError) error = NULL;

      if (!(database = g_tls_file_database_new (ca_file, &error)))
        return outboxctl_usage_error (info.name, _("The certificate authorities in %s cannot "
                                                   "be read: %s"), ca_file, error->message);
    }

  autodetect = outbox_autodetect_new ();
  outbox_autodetect_set_use_network (autodetect, !offline);
  outbox_autodetect_set_probe_timeout (autodetect, (guint)probe_timeout * 1000);
  outbox_autodetect_set_tls_database (autodetect, database);
  outbox_autodetect_run_async (autodetect, argv[1], NULL, detect_cb, &detect);
  while (!detect.done)
    g_main_context_iteration (NULL, TRUE);

  if (detect.result == NULL)
    {
      g_autoptr(GError) error = g_steal_pointer (&detect.error);

      if (g_error_matches (error, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_INVALID_ADDRESS))
        return outboxctl_usage_error (info.name, "%s", error->message);
      return outboxctl_failure (info.name, "%s", error->message);
    }

  if (json)
    {
      g_autoptr(JsonNode) node = outbox_autodetect_result_to_json (detect.result);
      g_autofree char *text = outboxctl_json_to_text (node);

      outboxctl_print_raw (text);
    }
  else
    print_result (detect.result);
  g_clear_object (&detect.result);
  return OUTBOXCTL_EXIT_OK;
}
