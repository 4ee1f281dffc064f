/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the GUI tests: waiting on the main loop, files, the keyring,
 * finding widgets and keeping screenshots. */

#pragma once

#include <adwaita.h>

#include "outbox.h"
#include "outbox-account-editor.h"
#include "outbox-account-row.h"
#include "outbox-application.h"
#include "outbox-field-error.h"
#include "outbox-window-private.h"

G_BEGIN_DECLS

#define ID_INVOICES "6f1c2b1e-0d6e-4c1a-9a55-3c2f7d1e8a01"
#define ID_SUPPORT  "0b7e4d8a-51f2-4a8e-8f0e-9d4f6c3b2a02"
#define ID_ARVED    "c3d9e0f1-7a2b-4c5d-8e9f-0a1b2c3d4e03"

/* Three accounts in the file format of DESIGN.md, in the users' languages. */
extern const char gui_test_three_accounts[];

typedef struct
{
  OutboxApplication *app;
  OutboxWindow      *window;
} Fixture;

/* Runs the main loop until @cond holds; fails the test (and returns from
 * the test function) when it does not within @usec microseconds. */
#define WAIT_UNTIL_WITHIN(cond, usec)                                      \
  G_STMT_START {                                                           \
    gint64 wait_deadline_ = g_get_monotonic_time () + (usec);              \
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

/* The same within 10 seconds (or $OUTBOX_TEST_WAIT_SECONDS: make
 * check-asan gives a slow build more). */
#define WAIT_UNTIL(cond) WAIT_UNTIL_WITHIN (cond, gui_test_wait_limit ())

#define CHILD(widget, type, name) \
  ((gpointer)gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

void        gui_test_iterate         (void);
/* How long WAIT_UNTIL waits, in microseconds. */
gint64      gui_test_wait_limit      (void);
gint64      gui_test_stall_limit     (gint64 base_us);
/* For wait loops that read something each turn: frees what *@slot holds
 * (with @free_func), keeps @value there and returns it. */
gpointer    gui_test_replace         (gpointer *slot,
                                      gpointer value,
                                      GDestroyNotify free_func);
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

/* The tooltip the pointer resting on @widget would show, or %NULL. */
char       *gui_test_tooltip         (GtkWidget   *widget);

GPtrArray  *gui_test_find_all        (GtkWidget   *root,
                                      GType        type);
OutboxAccountRow *gui_test_account_row (GtkWidget  *root,
                                        const char *name);
void        gui_test_screenshot      (GtkWidget   *widget,
                                      const char  *name);
cairo_surface_t *gui_test_render     (GtkWidget       *widget);
void        gui_test_screenshot_dialog (cairo_surface_t *background,
                                        GtkWidget       *dialog,
                                        const char      *name);

void        gui_test_init            (int          *argc,
                                      char       ***argv);

/* One application per test, with its own accounts file. */
void                 fixture_setup    (Fixture       *f,
                                       gconstpointer  data);
void                 fixture_teardown (Fixture       *f,
                                       gconstpointer  data);
void                 start_app        (Fixture       *f);
void                 stop_app         (Fixture       *f);
void                 open_window      (Fixture       *f,
                                       int            width,
                                       int            height);
void                 close_window     (Fixture       *f);
const char          *main_page        (Fixture       *f);
OutboxAccountEditor *editor           (Fixture       *f);
GtkEditable         *row              (Fixture       *f,
                                       const char    *name);
OutboxFieldError    *field_error      (Fixture       *f,
                                       const char    *name);
OutboxAccountStore  *store            (Fixture       *f);
void                 activate         (Fixture       *f,
                                       const char    *action,
                                       GVariant      *parameter);
char                *listed_names     (Fixture       *f);
gboolean             listed           (Fixture       *f,
                                       const char    *expected);
gboolean             listed_contains  (Fixture       *f,
                                       const char    *part);
gboolean             shows_error      (Fixture       *f,
                                       const char    *field);

G_END_DECLS
