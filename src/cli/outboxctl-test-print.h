/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What outboxctl test learned about each account, and how it shows it: the
 * report of one account, the table of --all, JSON, and the readiness report. */

#pragma once

#include "outbox.h"

G_BEGIN_DECLS

typedef struct
{
  OutboxAccount     *account;
  GHashTable        *problems;   /* the fields that do not validate; none when tested */
  OutboxTestReport  *report;     /* NULL when the settings are not valid */
  GPtrArray         *notices;    /* the certificate watch's, after the test */
  OutboxDomainCheck *domain;     /* with --check-domains */
} OutboxctlTestResult;

OutboxctlTestResult *outboxctl_test_result_new    (OutboxAccount       *account);
void                 outboxctl_test_result_free   (OutboxctlTestResult *result);

/* One account's report, as text with its diagnosis and notices, or JSON. */
void                 outboxctl_test_print_report  (OutboxctlTestResult *result,
                                                   gboolean             json,
                                                   gboolean             transcript);
/* Every account's result (element-type OutboxctlTestResult): a table and
 * the warnings under it, or a JSON array. */
void                 outboxctl_test_print_all     (GPtrArray           *results,
                                                   gboolean             json,
                                                   gboolean             transcript);
/* Writes the readiness report to @path; FALSE (printed) when it could not. */
gboolean             outboxctl_test_write_report  (GPtrArray           *results,
                                                   const char          *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxctlTestResult, outboxctl_test_result_free)

G_END_DECLS
