/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forward declarations of every Outbox core type. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _OutboxAccount      OutboxAccount;
typedef struct _OutboxAccountStore OutboxAccountStore;
typedef struct _OutboxSecrets      OutboxSecrets;

typedef enum
{
  OUTBOX_SECURITY_NONE,
  OUTBOX_SECURITY_STARTTLS,
  OUTBOX_SECURITY_TLS,
} OutboxSecurity;

typedef enum
{
  OUTBOX_AUTH_NONE,
  OUTBOX_AUTH_PASSWORD,
  OUTBOX_AUTH_SEPARATE,
} OutboxAuth;

G_END_DECLS
