/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of OutboxSecrets against the real gnome-keyring-daemon that
 * build-aux/test-session starts, and against a session without any. */

#include "config.h"

#include <libsecret/secret.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "outbox.h"

/* What another keyring tool sees; kept apart from the implementation on
 * purpose, so that a renamed schema or attribute fails here. */
static const SecretSchema expected_schema = {
  "io.github.outbox.Password",
  SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Fixed so that a second process (the "restarted" app) can find it. */
#define RESTART_ACCOUNT_ID "3f0e9a52-7a1c-4e43-9a57-6b0c2d8e51a0"
#define RESTART_PASSWORD   "Περιμένω-μετά-την-επανεκκίνηση-42"

#define NO_SERVICE_STORE_MESSAGE \
  "No keyring is available, so the password was not saved anywhere. " \
  "The account settings were saved without it."

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
store_password (OutboxSecrets     *secrets,
                OutboxAccount     *account,
                OutboxSecretKind   kind,
                const char        *password,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  outbox_secrets_store_async (secrets, account, kind, password, NULL, on_result, &result);
  return outbox_secrets_store_finish (secrets, wait_for (&result), error);
}

static char *
lookup_password (OutboxSecrets     *secrets,
                 const char        *account_id,
                 OutboxSecretKind   kind,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  outbox_secrets_lookup_async (secrets, account_id, kind, NULL, on_result, &result);
  return outbox_secrets_lookup_finish (secrets, wait_for (&result), error);
}

static gboolean
clear_passwords (OutboxSecrets  *secrets,
                 const char     *account_id,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  outbox_secrets_clear_async (secrets, account_id, NULL, on_result, &result);
  return outbox_secrets_clear_finish (secrets, wait_for (&result), error);
}

static OutboxAccount *
make_account (const char *id)
{
  OutboxAccount *account = id ? outbox_account_new_with_id (id) : outbox_account_new ();

  outbox_account_set_name (account, "Λογιστήριο");
  outbox_account_set_sender_address (account, "billing@example.gr");
  outbox_account_set_host (account, "127.0.0.1");
  outbox_account_set_username (account, "billing@example.gr");
  return account;
}

static void
assert_password (OutboxSecrets    *secrets,
                 const char       *account_id,
                 OutboxSecretKind  kind,
                 const char       *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = lookup_password (secrets, account_id, kind, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
}

/* The keyring items of an account as any libsecret client finds them. */
static GList *
search_items (const char *account_id,
              const char *kind)
{
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_password_search_sync (&expected_schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "account", account_id,
                                       kind ? "kind" : NULL, kind,
                                       NULL);
  g_assert_no_error (error);
  return items;
}

/* The account has exactly one item of @kind (NULL: of any kind) in the
 * keyring, and tools like Seahorse show it as @label. */
static void
assert_one_item_labelled (const char *account_id,
                          const char *kind,
                          const char *label)
{
  GList *items = search_items (account_id, kind);
  g_autofree char *shown = NULL;

  g_assert_cmpuint (g_list_length (items), ==, 1);
  shown = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (shown, ==, label);
  g_list_free_full (items, g_object_unref);
}

static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return FALSE;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_file_get_contents (path, &contents, &length, NULL) &&
           g_strstr_len (contents, length, needle) != NULL;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (tree_contains (child, needle))
        return TRUE;
    }
  return FALSE;
}

static void
assert_no_file_holds (const char *password)
{
  const char *dirs[] = {
    g_get_user_config_dir (), g_get_user_data_dir (), g_get_user_cache_dir (),
    g_get_user_state_dir (), g_get_home_dir (),
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (tree_contains (dirs[i], password))
      g_error ("A file under %s holds the password", dirs[i]);
}

static void
test_store_lookup (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(OutboxAccount) account = make_account (NULL);
  const char *id = outbox_account_get_id (account);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autofree char *collection_path = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GList) items = NULL;

  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT,
                                 "Sąskaita-Õun-Λ 7 !", &error));
  g_assert_no_error (error);
  assert_password (secrets, id, OUTBOX_SECRET_KIND_ACCOUNT, "Sąskaita-Õun-Λ 7 !");

  /* Nothing stored is no error: the app asks for the password instead. */
  assert_password (secrets, id, OUTBOX_SECRET_KIND_SMTP, NULL);
  assert_password (secrets, "no-such-account", OUTBOX_SECRET_KIND_ACCOUNT, NULL);

  /* Seahorse and other tools show a readable label. */
  items = search_items (id, "account");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "Outbox password for “Λογιστήριο”");

  /* In the default (login) keyring, not the session one that is gone after
   * logging out. */
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  collection_path = g_strconcat (g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)),
                                 "/", NULL);
  g_assert_true (SECRET_IS_ITEM (items->data));
  g_assert_true (g_str_has_prefix (g_dbus_proxy_get_object_path (items->data), collection_path));
  g_list_free_full (g_steal_pointer (&items), g_object_unref);

  g_assert_true (clear_passwords (secrets, id, &error));
  g_assert_no_error (error);
}

