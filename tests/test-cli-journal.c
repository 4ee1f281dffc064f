/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outboxctl and the journal, end to end: the real program against aiosmtpd
 * on 127.0.0.1 with the test certificates. Certificate changes and expiry
 * in the output and in --json, outboxctl history, remove, and the
 * readiness report of test --all --report. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cli-runner.h"
#include "outbox-test-servers.h"

#define USER     "billing@example.gr"
#define PASSWORD "Journal-S3cret-πάσ$"

static char *
port_text (OutboxTestServer *server,
           const char       *name)
{
  return g_strdup_printf ("%u", outbox_test_server_get_port (server, name));
}

static OutboxTestServer *
server_with (const char *cert)
{
  OutboxTestSmtpOptions options = { .user = USER, .password = PASSWORD, .cert = cert };

  return outbox_test_smtp_server_start (&options);
}

static void
add_tls_account (const char *name,
                 const char *port)
{
  g_autofree char *input = g_strdup_printf ("%s\n", PASSWORD);
  g_autoptr(CtlResult) add = ctl (input, "add", "--name", name, "--sender-address", USER,
                                  "--host", "127.0.0.1", "--port", port, "--security", "tls",
                                  "--timeout", "10", "--auth", "password", "--username", USER,
                                  "--password-stdin");

  g_assert_cmpint (add->status, ==, 0);
}

static void
add_plain_account (const char *name,
                   const char *port)
{
  g_autoptr(CtlResult) add = ctl (NULL, "add", "--name", name, "--sender-address", USER,
                                  "--host", "127.0.0.1", "--port", port, "--security", "none",
                                  "--timeout", "10", "--auth", "none");

  g_assert_cmpint (add->status, ==, 0);
}

/* Points the account at @server's TLS port and tests it; returns the run. */
static CtlResult *
test_against (OutboxTestServer *server,
              gboolean          json)
{
  g_autofree char *trusted = outbox_test_cert_path ("trusted");
  g_autofree char *port = port_text (server, "tls");
  g_autoptr(CtlResult) edit = ctl (NULL, "edit", "Watched", "--port", port);
  CtlResult *run;

  g_assert_cmpint (edit->status, ==, 0);
  if (json)
    run = ctl (NULL, "test", "Watched", "--ca-file", trusted, "--json");
  else
    run = ctl (NULL, "test", "Watched", "--ca-file", trusted);
  g_assert_cmpint (run->status, ==, 0);
  return run;
}

static char *
formatted_fingerprint (const char *name)
{
  g_autofree char *hex = outbox_test_cert_fingerprint (name);
  GString *out = g_string_new (NULL);

  for (guint i = 0; hex[i] && hex[i + 1]; i += 2)
    g_string_append_printf (out, "%s%c%c", i ? ":" : "", g_ascii_toupper (hex[i]),
                            g_ascii_toupper (hex[i + 1]));
  return g_string_free (out, FALSE);
}

static JsonObject *
find_notice (JsonArray  *notices,
             const char *id)
{
  for (guint i = 0; i < json_array_get_length (notices); i++)
    {
      JsonObject *notice = json_array_get_object_element (notices, i);

      if (g_str_equal (json_object_get_string_member (notice, "id"), id))
        return notice;
    }
  return NULL;
}

