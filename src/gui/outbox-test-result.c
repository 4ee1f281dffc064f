/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestResult: the lower half of the test view. After a success it
 * says where the test message went and what was learned about the server
 * (TLS version, sign-in method, size limit). After a failure it shows the
 * diagnosis: a title, an explanation in plain words, the server's reply,
 * and the suggested fixes — advice as text, the others as buttons that
 * emit ::fix-activated for the view to apply. When signing in was refused
 * for want of encryption, it offers to send the password unencrypted, and
 * emits ::plaintext-confirmed once the user has confirmed that. */

#define G_LOG_DOMAIN "outbox-test-result"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-property-row.h"
#include "outbox-test-result.h"

struct _OutboxTestResult
{
  AdwBin        parent_instance;

  GtkWidget    *success_page;
  GtkWidget    *failure_page;
  GtkLabel     *success_label;
  GtkWidget    *details_group;
  OutboxPropertyRow *tls_row;
  OutboxPropertyRow *auth_row;
  OutboxPropertyRow *size_row;
  GtkLabel     *failure_title;
  GtkLabel     *failure_explanation;
  GtkWidget    *reply_box;
  GtkLabel     *reply_label;
  GtkWidget    *fixes_section;
  GtkBox       *fixes_box;
  GtkWidget    *plaintext_button;

  gboolean      offers_retry;
  guint         details_tick;
  gboolean      details_waited;
};

enum {
  FIX_ACTIVATED,
  PLAINTEXT_CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxTestResult, outbox_test_result, ADW_TYPE_BIN)

/* "What the Server Told Us" comes a frame after the success line: a
 * frame that lays out and paints the whole result took 20 ms and more
 * here (bench/README.md, section 4); in two, each is under one. */
static gboolean
show_details_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  OutboxTestResult *self = OUTBOX_TEST_RESULT (widget);

  /* The first tick is the frame that shows the success line (a tick
   * callback runs once a frame). */
  if (!self->details_waited)
    {
      self->details_waited = TRUE;
      return G_SOURCE_CONTINUE;
    }
  self->details_tick = 0;
  gtk_widget_set_visible (self->details_group, TRUE);
  return G_SOURCE_REMOVE;
}

static void
show_details_later (OutboxTestResult *self,
                    gboolean          later)
{
  if (self->details_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->details_tick);
      self->details_tick = 0;
    }
  /* A result not on the screen has no frames to wait for. */
  later = later && gtk_widget_get_mapped (GTK_WIDGET (self));
  gtk_widget_set_visible (self->details_group, !later);
  if (later)
    {
      self->details_waited = FALSE;
      self->details_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), show_details_cb,
                                                         NULL, NULL);
    }
}

/* Shows @page (success_page, failure_page, or NULL for neither). */
static void
show_page (OutboxTestResult *self,
           GtkWidget        *page)
{
  show_details_later (self, page == self->success_page);
  gtk_widget_set_visible (self->success_page, page == self->success_page);
  gtk_widget_set_visible (self->failure_page, page == self->failure_page);
}

/**
 * outbox_test_result_get_page:
 *
 * Returns: what the result shows: "success", "failure", or "none" while a
 *   test runs
 */
const char *
outbox_test_result_get_page (OutboxTestResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT (self), NULL);

  if (gtk_widget_get_visible (self->success_page))
    return "success";
  if (gtk_widget_get_visible (self->failure_page))
    return "failure";
  return "none";
}

static void
show_success (OutboxTestResult *self,
              OutboxTestReport *report)
{
  const char *protocol = outbox_test_report_get_tls_protocol (report);
  const char *cipher = outbox_test_report_get_tls_cipher (report);
  const char *mechanism = outbox_test_report_get_auth_mechanism (report);
  guint64 limit = outbox_test_report_get_size_limit (report);
  g_autofree char *sent = NULL;
  g_autofree char *tls = NULL;
  g_autofree char *size = NULL;

  /* TRANSLATORS: %s is an email address */
  sent = g_strdup_printf (_("Test message sent to %s"), outbox_test_report_get_recipient (report));
  gtk_label_set_text (self->success_label, sent);

  if (protocol != NULL && cipher != NULL)
    /* TRANSLATORS: a TLS version and the cipher suite, like "TLS 1.3 (TLS_AES_256_GCM_SHA384)" */
    tls = g_strdup_printf (_("%s (%s)"), protocol, cipher);
  else if (protocol != NULL)
    tls = g_strdup (protocol);
  outbox_property_row_set_subtitle (self->tls_row,
                               tls ? tls : _("None: the connection was not encrypted"));
  outbox_property_row_set_subtitle (self->auth_row,
                               mechanism ? mechanism
                                         : _("None: the server took the message without signing in"));
  if (limit > 0)
    size = g_format_size (limit);
  outbox_property_row_set_subtitle (self->size_row, size ? size : _("Not announced"));

  show_page (self, self->success_page);
}

static void
on_fix_clicked (GtkButton        *button,
                OutboxTestResult *self)
{
  OutboxFix *fix = g_object_get_data (G_OBJECT (button), OUTBOX_TEST_RESULT_FIX_KEY);

  g_signal_emit (self, signals[FIX_ACTIVATED], 0, fix);
}

