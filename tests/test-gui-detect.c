/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Provider offers, Detect Settings and Check Server in the real window
 * under Xvfb: an address at a bundled provider brings an offer that fills
 * only what the user did not type; an unknown domain is detected through
 * SRV records pointing at servers on 127.0.0.1; Check Server finds the
 * better settings of a server on 127.0.0.1 and saves them when taken. The
 * servers never see AUTH. Names resolve through a test GResolver (the
 * default one), so nothing but 127.0.0.1 is ever reached. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-detect-group.h"
#include "outbox-server-check-private.h"
#include "outbox-settings-form.h"
#include "outbox-sidebar.h"
#include "outbox-spinner.h"
#include "outbox-test-resolver.h"
#include "outbox-test-servers.h"

/* WAIT_UNTIL with room for TLS handshakes on a loaded machine: what the
 * servers answer may take longer than a widget's reaction. */
#define WAIT_FOR_SERVERS(cond) WAIT_UNTIL_WITHIN (cond, 40 * G_USEC_PER_SEC)

typedef struct
{
  Fixture             gui;       /* first: the helpers take it */
  OutboxTestResolver *resolver;
  GTlsDatabase       *database;
  GPtrArray          *servers;   /* OutboxTestServer */
} DetectFixture;

static void
detect_setup (DetectFixture *f,
              gconstpointer  data)
{
  f->resolver = outbox_test_resolver_new ();
  g_resolver_set_default (G_RESOLVER (f->resolver));
  f->database = outbox_test_tls_database_new (NULL);
  f->servers = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_test_server_stop);
  fixture_setup (&f->gui, data);
}

static void
detect_teardown (DetectFixture *f,
                 gconstpointer  data)
{
  fixture_teardown (&f->gui, data);
  g_clear_pointer (&f->servers, g_ptr_array_unref);
  g_clear_object (&f->database);
  g_clear_object (&f->resolver);
}

static guint
start_server (DetectFixture *f,
              const char    *scenario,
              gboolean       implicit_tls)
{
  OutboxTestFaultOptions options = { .implicit_tls = implicit_tls };
  OutboxTestServer *server = outbox_test_fault_server_start (scenario, &options);

  g_ptr_array_add (f->servers, server);
  return outbox_test_server_get_port (server, "port");
}

/* Whatever reached the servers, none of it signed in or sent mail. */
static void
assert_no_auth (DetectFixture *f)
{
  for (guint i = 0; i < f->servers->len; i++)
    {
      g_autofree char *text = outbox_test_server_get_received_text (g_ptr_array_index (f->servers, i), 0);
      g_autofree char *upper = g_ascii_strup (text, -1);

      g_assert_null (strstr (upper, "AUTH"));
      g_assert_null (strstr (upper, "MAIL FROM"));
    }
}

static OutboxDetectGroup *
detect_group (DetectFixture *f)
{
  return CHILD (editor (&f->gui), OUTBOX_TYPE_ACCOUNT_EDITOR, "detect_group");
}

static OutboxServerCheck *
server_check (DetectFixture *f)
{
  return CHILD (editor (&f->gui), OUTBOX_TYPE_ACCOUNT_EDITOR, "server_check");
}

static gpointer
group_child (DetectFixture *f,
             const char    *name)
{
  return CHILD (detect_group (f), OUTBOX_TYPE_DETECT_GROUP, name);
}

static gpointer
check_child (DetectFixture *f,
             const char    *name)
{
  return CHILD (server_check (f), OUTBOX_TYPE_SERVER_CHECK, name);
}

static gboolean
visible (gpointer widget)
{
  return gtk_widget_get_visible (GTK_WIDGET (widget));
}

static const char *
text_of (DetectFixture *f,
         const char    *row_name)
{
  return gtk_editable_get_text (row (&f->gui, row_name));
}

static guint
security (DetectFixture *f)
{
  return adw_combo_row_get_selected (CHILD (editor (&f->gui), OUTBOX_TYPE_ACCOUNT_EDITOR,
                                            "security_row"));
}

