/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of OutboxDiagnosis and OutboxFix: failures of every kind in
 * DESIGN.md's table lead to the right cause and fixes, and a fix changes
 * the account as its label promises. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "outbox.h"

#define FP "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

typedef enum { NO_ERROR, SMTP, IO, RESOLVER, TLS } Domain;

typedef struct
{
  const char           *name;
  /* the account */
  const char           *host;
  guint                 port;
  OutboxSecurity        security;
  OutboxAuth            auth;
  const char           *username;
  const char           *sender;
  /* the failure */
  OutboxSmtpStep        step;
  Domain                domain;
  int                   code;         /* in the domain */
  guint                 smtp_code;
  const char           *enhanced;
  const char           *text;
  /* details */
  GTlsCertificateFlags  cert_problems;
  const char           *cert_names;   /* comma-separated */
  guint64               size_limit;
  /* expected */
  const char           *id;
  const char           *fixes;        /* fix ids, space-separated, in order */
  const char           *explains;     /* the explanation contains this, or NULL */
} Case;

#define GENERIC "mail.example.gr", 587, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD, \
                "billing@example.gr", "billing@example.gr"

static const Case cases[] = {
  /* wrong username or password, app passwords */
  { "535", GENERIC, OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    535, "5.7.8", "Error: authentication failed", 0, NULL, 0,
    "auth-failed", "advice:check-password", "billing@example.gr" },
  { "535-gmail", "smtp.gmail.com", 587, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "someone@gmail.com", "someone@gmail.com",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    535, "5.7.8", "Username and Password not accepted.", 0, NULL, 0,
    "app-password", "advice:create-app-password advice:check-password", "2-step" },
  { "534-gmail", "smtp.gmail.com", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "someone@gmail.com", "someone@gmail.com",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    534, "5.7.9", "Application-specific password required.", 0, NULL, 0,
    "app-password", "advice:create-app-password advice:check-password", "Gmail" },
  { "535-yandex", "smtp.yandex.com.tr", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "kisi@yandex.com", "kisi@yandex.com",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    535, "5.7.8", "Error: authentication failed: Invalid user or password!", 0, NULL, 0,
    "app-password", "advice:create-app-password advice:check-password", "Yandex" },
  { "454-gmail-is-temporary", "smtp.gmail.com", 587, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_AUTH_PASSWORD, "someone@gmail.com", "someone@gmail.com",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    454, "4.7.0", "Cannot authenticate due to a temporary system problem", 0, NULL, 0,
    "temporary", "retry", NULL },
  { "535-riseup-login", "mail.riseup.net", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "joe_hill@riseup.net", "joe_hill@riseup.net",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    535, "5.7.8", "Error: authentication failed", 0, NULL, 0,
    "auth-failed", "login=joe_hill advice:check-password", "without the part after" },
  { "535-ovh-login", "ssl0.ovh.net", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "webmaster", "webmaster@example.com",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    535, NULL, "authorization failed", 0, NULL, 0,
    "auth-failed", "login=webmaster@example.com advice:check-password", "whole email address" },
  { "530-auth-required", "mail.example.lt", 587, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_NONE,
    "", "info@example.lt",
    OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_SENDER_REJECTED,
    530, "5.7.0", "Authentication required", 0, NULL, 0,
    "auth-required", "auth=password", NULL },
  /* relay access denied and its checklist */
  { "554-relay-generic", "mail.example.lt", 25, OUTBOX_SECURITY_NONE, OUTBOX_AUTH_NONE,
    "info@example.lt", "info@example.lt",
    OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,
    554, "5.7.1", "<friend@example.org>: Relay access denied", 0, NULL, 0,
    "relay-denied",
    "auth=password security=starttls,port=587 security=tls,port=465 advice:check-server-and-username",
    "signing in is turned off" },
  { "554-relay-riseup", "smtp.riseup.net", 587, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "joe_hill@riseup.net", "joe_hill@riseup.net",
    OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,
    554, NULL, "joe_hill@revolt.org: Relay access denied", 0, NULL, 0,
    "relay-denied", "host=mail.riseup.net login=joe_hill advice:check-server-and-username",
    "mail.riseup.net" },
  { "553-relay-ovh", "ssl0.ovh.net", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_NONE,
    "", "contact@example.fr",
    OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,
    553, NULL, "sorry, that domain isn't allowed to be relayed thru this MTA (#5.7.1)", 0, NULL, 0,
    "relay-denied", "auth=password advice:check-server-and-username", NULL },
  /* blocklisted sender, unknown recipient */
  { "554-badmailfrom", "ssl0.ovh.net", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "news@example.fr", "news@example.fr",
    OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_SENDER_REJECTED,
    554, NULL, "sorry, your envelope sender is in my badmailfrom list (#5.7.1)", 0, NULL, 0,
    "blocklisted-sender", "advice:use-another-account", "news@example.fr" },
  { "550-5.1.1", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,
    550, "5.1.1", "<billing@example.gr>: Recipient address rejected: User unknown", 0, NULL, 0,
    "unknown-recipient", "advice:check-recipient", "billing@example.gr" },
  { "550-no-mailbox-no-error", GENERIC, OUTBOX_SMTP_STEP_SENDING, NO_ERROR, 0,
    550, NULL, "Sorry, no mailbox here by that name. (#5.1.1)", 0, NULL, 0,
    "unknown-recipient", "advice:check-recipient", NULL },
  { "550-recipient-policy", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP,
    OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,
    550, "5.7.1", "Recipient rejected by local policy", 0, NULL, 0,
    "recipient-rejected", "advice:check-recipient", NULL },
  /* temporary failures */
  { "421-greeting", GENERIC, OUTBOX_SMTP_STEP_GREETING, SMTP, OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE,
    421, "4.3.2", "Service not available, closing transmission channel", 0, NULL, 0,
    "temporary", "retry", "421" },
  { "451-after-data", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_MESSAGE_REJECTED,
    451, "4.3.0", "Error: queue file write error", 0, NULL, 0,
    "temporary", "retry", "451" },
  { "450-greylisted", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,
    450, "4.2.0", "Recipient address rejected: Greylisted", 0, NULL, 0,
    "temporary", "retry", NULL },
  /* size */
  { "552-too-large", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_MESSAGE_REJECTED,
    552, "5.3.4", "Message size exceeds fixed limit", 0, NULL, 0,
    "too-large", "advice:smaller-message", NULL },
  { "size-limit", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_TOO_LARGE,
    0, NULL, NULL, 0, NULL, 100,
    "too-large", "advice:smaller-message", "100 bytes" },
  { "552-ovh", "ssl0.ovh.net", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "a@example.fr", "a@example.fr", OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_TOO_LARGE,
    552, NULL, "message too big", 0, NULL, 0,
    "too-large", "advice:smaller-message", "10.0\u00a0MB" },
  { "552-mailbox-full", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED,
    552, "5.2.2", "Mailbox full", 0, NULL, 0,
    "mailbox-full", "advice:free-space retry", NULL },
  /* connections */
  { "refused-25", "mail.example.gr", 25, OUTBOX_SECURITY_NONE, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_CONNECTING, SMTP, OUTBOX_SMTP_ERROR_REFUSED, 0, NULL, NULL, 0, NULL, 0,
    "refused", "security=starttls,port=587 security=tls,port=465 retry", "port 25" },
  { "refused-587", GENERIC, OUTBOX_SMTP_STEP_CONNECTING, SMTP, OUTBOX_SMTP_ERROR_REFUSED,
    0, NULL, NULL, 0, NULL, 0, "refused", "security=tls,port=465 retry", NULL },
  { "refused-gio", "mail.example.gr", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_CONNECTING, IO, G_IO_ERROR_CONNECTION_REFUSED, 0, NULL, NULL, 0, NULL, 0,
    "refused", "security=starttls,port=587 retry", NULL },
  { "blocked-25", "mail.example.gr", 25, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_CONNECTING, SMTP, OUTBOX_SMTP_ERROR_TIMEOUT, 0, NULL, NULL, 0, NULL, 0,
    "blocked-port", "security=starttls,port=587 security=tls,port=465 retry", "internet providers" },
  { "no-greeting-25", "mail.example.gr", 25, OUTBOX_SECURITY_NONE, OUTBOX_AUTH_NONE,
    "", "billing@example.gr",
    OUTBOX_SMTP_STEP_GREETING, SMTP, OUTBOX_SMTP_ERROR_TIMEOUT, 0, NULL, NULL, 0, NULL, 0,
    "blocked-port", "security=starttls,port=587 security=tls,port=465", "port 25" },
  { "465-with-starttls", "mail.example.gr", 465, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_GREETING, SMTP, OUTBOX_SMTP_ERROR_TIMEOUT, 0, NULL, NULL, 0, NULL, 0,
    "wrong-tls-mode", "security=tls,port=465 security=starttls,port=587", NULL },
  { "587-with-tls", "mail.example.gr", 587, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_TLS_HANDSHAKE, 0, NULL, NULL, 0, NULL, 0,
    "wrong-tls-mode", "security=starttls,port=587 security=tls,port=465", "STARTTLS" },
  { "25-with-tls-gio", "mail.example.gr", 25, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_CONNECTING, TLS, G_TLS_ERROR_NOT_TLS, 0, NULL, NULL, 0, NULL, 0,
    "wrong-tls-mode", "security=starttls,port=587 security=starttls,port=25 security=tls,port=465",
    NULL },
  { "tls-failed", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_TLS_HANDSHAKE,
    0, NULL, NULL, 0, NULL, 0, "tls-failed", "security=tls,port=465 advice:contact-provider", NULL },
  { "network", GENERIC, OUTBOX_SMTP_STEP_CONNECTING, SMTP, OUTBOX_SMTP_ERROR_NETWORK,
    0, NULL, NULL, 0, NULL, 0, "network", "advice:check-connection retry", NULL },
  { "slow", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_TIMEOUT,
    0, NULL, NULL, 0, NULL, 0, "timeout", "retry timeout=60", "30 seconds" },
  /* certificates */
  { "cert-name-ovh", "ns0.ovh.net", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "a@example.fr", "a@example.fr", OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_CERTIFICATE,
    0, NULL, NULL, G_TLS_CERTIFICATE_BAD_IDENTITY, "ssl0.ovh.net", 0,
    "certificate-name", "host=ssl0.ovh.net pin=" FP, "ssl0.ovh.net" },
  { "cert-name-redirect", "smtp.example.fr", 465, OUTBOX_SECURITY_TLS, OUTBOX_AUTH_PASSWORD,
    "a@example.fr", "a@example.fr", OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_CERTIFICATE,
    0, NULL, NULL, G_TLS_CERTIFICATE_BAD_IDENTITY, "ssl0.ovh.net", 0,
    "certificate-name", "host=ssl0.ovh.net pin=" FP, "OVH" },
  { "cert-name-generic", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_CERTIFICATE,
    0, NULL, NULL, G_TLS_CERTIFICATE_BAD_IDENTITY, "*.hosting.example,mx1.hosting.example,192.0.2.7", 0,
    "certificate-name", "host=mx1.hosting.example pin=" FP, "mx1.hosting.example" },
  { "cert-self-signed", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_CERTIFICATE,
    0, NULL, NULL, G_TLS_CERTIFICATE_UNKNOWN_CA, NULL, 0,
    "certificate-untrusted", "advice:compare-fingerprint pin=" FP, "fingerprint" },
  { "cert-expired", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_CERTIFICATE,
    0, NULL, NULL, G_TLS_CERTIFICATE_EXPIRED, NULL, 0,
    "certificate-expired", "advice:tell-admin pin=" FP, NULL },
  { "cert-future", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_CERTIFICATE,
    0, NULL, NULL, G_TLS_CERTIFICATE_NOT_ACTIVATED, NULL, 0,
    "certificate-not-yet-valid", "advice:check-clock retry", "clock" },
  { "cert-revoked", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_CERTIFICATE,
    0, NULL, NULL, G_TLS_CERTIFICATE_REVOKED | G_TLS_CERTIFICATE_UNKNOWN_CA, NULL, 0,
    "certificate-revoked", "advice:contact-provider", NULL },
  { "cert-gio-no-details", GENERIC, OUTBOX_SMTP_STEP_SECURING, TLS, G_TLS_ERROR_BAD_CERTIFICATE,
    0, NULL, NULL, 0, NULL, 0, "certificate-untrusted", "advice:compare-fingerprint", NULL },
  /* host not found */
  { "dns-spaces", "smtp.example.gr  ", 587, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_RESOLVING, SMTP, OUTBOX_SMTP_ERROR_DNS, 0, NULL, NULL, 0, NULL, 0,
    "host-not-found", "advice:check-server-name", "misspelled" },
  { "dns-typo-gmail", "smtp.gmial.com", 587, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "someone@gmail.com", "someone@gmail.com",
    OUTBOX_SMTP_STEP_RESOLVING, RESOLVER, G_RESOLVER_ERROR_NOT_FOUND, 0, NULL, NULL, 0, NULL, 0,
    "host-not-found", "host=smtp.gmail.com advice:check-server-name", "smtp.gmial.com" },
  /* encryption and sign-in offered or not */
  { "starttls-missing", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_STARTTLS_MISSING,
    0, NULL, NULL, 0, NULL, 0, "starttls-missing", "security=tls,port=465", "587" },
  { "starttls-missing-25", "mail.example.gr", 25, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_STARTTLS_MISSING, 454, "4.7.0",
    "TLS not available due to local problem", 0, NULL, 0,
    "starttls-missing", "security=tls,port=465 security=starttls,port=587", "right now" },
  { "plaintext-refused", "mail.example.gr", 25, OUTBOX_SECURITY_NONE, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_PLAINTEXT_REFUSED,
    0, NULL, NULL, 0, NULL, 0,
    "plaintext-refused", "security=starttls,port=587 security=tls,port=465", "password" },
  { "auth-unsupported-plain", "mail.example.gr", 25, OUTBOX_SECURITY_NONE, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED,
    0, NULL, NULL, 0, NULL, 0,
    "auth-unsupported", "security=starttls,port=587 security=tls,port=465 auth=none", "unencrypted" },
  { "auth-unsupported-587", GENERIC, OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP,
    OUTBOX_SMTP_ERROR_AUTH_UNSUPPORTED, 0, NULL, NULL, 0, NULL, 0,
    "auth-unsupported", "auth=none", NULL },
  { "530-starttls-first", "mail.example.gr", 25, OUTBOX_SECURITY_NONE, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_AUTH_FAILED,
    530, "5.7.0", "Must issue a STARTTLS command first", 0, NULL, 0,
    "encryption-required", "security=starttls,port=25 security=tls,port=465", NULL },
  /* the sender and its domain */
  { "553-not-owned", "mail.example.com", 587, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "office@example.com", "billing@example.com",
    OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_SENDER_REJECTED,
    553, "5.7.1", "<billing@example.com>: Sender address rejected: not owned by user office@example.com",
    0, NULL, 0,
    "sender-not-allowed", "sender-address=office@example.com login=billing@example.com", "office@example.com" },
  { "550-sender-domain", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_SENDER_REJECTED,
    550, "5.1.8", "<billing@example.gr>: Sender address rejected: Domain not found", 0, NULL, 0,
    "sender-rejected", "advice:check-sender", NULL },
  { "550-dmarc", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_MESSAGE_REJECTED,
    550, "5.7.26", "Unauthenticated email from example.gr is not accepted due to domain's DMARC policy",
    0, NULL, 0, "domain-policy", "advice:domain-records", "example.gr" },
  { "554-spam", GENERIC, OUTBOX_SMTP_STEP_SENDING, SMTP, OUTBOX_SMTP_ERROR_MESSAGE_REJECTED,
    554, "5.7.1", "Message rejected as spam", 0, NULL, 0,
    "message-rejected", "advice:contact-provider", NULL },
  /* the server itself */
  { "554-greeting-blocked", GENERIC, OUTBOX_SMTP_STEP_GREETING, SMTP,
    OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE,
    554, "5.7.1", "Service unavailable; client host blocked using zen.spamhaus.org", 0, NULL, 0,
    "server-refuses", "advice:contact-provider", "block list" },
  { "554-greeting", GENERIC, OUTBOX_SMTP_STEP_GREETING, SMTP, OUTBOX_SMTP_ERROR_SERVER_UNAVAILABLE,
    554, NULL, "No SMTP service here", 0, NULL, 0,
    "server-refuses", "advice:contact-provider", "554" },
  { "injection", GENERIC, OUTBOX_SMTP_STEP_SECURING, SMTP, OUTBOX_SMTP_ERROR_PROTOCOL,
    0, NULL, NULL, 0, NULL, 0, "tls-tampering", "security=tls,port=465 advice:other-network", NULL },
  { "not-smtp", "mail.example.gr", 110, OUTBOX_SECURITY_STARTTLS, OUTBOX_AUTH_PASSWORD,
    "billing@example.gr", "billing@example.gr",
    OUTBOX_SMTP_STEP_GREETING, SMTP, OUTBOX_SMTP_ERROR_PROTOCOL, 0, NULL, "+OK POP3 ready", 0, NULL, 0,
    "protocol-error", "security=starttls,port=587 security=tls,port=465", "110" },
  { "cancelled", GENERIC, OUTBOX_SMTP_STEP_AUTHENTICATING, SMTP, OUTBOX_SMTP_ERROR_CANCELLED,
    0, NULL, NULL, 0, NULL, 0, "cancelled", "retry", NULL },
  { "nothing-known", GENERIC, OUTBOX_SMTP_STEP_SENDING, NO_ERROR, 0,
    0, NULL, NULL, 0, NULL, 0, "unknown", "retry", NULL },
};

