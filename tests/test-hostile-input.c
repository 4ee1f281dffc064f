/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile input to the account model and the store: line breaks and
 * control characters in every field, header and SMTP command injection,
 * absurd lengths. Every case gets a clear message, and the accounts file
 * that was saved before stays byte for byte what it was. (Broken and
 * malicious accounts files: test-hostile-file.c.) */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "hostile-input-util.h"
#include "outbox-test-servers.h"

/* Saves one good account through the store and returns the file's bytes:
 * what every hostile case must leave exactly as it is. */
static GBytes *
save_baseline (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = hostile_make_account ("Τιμολόγια", "billing@example.gr");
  g_autoptr(GError) error = NULL;

  g_assert_true (outbox_account_store_load (store, NULL, &error));
  g_assert_true (outbox_account_store_add (store, account, &error));
  g_assert_true (outbox_account_store_save (store, NULL, &error));
  g_assert_no_error (error);
  return hostile_read_config ();
}

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
        g_autoptr(OutboxAccount) account = hostile_make_account ("Another", "another@example.gr");
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
        hostile_assert_readable_message (problem);

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
  hostile_assert_config_is (baseline);
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
      hostile_assert_readable_message (problem);
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
      g_autoptr(OutboxAccount) account = hostile_make_account (names[i], "billing@example.gr");
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
        g_autoptr(OutboxAccount) account = hostile_make_account ("Another", "another@example.gr");
        g_autoptr(GHashTable) problems = NULL;
        g_auto(GValue) value = G_VALUE_INIT;
        g_autofree char *problem = NULL;
        const char *text = v == 0 ? huge : huge_greek->str;

        g_value_init (&value, G_TYPE_STRING);
        g_value_set_string (&value, text);
        problem = outbox_account_check_property (text_fields[f].property, &value);
        hostile_assert_readable_message (problem);

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
  hostile_assert_config_is (baseline);
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

  return g_test_run ();
}
