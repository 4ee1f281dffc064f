/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The accounts file format: reading and writing accounts as JSON. */

#pragma once

#include <json-glib/json-glib.h>

#include "outbox-account.h"

G_BEGIN_DECLS

/* Files larger than this are not accounts files (10,000 accounts take ~5 MB). */
#define OUTBOX_ACCOUNTS_FILE_MAX_SIZE (64 * 1024 * 1024)

/* An accounts file nests 3 levels deep; keys of a newer version may add a
 * few. json-glib recurses once per level, so a file of nothing but "[[[["
 * would otherwise exhaust the stack. */
#define OUTBOX_JSON_MAX_DEPTH 64

gboolean       outbox_json_check_text             (const char     *data,
                                                   gsize           length,
                                                   GError        **error);

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
