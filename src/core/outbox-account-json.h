/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The accounts file format: reading and writing accounts as JSON. */

#pragma once

#include <json-glib/json-glib.h>

#include "outbox-account.h"

G_BEGIN_DECLS

/* Files larger than this are not accounts files (10,000 accounts take ~5 MB). */
#define OUTBOX_ACCOUNTS_FILE_MAX_SIZE (64 * 1024 * 1024)

JsonObject    *outbox_account_to_json             (OutboxAccount  *account);
OutboxAccount *outbox_account_new_from_json       (JsonObject     *object,
                                                   guint           index,
                                                   GError        **error);

char          *outbox_accounts_to_data            (GPtrArray      *accounts,
                                                   JsonObject     *extra_root,
                                                   gsize          *length);
GPtrArray     *outbox_accounts_new_from_data      (const char     *data,
                                                   gsize           length,
                                                   gint64         *version,
                                                   JsonObject    **extra_root,
                                                   GError        **error);

G_END_DECLS
