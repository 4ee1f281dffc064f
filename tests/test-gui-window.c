/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window under Xvfb, driven through its widgets: the list and its
 * search, the empty state, delete and undo, duplicate, an unreadable or newer
 * accounts file, shortcuts, dark style and the remembered size. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-detect-group.h"
#include "outbox-account-row.h"
#include "outbox-sidebar.h"
#include "outbox-spinner.h"
#include "outbox-warm-up.h"

static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  open_window (f, 1024, 700);
  g_assert_cmpstr (main_page (f), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (CHILD (f->window, OUTBOX_TYPE_WINDOW, "empty_add_button")));
  gui_test_screenshot (GTK_WIDGET (f->window), "empty-1024x700");
  close_window (f);

  open_window (f, 360, 700);
  g_assert_cmpstr (main_page (f), ==, "empty");
  gui_test_screenshot (GTK_WIDGET (f->window), "empty-360x700");

  /* The empty state's button opens a new account's form. */
  g_signal_emit_by_name (CHILD (f->window, OUTBOX_TYPE_WINDOW, "empty_add_button"), "clicked");
  WAIT_UNTIL (g_strcmp0 (main_page (f), "accounts") == 0);
  g_assert_true (outbox_account_editor_get_is_new (editor (f)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row (f, "name_row"))));
  g_assert_null (gui_test_read_accounts ());
}

static void
count_frame (GdkFrameClock *clock,
             guint         *count)
{
  (*count)++;
}

/* How many times in @ms milliseconds the window laid itself out and
 * painted, doing nothing. */
static void
count_idle_frames (GtkWidget *window,
                   guint      ms,
                   guint     *layouts,
                   guint     *paints)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong layout_id, paint_id;

  *layouts = *paints = 0;
  layout_id = g_signal_connect (clock, "layout", G_CALLBACK (count_frame), layouts);
  paint_id = g_signal_connect (clock, "paint", G_CALLBACK (count_frame), paints);
  gui_test_wait_ms (ms);
  g_signal_handler_disconnect (clock, layout_id);
  g_signal_handler_disconnect (clock, paint_id);
}

/* A window left alone does no work: no frames, so no CPU. (The loading
 * spinner, on a page no longer shown, kept spinning: the window restyled,
 * laid itself out and asked the X server for its work area every frame,
 * 4-5 % of a CPU for good.) With animations, as people have them. */
