/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxDiagnosis: what a failed test most likely means and what to do. The
 * rules themselves are in outbox-diagnosis-rules.c. */

#define G_LOG_DOMAIN "outbox-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-diagnosis-private.h"

struct _OutboxDiagnosis
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *explanation;
  char       *server_reply;
  GListStore *fixes;
};

G_DEFINE_FINAL_TYPE (OutboxDiagnosis, outbox_diagnosis, G_TYPE_OBJECT)

/* Facts from the providers' own help pages (see DESIGN.md). */
static const OutboxProviderHint providers[] = {
  { "Gmail", (const char * const[]){ "gmail.com", "googlemail.com", NULL },
    (const char * const[]){ "gmail.com", "googlemail.com", NULL },
    "smtp.gmail.com", TRUE, FALSE, TRUE, 0 },
  { "Outlook", (const char * const[]){ "outlook.com", "office365.com", "hotmail.com", "live.com", NULL },
    (const char * const[]){ "outlook.com", "hotmail.com", "live.com", NULL },
    "smtp-mail.outlook.com", FALSE, FALSE, TRUE, 0 },
  { "Yahoo", (const char * const[]){ "yahoo.com", NULL },
    (const char * const[]){ "yahoo.com", NULL },
    "smtp.mail.yahoo.com", TRUE, FALSE, TRUE, 0 },
  { "Yandex", (const char * const[]){ "yandex.com", "yandex.com.tr", "yandex.ru", "yandex.net", NULL },
    (const char * const[]){ "yandex.com", "yandex.com.tr", "yandex.ru", "ya.ru", NULL },
    "smtp.yandex.com.tr", TRUE, FALSE, TRUE, 0 },
  { "riseup", (const char * const[]){ "riseup.net", NULL },
    (const char * const[]){ "riseup.net", NULL },
    "mail.riseup.net", FALSE, TRUE, FALSE, 0 },
  { "OVH", (const char * const[]){ "ovh.net", NULL },
    (const char * const[]){ NULL },
    "ssl0.ovh.net", FALSE, FALSE, TRUE, 10 * 1000 * 1000 },
};

static gboolean
name_ends_with (const char *name,
                const char *suffix)
{
  gsize nlen = strlen (name);
  gsize slen = strlen (suffix);

  if (nlen == slen)
    return g_ascii_strcasecmp (name, suffix) == 0;
  return nlen > slen && name[nlen - slen - 1] == '.' &&
         g_ascii_strcasecmp (name + nlen - slen, suffix) == 0;
}

static char *
normalize_name (const char *name)
{
  char *copy = g_ascii_strdown (name ? name : "", -1);
  gsize len;

  g_strstrip (copy);
  len = strlen (copy);
  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';
  return copy;
}

const OutboxProviderHint *
_outbox_provider_hint_for_host (const char *host)
{
  g_autofree char *name = normalize_name (host);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    for (guint j = 0; providers[i].host_suffixes[j] != NULL; j++)
      if (name_ends_with (name, providers[i].host_suffixes[j]))
        return &providers[i];
  return NULL;
}

const OutboxProviderHint *
_outbox_provider_hint_for_domain (const char *domain)
{
  g_autofree char *name = normalize_name (domain);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    for (guint j = 0; providers[i].domains[j] != NULL; j++)
      if (g_str_equal (name, providers[i].domains[j]))
        return &providers[i];
  return NULL;
}

/* Maps the errors GIO itself raises onto the engine's codes, so that a
 * caller passing a raw GIO error still gets the right advice. */
static int
error_kind (const GError *error)
{
  if (error == NULL)
    return -1;
  if (error->domain == OUTBOX_SMTP_ERROR)
    return error->code;
  if (error->domain == G_RESOLVER_ERROR)
    return OUTBOX_SMTP_ERROR_DNS;
  if (error->domain == G_TLS_ERROR)
    return error->code == G_TLS_ERROR_BAD_CERTIFICATE ? OUTBOX_SMTP_ERROR_CERTIFICATE
                                                      : OUTBOX_SMTP_ERROR_TLS_HANDSHAKE;
  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED: return OUTBOX_SMTP_ERROR_REFUSED;
        case G_IO_ERROR_TIMED_OUT: return OUTBOX_SMTP_ERROR_TIMEOUT;
        case G_IO_ERROR_CANCELLED: return OUTBOX_SMTP_ERROR_CANCELLED;
        case G_IO_ERROR_HOST_NOT_FOUND: return OUTBOX_SMTP_ERROR_DNS;
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_BROKEN_PIPE:  /* also G_IO_ERROR_CONNECTION_CLOSED */
        case G_IO_ERROR_NOT_CONNECTED:
          return OUTBOX_SMTP_ERROR_NETWORK;
        default:
          return OUTBOX_SMTP_ERROR_PROTOCOL;
        }
    }
  return -1;
}

static void
outbox_diagnosis_finalize (GObject *object)
{
  OutboxDiagnosis *self = (OutboxDiagnosis *)object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->explanation);
  g_free (self->server_reply);
  g_clear_object (&self->fixes);

  G_OBJECT_CLASS (outbox_diagnosis_parent_class)->finalize (object);
}

static void
outbox_diagnosis_class_init (OutboxDiagnosisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = outbox_diagnosis_finalize;
}

static void
outbox_diagnosis_init (OutboxDiagnosis *self)
{
}

