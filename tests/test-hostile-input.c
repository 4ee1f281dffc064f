/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile input to the account model, the JSON loader and the store: line
 * breaks and control characters in every field, header and SMTP command
 * injection, absurd lengths, broken and malicious accounts files. Every
 * case gets a clear message, and the accounts file that was saved before
 * stays byte for byte what it was. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "outbox.h"
#include "outbox-test-servers.h"

/* A message that quotes hostile input quotes at most this much of it. */
#define MAX_MESSAGE_BYTES 1024

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "outbox", "accounts.json", NULL);
}

static void
write_config_len (const char *contents,
                  gssize      length)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
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
  g_assert_cmpmem (g_bytes_get_data (now, NULL), g_bytes_get_size (now),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static OutboxAccount *
make_account (const char *name,
              const char *address)
{
  OutboxAccount *account = outbox_account_new ();

  outbox_account_set_name (account, name);
  outbox_account_set_sender_name (account, "Λογιστήριο");
  outbox_account_set_sender_address (account, address);
  outbox_account_set_reply_to (account, "replies@example.gr");
  outbox_account_set_host (account, "mail.example.gr");
  outbox_account_set_username (account, address);
  outbox_account_set_smtp_username (account, "relay@example.gr");
  return account;
}

/* Saves one good account through the store and returns the file's bytes:
 * what every hostile case must leave exactly as it is. */
static GBytes *
save_baseline (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = make_account ("Τιμολόγια", "billing@example.gr");
  g_autoptr(GError) error = NULL;

  g_assert_true (outbox_account_store_load (store, NULL, &error));
  g_assert_true (outbox_account_store_add (store, account, &error));
  g_assert_true (outbox_account_store_save (store, NULL, &error));
  g_assert_no_error (error);
  return read_config ();
}

static void
assert_readable_message (const char *message)
{
  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_cmpuint (strlen (message), >, 10);
  g_assert_cmpuint (strlen (message), <, MAX_MESSAGE_BYTES);
  /* One line, and nothing that could drive a terminal. */
  for (const char *p = message; *p; p++)
    g_assert_false ((guchar)*p < 0x20 || *p == 0x7f);
}

/* The text properties, each with a value that is valid on its own, so
 * that inserting one bad character is what makes it invalid. */
static const struct {
  const char *property;
  const char *before;
  const char *after;
} text_fields[] = {
  { "name", "Invoi", "ces" },
  { "sender-name", "Γιώργος", " Παπαδόπουλος" },
  { "sender-address", "billing", "@example.gr" },
  { "reply-to", "replies@exa", "mple.gr" },
  { "host", "mail.exa", "mple.gr" },
  { "username", "billing@", "example.gr" },
  { "smtp-username", "relay", "@example.gr" },
  { "pinned-certificate-sha256",
    "9f86d081884c7d659a2feaa0c55ad015", "a3bf4f1b2b0b822cd15d6c15b0f00a08" },
};

static const char * const bad_characters[] = {
  "\r", "\n", "\r\n", "\r\n.\r\n", "\t", "\x01", "\x1b[2J", "\x7f", "\n\r",
};

/* CR, LF, tabs and control characters in every field: rejected by the
 * check an editor runs while typing, by validation, and by the store; the
 * file saved before is untouched. */
static void
test_control_characters (void)
{
  g_autoptr(GBytes) baseline = save_baseline ();
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_cases = 0;

  g_assert_true (outbox_account_store_load (store, NULL, &error));

  for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
    for (guint b = 0; b < G_N_ELEMENTS (bad_characters); b++)
      {
        g_autofree char *value = g_strconcat (text_fields[f].before, bad_characters[b],
                                              text_fields[f].after, NULL);
        g_autofree char *good = g_strconcat (text_fields[f].before, text_fields[f].after, NULL);
        g_autoptr(OutboxAccount) account = make_account ("Another", "another@example.gr");
        g_autoptr(GHashTable) problems = NULL;
        g_auto(GValue) gvalue = G_VALUE_INIT;
        g_autofree char *problem = NULL;
        g_autofree char *good_problem = NULL;

        g_value_init (&gvalue, G_TYPE_STRING);
        g_value_set_string (&gvalue, good);
        good_problem = outbox_account_check_property (text_fields[f].property, &gvalue);
        g_assert_null (good_problem);

        g_value_set_string (&gvalue, value);
        problem = outbox_account_check_property (text_fields[f].property, &gvalue);
        if (problem == NULL)
          g_error ("%s with %s was accepted", text_fields[f].property,
                   g_strescape (bad_characters[b], NULL));
        assert_readable_message (problem);

        outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
        g_object_set (account, text_fields[f].property, value, NULL);
        problems = outbox_account_validate (account);
        g_assert_true (g_hash_table_contains (problems, text_fields[f].property));

        g_assert_false (outbox_account_store_add (store, account, &error));
        g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_INVALID);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
        g_clear_error (&error);
        n_cases++;
      }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (outbox_account_store_save (store, NULL, &error));
  g_assert_no_error (error);
  assert_config_is (baseline);
  g_test_message ("%u field/character combinations refused", n_cases);
}

