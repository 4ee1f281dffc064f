/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestView: the "Test Account Settings" window. It runs one
 * OutboxSmtpSession on a copy of the account being edited and follows its
 * steps (Connect, Secure connection, Sign in, Send) live. A success says
 * where the test message went and what the server told; a failure shows the
 * diagnosis, and its fixes as buttons that change the account through the
 * editor's draft (so the form shows and saves the change) and test again.
 * The latest result is published to the application's OutboxTestStatus.
 * Closing the window cancels a test in progress. */

#define G_LOG_DOMAIN "outbox-test-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outbox-certificate-dialog.h"
#include "outbox-test-step-row.h"
#include "outbox-test-view.h"

#define N_ROWS  4
#define TICK_MS 100

enum
{
  ROW_CONNECT,
  ROW_SECURE,
  ROW_SIGN_IN,
  ROW_SEND,
};

struct _OutboxTestView
{
  AdwWindow           parent_instance;

  OutboxAccountDraft *draft;
  OutboxSecrets      *secrets;
  OutboxTestStatus   *status;
  char               *passwords[2];   /* by OutboxSecretKind, as the form shows them */

  char               *account_id;     /* of the account under test */
  OutboxAccount      *tested;         /* the settings this run tests */
  OutboxSmtpSession  *session;
  GCancellable       *cancellable;
  OutboxTestReport   *report;         /* of the last finished run */
  OutboxTestReport   *previous;       /* the status's report before this run */
  guint               serial;         /* tells callbacks of an earlier run apart */
  guint               tick_id;
  gint64              started;
  gint64              row_started[N_ROWS];
  int                 current;        /* the row running, -1 before the first */
  gboolean            running;

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkScrolledWindow  *scrolled;
  OutboxTestStepRow  *connect_row;
  OutboxTestStepRow  *secure_row;
  OutboxTestStepRow  *sign_in_row;
  OutboxTestStepRow  *send_row;
  OutboxTestStepRow  *rows[N_ROWS];
  GtkLabel           *elapsed_label;
  GtkStack           *result_stack;
  GtkLabel           *success_label;
  AdwActionRow       *tls_row;
  AdwActionRow       *auth_row;
  AdwActionRow       *size_row;
  GtkLabel           *failure_title;
  GtkLabel           *failure_explanation;
  GtkWidget          *reply_box;
  GtkLabel           *reply_label;
  GtkWidget          *fixes_section;
  GtkBox             *fixes_box;
  GtkExpander        *transcript_expander;
  GtkLabel           *transcript_label;
  GtkButton          *copy_button;
  GtkButton          *cancel_button;
  GtkButton          *again_button;
};

/* What a callback needs to find the run it belongs to. The view is held
 * weakly, so that closing it disposes it, and that cancels the run. */
typedef struct
{
  GWeakRef view;
  guint    serial;
} RunData;

G_DEFINE_FINAL_TYPE (OutboxTestView, outbox_test_view, ADW_TYPE_WINDOW)

static void
wipe_password (char **password)
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

static int
row_for_step (OutboxSmtpStep step)
{
  switch (step)
    {
    case OUTBOX_SMTP_STEP_RESOLVING:
    case OUTBOX_SMTP_STEP_CONNECTING:
    case OUTBOX_SMTP_STEP_GREETING:
      return ROW_CONNECT;
    case OUTBOX_SMTP_STEP_SECURING:
      return ROW_SECURE;
    case OUTBOX_SMTP_STEP_AUTHENTICATING:
      return ROW_SIGN_IN;
    case OUTBOX_SMTP_STEP_SENDING:
    case OUTBOX_SMTP_STEP_DONE:
    default:
      return ROW_SEND;
    }
}

/* Returns: (nullable): why the account's settings leave out the row's
 * step, or %NULL when the test goes through it. */
