/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxSecrets: stores, looks up and clears account passwords in the desktop
 * keyring through libsecret, and explains keyring failures in plain words. */

#define G_LOG_DOMAIN "outbox-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "outbox-secrets.h"

struct _OutboxSecrets
{
  GObject parent_instance;
};

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

typedef struct
{
  Operation    operation;
  GHashTable  *attributes;
  char        *label;
  SecretValue *value;
} Request;

G_DEFINE_FINAL_TYPE (OutboxSecrets, outbox_secrets, G_TYPE_OBJECT)

G_DEFINE_QUARK (outbox-secrets-error-quark, outbox_secrets_error)

static const SecretSchema password_schema = {
  "io.github.outbox.Password",
  SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Nobody owns org.freedesktop.secrets and D-Bus could not start anyone who
 * would, or the bus went away under us. */
static const GDBusError no_service_errors[] = {
  G_DBUS_ERROR_SERVICE_UNKNOWN,
  G_DBUS_ERROR_NAME_HAS_NO_OWNER,
  G_DBUS_ERROR_NO_SERVER,
  G_DBUS_ERROR_DISCONNECTED,
  G_DBUS_ERROR_SPAWN_EXEC_FAILED,
  G_DBUS_ERROR_SPAWN_FORK_FAILED,
  G_DBUS_ERROR_SPAWN_CHILD_EXITED,
  G_DBUS_ERROR_SPAWN_CHILD_SIGNALED,
  G_DBUS_ERROR_SPAWN_FAILED,
  G_DBUS_ERROR_SPAWN_SETUP_FAILED,
  G_DBUS_ERROR_SPAWN_CONFIG_INVALID,
  G_DBUS_ERROR_SPAWN_SERVICE_INVALID,
  G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND,
  G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID,
  G_DBUS_ERROR_SPAWN_FILE_INVALID,
  G_DBUS_ERROR_SPAWN_NO_MEMORY,
};

/* What went wrong, per error code and operation, in the user's words. */
static const char * const error_messages[OUTBOX_SECRETS_ERROR_FAILED + 1][OPERATION_CLEAR + 1] = {
  [OUTBOX_SECRETS_ERROR_NO_SERVICE] = {
    [OPERATION_STORE] = N_("No keyring is available, so the password was not saved anywhere. "
                           "The account settings were saved without it."),
    [OPERATION_LOOKUP] = N_("No keyring is available, so no saved password can be read."),
    [OPERATION_CLEAR] = N_("No keyring is available, so no saved password was removed."),
  },
  [OUTBOX_SECRETS_ERROR_LOCKED] = {
    [OPERATION_STORE] = N_("The keyring is locked, so the password was not saved. "
                           "Unlock the keyring and try again."),
    [OPERATION_LOOKUP] = N_("The keyring is locked, so the saved password cannot be read. "
                            "Unlock the keyring and try again."),
    [OPERATION_CLEAR] = N_("The keyring is locked, so the saved password was not removed. "
                           "Unlock the keyring and try again."),
  },
  [OUTBOX_SECRETS_ERROR_FAILED] = {
    [OPERATION_STORE] = N_("The keyring could not save the password."),
    [OPERATION_LOOKUP] = N_("The keyring could not read the saved password."),
    [OPERATION_CLEAR] = N_("The keyring could not remove the saved password."),
  },
};

static void
request_free (Request *request)
{
  g_clear_pointer (&request->attributes, g_hash_table_unref);
  g_clear_pointer (&request->label, g_free);
  g_clear_pointer (&request->value, secret_value_unref);
  g_free (request);
}

static void
password_free (char *password)
{
  secret_password_wipe (password);
  g_free (password);
}

static Request *
request_new (Operation   operation,
             const char *account_id,
             const char *kind)
{
  Request *request = g_new0 (Request, 1);

  request->operation = operation;
  request->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (request->attributes, (char *) "account", g_strdup (account_id));
  if (kind != NULL)
    g_hash_table_insert (request->attributes, (char *) "kind", g_strdup (kind));
  return request;
}

static GError *
make_error (Operation           operation,
            OutboxSecretsError  code,
            const GError       *cause)
{
  const char *message = _(error_messages[code][operation]);
  g_autoptr(GError) detail = NULL;

  if (code != OUTBOX_SECRETS_ERROR_FAILED || cause == NULL)
    return g_error_new_literal (OUTBOX_SECRETS_ERROR, code, message);

  /* libsecret's own messages name objects and D-Bus errors, never secrets. */
  detail = g_error_copy (cause);
  g_dbus_error_strip_remote_error (detail);
  return g_error_new (OUTBOX_SECRETS_ERROR, code, "%s (%s)", message, detail->message);
}

/* Returns @error, or the user-facing error it stands for, to @task. */
static void
return_error (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) cause = error;
  OutboxSecretsError code = OUTBOX_SECRETS_ERROR_FAILED;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&cause));
      return;
    }

  g_debug ("Keyring call failed: %s (%s %d)", cause->message,
           g_quark_to_string (cause->domain), cause->code);

  if (cause->domain == G_DBUS_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (no_service_errors); i++)
        if (cause->code == (int) no_service_errors[i])
          code = OUTBOX_SECRETS_ERROR_NO_SERVICE;
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CLOSED))
    code = OUTBOX_SECRETS_ERROR_NO_SERVICE;
  else if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    code = OUTBOX_SECRETS_ERROR_LOCKED;

  g_task_return_error (task, make_error (request->operation, code, cause));
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }

  /* Hand out ordinary memory the caller may g_free(); wipe libsecret's copy. */
  g_task_return_pointer (task, g_strdup (password), (GDestroyNotify) password_free);
  secret_password_free (password);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* Without a session bus there can be no Secret Service, whatever way the
   * bus failed (no address, a dead socket, no X11 to autolaunch one). */
  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_debug ("No session bus: %s", error->message);
          g_task_return_error (task, make_error (request->operation,
                                                 OUTBOX_SECRETS_ERROR_NO_SERVICE, NULL));
        }
      return;
    }

  switch (request->operation)
    {
    case OPERATION_STORE:
      secret_password_storev (&password_schema, request->attributes,
                              SECRET_COLLECTION_DEFAULT, request->label,
                              secret_value_get_text (request->value),
                              cancellable, store_cb, g_steal_pointer (&task));
      break;
    case OPERATION_LOOKUP:
      secret_password_lookupv (&password_schema, request->attributes,
                               cancellable, lookup_cb, g_steal_pointer (&task));
      break;
    case OPERATION_CLEAR:
    default:
      secret_password_clearv (&password_schema, request->attributes,
                              cancellable, clear_cb, g_steal_pointer (&task));
      break;
    }
}

