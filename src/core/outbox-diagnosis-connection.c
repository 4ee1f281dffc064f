/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnosis rules for failures of the connection itself: the name, the
 * port, the time, the encryption and the certificate. */

#define G_LOG_DOMAIN "outbox-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-diagnosis-private.h"
#include "outbox-util-private.h"

typedef OutboxDiagnosisContext Ctx;

gboolean
_outbox_diag_rule_cancelled (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_CANCELLED)
    return FALSE;
  _outbox_diag_set (ctx, "cancelled", _("The test was cancelled"),
                    _("You stopped the test before it finished. Nothing was found to be wrong up "
                      "to that point."));
  _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Test again")));
  return TRUE;
}

gboolean
_outbox_diag_rule_invalid_settings (Ctx *ctx)
{
  const char *label = NULL;
  g_autofree char *problem = NULL;

  if (ctx->kind != OUTBOX_SMTP_ERROR_INVALID_SETTINGS)
    return FALSE;

  problem = _outbox_account_first_problem (ctx->account, FALSE, &label);
  if (problem)
    /* TRANSLATORS: the first %s is a field of the account, like "Sender
     * address"; the second says what is wrong with it */
    _outbox_diag_set (ctx, "invalid-settings", _("A setting of this account is not valid"),
                      _("Outbox did not connect to the server and sent nothing, because the "
                        "setting “%s” cannot be used: %s Settings like this usually come from "
                        "editing the accounts file by hand. Correct the field in the account’s "
                        "settings, then test again."),
                      label, problem);
  else
    _outbox_diag_set (ctx, "invalid-settings", _("A setting of this account is not valid"),
                      _("Outbox did not connect to the server and sent nothing, because a "
                        "setting of the account could not be used. Settings like this usually "
                        "come from editing the accounts file by hand. Check the account’s "
                        "settings, then test again."));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("correct-settings",
                                                _("Correct the account’s settings")));
  return TRUE;
}

gboolean
_outbox_diag_rule_host_not_found (Ctx *ctx)
{
  /* OutboxAccount already drops surrounding spaces from the name. */
  if (ctx->kind != OUTBOX_SMTP_ERROR_DNS)
    return FALSE;

  _outbox_diag_set (ctx, "host-not-found", _("The server name was not found"),
                    _("Your computer could not find a server called “%s”. The name may be "
                      "misspelled, may contain spaces or other characters that do not belong in "
                      "it, or may not exist on the internet. Compare it with the outgoing (SMTP) "
                      "server your email provider gives."),
                    diag_host (ctx));

  _outbox_diag_fix_sender_host (ctx);
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-server-name",
                                                _("Check the outgoing server’s name with your "
                                                  "provider")));
  return TRUE;
}

gboolean
_outbox_diag_rule_refused (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_REFUSED)
    return FALSE;

  _outbox_diag_set (ctx, "refused", _("The server refused the connection"),
                    _("The computer at %s answered, but nothing there takes mail connections on "
                      "port %u. Either the port is wrong for this server or its mail service is "
                      "down. Servers usually take mail from programs like this one on port 587 "
                      "(with STARTTLS) or 465 (with SSL/TLS)."),
                    diag_host (ctx), diag_port (ctx));
  _outbox_diag_fix_ports (ctx, diag_port (ctx) == 587);
  _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Try again later")));
  return TRUE;
}

