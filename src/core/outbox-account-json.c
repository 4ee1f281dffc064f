/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The accounts file format (DESIGN.md, "Accounts file"): one object with a
 * version and an array of accounts. Keys this version does not know are
 * carried through unchanged, so a newer Outbox's fields survive. */

#define G_LOG_DOMAIN "outbox-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "outbox-account-json.h"
#include "outbox-account-store.h"
#include "outbox-util-private.h"

/* How much of a name an error message quotes. */
#define QUOTE_MAX_CHARS 60

typedef enum { KEY_TEXT, KEY_UINT, KEY_SECURITY, KEY_AUTH } KeyType;

static const struct {
  const char *key;       /* in the file */
  const char *property;  /* on OutboxAccount */
  KeyType     type;
} keys[] = {
  { "id", "id", KEY_TEXT },
  { "name", "name", KEY_TEXT },
  { "sender_name", "sender-name", KEY_TEXT },
  { "sender_address", "sender-address", KEY_TEXT },
  { "reply_to", "reply-to", KEY_TEXT },
  { "host", "host", KEY_TEXT },
  { "port", "port", KEY_UINT },
  { "security", "security", KEY_SECURITY },
  { "timeout", "timeout", KEY_UINT },
  { "auth", "auth", KEY_AUTH },
  { "username", "username", KEY_TEXT },
  { "smtp_username", "smtp-username", KEY_TEXT },
  { "pinned_certificate_sha256", "pinned-certificate-sha256", KEY_TEXT },
};

static gboolean
is_known_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (keys[i].key, key) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_root_key (const char *key)
{
  return strcmp (key, "version") == 0 || strcmp (key, "accounts") == 0;
}

/* Copies the members of @src that @dest lacks (and @skip does not name),
 * in @src's order: iterating a JsonObject follows its hash table, which
 * would shuffle a newer version's keys on every save. */
static void
copy_members (JsonObject *dest,
              JsonObject *src,
              gboolean  (*skip) (const char *key))
{
  g_autoptr(GList) names = json_object_get_members (src);

  for (GList *l = names; l; l = l->next)
    {
      const char *key = l->data;

      if (!json_object_has_member (dest, key) && !(skip && skip (key)))
        json_object_set_member (dest, key, json_node_copy (json_object_get_member (src, key)));
    }
}

