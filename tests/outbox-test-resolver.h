/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GResolver for tests that answers from a table the test fills in and
 * from nothing else: it never asks the machine's DNS, so the tests do not
 * depend on it and reach no address but the ones they list (127.0.0.1).
 * What it returns is exactly what GIO's own resolver returns for the same
 * records (GInetAddress lists, "(qqqs)" SRV, "(qs)" MX and "(as)" TXT variants), so
 * the code under test parses and orders real answers. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OUTBOX_TYPE_TEST_RESOLVER (outbox_test_resolver_get_type ())

G_DECLARE_FINAL_TYPE (OutboxTestResolver, outbox_test_resolver, OUTBOX, TEST_RESOLVER, GResolver)

OutboxTestResolver *outbox_test_resolver_new          (void);
/* name → address (an IP literal); names are matched without case. */
void                outbox_test_resolver_add_address  (OutboxTestResolver *self,
                                                       const char         *name,
                                                       const char         *address);
void                outbox_test_resolver_add_srv      (OutboxTestResolver *self,
                                                       const char         *rrname,
                                                       guint16             priority,
                                                       guint16             weight,
                                                       guint16             port,
                                                       const char         *target);
void                outbox_test_resolver_add_mx       (OutboxTestResolver *self,
                                                       const char         *domain,
                                                       guint16             preference,
                                                       const char         *exchange);
/* A TXT record of @name made of @strings (joined by the reader, as a long
 * SPF record split into 255-byte strings is); NULL-terminated. */
void                outbox_test_resolver_add_txt      (OutboxTestResolver *self,
                                                       const char         *name,
                                                       const char * const *strings);
/* Every look-up of @name (any kind) fails with @code. */
void                outbox_test_resolver_set_failure  (OutboxTestResolver *self,
                                                       const char         *name,
                                                       GResolverError      code);
/* The look-ups asked so far, in order: "A name", "SRV rrname", "MX name". */
GPtrArray          *outbox_test_resolver_get_queries  (OutboxTestResolver *self);
gboolean            outbox_test_resolver_was_asked    (OutboxTestResolver *self,
                                                       const char         *query);

G_END_DECLS
