/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a password from standard input or from a prompt that does not
 * echo it, and forgetting it afterwards. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OUTBOXCTL_PASSWORD_MAX 1024

/* A password in memory: freed with outboxctl_password_free(), which
 * overwrites it first. */
typedef char OutboxctlPassword;

void               outboxctl_password_free        (OutboxctlPassword  *password);

/* Reads the first line of standard input (the newline is not part of the
 * password). */
OutboxctlPassword *outboxctl_password_read_stdin  (GError            **error);

/* Asks on the terminal with echo off; with @confirm asks twice and insists
 * that both answers match. */
OutboxctlPassword *outboxctl_password_prompt      (const char         *prompt,
                                                   gboolean            confirm,
                                                   GError            **error);

gboolean           outboxctl_password_can_prompt  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxctlPassword, outboxctl_password_free)

G_END_DECLS
