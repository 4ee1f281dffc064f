/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestView: the "Test Account Settings" window. It runs one
 * OutboxSmtpSession on a copy of the account being edited and follows its
 * steps (Connect, Secure connection, Sign in, Send) live. A success says
 * where the test message went and what the server told; a failure shows the
 * diagnosis, and its fixes as buttons that change the account through the
 * editor's draft (so the form shows and saves the change) and test again.
 * The latest result is published to the application's OutboxTestStatus.
 * Closing the window cancels a test in progress. The run itself is in
 * outbox-test-view-run.c. */

#define G_LOG_DOMAIN "outbox-test-view"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-application.h"
#include "outbox-certificate-dialog.h"
#include "outbox-notice-view.h"
#include "outbox-test-result.h"
#include "outbox-test-steps.h"
#include "outbox-test-view-private.h"

G_DEFINE_FINAL_TYPE (OutboxTestView, outbox_test_view, ADW_TYPE_WINDOW)

static void
on_trusted (OutboxTestView *self,
            const char     *sha256)
{
  g_autoptr(OutboxFix) pin = outbox_fix_new_pin (sha256);

  outbox_account_draft_apply_fix (self->draft, pin);
  outbox_test_view_run (self);
}

static void
on_fix_activated (OutboxTestView *self,
                  OutboxFix      *fix)
{
  OutboxCertificateInfo *info;
  OutboxCertificateDialog *dialog;

  switch (outbox_fix_get_kind (fix))
    {
    case OUTBOX_FIX_TRUST:
      info = self->report ? outbox_test_report_get_certificate (self->report) : NULL;
      if (info == NULL)
        return;
      dialog = outbox_certificate_dialog_new (GTK_WINDOW (self), info);
      g_signal_connect_object (dialog, "trusted", G_CALLBACK (on_trusted), self,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    case OUTBOX_FIX_CHANGE:
      outbox_account_draft_apply_fix (self->draft, fix);
      break;
    case OUTBOX_FIX_RETRY:
    case OUTBOX_FIX_ADVICE:
    default:
      break;
    }
  outbox_test_view_run (self);
}

/* The user confirmed that the password may cross the network in the
 * clear, for this view only. */
static void
on_plaintext_confirmed (OutboxTestView *self)
{
  self->allow_plaintext = TRUE;
  outbox_test_view_run (self);
}

static void
on_cancel_clicked (OutboxTestView *self)
{
  outbox_test_view_cancel (self);
}

static void
on_again_clicked (OutboxTestView *self)
{
  outbox_test_view_run (self);
}

static void
on_copy_clicked (OutboxTestView *self)
{
  g_autofree char *transcript = NULL;

  if (self->report == NULL)
    return;
  /* The report keeps no secret in its transcript: AUTH lines are redacted. */
  transcript = outbox_test_report_format_transcript (self->report);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), transcript);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Transcript copied")));
}

static void
outbox_test_view_dispose (GObject *object)
{
  OutboxTestView *self = OUTBOX_TEST_VIEW (object);

  /* A test the window no longer shows is cancelled, and leaves the status
   * as it was before. */
  if (self->running)
    {
      self->running = FALSE;
      _outbox_test_view_restore_status (self);
    }
  _outbox_test_view_abandon_run (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_TEST_VIEW);
  g_clear_object (&self->draft);
  g_clear_object (&self->secrets);
  g_clear_object (&self->status);
  g_clear_object (&self->journal);
  g_clear_object (&self->tested);
  g_clear_object (&self->report);
  g_clear_object (&self->previous);

  G_OBJECT_CLASS (outbox_test_view_parent_class)->dispose (object);
}

static void
outbox_test_view_finalize (GObject *object)
{
  OutboxTestView *self = OUTBOX_TEST_VIEW (object);

  _outbox_test_view_wipe_password (&self->passwords[0]);
  _outbox_test_view_wipe_password (&self->passwords[1]);
  g_clear_pointer (&self->account_id, g_free);

  G_OBJECT_CLASS (outbox_test_view_parent_class)->finalize (object);
}

