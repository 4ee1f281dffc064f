/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The journal's file: its records in memory and their JSON form. */

#pragma once

#include "outbox-journal.h"

G_BEGIN_DECLS

typedef struct
{
  char                  *host;         /* the server the certificate came from */
  OutboxCertificateInfo *certificate;  /* of the last test that accepted one */
  OutboxCertificateInfo *previous;     /* set when that test saw a change */
  GPtrArray             *history;      /* OutboxHistoryEntry, oldest first */
} Record;

Record     *_outbox_journal_record_new       (void);
void        _outbox_journal_record_free      (Record      *record);
/* account id → Record */
GHashTable *_outbox_journal_records_new      (void);
gboolean    _outbox_journal_valid_id         (const char  *id);
/* Never fails: what cannot be read is reported and treated as empty. */
GHashTable *_outbox_journal_read_records     (const char  *path);
char       *_outbox_journal_records_to_data  (GHashTable  *records,
                                              gsize       *length);

/* A change not yet written (outbox-journal-merge.c): a test recorded
 * (@entry set) or an account forgotten (@entry NULL). Immutable,
 * reference-counted. */
typedef struct
{
  guint64                seq;       /* this process's order of changes, from 1 */
  char                  *id;
  OutboxHistoryEntry    *entry;
  gboolean               certificate_learned;
  char                  *host;
  OutboxCertificateInfo *certificate;
  OutboxCertificateInfo *previous;
} JournalOp;

JournalOp  *_outbox_journal_op_new_record    (guint64                   seq,
                                              const char               *id,
                                              const Record             *record,
                                              const OutboxHistoryEntry *entry,
                                              gboolean                  certificate_learned);
JournalOp  *_outbox_journal_op_new_forget    (guint64      seq,
                                              const char  *id);
JournalOp  *_outbox_journal_op_ref           (JournalOp   *op);
void        _outbox_journal_op_unref         (JournalOp   *op);
void        _outbox_journal_op_apply         (const JournalOp *op,
                                              GHashTable  *records);
GHashTable *_outbox_journal_records_apply    (GHashTable  *base,
                                              GPtrArray   *ops);
void        _outbox_journal_add_entry        (Record      *record,
                                              OutboxHistoryEntry *entry);
void        _outbox_journal_prune            (GHashTable  *records,
                                              const char  *keep);
int         _outbox_journal_lock             (const char  *path,
                                              GError     **error);
void        _outbox_journal_unlock           (int          fd);

G_END_DECLS
