/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Test All" in the real window under Xvfb: four accounts, three on
 * aiosmtpd and one on a fault server that answers 535, tested with one
 * click; the summary, the rows' icons, the messages in the spool, the
 * results window leading to the failed account, and Cancel. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-account-row.h"
#include "outbox-icon.h"
#include "outbox-sidebar.h"
#include "outbox-test-all.h"
#include "outbox-test-resolver.h"
#include "outbox-test-result-row.h"
#include "outbox-test-results.h"
#include "outbox-test-servers.h"

#define ID_NEWSLETTER "5d2a9c4e-3b1f-4e6a-8c7d-1f2e3d4c5b04"
#define PASSWORD      "Λάθος-κωδικός-535"

#define ICON_PASSED  "emblem-ok-symbolic"
#define ICON_FAILED  "dialog-error-symbolic"
#define ICON_RUNNING "content-loading-symbolic"

typedef struct
{
  const char *id;
  const char *name;
  const char *address;
  guint       port;
  const char *security;
  const char *auth;
  const char *pin;
} AccountSpec;

static char *
accounts_json (const AccountSpec *specs,
               guint              n)
{
  g_autoptr(GString) json = g_string_new ("{ \"version\": 1, \"accounts\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json,
                            "%s{ \"id\": \"%s\", \"name\": \"%s\", \"sender_name\": \"%s\","
                            "  \"sender_address\": \"%s\", \"reply_to\": \"\","
                            "  \"host\": \"127.0.0.1\", \"port\": %u, \"security\": \"%s\","
                            "  \"timeout\": 30, \"auth\": \"%s\", \"username\": \"%s\","
                            "  \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"%s\" }",
                            i ? "," : "", specs[i].id, specs[i].name, specs[i].name,
                            specs[i].address, specs[i].port, specs[i].security, specs[i].auth,
                            g_str_equal (specs[i].auth, "none") ? "" : specs[i].address,
                            specs[i].pin ? specs[i].pin : "");
  g_string_append (json, "] }");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static OutboxSidebar *
sidebar (Fixture *f)
{
  return CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar");
}

static OutboxTestAll *
test_all (Fixture *f)
{
  return CHILD (f->window, OUTBOX_TYPE_WINDOW, "test_all");
}

static OutboxTestStatus *
test_status (Fixture *f)
{
  return outbox_application_get_test_status (f->app);
}

static void
click_test_all (Fixture *f)
{
  GtkWidget *button = CHILD (sidebar (f), OUTBOX_TYPE_SIDEBAR, "test_all_button");

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), !=, NULL);
  gtk_widget_activate (button);
}

/* The row of the account named @name, if the list built it. */
static OutboxAccountRow *
account_row (Fixture    *f,
             const char *name)
{
  return gui_test_account_row (GTK_WIDGET (f->window), name);
}

/* The icon the row of @name shows, or NULL when it shows none. */
static const char *
row_icon (Fixture    *f,
          const char *name)
{
  OutboxAccountRow *row = account_row (f, name);

  g_assert_nonnull (row);
  return outbox_icon_get_icon_name (CHILD (row, OUTBOX_TYPE_ACCOUNT_ROW, "status_icon"));
}

static char *
row_tooltip (Fixture    *f,
             const char *name)
{
  OutboxAccountRow *row = account_row (f, name);

  g_assert_nonnull (row);
  return gui_test_tooltip (CHILD (row, OUTBOX_TYPE_ACCOUNT_ROW, "status_icon"));
}

/* Every state each account went through, as the rows could see them. */
static void
on_status_changed (OutboxTestStatus *status,
                   const char       *account_id,
                   GHashTable       *seen)
{
  GString *states = g_hash_table_lookup (seen, account_id);

  if (states == NULL)
    {
      states = g_string_new (NULL);
      g_hash_table_insert (seen, g_strdup (account_id), states);
    }
  g_string_append_printf (states, "%d", outbox_test_status_get_state (status, account_id));
}

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

/* What the label @name of a result row shows ("title_label": the
 * account's name, "subtitle_label": its result). */
static const char *
result_text (GtkWidget  *row,
             const char *name)
{
  return gtk_label_get_text (CHILD (row, OUTBOX_TYPE_TEST_RESULT_ROW, name));
}

/* The rows the results list made (it makes those on the screen). */
static GPtrArray *
result_rows (GtkWindow *results)
{
  return gui_test_find_all (GTK_WIDGET (results), OUTBOX_TYPE_TEST_RESULT_ROW);
}

