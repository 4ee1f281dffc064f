/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of an OutboxTestBatch, shared by the object
 * (outbox-test-batch.c) and its scheduling (outbox-test-batch-run.c). */

#pragma once

#include "outbox-smtp-session.h"
#include "outbox-test-batch.h"

G_BEGIN_DECLS

typedef enum
{
  JOB_PENDING,
  JOB_RUNNING,
  JOB_DONE,
} JobState;

typedef struct _Server Server;

typedef struct
{
  OutboxTestBatch   *batch;      /* not a reference: the run's task holds one */
  guint              position;
  JobState           state;
  OutboxAccount     *account;
  Server            *server;
  OutboxSmtpSession *session;
  gulong             step_id;
  OutboxTestReport  *report;
} Job;

/* The accounts that share one host and port. */
struct _Server
{
  guint          running;
  GQueue         pending;       /* Job *, in list order */
  GSequenceIter *ready_iter;    /* in batch->ready while it may start a test */
};

struct _OutboxTestBatch
{
  GObject        parent_instance;

  GPtrArray     *accounts;
  OutboxSecrets *secrets;
  char          *recipient;
  GTlsDatabase  *tls_database;
  gboolean       allow_plaintext_password;
  guint          max_running;
  guint          max_per_server;

  /* The run (a batch runs once). */
  GTask         *task;
  GPtrArray     *jobs;          /* Job *, in list order */
  GHashTable    *servers;       /* "host:port" → Server */
  GSequence     *ready;         /* Server *, by the position of its next job */
  guint          running;
  guint          finished;
  gboolean       scheduling;
};

void _outbox_test_batch_start         (OutboxTestBatch  *self);
void _outbox_test_batch_emit_started  (OutboxTestBatch  *self,
                                       OutboxAccount    *account);
void _outbox_test_batch_emit_step     (OutboxTestBatch  *self,
                                       OutboxAccount    *account,
                                       OutboxSmtpStep    step);
void _outbox_test_batch_emit_finished (OutboxTestBatch  *self,
                                       OutboxAccount    *account,
                                       OutboxTestReport *report);

G_END_DECLS
