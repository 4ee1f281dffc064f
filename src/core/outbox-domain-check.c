/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxDomainCheck: the SPF and DMARC records of a sender domain. Only
 * whether they exist and the DMARC policy are read; whether a given server
 * may send for the domain (a full SPF evaluation) is not judged. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-domain-check.h"
#include "outbox-notice.h"
#include "outbox-util-private.h"

/* A domain publishes a handful of TXT records; a hostile answer is cut. */
#define MAX_RECORDS      64
#define MAX_RECORD_BYTES 4096

struct _OutboxDomainCheck
{
  GObject                  parent_instance;

  char                    *domain;
  OutboxDomainRecordState  spf_state;
  char                    *spf_record;
  char                    *spf_error;
  OutboxDomainRecordState  dmarc_state;
  OutboxDmarcPolicy        dmarc_policy;
  char                    *dmarc_record;
  char                    *dmarc_error;
};

G_DEFINE_FINAL_TYPE (OutboxDomainCheck, outbox_domain_check, G_TYPE_OBJECT)

typedef struct
{
  guint pending;
} RunData;

/* The strings of one TXT record joined, as receivers read it; NULL when
 * it is not text we would show. */
static char *
txt_text (GVariant *record)
{
  g_autofree const char **strings = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (!g_variant_is_of_type (record, G_VARIANT_TYPE ("(as)")))
    return NULL;
  g_variant_get (record, "(^a&s)", &strings);
  for (guint i = 0; strings && strings[i]; i++)
    {
      if (text->len + strlen (strings[i]) > MAX_RECORD_BYTES)
        return NULL;
      g_string_append (text, strings[i]);
    }
  return _outbox_text_for_message (text->str, MAX_RECORD_BYTES);
}

static gboolean
starts_with_tag (const char *text,
                 const char *tag)
{
  gsize len = strlen (tag);

  return g_ascii_strncasecmp (text, tag, len) == 0 &&
         (text[len] == '\0' || text[len] == ' ' || text[len] == ';');
}

static OutboxDmarcPolicy
dmarc_policy (const char *record)
{
  g_auto(GStrv) tags = g_strsplit (record, ";", 64);

  for (guint i = 1; tags[i]; i++)
    {
      char *tag = g_strstrip (tags[i]);

      if (g_ascii_strncasecmp (tag, "p", 1) != 0)
        continue;
      tag = g_strchug (tag + 1);
      if (*tag != '=')
        continue;
      tag = g_strstrip (tag + 1);
      if (g_ascii_strcasecmp (tag, "none") == 0)
        return OUTBOX_DMARC_POLICY_NONE;
      if (g_ascii_strcasecmp (tag, "quarantine") == 0)
        return OUTBOX_DMARC_POLICY_QUARANTINE;
      if (g_ascii_strcasecmp (tag, "reject") == 0)
        return OUTBOX_DMARC_POLICY_REJECT;
      return OUTBOX_DMARC_POLICY_UNKNOWN;
    }
  return OUTBOX_DMARC_POLICY_UNKNOWN;
}

/* Reads one answer: the records starting with @tag. Returns how many,
 * *first the first; -1 when the look-up failed (error in *why). */
static int
matching_records (GObject       *resolver,
                  GAsyncResult  *result,
                  const char    *tag,
                  char         **first,
                  char         **why)
{
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (resolver), result, &error);
  guint n = 0;
  int found = 0;

  if (error)
    {
      if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
        return 0;
      *why = _outbox_text_for_message (error->message, 300);
      return -1;
    }
  for (GList *l = records; l && n < MAX_RECORDS; l = l->next, n++)
    {
      g_autofree char *text = txt_text (l->data);

      if (text && starts_with_tag (text, tag))
        {
          if (found++ == 0)
            *first = g_steal_pointer (&text);
        }
    }
  g_list_free_full (records, (GDestroyNotify)g_variant_unref);
  return found;
}

static void
step_done (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (--data->pending > 0)
    return;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
spf_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OutboxDomainCheck *self = g_task_get_source_object (task);
  int n = matching_records (object, result, "v=spf1", &self->spf_record, &self->spf_error);

  self->spf_state = n < 0 ? OUTBOX_DOMAIN_RECORD_UNCHECKED
                  : n == 0 ? OUTBOX_DOMAIN_RECORD_MISSING
                  : n == 1 ? OUTBOX_DOMAIN_RECORD_PRESENT
                  : OUTBOX_DOMAIN_RECORD_MULTIPLE;
  step_done (task);
}

