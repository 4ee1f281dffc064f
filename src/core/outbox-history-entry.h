/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One remembered test of an account, as the journal keeps it. */

#pragma once

#include <json-glib/json-glib.h>

#include "outbox-account.h"
#include "outbox-smtp-error.h"
#include "outbox-test-report.h"

G_BEGIN_DECLS

typedef struct
{
  GDateTime      *time;          /* when the test ended, UTC */
  gboolean        success;
  OutboxSmtpStep  failed_step;   /* OUTBOX_SMTP_STEP_DONE when it worked */
  char           *error_code;    /* "auth-failed" (the OutboxSmtpError nick) or NULL */
  char           *diagnosis;     /* the diagnosis id or NULL */
  char           *summary;       /* what failed in words (translated when recorded) or NULL */
  gint64          elapsed;       /* microseconds */
  guint64         size_limit;    /* the server's SIZE in bytes; 0 when it gave none */
  char           *tls_protocol;  /* "TLS 1.3" or NULL */
} OutboxHistoryEntry;

#define OUTBOX_TYPE_HISTORY_ENTRY (outbox_history_entry_get_type ())

GType               outbox_history_entry_get_type       (void) G_GNUC_CONST;
OutboxHistoryEntry *outbox_history_entry_new_from_report (OutboxTestReport         *report,
                                                          OutboxAccount            *account,
                                                          GDateTime                *time);
/* NULL (with a debug message) when @node is not a valid entry. */
OutboxHistoryEntry *outbox_history_entry_new_from_json  (JsonNode                 *node);
OutboxHistoryEntry *outbox_history_entry_copy           (const OutboxHistoryEntry *self);
void                outbox_history_entry_free           (OutboxHistoryEntry       *self);
JsonNode           *outbox_history_entry_to_json        (const OutboxHistoryEntry *self);

/* "worked in 0.8 s" or "failed while signing in: …", translated. */
char               *outbox_history_entry_format_result  (const OutboxHistoryEntry *self);

/* "just now", "5 minutes ago", "2 hours ago", "3 days ago", or the date in
 * the user's locale for anything older than a month; translated. */
char               *outbox_format_relative_time         (GDateTime                *time,
                                                          GDateTime                *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxHistoryEntry, outbox_history_entry_free)

G_END_DECLS
