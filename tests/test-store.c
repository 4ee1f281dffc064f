/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of OutboxAccountStore against real files: round trips, unknown keys,
 * broken and newer files left untouched, other writers, crash safety. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outbox.h"

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "outbox", "accounts.json", NULL);
}

static void
write_config (const char *contents)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static char *
read_config (gsize *length)
{
  g_autofree char *path = config_path ();
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

static OutboxAccount *
make_account (const char *name,
              const char *address)
{
  OutboxAccount *account = outbox_account_new ();

  outbox_account_set_name (account, name);
  outbox_account_set_sender_address (account, address);
  outbox_account_set_host (account, "mail.example.gr");
  outbox_account_set_username (account, address);
  return account;
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
load_async (OutboxAccountStore  *store,
            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  outbox_account_store_load_async (store, NULL, store_result_cb, &result);
  wait_for (&result);
  return outbox_account_store_load_finish (store, result, error);
}

static gboolean
save_async (OutboxAccountStore  *store,
            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  outbox_account_store_save_async (store, NULL, store_result_cb, &result);
  wait_for (&result);
  return outbox_account_store_save_finish (store, result, error);
}

static void
test_missing_file_is_empty (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (load_async (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (outbox_account_store_get_read_only (store));
}

static void
test_round_trip (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccountStore) again = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = make_account ("Λογιστήριο", "billing@example.gr");
  g_autoptr(OutboxAccount) second = make_account ("Sąskaitos", "saskaitos@pavyzdys.lt");
  g_autoptr(OutboxAccount) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = config_path ();
  GStatBuf st;

  outbox_account_set_sender_name (account, "Γιώργος Παπαδόπουλος");
  outbox_account_set_reply_to (account, "replies@example.gr");
  outbox_account_set_security (account, OUTBOX_SECURITY_TLS);
  outbox_account_set_port (account, 2465);
  outbox_account_set_timeout (account, 45);
  outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
  outbox_account_set_smtp_username (account, "relay@example.gr");
  outbox_account_set_pinned_certificate_sha256 (account,
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  outbox_account_set_security (second, OUTBOX_SECURITY_NONE);
  outbox_account_set_auth (second, OUTBOX_AUTH_NONE);

  g_assert_true (load_async (store, &error));
  g_assert_true (outbox_account_store_add (store, account, &error));
  g_assert_true (outbox_account_store_add (store, second, &error));
  g_assert_no_error (error);
  g_assert_true (save_async (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (load_async (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_true (outbox_account_equal (account, loaded));
  g_clear_object (&loaded);
  loaded = g_list_model_get_item (G_LIST_MODEL (again), 1);
  g_assert_true (outbox_account_equal (second, loaded));
  g_assert_cmpuint (outbox_account_get_port (loaded), ==, 25);
}

static void
test_unknown_keys_survive (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *saved = NULL;
  JsonObject *root, *first;

  write_config ("{ \"version\": 1, \"future_top\": {\"a\": [1, 2]},\n"
                "  \"accounts\": [ { \"id\": \"6f1c\", \"name\": \"Invoices\",\n"
                "    \"sender_address\": \"billing@example.gr\", \"host\": \"mail.example.gr\",\n"
                "    \"port\": 587, \"security\": \"starttls\", \"auth\": \"none\",\n"
                "    \"xoauth2_provider\": \"later\", \"color\": 7 } ] }");

  g_assert_true (load_async (store, &error));
  g_assert_no_error (error);
  account = g_list_model_get_item (G_LIST_MODEL (store), 0);
  outbox_account_set_name (account, "Invoices 2");
  g_assert_true (outbox_account_store_update (store, account, &error));
  g_assert_true (save_async (store, &error));
  g_assert_no_error (error);

  saved = read_config (NULL);
  g_assert_true (json_parser_load_from_data (parser, saved, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "future_top"));
  first = json_array_get_object_element (json_object_get_array_member (root, "accounts"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "xoauth2_provider"), ==, "later");
  g_assert_cmpint (json_object_get_int_member (first, "color"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Invoices 2");
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "6f1c");
}

static void
assert_broken_file_untouched (const char *contents,
                              gint        expected_code)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = make_account ("New", "new@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gsize length;

  write_config (contents);

  g_assert_false (load_async (store, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, expected_code);
  /* The message names the file and says it was kept. */
  g_assert_nonnull (strstr (error->message, "accounts.json"));
  g_clear_error (&error);
  g_assert_true (outbox_account_store_get_read_only (store));

  /* Adding and saving must not overwrite what could not be read. */
  outbox_account_store_add (store, account, NULL);
  g_assert_false (save_async (store, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (outbox_account_store_save (store, NULL, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_READ_ONLY);

  after = read_config (&length);
  g_assert_cmpuint (length, ==, strlen (contents));
  g_assert_cmpmem (after, length, contents, strlen (contents));
}

static void
test_corrupt_file_untouched (void)
{
  assert_broken_file_untouched ("{ \"version\": 1, \"accounts\": [ { \"name\": ", OUTBOX_STORE_ERROR_PARSE);
}

static void
test_invalid_utf8_untouched (void)
{
  assert_broken_file_untouched ("{ \"version\": 1, \"accounts\": [ { \"name\": \"\xff\xfe\" } ] }",
                                OUTBOX_STORE_ERROR_PARSE);
}

static void
test_wrong_types_untouched (void)
{
  assert_broken_file_untouched ("{ \"version\": 1, \"accounts\": [ { \"name\": \"A\", \"port\": \"587\" } ] }",
                                OUTBOX_STORE_ERROR_PARSE);
  assert_broken_file_untouched ("{ \"version\": 1, \"accounts\": [ { \"name\": 5 } ] }",
                                OUTBOX_STORE_ERROR_PARSE);
  assert_broken_file_untouched ("{ \"version\": 1, \"accounts\": [ { \"security\": \"ssl\" } ] }",
                                OUTBOX_STORE_ERROR_PARSE);
  assert_broken_file_untouched ("{ \"version\": 1, \"accounts\": {} }", OUTBOX_STORE_ERROR_PARSE);
  assert_broken_file_untouched ("{ \"version\": 1 }", OUTBOX_STORE_ERROR_PARSE);
  assert_broken_file_untouched ("[1, 2, 3]", OUTBOX_STORE_ERROR_PARSE);
  assert_broken_file_untouched ("", OUTBOX_STORE_ERROR_PARSE);
}

static void
test_duplicate_ids_untouched (void)
{
  assert_broken_file_untouched ("{ \"version\": 1, \"accounts\": [ { \"id\": \"x\", \"name\": \"A\" },"
                                " { \"id\": \"x\", \"name\": \"B\" } ] }",
                                OUTBOX_STORE_ERROR_DUPLICATE);
}

static void
test_huge_sparse_file (void)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  FILE *f;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  f = fopen (path, "w");
  g_assert_nonnull (f);
  /* 4 GiB that take no disk space. */
  g_assert_cmpint (fseeko (f, (off_t)4 * 1024 * 1024 * 1024, SEEK_SET), ==, 0);
  fputc ('}', f);
  fclose (f);

  g_assert_false (load_async (store, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_TOO_LARGE);
  g_assert_true (outbox_account_store_get_read_only (store));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, (goffset)4 * 1024 * 1024 * 1024 + 1);
}

static void
start_over_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_start_over_keeps_broken_file (void)
{
  const char *broken = "{ this is not json";
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = make_account ("Fresh", "fresh@example.ee");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_contents = NULL;

  write_config (broken);
  g_assert_false (load_async (store, &error));
  g_clear_error (&error);

  outbox_account_store_start_over_async (store, NULL, start_over_cb, &result);
  wait_for (&result);
  kept = outbox_account_store_start_over_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kept, "accounts.json.broken-"));
  g_assert_true (g_file_get_contents (kept, &kept_contents, NULL, NULL));
  g_assert_cmpstr (kept_contents, ==, broken);

  g_assert_false (outbox_account_store_get_read_only (store));
  g_assert_true (outbox_account_store_add (store, account, &error));
  g_assert_true (save_async (store, &error));
  g_assert_no_error (error);
}

static void
test_newer_version_read_only (void)
{
  const char *newer = "{ \"version\": 2, \"accounts\": [ { \"id\": \"a\", \"name\": \"Future\","
                      " \"sender_address\": \"f@example.com\", \"host\": \"smtp.example.com\","
                      " \"auth\": \"none\" } ] }";
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  write_config (newer);
  g_assert_true (load_async (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (outbox_account_store_get_read_only (store));
  g_assert_nonnull (strstr (outbox_account_store_get_read_only_reason (store), "newer version"));

  g_assert_false (save_async (store, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_READ_ONLY);
  after = read_config (NULL);
  g_assert_cmpstr (after, ==, newer);
}

static void
test_changed_on_disk (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) account = make_account ("Mine", "mine@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *theirs = "{ \"version\": 1, \"accounts\": [] , \"edited_by\": \"someone\" }";

  write_config ("{ \"version\": 1, \"accounts\": [] }");
  g_assert_true (load_async (store, &error));

  write_config (theirs);
  g_assert_true (outbox_account_store_add (store, account, &error));
  g_assert_false (save_async (store, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_CHANGED_ON_DISK);
  after = read_config (NULL);
  g_assert_cmpstr (after, ==, theirs);
}

static void
test_saves_in_a_row (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccountStore) again = outbox_account_store_new (NULL);
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[5] = { NULL, };

  g_assert_true (load_async (store, &error));
  /* Saves requested while one runs are not mistaken for another writer. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %u", i);
      g_autoptr(OutboxAccount) account = make_account (name, "a@example.com");

      g_assert_true (outbox_account_store_add (store, account, &error));
      outbox_account_store_save_async (store, NULL, store_result_cb, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      wait_for (&results[i]);
      g_assert_true (outbox_account_store_save_finish (store, results[i], &error));
      g_assert_no_error (error);
      g_object_unref (results[i]);
    }

  g_assert_true (load_async (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 5);
}

static void
test_names_unique_and_lookup (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  g_autoptr(OutboxAccount) a = make_account ("Müük", "muuk@example.ee");
  g_autoptr(OutboxAccount) b = make_account ("MÜÜK", "other@example.ee");
  g_autoptr(OutboxAccount) bad = make_account ("Bad", "bad@example.ee");
  g_autoptr(GError) error = NULL;

  g_assert_true (outbox_account_store_add (store, a, &error));
  g_assert_false (outbox_account_store_add (store, b, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  outbox_account_set_port (bad, 0);
  g_assert_false (outbox_account_store_add (store, bad, &error));
  g_assert_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_INVALID);

  g_assert_true (outbox_account_store_lookup (store, "Müük") == a);
  g_assert_true (outbox_account_store_lookup (store, "müük") == a);
  g_assert_true (outbox_account_store_lookup (store, outbox_account_get_id (a)) == a);
  g_assert_null (outbox_account_store_lookup (store, "nobody"));

  g_assert_true (outbox_account_store_remove (store, a));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

/* Appends the SHA-256 of the file a save is about to write to the journal,
 * on disk before the save starts: whatever the file holds after a kill
 * must be one of these. */
static void
journal_next_save (OutboxAccountStore *store,
                   int                 journal)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *data = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *line = NULL;
  gsize len;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_ptr_array_add (accounts, g_list_model_get_item (G_LIST_MODEL (store), i));
  data = outbox_accounts_to_data (accounts, NULL, &len);
  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data, len);
  line = g_strconcat (checksum, "\n", NULL);
  if (write (journal, line, strlen (line)) != (gssize)strlen (line) || fsync (journal) != 0)
    g_error ("cannot write the journal");
}

/* The child side of the crash test: saves two alternating lists forever. */
static int
save_loop (void)
{
  g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
  int journal = open (g_getenv ("OUTBOX_TEST_SAVE_JOURNAL"), O_WRONLY | O_APPEND | O_CREAT, 0600);

  if (journal < 0)
    g_error ("cannot open the journal");
  outbox_account_store_load (store, NULL, NULL);
  for (guint i = 0;; i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %u", i);
      g_autoptr(OutboxAccount) account = make_account (name, "loop@example.com");
      g_autoptr(GError) error = NULL;

      if (g_list_model_get_n_items (G_LIST_MODEL (store)) > 600)
        {
          g_autoptr(OutboxAccount) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
          outbox_account_store_remove (store, first);
        }
      outbox_account_store_add (store, account, NULL);
      /* Grow the file quickly so that writes are large enough to be cut. */
      for (guint j = 0; j < 20 && g_list_model_get_n_items (G_LIST_MODEL (store)) < 600; j++)
        {
          g_autofree char *extra_name = g_strdup_printf ("Account %u.%u", i, j);
          g_autoptr(OutboxAccount) extra = make_account (extra_name, "loop@example.com");
          outbox_account_store_add (store, extra, NULL);
        }
      journal_next_save (store, journal);
      if (!outbox_account_store_save (store, NULL, &error))
        g_error ("save failed: %s", error->message);
    }
  return 0;
}

/* Kills a process that saves in a loop at random moments (1000 times with
 * -m slow, as make check-slow runs it): the file always parses and holds
 * exactly what one of the saves wrote, the last one or the one before. */
static void
test_killed_while_saving (void)
{
  const char *self_path = g_getenv ("OUTBOX_TEST_SELF");
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  guint trials = g_test_slow () ? 1000 : 200;
  g_autofree char *journal = g_build_filename (g_get_user_cache_dir (), "saves.journal", NULL);
  g_autofree char *path = config_path ();
  guint n_absent = 0;

  g_assert_nonnull (self_path);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);

  for (guint trial = 0; trial < trials; trial++)
    {
      const char *argv[] = { self_path, NULL };
      g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "OUTBOX_TEST_SAVE_LOOP", "1", TRUE);
      g_autoptr(GError) error = NULL;
      g_autoptr(OutboxAccountStore) store = outbox_account_store_new (NULL);
      GPid pid;
      int status;

      /* The isolated config dir of this test is known only to our process. */
      envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
      envp = g_environ_setenv (envp, "OUTBOX_TEST_SAVE_JOURNAL", journal, TRUE);
      g_assert_true (g_spawn_async (NULL, (char **)argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                    NULL, NULL, &pid, &error));
      g_usleep (g_rand_int_range (rand, 2000, 40000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed by us, not dead of its own accord. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      /* Whatever moment it died at, the file is either absent (the child had
       * not saved yet) or a complete accounts file. */
      if (!outbox_account_store_load (store, NULL, &error))
        g_error ("trial %u: the file does not load after a kill: %s", trial, error->message);

      /* Old or new, never a mixture: its checksum is one the child meant
       * to write. */
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *contents = NULL;
          g_autofree char *journaled = NULL;
          g_autofree char *checksum = NULL;
          g_autofree char *needle = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
          g_assert_true (g_file_get_contents (journal, &journaled, NULL, NULL));
          checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
          needle = g_strconcat (checksum, "\n", NULL);
          if (strstr (journaled, needle) == NULL)
            g_error ("trial %u: the file holds what no save wrote", trial);
        }
      else
        n_absent++;
    }

  g_test_message ("%u trials, %u before the first save", trials, n_absent);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");

  if (g_getenv ("OUTBOX_TEST_SAVE_LOOP"))
    return save_loop ();

  g_setenv ("OUTBOX_TEST_SELF", argv[0], TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Store/missing-file", test_missing_file_is_empty);
  g_test_add_func ("/Outbox/Store/round-trip", test_round_trip);
  g_test_add_func ("/Outbox/Store/unknown-keys", test_unknown_keys_survive);
  g_test_add_func ("/Outbox/Store/corrupt-untouched", test_corrupt_file_untouched);
  g_test_add_func ("/Outbox/Store/invalid-utf8-untouched", test_invalid_utf8_untouched);
  g_test_add_func ("/Outbox/Store/wrong-types-untouched", test_wrong_types_untouched);
  g_test_add_func ("/Outbox/Store/duplicate-ids-untouched", test_duplicate_ids_untouched);
  g_test_add_func ("/Outbox/Store/huge-sparse-file", test_huge_sparse_file);
  g_test_add_func ("/Outbox/Store/start-over", test_start_over_keeps_broken_file);
  g_test_add_func ("/Outbox/Store/newer-version", test_newer_version_read_only);
  g_test_add_func ("/Outbox/Store/changed-on-disk", test_changed_on_disk);
  g_test_add_func ("/Outbox/Store/saves-in-a-row", test_saves_in_a_row);
  g_test_add_func ("/Outbox/Store/names-and-lookup", test_names_unique_and_lookup);
  g_test_add_func ("/Outbox/Store/killed-while-saving", test_killed_while_saving);

  return g_test_run ();
}
