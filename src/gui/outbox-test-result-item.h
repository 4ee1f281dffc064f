/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One account in the results of "Test All": its report and its notices. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_RESULT_ITEM (outbox_test_result_item_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestResultItem, outbox_test_result_item, OUTBOX, TEST_RESULT_ITEM,
                      GObject)

OutboxTestResultItem *outbox_test_result_item_new         (OutboxAccount        *account,
                                                           OutboxTestReport     *report);
OutboxAccount        *outbox_test_result_item_get_account (OutboxTestResultItem *self);
OutboxTestReport     *outbox_test_result_item_get_report  (OutboxTestResultItem *self);
gboolean              outbox_test_result_item_get_success (OutboxTestResultItem *self);
const char           *outbox_test_result_item_get_description (OutboxTestResultItem *self);
GPtrArray            *outbox_test_result_item_get_notices (OutboxTestResultItem *self);
void                  outbox_test_result_item_add_notices (OutboxTestResultItem *self,
                                                           GPtrArray            *notices);

G_END_DECLS
