/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of an OutboxTestBatch, shared by the object
 * (outbox-test-batch.c) and its scheduling (outbox-test-batch-run.c). */

#pragma once

#include "outbox-smtp-session.h"
#include "outbox-test-batch.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_BATCH_JOB_PENDING,
  OUTBOX_BATCH_JOB_RUNNING,
  OUTBOX_BATCH_JOB_DONE,
} OutboxBatchJobState;

typedef struct _OutboxBatchServer OutboxBatchServer;
typedef struct _OutboxBatchLogin  OutboxBatchLogin;

typedef struct
{
  OutboxTestBatch     *batch;      /* not a reference: the run's task holds one */
  guint                position;
  OutboxBatchJobState  state;
  OutboxAccount       *account;
  OutboxBatchLogin    *login;
  OutboxSmtpSession   *session;
  gulong               step_id;
  OutboxTestReport    *report;
} OutboxBatchJob;

/* The accounts that share one host and port. */
struct _OutboxBatchServer
{
  guint          running;
  GSequence     *ready_logins;  /* OutboxBatchLogin *, by the position of its next job */
  GSequenceIter *ready_iter;    /* in batch->ready while it may start a test */
};

/* The accounts of one server that sign in with the same login (each
 * account without one is a group of its own). */
struct _OutboxBatchLogin
{
  OutboxBatchServer *server;
  guint              running;
  GQueue             pending;    /* OutboxBatchJob *, in list order */
  GSequenceIter     *ready_iter; /* in server->ready_logins while it has a free turn */
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
  guint          max_per_login;
  GPtrArray     *passwords;     /* char *, by position, NULL where none was given */

  /* The run (a batch runs once). */
  GTask         *task;
  GPtrArray     *jobs;          /* OutboxBatchJob *, in list order */
  GHashTable    *servers;       /* "host:port" → OutboxBatchServer */
  GHashTable    *logins;        /* "host:port login" → OutboxBatchLogin */
  GSequence     *ready;         /* OutboxBatchServer *, by the position of its next job */
  guint          running;
  guint          finished;
  gboolean       scheduling;
};

void _outbox_test_batch_start         (OutboxTestBatch  *self);
void _outbox_test_batch_secret_free   (char             *secret);
void _outbox_test_batch_emit_started  (OutboxTestBatch  *self,
                                       OutboxAccount    *account);
void _outbox_test_batch_emit_step     (OutboxTestBatch  *self,
                                       OutboxAccount    *account,
                                       OutboxSmtpStep    step);
void _outbox_test_batch_emit_finished (OutboxTestBatch  *self,
                                       OutboxAccount    *account,
                                       OutboxTestReport *report);

G_END_DECLS