static void
test_kinds_are_distinct (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(OutboxAccount) account = make_account (NULL);
  const char *id = outbox_account_get_id (account);
  g_autoptr(GError) error = NULL;

  outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
  g_assert_cmpint (outbox_secret_kind_for_account (account), ==, OUTBOX_SECRET_KIND_SMTP);
  outbox_account_set_auth (account, OUTBOX_AUTH_PASSWORD);
  g_assert_cmpint (outbox_secret_kind_for_account (account), ==, OUTBOX_SECRET_KIND_ACCOUNT);

  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT, "login-pw", &error));
  g_assert_no_error (error);
  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_SMTP, "relay-pw", &error));
  g_assert_no_error (error);

  assert_password (secrets, id, OUTBOX_SECRET_KIND_ACCOUNT, "login-pw");
  assert_password (secrets, id, OUTBOX_SECRET_KIND_SMTP, "relay-pw");

  assert_one_item_labelled (id, "smtp", "Outbox SMTP password for “Λογιστήριο”");

  g_assert_true (clear_passwords (secrets, id, &error));
  g_assert_no_error (error);
}

static void
test_secret_tool_sees_items (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(OutboxAccount) account = make_account (NULL);
  const char *id = outbox_account_get_id (account);
  g_autofree char *tool = g_find_program_in_path ("secret-tool");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *all = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (tool == NULL)
    {
      g_test_skip ("secret-tool (libsecret-tools) is not installed");
      return;
    }

  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT,
                                 "tool-pw-1", &error));
  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_SMTP, "tool-pw-2", &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { tool, "search", "--all", "account", id, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT,
                                 NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  /* secret-tool prints the attributes on stderr, the rest on stdout. */
  all = g_strconcat (out, err, NULL);
  g_assert_nonnull (strstr (all, "schema = io.github.outbox.Password"));
  g_assert_nonnull (strstr (all, "attribute.kind = account"));
  g_assert_nonnull (strstr (all, "attribute.kind = smtp"));
  g_assert_nonnull (strstr (all, "label = Outbox SMTP password for “Λογιστήριο”"));

  g_assert_true (clear_passwords (secrets, id, &error));
  g_assert_no_error (error);
}

/* Runs in a new process: nothing of the first one's libsecret state is left. */
static void
restarted_lookup (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();

  assert_password (secrets, RESTART_ACCOUNT_ID, OUTBOX_SECRET_KIND_ACCOUNT, RESTART_PASSWORD);
}

static void
test_lookup_after_restart (void)
{
  g_autoptr(OutboxAccount) account = make_account (RESTART_ACCOUNT_ID);
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      restarted_lookup ();
      return;
    }

  {
    g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();

    g_assert_true (clear_passwords (secrets, RESTART_ACCOUNT_ID, &error));
    g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT,
                                   RESTART_PASSWORD, &error));
    g_assert_no_error (error);
  }

  /* A fresh object in this process, then a whole new process. */
  {
    g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();

    assert_password (secrets, RESTART_ACCOUNT_ID, OUTBOX_SECRET_KIND_ACCOUNT, RESTART_PASSWORD);
  }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  {
    g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();

    g_assert_true (clear_passwords (secrets, RESTART_ACCOUNT_ID, &error));
    g_assert_no_error (error);
  }
}

static void
test_overwrite (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(OutboxAccount) account = make_account (NULL);
  const char *id = outbox_account_get_id (account);
  g_autoptr(GError) error = NULL;

  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT,
                                 "old-password", &error));
  outbox_account_set_name (account, "Arved");
  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT,
                                 "new-password", &error));
  g_assert_no_error (error);

  assert_password (secrets, id, OUTBOX_SECRET_KIND_ACCOUNT, "new-password");

  /* Replaced, not added beside the old one. */
  assert_one_item_labelled (id, NULL, "Outbox password for “Arved”");

  g_assert_true (clear_passwords (secrets, id, &error));
  g_assert_no_error (error);
}

static void
test_clear (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(OutboxAccount) removed = make_account (NULL);
  g_autoptr(OutboxAccount) kept = make_account (NULL);
  const char *id = outbox_account_get_id (removed);
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) items = NULL;

  g_assert_true (store_password (secrets, removed, OUTBOX_SECRET_KIND_ACCOUNT, "gone-1", &error));
  g_assert_true (store_password (secrets, removed, OUTBOX_SECRET_KIND_SMTP, "gone-2", &error));
  g_assert_true (store_password (secrets, kept, OUTBOX_SECRET_KIND_ACCOUNT, "still-here", &error));
  g_assert_no_error (error);

  g_assert_true (clear_passwords (secrets, id, &error));
  g_assert_no_error (error);

  assert_password (secrets, id, OUTBOX_SECRET_KIND_ACCOUNT, NULL);
  assert_password (secrets, id, OUTBOX_SECRET_KIND_SMTP, NULL);
  items = search_items (id, NULL);
  g_assert_null (items);

  /* Another account's password is untouched. */
  assert_password (secrets, outbox_account_get_id (kept), OUTBOX_SECRET_KIND_ACCOUNT, "still-here");

  /* Clearing an account with nothing stored is not an error. */
  g_assert_true (clear_passwords (secrets, id, &error));
  g_assert_no_error (error);
  g_assert_true (clear_passwords (secrets, outbox_account_get_id (kept), &error));
  g_assert_no_error (error);
}

