/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sender domain checks (SPF and DMARC) against a test GResolver
 * installed as the default one: no real DNS is asked. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox.h"
#include "outbox-test-resolver.h"

typedef struct
{
  OutboxTestResolver *resolver;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->resolver = outbox_test_resolver_new ();
  g_resolver_set_default (G_RESOLVER (fixture->resolver));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->resolver);
}

static void
txt (Fixture    *fixture,
     const char *name,
     const char *text)
{
  const char *strings[] = { text, NULL };

  outbox_test_resolver_add_txt (fixture->resolver, name, strings);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (outbox_domain_check_run_finish (OUTBOX_DOMAIN_CHECK (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Runs the checks with the default resolver, as the window and outboxctl do. */
static OutboxDomainCheck *
check (const char *address)
{
  OutboxDomainCheck *self = outbox_domain_check_new (address);
  gboolean done = FALSE;

  g_assert_nonnull (self);
  outbox_domain_check_run_async (self, NULL, NULL, run_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return self;
}

static OutboxNotice *
find_notice (GPtrArray  *notices,
             const char *id)
{
  for (guint i = 0; i < notices->len; i++)
    if (g_str_equal (outbox_notice_get_id (g_ptr_array_index (notices, i)), id))
      return g_ptr_array_index (notices, i);
  return NULL;
}

/* SPF and a reject policy: nothing to warn about. Other TXT records of the
 * domain (a site verification) are not SPF. */
static void
test_present (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OutboxDomainCheck) result = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *spf = NULL;
  g_autofree char *dmarc = NULL;
  /* A long record comes as several strings; receivers join them. */
  const char *split[] = { "v=spf1 include:_spf.example.gr ", "ip4:192.0.2.0/24 -all", NULL };

  outbox_test_resolver_add_txt (fixture->resolver, "example.gr", split);
  txt (fixture, "example.gr", "google-site-verification=abc");
  txt (fixture, "_dmarc.example.gr", "v=DMARC1; p=reject; rua=mailto:dmarc@example.gr");

  result = check ("Billing@Example.GR");
  g_assert_cmpstr (outbox_domain_check_get_domain (result), ==, "example.gr");
  g_assert_cmpint (outbox_domain_check_get_spf_state (result), ==, OUTBOX_DOMAIN_RECORD_PRESENT);
  g_assert_cmpstr (outbox_domain_check_get_spf_record (result), ==,
                   "v=spf1 include:_spf.example.gr ip4:192.0.2.0/24 -all");
  g_assert_cmpint (outbox_domain_check_get_dmarc_state (result), ==, OUTBOX_DOMAIN_RECORD_PRESENT);
  g_assert_cmpint (outbox_domain_check_get_dmarc_policy (result), ==, OUTBOX_DMARC_POLICY_REJECT);
  notices = outbox_domain_check_get_notices (result);
  g_assert_cmpuint (notices->len, ==, 0);
  spf = outbox_domain_check_describe_spf (result);
  dmarc = outbox_domain_check_describe_dmarc (result);
  g_assert_cmpstr (spf, ==, "SPF: published");
  g_assert_cmpstr (dmarc, ==, "DMARC: policy reject");
  g_assert_true (outbox_test_resolver_was_asked (fixture->resolver, "TXT example.gr"));
  g_assert_true (outbox_test_resolver_was_asked (fixture->resolver, "TXT _dmarc.example.gr"));

  /* p=quarantine is as good; p=none is worth a notice, not a warning. */
  txt (fixture, "_dmarc.example.lt", "v=DMARC1;p=none");
  txt (fixture, "example.lt", "v=spf1 mx ~all");
  {
    g_autoptr(OutboxDomainCheck) none = check ("info@example.lt");
    g_autoptr(GPtrArray) none_notices = outbox_domain_check_get_notices (none);
    OutboxNotice *notice = find_notice (none_notices, "dmarc-policy-none");

    g_assert_cmpint (outbox_domain_check_get_dmarc_policy (none), ==, OUTBOX_DMARC_POLICY_NONE);
    g_assert_cmpuint (none_notices->len, ==, 1);
    g_assert_nonnull (notice);
    g_assert_cmpint (outbox_notice_get_level (notice), ==, OUTBOX_NOTICE_INFO);
  }
}

/* Neither record: two warnings in plain words. */
static void
test_absent (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(OutboxDomainCheck) result = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(JsonNode) json = NULL;
  OutboxNotice *spf;
  OutboxNotice *dmarc;
  JsonObject *object;

  /* A TXT record that is not SPF does not count. */
  txt (fixture, "example.ee", "some other text");

  result = check ("arved@example.ee");
  g_assert_cmpint (outbox_domain_check_get_spf_state (result), ==, OUTBOX_DOMAIN_RECORD_MISSING);
  g_assert_cmpint (outbox_domain_check_get_dmarc_state (result), ==, OUTBOX_DOMAIN_RECORD_MISSING);
  notices = outbox_domain_check_get_notices (result);
  g_assert_cmpuint (notices->len, ==, 2);
  spf = find_notice (notices, "spf-missing");
  dmarc = find_notice (notices, "dmarc-missing");
  g_assert_nonnull (spf);
  g_assert_nonnull (dmarc);
  g_assert_cmpint (outbox_notice_get_level (spf), ==, OUTBOX_NOTICE_WARNING);
  g_assert_nonnull (strstr (outbox_notice_get_message (spf), "may land in spam"));
  g_assert_nonnull (strstr (outbox_notice_get_message (spf), "example.ee publishes no SPF record"));
  g_assert_nonnull (strstr (outbox_notice_get_message (dmarc), "no DMARC policy"));

  json = outbox_domain_check_to_json (result);
  object = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "spf"),
                                                  "state"), ==, "missing");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "notices")), ==, 2);
}

