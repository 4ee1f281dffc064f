/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test message: a short note from the account to itself that lists the
 * settings it was sent with, in RFC 5322 form with CRLF line endings. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <string.h>

#include "outbox-test-message.h"
#include "outbox-util-private.h"

/* CR, LF or another control character in a header would let a field forge
 * headers or SMTP commands: such a value is refused, never passed on. */
static gboolean
check_field (const char  *value,
             const char  *what,
             GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* TRANSLATORS: %s is a field name, like “sender name” */
                   _("The %s is not valid UTF-8 text."), what);
      return FALSE;
    }
  for (const char *p = value; *p; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     /* TRANSLATORS: %s is a field name, like “sender name” */
                     _("The %s contains a line break or a control character."), what);
        return FALSE;
      }
  return TRUE;
}

static const char *
security_label (OutboxSecurity security)
{
  switch (security)
    {
    case OUTBOX_SECURITY_NONE:
      /* TRANSLATORS: the connection security of an account */
      return _("None (unencrypted)");
    case OUTBOX_SECURITY_STARTTLS:
      return "STARTTLS";
    case OUTBOX_SECURITY_TLS:
    default:
      return "SSL/TLS";
    }
}

static char *
compose_body (OutboxAccount *account)
{
  GString *body = g_string_new (NULL);
  const char *login = outbox_account_get_login (account);

  g_string_append_printf (body, "%s\n\n", _("This is a test message sent by Outbox."));
  g_string_append_printf (body,
                          /* TRANSLATORS: %s is the name of an account, like “Invoices” */
                          _("It checks the settings of the account “%s”. If it reached you, "
                            "the account can send mail."),
                          outbox_account_get_name (account));
  g_string_append (body, "\n\n");
  g_string_append_printf (body, "%s %s\n", _("Server:"), outbox_account_get_host (account));
  g_string_append_printf (body, "%s %u\n", _("Port:"), outbox_account_get_port (account));
  g_string_append_printf (body, "%s %s\n", _("Security:"),
                          security_label (outbox_account_get_security (account)));
  g_string_append_printf (body, "%s %s\n", _("Login:"),
                          login && *login ? login : _("(none)"));
  g_string_append (body, "\n");
  g_string_append_printf (body, "%s\n",
                          _("No reply is needed. The next two lines should arrive exactly "
                            "as written:"));
  /* A line that starts with a dot proves the dot-stuffing both ways; the
   * dot stays outside the translation so a translator cannot drop it. */
  g_string_append_printf (body, ".%s\n", _("This line starts with a dot."));
  g_string_append (body, "Ελληνικά · Lietuvių · Eesti · Ünïcödé ✓\n");

  return g_string_free (body, FALSE);
}

/* The domain of a mailbox in ASCII, for the Message-ID. */
static char *
message_id_domain (const char *address)
{
  const char *at = strrchr (address, '@');
  char *ascii = at ? g_hostname_to_ascii (at + 1) : NULL;

  return ascii ? ascii : g_strdup ("localhost");
}

/* TRUE when @text can go into a header as it is: ASCII, and nothing a
 * reader would decode as an RFC 2047 encoded-word (a name typed as
 * "=?UTF-8?B?…?=" would otherwise reach the recipient as other text). */
static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p >= 0x80)
      return FALSE;
  return strstr (text, "=?") == NULL;
}

/* RFC 2047 encoded-words for @text, folded one word per line. Each word
 * holds whole characters, and every word but the last a multiple of three
 * bytes: then no word but the last carries base64 padding, which GMime's
 * decoder (merging adjacent words) would otherwise stop at, losing the rest
 * of a name such as "Λογιστήριο Παπαδόπουλος". */
