/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bundled provider presets (data/providers.json) and OutboxProviders:
 * the file's schema and uniqueness, look-ups by domain and MX host, and
 * what applying a preset does to an account. */

#include "config.h"

#include <string.h>

#include "outbox.h"

static OutboxProviders *
load_json (const char  *json,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  return outbox_providers_new_from_bytes (bytes, error);
}

static void
assert_server (OutboxProvider *provider,
               guint           index,
               const char     *host,
               guint           port,
               OutboxSecurity  security)
{
  const OutboxServer *server;

  g_assert_cmpuint (outbox_provider_get_n_servers (provider), >, index);
  server = outbox_provider_get_server (provider, index);
  g_assert_cmpstr (server->host, ==, host);
  g_assert_cmpuint (server->port, ==, port);
  g_assert_cmpint (server->security, ==, security);
}

static void
test_bundled_schema (void)
{
  g_autoptr(GBytes) bytes = outbox_providers_get_bundled_data ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxProviders) providers = outbox_providers_new_from_bytes (bytes, &error);
  g_autoptr(GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  g_assert_no_error (error);
  g_assert_nonnull (providers);
  n = g_list_model_get_n_items (G_LIST_MODEL (providers));
  g_assert_cmpuint (n, >=, 40);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (providers)) == OUTBOX_TYPE_PROVIDER);

  /* Checked again here, independently of the loader's own checks. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OutboxProvider) provider = g_list_model_get_item (G_LIST_MODEL (providers), i);
      const char * const *domains = outbox_provider_get_domains (provider);
      const char * const *note_ids = outbox_provider_get_note_ids (provider);
      g_auto(GStrv) notes = outbox_provider_get_notes (provider);
      gboolean secure = FALSE;

      g_autofree char *prop_name = NULL;

      g_test_message ("%s", outbox_provider_get_id (provider));
      g_object_get (provider, "name", &prop_name, NULL);
      g_assert_cmpstr (prop_name, ==, outbox_provider_get_name (provider));
      g_assert_cmpstr (outbox_provider_get_name (provider), !=, "");
      for (guint s = 0; s < outbox_provider_get_n_servers (provider); s++)
        secure |= outbox_provider_get_server (provider, s)->security != OUTBOX_SECURITY_NONE;
      g_assert_true (secure);
      g_assert_true (domains[0] != NULL || outbox_provider_get_mx_patterns (provider)[0] != NULL);

      for (guint d = 0; domains[d]; d++)
        {
          const char *name = g_str_has_prefix (domains[d], "*.") ? domains[d] + 2 : domains[d];
          g_autofree char *normal = outbox_domain_normalize (name);
          OutboxProvider *owner = g_hash_table_lookup (owners, domains[d]);

          g_assert_cmpstr (normal, ==, name);
          if (owner)
            g_error ("%s belongs to %s and %s", domains[d], outbox_provider_get_id (owner),
                     outbox_provider_get_id (provider));
          g_hash_table_insert (owners, (char *)domains[d], provider);
          if (domains[d] == name)
            g_assert_true (outbox_providers_lookup_domain (providers, name) == provider);
        }

      /* Every note id has a text; a size limit adds one more. */
      g_assert_cmpuint (g_strv_length (notes), ==,
                        g_strv_length ((char **)note_ids) +
                        (outbox_provider_get_size_limit_mb (provider) > 0));
      if (outbox_provider_get_documentation (provider))
        g_assert_true (g_str_has_prefix (outbox_provider_get_documentation (provider), "https://"));
    }
}

