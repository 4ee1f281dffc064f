/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared inside the core library. */

#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <gmime/gmime.h>

#include "outbox-account.h"

G_BEGIN_DECLS

/* GMime 3.2 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddressList, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddressMailbox, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFormatOptions, g_mime_format_options_free)

void      _outbox_init                (void);
gboolean  _outbox_address_is_mailbox  (const char *address);
gboolean  _outbox_hostname_is_valid   (const char *ascii_host);
char     *_outbox_text_for_message    (const char *text,
                                       glong       max_chars);

glong     _outbox_utf8_width          (const char *text);
void      _outbox_string_append_padded (GString    *out,
                                        const char *text,
                                        glong       width);
char     *_outbox_account_first_problem (OutboxAccount  *account,
                                         gboolean        connection_only,
                                         const char    **label);
/* Adds the member @name to @builder: the string @value, or null when it
 * is NULL. */
void      _outbox_json_add_string_or_null (JsonBuilder *builder,
                                           const char  *name,
                                           const char  *value);
/* Sets @error (OUTBOX_STORE_ERROR_IO) to "what path: strerror"; returns FALSE. */
gboolean  _outbox_io_error            (GError    **error,
                                       const char *path,
                                       const char *what,
                                       int         saved_errno);
/* Replaces the file at @path with @data atomically: a temporary file in
 * the same directory, mode 0600, flushed to disk, renamed over the old one,
 * then the directory flushed. The directory must exist. */
gboolean  _outbox_file_replace        (const char *path,
                                       const char *data,
                                       gsize       length,
                                       GError    **error);

/* Saves of a whole file, one write at a time: the saves asked for while a
 * write runs wait, and the next write serves them all (the accounts file,
 * the journal). */
typedef struct
{
  gboolean   writing;
  GPtrArray *waiting;   /* GTask */
} OutboxSaveQueue;

void       _outbox_save_queue_init    (OutboxSaveQueue *queue);
void       _outbox_save_queue_clear   (OutboxSaveQueue *queue);
/* Queues @task (transfer full); returns whether a write should start now. */
gboolean   _outbox_save_queue_add     (OutboxSaveQueue *queue,
                                       GTask           *task);
/* Returns: (transfer full): the saves the write starting now serves. */
GPtrArray *_outbox_save_queue_take    (OutboxSaveQueue *queue);
/* Ends the write that served @served: each of them returns @error (a copy)
 * or TRUE. Returns whether saves wait for another write. */
gboolean   _outbox_save_queue_finish  (OutboxSaveQueue *queue,
                                       GPtrArray       *served,
                                       const GError    *error);

G_END_DECLS
