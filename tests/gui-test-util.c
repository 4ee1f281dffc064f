/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the GUI tests. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gui-test-util.h"
#include "outbox-account-row.h"
#include "outbox-test-resolver.h"
#include "outbox-sidebar.h"
#include "outbox-tooltip.h"

const char gui_test_three_accounts[] =
  "{ \"version\": 1, \"accounts\": ["
  "{ \"id\": \"" ID_INVOICES "\", \"name\": \"Τιμολόγια\", \"sender_name\": \"Λογιστήριο\","
  "  \"sender_address\": \"billing@example.gr\", \"reply_to\": \"\", \"host\": \"mail.example.gr\","
  "  \"port\": 587, \"security\": \"starttls\", \"timeout\": 30, \"auth\": \"password\","
  "  \"username\": \"billing@example.gr\", \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" },"
  "{ \"id\": \"" ID_SUPPORT "\", \"name\": \"Support\", \"sender_name\": \"Jonas Žemaitis\","
  "  \"sender_address\": \"pagalba@example.lt\", \"reply_to\": \"\", \"host\": \"smtp.example.lt\","
  "  \"port\": 465, \"security\": \"tls\", \"timeout\": 30, \"auth\": \"password\","
  "  \"username\": \"pagalba@example.lt\", \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" },"
  "{ \"id\": \"" ID_ARVED "\", \"name\": \"Arved\", \"sender_name\": \"Tõnu Õun\","
  "  \"sender_address\": \"arved@example.ee\", \"reply_to\": \"\", \"host\": \"smtp.example.ee\","
  "  \"port\": 25, \"security\": \"none\", \"timeout\": 60, \"auth\": \"none\","
  "  \"username\": \"\", \"smtp_username\": \"\", \"pinned_certificate_sha256\": \"\" } ] }";

void
gui_test_iterate (void)
{
  /* Short sleeps let threads (the store's file I/O, D-Bus) make progress
   * without the loop blocking on an idle context. */
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (2000);
}

void
gui_test_wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    gui_test_iterate ();
}

char *
gui_test_accounts_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "outbox", "accounts.json", NULL);
}

void
gui_test_write_accounts (const char *json)
{
  g_autofree char *path = gui_test_accounts_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
}

gint64
gui_test_wait_limit (void)
{
  const char *seconds = g_getenv ("OUTBOX_TEST_WAIT_SECONDS");
  gint64 n = seconds ? g_ascii_strtoll (seconds, NULL, 10) : 0;

  return (n > 0 ? n : 10) * G_USEC_PER_SEC;
}

/* The longest main-loop pause a test accepts, @base_us in a normal build.
 * Under ASan (OUTBOX_TEST_WAIT_SECONDS=60) everything runs several times
 * slower, building a dialog too: the limit grows by the same factor as the
 * waits. The figure itself is a benchmark's (bench/README.md); the tests
 * only catch a blocking call. */
gint64
gui_test_stall_limit (gint64 base_us)
{
  return base_us * MAX (1, gui_test_wait_limit () / (10 * G_USEC_PER_SEC));
}

gpointer
gui_test_replace (gpointer       *slot,
                  gpointer        value,
                  GDestroyNotify  free_func)
{
  if (*slot != NULL)
    free_func (*slot);
  *slot = value;
  return value;
}

/* Returns: the file's bytes, or %NULL when there is no file. */
char *
gui_test_read_accounts (void)
{
  g_autofree char *path = gui_test_accounts_path ();
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

gboolean
gui_test_file_contains (const char *needle)
{
  g_autofree char *contents = gui_test_read_accounts ();

  return contents != NULL && strstr (contents, needle) != NULL;
}

/* Returns: (transfer full) (nullable): the account object named @name in
 * the file, parsed as any other program would. */
JsonObject *
gui_test_find_account (const char *name)
{
  g_autofree char *contents = gui_test_read_accounts ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *accounts;

  if (contents == NULL || !json_parser_load_from_data (parser, contents, -1, NULL))
    return NULL;

  accounts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "accounts");
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      if (g_strcmp0 (json_object_get_string_member (account, "name"), name) == 0)
        return json_object_ref (account);
    }
  return NULL;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

