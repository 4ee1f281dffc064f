/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The journal in the real window under Xvfb: "Test All" remembers every
 * account's result; a server whose certificate expires in 5 days gives a
 * strong warning in the results and on the account's row; the readiness
 * report is saved; the editor says when the account was last tested; a
 * deleted account's records go when its undo expires. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-account-row.h"
#include "outbox-icon.h"
#include "outbox-last-tested.h"
#include "outbox-sidebar.h"
#include "outbox-test-all.h"
#include "outbox-test-resolver.h"
#include "outbox-test-result-row.h"
#include "outbox-test-results.h"
#include "outbox-test-view.h"
#include "outbox-test-servers.h"

#define ID_EXPIRING "5d2a9c4e-3b1f-4e6a-8c7d-1f2e3d4c5b04"

static OutboxTestResolver *resolver;

static char *
account_json (const char *id,
              const char *name,
              const char *address,
              guint       port,
              const char *security,
              const char *pin)
{
  return g_strdup_printf ("{ \"id\": \"%s\", \"name\": \"%s\", \"sender_name\": \"%s\","
                          "  \"sender_address\": \"%s\", \"reply_to\": \"\","
                          "  \"host\": \"127.0.0.1\", \"port\": %u, \"security\": \"%s\","
                          "  \"timeout\": 30, \"auth\": \"none\", \"username\": \"\","
                          "  \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"%s\" }",
                          id, name, name, address, port, security, pin ? pin : "");
}

static OutboxTestAll *
test_all (Fixture *f)
{
  return CHILD (f->window, OUTBOX_TYPE_WINDOW, "test_all");
}

static OutboxJournal *
journal (Fixture *f)
{
  return outbox_application_get_journal (f->app);
}

static OutboxAccountRow *
account_row (Fixture    *f,
             const char *name)
{
  return gui_test_account_row (GTK_WIDGET (f->window), name);
}

static gboolean
has_notice (GPtrArray  *notices,
            const char *id)
{
  for (guint i = 0; notices != NULL && i < notices->len; i++)
    if (g_str_equal (outbox_notice_get_id (g_ptr_array_index (notices, i)), id))
      return TRUE;
  return FALSE;
}

/* Whether a label in @widget shows a text containing @needle. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *needle)
{
  g_autoptr(GPtrArray) labels = gui_test_find_all (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (strstr (gtk_label_get_text (GTK_LABEL (label)), needle) != NULL &&
          gtk_widget_get_mapped (label))
        return TRUE;
    }
  return FALSE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!outbox_test_results_save_finish (OUTBOX_TEST_RESULTS (object), result, error) &&
      *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "saved");
}

/* What a fresh journal reads from the file: the saved state. */
static guint
saved_history_length (const char *account_id)
{
  g_autoptr(OutboxJournal) saved = outbox_journal_new (NULL);
  g_autoptr(GPtrArray) history = NULL;

  g_assert_true (outbox_journal_load (saved, NULL, NULL));
  history = outbox_journal_get_history (saved, account_id);
  return history->len;
}

/* Two accounts: Arved on the plain port, Expiring on STARTTLS with the
 * certificate that expires in 5 days (pinned, as the test CA is not
 * trusted by the system). */
static GtkWindow *
write_and_test_all (Fixture          *f,
                    OutboxTestServer *smtp,
                    int               width)
{
  g_autofree char *pin = outbox_test_cert_fingerprint ("expiring");
  g_autofree char *arved = account_json (ID_ARVED, "Arved", "arved@example.ee",
                                         outbox_test_server_get_port (smtp, "plain"), "none",
                                         NULL);
  g_autofree char *expiring = account_json (ID_EXPIRING, "Expiring", "news@example.gr",
                                            outbox_test_server_get_port (smtp, "starttls"),
                                            "starttls", pin);
  g_autofree char *json = g_strdup_printf ("{ \"version\": 1, \"accounts\": [ %s, %s ] }",
                                           arved, expiring);
  gint64 deadline;

  gui_test_write_accounts (json);
  open_window (f, width, 700);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (account_row (f, "Expiring") == NULL && g_get_monotonic_time () < deadline)
    gui_test_iterate ();
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.test-all", NULL);
  while (outbox_test_all_get_results (test_all (f)) == NULL &&
         g_get_monotonic_time () < deadline + 20 * G_USEC_PER_SEC)
    gui_test_iterate ();
  return outbox_test_all_get_results (test_all (f));
}