static void
test_idle (Fixture       *f,
           gconstpointer  data)
{
  guint layouts, paints;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  open_window (f, 1024, 700);
  g_assert_cmpstr (main_page (f), ==, "empty");
  gui_test_wait_ms (1000);
  count_idle_frames (GTK_WIDGET (f->window), 1000, &layouts, &paints);
  g_test_message ("empty state, idle for 1 s: %u layouts, %u paints", layouts, paints);
  g_assert_cmpuint (layouts, <=, 2);
  close_window (f);

  gui_test_write_accounts (gui_test_three_accounts);
  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  /* Meanwhile, the icons of the test windows were readied; each is in the
   * icon theme (no "image-missing" for a misspelt name). */
  WAIT_UNTIL (outbox_warm_up_get_icons (GTK_WIDGET (f->window)) != NULL);
  {
    GPtrArray *icons = outbox_warm_up_get_icons (GTK_WIDGET (f->window));

    g_assert_cmpuint (icons->len, >=, 10);
    for (guint i = 0; i < icons->len; i++)
      {
        g_autoptr(GFile) file = gtk_icon_paintable_get_file (g_ptr_array_index (icons, i));
        g_autofree char *uri = file ? g_file_get_uri (file) : NULL;

        g_assert_nonnull (uri);
        g_assert_null (strstr (uri, "image-missing"));
      }
  }
  gui_test_wait_ms (1000);
  count_idle_frames (GTK_WIDGET (f->window), 1000, &layouts, &paints);
  g_test_message ("three accounts, idle for 1 s: %u layouts, %u paints", layouts, paints);
  g_assert_cmpuint (layouts, <=, 2);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* A spinner turns by redrawing itself: the window paints each frame, but
 * neither restyles nor lays itself out (GTK 4.8's GtkSpinner did both,
 * 60 times a second, and on X11 each layout cost round trips to the
 * server). Stopped, it asks for no frames at all. */
static void
test_spinner (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *spinner = outbox_spinner_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  guint layouts, paints;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Connecting…"));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 200);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (spinner));
  gui_test_wait_ms (500);

  outbox_spinner_set_spinning (OUTBOX_SPINNER (spinner), TRUE);
  gui_test_wait_ms (200);
  count_idle_frames (window, 1000, &layouts, &paints);
  g_test_message ("spinning for 1 s: %u layouts, %u paints", layouts, paints);
  g_assert_cmpuint (paints, >=, 10);
  g_assert_cmpuint (layouts, <=, 2);

  outbox_spinner_set_spinning (OUTBOX_SPINNER (spinner), FALSE);
  gui_test_wait_ms (200);
  count_idle_frames (window, 500, &layouts, &paints);
  g_test_message ("stopped, 0.5 s: %u layouts, %u paints", layouts, paints);
  g_assert_cmpuint (paints, <=, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GtkEditable *search;

  gui_test_write_accounts (gui_test_three_accounts);
  open_window (f, 1024, 700);

  g_assert_cmpstr (main_page (f), ==, "accounts");
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  /* The first account is open in the editor beside the list. */
  g_assert_cmpstr (gtk_editable_get_text (row (f, "name_row")), ==, "Τιμολόγια");
  g_assert_cmpstr (gtk_editable_get_text (row (f, "host_row")), ==, "mail.example.gr");
  gui_test_screenshot (GTK_WIDGET (f->window), "list-1024x700");

  /* Searching narrows the list, by address as well as by name. */
  activate (f, "win.search", NULL);
  search = CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"), OUTBOX_TYPE_SIDEBAR,
                  "search_entry");
  gtk_editable_set_text (search, "example.ee");
  WAIT_UNTIL (listed (f, "Arved"));
  gtk_editable_set_text (search, "ΤΙΜΟΛ");
  WAIT_UNTIL (listed (f, "Τιμολόγια"));
  gtk_editable_set_text (search, "nothing like it");
  WAIT_UNTIL (listed (f, ""));
  gtk_editable_set_text (search, "");
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  close_window (f);

  /* Narrow: one pane, the list first, with nothing selected. */
  open_window (f, 360, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  /* Folded once laid out at its width (a slow build maps it first). */
  WAIT_UNTIL (adw_leaflet_get_folded (CHILD (f->window, OUTBOX_TYPE_WINDOW, "leaflet")));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (row (f, "name_row"))));
  gui_test_screenshot (GTK_WIDGET (f->window), "list-360x700");
}

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  OutboxSecrets *secrets = outbox_application_get_secrets (f->app);
  g_autoptr(OutboxAccount) support = outbox_account_new_with_id (ID_SUPPORT);
  g_autofree char *password = NULL;
  g_autofree char *forgotten = NULL;
  AdwToast *toast;

  gui_test_write_accounts (gui_test_three_accounts);
  outbox_account_set_name (support, "Support");
  g_assert_true (gui_test_store_password (secrets, support, "pagalbos slaptažodis"));

  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  g_signal_emit_by_name (CHILD (CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar"),
                                OUTBOX_TYPE_SIDEBAR, "list_view"), "activate", 1);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (row (f, "name_row")), "Support") == 0);

  activate (f, "win.delete-account", NULL);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Arved") && !gui_test_file_contains (ID_SUPPORT));
  toast = _outbox_window_get_last_toast (f->window);
  g_assert_nonnull (toast);
  g_assert_true (strstr (adw_toast_get_title (toast), "Support") != NULL);
  gui_test_screenshot (GTK_WIDGET (f->window), "deleted-1024x700");

  /* Undo puts it back where it was, with its password. */
  activate (f, "win.undo-delete", g_variant_new_string (ID_SUPPORT));
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved") && gui_test_file_contains (ID_SUPPORT));
  gui_test_wait_ms (300);
  password = gui_test_lookup_password (secrets, ID_SUPPORT, OUTBOX_SECRET_KIND_ACCOUNT);
  g_assert_cmpstr (password, ==, "pagalbos slaptažodis");

  /* Deleted for good when the toast goes without an undo. */
  activate (f, "win.delete-account", NULL);
  WAIT_UNTIL (!gui_test_file_contains (ID_SUPPORT));
  toast = _outbox_window_get_last_toast (f->window);
  g_assert_true (strstr (adw_toast_get_title (toast), "Support") != NULL);
  adw_toast_dismiss (toast);
  /* (Each look-up that still finds it is freed before the next.) */
  WAIT_UNTIL (gui_test_replace ((gpointer *)&forgotten,
                                gui_test_lookup_password (secrets, ID_SUPPORT,
                                                          OUTBOX_SECRET_KIND_ACCOUNT),
                                g_free) == NULL);
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(OutboxAccount) invoices = outbox_account_new_with_id (ID_INVOICES);
  g_autofree char *password = NULL;
  OutboxAccount *duplicate;

  gui_test_write_accounts (gui_test_three_accounts);
  outbox_account_set_name (invoices, "Τιμολόγια");
  gui_test_store_password (outbox_application_get_secrets (f->app), invoices, "δοκιμή");
  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));

  activate (f, "win.duplicate-account", NULL);
  WAIT_UNTIL (gui_test_file_contains ("Τιμολόγια (copy)"));
  copy = gui_test_find_account ("Τιμολόγια (copy)");
  g_assert_cmpstr (json_object_get_string_member (copy, "host"), ==, "mail.example.gr");
  g_assert_cmpstr (json_object_get_string_member (copy, "id"), !=, ID_INVOICES);
  g_assert_cmpstr (gtk_editable_get_text (row (f, "name_row")), ==, "Τιμολόγια (copy)");
  duplicate = outbox_account_store_lookup (store (f), "Τιμολόγια (copy)");
  WAIT_UNTIL ((password = gui_test_lookup_password (outbox_application_get_secrets (f->app),
                                                    outbox_account_get_id (duplicate),
                                                    OUTBOX_SECRET_KIND_ACCOUNT)) != NULL);
  g_assert_cmpstr (password, ==, "δοκιμή");
}

