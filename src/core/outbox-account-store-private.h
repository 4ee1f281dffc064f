/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of an OutboxAccountStore, shared by the list model
 * (outbox-account-store.c) and its file (outbox-account-store-file.c). */

#pragma once

#include <json-glib/json-glib.h>

#include "outbox-account-store.h"
#include "outbox-util-private.h"

G_BEGIN_DECLS

struct _OutboxAccountStore
{
  GObject     parent_instance;

  GFile      *file;
  GPtrArray  *accounts;
  JsonObject *extra_root;

  /* SHA-256 of the file as last read or written by us; NULL when it did not
   * exist. Compared before each save to notice other writers. */
  char       *known_checksum;

  /* Set when the file could not be read; saving would destroy it. */
  GError     *load_error;
  char       *read_only_reason;

  /* Saves run one at a time; requests made meanwhile are served together by
   * the next save. */
  OutboxSaveQueue saves;
};

void _outbox_account_store_set_read_only_reason (OutboxAccountStore *self,
                                                 const char         *reason);
void _outbox_account_store_replace_accounts     (OutboxAccountStore *self,
                                                 GPtrArray          *accounts);

G_END_DECLS