/* The causes DESIGN.md's table asks for. */
static const char * const required_ids[] = {
  "auth-failed", "app-password", "relay-denied", "temporary", "blocklisted-sender",
  "unknown-recipient", "too-large", "refused", "blocked-port", "wrong-tls-mode",
  "certificate-name", "certificate-untrusted", "certificate-expired", "host-not-found",
  "starttls-missing", "auth-unsupported",
};

static OutboxAccount *
make_account (const Case *c)
{
  OutboxAccount *account = outbox_account_new ();

  outbox_account_set_name (account, "Invoices");
  outbox_account_set_sender_address (account, c->sender);
  outbox_account_set_host (account, c->host);
  outbox_account_set_security (account, c->security);
  outbox_account_set_port (account, c->port);
  outbox_account_set_auth (account, c->auth);
  outbox_account_set_username (account, c->username);
  return account;
}

static GError *
make_error (const Case *c)
{
  switch (c->domain)
    {
    case SMTP: return g_error_new_literal (OUTBOX_SMTP_ERROR, c->code, "smtp error");
    case IO: return g_error_new_literal (G_IO_ERROR, c->code, "io error");
    case RESOLVER: return g_error_new_literal (G_RESOLVER_ERROR, c->code, "resolver error");
    case TLS: return g_error_new_literal (G_TLS_ERROR, c->code, "tls error");
    case NO_ERROR:
    default: return NULL;
    }
}