/* The result row of the account named @name, if the list made one. */
static GtkWidget *
find_result_row (GtkWindow  *results,
                 const char *name)
{
  g_autoptr(GPtrArray) rows = result_rows (results);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (result_text (g_ptr_array_index (rows, i), "title_label"), name) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* Enter on @row: the list item it is in takes the focus, as the arrow keys
 * or Tab give it, and the key activates the focused widget. */
static void
press_enter_on (GtkWindow *results,
                GtkWidget *row)
{
  GtkWidget *list_item = gtk_widget_get_parent (row);

  g_assert_true (gtk_widget_grab_focus (list_item));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (results)) == list_item);
  g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (results))));
}

static void
run_test_all (Fixture *f,
              int      width)
{
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (NULL);
  g_autoptr(OutboxTestServer) fault = outbox_test_fault_server_start ("auth-535", NULL);
  g_autofree char *pin = outbox_test_cert_fingerprint ("server");
  guint plain = outbox_test_server_get_port (smtp, "plain");
  AccountSpec specs[] = {
    { ID_INVOICES, "Invoices", "billing@example.gr", outbox_test_server_get_port (fault, "port"),
      "starttls", "password", pin },
    { ID_SUPPORT, "Support", "pagalba@example.lt", plain, "none", "none", NULL },
    { ID_ARVED, "Arved", "arved@example.ee", plain, "none", "none", NULL },
    { ID_NEWSLETTER, "Newsletter", "news@example.gr", plain, "none", "none", NULL },
  };
  g_autofree char *json = accounts_json (specs, G_N_ELEMENTS (specs));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      free_gstring);
  g_autoptr(GPtrArray) spool = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *name = NULL;
  GtkWindow *results;
  GtkWidget *failed_row;
  OutboxAccount *shown;
  gulong changed_id;
  GtkWidget *list_pane;
  int list_width, list_width_running;

  gui_test_write_accounts (json);
  open_window (f, width, 700);
  g_assert_cmpstr (main_page (f), ==, "accounts");
  g_assert_true (gui_test_store_password (outbox_application_get_secrets (f->app),
                                          outbox_account_store_lookup (store (f), ID_INVOICES),
                                          PASSWORD));
  WAIT_UNTIL (account_row (f, "Newsletter") != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    g_assert_null (row_icon (f, specs[i].name));

  changed_id = g_signal_connect (test_status (f), "changed", G_CALLBACK (on_status_changed),
                                 seen);
  list_pane = gtk_widget_get_parent (GTK_WIDGET (sidebar (f)));
  gtk_widget_measure (list_pane, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &list_width, NULL, NULL);
  click_test_all (f);
  WAIT_UNTIL (outbox_test_all_get_running (test_all (f)));
  /* The progress shows under the list, which does not ask for more width
   * for it: the editor beside the list does not jump sideways. */
  g_assert_true (gtk_revealer_get_reveal_child (CHILD (test_all (f), OUTBOX_TYPE_TEST_ALL,
                                                      "revealer")));
  gtk_widget_measure (list_pane, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &list_width_running, NULL, NULL);
  g_assert_cmpint (list_width_running, ==, list_width);
  /* One run at a time: the action waits for this one to end. */
  g_assert_false (gtk_widget_is_sensitive (CHILD (sidebar (f), OUTBOX_TYPE_SIDEBAR,
                                                  "test_all_button")));

  WAIT_UNTIL ((results = outbox_test_all_get_results (test_all (f))) != NULL);
  g_signal_handler_disconnect (test_status (f), changed_id);
  g_assert_false (outbox_test_all_get_running (test_all (f)));

  /* The summary a person reads first, then every account with its result. */
  g_assert_cmpstr (outbox_test_results_get_summary (OUTBOX_TEST_RESULTS (results)), ==,
                   "3 of 4 accounts work; Invoices: Wrong username or password");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (results)) &&
              (rows = gui_test_replace ((gpointer *)&rows, result_rows (results),
                                        (GDestroyNotify)g_ptr_array_unref))->len ==
              G_N_ELEMENTS (specs));
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      GtkWidget *result = g_ptr_array_index (rows, i);

      g_assert_cmpstr (result_text (result, "title_label"), ==, specs[i].name);
      g_assert_true (gtk_widget_get_mapped (result));
    }
  g_assert_cmpstr (result_text (g_ptr_array_index (rows, 0), "subtitle_label"), ==,
                   "Failed: Wrong username or password");
  g_assert_cmpstr (result_text (g_ptr_array_index (rows, 1), "subtitle_label"), ==,
                   "Worked");

  /* Each row went through "testing" to its result, and shows it. */
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      GString *states = g_hash_table_lookup (seen, specs[i].id);

      g_assert_nonnull (states);
      g_assert_cmpstr (states->str, ==, i == 0 ? "13" : "12");
      g_assert_cmpstr (row_icon (f, specs[i].name), ==, i == 0 ? ICON_FAILED : ICON_PASSED);
    }
  tooltip = row_tooltip (f, "Invoices");
  g_assert_cmpstr (tooltip, ==, "Failed: Wrong username or password");
  g_clear_pointer (&tooltip, g_free);
  tooltip = row_tooltip (f, "Arved");
  g_assert_cmpstr (tooltip, ==, "Worked");
  g_clear_pointer (&tooltip, g_free);

  /* The three working accounts sent their message; the server of the
   * fourth heard the password and turned it down. */
  g_assert_true (outbox_test_server_wait_messages (smtp, 3, 5000));
  spool = outbox_test_server_list_messages (smtp);
  g_assert_cmpuint (spool->len, ==, 3);
  {
    g_autofree char *received = outbox_test_server_get_received_text (fault, 0);
    g_assert_nonnull (strstr (received, "AUTH "));
    g_assert_null (strstr (received, "MAIL FROM"));
  }

  name = g_strdup_printf ("test-all-%dx700", width);
  gui_test_screenshot (GTK_WIDGET (f->window), name);
  g_free (name);
  name = g_strdup_printf ("test-all-results-%dx700", width);
  gui_test_screenshot (GTK_WIDGET (results), name);

  /* The failed account is one activation away from its settings: one
   * click, or Enter on its row; its row says so. A working account's row
   * leads nowhere. */
  failed_row = find_result_row (results, "Invoices");
  g_assert_nonnull (failed_row);
  g_assert_true (gtk_grid_view_get_single_click_activate (
                   CHILD (results, OUTBOX_TYPE_TEST_RESULTS, "results_list")));
  tooltip = gui_test_tooltip (failed_row);
  g_assert_cmpstr (tooltip, ==, "Show this account’s settings");
  g_clear_pointer (&tooltip, g_free);
  tooltip = gui_test_tooltip (find_result_row (results, "Support"));
  g_assert_null (tooltip);
  press_enter_on (results, find_result_row (results, "Support"));
  gui_test_wait_ms (100);
  g_assert_true (outbox_test_all_get_results (test_all (f)) == results);
  press_enter_on (results, failed_row);
  WAIT_UNTIL (outbox_test_all_get_results (test_all (f)) == NULL);
  shown = outbox_account_editor_get_account (editor (f));
  g_assert_nonnull (shown);
  g_assert_cmpstr (outbox_account_get_id (shown), ==, ID_INVOICES);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("%u", specs[0].port);
  g_assert_cmpstr (gtk_editable_get_text (row (f, "port_row")), ==, name);
}