static char *
encode_words (const char *text)
{
  /* 45 bytes are 60 base64 characters: 72 with the delimiters, within the
   * 75 RFC 2047 allows. */
  const gsize max_chunk = 45;
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *start = p;
      const char *q = p;
      const char *cut = NULL;
      g_autofree char *b64 = NULL;

      while (*q)
        {
          const char *next = g_utf8_next_char (q);
          if ((gsize)(next - start) > max_chunk)
            break;
          q = next;
          if ((q - start) % 3 == 0)
            cut = q;
        }
      if (*q == '\0' || cut == NULL)
        cut = q;

      b64 = g_base64_encode ((const guchar *)start, (gsize)(cut - start));
      if (out->len)
        g_string_append (out, "\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
      p = cut;
    }
  return g_string_free (out, FALSE);
}

/* Replaces what GMime would write for @name with @raw_value (GMime's form:
 * a leading space, "\n" at each line end). */
static void
set_raw_header (GMimeMessage *message,
                const char   *name,
                const char   *raw_value)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (message));
  GMimeHeader *header = g_mime_header_list_get_header (headers, name);

  g_return_if_fail (header != NULL);
  g_mime_header_set_raw_value (header, raw_value);
}

/* Rewrites every line ending as CRLF: bare LF and bare CR included. */
static GByteArray *
normalize_newlines (const guint8 *data,
                    gsize         len)
{
  GByteArray *out = g_byte_array_sized_new (len + len / 16 + 8);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\r')
        {
          g_byte_array_append (out, (const guint8 *)"\r\n", 2);
          if (i + 1 < len && data[i + 1] == '\n')
            i++;
        }
      else if (data[i] == '\n')
        g_byte_array_append (out, (const guint8 *)"\r\n", 2);
      else
        g_byte_array_append (out, &data[i], 1);
    }
  return out;
}

/**
 * outbox_test_message_compose:
 * @account: the account the message is sent from
 * @recipient: (nullable): the address to send to, or %NULL for the account's own
 * @date: (nullable): the Date of the message, or %NULL for now
 * @eight_bit: whether the server takes 8-bit text (8BITMIME); otherwise the
 *   body is quoted-printable
 * @error: return location for a #G_IO_ERROR when a field cannot be used
 *
 * Returns: (transfer full): the message, with CRLF line endings and not yet
 *   dot-stuffed, or %NULL with @error set.
 */