JsonObject *
outbox_account_to_json (OutboxAccount *account)
{
  JsonObject *object = json_object_new ();
  JsonObject *extra = outbox_account_get_extra (account);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      switch (keys[i].type)
        {
        case KEY_TEXT:
          {
            g_autofree char *text = NULL;
            g_object_get (account, keys[i].property, &text, NULL);
            json_object_set_string_member (object, keys[i].key, text ? text : "");
          }
          break;
        case KEY_UINT:
          {
            guint value = 0;
            g_object_get (account, keys[i].property, &value, NULL);
            json_object_set_int_member (object, keys[i].key, value);
          }
          break;
        case KEY_SECURITY:
          json_object_set_string_member (object, keys[i].key,
                                         outbox_security_to_string (outbox_account_get_security (account)));
          break;
        case KEY_AUTH:
          json_object_set_string_member (object, keys[i].key,
                                         outbox_auth_to_string (outbox_account_get_auth (account)));
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (extra != NULL)
    copy_members (object, extra, NULL);

  return object;
}

static char *
describe_account (JsonObject *object,
                  guint       index)
{
  JsonNode *name = json_object_get_member (object, "name");

  if (name && JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
    /* TRANSLATORS: identifies an account in an error about the file; %u is its
     * position (1, 2, …), %s its name */
    {
      g_autofree char *shown = _outbox_text_for_message (json_node_get_string (name),
                                                         QUOTE_MAX_CHARS);
      return g_strdup_printf (_("account %u (“%s”)"), index + 1, shown);
    }
  return g_strdup_printf (_("account %u"), index + 1);
}

static gboolean
wrong_type (JsonObject  *object,
            guint        index,
            const char  *key,
            const char  *expected,
            GError     **error)
{
  g_autofree char *who = describe_account (object, index);

  /* TRANSLATORS: e.g. "In account 2 (“Invoices”), “port” must be a whole number." */
  g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
               _("In %s, “%s” must be %s."), who, key, expected);
  return FALSE;
}

OutboxAccount *
outbox_account_new_from_json (JsonObject  *object,
                              guint        index,
                              GError     **error)
{
  g_autoptr(OutboxAccount) account = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  JsonNode *node;
  const char *id = NULL;

  node = json_object_get_member (object, "id");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return wrong_type (object, index, "id", _("text"), error), NULL;
      id = json_node_get_string (node);
    }
  account = outbox_account_new_with_id (id);

  for (guint i = 1; i < G_N_ELEMENTS (keys); i++)
    {
      node = json_object_get_member (object, keys[i].key);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (keys[i].type == KEY_UINT)
        {
          gint64 value;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
            return wrong_type (object, index, keys[i].key, _("a whole number"), error), NULL;
          value = json_node_get_int (node);
          /* Out-of-range numbers are clamped to a value validation rejects,
           * so the user sees the problem instead of a wrapped number. */
          g_object_set (account, keys[i].property,
                        (guint)CLAMP (value, 0, G_MAXUINT), NULL);
          continue;
        }

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return wrong_type (object, index, keys[i].key, _("text"), error), NULL;

      if (keys[i].type == KEY_SECURITY)
        {
          OutboxSecurity security;

          if (!outbox_security_from_string (json_node_get_string (node), &security))
            return wrong_type (object, index, keys[i].key,
                               _("one of “none”, “starttls” or “tls”"), error), NULL;
          /* Set security before the port so the default-port rule, meant
           * for interactive edits, does not move the stored port. */
          g_object_set (account, "security", security, NULL);
        }
      else if (keys[i].type == KEY_AUTH)
        {
          OutboxAuth auth;

          if (!outbox_auth_from_string (json_node_get_string (node), &auth))
            return wrong_type (object, index, keys[i].key,
                               _("one of “none”, “password” or “separate”"), error), NULL;
          g_object_set (account, "auth", auth, NULL);
        }
      else
        {
          g_object_set (account, keys[i].property, json_node_get_string (node), NULL);
        }
    }

  /* The port is set again last: security may have moved it. */
  node = json_object_get_member (object, "port");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    outbox_account_set_port (account, (guint)CLAMP (json_node_get_int (node), 0, G_MAXUINT));

  copy_members (extra, object, is_known_key);
  if (json_object_get_size (extra) > 0)
    outbox_account_set_extra (account, extra);

  return g_steal_pointer (&account);
}

char *
outbox_accounts_to_data (GPtrArray  *accounts,
                         JsonObject *extra_root,
                         gsize      *length)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) root_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *array = json_array_sized_new (accounts->len);
  GString *data;

  json_object_set_int_member (root, "version", OUTBOX_STORE_VERSION);
  for (guint i = 0; i < accounts->len; i++)
    json_array_add_object_element (array, outbox_account_to_json (g_ptr_array_index (accounts, i)));
  json_object_set_array_member (root, "accounts", array);

  if (extra_root != NULL)
    copy_members (root, extra_root, NULL);

  json_node_set_object (root_node, root);
  json_generator_set_root (generator, root_node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  data = g_string_new (NULL);
  json_generator_to_gstring (generator, data);
  g_string_append_c (data, '\n');
  if (length)
    *length = data->len;
  return g_string_free (data, FALSE);
}