static void
test_wide (Fixture       *f,
           gconstpointer  data)
{
  run_test_all (f, 1024);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  run_test_all (f, 360);
}

/* Cancel stops every test; each account goes back to what it showed
 * before, and no results window opens. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(OutboxTestServer) silent = outbox_test_fault_server_start ("no-greeting", NULL);
  guint port = outbox_test_server_get_port (silent, "port");
  AccountSpec specs[] = {
    { ID_INVOICES, "Invoices", "billing@example.gr", port, "none", "none", NULL },
    { ID_SUPPORT, "Support", "pagalba@example.lt", port, "none", "none", NULL },
    { ID_ARVED, "Arved", "arved@example.ee", port, "none", "none", NULL },
  };
  g_autofree char *json = accounts_json (specs, G_N_ELEMENTS (specs));
  GtkWidget *cancel_button;

  gui_test_write_accounts (json);
  open_window (f, 1024, 700);
  WAIT_UNTIL (account_row (f, "Arved") != NULL);

  click_test_all (f);
  WAIT_UNTIL (g_strcmp0 (row_icon (f, "Arved"), ICON_RUNNING) == 0);
  g_assert_cmpstr (row_icon (f, "Invoices"), ==, ICON_RUNNING);
  gui_test_screenshot (GTK_WIDGET (f->window), "test-all-running-1024x700");

  cancel_button = CHILD (test_all (f), OUTBOX_TYPE_TEST_ALL, "cancel_button");
  g_assert_true (gtk_widget_get_mapped (cancel_button));
  gtk_widget_activate (cancel_button);
  WAIT_UNTIL (!outbox_test_all_get_running (test_all (f)));
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_assert_null (row_icon (f, specs[i].name));
      g_assert_cmpint (outbox_test_status_get_state (test_status (f), specs[i].id), ==,
                       OUTBOX_TEST_STATE_UNTESTED);
    }
  gui_test_wait_ms (200);
  g_assert_null (outbox_test_all_get_results (test_all (f)));

  /* Closing the window in the middle of a run stops it as well. */
  click_test_all (f);
  WAIT_UNTIL (outbox_test_status_get_state (test_status (f), ID_ARVED) ==
              OUTBOX_TEST_STATE_RUNNING);
  close_window (f);
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    WAIT_UNTIL (outbox_test_status_get_state (test_status (f), specs[i].id) ==
                OUTBOX_TEST_STATE_UNTESTED);
}

