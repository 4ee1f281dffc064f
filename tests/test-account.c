/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of OutboxAccount: defaults, the default-port rule and validation. */

#include "config.h"

#include <locale.h>

#include <string.h>

#include "outbox.h"

typedef struct
{
  const char *property;
  const char *value;
  gboolean    valid;
} TextCase;

static const TextCase text_cases[] = {
  /* Names in the users' languages. */
  { "name", "Λογιστήριο", TRUE },
  { "name", "Sąskaitos faktūros", TRUE },
  { "name", "Müük ja arveldus", TRUE },
  { "name", "", FALSE },
  { "name", "   ", FALSE },
  { "name", "Invoices\nBcc: x@y", FALSE },
  { "sender-name", "Γιώργος Παπαδόπουλος", TRUE },
  { "sender-name", "Jonas Žemaitis", TRUE },
  { "sender-name", "Tõnu Õun", TRUE },
  { "sender-name", "", TRUE },
  { "sender-name", "Eve\r\nBcc: victim@example.com", FALSE },
  { "sender-name", "tab\there", FALSE },
  { "sender-address", "billing@example.gr", TRUE },
  { "sender-address", "info@παράδειγμα.ελ", TRUE },
  { "sender-address", "arved@näide.ee", TRUE },
  { "sender-address", "", FALSE },
  { "sender-address", "not an address", FALSE },
  { "sender-address", "a@b\r\nBcc: x@y", FALSE },
  { "sender-address", "a@b>\r\nRCPT TO:<c@d>", FALSE },
  { "sender-address", "a@b.com, c@d.com", FALSE },
  { "sender-address", "Name <a@b.com>", FALSE },
  { "sender-address", "@example.com", FALSE },
  { "sender-address", "user@", FALSE },
  { "sender-address", "user@exa mple.com", FALSE },
  { "reply-to", "", TRUE },
  { "reply-to", "replies@example.lt", TRUE },
  { "reply-to", "replies@example.lt\nX: y", FALSE },
  { "reply-to", "two@example.lt three@example.lt", FALSE },
  { "host", "smtp.example.com", TRUE },
  { "host", "smtp.example.com ", TRUE },
  { "host", "  ssl0.ovh.net", TRUE },
  { "host", "smtp.παράδειγμα.ελ", TRUE },
  { "host", "mail.žemaitis.lt", TRUE },
  { "host", "smtp.õun.ee", TRUE },
  { "host", "127.0.0.1", TRUE },
  { "host", "::1", TRUE },
  { "host", "smtp .example.com", FALSE },
  { "host", "", FALSE },
  { "host", "smtp..example.com", FALSE },
  { "host", "-smtp.example.com", FALSE },
  { "host", "smtp_example.com", FALSE },
  { "host", "smtp.example.com\r\nMAIL FROM:<x@y>", FALSE },
  { "username", "billing@example.gr", TRUE },
  { "username", "user\r\nAUTH", FALSE },
  { "pinned-certificate-sha256", "", TRUE },
  { "pinned-certificate-sha256",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", TRUE },
  { "pinned-certificate-sha256", "abc", FALSE },
  { "pinned-certificate-sha256",
    "zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", FALSE },
};

static void
test_validation_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      const TextCase *c = &text_cases[i];
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *problem = NULL;

      g_value_init (&value, G_TYPE_STRING);
      g_value_set_string (&value, c->value);
      problem = outbox_account_check_property (c->property, &value);

      if (c->valid && problem != NULL)
        g_error ("%s “%s” should be accepted, got: %s", c->property, c->value, problem);
      if (!c->valid && problem == NULL)
        g_error ("%s “%s” should be rejected", c->property, c->value);
      if (problem)
        {
          /* A reason is one line a person can read. */
          g_assert_null (strchr (problem, '\n'));
          g_assert_cmpuint (strlen (problem), >, 10);
        }
    }
}

