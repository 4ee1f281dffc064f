/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The searchable list of accounts beside the editor. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-test-status.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_SIDEBAR (outbox_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (OutboxSidebar, outbox_sidebar, OUTBOX, SIDEBAR, GtkWidget)

void           outbox_sidebar_set_model       (OutboxSidebar *self,
                                               GListModel    *accounts);
void           outbox_sidebar_set_test_status (OutboxSidebar    *self,
                                               OutboxTestStatus *status);
OutboxAccount *outbox_sidebar_get_selected    (OutboxSidebar *self);
void           outbox_sidebar_select          (OutboxSidebar *self,
                                               OutboxAccount *account);
void           outbox_sidebar_start_search    (OutboxSidebar *self);

void           outbox_sidebar_set_journal     (OutboxSidebar    *self,
                                               OutboxJournal    *journal);

G_END_DECLS
