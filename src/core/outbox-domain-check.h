/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sender domain checks: does the domain of an account's address publish
 * an SPF record and a DMARC policy? Looked up through GResolver; the
 * results are warnings, never failures, and not a full SPF evaluation. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_DOMAIN_RECORD_UNCHECKED,  /* not looked up yet, or the look-up failed */
  OUTBOX_DOMAIN_RECORD_MISSING,    /* the domain publishes none */
  OUTBOX_DOMAIN_RECORD_PRESENT,    /* exactly one */
  OUTBOX_DOMAIN_RECORD_MULTIPLE,   /* more than one: receivers treat that as an error */
  OUTBOX_DOMAIN_RECORD_INVALID,    /* DMARC: a record without a valid policy */
} OutboxDomainRecordState;

typedef enum
{
  OUTBOX_DMARC_POLICY_UNKNOWN,
  OUTBOX_DMARC_POLICY_NONE,        /* p=none: receivers only report */
  OUTBOX_DMARC_POLICY_QUARANTINE,  /* p=quarantine: failing mail goes to spam */
  OUTBOX_DMARC_POLICY_REJECT,      /* p=reject: failing mail is refused */
} OutboxDmarcPolicy;

#define OUTBOX_TYPE_DOMAIN_CHECK (outbox_domain_check_get_type ())

G_DECLARE_FINAL_TYPE (OutboxDomainCheck, outbox_domain_check, OUTBOX, DOMAIN_CHECK, GObject)

/* @address_or_domain: "billing@example.gr" or "example.gr" (Unicode
 * allowed). NULL when there is no domain to check in it. */
OutboxDomainCheck       *outbox_domain_check_new              (const char          *address_or_domain);

/* Looks up TXT <domain> and TXT _dmarc.<domain> at once. @resolver: NULL
 * for g_resolver_get_default(). Fails only when cancelled; a failed
 * look-up leaves its state OUTBOX_DOMAIN_RECORD_UNCHECKED. */
void                     outbox_domain_check_run_async        (OutboxDomainCheck   *self,
                                                               GResolver           *resolver,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean                 outbox_domain_check_run_finish       (OutboxDomainCheck   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The domain in its ASCII (DNS) form. */
const char              *outbox_domain_check_get_domain       (OutboxDomainCheck   *self);
OutboxDomainRecordState  outbox_domain_check_get_spf_state    (OutboxDomainCheck   *self);
/* The SPF record (the first when several), or NULL. */
const char              *outbox_domain_check_get_spf_record   (OutboxDomainCheck   *self);
OutboxDomainRecordState  outbox_domain_check_get_dmarc_state  (OutboxDomainCheck   *self);
OutboxDmarcPolicy        outbox_domain_check_get_dmarc_policy (OutboxDomainCheck   *self);
const char              *outbox_domain_check_get_dmarc_record (OutboxDomainCheck   *self);
/* Why a look-up failed, or NULL. */
const char              *outbox_domain_check_get_spf_error    (OutboxDomainCheck   *self);
const char              *outbox_domain_check_get_dmarc_error  (OutboxDomainCheck   *self);

/* Short translated words for a table: "SPF: published", "DMARC: reject". */
char                    *outbox_domain_check_describe_spf     (OutboxDomainCheck   *self);
char                    *outbox_domain_check_describe_dmarc   (OutboxDomainCheck   *self);

/* (transfer full) (element-type OutboxNotice): what the results mean, in
 * plain words; none when SPF and a quarantine or reject policy exist. */
GPtrArray               *outbox_domain_check_get_notices      (OutboxDomainCheck   *self);

/* {domain, spf: {state, record, error}, dmarc: {state, policy, record,
 * error}, notices: […]} with stable state and policy names. */
JsonNode                *outbox_domain_check_to_json          (OutboxDomainCheck   *self);

const char              *outbox_domain_record_state_to_string (OutboxDomainRecordState state);
const char              *outbox_dmarc_policy_to_string        (OutboxDmarcPolicy    policy);

G_END_DECLS
