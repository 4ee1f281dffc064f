/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxFix: a suggested fix, with the change it makes to an account. */

#define G_LOG_DOMAIN "outbox-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-account.h"
#include "outbox-fix.h"

struct _OutboxFix
{
  GObject          parent_instance;

  char            *id;
  OutboxFixKind    kind;
  char            *label;
  OutboxFixFields  fields;
  OutboxSecurity   security;
  guint            port;
  char            *host;
  OutboxAuth       auth;
  char            *login;
  guint            timeout;
  char            *sender_address;
  char            *fingerprint;
};

G_DEFINE_FINAL_TYPE (OutboxFix, outbox_fix, G_TYPE_OBJECT)

static OutboxFix *
fix_new (OutboxFixKind    kind,
         OutboxFixFields  fields,
         char            *id,
         char            *label)
{
  OutboxFix *self = g_object_new (OUTBOX_TYPE_FIX, NULL);

  self->kind = kind;
  self->fields = fields;
  self->id = id;
  self->label = label;
  return self;
}

static void
outbox_fix_finalize (GObject *object)
{
  OutboxFix *self = (OutboxFix *)object;

  g_free (self->id);
  g_free (self->label);
  g_free (self->host);
  g_free (self->login);
  g_free (self->sender_address);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (outbox_fix_parent_class)->finalize (object);
}

static void
outbox_fix_class_init (OutboxFixClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = outbox_fix_finalize;
}

static void
outbox_fix_init (OutboxFix *self)
{
}

OutboxFix *
outbox_fix_new_advice (const char *id,
                       const char *label)
{
  g_return_val_if_fail (id != NULL && label != NULL, NULL);

  return fix_new (OUTBOX_FIX_ADVICE, OUTBOX_FIX_FIELD_NONE,
                  g_strconcat ("advice:", id, NULL), g_strdup (label));
}

OutboxFix *
outbox_fix_new_retry (const char *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  return fix_new (OUTBOX_FIX_RETRY, OUTBOX_FIX_FIELD_NONE, g_strdup ("retry"), g_strdup (label));
}

OutboxFix *
outbox_fix_new_security (OutboxSecurity security,
                         guint          port)
{
  OutboxFix *self;
  char *label;

  g_return_val_if_fail (port > 0 && port < 65536, NULL);

  switch (security)
    {
    case OUTBOX_SECURITY_TLS:
      /* TRANSLATORS: a button; SSL/TLS is encryption from the first byte */
      label = g_strdup_printf (_("Use port %u with SSL/TLS"), port);
      break;
    case OUTBOX_SECURITY_STARTTLS:
      /* TRANSLATORS: a button; STARTTLS is a name, keep it */
      label = g_strdup_printf (_("Use STARTTLS on port %u"), port);
      break;
    case OUTBOX_SECURITY_NONE:
    default:
      label = g_strdup_printf (_("Use port %u without encryption"), port);
      break;
    }

  self = fix_new (OUTBOX_FIX_CHANGE, OUTBOX_FIX_FIELD_SECURITY | OUTBOX_FIX_FIELD_PORT,
                  g_strdup_printf ("security=%s,port=%u", outbox_security_to_string (security), port),
                  label);
  self->security = security;
  self->port = port;
  return self;
}

/* label: NULL for the plain "Use the server name …". */
OutboxFix *
outbox_fix_new_host (const char *host,
                     const char *label)
{
  OutboxFix *self;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);

  self = fix_new (OUTBOX_FIX_CHANGE, OUTBOX_FIX_FIELD_HOST,
                  g_strconcat ("host=", host, NULL),
                  label ? g_strdup (label)
                        /* TRANSLATORS: a button; %s is a server name like smtp.example.com */
                        : g_strdup_printf (_("Use the server name %s"), host));
  self->host = g_strdup (host);
  return self;
}