/* The facts the seeds give, as the presets must have them. */
static void
test_seed_providers (void)
{
  OutboxProviders *providers = outbox_providers_get_default ();
  OutboxProvider *p;

  p = outbox_providers_lookup_domain (providers, "gmail.com");
  g_assert_cmpstr (outbox_provider_get_id (p), ==, "gmail");
  g_assert_true (outbox_providers_lookup_domain (providers, "googlemail.com") == p);
  assert_server (p, 0, "smtp.gmail.com", 465, OUTBOX_SECURITY_TLS);
  assert_server (p, 1, "smtp.gmail.com", 587, OUTBOX_SECURITY_STARTTLS);
  g_assert_true (g_strv_contains (outbox_provider_get_note_ids (p), "app-password-2sv"));

  p = outbox_providers_lookup_domain (providers, "hotmail.com");
  g_assert_cmpstr (outbox_provider_get_id (p), ==, "outlook");
  assert_server (p, 0, "smtp-mail.outlook.com", 587, OUTBOX_SECURITY_STARTTLS);
  g_assert_true (outbox_providers_lookup_domain (providers, "outlook.com") == p);
  g_assert_true (outbox_providers_lookup_domain (providers, "live.com") == p);
  g_assert_true (outbox_providers_lookup_domain (providers, "hotmail.gr") == p);

  p = outbox_providers_lookup_domain (providers, "yahoo.com");
  assert_server (p, 0, "smtp.mail.yahoo.com", 465, OUTBOX_SECURITY_TLS);

  p = outbox_providers_lookup_domain (providers, "yandex.com.tr");
  assert_server (p, 0, "smtp.yandex.com.tr", 465, OUTBOX_SECURITY_TLS);
  assert_server (p, 1, "smtp.yandex.com.tr", 587, OUTBOX_SECURITY_STARTTLS);
  p = outbox_providers_lookup_domain (providers, "yandex.ru");
  assert_server (p, 0, "smtp.yandex.com", 465, OUTBOX_SECURITY_TLS);

  p = outbox_providers_lookup_domain (providers, "riseup.net");
  assert_server (p, 0, "mail.riseup.net", 465, OUTBOX_SECURITY_TLS);
  assert_server (p, 1, "mail.riseup.net", 587, OUTBOX_SECURITY_STARTTLS);
  g_assert_cmpint (outbox_provider_get_login_form (p), ==, OUTBOX_LOGIN_FORM_LOCAL_PART);

  p = outbox_providers_lookup_id (providers, "ovh");
  assert_server (p, 0, "ssl0.ovh.net", 465, OUTBOX_SECURITY_TLS);
  g_assert_cmpuint (outbox_provider_get_size_limit_mb (p), ==, 10);

  /* Greece, Lithuania and Estonia. */
  g_assert_nonnull (outbox_providers_lookup_domain (providers, "inbox.lt"));
  g_assert_nonnull (outbox_providers_lookup_domain (providers, "mail.ee"));
  g_assert_nonnull (outbox_providers_lookup_domain (providers, "posteo.gr"));
}

typedef struct
{
  const char *json;
  gint        code;
  const char *needle;   /* in the message */
} BrokenCase;

#define ONE(entry) "{\"version\": 1, \"providers\": [" entry "]}"
#define GOOD "{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], " \
             "\"servers\": [{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}"

