/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What outboxctl remembers between tests (the journal: certificate watch and
 * history), the sender domain checks, and how their notices are shown. */

#pragma once

#include <json-glib/json-glib.h>

#include "outbox.h"

G_BEGIN_DECLS

/* The journal of $XDG_STATE_HOME/outbox, loaded (a broken file is ignored
 * with a warning). */
OutboxJournal *outboxctl_open_journal        (void);
/* Saves; a failure is printed as a warning, never fails the command. */
void           outboxctl_save_journal        (OutboxJournal  *journal,
                                              const char     *command);
/* Forgets an account's history and certificate and saves. */
void           outboxctl_forget_account      (const char     *command,
                                              const char     *account_id);

/* Checks the sender domain of each account of @accounts, at most a few at
 * once. Returns (element-type OutboxDomainCheck): one per account, NULL
 * where the address has no domain to check. */
GPtrArray     *outboxctl_check_domains       (GPtrArray      *accounts);

/* Prints each notice ("Warning: …" and its detail), each line after
 * @indent; the domain's notices follow @notices. Both may be NULL. */
void           outboxctl_print_notices       (GPtrArray          *notices,
                                              OutboxDomainCheck  *domain,
                                              const char         *indent);
/* Adds "notices" (certificate and domain) and "domain" to a test's JSON. */
void           outboxctl_add_notices_json    (JsonObject         *object,
                                              GPtrArray          *notices,
                                              OutboxDomainCheck  *domain);

G_END_DECLS