/* Attempts to add headers, recipients or SMTP commands through a field. */
static const struct {
  const char *property;
  const char *value;
} injections[] = {
  { "name", "Invoices\r\nBcc: victim@example.com" },
  { "name", "Invoices\nSubject: you won" },
  { "sender-name", "Eve\r\nBcc: victim@example.com" },
  { "sender-name", "Eve\r\n\r\n<html>forged body" },
  { "reply-to", "replies@example.gr\r\nBcc: victim@example.com" },
  { "reply-to", "replies@example.gr, victim@example.com" },
  { "reply-to", "replies@example.gr victim@example.com" },
  { "reply-to", "\"Support\" <victim@example.com>" },
  { "reply-to", "undisclosed-recipients:;" },
  { "reply-to", "group: victim@example.com;" },
  { "sender-address", "a@b>\r\nRCPT TO:<c@d>" },
  { "sender-address", "a@example.com> SIZE=1" },
  { "sender-address", "<a@example.com>" },
  { "sender-address", "a@example.com>\r\nDATA\r\n" },
  { "sender-address", "a@example.com\r\n.\r\nMAIL FROM:<x@y>" },
  { "sender-address", "a(comment)@example.com" },
  { "sender-address", "\"a b\"@example.com" },
  { "sender-address", "a@[127.0.0.1]" },
  { "sender-address", "a@example.com\\" },
  { "sender-address", "a@example.com;b@example.com" },
  { "reply-to", "a@b>\r\nRCPT TO:<c@d>" },
  { "host", "mail.example.gr\r\nMAIL FROM:<x@y>" },
  { "host", "mail.example.gr:25" },
  { "host", "mail.example.gr/evil" },
  { "username", "billing@example.gr\r\nAUTH PLAIN" },
};

static void
test_injection (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (injections); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *problem = NULL;

      g_value_init (&value, G_TYPE_STRING);
      g_value_set_string (&value, injections[i].value);
      problem = outbox_account_check_property (injections[i].property, &value);
      if (problem == NULL)
        g_error ("%s “%s” was accepted", injections[i].property,
                 g_strescape (injections[i].value, NULL));
      assert_readable_message (problem);
    }
}

/* Header syntax without line breaks is only text: it stays inside its own
 * header, and the message has the one sender, the one recipient and the
 * one Reply-To it should have. */
static void
test_header_syntax_stays_text (void)
{
  static const char * const names[] = {
    "Eve <evil@example.org>, Bcc: victim@example.com",
    "\"Eve\" <evil@example.org>",
    "=?UTF-8?B?QmNjOiB2aWN0aW1AZXhhbXBsZS5jb20=?=",
    "Eve; To: victim@example.com",
    "Λογιστήριο\", victim@example.com, \"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(OutboxAccount) account = make_account (names[i], "billing@example.gr");
      g_autoptr(GHashTable) problems = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GMimeStream) stream = NULL;
      g_autoptr(GMimeParser) parser = NULL;
      g_autoptr(GMimeMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      InternetAddressList *list;
      GMimeHeaderList *headers;

      outbox_account_set_sender_name (account, names[i]);
      problems = outbox_account_validate (account);
      g_assert_cmpuint (g_hash_table_size (problems), ==, 0);

      bytes = outbox_test_message_compose (account, NULL, NULL, TRUE, &error);
      g_assert_no_error (error);
      stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (bytes, NULL),
                                                  g_bytes_get_size (bytes));
      parser = g_mime_parser_new_with_stream (stream);
      message = g_mime_parser_construct_message (parser, NULL);
      g_assert_nonnull (message);

      list = g_mime_message_get_from (message);
      g_assert_cmpint (internet_address_list_length (list), ==, 1);
      g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (
                         internet_address_list_get_address (list, 0))), ==, "billing@example.gr");
      g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (list, 0)),
                       ==, names[i]);
      list = g_mime_message_get_to (message);
      g_assert_cmpint (internet_address_list_length (list), ==, 1);
      list = g_mime_message_get_reply_to (message);
      g_assert_cmpint (internet_address_list_length (list), ==, 1);
      g_assert_cmpint (internet_address_list_length (g_mime_message_get_cc (message)), ==, 0);
      g_assert_cmpint (internet_address_list_length (g_mime_message_get_bcc (message)), ==, 0);
      headers = g_mime_object_get_header_list (GMIME_OBJECT (message));
      g_assert_false (g_mime_header_list_contains (headers, "Bcc"));
      g_assert_cmpint (g_mime_header_list_get_count (headers), <=, 12);
    }
}

/* A megabyte of name: refused quickly, with a message that does not repeat
 * it; the store stays as it was. */