gboolean
_outbox_diag_rule_timeout (Ctx *ctx)
{
  guint timeout = outbox_account_get_timeout (ctx->account);

  if (ctx->kind != OUTBOX_SMTP_ERROR_TIMEOUT)
    return FALSE;

  if (ctx->step <= OUTBOX_SMTP_STEP_CONNECTING)
    {
      if (diag_port (ctx) == 25)
        _outbox_diag_set (ctx, "blocked-port", _("No answer on port 25"),
                          _("The server did not answer on port 25. Many internet providers block "
                            "this port for their customers to stop spam from infected computers. "
                            "Ports 587 and 465 are meant for sending from programs like this one "
                            "and are rarely blocked."));
      else
        _outbox_diag_set (ctx, "blocked-port", _("No answer from the server"),
                          _("The server did not answer on port %u within %u seconds. A firewall, "
                            "your network or your internet provider may be blocking this port, or "
                            "the server is down."),
                          diag_port (ctx), timeout);
      _outbox_diag_fix_ports (ctx, FALSE);
      _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Try again later")));
      return TRUE;
    }

  if (ctx->step == OUTBOX_SMTP_STEP_GREETING && diag_security (ctx) != OUTBOX_SECURITY_TLS)
    {
      if (diag_port (ctx) == 465)
        {
          _outbox_diag_set (ctx, "wrong-tls-mode", _("Port 465 needs SSL/TLS"),
                            _("Port 465 expects encryption from the very first byte (SSL/TLS). The "
                              "server waited in silence for it, while Outbox waited for the server "
                              "to say hello, as it does with STARTTLS. Choose SSL/TLS for port "
                              "465, or STARTTLS with port 587."));
          _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, 465));
          _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_STARTTLS, 587));
          return TRUE;
        }

      _outbox_diag_set (ctx, "blocked-port", _("The server never said hello"),
                        _("The connection to port %u opened, but the server said nothing within %u "
                          "seconds. Something between you and the server may be holding the "
                          "connection, or the port expects encryption from the first byte."),
                        diag_port (ctx), timeout);
      if (diag_port (ctx) == 25)
        _outbox_diag_append (ctx, _("Many internet providers block port 25 for their customers."));
      _outbox_diag_fix_ports (ctx, FALSE);
      if (diag_port (ctx) != 25 && diag_port (ctx) != 587)
        _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, diag_port (ctx)));
      return TRUE;
    }

  _outbox_diag_set (ctx, "timeout", _("The server took too long"),
                    _("The server stopped answering while %s, and Outbox gave up after %u seconds. "
                      "The server may be overloaded, or the connection is very slow."),
                    _outbox_diag_step_phrase (ctx->step), timeout);
  _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Try again later")));
  if (timeout < 60)
    _outbox_diag_fix (ctx, outbox_fix_new_timeout (60));
  else if (timeout < 120)
    _outbox_diag_fix (ctx, outbox_fix_new_timeout (120));
  return TRUE;
}

gboolean
_outbox_diag_rule_network (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_NETWORK)
    return FALSE;

  _outbox_diag_set (ctx, "network", _("The server could not be reached"),
                    _("Your computer could not reach %s: it may be offline, a VPN or a firewall "
                      "may stand in the way, or the connection broke off."),
                    diag_host (ctx));
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-connection",
                                                _("Check your internet connection")));
  _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Test again")));
  return TRUE;
}

gboolean
_outbox_diag_rule_tls_handshake (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_TLS_HANDSHAKE)
    return FALSE;

  if (diag_security (ctx) == OUTBOX_SECURITY_TLS && diag_port (ctx) != 465)
    {
      _outbox_diag_set (ctx, "wrong-tls-mode", _("This port starts without encryption"),
                        _("The server on port %u starts the conversation in plain text and "
                          "switches to encryption only when asked to (STARTTLS). Outbox used "
                          "SSL/TLS, which expects encryption from the first byte, so the two could "
                          "not understand each other. Use STARTTLS on this port, or SSL/TLS on "
                          "port 465."),
                        diag_port (ctx));
      _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_STARTTLS, 587));
      _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_STARTTLS, diag_port (ctx)));
      _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, 465));
      return TRUE;
    }

  _outbox_diag_set (ctx, "tls-failed", _("Encryption could not be set up"),
                    _("Outbox and the server could not agree on a way to encrypt the connection. "
                      "The server may offer only old encryption that is no longer safe, or "
                      "something on the network interfered."));
  _outbox_diag_fix_ports (ctx, diag_security (ctx) == OUTBOX_SECURITY_STARTTLS);
  _outbox_diag_fix (ctx, outbox_fix_new_advice ("contact-provider",
                                                _("Ask your email provider which encryption "
                                                  "settings to use")));
  return TRUE;
}

