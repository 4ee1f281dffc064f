/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The texts of the notes that data/providers.json names by id. They live
 * here, not in the JSON, so that xgettext finds them and translators see
 * them in po/outbox.pot. A note id the catalog does not know here makes
 * the bundled file invalid (and its test fail). */

#define G_LOG_DOMAIN "outbox-providers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "outbox-provider-private.h"

static const struct
{
  const char *id;
  const char *text;
} notes[] = {
  { "app-password-2sv",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("With 2-step verification turned on, sign in with an app password made in the "
       "account’s security settings, not with the usual password.") },
  { "app-password-required",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("Mail programs must sign in with an app password made in the account’s security "
       "settings; the usual password is refused.") },
  { "modern-sign-in",
    /* TRANSLATORS: a hint shown with a provider's settings; OAuth2 is a technical name */
    N_("Microsoft is replacing password sign-in with modern sign-in (OAuth2) for this "
       "service, so a password may be refused.") },
  { "smtp-auth-admin",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("The organization’s administrator must allow authenticated SMTP for the mailbox.") },
  { "enable-external-access",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("Access from mail programs is off until it is turned on in the webmail’s settings.") },
  { "program-password",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("Mail programs sign in with the separate password shown when access from mail "
       "programs is turned on, not with the webmail password.") },
  { "hourly-limit",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("Free accounts may send only a few messages an hour; going over turns access from "
       "mail programs off.") },
  { "separate-mail-password",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("Sign in with the separate e-mail password set in the customer center, not the "
       "password of the web login.") },
  { "certificate-host-name",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("Type the server name exactly as given: its certificate names only that host, so "
       "another name for the same server fails the certificate check.") },
  { "confirm-before-sending",
    /* TRANSLATORS: a hint shown with a provider's settings */
    N_("Sending from mail programs works only after the account’s alternative address is "
       "confirmed or a subscription is paid.") },
};

const char *
_outbox_provider_note_text (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    if (g_str_equal (notes[i].id, id))
      return notes[i].text;
  return NULL;
}
