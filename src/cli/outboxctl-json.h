/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accounts as JSON for --json output and import, with the keys of the
 * accounts file (outbox-account-json.h). Passwords are never part of it. */

#pragma once

#include <json-glib/json-glib.h>

#include "outbox.h"

G_BEGIN_DECLS

/* The JSON key of an account property ("sender-address" → "sender_address"). */
const char    *outboxctl_json_key_for_property  (const char    *property);

char          *outboxctl_json_to_text           (JsonNode      *node);

/* Reads one account of an imported file. Every problem, wrong types as
 * well as validation, is added to @problems as "key: reason" (JSON keys),
 * in the order of the file format. Returns the account when the types were
 * right, even if it does not validate, so that the caller can name it. */
OutboxAccount *outboxctl_account_from_json      (JsonNode      *node,
                                                 guint          index,
                                                 GPtrArray     *problems);

G_END_DECLS