static const char *
offer_title (DetectFixture *f)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (group_child (f, "offer_row")));
}

static const char *
note (DetectFixture *f)
{
  return gtk_label_get_text (group_child (f, "note_label"));
}

static void
click (gpointer button)
{
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

/* Opens the window and trusts the test CA in detection and the check. */
static void
open_detect_window (DetectFixture *f,
      int            width,
      int            height)
{
  open_window (&f->gui, width, height);
  outbox_settings_form_set_tls_database (CHILD (editor (&f->gui), OUTBOX_TYPE_ACCOUNT_EDITOR,
                                                "settings_form"), f->database);
}

/* Scrolls the editor so that @widget shows @above pixels from the top. */
static void
scroll_to (DetectFixture *f,
           gpointer       widget,
           double         above)
{
  g_autoptr(GPtrArray) scrolled = gui_test_find_all (GTK_WIDGET (editor (&f->gui)),
                                                     GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  g_assert_cmpuint (scrolled->len, >, 0);
  gui_test_wait_ms (100);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (widget),
                                           gtk_scrolled_window_get_child (g_ptr_array_index (scrolled, 0)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  adjustment = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrolled, 0));
  gtk_adjustment_set_value (adjustment, MAX (0, point.y - above));
}

/* Typing an address at a bundled provider offers it and fills nothing by
 * itself; taking the offer fills the server and shows the provider's hint.
 * Case and subdomains find the provider too. */
static void
test_provider_offer (DetectFixture *f,
                     gconstpointer  data)
{
  open_detect_window (f, 1024, 700);
  activate (&f->gui, "win.add-account", NULL);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (detect_group (f))));
  g_assert_false (visible (group_child (f, "offer_row")));

  gtk_editable_set_text (row (&f->gui, "name_row"), "Gmail");
  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "Maria.Papadopoulou@GMail.com");
  g_assert_true (visible (group_child (f, "offer_row")));
  g_assert_cmpstr (offer_title (f), ==, "Use Settings for Gmail");
  g_assert_false (visible (group_child (f, "detect_row")));
  /* An offer, not an overwrite: the server is still empty. */
  g_assert_cmpstr (text_of (f, "host_row"), ==, "");
  gui_test_screenshot (GTK_WIDGET (f->gui.window), "detect-offer-1024x700");

  click (group_child (f, "offer_button"));
  g_assert_cmpstr (text_of (f, "host_row"), ==, "smtp.gmail.com");
  g_assert_cmpstr (text_of (f, "port_row"), ==, "465");
  g_assert_cmpuint (security (f), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpstr (text_of (f, "username_row"), ==, "Maria.Papadopoulou@GMail.com");
  g_assert_nonnull (strstr (note (f), "app password"));
  g_assert_false (visible (group_child (f, "offer_row")));
  WAIT_UNTIL (gui_test_file_contains ("smtp.gmail.com"));
  gui_test_screenshot (GTK_WIDGET (f->gui.window), "detect-applied-1024x700");

  /* A subdomain of a provider's wildcard domain, in capitals. */
  activate (&f->gui, "win.add-account", NULL);
  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "ops@CONTOSO.onmicrosoft.com");
  g_assert_true (visible (group_child (f, "offer_row")));
  g_assert_cmpstr (offer_title (f), ==, "Use Settings for Microsoft 365");
  click (group_child (f, "offer_button"));
  g_assert_cmpstr (text_of (f, "host_row"), ==, "smtp.office365.com");
  g_assert_cmpstr (text_of (f, "port_row"), ==, "587");
  g_assert_cmpuint (security (f), ==, OUTBOX_SECURITY_STARTTLS);
  g_assert_nonnull (strstr (note (f), "administrator"));

  /* The same offer in a phone-sized window. */
  close_window (&f->gui);
  open_detect_window (f, 360, 700);
  activate (&f->gui, "win.add-account", NULL);
  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "joe_hill@riseup.net");
  g_assert_true (visible (group_child (f, "offer_row")));
  g_assert_cmpstr (offer_title (f), ==, "Use Settings for Riseup");
  scroll_to (f, group_child (f, "offer_row"), 300);
  gui_test_screenshot (GTK_WIDGET (f->gui.window), "detect-offer-360x700");
  click (group_child (f, "offer_button"));
  /* Riseup signs in with the part before the @. */
  g_assert_cmpstr (text_of (f, "username_row"), ==, "joe_hill");
}