/* The rows follow the shared status whoever changes it (the editor's test
 * view does too), and the action needs accounts. */
static void
test_rows_follow_status (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *tooltip = NULL;

  gui_test_write_accounts (gui_test_three_accounts);
  open_window (f, 1024, 700);
  WAIT_UNTIL (account_row (f, "Arved") != NULL);
  g_assert_true (gtk_widget_is_sensitive (CHILD (sidebar (f), OUTBOX_TYPE_SIDEBAR,
                                                 "test_all_button")));

  outbox_test_status_set_running (test_status (f), ID_ARVED);
  g_assert_cmpstr (row_icon (f, "Arved"), ==, ICON_RUNNING);
  g_assert_null (row_icon (f, "Support"));
  tooltip = row_tooltip (f, "Arved");
  g_assert_cmpstr (tooltip, ==, "Testing…");

  outbox_test_status_forget (test_status (f), ID_ARVED);
  g_assert_null (row_icon (f, "Arved"));
  close_window (f);

  /* No accounts, nothing to test. */
  gui_test_write_accounts ("{ \"version\": 1, \"accounts\": [] }");
  stop_app (f);
  start_app (f);
  open_window (f, 1024, 700);
  g_assert_cmpstr (main_page (f), ==, "empty");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.test-all", NULL);
  g_assert_false (outbox_test_all_get_running (test_all (f)));
}

#define N_MANY 200

/* Whether @row lies wholly inside the visible part of @scrolled. */
static gboolean
shown_in (GtkWidget *row,
          GtkWidget *scrolled)
{
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_get_mapped (row) ||
      !gtk_widget_compute_bounds (row, scrolled, &bounds))
    return FALSE;
  return bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled) + 1;
}

/* Scrolls down by a page, as Page Down or the mouse wheel do, and lets the
 * list follow; it keeps about a screenful of rows. (In GTK 4.8 a list
 * moved at once from the top to the very end of its adjustment keeps the
 * rows of the top.) */
static gboolean
page_down (GtkWindow *results,
           GtkWidget *scrolled)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_autoptr(GPtrArray) rows = NULL;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                        gtk_adjustment_get_page_size (adjustment));
  gui_test_wait_ms (20);
  rows = result_rows (results);
  g_assert_cmpuint (rows->len, <=, 40);
  return TRUE;
}

/* Whether the journal file has a result for each of @specs (the journal
 * saves them as they come; the test's files go when it ends). */
static gboolean
all_saved (const AccountSpec *specs,
           guint              n)
{
  g_autoptr(OutboxJournal) saved = outbox_journal_new (NULL);

  gui_test_wait_ms (50);
  if (!outbox_journal_load (saved, NULL, NULL))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (outbox_journal_get_last (saved, specs[i].id) == NULL)
      return FALSE;
  return TRUE;
}