static const char *
row_left_out (OutboxTestView *self,
              int             row)
{
  if (row == ROW_SECURE && outbox_account_get_security (self->tested) == OUTBOX_SECURITY_NONE)
    return _("This account does not use encryption");
  if (row == ROW_SIGN_IN && outbox_account_get_auth (self->tested) == OUTBOX_AUTH_NONE)
    return _("This account sends without signing in");
  return NULL;
}

static gint64
row_duration (OutboxTestReport *report,
              int               row)
{
  gint64 total = -1;

  for (OutboxSmtpStep step = OUTBOX_SMTP_STEP_RESOLVING; step < OUTBOX_SMTP_STEP_DONE; step++)
    {
      gint64 duration;

      if (row_for_step (step) != row)
        continue;
      duration = outbox_test_report_get_step_duration (report, step);
      if (duration >= 0)
        total = MAX (total, 0) + duration;
    }
  return total;
}

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
  if (self->current >= 0)
    outbox_test_step_row_set_elapsed (self->rows[self->current], now - self->row_started[self->current]);
  return G_SOURCE_CONTINUE;
}

/* The test went on to the row of @step: the rows before it are done (or
 * left out), this one runs. A step of an earlier row that comes later
 * (the greeting after an implicit TLS handshake) stays in the row that runs. */
static void
on_session_step (OutboxTestView *self,
                 OutboxSmtpStep  step)
{
  int row = row_for_step (step);
  gint64 now = g_get_monotonic_time ();

  if (step == OUTBOX_SMTP_STEP_DONE || row <= self->current)
    return;

  for (int i = MAX (self->current, 0); i < row; i++)
    {
      const char *left_out = row_left_out (self, i);

      if (left_out != NULL)
        outbox_test_step_row_set_state (self->rows[i], OUTBOX_TEST_STEP_STATE_SKIPPED, left_out);
      else if (i == self->current)
        {
          outbox_test_step_row_set_state (self->rows[i], OUTBOX_TEST_STEP_STATE_DONE, NULL);
          outbox_test_step_row_set_elapsed (self->rows[i], now - self->row_started[i]);
        }
    }

  self->current = row;
  self->row_started[row] = now;
  outbox_test_step_row_set_state (self->rows[row], OUTBOX_TEST_STEP_STATE_RUNNING, NULL);
  outbox_test_step_row_set_elapsed (self->rows[row], 0);
}

static void
restore_status (OutboxTestView *self)
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

static void
show_rows (OutboxTestView   *self,
           OutboxTestReport *report,
           gboolean          cancelled)
{
  gboolean success = outbox_test_report_get_success (report);
  int failed = success ? N_ROWS : row_for_step (outbox_test_report_get_failed_step (report));

  for (int i = 0; i < N_ROWS; i++)
    {
      const char *left_out = row_left_out (self, i);
      OutboxTestStepRow *row = self->rows[i];

      if (i < failed || (i > failed && left_out != NULL))
        {
          if (left_out != NULL)
            outbox_test_step_row_set_state (row, OUTBOX_TEST_STEP_STATE_SKIPPED, left_out);
          else
            {
              outbox_test_step_row_set_state (row, OUTBOX_TEST_STEP_STATE_DONE, NULL);
              outbox_test_step_row_set_elapsed (row, row_duration (report, i));
            }
        }
      else if (i == failed)
        {
          outbox_test_step_row_set_state (row, cancelled ? OUTBOX_TEST_STEP_STATE_PENDING
                                                         : OUTBOX_TEST_STEP_STATE_FAILED,
                                          cancelled ? _("Cancelled") : NULL);
          outbox_test_step_row_set_elapsed (row, row_duration (report, i));
        }
      else
        outbox_test_step_row_set_state (row, OUTBOX_TEST_STEP_STATE_PENDING, _("Not reached"));
    }
}

