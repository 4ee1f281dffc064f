/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests many accounts at once, the pre-campaign check: a few at a time per
 * server, many servers in parallel, one report per account. */

#pragma once

#include <gio/gio.h>

#include "outbox-account.h"
#include "outbox-secrets.h"
#include "outbox-smtp-error.h"
#include "outbox-test-report.h"

G_BEGIN_DECLS

/* How many tests run at once in all, against one host and port, and with
 * one login at one host and port; docs/smtp-session.md ("Test all: how many
 * at once") says why these numbers. */
#define OUTBOX_TEST_BATCH_DEFAULT_MAX_RUNNING    64
#define OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_SERVER 20
#define OUTBOX_TEST_BATCH_DEFAULT_MAX_PER_LOGIN  3

#define OUTBOX_TYPE_TEST_BATCH (outbox_test_batch_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestBatch, outbox_test_batch, OUTBOX, TEST_BATCH, GObject)

OutboxTestBatch  *outbox_test_batch_new                (GListModel          *accounts,
                                                        OutboxSecrets       *secrets);
OutboxTestBatch  *outbox_test_batch_new_for_array      (GPtrArray           *accounts,
                                                        OutboxSecrets       *secrets);

guint             outbox_test_batch_get_n_accounts     (OutboxTestBatch     *self);
OutboxAccount    *outbox_test_batch_get_account        (OutboxTestBatch     *self,
                                                        guint                position);
OutboxTestReport *outbox_test_batch_get_report         (OutboxTestBatch     *self,
                                                        guint                position);
guint             outbox_test_batch_get_n_finished     (OutboxTestBatch     *self);
guint             outbox_test_batch_get_n_running      (OutboxTestBatch     *self);

void              outbox_test_batch_set_max_running    (OutboxTestBatch     *self,
                                                        guint                max_running);
guint             outbox_test_batch_get_max_running    (OutboxTestBatch     *self);
void              outbox_test_batch_set_max_per_server (OutboxTestBatch     *self,
                                                        guint                max_per_server);
guint             outbox_test_batch_get_max_per_server (OutboxTestBatch     *self);
void              outbox_test_batch_set_max_per_login  (OutboxTestBatch     *self,
                                                        guint                max_per_login);
guint             outbox_test_batch_get_max_per_login  (OutboxTestBatch     *self);
void              outbox_test_batch_set_recipient      (OutboxTestBatch     *self,
                                                        const char          *recipient);
const char       *outbox_test_batch_get_recipient      (OutboxTestBatch     *self);
void              outbox_test_batch_set_tls_database   (OutboxTestBatch     *self,
                                                        GTlsDatabase        *database);
GTlsDatabase     *outbox_test_batch_get_tls_database   (OutboxTestBatch     *self);
void              outbox_test_batch_set_allow_plaintext_password (OutboxTestBatch *self,
                                                        gboolean             allow);
gboolean          outbox_test_batch_get_allow_plaintext_password (OutboxTestBatch *self);
void              outbox_test_batch_set_password       (OutboxTestBatch     *self,
                                                        guint                position,
                                                        const char          *password);

void              outbox_test_batch_run_async          (OutboxTestBatch     *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray        *outbox_test_batch_run_finish         (OutboxTestBatch     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
