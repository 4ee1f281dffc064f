/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the SMTP session tests: a test account, running a session to
 * the end, and the test-local scenarios of tests/smtp/session_scenarios.py. */

#pragma once

#include "outbox.h"
#include "outbox-test-servers.h"

G_BEGIN_DECLS

#define SMTP_TEST_USER     "billing@example.gr"
#define SMTP_TEST_PASSWORD "S3cret-πάσ$wörd"
#define SMTP_TEST_SENDER_NAME "Λογιστήριο Παπαδόπουλος"
#define SMTP_TEST_ACCOUNT_NAME "Τιμολόγια"

typedef struct
{
  OutboxTestReport *report;
  GError           *error;
  GArray           *steps;        /* OutboxSmtpStep, in the order emitted */
  gint64            elapsed_ms;   /* from run_async to the callback */
} SmtpRun;

OutboxAccount     *smtp_test_account_new    (OutboxSecurity     security,
                                             guint              port,
                                             OutboxAuth         auth);
OutboxSmtpSession *smtp_test_session_new    (OutboxAccount     *account,
                                             const char        *password);
/* Runs to the end; cancels when @cancel_at is emitted (pass -1 for never). */
SmtpRun           *smtp_test_run            (OutboxSmtpSession *session,
                                             GCancellable      *cancellable,
                                             int                cancel_at);
/* The usual test in one call: smtp_test_account_new (@security, the
 * server's "port", password sign-in), @password (or NULL), run to the end;
 * @received gets what the server received on the first connection, once
 * the client has gone. */
SmtpRun           *smtp_test_run_on         (OutboxTestServer  *server,
                                             OutboxSecurity     security,
                                             const char        *password,
                                             char             **received);
void               smtp_run_free            (SmtpRun           *run);
void               smtp_run_assert_success  (SmtpRun           *run);
void               smtp_run_assert_failed   (SmtpRun           *run,
                                             OutboxSmtpStep     step,
                                             OutboxSmtpError    code);
char              *smtp_run_dump            (SmtpRun           *run);
gboolean           smtp_run_transcript_has  (SmtpRun           *run,
                                             OutboxTranscriptDirection direction,
                                             const char        *prefix);

/* A fault server from tests/smtp/session_scenarios.py (the fixtures'
 * scenarios plus the local ones): an OutboxTestServer like any other. */
typedef OutboxTestServer LocalServer;

LocalServer       *local_server_start       (const char        *scenario,
                                             gboolean           with_tls,
                                             gboolean           implicit_tls);
guint              local_server_get_port    (LocalServer       *self);
/* Everything the client sent on connection @conn (1 = first), as text. */
char              *local_server_received    (LocalServer       *self,
                                             guint              conn);
/* The "recv" chunks of connection @conn, each as one string. */
GPtrArray         *local_server_chunks      (LocalServer       *self,
                                             guint              conn);
gboolean           local_server_has_event   (LocalServer       *self,
                                             guint              conn,
                                             const char        *event);
void               local_server_stop        (LocalServer       *self);

/* What a fault server (or a local one) received on the first connection,
 * once it has seen the client go. */
char              *smtp_server_received_when_closed (OutboxTestServer *server,
                                                     LocalServer      *local);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmtpRun, smtp_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LocalServer, outbox_test_server_stop)

G_END_DECLS
