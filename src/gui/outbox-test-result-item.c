/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestResultItem: what the results window lists for one account, the
 * item of its GListModel. The list is lazy (only the rows on the screen
 * exist), so the notices that come later (the sender domain's checks) go
 * here, and the row bound to the item, if any, follows ::notify::notices. */

#define G_LOG_DOMAIN "outbox-test-result-item"

#include "config.h"

#include "outbox-test-result-item.h"
#include "outbox-test-results.h"

struct _OutboxTestResultItem
{
  GObject           parent_instance;

  OutboxAccount    *account;
  OutboxTestReport *report;
  char             *description;
  GPtrArray        *notices;
};

enum {
  PROP_0,
  PROP_NOTICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxTestResultItem, outbox_test_result_item, G_TYPE_OBJECT)

static void
outbox_test_result_item_finalize (GObject *object)
{
  OutboxTestResultItem *self = OUTBOX_TEST_RESULT_ITEM (object);

  g_clear_object (&self->account);
  g_clear_object (&self->report);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->notices, g_ptr_array_unref);

  G_OBJECT_CLASS (outbox_test_result_item_parent_class)->finalize (object);
}

static void
outbox_test_result_item_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  OutboxTestResultItem *self = OUTBOX_TEST_RESULT_ITEM (object);

  switch (prop_id)
    {
    case PROP_NOTICES:
      g_value_set_boxed (value, self->notices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_test_result_item_class_init (OutboxTestResultItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_test_result_item_finalize;
  object_class->get_property = outbox_test_result_item_get_property;

  /**
   * OutboxTestResultItem:notices: (type GPtrArray(OutboxNotice))
   *
   * What to show under the account: its certificate notices, and what its
   * sender domain lacks when it is the first account of that domain.
   */
  properties[PROP_NOTICES] =
    g_param_spec_boxed ("notices", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
outbox_test_result_item_init (OutboxTestResultItem *self)
{
  self->notices = g_ptr_array_new_with_free_func (g_object_unref);
}

OutboxTestResultItem *
outbox_test_result_item_new (OutboxAccount    *account,
                             OutboxTestReport *report)
{
  OutboxTestResultItem *self;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (OUTBOX_IS_TEST_REPORT (report), NULL);

  self = g_object_new (OUTBOX_TYPE_TEST_RESULT_ITEM, NULL);
  self->account = g_object_ref (account);
  self->report = g_object_ref (report);
  return self;
}

OutboxAccount *
outbox_test_result_item_get_account (OutboxTestResultItem *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT_ITEM (self), NULL);

  return self->account;
}

OutboxTestReport *
outbox_test_result_item_get_report (OutboxTestResultItem *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT_ITEM (self), NULL);

  return self->report;
}

gboolean
outbox_test_result_item_get_success (OutboxTestResultItem *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT_ITEM (self), FALSE);

  return outbox_test_report_get_success (self->report);
}

/**
 * outbox_test_result_item_get_description:
 *
 * Returns: “Worked” or “Failed: ” and the diagnosis; worked out when a row
 *   first shows the item, as the diagnosis takes a little time
 */
const char *
outbox_test_result_item_get_description (OutboxTestResultItem *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT_ITEM (self), NULL);

  if (self->description == NULL)
    self->description = outbox_test_results_describe (self->report, self->account);
  return self->description;
}

/**
 * outbox_test_result_item_get_notices:
 *
 * Returns: (transfer none) (element-type OutboxNotice): what to show under
 *   the account, in order
 */
GPtrArray *
outbox_test_result_item_get_notices (OutboxTestResultItem *self)
{
  g_return_val_if_fail (OUTBOX_IS_TEST_RESULT_ITEM (self), NULL);

  return self->notices;
}

/**
 * outbox_test_result_item_add_notices:
 * @notices: (element-type OutboxNotice): added after those there are
 *
 * Notifies :notices once for all of them.
 */
void
outbox_test_result_item_add_notices (OutboxTestResultItem *self,
                                     GPtrArray            *notices)
{
  g_return_if_fail (OUTBOX_IS_TEST_RESULT_ITEM (self));
  g_return_if_fail (notices != NULL);

  if (notices->len == 0)
    return;
  for (guint i = 0; i < notices->len; i++)
    g_ptr_array_add (self->notices, g_object_ref (g_ptr_array_index (notices, i)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICES]);
}
