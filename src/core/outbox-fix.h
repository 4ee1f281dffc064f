/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One suggested fix for a failed test: a label a person reads, and maybe a
 * change to the account that one click applies. */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "outbox-types.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_FIX_ADVICE,   /* words only: something the person does elsewhere */
  OUTBOX_FIX_RETRY,    /* nothing to change: run the test again (later) */
  OUTBOX_FIX_CHANGE,   /* changes settings of the account */
  OUTBOX_FIX_TRUST,    /* pins a certificate: apply only after an explicit confirmation */
} OutboxFixKind;

/* Which settings a fix changes. */
typedef enum /*< flags >*/
{
  OUTBOX_FIX_FIELD_NONE               = 0,
  OUTBOX_FIX_FIELD_SECURITY           = 1 << 0,
  OUTBOX_FIX_FIELD_PORT               = 1 << 1,
  OUTBOX_FIX_FIELD_HOST               = 1 << 2,
  OUTBOX_FIX_FIELD_AUTH               = 1 << 3,
  OUTBOX_FIX_FIELD_LOGIN              = 1 << 4,
  OUTBOX_FIX_FIELD_TIMEOUT            = 1 << 5,
  OUTBOX_FIX_FIELD_SENDER_ADDRESS     = 1 << 6,
  OUTBOX_FIX_FIELD_PINNED_CERTIFICATE = 1 << 7,
} OutboxFixFields;

#define OUTBOX_TYPE_FIX (outbox_fix_get_type ())

G_DECLARE_FINAL_TYPE (OutboxFix, outbox_fix, OUTBOX, FIX, GObject)

OutboxFix       *outbox_fix_new_advice         (const char     *id,
                                                const char     *label);
OutboxFix       *outbox_fix_new_retry          (const char     *label);
OutboxFix       *outbox_fix_new_security       (OutboxSecurity  security,
                                                guint           port);
OutboxFix       *outbox_fix_new_host           (const char     *host,
                                                const char     *label);
OutboxFix       *outbox_fix_new_auth           (OutboxAuth      auth);
OutboxFix       *outbox_fix_new_login          (const char     *login);
OutboxFix       *outbox_fix_new_timeout        (guint           seconds);
OutboxFix       *outbox_fix_new_sender_address (const char     *address);
OutboxFix       *outbox_fix_new_pin            (const char     *sha256);

/* A stable, untranslated name of what the fix does, for scripts and
 * tests: "security=tls,port=465", "host=ssl0.ovh.net", "auth=password",
 * "login=joe", "timeout=60", "sender-address=a@b", "pin=<hex>", "retry",
 * "advice:<name>". */
const char      *outbox_fix_get_id             (OutboxFix      *self);
OutboxFixKind    outbox_fix_get_kind           (OutboxFix      *self);
const char      *outbox_fix_get_label          (OutboxFix      *self);
OutboxFixFields  outbox_fix_get_fields         (OutboxFix      *self);
OutboxSecurity   outbox_fix_get_security       (OutboxFix      *self);
guint            outbox_fix_get_port           (OutboxFix      *self);
const char      *outbox_fix_get_host           (OutboxFix      *self);
OutboxAuth       outbox_fix_get_auth           (OutboxFix      *self);
const char      *outbox_fix_get_login          (OutboxFix      *self);
guint            outbox_fix_get_timeout        (OutboxFix      *self);
const char      *outbox_fix_get_sender_address (OutboxFix      *self);
const char      *outbox_fix_get_fingerprint    (OutboxFix      *self);

/* Applies the change to @account; TRUE when a setting changed. The login
 * goes to the SMTP username when the account signs in with a separate
 * login, to the username otherwise. Advice and retry change nothing. */
gboolean         outbox_fix_apply              (OutboxFix      *self,
                                                OutboxAccount  *account);
JsonNode        *outbox_fix_to_json            (OutboxFix      *self);

G_END_DECLS
