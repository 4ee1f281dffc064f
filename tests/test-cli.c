/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End-to-end tests of outboxctl: the real program, run as a user would, on
 * a temporary configuration and the test session's real keyring. */

#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-runner.h"

static void
test_help (void)
{
  static const char * const commands[] = {
    "list", "show", "add", "edit", "remove", "export", "import",
  };
  g_autoptr(CtlResult) help = NULL;
  g_autoptr(CtlResult) version = NULL;
  g_autoptr(CtlResult) none = NULL;
  g_autoptr(CtlResult) unknown = NULL;

  cli_test_setup ();
  help = ctl (NULL, "--help");
  g_assert_cmpint (help->status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", commands[i]);
      g_autoptr(CtlResult) command_help = ctl (NULL, commands[i], "--help");
      g_autofree char *usage = g_strdup_printf ("outboxctl %s [OPTION…]", commands[i]);

      g_assert_nonnull (strstr (help->out, line));
      g_assert_cmpint (command_help->status, ==, 0);
      g_assert_nonnull (strstr (command_help->out, usage));
      g_assert_nonnull (strstr (command_help->out, "Exit status"));
    }

  /* No option takes the password as its value. */
  {
    g_autoptr(CtlResult) add_help = ctl (NULL, "add", "--help");

    g_assert_nonnull (strstr (add_help->out, "--password-stdin"));
    g_assert_null (strstr (add_help->out, "--password="));
    g_assert_null (strstr (add_help->out, "--password "));
  }

  version = ctl (NULL, "--version");
  g_assert_cmpint (version->status, ==, 0);
  g_assert_cmpstr (version->out, ==, "outboxctl " PACKAGE_VERSION "\n");

  none = ctl (NULL, "--no-such-option");
  g_assert_cmpint (none->status, ==, 2);
  unknown = ctl (NULL, "frobnicate");
  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
}

/* Three accounts in the seeds' languages, covering every field and every
 * choice of security and sign-in. */
static void
add_sample_accounts (void)
{
  g_autoptr(CtlResult) greek = NULL;
  g_autoptr(CtlResult) lithuanian = NULL;
  g_autoptr(CtlResult) estonian = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  greek = ctl (NULL, "add", "--json", "--no-password",
               "--name", "Λογιστήριο", "--sender-name", "Γιώργος Παπαδόπουλος",
               "--sender-address", "billing@example.gr", "--reply-to", "replies@example.gr",
               "--host", "smtp.παράδειγμα.ελ ", "--username", "billing@example.gr");
  g_assert_cmpint (greek->status, ==, 0);
  node = parse_json (greek->out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Λογιστήριο");
  g_assert_cmpstr (json_object_get_string_member (object, "host"), ==,
                   "smtp.xn--hxajbheg2az3al.xn--qxam");
  g_assert_cmpint (json_object_get_int_member (object, "port"), ==, 587);
  g_assert_cmpstr (json_object_get_string_member (object, "security"), ==, "starttls");
  g_assert_false (json_object_get_boolean_member (object, "password_stored"));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (object, "id")));

  lithuanian = ctl (NULL, "add", "--no-password",
                    "--name", "Sąskaitos faktūros", "--sender-name", "Jonas Žemaitis",
                    "--sender-address", "saskaitos@žemaitis.lt", "--host", "mail.žemaitis.lt",
                    "--security", "tls", "--port", "2465", "--timeout", "120",
                    "--auth", "separate", "--username", "jonas",
                    "--smtp-username", "smtp-jonas",
                    "--pinned-certificate-sha256",
                    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
  g_assert_cmpint (lithuanian->status, ==, 0);

  estonian = ctl (NULL, "add", "--name", "Müük ja arveldus", "--sender-name", "Tõnu Õun",
                  "--sender-address", "arved@näide.ee", "--host", "127.0.0.1",
                  "--security", "none", "--auth", "none");
  g_assert_cmpint (estonian->status, ==, 0);
  g_assert_nonnull (strstr (estonian->out, "Müük ja arveldus"));
}

