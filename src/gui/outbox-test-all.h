/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Test All": every account tested, several at once, with progress and a
 * way to stop, ending in the results window. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-test-status.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_ALL (outbox_test_all_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestAll, outbox_test_all, OUTBOX, TEST_ALL, GtkWidget)

void               outbox_test_all_run          (OutboxTestAll    *self,
                                                 GListModel       *accounts,
                                                 OutboxSecrets    *secrets,
                                                 OutboxTestStatus *status);
void               outbox_test_all_cancel       (OutboxTestAll    *self);
gboolean           outbox_test_all_get_running  (OutboxTestAll    *self);
GtkWindow         *outbox_test_all_get_results  (OutboxTestAll    *self);

G_END_DECLS