static OutboxDiagnosis *
diagnose (const Case    *c,
          OutboxAccount *account)
{
  g_autoptr(GError) error = make_error (c);
  g_auto(GStrv) names = c->cert_names ? g_strsplit (c->cert_names, ",", -1) : NULL;
  OutboxDiagnosisDetails details = {
    .certificate_problems = c->cert_problems,
    .certificate_sha256 = c->cert_problems ? FP : NULL,
    .certificate_host_names = (const char * const *)names,
    .size_limit = c->size_limit,
  };

  return outbox_diagnosis_new_with_details (account, c->step, error, c->smtp_code,
                                            c->enhanced, c->text, &details);
}

static char *
fix_ids (OutboxDiagnosis *diagnosis)
{
  GListModel *fixes = outbox_diagnosis_get_fixes (diagnosis);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (fixes); i++)
    {
      g_autoptr(OutboxFix) fix = g_list_model_get_item (fixes, i);

      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, outbox_fix_get_id (fix));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* The account after a fix holds exactly what the fix says. */
static void
check_fix_applies (OutboxAccount *original,
                   OutboxFix     *fix)
{
  g_autoptr(OutboxAccount) account = outbox_account_copy (original);
  OutboxFixFields fields = outbox_fix_get_fields (fix);

  g_assert_cmpstr (outbox_fix_get_label (fix), !=, "");
  if (fields == OUTBOX_FIX_FIELD_NONE)
    {
      g_assert_false (outbox_fix_apply (fix, account));
      g_assert_true (outbox_account_equal (account, original));
      g_assert_cmpint (outbox_fix_get_kind (fix), <=, OUTBOX_FIX_RETRY);
      return;
    }

  g_assert_true (outbox_fix_apply (fix, account));
  if (fields & OUTBOX_FIX_FIELD_SECURITY)
    g_assert_cmpint (outbox_account_get_security (account), ==, outbox_fix_get_security (fix));
  if (fields & OUTBOX_FIX_FIELD_PORT)
    g_assert_cmpuint (outbox_account_get_port (account), ==, outbox_fix_get_port (fix));
  else
    g_assert_cmpuint (outbox_account_get_port (account), ==, outbox_account_get_port (original));
  if (fields & OUTBOX_FIX_FIELD_HOST)
    g_assert_cmpstr (outbox_account_get_host (account), ==, outbox_fix_get_host (fix));
  else
    g_assert_cmpstr (outbox_account_get_host (account), ==, outbox_account_get_host (original));
  if (fields & OUTBOX_FIX_FIELD_AUTH)
    g_assert_cmpint (outbox_account_get_auth (account), ==, outbox_fix_get_auth (fix));
  if (fields & OUTBOX_FIX_FIELD_LOGIN)
    g_assert_cmpstr (outbox_account_get_login (account), ==, outbox_fix_get_login (fix));
  if (fields & OUTBOX_FIX_FIELD_TIMEOUT)
    g_assert_cmpuint (outbox_account_get_timeout (account), ==, outbox_fix_get_timeout (fix));
  if (fields & OUTBOX_FIX_FIELD_SENDER_ADDRESS)
    g_assert_cmpstr (outbox_account_get_sender_address (account), ==,
                     outbox_fix_get_sender_address (fix));
  if (fields & OUTBOX_FIX_FIELD_PINNED_CERTIFICATE)
    {
      g_assert_cmpint (outbox_fix_get_kind (fix), ==, OUTBOX_FIX_TRUST);
      g_assert_cmpstr (outbox_account_get_pinned_certificate_sha256 (account), ==,
                       outbox_fix_get_fingerprint (fix));
    }
  else
    g_assert_cmpint (outbox_fix_get_kind (fix), ==, OUTBOX_FIX_CHANGE);

  /* What a fix sets, it sets validly (turning sign-in on may still ask for
   * a username), and a second time changes nothing. */
  {
    static const struct { OutboxFixFields field; const char *property; } props[] = {
      { OUTBOX_FIX_FIELD_SECURITY, "security" }, { OUTBOX_FIX_FIELD_PORT, "port" },
      { OUTBOX_FIX_FIELD_HOST, "host" }, { OUTBOX_FIX_FIELD_LOGIN, "username" },
      { OUTBOX_FIX_FIELD_LOGIN, "smtp-username" }, { OUTBOX_FIX_FIELD_TIMEOUT, "timeout" },
      { OUTBOX_FIX_FIELD_SENDER_ADDRESS, "sender-address" },
      { OUTBOX_FIX_FIELD_PINNED_CERTIFICATE, "pinned-certificate-sha256" },
    };
    g_autoptr(GHashTable) problems = outbox_account_validate (account);

    for (guint i = 0; i < G_N_ELEMENTS (props); i++)
      if (fields & props[i].field)
        g_assert_false (g_hash_table_contains (problems, props[i].property));
  }
  g_assert_false (outbox_fix_apply (fix, account));
}

