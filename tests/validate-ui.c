/* SPDX-License-Identifier: GPL-3.0-or-later */
/* validate-ui: checks every GtkBuilder file of a directory the way
 * "gtk4-builder-tool validate" does, and more strictly than the GTK 4.8
 * tool can: libadwaita and Outbox's own widgets are known types here, and
 * signal handlers are accepted by name (as GTK 4.10's tool does) while the
 * signals themselves must exist. A template is built on a stand-in type
 * derived from its parent, so its real class code does not run. Each file
 * is checked in a process of its own.
 *
 *   validate-ui DIRECTORY      check every *.ui file in DIRECTORY
 *   validate-ui --file FILE    check one file (what the above runs) */

#include "config.h"

#include <adwaita.h>
#include <string.h>

/* A builder scope that resolves types as GTK does (including lazily, by
 * the *_get_type symbol of this program) but connects every handler to a
 * closure that does nothing. */
#define VALIDATE_TYPE_SCOPE (validate_scope_get_type ())
G_DECLARE_FINAL_TYPE (ValidateScope, validate_scope, VALIDATE, SCOPE, GtkBuilderCScope)

struct _ValidateScope
{
  GtkBuilderCScope parent_instance;
};

static void validate_scope_iface_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ValidateScope, validate_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      validate_scope_iface_init))

static void
do_nothing (void)
{
}

static GClosure *
validate_scope_create_closure (GtkBuilderScope        *scope,
                               GtkBuilder             *builder,
                               const char             *function_name,
                               GtkBuilderClosureFlags  flags,
                               GObject                *object,
                               GError                **error)
{
  if (function_name == NULL || *function_name == '\0')
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_ATTRIBUTE,
                   "A signal has no handler");
      return NULL;
    }
  return g_cclosure_new (G_CALLBACK (do_nothing), NULL, NULL);
}

static void
validate_scope_iface_init (GtkBuilderScopeInterface *iface)
{
  iface->create_closure = validate_scope_create_closure;
}

static void
validate_scope_class_init (ValidateScopeClass *klass)
{
}

static void
validate_scope_init (ValidateScope *self)
{
}

/* The class and parent of the file's <template>, if it has one. */
typedef struct
{
  char *class_name;
  char *parent_name;
} TemplateInfo;

static void
find_template (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  TemplateInfo *info = user_data;

  if (!g_str_equal (element, "template") || info->class_name != NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "class"))
        info->class_name = g_strdup (values[i]);
      else if (g_str_equal (names[i], "parent"))
        info->parent_name = g_strdup (values[i]);
    }
}

static gboolean
validate_file (const char  *path,
               GError     **error)
{
  static const GMarkupParser parser = { find_template, NULL, NULL, NULL, NULL };
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = g_object_new (VALIDATE_TYPE_SCOPE, NULL);
  g_autoptr(GMarkupParseContext) markup = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  TemplateInfo info = { NULL, NULL };
  gboolean ok;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  markup = g_markup_parse_context_new (&parser, 0, &info, NULL);
  if (!g_markup_parse_context_parse (markup, contents, length, error) ||
      !g_markup_parse_context_end_parse (markup, error))
    return FALSE;

  gtk_builder_set_scope (builder, scope);

  if (info.class_name != NULL)
    {
      g_autofree char *class_name = info.class_name;
      g_autofree char *parent_name = info.parent_name;
      GType parent_type;
      GType template_type;
      GTypeQuery query;
      GObject *object;

      if (parent_name == NULL)
        {
          g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_MISSING_ATTRIBUTE,
                       "%s: the template has no parent", path);
          return FALSE;
        }
      parent_type = gtk_builder_get_type_from_name (builder, parent_name);
      if (parent_type == G_TYPE_INVALID)
        {
          g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_VALUE,
                       "%s: the template's parent %s is not a known type", path, parent_name);
          return FALSE;
        }
      /* The stand-in type carries the template's class name, which the
       * builder checks; the real class is never registered here. */
      g_assert (g_type_from_name (class_name) == G_TYPE_INVALID);
      g_type_query (parent_type, &query);
      template_type = g_type_register_static_simple (parent_type, class_name,
                                                     query.class_size, NULL,
                                                     query.instance_size, NULL, 0);
      object = g_object_ref_sink (g_object_new (template_type, NULL));
      ok = gtk_builder_extend_with_template (builder, object, template_type, " ", 1, error) &&
           gtk_builder_add_from_file (builder, path, error);
      if (GTK_IS_WINDOW (object))
        gtk_window_destroy (GTK_WINDOW (object));
      g_object_unref (object);
    }
  else
    ok = gtk_builder_add_from_file (builder, path, error);

  return ok;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Checks each file in a process of its own: a template's stand-in type
 * must not meet the real type of another file's template. */
static int
validate_directory (const char *program,
                    const char *dir_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int failed = 0;

  if (dir == NULL)
    {
      g_printerr ("validate-ui: %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".ui"))
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  if (files->len == 0)
    {
      g_printerr ("validate-ui: no .ui files in %s\n", dir_path);
      return 1;
    }

  for (guint i = 0; i < files->len; i++)
    {
      const char *argv[] = { program, "--file", g_ptr_array_index (files, i), NULL };
      g_autoptr(GError) spawn_error = NULL;
      int status = 0;

      if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                         NULL, NULL, NULL, NULL, &status, &spawn_error) ||
          !g_spawn_check_wait_status (status, &spawn_error))
        {
          g_print ("not ok: %s%s%s\n", (char *)g_ptr_array_index (files, i),
                   spawn_error ? ": " : "", spawn_error ? spawn_error->message : "");
          failed++;
        }
      else
        g_print ("ok: %s\n", (char *)g_ptr_array_index (files, i));
    }
  g_print ("%u files, %d not valid\n", files->len, failed);
  return failed ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (!gtk_init_check ())
    {
      g_printerr ("validate-ui: no display (run it under build-aux/test-session)\n");
      return 1;
    }
  adw_init ();

  if (argc == 3 && g_str_equal (argv[1], "--file"))
    {
      if (!validate_file (argv[2], &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (argc == 2)
    return validate_directory (argv[0], argv[1]);

  g_printerr ("usage: validate-ui DIRECTORY | --file FILE\n");
  return 2;
}
