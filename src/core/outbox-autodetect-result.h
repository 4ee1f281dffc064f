/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What autodetection found for an address: the servers to use (best
 * first), how to sign in, and where the answer came from. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "outbox-provider.h"
#include "outbox-test-report.h"

G_BEGIN_DECLS

/* Where an answer came from, in the order they are tried. */
typedef enum
{
  OUTBOX_AUTODETECT_SOURCE_PRESET,  /* the bundled presets, by the address's domain */
  OUTBOX_AUTODETECT_SOURCE_SRV,     /* DNS SRV _submissions._tcp / _submission._tcp */
  OUTBOX_AUTODETECT_SOURCE_MX,      /* the domain's MX records are at a known provider */
  OUTBOX_AUTODETECT_SOURCE_PROBE,   /* smtp.<domain> / mail.<domain> answered */
} OutboxAutodetectSource;

#define OUTBOX_TYPE_AUTODETECT_RESULT (outbox_autodetect_result_get_type ())

G_DECLARE_FINAL_TYPE (OutboxAutodetectResult, outbox_autodetect_result, OUTBOX, AUTODETECT_RESULT, GObject)

const char             *outbox_autodetect_result_get_address      (OutboxAutodetectResult *self);
const char             *outbox_autodetect_result_get_domain       (OutboxAutodetectResult *self);
OutboxAutodetectSource  outbox_autodetect_result_get_source       (OutboxAutodetectResult *self);
OutboxProvider         *outbox_autodetect_result_get_provider     (OutboxAutodetectResult *self);
const char             *outbox_autodetect_result_get_mx_host      (OutboxAutodetectResult *self);
guint                   outbox_autodetect_result_get_n_servers    (OutboxAutodetectResult *self);
const OutboxServer     *outbox_autodetect_result_get_server       (OutboxAutodetectResult *self,
                                                                   guint                   index);
OutboxLoginForm         outbox_autodetect_result_get_login_form   (OutboxAutodetectResult *self);
char                   *outbox_autodetect_result_get_username     (OutboxAutodetectResult *self);
char                  **outbox_autodetect_result_get_notes        (OutboxAutodetectResult *self);
const char * const     *outbox_autodetect_result_get_warnings     (OutboxAutodetectResult *self);
OutboxTestReport       *outbox_autodetect_result_get_probe_report (OutboxAutodetectResult *self);

OutboxAccountFields     outbox_autodetect_result_apply            (OutboxAutodetectResult *self,
                                                                   OutboxAccount          *account,
                                                                   OutboxAccountFields     user_edited);
JsonNode               *outbox_autodetect_result_to_json          (OutboxAutodetectResult *self);

const char             *outbox_autodetect_source_to_string        (OutboxAutodetectSource  source);
const char             *outbox_autodetect_source_get_label        (OutboxAutodetectSource  source);

G_END_DECLS
