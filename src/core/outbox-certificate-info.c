/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxCertificateInfo: the facts of one X.509 certificate, read with GnuTLS
 * from its DER form, and the problems found when it was verified. */

#define G_LOG_DOMAIN "outbox-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "outbox-certificate-info.h"

struct _OutboxCertificateInfo
{
  GObject               parent_instance;

  char                 *subject;
  char                 *issuer;
  GDateTime            *not_before;
  GDateTime            *not_after;
  GStrv                 host_names;
  char                 *sha256;
  GTlsCertificateFlags  problems;
  gboolean              pinned;
};

G_DEFINE_FINAL_TYPE (OutboxCertificateInfo, outbox_certificate_info, G_TYPE_OBJECT)

typedef gnutls_x509_crt_t OutboxX509Crt;
static void
crt_free (OutboxX509Crt crt)
{
  gnutls_x509_crt_deinit (crt);
}
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OutboxX509Crt, crt_free, NULL)

/* Certificates carry arbitrary bytes; a report only holds valid UTF-8
 * without control characters. */
static char *
printable (const char *data,
           gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (data, (gssize)len);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p; p++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", (guchar)*p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
datum_to_string (gnutls_datum_t *datum)
{
  char *s = printable ((const char *)datum->data, datum->size);

  gnutls_free (datum->data);
  datum->data = NULL;
  return s;
}

static GStrv
read_host_names (gnutls_x509_crt_t crt)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint seq = 0; seq < 256; seq++)
    {
      guchar buf[1024];
      size_t size = sizeof buf - 1;
      int type = gnutls_x509_crt_get_subject_alt_name (crt, seq, buf, &size, NULL);

      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (type == GNUTLS_E_SHORT_MEMORY_BUFFER || type < 0)
        continue;

      if (type == GNUTLS_SAN_DNSNAME)
        {
          g_autofree char *name = printable ((const char *)buf, size);
          g_strv_builder_add (builder, name);
          any = TRUE;
        }
      else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16))
        {
          g_autoptr(GInetAddress) address =
            g_inet_address_new_from_bytes (buf, size == 4 ? G_SOCKET_FAMILY_IPV4
                                                           : G_SOCKET_FAMILY_IPV6);
          g_autofree char *text = g_inet_address_to_string (address);
          g_strv_builder_add (builder, text);
          any = TRUE;
        }
    }

  /* Without a subjectAltName, clients fall back to the common name. */
  if (!any)
    {
      char cn[1024];
      size_t size = sizeof cn;

      if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &size) == 0)
        {
          g_autofree char *name = printable (cn, size);
          g_strv_builder_add (builder, name);
        }
    }

  return g_strv_builder_end (builder);
}

static void
outbox_certificate_info_finalize (GObject *object)
{
  OutboxCertificateInfo *self = (OutboxCertificateInfo *)object;

  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_clear_pointer (&self->host_names, g_strfreev);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (outbox_certificate_info_parent_class)->finalize (object);
}

static void
outbox_certificate_info_class_init (OutboxCertificateInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = outbox_certificate_info_finalize;
}

static void
outbox_certificate_info_init (OutboxCertificateInfo *self)
{
}

/**
 * outbox_certificate_info_new:
 * @der: the certificate in DER form
 * @problems: what verification found wrong with it (0 when nothing)
 * @error: return location for a #G_IO_ERROR_INVALID_DATA when @der is not
 *   a certificate
 *
 * Returns: (transfer full): the certificate's details, or %NULL
 */
