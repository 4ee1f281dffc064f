/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the translation tests (test-i18n, test-about, test-gui-i18n):
 * the languages of po/LINGUAS with a locale each, and switching the
 * program's messages to one of them. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *language;
  const char *locale;
} Language;

extern const Language i18n_test_languages[3];

/* Messages in @lang from this build's catalogues ($OUTBOX_BUILD_DIR/po);
 * fails the test when its locale is not installed. */
void i18n_test_use_language (const Language *lang);

G_END_DECLS
