/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the hostile-input tests share: the accounts file of the test's own
 * configuration directory, a good account, and what a message must be. */

#pragma once

#include "outbox.h"

G_BEGIN_DECLS

/* A message that quotes hostile input quotes at most this much of it. */
#define MAX_MESSAGE_BYTES 1024

char          *hostile_config_path           (void);
void           hostile_write_config          (const char *contents,
                                              gssize      length);
/* The file's bytes, or NULL when there is none. */
GBytes        *hostile_read_config           (void);
void           hostile_assert_config_is      (GBytes     *expected);
OutboxAccount *hostile_make_account          (const char *name,
                                              const char *address);
/* One line of valid UTF-8, not empty, not huge, no control characters. */
void           hostile_assert_readable_message (const char *message);

G_END_DECLS
