/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Starts the Python test servers as child processes and reads their ready
 * lines; what they received is read back in outbox-test-spool.c. */

#define G_LOG_DOMAIN "outbox-test-servers"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "outbox-test-servers.h"

#define PYTHON "/usr/bin/python3"
#define READY_TIMEOUT_MS (20 * 1000)
#define STOP_TIMEOUT_MS (5 * 1000)

struct _OutboxTestServer
{
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  JsonObject       *ready;
  char             *dir;
  char             *spool_dir;
  char             *log_path;
};

static char *certs_dir;
static gboolean certs_dir_is_temporary;

static void
remove_certs_dir (void)
{
  if (certs_dir != NULL && certs_dir_is_temporary)
    outbox_test_remove_tree (certs_dir);
  g_clear_pointer (&certs_dir, g_free);
}

/* Inside build-aux/test-session's directory when there is one, so that even
 * a test that aborts leaves nothing behind once the session ends. */
static char *
make_tmp_dir (const char *prefix)
{
  const char *base = g_getenv ("OUTBOX_TEST_SESSION_DIR");
  g_autofree char *path = NULL;

  if (base == NULL || !g_file_test (base, G_FILE_TEST_IS_DIR))
    base = g_get_tmp_dir ();
  path = g_strdup_printf ("%s/%s-XXXXXX", base, prefix);
  if (g_mkdtemp_full (path, 0700) == NULL)
    g_error ("cannot create a directory in %s: %s", base, g_strerror (errno));
  return g_steal_pointer (&path);
}

static char *
script_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "smtp", name, NULL);
}

