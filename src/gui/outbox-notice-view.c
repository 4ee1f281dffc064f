/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the window shows an OutboxNotice (a certificate change or expiry, a
 * sender domain without SPF or DMARC), and what the "Test All" summary says
 * about them. */

#define G_LOG_DOMAIN "outbox-notice-view"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-notice-view.h"

static void
grid_text (GtkGrid    *grid,
           const char *text,
           int         column,
           int         row,
           gboolean    heading,
           gboolean    selectable)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), selectable && !heading);
  gtk_widget_set_hexpand (label, column > 0);
  gtk_widget_add_css_class (label, heading ? "dim-label" : "caption");
  if (heading)
    gtk_widget_add_css_class (label, "caption-heading");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static char *
format_expiry (OutboxCertificateInfo *info)
{
  GDateTime *not_after = outbox_certificate_info_get_not_after (info);
  g_autoptr(GDateTime) local = NULL;

  if (not_after == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (not_after);
  return g_date_time_format (local, "%x");
}

/* A certificate change side by side: before and now. */
static GtkWidget *
certificates_new (OutboxCertificateInfo *old_certificate,
                  OutboxCertificateInfo *new_certificate,
                  gboolean               selectable)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  OutboxCertificateInfo *infos[] = { old_certificate, new_certificate };

  gtk_grid_set_column_spacing (grid, 12);
  gtk_grid_set_row_spacing (grid, 3);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 6);
  /* TRANSLATORS: the column of the certificate seen at the previous test */
  grid_text (grid, _("Before"), 1, 0, TRUE, selectable);
  /* TRANSLATORS: the column of the certificate seen at this test */
  grid_text (grid, _("Now"), 2, 0, TRUE, selectable);
  grid_text (grid, _("Fingerprint"), 0, 1, TRUE, selectable);
  grid_text (grid, _("Issuer"), 0, 2, TRUE, selectable);
  grid_text (grid, _("Expires"), 0, 3, TRUE, selectable);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *fingerprint = outbox_certificate_info_format_sha256 (infos[i]);
      g_autofree char *expiry = format_expiry (infos[i]);
      const char *issuer = outbox_certificate_info_get_issuer (infos[i]);

      grid_text (grid, fingerprint, i + 1, 1, FALSE, selectable);
      grid_text (grid, issuer ? issuer : "", i + 1, 2, FALSE, selectable);
      grid_text (grid, expiry, i + 1, 3, FALSE, selectable);
    }
  return GTK_WIDGET (grid);
}

static GtkWidget *
text_label_new (const char *text,
                gboolean    selectable)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Its narrowest is measured at this width, not at none: laid out one
   * character a line, a paragraph took a millisecond or more. */
  gtk_label_set_width_chars (GTK_LABEL (label), OUTBOX_NOTICE_VIEW_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), selectable);
  return label;
}

/**
 * outbox_notice_view_new:
 * @selectable: whether the text can be selected (and so takes the focus)
 *
 * Returns: (transfer floating): @notice as an icon (whose accessible name
 *   says the level), the message and the detail in smaller type
 */
GtkWidget *
outbox_notice_view_new (OutboxNotice *notice,
                        gboolean      selectable)
{
  OutboxNoticeLevel level = outbox_notice_get_level (notice);
  /* A grid, not a horizontal box: GtkBox finds the height of a wrapping
   * label beside another widget by a search that lays the text out some
   * hundred times (5–10 ms a paragraph here; the grid takes 0.2 ms). */
  GtkWidget *line = gtk_grid_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *icon;
  GtkWidget *label;
  const char *detail = outbox_notice_get_detail (notice);

  icon = gtk_image_new_from_icon_name (level == OUTBOX_NOTICE_INFO ? "dialog-information-symbolic"
                                                                    : "dialog-warning-symbolic");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  if (level != OUTBOX_NOTICE_INFO)
    gtk_widget_add_css_class (icon, level == OUTBOX_NOTICE_STRONG_WARNING ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  outbox_notice_level_get_label (level), -1);
  gtk_grid_set_column_spacing (GTK_GRID (line), 12);
  gtk_grid_attach (GTK_GRID (line), icon, 0, 0, 1, 1);

  label = text_label_new (outbox_notice_get_message (notice), selectable);
  if (level == OUTBOX_NOTICE_STRONG_WARNING)
    gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (text), label);
  if (detail != NULL && *detail != '\0')
    {
      label = text_label_new (detail, selectable);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (text), label);
    }
  if (outbox_notice_get_old_certificate (notice) != NULL &&
      outbox_notice_get_new_certificate (notice) != NULL)
    gtk_box_append (GTK_BOX (text), certificates_new (outbox_notice_get_old_certificate (notice),
                                                      outbox_notice_get_new_certificate (notice),
                                                      selectable));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_grid_attach (GTK_GRID (line), text, 1, 0, 1, 1);
  return line;
}

/**
 * outbox_notice_view_add:
 * @notes: a vertical box; its parent is shown as the first notice comes
 *
 * Appends outbox_notice_view_new() of @notice, its text selectable.
 */
void
outbox_notice_view_add (GtkBox       *notes,
                        OutboxNotice *notice)
{
  gtk_box_append (notes, outbox_notice_view_new (notice, TRUE));
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (notes)), TRUE);
}

static guint
count_notices (GPtrArray  *notices,
               const char *prefix)
{
  guint count = 0;

  for (guint i = 0; i < notices->len; i++)
    {
      GPtrArray *account_notices = g_ptr_array_index (notices, i);

      for (guint n = 0; n < account_notices->len; n++)
        if (g_str_has_prefix (outbox_notice_get_id (g_ptr_array_index (account_notices, n)),
                              prefix))
          {
            count++;
            break;
          }
    }
  return count;
}

/**
 * outbox_notice_view_summarize:
 * @notices: (element-type GPtrArray): the notices of each account
 *
 * Returns: @summary, then how many certificates expire soon or changed
 */
char *
outbox_notice_view_summarize (const char *summary,
                              GPtrArray  *notices)
{
  guint expiring = count_notices (notices, "certificate-expire");
  guint changed = count_notices (notices, "certificate-changed");
  g_autofree char *text = g_strdup (summary);

  if (expiring > 0)
    {
      g_autofree char *part = NULL;
      char *longer;

      /* TRANSLATORS: added to the summary of "Test All"; the second %u is
       * the number of days, 21 */
      part = g_strdup_printf (ngettext ("%u certificate expires within %u days",
                                        "%u certificates expire within %u days", expiring),
                              expiring, OUTBOX_CERTIFICATE_WARN_DAYS);
      /* TRANSLATORS: the summary of "Test All" so far, then more of it */
      longer = g_strdup_printf (_("%s; %s"), text, part);
      g_free (text);
      text = longer;
    }
  if (changed > 0)
    {
      g_autofree char *part = NULL;
      char *longer;

      /* TRANSLATORS: added to the summary of "Test All" */
      part = g_strdup_printf (ngettext ("%u certificate changed since the last test",
                                        "%u certificates changed since the last test", changed),
                              changed);
      longer = g_strdup_printf (_("%s; %s"), text, part);
      g_free (text);
      text = longer;
    }
  return g_steal_pointer (&text);
}
