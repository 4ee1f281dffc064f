/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running the real outboxctl from a test, and the checks the outboxctl
 * tests share: JSON output, the keyring, where a password must not be. */

#include "config.h"

#include <string.h>

#include "cli-runner.h"
#include "secrets-canary.h"

void
ctl_result_free (CtlResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

/* Everything outboxctl printed in the current test, to prove a password
 * never shows up in any of it. */
static GString *transcript = NULL;

static char *
outboxctl_path (void)
{
  const char *build_dir = g_getenv ("OUTBOX_BUILD_DIR");

  g_assert_nonnull (build_dir);
  return g_build_filename (build_dir, "src", "cli", "outboxctl", NULL);
}

/* The configuration directory outboxctl runs with; the round trip switches
 * to a second, empty one. */
static char *config_dir;

GSubprocess *
spawn_ctl (GSubprocessLauncher *launcher,
           const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, outboxctl_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  /* The test's isolated directories live in GLib, not in the environment
   * (which points at /dev/null): hand them to the child explicitly. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

CtlResult *
finish_ctl (GSubprocess *process,
            const char  *input)
{
  CtlResult *result = g_new0 (CtlResult, 1);
  g_autoptr(GError) error = NULL;

  /* Also proves the output is valid UTF-8, whatever the account names. */
  g_subprocess_communicate_utf8 (process, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    {
      /* Killed: under ASan, a leak report ends the child with SIGABRT;
       * show what it printed before failing. */
      g_test_message ("killed by signal %d\nstdout: %s\nstderr: %s",
                      g_subprocess_get_term_sig (process), result->out, result->err);
      g_assert_true (g_subprocess_get_if_exited (process));
    }
  result->status = g_subprocess_get_exit_status (process);

  g_string_append (transcript, result->out ? result->out : "");
  g_string_append (transcript, result->err ? result->err : "");
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
  return result;
}

/* Runs outboxctl with @args, writing @input to its standard input. @env
 * holds extra KEY=VALUE pairs, or is NULL. */
CtlResult *
run_ctl_env (const char * const *env,
             const char         *input,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;

  for (guint i = 0; env && env[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  process = spawn_ctl (launcher, args);
  return finish_ctl (process, input);
}

JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

char *
keyring_lookup (const char *id,
                const char *kind)
{
  const char *argv[] = { "secret-tool", "lookup", "account", id, "kind", kind, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (out && out[0] == '\0')
    g_clear_pointer (&out, g_free);
  if (out)
    g_strchomp (out);
  return out;
}

static void
assert_file_lacks (const char *path,
                   const char *contents,
                   gsize       len,
                   gpointer    secret)
{
  g_assert_null (memmem (contents, len, secret, strlen (secret)));
}

static void
assert_no_file_holds (const char *dir_path,
                      const char *secret)
{
  secret_search_files (dir_path, assert_file_lacks, (gpointer)secret);
}

/* The password appears in nothing outboxctl printed and no file it could
 * have written. */
void
assert_password_nowhere (const char *password)
{
  g_assert_null (strstr (transcript->str, password));
  assert_no_file_holds (config_dir, password);
  assert_no_file_holds (g_get_user_data_dir (), password);
  assert_no_file_holds (g_get_user_cache_dir (), password);
  assert_no_file_holds (g_get_user_state_dir (), password);
  assert_no_file_holds (g_get_home_dir (), password);
}

void
assert_no_accounts (CtlResult *list)
{
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (list->status, ==, 0);
  node = parse_json (list->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
}

char *
account_id (const char *name)
{
  g_autoptr(CtlResult) show = ctl (NULL, "show", "--json", name);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (show->status, ==, 0);
  node = parse_json (show->out);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

void
cli_test_setup (void)
{
  if (transcript)
    g_string_free (transcript, TRUE);
  transcript = g_string_new (NULL);
  g_free (config_dir);
  config_dir = g_strdup (g_get_user_config_dir ());
  /* Exports and test files go to the test's own cache directory. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
}

void
assert_line (const char *text,
             const char *start)
{
  g_autofree char *at_start = g_strconcat ("\n", start, NULL);
  g_autofree char *with_newline = g_strconcat ("\n", text, NULL);

  if (strstr (with_newline, at_start) == NULL)
    g_error ("no line starts with “%s” in:\n%s", start, text);
}

void
cli_use_config_dir (char *dir)
{
  g_free (config_dir);
  config_dir = dir;
}

void
cli_transcript_append (const char *text)
{
  g_string_append (transcript, text);
}
