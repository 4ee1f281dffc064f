/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal API of OutboxProvider: construction by the catalog, the note
 * texts and the shared way of applying one server to an account. */

#pragma once

#include "outbox-provider.h"

G_BEGIN_DECLS

OutboxProvider      *_outbox_provider_new        (const char          *id,
                                                  const char          *name,
                                                  char               **domains,
                                                  GPtrArray           *servers,
                                                  OutboxLoginForm      login_form,
                                                  char               **note_ids,
                                                  guint                size_limit_mb,
                                                  char               **mx_patterns,
                                                  const char          *documentation);

/* The untranslated text of a note id, or NULL for an unknown id. */
const char          *_outbox_provider_note_text  (const char          *id);

/* Sets host, port, security, sign-in and username from @server and
 * @login_form, leaving alone every field in @user_edited. Returns the
 * fields that changed. */
OutboxAccountFields  _outbox_account_apply_server (OutboxAccount       *account,
                                                   const OutboxServer  *server,
                                                   OutboxLoginForm      login_form,
                                                   OutboxAccountFields  user_edited);

G_END_DECLS
