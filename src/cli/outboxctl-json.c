/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading accounts to import: the store's reader stops at the first
 * problem; an import lists them all, each with its field. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outboxctl-json.h"

typedef enum { TYPE_TEXT, TYPE_NUMBER, TYPE_SECURITY, TYPE_AUTH } FieldType;

typedef struct
{
  const char *key;
  const char *property;
  FieldType   type;
} Field;

/* The keys of the accounts file, in its order (DESIGN.md). */
static const Field fields[] = {
  { "id", "id", TYPE_TEXT },
  { "name", "name", TYPE_TEXT },
  { "sender_name", "sender-name", TYPE_TEXT },
  { "sender_address", "sender-address", TYPE_TEXT },
  { "reply_to", "reply-to", TYPE_TEXT },
  { "host", "host", TYPE_TEXT },
  { "port", "port", TYPE_NUMBER },
  { "security", "security", TYPE_SECURITY },
  { "timeout", "timeout", TYPE_NUMBER },
  { "auth", "auth", TYPE_AUTH },
  { "username", "username", TYPE_TEXT },
  { "smtp_username", "smtp-username", TYPE_TEXT },
  { "pinned_certificate_sha256", "pinned-certificate-sha256", TYPE_TEXT },
};

#define MAX_ID_LENGTH 128

const char *
outboxctl_json_key_for_property (const char *property)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].property, property))
      return fields[i].key;
  return property;
}

char *
outboxctl_json_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

static void
add_problem (GPtrArray  *problems,
             const char *key,
             const char *reason)
{
  g_ptr_array_add (problems, g_strdup_printf ("%s: %s", key, reason));
}

static gboolean
id_is_acceptable (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* Checks the type (and, for the choices, the value) of one member. */
static void
check_member (JsonObject  *object,
              const Field *field,
              GPtrArray   *problems)
{
  JsonNode *node = json_object_get_member (object, field->key);
  gboolean is_string;
  OutboxSecurity security;
  OutboxAuth auth;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  is_string = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;

  switch (field->type)
    {
    case TYPE_NUMBER:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        add_problem (problems, field->key, _("Must be a whole number, without quotes."));
      break;
    case TYPE_SECURITY:
      if (!is_string || !outbox_security_from_string (json_node_get_string (node), &security))
        add_problem (problems, field->key, _("Must be “none”, “starttls” or “tls”."));
      break;
    case TYPE_AUTH:
      if (!is_string || !outbox_auth_from_string (json_node_get_string (node), &auth))
        add_problem (problems, field->key, _("Must be “none”, “password” or “separate”."));
      break;
    case TYPE_TEXT:
      if (!is_string)
        add_problem (problems, field->key, _("Must be text, in quotes."));
      else if (g_str_equal (field->key, "id") && !id_is_acceptable (json_node_get_string (node)))
        add_problem (problems, field->key,
                     _("Is not an account id: use letters, digits and hyphens, or leave the "
                       "id out to get a new one."));
      break;
    default:
      g_assert_not_reached ();
    }
}

OutboxAccount *
outboxctl_account_from_json (JsonNode  *node,
                             guint      index,
                             GPtrArray *problems)
{
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(GHashTable) invalid = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (problems,
                       g_strdup (_("Is not an account: each account is an object in braces { }.")));
      return NULL;
    }
  object = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    check_member (object, &fields[i], problems);
  if (problems->len > 0)
    return NULL;

  /* The types are right: read it the way the store reads its own file. */
  account = outbox_account_new_from_json (object, index, &error);
  if (account == NULL)
    {
      g_ptr_array_add (problems, g_strdup (error->message));
      return NULL;
    }

  invalid = outbox_account_validate (account);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *reason = g_hash_table_lookup (invalid, fields[i].property);

      if (reason)
        add_problem (problems, fields[i].key, reason);
    }

  return g_steal_pointer (&account);
}