static void
test_schema_errors (void)
{
  static const BrokenCase cases[] = {
    { "not json", OUTBOX_PROVIDERS_ERROR_PARSE, NULL },
    { "{\"version\": 2, \"providers\": []}", OUTBOX_PROVIDERS_ERROR_PARSE, "version" },
    { "{\"version\": 1}", OUTBOX_PROVIDERS_ERROR_PARSE, NULL },
    { ONE ("{\"id\": \"A\", \"name\": \"A\", \"domains\": [\"a.example\"], \"servers\": []}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "id" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], \"servers\": []}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "no servers" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], \"servers\": "
           "[{\"host\": \"smtp.a.example\", \"port\": 25, \"security\": \"none\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "STARTTLS or TLS" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], \"servers\": "
           "[{\"host\": \"smtp.a.example\", \"port\": 0, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "port" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], \"servers\": "
           "[{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"ssl\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "security" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"A.example\"], \"servers\": "
           "[{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "A.example" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], \"notes\": [\"nope\"], "
           "\"servers\": [{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "nope" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], \"hots\": 1, "
           "\"servers\": [{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "hots" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"a.example\"], \"login\": \"user\", "
           "\"servers\": [{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "login" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", "
           "\"servers\": [{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_INVALID, "MX" },
    { ONE (GOOD ", " GOOD), OUTBOX_PROVIDERS_ERROR_DUPLICATE, "id" },
    { ONE (GOOD ", {\"id\": \"b\", \"name\": \"B\", \"domains\": [\"a.example\"], \"servers\": "
           "[{\"host\": \"smtp.b.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_DUPLICATE, "a.example" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"domains\": [\"x.a.example\"], \"servers\": "
           "[{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}, "
           "{\"id\": \"b\", \"name\": \"B\", \"domains\": [\"*.a.example\"], \"servers\": "
           "[{\"host\": \"smtp.b.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_DUPLICATE, "x.a.example" },
    { ONE ("{\"id\": \"a\", \"name\": \"A\", \"mx\": [\"mx.example\"], \"servers\": "
           "[{\"host\": \"smtp.a.example\", \"port\": 465, \"security\": \"tls\"}]}, "
           "{\"id\": \"b\", \"name\": \"B\", \"mx\": [\"mx.example\"], \"servers\": "
           "[{\"host\": \"smtp.b.example\", \"port\": 465, \"security\": \"tls\"}]}"),
      OUTBOX_PROVIDERS_ERROR_DUPLICATE, "mx.example" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxProviders) good = load_json (ONE (GOOD), &error);

  /* The skeleton the broken cases start from is itself valid. */
  g_assert_no_error (error);
  g_assert_nonnull (outbox_providers_lookup_domain (good, "a.example"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) failure = NULL;
      g_autoptr(OutboxProviders) providers = load_json (cases[i].json, &failure);

      g_test_message ("case %u: %s", i, failure ? failure->message : "(loaded)");
      g_assert_null (providers);
      g_assert_error (failure, OUTBOX_PROVIDERS_ERROR, cases[i].code);
      if (cases[i].needle)
        g_assert_nonnull (strstr (failure->message, cases[i].needle));
    }
}

static void
test_lookup_domain (void)
{
  OutboxProviders *providers = outbox_providers_get_default ();
  OutboxProvider *gmail = outbox_providers_lookup_id (providers, "gmail");
  OutboxProvider *office = outbox_providers_lookup_id (providers, "office365");

  /* Case, spaces and a final dot do not matter. */
  g_assert_true (outbox_providers_lookup_domain (providers, "GMAIL.COM") == gmail);
  g_assert_true (outbox_providers_lookup_domain (providers, " Gmail.Com. ") == gmail);
  g_assert_true (outbox_providers_lookup_address (providers, "Someone@GMail.com") == gmail);
  g_assert_true (outbox_providers_lookup_address (providers, "a@b@gmail.com") == gmail);

  /* A subdomain is not its parent's... */
  g_assert_null (outbox_providers_lookup_domain (providers, "mail.gmail.com"));
  g_assert_null (outbox_providers_lookup_domain (providers, "student.riseup.net"));
  g_assert_null (outbox_providers_lookup_domain (providers, "gmail.com.example"));
  /* ...unless the provider claims every name below one. */
  g_assert_true (outbox_providers_lookup_domain (providers, "contoso.onmicrosoft.com") == office);
  g_assert_true (outbox_providers_lookup_domain (providers, "a.b.ONMICROSOFT.com") == office);
  g_assert_null (outbox_providers_lookup_domain (providers, "onmicrosoft.com"));

  /* Not domains at all. */
  g_assert_null (outbox_providers_lookup_domain (providers, ""));
  g_assert_null (outbox_providers_lookup_domain (providers, "gmail..com"));
  g_assert_null (outbox_providers_lookup_domain (providers, "127.0.0.1"));
  g_assert_null (outbox_providers_lookup_address (providers, "no-at-sign.gmail.com"));
  g_assert_null (outbox_providers_lookup_address (providers, "@gmail.com"));
  g_assert_null (outbox_providers_lookup_address (providers, "user@"));
}

static void
test_lookup_idn (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxProviders) providers =
    load_json (ONE ("{\"id\": \"b\", \"name\": \"Bücher\", \"domains\": [\"xn--bcher-kva.example\"], "
                    "\"servers\": [{\"host\": \"smtp.xn--bcher-kva.example\", \"port\": 465, "
                    "\"security\": \"tls\"}]}"), &error);
  OutboxProvider *provider;
  g_autofree char *normal = outbox_domain_normalize ("BÜCHER.example");

  g_assert_no_error (error);
  provider = outbox_providers_lookup_id (providers, "b");
  g_assert_cmpstr (normal, ==, "xn--bcher-kva.example");
  g_assert_true (outbox_providers_lookup_domain (providers, "bücher.example") == provider);
  g_assert_true (outbox_providers_lookup_domain (providers, "BÜCHER.Example") == provider);
  g_assert_true (outbox_providers_lookup_domain (providers, "XN--BCHER-KVA.example") == provider);
  g_assert_true (outbox_providers_lookup_address (providers, "leser@bücher.example") == provider);
  g_assert_null (outbox_providers_lookup_domain (providers, "bucher.example"));

  /* The file itself must spell a domain the way it matches. */
  g_clear_object (&providers);
  providers = load_json (ONE ("{\"id\": \"b\", \"name\": \"B\", \"domains\": [\"bücher.example\"], "
                              "\"servers\": [{\"host\": \"smtp.example\", \"port\": 465, "
                              "\"security\": \"tls\"}]}"), &error);
  g_assert_error (error, OUTBOX_PROVIDERS_ERROR, OUTBOX_PROVIDERS_ERROR_INVALID);
  g_assert_null (providers);
}

static void
test_lookup_mx (void)
{
  OutboxProviders *providers = outbox_providers_get_default ();

  g_assert_cmpstr (outbox_provider_get_id (outbox_providers_lookup_mx_host (providers, "alt1.aspmx.l.google.com")), ==, "gmail");
  g_assert_cmpstr (outbox_provider_get_id (outbox_providers_lookup_mx_host (providers, "ASPMX.L.GOOGLE.COM.")), ==, "gmail");
  g_assert_cmpstr (outbox_provider_get_id (outbox_providers_lookup_mx_host (providers, "contoso-com.mail.protection.outlook.com")), ==, "office365");
  g_assert_cmpstr (outbox_provider_get_id (outbox_providers_lookup_mx_host (providers, "outlook-com.olc.protection.outlook.com")), ==, "outlook");
  g_assert_cmpstr (outbox_provider_get_id (outbox_providers_lookup_mx_host (providers, "mx1.mail.ovh.net")), ==, "ovh");
  g_assert_cmpstr (outbox_provider_get_id (outbox_providers_lookup_mx_host (providers, "mx.yandex.net")), ==, "yandex");
  /* Only on a label boundary, and only at the end. */
  g_assert_null (outbox_providers_lookup_mx_host (providers, "notgoogle.com"));
  g_assert_null (outbox_providers_lookup_mx_host (providers, "google.com.evil.example"));
  g_assert_null (outbox_providers_lookup_mx_host (providers, "mx.example.org"));
  g_assert_null (outbox_providers_lookup_mx_host (providers, "."));
}

static void
test_apply_login_form (void)
{
  OutboxProviders *providers = outbox_providers_get_default ();
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  OutboxAccountFields changed;

  outbox_account_set_sender_address (account, "joe.hill@riseup.net");
  outbox_account_set_auth (account, OUTBOX_AUTH_NONE);
  changed = outbox_provider_apply (outbox_providers_lookup_id (providers, "riseup"), account,
                                   OUTBOX_ACCOUNT_FIELD_NONE);
  g_assert_cmpstr (outbox_account_get_host (account), ==, "mail.riseup.net");
  g_assert_cmpuint (outbox_account_get_port (account), ==, 465);
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpint (outbox_account_get_auth (account), ==, OUTBOX_AUTH_PASSWORD);
  g_assert_cmpstr (outbox_account_get_username (account), ==, "joe.hill");
  g_assert_cmpuint (changed, ==, OUTBOX_ACCOUNT_FIELD_ALL);
  {
    g_autoptr(GHashTable) problems = outbox_account_validate (account);
    g_assert_cmpuint (g_hash_table_size (problems), <=, 1);
  }

  g_clear_object (&account);
  account = outbox_account_new ();
  outbox_account_set_sender_address (account, "Jane@Gmail.com");
  outbox_provider_apply (outbox_providers_lookup_address (providers, "Jane@Gmail.com"), account,
                         OUTBOX_ACCOUNT_FIELD_NONE);
  g_assert_cmpstr (outbox_account_get_username (account), ==, "Jane@Gmail.com");
  g_assert_cmpstr (outbox_account_get_host (account), ==, "smtp.gmail.com");

  /* Applying twice changes nothing the second time. */
  changed = outbox_provider_apply (outbox_providers_lookup_id (providers, "gmail"), account,
                                   OUTBOX_ACCOUNT_FIELD_NONE);
  g_assert_cmpuint (changed, ==, OUTBOX_ACCOUNT_FIELD_NONE);

  /* No address yet: the username is left alone. */
  g_clear_object (&account);
  account = outbox_account_new ();
  changed = outbox_provider_apply (outbox_providers_lookup_id (providers, "riseup"), account,
                                   OUTBOX_ACCOUNT_FIELD_NONE);
  g_assert_false (changed & OUTBOX_ACCOUNT_FIELD_USERNAME);
  g_assert_cmpstr (outbox_account_get_username (account), ==, "");
}

static void
test_apply_user_edited (void)
{
  OutboxProvider *gmail = outbox_providers_lookup_id (outbox_providers_get_default (), "gmail");
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  OutboxAccountFields changed;

  /* The user typed a host and a username; the preset fills the rest. */
  outbox_account_set_sender_address (account, "me@gmail.com");
  outbox_account_set_host (account, "relay.example.org");
  outbox_account_set_username (account, "typed-by-hand");
  changed = outbox_provider_apply (gmail, account,
                                   OUTBOX_ACCOUNT_FIELD_HOST | OUTBOX_ACCOUNT_FIELD_USERNAME);
  g_assert_cmpstr (outbox_account_get_host (account), ==, "relay.example.org");
  g_assert_cmpstr (outbox_account_get_username (account), ==, "typed-by-hand");
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 465);
  g_assert_cmpuint (changed, ==, OUTBOX_ACCOUNT_FIELD_SECURITY | OUTBOX_ACCOUNT_FIELD_PORT);

  /* A port typed by hand survives a change of security, even though the
   * account moves a default port along with its security. */
  g_clear_object (&account);
  account = outbox_account_new ();
  outbox_account_set_sender_address (account, "me@gmail.com");
  outbox_account_set_port (account, 587);
  changed = outbox_provider_apply (gmail, account, OUTBOX_ACCOUNT_FIELD_PORT);
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 587);
  g_assert_false (changed & OUTBOX_ACCOUNT_FIELD_PORT);

  /* Security typed by hand: the preset's port still comes in. */
  g_clear_object (&account);
  account = outbox_account_new ();
  outbox_account_set_security (account, OUTBOX_SECURITY_STARTTLS);
  outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
  changed = outbox_provider_apply (gmail, account,
                                   OUTBOX_ACCOUNT_FIELD_SECURITY | OUTBOX_ACCOUNT_FIELD_AUTH);
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_STARTTLS);
  g_assert_cmpint (outbox_account_get_auth (account), ==, OUTBOX_AUTH_SEPARATE);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 465);
  g_assert_cmpuint (changed, ==, OUTBOX_ACCOUNT_FIELD_HOST | OUTBOX_ACCOUNT_FIELD_PORT);
}

