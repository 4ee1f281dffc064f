/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the GUI tests: waiting on the main loop, files, the keyring,
 * finding widgets and keeping screenshots. */

#pragma once

#include <adwaita.h>

#include "outbox.h"

G_BEGIN_DECLS

/* Runs the main loop until @cond holds; fails the test (and returns from
 * the test function) when it does not within 10 seconds. */
#define WAIT_UNTIL(cond)                                                   \
  G_STMT_START {                                                           \
    gint64 wait_deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; \
    while (!(cond))                                                        \
      {                                                                    \
        if (g_get_monotonic_time () > wait_deadline_)                      \
          {                                                                \
            g_test_fail_printf ("%s:%d: timed out waiting for %s",         \
                                __FILE__, __LINE__, #cond);                \
            return;                                                        \
          }                                                                \
        gui_test_iterate ();                                               \
      }                                                                    \
  } G_STMT_END

#define CHILD(widget, type, name) \
  ((gpointer)gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

void        gui_test_iterate         (void);
void        gui_test_wait_ms         (guint        ms);

char       *gui_test_accounts_path   (void);
void        gui_test_write_accounts  (const char  *json);
char       *gui_test_read_accounts   (void);
gboolean    gui_test_file_contains   (const char  *needle);
JsonObject *gui_test_find_account    (const char  *name);

gboolean    gui_test_store_password  (OutboxSecrets *secrets,
                                      OutboxAccount *account,
                                      const char    *password);
char       *gui_test_lookup_password (OutboxSecrets *secrets,
                                      const char    *account_id,
                                      OutboxSecretKind kind);

GPtrArray  *gui_test_find_all        (GtkWidget   *root,
                                      GType        type);
void        gui_test_screenshot      (GtkWidget   *widget,
                                      const char  *name);

G_END_DECLS