OutboxCertificateInfo *
outbox_certificate_info_new (GBytes                *der,
                             GTlsCertificateFlags   problems,
                             GError               **error)
{
  g_autoptr(OutboxCertificateInfo) self = NULL;
  g_auto(OutboxX509Crt) crt = NULL;
  gnutls_datum_t datum;
  gsize len;
  time_t t;
  int ret;

  g_return_val_if_fail (der != NULL, NULL);

  datum.data = (unsigned char *)g_bytes_get_data (der, &len);
  datum.size = (unsigned int)len;

  if ((ret = gnutls_x509_crt_init (&crt)) < 0 ||
      (ret = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER)) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The server’s certificate could not be read: %s"), gnutls_strerror (ret));
      return NULL;
    }

  self = g_object_new (OUTBOX_TYPE_CERTIFICATE_INFO, NULL);
  self->problems = problems;
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);

  if (gnutls_x509_crt_get_dn3 (crt, &datum, 0) == 0)
    self->subject = datum_to_string (&datum);
  else
    self->subject = g_strdup ("");
  if (gnutls_x509_crt_get_issuer_dn3 (crt, &datum, 0) == 0)
    self->issuer = datum_to_string (&datum);
  else
    self->issuer = g_strdup ("");

  if ((t = gnutls_x509_crt_get_activation_time (crt)) != (time_t)-1)
    self->not_before = g_date_time_new_from_unix_utc (t);
  if ((t = gnutls_x509_crt_get_expiration_time (crt)) != (time_t)-1)
    self->not_after = g_date_time_new_from_unix_utc (t);

  self->host_names = read_host_names (crt);

  return g_steal_pointer (&self);
}

/**
 * outbox_certificate_info_new_from_certificate:
 *
 * Returns: (transfer full) (nullable): the details of @certificate
 */
OutboxCertificateInfo *
outbox_certificate_info_new_from_certificate (GTlsCertificate      *certificate,
                                              GTlsCertificateFlags  problems)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  OutboxCertificateInfo *info;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  bytes = g_bytes_new (der->data, der->len);
  info = outbox_certificate_info_new (bytes, problems, &error);
  if (info == NULL)
    g_debug ("%s", error->message);
  return info;
}

const char *
outbox_certificate_info_get_subject (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);
  return self->subject;
}

const char *
outbox_certificate_info_get_issuer (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);
  return self->issuer;
}

/**
 * outbox_certificate_info_get_not_before:
 *
 * Returns: (transfer none) (nullable): when the certificate starts being valid
 */
GDateTime *
outbox_certificate_info_get_not_before (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);
  return self->not_before;
}

/**
 * outbox_certificate_info_get_not_after:
 *
 * Returns: (transfer none) (nullable): when the certificate expires
 */
GDateTime *
outbox_certificate_info_get_not_after (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);
  return self->not_after;
}

/**
 * outbox_certificate_info_get_host_names:
 *
 * Returns: (transfer none): the names and addresses the certificate is for
 */
const char * const *
outbox_certificate_info_get_host_names (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);
  return (const char * const *)self->host_names;
}

/**
 * outbox_certificate_info_get_sha256:
 *
 * Returns: the SHA-256 fingerprint of the DER form, as 64 lowercase hex
 *   digits (the form an account pins)
 */
const char *
outbox_certificate_info_get_sha256 (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);
  return self->sha256;
}

/**
 * outbox_certificate_info_format_sha256:
 *
 * Returns: (transfer full): the fingerprint as people compare it,
 *   "AB:CD:…"
 */
char *
outbox_certificate_info_format_sha256 (OutboxCertificateInfo *self)
{
  GString *out;

  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);

  out = g_string_new (NULL);
  for (guint i = 0; self->sha256[i] && self->sha256[i + 1]; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (self->sha256[i]));
      g_string_append_c (out, g_ascii_toupper (self->sha256[i + 1]));
    }
  return g_string_free (out, FALSE);
}

GTlsCertificateFlags
outbox_certificate_info_get_problems (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), 0);
  return self->problems;
}

/* TRUE when the certificate was accepted only because the account pins its
 * fingerprint. */
gboolean
outbox_certificate_info_get_pinned (OutboxCertificateInfo *self)
{
  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), FALSE);
  return self->pinned;
}

void
outbox_certificate_info_set_pinned (OutboxCertificateInfo *self,
                                    gboolean               pinned)
{
  g_return_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self));
  self->pinned = !!pinned;
}

static char *
format_time (GDateTime *time)
{
  return time ? g_date_time_format_iso8601 (time) : NULL;
}

/**
 * outbox_certificate_info_to_json:
 *
 * Returns: (transfer full): an object with subject, issuer, not_before,
 *   not_after, host_names, sha256, problems (stable names) and pinned
 */