static void
test_round_trip (void)
{
  g_autoptr(CtlResult) list = NULL;
  g_autoptr(CtlResult) list_json = NULL;
  g_autoptr(CtlResult) show = NULL;
  g_autoptr(CtlResult) show_by_id = NULL;
  g_autoptr(CtlResult) exported = NULL;
  g_autoptr(CtlResult) exported_to_stdout = NULL;
  g_autoptr(CtlResult) imported = NULL;
  g_autoptr(CtlResult) exported_again = NULL;
  g_autoptr(CtlResult) list_again = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  g_autoptr(JsonNode) show_node = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *export_path = g_build_filename (g_get_user_cache_dir (), "export.json", NULL);
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *other_config = g_build_filename (g_get_user_cache_dir (), "other-config", NULL);
  JsonArray *array;
  JsonObject *lithuanian;

  cli_test_setup ();
  add_sample_accounts ();

  list = ctl (NULL, "list");
  g_assert_cmpint (list->status, ==, 0);
  g_assert_nonnull (strstr (list->out, "Λογιστήριο"));
  g_assert_nonnull (strstr (list->out, "Sąskaitos faktūros"));
  g_assert_nonnull (strstr (list->out, "Müük ja arveldus"));
  /* Host names read in their own script, not as punycode. */
  g_assert_nonnull (strstr (list->out, "smtp.παράδειγμα.ελ:587"));

  list_json = ctl (NULL, "list", "--json");
  g_assert_cmpint (list_json->status, ==, 0);
  list_node = parse_json (list_json->out);
  array = json_node_get_array (list_node);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  lithuanian = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (lithuanian, "name"), ==, "Sąskaitos faktūros");
  g_assert_cmpstr (json_object_get_string_member (lithuanian, "sender_name"), ==,
                   "Jonas Žemaitis");
  g_assert_cmpstr (json_object_get_string_member (lithuanian, "security"), ==, "tls");
  g_assert_cmpint (json_object_get_int_member (lithuanian, "port"), ==, 2465);
  g_assert_cmpint (json_object_get_int_member (lithuanian, "timeout"), ==, 120);
  g_assert_cmpstr (json_object_get_string_member (lithuanian, "auth"), ==, "separate");
  g_assert_cmpstr (json_object_get_string_member (lithuanian, "smtp_username"), ==, "smtp-jonas");
  g_assert_cmpstr (json_object_get_string_member (lithuanian, "pinned_certificate_sha256"), ==,
                   "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");

  /* show finds an account by name (ignoring case) and by id, and says
   * the same as list. */
  show = ctl (NULL, "show", "--json", "SĄSKAITOS FAKTŪROS");
  g_assert_cmpint (show->status, ==, 0);
  show_node = parse_json (show->out);
  g_assert_true (json_object_has_member (json_node_get_object (show_node), "password_stored"));
  json_object_remove_member (json_node_get_object (show_node), "password_stored");
  g_assert_true (json_node_equal (show_node, json_array_get_element (array, 1)));
  show_by_id = ctl (NULL, "show", json_object_get_string_member (lithuanian, "id"));
  g_assert_cmpint (show_by_id->status, ==, 0);
  g_assert_nonnull (strstr (show_by_id->out, "Jonas Žemaitis"));
  g_assert_nonnull (strstr (show_by_id->out, "2465"));

  exported = ctl (NULL, "export", export_path);
  g_assert_cmpint (exported->status, ==, 0);
  g_assert_true (g_file_get_contents (export_path, &first_text, NULL, NULL));
  exported_to_stdout = ctl (NULL, "export", "-");
  g_assert_cmpstr (exported_to_stdout->out, ==, first_text);

  /* Import into an empty configuration: the same accounts, to the byte. */
  cli_use_config_dir (g_steal_pointer (&other_config));
  list_again = ctl (NULL, "list", "--json");
  assert_no_accounts (list_again);
  imported = ctl (NULL, "import", export_path);
  g_assert_cmpint (imported->status, ==, 0);
  exported_again = ctl (NULL, "export", "-");
  g_assert_cmpint (exported_again->status, ==, 0);
  second_text = g_strdup (exported_again->out);

  first = parse_json (first_text);
  second = parse_json (second_text);
  g_assert_true (json_node_equal (first, second));
  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (second), "accounts")), ==, 3);
}