static void
test_no_password_in_files (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(OutboxAccount) account = make_account (NULL);
  const char *session = g_getenv ("OUTBOX_TEST_SESSION_DIR");
  const char *password = "Uniq-Παράδειγμα-9f2c1d";
  g_autoptr(GError) error = NULL;

  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT, password, &error));
  g_assert_true (store_password (secrets, account, OUTBOX_SECRET_KIND_SMTP, password, &error));
  g_assert_no_error (error);
  assert_password (secrets, outbox_account_get_id (account), OUTBOX_SECRET_KIND_SMTP, password);

  assert_no_file_holds (password);

  /* The keyring's own file, written by the daemon, is encrypted. */
  if (session != NULL)
    {
      g_autofree char *keyrings = g_build_filename (session, "data", "keyrings", NULL);

      g_assert_true (g_file_test (keyrings, G_FILE_TEST_IS_DIR));
      g_assert_false (tree_contains (keyrings, password));
    }

  g_assert_true (clear_passwords (secrets, outbox_account_get_id (account), &error));
  g_assert_no_error (error);
}

/* Store, look up and clear in a session where nobody provides the Secret
 * Service; every call must say so plainly, and nothing may land on disk. */
static void
assert_no_service (void)
{
  g_autoptr(OutboxSecrets) secrets = outbox_secrets_new ();
  g_autoptr(OutboxAccount) account = make_account (NULL);
  const char *password = "never-on-disk-5e8a";
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_false (store_password (secrets, account, OUTBOX_SECRET_KIND_ACCOUNT, password, &error));
  g_assert_error (error, OUTBOX_SECRETS_ERROR, OUTBOX_SECRETS_ERROR_NO_SERVICE);
  g_assert_cmpstr (error->message, ==, NO_SERVICE_STORE_MESSAGE);
  g_clear_error (&error);

  found = lookup_password (secrets, outbox_account_get_id (account),
                           OUTBOX_SECRET_KIND_ACCOUNT, &error);
  g_assert_null (found);
  g_assert_error (error, OUTBOX_SECRETS_ERROR, OUTBOX_SECRETS_ERROR_NO_SERVICE);
  g_assert_null (strstr (error->message, password));
  g_clear_error (&error);

  g_assert_false (clear_passwords (secrets, outbox_account_get_id (account), &error));
  g_assert_error (error, OUTBOX_SECRETS_ERROR, OUTBOX_SECRETS_ERROR_NO_SERVICE);

  assert_no_file_holds (password);
}

static void
test_no_session_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *socket = g_build_filename (g_get_user_runtime_dir (), "no-such-bus", NULL);
      g_autofree char *address = g_strconcat ("unix:path=", socket, NULL);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      assert_no_service ();
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A bus of our own without any service files, so that nothing can be
 * activated as org.freedesktop.secrets (the system's session configuration
 * would start gnome-keyring). */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:dir=%s</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

/* The bus must not outlive this process, even when an assertion aborts it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
test_no_secret_service (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *address = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_runtime_dir (), 0700), ==, 0);
  config = g_strdup_printf (bus_config, g_get_user_runtime_dir ());
  config_path = g_build_filename (g_get_user_runtime_dir (), "bus.conf", NULL);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  daemon = g_subprocess_launcher_spawn (launcher, &error,
                                        "dbus-daemon", "--nofork", "--print-address=1",
                                        "--config-file", config_path, NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (daemon));
  address = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  assert_no_service ();

  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Secrets/store-lookup", test_store_lookup);
  g_test_add_func ("/Outbox/Secrets/kinds-distinct", test_kinds_are_distinct);
  g_test_add_func ("/Outbox/Secrets/secret-tool", test_secret_tool_sees_items);
  g_test_add_func ("/Outbox/Secrets/lookup-after-restart", test_lookup_after_restart);
  g_test_add_func ("/Outbox/Secrets/overwrite", test_overwrite);
  g_test_add_func ("/Outbox/Secrets/clear", test_clear);
  g_test_add_func ("/Outbox/Secrets/no-password-in-files", test_no_password_in_files);
  g_test_add_func ("/Outbox/Secrets/no-session-bus", test_no_session_bus);
  g_test_add_func ("/Outbox/Secrets/no-secret-service", test_no_secret_service);

  return g_test_run ();
}