JsonNode *
outbox_certificate_info_to_json (OutboxCertificateInfo *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  GFlagsClass *flags_class;

  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (self), NULL);

  not_before = format_time (self->not_before);
  not_after = format_time (self->not_after);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, self->subject);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, self->issuer);
  json_builder_set_member_name (builder, "not_before");
  if (not_before)
    json_builder_add_string_value (builder, not_before);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "not_after");
  if (not_after)
    json_builder_add_string_value (builder, not_after);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "host_names");
  json_builder_begin_array (builder);
  for (guint i = 0; self->host_names[i]; i++)
    json_builder_add_string_value (builder, self->host_names[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, self->sha256);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  flags_class = g_type_class_ref (G_TYPE_TLS_CERTIFICATE_FLAGS);
  for (guint i = 0; i < flags_class->n_values; i++)
    {
      const GFlagsValue *v = &flags_class->values[i];
      if (v->value != 0 && (self->problems & v->value) == v->value &&
          v->value != G_TLS_CERTIFICATE_VALIDATE_ALL)
        json_builder_add_string_value (builder, v->value_nick);
    }
  g_type_class_unref (flags_class);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pinned");
  json_builder_add_boolean_value (builder, self->pinned);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static char *
json_text (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  /* Far longer than any real distinguished name: a hand-made file. */
  if (strlen (text) > 4096)
    return NULL;
  return printable (text, strlen (text));
}

static GDateTime *
json_time (JsonObject *object,
           const char *name)
{
  g_autofree char *text = json_text (object, name);

  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/**
 * outbox_certificate_info_new_from_json:
 * @object: what outbox_certificate_info_to_json() wrote (problems and
 *   pinned are not read back: they belong to one test)
 * @error: return location for a #G_IO_ERROR_INVALID_DATA
 *
 * Reads a certificate remembered in a file that anybody could have edited:
 * every member is checked, text is made printable and bounded.
 *
 * Returns: (transfer full): the certificate's details, or %NULL
 */
OutboxCertificateInfo *
outbox_certificate_info_new_from_json (JsonObject  *object,
                                       GError     **error)
{
  g_autoptr(OutboxCertificateInfo) self = g_object_new (OUTBOX_TYPE_CERTIFICATE_INFO, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);

  self->sha256 = json_text (object, "sha256");
  self->subject = json_text (object, "subject");
  self->issuer = json_text (object, "issuer");
  if (!is_sha256_hex (self->sha256) || self->subject == NULL || self->issuer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a certificate without a valid sha256, subject or issuer");
      return NULL;
    }
  self->not_before = json_time (object, "not_before");
  self->not_after = json_time (object, "not_after");

  node = json_object_get_member (object, "host_names");
  if (node && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 256; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING &&
              strlen (json_node_get_string (element)) <= 1024)
            {
              const char *name = json_node_get_string (element);
              g_autofree char *shown = printable (name, strlen (name));

              g_strv_builder_add (names, shown);
            }
        }
    }
  self->host_names = g_strv_builder_end (names);

  return g_steal_pointer (&self);
}

/**
 * outbox_certificate_problems_to_strv:
 * @problems: the problems verification found
 *
 * Returns: (transfer full): one translated sentence per problem
 */
char **
outbox_certificate_problems_to_strv (GTlsCertificateFlags problems)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (problems & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_strv_builder_add (builder, _("It is not signed by an authority this computer trusts "
                                   "(it may be self-signed)."));
  if (problems & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_strv_builder_add (builder, _("It is made out for another server name."));
  if (problems & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_strv_builder_add (builder, _("It is not valid yet."));
  if (problems & G_TLS_CERTIFICATE_EXPIRED)
    g_strv_builder_add (builder, _("It has expired."));
  if (problems & G_TLS_CERTIFICATE_REVOKED)
    g_strv_builder_add (builder, _("It has been revoked."));
  if (problems & G_TLS_CERTIFICATE_INSECURE)
    g_strv_builder_add (builder, _("It uses an algorithm that is no longer safe."));
  if (problems & G_TLS_CERTIFICATE_GENERIC_ERROR)
    g_strv_builder_add (builder, _("It could not be checked."));

  return g_strv_builder_end (builder);
}