static void
test_table (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(OutboxAccount) account = make_account (c);
      g_autoptr(OutboxDiagnosis) diagnosis = NULL;
      g_autofree char *ids = NULL;
      g_autofree char *text = NULL;
      GListModel *fixes;

      g_test_message ("case %s", c->name);
      diagnosis = diagnose (c, account);
      ids = fix_ids (diagnosis);
      g_test_message ("  %s: %s [%s]", outbox_diagnosis_get_id (diagnosis),
                      outbox_diagnosis_get_title (diagnosis), ids);
      g_assert_cmpstr (outbox_diagnosis_get_id (diagnosis), ==, c->id);
      g_assert_cmpstr (ids, ==, c->fixes);
      g_assert_cmpstr (outbox_diagnosis_get_title (diagnosis), !=, "");
      g_assert_cmpuint (strlen (outbox_diagnosis_get_explanation (diagnosis)), >, 40);
      if (c->explains != NULL)
        g_assert_nonnull (strstr (outbox_diagnosis_get_explanation (diagnosis), c->explains));
      g_hash_table_add (seen, (gpointer)c->id);

      fixes = outbox_diagnosis_get_fixes (diagnosis);
      text = outbox_diagnosis_format (diagnosis);
      g_test_message ("%s", text);
      g_assert_true (g_str_has_prefix (text, outbox_diagnosis_get_title (diagnosis)));
      for (guint j = 0; j < g_list_model_get_n_items (fixes); j++)
        {
          g_autoptr(OutboxFix) fix = g_list_model_get_item (fixes, j);

          g_assert_nonnull (strstr (text, outbox_fix_get_label (fix)));
          check_fix_applies (account, fix);
        }
      if (c->smtp_code != 0)
        {
          g_autofree char *code = g_strdup_printf ("%u", c->smtp_code);
          g_assert_true (g_str_has_prefix (outbox_diagnosis_get_server_reply (diagnosis), code));
          g_assert_nonnull (strstr (text, outbox_diagnosis_get_server_reply (diagnosis)));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (required_ids); i++)
    {
      g_test_message ("required: %s", required_ids[i]);
      g_assert_true (g_hash_table_contains (seen, required_ids[i]));
    }
}