OutboxFix *
outbox_fix_new_auth (OutboxAuth auth)
{
  OutboxFix *self;
  const char *label;

  switch (auth)
    {
    case OUTBOX_AUTH_NONE:
      label = _("Send without signing in");
      break;
    case OUTBOX_AUTH_SEPARATE:
      label = _("Sign in with a separate SMTP login");
      break;
    case OUTBOX_AUTH_PASSWORD:
    default:
      label = _("Sign in with the account’s username and password");
      break;
    }

  self = fix_new (OUTBOX_FIX_CHANGE, OUTBOX_FIX_FIELD_AUTH,
                  g_strconcat ("auth=", outbox_auth_to_string (auth), NULL), g_strdup (label));
  self->auth = auth;
  return self;
}

OutboxFix *
outbox_fix_new_login (const char *login)
{
  OutboxFix *self;

  g_return_val_if_fail (login != NULL && *login != '\0', NULL);

  self = fix_new (OUTBOX_FIX_CHANGE, OUTBOX_FIX_FIELD_LOGIN,
                  g_strconcat ("login=", login, NULL),
                  /* TRANSLATORS: a button; %s is a login name */
                  g_strdup_printf (_("Sign in as “%s”"), login));
  self->login = g_strdup (login);
  return self;
}

OutboxFix *
outbox_fix_new_timeout (guint seconds)
{
  OutboxFix *self;

  g_return_val_if_fail (seconds >= OUTBOX_ACCOUNT_MIN_TIMEOUT &&
                        seconds <= OUTBOX_ACCOUNT_MAX_TIMEOUT, NULL);

  self = fix_new (OUTBOX_FIX_CHANGE, OUTBOX_FIX_FIELD_TIMEOUT,
                  g_strdup_printf ("timeout=%u", seconds),
                  g_strdup_printf (ngettext ("Wait up to %u second for the server",
                                             "Wait up to %u seconds for the server", seconds),
                                   seconds));
  self->timeout = seconds;
  return self;
}

OutboxFix *
outbox_fix_new_sender_address (const char *address)
{
  OutboxFix *self;

  g_return_val_if_fail (address != NULL && *address != '\0', NULL);

  self = fix_new (OUTBOX_FIX_CHANGE, OUTBOX_FIX_FIELD_SENDER_ADDRESS,
                  g_strconcat ("sender-address=", address, NULL),
                  /* TRANSLATORS: a button; %s is an email address */
                  g_strdup_printf (_("Send as %s"), address));
  self->sender_address = g_strdup (address);
  return self;
}

OutboxFix *
outbox_fix_new_pin (const char *sha256)
{
  OutboxFix *self;

  g_return_val_if_fail (sha256 != NULL && *sha256 != '\0', NULL);

  self = fix_new (OUTBOX_FIX_TRUST, OUTBOX_FIX_FIELD_PINNED_CERTIFICATE,
                  g_strconcat ("pin=", sha256, NULL),
                  /* TRANSLATORS: a button that opens a confirmation */
                  g_strdup (_("Trust this certificate…")));
  self->fingerprint = g_strdup (sha256);
  return self;
}

const char *
outbox_fix_get_id (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), NULL);
  return self->id;
}

OutboxFixKind
outbox_fix_get_kind (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), OUTBOX_FIX_ADVICE);
  return self->kind;
}

const char *
outbox_fix_get_label (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), NULL);
  return self->label;
}

OutboxFixFields
outbox_fix_get_fields (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), OUTBOX_FIX_FIELD_NONE);
  return self->fields;
}

OutboxSecurity
outbox_fix_get_security (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), OUTBOX_SECURITY_NONE);
  return self->security;
}

guint
outbox_fix_get_port (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), 0);
  return self->port;
}

const char *
outbox_fix_get_host (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), NULL);
  return self->host;
}

OutboxAuth
outbox_fix_get_auth (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), OUTBOX_AUTH_NONE);
  return self->auth;
}

const char *
outbox_fix_get_login (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), NULL);
  return self->login;
}

guint
outbox_fix_get_timeout (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), 0);
  return self->timeout;
}

const char *
outbox_fix_get_sender_address (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), NULL);
  return self->sender_address;
}

const char *
outbox_fix_get_fingerprint (OutboxFix *self)
{
  g_return_val_if_fail (OUTBOX_IS_FIX (self), NULL);
  return self->fingerprint;
}

