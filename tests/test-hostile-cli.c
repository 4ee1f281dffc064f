/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile input through outboxctl: line breaks and control characters in
 * every option, text that would drive a terminal, absurd sizes, accounts
 * files and imports built to break the reader. Each is refused with a
 * message naming the problem, and the accounts file stays byte for byte
 * what it was. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "cli-runner.h"
#include "outbox.h"

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "outbox", "accounts.json", NULL);
}

static GBytes *
read_config (void)
{
  g_autofree char *path = config_path ();
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

static void
assert_config_is (GBytes *expected)
{
  g_autoptr(GBytes) now = read_config ();

  g_assert_nonnull (now);
  g_assert_true (g_bytes_equal (now, expected));
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* Nothing outboxctl prints may hold a raw control character but the line
 * ends: an account name must not clear the screen or retitle the window. */
static void
assert_terminal_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p++)
    if (((guchar)*p < 0x20 && *p != '\n') || *p == 0x7f)
      g_error ("control character 0x%02x in output:\n%s", (guchar)*p, text);
}

static GBytes *
add_baseline (void)
{
  g_autoptr(CtlResult) added = NULL;

  cli_test_setup ();
  added = ctl (NULL, "add", "--name", "Τιμολόγια", "--sender-address", "billing@example.gr",
               "--host", "mail.example.gr", "--auth", "none");
  g_assert_cmpint (added->status, ==, 0);
  return read_config ();
}

static const struct {
  const char *option;
  const char *property;
  const char *before;
  const char *after;
} options[] = {
  { "--name", "name", "Invoi", "ces" },
  { "--sender-name", "sender-name", "Γιώργος", " Παπαδόπουλος" },
  { "--sender-address", "sender-address", "billing", "@example.gr" },
  { "--reply-to", "reply-to", "replies@exa", "mple.gr" },
  { "--host", "host", "mail.exa", "mple.gr" },
  { "--username", "username", "billing@", "example.gr" },
  { "--smtp-username", "smtp-username", "relay", "@example.gr" },
  { "--pinned-certificate-sha256", "pinned-certificate-sha256",
    "9f86d081884c7d659a2feaa0c55ad015", "a3bf4f1b2b0b822cd15d6c15b0f00a08" },
};

static const char * const bad_characters[] = { "\r\n", "\n", "\r", "\x1b[2J", "\t", "\x7f" };

/* Every option of add and edit, with every kind of bad character. */
static void
test_options (void)
{
  g_autoptr(GBytes) baseline = add_baseline ();
  guint n_cases = 0;

  for (guint o = 0; o < G_N_ELEMENTS (options); o++)
    for (guint b = 0; b < G_N_ELEMENTS (bad_characters); b++)
      {
        g_autofree char *value = g_strconcat (options[o].before, bad_characters[b],
                                              options[o].after, NULL);
        g_autofree char *expected = g_strconcat (options[o].property, ": ", NULL);
        g_autoptr(CtlResult) add = NULL;
        g_autoptr(CtlResult) edit = NULL;

        add = ctl (NULL, "add", "--name", "Another", "--sender-address", "a@example.gr",
                   "--host", "mail.example.gr", "--auth", "separate", "--username",
                   "a@example.gr", "--smtp-username", "relay@example.gr", "--no-password",
                   options[o].option, value);
        g_assert_cmpint (add->status, ==, 2);
        assert_line (add->err, expected);
        assert_terminal_safe (add->err);

        edit = ctl (NULL, "edit", "Τιμολόγια", options[o].option, value);
        g_assert_cmpint (edit->status, ==, 2);
        assert_line (edit->err, expected);
        assert_terminal_safe (edit->err);

        assert_config_is (baseline);
        n_cases += 2;
      }
  g_test_message ("%u commands refused", n_cases);
}

/* Bytes that are not UTF-8, and a name of 100 KB (about the most one
 * argument may hold). */
static void
test_odd_arguments (void)
{
  g_autoptr(GBytes) baseline = add_baseline ();
  g_autofree char *huge = g_strnfill (100 * 1024, 'x');
  g_autoptr(CtlResult) latin1 = NULL;
  g_autoptr(CtlResult) long_name = NULL;
  g_autoptr(CtlResult) long_edit = NULL;
  g_autoptr(CtlResult) huge_port = NULL;
  g_autoptr(CtlResult) port_text = NULL;

  latin1 = ctl (NULL, "add", "--name", "M\xfc\xfck", "--sender-address", "a@example.ee",
                "--host", "mail.example.ee", "--auth", "none");
  g_assert_cmpint (latin1->status, ==, 2);
  assert_terminal_safe (latin1->err);

  long_name = ctl (NULL, "add", "--name", huge, "--sender-address", "a@example.ee",
                   "--host", "mail.example.ee", "--auth", "none");
  g_assert_cmpint (long_name->status, ==, 2);
  assert_line (long_name->err, "name: ");
  g_assert_cmpuint (strlen (long_name->err), <, 2048);

  long_edit = ctl (NULL, "edit", "Τιμολόγια", "--host", huge, "--sender-name", huge);
  g_assert_cmpint (long_edit->status, ==, 2);
  assert_line (long_edit->err, "host: ");
  assert_line (long_edit->err, "sender-name: ");
  g_assert_cmpuint (strlen (long_edit->err), <, 2048);

  huge_port = ctl (NULL, "edit", "Τιμολόγια", "--port", "99999999999999999999999999",
                   "--timeout", "18446744073709551617");
  g_assert_cmpint (huge_port->status, ==, 2);
  assert_line (huge_port->err, "port: ");
  assert_line (huge_port->err, "timeout: ");

  port_text = ctl (NULL, "edit", "Τιμολόγια", "--port", "587\r\n");
  g_assert_cmpint (port_text->status, ==, 2);
  assert_line (port_text->err, "port: ");

  assert_config_is (baseline);
}