/* What the user typed stays, and the note says so. */
static void
test_keeps_typed (DetectFixture *f,
                  gconstpointer  data)
{
  open_detect_window (f, 1024, 700);
  activate (&f->gui, "win.add-account", NULL);
  gtk_editable_set_text (row (&f->gui, "name_row"), "Relay");
  gtk_editable_set_text (row (&f->gui, "host_row"), "relay.office.example");
  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "nikos@gmail.com");
  gtk_editable_set_text (row (&f->gui, "username_row"), "nikos-relay");
  g_assert_true (visible (group_child (f, "offer_row")));

  click (group_child (f, "offer_button"));
  g_assert_cmpstr (text_of (f, "host_row"), ==, "relay.office.example");
  g_assert_cmpstr (text_of (f, "username_row"), ==, "nikos-relay");
  /* What the user left alone was filled in. */
  g_assert_cmpstr (text_of (f, "port_row"), ==, "465");
  g_assert_cmpuint (security (f), ==, OUTBOX_SECURITY_TLS);
  g_assert_nonnull (strstr (note (f), "Kept what you typed: server, user name."));
  WAIT_UNTIL (gui_test_file_contains ("relay.office.example") && gui_test_file_contains ("465"));
  g_assert_false (gui_test_file_contains ("smtp.gmail.com"));
  gui_test_screenshot (GTK_WIDGET (f->gui.window), "detect-kept-1024x700");

  /* Settings the app filled in give way to the next offer. */
  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "nikos@riseup.net");
  click (group_child (f, "offer_button"));
  g_assert_cmpstr (text_of (f, "host_row"), ==, "relay.office.example");
  g_assert_cmpstr (text_of (f, "port_row"), ==, "465");
  g_assert_cmpstr (text_of (f, "username_row"), ==, "nikos-relay");
}

/* Without a sender address, a login that is an address brings the offer. */
static void
test_login_address (DetectFixture *f,
                    gconstpointer  data)
{
  open_detect_window (f, 1024, 700);
  activate (&f->gui, "win.add-account", NULL);
  gtk_editable_set_text (row (&f->gui, "username_row"), "Eva.Tamm@Posteo.DE");
  g_assert_true (visible (group_child (f, "offer_row")));
  g_assert_cmpstr (offer_title (f), ==, "Use Settings for Posteo");
  click (group_child (f, "offer_button"));
  g_assert_cmpstr (text_of (f, "host_row"), ==, "posteo.de");
  g_assert_cmpstr (text_of (f, "username_row"), ==, "Eva.Tamm@Posteo.DE");
}

static gint64 longest_gap_us;
static gint64 last_tick_us;

static gboolean
on_tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick_us)
    longest_gap_us = MAX (longest_gap_us, now - last_tick_us);
  last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

/* An unknown domain: its SRV record names a server on 127.0.0.1, which
 * the offer fills in; the server check then confirms the settings work. */