static void
run_records (Fixture *f,
             int      width)
{
  OutboxTestSmtpOptions options = { .cert = "expiring" };
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (&options);
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;
  g_autofree char *name = NULL;
  const OutboxHistoryEntry *last;
  GtkWindow *results;

  results = write_and_test_all (f, smtp, width);
  g_assert_nonnull (results);

  /* Each account's result is remembered, and saved. */
  last = outbox_journal_get_last (journal (f), ID_ARVED);
  g_assert_nonnull (last);
  g_assert_true (last->success);
  last = outbox_journal_get_last (journal (f), ID_EXPIRING);
  g_assert_nonnull (last);
  g_assert_true (last->success);
  WAIT_UNTIL (saved_history_length (ID_EXPIRING) == 1 && saved_history_length (ID_ARVED) == 1);

  /* The certificate that expires in 5 days is a strong warning. */
  notices = outbox_journal_get_notices (journal (f), ID_EXPIRING, NULL);
  g_assert_true (has_notice (notices, "certificate-expires-very-soon"));
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = outbox_journal_get_notices (journal (f), ID_ARVED, NULL);
  g_assert_cmpuint (notices->len, ==, 0);
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* The results say it in the summary and under the account, with the
   * sender domain that publishes no SPF record (example.gr is unknown to
   * the resolver; example.ee has SPF and p=reject: nothing to say). */
  g_assert_cmpstr (outbox_test_results_get_summary (OUTBOX_TEST_RESULTS (results)), ==,
                   "All 2 accounts work; 1 certificate expires within 21 days");
  notices = outbox_journal_get_notices (journal (f), ID_EXPIRING, NULL);
  for (guint i = 0; i < notices->len; i++)
    if (g_str_equal (outbox_notice_get_id (g_ptr_array_index (notices, i)),
                     "certificate-expires-very-soon"))
      WAIT_UNTIL (shows_text (GTK_WIDGET (results),
                              outbox_notice_get_message (g_ptr_array_index (notices, i))));
  WAIT_UNTIL (shows_text (GTK_WIDGET (results), "example.gr publishes no SPF record"));
  g_assert_false (shows_text (GTK_WIDGET (results), "example.ee"));
  /* The account's row shows it beside the test result, in words too. */
  {
    OutboxAccountRow *expiring_row = account_row (f, "Expiring");
    g_autofree char *tooltip = NULL;
    GtkWidget *icon;

    g_assert_nonnull (expiring_row);
    icon = CHILD (expiring_row, OUTBOX_TYPE_ACCOUNT_ROW, "notice_icon");
    g_assert_true (gtk_widget_get_visible (icon));
    g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "dialog-warning-symbolic");
    g_assert_true (gtk_widget_has_css_class (icon, "error"));
    tooltip = gui_test_tooltip (icon);
    g_assert_nonnull (strstr (tooltip, "in 5 days"));
    g_assert_nonnull (outbox_icon_get_icon_name (CHILD (expiring_row, OUTBOX_TYPE_ACCOUNT_ROW,
                                                        "status_icon")));
    g_assert_false (gtk_widget_get_visible (CHILD (account_row (f, "Arved"),
                                                   OUTBOX_TYPE_ACCOUNT_ROW, "notice_icon")));
  }
  /* The editor says when the account was last tested and how it went,
   * and follows the journal. */
  {
    OutboxLastTested *line = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "last_tested");
    OutboxAccount *arved = outbox_account_store_lookup (store (f), ID_ARVED);

    g_signal_emit_by_name (CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                  OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 0);
    WAIT_UNTIL (outbox_account_editor_get_account (editor (f)) == arved);
    g_assert_cmpstr (outbox_last_tested_get_text (line), !=, NULL);
    g_assert_true (g_str_has_prefix (outbox_last_tested_get_text (line),
                                     "Last tested just now: worked in "));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (line)) || width < 400);
  }
  name = g_strdup_printf ("test-all-notices-%dx700", width);
  gui_test_screenshot (GTK_WIDGET (results), name);
  g_free (name);
  name = g_strdup_printf ("list-notices-%dx700", width);
  gui_test_screenshot (GTK_WIDGET (f->window), name);

  /* Save Report: the button is there; the file it writes (given here as
   * the native chooser would) names each account with its result. */
  g_assert_true (gtk_widget_get_mapped (CHILD (results, OUTBOX_TYPE_TEST_RESULTS, "save_button")));
  path = g_build_filename (g_get_user_config_dir (), "report.html", NULL);
  file = g_file_new_for_path (path);
  outbox_test_results_save_async (OUTBOX_TEST_RESULTS (results), file, NULL, saved_cb, &error);
  WAIT_UNTIL (error != NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "<html"));
  g_assert_nonnull (strstr (html, "Arved"));
  g_assert_nonnull (strstr (html, "Expiring"));
  g_assert_null (strstr (html, "http://"));
  g_clear_error (&error);

  /* Any other extension is refused with a message. */
  g_clear_object (&file);
  file = g_file_new_for_path ("/nonexistent/report.txt");
  outbox_test_results_save_async (OUTBOX_TEST_RESULTS (results), file, NULL, saved_cb, &error);
  WAIT_UNTIL (error != NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  run_records (f, 1024);
}

