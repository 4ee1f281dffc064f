/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestAll: the pre-campaign check in the window. It runs an
 * OutboxTestBatch over the accounts, publishes each account's state to the
 * shared OutboxTestStatus (so the rows' icons follow), shows the progress
 * with a Cancel button under the list, and ends by opening the results
 * window. A cancelled account goes back to the state it had before. */

#define G_LOG_DOMAIN "outbox-test-all"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-application.h"
#include "outbox-test-all.h"
#include "outbox-test-results.h"

struct _OutboxTestAll
{
  GtkWidget         parent_instance;

  OutboxTestBatch  *batch;
  GCancellable     *cancellable;
  OutboxTestStatus *status;
  OutboxJournal    *journal;      /* the application's, while a run goes on */
  GHashTable       *before;       /* account id → the report it had, or itself for none */
  GtkWindow        *results;      /* weak */

  GtkRevealer      *revealer;
  GtkLabel         *progress_label;
  GtkProgressBar   *progress_bar;
  GtkWidget        *cancel_button;
};

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  ACCOUNT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxTestAll, outbox_test_all, GTK_TYPE_WIDGET)

static void
update_progress (OutboxTestAll *self)
{
  guint total = outbox_test_batch_get_n_accounts (self->batch);
  guint finished = outbox_test_batch_get_n_finished (self->batch);
  g_autofree char *text = NULL;

  /* The last tests end after the window closed and took the labels along. */
  if (self->progress_label == NULL)
    return;

  /* TRANSLATORS: progress of "Test All": how many accounts are done, of all */
  text = g_strdup_printf (ngettext ("Testing %u of %u account…", "Testing %u of %u accounts…",
                                    total),
                          finished, total);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total ? (double)finished / total : 1.0);
}

static void
on_batch_account_started (OutboxTestAll   *self,
                          OutboxAccount   *account,
                          OutboxTestBatch *batch)
{
  const char *id = outbox_account_get_id (account);
  OutboxTestReport *report = outbox_test_status_get_report (self->status, id);

  /* The hash table owns a reference to the report (or to itself when the
   * account had none), to put it back if this test is cancelled. */
  g_hash_table_insert (self->before, g_strdup (id),
                       report ? g_object_ref (G_OBJECT (report)) : g_object_ref (G_OBJECT (self)));
  outbox_test_status_set_running (self->status, id);
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GPtrArray) notices = NULL;

  /* The notices are in the journal already (the results read them there);
   * a failure to save was logged by the journal. */
  notices = outbox_journal_record_finish (OUTBOX_JOURNAL (object), result, NULL);
}

static void
on_batch_account_finished (OutboxTestAll    *self,
                           OutboxAccount    *account,
                           OutboxTestReport *report,
                           OutboxTestBatch  *batch)
{
  const char *id = outbox_account_get_id (account);
  const GError *error = outbox_test_report_get_error (report);
  gpointer before;

  if (g_error_matches (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_CANCELLED))
    {
      if (g_hash_table_lookup_extended (self->before, id, NULL, &before))
        {
          if (OUTBOX_IS_TEST_REPORT (before))
            outbox_test_status_set_report (self->status, id, before);
          else
            outbox_test_status_forget (self->status, id);
        }
    }
  else
    {
      /* Remembered as each account finishes, so the certificate watch and
       * the history survive a run that is cancelled later. */
      if (self->journal != NULL)
        outbox_journal_record_async (self->journal, account, report, NULL, recorded_cb, NULL);
      outbox_test_status_set_report (self->status, id, report);
    }

  update_progress (self);
}

static void
on_results_account_activated (OutboxTestAll     *self,
                              OutboxAccount     *account,
                              OutboxTestResults *results)
{
  g_signal_emit (self, signals[ACCOUNT_ACTIVATED], 0, account);
  gtk_window_close (GTK_WINDOW (results));
}

