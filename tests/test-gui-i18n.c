/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window in Greek, Lithuanian and Estonian under Xvfb, with this
 * build's translations: the editor's labels and the list's title are in the
 * language, and a screenshot of each is kept (window-el.png is the one the
 * translation issue asks for). */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gui-test-util.h"
#include "i18n-test-util.h"

/* The translation of @msgid, which must differ from it. */
static const char *
translated (const char *msgid)
{
  const char *text = _(msgid);

  if (g_str_equal (text, msgid))
    g_error ("“%s” has no translation in %s", msgid, g_getenv ("LANGUAGE"));
  return text;
}

static const char *
row_title (Fixture    *f,
           const char *name)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row (f, name)));
}

static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  const Language *lang = data;
  g_autofree char *shot = g_strconcat ("window-", lang->language, NULL);

  i18n_test_use_language (lang);
  gui_test_write_accounts (gui_test_three_accounts);
  open_window (f, 1024, 700);
  WAIT_UNTIL (listed (f, "Τιμολόγια|Support|Arved"));

  g_assert_cmpstr (row_title (f, "name_row"), ==, translated ("Account _Name"));
  g_assert_cmpstr (row_title (f, "sender_address_row"), ==, translated ("Sender _Address"));
  g_assert_cmpstr (row_title (f, "host_row"), ==, translated ("Outgoing _Server (SMTP)"));
  g_assert_cmpstr (row_title (f, "timeout_row"), ==, translated ("_Timeout (seconds)"));
  /* "None" twice, translated apart: no encryption, no sign-in (Greek
   * needs two genders). */
  {
    GListModel *security = adw_combo_row_get_model (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR,
                                                           "security_row"));
    GListModel *auth = adw_combo_row_get_model (CHILD (editor (f), OUTBOX_TYPE_ACCOUNT_EDITOR,
                                                       "auth_row"));

    g_assert_cmpstr (C_("encryption", "None"), !=, "None");
    g_assert_cmpstr (C_("sign-in", "None"), !=, "None");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (security), 0), ==,
                     C_("encryption", "None"));
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (auth), 0), ==,
                     C_("sign-in", "None"));
    if (g_str_equal (lang->language, "el"))
      g_assert_cmpstr (C_("encryption", "None"), !=, C_("sign-in", "None"));
  }
  gui_test_screenshot (GTK_WIDGET (f->window), shot);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  gui_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (i18n_test_languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/WindowI18n/%s", i18n_test_languages[i].language);

      g_test_add (path, Fixture, &i18n_test_languages[i], fixture_setup, test_window, fixture_teardown);
    }

  return g_test_run ();
}
