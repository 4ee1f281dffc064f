/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One sender identity: who it sends as, which SMTP server, how it signs in. */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "outbox-types.h"
#include "outbox-enums.h"

G_BEGIN_DECLS

/* Limits that keep a field readable and a header line within RFC 5322. */
#define OUTBOX_ACCOUNT_MAX_TEXT     256
#define OUTBOX_ACCOUNT_MAX_HOST     253
#define OUTBOX_ACCOUNT_MIN_TIMEOUT  5
#define OUTBOX_ACCOUNT_MAX_TIMEOUT  300
#define OUTBOX_ACCOUNT_DEFAULT_TIMEOUT 30

#define OUTBOX_TYPE_ACCOUNT (outbox_account_get_type ())

G_DECLARE_FINAL_TYPE (OutboxAccount, outbox_account, OUTBOX, ACCOUNT, GObject)

OutboxAccount  *outbox_account_new                    (void);
OutboxAccount  *outbox_account_new_with_id            (const char     *id);
OutboxAccount  *outbox_account_copy                   (OutboxAccount  *self);
OutboxAccount  *outbox_account_duplicate              (OutboxAccount  *self);
void            outbox_account_assign                 (OutboxAccount  *self,
                                                       OutboxAccount  *other);
gboolean        outbox_account_equal                  (OutboxAccount  *self,
                                                       OutboxAccount  *other);

const char     *outbox_account_get_id                 (OutboxAccount  *self);
const char     *outbox_account_get_name               (OutboxAccount  *self);
void            outbox_account_set_name               (OutboxAccount  *self,
                                                       const char     *name);
const char     *outbox_account_get_sender_name        (OutboxAccount  *self);
void            outbox_account_set_sender_name        (OutboxAccount  *self,
                                                       const char     *sender_name);
const char     *outbox_account_get_sender_address     (OutboxAccount  *self);
void            outbox_account_set_sender_address     (OutboxAccount  *self,
                                                       const char     *sender_address);
const char     *outbox_account_get_reply_to           (OutboxAccount  *self);
void            outbox_account_set_reply_to           (OutboxAccount  *self,
                                                       const char     *reply_to);
const char     *outbox_account_get_host               (OutboxAccount  *self);
void            outbox_account_set_host               (OutboxAccount  *self,
                                                       const char     *host);
guint           outbox_account_get_port               (OutboxAccount  *self);
void            outbox_account_set_port               (OutboxAccount  *self,
                                                       guint           port);
OutboxSecurity  outbox_account_get_security           (OutboxAccount  *self);
void            outbox_account_set_security           (OutboxAccount  *self,
                                                       OutboxSecurity  security);
guint           outbox_account_get_timeout            (OutboxAccount  *self);
void            outbox_account_set_timeout            (OutboxAccount  *self,
                                                       guint           timeout);
OutboxAuth      outbox_account_get_auth               (OutboxAccount  *self);
void            outbox_account_set_auth               (OutboxAccount  *self,
                                                       OutboxAuth      auth);
const char     *outbox_account_get_username           (OutboxAccount  *self);
void            outbox_account_set_username           (OutboxAccount  *self,
                                                       const char     *username);
const char     *outbox_account_get_smtp_username      (OutboxAccount  *self);
void            outbox_account_set_smtp_username      (OutboxAccount  *self,
                                                       const char     *smtp_username);
const char     *outbox_account_get_pinned_certificate_sha256 (OutboxAccount *self);
void            outbox_account_set_pinned_certificate_sha256 (OutboxAccount *self,
                                                              const char    *fingerprint);

/* The login the SMTP session signs in with (username or smtp-username, per
 * auth), or NULL when the account signs in with nothing. */
const char     *outbox_account_get_login              (OutboxAccount  *self);

/* Keys of the JSON object this account was loaded from that Outbox does not
 * know; kept so that a save by this version loses nothing a newer one wrote. */
JsonObject     *outbox_account_get_extra              (OutboxAccount  *self);
void            outbox_account_set_extra              (OutboxAccount  *self,
                                                       JsonObject     *extra);

GHashTable     *outbox_account_validate               (OutboxAccount  *self);
char           *outbox_account_check_property         (const char     *property,
                                                       const GValue   *value);

guint           outbox_security_default_port          (OutboxSecurity  security);
const char     *outbox_security_to_string             (OutboxSecurity  security);
gboolean        outbox_security_from_string           (const char     *str,
                                                       OutboxSecurity *security);
const char     *outbox_auth_to_string                 (OutboxAuth      auth);
gboolean        outbox_auth_from_string               (const char     *str,
                                                       OutboxAuth     *auth);

G_END_DECLS
