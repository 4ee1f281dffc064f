/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window knows about the latest test of each account. */

#pragma once

#include <glib-object.h>

#include "outbox.h"
#include "outbox-test-report.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_STATUS (outbox_test_status_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestStatus, outbox_test_status, OUTBOX, TEST_STATUS, GObject)

typedef enum
{
  OUTBOX_TEST_STATE_UNTESTED,
  OUTBOX_TEST_STATE_RUNNING,
  OUTBOX_TEST_STATE_PASSED,
  OUTBOX_TEST_STATE_FAILED,
} OutboxTestState;

OutboxTestStatus *outbox_test_status_new           (void);
void              outbox_test_status_set_running   (OutboxTestStatus *self,
                                                    const char       *account_id);
void              outbox_test_status_set_report    (OutboxTestStatus *self,
                                                    const char       *account_id,
                                                    OutboxTestReport *report);
void              outbox_test_status_forget        (OutboxTestStatus *self,
                                                    const char       *account_id);
OutboxTestState   outbox_test_status_get_state     (OutboxTestStatus *self,
                                                    const char       *account_id);
OutboxTestReport *outbox_test_status_get_report    (OutboxTestStatus *self,
                                                    const char       *account_id);
const char       *outbox_test_state_get_icon_name  (OutboxTestState   state);

G_END_DECLS