/* Following the advice turns the failing setting into the working one. */
static void
test_apply_promised_changes (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  g_autoptr(GError) timeout = g_error_new_literal (OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_TIMEOUT, "");
  g_autoptr(GError) handshake = g_error_new_literal (OUTBOX_SMTP_ERROR,
                                                     OUTBOX_SMTP_ERROR_TLS_HANDSHAKE, "");
  g_autoptr(OutboxDiagnosis) silence = NULL;
  g_autoptr(OutboxDiagnosis) plain_first = NULL;
  g_autoptr(OutboxFix) first = NULL;

  outbox_account_set_sender_address (account, "billing@example.gr");
  outbox_account_set_host (account, "mail.example.gr");
  outbox_account_set_security (account, OUTBOX_SECURITY_STARTTLS);
  outbox_account_set_port (account, 465);

  /* 465 with STARTTLS: silence; the first fix is "Use port 465 with SSL/TLS". */
  silence = outbox_diagnosis_new (account, OUTBOX_SMTP_STEP_GREETING, timeout, 0, NULL, NULL);
  first = g_list_model_get_item (outbox_diagnosis_get_fixes (silence), 0);
  g_assert_cmpstr (outbox_fix_get_label (first), ==, "Use port 465 with SSL/TLS");
  g_assert_true (outbox_fix_apply (first, account));
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_TLS);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 465);
  g_clear_object (&first);

  /* SSL/TLS on 587: the first fix is "Use STARTTLS on port 587". */
  outbox_account_set_port (account, 587);
  plain_first = outbox_diagnosis_new (account, OUTBOX_SMTP_STEP_SECURING, handshake, 0, NULL, NULL);
  g_assert_cmpstr (outbox_diagnosis_get_id (plain_first), ==, "wrong-tls-mode");
  first = g_list_model_get_item (outbox_diagnosis_get_fixes (plain_first), 0);
  g_assert_cmpstr (outbox_fix_get_label (first), ==, "Use STARTTLS on port 587");
  g_assert_true (outbox_fix_apply (first, account));
  g_assert_cmpint (outbox_account_get_security (account), ==, OUTBOX_SECURITY_STARTTLS);
  g_assert_cmpuint (outbox_account_get_port (account), ==, 587);
}