gboolean
_outbox_diag_rule_certificate (Ctx *ctx)
{
  GTlsCertificateFlags problems = ctx->details->certificate_problems;
  const char * const *names = ctx->details->certificate_host_names;
  const char *fingerprint = ctx->details->certificate_sha256;
  gboolean offer_pin = TRUE;

  if (ctx->kind != OUTBOX_SMTP_ERROR_CERTIFICATE)
    return FALSE;

  if (problems & G_TLS_CERTIFICATE_REVOKED)
    {
      _outbox_diag_set (ctx, "certificate-revoked", _("The server’s certificate was withdrawn"),
                        _("The certificate that proves the server’s identity was revoked by "
                          "whoever issued it, usually because its secret key was stolen or lost. "
                          "Do not send through this server until its administrators replace the "
                          "certificate."));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("contact-provider",
                                                    _("Tell your email provider or the server’s "
                                                      "administrators")));
      return TRUE;
    }

  if (problems & G_TLS_CERTIFICATE_BAD_IDENTITY)
    {
      g_autofree char *list = names ? g_strjoinv (", ", (char **)names) : NULL;
      gboolean ovh = ctx->provider != NULL && g_str_equal (ctx->provider->name, "OVH");

      _outbox_diag_set (ctx, "certificate-name", _("The certificate is for another server name"),
                        _("The server at %s showed a certificate that is valid for other names, so "
                          "Outbox cannot be sure it is talking to the right server. This often "
                          "happens when the server name you entered only points to the mail server "
                          "instead of being the server’s own name."),
                        diag_host (ctx));
      if (list != NULL && *list != '\0')
        /* TRANSLATORS: %s is a list of server names */
        _outbox_diag_append (ctx, _("The certificate is valid for: %s."), list);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        if (g_str_equal (names[i], "ssl0.ovh.net"))
          ovh = TRUE;
      if (ovh)
        {
          _outbox_diag_append (ctx, _("With OVH, use ssl0.ovh.net as the server name: its "
                                      "certificate is made for that name, not for the names that "
                                      "redirect to it."));
          _outbox_diag_fix (ctx, outbox_fix_new_host ("ssl0.ovh.net",
                                                      _("Use the certificate’s host name "
                                                        "ssl0.ovh.net")));
        }
      for (guint i = 0, added = 0; names != NULL && names[i] != NULL && added < 3; i++)
        {
          g_autofree char *label = NULL;

          /* a wildcard or an address literal is no name to type in */
          if (strchr (names[i], '*') != NULL || !_outbox_hostname_is_valid (names[i]) ||
              g_hostname_is_ip_address (names[i]))
            continue;
          /* TRANSLATORS: a button; %s is a server name */
          label = g_strdup_printf (_("Use the certificate’s host name %s"), names[i]);
          _outbox_diag_fix (ctx, outbox_fix_new_host (names[i], label));
          added++;
        }
    }
  else if (problems & G_TLS_CERTIFICATE_EXPIRED)
    {
      _outbox_diag_set (ctx, "certificate-expired", _("The server’s certificate has expired"),
                        _("The certificate that proves the server’s identity is past its end date. "
                          "The server’s administrators need to renew it. Until they do, you can "
                          "trust this exact certificate, if you are sure you are talking to the "
                          "right server."));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("tell-admin",
                                                    _("Tell the server’s administrators that the "
                                                      "certificate expired")));
    }
  else if (problems & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    {
      _outbox_diag_set (ctx, "certificate-not-yet-valid",
                        _("The server’s certificate is not valid yet"),
                        _("The certificate that proves the server’s identity starts to be valid "
                          "later than your computer’s clock says. Check that your computer’s date "
                          "and time are right."));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("check-clock",
                                                    _("Check your computer’s date and time")));
      _outbox_diag_fix (ctx, outbox_fix_new_retry (_("Test again")));
      offer_pin = FALSE;
    }
  else if (problems & G_TLS_CERTIFICATE_INSECURE)
    {
      _outbox_diag_set (ctx, "certificate-insecure", _("The server’s certificate is not secure"),
                        _("The certificate that proves the server’s identity uses a method that is "
                          "too weak to be trusted today. The server’s administrators need to "
                          "replace it."));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("tell-admin",
                                                    _("Tell the server’s administrators that the "
                                                      "certificate is too weak")));
      offer_pin = FALSE;
    }
  else
    {
      _outbox_diag_set (ctx, "certificate-untrusted", _("The server’s certificate is not trusted"),
                        _("The server proved its identity with a certificate that no authority "
                          "your computer trusts has vouched for. Company servers sometimes use "
                          "such “self-signed” certificates, but the same thing happens when "
                          "someone intercepts the connection. Trust it only if you know that this "
                          "server uses this certificate: compare its fingerprint with the one your "
                          "administrator gives you."));
      _outbox_diag_fix (ctx, outbox_fix_new_advice ("compare-fingerprint",
                                                    _("Ask the server’s administrator for the "
                                                      "certificate’s fingerprint")));
    }

  if (offer_pin && fingerprint != NULL && *fingerprint != '\0')
    _outbox_diag_fix (ctx, outbox_fix_new_pin (fingerprint));
  return TRUE;
}

