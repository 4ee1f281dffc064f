/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small table of provider presets; data/providers.json will replace it. */

#define G_LOG_DOMAIN "outbox-providers"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "outbox-provider-presets.h"

static const OutboxPreset providers[] = {
  { "gmail", "Gmail", "smtp.gmail.com", 587, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_LOGIN_FULL_ADDRESS,
    N_("Sign in with your full Gmail address. If 2-Step Verification is on, Google "
       "refuses your usual password here: create an app password in your Google "
       "account and enter that instead."),
    "gmail.com,googlemail.com" },
  { "outlook", "Outlook", "smtp-mail.outlook.com", 587, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_LOGIN_FULL_ADDRESS,
    N_("Sign in with your full Outlook address. Outlook only accepts STARTTLS on "
       "port 587."),
    "outlook.com,hotmail.com,live.com,msn.com" },
  { "yahoo", "Yahoo", "smtp.mail.yahoo.com", 465, OUTBOX_SECURITY_TLS,
    OUTBOX_LOGIN_FULL_ADDRESS,
    N_("Sign in with your full Yahoo address. If your password is refused, create "
       "an app password in your Yahoo account's security settings."),
    "yahoo.com,ymail.com" },
  { "yandex", "Yandex", "smtp.yandex.com.tr", 465, OUTBOX_SECURITY_TLS,
    OUTBOX_LOGIN_FULL_ADDRESS,
    N_("Sign in with your full Yandex address. With two-factor sign-in on, use an "
       "app password made in Yandex Mail instead of your usual password."),
    "yandex.com,yandex.ru,yandex.com.tr,ya.ru" },
  { "riseup", "Riseup", "mail.riseup.net", 465, OUTBOX_SECURITY_TLS,
    OUTBOX_LOGIN_LOCAL_PART,
    N_("Sign in with your user name only, without “@riseup.net”. Riseup requires "
       "sign-in and an encrypted connection; if port 465 is blocked, use STARTTLS "
       "on port 587."),
    "riseup.net" },
  { "ovh", "OVH", "ssl0.ovh.net", 465, OUTBOX_SECURITY_TLS,
    OUTBOX_LOGIN_FULL_ADDRESS,
    N_("Use the server name ssl0.ovh.net exactly: its certificate does not match "
       "other names. Messages can be at most 10 MB."),
    "" },
  { "other", N_("Other"), NULL, 0, OUTBOX_SECURITY_STARTTLS,
    OUTBOX_LOGIN_FULL_ADDRESS,
    N_("Your provider's help pages name its outgoing (SMTP) server, port and "
       "security."),
    "" },
};

guint
outbox_presets_get_n_items (void)
{
  return G_N_ELEMENTS (providers);
}

const OutboxPreset *
outbox_presets_get_nth (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (providers), NULL);

  return &providers[position];
}

const char *
outbox_preset_get_display_name (const OutboxPreset *provider)
{
  /* Only "Other" is a word; the rest are brand names. */
  return provider->host == NULL ? _(provider->name) : provider->name;
}

guint
outbox_presets_get_other (void)
{
  return G_N_ELEMENTS (providers) - 1;
}

guint
outbox_presets_find_for_address (const char *address)
{
  const char *at = address ? strrchr (address, '@') : NULL;
  g_autofree char *domain = NULL;

  if (at == NULL || at[1] == '\0')
    return outbox_presets_get_other ();

  domain = g_ascii_strdown (at + 1, -1);
  g_strstrip (domain);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_auto(GStrv) domains = g_strsplit (providers[i].domains, ",", -1);

      if (domains[0] != NULL && domains[0][0] != '\0' &&
          g_strv_contains ((const char * const *)domains, domain))
        return i;
    }

  return outbox_presets_get_other ();
}

guint
outbox_presets_find_for_host (const char *host)
{
  for (guint i = 0; host != NULL && i < G_N_ELEMENTS (providers); i++)
    if (providers[i].host != NULL && g_ascii_strcasecmp (providers[i].host, host) == 0)
      return i;

  return outbox_presets_get_other ();
}

char *
outbox_preset_suggest_username (const OutboxPreset *provider,
                                  const char           *address)
{
  const char *at;

  if (address == NULL)
    return g_strdup ("");

  at = strrchr (address, '@');
  if (provider->login_form == OUTBOX_LOGIN_LOCAL_PART && at != NULL)
    return g_strndup (address, at - address);

  return g_strdup (address);
}