static void
test_detect_srv (DetectFixture *f,
                 gconstpointer  data)
{
  guint tls_port = start_server (f, "success", TRUE);
  guint starttls_port = start_server (f, "success", FALSE);
  guint tick;

  outbox_test_resolver_add_srv (f->resolver, "_submissions._tcp.example.test", 10, 0, tls_port,
                                "mail.example.test");
  outbox_test_resolver_add_address (f->resolver, "mail.example.test", "127.0.0.1");

  open_detect_window (f, 1024, 700);
  activate (&f->gui, "win.add-account", NULL);
  gtk_editable_set_text (row (&f->gui, "name_row"), "Example");
  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "eleni@example.test");
  g_assert_false (visible (group_child (f, "offer_row")));
  g_assert_true (visible (group_child (f, "detect_row")));

  /* The main loop keeps turning while detection runs. */
  longest_gap_us = last_tick_us = 0;
  tick = g_timeout_add (10, on_tick, NULL);
  click (group_child (f, "detect_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (group_child (f, "detect_stack")), ==, "running");
  g_assert_true (outbox_spinner_get_spinning (group_child (f, "detect_spinner")));
  WAIT_FOR_SERVERS (visible (group_child (f, "offer_row")));
  g_source_remove (tick);
  g_test_message ("longest main loop gap during detection: %" G_GINT64_FORMAT " ms",
                  longest_gap_us / 1000);
  g_assert_cmpint (longest_gap_us, <, gui_test_stall_limit (3 * G_USEC_PER_SEC));

  g_assert_cmpstr (offer_title (f), ==, "Use Settings Found for example.test");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (group_child (f, "offer_row")), "SRV"));
  g_assert_false (outbox_spinner_get_spinning (group_child (f, "detect_spinner")));
  gui_test_screenshot (GTK_WIDGET (f->gui.window), "detect-srv-1024x700");

  click (group_child (f, "offer_button"));
  g_assert_cmpstr (text_of (f, "host_row"), ==, "mail.example.test");
  g_assert_cmpuint (g_ascii_strtoull (text_of (f, "port_row"), NULL, 10), ==, tls_port);
  g_assert_cmpuint (security (f), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpstr (text_of (f, "username_row"), ==, "eleni@example.test");
  WAIT_UNTIL (gui_test_file_contains ("mail.example.test"));

  /* They work: the check finds nothing better than what is filled in. */
  _outbox_server_check_set_ports (server_check (f), tls_port, starttls_port);
  click (check_child (f, "check_button"));
  WAIT_FOR_SERVERS (visible (check_child (f, "result_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (check_child (f, "result_label")),
                                   "These settings work."));
  g_assert_false (visible (check_child (f, "better_row")));
  assert_no_auth (f);
}

/* Detection that finds nothing says why; one that is cancelled stops. */
static void
test_detect_nothing_and_cancel (DetectFixture *f,
                                gconstpointer  data)
{
  open_detect_window (f, 1024, 700);
  activate (&f->gui, "win.add-account", NULL);
  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "someone@nowhere.test");
  click (group_child (f, "detect_button"));
  WAIT_FOR_SERVERS (visible (group_child (f, "note_label")));
  g_assert_nonnull (strstr (note (f), "No settings were found for nowhere.test."));
  g_assert_false (visible (group_child (f, "offer_row")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (group_child (f, "detect_stack")), ==, "idle");
  g_assert_true (outbox_test_resolver_was_asked (f->resolver, "SRV _submissions._tcp.nowhere.test"));

  gtk_editable_set_text (row (&f->gui, "sender_address_row"), "someone@elsewhere.test");
  g_assert_false (visible (group_child (f, "note_label")));
  click (group_child (f, "detect_button"));
  click (group_child (f, "cancel_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (group_child (f, "detect_stack")), ==, "idle");
  gui_test_wait_ms (500);
  g_assert_false (visible (group_child (f, "offer_row")));
  g_assert_false (visible (group_child (f, "note_label")));
}

/* The account uses STARTTLS; its server also offers SSL/TLS, which the
 * check offers, and taking it saves the account. */
static void
test_check_server (DetectFixture *f,
                   gconstpointer  data)
{
  guint tls_port = start_server (f, "success", TRUE);
  guint starttls_port = start_server (f, "success", FALSE);
  g_autofree char *accounts = NULL;
  g_autofree char *question = NULL;
  g_autoptr(JsonObject) saved = NULL;

  outbox_test_resolver_add_address (f->resolver, "mail.example.test", "127.0.0.1");
  accounts = g_strdup_printf ("{ \"version\": 1, \"accounts\": [ { \"id\": \"%s\", "
                              "\"name\": \"Arved\", \"sender_name\": \"Tõnu Õun\", "
                              "\"sender_address\": \"arved@example.test\", \"reply_to\": \"\", "
                              "\"host\": \"mail.example.test\", \"port\": %u, "
                              "\"security\": \"starttls\", \"timeout\": 30, \"auth\": \"password\", "
                              "\"username\": \"arved@example.test\", \"smtp_username\": \"\", "
                              "\"pinned_certificate_sha256\": \"\" } ] }",
                              ID_ARVED, starttls_port);
  gui_test_write_accounts (accounts);

  open_detect_window (f, 1024, 700);
  WAIT_UNTIL (listed (&f->gui, "Arved"));
  g_assert_false (visible (detect_group (f)));
  g_assert_true (visible (server_check (f)));
  _outbox_server_check_set_ports (server_check (f), tls_port, starttls_port);

  click (check_child (f, "check_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (check_child (f, "check_stack")), ==, "running");
  WAIT_FOR_SERVERS (visible (check_child (f, "better_row")));
  question = g_strdup_printf ("This server offers SSL/TLS on port %u. Use it?", tls_port);
  g_assert_cmpstr (adw_preferences_row_get_title (check_child (f, "better_row")), ==, question);
  g_assert_nonnull (strstr (gtk_label_get_text (check_child (f, "result_label")), "works"));
  scroll_to (f, check_child (f, "better_row"), 300);
  gui_test_screenshot (GTK_WIDGET (f->gui.window), "check-server-1024x700");

  click (check_child (f, "use_button"));
  g_assert_cmpuint (g_ascii_strtoull (text_of (f, "port_row"), NULL, 10), ==, tls_port);
  g_assert_cmpuint (security (f), ==, OUTBOX_SECURITY_TLS);
  /* (Each account read before the save is freed before the next read.) */
  WAIT_UNTIL (gui_test_replace ((gpointer *)&saved, gui_test_find_account ("Arved"),
                                (GDestroyNotify)json_object_unref) != NULL &&
              json_object_get_int_member (saved, "port") == tls_port);
  g_assert_cmpstr (json_object_get_string_member (saved, "security"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (saved, "host"), ==, "mail.example.test");
  assert_no_auth (f);

  /* The same at phone size. */
  close_window (&f->gui);
  open_detect_window (f, 360, 700);
  WAIT_UNTIL (listed (&f->gui, "Arved"));
  g_signal_emit_by_name (CHILD (CHILD (f->gui.window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 0);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (check_child (f, "check_button"))));
  _outbox_server_check_set_ports (server_check (f), tls_port, starttls_port);
  click (check_child (f, "check_button"));
  WAIT_FOR_SERVERS (visible (check_child (f, "result_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (check_child (f, "result_label")),
                                   "These settings work."));
  scroll_to (f, check_child (f, "check_row"), 250);
  gui_test_screenshot (GTK_WIDGET (f->gui.window), "check-server-360x700");
  assert_no_auth (f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *certs = NULL;
  int status;

  setlocale (LC_ALL, "");
  gui_test_init (&argc, &argv);

  certs = outbox_test_private_certs_dir ("outbox-detect-certs",
                                         (const char *[]) { "mail.example.test",
                                                            "smtp.example.test", NULL },
                                         4343);

#define ADD(path, func) g_test_add ("/Outbox/Detect/" path, DetectFixture, NULL, \
                                    detect_setup, func, detect_teardown)
  ADD ("provider-offer", test_provider_offer);
  ADD ("keeps-what-was-typed", test_keeps_typed);
  ADD ("login-address", test_login_address);
  ADD ("srv", test_detect_srv);
  ADD ("nothing-found-and-cancel", test_detect_nothing_and_cancel);
  ADD ("check-server", test_check_server);
#undef ADD

  status = g_test_run ();
  outbox_test_remove_tree (certs);
  return status;
}
