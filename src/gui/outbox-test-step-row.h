/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One step of an account test in the test view: its name, a spinner while
 * it runs, then a check or a cross, and how long it took. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_TEST_STEP_STATE_PENDING,   /* not begun (yet) */
  OUTBOX_TEST_STEP_STATE_RUNNING,
  OUTBOX_TEST_STEP_STATE_DONE,
  OUTBOX_TEST_STEP_STATE_FAILED,
  OUTBOX_TEST_STEP_STATE_SKIPPED,   /* the account's settings leave it out */
} OutboxTestStepState;

#define OUTBOX_TYPE_TEST_STEP_ROW (outbox_test_step_row_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestStepRow, outbox_test_step_row, OUTBOX, TEST_STEP_ROW, AdwPreferencesRow)

OutboxTestStepState  outbox_test_step_row_get_state   (OutboxTestStepRow   *self);
const char          *outbox_test_step_row_get_subtitle (OutboxTestStepRow  *self);
void                 outbox_test_step_row_set_state   (OutboxTestStepRow   *self,
                                                       OutboxTestStepState  state,
                                                       const char          *detail);
void                 outbox_test_step_row_set_elapsed (OutboxTestStepRow   *self,
                                                       gint64               microseconds);

G_END_DECLS
