/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestResults: the window that ends "Test All". It says in one line
 * how many accounts work and what is wrong with the others, then lists
 * every account with its result; activating a failed one asks the main
 * window to show that account. The row of buttons at the bottom leaves
 * room for more ways to use the results (saving a report).
 *
 * The list is lazy: a GtkGridView of one column over OutboxTestResultItems,
 * the direct child (through AdwClampScrollable) of its scrolled window, so
 * only the rows on and near the screen are made and laid out (about 30; a
 * GtkListView of GTK 4.8 keeps 200). A GtkListBox of fifty accounts and a
 * hundred wrapped notices held the main loop for seconds as the window
 * opened (bench/README.md, section 4). */

#define G_LOG_DOMAIN "outbox-test-results"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outbox-notice-view.h"
#include "outbox-test-result-item.h"
#include "outbox-test-result-row.h"
#include "outbox-test-results.h"

struct _OutboxTestResults
{
  AdwWindow   parent_instance;

  GPtrArray  *accounts;
  GPtrArray  *reports;
  GPtrArray  *notices;      /* per account: (element-type OutboxNotice) */
  GPtrArray  *domains;      /* per account: OutboxDomainCheck, or the window for none */
  GListStore *items;        /* (element-type OutboxTestResultItem), one per account */
  GCancellable *cancellable;
  char       *summary;

  AdwToastOverlay *toast_overlay;

  GtkLabel   *summary_label;
  GtkGridView *results_list;
  GtkWidget  *button_box;
  GtkWidget  *save_button;
};

enum {
  ACCOUNT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxTestResults, outbox_test_results, ADW_TYPE_WINDOW)

static char *
failure_title (OutboxTestReport *report,
               OutboxAccount    *account)
{
  g_autoptr(OutboxDiagnosis) diagnosis = outbox_test_report_diagnose (report, account);
  const GError *error = outbox_test_report_get_error (report);

  if (diagnosis != NULL)
    return g_strdup (outbox_diagnosis_get_title (diagnosis));
  return g_strdup (error ? error->message : _("The test failed"));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, outbox_test_result_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  OutboxTestResultItem *item = gtk_list_item_get_item (list_item);

  /* Only a failed account leads somewhere (Enter or a click). */
  gtk_list_item_set_activatable (list_item, !outbox_test_result_item_get_success (item));
  outbox_test_result_row_set_item (OUTBOX_TEST_RESULT_ROW (gtk_list_item_get_child (list_item)),
                                   item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  outbox_test_result_row_set_item (OUTBOX_TEST_RESULT_ROW (gtk_list_item_get_child (list_item)),
                                   NULL);
}

static void
domain_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OutboxTestResults) self = user_data;
  OutboxDomainCheck *check = OUTBOX_DOMAIN_CHECK (object);
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new ();
  g_autoptr(OutboxTestResultItem) item = NULL;
  guint i;

  if (!outbox_domain_check_run_finish (check, result, NULL) || self->domains == NULL)
    return;

  /* Warnings only: a look-up that failed says nothing about the domain.
   * Said once, under the first account of the domain (one check each
   * domain; the notices name it): fifty accounts of one domain would
   * otherwise repeat the same paragraphs fifty times, and laying them all
   * out held the main loop for seconds (bench/README.md, section 4). */
  if (!g_ptr_array_find (self->domains, check, &i))
    return;
  notices = outbox_domain_check_get_notices (check);
  for (guint n = 0; n < notices->len; n++)
    if (outbox_notice_get_level (g_ptr_array_index (notices, n)) != OUTBOX_NOTICE_INFO)
      g_ptr_array_add (warnings, g_ptr_array_index (notices, n));
  /* The row shows them if it is on the screen, else when it comes. */
  item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
  if (item != NULL)
    outbox_test_result_item_add_notices (item, warnings);
}