static guint
line_at (const char *data,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

static gint
hex4 (const char *p)
{
  gint value = 0;

  for (guint i = 0; i < 4; i++)
    {
      gint digit = g_ascii_xdigit_value (p[i]);
      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

static gboolean
lone_surrogate (GError     **error,
                const char  *data,
                gsize        offset)
{
  g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
               /* TRANSLATORS: %u is a line number */
               _("Line %u of the file holds a \\u escape that is only half of a character "
                 "(a lone surrogate)."), line_at (data, offset));
  return FALSE;
}

/* A number json-glib would not give back as written: an integer beyond
 * 64 bits (it wraps around: 99999999999999999999 reads as -1), or one it
 * reads as a double and writes in a form it cannot read again (1e999 is
 * written "inf.0", 1e20 "1e+20.0"). Sets @error and returns FALSE for one;
 * @end is where the number ends. */
static gboolean
check_number (const char  *data,
              gsize        length,
              gsize        start,
              gsize       *end,
              GError     **error)
{
  g_autofree char *token = NULL;
  gboolean is_double = FALSE;
  gboolean faithful;
  gsize i = start;

  while (i < length && (g_ascii_isdigit (data[i]) || strchr ("+-.eE", data[i]) != NULL))
    {
      is_double |= strchr (".eE", data[i]) != NULL;
      i++;
    }
  *end = i;
  token = g_strndup (data + start, i - start);

  /* What is not a number at all is json-glib's to report. */
  if (!is_double)
    {
      g_autoptr(GError) local_error = NULL;

      faithful = g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, &local_error) ||
                 !g_error_matches (local_error, G_NUMBER_PARSER_ERROR,
                                   G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS);
    }
  else
    {
      char written[G_ASCII_DTOSTR_BUF_SIZE];
      char *rest = NULL;
      double value = g_ascii_strtod (token, &rest);

      /* json-glib 1.6 adds ".0" to a double written without a point. */
      g_ascii_dtostr (written, sizeof written, value);
      faithful = *rest != '\0' ||
                 (isfinite (value) && (strchr (written, '.') != NULL ||
                                       strpbrk (written, "eE") == NULL));
    }
  if (faithful)
    return TRUE;

  if (strlen (token) > 40)
    strcpy (token + 37, "…");
  g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
               /* TRANSLATORS: %u is a line number, %s the number as the file has it */
               _("Line %u of the file holds a number too large for Outbox to keep: %s."),
               line_at (data, start), token);
  return FALSE;
}

/**
 * outbox_json_check_text:
 * @data: UTF-8 text that is about to be parsed as JSON
 *
 * Refuses what json-glib would mishandle: nesting deeper than
 * %OUTBOX_JSON_MAX_DEPTH (its parser recurses and would overflow the stack),
 * a \u0000 escape (it would silently cut the text there, and the next save
 * would lose the rest), a \u escape of half a surrogate pair or without
 * four hex digits (it would produce invalid UTF-8), and, outside strings,
 * single quotes and comments, which json-glib accepts although they are not
 * JSON, anything after the first complete object or array, and numbers it
 * would not write back as they are (see check_number()).
 *
 * Returns: %TRUE when json-glib may parse @data
 */
gboolean
outbox_json_check_text (const char  *data,
                        gsize        length,
                        GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean high_surrogate = FALSE;
  gboolean ended = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];
      gint value;

      if (!in_string)
        {
          /* One value per file: json-glib refuses a second one too, but
           * loses the memory of the first. */
          if (ended && !g_ascii_isspace (c))
            {
              g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
                           /* TRANSLATORS: %u is a line number */
                           _("Line %u of the file goes on after the end of the accounts."),
                           line_at (data, i));
              return FALSE;
            }
          if (c == '"')
            in_string = TRUE;
          else if (c == '-' || g_ascii_isdigit (c))
            {
              gsize end;

              if (!check_number (data, length, i, &end, error))
                return FALSE;
              i = end - 1;
            }
          else if (c == '[' || c == '{')
            {
              if (++depth > OUTBOX_JSON_MAX_DEPTH)
                {
                  g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
                               /* TRANSLATORS: %u is a line number */
                               _("Line %u of the file nests lists or objects too deeply "
                                 "for an accounts file."), line_at (data, i));
                  return FALSE;
                }
            }
          else if ((c == ']' || c == '}') && depth > 0)
            ended = --depth == 0;
          else if (c == '\'' || c == '/')
            {
              g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
                           /* TRANSLATORS: %u is a line number */
                           _("Line %u of the file is not valid JSON: texts need double "
                             "quotes, and comments are not allowed."), line_at (data, i));
              return FALSE;
            }
          continue;
        }

      /* In a string: only the end and the escapes matter. */
      if (c != '\\' || i + 1 >= length || data[i + 1] != 'u')
        {
          if (high_surrogate)
            return lone_surrogate (error, data, i);
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\')
            i++;
          continue;
        }
      /* json-glib reads a malformed \u escape leniently, into anything
       * from a lone surrogate to other characters than were written. */
      if (i + 5 >= length || (value = hex4 (data + i + 2)) < 0)
        {
          g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
                       /* TRANSLATORS: %u is a line number */
                       _("Line %u of the file holds a \\u escape without four hexadecimal "
                         "digits."), line_at (data, i));
          return FALSE;
        }
      i += 5;
      if (value >= 0xdc00 && value <= 0xdfff)
        {
          if (!high_surrogate)
            return lone_surrogate (error, data, i);
          high_surrogate = FALSE;
          continue;
        }
      if (high_surrogate)
        return lone_surrogate (error, data, i);
      if (value == 0)
        {
          g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
                       /* TRANSLATORS: %u is a line number */
                       _("Line %u of the file holds a text with a NUL character (\\u0000), "
                         "which Outbox cannot keep."), line_at (data, i));
          return FALSE;
        }
      high_surrogate = value >= 0xd800 && value <= 0xdbff;
    }

  if (high_surrogate)
    return lone_surrogate (error, data, length);
  return TRUE;
}