static void
show_results (OutboxTestAll *self,
              GPtrArray     *reports)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  OutboxTestResults *results;

  for (guint i = 0; i < reports->len; i++)
    g_ptr_array_add (accounts, g_object_ref (outbox_test_batch_get_account (self->batch, i)));

  if (self->results != NULL)
    gtk_window_destroy (self->results);
  results = outbox_test_results_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     accounts, reports, self->journal);
  g_signal_connect_object (results, "account-activated",
                           G_CALLBACK (on_results_account_activated), self, G_CONNECT_SWAPPED);
  self->results = GTK_WINDOW (results);
  g_object_add_weak_pointer (G_OBJECT (results), (gpointer *)&self->results);
  gtk_window_present (self->results);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(OutboxTestAll) self = user_data;
  g_autoptr(GPtrArray) reports = NULL;
  gboolean cancelled = g_cancellable_is_cancelled (self->cancellable);

  reports = outbox_test_batch_run_finish (OUTBOX_TEST_BATCH (object), result, NULL);
  /* After a cancel, or when the window went away, there is nothing to show. */
  if (!cancelled && reports != NULL && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_results (self, reports);

  g_signal_handlers_disconnect_by_data (self->batch, self);
  g_clear_object (&self->batch);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->status);
  g_clear_object (&self->journal);
  g_hash_table_remove_all (self->before);
  if (self->revealer != NULL)
    gtk_revealer_set_reveal_child (self->revealer, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
on_cancel_clicked (OutboxTestAll *self)
{
  outbox_test_all_cancel (self);
}

/* The run holds a reference to this widget, so it is not disposed while
 * the tests go on: the window that goes away stops them here. */
static void
outbox_test_all_unroot (GtkWidget *widget)
{
  OutboxTestAll *self = OUTBOX_TEST_ALL (widget);

  outbox_test_all_cancel (self);
  if (self->results != NULL)
    gtk_window_destroy (self->results);

  GTK_WIDGET_CLASS (outbox_test_all_parent_class)->unroot (widget);
}

static void
outbox_test_all_dispose (GObject *object)
{
  OutboxTestAll *self = OUTBOX_TEST_ALL (object);

  if (self->results != NULL)
    gtk_window_destroy (self->results);
  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_TEST_ALL);

  G_OBJECT_CLASS (outbox_test_all_parent_class)->dispose (object);
}

static void
outbox_test_all_finalize (GObject *object)
{
  OutboxTestAll *self = OUTBOX_TEST_ALL (object);

  g_clear_pointer (&self->before, g_hash_table_unref);

  G_OBJECT_CLASS (outbox_test_all_parent_class)->finalize (object);
}

static void
outbox_test_all_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OutboxTestAll *self = OUTBOX_TEST_ALL (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, outbox_test_all_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_test_all_class_init (OutboxTestAllClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_test_all_dispose;
  object_class->finalize = outbox_test_all_finalize;
  object_class->get_property = outbox_test_all_get_property;
  widget_class->unroot = outbox_test_all_unroot;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OutboxTestAll::account-activated:
   * @account: an account picked in the results, to be shown
   */
  signals[ACCOUNT_ACTIVATED] =
    g_signal_new ("account-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OUTBOX_TYPE_ACCOUNT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-all.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestAll, revealer);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestAll, progress_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestAll, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestAll, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
outbox_test_all_init (OutboxTestAll *self)
{
  self->before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * outbox_test_all_run:
 * @accounts: the accounts to test (the store); the run takes those it holds now
 * @secrets: where their passwords are
 * @status: where each account's state goes as the tests run
 *
 * Does nothing while a run is going on.
 */
void
outbox_test_all_run (OutboxTestAll    *self,
                     GListModel       *accounts,
                     OutboxSecrets    *secrets,
                     OutboxTestStatus *status)
{
  GtkRoot *root;

  g_return_if_fail (OUTBOX_IS_TEST_ALL (self));
  g_return_if_fail (G_IS_LIST_MODEL (accounts));
  g_return_if_fail (OUTBOX_IS_TEST_STATUS (status));

  if (self->batch != NULL || g_list_model_get_n_items (accounts) == 0)
    return;

  if (self->results != NULL)
    gtk_window_destroy (self->results);
  self->status = g_object_ref (status);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root) && OUTBOX_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (root))))
    self->journal = g_object_ref (outbox_application_get_journal (
                                    OUTBOX_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)))));
  self->cancellable = g_cancellable_new ();
  self->batch = outbox_test_batch_new (accounts, secrets);
  g_signal_connect_object (self->batch, "account-started",
                           G_CALLBACK (on_batch_account_started), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->batch, "account-finished",
                           G_CALLBACK (on_batch_account_finished), self, G_CONNECT_SWAPPED);

  update_progress (self);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  outbox_test_batch_run_async (self->batch, self->cancellable, run_cb, g_object_ref (self));
}

void
outbox_test_all_cancel (OutboxTestAll *self)
{
  g_return_if_fail (OUTBOX_IS_TEST_ALL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
outbox_test_all_get_running (OutboxTestAll *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_ALL (self), FALSE);

  return self->batch != NULL;
}

/**
 * outbox_test_all_get_results:
 *
 * Returns: (transfer none) (nullable): the results window of the last run,
 *   while it is open
 */
GtkWindow *
outbox_test_all_get_results (OutboxTestAll *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_ALL (self), NULL);

  return self->results;
}