static void
dmarc_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OutboxDomainCheck *self = g_task_get_source_object (task);
  int n = matching_records (object, result, "v=DMARC1", &self->dmarc_record, &self->dmarc_error);

  if (n < 0)
    self->dmarc_state = OUTBOX_DOMAIN_RECORD_UNCHECKED;
  else if (n == 0)
    self->dmarc_state = OUTBOX_DOMAIN_RECORD_MISSING;
  else if (n > 1)
    self->dmarc_state = OUTBOX_DOMAIN_RECORD_MULTIPLE;
  else
    {
      self->dmarc_policy = dmarc_policy (self->dmarc_record);
      self->dmarc_state = self->dmarc_policy == OUTBOX_DMARC_POLICY_UNKNOWN
                          ? OUTBOX_DOMAIN_RECORD_INVALID : OUTBOX_DOMAIN_RECORD_PRESENT;
    }
  step_done (task);
}

static void
outbox_domain_check_finalize (GObject *object)
{
  OutboxDomainCheck *self = OUTBOX_DOMAIN_CHECK (object);

  g_free (self->domain);
  g_free (self->spf_record);
  g_free (self->spf_error);
  g_free (self->dmarc_record);
  g_free (self->dmarc_error);

  G_OBJECT_CLASS (outbox_domain_check_parent_class)->finalize (object);
}

static void
outbox_domain_check_class_init (OutboxDomainCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = outbox_domain_check_finalize;
}

static void
outbox_domain_check_init (OutboxDomainCheck *self)
{
}

OutboxDomainCheck *
outbox_domain_check_new (const char *address_or_domain)
{
  OutboxDomainCheck *self;
  const char *at;
  g_autofree char *ascii = NULL;

  if (address_or_domain == NULL)
    return NULL;
  at = strrchr (address_or_domain, '@');
  ascii = g_hostname_to_ascii (at ? at + 1 : address_or_domain);
  if (ascii == NULL || !_outbox_hostname_is_valid (ascii) || strchr (ascii, '.') == NULL ||
      g_hostname_is_ip_address (ascii))
    return NULL;

  self = g_object_new (OUTBOX_TYPE_DOMAIN_CHECK, NULL);
  self->domain = g_ascii_strdown (ascii, -1);
  if (g_str_has_suffix (self->domain, "."))
    self->domain[strlen (self->domain) - 1] = '\0';
  return self;
}

void
outbox_domain_check_run_async (OutboxDomainCheck   *self,
                               GResolver           *resolver,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GResolver) default_resolver = NULL;
  g_autofree char *dmarc_name = NULL;
  GTask *task;
  RunData *data;

  g_return_if_fail (OUTBOX_IS_DOMAIN_CHECK (self));

  if (resolver == NULL)
    resolver = default_resolver = g_resolver_get_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, outbox_domain_check_run_async);
  data = g_new0 (RunData, 1);
  data->pending = 2;
  g_task_set_task_data (task, data, g_free);

  dmarc_name = g_strconcat ("_dmarc.", self->domain, NULL);
  g_resolver_lookup_records_async (resolver, self->domain, G_RESOLVER_RECORD_TXT, cancellable,
                                   spf_cb, g_object_ref (task));
  g_resolver_lookup_records_async (resolver, dmarc_name, G_RESOLVER_RECORD_TXT, cancellable,
                                   dmarc_cb, task);
}

gboolean
outbox_domain_check_run_finish (OutboxDomainCheck  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
outbox_domain_check_get_domain (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);
  return self->domain;
}

OutboxDomainRecordState
outbox_domain_check_get_spf_state (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), OUTBOX_DOMAIN_RECORD_UNCHECKED);
  return self->spf_state;
}

const char *
outbox_domain_check_get_spf_record (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);
  return self->spf_record;
}

OutboxDomainRecordState
outbox_domain_check_get_dmarc_state (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), OUTBOX_DOMAIN_RECORD_UNCHECKED);
  return self->dmarc_state;
}