static void
test_absurd_lengths (void)
{
  g_autoptr(GBytes) baseline = save_baseline ();
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (1024 * 1024, 'x');
  g_autoptr(GString) huge_greek = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 200 * 1024; i++)
    g_string_append (huge_greek, "λ");
  g_assert_true (outbox_account_store_load (store, NULL, &error));

  for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
    for (guint v = 0; v < 2; v++)
      {
        g_autoptr(OutboxAccount) account = make_account ("Another", "another@example.gr");
        g_autoptr(GHashTable) problems = NULL;
        g_auto(GValue) value = G_VALUE_INIT;
        g_autofree char *problem = NULL;
        const char *text = v == 0 ? huge : huge_greek->str;

        g_value_init (&value, G_TYPE_STRING);
        g_value_set_string (&value, text);
        problem = outbox_account_check_property (text_fields[f].property, &value);
        assert_readable_message (problem);

        outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
        g_object_set (account, text_fields[f].property, text, NULL);
        problems = outbox_account_validate (account);
        g_assert_true (g_hash_table_contains (problems, text_fields[f].property));
        g_assert_false (outbox_account_store_add (store, account, &error));
        g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_INVALID);
        g_assert_cmpuint (strlen (error->message), <, 4 * MAX_MESSAGE_BYTES);
        g_clear_error (&error);
      }

  /* Every one of these checks is linear: 32 MB of text take well under a
   * few seconds even under AddressSanitizer. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_true (outbox_account_store_save (store, NULL, &error));
  assert_config_is (baseline);
}

/* --- The accounts file ----------------------------------------------------- */

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
};

static void
assert_load_refused (const char *contents,
                     gsize       length,
                     gint        code,
                     const char *part)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccountStore) again = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = make_account ("New", "new@example.com");
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;

  write_config_len (contents, (gssize)length);
  written = read_config ();

  g_assert_false (outbox_account_store_load (store, NULL, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  assert_readable_message (error->message);
  g_assert_nonnull (strstr (error->message, "accounts.json"));
  if (part && strstr (error->message, part) == NULL)
    g_error ("“%s” is not in the message: %s", part, error->message);
  g_clear_error (&error);
  g_assert_true (outbox_account_store_get_read_only (store));
  assert_readable_message (outbox_account_store_get_read_only_reason (store));

  /* Nothing overwrites what could not be read. */
  outbox_account_store_add (store, account, NULL);
  g_assert_false (outbox_account_store_save (store, NULL, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_READ_ONLY);
  assert_config_is (written);

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
  write_config_len (fine->str, (gssize)fine->len);
  g_assert_true (outbox_account_store_load (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (outbox_account_store_save (store, NULL, &error));
  g_assert_no_error (error);
  saved = read_config ();
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

  write_config_len (contents, -1);
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
  first = read_config ();
  g_assert_true (outbox_account_store_load (again, NULL, &error));
  g_assert_no_error (error);
  reloaded = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_true (outbox_account_equal (account, reloaded));
  g_assert_true (json_object_has_member (outbox_account_get_extra (reloaded), "note"));
  g_assert_cmpstr (json_object_get_string_member (outbox_account_get_extra (reloaded), "note"),
                   ==, "\x1b]0;title\x07");
  g_assert_true (outbox_account_store_save (again, NULL, &error));
  assert_config_is (first);
}

/* Numbers out of range load as values validation refuses, never as a
 * wrapped number that would look valid. */
static void
test_numbers_out_of_range (void)
{
  static const char contents[] =
    "{ \"version\": 1, \"accounts\": [ { \"id\": \"n1\", \"name\": \"Huge\","
    " \"sender_address\": \"a@example.com\", \"host\": \"smtp.example.com\", \"auth\": \"none\","
    " \"port\": 99999999999999999999999, \"timeout\": 4294967321 },"
    " { \"id\": \"n2\", \"name\": \"Negative\", \"sender_address\": \"a@example.com\","
    " \"host\": \"smtp.example.com\", \"auth\": \"none\", \"port\": -65536, \"timeout\": -30 } ] }";
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;

  write_config_len (contents, -1);
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
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = outbox_json_check_text (cases[i].text, strlen (cases[i].text), &error);

      if (ok != cases[i].ok)
        g_error ("%s: expected %s", cases[i].text, cases[i].ok ? "accepted" : "refused");
      if (!ok)
        assert_readable_message (error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_mime_init ();

  g_test_add_func ("/Outbox/HostileInput/control-characters", test_control_characters);
  g_test_add_func ("/Outbox/HostileInput/injection", test_injection);
  g_test_add_func ("/Outbox/HostileInput/header-syntax-stays-text", test_header_syntax_stays_text);
  g_test_add_func ("/Outbox/HostileInput/absurd-lengths", test_absurd_lengths);
  for (guint i = 0; i < G_N_ELEMENTS (broken_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/HostileInput/file/%s",
                                               broken_files[i].name);
      g_test_add_data_func (path, &broken_files[i], test_broken_file);
    }
  g_test_add_func ("/Outbox/HostileInput/file/raw-nul", test_raw_nul);
  g_test_add_func ("/Outbox/HostileInput/file/deep-nesting", test_deep_nesting);
  g_test_add_func ("/Outbox/HostileInput/file/escapes-that-load", test_escapes_that_load);
  g_test_add_func ("/Outbox/HostileInput/file/numbers-out-of-range", test_numbers_out_of_range);
  g_test_add_func ("/Outbox/HostileInput/file/long-name-in-message", test_long_name_in_message);
  g_test_add_func ("/Outbox/HostileInput/check-text", test_check_text);

  return g_test_run ();
}
