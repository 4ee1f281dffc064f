/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the outboxctl commands share: option parsing, exit codes, the store,
 * the keyring and the way problems are printed. */

#pragma once

#include <gio/gio.h>

#include "outbox.h"
#include "outbox-account-store.h"
#include "outbox-secrets.h"
#include "outbox-util-private.h"   /* _outbox_utf8_width () for the tables */

G_BEGIN_DECLS

typedef enum
{
  OUTBOXCTL_EXIT_OK      = 0,  /* the command did what was asked */
  OUTBOXCTL_EXIT_FAILURE = 1,  /* anything else: unknown account, file, keyring, … */
  OUTBOXCTL_EXIT_USAGE   = 2,  /* wrong options or arguments, or settings that do not validate */
} OutboxctlExit;

typedef struct
{
  const char *name;         /* the command, as typed */
  const char *parameters;   /* N_() text after the options in the usage line, or NULL */
  const char *summary;      /* N_() one paragraph above the options */
  const char *description;  /* N_() text below the options, or NULL */
} OutboxctlCommandInfo;

/* The text the program's help prints about exit codes, shared by every
 * command's help. */
const char    *outboxctl_exit_status_help    (void);

/* Parses the options of one command. Returns FALSE when the command must
 * end now with *status: after --help (0) or a usage error (2, printed). */
gboolean       outboxctl_parse_options       (const OutboxctlCommandInfo *info,
                                              const GOptionEntry         *entries,
                                              int                        *argc,
                                              char                     ***argv,
                                              int                        *status);

/* Prints "outboxctl COMMAND: message" and a hint to --help; returns 2. */
int            outboxctl_usage_error         (const char                 *command,
                                              const char                 *format,
                                              ...) G_GNUC_PRINTF (2, 3);

/* Prints "outboxctl COMMAND: message"; returns 1. */
int            outboxctl_failure             (const char                 *command,
                                              const char                 *format,
                                              ...) G_GNUC_PRINTF (2, 3);

/* Prints every problem of a validation table, one "prefixfield: reason" per
 * line, in the order of the account's fields. */
void           outboxctl_print_problems      (GHashTable                 *problems,
                                              const char                 *prefix);

/* Loads the accounts file. On failure prints why and returns NULL with
 * *status set. @for_writing refuses a file that can only be read. */
OutboxAccountStore *outboxctl_open_store     (const char                 *command,
                                              gboolean                    for_writing,
                                              int                        *status);
gboolean       outboxctl_save_store          (const char                 *command,
                                              OutboxAccountStore         *store,
                                              int                        *status);
/* Returns (transfer full) the account named or with the id @name_or_id. */
OutboxAccount *outboxctl_find_account        (const char                 *command,
                                              OutboxAccountStore         *store,
                                              const char                 *name_or_id,
                                              int                        *status);

/* Keyring calls, made synchronous for a program that has nothing else to do
 * meanwhile: they run the default main context until the answer arrives. */
gboolean       outboxctl_store_password      (OutboxAccount              *account,
                                              OutboxSecretKind            kind,
                                              const char                 *password,
                                              GError                    **error);
gboolean       outboxctl_clear_passwords     (const char                 *account_id,
                                              GError                    **error);
/* TRUE and *stored set when the keyring answered. */
gboolean       outboxctl_has_password        (OutboxAccount              *account,
                                              gboolean                   *stored,
                                              GError                    **error);

/* Human words for the settings, for show and list. */
const char    *outboxctl_security_label      (OutboxSecurity              security);
const char    *outboxctl_auth_label          (OutboxAuth                  auth);

/* Writes UTF-8 text to standard output as it is, whatever the locale's
 * character set (g_print() would convert it): for JSON. */
void           outboxctl_print_raw           (const char                 *text);

/* @text fit for a terminal: control characters, which a hand-edited
 * accounts file may hold and which could move the cursor or rewrite the
 * screen, shown as \xNN (C1 ones as \uNNNN). Returns a new string. */
char          *outboxctl_printable           (const char                 *text);

/* Parses a whole decimal number for --port and --timeout; FALSE on text
 * that is not one. */
gboolean       outboxctl_parse_uint          (const char                 *text,
                                              guint                      *value);

G_END_DECLS
