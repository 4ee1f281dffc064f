/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One account in the results of "Test All": its result and its notices. */

#pragma once

#include <adwaita.h>

#include "outbox-test-result-item.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_RESULT_ROW (outbox_test_result_row_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestResultRow, outbox_test_result_row, OUTBOX, TEST_RESULT_ROW,
                      GtkWidget)

GtkWidget            *outbox_test_result_row_new      (void);
OutboxTestResultItem *outbox_test_result_row_get_item (OutboxTestResultRow  *self);
void                  outbox_test_result_row_set_item (OutboxTestResultRow  *self,
                                                       OutboxTestResultItem *item);

G_END_DECLS
