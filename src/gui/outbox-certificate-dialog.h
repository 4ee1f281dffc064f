/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The certificate a server showed, and the explicit choice to trust it. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_CERTIFICATE_DIALOG (outbox_certificate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OutboxCertificateDialog, outbox_certificate_dialog, OUTBOX, CERTIFICATE_DIALOG, AdwWindow)

OutboxCertificateDialog *outbox_certificate_dialog_new      (GtkWindow               *parent,
                                                             OutboxCertificateInfo   *info);
OutboxCertificateInfo   *outbox_certificate_dialog_get_info (OutboxCertificateDialog *self);

G_END_DECLS