OutboxDmarcPolicy
outbox_domain_check_get_dmarc_policy (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), OUTBOX_DMARC_POLICY_UNKNOWN);
  return self->dmarc_policy;
}

const char *
outbox_domain_check_get_dmarc_record (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);
  return self->dmarc_record;
}

const char *
outbox_domain_check_get_spf_error (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);
  return self->spf_error;
}

const char *
outbox_domain_check_get_dmarc_error (OutboxDomainCheck *self)
{
  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);
  return self->dmarc_error;
}

char *
outbox_domain_check_describe_spf (OutboxDomainCheck *self)
{
  const char *state;

  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);

  switch (self->spf_state)
    {
    /* TRANSLATORS: the SPF record of a sender domain, in a table */
    case OUTBOX_DOMAIN_RECORD_PRESENT: state = _("published"); break;
    /* TRANSLATORS: the SPF record of a sender domain, in a table */
    case OUTBOX_DOMAIN_RECORD_MISSING: state = _("missing"); break;
    /* TRANSLATORS: the SPF record of a sender domain, in a table: more than one */
    case OUTBOX_DOMAIN_RECORD_MULTIPLE: state = _("several records (an error)"); break;
    case OUTBOX_DOMAIN_RECORD_INVALID:
    case OUTBOX_DOMAIN_RECORD_UNCHECKED:
    /* TRANSLATORS: the SPF record of a sender domain, in a table: the look-up failed */
    default: state = _("could not check"); break;
    }
  /* TRANSLATORS: "SPF: published" */
  return g_strdup_printf (_("SPF: %s"), state);
}

char *
outbox_domain_check_describe_dmarc (OutboxDomainCheck *self)
{
  const char *state;

  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);

  switch (self->dmarc_state)
    {
    case OUTBOX_DOMAIN_RECORD_PRESENT:
      /* TRANSLATORS: DMARC policies are keywords; keep none, quarantine and reject in English */
      state = self->dmarc_policy == OUTBOX_DMARC_POLICY_REJECT ? _("policy reject")
            : self->dmarc_policy == OUTBOX_DMARC_POLICY_QUARANTINE ? _("policy quarantine")
            : _("policy none");
      break;
    case OUTBOX_DOMAIN_RECORD_MISSING: state = _("missing"); break;
    case OUTBOX_DOMAIN_RECORD_MULTIPLE: state = _("several records (an error)"); break;
    /* TRANSLATORS: the DMARC record of a sender domain has no valid policy */
    case OUTBOX_DOMAIN_RECORD_INVALID: state = _("no valid policy"); break;
    case OUTBOX_DOMAIN_RECORD_UNCHECKED:
    default: state = _("could not check"); break;
    }
  /* TRANSLATORS: "DMARC: policy reject" */
  return g_strdup_printf (_("DMARC: %s"), state);
}

static void
add_notice (GPtrArray         *notices,
            OutboxNoticeLevel  level,
            const char        *id,
            const char        *message,
            const char        *detail)
{
  g_ptr_array_add (notices, outbox_notice_new (level, id, message, detail));
}

