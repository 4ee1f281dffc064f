/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxCertificateDialog: shows the certificate a server proved itself
 * with — whom it names, who vouched for it, when it is valid, the server
 * names it covers and its SHA-256 fingerprint — and what is wrong with it.
 * Trusting it takes two deliberate acts: ticking that the fingerprint was
 * compared, then pressing the button; only then is ::trusted emitted. */

#define G_LOG_DOMAIN "outbox-certificate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "outbox-certificate-dialog.h"

struct _OutboxCertificateDialog
{
  AdwWindow              parent_instance;

  OutboxCertificateInfo *info;

  AdwToastOverlay       *toast_overlay;
  GtkLabel              *problems_label;
  AdwActionRow          *subject_row;
  AdwActionRow          *issuer_row;
  AdwActionRow          *validity_row;
  AdwActionRow          *names_row;
  AdwActionRow          *fingerprint_row;
  GtkCheckButton        *confirm_check;
  GtkButton             *trust_button;
};

enum {
  TRUSTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OutboxCertificateDialog, outbox_certificate_dialog, ADW_TYPE_WINDOW)

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup (_("unknown"));
  local = g_date_time_to_local (date);
  return g_date_time_format (local, "%-d %B %Y");
}

static void
show_info (OutboxCertificateDialog *self)
{
  OutboxCertificateInfo *info = self->info;
  g_auto(GStrv) problems = outbox_certificate_problems_to_strv (outbox_certificate_info_get_problems (info));
  g_autofree char *problems_text = g_strjoinv ("\n", problems);
  g_autofree char *not_before = format_date (outbox_certificate_info_get_not_before (info));
  g_autofree char *not_after = format_date (outbox_certificate_info_get_not_after (info));
  g_autofree char *validity = NULL;
  g_autofree char *names = NULL;
  g_autofree char *fingerprint = outbox_certificate_info_format_sha256 (info);
  const char * const *host_names = outbox_certificate_info_get_host_names (info);

  gtk_label_set_text (self->problems_label, problems_text);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems_text[0] != '\0');

  adw_action_row_set_subtitle (self->subject_row, outbox_certificate_info_get_subject (info));
  adw_action_row_set_subtitle (self->issuer_row, outbox_certificate_info_get_issuer (info));
  /* TRANSLATORS: the dates a certificate is valid between */
  validity = g_strdup_printf (_("From %s to %s"), not_before, not_after);
  adw_action_row_set_subtitle (self->validity_row, validity);
  names = host_names ? g_strjoinv (", ", (char **)host_names) : NULL;
  adw_action_row_set_subtitle (self->names_row, names && *names ? names : _("none"));
  adw_action_row_set_subtitle (self->fingerprint_row, fingerprint);
}

static void
on_confirm_toggled (OutboxCertificateDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->trust_button),
                            gtk_check_button_get_active (self->confirm_check));
}

static void
on_copy_clicked (OutboxCertificateDialog *self)
{
  g_autofree char *fingerprint = outbox_certificate_info_format_sha256 (self->info);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), fingerprint);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Fingerprint copied")));
}

static void
on_trust_clicked (OutboxCertificateDialog *self)
{
  if (!gtk_check_button_get_active (self->confirm_check))
    return;

  g_signal_emit (self, signals[TRUSTED], 0, outbox_certificate_info_get_sha256 (self->info));
  gtk_window_close (GTK_WINDOW (self));
}

static void
outbox_certificate_dialog_dispose (GObject *object)
{
  OutboxCertificateDialog *self = OUTBOX_CERTIFICATE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OUTBOX_TYPE_CERTIFICATE_DIALOG);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (outbox_certificate_dialog_parent_class)->dispose (object);
}

static void
outbox_certificate_dialog_class_init (OutboxCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = outbox_certificate_dialog_dispose;

  /**
   * OutboxCertificateDialog::trusted:
   * @sha256: the fingerprint to pin, 64 hex digits
   *
   * The user confirmed that this certificate is to be trusted.
   */
  signals[TRUSTED] =
    g_signal_new ("trusted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbox/Outbox/outbox-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, validity_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, names_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, OutboxCertificateDialog, trust_button);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_trust_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
outbox_certificate_dialog_init (OutboxCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OutboxCertificateDialog *
outbox_certificate_dialog_new (GtkWindow             *parent,
                               OutboxCertificateInfo *info)
{
  OutboxCertificateDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (info), NULL);

  self = g_object_new (OUTBOX_TYPE_CERTIFICATE_DIALOG, "transient-for", parent, NULL);
  if (parent != NULL)
    gtk_window_set_default_size (GTK_WINDOW (self),
                                 MIN (480, MAX (gtk_widget_get_width (GTK_WIDGET (parent)), 300)),
                                 MIN (600, MAX (gtk_widget_get_height (GTK_WIDGET (parent)), 294)));
  self->info = g_object_ref (info);
  show_info (self);
  return self;
}

OutboxCertificateInfo *
outbox_certificate_dialog_get_info (OutboxCertificateDialog *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_DIALOG (self), NULL);

  return self->info;
}
