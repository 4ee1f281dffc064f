/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test message: headers, encoding, line endings, dot-stuffing. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox.h"
#include "outbox-util-private.h"

/* The text with CRLF line endings turned into LF, to compare lines. */
static char *
lf_only (char *text)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "\r\n", "\n", 0);
  g_free (text);
  return g_string_free (out, FALSE);
}

static OutboxAccount *
make_account (void)
{
  OutboxAccount *account = outbox_account_new ();

  outbox_account_set_name (account, "Τιμολόγια");
  outbox_account_set_sender_name (account, "Λογιστήριο Παπαδόπουλος");
  outbox_account_set_sender_address (account, "billing@example.gr");
  outbox_account_set_reply_to (account, "replies@example.gr");
  outbox_account_set_host (account, "smtp.example.gr");
  outbox_account_set_port (account, 587);
  outbox_account_set_security (account, OUTBOX_SECURITY_STARTTLS);
  outbox_account_set_auth (account, OUTBOX_AUTH_PASSWORD);
  outbox_account_set_username (account, "billing@example.gr");
  return account;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_null (memchr (data, '\0', len));
  return g_strndup (data, len);
}

static void
assert_crlf_only (const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '\n')
        g_assert_true (p > text && p[-1] == '\r');
      if (*p == '\r')
        g_assert_true (p[1] == '\n');
    }
}

static GMimeMessage *
parse (GBytes *bytes)
{
  g_autoptr(GMimeStream) stream = NULL;
  GMimeParser *parser;
  GMimeMessage *message;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  stream = g_mime_stream_mem_new_with_buffer (data, len);
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  return message;
}

static void
test_compose_headers (void)
{
  g_autoptr(OutboxAccount) account = make_account ();
  g_autoptr(GDateTime) date = g_date_time_new_utc (2024, 3, 14, 9, 26, 53);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = outbox_test_message_compose (account, NULL, date, TRUE, &error);
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *text = NULL;
  g_autofree char *headers = NULL;
  InternetAddress *address;
  InternetAddressList *list;

  g_assert_no_error (error);
  text = bytes_to_string (bytes);
  assert_crlf_only (text);
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  /* RFC 2047: no raw 8-bit byte in the header section. */
  headers = g_strndup (text, (gsize)(strstr (text, "\r\n\r\n") - text));
  for (const char *p = headers; *p; p++)
    g_assert_cmpint ((guchar)*p, <, 0x80);
  g_assert_nonnull (strstr (headers, "From: =?"));
  g_assert_nonnull (strstr (headers, "Auto-Submitted: auto-generated"));

  message = parse (bytes);
  g_assert_nonnull (message);
  list = g_mime_message_get_from (message);
  address = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_get_name (address), ==, "Λογιστήριο Παπαδόπουλος");
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "billing@example.gr");
  list = g_mime_message_get_to (message);
  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  address = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "billing@example.gr");
  list = g_mime_message_get_reply_to (message);
  address = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "replies@example.gr");
  g_assert_cmpstr (g_mime_message_get_subject (message), ==,
                   "Outbox test message for “Τιμολόγια”");
  g_assert_cmpint (g_date_time_to_unix (g_mime_message_get_date (message)), ==,
                   g_date_time_to_unix (date));
  g_assert_true (g_str_has_suffix (g_mime_message_get_message_id (message), "@example.gr"));
}

static void
test_compose_body (void)
{
  for (guint eight_bit = 0; eight_bit <= 1; eight_bit++)
    {
      g_autoptr(OutboxAccount) account = make_account ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = outbox_test_message_compose (account, "copy@example.lt", NULL,
                                                             eight_bit, &error);
      g_autoptr(GMimeMessage) message = NULL;
      g_autofree char *text = NULL;
      g_autofree char *body = NULL;
      GMimeObject *part;

      g_assert_no_error (error);
      text = bytes_to_string (bytes);
      assert_crlf_only (text);
      if (eight_bit)
        g_assert_nonnull (strstr (text, "Content-Transfer-Encoding: 8bit"));
      else
        {
          g_assert_nonnull (strstr (text, "Content-Transfer-Encoding: quoted-printable"));
          for (const char *p = text; *p; p++)
            g_assert_cmpint ((guchar)*p, <, 0x80);
        }

      message = parse (bytes);
      {
        InternetAddressList *to = g_mime_message_get_to (message);
        InternetAddress *address = internet_address_list_get_address (to, 0);
        g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)),
                         ==, "copy@example.lt");
      }
      part = g_mime_message_get_mime_part (message);
      body = lf_only (g_mime_text_part_get_text (GMIME_TEXT_PART (part)));
      g_assert_nonnull (strstr (body, "Server: smtp.example.gr\n"));
      g_assert_nonnull (strstr (body, "Port: 587\n"));
      g_assert_nonnull (strstr (body, "Security: STARTTLS\n"));
      g_assert_nonnull (strstr (body, "Login: billing@example.gr\n"));
      g_assert_nonnull (strstr (body, "\n.This line starts with a dot.\n"));
      g_assert_nonnull (strstr (body, "Ελληνικά"));
      g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
    }
}

