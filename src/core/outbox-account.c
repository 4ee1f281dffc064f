/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxAccount: the settings of one sender identity. Their validation is
 * in outbox-account-validate.c. */

#define G_LOG_DOMAIN "outbox-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <string.h>

#include "outbox-account-private.h"
#include "outbox-util-private.h"

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OutboxAccount, outbox_account, G_TYPE_OBJECT)

char **
_outbox_account_text_field (OutboxAccount *self,
                            guint          prop_id)
{
  switch (prop_id)
    {
    case PROP_ID: return &self->id;
    case PROP_NAME: return &self->name;
    case PROP_SENDER_NAME: return &self->sender_name;
    case PROP_SENDER_ADDRESS: return &self->sender_address;
    case PROP_REPLY_TO: return &self->reply_to;
    case PROP_HOST: return &self->host;
    case PROP_USERNAME: return &self->username;
    case PROP_SMTP_USERNAME: return &self->smtp_username;
    case PROP_PINNED_CERTIFICATE_SHA256: return &self->pinned_certificate_sha256;
    default: return NULL;
    }
}


GParamSpec *
_outbox_account_get_pspec (guint prop_id)
{
  return properties[prop_id];
}

static void
set_text (OutboxAccount *self,
          guint          prop_id,
          const char    *value)
{
  char **field = _outbox_account_text_field (self, prop_id);

  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}


static void
outbox_account_finalize (GObject *object)
{
  OutboxAccount *self = (OutboxAccount *)object;

  g_clear_pointer (&self->id, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (text_props); i++)
    g_clear_pointer (_outbox_account_text_field (self, text_props[i]), g_free);
  g_clear_pointer (&self->extra, json_object_unref);

  G_OBJECT_CLASS (outbox_account_parent_class)->finalize (object);
}

static void
outbox_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OutboxAccount *self = OUTBOX_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
    case PROP_NAME:
    case PROP_SENDER_NAME:
    case PROP_SENDER_ADDRESS:
    case PROP_REPLY_TO:
    case PROP_HOST:
    case PROP_USERNAME:
    case PROP_SMTP_USERNAME:
    case PROP_PINNED_CERTIFICATE_SHA256:
      g_value_set_string (value, *_outbox_account_text_field (self, prop_id));
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_SECURITY:
      g_value_set_enum (value, self->security);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_AUTH:
      g_value_set_enum (value, self->auth);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OutboxAccount *self = OUTBOX_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      if (self->id == NULL || self->id[0] == '\0')
        {
          g_free (self->id);
          self->id = g_uuid_string_random ();
        }
      break;

    case PROP_HOST:
      outbox_account_set_host (self, g_value_get_string (value));
      break;

    case PROP_PINNED_CERTIFICATE_SHA256:
      outbox_account_set_pinned_certificate_sha256 (self, g_value_get_string (value));
      break;

    case PROP_NAME:
    case PROP_SENDER_NAME:
    case PROP_SENDER_ADDRESS:
    case PROP_REPLY_TO:
    case PROP_USERNAME:
    case PROP_SMTP_USERNAME:
      set_text (self, prop_id, g_value_get_string (value));
      break;

    case PROP_PORT:
      outbox_account_set_port (self, g_value_get_uint (value));
      break;

    case PROP_SECURITY:
      outbox_account_set_security (self, g_value_get_enum (value));
      break;

    case PROP_TIMEOUT:
      outbox_account_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_AUTH:
      outbox_account_set_auth (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
outbox_account_class_init (OutboxAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = outbox_account_finalize;
  object_class->get_property = outbox_account_get_property;
  object_class->set_property = outbox_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_SENDER_NAME] = g_param_spec_string ("sender-name", NULL, NULL, "", rw);
  properties[PROP_SENDER_ADDRESS] = g_param_spec_string ("sender-address", NULL, NULL, "", rw);
  properties[PROP_REPLY_TO] = g_param_spec_string ("reply-to", NULL, NULL, "", rw);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, "", rw);
  /* The range is wider than valid ports so that a bad value from a file or a
   * form reaches validation and gets a readable message. */
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT, 587, rw);
  properties[PROP_SECURITY] =
    g_param_spec_enum ("security", NULL, NULL, OUTBOX_TYPE_SECURITY,
                       OUTBOX_SECURITY_STARTTLS, rw);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT,
                       OUTBOX_ACCOUNT_DEFAULT_TIMEOUT, rw);
  properties[PROP_AUTH] =
    g_param_spec_enum ("auth", NULL, NULL, OUTBOX_TYPE_AUTH, OUTBOX_AUTH_PASSWORD, rw);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, "", rw);
  properties[PROP_SMTP_USERNAME] = g_param_spec_string ("smtp-username", NULL, NULL, "", rw);
  properties[PROP_PINNED_CERTIFICATE_SHA256] =
    g_param_spec_string ("pinned-certificate-sha256", NULL, NULL, "", rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
outbox_account_init (OutboxAccount *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_props); i++)
    *_outbox_account_text_field (self, text_props[i]) = g_strdup ("");
  self->port = 587;
  self->security = OUTBOX_SECURITY_STARTTLS;
  self->timeout = OUTBOX_ACCOUNT_DEFAULT_TIMEOUT;
  self->auth = OUTBOX_AUTH_PASSWORD;
}

