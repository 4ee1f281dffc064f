/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the test servers received: the messages in their spool and the
 * events of their JSON-lines log. */

#define G_LOG_DOMAIN "outbox-test-servers"

#include "config.h"

#include <string.h>

#include "outbox-test-servers.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
outbox_test_server_list_messages (OutboxTestServer *self)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (outbox_test_server_get_spool_dir (self), 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      /* NNN.eml; the server numbers from 001, so names sort in order. */
      if (g_str_has_suffix (name, ".eml") && g_ascii_isdigit (name[0]))
        g_ptr_array_add (paths, g_build_filename (outbox_test_server_get_spool_dir (self),
                                                  name, NULL));
    }
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

gboolean
outbox_test_server_wait_messages (OutboxTestServer *self,
                                  guint             n,
                                  guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      g_autoptr(GPtrArray) paths = outbox_test_server_list_messages (self);

      if (paths->len >= n)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
}

GBytes *
outbox_test_spool_read_raw (const char *eml_path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (eml_path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

GMimeMessage *
outbox_test_spool_parse (const char *eml_path)
{
  static gsize gmime_ready = 0;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GMimeParser *parser;
  GMimeMessage *message;

  if (g_once_init_enter (&gmime_ready))
    {
      g_mime_init ();
      g_once_init_leave (&gmime_ready, 1);
    }

  stream = g_mime_stream_file_open (eml_path, "rb", &error);
  g_assert_no_error (error);
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  g_assert_nonnull (message);
  return message;
}

JsonObject *
outbox_test_spool_read_envelope (const char *eml_path)
{
  g_autofree char *base = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_suffix (eml_path, ".eml"));
  base = g_strndup (eml_path, strlen (eml_path) - strlen (".eml"));
  json_path = g_strconcat (base, ".json", NULL);
  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

GPtrArray *
outbox_test_server_read_log (OutboxTestServer *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (outbox_test_server_get_log_path (self), &contents, NULL, NULL))
    return entries;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* The last line may still be being written: skip what does not parse. */
      if (lines[i][0] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      if (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        g_ptr_array_add (entries, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return entries;
}

GPtrArray *
outbox_test_server_get_received (OutboxTestServer *self,
                                 guint             conn)
{
  g_autoptr(GPtrArray) entries = outbox_test_server_read_log (self);
  GPtrArray *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      const char *b64;
      guchar *data;
      gsize length = 0;

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "event", ""), "recv") != 0)
        continue;
      if (conn != 0 && json_object_get_int_member_with_default (entry, "conn", 0) != conn)
        continue;
      b64 = json_object_get_string_member_with_default (entry, "base64", "");
      data = g_base64_decode (b64, &length);
      g_ptr_array_add (chunks, g_bytes_new_take (data, length));
    }
  return chunks;
}

char *
outbox_test_server_get_received_text (OutboxTestServer *self,
                                      guint             conn)
{
  g_autoptr(GPtrArray) chunks = outbox_test_server_get_received (self, conn);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (chunks, i), &length);

      g_string_append_len (text, data, length);
    }
  return g_string_free (text, FALSE);
}

gboolean
outbox_test_server_wait_event (OutboxTestServer *self,
                               guint             conn,
                               const char       *event,
                               guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  do
    {
      g_autoptr(GPtrArray) entries = outbox_test_server_read_log (self);

      for (guint i = 0; i < entries->len; i++)
        {
          JsonObject *entry = g_ptr_array_index (entries, i);

          if ((conn == 0 || json_object_get_int_member_with_default (entry, "conn", 0) == conn) &&
              g_strcmp0 (json_object_get_string_member_with_default (entry, "event", ""),
                         event) == 0)
            return TRUE;
        }
      g_usleep (50 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  return FALSE;
}
