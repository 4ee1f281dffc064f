/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The run of an OutboxTestView: the password from the form or the keyring,
 * the session, the ticking clock and the result when it ends. */

#define G_LOG_DOMAIN "outbox-test-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outbox-notice-view.h"
#include "outbox-test-view-private.h"

#define TICK_MS 100

/* What a callback needs to find the run it belongs to. The view is held
 * weakly, so that closing it disposes it, and that cancels the run. */
typedef struct
{
  GWeakRef view;
  guint    serial;
} RunData;

void
_outbox_test_view_wipe_password (char **password)
{
  if (*password != NULL)
    explicit_bzero (*password, strlen (*password));
  g_clear_pointer (password, g_free);
}

static RunData *
run_data_new (OutboxTestView *self)
{
  RunData *data = g_new0 (RunData, 1);

  g_weak_ref_init (&data->view, self);
  data->serial = self->serial;
  return data;
}

static void
run_data_free (RunData *data)
{
  g_weak_ref_clear (&data->view);
  g_free (data);
}

/* Returns: (transfer full) (nullable): the view, if the callback's run is
 * still the one it shows. */
static OutboxTestView *
run_data_get_view (RunData *data)
{
  OutboxTestView *self = g_weak_ref_get (&data->view);

  if (self != NULL && self->serial != data->serial)
    g_clear_object (&self);
  return self;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

static double
seconds (gint64 microseconds)
{
  return microseconds / (double)G_USEC_PER_SEC;
}

static void
set_elapsed_text (OutboxTestView *self,
                  char           *text)
{
  gtk_label_set_text (self->elapsed_label, text);
  g_free (text);
}

static gboolean
tick_cb (gpointer user_data)
{
  OutboxTestView *self = user_data;
  gint64 now = g_get_monotonic_time ();

  /* TRANSLATORS: %.1f is seconds since the test began */
  set_elapsed_text (self, g_strdup_printf (_("Testing… %.1f s"), seconds (now - self->started)));
  outbox_test_steps_tick (self->steps);
  return G_SOURCE_CONTINUE;
}

void
_outbox_test_view_restore_status (OutboxTestView *self)
{
  if (self->status == NULL || self->account_id == NULL)
    return;
  if (self->previous != NULL)
    outbox_test_status_set_report (self->status, self->account_id, self->previous);
  else
    outbox_test_status_forget (self->status, self->account_id);
}

static void
stop_ticking (OutboxTestView *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* Once the result is laid out, scrolls as little as needed to show it
 * (its start, when it is taller than the window). */
static gboolean
reveal_result_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  OutboxTestView *self = OUTBOX_TEST_VIEW (widget);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scrolled);
  GtkWidget *result = GTK_WIDGET (self->result);
  double x, top, bottom;

  if (gtk_widget_translate_coordinates (result, content, 0, 0, &x, &top))
    {
      bottom = top + gtk_widget_get_height (result);
      gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (self->scrolled),
                                 top, bottom);
    }
  return G_SOURCE_REMOVE;
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RunData) data = user_data;
  g_autoptr(OutboxTestView) self = run_data_get_view (data);
  g_autoptr(GPtrArray) notices = NULL;

  notices = outbox_journal_record_finish (OUTBOX_JOURNAL (object), result, NULL);
  if (self == NULL || data->serial != self->serial || notices == NULL)
    return;
  for (guint i = 0; i < notices->len; i++)
    outbox_notice_view_add (self->notices, g_ptr_array_index (notices, i));
}

static void
finish (OutboxTestView   *self,
        OutboxTestReport *report)
{
  const GError *error = outbox_test_report_get_error (report);
  gboolean cancelled = g_error_matches (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_CANCELLED);
  gboolean success = outbox_test_report_get_success (report);
  gboolean offers_retry = FALSE;
  g_autofree char *transcript = NULL;

  self->running = FALSE;
  stop_ticking (self);
  g_clear_object (&self->session);
  g_set_object (&self->report, report);

  if (cancelled)
    _outbox_test_view_restore_status (self);
  else
    outbox_test_status_set_report (self->status, self->account_id, report);
  /* Remembered (the certificate watch, the history); what the certificate
   * watch noticed shows under the result. */
  if (!cancelled && self->journal != NULL && self->tested != NULL)
    outbox_journal_record_async (self->journal, self->tested, report, NULL, recorded_cb,
                                 run_data_new (self));

  outbox_test_steps_finish (self->steps, report, cancelled);
  if (success)
    /* TRANSLATORS: %.1f is seconds */
    set_elapsed_text (self, g_strdup_printf (_("Finished in %.1f s"),
                                             seconds (outbox_test_report_get_elapsed (report))));
  else
    /* TRANSLATORS: %.1f is seconds */
    set_elapsed_text (self, g_strdup_printf (_("Stopped after %.1f s"),
                                             seconds (outbox_test_report_get_elapsed (report))));

  outbox_test_result_show (self->result, report, self->tested);
  offers_retry = outbox_test_result_get_offers_retry (self->result);

  transcript = outbox_test_report_format_transcript (report);
  gtk_label_set_text (self->transcript_label, transcript);
  gtk_widget_set_visible (GTK_WIDGET (self->transcript_expander), transcript[0] != '\0');

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), !offers_retry);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_result_cb, NULL, NULL);
  if (!offers_retry)
    gtk_widget_grab_focus (GTK_WIDGET (self->again_button));
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(RunData) data = user_data;
  g_autoptr(OutboxTestView) self = NULL;
  g_autoptr(OutboxTestReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = outbox_smtp_session_run_finish (OUTBOX_SMTP_SESSION (object), result, &error);
  self = run_data_get_view (data);
  if (self == NULL)
    return;
  if (report == NULL)
    {
      /* The session always reports; this is a programming error. */
      g_critical ("The test ended without a report: %s", error ? error->message : "?");
      return;
    }
  finish (self, report);
}

