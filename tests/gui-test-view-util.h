/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the test view's GUI tests (test-gui-test, test-gui-fix). */

#pragma once

#include "gui-test-util.h"
#include "outbox-certificate-dialog.h"
#include "outbox-test-result.h"
#include "outbox-test-servers.h"
#include "outbox-test-step-row.h"
#include "outbox-test-steps.h"
#include "outbox-test-view.h"

G_BEGIN_DECLS

#define USER     "billing@example.gr"
#define PASSWORD "Κωδικός-δοκιμής-42"

/* The longest pause of the main loop in run_from_button() since the last
 * record_longest_gap(), in microseconds. */
extern gint64 longest_gap;

void               gui_test_view_init   (int *argc,
                                         char ***argv);
void               write_account        (Fixture *f,
                                         guint port,
                                         const char *security,
                                         guint timeout);
void               open_account         (Fixture *f,
                                         int width);
gpointer           find_toplevel        (GType type);
OutboxTestView    *test_view            (void);
gpointer           view_child           (const char *name);
OutboxTestStepRow *step_row             (const char *name);
gpointer           result_child         (const char *name);
const char        *view_label           (const char *name);
const char        *view_page            (void);
void               click                (gpointer button);
void               wait_finished        (void);
void               click_and_wait       (gpointer button);
void               run_from_button      (Fixture *f);
void               record_longest_gap   (void);
void               close_view           (void);
char              *fix_ids              (void);
GtkWidget         *fix_button           (const char *id);
char              *plain_credentials    (void);
void               assert_no_password   (const char *text);
char              *read_clipboard       (GtkWidget *widget);
void               check_transcript     (void);
OutboxTestState    account_state        (Fixture *f);
void               assert_step          (const char *name,
                                         OutboxTestStepState state);
GtkWidget         *dialog_button        (AdwMessageDialog *dialog,
                                         const char *label);
void               scroll_editor_to_end (Fixture *f);
gboolean           keyring_has          (Fixture *f,
                                         const char *expected);

G_END_DECLS