gboolean
_outbox_diag_rule_starttls_missing (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_STARTTLS_MISSING)
    return FALSE;

  _outbox_diag_set (ctx, "starttls-missing", _("The server does not offer encryption here"),
                    _("This account uses STARTTLS, but the server on port %u did not offer to "
                      "switch to an encrypted connection. Outbox does not send your password or "
                      "your mail unencrypted, so it stopped."),
                    diag_port (ctx));
  if (ctx->code == 454)
    _outbox_diag_append (ctx, _("The server answered that encryption is not available right now; "
                                "this may pass."));
  _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_TLS, 465));
  _outbox_diag_fix (ctx, outbox_fix_new_security (OUTBOX_SECURITY_STARTTLS, 587));
  return TRUE;
}

gboolean
_outbox_diag_rule_plaintext_refused (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_PLAINTEXT_REFUSED)
    return FALSE;

  _outbox_diag_set (ctx, "plaintext-refused", _("Your password would travel unencrypted"),
                    _("This account does not use encryption, so signing in would send your "
                      "password across the network as plain text that anyone along the way could "
                      "read. Outbox did not send it."));
  _outbox_diag_fix_ports (ctx, FALSE);
  return TRUE;
}

gboolean
_outbox_diag_rule_auth_unsupported (Ctx *ctx)
{
  if (ctx->kind != OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED)
    return FALSE;

  if (diag_security (ctx) == OUTBOX_SECURITY_NONE)
    {
      _outbox_diag_set (ctx, "auth-unsupported", _("The server does not offer sign-in here"),
                        _("The server did not offer to sign in on this unencrypted connection. "
                          "Most servers let you sign in only after the connection is encrypted."));
      _outbox_diag_fix_ports (ctx, FALSE);
    }
  else if (diag_port (ctx) == 25)
    {
      _outbox_diag_set (ctx, "auth-unsupported", _("The server does not offer sign-in here"),
                        _("Port 25 is meant for mail passing between servers, and this server does "
                          "not offer to sign in on it. Programs like this one send through port "
                          "587 or 465."));
      _outbox_diag_fix_ports (ctx, FALSE);
    }
  else
    _outbox_diag_set (ctx, "auth-unsupported", _("The server does not offer sign-in here"),
                      _("This account is set to sign in, but the server on port %u offers no way "
                        "of signing in that Outbox knows. If this server takes your mail without a "
                        "password (some company networks do), choose not to sign in."),
                      diag_port (ctx));
  _outbox_diag_fix (ctx, outbox_fix_new_auth (OUTBOX_AUTH_NONE));
  return TRUE;
}