/* Recipients that would add commands or headers. */
static void
test_recipient_override (void)
{
  static const char * const recipients[] = {
    "a@b>\r\nRCPT TO:<c@d>",
    "victim@example.com\r\nBcc: other@example.com",
    "victim@example.com>",
    "victim@example.com, other@example.com",
    "<victim@example.com>",
    "victim@example.com\r\n.\r\nQUIT",
  };
  g_autoptr(GBytes) baseline = add_baseline ();

  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    {
      g_autoptr(CtlResult) test = ctl (NULL, "test", "Τιμολόγια", "--to", recipients[i]);

      g_assert_cmpint (test->status, ==, 2);
      g_assert_nonnull (strstr (test->err, "--to"));
      /* Refused before anything connects: no test ran. */
      g_assert_null (strstr (test->out, "Connected"));
    }
  assert_config_is (baseline);
}

/* An accounts file edited by hand (or by an attacker) whose texts hold
 * terminal escape sequences and line breaks: every command shows them
 * escaped; testing refuses the account; nothing in the file changes. */
static void
test_file_with_escape_sequences (void)
{
  static const char contents[] =
    "{ \"version\": 1, \"accounts\": [ { \"id\": \"e1\","
    " \"name\": \"Evil\\u001b]0;owned\\u0007\\u001b[2J\","
    " \"sender_name\": \"Eve\\r\\nBcc: victim@example.com\","
    " \"sender_address\": \"a@b>\\r\\nRCPT TO:<c@d>\","
    " \"host\": \"smtp.example.com\\u001b[1A\", \"auth\": \"none\","
    " \"username\": \"\\u009b31m\" } ] }\n";
  g_autofree char *path = config_path ();
  g_autoptr(GBytes) written = NULL;
  g_autoptr(CtlResult) list = NULL;
  g_autoptr(CtlResult) list_json = NULL;
  g_autoptr(CtlResult) show = NULL;
  g_autoptr(CtlResult) test = NULL;
  g_autoptr(CtlResult) test_all = NULL;
  g_autoptr(CtlResult) export = NULL;
  g_autoptr(JsonNode) node = NULL;

  cli_test_setup ();
  write_file (path, contents, -1);
  written = read_config ();

  list = ctl (NULL, "list");
  g_assert_cmpint (list->status, ==, 0);
  assert_terminal_safe (list->out);
  g_assert_nonnull (strstr (list->out, "Evil\\x1b]0;owned\\x07\\x1b[2J"));
  g_assert_nonnull (strstr (list->out, "a@b>\\x0d\\x0aRCPT TO:<c@d>"));

  show = ctl (NULL, "show", "e1");
  g_assert_cmpint (show->status, ==, 0);
  assert_terminal_safe (show->out);
  g_assert_nonnull (strstr (show->out, "Eve\\x0d\\x0aBcc: victim@example.com"));
  g_assert_nonnull (strstr (show->out, "\\u009b31m"));

  /* JSON output carries the values exactly, as JSON escapes. */
  list_json = ctl (NULL, "list", "--json");
  g_assert_cmpint (list_json->status, ==, 0);
  assert_terminal_safe (list_json->out);
  node = parse_json (list_json->out);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (node), 0), "name"),
                   ==, "Evil\x1b]0;owned\x07\x1b[2J");

  test = ctl (NULL, "test", "e1");
  g_assert_cmpint (test->status, ==, 2);
  assert_terminal_safe (test->err);
  assert_line (test->err, "  sender-name: ");
  assert_line (test->err, "  sender-address: ");

  test_all = ctl (NULL, "test", "--all");
  g_assert_cmpint (test_all->status, !=, 0);
  assert_terminal_safe (test_all->out);
  assert_terminal_safe (test_all->err);

  export = ctl (NULL, "export", "-");
  g_assert_cmpint (export->status, ==, 0);
  assert_terminal_safe (export->out);

  assert_config_is (written);
}

typedef struct
{
  const char *name;
  const char *contents;
  const char *message;
} BadImport;