static void
test_login_fix_separate (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  g_autoptr(OutboxFix) fix = outbox_fix_new_login ("joe_hill");

  outbox_account_set_auth (account, OUTBOX_AUTH_SEPARATE);
  outbox_account_set_username (account, "office@example.org");
  outbox_account_set_smtp_username (account, "joe_hill@riseup.net");
  g_assert_true (outbox_fix_apply (fix, account));
  /* the separate SMTP login changes, the account's own username stays */
  g_assert_cmpstr (outbox_account_get_smtp_username (account), ==, "joe_hill");
  g_assert_cmpstr (outbox_account_get_username (account), ==, "office@example.org");
}

static void
test_pin_fix (void)
{
  g_autoptr(OutboxAccount) account = outbox_account_new ();
  g_autoptr(OutboxFix) fix = outbox_fix_new_pin (FP);
  g_autoptr(JsonNode) json = outbox_fix_to_json (fix);
  JsonObject *changes;

  g_assert_cmpint (outbox_fix_get_kind (fix), ==, OUTBOX_FIX_TRUST);
  g_assert_cmpstr (outbox_account_get_pinned_certificate_sha256 (account), ==, "");
  g_assert_true (outbox_fix_apply (fix, account));
  g_assert_cmpstr (outbox_account_get_pinned_certificate_sha256 (account), ==, FP);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "kind"), ==, "trust");
  changes = json_object_get_object_member (json_node_get_object (json), "changes");
  g_assert_cmpstr (json_object_get_string_member (changes, "pinned_certificate_sha256"), ==, FP);
}

