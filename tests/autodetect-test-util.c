/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the autodetection tests: see autodetect-test-util.h. */

#include "config.h"

#include "autodetect-test-util.h"

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

OutboxAutodetectResult *
autodetect_test_run (OutboxAutodetect  *autodetect,
                     const char        *address,
                     GCancellable      *cancellable,
                     gint64            *elapsed_ms,
                     GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  outbox_autodetect_run_async (autodetect, address, cancellable, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (elapsed_ms)
    *elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  return outbox_autodetect_run_finish (autodetect, result, error);
}

void
autodetect_test_assert_server (OutboxAutodetectResult *result,
                               guint                   index,
                               const char             *host,
                               guint                   port,
                               OutboxSecurity          security)
{
  const OutboxServer *server;

  g_assert_cmpuint (outbox_autodetect_result_get_n_servers (result), >, index);
  server = outbox_autodetect_result_get_server (result, index);
  g_assert_cmpstr (server->host, ==, host);
  g_assert_cmpuint (server->port, ==, port);
  g_assert_cmpint (server->security, ==, security);
}
