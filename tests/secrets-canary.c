/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The canary password and the searches for it: see secrets-canary.h. */

#include "config.h"

#include <string.h>

#include "secrets-canary.h"

GPtrArray *
secret_forms_new (const char *user,
                  const char *password)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autofree char *plain = g_strdup_printf ("%c%s%c%s", 0, user, 0, password);
  gsize plain_len = strlen (user) + strlen (password) + 2;
  char *texts[] = {
    g_strdup (password),
    g_base64_encode ((const guchar *)password, strlen (password)),
    g_base64_encode ((const guchar *)plain, plain_len),
    g_base64_encode ((const guchar *)plain + 1, plain_len - 1),
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_ptr_array_add (forms, g_bytes_new_take (texts[i], strlen (texts[i])));
  return forms;
}

guint
secret_search_files (const char     *dir_path,
                     SecretFileFunc  func,
                     gpointer        user_data)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;
  guint n_files = 0;

  if (dir == NULL)
    return 0;
  while ((entry = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, entry, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n_files += secret_search_files (path, func, user_data);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        {
          func (path, contents, len, user_data);
          n_files++;
        }
    }
  return n_files;
}

static GPtrArray *
password_forms (void)
{
  GPtrArray *forms = secret_forms_new (CANARY_USER, CANARY_PASSWORD);
  /* The middle of the password, in case something cut or escaped it. */
  const char *middle = "Canary-7f3a9c";

  g_ptr_array_add (forms, g_bytes_new_static (middle, strlen (middle)));
  return forms;
}

void
canary_assert_nowhere_in (const char *data,
                          gsize       len,
                          const char *where)
{
  g_autoptr(GPtrArray) forms = password_forms ();

  for (guint i = 0; i < forms->len; i++)
    {
      gsize form_len;
      const char *form = g_bytes_get_data (g_ptr_array_index (forms, i), &form_len);

      if (memmem (data, len, form, form_len))
        g_error ("the password (form %u) is in %s", i, where);
    }
}

static void
assert_nowhere_in_file (const char *path,
                        const char *contents,
                        gsize       len,
                        gpointer    user_data)
{
  canary_assert_nowhere_in (contents, len, path);
}

guint
canary_assert_no_file_holds_it (const char *dir_path)
{
  return secret_search_files (dir_path, assert_nowhere_in_file, NULL);
}

guint
canary_assert_no_user_file_holds_it (void)
{
  const char *dirs[] = {
    g_get_user_config_dir (), g_get_user_cache_dir (), g_get_user_data_dir (),
    g_get_user_state_dir (), g_get_home_dir (),
  };
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    n_files += canary_assert_no_file_holds_it (dirs[i]);
  return n_files;
}
