/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl in Greek, Lithuanian and Estonian: the real program with the
 * translations of this build, in each language's own locale. The expected
 * text is what the language's catalogue says, so each check proves that a
 * translation exists and that the program shows it. */

#include "config.h"

#include <glib/gi18n.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "cli-runner.h"
#include "i18n-test-util.h"

static char *
localedir (void)
{
  return g_build_filename (g_getenv ("OUTBOX_BUILD_DIR"), "po", NULL);
}

static void
use_english (void)
{
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

/* The translation of @msgid, which must differ from it. */
static const char *
translated (const char *msgid)
{
  const char *text = _(msgid);

  if (g_str_equal (text, msgid))
    g_error ("“%s” has no translation in %s", msgid, g_getenv ("LANGUAGE"));
  return text;
}

static CtlResult *
run_in (const Language     *lang,
        const char * const *args)
{
  g_autofree char *dir = localedir ();
  g_autofree char *language = g_strconcat ("LANGUAGE=", lang->language, NULL);
  g_autofree char *lc_all = g_strconcat ("LC_ALL=", lang->locale, NULL);
  g_autofree char *locales = g_strconcat ("OUTBOX_LOCALEDIR=", dir, NULL);
  const char *env[] = { language, lc_all, locales, NULL };

  return run_ctl_env (env, NULL, args);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in:\n%s", part, text);
}

/* Like assert_contains() for a message with one %s, filled with @value. */
static void
assert_contains_filled (const char *text,
                        const char *message,
                        const char *value)
{
  g_autoptr(GString) filled = g_string_new (message);

  g_assert_cmpuint (g_string_replace (filled, "%s", value, 1), ==, 1);
  assert_contains (text, filled->str);
}

/* outboxctl --help lists its commands in the user's language. */
static void
test_help (gconstpointer data)
{
  const Language *lang = data;
  g_autoptr(CtlResult) help = NULL;

  cli_test_setup ();
  help = run_in (lang, (const char *[]) { "--help", NULL });
  g_assert_cmpint (help->status, ==, 0);

  i18n_test_use_language (lang);
  assert_contains (help->out, translated ("Commands:"));
  assert_contains (help->out, translated ("List the accounts"));
  assert_contains (help->out, translated ("Test accounts by sending a message, one or all"));
  assert_contains (help->out, translated ("Show this help and exit"));
  use_english ();
  /* Nothing is left in English, and the commands keep their names. */
  g_assert_null (strstr (help->out, "Commands:"));
  g_assert_null (strstr (help->out, "List the accounts"));
  assert_line (help->out, "  list ");
  assert_line (help->out, "  probe ");
}

/* A command's options are explained in the language too, and a usage error
 * says what is wrong in it, with the exit status unchanged. */
static void
test_command_help_and_errors (gconstpointer data)
{
  const Language *lang = data;
  g_autoptr(CtlResult) help = NULL;
  g_autoptr(CtlResult) missing = NULL;

  cli_test_setup ();
  help = run_in (lang, (const char *[]) { "add", "--help", NULL });
  missing = run_in (lang, (const char *[]) { "show", "Nobody", NULL });

  i18n_test_use_language (lang);
  g_assert_cmpint (help->status, ==, 0);
  assert_contains (help->out, translated ("The outgoing (SMTP) server, like smtp.example.com"));
  assert_contains (help->out, translated ("Read the password from the first line of standard input"));
  assert_contains (help->out, "--password-stdin");
  g_assert_cmpint (missing->status, ==, 1);
  assert_contains_filled (missing->err,
                          translated ("There is no account named “%s” (nor with that id). "
                                      "“outboxctl list” shows the accounts."),
                          "Nobody");
  use_english ();
}

/* A failed test explains itself in the language: the diagnosis of a
 * refused connection on a port of 127.0.0.1 where nothing listens. */
static void
test_diagnosis (gconstpointer data)
{
  const Language *lang = data;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtlResult) add = NULL;
  g_autoptr(CtlResult) test = NULL;
  g_autofree char *port = NULL;

  /* A port that was free a moment ago: bound, then closed. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  cli_test_setup ();
  add = ctl (NULL, "add", "--name", "Τιμολόγια", "--sender-address", "billing@example.gr",
             "--host", "127.0.0.1", "--port", port, "--security", "none", "--auth", "none",
             "--timeout", "5");
  g_assert_cmpint (add->status, ==, 0);
  test = run_in (lang, (const char *[]) { "test", "Τιμολόγια", NULL });
  g_assert_cmpint (test->status, ==, 1);

  i18n_test_use_language (lang);
  assert_contains (test->out, translated ("The server refused the connection"));
  assert_contains (test->out, translated ("What you can do:"));
  assert_contains (test->out, translated ("Try again later"));
  use_english ();
  g_assert_null (strstr (test->out, "The server refused the connection"));
}

/* Columns a terminal gives @text (the rule of outboxctl's tables, written
 * again here so that the test does not take it from the program). */
static glong
columns (const char *text,
         gsize       len)
{
  glong width = 0;

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* The column where the value after @label starts on the line of @text
 * that begins with @label; -1 when no line does. */
static glong
value_column (const char *text,
              const char *label)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], label))
      {
        const char *p = lines[i] + strlen (label);

        while (*p == ' ')
          p++;
        return columns (lines[i], p - lines[i]);
      }
  return -1;
}

