/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnosis rules for what the server said: sign-in, relaying, senders,
 * recipients, sizes and temporary trouble. */

#define G_LOG_DOMAIN "outbox-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-diagnosis-private.h"
#include "outbox-util-private.h"

typedef OutboxDiagnosisContext Ctx;

gboolean
_outbox_diag_rule_relay_denied (Ctx *ctx)
{
  gboolean riseup = ctx->provider != NULL && g_str_equal (ctx->provider->name, "riseup");

  if (ctx->code < 500 || ctx->step <= OUTBOX_SMTP_STEP_GREETING || !_outbox_diag_has (ctx, "relay"))
    return FALSE;

  _outbox_diag_set (ctx, "relay-denied", _("The server will not pass your mail on"),
                    _("“Relay access denied” means that the server does not know who you are, so "
                      "it refuses to deliver mail to other domains. (It is also why mail sometimes "
                      "reaches only addresses at the same provider.) Usually one of these is the "
                      "cause:\n• the outgoing server is not your provider’s;\n• the username is "
                      "wrong;\n• signing in is turned off;\n• encryption is turned off."));
  if (riseup || (ctx->sender_provider && g_str_equal (ctx->sender_provider->name, "riseup")))
    _outbox_diag_append (ctx, _("For riseup the server is mail.riseup.net, the username is your "
                                "name without “@riseup.net”, and both signing in and encryption "
                                "are required."));

  if (outbox_account_get_auth (ctx->account) == OUTBOX_AUTH_NONE)
    _outbox_diag_fix (ctx, outbox_fix_new_auth (OUTBOX_AUTH_PASSWORD));
  if (diag_security (ctx) == OUTBOX_SECURITY_NONE)
    _outbox_diag_fix_ports (ctx, riseup);
  _outbox_diag_fix_sender_host (ctx);
  _outbox_diag_fix_provider_login (ctx);
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-server-and-username",
                                                _("Check the outgoing server and the username with "
                                                  "your provider")));
  return TRUE;
}

static const char * const blocklist_words[] = {
  "badmailfrom", "blacklist", "blocklist", "block list", "black list", "denylist",
  "spamhaus", "is listed", "listed at", "listed on", "listed in", NULL
};

gboolean
_outbox_diag_rule_blocklisted (Ctx *ctx)
{
  if (ctx->code < 500 || !_outbox_diag_has_any (ctx, blocklist_words))
    return FALSE;

  if (ctx->step <= OUTBOX_SMTP_STEP_GREETING || ctx->kind == OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE)
    {
      _outbox_diag_set (ctx, "server-refuses", _("The server refuses your network"),
                        _("The server turned the connection away because your internet address is "
                          "on a block list. This happens to addresses that sent spam, and to some "
                          "home connections. Contact your email provider or your internet "
                          "provider."));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("contact-provider",
                                                    _("Contact your email provider")));
      return TRUE;
    }

  _outbox_diag_set (ctx, "blocklisted-sender", _("The sender address is blocked"),
                    _("The server refuses mail from %s because the address is on a block list, "
                      "usually after spam was sent from it or from its domain. This is not a "
                      "setting Outbox can change: send from another account, and ask the address’s "
                      "provider to have it removed from the list."),
                    diag_sender (ctx));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("use-another-account",
                                                _("Send from another account")));
  return TRUE;
}

gboolean
_outbox_diag_rule_app_password (Ctx *ctx)
{
  const OutboxProviderHint *p = ctx->provider;
  gboolean asked = ctx->code == 534 || _outbox_diag_enhanced_is (ctx, "5.7.9") ||
                   _outbox_diag_has (ctx, "application-specific password") ||
                   _outbox_diag_has (ctx, "app password");
  gboolean temporary = ctx->code >= 400 && ctx->code < 500;
  gboolean refused = (ctx->kind == OUTBOX_SMTP_ERROR_AUTH_FAILED && !temporary) || ctx->code == 535;

  if (!asked && !(refused && p != NULL && p->app_password))
    return FALSE;

  if (p != NULL && p->app_password)
    {
      g_autofree char *title = g_strdup_printf (_("%s needs an app password"), p->name);
      g_autofree char *label = g_strdup_printf (_("Create an app password in your %s account "
                                                  "and enter it as the password"), p->name);

      _outbox_diag_set (ctx, "app-password", title,
                        _("%s did not accept the password. When 2-step verification is on, %s does "
                          "not take your normal password from mail programs: create an app "
                          "password in your account’s security settings and enter it here instead. "
                          "If 2-step verification is off, check the username and the password."),
                        p->name, p->name);
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("create-app-password", label));
    }
  else
    {
      _outbox_diag_set (ctx, "app-password", _("An app password is needed"),
                        _("The server asks for an app password: a separate password that your "
                          "email provider creates for mail programs, usually when 2-step "
                          "verification is on. Create one in your account’s security settings and "
                          "enter it here instead of your normal password."));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("create-app-password",
                                                    _("Create an app password and enter it as the "
                                                      "password")));
    }
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-password",
                                                _("Check the username and password")));
  return TRUE;
}

