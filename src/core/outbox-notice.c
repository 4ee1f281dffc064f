/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxNotice: one warning or notice that is not a failure. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-notice.h"

struct _OutboxNotice
{
  GObject                parent_instance;

  OutboxNoticeLevel      level;
  char                  *id;
  char                  *message;
  char                  *detail;
  OutboxCertificateInfo *old_certificate;
  OutboxCertificateInfo *new_certificate;
};

G_DEFINE_FINAL_TYPE (OutboxNotice, outbox_notice, G_TYPE_OBJECT)

static void
outbox_notice_finalize (GObject *object)
{
  OutboxNotice *self = OUTBOX_NOTICE (object);

  g_free (self->id);
  g_free (self->message);
  g_free (self->detail);
  g_clear_object (&self->old_certificate);
  g_clear_object (&self->new_certificate);

  G_OBJECT_CLASS (outbox_notice_parent_class)->finalize (object);
}

static void
outbox_notice_class_init (OutboxNoticeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = outbox_notice_finalize;
}

static void
outbox_notice_init (OutboxNotice *self)
{
}

OutboxNotice *
outbox_notice_new (OutboxNoticeLevel  level,
                   const char        *id,
                   const char        *message,
                   const char        *detail)
{
  OutboxNotice *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (OUTBOX_TYPE_NOTICE, NULL);
  self->level = level;
  self->id = g_strdup (id);
  self->message = g_strdup (message);
  self->detail = g_strdup (detail);
  return self;
}

OutboxNoticeLevel
outbox_notice_get_level (OutboxNotice *self)
{
  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), OUTBOX_NOTICE_INFO);
  return self->level;
}

const char *
outbox_notice_get_id (OutboxNotice *self)
{
  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), NULL);
  return self->id;
}

const char *
outbox_notice_get_message (OutboxNotice *self)
{
  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), NULL);
  return self->message;
}

const char *
outbox_notice_get_detail (OutboxNotice *self)
{
  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), NULL);
  return self->detail;
}

/**
 * outbox_notice_get_old_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate of the previous test
 */
OutboxCertificateInfo *
outbox_notice_get_old_certificate (OutboxNotice *self)
{
  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), NULL);
  return self->old_certificate;
}

/**
 * outbox_notice_get_new_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate of this test
 */
OutboxCertificateInfo *
outbox_notice_get_new_certificate (OutboxNotice *self)
{
  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), NULL);
  return self->new_certificate;
}

void
outbox_notice_set_certificates (OutboxNotice          *self,
                                OutboxCertificateInfo *old_certificate,
                                OutboxCertificateInfo *new_certificate)
{
  g_return_if_fail (OUTBOX_IS_NOTICE (self));

  g_set_object (&self->old_certificate, old_certificate);
  g_set_object (&self->new_certificate, new_certificate);
}

const char *
outbox_notice_level_to_string (OutboxNoticeLevel level)
{
  switch (level)
    {
    case OUTBOX_NOTICE_WARNING: return "warning";
    case OUTBOX_NOTICE_STRONG_WARNING: return "strong-warning";
    case OUTBOX_NOTICE_INFO:
    default: return "info";
    }
}

const char *
outbox_notice_level_get_label (OutboxNoticeLevel level)
{
  switch (level)
    {
    /* TRANSLATORS: the label before a warning, as in "Warning: the certificate expires …" */
    case OUTBOX_NOTICE_WARNING: return _("Warning");
    /* TRANSLATORS: the label before a strong warning: something stops working within days */
    case OUTBOX_NOTICE_STRONG_WARNING: return _("Important");
    /* TRANSLATORS: the label before a notice: worth knowing, nothing to do */
    case OUTBOX_NOTICE_INFO:
    default: return _("Notice");
    }
}

static void
add_certificate (JsonBuilder           *builder,
                 const char            *name,
                 OutboxCertificateInfo *certificate)
{
  json_builder_set_member_name (builder, name);
  if (certificate)
    json_builder_add_value (builder, outbox_certificate_info_to_json (certificate));
  else
    json_builder_add_null_value (builder);
}

/**
 * outbox_notice_to_json:
 *
 * Returns: (transfer full): {id, level, message, detail, old_certificate,
 *   new_certificate}
 */
JsonNode *
outbox_notice_to_json (OutboxNotice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, outbox_notice_level_to_string (self->level));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, self->message);
  json_builder_set_member_name (builder, "detail");
  if (self->detail)
    json_builder_add_string_value (builder, self->detail);
  else
    json_builder_add_null_value (builder);
  add_certificate (builder, "old_certificate", self->old_certificate);
  add_certificate (builder, "new_certificate", self->new_certificate);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
outbox_notice_format (OutboxNotice *self)
{
  GString *out;

  g_return_val_if_fail (OUTBOX_IS_NOTICE (self), NULL);

  out = g_string_new (NULL);
  /* TRANSLATORS: a notice in a terminal: "Warning: the certificate expires …" */
  g_string_append_printf (out, _("%s: %s"), outbox_notice_level_get_label (self->level),
                          self->message);
  g_string_append_c (out, '\n');
  if (self->detail)
    {
      g_auto(GStrv) lines = g_strsplit (self->detail, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        g_string_append_printf (out, "  %s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}
