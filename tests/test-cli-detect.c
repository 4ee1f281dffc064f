/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl detect, end to end: the real program, its text and its JSON.
 * Only answers that need no network are asked for (the presets, and
 * --offline for a domain they do not know): the tests never depend on DNS. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cli-runner.h"

static void
test_preset_text (void)
{
  g_autoptr(CtlResult) riseup = NULL;
  g_autoptr(CtlResult) gmail = NULL;

  cli_test_setup ();
  riseup = ctl (NULL, "detect", "Joe.Hill@RiseUp.net");
  g_assert_cmpint (riseup->status, ==, 0);
  g_assert_nonnull (strstr (riseup->out, "list of known providers"));
  assert_line (riseup->out, "  Provider:   Riseup");
  assert_line (riseup->out, "  Server:     mail.riseup.net, port 465, SSL/TLS");
  assert_line (riseup->out, "  Or:         mail.riseup.net, port 587, STARTTLS");
  /* riseup signs in with the part before the @. */
  assert_line (riseup->out, "  Username:   Joe.Hill");

  gmail = ctl (NULL, "detect", "someone@googlemail.com");
  g_assert_cmpint (gmail->status, ==, 0);
  assert_line (gmail->out, "  Provider:   Gmail");
  assert_line (gmail->out, "  Username:   someone@googlemail.com");
  assert_line (gmail->out, "  Note:       With 2-step verification");
}

static void
test_preset_json (void)
{
  g_autoptr(CtlResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *servers;
  JsonObject *first;

  cli_test_setup ();
  result = ctl (NULL, "detect", "--json", "user@contoso.onmicrosoft.com");
  g_assert_cmpint (result->status, ==, 0);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "preset");
  g_assert_cmpstr (json_object_get_string_member (object, "domain"), ==, "contoso.onmicrosoft.com");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "provider"), "id"),
                   ==, "office365");
  g_assert_cmpstr (json_object_get_string_member (object, "login"), ==, "address");
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, "user@contoso.onmicrosoft.com");
  servers = json_object_get_array_member (object, "servers");
  g_assert_cmpuint (json_array_get_length (servers), ==, 1);
  first = json_array_get_object_element (servers, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "host"), ==, "smtp.office365.com");
  g_assert_cmpint (json_object_get_int_member (first, "port"), ==, 587);
  g_assert_cmpstr (json_object_get_string_member (first, "security"), ==, "starttls");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "notes")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "warnings")), ==, 0);
}

static void
test_offline_unknown (void)
{
  g_autoptr(CtlResult) result = NULL;

  cli_test_setup ();
  /* An international name, given in Unicode, reported in its DNS form. */
  result = ctl (NULL, "detect", "--offline", "leser@bücher.example");
  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_nonnull (strstr (result->err, "xn--bcher-kva.example"));
  g_assert_nonnull (strstr (result->err, "Nothing was looked up on the network"));
}

static void
test_usage (void)
{
  g_autoptr(CtlResult) none = NULL;
  g_autoptr(CtlResult) bad = NULL;
  g_autoptr(CtlResult) timeout = NULL;
  g_autoptr(CtlResult) help = NULL;

  cli_test_setup ();
  none = ctl (NULL, "detect");
  g_assert_cmpint (none->status, ==, 2);
  bad = ctl (NULL, "detect", "--offline", "not-an-address");
  g_assert_cmpint (bad->status, ==, 2);
  g_assert_nonnull (strstr (bad->err, "not-an-address"));
  timeout = ctl (NULL, "detect", "--probe-timeout", "0", "a@example.test");
  g_assert_cmpint (timeout->status, ==, 2);
  help = ctl (NULL, "--help");
  g_assert_cmpint (help->status, ==, 0);
  assert_line (help->out, "  detect");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/CliDetect/preset-text", test_preset_text);
  g_test_add_func ("/Outbox/CliDetect/preset-json", test_preset_json);
  g_test_add_func ("/Outbox/CliDetect/offline-unknown", test_offline_unknown);
  g_test_add_func ("/Outbox/CliDetect/usage", test_usage);

  return g_test_run ();
}