static void
test_compose_no_reply_to (void)
{
  g_autoptr(OutboxAccount) account = make_account ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  outbox_account_set_reply_to (account, "");
  outbox_account_set_sender_name (account, "");
  outbox_account_set_auth (account, OUTBOX_AUTH_NONE);
  bytes = outbox_test_message_compose (account, NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  text = bytes_to_string (bytes);
  g_assert_null (strstr (text, "Reply-To:"));
  g_assert_nonnull (strstr (text, "From: billing@example.gr\r\n"));
  g_assert_nonnull (strstr (text, "Login: (none)"));
}

/* A line break in any field is refused, never passed on as a header. */
static void
test_compose_refuses_injection (void)
{
  const struct { const char *property; const char *value; } cases[] = {
    { "sender-name", "Eve\r\nBcc: victim@example.com" },
    { "name", "Invoices\nBcc: victim@example.com" },
    { "sender-address", "a@b.gr\r\nRCPT TO:<c@d.gr>" },
    { "reply-to", "x@y.gr\nBcc: z@w.gr" },
    { "username", "user\r\nX-Injected: 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OutboxAccount) account = make_account ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_object_set (account, cases[i].property, cases[i].value, NULL);
      bytes = outbox_test_message_compose (account, NULL, NULL, TRUE, &error);
      g_assert_null (bytes);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }

  {
    g_autoptr(OutboxAccount) account = make_account ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = outbox_test_message_compose (account, "x@y.gr>\r\nDATA", NULL,
                                                           TRUE, &error);
    g_assert_null (bytes);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

static void
test_dot_stuff (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "a\r\n", "a\r\n.\r\n" },
    { ".\r\n", "..\r\n.\r\n" },
    { ".a\r\n..b\r\nc.\r\n", "..a\r\n...b\r\nc.\r\n.\r\n" },
    { "no newline at end", "no newline at end\r\n.\r\n" },
    { "bare\nlf\n.x", "bare\r\nlf\r\n..x\r\n.\r\n" },
    { "bare\rcr\r.\r", "bare\r\ncr\r\n..\r\n.\r\n" },
    { "", ".\r\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) in = g_bytes_new (cases[i].in, strlen (cases[i].in));
      g_autoptr(GBytes) out = outbox_test_message_dot_stuff (in);
      g_autofree char *text = bytes_to_string (out);

      g_assert_cmpstr (text, ==, cases[i].out);
    }
}

/* Only CRLF.CRLF ends the data, and only at the very end. */
static void
test_dot_stuff_message (void)
{
  g_autoptr(OutboxAccount) account = make_account ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = outbox_test_message_compose (account, NULL, NULL, TRUE, &error);
  g_autoptr(GBytes) wire = outbox_test_message_dot_stuff (message);
  g_autofree char *text = bytes_to_string (wire);
  const char *end = strstr (text, "\r\n.\r\n");

  g_assert_no_error (error);
  assert_crlf_only (text);
  g_assert_nonnull (end);
  g_assert_cmpstr (end, ==, "\r\n.\r\n");
  g_assert_nonnull (strstr (text, "\r\n..This line starts with a dot.\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/TestMessage/headers", test_compose_headers);
  g_test_add_func ("/Outbox/TestMessage/body", test_compose_body);
  g_test_add_func ("/Outbox/TestMessage/no-reply-to", test_compose_no_reply_to);
  g_test_add_func ("/Outbox/TestMessage/refuses-injection", test_compose_refuses_injection);
  g_test_add_func ("/Outbox/TestMessage/dot-stuff", test_dot_stuff);
  g_test_add_func ("/Outbox/TestMessage/dot-stuff-message", test_dot_stuff_message);

  return g_test_run ();
}
