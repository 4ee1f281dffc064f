/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SASL mechanisms of SMTP AUTH that a test can sign in with. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  OUTBOX_SASL_CRAM_MD5,
  OUTBOX_SASL_PLAIN,
  OUTBOX_SASL_LOGIN,
  OUTBOX_SASL_N_MECHANISMS,
} OutboxSaslMechanism;

const char *_outbox_sasl_mechanism_name     (OutboxSaslMechanism   mechanism);
gboolean    _outbox_sasl_mechanism_from_name (const char          *name,
                                              OutboxSaslMechanism *mechanism);
char       *_outbox_sasl_initial_response    (OutboxSaslMechanism   mechanism,
                                              const char           *login,
                                              const char           *password);
char       *_outbox_sasl_respond             (OutboxSaslMechanism   mechanism,
                                              guint                 round,
                                              const char           *challenge,
                                              const char           *login,
                                              const char           *password,
                                              GError              **error);
void        _outbox_sasl_mechanism_order     (gboolean              encrypted,
                                              OutboxSaslMechanism   order[OUTBOX_SASL_N_MECHANISMS]);
void        _outbox_secret_free              (char                 *secret);

G_END_DECLS