static void
test_numbers (void)
{
  struct { const char *property; guint value; gboolean valid; } cases[] = {
    { "port", 0, FALSE }, { "port", 1, TRUE }, { "port", 25, TRUE }, { "port", 465, TRUE },
    { "port", 587, TRUE }, { "port", 65535, TRUE }, { "port", 65536, FALSE },
    { "port", 70000, FALSE },
    { "timeout", 0, FALSE }, { "timeout", 4, FALSE }, { "timeout", 5, TRUE },
    { "timeout", 300, TRUE }, { "timeout", 301, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *problem = NULL;

      g_value_init (&value, G_TYPE_UINT);
      g_value_set_uint (&value, cases[i].value);
      problem = outbox_account_check_property (cases[i].property, &value);
      if (cases[i].valid != (problem == NULL))
        g_error ("%s %u: expected %s", cases[i].property, cases[i].value,
                 cases[i].valid ? "valid" : "invalid");
    }
}

static void
test_too_long (void)
{
  g_autofree char *long_name = g_strnfill (OUTBOX_ACCOUNT_MAX_TEXT + 1, 'x');
  g_autoptr(GString) host = g_string_new (NULL);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *problem = NULL;
  g_autofree char *host_problem = NULL;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, long_name);
  problem = outbox_account_check_property ("name", &value);
  g_assert_nonnull (problem);

  for (guint i = 0; i < 60; i++)
    g_string_append (host, "abcde.");
  g_string_append (host, "com");
  g_value_set_string (&value, host->str);
  host_problem = outbox_account_check_property ("host", &value);
  g_assert_nonnull (host_problem);
}

static OutboxAccount *
make_valid_account (void)
{
  OutboxAccount *account = outbox_account_new ();

  outbox_account_set_name (account, "Invoices");
  outbox_account_set_sender_name (account, "Λογιστήριο");
  outbox_account_set_sender_address (account, "billing@example.gr");
  outbox_account_set_host (account, "mail.example.gr");
  outbox_account_set_username (account, "billing@example.gr");
  return account;
}

static void
test_defaults (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  g_autoptr(OutboxAccount) other = outbox_account_new ();

  g_assert_true (g_uuid_string_is_valid (outbox_account_get_id (account)));
  g_assert_cmpstr (outbox_account_get_id (account), !=, outbox_account_get_id (other));
  g_assert_cmpuint (outbox_account_get_port (account), ==, 587);
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_STARTTLS);
  g_assert_cmpuint (outbox_account_get_timeout (account), ==, 30);
  g_assert_cmpint (outbox_account_get_auth (account), ==, OUTBOX_AUTH_PASSWORD);
}

static void
test_valid_account (void)
{
  g_autoptr(OutboxAccount) account = make_valid_account ();
  g_autoptr(GHashTable) problems = outbox_account_validate (account);

  g_assert_cmpuint (g_hash_table_size (problems), ==, 0);
}

static void
test_cross_field (void)
{
  g_autoptr(OutboxAccount) account = make_valid_account ();
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GHashTable) problems2 = NULL;
  g_autoptr(GHashTable) problems3 = NULL;

  outbox_account_set_username (account, "");
  problems = outbox_account_validate (account);
  g_assert_true (g_hash_table_contains (problems, "username"));

  outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
  problems2 = outbox_account_validate (account);
  g_assert_false (g_hash_table_contains (problems2, "username"));
  g_assert_true (g_hash_table_contains (problems2, "smtp-username"));

  outbox_account_set_auth (account, OUTBOX_AUTH_NONE);
  problems3 = outbox_account_validate (account);
  g_assert_cmpuint (g_hash_table_size (problems3), ==, 0);
}

static void
test_every_problem_reported (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  g_autoptr(GHashTable) problems = NULL;

  outbox_account_set_host (account, "smtp .example.com");
  outbox_account_set_port (account, 0);
  outbox_account_set_timeout (account, 1000);
  outbox_account_set_reply_to (account, "x\ny");
  problems = outbox_account_validate (account);

  for (const char * const *p = (const char * const[]){ "name", "sender-address", "host", "port",
                                                       "timeout", "reply-to", "username", NULL };
       *p; p++)
    if (!g_hash_table_contains (problems, *p))
      g_error ("no problem reported for %s", *p);
}