OutboxDiagnosis *
outbox_diagnosis_new (OutboxAccount  *account,
                      OutboxSmtpStep  step,
                      const GError   *error,
                      guint           smtp_code,
                      const char     *enhanced_code,
                      const char     *server_text)
{
  return outbox_diagnosis_new_with_details (account, step, error, smtp_code,
                                            enhanced_code, server_text, NULL);
}

OutboxDiagnosis *
outbox_diagnosis_new_with_details (OutboxAccount                *account,
                                   OutboxSmtpStep                step,
                                   const GError                 *error,
                                   guint                         smtp_code,
                                   const char                   *enhanced_code,
                                   const char                   *server_text,
                                   const OutboxDiagnosisDetails *details)
{
  static const OutboxDiagnosisDetails no_details = { 0 };
  OutboxDiagnosis *self;
  OutboxDiagnosisContext ctx = { 0 };
  const char *sender;
  const char *at;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), NULL);

  ctx.account = account;
  ctx.step = step;
  ctx.kind = error_kind (error);
  ctx.code = smtp_code;
  ctx.enhanced = enhanced_code ? enhanced_code : "";
  ctx.text = g_utf8_strdown (server_text ? server_text : "", -1);
  ctx.details = details ? details : &no_details;
  ctx.provider = _outbox_provider_hint_for_host (outbox_account_get_host (account));
  sender = outbox_account_get_sender_address (account);
  at = sender ? strrchr (sender, '@') : NULL;
  ctx.sender_provider = at ? _outbox_provider_hint_for_domain (at + 1) : NULL;
  ctx.fixes = g_list_store_new (OUTBOX_TYPE_FIX);

  _outbox_diagnosis_classify (&ctx);
  g_assert (ctx.id != NULL && ctx.title != NULL && ctx.explanation != NULL);

  self = g_object_new (OUTBOX_TYPE_DIAGNOSIS, NULL);
  self->id = g_strdup (ctx.id);
  self->title = ctx.title;
  self->explanation = ctx.explanation;
  self->fixes = ctx.fixes;
  if (smtp_code != 0 || (server_text && *server_text))
    {
      g_autoptr(GString) reply = g_string_new (NULL);

      if (smtp_code != 0)
        g_string_append_printf (reply, "%u", smtp_code);
      if (enhanced_code && *enhanced_code)
        g_string_append_printf (reply, "%s%s", reply->len ? " " : "", enhanced_code);
      if (server_text && *server_text)
        g_string_append_printf (reply, "%s%s", reply->len ? " " : "", server_text);
      self->server_reply = g_string_free (g_steal_pointer (&reply), FALSE);
    }
  g_free (ctx.text);

  g_debug ("diagnosis for step %s, code %u: %s (%u fixes)",
           outbox_smtp_step_to_string (step), smtp_code, self->id,
           g_list_model_get_n_items (G_LIST_MODEL (self->fixes)));

  return self;
}

const char *
outbox_diagnosis_get_id (OutboxDiagnosis *self)
{
  g_return_val_if_fail (OUTBOX_IS_DIAGNOSIS (self), NULL);
  return self->id;
}

const char *
outbox_diagnosis_get_title (OutboxDiagnosis *self)
{
  g_return_val_if_fail (OUTBOX_IS_DIAGNOSIS (self), NULL);
  return self->title;
}

const char *
outbox_diagnosis_get_explanation (OutboxDiagnosis *self)
{
  g_return_val_if_fail (OUTBOX_IS_DIAGNOSIS (self), NULL);
  return self->explanation;
}

GListModel *
outbox_diagnosis_get_fixes (OutboxDiagnosis *self)
{
  g_return_val_if_fail (OUTBOX_IS_DIAGNOSIS (self), NULL);
  return G_LIST_MODEL (self->fixes);
}

const char *
outbox_diagnosis_get_server_reply (OutboxDiagnosis *self)
{
  g_return_val_if_fail (OUTBOX_IS_DIAGNOSIS (self), NULL);
  return self->server_reply;
}

char *
outbox_diagnosis_format (OutboxDiagnosis *self)
{
  GString *text;
  guint n;

  g_return_val_if_fail (OUTBOX_IS_DIAGNOSIS (self), NULL);

  text = g_string_new (self->title);
  g_string_append (text, "\n\n");
  g_string_append (text, self->explanation);
  g_string_append_c (text, '\n');
  if (self->server_reply != NULL)
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is the server's reply, as it sent it */
      g_string_append_printf (text, _("The server said: %s"), self->server_reply);
      g_string_append_c (text, '\n');
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->fixes));
  if (n > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("What you can do:"));
      g_string_append_c (text, '\n');
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OutboxFix) fix = g_list_model_get_item (G_LIST_MODEL (self->fixes), i);

          g_string_append_printf (text, "  • %s\n", outbox_fix_get_label (fix));
        }
    }

  return g_string_free (text, FALSE);
}

JsonNode *
outbox_diagnosis_to_json (OutboxDiagnosis *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n;

  g_return_val_if_fail (OUTBOX_IS_DIAGNOSIS (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, self->explanation);
  json_builder_set_member_name (builder, "server_reply");
  if (self->server_reply != NULL)
    json_builder_add_string_value (builder, self->server_reply);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "fixes");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->fixes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OutboxFix) fix = g_list_model_get_item (G_LIST_MODEL (self->fixes), i);

      json_builder_add_value (builder, outbox_fix_to_json (fix));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
