/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The canary password and the searches for it: see secrets-canary.h. */

#include "config.h"

#include <string.h>

#include "secrets-canary.h"

static GPtrArray *
password_forms (void)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autofree char *plain = g_strdup_printf ("%c%s%c%s", 0, CANARY_USER, 0, CANARY_PASSWORD);
  gsize plain_len = strlen (CANARY_USER) + strlen (CANARY_PASSWORD) + 2;
  char *texts[] = {
    g_strdup (CANARY_PASSWORD),
    g_base64_encode ((const guchar *)CANARY_PASSWORD, strlen (CANARY_PASSWORD)),
    g_base64_encode ((const guchar *)plain, plain_len),
    /* The middle of the password, in case something cut or escaped it. */
    g_strdup ("Canary-7f3a9c"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_ptr_array_add (forms, g_bytes_new_take (texts[i], strlen (texts[i])));
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

guint
canary_assert_no_file_holds_it (const char *dir_path)
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
        n_files += canary_assert_no_file_holds_it (path);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        {
          canary_assert_nowhere_in (contents, len, path);
          n_files++;
        }
    }
  return n_files;
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