/* Every text and key of the tree is valid UTF-8: whatever json-glib let
 * through, nothing invalid reaches an account, a label or the next save. */
static gboolean
node_is_valid_text (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *key;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &key, &member))
          if (!g_utf8_validate (key, -1, NULL) || !node_is_valid_text (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!node_is_valid_text (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static gboolean
parse_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE, message);
  return FALSE;
}

/**
 * outbox_accounts_new_from_data:
 * @version: (out): the file's format version
 * @extra_root: (out) (transfer full): top-level keys this version does not know
 *
 * Returns: (transfer container): the accounts, or %NULL with an error that
 *   says what is wrong in words a person can act on.
 */
GPtrArray *
outbox_accounts_new_from_data (const char  *data,
                               gsize        length,
                               gint64      *version,
                               JsonObject **extra_root,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;

  if (length == 0)
    return parse_error (error, _("The file is empty.")), NULL;

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    return parse_error (error, _("The file contains bytes that are not valid UTF-8 text.")), NULL;

  if (!outbox_json_check_text (data, length, error))
    return NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the bad part of the file, whatever its bytes. */
      g_autofree char *detail = _outbox_text_for_message (local_error->message, 200);

      g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
                   _("The file is not valid JSON: %s"), detail);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return parse_error (error, _("The file does not hold an accounts list.")), NULL;
  if (!node_is_valid_text (node))
    return parse_error (error, _("The file holds escapes that do not make valid text.")), NULL;
  root = json_node_get_object (node);

  node = json_object_get_member (root, "version");
  if (node == NULL)
    *version = OUTBOX_STORE_VERSION;
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
           json_node_get_int (node) >= 1)
    *version = json_node_get_int (node);
  else
    return parse_error (error, _("The file’s “version” is not a positive whole number.")), NULL;

  node = json_object_get_member (root, "accounts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return parse_error (error, _("The file has no “accounts” list.")), NULL;
  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      OutboxAccount *account;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_PARSE,
                       _("Entry %u of the accounts list is not an account."), i + 1);
          return NULL;
        }

      account = outbox_account_new_from_json (json_node_get_object (element), i, error);
      if (account == NULL)
        return NULL;
      g_ptr_array_add (accounts, account);

      if (!g_hash_table_add (ids, (gpointer)outbox_account_get_id (account)))
        {
          g_autofree char *id = _outbox_text_for_message (outbox_account_get_id (account),
                                                          QUOTE_MAX_CHARS);

          g_set_error (error, OUTBOX_STORE_ERROR, OUTBOX_STORE_ERROR_DUPLICATE,
                       _("Two accounts have the same id “%s”; each account needs its own."),
                       id);
          return NULL;
        }
    }

  copy_members (extra, root, is_root_key);

  *extra_root = g_steal_pointer (&extra);
  return g_steal_pointer (&accounts);
}