const char *
outbox_test_certs_dir (void)
{
  g_autofree char *script = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (certs_dir != NULL)
    return certs_dir;

  if (g_getenv ("OUTBOX_TEST_CERTS_DIR") != NULL)
    certs_dir = g_strdup (g_getenv ("OUTBOX_TEST_CERTS_DIR"));
  else
    {
      certs_dir = make_tmp_dir ("outbox-certs");
      certs_dir_is_temporary = TRUE;
      atexit (remove_certs_dir);
    }

  script = script_path ("make-certs.sh");
  {
    const char *argv[] = { "/bin/sh", script, certs_dir, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("make-certs.sh failed: %s\n%s", error->message, err);

  return certs_dir;
}

/* Removes a directory tree that a test created (no symlinks followed). */
void
outbox_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            outbox_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

/* Re-issues the test servers' certificate "server" for @names (the first
 * is its common name; localhost and 127.0.0.1 stay), signed by the test
 * CA, in a certificate directory of this program's own, which becomes
 * outbox_test_certs_dir(): the re-issued certificate changes no other
 * test's. Call it before any other certificate function; remove the
 * directory with outbox_test_remove_tree() when the tests have run. */
char *
outbox_test_private_certs_dir (const char         *prefix,
                               const char * const *names,
                               guint               serial)
{
  const char *script =
    "set -e; cd \"$1\"; "
    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
    "  -keyout server-key.pem -subj \"/CN=$2\" -out reissue.csr 2>/dev/null; "
    "printf 'subjectAltName=%sDNS:localhost,IP:127.0.0.1\\n"
    "basicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' \"$3\" > reissue.ext; "
    "openssl x509 -req -in reissue.csr -CA ca.pem -CAkey ca-key.pem -set_serial \"$4\" -days 2 "
    "  -sha256 -extfile reissue.ext -out server.pem 2>/dev/null";
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autofree char *dir = g_dir_make_tmp (template, NULL);
  g_autoptr(GString) alt_names = g_string_new (NULL);
  g_autofree char *serial_text = g_strdup_printf ("%u", serial);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (dir);
  g_assert_null (certs_dir);
  g_setenv ("OUTBOX_TEST_CERTS_DIR", dir, TRUE);
  outbox_test_certs_dir ();

  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (alt_names, "DNS:%s,", names[i]);
  {
    const char *argv[] = { "/bin/sh", "-c", script, "sh", dir, names[0], alt_names->str,
                           serial_text, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                  &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&dir);
}

char *
outbox_test_cert_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".pem", NULL);

  return g_build_filename (outbox_test_certs_dir (), file, NULL);
}

char *
outbox_test_cert_fingerprint (const char *name)
{
  g_autofree char *path = g_build_filename (outbox_test_certs_dir (), "fingerprints.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, name));
  return g_strdup (json_object_get_string_member (root, name));
}

GTlsDatabase *
outbox_test_tls_database_new (const char *dir)
{
  g_autofree char *ca = g_build_filename (dir ? dir : outbox_test_certs_dir (), "ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (ca, &error);

  g_assert_no_error (error);
  return database;
}

/* Runs the private context until *done is set or timeout_ms pass. */
static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
iterate_until (GMainContext *context,
               gboolean     *done,
               guint         timeout_ms)
{
  gboolean timed_out = FALSE;
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);

  g_source_set_callback (timeout, on_timeout, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!*done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  return *done;
}

typedef struct
{
  GAsyncResult *result;
  gboolean      done;
} AsyncWait;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static OutboxTestServer *
server_start (const char *script_name,
              GPtrArray  *args,
              OutboxTestServer *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMainContext) context = g_main_context_new ();
  AsyncWait ready = { NULL, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  gboolean done = FALSE;

  /* -I: no user site-packages, no PYTHON* variables: Debian's modules only;
   * -B: no __pycache__ written into the source tree. */
  g_ptr_array_add (argv, g_strdup (PYTHON));
  g_ptr_array_add (argv, g_strdup ("-I"));
  g_ptr_array_add (argv, g_strdup ("-B"));
  g_ptr_array_add (argv, script_path (script_name));
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (args, i)));
  g_ptr_array_add (argv, NULL);

  /* stdin is a pipe that only this process holds: if the test dies, the
   * server reads EOF and exits. stderr goes to the test's log. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->process = g_subprocess_launcher_spawnv (launcher,
                                                (const char * const *)argv->pdata,
                                                &error);
  g_assert_no_error (error);
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, NULL,
                                       read_line_cb, &ready);
  if (!iterate_until (context, &ready.done, READY_TIMEOUT_MS))
    {
      /* Killing the server ends the pending read (EOF), which must finish
       * before ready goes out of scope. */
      g_subprocess_force_exit (self->process);
      while (!ready.done)
        g_main_context_iteration (context, TRUE);
    }
  line = g_data_input_stream_read_line_finish_utf8 (self->stdout_lines, ready.result, NULL, &error);
  g_clear_object (&ready.result);
  if (line == NULL)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait_async (self->process, NULL, wait_cb, &done);
      iterate_until (context, &done, STOP_TIMEOUT_MS);
    }
  g_main_context_pop_thread_default (context);

  if (line == NULL)
    g_error ("%s did not start: %s", script_name,
             error ? error->message : "no ready line (it exited or took too long)");

  json_parser_load_from_data (parser, line, -1, &error);
  if (error != NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_error ("%s printed a bad ready line: %s", script_name, line);
  self->ready = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_debug ("%s ready: %s", script_name, line);

  return self;
}

static OutboxTestServer *
server_new (void)
{
  OutboxTestServer *self = g_new0 (OutboxTestServer, 1);

  self->dir = make_tmp_dir ("outbox-server");
  self->spool_dir = g_build_filename (self->dir, "spool", NULL);
  self->log_path = g_build_filename (self->dir, "server.log", NULL);
  g_assert_cmpint (g_mkdir (self->spool_dir, 0700), ==, 0);
  return self;
}