static void
test_validation (void)
{
  g_autoptr(CtlResult) bad = NULL;
  g_autoptr(CtlResult) bad_choice = NULL;
  g_autoptr(CtlResult) list = NULL;
  g_autoptr(CtlResult) good = NULL;
  g_autoptr(CtlResult) bad_edit = NULL;
  g_autoptr(CtlResult) show = NULL;
  g_autoptr(CtlResult) duplicate = NULL;
  g_autoptr(CtlResult) moved = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "outbox", "accounts.json",
                                            NULL);

  cli_test_setup ();
  bad = ctl (NULL, "add", "--name", "", "--sender-address", "a@b\r\nBcc: x@y",
             "--host", "smtp .example.com", "--port", "70000", "--timeout", "2",
             "--reply-to", "two@example.lt three@example.lt");
  g_assert_cmpint (bad->status, ==, 2);
  assert_line (bad->err, "name: ");
  assert_line (bad->err, "sender-address: ");
  assert_line (bad->err, "reply-to: ");
  assert_line (bad->err, "host: A server name cannot contain spaces.");
  assert_line (bad->err, "port: ");
  assert_line (bad->err, "timeout: ");
  assert_line (bad->err, "username: ");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  bad_choice = ctl (NULL, "add", "--name", "x", "--sender-address", "x@example.com",
                    "--host", "smtp.example.com", "--auth", "none",
                    "--security", "ssl", "--port", "five");
  g_assert_cmpint (bad_choice->status, ==, 2);
  assert_line (bad_choice->err, "security: ");
  assert_line (bad_choice->err, "port: Must be a whole number");

  list = ctl (NULL, "list", "--json");
  assert_no_accounts (list);

  /* Surrounding spaces of a host are dropped, not an error. */
  good = ctl (NULL, "add", "--name", "Invoices", "--sender-address", "billing@example.com",
              "--host", "smtp.example.com ", "--auth", "none");
  g_assert_cmpint (good->status, ==, 0);

  bad_edit = ctl (NULL, "edit", "Invoices", "--port", "0", "--host", "smtp .example.com");
  g_assert_cmpint (bad_edit->status, ==, 2);
  assert_line (bad_edit->err, "port: ");
  assert_line (bad_edit->err, "host: ");

  duplicate = ctl (NULL, "add", "--name", "invoices", "--sender-address", "x@example.com",
                   "--host", "smtp.example.com", "--auth", "none");
  g_assert_cmpint (duplicate->status, ==, 2);
  assert_line (duplicate->err, "name: ");

  /* A port left at its default follows the security. */
  moved = ctl (NULL, "edit", "Invoices", "--security", "tls");
  g_assert_cmpint (moved->status, ==, 0);

  show = ctl (NULL, "show", "--json", "Invoices");
  node = parse_json (show->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "host"), ==,
                   "smtp.example.com");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "port"), ==, 465);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (node),
                                                  "password_stored"));
}

/* An unknown account is a failure (1), not a usage error: the command was
 * well formed, the account just is not there. */
static void
test_unknown_account (void)
{
  static const char * const commands[] = { "show", "edit", "remove" };

  cli_test_setup ();
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(CtlResult) result = NULL;

      if (g_str_equal (commands[i], "edit"))
        result = ctl (NULL, commands[i], "Ανύπαρκτο", "--port", "25");
      else
        result = ctl (NULL, commands[i], "Ανύπαρκτο");
      g_assert_cmpint (result->status, ==, 1);
      g_assert_nonnull (strstr (result->err, "“Ανύπαρκτο”"));
    }
}