static void
show_success (OutboxTestView   *self,
              OutboxTestReport *report)
{
  const char *protocol = outbox_test_report_get_tls_protocol (report);
  const char *cipher = outbox_test_report_get_tls_cipher (report);
  const char *mechanism = outbox_test_report_get_auth_mechanism (report);
  guint64 limit = outbox_test_report_get_size_limit (report);
  g_autofree char *sent = NULL;
  g_autofree char *tls = NULL;
  g_autofree char *size = NULL;

  /* TRANSLATORS: %s is an email address */
  sent = g_strdup_printf (_("Test message sent to %s"), outbox_test_report_get_recipient (report));
  gtk_label_set_text (self->success_label, sent);

  if (protocol != NULL && cipher != NULL)
    /* TRANSLATORS: a TLS version and the cipher suite, like "TLS 1.3 (TLS_AES_256_GCM_SHA384)" */
    tls = g_strdup_printf (_("%s (%s)"), protocol, cipher);
  else if (protocol != NULL)
    tls = g_strdup (protocol);
  adw_action_row_set_subtitle (self->tls_row,
                               tls ? tls : _("None: the connection was not encrypted"));
  adw_action_row_set_subtitle (self->auth_row,
                               mechanism ? mechanism
                                         : _("None: the server took the message without signing in"));
  if (limit > 0)
    size = g_format_size (limit);
  adw_action_row_set_subtitle (self->size_row, size ? size : _("Not announced"));

  gtk_stack_set_visible_child_name (self->result_stack, "success");
}

static void
on_fix_clicked (GtkButton      *button,
                OutboxTestView *self);

static GtkWidget *
fix_widget (OutboxTestView *self,
            OutboxFix      *fix,
            gboolean        first)
{
  const char *text = outbox_fix_get_label (fix);
  GtkWidget *label;
  GtkWidget *button;

  if (outbox_fix_get_kind (fix) == OUTBOX_FIX_ADVICE)
    {
      /* TRANSLATORS: a piece of advice in a list; %s is the advice */
      g_autofree char *item = g_strdup_printf (_("• %s"), text);

      label = gtk_label_new (item);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      return label;
    }

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  if (first)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_object_set_data_full (G_OBJECT (button), OUTBOX_TEST_VIEW_FIX_KEY, g_object_ref (fix),
                          g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_fix_clicked), self);
  return button;
}