gboolean
_outbox_diag_rule_encryption_required (Ctx *ctx)
{
  guint starttls_port;

  if (!(ctx->code == 538 || _outbox_diag_enhanced_is (ctx, "5.7.11") ||
        (ctx->code == 530 && _outbox_diag_has (ctx, "starttls"))))
    return FALSE;

  _outbox_diag_set (ctx, "encryption-required", _("The server requires encryption first"),
                    _("The server does not let you sign in or send until the connection is "
                      "encrypted, and this account does not encrypt it."));
  /* STARTTLS works on 25 and 587 alike; elsewhere 587 is the place for it. */
  starttls_port = diag_port (ctx) == 25 || diag_port (ctx) == 587 ? diag_port (ctx) : 587;
  _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_STARTTLS, starttls_port));
  _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, 465));
  return TRUE;
}

gboolean
_outbox_diag_rule_auth_required (Ctx *ctx)
{
  if (!(ctx->code == 530 ||
        (_outbox_diag_enhanced_is (ctx, "5.7.0") && _outbox_diag_has (ctx, "authenticat"))))
    return FALSE;

  _outbox_diag_set (ctx, "auth-required", _("The server wants you to sign in"),
                    _("The server takes mail only from people who sign in, and this account is set "
                      "to send without signing in."));
  _outbox_diag_fix (ctx, outbox_fix_new_auth (OUTBOX_AUTH_PASSWORD));
  return TRUE;
}

gboolean
_outbox_diag_rule_sender_not_allowed (Ctx *ctx)
{
  static const char * const words[] = {
    "not owned", "not allowed to send", "does not match", "not authorized to send",
    "send as", "not permitted to send", NULL
  };
  const char *login = outbox_account_get_login (ctx->account);

  if (ctx->kind != OUTBOX_SMTP_ERROR_SENDER_REJECTED || !_outbox_diag_has_any (ctx, words))
    return FALSE;

  _outbox_diag_set (ctx, "sender-not-allowed", _("This login may not send as this address"),
                    _("The server does not let the login “%s” send mail as %s. Providers allow "
                      "sending only from the addresses that belong to the account you sign in "
                      "with."),
                    login ? login : "", diag_sender (ctx));
  if (login != NULL && _outbox_address_is_mailbox (login))
    _outbox_diag_fix (ctx, outbox_fix_new_sender_address (login));
  if (outbox_account_get_auth (ctx->account) != OUTBOX_AUTH_NONE)
    _outbox_diag_fix (ctx, outbox_fix_new_login (diag_sender (ctx)));
  return TRUE;
}

gboolean
_outbox_diag_rule_domain_policy (Ctx *ctx)
{
  static const char * const words[] = { "spf", "dkim", "dmarc", NULL };
  const char *at = strrchr (diag_sender (ctx), '@');

  if (ctx->code < 500 ||
      !(_outbox_diag_has_any (ctx, words) ||
        _outbox_diag_enhanced_is (ctx, "5.7.23") || _outbox_diag_enhanced_is (ctx, "5.7.25") ||
        _outbox_diag_enhanced_is (ctx, "5.7.26") || _outbox_diag_enhanced_is (ctx, "5.7.27")))
    return FALSE;

  _outbox_diag_set (ctx, "domain-policy",
                    _("Mail from this domain is not trusted from this server"),
                    _("The mail was refused because the sender’s domain publishes rules (SPF, DKIM "
                      "or DMARC) about which servers may send its mail, and this server does not "
                      "meet them. Whoever manages the domain %s needs to allow this server in "
                      "those rules."),
                    at ? at + 1 : diag_sender (ctx));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("domain-records",
                                                _("Ask whoever manages your domain to allow this "
                                                  "server")));
  return TRUE;
}