static void
test_password_stdin (void)
{
  /* Non-ASCII and spaces: the password is passed on exactly. */
  const char *password = "Tr0ub4dor & 3 σκύλος";
  const char *smtp_password = "second-login-Ž7q";
  g_autoptr(CtlResult) added = NULL;
  g_autoptr(CtlResult) show = NULL;
  g_autoptr(CtlResult) edited = NULL;
  g_autoptr(CtlResult) on_command_line = NULL;
  g_autoptr(CtlResult) removed = NULL;
  g_autoptr(CtlResult) list = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *stored_smtp = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  g_autofree char *smtp_input = g_strdup_printf ("%s\r\n", smtp_password);
  g_autofree char *argument = g_strdup_printf ("--password=%s", password);

  cli_test_setup ();
  added = ctl (input, "add", "--json", "--password-stdin",
               "--name", "Αποστολές", "--sender-address", "info@example.gr",
               "--host", "smtp.example.gr", "--username", "info@example.gr");
  g_assert_cmpint (added->status, ==, 0);
  node = parse_json (added->out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "password_stored"));
  id = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));

  stored = keyring_lookup (id, "account");
  g_assert_cmpstr (stored, ==, password);

  show = ctl (NULL, "show", "Αποστολές");
  g_assert_cmpint (show->status, ==, 0);
  g_assert_nonnull (strstr (show->out, "stored in the keyring"));

  /* A separate SMTP login gets its own password (kind "smtp"). */
  edited = ctl (smtp_input, "edit", id, "--auth", "separate", "--smtp-username", "relay",
                "--password-stdin");
  g_assert_cmpint (edited->status, ==, 0);
  stored_smtp = keyring_lookup (id, "smtp");
  g_assert_cmpstr (stored_smtp, ==, smtp_password);

  /* A password given as an argument is refused, and not repeated back. */
  on_command_line = ctl (NULL, "edit", id, argument);
  g_assert_cmpint (on_command_line->status, ==, 2);
  g_assert_nonnull (strstr (on_command_line->err, "--password-stdin"));

  assert_password_nowhere (password);
  assert_password_nowhere (smtp_password);

  removed = ctl (NULL, "remove", "Αποστολές");
  g_assert_cmpint (removed->status, ==, 0);
  g_assert_null (keyring_lookup (id, "account"));
  g_assert_null (keyring_lookup (id, "smtp"));
  list = ctl (NULL, "list", "--json");
  assert_no_accounts (list);
}

static void
test_password_input_errors (void)
{
  g_autoptr(CtlResult) empty = NULL;
  g_autoptr(CtlResult) no_login = NULL;
  g_autoptr(CtlResult) list = NULL;

  cli_test_setup ();
  empty = ctl ("", "add", "--password-stdin", "--name", "A", "--sender-address", "a@example.com",
               "--host", "smtp.example.com", "--username", "a");
  g_assert_cmpint (empty->status, ==, 2);
  assert_line (empty->err, "password: ");

  no_login = ctl ("pw\n", "add", "--password-stdin", "--auth", "none", "--name", "A",
                  "--sender-address", "a@example.com", "--host", "smtp.example.com");
  g_assert_cmpint (no_login->status, ==, 2);

  list = ctl (NULL, "list", "--json");
  assert_no_accounts (list);
}