static void
test_certificate_watch (void)
{
  g_autofree char *server_fp = formatted_fingerprint ("server");
  g_autofree char *renewed_fp = formatted_fingerprint ("renewed");
  g_autofree char *renewed_hex = outbox_test_cert_fingerprint ("renewed");

  cli_test_setup ();
  add_tls_account ("Watched", "465");
  {
    g_autoptr(OutboxTestServer) server = server_with ("server");
    g_autoptr(CtlResult) first = test_against (server, FALSE);
    g_autoptr(CtlResult) second = test_against (server, FALSE);

    /* Same certificate twice: no notice at all. */
    g_assert_null (strstr (first->out, "Notice:"));
    g_assert_null (strstr (second->out, "Notice:"));
    g_assert_null (strstr (second->out, "Warning:"));
  }
  {
    g_autoptr(OutboxTestServer) server = server_with ("renewed");
    g_autoptr(CtlResult) renewed = test_against (server, FALSE);

    assert_line (renewed->out, "Notice: The server’s certificate was renewed");
    g_assert_nonnull (strstr (renewed->out, server_fp));
    g_assert_nonnull (strstr (renewed->out, renewed_fp));
  }
  {
    g_autoptr(OutboxTestServer) server = server_with ("other-issuer");
    g_autoptr(CtlResult) changed = test_against (server, TRUE);
    g_autoptr(JsonNode) node = parse_json (changed->out);
    JsonArray *notices = json_object_get_array_member (json_node_get_object (node), "notices");
    JsonObject *notice = find_notice (notices, "certificate-changed");

    g_assert_nonnull (notice);
    g_assert_cmpstr (json_object_get_string_member (notice, "level"), ==, "warning");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (notice, "old_certificate"),
                                                    "sha256"), ==, renewed_hex);
  }
  {
    g_autoptr(OutboxTestServer) server = server_with ("expiring");
    g_autoptr(CtlResult) expiring = test_against (server, FALSE);

    assert_line (expiring->out, "Important: The server’s certificate expires on ");
  }
  {
    g_autoptr(CtlResult) history = ctl (NULL, "history", "Watched");

    g_assert_cmpint (history->status, ==, 0);
    assert_line (history->out, "Tests of “Watched”, newest first:");
    assert_line (history->out, "  just now (");
    /* Between tests, the strong warning stays. */
    assert_line (history->out, "Important: The server’s certificate expires on ");
  }
  assert_password_nowhere (PASSWORD);
}

/* 25 tests keep the last 20; history --json parses; remove forgets. */
static void
test_history (void)
{
  g_autoptr(OutboxTestServer) server = server_with (NULL);
  g_autofree char *plain = port_text (server, "plain");
  g_autofree char *id = NULL;
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "outbox", "journal.json",
                                             NULL);
  g_autofree char *text = NULL;

  cli_test_setup ();
  add_plain_account ("Often", plain);
  add_plain_account ("Kept", plain);
  id = account_id ("Often");
  {
    g_autoptr(CtlResult) none = ctl (NULL, "history", "Often");

    g_assert_cmpint (none->status, ==, 0);
    g_assert_nonnull (strstr (none->out, "has not been tested yet"));
  }
  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(CtlResult) run = ctl (NULL, "test", "Often");
      g_assert_cmpint (run->status, ==, 0);
    }
  {
    g_autoptr(CtlResult) run = ctl (NULL, "test", "Kept");
    g_assert_cmpint (run->status, ==, 0);
  }
  {
    g_autoptr(CtlResult) history = ctl (NULL, "history", "--json", "Often");
    g_autoptr(JsonNode) node = NULL;
    JsonObject *object;
    JsonArray *entries;
    JsonObject *newest;

    g_assert_cmpint (history->status, ==, 0);
    node = parse_json (history->out);
    object = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (object, "account"), ==, "Often");
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
    entries = json_object_get_array_member (object, "history");
    g_assert_cmpuint (json_array_get_length (entries), ==, 20);
    newest = json_array_get_object_element (entries, 0);
    g_assert_true (json_object_get_boolean_member (newest, "success"));
    g_assert_nonnull (json_object_get_string_member (newest, "time"));
    g_assert_true (json_object_get_double_member (newest, "elapsed") >= 0);
    g_assert_cmpint (json_object_get_int_member (newest, "size_limit"), ==, 33554432);
    g_assert_true (json_object_get_null_member (object, "certificate"));
  }

  {
    g_autoptr(CtlResult) removed = ctl (NULL, "remove", "Often");
    g_assert_cmpint (removed->status, ==, 0);
  }
  g_assert_true (g_file_get_contents (state, &text, NULL, NULL));
  g_assert_null (strstr (text, id));
  g_assert_nonnull (strstr (text, "history"));
  {
    g_autoptr(CtlResult) kept = ctl (NULL, "history", "--json", "Kept");
    g_autoptr(JsonNode) node = parse_json (kept->out);
    JsonArray *entries = json_object_get_array_member (json_node_get_object (node), "history");

    g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  }
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* test --all --report over accounts that work and fail: JSON with every
 * account, and a page with each name and result and no network resource. */