static void
test_broken_file (Fixture       *f,
                  gconstpointer  data)
{
  const char broken[] = "{ \"version\": 1, \"accounts\": [ { \"name\": \"Half";
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "outbox", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *kept = NULL;
  const char *entry;

  gui_test_write_accounts (broken);
  open_window (f, 1024, 700);
  g_assert_cmpstr (main_page (f), ==, "error");
  g_assert_true (gtk_widget_get_mapped (CHILD (f->window, OUTBOX_TYPE_WINDOW, "start_over_button")));
  /* Nothing can be added over a file that was not understood. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-account", NULL);
  g_assert_cmpstr (main_page (f), ==, "error");
  gui_test_screenshot (GTK_WIDGET (f->window), "broken-1024x700");
  gui_test_wait_ms (700);
  {
    g_autofree char *now = gui_test_read_accounts ();
    g_assert_cmpstr (now, ==, broken);
  }

  /* Start Over keeps the old file beside, under a dated name. */
  g_signal_emit_by_name (CHILD (f->window, OUTBOX_TYPE_WINDOW, "start_over_button"), "clicked");
  WAIT_UNTIL (g_strcmp0 (main_page (f), "empty") == 0);
  listing = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "accounts.json.broken-"))
      {
        g_autofree char *path = g_build_filename (dir, entry, NULL);
        g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
      }
  g_assert_cmpstr (kept, ==, broken);
}

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *newer = g_strdup (gui_test_three_accounts);
  g_autofree char *before = NULL;
  GtkRevealer *banner;

  /* Same accounts, a version this build does not know. */
  memcpy (strstr (newer, "1,"), "9,", 2);
  gui_test_write_accounts (newer);
  before = gui_test_read_accounts ();

  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  banner = CHILD (f->window, OUTBOX_TYPE_WINDOW, "read_only_revealer");
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (editor (f))));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-account", NULL);
  g_assert_true (listed (f, "Τιμολόγια|Support|Arved"));
  gui_test_screenshot (GTK_WIDGET (f->window), "read-only-1024x700");
  gui_test_wait_ms (700);
  {
    g_autofree char *now = gui_test_read_accounts ();
    g_assert_cmpstr (now, ==, before);
  }
}