gboolean
_outbox_diag_rule_mailbox_full (Ctx *ctx)
{
  if (!(_outbox_diag_enhanced_is (ctx, "5.2.2") || _outbox_diag_enhanced_is (ctx, "4.2.2") ||
        _outbox_diag_has (ctx, "mailbox full") || _outbox_diag_has (ctx, "over quota") ||
        _outbox_diag_has (ctx, "quota exceeded")))
    return FALSE;

  _outbox_diag_set (ctx, "mailbox-full", _("The recipient’s mailbox is full"),
                    _("The mailbox that the test message goes to is out of space. Delete some mail "
                      "from it, or test with another recipient."));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("free-space", _("Make room in the mailbox")));
  _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Test again")));
  return TRUE;
}

gboolean
_outbox_diag_rule_temporary (Ctx *ctx)
{
  if (ctx->code < 400 || ctx->code >= 500)
    return FALSE;

  if (ctx->step <= OUTBOX_SMTP_STEP_GREETING)
    _outbox_diag_set (ctx, "temporary", _("The server is busy"),
                      _("The server is not taking connections right now (it answered %u). It may "
                        "be overloaded or under maintenance. Nothing needs to change in the "
                        "settings: try again in a few minutes."),
                      ctx->code);
  else
    _outbox_diag_set (ctx, "temporary", _("The server has a temporary problem"),
                      _("The server answered with a temporary error (%u) while %s. It is busy, "
                        "limiting how much you may send, or has a passing problem of its own. "
                        "Nothing needs to change in the settings: try again in a few minutes."),
                      ctx->code, _outbox_diag_step_phrase (ctx->step));
  _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Try again later")));
  return TRUE;
}

gboolean
_outbox_diag_rule_auth_failed (Ctx *ctx)
{
  const char *login = outbox_account_get_login (ctx->account);

  if (!(ctx->kind == OUTBOX_SMTP_ERROR_AUTH_FAILED || ctx->code == 535 ||
        _outbox_diag_enhanced_is (ctx, "5.7.8")))
    return FALSE;

  _outbox_diag_set (ctx, "auth-failed", _("Wrong username or password"),
                    _("The server refused to sign you in as “%s”. The username or the password is "
                      "wrong, or the account is locked."),
                    login ? login : "");
  if (outbox_account_get_auth (ctx->account) == OUTBOX_AUTH_SEPARATE)
    _outbox_diag_append (ctx, _("This account signs in with a separate SMTP login: check that "
                                "login and its password."));
  if (ctx->provider != NULL && ctx->provider->login_local_part)
    _outbox_diag_append (ctx, _("With %s, the username is your name without the part after “@”."),
                         ctx->provider->name);
  else if (ctx->provider != NULL && ctx->provider->login_full_address)
    _outbox_diag_append (ctx, _("With %s, the username is your whole email address."),
                         ctx->provider->name);
  _outbox_diag_fix_provider_login (ctx);
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-password",
                                                _("Check the username and password")));
  return TRUE;
}

gboolean
_outbox_diag_rule_server_refuses (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE)
    return FALSE;

  _outbox_diag_set (ctx, "server-refuses", _("The server refuses your connection"),
                    _("The server turned the connection away at once (it answered %u). It may take "
                      "mail only from certain networks, or your internet address may be on a block "
                      "list. Contact your email provider."),
                    ctx->code);
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("contact-provider",
                                                _("Contact your email provider")));
  return TRUE;
}

