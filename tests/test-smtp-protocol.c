/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pieces of the SMTP wire on their own: reply lines, enhanced status
 * codes, what a transcript shows, and the SASL responses. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox.h"
#include "outbox-smtp-auth-private.h"
#include "outbox-smtp-channel-private.h"

static void
test_reply_lines (void)
{
  const struct { const char *line; gboolean ok; guint code; gboolean last; const char *text; } cases[] = {
    { "250 OK", TRUE, 250, TRUE, "OK" },
    { "250-PIPELINING", TRUE, 250, FALSE, "PIPELINING" },
    { "220", TRUE, 220, TRUE, "" },
    { "354 ", TRUE, 354, TRUE, "" },
    { "599 x", TRUE, 599, TRUE, "x" },
    { "199 no", FALSE },
    { "600 no", FALSE },
    { "25 short", FALSE },
    { "2500 long", FALSE },
    { "25a bad", FALSE },
    { "250_x", FALSE },
    { "hello", FALSE },
    { "", FALSE },
    { " 250 ok", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint code = 0;
      gboolean last = FALSE;
      const char *text = NULL;
      gboolean ok = _outbox_smtp_parse_reply_line (cases[i].line, &code, &last, &text);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        continue;
      g_assert_cmpuint (code, ==, cases[i].code);
      g_assert_cmpint (last, ==, cases[i].last);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_enhanced_codes (void)
{
  const struct { guint code; const char *text; const char *enhanced; const char *rest; } cases[] = {
    { 535, "5.7.8 Authentication credentials invalid", "5.7.8", "Authentication credentials invalid" },
    { 250, "2.1.0 Ok", "2.1.0", "Ok" },
    { 550, "5.1.1", "5.1.1", "" },
    { 421, "4.3.2 closing", "4.3.2", "closing" },
    { 552, "5.3.4 too big", "5.3.4", "too big" },
    { 550, "4.1.1 wrong class", NULL, NULL },
    { 250, "2.1000.0 too many digits", NULL, NULL },
    { 250, "2.1 short", NULL, NULL },
    { 250, "2.1.0x", NULL, NULL },
    { 250, "Ok", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *rest = NULL;
      g_autofree char *enhanced = _outbox_smtp_parse_enhanced_code (cases[i].code, cases[i].text,
                                                                    &rest);
      g_assert_cmpstr (enhanced, ==, cases[i].enhanced);
      if (enhanced)
        g_assert_cmpstr (rest, ==, cases[i].rest);
    }
}

static void
test_printable (void)
{
  g_autofree char *a = _outbox_smtp_printable ("ok\x01\x7f", 4);
  g_autofree char *b = _outbox_smtp_printable ("nul\0after", 9);
  g_autofree char *c = _outbox_smtp_printable ("bad \xff utf8", 10);
  g_autofree char *d = _outbox_smtp_printable ("Ελληνικά", strlen ("Ελληνικά"));

  g_assert_cmpstr (a, ==, "ok\\x01\\x7f");
  g_assert_cmpstr (b, ==, "nul\\x00after");
  g_assert_true (g_utf8_validate (c, -1, NULL));
  g_assert_true (g_str_has_prefix (c, "bad "));
  g_assert_cmpstr (d, ==, "Ελληνικά");
}

static char *
decode (const char *b64,
        gsize      *len)
{
  return (char *)g_base64_decode (b64, len);
}

static void
test_sasl (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = _outbox_sasl_initial_response (OUTBOX_SASL_PLAIN, "tim", "tanstaaf");
  g_autofree char *plain_decoded = NULL;
  g_autofree char *login_user = NULL;
  g_autofree char *login_password = NULL;
  g_autofree char *cram = NULL;
  g_autofree char *cram_decoded = NULL;
  g_autofree char *none = NULL;
  OutboxSaslMechanism mechanism;
  gsize len;

  plain_decoded = decode (plain, &len);
  g_assert_cmpmem (plain_decoded, len, "\0tim\0tanstaaf", 13);
  g_assert_null (_outbox_sasl_initial_response (OUTBOX_SASL_LOGIN, "tim", "tanstaaf"));
  g_assert_null (_outbox_sasl_initial_response (OUTBOX_SASL_CRAM_MD5, "tim", "tanstaaf"));

  login_user = _outbox_sasl_respond (OUTBOX_SASL_LOGIN, 0, "VXNlcm5hbWU6", "tim", "tanstaaf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (login_user, ==, "dGlt");
  login_password = _outbox_sasl_respond (OUTBOX_SASL_LOGIN, 1, "UGFzc3dvcmQ6", "tim", "tanstaaf",
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (login_password, ==, "dGFuc3RhYWY=");
  none = _outbox_sasl_respond (OUTBOX_SASL_LOGIN, 2, "", "tim", "tanstaaf", &error);
  g_assert_null (none);
  g_assert_error (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* RFC 2195's example. */
  cram = _outbox_sasl_respond (OUTBOX_SASL_CRAM_MD5, 0,
                               "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
                               "tim", "tanstaaftanstaaf", &error);
  g_assert_no_error (error);
  cram_decoded = decode (cram, &len);
  g_assert_cmpmem (cram_decoded, len, "tim b913a602c7eda7a495b4e6e7334d3890", 36);

  /* A challenge that is not base64 gets no answer, whatever the round. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const not_base64[] = {
        "Username:", "<1896.697170952@postoffice.example>", "VXNlcm5hbWU", "VXNlcm5hbWU6=",
        "VX=lcm5hbWU6", "VXNl cm5h", "VXNlcm5hbWU6\r\n",
      };
      for (guint j = 0; j < G_N_ELEMENTS (not_base64); j++)
        {
          g_autofree char *answer = _outbox_sasl_respond (i, 0, not_base64[j], "tim",
                                                          "tanstaaf", &error);
          g_assert_null (answer);
          g_assert_error (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL);
          g_clear_error (&error);
        }
    }

  g_assert_true (_outbox_sasl_mechanism_from_name ("cram-md5", &mechanism));
  g_assert_cmpint (mechanism, ==, OUTBOX_SASL_CRAM_MD5);
  g_assert_false (_outbox_sasl_mechanism_from_name ("XOAUTH2", &mechanism));
  /* Strongest first. */
  g_assert_cmpstr (_outbox_sasl_mechanism_name (0), ==, "CRAM-MD5");
  g_assert_cmpstr (_outbox_sasl_mechanism_name (1), ==, "PLAIN");
  g_assert_cmpstr (_outbox_sasl_mechanism_name (2), ==, "LOGIN");
}

static void
test_address_literal (void)
{
  const struct { const char *address; const char *literal; } cases[] = {
    { "127.0.0.1", "[127.0.0.1]" },
    { "192.0.2.7", "[192.0.2.7]" },
    { "::1", "[IPv6:::1]" },
    { "2001:db8::5", "[IPv6:2001:db8::5]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSocketAddress) address =
        g_inet_socket_address_new_from_string (cases[i].address, 25);
      g_autofree char *literal = _outbox_smtp_address_literal (address);

      g_assert_cmpstr (literal, ==, cases[i].literal);
    }
}

static void
test_step_names (void)
{
  const char *names[] = {
    "resolving", "connecting", "greeting", "securing", "authenticating", "sending", "done",
  };

  for (OutboxSmtpStep step = 0; step <= OUTBOX_SMTP_STEP_DONE; step++)
    {
      g_assert_cmpstr (outbox_smtp_step_to_string (step), ==, names[step]);
      g_assert_nonnull (outbox_smtp_step_get_label (step));
    }
  g_assert_cmpstr (g_quark_to_string (OUTBOX_SMTP_ERROR), ==, "outbox-smtp-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/SmtpProtocol/reply-lines", test_reply_lines);
  g_test_add_func ("/Outbox/SmtpProtocol/enhanced-codes", test_enhanced_codes);
  g_test_add_func ("/Outbox/SmtpProtocol/printable", test_printable);
  g_test_add_func ("/Outbox/SmtpProtocol/sasl", test_sasl);
  g_test_add_func ("/Outbox/SmtpProtocol/address-literal", test_address_literal);
  g_test_add_func ("/Outbox/SmtpProtocol/step-names", test_step_names);

  return g_test_run ();
}
