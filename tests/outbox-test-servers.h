/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test fixtures: the SMTP servers of tests/smtp/ started as child processes
 * on 127.0.0.1, the certificates they present, and readers for what they
 * received. Plain functions, for GTest programs only. */

#pragma once

#include <gio/gio.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>

#include "outbox-util-private.h"   /* g_autoptr for GMime types */

G_BEGIN_DECLS

/* --- Certificates (tests/smtp/make-certs.sh) ----------------------------
 * Made once per test process into a temporary directory that is removed at
 * exit (or into $OUTBOX_TEST_CERTS_DIR when set, and kept). Names: "ca",
 * "server", "wrong-name", "expired", "self-signed", "unknown-root",
 * "other-ca", "renewed", "second-ca", "other-issuer", "expiring"; files
 * NAME.pem and NAME-key.pem; trusted.pem holds the CA and second-ca. */
const char   *outbox_test_certs_dir            (void);
char         *outbox_test_cert_path            (const char *name);
/* SHA-256 of the certificate's DER as 64 lowercase hex digits. */
char         *outbox_test_cert_fingerprint     (const char *name);
/* A database trusting only the test CA (certs_dir/ca.pem), for the engine's
 * TLS connections; NULL certs_dir means outbox_test_certs_dir(). */
GTlsDatabase *outbox_test_tls_database_new     (const char *certs_dir);
/* A certificate directory of the program's own, with "server" re-issued for
 * @names (NULL-terminated; the first is the common name) and still for
 * localhost; see outbox-test-servers.c. */
char         *outbox_test_private_certs_dir    (const char         *prefix,
                                                const char * const *names,
                                                guint               serial);
/* Removes a directory tree a test made (no symlinks followed). */
void          outbox_test_remove_tree          (const char *path);

/* --- Servers --------------------------------------------------------------- */
typedef struct _OutboxTestServer OutboxTestServer;

/* tests/smtp/smtp_server.py (aiosmtpd): ports "plain", "starttls", "tls". */
typedef struct
{
  const char *user;          /* the one login AUTH accepts; NULL: every AUTH fails */
  const char *password;      /* goes to a 0600 file, never on a command line */
  gboolean    require_auth;  /* MAIL needs AUTH first (530 otherwise) */
  gboolean    plain_auth;    /* offer and accept AUTH on the plain port too */
  gboolean    no_pipelining;
  gboolean    no_smtputf8;
  guint64     size;          /* SIZE limit; 0: the server's default, 33554432 */
  gboolean    no_size;       /* advertise no SIZE and enforce no limit */
  const char *cert;          /* certificate kind; NULL: "server" */
} OutboxTestSmtpOptions;

/* tests/smtp/fault_server.py SCENARIO: one port, "port". */
typedef struct
{
  const char *cert;          /* certificate kind; NULL: "server" */
  gboolean    no_tls;        /* no certificates: no STARTTLS, no implicit TLS */
  gboolean    implicit_tls;  /* TLS from the first byte */
} OutboxTestFaultOptions;

/* Both start the server, wait (at most 20 s) for its ready line and abort
 * the test program if it does not come. options may be NULL. */
OutboxTestServer *outbox_test_smtp_server_start  (const OutboxTestSmtpOptions  *options);
OutboxTestServer *outbox_test_fault_server_start (const char                   *scenario,
                                                  const OutboxTestFaultOptions *options);

/* The same for a script of tests/smtp/ built on fault_server.py (same
 * command line, ready line and log) that adds scenarios of its own, such as
 * "session_scenarios.py". */
OutboxTestServer *outbox_test_fault_server_start_from (const char                   *script,
                                                       const char                   *scenario,
                                                       const OutboxTestFaultOptions *options);

/* A port from the ready line: "plain", "starttls", "tls" (smtp server) or
 * "port" (fault server). Aborts when the server has no such port. */
guint             outbox_test_server_get_port    (OutboxTestServer *self,
                                                  const char       *name);
/* The temporary directory holding spool/, the log and the password file. */
const char       *outbox_test_server_get_dir     (OutboxTestServer *self);
const char       *outbox_test_server_get_spool_dir (OutboxTestServer *self);
const char       *outbox_test_server_get_log_path  (OutboxTestServer *self);

/* SIGTERM, wait (SIGKILL after 5 s), remove the temporary directory, free.
 * NULL is ignored. */
void              outbox_test_server_stop        (OutboxTestServer *self);

/* --- What the smtp server received ------------------------------------------ */
/* Full paths of spool/NNN.eml in order of arrival. */
GPtrArray        *outbox_test_server_list_messages (OutboxTestServer *self);
/* Waits up to timeout_ms for at least n messages in the spool. */
gboolean          outbox_test_server_wait_messages (OutboxTestServer *self,
                                                    guint             n,
                                                    guint             timeout_ms);
/* The exact bytes received (after dot-unstuffing). */
GBytes           *outbox_test_spool_read_raw       (const char *eml_path);
GMimeMessage     *outbox_test_spool_parse          (const char *eml_path);
/* NNN.json next to NNN.eml: mail_from, rcpt_tos, mail_options,
 * auth_mechanism, login, tls, tls_version, port, helo. */
JsonObject       *outbox_test_spool_read_envelope  (const char *eml_path);

/* --- What the fault server saw (its --log) ------------------------------- */
/* Every log entry (JsonObject *), in order. */
GPtrArray        *outbox_test_server_read_log      (OutboxTestServer *self);
/* The "recv" chunks (GBytes *) exactly as read, in order; conn 0 = all
 * connections, else only that connection (1 is the first). */
GPtrArray        *outbox_test_server_get_received  (OutboxTestServer *self,
                                                    guint             conn);
/* All received bytes of conn (0 = all) as one NUL-terminated string. */
char             *outbox_test_server_get_received_text (OutboxTestServer *self,
                                                        guint             conn);
/* Waits up to timeout_ms for a log entry of @event ("eof", "close", …) on
 * conn (0 = any connection); the server logs asynchronously. */
gboolean          outbox_test_server_wait_event    (OutboxTestServer *self,
                                                    guint             conn,
                                                    const char       *event,
                                                    guint             timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxTestServer, outbox_test_server_stop)

G_END_DECLS