static void
outbox_test_view_class_init (OutboxTestViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_test_view_dispose;
  object_class->finalize = outbox_test_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, window_title);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, steps);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, result);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, notices_box);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, notices);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, transcript_expander);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, transcript_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestView, again_button);
  gtk_widget_class_bind_template_callback (widget_class, on_fix_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_plaintext_confirmed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_again_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
outbox_test_view_init (OutboxTestView *self)
{
  g_type_ensure (OUTBOX_TYPE_TEST_STEPS);
  g_type_ensure (OUTBOX_TYPE_TEST_RESULT);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * outbox_test_view_new:
 * @parent: the main window, which the view stays over
 * @draft: the account being edited; fixes change it
 * @status: where the result is published
 *
 * Returns: (transfer none): a new view; present it and call
 *   outbox_test_view_run()
 */
OutboxTestView *
outbox_test_view_new (GtkWindow          *parent,
                      OutboxAccountDraft *draft,
                      OutboxSecrets      *secrets,
                      OutboxTestStatus   *status)
{
  OutboxTestView *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (draft), NULL);
  g_return_val_if_fail (secrets == NULL || OUTBOX_IS_SECRETS (secrets), NULL);
  g_return_val_if_fail (OUTBOX_IS_TEST_STATUS (status), NULL);

  self = g_object_new (OUTBOX_TYPE_TEST_VIEW, "transient-for", parent, NULL);
  /* On a narrow screen the view takes the main window's width. */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self),
                                 CLAMP (gtk_widget_get_width (GTK_WIDGET (parent)), 300, 480),
                                 CLAMP (gtk_widget_get_height (GTK_WIDGET (parent)), 294, 640));
  self->draft = g_object_ref (draft);
  self->secrets = secrets ? g_object_ref (secrets) : NULL;
  self->status = g_object_ref (status);
  return self;
}

/**
 * outbox_test_view_open:
 * @from: a widget in the main window
 * @account_password: (nullable): the password the form shows, if any
 * @smtp_password: (nullable): the separate SMTP login's, if any
 *
 * Opens a view over @from's window and tests @draft's account in it.
 *
 * Returns: (transfer none) (nullable): the view, or %NULL when @from is
 *   not in a window of the application
 */
OutboxTestView *
outbox_test_view_open (GtkWidget          *from,
                       OutboxAccountDraft *draft,
                       OutboxSecrets      *secrets,
                       const char         *account_password,
                       const char         *smtp_password)
{
  GtkRoot *root;
  GtkApplication *app;
  OutboxTestView *self;

  g_return_val_if_fail (GTK_IS_WIDGET (from), NULL);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT_DRAFT (draft), NULL);

  root = gtk_widget_get_root (from);
  app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  if (!OUTBOX_IS_APPLICATION (app))
    return NULL;

  self = outbox_test_view_new (GTK_WINDOW (root), draft, secrets,
                               outbox_application_get_test_status (OUTBOX_APPLICATION (app)));
  self->journal = g_object_ref (outbox_application_get_journal (OUTBOX_APPLICATION (app)));
  outbox_test_view_set_password (self, OUTBOX_SECRET_KIND_ACCOUNT, account_password);
  outbox_test_view_set_password (self, OUTBOX_SECRET_KIND_SMTP, smtp_password);
  gtk_window_present (GTK_WINDOW (self));
  outbox_test_view_run (self);
  return self;
}

/* The password the form shows for @kind, so the test uses what the user
 * typed even before the keyring has it. An empty one is looked up in the
 * keyring when the test starts. */
void
outbox_test_view_set_password (OutboxTestView   *self,
                               OutboxSecretKind  kind,
                               const char       *password)
{
  guint index = kind == OUTBOX_SECRET_KIND_SMTP ? 1 : 0;

  g_return_if_fail (OUTBOX_IS_TEST_VIEW (self));

  _outbox_test_view_wipe_password (&self->passwords[index]);
  if (password != NULL && *password != '\0')
    self->passwords[index] = g_strdup (password);
}

gboolean
outbox_test_view_get_running (OutboxTestView *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_VIEW (self), FALSE);

  return self->running;
}

/* Returns: (transfer none) (nullable): the report of the last test that
 * finished. */
OutboxTestReport *
outbox_test_view_get_report (OutboxTestView *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_VIEW (self), NULL);

  return self->report;
}