OutboxTestServer *
outbox_test_smtp_server_start (const OutboxTestSmtpOptions *options)
{
  static const OutboxTestSmtpOptions defaults = { 0 };
  OutboxTestServer *self = server_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  if (options == NULL)
    options = &defaults;

  g_ptr_array_add (args, g_strdup ("--spool"));
  g_ptr_array_add (args, g_strdup (self->spool_dir));
  g_ptr_array_add (args, g_strdup ("--certs"));
  g_ptr_array_add (args, g_strdup (outbox_test_certs_dir ()));
  g_ptr_array_add (args, g_strdup ("--cert"));
  g_ptr_array_add (args, g_strdup (options->cert ? options->cert : "server"));
  if (options->user != NULL)
    {
      g_autofree char *password_file = g_build_filename (self->dir, "password", NULL);
      g_autoptr(GError) error = NULL;
      const char *password = options->password ? options->password : "";

      g_file_set_contents_full (password_file, password, -1,
                                G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
      g_assert_no_error (error);
      g_ptr_array_add (args, g_strdup ("--user"));
      g_ptr_array_add (args, g_strdup (options->user));
      g_ptr_array_add (args, g_strdup ("--password-file"));
      g_ptr_array_add (args, g_steal_pointer (&password_file));
    }
  if (options->require_auth)
    g_ptr_array_add (args, g_strdup ("--require-auth"));
  if (options->plain_auth)
    g_ptr_array_add (args, g_strdup ("--plain-auth"));
  if (options->no_pipelining)
    g_ptr_array_add (args, g_strdup ("--no-pipelining"));
  if (options->no_smtputf8)
    g_ptr_array_add (args, g_strdup ("--no-smtputf8"));
  if (options->no_size || options->size > 0)
    {
      g_ptr_array_add (args, g_strdup ("--size"));
      g_ptr_array_add (args, g_strdup_printf ("%" G_GUINT64_FORMAT,
                                              options->no_size ? 0 : options->size));
    }

  return server_start ("smtp_server.py", args, self);
}

OutboxTestServer *
outbox_test_fault_server_start (const char                   *scenario,
                                const OutboxTestFaultOptions *options)
{
  return outbox_test_fault_server_start_from ("fault_server.py", scenario, options);
}

OutboxTestServer *
outbox_test_fault_server_start_from (const char                   *script,
                                     const char                   *scenario,
                                     const OutboxTestFaultOptions *options)
{
  static const OutboxTestFaultOptions defaults = { 0 };
  OutboxTestServer *self = server_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  if (options == NULL)
    options = &defaults;

  g_ptr_array_add (args, g_strdup (scenario));
  g_ptr_array_add (args, g_strdup ("--log"));
  g_ptr_array_add (args, g_strdup (self->log_path));
  if (!options->no_tls)
    {
      g_ptr_array_add (args, g_strdup ("--certs"));
      g_ptr_array_add (args, g_strdup (outbox_test_certs_dir ()));
      g_ptr_array_add (args, g_strdup ("--cert"));
      g_ptr_array_add (args, g_strdup (options->cert ? options->cert : "server"));
      if (options->implicit_tls)
        g_ptr_array_add (args, g_strdup ("--implicit-tls"));
    }

  return server_start (script, args, self);
}

guint
outbox_test_server_get_port (OutboxTestServer *self,
                             const char       *name)
{
  gint64 port;

  if (!json_object_has_member (self->ready, name))
    g_error ("the server has no port named “%s”", name);
  port = json_object_get_int_member (self->ready, name);
  g_assert_cmpint (port, >, 0);
  g_assert_cmpint (port, <, 65536);
  return (guint)port;
}

const char *
outbox_test_server_get_dir (OutboxTestServer *self)
{
  return self->dir;
}

const char *
outbox_test_server_get_spool_dir (OutboxTestServer *self)
{
  return self->spool_dir;
}

const char *
outbox_test_server_get_log_path (OutboxTestServer *self)
{
  return self->log_path;
}

void
outbox_test_server_stop (OutboxTestServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      g_autoptr(GMainContext) context = g_main_context_new ();
      gboolean done = FALSE;

      g_main_context_push_thread_default (context);
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait_async (self->process, NULL, wait_cb, &done);
      if (!iterate_until (context, &done, STOP_TIMEOUT_MS))
        {
          g_warning ("test server %s did not stop on SIGTERM; killing it",
                     g_subprocess_get_identifier (self->process));
          g_subprocess_force_exit (self->process);
          iterate_until (context, &done, STOP_TIMEOUT_MS);
        }
      g_main_context_pop_thread_default (context);
    }

  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->process);
  g_clear_pointer (&self->ready, json_object_unref);
  if (self->dir != NULL && g_getenv ("OUTBOX_TEST_KEEP_SERVER_DIRS") == NULL)
    outbox_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->spool_dir);
  g_free (self->log_path);
  g_free (self);
}