/* Ctrl+? opens the shortcuts window that lists the app's keys. */
static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  const struct { const char *action; const char *accel; } expected[] = {
    { "win.add-account", "<Control>n" },
    { "win.search", "<Control>f" },
    { "win.show-help-overlay", "<Control>question" },
    { "app.quit", "<Control>q" },
  };
  GtkWindow *overlay;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                    expected[i].action);
      g_assert_true (g_strv_contains ((const char * const *)accels, expected[i].accel));
    }

  open_window (f, 1024, 700);
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  activate (f, "win.show-help-overlay", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  gui_test_screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_close (overlay);

  /* Quitting closes the window. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
  WAIT_UNTIL (f->window == NULL);
}

static void
test_dark_and_size (Fixture       *f,
                    gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  gui_test_write_accounts (gui_test_three_accounts);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  open_window (f, 800, 640);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));
  gui_test_screenshot (GTK_WIDGET (f->window), "dark-800x640");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* The size the window was closed at is the size it opens at next. */
  close_window (f);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  f->window = outbox_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  {
    int width, height;
    gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
    g_assert_cmpint (width, ==, 800);
    g_assert_cmpint (height, ==, 640);
  }
}

/* The list builds rows only for what is on screen, so thousands of
 * accounts open and search as fast as three. */
static void
test_many_accounts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{ \"version\": 1, \"accounts\": [");
  OutboxSidebar *sidebar;
  g_autoptr(GPtrArray) rows = NULL;
  GtkEditable *search;
  guint n = 3000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json,
                            "%s{ \"id\": \"00000000-0000-4000-8000-%012u\", \"name\": \"Sender %04u\","
                            " \"sender_address\": \"sender%04u@example.com\","
                            " \"host\": \"smtp.example.com\", \"port\": 587,"
                            " \"security\": \"starttls\", \"timeout\": 30, \"auth\": \"none\" }",
                            i ? "," : "", i, i, i);
  g_string_append (json, "] }");
  gui_test_write_accounts (json->str);

  open_window (f, 1024, 700);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (store (f))) == n);
  sidebar = CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar");
  WAIT_UNTIL (listed_contains (f, "Sender 0000|Sender 0001"));
  /* GTK keeps a few hundred rows around the visible ones, not thousands. */
  rows = gui_test_find_all (GTK_WIDGET (sidebar), OUTBOX_TYPE_ACCOUNT_ROW);
  g_assert_cmpuint (rows->len, <, n / 5);

  activate (f, "win.search", NULL);
  search = CHILD (sidebar, OUTBOX_TYPE_SIDEBAR, "search_entry");
  gtk_editable_set_text (search, "sender2718@");
  WAIT_UNTIL (listed (f, "Sender 2718"));
}

typedef struct
{
  gboolean  exited;
  char     *errors;   /* what the program wrote to stderr */
} Run;

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, NULL, &run->errors, NULL);
  run->exited = TRUE;
}

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* The program itself: it starts with its accounts without a warning, owns
 * its name on the bus (which keeps it single-instance), and quits cleanly
 * when asked. */
static void
test_program_quits (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *program = g_build_filename (g_getenv ("OUTBOX_BUILD_DIR"), "src", "gui",
                                               "outbox", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) outbox = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { FALSE, NULL };

  gui_test_write_accounts (gui_test_three_accounts);
  /* The test's own application must not hold the program's name. */
  stop_app (f);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS",
                                g_getenv ("OUTBOX_TEST_SYSTEM_DATA_DIRS"), TRUE);
  outbox = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (outbox, NULL, NULL, exited_cb, &run);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (run.exited || name_has_owner (bus, APPLICATION_ID));
  g_assert_false (run.exited);
  gui_test_wait_ms (500);

  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, "/io/github/outbox/Outbox",
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (run.exited);
  g_assert_true (g_subprocess_get_if_exited (outbox));
  g_assert_cmpint (g_subprocess_get_exit_status (outbox), ==, 0);
  g_assert_null (strstr (run.errors, "WARNING"));
  g_assert_null (strstr (run.errors, "CRITICAL"));
  g_free (run.errors);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ("/Outbox/Window/" path, Fixture, NULL, \
                                    fixture_setup, func, fixture_teardown)
  ADD ("empty-state", test_empty_state);
  ADD ("idle", test_idle);
  ADD ("spinner", test_spinner);
  ADD ("list-and-search", test_list);
  ADD ("many-accounts", test_many_accounts);
  ADD ("delete-and-undo", test_delete_undo);
  ADD ("duplicate", test_duplicate);
  ADD ("broken-file", test_broken_file);
  ADD ("newer-version", test_newer_version);
  ADD ("shortcuts", test_shortcuts);
  ADD ("dark-style-and-size", test_dark_and_size);
  ADD ("program-quits", test_program_quits);
#undef ADD

  return g_test_run ();
}