static void
test_records_narrow (Fixture       *f,
                     gconstpointer  data)
{
  run_records (f, 360);
}

static OutboxTestView *
find_test_view (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (OUTBOX_IS_TEST_VIEW (window))
        return OUTBOX_TEST_VIEW (window);
    }
  return NULL;
}

/* The editor's test view records to the journal too, and shows what the
 * certificate watch noticed under its result. */
static void
test_view_records (Fixture       *f,
                   gconstpointer  data)
{
  OutboxTestSmtpOptions options = { .cert = "expiring" };
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (&options);
  g_autofree char *pin = outbox_test_cert_fingerprint ("expiring");
  g_autofree char *expiring = account_json (ID_EXPIRING, "Expiring", "news@example.gr",
                                            outbox_test_server_get_port (smtp, "starttls"),
                                            "starttls", pin);
  g_autofree char *json = g_strdup_printf ("{ \"version\": 1, \"accounts\": [ %s ] }",
                                           expiring);
  OutboxLastTested *line;
  OutboxTestView *view;
  double x, y_before, y_after;

  gui_test_write_accounts (json);
  open_window (f, 1024, 700);
  WAIT_UNTIL (account_row (f, "Expiring") != NULL);
  g_signal_emit_by_name (CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 0);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (row (f, "name_row")), "Expiring") == 0);
  line = CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "last_tested");
  g_assert_null (outbox_journal_get_last (journal (f), ID_EXPIRING));
  /* The editor says the account was never tested... */
  g_assert_cmpstr (outbox_last_tested_get_text (line), ==, "Not tested yet");
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (row (f, "name_row")),
                                                   GTK_WIDGET (editor (f)), 0, 0, &x, &y_before));

  g_signal_emit_by_name (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, "test_button"),
                         "clicked");
  WAIT_UNTIL ((view = find_test_view ()) != NULL && !outbox_test_view_get_running (view));
  WAIT_UNTIL (outbox_journal_get_last (journal (f), ID_EXPIRING) != NULL);
  g_assert_true (outbox_journal_get_last (journal (f), ID_EXPIRING)->success);
  WAIT_UNTIL (gtk_widget_get_visible (CHILD (view, OUTBOX_TYPE_TEST_VIEW, "notices_box")));
  gui_test_wait_ms (300);
  g_assert_true (shows_text (GTK_WIDGET (view), "in 5 days"));
  /* ...and then how its test went, in the same line: the form under it
   * stays where it was. */
  g_assert_true (g_str_has_prefix (outbox_last_tested_get_text (line),
                                   "Last tested just now: worked in "));
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (row (f, "name_row")),
                                                   GTK_WIDGET (editor (f)), 0, 0, &x, &y_after));
  g_assert_cmpfloat (y_after, ==, y_before);
  gui_test_screenshot (GTK_WIDGET (view), "test-view-notices");
  g_assert_true (gtk_widget_get_visible (CHILD (account_row (f, "Expiring"),
                                                OUTBOX_TYPE_ACCOUNT_ROW, "notice_icon")));
  gtk_window_destroy (GTK_WINDOW (view));
}

/* Deleting an account removes its records once the undo has expired. */
static void
test_delete_forgets (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (NULL);
  AdwToast *toast;

  g_assert_nonnull (write_and_test_all (f, smtp, 1024));
  WAIT_UNTIL (saved_history_length (ID_ARVED) == 1);
  gtk_window_close (outbox_test_all_get_results (test_all (f)));

  g_signal_emit_by_name (CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 0);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (row (f, "name_row")), "Arved") == 0);
  activate (f, "win.delete-account", NULL);
  WAIT_UNTIL (!gui_test_file_contains (ID_ARVED));

  /* Still there while the undo is offered. */
  gui_test_wait_ms (200);
  g_assert_nonnull (outbox_journal_get_last (journal (f), ID_ARVED));
  g_assert_cmpuint (saved_history_length (ID_ARVED), ==, 1);

  toast = _outbox_window_get_last_toast (f->window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "Arved"));
  adw_toast_dismiss (toast);
  WAIT_UNTIL (outbox_journal_get_last (journal (f), ID_ARVED) == NULL);
  WAIT_UNTIL (saved_history_length (ID_ARVED) == 0);
  g_assert_cmpuint (saved_history_length (ID_EXPIRING), ==, 1);
}

