/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Test Account Settings": one account's test, step by step, and what to
 * do when it fails. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-account-draft.h"
#include "outbox-test-status.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_VIEW (outbox_test_view_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestView, outbox_test_view, OUTBOX, TEST_VIEW, AdwWindow)

OutboxTestView   *outbox_test_view_new          (GtkWindow          *parent,
                                                 OutboxAccountDraft *draft,
                                                 OutboxSecrets      *secrets,
                                                 OutboxTestStatus   *status);
OutboxTestView   *outbox_test_view_open         (GtkWidget          *from,
                                                 OutboxAccountDraft *draft,
                                                 OutboxSecrets      *secrets,
                                                 const char         *account_password,
                                                 const char         *smtp_password);
void              outbox_test_view_set_password (OutboxTestView     *self,
                                                 OutboxSecretKind    kind,
                                                 const char         *password);
void              outbox_test_view_run          (OutboxTestView     *self);
void              outbox_test_view_cancel       (OutboxTestView     *self);
gboolean          outbox_test_view_get_running  (OutboxTestView     *self);
OutboxTestReport *outbox_test_view_get_report   (OutboxTestView     *self);

G_END_DECLS
