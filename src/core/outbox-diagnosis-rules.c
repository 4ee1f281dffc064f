/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The machinery of OutboxDiagnosis's rules: what every rule uses to word
 * its result and to offer fixes, and the order the rules run in. The first
 * rule that matches decides. Facts come from DESIGN.md's table and the
 * providers' help pages; the sentences are written for people who are not
 * mail administrators. */

#define G_LOG_DOMAIN "outbox-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-diagnosis-private.h"
#include "outbox-util-private.h"

typedef OutboxDiagnosisContext Ctx;

void
_outbox_diag_set (Ctx        *ctx,
                  const char *id,
                  const char *title,
                  const char *format,
                  ...)
{
  va_list args;

  ctx->id = id;
  ctx->title = g_strdup (title);
  va_start (args, format);
  ctx->explanation = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Appends to the explanation, as a new paragraph. */
void
_outbox_diag_append (Ctx        *ctx,
                     const char *format,
                     ...)
{
  va_list args;
  g_autofree char *more = NULL;
  char *joined;

  va_start (args, format);
  more = g_strdup_vprintf (format, args);
  va_end (args);
  joined = g_strconcat (ctx->explanation, "\n\n", more, NULL);
  g_free (ctx->explanation);
  ctx->explanation = joined;
}

/* Adds a fix unless an equal one is there already, or it would change
 * nothing in this account (a fix that keeps the settings is no fix). */
void
_outbox_diag_fix (Ctx       *ctx,
                  OutboxFix *fix)
{
  g_autoptr(OutboxFix) owned = fix;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (ctx->fixes));

  if (owned == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OutboxFix) other = g_list_model_get_item (G_LIST_MODEL (ctx->fixes), i);

      if (g_str_equal (outbox_fix_get_id (other), outbox_fix_get_id (owned)))
        return;
    }
  if (outbox_fix_get_fields (owned) != OUTBOX_FIX_FIELD_NONE)
    {
      g_autoptr(OutboxAccount) copy = outbox_account_copy (ctx->account);

      if (!outbox_fix_apply (owned, copy))
        return;
    }
  g_list_store_append (ctx->fixes, owned);
}

gboolean
_outbox_diag_has (Ctx        *ctx,
                  const char *needle)
{
  return strstr (ctx->text, needle) != NULL;
}

gboolean
_outbox_diag_has_any (Ctx                *ctx,
                      const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (_outbox_diag_has (ctx, needles[i]))
      return TRUE;
  return FALSE;
}

gboolean
_outbox_diag_enhanced_is (Ctx        *ctx,
                          const char *code)
{
  return g_str_equal (ctx->enhanced, code);
}

const char *
_outbox_diag_step_phrase (OutboxSmtpStep step)
{
  switch (step)
    {
    case OUTBOX_SMTP_STEP_RESOLVING: return _("looking up the server");
    case OUTBOX_SMTP_STEP_CONNECTING: return _("connecting");
    case OUTBOX_SMTP_STEP_GREETING: return _("waiting for the server to greet");
    case OUTBOX_SMTP_STEP_SECURING: return _("setting up encryption");
    case OUTBOX_SMTP_STEP_AUTHENTICATING: return _("signing in");
    case OUTBOX_SMTP_STEP_SENDING: return _("sending the message");
    case OUTBOX_SMTP_STEP_DONE:
    default: return _("finishing");
    }
}

/* The two ports meant for mail programs, the likelier one first. */
void
_outbox_diag_fix_ports (Ctx      *ctx,
                        gboolean  tls_first)
{
  if (tls_first)
    _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, 465));
  _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_STARTTLS, 587));
  _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, 465));
}

/* The login as the provider wants it written, if it is written otherwise. */
void
_outbox_diag_fix_provider_login (Ctx *ctx)
{
  const char *login = outbox_account_get_login (ctx->account);
  const char *at;

  if (ctx->provider == NULL || login == NULL || *login == '\0')
    return;

  at = strchr (login, '@');
  if (ctx->provider->login_local_part && at != NULL && at != login)
    {
      g_autofree char *local = g_strndup (login, at - login);
      _outbox_diag_fix (ctx, outbox_fix_new_login (local));
    }
  else if (ctx->provider->login_full_address && at == NULL &&
           _outbox_address_is_mailbox (diag_sender (ctx)))
    _outbox_diag_fix (ctx, outbox_fix_new_login (diag_sender (ctx)));
}

/* The server the sender's provider documents, when another is set. */
void
_outbox_diag_fix_sender_host (Ctx *ctx)
{
  if (ctx->sender_provider == NULL ||
      g_ascii_strcasecmp (diag_host (ctx), ctx->sender_provider->host) == 0)
    return;
  {
    /* TRANSLATORS: a button; the first %s is a server name, the second a
     * provider's name like Gmail */
    g_autofree char *label = g_strdup_printf (_("Use %s, the server of %s"),
                                              ctx->sender_provider->host,
                                              ctx->sender_provider->name);
    _outbox_diag_fix (ctx, outbox_fix_new_host (ctx->sender_provider->host, label));
  }
}

/* Order matters: specific before general. Errors of the connection first,
 * then what the server's words say, then its codes. */
static gboolean (* const rules[]) (OutboxDiagnosisContext *ctx) = {
  _outbox_diag_rule_cancelled,
  _outbox_diag_rule_invalid_settings,
  _outbox_diag_rule_host_not_found,
  _outbox_diag_rule_refused,
  _outbox_diag_rule_timeout,
  _outbox_diag_rule_network,
  _outbox_diag_rule_tls_handshake,
  _outbox_diag_rule_certificate,
  _outbox_diag_rule_starttls_missing,
  _outbox_diag_rule_plaintext_refused,
  _outbox_diag_rule_auth_unsupported,
  _outbox_diag_rule_relay_denied,
  _outbox_diag_rule_blocklisted,
  _outbox_diag_rule_app_password,
  _outbox_diag_rule_encryption_required,
  _outbox_diag_rule_auth_required,
  _outbox_diag_rule_sender_not_allowed,
  _outbox_diag_rule_domain_policy,
  _outbox_diag_rule_mailbox_full,
  _outbox_diag_rule_temporary,
  _outbox_diag_rule_auth_failed,
  _outbox_diag_rule_server_refuses,
  _outbox_diag_rule_recipient,
  _outbox_diag_rule_sender_rejected,
  _outbox_diag_rule_too_large,
  _outbox_diag_rule_message_rejected,
  _outbox_diag_rule_protocol,
  _outbox_diag_rule_fallback,
};

void
_outbox_diagnosis_classify (OutboxDiagnosisContext *ctx)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i] (ctx))
      return;
}
