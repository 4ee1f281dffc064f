/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The error domain of SMTP tests and the names of their steps. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include "outbox-smtp-error.h"

G_DEFINE_QUARK (outbox-smtp-error-quark, outbox_smtp_error)

/**
 * outbox_smtp_step_to_string:
 * @step: a step of an SMTP test
 *
 * Returns: a stable, untranslated name of @step ("resolving", "connecting",
 *   …), as in the JSON output of `outboxctl test --json`.
 */
const char *
outbox_smtp_step_to_string (OutboxSmtpStep step)
{
  switch (step)
    {
    case OUTBOX_SMTP_STEP_RESOLVING: return "resolving";
    case OUTBOX_SMTP_STEP_CONNECTING: return "connecting";
    case OUTBOX_SMTP_STEP_GREETING: return "greeting";
    case OUTBOX_SMTP_STEP_SECURING: return "securing";
    case OUTBOX_SMTP_STEP_AUTHENTICATING: return "authenticating";
    case OUTBOX_SMTP_STEP_SENDING: return "sending";
    case OUTBOX_SMTP_STEP_DONE: return "done";
    default: g_return_val_if_reached (NULL);
    }
}