/**
 * outbox_account_new:
 *
 * Returns: (transfer full): a new account with a fresh random id and the
 *   defaults: STARTTLS on port 587, a 30 second timeout, password sign-in.
 */
OutboxAccount *
outbox_account_new (void)
{
  return g_object_new (OUTBOX_TYPE_ACCOUNT, NULL);
}

OutboxAccount *
outbox_account_new_with_id (const char *id)
{
  return g_object_new (OUTBOX_TYPE_ACCOUNT, "id", id, NULL);
}

static void
copy_settings (OutboxAccount *dest,
               OutboxAccount *src)
{
  g_object_freeze_notify (G_OBJECT (dest));
  for (guint i = 0; i < G_N_ELEMENTS (text_props); i++)
    set_text (dest, text_props[i], *_outbox_account_text_field (src, text_props[i]));
  /* Assign port after security so the default-port rule does not move it. */
  outbox_account_set_security (dest, src->security);
  outbox_account_set_port (dest, src->port);
  outbox_account_set_timeout (dest, src->timeout);
  outbox_account_set_auth (dest, src->auth);
  outbox_account_set_extra (dest, src->extra);
  g_object_thaw_notify (G_OBJECT (dest));
}

/**
 * outbox_account_copy:
 *
 * Returns: (transfer full): an independent copy with the same id, for an
 *   editor to change without touching the stored account.
 */
OutboxAccount *
outbox_account_copy (OutboxAccount *self)
{
  OutboxAccount *copy;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);

  copy = outbox_account_new_with_id (self->id);
  copy_settings (copy, self);
  return copy;
}

/**
 * outbox_account_duplicate:
 *
 * Returns: (transfer full): a new identity (new id) with the same server
 *   settings, a name marked as a copy, and no pinned certificate carried over
 *   silently to a sender that did not choose it.
 */
OutboxAccount *
outbox_account_duplicate (OutboxAccount *self)
{
  OutboxAccount *dup;
  g_autofree char *name = NULL;

  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);

  dup = outbox_account_new ();
  copy_settings (dup, self);
  /* TRANSLATORS: the name of a duplicated account; %s is the original name */
  name = g_strdup_printf (_("%s (copy)"), self->name);
  outbox_account_set_name (dup, name);
  return dup;
}

/* Copies every setting of @other into @self, keeping @self's id. */
void
outbox_account_assign (OutboxAccount *self,
                       OutboxAccount *other)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));
  g_return_if_fail (OUTBOX_IS_ACCOUNT (other));

  copy_settings (self, other);
}

gboolean
outbox_account_equal (OutboxAccount *self,
                      OutboxAccount *other)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (other), FALSE);

  if (g_strcmp0 (self->id, other->id) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (text_props); i++)
    if (g_strcmp0 (*_outbox_account_text_field (self, text_props[i]), *_outbox_account_text_field (other, text_props[i])) != 0)
      return FALSE;
  return self->port == other->port &&
         self->security == other->security &&
         self->timeout == other->timeout &&
         self->auth == other->auth;
}

const char *
outbox_account_get_id (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);
  return self->id;
}

#define TEXT_ACCESSORS(field, PROP)                                     \
  const char *                                                          \
  outbox_account_get_##field (OutboxAccount *self)                      \
  {                                                                     \
    g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);              \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  outbox_account_set_##field (OutboxAccount *self, const char *value)   \
  {                                                                     \
    g_return_if_fail (OUTBOX_IS_ACCOUNT (self));                        \
    set_text (self, PROP, value);                                       \
  }

TEXT_ACCESSORS (name, PROP_NAME)
TEXT_ACCESSORS (sender_name, PROP_SENDER_NAME)
TEXT_ACCESSORS (sender_address, PROP_SENDER_ADDRESS)
TEXT_ACCESSORS (reply_to, PROP_REPLY_TO)
TEXT_ACCESSORS (username, PROP_USERNAME)
TEXT_ACCESSORS (smtp_username, PROP_SMTP_USERNAME)

#undef TEXT_ACCESSORS

const char *
outbox_account_get_host (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);
  return self->host;
}

/**
 * outbox_account_set_host:
 *
 * Stores the server name with surrounding spaces removed and, when it is a
 * valid internationalized name, in its ASCII (punycode) form, which is what
 * DNS and certificates use. Anything else is stored as given so that
 * validation can say what is wrong with it.
 */
