/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The journal's file, read with the same suspicion as the accounts file:
 * bounded size, every member checked, anything wrong skipped. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "outbox-account-json.h"
#include "outbox-journal-private.h"
#include "outbox-util-private.h"

#define JOURNAL_VERSION  1
/* 1000 accounts of 20 entries stay well under this. */
#define MAX_FILE_SIZE    (8 * 1024 * 1024)
#define MAX_ID_BYTES     256

void
_outbox_journal_record_free (Record *record)
{
  g_free (record->host);
  g_clear_object (&record->certificate);
  g_clear_object (&record->previous);
  g_ptr_array_unref (record->history);
  g_free (record);
}

Record *
_outbox_journal_record_new (void)
{
  Record *record = g_new0 (Record, 1);

  record->history = g_ptr_array_new_with_free_func ((GDestroyNotify)outbox_history_entry_free);
  return record;
}

GHashTable *
_outbox_journal_records_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)_outbox_journal_record_free);
}

gboolean
_outbox_journal_valid_id (const char *id)
{
  return id != NULL && id[0] != '\0' && strlen (id) <= MAX_ID_BYTES &&
         g_utf8_validate (id, -1, NULL);
}

static OutboxCertificateInfo *
certificate_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return outbox_certificate_info_new_from_json (json_node_get_object (node), NULL);
}

static Record *
record_from_json (JsonNode *node)
{
  Record *record;
  JsonObject *object;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  record = _outbox_journal_record_new ();

  member = json_object_get_member (object, "host");
  if (member && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_STRING &&
      _outbox_hostname_is_valid (json_node_get_string (member)))
    record->host = g_strdup (json_node_get_string (member));
  record->certificate = certificate_member (object, "certificate");
  if (record->certificate)
    record->previous = certificate_member (object, "previous_certificate");

  member = json_object_get_member (object, "history");
  if (member && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);
      guint n = json_array_get_length (array);

      /* The newest ones, should a file hold more than we keep. */
      for (guint i = n > OUTBOX_JOURNAL_MAX_ENTRIES ? n - OUTBOX_JOURNAL_MAX_ENTRIES : 0; i < n; i++)
        {
          OutboxHistoryEntry *entry = outbox_history_entry_new_from_json (json_array_get_element (array, i));

          if (entry)
            g_ptr_array_add (record->history, entry);
        }
    }
  return record;
}

/* Parses the file's text; NULL with @error when it is not a journal. */
static GHashTable *
records_from_data (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) records = _outbox_journal_records_new ();
  JsonObject *root;
  JsonNode *accounts;
  JsonNode *version;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  /* The accounts file's checks: json-glib's parser recurses once per
   * level of nesting, and a file of "[[[[…" would crash whoever reads it. */
  if (!outbox_json_check_text (data, length, error) ||
      !json_parser_load_from_data (parser, data, (gssize)length, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a JSON object");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != JOURNAL_VERSION)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown version");
      return NULL;
    }
  accounts = json_object_get_member (root, "accounts");
  if (accounts == NULL || !JSON_NODE_HOLDS_OBJECT (accounts))
    return g_steal_pointer (&records);

  json_object_iter_init (&iter, json_node_get_object (accounts));
  while (json_object_iter_next (&iter, &id, &node) &&
         g_hash_table_size (records) < OUTBOX_JOURNAL_MAX_ACCOUNTS)
    {
      Record *record;

      if (!_outbox_journal_valid_id (id) || (record = record_from_json (node)) == NULL)
        continue;
      g_hash_table_replace (records, g_strdup (id), record);
    }
  return g_steal_pointer (&records);
}

/* Never fails: what cannot be read is reported and treated as empty. */
GHashTable *
_outbox_journal_read_records (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GHashTable *records;
  GStatBuf st;
  gsize length;

  if (g_stat (path, &st) != 0)
    {
      if (errno != ENOENT)
        g_warning ("Ignoring the state file %s: %s", path, g_strerror (errno));
      return _outbox_journal_records_new ();
    }
  if (!S_ISREG (st.st_mode) || st.st_size > MAX_FILE_SIZE)
    {
      g_warning ("Ignoring the state file %s: not a regular file of a sensible size", path);
      return _outbox_journal_records_new ();
    }
  if (!g_file_get_contents (path, &contents, &length, &error) ||
      !(records = records_from_data (contents, length, &error)))
    {
      g_warning ("Ignoring the state file %s: %s", path, error->message);
      return _outbox_journal_records_new ();
    }
  return records;
}

static void
add_certificate (JsonBuilder           *builder,
                 const char            *name,
                 OutboxCertificateInfo *certificate)
{
  if (certificate == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, outbox_certificate_info_to_json (certificate));
}

char *
_outbox_journal_records_to_data (GHashTable *records,
                 gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (records), (GCompareFunc)g_strcmp0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, JOURNAL_VERSION);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_object (builder);
  for (GList *l = ids; l; l = l->next)
    {
      Record *record = g_hash_table_lookup (records, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_object (builder);
      if (record->host)
        {
          json_builder_set_member_name (builder, "host");
          json_builder_add_string_value (builder, record->host);
        }
      add_certificate (builder, "certificate", record->certificate);
      add_certificate (builder, "previous_certificate", record->previous);
      json_builder_set_member_name (builder, "history");
      json_builder_begin_array (builder);
      for (guint i = 0; i < record->history->len; i++)
        json_builder_add_value (builder,
                                outbox_history_entry_to_json (g_ptr_array_index (record->history, i)));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}
