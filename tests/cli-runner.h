/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running the real outboxctl from a test (see cli-runner.c). */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;  /* the exit status */
  char *out;
  char *err;
} CtlResult;

void         ctl_result_free          (CtlResult           *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtlResult, ctl_result_free)

/* Starts a test: forgets what was printed, runs in the test's own
 * isolated configuration directory. */
void         cli_test_setup           (void);
/* Runs the next commands with another configuration directory (taken). */
void         cli_use_config_dir       (char                *dir);
/* Adds text a test read from outboxctl itself to what was printed. */
void         cli_transcript_append    (const char          *text);

GSubprocess *spawn_ctl                (GSubprocessLauncher *launcher,
                                       const char * const  *args);
CtlResult   *finish_ctl               (GSubprocess         *process,
                                       const char          *input);
/* Runs outboxctl with @args, writing @input to its standard input. @env
 * holds extra KEY=VALUE pairs, or is NULL. */
CtlResult   *run_ctl_env              (const char * const  *env,
                                       const char          *input,
                                       const char * const  *args);
#define ctl(input, ...) run_ctl_env (NULL, (input), (const char *[]) { __VA_ARGS__, NULL })

JsonNode    *parse_json               (const char          *text);
char        *keyring_lookup           (const char          *id,
                                       const char          *kind);
char        *account_id               (const char          *name);

void         assert_password_nowhere  (const char          *password);
void         assert_no_accounts       (CtlResult           *list);
/* Fails unless a line of @text starts with @start. */
void         assert_line              (const char          *text,
                                       const char          *start);

G_END_DECLS