static void
on_results_list_activate (OutboxTestResults *self,
                          guint              position)
{
  g_autoptr(OutboxTestResultItem) item = g_list_model_get_item (G_LIST_MODEL (self->items),
                                                                position);

  if (item != NULL && !outbox_test_result_item_get_success (item))
    g_signal_emit (self, signals[ACCOUNT_ACTIVATED], 0,
                   outbox_test_result_item_get_account (item));
}

static void
on_close_clicked (OutboxTestResults *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

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
static void
on_save_clicked (OutboxTestResults *self)
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

static void
outbox_test_results_dispose (GObject *object)
{
  OutboxTestResults *self = OUTBOX_TEST_RESULTS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->results_list != NULL)
    gtk_grid_view_set_model (self->results_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_TEST_RESULTS);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->notices, g_ptr_array_unref);
  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (outbox_test_results_parent_class)->dispose (object);
}

static void
outbox_test_results_finalize (GObject *object)
{
  OutboxTestResults *self = OUTBOX_TEST_RESULTS (object);

  g_clear_pointer (&self->summary, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (outbox_test_results_parent_class)->finalize (object);
}

static void
outbox_test_results_class_init (OutboxTestResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_test_results_dispose;
  object_class->finalize = outbox_test_results_finalize;

  /**
   * OutboxTestResults::account-activated:
   * @account: a failed account the user wants to fix
   */
  signals[ACCOUNT_ACTIVATED] =
    g_signal_new ("account-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OUTBOX_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-results.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResults, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResults, results_list);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResults, button_box);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResults, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResults, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_results_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
outbox_test_results_init (OutboxTestResults *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->cancellable = g_cancellable_new ();
  self->notices = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  self->domains = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = g_list_store_new (OUTBOX_TYPE_TEST_RESULT_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_grid_view_set_factory (self->results_list, factory);
}

/**
 * outbox_test_results_new:
 * @parent: (nullable): the main window
 * @accounts: (element-type OutboxAccount): the accounts tested
 * @reports: (element-type OutboxTestReport): their reports, in the same order
 * @journal: (nullable): where the certificate notices of the accounts are
 *
 * Shows the certificate notices from @journal under each account, and
 * looks up the sender domains (SPF, DMARC) through the default resolver,
 * showing what they lack as it comes.
 */
OutboxTestResults *
outbox_test_results_new (GtkWindow     *parent,
                         GPtrArray     *accounts,
                         GPtrArray     *reports,
                         OutboxJournal *journal)
{
  g_autofree char *summary = NULL;
  g_autoptr(GHashTable) by_domain = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkNoSelection) selection = NULL;
  OutboxTestResults *self;
  int width = 480;

  g_return_val_if_fail (accounts != NULL && reports != NULL, NULL);
  g_return_val_if_fail (accounts->len == reports->len, NULL);

  self = g_object_new (OUTBOX_TYPE_TEST_RESULTS,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->accounts = g_ptr_array_ref (accounts);
  self->reports = g_ptr_array_ref (reports);

  for (guint i = 0; i < accounts->len; i++)
    {
      OutboxAccount *account = g_ptr_array_index (accounts, i);
      OutboxDomainCheck *check;
      OutboxDomainCheck *shared;
      OutboxTestResultItem *item;
      GPtrArray *notices;

      item = outbox_test_result_item_new (account, g_ptr_array_index (reports, i));
      g_ptr_array_add (items, item);
      notices = journal ? outbox_journal_get_notices (journal, outbox_account_get_id (account),
                                                      NULL)
                        : g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->notices, notices);
      outbox_test_result_item_add_notices (item, notices);

      check = outbox_domain_check_new (outbox_account_get_sender_address (account));
      shared = check ? g_hash_table_lookup (by_domain, outbox_domain_check_get_domain (check)) : NULL;
      if (shared != NULL)
        {
          /* Looked up once a domain. */
          g_object_unref (check);
          check = g_object_ref (shared);
        }
      else if (check != NULL)
        {
          g_hash_table_insert (by_domain, (gpointer)outbox_domain_check_get_domain (check), check);
          outbox_domain_check_run_async (check, NULL, self->cancellable, domain_checked_cb,
                                         g_object_ref (self));
        }
      g_ptr_array_add (self->domains, check ? G_OBJECT (check) : g_object_ref (G_OBJECT (self)));
    }
  /* One items-changed: the list makes the rows for the screen, no more. */
  g_list_store_splice (self->items, 0, 0, items->pdata, items->len);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_grid_view_set_model (self->results_list, GTK_SELECTION_MODEL (selection));
  summary = outbox_test_results_summarize (accounts, reports);
  self->summary = outbox_notice_view_summarize (summary, self->notices);
  gtk_label_set_text (self->summary_label, self->summary);

  /* On a phone the results take the whole width of the main window. */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    width = MIN (width, gtk_widget_get_width (GTK_WIDGET (parent)));
  gtk_window_set_default_size (GTK_WINDOW (self), width, 520);
  return self;
}

const char *
outbox_test_results_get_summary (OutboxTestResults *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULTS (self), NULL);

  return self->summary;
}

/**
 * outbox_test_results_get_button_box:
 *
 * Returns: (transfer none): the row of buttons under the list, for actions
 *   on the results
 */
GtkWidget *
outbox_test_results_get_button_box (OutboxTestResults *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULTS (self), NULL);

  return self->button_box;
}

/**
 * outbox_test_results_summarize:
 *
 * Returns: one line such as “7 of 8 accounts work; Invoices: Wrong username
 *   or password”, naming every account that failed with its diagnosis
 */
char *
outbox_test_results_summarize (GPtrArray *accounts,
                               GPtrArray *reports)
{
  g_autofree char *summary = NULL;
  guint working = 0;

  g_return_val_if_fail (accounts != NULL && reports != NULL, NULL);
  g_return_val_if_fail (accounts->len == reports->len, NULL);

  for (guint i = 0; i < reports->len; i++)
    working += outbox_test_report_get_success (g_ptr_array_index (reports, i)) ? 1 : 0;

  if (working == reports->len && reports->len == 1)
    return g_strdup (_("The account works"));
  if (working == reports->len)
    return g_strdup_printf (ngettext ("All %u account works", "All %u accounts work",
                                      reports->len),
                            reports->len);

  /* TRANSLATORS: the start of the summary of "Test All": how many of all
   * the accounts work; the accounts that failed follow */
  summary = g_strdup_printf (ngettext ("%u of %u account works", "%u of %u accounts work",
                                       reports->len),
                             working, reports->len);
  for (guint i = 0; i < reports->len; i++)
    {
      OutboxTestReport *report = g_ptr_array_index (reports, i);
      OutboxAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *title = NULL;
      char *longer;

      if (outbox_test_report_get_success (report))
        continue;
      title = failure_title (report, account);
      /* TRANSLATORS: the summary of "Test All" so far, then an account that
       * failed (its name) and why, e.g. "7 of 8 accounts work; Invoices:
       * Wrong username or password" */
      longer = g_strdup_printf (_("%s; %s: %s"), summary, outbox_account_get_name (account),
                                title);
      g_free (summary);
      summary = longer;
    }
  return g_steal_pointer (&summary);
}

/**
 * outbox_test_results_describe:
 *
 * Returns: the outcome in a few words, for a tooltip or a list:
 *   “Worked” or “Failed: ” and the diagnosis
 */
char *
outbox_test_results_describe (OutboxTestReport *report,
                             OutboxAccount    *account)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (report), NULL);

  if (outbox_test_report_get_success (report))
    return g_strdup (_("Worked"));
  title = failure_title (report, account);
  /* TRANSLATORS: %s says what went wrong, e.g. "Wrong username or password" */
  return g_strdup_printf (_("Failed: %s"), title);
}
