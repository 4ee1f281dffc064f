/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SMTP AUTH (RFC 4954) responses for PLAIN, LOGIN and CRAM-MD5. Every buffer
 * that held a password is wiped before it is freed. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-smtp-auth-private.h"
#include "outbox-smtp-error.h"

/* The names, in the order of OutboxSaslMechanism; _outbox_sasl_mechanism_order()
 * says which is tried first. */
static const char * const mechanism_names[] = { "CRAM-MD5", "PLAIN", "LOGIN" };

G_STATIC_ASSERT (G_N_ELEMENTS (mechanism_names) == OUTBOX_SASL_N_MECHANISMS);

void
_outbox_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

const char *
_outbox_sasl_mechanism_name (OutboxSaslMechanism mechanism)
{
  g_return_val_if_fail (mechanism < OUTBOX_SASL_N_MECHANISMS, NULL);
  return mechanism_names[mechanism];
}

gboolean
_outbox_sasl_mechanism_from_name (const char          *name,
                                  OutboxSaslMechanism *mechanism)
{
  for (guint i = 0; i < OUTBOX_SASL_N_MECHANISMS; i++)
    if (g_ascii_strcasecmp (name, mechanism_names[i]) == 0)
      {
        *mechanism = (OutboxSaslMechanism)i;
        return TRUE;
      }
  return FALSE;
}

static char *
base64_secret (const char *data,
               gsize       len)
{
  return g_base64_encode ((const guchar *)data, len);
}

/* PLAIN: authzid NUL authcid NUL password, in base64. */
static char *
plain_response (const char *login,
                const char *password)
{
  gsize login_len = strlen (login);
  gsize password_len = strlen (password);
  gsize len = 1 + login_len + 1 + password_len;
  char *buf = g_malloc0 (len);
  char *encoded;

  memcpy (buf + 1, login, login_len);
  memcpy (buf + 2 + login_len, password, password_len);
  encoded = base64_secret (buf, len);
  explicit_bzero (buf, len);
  g_free (buf);
  return encoded;
}

/**
 * _outbox_sasl_initial_response:
 *
 * Returns: (nullable): the base64 response sent with the AUTH command
 *   itself, or %NULL when the mechanism waits for a challenge
 */
char *
_outbox_sasl_initial_response (OutboxSaslMechanism  mechanism,
                               const char          *login,
                               const char          *password)
{
  if (mechanism == OUTBOX_SASL_PLAIN)
    return plain_response (login, password);
  /* LOGIN could send the user name as an initial response (RFC 4954 §4)
   * and save a round trip, but then a server whose challenges turn out not
   * to be SASL at all would have had the name already: LOGIN waits. */
  return NULL;
}

/**
 * _outbox_sasl_mechanism_order:
 * @encrypted: whether the connection is encrypted
 * @order: (out caller-allocates): the mechanisms, the first to try first
 *
 * Over TLS, PLAIN comes first: it signs in within one round trip, and TLS
 * already keeps the password from the wire. Without TLS, CRAM-MD5 comes
 * first, since it never sends the password itself. LOGIN is the last resort.
 */
void
_outbox_sasl_mechanism_order (gboolean            encrypted,
                              OutboxSaslMechanism order[OUTBOX_SASL_N_MECHANISMS])
{
  order[0] = encrypted ? OUTBOX_SASL_PLAIN : OUTBOX_SASL_CRAM_MD5;
  order[1] = encrypted ? OUTBOX_SASL_CRAM_MD5 : OUTBOX_SASL_PLAIN;
  order[2] = OUTBOX_SASL_LOGIN;
}

/* RFC 4954: a 334 challenge is base64, possibly empty. Anything else is not
 * a server speaking SASL, and gets no answer (least of all a password). */
static gboolean
is_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize padding = 0;

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '=')
        {
          if (i < len - 2)
            return FALSE;
          padding++;
        }
      else if (padding > 0 || !(g_ascii_isalnum (text[i]) || text[i] == '+' || text[i] == '/'))
        return FALSE;
    }
  return TRUE;
}

/**
 * _outbox_sasl_respond:
 * @round: 0 for the first 334 challenge, 1 for the second, …
 * @challenge: the base64 text of the 334 reply
 *
 * Returns: the base64 response, or %NULL with an %OUTBOX_SMTP_ERROR_PROTOCOL
 *   error when the challenge is not base64 or the server asks for more than
 *   the mechanism has to say
 */
char *
_outbox_sasl_respond (OutboxSaslMechanism   mechanism,
                      guint                 round,
                      const char           *challenge,
                      const char           *login,
                      const char           *password,
                      GError              **error)
{
  if (!is_base64 (challenge))
    {
      g_set_error (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL,
                   _("The server’s %s sign-in challenge is not in base64, as SMTP requires; "
                     "Outbox sent nothing more."), _outbox_sasl_mechanism_name (mechanism));
      return NULL;
    }

  switch (mechanism)
    {
    case OUTBOX_SASL_PLAIN:
      /* A server that ignored the initial response asks with an empty 334. */
      if (round == 0)
        return plain_response (login, password);
      break;

    case OUTBOX_SASL_LOGIN:
      if (round == 0)
        return base64_secret (login, strlen (login));
      if (round == 1)
        return base64_secret (password, strlen (password));
      break;

    case OUTBOX_SASL_CRAM_MD5:
      if (round == 0)
        {
          g_autofree guchar *decoded = NULL;
          g_autofree char *digest = NULL;
          g_autofree char *response = NULL;
          gsize len = 0;
          char *encoded;

          decoded = g_base64_decode (challenge, &len);
          if (decoded == NULL || len == 0)
            {
              g_set_error_literal (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL,
                                   _("The server sent an empty CRAM-MD5 challenge."));
              return NULL;
            }
          digest = g_compute_hmac_for_data (G_CHECKSUM_MD5, (const guchar *)password,
                                            strlen (password), decoded, len);
          response = g_strdup_printf ("%s %s", login, digest);
          encoded = base64_secret (response, strlen (response));
          explicit_bzero (digest, strlen (digest));
          return encoded;
        }
      break;

    case OUTBOX_SASL_N_MECHANISMS:
    default:
      break;
    }

  g_set_error (error, OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_PROTOCOL,
               _("The server asked for more than %s sign-in has to say."),
               _outbox_sasl_mechanism_name (mechanism));
  return NULL;
}
