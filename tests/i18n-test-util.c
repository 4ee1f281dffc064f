/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The languages of the translation tests: see i18n-test-util.h. */

#include "config.h"

#include <libintl.h>
#include <locale.h>

#include "i18n-test-util.h"

const Language i18n_test_languages[3] = {
  { "el", "el_GR.UTF-8" },
  { "lt", "lt_LT.UTF-8" },
  { "et", "et_EE.UTF-8" },
};

void
i18n_test_use_language (const Language *lang)
{
  g_autofree char *dir = g_build_filename (g_getenv ("OUTBOX_BUILD_DIR"), "po", NULL);

  g_setenv ("LANGUAGE", lang->language, TRUE);
  if (setlocale (LC_ALL, lang->locale) == NULL)
    g_error ("the locale %s is missing: run build-aux/install-deps", lang->locale);
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
