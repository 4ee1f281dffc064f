/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One account in the sidebar list: its name, sender address and last result. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-test-status.h"

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_ACCOUNT_STATUS_UNKNOWN,  /* never tested in this session */
  OUTBOX_ACCOUNT_STATUS_WORKS,
  OUTBOX_ACCOUNT_STATUS_FAILED,
} OutboxAccountStatus;

#define OUTBOX_TYPE_ACCOUNT_ROW (outbox_account_row_get_type ())

G_DECLARE_FINAL_TYPE (OutboxAccountRow, outbox_account_row, OUTBOX, ACCOUNT_ROW, GtkWidget)

GtkWidget     *outbox_account_row_new        (void);
OutboxAccount *outbox_account_row_get_account (OutboxAccountRow    *self);
void           outbox_account_row_set_account (OutboxAccountRow    *self,
                                               OutboxAccount       *account);
void           outbox_account_row_set_status  (OutboxAccountRow    *self,
                                               OutboxAccountStatus  status,
                                               const char          *summary);
void           outbox_account_row_set_test_status (OutboxAccountRow *self,
                                                   OutboxTestStatus *status);

void           outbox_account_row_set_journal (OutboxAccountRow *self,
                                               OutboxJournal    *journal);

G_END_DECLS
