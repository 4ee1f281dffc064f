/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestResults: the window that ends "Test All". It says in one line
 * how many accounts work and what is wrong with the others, then lists
 * every account with its result; activating a failed one asks the main
 * window to show that account. The row of buttons at the bottom leaves
 * room for more ways to use the results (saving a report). */

#define G_LOG_DOMAIN "outbox-test-results"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-test-results.h"
#include "outbox-test-status.h"

struct _OutboxTestResults
{
  AdwWindow   parent_instance;

  GPtrArray  *accounts;
  GPtrArray  *reports;
  char       *summary;

  GtkLabel   *summary_label;
  GtkListBox *results_list;
  GtkWidget  *button_box;
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

static GtkWidget *
result_row_new (OutboxAccount    *account,
                OutboxTestReport *report)
{
  gboolean success = outbox_test_report_get_success (report);
  OutboxTestState state = success ? OUTBOX_TEST_STATE_PASSED : OUTBOX_TEST_STATE_FAILED;
  g_autofree char *description = outbox_test_results_describe (report, account);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (outbox_test_state_get_icon_name (state));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), outbox_account_get_name (account));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
  gtk_widget_add_css_class (icon, success ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  success ? _("Worked") : _("Failed"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* A failed account is one click away from its settings. */
  if (!success)
    {
      GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), go);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show this account’s settings"));
    }
  g_object_set_data_full (G_OBJECT (row), "outbox-account", g_object_ref (account),
                          g_object_unref);
  return row;
}

static void
on_results_list_row_activated (OutboxTestResults *self,
                               GtkListBoxRow     *row)
{
  OutboxAccount *account = g_object_get_data (G_OBJECT (row), "outbox-account");

  g_signal_emit (self, signals[ACCOUNT_ACTIVATED], 0, account);
}

static void
on_close_clicked (OutboxTestResults *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
outbox_test_results_dispose (GObject *object)
{
  OutboxTestResults *self = OUTBOX_TEST_RESULTS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_TEST_RESULTS);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->reports, g_ptr_array_unref);

  G_OBJECT_CLASS (outbox_test_results_parent_class)->dispose (object);
}

static void
outbox_test_results_finalize (GObject *object)
{
  OutboxTestResults *self = OUTBOX_TEST_RESULTS (object);

  g_clear_pointer (&self->summary, g_free);

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
  gtk_widget_class_bind_template_callback (widget_class, on_results_list_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
outbox_test_results_init (OutboxTestResults *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * outbox_test_results_new:
 * @parent: (nullable): the main window
 * @accounts: (element-type OutboxAccount): the accounts tested
 * @reports: (element-type OutboxTestReport): their reports, in the same order
 */
OutboxTestResults *
outbox_test_results_new (GtkWindow *parent,
                         GPtrArray *accounts,
                         GPtrArray *reports)
{
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
  self->summary = outbox_test_results_summarize (accounts, reports);
  gtk_label_set_text (self->summary_label, self->summary);

  for (guint i = 0; i < accounts->len; i++)
    gtk_list_box_append (self->results_list,
                         result_row_new (g_ptr_array_index (accounts, i),
                                         g_ptr_array_index (reports, i)));

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
