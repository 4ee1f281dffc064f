/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outcome of "Test All": one line of summary, then every account. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_RESULTS (outbox_test_results_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestResults, outbox_test_results, OUTBOX, TEST_RESULTS, AdwWindow)

OutboxTestResults *outbox_test_results_new          (GtkWindow        *parent,
                                                     GPtrArray        *accounts,
                                                     GPtrArray        *reports,
                                                     OutboxJournal    *journal);
/* Writes the readiness report: HTML for .html/.htm, JSON for .json. The
 * "Save Report…" button asks for the file, then calls this. */
void               outbox_test_results_save_async   (OutboxTestResults   *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           outbox_test_results_save_finish  (OutboxTestResults   *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
const char        *outbox_test_results_get_summary  (OutboxTestResults *self);
GtkWidget         *outbox_test_results_get_button_box (OutboxTestResults *self);

char              *outbox_test_results_summarize    (GPtrArray        *accounts,
                                                     GPtrArray        *reports);
char              *outbox_test_results_describe      (OutboxTestReport *report,
                                                     OutboxAccount    *account);

G_END_DECLS
