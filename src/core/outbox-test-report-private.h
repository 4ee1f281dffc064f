/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the SMTP session fills in a report. */

#pragma once

#include "outbox-test-report.h"

G_BEGIN_DECLS

OutboxTestReport *_outbox_test_report_new              (OutboxAccount            *account,
                                                        const char               *recipient);
void              _outbox_test_report_set_probe        (OutboxTestReport         *self,
                                                        gboolean                  probe);
void              _outbox_test_report_set_greeting     (OutboxTestReport         *self,
                                                        const char               *greeting);
void              _outbox_test_report_begin_step       (OutboxTestReport         *self,
                                                        OutboxSmtpStep            step);
OutboxSmtpStep    _outbox_test_report_get_step         (OutboxTestReport         *self);
void              _outbox_test_report_add_line         (OutboxTestReport         *self,
                                                        OutboxTranscriptDirection direction,
                                                        const char               *text);
void              _outbox_test_report_set_reply        (OutboxTestReport         *self,
                                                        guint                     code,
                                                        const char               *enhanced_code,
                                                        const char               *text);
void              _outbox_test_report_set_capabilities (OutboxTestReport         *self,
                                                        gboolean                  known,
                                                        OutboxSmtpCapabilities    capabilities,
                                                        guint64                   size_limit,
                                                        const char * const       *auth_mechanisms);
void              _outbox_test_report_add_capabilities (OutboxTestReport         *self,
                                                        OutboxSmtpCapabilities    capabilities);
void              _outbox_test_report_set_auth_mechanism (OutboxTestReport       *self,
                                                        const char               *mechanism);
void              _outbox_test_report_set_message_size (OutboxTestReport         *self,
                                                        gsize                     size);
void              _outbox_test_report_set_tls          (OutboxTestReport         *self,
                                                        const char               *protocol,
                                                        const char               *cipher);
void              _outbox_test_report_set_certificate  (OutboxTestReport         *self,
                                                        OutboxCertificateInfo    *certificate);
void              _outbox_test_report_finish           (OutboxTestReport         *self,
                                                        const GError             *error);

G_END_DECLS