void
outbox_account_set_host (OutboxAccount *self,
                         const char    *host)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *ascii = NULL;

  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));

  trimmed = g_strstrip (g_strdup (host ? host : ""));
  if (trimmed[0] != '\0' && !g_hostname_is_ip_address (trimmed))
    {
      g_autofree char *problem = _outbox_account_check_host (trimmed);
      g_autofree char *idn = problem ? NULL : g_hostname_to_ascii (trimmed);

      if (idn)
        ascii = g_ascii_strdown (idn, -1);
    }

  set_text (self, PROP_HOST, ascii ? ascii : trimmed);
}

guint
outbox_account_get_port (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), 0);
  return self->port;
}

void
outbox_account_set_port (OutboxAccount *self,
                         guint          port)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

OutboxSecurity
outbox_account_get_security (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), OUTBOX_SECURITY_STARTTLS);
  return self->security;
}

/**
 * outbox_account_set_security:
 *
 * Changes the security mode; a port that was still the old mode's default
 * follows to the new mode's default (25, 587, 465), a port the user chose is
 * kept.
 */
void
outbox_account_set_security (OutboxAccount  *self,
                             OutboxSecurity  security)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));
  g_return_if_fail (security <= OUTBOX_SECURITY_TLS);

  if (self->security == security)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->port == outbox_security_default_port (self->security))
    outbox_account_set_port (self, outbox_security_default_port (security));
  self->security = security;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
outbox_account_get_timeout (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), 0);
  return self->timeout;
}

void
outbox_account_set_timeout (OutboxAccount *self,
                            guint          timeout)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));

  if (self->timeout == timeout)
    return;
  self->timeout = timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

OutboxAuth
outbox_account_get_auth (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), OUTBOX_AUTH_NONE);
  return self->auth;
}

void
outbox_account_set_auth (OutboxAccount *self,
                         OutboxAuth     auth)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));
  g_return_if_fail (auth <= OUTBOX_AUTH_SEPARATE);

  if (self->auth == auth)
    return;
  self->auth = auth;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH]);
}

const char *
outbox_account_get_pinned_certificate_sha256 (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);
  return self->pinned_certificate_sha256;
}

/* Stores a fingerprint as lowercase hex without separators, however it was
 * written ("AB:CD:…" as tools print it, or plain hex). */
void
outbox_account_set_pinned_certificate_sha256 (OutboxAccount *self,
                                              const char    *fingerprint)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));

  for (const char *p = fingerprint ? fingerprint : ""; *p; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      g_string_append_c (hex, g_ascii_tolower (*p));
    }
  set_text (self, PROP_PINNED_CERTIFICATE_SHA256, hex->str);
}

const char *
outbox_account_get_login (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);

  switch (self->auth)
    {
    case OUTBOX_AUTH_PASSWORD:
      return self->username;
    case OUTBOX_AUTH_SEPARATE:
      return self->smtp_username;
    case OUTBOX_AUTH_NONE:
    default:
      return NULL;
    }
}

JsonObject *
outbox_account_get_extra (OutboxAccount *self)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (self), NULL);
  return self->extra;
}

void
outbox_account_set_extra (OutboxAccount *self,
                          JsonObject    *extra)
{
  g_return_if_fail (OUTBOX_IS_ACCOUNT (self));

  if (extra == self->extra)
    return;
  if (extra)
    json_object_ref (extra);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = extra;
}

guint
outbox_security_default_port (OutboxSecurity security)
{
  switch (security)
    {
    case OUTBOX_SECURITY_NONE: return 25;
    case OUTBOX_SECURITY_TLS: return 465;
    case OUTBOX_SECURITY_STARTTLS:
    default: return 587;
    }
}

static const char * const security_names[] = { "none", "starttls", "tls" };
static const char * const auth_names[] = { "none", "password", "separate" };

const char *
outbox_security_to_string (OutboxSecurity security)
{
  g_return_val_if_fail (security < G_N_ELEMENTS (security_names), NULL);
  return security_names[security];
}

gboolean
outbox_security_from_string (const char     *str,
                             OutboxSecurity *security)
{
  for (guint i = 0; str && i < G_N_ELEMENTS (security_names); i++)
    if (strcmp (str, security_names[i]) == 0)
      {
        *security = (OutboxSecurity)i;
        return TRUE;
      }
  return FALSE;
}

const char *
outbox_auth_to_string (OutboxAuth auth)
{
  g_return_val_if_fail (auth < G_N_ELEMENTS (auth_names), NULL);
  return auth_names[auth];
}

gboolean
outbox_auth_from_string (const char *str,
                         OutboxAuth *auth)
{
  for (guint i = 0; str && i < G_N_ELEMENTS (auth_names); i++)
    if (strcmp (str, auth_names[i]) == 0)
      {
        *auth = (OutboxAuth)i;
        return TRUE;
      }
  return FALSE;
}
