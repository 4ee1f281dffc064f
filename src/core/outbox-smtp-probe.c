/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A probe: an OutboxSmtpSession that reads the greeting, the EHLO reply,
 * STARTTLS and the certificate, and never signs in nor sends a message.
 * Autodetection, the window's "Check Server" and `outboxctl probe` all
 * ask a server this way. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include "outbox-smtp-probe.h"

/**
 * outbox_smtp_probe_new:
 * @host: the server
 * @port: its port
 * @security: how to secure the connection
 * @timeout: seconds the server may take for each step
 * @database: (nullable): the certificate authorities to trust, or %NULL
 *   for the system's
 *
 * Returns: (transfer full): a session to run with
 *   outbox_smtp_session_run_async(); its account
 *   (outbox_smtp_session_get_account()) has no name.
 */
OutboxSmtpSession *
outbox_smtp_probe_new (const char     *host,
                       guint           port,
                       OutboxSecurity  security,
                       guint           timeout,
                       GTlsDatabase   *database)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  OutboxSmtpSession *session;

  /* No sign-in and no password: the probe only reads what the server says. */
  outbox_account_set_host (account, host);
  outbox_account_set_security (account, security);
  outbox_account_set_port (account, port);
  outbox_account_set_auth (account, OUTBOX_AUTH_NONE);
  outbox_account_set_timeout (account, timeout);

  session = outbox_smtp_session_new (account);
  outbox_smtp_session_set_probe_only (session, TRUE);
  if (database)
    outbox_smtp_session_set_tls_database (session, database);
  return session;
}
