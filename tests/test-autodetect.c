/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAutodetect without servers: the presets, DNS SRV and MX records
 * answered by a test GResolver (installed as the default resolver, so
 * nothing reaches the machine's DNS), the order of the steps and the
 * source each answer reports. The probe step has its own program
 * (test-autodetect-probe.c, suite smtp); here its port plan is empty so it
 * answers "nothing" at once. */

#include "config.h"

#include <string.h>

#include "outbox.h"
#include "outbox-autodetect-private.h"
#include "autodetect-test-util.h"
#include "outbox-test-resolver.h"

typedef struct
{
  OutboxTestResolver *resolver;
  OutboxAutodetect   *autodetect;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->resolver = outbox_test_resolver_new ();
  g_resolver_set_default (G_RESOLVER (fixture->resolver));
  fixture->autodetect = outbox_autodetect_new ();
  /* No probing here: an empty plan. */
  _outbox_autodetect_set_probe_ports (fixture->autodetect, NULL, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->autodetect);
  g_clear_object (&fixture->resolver);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static OutboxAutodetectResult *
detect (Fixture      *fixture,
        const char   *address,
        GCancellable *cancellable,
        GError      **error)
{
  return autodetect_test_run (fixture->autodetect, address, cancellable, NULL, error);
}

#define assert_server autodetect_test_assert_server

static void
test_preset (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = detect (fixture, " Joe@RiseUp.net ", NULL, &error);
  g_autofree char *username = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (outbox_autodetect_result_get_source (result), ==, OUTBOX_AUTODETECT_SOURCE_PRESET);
  g_assert_cmpstr (outbox_provider_get_id (outbox_autodetect_result_get_provider (result)), ==, "riseup");
  g_assert_cmpstr (outbox_autodetect_result_get_domain (result), ==, "riseup.net");
  assert_server (result, 0, "mail.riseup.net", 465, OUTBOX_SECURITY_TLS);
  username = outbox_autodetect_result_get_username (result);
  g_assert_cmpstr (username, ==, "Joe");
  /* A preset needs no network at all. */
  g_assert_cmpuint (outbox_test_resolver_get_queries (fixture->resolver)->len, ==, 0);
}

static void
test_invalid_and_offline (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = detect (fixture, "no-domain", NULL, &error);

  g_assert_error (error, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_INVALID_ADDRESS);
  g_assert_null (result);
  g_clear_error (&error);

  outbox_autodetect_set_use_network (fixture->autodetect, FALSE);
  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_error (error, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "example.test"));
  g_assert_cmpuint (outbox_test_resolver_get_queries (fixture->resolver)->len, ==, 0);
}

static void
test_srv_order (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  GPtrArray *queries;

  /* Priority decides, whatever order the records come in. */
  outbox_test_resolver_add_srv (fixture->resolver, "_submissions._tcp.example.test", 20, 0, 465,
                                "backup.example.test");
  outbox_test_resolver_add_srv (fixture->resolver, "_submissions._tcp.example.test", 10, 0, 1465,
                                "Primary.Example.Test.");
  outbox_test_resolver_add_srv (fixture->resolver, "_submission._tcp.example.test", 0, 0, 587,
                                "submit.example.test");
  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 10, "aspmx.l.google.com");

  result = detect (fixture, "user@Example.TEST", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_autodetect_result_get_source (result), ==, OUTBOX_AUTODETECT_SOURCE_SRV);
  g_assert_null (outbox_autodetect_result_get_provider (result));
  g_assert_cmpuint (outbox_autodetect_result_get_n_servers (result), ==, 3);
  /* Implicit TLS (RFC 8314) first, then STARTTLS (RFC 6186). */
  assert_server (result, 0, "primary.example.test", 1465, OUTBOX_SECURITY_TLS);
  assert_server (result, 1, "backup.example.test", 465, OUTBOX_SECURITY_TLS);
  assert_server (result, 2, "submit.example.test", 587, OUTBOX_SECURITY_STARTTLS);

  /* SRV first, both names, and the MX records were never needed. */
  queries = outbox_test_resolver_get_queries (fixture->resolver);
  g_assert_cmpuint (queries->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (queries, 0), ==, "SRV _submissions._tcp.example.test");
  g_assert_cmpstr (g_ptr_array_index (queries, 1), ==, "SRV _submission._tcp.example.test");

  outbox_account_set_sender_address (account, "user@example.test");
  outbox_autodetect_result_apply (result, account, OUTBOX_ACCOUNT_FIELD_NONE);
  g_assert_cmpstr (outbox_account_get_host (account), ==, "primary.example.test");
  g_assert_cmpuint (outbox_account_get_port (account), ==, 1465);
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpstr (outbox_account_get_username (account), ==, "user@example.test");
}

/* Within one priority the weight decides, by chance as RFC 2782 says: a
 * target of weight 65535 goes before one of weight 0 all but about once in
 * 65536 runs. Requiring 18 of 20 fails a weight-blind order (about 1 in
 * 5000) but not a correct one. */
static void
test_srv_weight (Fixture       *fixture,
                 gconstpointer  data)
{
  guint heavy_first = 0;

  outbox_test_resolver_add_srv (fixture->resolver, "_submission._tcp.example.test", 5, 0, 587,
                                "light.example.test");
  outbox_test_resolver_add_srv (fixture->resolver, "_submission._tcp.example.test", 5, 65535, 587,
                                "heavy.example.test");

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OutboxAutodetectResult) result = detect (fixture, "user@example.test", NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (outbox_autodetect_result_get_n_servers (result), ==, 2);
      heavy_first += g_str_equal (outbox_autodetect_result_get_server (result, 0)->host,
                                  "heavy.example.test");
    }
  g_assert_cmpuint (heavy_first, >=, 18);
}

