/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The steps of an account test, as the test view shows them while it runs
 * and after. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_STEPS (outbox_test_steps_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestSteps, outbox_test_steps, OUTBOX, TEST_STEPS, AdwBin)

void outbox_test_steps_reset  (OutboxTestSteps  *self,
                               OutboxAccount    *account);
void outbox_test_steps_begin  (OutboxTestSteps  *self,
                               OutboxSmtpStep    step);
void outbox_test_steps_tick   (OutboxTestSteps  *self);
void outbox_test_steps_finish (OutboxTestSteps  *self,
                               OutboxTestReport *report,
                               gboolean          cancelled);

G_END_DECLS