gboolean
gui_test_store_password (OutboxSecrets *secrets,
                         OutboxAccount *account,
                         const char    *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  outbox_secrets_store_async (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT, password, NULL,
                              on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = outbox_secrets_store_finish (secrets, result, &error);
  g_assert_no_error (error);
  return ok;
}

char *
gui_test_lookup_password (OutboxSecrets    *secrets,
                          const char       *account_id,
                          OutboxSecretKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  outbox_secrets_lookup_async (secrets, account_id, kind, NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  password = outbox_secrets_lookup_finish (secrets, result, &error);
  g_assert_no_error (error);
  return password;
}

static void
find_all (GtkWidget *widget,
          GType      type,
          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

/* Returns: (transfer container): every widget of @type under @root that
 * exists (a list view only builds the rows it shows). */
GPtrArray *
gui_test_find_all (GtkWidget *root,
                   GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  find_all (root, type, found);
  return found;
}

/* The row of the account named @name below @root, if the list built it. */
OutboxAccountRow *
gui_test_account_row (GtkWidget  *root,
                      const char *name)
{
  g_autoptr(GPtrArray) rows = gui_test_find_all (root, OUTBOX_TYPE_ACCOUNT_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      OutboxAccount *account = outbox_account_row_get_account (g_ptr_array_index (rows, i));

      if (account != NULL && g_strcmp0 (outbox_account_get_name (account), name) == 0)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static char *
screenshot_path (const char *name)
{
  const char *build_dir = g_getenv ("OUTBOX_BUILD_DIR");
  g_autofree char *dir = g_build_filename (build_dir ? build_dir : ".", "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, file, NULL);
}

/* @widget as it looks now, in a cairo image surface. */
static cairo_surface_t *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 deadline = g_get_monotonic_time () + gui_test_wait_limit ();
  cairo_surface_t *surface;
  GskRenderNode *node;

  /* A window shown a moment ago may not have drawn yet (under ASan, on a
   * busy machine): nothing to snapshot until its first frame. */
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  while ((node = gtk_snapshot_free_to_node (snapshot)) == NULL &&
         g_get_monotonic_time () < deadline)
    {
      gui_test_iterate ();
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  /* GDK_MEMORY_DEFAULT is cairo's ARGB32 */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_surface_flush (surface);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Returns: (transfer full): @widget as it looks now, to put under a dialog
 * with gui_test_screenshot_dialog(). */
cairo_surface_t *
gui_test_render (GtkWidget *widget)
{
  gui_test_wait_ms (400);
  return render_widget (widget);
}

/* Renders @dialog over @background (a window rendered before the dialog
 * opened; behind a modal dialog a window is drawn in its backdrop state),
 * as a desktop shows a modal dialog: centred, the window behind dimmed,
 * into $OUTBOX_BUILD_DIR/screenshots/@name.png. */
void
gui_test_screenshot_dialog (cairo_surface_t *background,
                            GtkWidget       *dialog,
                            const char      *name)
{
  g_autofree char *path = NULL;
  cairo_surface_t *back, *front;
  cairo_t *cr;
  int width, height, x, y;

  gui_test_wait_ms (400);
  front = render_widget (dialog);
  width = cairo_image_surface_get_width (background);
  height = cairo_image_surface_get_height (background);
  x = MAX ((width - cairo_image_surface_get_width (front)) / 2, 0);
  y = MAX ((height - cairo_image_surface_get_height (front)) / 2, 0);

  back = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (back);
  cairo_set_source_surface (cr, background, 0, 0);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
  cairo_paint (cr);
  cairo_set_source_surface (cr, front, x, y);
  cairo_paint (cr);
  cairo_destroy (cr);

  path = screenshot_path (name);
  g_assert_cmpint (cairo_surface_write_to_png (back, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
  cairo_surface_destroy (front);
  cairo_surface_destroy (back);
}

/* Renders @widget as it is on screen into
 * $OUTBOX_BUILD_DIR/screenshots/@name.png, a test artifact. */
void
gui_test_screenshot (GtkWidget  *widget,
                     const char *name)
{
  const char *build_dir = g_getenv ("OUTBOX_BUILD_DIR");
  g_autofree char *dir = g_build_filename (build_dir ? build_dir : ".", "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width, height;

  /* Let transitions end and the last frame be laid out; the paintable
   * holds what the widget looks like when it is made. */
  gui_test_wait_ms (400);
  /* A widget whose size is being renegotiated has no image yet; a slow
   * build (ASan) may come here between two frames: try a few more. */
  for (guint attempt = 0;; attempt++)
    {
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        break;
      if (attempt == 50)
        g_error ("nothing rendered: mapped %d, %d×%d", gtk_widget_get_mapped (widget),
                 width, height);
      g_clear_object (&paintable);
      gui_test_wait_ms (100);
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
}

/* Sets up a GUI test program: isolated XDG directories per test, with the
 * system's MIME database and icons still found; GTK and libadwaita without
 * animations. */
void
gui_test_init (int    *argc,
               char ***argv)
{
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) icon_dirs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) system_dirs = NULL;

  /* Each test gets its own XDG directories, data directories included; the
   * MIME database and the icon theme must still come from the system, or
   * no icon loads. Both are fixed here, before any test runs; a test's
   * subprocess learns the system's directories from its parent. */
  if (g_getenv ("OUTBOX_TEST_SYSTEM_DATA_DIRS") == NULL)
    {
      g_autofree char *dirs = g_strjoinv (":", (char **)g_get_system_data_dirs ());
      g_setenv ("OUTBOX_TEST_SYSTEM_DATA_DIRS", dirs, TRUE);
    }
  system_dirs = g_strsplit (g_getenv ("OUTBOX_TEST_SYSTEM_DATA_DIRS"), ":", -1);
  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      g_ptr_array_add (mime_dirs, g_build_filename (system_dirs[i], "mime", NULL));
      g_ptr_array_add (icon_dirs, g_build_filename (system_dirs[i], "icons", NULL));
    }
  g_ptr_array_add (mime_dirs, NULL);
  g_ptr_array_add (icon_dirs, NULL);
  g_content_type_set_mime_dirs ((const char * const *)mime_dirs->pdata);

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  gtk_icon_theme_set_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  (const char * const *)icon_dirs->pdata);
  /* No animations: the tests look at where things end up. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* No test reaches a name server: the window looks up sender domains
   * (SPF, DMARC after "Test All") and providers (SRV, MX), and only the
   * names a test gives its own resolver exist. IP addresses and
   * "localhost" never reach a resolver. */
  {
    g_autoptr(OutboxTestResolver) resolver = outbox_test_resolver_new ();

    g_resolver_set_default (G_RESOLVER (resolver));
  }
}

void
start_app (Fixture *f)
{
  static guint serial;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APPLICATION_ID, ++serial);

  /* Several applications, one after the other, in one test process: each
   * with its own name on the bus. */
  f->app = outbox_application_new ();
  g_application_set_application_id (G_APPLICATION (f->app), id);
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
}

void
close_window (Fixture *f)
{
  /* Closing a window that was never shown does nothing. */
  if (f->window != NULL && gtk_widget_get_realized (GTK_WIDGET (f->window)))
    gtk_window_close (GTK_WINDOW (f->window));
  else if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  /* Gone once what it started (a load, a save) has finished. */
  WAIT_UNTIL (f->window == NULL);
}

void
stop_app (Fixture *f)
{
  close_window (f);
  g_clear_object (&f->app);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  start_app (f);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  stop_app (f);
}

const char *
main_page (Fixture *f)
{
  GtkStack *main_stack = CHILD (f->window, OUTBOX_TYPE_WINDOW, "main_stack");
  GtkStack *status_stack = CHILD (f->window, OUTBOX_TYPE_WINDOW, "status_stack");
  const char *name = gtk_stack_get_visible_child_name (main_stack);

  if (g_strcmp0 (name, "status") == 0)
    return gtk_stack_get_visible_child_name (status_stack);
  return name;
}

/* Opens a window the size the tests ask for and waits for the accounts. */
void
open_window (Fixture *f,
             int      width,
             int      height)
{
  f->window = outbox_window_new (f->app);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)) &&
              g_strcmp0 (main_page (f), "loading") != 0);
  gui_test_wait_ms (100);
}

OutboxAccountEditor *
editor (Fixture *f)
{
  return CHILD (f->window, OUTBOX_TYPE_WINDOW, "editor");
}

GtkEditable *
row (Fixture    *f,
     const char *name)
{
  return CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, name);
}

OutboxFieldError *
field_error (Fixture    *f,
             const char *name)
{
  return CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR, name);
}

OutboxAccountStore *
store (Fixture *f)
{
  return outbox_application_get_store (f->app);
}

void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  /* GTK 4.8 does not always sink a floating parameter: own it here. */
  g_autoptr(GVariant) owned = parameter ? g_variant_ref_sink (parameter) : NULL;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), action, owned));
}

