/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the GUI tests. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gui-test-util.h"

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
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    g_error ("nothing rendered: mapped %d, %d×%d", gtk_widget_get_mapped (widget), width, height);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, width, height);
}
