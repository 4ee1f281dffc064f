/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Broken and malicious accounts files: NUL and half characters in escapes,
 * invalid UTF-8, what json-glib takes although it is not JSON, wrong types,
 * duplicate ids, no accounts list, nesting that would exhaust the stack,
 * numbers out of range, names of megabytes. Every file gets a message that
 * says what is wrong, and stays byte for byte what it was. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "hostile-input-util.h"

typedef struct
{
  const char *name;
  const char *contents;
  gint        code;
  const char *message;   /* a part of the error message */
} BrokenFile;

#define ACCOUNT_START "{ \"version\": 1, \"accounts\": [ { \"id\": \"a1\", "
#define ACCOUNT_REST  "\"sender_address\": \"a@example.com\", \"host\": \"smtp.example.com\" } ] }"

static const BrokenFile broken_files[] = {
  /* NUL: raw, and as an escape json-glib would cut the text at. */
  { "nul-escape-in-name", ACCOUNT_START "\"name\": \"Invoi\\u0000ces\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "NUL" },
  { "nul-escape-in-unknown-key", ACCOUNT_START "\"name\": \"A\", \"future\": \"x\\u0000y\", "
    ACCOUNT_REST, OUTBOX_STORE_ERROR_PARSE, "NUL" },
  { "nul-escape-in-key", ACCOUNT_START "\"name\": \"A\", \"fu\\u0000ture\": 1, " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "NUL" },
  { "nul-escape-upper-case", ACCOUNT_START "\"name\": \"A\\U0000\\u0000\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "" },
  /* Escapes that are half a character would become invalid UTF-8. */
  { "lone-high-surrogate", ACCOUNT_START "\"name\": \"\\ud800\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "surrogate" },
  { "lone-low-surrogate", ACCOUNT_START "\"name\": \"\\udc00x\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "surrogate" },
  { "high-surrogate-then-letter", ACCOUNT_START "\"name\": \"\\ud800x\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "surrogate" },
  { "high-surrogate-then-escape", ACCOUNT_START "\"name\": \"\\ud800\\u0041\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "surrogate" },
  { "malformed-escape", ACCOUNT_START "\"name\": \"A \\ud83u\\ude00\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "hexadecimal" },
  { "two-high-surrogates", ACCOUNT_START "\"name\": \"\\ud800\\ud800\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "surrogate" },
  /* Invalid UTF-8 bytes, in values and keys. */
  { "overlong-slash", ACCOUNT_START "\"name\": \"\xc0\xaf\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "UTF-8" },
  { "encoded-surrogate", ACCOUNT_START "\"name\": \"\xed\xa0\x80\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "UTF-8" },
  { "truncated-sequence", ACCOUNT_START "\"name\": \"\xce\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "UTF-8" },
  { "invalid-in-key", ACCOUNT_START "\"n\xffme\": \"A\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "UTF-8" },
  { "latin1-file", ACCOUNT_START "\"name\": \"M\xfc\xfck\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "UTF-8" },
  /* Not JSON, though json-glib would take it. */
  { "single-quotes", "{ 'version': 1, 'accounts': [] }", OUTBOX_STORE_ERROR_PARSE, "quotes" },
  { "comment", "/* [ */ { \"version\": 1, \"accounts\": [] }", OUTBOX_STORE_ERROR_PARSE,
    "comments" },
  { "comment-hiding-a-quote", "{ \"version\": 1, /* \" */ \"accounts\": [] }",
    OUTBOX_STORE_ERROR_PARSE, "comments" },
  /* Wrong types. */
  { "version-text", "{ \"version\": \"1\", \"accounts\": [] }", OUTBOX_STORE_ERROR_PARSE,
    "version" },
  { "version-zero", "{ \"version\": 0, \"accounts\": [] }", OUTBOX_STORE_ERROR_PARSE, "version" },
  { "version-negative", "{ \"version\": -1, \"accounts\": [] }", OUTBOX_STORE_ERROR_PARSE,
    "version" },
  { "version-fraction", "{ \"version\": 1.5, \"accounts\": [] }", OUTBOX_STORE_ERROR_PARSE,
    "version" },
  { "accounts-null", "{ \"version\": 1, \"accounts\": null }", OUTBOX_STORE_ERROR_PARSE,
    "accounts" },
  { "accounts-text", "{ \"version\": 1, \"accounts\": \"[]\" }", OUTBOX_STORE_ERROR_PARSE,
    "accounts" },
  { "accounts-missing", "{ \"version\": 1, \"acounts\": [] }", OUTBOX_STORE_ERROR_PARSE,
    "accounts" },
  { "empty-object", "{}", OUTBOX_STORE_ERROR_PARSE, "accounts" },
  { "top-level-text", "\"accounts\"", OUTBOX_STORE_ERROR_PARSE, "accounts" },
  { "top-level-null", "null", OUTBOX_STORE_ERROR_PARSE, "accounts" },
  { "account-is-array", "{ \"version\": 1, \"accounts\": [ [] ] }", OUTBOX_STORE_ERROR_PARSE,
    "Entry 1" },
  { "account-is-number", "{ \"version\": 1, \"accounts\": [ {}, 7 ] }",
    OUTBOX_STORE_ERROR_PARSE, "Entry 2" },
  { "name-object", ACCOUNT_START "\"name\": {}, " ACCOUNT_REST, OUTBOX_STORE_ERROR_PARSE,
    "“name”" },
  { "name-true", ACCOUNT_START "\"name\": true, " ACCOUNT_REST, OUTBOX_STORE_ERROR_PARSE,
    "“name”" },
  { "port-fraction", ACCOUNT_START "\"name\": \"A\", \"port\": 587.0, " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "“port”" },
  { "port-bool", ACCOUNT_START "\"name\": \"A\", \"port\": true, " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "“port”" },
  { "security-number", ACCOUNT_START "\"name\": \"A\", \"security\": 1, " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "“security”" },
  { "auth-unknown", ACCOUNT_START "\"name\": \"A\", \"auth\": \"oauth\", " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "“auth”" },
  { "id-number", "{ \"version\": 1, \"accounts\": [ { \"id\": 5 } ] }",
    OUTBOX_STORE_ERROR_PARSE, "“id”" },
  /* Duplicate ids. */
  { "duplicate-ids", "{ \"version\": 1, \"accounts\": [ { \"id\": \"x\", \"name\": \"A\" }, "
    "{ \"id\": \"y\", \"name\": \"B\" }, { \"id\": \"x\", \"name\": \"C\" } ] }",
    OUTBOX_STORE_ERROR_DUPLICATE, "“x”" },
  { "duplicate-ids-with-escape", "{ \"version\": 1, \"accounts\": [ { \"id\": \"\\u001b[2J\" }, "
    "{ \"id\": \"\\u001b[2J\" } ] }", OUTBOX_STORE_ERROR_DUPLICATE, "\\x1b[2J" },
  /* Syntax. */
  { "truncated", "{ \"version\": 1, \"accounts\": [ { \"name\": \"A\"", OUTBOX_STORE_ERROR_PARSE,
    "JSON" },
  { "trailing-comma", "{ \"version\": 1, \"accounts\": [ {}, ] }", OUTBOX_STORE_ERROR_PARSE,
    "JSON" },
  { "two-values", "{ \"version\": 1, \"accounts\": [] } { \"version\": 1, \"accounts\": [] }",
    OUTBOX_STORE_ERROR_PARSE, "after the end" },
  { "only-whitespace", " \n\t ", OUTBOX_STORE_ERROR_PARSE, "" },
  /* Numbers json-glib would give back changed: beyond 64 bits it wraps
   * around, beyond a double it reads infinity and writes "inf.0", and 1e20
   * it writes "1e+20.0"; either way the next save could not be read. */
  { "port-beyond-64-bits", ACCOUNT_START "\"name\": \"A\",\n \"port\": 99999999999999999999999, "
    ACCOUNT_REST, OUTBOX_STORE_ERROR_PARSE, "Line 2 of the file holds a number too large" },
  { "unknown-key-infinite", ACCOUNT_START "\"name\": \"A\", \"future\": 1e999, " ACCOUNT_REST,
    OUTBOX_STORE_ERROR_PARSE, "1e999" },
  { "unknown-key-minus-infinite", ACCOUNT_START "\"name\": \"A\", \"future\": [-1E999], "
    ACCOUNT_REST, OUTBOX_STORE_ERROR_PARSE, "-1E999" },
  { "unknown-key-exponent", "{ \"version\": 1, \"future\": 1e20, \"accounts\": [] }",
    OUTBOX_STORE_ERROR_PARSE, "1e20" },
};

static void
assert_load_refused (const char *contents,
                     gsize       length,
                     gint        code,
                     const char *part)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccountStore) again = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = hostile_make_account ("New", "new@example.com");
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;

  hostile_write_config (contents, (gssize)length);
  written = hostile_read_config ();

  g_assert_false (outbox_account_store_load (store, NULL, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  hostile_assert_readable_message (error->message);
  g_assert_nonnull (strstr (error->message, "accounts.json"));
  if (part && strstr (error->message, part) == NULL)
    g_error ("“%s” is not in the message: %s", part, error->message);
  g_clear_error (&error);
  g_assert_true (outbox_account_store_get_read_only (store));
  hostile_assert_readable_message (outbox_account_store_get_read_only_reason (store));

  /* Nothing overwrites what could not be read. */
  outbox_account_store_add (store, account, NULL);
  g_assert_false (outbox_account_store_save (store, NULL, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_READ_ONLY);
  hostile_assert_config_is (written);

  /* And reading it again says the same. */
  g_clear_error (&error);
  g_assert_false (outbox_account_store_load (again, NULL, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, code);
}

static void
test_broken_file (gconstpointer data)
{
  const BrokenFile *bf = data;

  assert_load_refused (bf->contents, strlen (bf->contents), bf->code, bf->message);
}

/* A raw NUL byte in the file. */
static void
test_raw_nul (void)
{
  static const char contents[] = ACCOUNT_START "\"name\": \"Invoi\0ces\", " ACCOUNT_REST;

  assert_load_refused (contents, sizeof contents - 1, OUTBOX_STORE_ERROR_PARSE, "UTF-8");
}

/* "[[[[…": json-glib's parser recurses once per level, so without a limit a
 * 300 KB file crashes whoever reads it. */
static void
test_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new ("{ \"version\": 1, \"accounts\": [], \"x\": ");
  g_autoptr(GString) objects = g_string_new ("{ \"version\": 1, \"accounts\": [], \"x\": ");
  g_autoptr(GString) fine = g_string_new ("{ \"version\": 1, \"accounts\": [ { \"id\": \"a\", "
                                          "\"name\": \"A\", \"future\": ");
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 300000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 300000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, " }");
  assert_load_refused (deep->str, deep->len, OUTBOX_STORE_ERROR_PARSE, "deep");

  for (guint i = 0; i < OUTBOX_JSON_MAX_DEPTH; i++)
    g_string_append (objects, "{\"a\":");
  g_string_append (objects, "1");
  for (guint i = 0; i < OUTBOX_JSON_MAX_DEPTH; i++)
    g_string_append_c (objects, '}');
  g_string_append (objects, " }");
  assert_load_refused (objects->str, objects->len, OUTBOX_STORE_ERROR_PARSE, "deep");

  /* Brackets inside texts are only text; and a newer version's nested
   * keys within the limit survive a save. */
  for (guint i = 0; i < 20; i++)
    g_string_append (fine, "[\"]]]{{{[[[\\\"\", ");
  g_string_append (fine, "1");
  for (guint i = 0; i < 20; i++)
    g_string_append_c (fine, ']');
  g_string_append (fine, " } ] }");
  hostile_write_config (fine->str, (gssize)fine->len);
  g_assert_true (outbox_account_store_load (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (outbox_account_store_save (store, NULL, &error));
  g_assert_no_error (error);
  saved = hostile_read_config ();
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved),
                                  "\"]]]{{{[[[\\\"\""));
}

/* What looks like a problem but is not: an escaped backslash before
 * "u0000", a surrogate pair, control characters as escapes. These load, and
 * a save keeps them exactly. */
static void
test_escapes_that_load (void)
{
  static const char contents[] =
    "{ \"version\": 1, \"accounts\": [ { \"id\": \"e1\", \"name\": \"back\\\\u0000slash \\ud83d\\ude00\","
    " \"sender_name\": \"Eve\\r\\nBcc: victim@example.com\","
    " \"sender_address\": \"a@b>\\r\\nRCPT TO:<c@d>\", \"host\": \"smtp.example.com\","
    " \"auth\": \"none\", \"note\": \"\\u001b]0;title\\u0007\" } ] }";
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccountStore) again = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(OutboxAccount) reloaded = NULL;
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;

  hostile_write_config (contents, -1);
  g_assert_true (outbox_account_store_load (store, NULL, &error));
  g_assert_no_error (error);
  account = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (outbox_account_get_name (account), ==, "back\\u0000slash 😀");
  g_assert_cmpstr (outbox_account_get_sender_name (account), ==,
                   "Eve\r\nBcc: victim@example.com");

  /* Such an account loads (nothing in the file is lost), but it does not
   * validate: it cannot be tested or saved again by an editor as it is. */
  problems = outbox_account_validate (account);
  g_assert_true (g_hash_table_contains (problems, "sender-name"));
  g_assert_true (g_hash_table_contains (problems, "sender-address"));
  g_assert_false (outbox_account_store_update (store, account, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A save keeps every value, and saving again changes nothing. */
  g_assert_true (outbox_account_store_save (store, NULL, &error));
  g_assert_no_error (error);
  first = hostile_read_config ();
  g_assert_true (outbox_account_store_load (again, NULL, &error));
  g_assert_no_error (error);
  reloaded = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_true (outbox_account_equal (account, reloaded));
  g_assert_true (json_object_has_member (outbox_account_get_extra (reloaded), "note"));
  g_assert_cmpstr (json_object_get_string_member (outbox_account_get_extra (reloaded), "note"),
                   ==, "\x1b]0;title\x07");
  g_assert_true (outbox_account_store_save (again, NULL, &error));
  hostile_assert_config_is (first);
}

/* Numbers out of a port's or timeout's range (but within 64 bits) load as
 * values validation refuses, never as a wrapped number that would look
 * valid. */
static void
test_numbers_out_of_range (void)
{
  static const char contents[] =
    "{ \"version\": 1, \"accounts\": [ { \"id\": \"n1\", \"name\": \"Huge\","
    " \"sender_address\": \"a@example.com\", \"host\": \"smtp.example.com\", \"auth\": \"none\","
    " \"port\": 9223372036854775807, \"timeout\": 4294967321 },"
    " { \"id\": \"n2\", \"name\": \"Negative\", \"sender_address\": \"a@example.com\","
    " \"host\": \"smtp.example.com\", \"auth\": \"none\", \"port\": -65536, \"timeout\": -30 } ] }";
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;

  hostile_write_config (contents, -1);
  g_assert_true (outbox_account_store_load (store, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(OutboxAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(GHashTable) problems = outbox_account_validate (account);

      g_test_message ("port %u timeout %u", outbox_account_get_port (account),
                      outbox_account_get_timeout (account));
      g_assert_true (g_hash_table_contains (problems, "port"));
      g_assert_true (g_hash_table_contains (problems, "timeout"));
    }
}

/* An error that quotes a name quotes a piece of it. */
static void
test_long_name_in_message (void)
{
  g_autoptr(GString) file = g_string_new ("{ \"version\": 1, \"accounts\": [ { \"name\": \"");
  g_autoptr(GString) duplicate = g_string_new ("{ \"version\": 1, \"accounts\": [ { \"id\": \"");
  g_autofree char *long_id = g_strnfill (1024 * 1024, 'i');

  for (guint i = 0; i < 100000; i++)
    g_string_append (file, "Λογιστήριο ");
  g_string_append (file, "\", \"port\": \"587\" } ] }");
  assert_load_refused (file->str, file->len, OUTBOX_STORE_ERROR_PARSE, "Λογιστήριο");

  g_string_append_printf (duplicate, "%s\" }, { \"id\": \"%s\" } ] }", long_id, long_id);
  assert_load_refused (duplicate->str, duplicate->len, OUTBOX_STORE_ERROR_DUPLICATE, "iiii");
}

/* The checks of the loader on their own: what each accepts and refuses. */
static void
test_check_text (void)
{
  static const struct { const char *text; gboolean ok; } cases[] = {
    { "{}", TRUE },
    { "\"\\u0000\"", FALSE },
    { "\"\\\\u0000\"", TRUE },
    { "\"\\\\\\u0000\"", FALSE },
    { "\"\\u0001\"", TRUE },
    { "\"\\ud83d\\ude00\"", TRUE },
    { "\"\\uD83D\\uDE00\"", TRUE },
    { "\"\\ud83d\"", FALSE },
    { "\"\\ude00\"", FALSE },
    { "\"\\ud83d\\n\"", FALSE },
    { "\"'\"", TRUE },
    { "\"/* x */\"", TRUE },
    { "['a']", FALSE },
    { "[1] // x", FALSE },
    { "\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"", TRUE },
    { "\"\\u12\"", FALSE },     /* json-glib would read it leniently */
    { "\"\\ud83u\\ude00\"", FALSE },
    { "\"\\u00e9\"", TRUE },
    { "{}[]", FALSE },
    { "{} \n\t", TRUE },
    { "[1]]", FALSE },
    { "\"\\", TRUE },          /* unterminated: json-glib's to report */
    { "\"\\u", FALSE },
    { "[9223372036854775807, -9223372036854775808]", TRUE },
    { "[9223372036854775808]", FALSE },
    { "[-9223372036854775809]", FALSE },
    { "[1.5e300, 1e-999, -0.0, 0.1, 1.5e17, 1e16]", TRUE },
    { "[1e17]", FALSE },
    { "[1e999]", FALSE },
    { "{\"a\": 1e999}", FALSE },
    { "\"1e999\"", TRUE },         /* a text, not a number */
    { "[1-2, --1, 1.2.3]", TRUE },  /* not numbers: json-glib's to refuse */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = outbox_json_check_text (cases[i].text, strlen (cases[i].text), &error);

      if (ok != cases[i].ok)
        g_error ("%s: expected %s", cases[i].text, cases[i].ok ? "accepted" : "refused");
      if (!ok)
        hostile_assert_readable_message (error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (broken_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/HostileFile/%s",
                                               broken_files[i].name);
      g_test_add_data_func (path, &broken_files[i], test_broken_file);
    }
  g_test_add_func ("/Outbox/HostileFile/raw-nul", test_raw_nul);
  g_test_add_func ("/Outbox/HostileFile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/Outbox/HostileFile/escapes-that-load", test_escapes_that_load);
  g_test_add_func ("/Outbox/HostileFile/numbers-out-of-range", test_numbers_out_of_range);
  g_test_add_func ("/Outbox/HostileFile/long-name-in-message", test_long_name_in_message);
  g_test_add_func ("/Outbox/HostileFile/check-text", test_check_text);

  return g_test_run ();
}