/* "." says the service is not offered here: no SRV answer, on to MX. */
static void
test_srv_dot_then_mx (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  g_autoptr(OutboxAccount) account = outbox_account_new ();

  outbox_test_resolver_add_srv (fixture->resolver, "_submissions._tcp.example.test", 0, 0, 0, ".");
  outbox_test_resolver_add_srv (fixture->resolver, "_submission._tcp.example.test", 0, 0, 0, ".");
  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 20, "alt2.aspmx.l.google.com");
  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 5, "ASPMX.L.GOOGLE.COM.");

  result = detect (fixture, "team@example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_autodetect_result_get_source (result), ==, OUTBOX_AUTODETECT_SOURCE_MX);
  g_assert_cmpstr (outbox_provider_get_id (outbox_autodetect_result_get_provider (result)), ==, "gmail");
  g_assert_cmpstr (outbox_autodetect_result_get_mx_host (result), ==, "aspmx.l.google.com");
  assert_server (result, 0, "smtp.gmail.com", 465, OUTBOX_SECURITY_TLS);
  g_assert_true (outbox_test_resolver_was_asked (fixture->resolver, "MX example.test"));

  /* A hosted domain signs in with the whole address. */
  outbox_account_set_sender_address (account, "team@example.test");
  outbox_autodetect_result_apply (result, account, OUTBOX_ACCOUNT_FIELD_NONE);
  g_assert_cmpstr (outbox_account_get_username (account), ==, "team@example.test");
  g_assert_cmpstr (outbox_account_get_host (account), ==, "smtp.gmail.com");
}

static void
test_srv_submission_only (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;

  outbox_test_resolver_set_failure (fixture->resolver, "_submissions._tcp.example.test",
                                    G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  outbox_test_resolver_add_srv (fixture->resolver, "_submission._tcp.example.test", 0, 1, 587,
                                "mail.example.test");
  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_autodetect_result_get_source (result), ==, OUTBOX_AUTODETECT_SOURCE_SRV);
  g_assert_cmpuint (outbox_autodetect_result_get_n_servers (result), ==, 1);
  assert_server (result, 0, "mail.example.test", 587, OUTBOX_SECURITY_STARTTLS);
}

/* Only the most preferred MX counts: a backup at a provider does not make
 * the domain that provider's. */
static void
test_mx_backup_is_not_the_host (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;

  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 50, "mx1.mail.ovh.net");
  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 10, "mx.self-hosted.example");
  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "mx.self-hosted.example"));
  g_assert_null (strstr (error->message, "ovh"));
}

static void
test_mx_equal_preference (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;

  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 10, "mx.unknown.example");
  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 10, "example-test.mail.protection.outlook.com");
  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_autodetect_result_get_source (result), ==, OUTBOX_AUTODETECT_SOURCE_MX);
  g_assert_cmpstr (outbox_provider_get_id (outbox_autodetect_result_get_provider (result)), ==, "office365");
}

/* Every look-up fails or is empty: the error says what each step found. */
static void
test_lookup_failures (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;

  outbox_test_resolver_set_failure (fixture->resolver, "_submissions._tcp.example.test",
                                    G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  outbox_test_resolver_set_failure (fixture->resolver, "_submission._tcp.example.test",
                                    G_RESOLVER_ERROR_INTERNAL);
  outbox_test_resolver_set_failure (fixture->resolver, "example.test",
                                    G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  result = detect (fixture, "user@example.test", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "SRV"));
  g_assert_nonnull (strstr (error->message, "no MX"));
  g_assert_true (outbox_test_resolver_was_asked (fixture->resolver, "MX example.test"));

  /* A null MX (RFC 7505) is no provider either. */
  g_clear_error (&error);
  outbox_test_resolver_add_mx (fixture->resolver, "null.example.test", 0, ".");
  result = detect (fixture, "user@null.example.test", NULL, &error);
  g_assert_error (error, OUTBOX_AUTODETECT_ERROR, OUTBOX_AUTODETECT_ERROR_NOT_FOUND);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OutboxAutodetectResult) result = NULL;

  outbox_test_resolver_add_mx (fixture->resolver, "example.test", 10, "aspmx.l.google.com");
  g_cancellable_cancel (cancellable);
  result = detect (fixture, "user@example.test", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
}

static void
test_default_entry_point (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAutodetectResult) result = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;

  outbox_autodetect_async ("someone@ya.ru", NULL, done_cb, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = outbox_autodetect_finish (async_result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (outbox_provider_get_id (outbox_autodetect_result_get_provider (result)), ==, "yandex");

  json = outbox_autodetect_result_to_json (result);
  object = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "preset");
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, "someone@ya.ru");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "servers")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "notes")), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/Outbox/Autodetect/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("preset", test_preset);
  ADD ("invalid-and-offline", test_invalid_and_offline);
  ADD ("srv-order", test_srv_order);
  ADD ("srv-weight", test_srv_weight);
  ADD ("srv-dot-then-mx", test_srv_dot_then_mx);
  ADD ("srv-submission-only", test_srv_submission_only);
  ADD ("mx-backup-is-not-the-host", test_mx_backup_is_not_the_host);
  ADD ("mx-equal-preference", test_mx_equal_preference);
  ADD ("lookup-failures", test_lookup_failures);
  ADD ("cancelled", test_cancelled);
  ADD ("default-entry-point", test_default_entry_point);
#undef ADD

  return g_test_run ();
}