/* How many labels shown in @widget contain @needle. */
static guint
count_texts (GtkWidget  *widget,
             const char *needle)
{
  g_autoptr(GPtrArray) labels = gui_test_find_all (widget, GTK_TYPE_LABEL);
  guint count = 0;

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), needle) != NULL &&
        gtk_widget_get_mapped (g_ptr_array_index (labels, i)))
      count++;
  return count;
}

/* What a sender domain lacks is said once, under the first of its
 * accounts, however many send from it. */
static void
test_domain_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (NULL);
  guint port = outbox_test_server_get_port (smtp, "plain");
  g_autofree char *first = account_json (ID_INVOICES, "Invoices", "billing@example.gr", port,
                                         "none", NULL);
  g_autofree char *second = account_json (ID_SUPPORT, "Support", "pagalba@example.lt", port,
                                          "none", NULL);
  g_autofree char *third = account_json (ID_EXPIRING, "News", "news@EXAMPLE.gr", port,
                                         "none", NULL);
  g_autofree char *json = g_strdup_printf ("{ \"version\": 1, \"accounts\": [ %s, %s, %s ] }",
                                           first, second, third);
  g_autoptr(GPtrArray) rows = NULL;
  GtkWindow *results;

  gui_test_write_accounts (json);
  open_window (f, 1024, 700);
  WAIT_UNTIL (account_row (f, "News") != NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.test-all", NULL);
  WAIT_UNTIL ((results = outbox_test_all_get_results (test_all (f))) != NULL);
  WAIT_UNTIL (shows_text (GTK_WIDGET (results), "example.lt publishes no SPF record") &&
              shows_text (GTK_WIDGET (results), "example.gr publishes no SPF record"));
  gui_test_wait_ms (300);
  g_assert_cmpuint (count_texts (GTK_WIDGET (results), "publishes no SPF record"), ==, 2);
  g_assert_cmpuint (count_texts (GTK_WIDGET (results), "example.gr publishes no SPF"), ==, 1);
  g_assert_cmpuint (count_texts (GTK_WIDGET (results), "example.gr publishes no DMARC"), ==, 1);

  /* Under Invoices, the first account of example.gr: its row holds the
   * notes, and News's none. */
  rows = gui_test_find_all (GTK_WIDGET (results), OUTBOX_TYPE_TEST_RESULT_ROW);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *name = gtk_label_get_text (CHILD (row, OUTBOX_TYPE_TEST_RESULT_ROW,
                                                    "title_label"));

      if (g_str_equal (name, "Invoices"))
        g_assert_cmpuint (count_texts (row, "example.gr publishes no SPF"), ==, 1);
      if (g_str_equal (name, "News"))
        {
          g_assert_cmpuint (count_texts (row, "example.gr"), ==, 0);
          g_assert_false (gtk_widget_get_visible (CHILD (row, OUTBOX_TYPE_TEST_RESULT_ROW,
                                                         "notes_box")));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gui_test_init (&argc, &argv);

  /* No real DNS: the sender domains are looked up here. */
  resolver = outbox_test_resolver_new ();
  outbox_test_resolver_add_txt (resolver, "example.ee",
                                (const char *[]) { "v=spf1 -all", NULL });
  outbox_test_resolver_add_txt (resolver, "_dmarc.example.ee",
                                (const char *[]) { "v=DMARC1; p=reject", NULL });
  g_resolver_set_default (G_RESOLVER (resolver));

  g_test_add ("/Outbox/GuiJournal/records", Fixture, NULL, fixture_setup, test_records,
              fixture_teardown);
  g_test_add ("/Outbox/GuiJournal/records-narrow", Fixture, NULL, fixture_setup,
              test_records_narrow, fixture_teardown);
  g_test_add ("/Outbox/GuiJournal/test-view", Fixture, NULL, fixture_setup,
              test_view_records, fixture_teardown);
  g_test_add ("/Outbox/GuiJournal/delete-forgets", Fixture, NULL, fixture_setup,
              test_delete_forgets, fixture_teardown);
  g_test_add ("/Outbox/GuiJournal/domain-once", Fixture, NULL, fixture_setup, test_domain_once,
              fixture_teardown);

  return g_test_run ();
}
