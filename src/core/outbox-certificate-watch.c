/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The certificate watch: how the server's certificate compares with the one
 * of the previous test, and how soon it expires. A pinned certificate that
 * stops matching is not this file's business: the SMTP session fails it. */

#define G_LOG_DOMAIN "outbox-journal"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "outbox-notice.h"

/* The date in the user's locale and time zone, without the time. */
static char *
local_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    /* TRANSLATORS: an expiry date the certificate does not give */
    return g_strdup (_("unknown date"));
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%x");
}

static gboolean
contains_name (const char * const *names,
               const char         *name)
{
  for (guint i = 0; names && names[i]; i++)
    if (g_ascii_strcasecmp (names[i], name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
same_names (OutboxCertificateInfo *a,
            OutboxCertificateInfo *b)
{
  const char * const *na = outbox_certificate_info_get_host_names (a);
  const char * const *nb = outbox_certificate_info_get_host_names (b);

  for (guint i = 0; na && na[i]; i++)
    if (!contains_name (nb, na[i]))
      return FALSE;
  for (guint i = 0; nb && nb[i]; i++)
    if (!contains_name (na, nb[i]))
      return FALSE;
  return TRUE;
}

/* The lines that describe one side of a change. */
static void
describe (GString               *out,
          const char            *label,
          OutboxCertificateInfo *certificate,
          gboolean               with_issuer)
{
  g_autofree char *fingerprint = outbox_certificate_info_format_sha256 (certificate);
  g_autofree char *until = local_date (outbox_certificate_info_get_not_after (certificate));
  g_autofree char *names = g_strjoinv (", ", (char **)outbox_certificate_info_get_host_names (certificate));

  g_string_append_printf (out, "%s\n", label);
  /* TRANSLATORS: a line under "Before:" / "Now:"; %s is AB:CD:… */
  g_string_append_printf (out, _("  SHA-256: %s"), fingerprint);
  g_string_append_c (out, '\n');
  /* TRANSLATORS: a line under "Before:" / "Now:"; %s is a date in the user's format */
  g_string_append_printf (out, _("  Valid until: %s"), until);
  g_string_append_c (out, '\n');
  if (with_issuer)
    {
      /* TRANSLATORS: a line under "Before:" / "Now:": who signed the certificate */
      g_string_append_printf (out, _("  Issued by: %s"), outbox_certificate_info_get_issuer (certificate));
      g_string_append_c (out, '\n');
      /* TRANSLATORS: a line under "Before:" / "Now:": the server names the certificate is for */
      g_string_append_printf (out, _("  For: %s"), names);
      g_string_append_c (out, '\n');
    }
}

static char *
side_by_side (OutboxCertificateInfo *previous,
              OutboxCertificateInfo *current,
              gboolean               with_issuer)
{
  GString *out = g_string_new (NULL);

  /* TRANSLATORS: heading of the certificate seen at the previous test */
  describe (out, _("Before:"), previous, with_issuer);
  /* TRANSLATORS: heading of the certificate seen at this test */
  describe (out, _("Now:"), current, with_issuer);
  g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/**
 * outbox_certificate_watch_compare:
 * @previous: (nullable): the certificate remembered from the previous test
 * @current: the certificate of this test
 * @now: the time of this test
 *
 * Returns: (transfer full) (element-type OutboxNotice): a notice for a
 *   renewal by the same issuer for the same names, a warning for a new
 *   issuer or new names, then the expiry notices of @current
 */
GPtrArray *
outbox_certificate_watch_compare (OutboxCertificateInfo *previous,
                                  OutboxCertificateInfo *current,
                                  GDateTime             *now)
{
  GPtrArray *notices;

  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (current), NULL);

  notices = g_ptr_array_new_with_free_func (g_object_unref);
  if (previous != NULL &&
      g_strcmp0 (outbox_certificate_info_get_sha256 (previous),
                 outbox_certificate_info_get_sha256 (current)) != 0)
    {
      gboolean same_issuer = g_strcmp0 (outbox_certificate_info_get_issuer (previous),
                                        outbox_certificate_info_get_issuer (current)) == 0;
      gboolean names = same_names (previous, current);
      g_autofree char *detail = side_by_side (previous, current, !(same_issuer && names));
      OutboxNotice *notice;

      if (same_issuer && names)
        notice = outbox_notice_new (OUTBOX_NOTICE_INFO, "certificate-renewed",
                                    _("The server’s certificate was renewed since the last "
                                      "test, by the same issuer and for the same names."),
                                    detail);
      else if (!same_issuer)
        notice = outbox_notice_new (OUTBOX_NOTICE_WARNING, "certificate-changed",
                                    _("The server presents a certificate from another issuer "
                                      "than at the last test. If the provider did not announce "
                                      "a change, ask them before sending more mail."),
                                    detail);
      else
        notice = outbox_notice_new (OUTBOX_NOTICE_WARNING, "certificate-changed",
                                    _("The server presents a certificate for other names than "
                                      "at the last test. If the provider did not announce a "
                                      "change, ask them before sending more mail."),
                                    detail);
      outbox_notice_set_certificates (notice, previous, current);
      g_ptr_array_add (notices, notice);
    }

  {
    g_autoptr(GPtrArray) expiry = outbox_certificate_watch_expiry (current, now);

    g_ptr_array_extend_and_steal (notices, g_steal_pointer (&expiry));
  }
  return notices;
}

/**
 * outbox_certificate_watch_expiry:
 *
 * Returns: (transfer full) (element-type OutboxNotice): a warning when
 *   @current expires within 21 days of @now, a strong warning within 7
 *   days or when it has expired, else nothing
 */
GPtrArray *
outbox_certificate_watch_expiry (OutboxCertificateInfo *current,
                                 GDateTime             *now)
{
  GPtrArray *notices;
  GDateTime *not_after;
  g_autofree char *date = NULL;
  g_autofree char *message = NULL;
  OutboxNotice *notice;
  GTimeSpan left;
  gint64 days;

  g_return_val_if_fail (OUTBOX_IS_CERTIFICATE_INFO (current), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  notices = g_ptr_array_new_with_free_func (g_object_unref);
  not_after = outbox_certificate_info_get_not_after (current);
  if (not_after == NULL)
    return notices;

  left = g_date_time_difference (not_after, now);
  /* A part of a day counts as a day: made to expire in five days, a
   * certificate still "expires in 5 days" a minute later. */
  days = left <= 0 ? 0 : (left + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY;
  if (days > OUTBOX_CERTIFICATE_WARN_DAYS)
    return notices;

  date = local_date (not_after);
  if (left <= 0)
    {
      /* TRANSLATORS: %s is a date in the user's format */
      message = g_strdup_printf (_("The server’s certificate expired on %s. Mail programs "
                                   "that check certificates refuse this server until the "
                                   "provider renews it."), date);
      notice = outbox_notice_new (OUTBOX_NOTICE_STRONG_WARNING, "certificate-expired",
                                  message, NULL);
    }
  else if (days <= OUTBOX_CERTIFICATE_STRONG_WARN_DAYS)
    {
      /* TRANSLATORS: %s is a date in the user's format, %d the days until then */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The server’s certificate expires on %s, in %d day. "
                                              "After that, mail through this account fails until "
                                              "the provider renews it: tell them now.",
                                              "The server’s certificate expires on %s, in %d days. "
                                              "After that, mail through this account fails until "
                                              "the provider renews it: tell them now.",
                                              (gulong)days),
                                 date, (int)days);
      notice = outbox_notice_new (OUTBOX_NOTICE_STRONG_WARNING, "certificate-expires-very-soon",
                                  message, NULL);
    }
  else
    {
      /* TRANSLATORS: %s is a date in the user's format, %d the days until then */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The server’s certificate expires on %s, in %d day. "
                                              "Providers usually renew in time; test again "
                                              "before a campaign.",
                                              "The server’s certificate expires on %s, in %d days. "
                                              "Providers usually renew in time; test again "
                                              "before a campaign.",
                                              (gulong)days),
                                 date, (int)days);
      notice = outbox_notice_new (OUTBOX_NOTICE_WARNING, "certificate-expires-soon",
                                  message, NULL);
    }
  outbox_notice_set_certificates (notice, NULL, current);
  g_ptr_array_add (notices, notice);
  return notices;
}
