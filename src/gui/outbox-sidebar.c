/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSidebar: the accounts as a lazily built list (it stays fast with
 * thousands), filtered by the search text. Picking an account, by a click or
 * with the keyboard, emits ::account-activated; selecting one from code does
 * not. */

#define G_LOG_DOMAIN "outbox-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-account-row.h"
#include "outbox-sidebar.h"

struct _OutboxSidebar
{
  GtkWidget           parent_instance;

  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  char               *search;       /* case-folded, or NULL */
  guint               selecting;    /* > 0 while the code selects */
  OutboxTestStatus   *test_status;
  OutboxJournal      *journal;

  GtkWidget          *box;
  AdwHeaderBar       *header_bar;
  GtkWidget          *test_all_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
};

enum {
  PROP_0,
  PROP_SHOW_END_TITLE_BUTTONS,
  N_PROPS
};

enum {
  ACCOUNT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxSidebar, outbox_sidebar, GTK_TYPE_WIDGET)

static gboolean
contains_folded (const char *text,
                 const char *needle)
{
  g_autofree char *folded = g_utf8_casefold (text ? text : "", -1);
  g_autofree char *normal = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);

  return normal != NULL && strstr (normal, needle) != NULL;
}

static gboolean
match_account (gpointer item,
               gpointer user_data)
{
  OutboxSidebar *self = user_data;
  OutboxAccount *account = item;

  if (self->search == NULL)
    return TRUE;

  return contains_folded (outbox_account_get_name (account), self->search) ||
         contains_folded (outbox_account_get_sender_name (account), self->search) ||
         contains_folded (outbox_account_get_sender_address (account), self->search) ||
         contains_folded (outbox_account_get_host (account), self->search);
}

static void
update_list_stack (OutboxSidebar *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack,
                                    empty && self->search != NULL ? "no-results" : "list");
}

static void
on_search_changed (OutboxSidebar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search, g_free);
  if (stripped[0] != '\0')
    {
      g_autofree char *folded = g_utf8_casefold (stripped, -1);

      self->search = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
    }

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list_stack (self);
}

static void
on_stop_search (OutboxSidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_selection_changed (OutboxSidebar *self)
{
  OutboxAccount *account = outbox_sidebar_get_selected (self);

  if (self->selecting == 0 && account != NULL)
    g_signal_emit (self, signals[ACCOUNT_ACTIVATED], 0, account);
}

/* Enter or a double click: also picks the row that was already selected. */
static void
on_list_view_activate (OutboxSidebar *self,
                       guint          position)
{
  g_autoptr(OutboxAccount) account = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (account != NULL)
    g_signal_emit (self, signals[ACCOUNT_ACTIVATED], 0, account);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, outbox_account_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  OutboxSidebar *self = user_data;

  outbox_account_row_set_test_status (OUTBOX_ACCOUNT_ROW (gtk_list_item_get_child (item)),
                                      self->test_status);
  outbox_account_row_set_journal (OUTBOX_ACCOUNT_ROW (gtk_list_item_get_child (item)),
                                  self->journal);
  outbox_account_row_set_account (OUTBOX_ACCOUNT_ROW (gtk_list_item_get_child (item)),
                                  gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  outbox_account_row_set_account (OUTBOX_ACCOUNT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
outbox_sidebar_dispose (GObject *object)
{
  OutboxSidebar *self = OUTBOX_SIDEBAR (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_SIDEBAR);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->test_status);
  g_clear_object (&self->journal);

  G_OBJECT_CLASS (outbox_sidebar_parent_class)->dispose (object);
}

static void
outbox_sidebar_finalize (GObject *object)
{
  OutboxSidebar *self = OUTBOX_SIDEBAR (object);

  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (outbox_sidebar_parent_class)->finalize (object);
}

static void
outbox_sidebar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OutboxSidebar *self = OUTBOX_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_END_TITLE_BUTTONS:
      g_value_set_boolean (value, adw_header_bar_get_show_end_title_buttons (self->header_bar));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_sidebar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OutboxSidebar *self = OUTBOX_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_END_TITLE_BUTTONS:
      adw_header_bar_set_show_end_title_buttons (self->header_bar, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_sidebar_class_init (OutboxSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_sidebar_dispose;
  object_class->finalize = outbox_sidebar_finalize;
  object_class->get_property = outbox_sidebar_get_property;
  object_class->set_property = outbox_sidebar_set_property;

  /* Whether the header shows the window's close button: when the window is
   * folded to one pane, the sidebar's header is the only one. */
  properties[PROP_SHOW_END_TITLE_BUTTONS] =
    g_param_spec_boolean ("show-end-title-buttons", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACCOUNT_ACTIVATED] =
    g_signal_new ("account-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OUTBOX_TYPE_ACCOUNT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxSidebar, box);
  gtk_widget_class_bind_template_child (widget_class, OutboxSidebar, header_bar);
  gtk_widget_class_bind_template_child (widget_class, OutboxSidebar, test_all_button);
  gtk_widget_class_bind_template_child (widget_class, OutboxSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OutboxSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OutboxSidebar, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OutboxSidebar, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate);
}

static void
outbox_sidebar_init (OutboxSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (match_account, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->filtered, "items-changed",
                            G_CALLBACK (update_list_stack), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}

void
outbox_sidebar_set_model (OutboxSidebar *self,
                          GListModel    *accounts)
{
  g_return_if_fail (OUTBOX_IS_SIDEBAR (self));
  g_return_if_fail (accounts == NULL || G_IS_LIST_MODEL (accounts));

  self->selecting++;
  gtk_filter_list_model_set_model (self->filtered, accounts);
  self->selecting--;
  update_list_stack (self);
}

/* The rows show each account's latest test from @status. */
void
outbox_sidebar_set_test_status (OutboxSidebar    *self,
                                OutboxTestStatus *status)
{
  g_return_if_fail (OUTBOX_IS_SIDEBAR (self));
  g_return_if_fail (status == NULL || OUTBOX_IS_TEST_STATUS (status));

  g_set_object (&self->test_status, status);
}

/* The rows show each account's certificate notices from @journal. */
void
outbox_sidebar_set_journal (OutboxSidebar *self,
                            OutboxJournal *journal)
{
  g_return_if_fail (OUTBOX_IS_SIDEBAR (self));
  g_return_if_fail (journal == NULL || OUTBOX_IS_JOURNAL (journal));

  g_set_object (&self->journal, journal);
}

/* Returns: (transfer none) (nullable): the highlighted account. */
OutboxAccount *
outbox_sidebar_get_selected (OutboxSidebar *self)
{
  g_return_val_if_fail (OUTBOX_IS_SIDEBAR (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

/* Highlights @account (or nothing), without ::account-activated. */
void
outbox_sidebar_select (OutboxSidebar *self,
                       OutboxAccount *account)
{
  guint position = GTK_INVALID_LIST_POSITION;
  guint n_items;

  g_return_if_fail (OUTBOX_IS_SIDEBAR (self));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; account != NULL && i < n_items; i++)
    {
      g_autoptr(OutboxAccount) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (item == account)
        {
          position = i;
          break;
        }
    }

  self->selecting++;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting--;

  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

void
outbox_sidebar_start_search (OutboxSidebar *self)
{
  g_return_if_fail (OUTBOX_IS_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
