/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Save Report of OutboxTestResults: the readiness report of the accounts
 * tested, as HTML or JSON, from the results' data (not from the list's
 * rows, which exist only for the accounts on the screen). */

#define G_LOG_DOMAIN "outbox-test-results"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outbox-test-results-private.h"

static OutboxCampaignReport *
build_report (OutboxTestResults *self)
{
  OutboxCampaignReport *report = outbox_campaign_report_new ();

  for (guint i = 0; i < self->accounts->len; i++)
    {
      gpointer domain = g_ptr_array_index (self->domains, i);

      outbox_campaign_report_add (report, g_ptr_array_index (self->accounts, i),
                                  g_ptr_array_index (self->reports, i), NULL,
                                  g_ptr_array_index (self->notices, i),
                                  OUTBOX_IS_DOMAIN_CHECK (domain) ? domain : NULL);
    }
  return report;
}

static void
replaced_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
outbox_test_results_save_async (OutboxTestResults   *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(OutboxCampaignReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;
  char *text;

  g_return_if_fail (OUTBOX_IS_TEST_RESULTS (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_test_results_save_async);
  name = g_file_get_basename (file);
  lower = g_utf8_strdown (name ? name : "", -1);
  report = build_report (self);
  if (g_str_has_suffix (lower, ".json"))
    {
      g_autoptr(JsonNode) node = outbox_campaign_report_to_json (report);

      text = json_to_string (node, TRUE);
    }
  else if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm"))
    text = outbox_campaign_report_to_html (report);
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A report is saved as .html or .json"));
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  /* Written by GIO off the main loop; the task keeps the bytes alive. */
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify)g_bytes_unref);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, replaced_cb, g_steal_pointer (&task));
}

gboolean
outbox_test_results_save_finish (OutboxTestResults  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  OutboxTestResults *self = OUTBOX_TEST_RESULTS (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (outbox_test_results_save_finish (self, result, &error))
    title = g_strdup (_("Report saved"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      /* TRANSLATORS: %s says why, e.g. "Permission denied" */
      title = g_strdup_printf (_("The report was not saved: %s"), escaped);
    }
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_chooser_response (GtkNativeDialog   *chooser,
                     int                response,
                     OutboxTestResults *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *name = g_file_get_basename (file);

      /* A name typed without an extension gets the HTML page. */
      if (name != NULL && strchr (name, '.') == NULL)
        {
          g_autofree char *html = g_strconcat (name, ".html", NULL);
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autoptr(GFile) child = parent ? g_file_get_child (parent, html) : NULL;

          if (child != NULL)
            g_set_object (&file, child);
        }
      outbox_test_results_save_async (self, file, self->cancellable, saved_cb, NULL);
    }
  g_object_unref (chooser);
}

static GtkFileFilter *
filter_new (const char *name,
            const char *mime_type,
            const char *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  return filter;
}

/* Through the file chooser portal when there is one (GtkFileChooserNative). */
void
_outbox_test_results_save_clicked (OutboxTestResults *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) html = filter_new (_("Web page (HTML)"), "text/html", "*.html");
  g_autoptr(GtkFileFilter) json = filter_new (_("JSON"), "application/json", "*.json");

  chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), html);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  /* TRANSLATORS: the file name offered for the readiness report; keep .html */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("outbox-report.html"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
