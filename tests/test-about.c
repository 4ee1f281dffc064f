/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The About window under Xvfb, in Greek, Lithuanian and Estonian: the
 * version meson gave, the license, a real website, the translators of the
 * language, and the application icon found where meson installs it. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "i18n-test-util.h"
#include "outbox-about.h"

static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window))
        return ADW_ABOUT_WINDOW (window);
    }
  return NULL;
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Renders @widget into $OUTBOX_BUILD_DIR/screenshots/@name.png. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("OUTBOX_BUILD_DIR"), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderNode *node;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
}

static void
test_about (gconstpointer data)
{
  const Language *lang = data;
  AdwAboutWindow *about;
  const char *credits;
  g_autofree char *name = NULL;

  i18n_test_use_language (lang);
  outbox_show_about (NULL);
  about = find_about_window ();
  g_assert_nonnull (about);

  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Outbox");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (g_str_has_prefix (adw_about_window_get_website (about), "https://"));
  g_assert_null (strstr (adw_about_window_get_website (about), "example."));
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APPLICATION_ID);

  /* The language's translators and its words, not the English ones. */
  credits = adw_about_window_get_translator_credits (about);
  g_assert_cmpstr (credits, ==, _("translator-credits"));
  g_assert_cmpstr (credits, !=, "translator-credits");
  g_assert_cmpstr (adw_about_window_get_comments (about), !=, "Keep your sender accounts working");
  g_assert_cmpstr (adw_about_window_get_comments (about), ==, _("Keep your sender accounts working"));

  wait_ms (300);
  name = g_strconcat ("about-", lang->language, NULL);
  screenshot (GTK_WIDGET (about), name);
  gtk_window_destroy (GTK_WINDOW (about));
}

/* The icons are where meson installs them, under the names the desktop file
 * and the About window use. */
static void
test_icons (void)
{
  g_autofree char *icons = g_build_filename (g_getenv ("OUTBOX_SOURCE_DIR"), "data", "icons", NULL);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autofree char *symbolic = g_strconcat (APPLICATION_ID, "-symbolic", NULL);
  g_autoptr(GtkIconPaintable) icon = NULL;

  gtk_icon_theme_add_search_path (theme, icons);
  g_assert_true (gtk_icon_theme_has_icon (theme, APPLICATION_ID));
  g_assert_true (gtk_icon_theme_has_icon (theme, symbolic));

  /* It loads: the SVG renders at the size a launcher asks for. */
  icon = gtk_icon_theme_lookup_icon (theme, APPLICATION_ID, NULL, 128, 1,
                                     GTK_TEXT_DIR_NONE, 0);
  g_assert_nonnull (icon);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (icon)), ==, 128);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GStrvBuilder) icon_dirs = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) icon_path = NULL;
  g_auto(GStrv) mime_path = NULL;
  const char * const *system_dirs = g_get_system_data_dirs ();

  setlocale (LC_ALL, "C.UTF-8");
  /* The isolated directories hide the system's; GTK still needs its
   * GSettings schemas, the MIME database (to recognise an SVG) and the
   * icon theme from there. */
  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      g_autofree char *schemas = g_build_filename (system_dirs[i], "glib-2.0", "schemas", NULL);
      g_autofree char *compiled = g_build_filename (schemas, "gschemas.compiled", NULL);
      g_autofree char *icons = g_build_filename (system_dirs[i], "icons", NULL);
      g_autofree char *mime = g_build_filename (system_dirs[i], "mime", NULL);

      if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL && g_file_test (compiled, G_FILE_TEST_EXISTS))
        g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
      g_strv_builder_add (icon_dirs, icons);
      g_strv_builder_add (mime_dirs, mime);
    }
  icon_path = g_strv_builder_end (icon_dirs);
  mime_path = g_strv_builder_end (mime_dirs);
  g_content_type_set_mime_dirs ((const char * const *)mime_path);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  gtk_icon_theme_set_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  (const char * const *)icon_path);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/Outbox/About/icons", test_icons);
  for (guint i = 0; i < G_N_ELEMENTS (i18n_test_languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/About/%s", i18n_test_languages[i].language);

      g_test_add_data_func (path, &i18n_test_languages[i], test_about);
    }

  return g_test_run ();
}