static void
test_json (void)
{
  g_autoptr(OutboxAccount) account = make_account (&cases[0]);
  g_autoptr(GError) error = g_error_new_literal (OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_REFUSED, "");
  g_autoptr(OutboxDiagnosis) diagnosis = outbox_diagnosis_new (account, OUTBOX_SMTP_STEP_CONNECTING,
                                                               error, 0, NULL, NULL);
  g_autoptr(JsonNode) node = outbox_diagnosis_to_json (diagnosis);
  JsonObject *root = json_node_get_object (node);
  JsonArray *fixes = json_object_get_array_member (root, "fixes");
  JsonObject *first;

  g_assert_cmpstr (json_object_get_string_member (root, "id"), ==, "refused");
  g_assert_true (json_object_get_null_member (root, "server_reply"));
  g_assert_cmpuint (json_array_get_length (fixes), ==,
                    g_list_model_get_n_items (outbox_diagnosis_get_fixes (diagnosis)));
  first = json_array_get_object_element (fixes, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "security=tls,port=465");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "changes"),
                                               "port"), ==, 465);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Diagnosis/table", test_table);
  g_test_add_func ("/Outbox/Diagnosis/apply-promised-changes", test_apply_promised_changes);
  g_test_add_func ("/Outbox/Diagnosis/login-fix-separate", test_login_fix_separate);
  g_test_add_func ("/Outbox/Diagnosis/pin-fix", test_pin_fix);
  g_test_add_func ("/Outbox/Diagnosis/json", test_json);

  return g_test_run ();
}