static void
test_login_form (void)
{
  g_autofree char *local = outbox_login_form_apply (OUTBOX_LOGIN_FORM_LOCAL_PART, " a.b@x.example ");
  g_autofree char *full = outbox_login_form_apply (OUTBOX_LOGIN_FORM_ADDRESS, "a.b@x.example");
  g_autofree char *quoted = outbox_login_form_apply (OUTBOX_LOGIN_FORM_LOCAL_PART, "\"a@b\"@x.example");

  g_assert_cmpstr (local, ==, "a.b");
  g_assert_cmpstr (full, ==, "a.b@x.example");
  g_assert_cmpstr (quoted, ==, "\"a@b\"");
  g_assert_null (outbox_login_form_apply (OUTBOX_LOGIN_FORM_ADDRESS, "nobody"));
  g_assert_null (outbox_login_form_apply (OUTBOX_LOGIN_FORM_LOCAL_PART, "@x.example"));
}

static void
test_notes (void)
{
  OutboxProviders *providers = outbox_providers_get_default ();
  g_auto(GStrv) ovh = outbox_provider_get_notes (outbox_providers_lookup_id (providers, "ovh"));
  g_auto(GStrv) inbox = outbox_provider_get_notes (outbox_providers_lookup_id (providers, "inbox-lt"));
  g_auto(GStrv) riseup = outbox_provider_get_notes (outbox_providers_lookup_id (providers, "riseup"));

  g_assert_cmpuint (g_strv_length (ovh), ==, 2);
  g_assert_nonnull (strstr (ovh[1], "10 MB"));
  g_assert_cmpuint (g_strv_length (inbox), ==, 3);
  g_assert_nonnull (strstr (inbox[0], "turned on"));
  g_assert_cmpuint (g_strv_length (riseup), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Providers/bundled-schema", test_bundled_schema);
  g_test_add_func ("/Outbox/Providers/seed-providers", test_seed_providers);
  g_test_add_func ("/Outbox/Providers/schema-errors", test_schema_errors);
  g_test_add_func ("/Outbox/Providers/lookup-domain", test_lookup_domain);
  g_test_add_func ("/Outbox/Providers/lookup-idn", test_lookup_idn);
  g_test_add_func ("/Outbox/Providers/lookup-mx", test_lookup_mx);
  g_test_add_func ("/Outbox/Providers/apply-login-form", test_apply_login_form);
  g_test_add_func ("/Outbox/Providers/apply-user-edited", test_apply_user_edited);
  g_test_add_func ("/Outbox/Providers/login-form", test_login_form);
  g_test_add_func ("/Outbox/Providers/notes", test_notes);

  return g_test_run ();
}