/* Every call first makes sure a session bus exists, so that all the ways of
 * having none end up as OUTBOX_SECRETS_ERROR_NO_SERVICE. */
static void
start_request (OutboxSecrets       *self,
               Request             *request,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, g_steal_pointer (&task));
}

static void
outbox_secrets_class_init (OutboxSecretsClass *klass)
{
}

static void
outbox_secrets_init (OutboxSecrets *self)
{
}

OutboxSecrets *
outbox_secrets_new (void)
{
  return g_object_new (OUTBOX_TYPE_SECRETS, NULL);
}

OutboxSecretKind
outbox_secret_kind_for_account (OutboxAccount *account)
{
  g_return_val_if_fail (OUTBOX_IS_ACCOUNT (account), OUTBOX_SECRET_KIND_ACCOUNT);

  if (outbox_account_get_auth (account) == OUTBOX_AUTH_SEPARATE)
    return OUTBOX_SECRET_KIND_SMTP;
  return OUTBOX_SECRET_KIND_ACCOUNT;
}

const char *
outbox_secret_kind_to_string (OutboxSecretKind kind)
{
  switch (kind)
    {
    case OUTBOX_SECRET_KIND_ACCOUNT:
      return "account";
    case OUTBOX_SECRET_KIND_SMTP:
      return "smtp";
    default:
      g_return_val_if_reached (NULL);
    }
}

void
outbox_secrets_store_async (OutboxSecrets       *self,
                            OutboxAccount       *account,
                            OutboxSecretKind     kind,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Request *request;
  const char *name;

  g_return_if_fail (OUTBOX_IS_SECRETS (self));
  g_return_if_fail (OUTBOX_IS_ACCOUNT (account));
  g_return_if_fail (outbox_secret_kind_to_string (kind) != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  name = outbox_account_get_name (account);
  if (name == NULL || name[0] == '\0')
    name = outbox_account_get_id (account);

  request = request_new (OPERATION_STORE, outbox_account_get_id (account),
                         outbox_secret_kind_to_string (kind));
  /* Kept in non-pageable memory, wiped when the request is freed. */
  request->value = secret_value_new (password, -1, "text/plain");
  if (kind == OUTBOX_SECRET_KIND_SMTP)
    /* TRANSLATORS: the label of a keyring item; %s is the account's name. */
    request->label = g_strdup_printf (_("Outbox SMTP password for “%s”"), name);
  else
    /* TRANSLATORS: the label of a keyring item; %s is the account's name. */
    request->label = g_strdup_printf (_("Outbox password for “%s”"), name);

  start_request (self, request, outbox_secrets_store_async, cancellable, callback, user_data);
}

gboolean
outbox_secrets_store_finish (OutboxSecrets  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (OUTBOX_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, outbox_secrets_store_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
outbox_secrets_lookup_async (OutboxSecrets       *self,
                             const char          *account_id,
                             OutboxSecretKind     kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Request *request;

  g_return_if_fail (OUTBOX_IS_SECRETS (self));
  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (outbox_secret_kind_to_string (kind) != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  request = request_new (OPERATION_LOOKUP, account_id, outbox_secret_kind_to_string (kind));
  start_request (self, request, outbox_secrets_lookup_async, cancellable, callback, user_data);
}

char *
outbox_secrets_lookup_finish (OutboxSecrets  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (OUTBOX_IS_SECRETS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, outbox_secrets_lookup_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
outbox_secrets_clear_async (OutboxSecrets       *self,
                            const char          *account_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (OUTBOX_IS_SECRETS (self));
  g_return_if_fail (account_id != NULL && account_id[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Without "kind", the search matches the account's passwords of both kinds. */
  start_request (self, request_new (OPERATION_CLEAR, account_id, NULL),
                 outbox_secrets_clear_async, cancellable, callback, user_data);
}

gboolean
outbox_secrets_clear_finish (OutboxSecrets  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (OUTBOX_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, outbox_secrets_clear_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