gboolean
outbox_fix_apply (OutboxFix     *self,
                  OutboxAccount *account)
{
  g_autoptr(OutboxAccount) before = NULL;

  g_return_val_if_fail (OUTBOX_IS_FIX (self), FALSE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), FALSE);

  if (self->fields == OUTBOX_FIX_FIELD_NONE)
    return FALSE;

  before = outbox_account_copy (account);
  g_object_freeze_notify (G_OBJECT (account));

  /* Security first: setting it may move a default port, which the fix's
   * own port then overrides. */
  if (self->fields & OUTBOX_FIX_FIELD_SECURITY)
    outbox_account_set_security (account, self->security);
  if (self->fields & OUTBOX_FIX_FIELD_PORT)
    outbox_account_set_port (account, self->port);
  if (self->fields & OUTBOX_FIX_FIELD_HOST)
    outbox_account_set_host (account, self->host);
  if (self->fields & OUTBOX_FIX_FIELD_AUTH)
    outbox_account_set_auth (account, self->auth);
  if (self->fields & OUTBOX_FIX_FIELD_LOGIN)
    {
      if (outbox_account_get_auth (account) == OUTBOX_AUTH_SEPARATE)
        outbox_account_set_smtp_username (account, self->login);
      else
        outbox_account_set_username (account, self->login);
    }
  if (self->fields & OUTBOX_FIX_FIELD_TIMEOUT)
    outbox_account_set_timeout (account, self->timeout);
  if (self->fields & OUTBOX_FIX_FIELD_SENDER_ADDRESS)
    outbox_account_set_sender_address (account, self->sender_address);
  if (self->fields & OUTBOX_FIX_FIELD_PINNED_CERTIFICATE)
    outbox_account_set_pinned_certificate_sha256 (account, self->fingerprint);

  g_object_thaw_notify (G_OBJECT (account));

  return !outbox_account_equal (before, account);
}

JsonNode *
outbox_fix_to_json (OutboxFix *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const kinds[] = { "advice", "retry", "change", "trust" };

  g_return_val_if_fail (OUTBOX_IS_FIX (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kinds[self->kind]);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, self->label);
  if (self->fields != OUTBOX_FIX_FIELD_NONE)
    {
      json_builder_set_member_name (builder, "changes");
      json_builder_begin_object (builder);
      if (self->fields & OUTBOX_FIX_FIELD_SECURITY)
        {
          json_builder_set_member_name (builder, "security");
          json_builder_add_string_value (builder, outbox_security_to_string (self->security));
        }
      if (self->fields & OUTBOX_FIX_FIELD_PORT)
        {
          json_builder_set_member_name (builder, "port");
          json_builder_add_int_value (builder, self->port);
        }
      if (self->fields & OUTBOX_FIX_FIELD_HOST)
        {
          json_builder_set_member_name (builder, "host");
          json_builder_add_string_value (builder, self->host);
        }
      if (self->fields & OUTBOX_FIX_FIELD_AUTH)
        {
          json_builder_set_member_name (builder, "auth");
          json_builder_add_string_value (builder, outbox_auth_to_string (self->auth));
        }
      if (self->fields & OUTBOX_FIX_FIELD_LOGIN)
        {
          json_builder_set_member_name (builder, "login");
          json_builder_add_string_value (builder, self->login);
        }
      if (self->fields & OUTBOX_FIX_FIELD_TIMEOUT)
        {
          json_builder_set_member_name (builder, "timeout");
          json_builder_add_int_value (builder, self->timeout);
        }
      if (self->fields & OUTBOX_FIX_FIELD_SENDER_ADDRESS)
        {
          json_builder_set_member_name (builder, "sender_address");
          json_builder_add_string_value (builder, self->sender_address);
        }
      if (self->fields & OUTBOX_FIX_FIELD_PINNED_CERTIFICATE)
        {
          json_builder_set_member_name (builder, "pinned_certificate_sha256");
          json_builder_add_string_value (builder, self->fingerprint);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
