/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of an OutboxTestView, shared by the window (outbox-test-view.c)
 * and its run (outbox-test-view-run.c). */

#pragma once

#include "outbox-test-result.h"
#include "outbox-test-steps.h"
#include "outbox-test-view.h"

G_BEGIN_DECLS

struct _OutboxTestView
{
  AdwWindow           parent_instance;

  OutboxAccountDraft *draft;
  OutboxSecrets      *secrets;
  OutboxTestStatus   *status;
  OutboxJournal      *journal;        /* the application's, or NULL */
  char               *passwords[2];   /* by OutboxSecretKind, as the form shows them */

  char               *account_id;     /* of the account under test */
  OutboxAccount      *tested;         /* the settings this run tests */
  OutboxSmtpSession  *session;
  GCancellable       *cancellable;
  OutboxTestReport   *report;         /* of the last finished run */
  OutboxTestReport   *previous;       /* the status's report before this run */
  guint               serial;         /* tells callbacks of an earlier run apart */
  guint               tick_id;
  gint64              started;
  gboolean            running;
  gboolean            allow_plaintext;  /* confirmed in this view, never stored */

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkScrolledWindow  *scrolled;
  OutboxTestSteps    *steps;
  GtkLabel           *elapsed_label;
  OutboxTestResult   *result;
  GtkWidget          *notices_box;
  GtkBox             *notices;
  GtkExpander        *transcript_expander;
  GtkLabel           *transcript_label;
  GtkButton          *copy_button;
  GtkButton          *cancel_button;
  GtkButton          *again_button;
};

void _outbox_test_view_wipe_password  (char           **password);
void _outbox_test_view_restore_status (OutboxTestView  *self);
void _outbox_test_view_abandon_run    (OutboxTestView  *self);

G_END_DECLS
