/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the GUI tests may reach inside the window. */

#pragma once

#include "outbox-window.h"

G_BEGIN_DECLS

AdwToast *_outbox_window_get_last_toast (OutboxWindow *self);

G_END_DECLS
