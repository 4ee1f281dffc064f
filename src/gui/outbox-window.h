/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the list of accounts and the editor. */

#pragma once

#include <adwaita.h>

#include "outbox-application.h"

G_BEGIN_DECLS

#define OUTBOX_TYPE_WINDOW (outbox_window_get_type ())

G_DECLARE_FINAL_TYPE (OutboxWindow, outbox_window, OUTBOX, WINDOW, AdwApplicationWindow)

OutboxWindow *outbox_window_new (OutboxApplication *application);

G_END_DECLS
