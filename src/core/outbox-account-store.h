/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list of sender accounts, kept in accounts.json. */

#pragma once

#include <gio/gio.h>

#include "outbox-account.h"

G_BEGIN_DECLS

#define OUTBOX_STORE_ERROR (outbox_store_error_quark ())

typedef enum
{
  OUTBOX_STORE_ERROR_PARSE,            /* the file is not valid JSON or not an accounts file */
  OUTBOX_STORE_ERROR_NEWER_VERSION,    /* written by a newer Outbox: opened read-only */
  OUTBOX_STORE_ERROR_READ_ONLY,        /* a save was refused because the store is read-only */
  OUTBOX_STORE_ERROR_CHANGED_ON_DISK,  /* someone else changed the file since it was loaded */
  OUTBOX_STORE_ERROR_INVALID,          /* an account does not pass validation */
  OUTBOX_STORE_ERROR_DUPLICATE,        /* two accounts with one id, or one name */
  OUTBOX_STORE_ERROR_TOO_LARGE,        /* the file is far larger than any accounts file */
  OUTBOX_STORE_ERROR_NOT_FOUND,        /* no account with that name or id */
  OUTBOX_STORE_ERROR_IO,               /* reading or writing failed */
} OutboxStoreError;

/* The only version of the file format this build writes. */
#define OUTBOX_STORE_VERSION 1

#define OUTBOX_TYPE_ACCOUNT_STORE (outbox_account_store_get_type ())

G_DECLARE_FINAL_TYPE (OutboxAccountStore, outbox_account_store, OUTBOX, ACCOUNT_STORE, GObject)

GQuark              outbox_store_error_quark             (void);

OutboxAccountStore *outbox_account_store_new             (GFile               *file);
GFile              *outbox_account_store_get_default_file (void);
GFile              *outbox_account_store_get_file        (OutboxAccountStore  *self);
gboolean            outbox_account_store_get_read_only   (OutboxAccountStore  *self);
const char         *outbox_account_store_get_read_only_reason (OutboxAccountStore *self);

void                outbox_account_store_load_async      (OutboxAccountStore  *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            outbox_account_store_load_finish     (OutboxAccountStore  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
gboolean            outbox_account_store_load            (OutboxAccountStore  *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);

void                outbox_account_store_save_async      (OutboxAccountStore  *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            outbox_account_store_save_finish     (OutboxAccountStore  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
gboolean            outbox_account_store_save            (OutboxAccountStore  *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);

void                outbox_account_store_start_over_async (OutboxAccountStore *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char               *outbox_account_store_start_over_finish (OutboxAccountStore *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

OutboxAccount      *outbox_account_store_lookup          (OutboxAccountStore  *self,
                                                          const char          *name_or_id);
gboolean            outbox_account_store_find            (OutboxAccountStore  *self,
                                                          OutboxAccount       *account,
                                                          guint               *position);
gboolean            outbox_account_store_add             (OutboxAccountStore  *self,
                                                          OutboxAccount       *account,
                                                          GError             **error);
gboolean            outbox_account_store_insert          (OutboxAccountStore  *self,
                                                          guint                position,
                                                          OutboxAccount       *account,
                                                          GError             **error);
gboolean            outbox_account_store_update          (OutboxAccountStore  *self,
                                                          OutboxAccount       *edited,
                                                          GError             **error);
gboolean            outbox_account_store_remove          (OutboxAccountStore  *self,
                                                          OutboxAccount       *account);

G_END_DECLS