static void
test_report (void)
{
  g_autoptr(OutboxTestServer) server = server_with ("expiring");
  g_autofree char *plain = port_text (server, "plain");
  g_autofree char *tls = port_text (server, "tls");
  g_autofree char *trusted = outbox_test_cert_path ("trusted");
  g_autofree char *json_path = g_build_filename (g_get_user_cache_dir (), "report.json", NULL);
  g_autofree char *html_path = g_build_filename (g_get_user_cache_dir (), "report.html", NULL);
  const char *names[] = { "Ledger & <Co>", "Secure", "Nobody home" };
  g_autofree char *json_text = NULL;
  g_autofree char *html = NULL;

  cli_test_setup ();
  add_plain_account (names[0], plain);
  add_tls_account (names[1], tls);
  /* Port 9 on loopback: nothing listens, the connection is refused. */
  add_plain_account (names[2], "9");

  {
    g_autoptr(CtlResult) run = ctl (NULL, "test", "--all", "--ca-file", trusted,
                                    "--report", json_path);
    g_assert_cmpint (run->status, ==, 1);
    /* The table, then the warnings under the account's name. */
    assert_line (run->out, "Secure");
    assert_line (run->out, "  Important: The server’s certificate expires on ");
  }
  {
    g_autoptr(CtlResult) run = ctl (NULL, "test", "--all", "--ca-file", trusted,
                                    "--report", html_path, "--json");
    g_autoptr(JsonNode) node = NULL;

    g_assert_cmpint (run->status, ==, 1);
    node = parse_json (run->out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 3);
  }

  json_text = read_text (json_path);
  {
    g_autoptr(JsonNode) node = parse_json (json_text);
    JsonObject *root = json_node_get_object (node);
    JsonObject *summary = json_object_get_object_member (root, "summary");
    JsonArray *accounts = json_object_get_array_member (root, "accounts");

    g_assert_cmpint (json_object_get_int_member (summary, "accounts"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (summary, "worked"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (summary, "failed"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (summary, "warnings"), >=, 1);
    g_assert_cmpuint (json_array_get_length (accounts), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *row = json_array_get_object_element (accounts, i);
        const char *name = json_object_get_string_member (row, "account");
        gboolean expected = !g_str_equal (name, "Nobody home");

        g_assert_true (g_strv_contains (names, name));
        g_assert_cmpint (json_object_get_boolean_member (row, "success"), ==, expected);
        if (!expected)
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (row, "diagnosis"),
                                                          "id"), !=, NULL);
      }
  }

  html = read_text (html_path);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_true (g_utf8_validate (html, -1, NULL));
  g_assert_nonnull (strstr (html, "Ledger &amp; &lt;Co&gt;"));
  g_assert_null (strstr (html, "<Co>"));
  g_assert_nonnull (strstr (html, "Secure"));
  g_assert_nonnull (strstr (html, "Nobody home"));
  g_assert_nonnull (strstr (html, "worked in"));
  g_assert_nonnull (strstr (html, "failed while Connecting"));
  g_assert_nonnull (strstr (html, "3 accounts tested: 2 worked, 1 failed"));
  g_assert_null (strstr (html, "http://"));
  g_assert_null (strstr (html, "https://"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "url("));

  {
    g_autoptr(CtlResult) bad = ctl (NULL, "test", "--all", "--report", "report.txt");
    g_assert_cmpint (bad->status, ==, 2);
    g_assert_nonnull (strstr (bad->err, ".json or .html"));
  }
  assert_password_nowhere (PASSWORD);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Cli/journal/certificate-watch", test_certificate_watch);
  g_test_add_func ("/Outbox/Cli/journal/history", test_history);
  g_test_add_func ("/Outbox/Cli/journal/report", test_report);

  return g_test_run ();
}
