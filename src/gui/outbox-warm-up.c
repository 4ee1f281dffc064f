/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Readies, once the main window has been shown and the main loop is idle,
 * what the first Test Account Settings or Test All would otherwise make
 * while the person waits:
 *
 *  - the classes of the test view and the results window (GTK compiles a
 *    widget's template when its class is first used: 2-3 ms of the click);
 *  - the icons those windows and the account rows show, which GTK 4.8
 *    decodes (PNG files; the spinner's an SVG, through librsvg) the first
 *    time they are drawn: about 5 ms of the test view's first frame.
 *    A lookup with GTK_ICON_LOOKUP_PRELOAD decodes them in a GTK thread,
 *    off the main loop; the window keeps the icons, so they stay in the
 *    theme's cache with their images. The key must be the one the widgets
 *    ask for: outbox_icon_lookup() asks as GtkImage, OutboxIcon and
 *    OutboxSpinner do.
 *
 * bench/README.md (section 4) has the figures. */

#include "config.h"

#include "outbox-warm-up.h"
#include "outbox-icon.h"
#include "outbox-property-row.h"
#include "outbox-spinner.h"
#include "outbox-test-result.h"
#include "outbox-test-result-row.h"
#include "outbox-test-results.h"
#include "outbox-test-step-row.h"
#include "outbox-test-steps.h"
#include "outbox-test-view.h"

#define ICONS_KEY "outbox-warm-up-icons"

typedef struct
{
  const char *name;
  int         size;
} Icon;

static const Icon icons[] = {
  /* The steps of a test, the rows' test states */
  { "content-loading-symbolic", 16 },
  { "emblem-ok-symbolic", 16 },
  { "window-close-symbolic", 16 },
  { "list-remove-symbolic", 16 },
  { "dialog-error-symbolic", 16 },
  { "process-working-symbolic", 16 },
  /* The result, notices, the results list */
  { "emblem-ok-symbolic", 32 },
  { "dialog-warning-symbolic", 16 },
  { "dialog-information-symbolic", 16 },
  { "go-next-symbolic", 16 },
};

static gboolean
warm_up_cb (gpointer user_data)
{
  GtkWidget *window = user_data;
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_object_unref);

  g_type_ensure (OUTBOX_TYPE_SPINNER);
  g_type_ensure (OUTBOX_TYPE_PROPERTY_ROW);
  g_type_class_unref (g_type_class_ref (OUTBOX_TYPE_TEST_STEP_ROW));
  g_type_class_unref (g_type_class_ref (OUTBOX_TYPE_TEST_STEPS));
  g_type_class_unref (g_type_class_ref (OUTBOX_TYPE_TEST_RESULT));
  g_type_class_unref (g_type_class_ref (OUTBOX_TYPE_TEST_VIEW));
  g_type_class_unref (g_type_class_ref (OUTBOX_TYPE_TEST_RESULT_ROW));
  g_type_class_unref (g_type_class_ref (OUTBOX_TYPE_TEST_RESULTS));

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    g_ptr_array_add (kept, outbox_icon_lookup (window, icons[i].name, icons[i].size));
  g_object_set_data_full (G_OBJECT (window), ICONS_KEY, kept, (GDestroyNotify)g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

/**
 * outbox_warm_up:
 * @window: the main window, shown
 *
 * Readies the test windows' classes and icons when the main loop is next
 * idle; the icons are kept as long as @window lives.
 */
void
outbox_warm_up (GtkWidget *window)
{
  g_return_if_fail (GTK_IS_WIDGET (window));

  if (g_object_get_data (G_OBJECT (window), ICONS_KEY) != NULL)
    return;
  g_idle_add_full (G_PRIORITY_LOW, warm_up_cb, g_object_ref (window), g_object_unref);
}

/* Returns: (transfer none) (nullable): the icons readied for @window's
 * tests, once the warm-up has run */
GPtrArray *
outbox_warm_up_get_icons (GtkWidget *window)
{
  g_return_val_if_fail (GTK_IS_WIDGET (window), NULL);

  return g_object_get_data (G_OBJECT (window), ICONS_KEY);
}
