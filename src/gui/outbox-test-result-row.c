/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestResultRow: the widget the results list of "Test All" shows for
 * one OutboxTestResultItem: the state icon, the account's name and result,
 * an arrow when a failed account leads to its settings, and the notices
 * under it. The list makes a few of these and binds them to the items on
 * the screen; the notices follow the item, as some come later. */

#define G_LOG_DOMAIN "outbox-test-result-row"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-notice-view.h"
#include "outbox-test-result-row.h"
#include "outbox-test-status.h"
#include "outbox-tooltip.h"

struct _OutboxTestResultRow
{
  GtkWidget             parent_instance;

  OutboxTestResultItem *item;
  gulong                notices_id;
  guint                 notices_shown;

  GtkWidget            *grid;
  GtkImage             *state_icon;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkWidget            *go_icon;
  GtkWidget            *notes_box;
};

G_DEFINE_FINAL_TYPE (OutboxTestResultRow, outbox_test_result_row, GTK_TYPE_WIDGET)

static void
clear_notes (OutboxTestResultRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->notes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->notes_box), child);
  self->notices_shown = 0;
  gtk_widget_set_visible (self->notes_box, FALSE);
}

/* Adds the notices the row does not show yet: they only ever grow. */
static void
update_notes (OutboxTestResultRow *self)
{
  GPtrArray *notices = outbox_test_result_item_get_notices (self->item);

  for (; self->notices_shown < notices->len; self->notices_shown++)
    gtk_box_append (GTK_BOX (self->notes_box),
                    outbox_notice_view_new (g_ptr_array_index (notices, self->notices_shown),
                                            FALSE));
  gtk_widget_set_visible (self->notes_box, notices->len > 0);
}

static void
on_item_notices_changed (OutboxTestResultRow *self)
{
  update_notes (self);
}

static void
outbox_test_result_row_dispose (GObject *object)
{
  OutboxTestResultRow *self = OUTBOX_TEST_RESULT_ROW (object);

  g_clear_signal_handler (&self->notices_id, self->item);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_TEST_RESULT_ROW);

  G_OBJECT_CLASS (outbox_test_result_row_parent_class)->dispose (object);
}

static void
outbox_test_result_row_class_init (OutboxTestResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_test_result_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-test-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResultRow, grid);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResultRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResultRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResultRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResultRow, go_icon);
  gtk_widget_class_bind_template_child (widget_class, OutboxTestResultRow, notes_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
outbox_test_result_row_init (OutboxTestResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
outbox_test_result_row_new (void)
{
  return g_object_new (OUTBOX_TYPE_TEST_RESULT_ROW, NULL);
}

OutboxTestResultItem *
outbox_test_result_row_get_item (OutboxTestResultRow *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT_ROW (self), NULL);

  return self->item;
}

/**
 * outbox_test_result_row_set_item:
 * @item: (nullable): what to show, or %NULL when the list unbinds the row
 */
void
outbox_test_result_row_set_item (OutboxTestResultRow  *self,
                                 OutboxTestResultItem *item)
{
  gboolean success;
  OutboxTestState state;
  const char *description;

  g_return_if_fail (OUTBOX_IS_TEST_RESULT_ROW (self));
  g_return_if_fail (item == NULL || OUTBOX_IS_TEST_RESULT_ITEM (item));

  if (self->item == item)
    return;
  g_clear_signal_handler (&self->notices_id, self->item);
  g_set_object (&self->item, item);
  clear_notes (self);
  if (item == NULL)
    {
      /* Kept for another item: it shows no account meanwhile. */
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->subtitle_label, "");
      outbox_tooltip_set (GTK_WIDGET (self), NULL);
      return;
    }

  success = outbox_test_result_item_get_success (item);
  state = success ? OUTBOX_TEST_STATE_PASSED : OUTBOX_TEST_STATE_FAILED;
  description = outbox_test_result_item_get_description (item);
  gtk_image_set_from_icon_name (self->state_icon, outbox_test_state_get_icon_name (state));
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), success ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), success ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  success ? _("Worked") : _("Failed"), -1);
  gtk_label_set_text (self->title_label,
                      outbox_account_get_name (outbox_test_result_item_get_account (item)));
  gtk_label_set_text (self->subtitle_label, description);

  /* A failed account is one click away from its settings. */
  gtk_widget_set_visible (self->go_icon, !success);
  outbox_tooltip_set (GTK_WIDGET (self), success ? NULL : _("Show this account’s settings"));

  update_notes (self);
  self->notices_id = g_signal_connect_swapped (item, "notify::notices",
                                               G_CALLBACK (on_item_notices_changed), self);
}
