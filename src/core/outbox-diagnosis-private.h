/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules behind OutboxDiagnosis, shared by its two source files. */

#pragma once

#include "outbox-diagnosis.h"

G_BEGIN_DECLS

/* What a provider's help pages say that changes the advice. */
typedef struct
{
  const char         *name;               /* a brand, not translated */
  const char * const *host_suffixes;      /* its SMTP servers' names end so */
  const char * const *domains;            /* its users' addresses end so */
  const char         *host;               /* the outgoing server to use */
  gboolean            app_password;       /* with 2-step sign-in, only app passwords work */
  gboolean            login_local_part;   /* the login is the address without @domain */
  gboolean            login_full_address; /* the login is the whole address */
  guint64             size_limit;         /* documented message size limit, bytes */
} OutboxProviderHint;

typedef struct
{
  /* inputs */
  OutboxAccount                *account;
  OutboxSmtpStep                step;
  int                           kind;      /* an OutboxSmtpError, or -1 when not known */
  guint                         code;
  const char                   *enhanced;  /* "5.7.8", or "" */
  char                         *text;      /* the server's text, lowercased, or "" */
  const OutboxDiagnosisDetails *details;   /* never NULL */
  const OutboxProviderHint     *provider;  /* the provider of the host, or NULL */
  const OutboxProviderHint     *sender_provider; /* the provider of the sender's domain */

  /* results */
  const char                   *id;
  char                         *title;
  char                         *explanation;
  GListStore                   *fixes;
} OutboxDiagnosisContext;

const OutboxProviderHint *_outbox_provider_hint_for_host   (const char *host);
const OutboxProviderHint *_outbox_provider_hint_for_domain (const char *domain);

/* The rules, in outbox-diagnosis-connection.c and -replies.c: each returns
 * TRUE when it matched and filled in the results. */
gboolean _outbox_diag_rule_cancelled (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_invalid_settings (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_host_not_found (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_refused (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_timeout (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_network (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_tls_handshake (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_certificate (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_starttls_missing (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_plaintext_refused (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_auth_unsupported (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_relay_denied (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_blocklisted (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_app_password (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_encryption_required (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_auth_required (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_sender_not_allowed (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_domain_policy (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_mailbox_full (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_temporary (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_auth_failed (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_server_refuses (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_recipient (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_sender_rejected (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_too_large (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_message_rejected (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_protocol (OutboxDiagnosisContext *ctx);
gboolean _outbox_diag_rule_fallback (OutboxDiagnosisContext *ctx);

/* What the rules share (outbox-diagnosis-rules.c). */
void        _outbox_diag_set                (OutboxDiagnosisContext *ctx,
                                             const char             *id,
                                             const char             *title,
                                             const char             *format,
                                             ...) G_GNUC_PRINTF (4, 5);
void        _outbox_diag_append             (OutboxDiagnosisContext *ctx,
                                             const char             *format,
                                             ...) G_GNUC_PRINTF (2, 3);
void        _outbox_diag_fix                (OutboxDiagnosisContext *ctx,
                                             OutboxFix              *fix);
gboolean    _outbox_diag_has                (OutboxDiagnosisContext *ctx,
                                             const char             *needle);
gboolean    _outbox_diag_has_any            (OutboxDiagnosisContext *ctx,
                                             const char * const     *needles);
gboolean    _outbox_diag_enhanced_is        (OutboxDiagnosisContext *ctx,
                                             const char             *code);
const char *_outbox_diag_step_phrase        (OutboxSmtpStep          step);
void        _outbox_diag_fix_ports          (OutboxDiagnosisContext *ctx,
                                             gboolean                tls_first);
void        _outbox_diag_fix_provider_login (OutboxDiagnosisContext *ctx);
void        _outbox_diag_fix_sender_host    (OutboxDiagnosisContext *ctx);

static inline guint
diag_port (OutboxDiagnosisContext *ctx)
{
  return outbox_account_get_port (ctx->account);
}

static inline OutboxSecurity
diag_security (OutboxDiagnosisContext *ctx)
{
  return outbox_account_get_security (ctx->account);
}

static inline const char *
diag_host (OutboxDiagnosisContext *ctx)
{
  return outbox_account_get_host (ctx->account);
}

static inline const char *
diag_sender (OutboxDiagnosisContext *ctx)
{
  return outbox_account_get_sender_address (ctx->account);
}

void _outbox_diagnosis_classify (OutboxDiagnosisContext *ctx);

G_END_DECLS
