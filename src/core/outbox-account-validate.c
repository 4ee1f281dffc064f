/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validation of OutboxAccount settings: every problem explained in words
 * a person understands. */

#define G_LOG_DOMAIN "outbox-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-account-private.h"
#include "outbox-util-private.h"

static gboolean
has_line_break_or_control (const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '\r' || *p == '\n' || *p == '\t' || (guchar)*p < 0x20 || *p == 0x7f)
        return TRUE;
    }
  return FALSE;
}

/* Checks the text every field shares: valid UTF-8, no control characters
 * (they would split a header or an SMTP command), a sane length. */
static char *
check_common_text (const char *text,
                   gsize       max_chars)
{
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup (_("Contains characters that are not valid text."));
  if (has_line_break_or_control (text))
    return g_strdup (_("Must be a single line without tabs or control characters."));
  if (g_utf8_strlen (text, -1) > (glong)max_chars)
    return g_strdup_printf (ngettext ("Is too long: at most %u character is allowed.",
                                      "Is too long: at most %u characters are allowed.",
                                      (gulong)max_chars),
                            (guint)max_chars);
  return NULL;
}

static char *
check_mailbox (const char *address,
               gboolean    required)
{
  char *problem;

  if (address[0] == '\0')
    return required ? g_strdup (_("Enter an email address, like name@example.com.")) : NULL;

  if ((problem = check_common_text (address, OUTBOX_ACCOUNT_MAX_TEXT)))
    return problem;

  if (!_outbox_address_is_mailbox (address))
    return g_strdup (_("Is not a single email address; use the form name@example.com."));

  return NULL;
}

char *
_outbox_account_check_host (const char *host)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (host));
  g_autofree char *ascii = NULL;

  if (trimmed[0] == '\0')
    return g_strdup (_("Enter the outgoing (SMTP) server name, like smtp.example.com."));

  if (!g_utf8_validate (trimmed, -1, NULL) || has_line_break_or_control (trimmed))
    return g_strdup (_("Must be a server name without line breaks or control characters."));

  for (const char *p = trimmed; *p; p++)
    if (g_ascii_isspace (*p))
      return g_strdup (_("A server name cannot contain spaces."));

  if (g_hostname_is_ip_address (trimmed))
    return NULL;

  ascii = g_hostname_to_ascii (trimmed);
  if (ascii == NULL || !_outbox_hostname_is_valid (ascii))
    return g_strdup (_("Is not a valid server name; use letters, digits, hyphens and dots, "
                       "like smtp.example.com."));

  return NULL;
}

static char *
check_fingerprint (const char *fingerprint)
{
  gsize len = strlen (fingerprint);

  if (len == 0)
    return NULL;
  if (len != 64)
    return g_strdup (_("A certificate fingerprint has 64 hexadecimal digits."));
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (fingerprint[i]))
      return g_strdup (_("A certificate fingerprint has 64 hexadecimal digits."));
  return NULL;
}

static char *
check_text (guint       prop_id,
            const char *text)
{
  switch (prop_id)
    {
    case PROP_NAME:
      {
        g_autofree char *trimmed = g_strstrip (g_strdup (text));
        if (trimmed[0] == '\0')
          return g_strdup (_("Give the account a name, like “Invoices”."));
      }
      return check_common_text (text, OUTBOX_ACCOUNT_MAX_TEXT);

    case PROP_SENDER_NAME:
    case PROP_USERNAME:
    case PROP_SMTP_USERNAME:
      return check_common_text (text, OUTBOX_ACCOUNT_MAX_TEXT);

    case PROP_SENDER_ADDRESS:
      return check_mailbox (text, TRUE);

    case PROP_REPLY_TO:
      return check_mailbox (text, FALSE);

    case PROP_HOST:
      return _outbox_account_check_host (text);

    case PROP_PINNED_CERTIFICATE_SHA256:
      return check_fingerprint (text);

    default:
      return NULL;
    }
}

static char *
check_port (guint port)
{
  if (port < 1 || port > 65535)
    return g_strdup (_("The port must be a number from 1 to 65535; mail servers usually use 587, 465 or 25."));
  return NULL;
}

static char *
check_timeout (guint timeout)
{
  if (timeout < OUTBOX_ACCOUNT_MIN_TIMEOUT || timeout > OUTBOX_ACCOUNT_MAX_TIMEOUT)
    return g_strdup_printf (_("The timeout must be from %u to %u seconds."),
                            OUTBOX_ACCOUNT_MIN_TIMEOUT, OUTBOX_ACCOUNT_MAX_TIMEOUT);
  return NULL;
}

/**
 * outbox_account_check_property:
 * @property: a property name, such as "port" or "sender-address"
 * @value: the value the user entered
 *
 * Checks one field on its own, as an editor does while the user types.
 *
 * Returns: (transfer full) (nullable): a translated one-line reason the value
 *   is not acceptable, or %NULL when it is.
 */
char *
outbox_account_check_property (const char   *property,
                               const GValue *value)
{
  GParamSpec *pspec;
  guint prop_id = 0;

  g_return_val_if_fail (property != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  /* The class exists only once it was referenced: a check may come before
   * the first account is made (outboxctl checks options first). */
  g_type_class_unref (g_type_class_ref (OUTBOX_TYPE_ACCOUNT));
  pspec = g_object_class_find_property (g_type_class_peek (OUTBOX_TYPE_ACCOUNT), property);
  g_return_val_if_fail (pspec != NULL, NULL);

  for (guint i = 1; i < N_PROPS; i++)
    if (_outbox_account_get_pspec (i) == pspec)
      prop_id = i;

  switch (prop_id)
    {
    case PROP_PORT:
      return check_port (g_value_get_uint (value));
    case PROP_TIMEOUT:
      return check_timeout (g_value_get_uint (value));
    case PROP_SECURITY:
    case PROP_AUTH:
    case PROP_ID:
      return NULL;
    default:
      return check_text (prop_id, g_value_get_string (value) ? g_value_get_string (value) : "");
    }
}

/**
 * outbox_account_validate:
 *
 * Returns: (transfer full): a table from property name (as in
 *   outbox_account_check_property()) to a translated reason, one entry per
 *   field with a problem; empty when the account can be saved and tested.
 */
GHashTable *
outbox_account_validate (OutboxAccount *self)
{
  GHashTable *problems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  char *problem;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), problems);

  for (guint i = 0; i < G_N_ELEMENTS (text_props); i++)
    if ((problem = check_text (text_props[i], *_outbox_account_text_field (self, text_props[i]))))
      g_hash_table_insert (problems, (gpointer)g_param_spec_get_name (_outbox_account_get_pspec (text_props[i])),
                           problem);

  if ((problem = check_port (self->port)))
    g_hash_table_insert (problems, (gpointer)"port", problem);
  if ((problem = check_timeout (self->timeout)))
    g_hash_table_insert (problems, (gpointer)"timeout", problem);

  if (self->auth == OUTBOX_AUTH_PASSWORD && self->username[0] == '\0' &&
      !g_hash_table_contains (problems, "username"))
    g_hash_table_insert (problems, (gpointer)"username",
                         g_strdup (_("Enter the user name the server signs you in with, "
                                     "usually your full email address.")));
  if (self->auth == OUTBOX_AUTH_SEPARATE && self->smtp_username[0] == '\0' &&
      !g_hash_table_contains (problems, "smtp-username"))
    g_hash_table_insert (problems, (gpointer)"smtp-username",
                         g_strdup (_("Enter the user name of the separate SMTP login.")));

  return problems;
}

