/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxTestStatus: the latest test of each account in this session, shared
 * by the test view, "Test all" and the account rows. It emits ::changed with
 * the account id whenever an account's state moves, so that a row can update
 * its icon without knowing who ran the test. */

#define G_LOG_DOMAIN "outbox-test-status"

#include "config.h"

#include "outbox-test-status.h"

typedef struct
{
  OutboxTestState   state;
  OutboxTestReport *report;
} Entry;

struct _OutboxTestStatus
{
  GObject     parent_instance;

  GHashTable *entries;
};

G_DEFINE_FINAL_TYPE (OutboxTestStatus, outbox_test_status, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->report);
  g_free (entry);
}

static Entry *
lookup_entry (OutboxTestStatus *self,
              const char       *account_id)
{
  Entry *entry = g_hash_table_lookup (self->entries, account_id);

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, g_strdup (account_id), entry);
    }

  return entry;
}

static void
outbox_test_status_finalize (GObject *object)
{
  OutboxTestStatus *self = OUTBOX_TEST_STATUS (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (outbox_test_status_parent_class)->finalize (object);
}

static void
outbox_test_status_class_init (OutboxTestStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_test_status_finalize;

  /**
   * OutboxTestStatus::changed:
   * @account_id: the account whose state changed
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
outbox_test_status_init (OutboxTestStatus *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) entry_free);
}

OutboxTestStatus *
outbox_test_status_new (void)
{
  return g_object_new (OUTBOX_TYPE_TEST_STATUS, NULL);
}

void
outbox_test_status_set_running (OutboxTestStatus *self,
                                const char       *account_id)
{
  Entry *entry;

  g_return_if_fail (OUTBOX_IS_TEST_STATUS (self));
  g_return_if_fail (account_id != NULL);

  entry = lookup_entry (self, account_id);
  entry->state = OUTBOX_TEST_STATE_RUNNING;
  g_signal_emit (self, signals[CHANGED], 0, account_id);
}

void
outbox_test_status_set_report (OutboxTestStatus *self,
                               const char       *account_id,
                               OutboxTestReport *report)
{
  Entry *entry;

  g_return_if_fail (OUTBOX_IS_TEST_STATUS (self));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (OUTBOX_IS_TEST_REPORT (report));

  entry = lookup_entry (self, account_id);
  g_set_object (&entry->report, report);
  entry->state = outbox_test_report_get_success (report)
                 ? OUTBOX_TEST_STATE_PASSED : OUTBOX_TEST_STATE_FAILED;
  g_signal_emit (self, signals[CHANGED], 0, account_id);
}

void
outbox_test_status_forget (OutboxTestStatus *self,
                           const char       *account_id)
{
  g_return_if_fail (OUTBOX_IS_TEST_STATUS (self));
  g_return_if_fail (account_id != NULL);

  if (g_hash_table_remove (self->entries, account_id))
    g_signal_emit (self, signals[CHANGED], 0, account_id);
}

OutboxTestState
outbox_test_status_get_state (OutboxTestStatus *self,
                              const char       *account_id)
{
  Entry *entry;

  g_return_val_if_fail (OUTBOX_IS_TEST_STATUS (self), OUTBOX_TEST_STATE_UNTESTED);
  g_return_val_if_fail (account_id != NULL, OUTBOX_TEST_STATE_UNTESTED);

  entry = g_hash_table_lookup (self->entries, account_id);

  return entry != NULL ? entry->state : OUTBOX_TEST_STATE_UNTESTED;
}

/* Returns: (transfer none) (nullable): the latest finished test, which may
 * belong to an earlier run while a new one is in progress. */
OutboxTestReport *
outbox_test_status_get_report (OutboxTestStatus *self,
                               const char       *account_id)
{
  Entry *entry;

  g_return_val_if_fail (OUTBOX_IS_TEST_STATUS (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  entry = g_hash_table_lookup (self->entries, account_id);

  return entry != NULL ? entry->report : NULL;
}

/* Returns: (nullable): the symbolic icon that stands for @state in a row,
 * or %NULL for an account that has not been tested. */
const char *
outbox_test_state_get_icon_name (OutboxTestState state)
{
  switch (state)
    {
    case OUTBOX_TEST_STATE_RUNNING:
      return "content-loading-symbolic";
    case OUTBOX_TEST_STATE_PASSED:
      return "emblem-ok-symbolic";
    case OUTBOX_TEST_STATE_FAILED:
      return "dialog-error-symbolic";
    case OUTBOX_TEST_STATE_UNTESTED:
    default:
      return NULL;
    }
}