static const BadImport bad_imports[] = {
  { "nul-escape", "{ \"version\": 1, \"accounts\": [ { \"name\": \"In\\u0000voices\","
    " \"sender_address\": \"a@example.com\", \"host\": \"smtp.example.com\", \"auth\": \"none\" } ] }",
    "NUL" },
  { "lone-surrogate", "[ { \"name\": \"\\udc00\", \"sender_address\": \"a@example.com\","
    " \"host\": \"smtp.example.com\", \"auth\": \"none\" } ]", "surrogate" },
  { "invalid-utf8", "[ { \"name\": \"M\xfc\xfck\" } ]", "UTF-8" },
  { "single-quotes", "[ { 'name': 'A' } ]", "quotes" },
  { "control-characters", "[ { \"name\": \"A\\u001b[2J\", \"sender_address\": \"a@example.com\","
    " \"host\": \"smtp.example.com\", \"auth\": \"none\" } ]", "name: " },
  { "injected-address", "[ { \"name\": \"A\", \"sender_address\": \"a@b>\\r\\nRCPT TO:<c@d>\","
    " \"host\": \"smtp.example.com\", \"auth\": \"none\" } ]", "sender_address: " },
  { "duplicate-ids", "[ { \"id\": \"x\", \"name\": \"A\", \"sender_address\": \"a@example.com\","
    " \"host\": \"smtp.example.com\", \"auth\": \"none\" }, { \"id\": \"x\", \"name\": \"B\","
    " \"sender_address\": \"b@example.com\", \"host\": \"smtp.example.com\", \"auth\": \"none\" } ]",
    "id: " },
  { "wrong-types", "{ \"version\": 1, \"accounts\": [ { \"name\": [], \"port\": \"25\" } ] }",
    "name: " },
  { "no-accounts", "{ \"version\": 1 }", "accounts" },
};

static void
assert_import_refused (const char *contents,
                       gssize      length,
                       const char *message,
                       GBytes     *baseline)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "import.json", NULL);
  g_autoptr(CtlResult) from_file = NULL;
  g_autoptr(CtlResult) from_stdin = NULL;
  g_autoptr(CtlResult) list = NULL;
  g_autoptr(JsonNode) accounts = NULL;

  write_file (path, contents, length);
  from_file = ctl (NULL, "import", path);
  g_assert_cmpint (from_file->status, ==, 2);
  assert_terminal_safe (from_file->err);
  if (strstr (from_file->err, message) == NULL)
    g_error ("“%s” is not in: %s", message, from_file->err);
  g_assert_nonnull (strstr (from_file->err, "imported"));

  if (length < 0 && g_utf8_validate (contents, -1, NULL))
    {
      from_stdin = ctl (contents, "import", "-");
      g_assert_cmpint (from_stdin->status, ==, 2);
      g_assert_nonnull (strstr (from_stdin->err, message));
    }

  assert_config_is (baseline);
  list = ctl (NULL, "list", "--json");
  g_assert_cmpint (list->status, ==, 0);
  accounts = parse_json (list->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (accounts)), ==, 1);
}

static void
test_bad_import (gconstpointer data)
{
  const BadImport *bi = data;
  g_autoptr(GBytes) baseline = add_baseline ();

  assert_import_refused (bi->contents, -1, bi->message, baseline);
}

/* A file made of nothing but "[[[[": json-glib would recurse until the
 * stack runs out and outboxctl would crash. */
static void
test_import_deep_nesting (void)
{
  g_autoptr(GBytes) baseline = add_baseline ();
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  assert_import_refused (deep->str, (gssize)deep->len, "deep", baseline);
}

/* A 4 GiB sparse file is not read into memory, and a NUL byte ends
 * nothing early. */
static void
test_import_huge_and_nul (void)
{
  static const char with_nul[] = "[ { \"name\": \"A\0B\" } ]";
  g_autoptr(GBytes) baseline = add_baseline ();
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "huge.json", NULL);
  g_autoptr(CtlResult) huge = NULL;
  gint64 start;
  FILE *f;

  f = fopen (path, "w");
  g_assert_nonnull (f);
  g_assert_cmpint (fseeko (f, (off_t)4 * 1024 * 1024 * 1024, SEEK_SET), ==, 0);
  fputc (']', f);
  fclose (f);

  start = g_get_monotonic_time ();
  huge = ctl (NULL, "import", path);
  g_assert_cmpint (huge->status, ==, 1);
  g_assert_nonnull (strstr (huge->err, "larger than"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_unlink (path);

  assert_import_refused (with_nul, sizeof with_nul - 1, "UTF-8", baseline);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/HostileCli/options", test_options);
  g_test_add_func ("/Outbox/HostileCli/odd-arguments", test_odd_arguments);
  g_test_add_func ("/Outbox/HostileCli/recipient-override", test_recipient_override);
  g_test_add_func ("/Outbox/HostileCli/file-with-escape-sequences", test_file_with_escape_sequences);
  for (guint i = 0; i < G_N_ELEMENTS (bad_imports); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/HostileCli/import/%s", bad_imports[i].name);
      g_test_add_data_func (path, &bad_imports[i], test_bad_import);
    }
  g_test_add_func ("/Outbox/HostileCli/import/deep-nesting", test_import_deep_nesting);
  g_test_add_func ("/Outbox/HostileCli/import/huge-and-nul", test_import_huge_and_nul);

  return g_test_run ();
}
