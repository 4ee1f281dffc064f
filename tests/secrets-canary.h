/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A recognizable password, and searches for it: in text a program printed
 * or logged, and in every file under the user's directories. Shared by the
 * secrets tests of outboxctl (test-secrets-nowhere) and of the window
 * (test-secrets-nowhere-gui). A search that finds it fails the test.
 * The forms of a credential and the walk over files serve the other tests
 * that look for a password (test-hostile-server, cli-runner.c) too. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The forms in which @user's @password could travel or be written (GBytes):
 * plain, base64, and the base64 SASL PLAIN blob with and without its
 * leading NUL. */
GPtrArray *secret_forms_new (const char *user,
                             const char *password);

typedef void (*SecretFileFunc) (const char *path,
                                const char *contents,
                                gsize       len,
                                gpointer    user_data);

/* Calls @func with the contents of every file below @dir_path that can be
 * read (symbolic links not followed). Returns: how many files. */
guint      secret_search_files (const char     *dir_path,
                                SecretFileFunc  func,
                                gpointer        user_data);

#define CANARY_USER     "canary@example.gr"
#define CANARY_PASSWORD "Outbox-Canary-7f3a9c-πάσ$"

/* Fails the test (g_error) when @data holds the password in any form a
 * program might write it: plain, base64, the base64 SASL PLAIN blob of
 * CANARY_USER, or a middle part of it. @where names @data in the message. */
void  canary_assert_nowhere_in         (const char *data,
                                        gsize       len,
                                        const char *where);
/* The same for every file below @dir_path (symbolic links not followed).
 * Returns: how many files were searched. */
guint canary_assert_no_file_holds_it   (const char *dir_path);
/* The same below the user's configuration, cache, data and state
 * directories and the home directory. Returns: how many files. */
guint canary_assert_no_user_file_holds_it (void);

G_END_DECLS