/* Two SPF records: receivers fail SPF for the domain (RFC 7208 4.5). */
static void
test_several_spf (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OutboxDomainCheck) result = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *spf = NULL;
  OutboxNotice *notice;

  txt (fixture, "example.gr", "v=spf1 mx -all");
  txt (fixture, "example.gr", "v=spf1 include:mail.example.net ~all");
  txt (fixture, "_dmarc.example.gr", "v=DMARC1; p=quarantine");
  txt (fixture, "_dmarc.example.gr", "not a dmarc record");

  result = check ("billing@example.gr");
  g_assert_cmpint (outbox_domain_check_get_spf_state (result), ==, OUTBOX_DOMAIN_RECORD_MULTIPLE);
  g_assert_cmpint (outbox_domain_check_get_dmarc_state (result), ==, OUTBOX_DOMAIN_RECORD_PRESENT);
  g_assert_cmpint (outbox_domain_check_get_dmarc_policy (result), ==, OUTBOX_DMARC_POLICY_QUARANTINE);
  notices = outbox_domain_check_get_notices (result);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = find_notice (notices, "spf-multiple");
  g_assert_nonnull (notice);
  g_assert_cmpint (outbox_notice_get_level (notice), ==, OUTBOX_NOTICE_WARNING);
  g_assert_nonnull (strstr (outbox_notice_get_message (notice), "more than one SPF record"));
  spf = outbox_domain_check_describe_spf (result);
  g_assert_cmpstr (spf, ==, "SPF: several records (an error)");

  /* A DMARC record without a policy is no policy. */
  txt (fixture, "_dmarc.example.lt", "v=DMARC1; rua=mailto:x@example.lt");
  txt (fixture, "example.lt", "v=spf1 -all");
  {
    g_autoptr(OutboxDomainCheck) invalid = check ("a@example.lt");
    g_autoptr(GPtrArray) invalid_notices = outbox_domain_check_get_notices (invalid);

    g_assert_cmpint (outbox_domain_check_get_dmarc_state (invalid), ==, OUTBOX_DOMAIN_RECORD_INVALID);
    g_assert_nonnull (find_notice (invalid_notices, "dmarc-invalid"));
  }
}

/* A look-up that fails (not "no such record") says "could not check",
 * never that the record is missing. */
static void
test_lookup_failure (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OutboxDomainCheck) result = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *spf = NULL;
  g_autofree char *dmarc = NULL;

  outbox_test_resolver_set_failure (fixture->resolver, "example.gr",
                                    G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  outbox_test_resolver_set_failure (fixture->resolver, "_dmarc.example.gr",
                                    G_RESOLVER_ERROR_INTERNAL);

  result = check ("billing@example.gr");
  g_assert_cmpint (outbox_domain_check_get_spf_state (result), ==, OUTBOX_DOMAIN_RECORD_UNCHECKED);
  g_assert_cmpint (outbox_domain_check_get_dmarc_state (result), ==, OUTBOX_DOMAIN_RECORD_UNCHECKED);
  g_assert_nonnull (outbox_domain_check_get_spf_error (result));
  notices = outbox_domain_check_get_notices (result);
  g_assert_cmpuint (notices->len, ==, 2);
  g_assert_nonnull (find_notice (notices, "spf-unchecked"));
  g_assert_nonnull (find_notice (notices, "dmarc-unchecked"));
  g_assert_null (find_notice (notices, "spf-missing"));
  for (guint i = 0; i < notices->len; i++)
    g_assert_cmpint (outbox_notice_get_level (g_ptr_array_index (notices, i)), ==, OUTBOX_NOTICE_INFO);
  spf = outbox_domain_check_describe_spf (result);
  dmarc = outbox_domain_check_describe_dmarc (result);
  g_assert_cmpstr (spf, ==, "SPF: could not check");
  g_assert_cmpstr (dmarc, ==, "DMARC: could not check");
}

/* Only a domain is looked up: not an IP literal, not a bare word. */
static void
test_no_domain (void)
{
  g_assert_null (outbox_domain_check_new ("user@[192.0.2.1]"));
  g_assert_null (outbox_domain_check_new ("user@localhost"));
  g_assert_null (outbox_domain_check_new ("user@exa mple.gr"));
  g_assert_null (outbox_domain_check_new (NULL));
  {
    g_autoptr(OutboxDomainCheck) idn = outbox_domain_check_new ("leser@bücher.example");

    g_assert_nonnull (idn);
    g_assert_cmpstr (outbox_domain_check_get_domain (idn), ==, "xn--bcher-kva.example");
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/Outbox/DomainCheck/present", test_present);
  ADD ("/Outbox/DomainCheck/absent", test_absent);
  ADD ("/Outbox/DomainCheck/several-spf", test_several_spf);
  ADD ("/Outbox/DomainCheck/lookup-failure", test_lookup_failure);
#undef ADD
  g_test_add_func ("/Outbox/DomainCheck/no-domain", test_no_domain);

  return g_test_run ();
}