/* Returns: whether the fixes include running the test again. */
static gboolean
show_failure (OutboxTestView   *self,
              OutboxTestReport *report)
{
  g_autoptr(OutboxDiagnosis) diagnosis = outbox_test_report_diagnose (report, self->tested);
  const GError *error = outbox_test_report_get_error (report);
  const char *reply = diagnosis ? outbox_diagnosis_get_server_reply (diagnosis) : NULL;
  GListModel *fixes = diagnosis ? outbox_diagnosis_get_fixes (diagnosis) : NULL;
  guint n_fixes = fixes ? g_list_model_get_n_items (fixes) : 0;
  gboolean offers_retry = FALSE;
  gboolean first_button = TRUE;
  GtkWidget *child;

  gtk_label_set_text (self->failure_title,
                      diagnosis ? outbox_diagnosis_get_title (diagnosis) : _("The test failed"));
  gtk_label_set_text (self->failure_explanation,
                      diagnosis ? outbox_diagnosis_get_explanation (diagnosis)
                                : error ? error->message : "");
  gtk_label_set_text (self->reply_label, reply ? reply : "");
  gtk_widget_set_visible (self->reply_box, reply != NULL && *reply != '\0');

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fixes_box))) != NULL)
    gtk_box_remove (self->fixes_box, child);
  for (guint i = 0; i < n_fixes; i++)
    {
      g_autoptr(OutboxFix) fix = g_list_model_get_item (fixes, i);
      OutboxFixKind kind = outbox_fix_get_kind (fix);

      offers_retry |= kind == OUTBOX_FIX_RETRY;
      gtk_box_append (self->fixes_box, fix_widget (self, fix, first_button && kind != OUTBOX_FIX_ADVICE));
      if (kind != OUTBOX_FIX_ADVICE)
        first_button = FALSE;
    }
  gtk_widget_set_visible (self->fixes_section, n_fixes > 0);

  gtk_stack_set_visible_child_name (self->result_stack, "failure");
  return offers_retry;
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
  GtkWidget *result = GTK_WIDGET (self->result_stack);
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
    restore_status (self);
  else
    outbox_test_status_set_report (self->status, self->account_id, report);

  show_rows (self, report, cancelled);
  if (success)
    /* TRANSLATORS: %.1f is seconds */
    set_elapsed_text (self, g_strdup_printf (_("Finished in %.1f s"),
                                             seconds (outbox_test_report_get_elapsed (report))));
  else
    /* TRANSLATORS: %.1f is seconds */
    set_elapsed_text (self, g_strdup_printf (_("Stopped after %.1f s"),
                                             seconds (outbox_test_report_get_elapsed (report))));

  if (success)
    show_success (self, report);
  else
    offers_retry = show_failure (self, report);

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
  g_signal_connect_object (self->session, "step", G_CALLBACK (on_session_step), self,
                           G_CONNECT_SWAPPED);
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
      wipe_password (&password);
      return;
    }
  /* Without a password the test fails at signing in and says why; a
   * cancelled look-up hands the cancelled test on to the session. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The password could not be read from the keyring: %s", error->message);
  start_session (self, password);
  wipe_password (&password);
}

static void
reset_view (OutboxTestView *self)
{
  for (int i = 0; i < N_ROWS; i++)
    {
      const char *left_out = row_left_out (self, i);

      outbox_test_step_row_set_state (self->rows[i],
                                      left_out ? OUTBOX_TEST_STEP_STATE_SKIPPED
                                               : OUTBOX_TEST_STEP_STATE_PENDING,
                                      left_out);
    }
  self->current = -1;
  gtk_label_set_text (self->elapsed_label, "");
  gtk_stack_set_visible_child_name (self->result_stack, "none");
  gtk_label_set_text (self->transcript_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->transcript_expander), FALSE);
  gtk_expander_set_expanded (self->transcript_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  adw_window_title_set_subtitle (self->window_title, outbox_account_get_name (self->tested));
}

/* Leaves a run in progress: its callbacks are ignored from now on. */
static void
abandon_run (OutboxTestView *self)
{
  self->serial++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  stop_ticking (self);
}

static void
on_trusted (OutboxTestView *self,
            const char     *sha256)
{
  g_autoptr(OutboxFix) pin = outbox_fix_new_pin (sha256);

  outbox_account_draft_apply_fix (self->draft, pin);
  outbox_test_view_run (self);
}

static void
on_fix_clicked (GtkButton      *button,
                OutboxTestView *self)
{
  OutboxFix *fix = g_object_get_data (G_OBJECT (button), OUTBOX_TEST_VIEW_FIX_KEY);
  OutboxCertificateInfo *info;
  OutboxCertificateDialog *dialog;

  switch (outbox_fix_get_kind (fix))
    {
    case OUTBOX_FIX_TRUST:
      info = self->report ? outbox_test_report_get_certificate (self->report) : NULL;
      if (info == NULL)
        return;
      dialog = outbox_certificate_dialog_new (GTK_WINDOW (self), info);
      g_signal_connect_object (dialog, "trusted", G_CALLBACK (on_trusted), self,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    case OUTBOX_FIX_CHANGE:
      outbox_account_draft_apply_fix (self->draft, fix);
      break;
    case OUTBOX_FIX_RETRY:
    case OUTBOX_FIX_ADVICE:
    default:
      break;
    }
  outbox_test_view_run (self);
}

static void
on_cancel_clicked (OutboxTestView *self)
{
  outbox_test_view_cancel (self);
}

static void
on_again_clicked (OutboxTestView *self)
{
  outbox_test_view_run (self);
}

static void
on_copy_clicked (OutboxTestView *self)
{
  g_autofree char *transcript = NULL;

  if (self->report == NULL)
    return;
  /* The report keeps no secret in its transcript: AUTH lines are redacted. */
  transcript = outbox_test_report_format_transcript (self->report);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), transcript);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Transcript copied")));
}

