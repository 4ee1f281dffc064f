/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The readiness report before a campaign: the results of testing every
 * account, their certificate and sender domain notices, as JSON or as a
 * self-contained printable HTML page. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "outbox-account.h"
#include "outbox-domain-check.h"
#include "outbox-test-report.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_CAMPAIGN_REPORT (outbox_campaign_report_get_type ())

G_DECLARE_FINAL_TYPE (OutboxCampaignReport, outbox_campaign_report, OUTBOX, CAMPAIGN_REPORT, GObject)

OutboxCampaignReport *outbox_campaign_report_new            (void);

/* One row. @report: NULL when the account was not tested, @problem then
 * says why ("the settings are not valid: host"). @notices: (nullable)
 * (element-type OutboxNotice): what the journal said about the
 * certificate. @domain: (nullable): the sender domain checks. */
void                  outbox_campaign_report_add            (OutboxCampaignReport *self,
                                                             OutboxAccount        *account,
                                                             OutboxTestReport     *report,
                                                             const char           *problem,
                                                             GPtrArray            *notices,
                                                             OutboxDomainCheck    *domain);
guint                 outbox_campaign_report_get_n_accounts (OutboxCampaignReport *self);
guint                 outbox_campaign_report_get_n_worked   (OutboxCampaignReport *self);
guint                 outbox_campaign_report_get_n_warnings (OutboxCampaignReport *self);

/* "3 accounts tested: 2 worked, 1 failed; 2 warnings.", translated. */
char                 *outbox_campaign_report_format_summary (OutboxCampaignReport *self);

JsonNode             *outbox_campaign_report_to_json        (OutboxCampaignReport *self);
/* A whole page: inline style, no script, no external resource, every
 * text escaped, in the user's language. */
char                 *outbox_campaign_report_to_html        (OutboxCampaignReport *self);

/* Writes JSON when @file's name ends in .json, HTML for .html or .htm;
 * G_IO_ERROR_INVALID_ARGUMENT for anything else. */
gboolean              outbox_campaign_report_write          (OutboxCampaignReport *self,
                                                             GFile                *file,
                                                             GError              **error);

G_END_DECLS