/* Reads @stream until @text has arrived. */
static void
read_until (GInputStream *stream,
            GString      *seen,
            const char   *text)
{
  while (strstr (seen->str, text) == NULL)
    {
      char c;
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (stream, &c, 1, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        g_error ("outboxctl ended before printing “%s”; it printed:\n%s", text, seen->str);
      g_string_append_c (seen, c);
    }
}

static void
test_password_prompt (void)
{
  const char *password = "typed-not-shown-4e1f";
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(CtlResult) result = NULL;
  g_autoptr(GString) prompts = g_string_new (NULL);
  g_autoptr(GString) echoed = g_string_new (NULL);
  g_autofree char *line = g_strdup_printf ("%s\n", password);
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  int master;
  int slave;
  char buffer[256];
  ssize_t n;

  cli_test_setup ();
  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);

  /* Standard input is a terminal: add asks, twice, with echo off. */
  g_subprocess_launcher_take_stdin_fd (launcher, slave);
  process = spawn_ctl (launcher, (const char *[]) {
    "add", "--name", "Prompted", "--sender-address", "p@example.ee",
    "--host", "smtp.example.ee", "--username", "p@example.ee", NULL });
  g_clear_object (&launcher);

  read_until (g_subprocess_get_stderr_pipe (process), prompts, "Password for p@example.ee:");
  g_assert_cmpint (write (master, line, strlen (line)), ==, (ssize_t)strlen (line));
  read_until (g_subprocess_get_stderr_pipe (process), prompts, "again:");
  g_assert_cmpint (write (master, line, strlen (line)), ==, (ssize_t)strlen (line));
  result = finish_ctl (process, NULL);
  cli_transcript_append (prompts->str);
  g_assert_cmpint (result->status, ==, 0);

  /* What the terminal showed: the newlines, never the password. */
  g_assert_cmpint (fcntl (master, F_SETFL, O_NONBLOCK), ==, 0);
  while ((n = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (echoed, buffer, n);
  close (master);
  g_test_message ("terminal showed: %s", echoed->str);
  g_assert_null (strstr (echoed->str, password));

  id = account_id ("Prompted");
  stored = keyring_lookup (id, "account");
  g_assert_cmpstr (stored, ==, password);
  assert_password_nowhere (password);
}

/* Without a Secret Service the account is still saved, the password is
 * not written anywhere, and the user is told. */
static void
test_no_keyring (void)
{
  const char *password = "never-on-disk-91c3";
  g_autofree char *socket = g_build_filename (g_get_user_cache_dir (), "no-such-bus", NULL);
  g_autofree char *address = g_strdup_printf ("DBUS_SESSION_BUS_ADDRESS=unix:path=%s", socket);
  const char *env[] = { address, NULL };
  g_autoptr(CtlResult) added = NULL;
  g_autoptr(CtlResult) list = NULL;
  g_autoptr(CtlResult) relay = NULL;
  g_autoptr(CtlResult) removed_relay = NULL;
  g_autoptr(CtlResult) removed = NULL;
  g_autoptr(CtlResult) list_after = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", password);

  cli_test_setup ();
  added = run_ctl_env (env, input, (const char *[]) {
    "add", "--password-stdin", "--name", "Offline", "--sender-address", "o@example.com",
    "--host", "smtp.example.com", "--username", "o@example.com", NULL });
  g_assert_cmpint (added->status, ==, 1);
  g_assert_nonnull (strstr (added->err, "was saved, but not its password"));

  list = ctl (NULL, "list");
  g_assert_nonnull (strstr (list->out, "Offline"));
  assert_password_nowhere (password);

  /* Removing says plainly what could not be done; an account without
   * sign-in has nothing in a keyring to remove. */
  relay = run_ctl_env (env, NULL, (const char *[]) {
    "add", "--name", "Relay", "--sender-address", "r@example.com", "--host", "127.0.0.1",
    "--security", "none", "--auth", "none", NULL });
  g_assert_cmpint (relay->status, ==, 0);
  removed_relay = run_ctl_env (env, NULL, (const char *[]) { "remove", "Relay", NULL });
  g_assert_cmpint (removed_relay->status, ==, 0);
  removed = run_ctl_env (env, NULL, (const char *[]) { "remove", "Offline", NULL });
  g_assert_cmpint (removed->status, ==, 1);
  g_assert_nonnull (strstr (removed->err, "was removed, but its password could not"));
  list_after = ctl (NULL, "list", "--json");
  assert_no_accounts (list_after);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_import_refuses_bad_file (void)
{
  static const char bad_file[] =
    "{ \"version\": 1, \"accounts\": [\n"
    "  { \"id\": \"9b2f3c1e-1111-4a4a-9c9c-000000000001\", \"name\": \"Λογιστήριο\",\n"
    "    \"sender_address\": \"billing@example.gr\", \"host\": \"mail.example.gr\",\n"
    "    \"port\": 587, \"security\": \"starttls\", \"auth\": \"none\" },\n"
    "  { \"name\": \"Arved\", \"sender_address\": \"arved@example.ee\",\n"
    "    \"host\": \"smtp.example.ee\", \"port\": \"587\", \"auth\": \"none\" },\n"
    "  { \"name\": \"Sąskaitos\", \"sender_address\": \"a@b\\r\\nBcc: x@y\",\n"
    "    \"host\": \"smtp .example.lt\", \"timeout\": 9000, \"auth\": \"none\" },\n"
    "  { \"name\": \"λογιστήριο\", \"sender_address\": \"b@example.gr\",\n"
    "    \"host\": \"mail.example.gr\", \"auth\": \"none\" }\n"
    "] }\n";
  static const char good_file[] =
    "{ \"version\": 1, \"accounts\": [\n"
    "  { \"name\": \"Existing\", \"sender_address\": \"e@example.com\",\n"
    "    \"host\": \"mail.example.com\", \"auth\": \"none\" } ] }\n";
  g_autofree char *bad_path = g_build_filename (g_get_user_cache_dir (), "bad.json", NULL);
  g_autofree char *good_path = g_build_filename (g_get_user_cache_dir (), "good.json", NULL);
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "outbox", "accounts.json",
                                              NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(CtlResult) refused = NULL;
  g_autoptr(CtlResult) list = NULL;
  g_autoptr(CtlResult) imported = NULL;
  g_autoptr(CtlResult) again = NULL;
  g_autoptr(CtlResult) not_json = NULL;

  cli_test_setup ();
  write_file (bad_path, bad_file);
  refused = ctl (NULL, "import", bad_path);
  g_assert_cmpint (refused->status, ==, 2);
  assert_line (refused->err, "account 2 (“Arved”): port: ");
  assert_line (refused->err, "account 3 (“Sąskaitos”): sender_address: ");
  assert_line (refused->err, "account 3 (“Sąskaitos”): host: ");
  assert_line (refused->err, "account 3 (“Sąskaitos”): timeout: ");
  assert_line (refused->err, "account 4 (“λογιστήριο”): name: ");
  g_assert_null (strstr (refused->err, "account 1 "));
  g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
  list = ctl (NULL, "list", "--json");
  assert_no_accounts (list);

  /* Into a configuration that already has accounts: a clash leaves the
   * file exactly as it was. */
  write_file (good_path, good_file);
  imported = ctl (NULL, "import", good_path);
  g_assert_cmpint (imported->status, ==, 0);
  g_assert_true (g_file_get_contents (config, &before, NULL, NULL));
  again = ctl (NULL, "import", good_path);
  g_assert_cmpint (again->status, ==, 2);
  assert_line (again->err, "account 1 (“Existing”): name: ");
  not_json = ctl ("{ \"accounts\": [", "import", "-");
  g_assert_cmpint (not_json->status, ==, 2);
  g_assert_true (g_file_get_contents (config, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Cli/help", test_help);
  g_test_add_func ("/Outbox/Cli/round-trip", test_round_trip);
  g_test_add_func ("/Outbox/Cli/validation", test_validation);
  g_test_add_func ("/Outbox/Cli/unknown-account", test_unknown_account);
  g_test_add_func ("/Outbox/Cli/password-stdin", test_password_stdin);
  g_test_add_func ("/Outbox/Cli/password-input-errors", test_password_input_errors);
  g_test_add_func ("/Outbox/Cli/password-prompt", test_password_prompt);
  g_test_add_func ("/Outbox/Cli/no-keyring", test_no_keyring);
  g_test_add_func ("/Outbox/Cli/import-refuses-bad-file", test_import_refuses_bad_file);

  return g_test_run ();
}
