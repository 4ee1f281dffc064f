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
 * opened (bench/README.md, section 4). Even thirty rows take longer than a
 * frame to make and lay out, so the list gets its items a few a frame, as
 * do the rows the notices of the sender domains as their checks answer. */

#define G_LOG_DOMAIN "outbox-test-results"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-notice-view.h"
#include "outbox-test-result-item.h"
#include "outbox-test-result-row.h"
#include "outbox-test-results-private.h"

enum {
  ACCOUNT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxTestResults, outbox_test_results, ADW_TYPE_WINDOW)

/* The domain notices for the item at @index. */
typedef struct
{
  guint      index;
  GPtrArray *notices;
} PendingNotices;

/* What a frame may spend making rows and notices before GTK lays them out
 * (about as long again): a frame is 16.7 ms. */
#define FEED_BUDGET_US 4000
/* At most this many new rows a frame, and notices for this many rows on
 * the screen: laying out a row takes about as long as making it, a notice
 * longer. */
#define FEED_ROWS      2
#define FEED_NOTICED   1
/* Past this many items, the rest go in at once: the list makes rows for
 * about thirty, whatever the number of items. */
#define FEED_FEW       40

static void
pending_notices_free (gpointer data)
{
  PendingNotices *pending = data;

  g_ptr_array_unref (pending->notices);
  g_free (pending);
}

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

/* Gives the list its next items, then the rows their notices, until the
 * frame's budget is spent; the row bound to an item makes its widgets at
 * once, and GTK lays them out in this frame. */
static gboolean
feed_tick (GtkWidget     *widget,
           GdkFrameClock *frame_clock,
           gpointer       user_data)
{
  OutboxTestResults *self = OUTBOX_TEST_RESULTS (widget);
  gint64 deadline = g_get_monotonic_time () + FEED_BUDGET_US;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint rows = 0;
  guint noticed = 0;

  /* The window's first frame is its frame alone. */
  if (!self->fed)
    {
      self->fed = TRUE;
      return G_SOURCE_CONTINUE;
    }
  while (shown < self->all_items->len && rows++ < FEED_ROWS &&
         g_get_monotonic_time () < deadline)
    {
      if (shown < FEED_FEW)
        g_list_store_append (self->items, g_ptr_array_index (self->all_items, shown));
      else
        g_list_store_splice (self->items, shown, 0, self->all_items->pdata + shown,
                             self->all_items->len - shown);
      shown = g_list_model_get_n_items (G_LIST_MODEL (self->items));
    }
  while (self->pending->len > 0 && noticed < FEED_NOTICED && g_get_monotonic_time () < deadline)
    {
      PendingNotices *pending = g_ptr_array_steal_index (self->pending, 0);
      OutboxTestResultItem *item = g_ptr_array_index (self->all_items, pending->index);

      /* An item without a row costs nothing. */
      if (g_signal_has_handler_pending (item, g_signal_lookup ("notify", G_TYPE_OBJECT),
                                        g_quark_from_static_string ("notices"), FALSE))
        noticed++;
      outbox_test_result_item_add_notices (item, pending->notices);
      pending_notices_free (pending);
    }
  if (shown < self->all_items->len || self->pending->len > 0)
    return G_SOURCE_CONTINUE;
  self->feed_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_feed (OutboxTestResults *self)
{
  if (self->feed_id == 0)
    self->feed_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), feed_tick, NULL, NULL);
}

static void
domain_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OutboxTestResults) self = user_data;
  OutboxDomainCheck *check = OUTBOX_DOMAIN_CHECK (object);
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_object_unref);
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
      g_ptr_array_add (warnings, g_object_ref (g_ptr_array_index (notices, n)));
  if (warnings->len > 0)
    {
      PendingNotices *pending = g_new0 (PendingNotices, 1);

      pending->index = i;
      pending->notices = g_steal_pointer (&warnings);
      g_ptr_array_add (self->pending, pending);
      start_feed (self);
    }
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
  if (self->feed_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->feed_id);
  self->feed_id = 0;
  g_clear_object (&self->items);
  g_clear_pointer (&self->all_items, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_callback_full (widget_class, "on_save_clicked",
                                                G_CALLBACK (_outbox_test_results_save_clicked));
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
  self->all_items = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_ptr_array_new_with_free_func (pending_notices_free);
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
      g_ptr_array_add (self->all_items, item);
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
  start_feed (self);
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