/* The column where @part starts on the first line of @text holding it. */
static glong
part_column (const char *text,
             const char *part)
{
  const char *found = strstr (text, part);
  const char *line;

  g_assert_nonnull (found);
  for (line = found; line > text && line[-1] != '\n'; line--)
    ;
  return columns (line, found - line);
}

/* Labels and table columns line up in the language's own letters: Greek
 * takes two bytes a letter, a Lithuanian accent is a combining mark (no
 * column of its own), Japanese takes two columns a character. */
static void
test_columns (gconstpointer data)
{
  const Language *lang = data;
  static const char * const names[] = { "Τιμολόγια", "Są\xcc\x83skaitos", "請求書" };
  static const char * const field_labels[] = {
    "Account:", "Server:", "Recipient:", "Result:", "Error:",
  };
  g_autoptr(CtlResult) test = NULL;
  g_autoptr(CtlResult) all = NULL;
  g_autoptr(CtlResult) list = NULL;
  g_auto(GStrv) rows = NULL;
  glong column = -1;

  cli_test_setup ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *sender = g_strdup_printf ("billing%u@example.gr", i);
      /* Port 9 of 127.0.0.1: nothing listens, the test fails at once. */
      g_autoptr(CtlResult) add = ctl (NULL, "add", "--name", names[i], "--sender-address",
                                      sender, "--host", "127.0.0.1", "--port", "9",
                                      "--security", "none", "--auth", "none", "--timeout", "5");
      g_assert_cmpint (add->status, ==, 0);
    }
  test = run_in (lang, (const char *[]) { "test", "Τιμολόγια", NULL });
  all = run_in (lang, (const char *[]) { "test", "--all", "--jobs", "1", NULL });
  list = run_in (lang, (const char *[]) { "list", NULL });
  g_assert_cmpint (test->status, ==, 1);
  g_assert_cmpint (all->status, ==, 1);
  g_assert_cmpint (list->status, ==, 0);

  i18n_test_use_language (lang);
  /* The report: every value starts in one column. */
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    {
      /* Estonian's "Server:" is English's: _(), not translated(). */
      glong here = value_column (test->out, _(field_labels[i]));

      if (here < 0)
        g_error ("no line starts with “%s” in:\n%s", _(field_labels[i]), test->out);
      if (column < 0)
        column = here;
      if (here != column)
        g_error ("the value after “%s” starts in column %ld, not %ld:\n%s",
                 _(field_labels[i]), here, column, test->out);
    }
  /* Its steps: the times start in one column. */
  {
    g_autofree char *looking = g_strconcat ("  ", translated ("Looking up the server"), NULL);
    g_autofree char *connecting = g_strconcat ("  ", translated ("Connecting"), NULL);

    g_assert_cmpint (value_column (test->out, looking), >, 0);
    g_assert_cmpint (value_column (test->out, looking), ==, value_column (test->out, connecting));
  }
  use_english ();

  /* The tables of "test --all" and "list": the second column starts in
   * one place on every row, whatever the names in the first. */
  column = -1;
  rows = g_strsplit (all->out, "\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name_line = NULL;

      for (guint r = 0; rows[r] && !name_line; r++)
        if (g_str_has_prefix (rows[r], names[i]))
          name_line = g_strdup (rows[r]);
      g_assert_nonnull (name_line);
      if (column < 0)
        column = part_column (name_line, "127.0.0.1");
      if (part_column (name_line, "127.0.0.1") != column)
        g_error ("the server of %s is not in column %ld:\n%s", names[i], column, all->out);
    }
  g_assert_cmpint (part_column (list->out, "billing0@"), ==, part_column (list->out, "billing1@"));
  g_assert_cmpint (part_column (list->out, "billing0@"), ==, part_column (list->out, "billing2@"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (i18n_test_languages); i++)
    {
      g_autofree char *help = g_strdup_printf ("/Outbox/I18n/%s/help", i18n_test_languages[i].language);
      g_autofree char *command = g_strdup_printf ("/Outbox/I18n/%s/command-help-and-errors",
                                                  i18n_test_languages[i].language);
      g_autofree char *diagnosis = g_strdup_printf ("/Outbox/I18n/%s/diagnosis",
                                                    i18n_test_languages[i].language);
      g_autofree char *columns_path = g_strdup_printf ("/Outbox/I18n/%s/columns",
                                                       i18n_test_languages[i].language);

      g_test_add_data_func (help, &i18n_test_languages[i], test_help);
      g_test_add_data_func (command, &i18n_test_languages[i], test_command_help_and_errors);
      g_test_add_data_func (diagnosis, &i18n_test_languages[i], test_diagnosis);
      g_test_add_data_func (columns_path, &i18n_test_languages[i], test_columns);
    }

  return g_test_run ();
}