static void
outbox_test_view_dispose (GObject *object)
{
  OutboxTestView *self = OUTBOX_TEST_VIEW (object);

  /* A test the window no longer shows is cancelled, and leaves the status
   * as it was before. */
  if (self->running)
    {
      self->running = FALSE;
      restore_status (self);
    }
  abandon_run (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_TEST_VIEW);
  g_clear_object (&self->draft);
  g_clear_object (&self->secrets);
  g_clear_object (&self->status);
  g_clear_object (&self->tested);
  g_clear_object (&self->report);
  g_clear_object (&self->previous);

  G_OBJECT_CLASS (outbox_test_view_parent_class)->dispose (object);
}

static void
outbox_test_view_finalize (GObject *object)
{
  OutboxTestView *self = OUTBOX_TEST_VIEW (object);

  wipe_password (&self->passwords[0]);
  wipe_password (&self->passwords[1]);
  g_clear_pointer (&self->account_id, g_free);

  G_OBJECT_CLASS (outbox_test_view_parent_class)->finalize (object);
}

static void
outbox_test_view_class_init (OutboxTestViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_test_view_dispose;
  object_class->finalize = outbox_test_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, window_title);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, connect_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, secure_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, send_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, result_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, success_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, tls_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, auth_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, size_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, failure_title);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, failure_explanation);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, reply_box);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, reply_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, fixes_section);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, fixes_box);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, transcript_expander);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, transcript_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, again_button);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_again_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
outbox_test_view_init (OutboxTestView *self)
{
  g_type_ensure (OUTBOX_TYPE_TEST_STEP_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows[ROW_CONNECT] = self->connect_row;
  self->rows[ROW_SECURE] = self->secure_row;
  self->rows[ROW_SIGN_IN] = self->sign_in_row;
  self->rows[ROW_SEND] = self->send_row;
  self->current = -1;
}

/**
 * outbox_test_view_new:
 * @parent: the main window, which the view stays over
 * @draft: the account being edited; fixes change it
 * @status: where the result is published
 *
 * Returns: (transfer none): a new view; present it and call
 *   outbox_test_view_run()
 */
OutboxTestView *
outbox_test_view_new (GtkWindow          *parent,
                      OutboxAccountDraft *draft,
                      OutboxSecrets      *secrets,
                      OutboxTestStatus   *status)
{
  OutboxTestView *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (draft), NULL);
  g_return_val_if_fail (secrets == NULL || OUTBOX_IS_SECRETS (secrets), NULL);
  g_return_val_if_fail (OUTBOX_IS_TEST_STATUS (status), NULL);

  self = g_object_new (OUTBOX_TYPE_TEST_VIEW, "transient-for", parent, NULL);
  /* On a narrow screen the view takes the main window's width. */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self),
                                 CLAMP (gtk_widget_get_width (GTK_WIDGET (parent)), 300, 480),
                                 CLAMP (gtk_widget_get_height (GTK_WIDGET (parent)), 294, 640));
  self->draft = g_object_ref (draft);
  self->secrets = secrets ? g_object_ref (secrets) : NULL;
  self->status = g_object_ref (status);
  return self;
}

/* The password the form shows for @kind, so the test uses what the user
 * typed even before the keyring has it. An empty one is looked up in the
 * keyring when the test starts. */
void
outbox_test_view_set_password (OutboxTestView   *self,
                               OutboxSecretKind  kind,
                               const char       *password)
{
  guint index = kind == OUTBOX_SECRET_KIND_SMTP ? 1 : 0;

  g_return_if_fail (OUTBOX_IS_TEST_VIEW (self));

  wipe_password (&self->passwords[index]);
  if (password != NULL && *password != '\0')
    self->passwords[index] = g_strdup (password);
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
  abandon_run (self);

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

gboolean
outbox_test_view_get_running (OutboxTestView *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_VIEW (self), FALSE);

  return self->running;
}

/* Returns: (transfer none) (nullable): the report of the last test that
 * finished. */
OutboxTestReport *
outbox_test_view_get_report (OutboxTestView *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_VIEW (self), NULL);

  return self->report;
}
