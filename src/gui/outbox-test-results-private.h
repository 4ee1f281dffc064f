/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of an OutboxTestResults, shared by the window
 * (outbox-test-results.c) and its Save Report (outbox-test-results-save.c). */

#pragma once

#include "outbox-test-results.h"

G_BEGIN_DECLS

struct _OutboxTestResults
{
  AdwWindow   parent_instance;

  GPtrArray  *accounts;
  GPtrArray  *reports;
  GPtrArray  *notices;      /* per account: (element-type OutboxNotice) */
  GPtrArray  *domains;      /* per account: OutboxDomainCheck, or the window for none */
  GPtrArray  *all_items;    /* per account: its OutboxTestResultItem */
  GListStore *items;        /* what the list shows: all_items, a few a frame */
  GPtrArray  *pending;      /* (element-type PendingNotices): domain notices to show */
  guint       feed_id;      /* the tick callback that does both */
  gboolean    fed;          /* past the window's first frame */
  GCancellable *cancellable;
  char       *summary;

  AdwToastOverlay *toast_overlay;

  GtkLabel   *summary_label;
  GtkGridView *results_list;
  GtkWidget  *button_box;
  GtkWidget  *save_button;
};

void _outbox_test_results_save_clicked (OutboxTestResults *self);

G_END_DECLS
