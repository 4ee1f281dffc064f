/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestSteps: the four steps a person follows in the test view —
 * Connect, Secure connection, Sign in, Send — built from the session's
 * finer steps: resolving, connecting and the greeting are "Connect". A
 * step the account leaves out (no encryption, no sign-in) says so. */

#define G_LOG_DOMAIN "outbox-test-steps"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-test-step-row.h"
#include "outbox-test-steps.h"

#define N_ROWS 4

enum
{
  ROW_CONNECT,
  ROW_SECURE,
  ROW_SIGN_IN,
  ROW_SEND,
};

struct _OutboxTestSteps
{
  AdwBin             parent_instance;

  OutboxAccount     *account;   /* the settings under test */
  OutboxTestStepRow *rows[N_ROWS];
  gint64             row_started[N_ROWS];
  int                current;   /* the row running, -1 before the first */

  OutboxTestStepRow *connect_row;
  OutboxTestStepRow *secure_row;
  OutboxTestStepRow *sign_in_row;
  OutboxTestStepRow *send_row;
};

G_DEFINE_FINAL_TYPE (OutboxTestSteps, outbox_test_steps, ADW_TYPE_BIN)

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
row_left_out (OutboxTestSteps *self,
              int             row)
{
  if (row == ROW_SECURE && outbox_account_get_security (self->account) == OUTBOX_SECURITY_NONE)
    return _("This account does not use encryption");
  if (row == ROW_SIGN_IN && outbox_account_get_auth (self->account) == OUTBOX_AUTH_NONE)
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

static void
outbox_test_steps_dispose (GObject *object)
{
  OutboxTestSteps *self = OUTBOX_TEST_STEPS (object);

  /* AdwBin unparents the template's child itself. */
  g_clear_object (&self->account);

  G_OBJECT_CLASS (outbox_test_steps_parent_class)->dispose (object);
}

static void
outbox_test_steps_class_init (OutboxTestStepsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_test_steps_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-steps.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestSteps, connect_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestSteps, secure_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestSteps, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestSteps, send_row);
}

static void
outbox_test_steps_init (OutboxTestSteps *self)
{
  g_type_ensure (OUTBOX_TYPE_TEST_STEP_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows[ROW_CONNECT] = self->connect_row;
  self->rows[ROW_SECURE] = self->secure_row;
  self->rows[ROW_SIGN_IN] = self->sign_in_row;
  self->rows[ROW_SEND] = self->send_row;
  self->current = -1;
}

/* Shows the steps of a test of @account that has not begun. */
void
outbox_test_steps_reset (OutboxTestSteps *self,
                         OutboxAccount   *account)
{
  g_return_if_fail (OUTBOX_IS_TEST_STEPS (self));
  g_return_if_fail (OUTBOX_IS_ACCOUNT (account));

  g_set_object (&self->account, account);
  self->current = -1;
  for (int i = 0; i < N_ROWS; i++)
    {
      const char *left_out = row_left_out (self, i);

      outbox_test_step_row_set_state (self->rows[i],
                                      left_out ? OUTBOX_TEST_STEP_STATE_SKIPPED
                                               : OUTBOX_TEST_STEP_STATE_PENDING,
                                      left_out);
    }
}

/* The test went on to the row of @step: the rows before it are done (or
 * left out), this one runs. A step of an earlier row that comes later
 * (the greeting after an implicit TLS handshake) stays in the row that runs. */
void
outbox_test_steps_begin (OutboxTestSteps *self,
                         OutboxSmtpStep   step)
{
  int row = row_for_step (step);
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (OUTBOX_IS_TEST_STEPS (self));

  if (self->account == NULL || step == OUTBOX_SMTP_STEP_DONE || row <= self->current)
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

/* Shows how each step of @report went, with the time it took; the step
 * that failed shows a cross, or that it was @cancelled. */
void
outbox_test_steps_finish (OutboxTestSteps  *self,
                          OutboxTestReport *report,
                          gboolean          cancelled)
{
  gboolean success;
  int failed;

  g_return_if_fail (OUTBOX_IS_TEST_STEPS (self));
  g_return_if_fail (OUTBOX_IS_TEST_REPORT (report));
  g_return_if_fail (self->account != NULL);

  success = outbox_test_report_get_success (report);
  failed = success ? N_ROWS : row_for_step (outbox_test_report_get_failed_step (report));

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

/* Updates the time of the step that runs. */
void
outbox_test_steps_tick (OutboxTestSteps *self)
{
  g_return_if_fail (OUTBOX_IS_TEST_STEPS (self));

  if (self->current >= 0)
    outbox_test_step_row_set_elapsed (self->rows[self->current],
                                      g_get_monotonic_time () - self->row_started[self->current]);
}