/* A results window of 200 accounts makes rows for those on the screen, not
 * for every account (a GtkListBox makes them all, and opening the window
 * held the main loop for seconds); scrolling to the end shows the last
 * account, and Enter on it leads to its settings. */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(OutboxTestServer) smtp = outbox_test_smtp_server_start (NULL);
  g_autoptr(OutboxTestServer) fault = outbox_test_fault_server_start ("greeting-421", NULL);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree AccountSpec *specs = g_new0 (AccountSpec, N_MANY);
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) scrolled_windows = NULL;
  GtkWidget *scrolled;
  GtkWidget *last = NULL;
  GtkWindow *results;
  OutboxAccount *shown;

  /* One in four works; the others' server greets with 421. */
  for (guint i = 0; i < N_MANY; i++)
    {
      char *id = g_uuid_string_random ();
      char *name = g_strdup_printf ("Account %03u", i + 1);

      g_ptr_array_add (strings, id);
      g_ptr_array_add (strings, name);
      specs[i] = (AccountSpec) { id, name, "many@example.ee",
                                 i % 4 == 0 ? outbox_test_server_get_port (smtp, "plain")
                                            : outbox_test_server_get_port (fault, "port"),
                                 "none", "none", NULL };
    }
  json = accounts_json (specs, N_MANY);
  gui_test_write_accounts (json);
  open_window (f, 1024, 700);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (store (f))) == N_MANY);

  click_test_all (f);
  WAIT_UNTIL_WITHIN ((results = outbox_test_all_get_results (test_all (f))) != NULL,
                     6 * gui_test_wait_limit ());
  g_assert_true (g_str_has_prefix (outbox_test_results_get_summary (OUTBOX_TEST_RESULTS (results)),
                                   "50 of 200 accounts work; Account 002: "));
  scrolled_windows = gui_test_find_all (GTK_WIDGET (results), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_cmpuint (scrolled_windows->len, ==, 1);
  scrolled = g_ptr_array_index (scrolled_windows, 0);
  WAIT_UNTIL (shown_in (find_result_row (results, "Account 001"), scrolled) &&
              shown_in (find_result_row (results, "Account 002"), scrolled));
  gui_test_wait_ms (200);
  g_assert_cmpstr (result_text (find_result_row (results, "Account 001"), "subtitle_label"), ==,
                   "Worked");
  g_assert_true (g_str_has_prefix (result_text (find_result_row (results, "Account 002"),
                                                "subtitle_label"), "Failed: "));

  /* A screenful and some: the window is 520 pixels high, a row over 50;
   * it gets its rows a few a frame, then no more. */
  WAIT_UNTIL ((rows = gui_test_replace ((gpointer *)&rows, result_rows (results),
                                        (GDestroyNotify)g_ptr_array_unref))->len >= 5);
  gui_test_wait_ms (1000);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = result_rows (results);
  g_test_message ("%u rows made for %u accounts", rows->len, N_MANY);
  g_assert_cmpuint (rows->len, <=, 40);
  g_assert_null (find_result_row (results, "Account 200"));
  gui_test_screenshot (GTK_WIDGET (results), "test-all-results-200");

  /* Page by page to the end: the list keeps about a screenful of rows. */
  WAIT_UNTIL (page_down (results, scrolled) &&
              shown_in (find_result_row (results, "Account 200"), scrolled));
  gui_test_wait_ms (200);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = result_rows (results);
  g_assert_cmpuint (rows->len, <=, 40);
  g_assert_false (shown_in (find_result_row (results, "Account 001"), scrolled));
  last = find_result_row (results, "Account 200");
  g_assert_true (shown_in (last, scrolled));
  g_assert_true (g_str_has_prefix (result_text (last, "subtitle_label"), "Failed: "));
  gui_test_screenshot (GTK_WIDGET (results), "test-all-results-200-end");

  press_enter_on (results, last);
  WAIT_UNTIL (outbox_test_all_get_results (test_all (f)) == NULL);
  shown = outbox_account_editor_get_account (editor (f));
  g_assert_nonnull (shown);
  g_assert_cmpstr (outbox_account_get_name (shown), ==, "Account 200");
  WAIT_UNTIL (all_saved (specs, N_MANY));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OutboxTestResolver) resolver = NULL;

  setlocale (LC_ALL, "");
  gui_test_init (&argc, &argv);

  /* No real DNS: the sender domains publish SPF and DMARC, so the results
   * show the test results alone. */
  resolver = outbox_test_resolver_new ();
  for (guint i = 0; i < 3; i++)
    {
      const char *domain = (const char *[]) { "example.gr", "example.lt", "example.ee" }[i];
      g_autofree char *dmarc = g_strconcat ("_dmarc.", domain, NULL);

      outbox_test_resolver_add_txt (resolver, domain, (const char *[]) { "v=spf1 -all", NULL });
      outbox_test_resolver_add_txt (resolver, dmarc,
                                    (const char *[]) { "v=DMARC1; p=reject", NULL });
    }
  g_resolver_set_default (G_RESOLVER (resolver));

  g_test_add ("/Outbox/GuiTestAll/wide", Fixture, NULL, fixture_setup, test_wide,
              fixture_teardown);
  g_test_add ("/Outbox/GuiTestAll/narrow", Fixture, NULL, fixture_setup, test_narrow,
              fixture_teardown);
  g_test_add ("/Outbox/GuiTestAll/many", Fixture, NULL, fixture_setup, test_many,
              fixture_teardown);
  g_test_add ("/Outbox/GuiTestAll/cancel", Fixture, NULL, fixture_setup, test_cancel,
              fixture_teardown);
  g_test_add ("/Outbox/GuiTestAll/rows-follow-status", Fixture, NULL, fixture_setup,
              test_rows_follow_status, fixture_teardown);

  return g_test_run ();
}