gboolean
_outbox_diag_rule_recipient (Ctx *ctx)
{
  static const char * const unknown_words[] = {
    "user unknown", "unknown user", "no mailbox", "mailbox not found", "no such user",
    "does not exist", "mailbox unavailable", "unknown recipient", "recipient unknown",
    "invalid recipient", "not found", NULL
  };

  /* Without an error code, only a permanent reply that says so. */
  if (!(ctx->kind == OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED ||
        (ctx->kind < 0 && ctx->code >= 500 &&
         (g_str_has_prefix (ctx->enhanced, "5.1.") || _outbox_diag_has_any (ctx, unknown_words)))))
    return FALSE;

  if (_outbox_diag_enhanced_is (ctx, "5.1.1") || g_str_has_prefix (ctx->enhanced, "5.1.") ||
      _outbox_diag_has_any (ctx, unknown_words))
    {
      _outbox_diag_set (ctx, "unknown-recipient", _("The recipient address does not exist"),
                        _("The server says there is no mailbox for the address the test message "
                          "goes to. Check that address for typos. Unless you gave another one, the "
                          "test goes to the account’s own address, %s."),
                        diag_sender (ctx));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-recipient",
                                                    _("Check the recipient address")));
      return TRUE;
    }

  _outbox_diag_set (ctx, "recipient-rejected", _("The server refused the recipient"),
                    _("The server would not take mail for the address the test message goes to."));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-recipient",
                                                _("Check the recipient address")));
  return TRUE;
}

gboolean
_outbox_diag_rule_sender_rejected (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_SENDER_REJECTED)
    return FALSE;

  _outbox_diag_set (ctx, "sender-rejected", _("The server refused the sender address"),
                    _("The server does not take mail from %s. Check that the sender address is "
                      "right and that it belongs to the account you sign in with."),
                    diag_sender (ctx));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-sender", _("Check the sender address")));
  return TRUE;
}

gboolean
_outbox_diag_rule_too_large (Ctx *ctx)
{
  guint64 limit = ctx->details->size_limit;

  if (!(ctx->kind == OUTBOX_SMTP_ERROR_TOO_LARGE || _outbox_diag_enhanced_is (ctx, "5.3.4") ||
        _outbox_diag_enhanced_is (ctx, "5.2.3") ||
        (ctx->code == 552 && !_outbox_diag_has (ctx, "quota"))))
    return FALSE;

  if (limit == 0 && ctx->provider != NULL)
    limit = ctx->provider->size_limit;

  if (limit > 0)
    {
      g_autofree char *size = g_format_size (limit);

      _outbox_diag_set (ctx, "too-large", _("The message is too large for the server"),
                        _("The server takes messages of up to %s, and this one is bigger. Send "
                          "smaller attachments, or share large files as links."),
                        size);
    }
  else
    _outbox_diag_set (ctx, "too-large", _("The message is too large for the server"),
                      _("The server refused the message because it is bigger than the server "
                        "takes. Send smaller attachments, or share large files as links."));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("smaller-message", _("Send smaller attachments")));
  return TRUE;
}

gboolean
_outbox_diag_rule_message_rejected (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_MESSAGE_REJECTED)
    return FALSE;

  _outbox_diag_set (ctx, "message-rejected", _("The server refused the message"),
                    _("The server read the message and then refused it, often because a spam "
                      "filter or one of its rules did not like it. Your provider can tell you "
                      "which rule it was."));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("contact-provider",
                                                _("Contact your email provider")));
  return TRUE;
}

gboolean
_outbox_diag_rule_protocol (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_PROTOCOL)
    return FALSE;

  if (ctx->step == OUTBOX_SMTP_STEP_SECURING && diag_security (ctx) == OUTBOX_SECURITY_STARTTLS)
    {
      _outbox_diag_set (ctx, "tls-tampering", _("Something interfered with the encryption"),
                        _("While the connection switched to encryption, unexpected data came from "
                          "the network. A faulty server can cause this, but so can someone between "
                          "you and the server who wants to read or change your mail. Outbox "
                          "stopped to keep your password safe. SSL/TLS on port 465 encrypts from "
                          "the first byte and leaves no such gap."));
      _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, 465));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("other-network",
                                                    _("Try again from another network")));
      return TRUE;
    }

  _outbox_diag_set (ctx, "protocol-error", _("The server’s answer made no sense"),
                    _("The server on port %u did not answer the way a mail server should. The port "
                      "may belong to another kind of service, or the server is faulty."),
                    diag_port (ctx));
  _outbox_diag_fix_ports (ctx, FALSE);
  return TRUE;
}

gboolean
_outbox_diag_rule_fallback (Ctx *ctx)
{
  _outbox_diag_set (ctx, "unknown", _("The test failed"),
                    _("The test stopped while %s, for a reason Outbox cannot explain. The server’s "
                      "reply and the transcript may tell your provider more."),
                    _outbox_diag_step_phrase (ctx->step));
  _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Test again")));
  return TRUE;
}
