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

G_END_DECLS