/* Whether the names the sidebar shows (listed_names()) contain @part. */
gboolean
listed_contains (Fixture    *f,
                 const char *part)
{
  g_autofree char *names = listed_names (f);

  return strstr (names, part) != NULL;
}

/* The names the sidebar shows, as a person would read them. */
char *
listed_names (Fixture *f)
{
  OutboxSidebar *sidebar = CHILD (f->window, OUTBOX_TYPE_WINDOW, "sidebar");
  g_autoptr(GPtrArray) rows = gui_test_find_all (GTK_WIDGET (sidebar), OUTBOX_TYPE_ACCOUNT_ROW);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkLabel *label = CHILD (g_ptr_array_index (rows, i), OUTBOX_TYPE_ACCOUNT_ROW, "name_label");

      if (!gtk_widget_get_mapped (GTK_WIDGET (label)))
        continue;
      g_string_append_printf (names, "%s%s", names->len ? "|" : "", gtk_label_get_text (label));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

gboolean
listed (Fixture    *f,
        const char *expected)
{
  g_autofree char *names = listed_names (f);

  return g_strcmp0 (names, expected) == 0;
}

gboolean
shows_error (Fixture    *f,
             const char *field)
{
  g_autofree char *row_name = g_strconcat (field, "_row", NULL);
  g_autofree char *error_name = g_strconcat (field, "_error", NULL);
  OutboxFieldError *reason = field_error (f, error_name);

  return gtk_widget_has_css_class (GTK_WIDGET (row (f, row_name)), "error") &&
         gtk_widget_get_mapped (GTK_WIDGET (reason)) &&
         outbox_field_error_get_reason (reason)[0] != '\0';
}

/* Asks @widget for its tooltip as GTK does when the pointer rests on it
 * (::query-tooltip); the text is the one the widget was given, whether
 * with gtk_widget_set_tooltip_text() or outbox_tooltip_set(). */
char *
gui_test_tooltip (GtkWidget *widget)
{
  GtkTooltip *tooltip;
  gboolean shown = FALSE;
  const char *text;

  if (!gtk_widget_get_has_tooltip (widget))
    return NULL;
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_object_unref (tooltip);
  if (!shown)
    return NULL;
  text = outbox_tooltip_get (widget);
  return g_strdup (text != NULL ? text : gtk_widget_get_tooltip_text (widget));
}
