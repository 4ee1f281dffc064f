/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fields of an OutboxAccount, shared by the object (outbox-account.c)
 * and its validation (outbox-account-validate.c). */

#pragma once

#include "outbox-account.h"

G_BEGIN_DECLS

struct _OutboxAccount
{
  GObject         parent_instance;

  char           *id;
  char           *name;
  char           *sender_name;
  char           *sender_address;
  char           *reply_to;
  char           *host;
  guint           port;
  OutboxSecurity  security;
  guint           timeout;
  OutboxAuth      auth;
  char           *username;
  char           *smtp_username;
  char           *pinned_certificate_sha256;
  JsonObject     *extra;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SENDER_NAME,
  PROP_SENDER_ADDRESS,
  PROP_REPLY_TO,
  PROP_HOST,
  PROP_PORT,
  PROP_SECURITY,
  PROP_TIMEOUT,
  PROP_AUTH,
  PROP_USERNAME,
  PROP_SMTP_USERNAME,
  PROP_PINNED_CERTIFICATE_SHA256,
  N_PROPS
};

/* Text properties, in the order the editor and the JSON file show them. */
static const guint text_props[] = {
  PROP_NAME, PROP_SENDER_NAME, PROP_SENDER_ADDRESS, PROP_REPLY_TO, PROP_HOST,
  PROP_USERNAME, PROP_SMTP_USERNAME, PROP_PINNED_CERTIFICATE_SHA256,
};

char       **_outbox_account_text_field (OutboxAccount *self,
                                        guint          prop_id);
GParamSpec  *_outbox_account_get_pspec  (guint          prop_id);
char        *_outbox_account_check_host (const char    *host);

G_END_DECLS
