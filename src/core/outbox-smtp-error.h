/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The steps of an SMTP test and the ways it can fail. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OUTBOX_SMTP_ERROR (outbox_smtp_error_quark ())

/* One code per failure a person can act on; the diagnosis matches on these. */
typedef enum
{
  OUTBOX_SMTP_ERROR_DNS,                 /* the server name does not resolve */
  OUTBOX_SMTP_ERROR_REFUSED,             /* connection refused */
  OUTBOX_SMTP_ERROR_NETWORK,             /* unreachable network or host, reset before greeting */
  OUTBOX_SMTP_ERROR_TIMEOUT,             /* a wait went past the account's timeout */
  OUTBOX_SMTP_ERROR_TLS_HANDSHAKE,       /* TLS could not be negotiated */
  OUTBOX_SMTP_ERROR_CERTIFICATE,         /* the certificate was not accepted */
  OUTBOX_SMTP_ERROR_STARTTLS_MISSING,    /* starttls chosen but not offered or refused */
  OUTBOX_SMTP_ERROR_PLAINTEXT_REFUSED,   /* would have sent a password unencrypted */
  OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE,  /* the greeting was 421/554: the server refuses service */
  OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED,    /* credentials configured, no usable AUTH offered */
  OUTBOX_SMTP_ERROR_AUTH_FAILED,         /* the server rejected the login */
  OUTBOX_SMTP_ERROR_SENDER_REJECTED,     /* MAIL FROM refused */
  OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,  /* RCPT TO refused */
  OUTBOX_SMTP_ERROR_MESSAGE_REJECTED,    /* DATA or the message refused */
  OUTBOX_SMTP_ERROR_TOO_LARGE,           /* over the server's SIZE limit */
  OUTBOX_SMTP_ERROR_PROTOCOL,            /* malformed, oversized or unexpected replies */
  OUTBOX_SMTP_ERROR_CANCELLED,           /* the user cancelled */
  OUTBOX_SMTP_ERROR_INVALID_SETTINGS,    /* the account does not validate: nothing was sent */
} OutboxSmtpError;

/* The stages a test goes through, in order; the report names the one that failed. */
typedef enum
{
  OUTBOX_SMTP_STEP_RESOLVING,
  OUTBOX_SMTP_STEP_CONNECTING,
  OUTBOX_SMTP_STEP_GREETING,
  OUTBOX_SMTP_STEP_SECURING,
  OUTBOX_SMTP_STEP_AUTHENTICATING,
  OUTBOX_SMTP_STEP_SENDING,
  OUTBOX_SMTP_STEP_DONE,
} OutboxSmtpStep;

GQuark      outbox_smtp_error_quark      (void);
const char *outbox_smtp_step_to_string   (OutboxSmtpStep step);

G_END_DECLS