static GtkWidget *
fix_widget (OutboxTestResult *self,
            OutboxFix      *fix,
            gboolean        first)
{
  const char *text = outbox_fix_get_label (fix);
  GtkWidget *label;
  GtkWidget *button;

  if (outbox_fix_get_kind (fix) == OUTBOX_FIX_ADVICE)
    {
      /* TRANSLATORS: a piece of advice in a list; %s is the advice */
      g_autofree char *item = g_strdup_printf (_("• %s"), text);

      label = gtk_label_new (item);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      return label;
    }

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  if (first)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_object_set_data_full (G_OBJECT (button), OUTBOX_TEST_RESULT_FIX_KEY, g_object_ref (fix),
                          g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_fix_clicked), self);
  return button;
}

static void
show_failure (OutboxTestResult *self,
              OutboxTestReport *report,
              OutboxAccount    *account)
{
  g_autoptr(OutboxDiagnosis) diagnosis = outbox_test_report_diagnose (report, account);
  const GError *error = outbox_test_report_get_error (report);
  const char *reply = diagnosis ? outbox_diagnosis_get_server_reply (diagnosis) : NULL;
  GListModel *fixes = diagnosis ? outbox_diagnosis_get_fixes (diagnosis) : NULL;
  guint n_fixes = fixes ? g_list_model_get_n_items (fixes) : 0;
  gboolean offers_retry = FALSE;
  gboolean first_button = TRUE;
  GtkWidget *child;

  gtk_label_set_text (self->failure_title,
                      diagnosis ? outbox_diagnosis_get_title (diagnosis) : _("The test failed"));
  gtk_label_set_text (self->failure_explanation,
                      diagnosis ? outbox_diagnosis_get_explanation (diagnosis)
                                : error ? error->message : "");
  gtk_label_set_text (self->reply_label, reply ? reply : "");
  gtk_widget_set_visible (self->reply_box, reply != NULL && *reply != '\0');

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fixes_box))) != NULL)
    gtk_box_remove (self->fixes_box, child);
  for (guint i = 0; i < n_fixes; i++)
    {
      g_autoptr(OutboxFix) fix = g_list_model_get_item (fixes, i);
      OutboxFixKind kind = outbox_fix_get_kind (fix);

      offers_retry |= kind == OUTBOX_FIX_RETRY;
      gtk_box_append (self->fixes_box, fix_widget (self, fix, first_button && kind != OUTBOX_FIX_ADVICE));
      if (kind != OUTBOX_FIX_ADVICE)
        first_button = FALSE;
    }
  gtk_widget_set_visible (self->fixes_section, n_fixes > 0);
  /* The one failure a person may overrule: no encryption, by choice. */
  gtk_widget_set_visible (self->plaintext_button,
                          diagnosis != NULL &&
                          g_str_equal (outbox_diagnosis_get_id (diagnosis), "plaintext-refused"));

  self->offers_retry = offers_retry;
  show_page (self, self->failure_page);
}

static void
on_plaintext_response (AdwMessageDialog *dialog,
                       const char       *response,
                       OutboxTestResult *self)
{
  if (g_str_equal (response, "send"))
    g_signal_emit (self, signals[PLAINTEXT_CONFIRMED], 0);
}

/* The account has no encryption on purpose (a server on the company's own
 * network, say): the password may cross it in the clear, once the user
 * has said so here. */
static void
on_plaintext_clicked (OutboxTestResult *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Send Your Password Unencrypted?"),
                                                       NULL));
  adw_message_dialog_set_body (dialog,
                               _("Anyone who can watch the network between this computer "
                                 "and the server could read your password. Do this only with "
                                 "a server on a network you trust, such as your company’s "
                                 "own. Outbox asks again next time."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Unencrypted"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_plaintext_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
outbox_test_result_class_init (OutboxTestResultClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * OutboxTestResult::fix-activated:
   * @fix: the OutboxFix of the button the user pressed
   */
  signals[FIX_ACTIVATED] =
    g_signal_new ("fix-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OUTBOX_TYPE_FIX);
  /* The user asked to sign in over an unencrypted connection after all,
   * and confirmed it. */
  signals[PLAINTEXT_CONFIRMED] =
    g_signal_new ("plaintext-confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (OUTBOX_TYPE_PROPERTY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-result.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, success_page);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, failure_page);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, success_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, details_group);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, tls_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, auth_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, size_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, failure_title);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, failure_explanation);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, reply_box);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, reply_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, fixes_section);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, fixes_box);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResult, plaintext_button);
  gtk_widget_class_bind_template_callback (widget_class, on_plaintext_clicked);
}

static void
outbox_test_result_init (OutboxTestResult *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Shows nothing, while a test runs. */
void
outbox_test_result_clear (OutboxTestResult *self)
{
  g_return_if_fail (OUTBOX_IS_TEST_RESULT (self));

  self->offers_retry = FALSE;
  show_page (self, NULL);
}

/* Shows what @report found; @account is the settings it tested, which the
 * diagnosis of a failure refers to. */
void
outbox_test_result_show (OutboxTestResult *self,
                         OutboxTestReport *report,
                         OutboxAccount    *account)
{
  g_return_if_fail (OUTBOX_IS_TEST_RESULT (self));
  g_return_if_fail (OUTBOX_IS_TEST_REPORT (report));
  g_return_if_fail (OUTBOX_IS_ACCOUNT (account));

  self->offers_retry = FALSE;
  if (outbox_test_report_get_success (report))
    show_success (self, report);
  else
    show_failure (self, report, account);
}

/* Returns: whether a failure's fixes include testing again, so the view
 * need not offer it a second time. */
gboolean
outbox_test_result_get_offers_retry (OutboxTestResult *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT (self), FALSE);

  return self->offers_retry;
}
