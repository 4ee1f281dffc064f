/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestStepRow: a row of the test view for one step (Connect, Secure
 * connection, Sign in, Send). The icon before the name says where the step
 * is, the label after it how long it took; the subtitle holds a detail such
 * as why the step is left out. */

#define G_LOG_DOMAIN "outbox-test-step-row"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-test-step-row.h"
#include "outbox-property-row.h"
#include "outbox-spinner.h"

struct _OutboxTestStepRow
{
  AdwPreferencesRow    parent_instance;

  GtkStack            *state_stack;
  OutboxSpinner       *spinner;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkLabel            *time_label;

  OutboxTestStepState  state;
};

G_DEFINE_FINAL_TYPE (OutboxTestStepRow, outbox_test_step_row, ADW_TYPE_PREFERENCES_ROW)

static const char * const state_pages[] = {
  [OUTBOX_TEST_STEP_STATE_PENDING] = "pending",
  [OUTBOX_TEST_STEP_STATE_RUNNING] = "running",
  [OUTBOX_TEST_STEP_STATE_DONE] = "done",
  [OUTBOX_TEST_STEP_STATE_FAILED] = "failed",
  [OUTBOX_TEST_STEP_STATE_SKIPPED] = "skipped",
};

static void
outbox_test_step_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OUTBOX_TYPE_TEST_STEP_ROW);

  G_OBJECT_CLASS (outbox_test_step_row_parent_class)->dispose (object);
}

static void
outbox_test_step_row_class_init (OutboxTestStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_test_step_row_dispose;

  g_type_ensure (OUTBOX_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestStepRow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestStepRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestStepRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestStepRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestStepRow, time_label);
}

static void
outbox_test_step_row_init (OutboxTestStepRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The step's name ("Connect"). */
  outbox_preferences_row_show_title (ADW_PREFERENCES_ROW (self), self->title_label);
}

OutboxTestStepState
outbox_test_step_row_get_state (OutboxTestStepRow *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_STEP_ROW (self), OUTBOX_TEST_STEP_STATE_PENDING);

  return self->state;
}

/* Returns: the line under the step's name ("" for none) */
const char *
outbox_test_step_row_get_subtitle (OutboxTestStepRow *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_STEP_ROW (self), NULL);

  return gtk_label_get_text (self->subtitle_label);
}

/**
 * outbox_test_step_row_set_state:
 * @detail: (nullable): a line under the step's name, or %NULL for none
 *
 * Shows @state. A step that is not running shows no time until
 * outbox_test_step_row_set_elapsed() gives one.
 */
void
outbox_test_step_row_set_state (OutboxTestStepRow   *self,
                                OutboxTestStepState  state,
                                const char          *detail)
{
  g_return_if_fail (OUTBOX_IS_TEST_STEP_ROW (self));
  g_return_if_fail (state <= OUTBOX_TEST_STEP_STATE_SKIPPED);

  self->state = state;
  gtk_stack_set_visible_child_name (self->state_stack, state_pages[state]);
  outbox_spinner_set_spinning (self->spinner, state == OUTBOX_TEST_STEP_STATE_RUNNING);
  gtk_label_set_text (self->subtitle_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), detail != NULL && *detail != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  detail ? detail : "", -1);
  if (state != OUTBOX_TEST_STEP_STATE_RUNNING)
    gtk_label_set_text (self->time_label, "");
}

/* Shows how long the step took, or has been running; a negative time
 * shows none. */
void
outbox_test_step_row_set_elapsed (OutboxTestStepRow *self,
                                  gint64             microseconds)
{
  g_autofree char *text = NULL;

  g_return_if_fail (OUTBOX_IS_TEST_STEP_ROW (self));

  if (microseconds >= G_USEC_PER_SEC)
    /* TRANSLATORS: how long a step of the test took, in seconds */
    text = g_strdup_printf (_("%.1f s"), microseconds / (double)G_USEC_PER_SEC);
  else if (microseconds >= 0)
    /* TRANSLATORS: how long a step of the test took, in milliseconds */
    text = g_strdup_printf (_("%d ms"), (int)(microseconds / 1000));
  gtk_label_set_text (self->time_label, text ? text : "");
}
