/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the GUI tests may reach inside the window, and the state the window
 * (outbox-window.c) shares with its actions (outbox-window-actions.c). */

#pragma once

#include "outbox-account-editor.h"
#include "outbox-sidebar.h"
#include "outbox-spinner.h"
#include "outbox-test-all.h"
#include "outbox-trash.h"
#include "outbox-window.h"

G_BEGIN_DECLS

AdwToast *_outbox_window_get_last_toast (OutboxWindow *self);

struct _OutboxWindow
{
  AdwApplicationWindow  parent_instance;

  OutboxAccountStore   *store;
  OutboxSecrets        *secrets;
  OutboxTestStatus     *test_status;
  GSettings            *settings;
  GCancellable         *cancellable;
  GError               *load_error;
  OutboxTrash          *trash;
  AdwToast             *last_toast;
  gboolean              loading;
  gboolean              keyring_warned;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkStack             *status_stack;
  OutboxSpinner        *loading_spinner;
  GtkWidget            *empty_add_button;
  AdwStatusPage        *error_page;
  GtkWidget            *start_over_button;
  AdwLeaflet           *leaflet;
  OutboxSidebar        *sidebar;
  OutboxTestAll        *test_all;
  GtkWidget            *content_box;
  GtkWidget            *duplicate_button;
  AdwWindowTitle       *content_title;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  GtkStack             *content_stack;
  OutboxAccountEditor  *editor;
};

void _outbox_window_show_toast      (OutboxWindow   *self,
                                     AdwToast       *toast);
void _outbox_window_show_message    (OutboxWindow   *self,
                                     const char     *message);
void _outbox_window_update_view     (OutboxWindow   *self);
void _outbox_window_show_account    (OutboxWindow   *self,
                                     OutboxAccount  *account,
                                     gboolean        navigate);
void _outbox_window_show_item       (OutboxWindow   *self,
                                     guint           position);
void _outbox_window_save_store      (OutboxWindow   *self);
void _outbox_window_load            (OutboxWindow   *self);
void _outbox_window_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
