/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state of OutboxProviders, shared by the catalog (outbox-providers.c)
 * and the reading of its file (outbox-providers-load.c). */

#pragma once

#include "outbox-providers.h"

G_BEGIN_DECLS

struct _OutboxProviders
{
  GObject     parent_instance;

  GPtrArray  *providers;    /* OutboxProvider, in file order */
  GHashTable *by_id;        /* id → provider (borrowed) */
  GHashTable *by_domain;    /* exact domain → provider */
  GHashTable *by_wildcard;  /* parent of "*.parent" → provider */
  GHashTable *by_mx;        /* MX host suffix → provider */
};

/* Parses and checks the presets file, filling the lists and tables of @self. */
gboolean _outbox_providers_load (OutboxProviders  *self,
                                GBytes           *json,
                                GError          **error);

G_END_DECLS
