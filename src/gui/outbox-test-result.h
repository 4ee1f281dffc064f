/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a finished account test found: what the server told, or what went
 * wrong and what to do about it. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

/* The key under which each fix button holds its OutboxFix. */
#define OUTBOX_TEST_RESULT_FIX_KEY "outbox-fix"

#define OUTBOX_TYPE_TEST_RESULT (outbox_test_result_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestResult, outbox_test_result, OUTBOX, TEST_RESULT, AdwBin)

void     outbox_test_result_clear             (OutboxTestResult *self);
void     outbox_test_result_show              (OutboxTestResult *self,
                                               OutboxTestReport *report,
                                               OutboxAccount    *account);
gboolean outbox_test_result_get_offers_retry  (OutboxTestResult *self);
const char *outbox_test_result_get_page       (OutboxTestResult *self);

G_END_DECLS