GPtrArray *
outbox_domain_check_get_notices (OutboxDomainCheck *self)
{
  GPtrArray *notices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *message = NULL;

  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), notices);

  switch (self->spf_state)
    {
    case OUTBOX_DOMAIN_RECORD_MISSING:
      message = g_strdup_printf (_("Messages from this address may land in spam: the domain "
                                   "%s publishes no SPF record, so receivers cannot tell which "
                                   "servers may send its mail."), self->domain);
      add_notice (notices, OUTBOX_NOTICE_WARNING, "spf-missing", message, NULL);
      break;
    case OUTBOX_DOMAIN_RECORD_MULTIPLE:
      message = g_strdup_printf (_("The domain %s publishes more than one SPF record. Receivers "
                                   "treat that as an error and may reject or mark its mail; "
                                   "the domain’s administrator should merge them into one."),
                                 self->domain);
      add_notice (notices, OUTBOX_NOTICE_WARNING, "spf-multiple", message, self->spf_record);
      break;
    case OUTBOX_DOMAIN_RECORD_UNCHECKED:
      message = g_strdup_printf (_("Could not check the SPF record of %s."), self->domain);
      add_notice (notices, OUTBOX_NOTICE_INFO, "spf-unchecked", message, self->spf_error);
      break;
    case OUTBOX_DOMAIN_RECORD_PRESENT:
    case OUTBOX_DOMAIN_RECORD_INVALID:
    default:
      break;
    }
  g_clear_pointer (&message, g_free);

  switch (self->dmarc_state)
    {
    case OUTBOX_DOMAIN_RECORD_MISSING:
      message = g_strdup_printf (_("The domain %s publishes no DMARC policy. Large mail "
                                   "providers expect one from anyone who sends in bulk; "
                                   "without it, a campaign may land in spam."), self->domain);
      add_notice (notices, OUTBOX_NOTICE_WARNING, "dmarc-missing", message, NULL);
      break;
    case OUTBOX_DOMAIN_RECORD_MULTIPLE:
    case OUTBOX_DOMAIN_RECORD_INVALID:
      message = g_strdup_printf (_("The DMARC record of %s is not valid (several records, or "
                                   "no policy), so receivers ignore it."), self->domain);
      add_notice (notices, OUTBOX_NOTICE_WARNING, "dmarc-invalid", message, self->dmarc_record);
      break;
    case OUTBOX_DOMAIN_RECORD_PRESENT:
      if (self->dmarc_policy == OUTBOX_DMARC_POLICY_NONE)
        {
          message = g_strdup_printf (_("The DMARC policy of %s is “none”: receivers are asked "
                                       "only to report mail that fails the checks, not to "
                                       "stop it."), self->domain);
          add_notice (notices, OUTBOX_NOTICE_INFO, "dmarc-policy-none", message, NULL);
        }
      break;
    case OUTBOX_DOMAIN_RECORD_UNCHECKED:
    default:
      message = g_strdup_printf (_("Could not check the DMARC policy of %s."), self->domain);
      add_notice (notices, OUTBOX_NOTICE_INFO, "dmarc-unchecked", message, self->dmarc_error);
      break;
    }
  return notices;
}

const char *
outbox_domain_record_state_to_string (OutboxDomainRecordState state)
{
  switch (state)
    {
    case OUTBOX_DOMAIN_RECORD_MISSING: return "missing";
    case OUTBOX_DOMAIN_RECORD_PRESENT: return "present";
    case OUTBOX_DOMAIN_RECORD_MULTIPLE: return "multiple";
    case OUTBOX_DOMAIN_RECORD_INVALID: return "invalid";
    case OUTBOX_DOMAIN_RECORD_UNCHECKED:
    default: return "unchecked";
    }
}

const char *
outbox_dmarc_policy_to_string (OutboxDmarcPolicy policy)
{
  switch (policy)
    {
    case OUTBOX_DMARC_POLICY_NONE: return "none";
    case OUTBOX_DMARC_POLICY_QUARANTINE: return "quarantine";
    case OUTBOX_DMARC_POLICY_REJECT: return "reject";
    case OUTBOX_DMARC_POLICY_UNKNOWN:
    default: return NULL;
    }
}

JsonNode *
outbox_domain_check_to_json (OutboxDomainCheck *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) notices = NULL;

  g_return_val_if_fail (OUTBOX_IS_DOMAIN_CHECK (self), NULL);

  notices = outbox_domain_check_get_notices (self);
  json_builder_begin_object (builder);
  _outbox_json_add_string_or_null (builder, "domain", self->domain);
  json_builder_set_member_name (builder, "spf");
  json_builder_begin_object (builder);
  _outbox_json_add_string_or_null (builder, "state", outbox_domain_record_state_to_string (self->spf_state));
  _outbox_json_add_string_or_null (builder, "record", self->spf_record);
  _outbox_json_add_string_or_null (builder, "error", self->spf_error);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "dmarc");
  json_builder_begin_object (builder);
  _outbox_json_add_string_or_null (builder, "state", outbox_domain_record_state_to_string (self->dmarc_state));
  _outbox_json_add_string_or_null (builder, "policy", outbox_dmarc_policy_to_string (self->dmarc_policy));
  _outbox_json_add_string_or_null (builder, "record", self->dmarc_record);
  _outbox_json_add_string_or_null (builder, "error", self->dmarc_error);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "notices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < notices->len; i++)
    json_builder_add_value (builder, outbox_notice_to_json (g_ptr_array_index (notices, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
