/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Password input for outboxctl: never from the command line, only from
 * standard input or a terminal prompt that does not show what is typed. */

#define G_LOG_DOMAIN "outboxctl"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "outboxctl-password.h"

/* The terminal settings to put back if a signal ends the prompt. */
static struct termios saved_termios;
static volatile sig_atomic_t termios_saved;
static struct sigaction saved_actions[4];
static const int restore_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

void
outboxctl_password_free (OutboxctlPassword *password)
{
  if (password == NULL)
    return;
  /* Overwrite the whole buffer (allocated at its full size) in a way the
   * compiler may not drop as a dead store. */
  explicit_bzero (password, OUTBOXCTL_PASSWORD_MAX + 1);
  g_free (password);
}

/* Reads one line from @fd into a fixed buffer (so no copy is left behind
 * by a reallocation). */
static OutboxctlPassword *
read_line (int       fd,
           GError  **error)
{
  g_autoptr(OutboxctlPassword) buffer = g_malloc0 (OUTBOXCTL_PASSWORD_MAX + 1);
  gsize len = 0;

  for (;;)
    {
      char c;
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The password could not be read: %s"), g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0 || c == '\n')
        break;
      if (c == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The password contains a NUL character, which no mail "
                                 "server accepts."));
          return NULL;
        }
      if (len >= OUTBOXCTL_PASSWORD_MAX)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The password is longer than %u bytes; that is not a password."),
                       (guint)OUTBOXCTL_PASSWORD_MAX);
          return NULL;
        }
      buffer[len++] = c;
    }

  if (len > 0 && buffer[len - 1] == '\r')
    buffer[--len] = '\0';

  if (len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The password is empty."));
      return NULL;
    }

  if (!g_utf8_validate (buffer, len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The password is not valid UTF-8 text; check the terminal’s "
                             "or the file’s character encoding."));
      return NULL;
    }

  return g_steal_pointer (&buffer);
}

OutboxctlPassword *
outboxctl_password_read_stdin (GError **error)
{
  return read_line (STDIN_FILENO, error);
}

gboolean
outboxctl_password_can_prompt (void)
{
  return isatty (STDIN_FILENO);
}

static void
restore_terminal (void)
{
  if (termios_saved)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  termios_saved = 0;
}

static void
on_signal (int signum)
{
  restore_terminal ();
  for (guint i = 0; i < G_N_ELEMENTS (restore_signals); i++)
    if (restore_signals[i] == signum)
      sigaction (signum, &saved_actions[i], NULL);
  raise (signum);
}

static OutboxctlPassword *
prompt_once (const char  *prompt,
             GError     **error)
{
  struct termios quiet;
  struct sigaction action;
  OutboxctlPassword *password;

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The terminal cannot hide what is typed: %s"), g_strerror (saved_errno));
      return NULL;
    }

  memset (&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  termios_saved = 1;
  for (guint i = 0; i < G_N_ELEMENTS (restore_signals); i++)
    sigaction (restore_signals[i], &action, &saved_actions[i]);

  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
  quiet.c_lflag |= ECHONL;
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
    {
      int saved_errno = errno;

      termios_saved = 0;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The terminal cannot hide what is typed: %s"), g_strerror (saved_errno));
      password = NULL;
    }
  else
    {
      fprintf (stderr, "%s ", prompt);
      fflush (stderr);
      password = read_line (STDIN_FILENO, error);
      restore_terminal ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (restore_signals); i++)
    sigaction (restore_signals[i], &saved_actions[i], NULL);

  return password;
}

OutboxctlPassword *
outboxctl_password_prompt (const char  *prompt,
                           gboolean     confirm,
                           GError     **error)
{
  g_autoptr(OutboxctlPassword) first = NULL;
  g_autoptr(OutboxctlPassword) second = NULL;

  if (!outboxctl_password_can_prompt ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Cannot ask for the password: standard input is not a terminal. "
                             "Use --password-stdin."));
      return NULL;
    }

  if (!(first = prompt_once (prompt, error)))
    return NULL;
  if (!confirm)
    return g_steal_pointer (&first);

  if (!(second = prompt_once (_("Type the password again:"), error)))
    return NULL;
  if (strcmp (first, second) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The two passwords are not the same; nothing was changed."));
      return NULL;
    }
  return g_steal_pointer (&first);
}
