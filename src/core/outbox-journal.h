/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What Outbox remembers about each account between tests: the server's
 * certificate (the certificate watch) and the last results (the history),
 * in $XDG_STATE_HOME/outbox/journal.json. Never a secret. */

#pragma once

#include <gio/gio.h>

#include "outbox-account.h"
#include "outbox-certificate-info.h"
#include "outbox-history-entry.h"
#include "outbox-notice.h"
#include "outbox-test-report.h"

G_BEGIN_DECLS

/* Results kept per account, and accounts kept at most. */
#define OUTBOX_JOURNAL_MAX_ENTRIES  20
#define OUTBOX_JOURNAL_MAX_ACCOUNTS 1000

#define OUTBOX_TYPE_JOURNAL (outbox_journal_get_type ())

G_DECLARE_FINAL_TYPE (OutboxJournal, outbox_journal, OUTBOX, JOURNAL, GObject)

/* @file: NULL for outbox_journal_get_default_file(). */
OutboxJournal      *outbox_journal_new               (GFile               *file);
GFile              *outbox_journal_get_default_file  (void);
GFile              *outbox_journal_get_file          (OutboxJournal       *self);

/* Reads the file. A missing, unreadable, oversized or broken file is not an
 * error: it is ignored with a warning and the journal starts empty (it is
 * only a memory of past tests). Fails only when cancelled. */
void                outbox_journal_load_async        (OutboxJournal       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            outbox_journal_load_finish       (OutboxJournal       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean            outbox_journal_load              (OutboxJournal       *self,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

/* Writes the file atomically (0600), in a worker thread for the async one. */
void                outbox_journal_save_async        (OutboxJournal       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            outbox_journal_save_finish       (OutboxJournal       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean            outbox_journal_save              (OutboxJournal       *self,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

/* Remembers @report of @account (in memory; save afterwards, or use the
 * async form, which saves). @now: NULL for the current time.
 * Returns (transfer full) (element-type OutboxNotice): the certificate
 * notices of this test: a change since the previous test, an expiry soon.
 * Emits ::changed with the account's id. */
GPtrArray          *outbox_journal_record            (OutboxJournal       *self,
                                                      OutboxAccount       *account,
                                                      OutboxTestReport    *report,
                                                      GDateTime           *now);
/* Records, then saves; a failure to save is only logged (g_warning): the
 * notices are returned all the same. */
void                outbox_journal_record_async      (OutboxJournal       *self,
                                                      OutboxAccount       *account,
                                                      OutboxTestReport    *report,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray          *outbox_journal_record_finish     (OutboxJournal       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Forgets the history and certificate of an account (in memory; save
 * afterwards). Emits ::changed when there was something to forget. */
gboolean            outbox_journal_forget            (OutboxJournal       *self,
                                                      const char          *account_id);

/* (transfer full) (element-type OutboxHistoryEntry): newest first. */
GPtrArray          *outbox_journal_get_history       (OutboxJournal       *self,
                                                      const char          *account_id);
/* (transfer none) (nullable): the newest entry. */
const OutboxHistoryEntry *outbox_journal_get_last    (OutboxJournal       *self,
                                                      const char          *account_id);
/* (transfer none) (nullable): the certificate of the last test that
 * reached TLS and accepted it. */
OutboxCertificateInfo *outbox_journal_get_certificate (OutboxJournal      *self,
                                                      const char          *account_id);
/* (transfer full) (element-type OutboxNotice): what the account's row shows
 * between tests: the change the last test saw (if any) and how soon the
 * remembered certificate expires, as of @now (NULL: the current time). */
GPtrArray          *outbox_journal_get_notices       (OutboxJournal       *self,
                                                      const char          *account_id,
                                                      GDateTime           *now);

G_END_DECLS