static void
test_host_normalized (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();

  outbox_account_set_host (account, "  smtp.example.com ");
  g_assert_cmpstr (outbox_account_get_host (account), ==, "smtp.example.com");

  outbox_account_set_host (account, "smtp.παράδειγμα.ελ");
  g_assert_cmpstr (outbox_account_get_host (account), ==, "smtp.xn--hxajbheg2az3al.xn--qxam");

  outbox_account_set_host (account, "SMTP.Example.COM");
  g_assert_cmpstr (outbox_account_get_host (account), ==, "smtp.example.com");

  /* What cannot be a host name is kept as typed, for validation to explain. */
  outbox_account_set_host (account, "smtp .example.com");
  g_assert_cmpstr (outbox_account_get_host (account), ==, "smtp .example.com");
}

static void
test_default_port_follows_security (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();

  outbox_account_set_security (account, OUTBOX_SECURITY_TLS);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 465);
  outbox_account_set_security (account, OUTBOX_SECURITY_NONE);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 25);
  outbox_account_set_security (account, OUTBOX_SECURITY_STARTTLS);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 587);

  /* A port the user chose stays. */
  outbox_account_set_port (account, 2525);
  outbox_account_set_security (account, OUTBOX_SECURITY_TLS);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 2525);
}

static void
test_fingerprint_normalized (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();

  outbox_account_set_pinned_certificate_sha256 (account,
    "9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:D1:5D:6C:15:B0:F0:0A:08");
  g_assert_cmpstr (outbox_account_get_pinned_certificate_sha256 (account), ==,
                   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
}

static void
test_copy_and_duplicate (void)
{
  g_autoptr(OutboxAccount) account = make_valid_account ();
  g_autoptr(OutboxAccount) copy = NULL;
  g_autoptr(OutboxAccount) dup = NULL;

  outbox_account_set_security (account, OUTBOX_SECURITY_TLS);
  outbox_account_set_port (account, 2465);

  copy = outbox_account_copy (account);
  g_assert_true (outbox_account_equal (account, copy));

  dup = outbox_account_duplicate (account);
  g_assert_cmpstr (outbox_account_get_id (dup), !=, outbox_account_get_id (account));
  g_assert_cmpstr (outbox_account_get_host (dup), ==, "mail.example.gr");
  g_assert_cmpuint (outbox_account_get_port (dup), ==, 2465);
  g_assert_cmpint (outbox_account_get_security (dup), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpstr (outbox_account_get_name (dup), !=, outbox_account_get_name (account));
}

static void
test_login (void)
{
  g_autoptr(OutboxAccount) account = make_valid_account ();

  outbox_account_set_smtp_username (account, "relay-user");
  g_assert_cmpstr (outbox_account_get_login (account), ==, "billing@example.gr");
  outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
  g_assert_cmpstr (outbox_account_get_login (account), ==, "relay-user");
  outbox_account_set_auth (account, OUTBOX_AUTH_NONE);
  g_assert_null (outbox_account_get_login (account));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Outbox/Account/defaults", test_defaults);
  g_test_add_func ("/Outbox/Account/validation-table", test_validation_table);
  g_test_add_func ("/Outbox/Account/numbers", test_numbers);
  g_test_add_func ("/Outbox/Account/too-long", test_too_long);
  g_test_add_func ("/Outbox/Account/valid", test_valid_account);
  g_test_add_func ("/Outbox/Account/cross-field", test_cross_field);
  g_test_add_func ("/Outbox/Account/every-problem", test_every_problem_reported);
  g_test_add_func ("/Outbox/Account/host-normalized", test_host_normalized);
  g_test_add_func ("/Outbox/Account/default-port", test_default_port_follows_security);
  g_test_add_func ("/Outbox/Account/fingerprint", test_fingerprint_normalized);
  g_test_add_func ("/Outbox/Account/copy-duplicate", test_copy_and_duplicate);
  g_test_add_func ("/Outbox/Account/login", test_login);

  return g_test_run ();
}