static void
start_session (OutboxTestView *self,
               const char     *password)
{
  self->session = outbox_smtp_session_new (self->tested);
  outbox_smtp_session_set_password (self->session, password);
  outbox_smtp_session_set_allow_plaintext_password (self->session, self->allow_plaintext);
  g_signal_connect_object (self->session, "step", G_CALLBACK (outbox_test_steps_begin),
                           self->steps, G_CONNECT_SWAPPED);
  outbox_smtp_session_run_async (self->session, self->cancellable, run_cb, run_data_new (self));
}

static void
password_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RunData) data = user_data;
  g_autoptr(OutboxTestView) self = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  password = outbox_secrets_lookup_finish (OUTBOX_SECRETS (object), result, &error);
  self = run_data_get_view (data);
  if (self == NULL)
    {
      _outbox_test_view_wipe_password (&password);
      return;
    }
  /* Without a password the test fails at signing in and says why; a
   * cancelled look-up hands the cancelled test on to the session. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* TRANSLATORS: %s says why, e.g. that no keyring is running */
      g_autofree char *text = g_strdup_printf (_("The password could not be read from the "
                                                 "keyring: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
  start_session (self, password);
  _outbox_test_view_wipe_password (&password);
}

static void
reset_view (OutboxTestView *self)
{
  outbox_test_steps_reset (self->steps, self->tested);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->notices)));)
    gtk_box_remove (self->notices, child);
  gtk_widget_set_visible (self->notices_box, FALSE);
  gtk_label_set_text (self->elapsed_label, "");
  outbox_test_result_clear (self->result);
  gtk_label_set_text (self->transcript_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->transcript_expander), FALSE);
  gtk_expander_set_expanded (self->transcript_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  adw_window_title_set_subtitle (self->window_title, outbox_account_get_name (self->tested));
}

/* Leaves a run in progress: its callbacks are ignored from now on. */
void
_outbox_test_view_abandon_run (OutboxTestView *self)
{
  self->serial++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self->steps);
  g_clear_object (&self->session);
  stop_ticking (self);
}

/* Tests the draft's current settings, cancelling a test in progress. */
void
outbox_test_view_run (OutboxTestView *self)
{
  OutboxAccount *account;
  OutboxSecretKind kind;
  const char *password;

  g_return_if_fail (OUTBOX_IS_TEST_VIEW (self));

  account = outbox_account_draft_get_account (self->draft);
  if (account == NULL)
    return;

  if (!self->running)
    {
      OutboxTestReport *previous = outbox_test_status_get_report (self->status,
                                                                  outbox_account_get_id (account));
      g_set_object (&self->previous, previous);
    }
  _outbox_test_view_abandon_run (self);

  g_clear_object (&self->tested);
  self->tested = outbox_account_copy (outbox_account_draft_get_values (self->draft));
  g_free (self->account_id);
  self->account_id = g_strdup (outbox_account_get_id (account));
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  self->started = g_get_monotonic_time ();
  reset_view (self);
  tick_cb (self);
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  outbox_test_status_set_running (self->status, self->account_id);

  kind = outbox_secret_kind_for_account (self->tested);
  password = self->passwords[kind == OUTBOX_SECRET_KIND_SMTP ? 1 : 0];
  if (outbox_account_get_auth (self->tested) != OUTBOX_AUTH_NONE && password == NULL &&
      self->secrets != NULL)
    outbox_secrets_lookup_async (self->secrets, self->account_id, kind, self->cancellable,
                                 password_found_cb, run_data_new (self));
  else
    start_session (self, password);
}

/* Stops the test in progress; the view then says it was cancelled. */
void
outbox_test_view_cancel (OutboxTestView *self)
{
  g_return_if_fail (OUTBOX_IS_TEST_VIEW (self));

  if (self->running && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

