/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One mail provider of the bundled presets: its domains, its submission
 * servers (best first), how its users sign in, and what they should know. */

#pragma once

#include <glib-object.h>

#include "outbox-account.h"
#include "outbox-types.h"

G_BEGIN_DECLS

/* What a provider takes as the SMTP username. */
typedef enum
{
  OUTBOX_LOGIN_FORM_ADDRESS,     /* the whole address, user@example.com */
  OUTBOX_LOGIN_FORM_LOCAL_PART,  /* only what comes before the @ (riseup) */
} OutboxLoginForm;

/* The account settings a preset or a detection may fill in. An editor
 * passes the ones the user typed by hand, which are never overwritten. */
typedef enum /*< flags >*/
{
  OUTBOX_ACCOUNT_FIELD_NONE     = 0,
  OUTBOX_ACCOUNT_FIELD_HOST     = 1 << 0,
  OUTBOX_ACCOUNT_FIELD_PORT     = 1 << 1,
  OUTBOX_ACCOUNT_FIELD_SECURITY = 1 << 2,
  OUTBOX_ACCOUNT_FIELD_AUTH     = 1 << 3,
  OUTBOX_ACCOUNT_FIELD_USERNAME = 1 << 4,
} OutboxAccountFields;

#define OUTBOX_ACCOUNT_FIELD_ALL (OUTBOX_ACCOUNT_FIELD_HOST | OUTBOX_ACCOUNT_FIELD_PORT | \
                                  OUTBOX_ACCOUNT_FIELD_SECURITY | OUTBOX_ACCOUNT_FIELD_AUTH | \
                                  OUTBOX_ACCOUNT_FIELD_USERNAME)

/* One way to reach a submission server. */
typedef struct
{
  char           *host;
  guint           port;
  OutboxSecurity  security;
} OutboxServer;

#define OUTBOX_TYPE_SERVER (outbox_server_get_type ())

GType         outbox_server_get_type (void) G_GNUC_CONST;
OutboxServer *outbox_server_new      (const char         *host,
                                      guint               port,
                                      OutboxSecurity      security);
OutboxServer *outbox_server_copy     (const OutboxServer *server);
void          outbox_server_free     (OutboxServer       *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxServer, outbox_server_free)

#define OUTBOX_TYPE_PROVIDER (outbox_provider_get_type ())

G_DECLARE_FINAL_TYPE (OutboxProvider, outbox_provider, OUTBOX, PROVIDER, GObject)

const char          *outbox_provider_get_id            (OutboxProvider  *self);
const char          *outbox_provider_get_name          (OutboxProvider  *self);
const char * const  *outbox_provider_get_domains       (OutboxProvider  *self);
guint                outbox_provider_get_n_servers     (OutboxProvider  *self);
const OutboxServer  *outbox_provider_get_server        (OutboxProvider  *self,
                                                        guint            index);
OutboxLoginForm      outbox_provider_get_login_form    (OutboxProvider  *self);
const char * const  *outbox_provider_get_note_ids      (OutboxProvider  *self);
char               **outbox_provider_get_notes         (OutboxProvider  *self);
guint                outbox_provider_get_size_limit_mb (OutboxProvider  *self);
const char * const  *outbox_provider_get_mx_patterns   (OutboxProvider  *self);
const char          *outbox_provider_get_documentation (OutboxProvider  *self);

char                *outbox_login_form_apply           (OutboxLoginForm  form,
                                                        const char      *address);
const char          *outbox_login_form_to_string       (OutboxLoginForm  form);

OutboxAccountFields  outbox_provider_apply             (OutboxProvider      *self,
                                                        OutboxAccount       *account,
                                                        OutboxAccountFields  user_edited);

G_END_DECLS