GBytes *
outbox_test_message_compose (OutboxAccount  *account,
                             const char     *recipient,
                             GDateTime      *date,
                             gboolean        eight_bit,
                             GError        **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeTextPart) part = NULL;
  g_autoptr(GMimeFormatOptions) options = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GByteArray) normalized = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *message_id = NULL;
  GByteArray *raw;
  const char *sender;
  const char *sender_name;
  const char *reply_to;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  _outbox_init ();

  sender = outbox_account_get_sender_address (account);
  sender_name = outbox_account_get_sender_name (account);
  reply_to = outbox_account_get_reply_to (account);
  if (recipient == NULL || *recipient == '\0')
    recipient = sender;

  if (!check_field (sender_name, _("sender name"), error) ||
      !check_field (outbox_account_get_name (account), _("account name"), error) ||
      !check_field (outbox_account_get_host (account), _("server name"), error) ||
      !check_field (outbox_account_get_login (account), _("user name"), error))
    return NULL;

  /* An invalid address is quoted escaped: it may hold line breaks. */
  if (!_outbox_address_is_mailbox (sender))
    {
      g_autofree char *shown = _outbox_text_for_message (sender, 100);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The sender address “%s” is not a valid email address."), shown);
      return NULL;
    }
  if (!_outbox_address_is_mailbox (recipient))
    {
      g_autofree char *shown = _outbox_text_for_message (recipient, 100);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The recipient address “%s” is not a valid email address."), shown);
      return NULL;
    }
  if (reply_to && *reply_to && !_outbox_address_is_mailbox (reply_to))
    {
      g_autofree char *shown = _outbox_text_for_message (reply_to, 100);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The reply-to address “%s” is not a valid email address."), shown);
      return NULL;
    }

  message = g_mime_message_new (TRUE);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM,
                              sender_name && *sender_name ? sender_name : NULL, sender);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_TO, NULL, recipient);
  if (reply_to && *reply_to)
    g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_REPLY_TO, NULL, reply_to);

  /* TRANSLATORS: the subject of the test message; %s is the account's name */
  subject = g_strdup_printf (_("Outbox test message for “%s”"), outbox_account_get_name (account));
  g_mime_message_set_subject (message, subject, "utf-8");

  if (date == NULL)
    date = now = g_date_time_new_now_local ();
  g_mime_message_set_date (message, date);

  domain = message_id_domain (sender);
  message_id = g_mime_utils_generate_message_id (domain);
  g_mime_message_set_message_id (message, message_id);

  /* Non-ASCII names and subjects get encoded-words every decoder reads. */
  if (sender_name && *sender_name && !is_plain_ascii (sender_name))
    {
      g_autofree char *words = encode_words (sender_name);
      g_autofree char *value = NULL;
      InternetAddressList *from = g_mime_message_get_from (message);
      InternetAddress *mailbox = internet_address_list_get_address (from, 0);

      value = g_strdup_printf (" %s\n <%s>\n", words,
                             internet_address_mailbox_get_idn_addr (INTERNET_ADDRESS_MAILBOX (mailbox)));
      set_raw_header (message, "From", value);
    }
  if (!is_plain_ascii (subject))
    {
      g_autofree char *words = encode_words (subject);
      g_autofree char *value = g_strdup_printf (" %s\n", words);
      set_raw_header (message, "Subject", value);
    }

  g_mime_object_set_header (GMIME_OBJECT (message), "Auto-Submitted", "auto-generated", NULL);
  g_mime_object_set_header (GMIME_OBJECT (message), "User-Agent", "Outbox/" PACKAGE_VERSION,
                            NULL);

  body = compose_body (account);
  part = g_mime_text_part_new_with_subtype ("plain");
  g_mime_text_part_set_text (part, body);
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (part),
                                    eight_bit ? GMIME_CONTENT_ENCODING_8BIT
                                              : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_message_set_mime_part (message, GMIME_OBJECT (part));

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  stream = g_mime_stream_mem_new ();
  if (g_mime_object_write_to_stream (GMIME_OBJECT (message), options, stream) < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The test message could not be composed."));
      return NULL;
    }

  raw = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  normalized = normalize_newlines (raw->data, raw->len);
  if (normalized->len < 2 || memcmp (normalized->data + normalized->len - 2, "\r\n", 2) != 0)
    g_byte_array_append (normalized, (const guint8 *)"\r\n", 2);

  return g_byte_array_free_to_bytes (g_steal_pointer (&normalized));
}

/**
 * outbox_test_message_dot_stuff:
 * @message: a message with CRLF line endings
 *
 * Makes the form sent after DATA: every line that starts with a dot gets a
 * second dot, every line ends in CRLF, and the end is marked by CRLF.CRLF.
 *
 * Returns: (transfer full): the bytes to send
 */
GBytes *
outbox_test_message_dot_stuff (GBytes *message)
{
  g_autoptr(GByteArray) lines = NULL;
  GByteArray *out;
  gsize len;
  const guint8 *data;
  gboolean line_start = TRUE;

  g_return_val_if_fail (message != NULL, NULL);

  data = g_bytes_get_data (message, &len);
  lines = normalize_newlines (data, len);
  out = g_byte_array_sized_new (lines->len + lines->len / 32 + 8);

  for (guint i = 0; i < lines->len; i++)
    {
      if (line_start && lines->data[i] == '.')
        g_byte_array_append (out, (const guint8 *)".", 1);
      g_byte_array_append (out, &lines->data[i], 1);
      line_start = lines->data[i] == '\n';
    }
  if (!line_start)
    g_byte_array_append (out, (const guint8 *)"\r\n", 2);
  g_byte_array_append (out, (const guint8 *)".\r\n", 3);

  return g_byte_array_free_to_bytes (out);
}
