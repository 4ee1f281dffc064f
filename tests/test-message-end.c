/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end of the message: after DATA only CRLF.CRLF ends it. Bare CR and
 * bare LF are made CRLF, lines starting with a dot are stuffed, so no
 * variant of SMTP smuggling ("\n.\n", "\r.\r", "\r\n.\n", …) can be
 * produced, whatever the input; checked on dot_stuff's output for tricky
 * and random inputs, and on the bytes a real session put on the wire (the
 * fault server's log of every chunk received). Text that would need such
 * tricks is refused before anything is sent. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "smtp-test-util.h"

/* What must hold for the bytes after DATA: every CR is followed by LF,
 * every LF follows a CR, CRLF.CRLF occurs exactly once, at the end, and
 * every other line starting with a dot has been stuffed. */
static void
assert_data_well_ended (const char *data,
                        gsize       len,
                        const char *what)
{
  /* The end-of-data look-alikes servers have been found to accept. */
  static const char * const smuggling[] = { "\n.\n", "\r.\r", "\r\n.\n", "\r.\r\n" };
  const char *end;

  g_assert_cmpuint (len, >=, 3);
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n'))
        g_error ("%s: bare CR at %" G_GSIZE_FORMAT, what, i);
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
        g_error ("%s: bare LF at %" G_GSIZE_FORMAT, what, i);
    }

  /* ".\r\n" alone (an empty message) or "…\r\n.\r\n". */
  g_assert_true (len == 3 ? memcmp (data, ".\r\n", 3) == 0
                          : len >= 5 && memcmp (data + len - 5, "\r\n.\r\n", 5) == 0);
  end = memmem (data, len, "\r\n.\r\n", 5);
  if (len > 3 && end != data + len - 5)
    g_error ("%s: the data ends early, at %" G_GSIZE_FORMAT, what, (gsize)(end - data));
  if (len > 3 && memcmp (data, ".\r\n", 3) == 0)
    g_error ("%s: the data ends at its first line", what);

  for (guint i = 0; i < G_N_ELEMENTS (smuggling); i++)
    if (memmem (data, len, smuggling[i], strlen (smuggling[i])))
      g_error ("%s: holds %s", what, g_strescape (smuggling[i], NULL));

  /* Every line but the terminator that starts with a dot starts with two. */
  for (gsize i = 0; i + 3 < len; i++)
    if ((i == 0 || data[i - 1] == '\n') && data[i] == '.')
      g_assert_true (data[i + 1] == '.');
}

/* Undoes dot-stuffing: what a server stores. */
static GString *
unstuff (const char *data,
         gsize       len)
{
  GString *out = g_string_new (NULL);
  gboolean line_start = TRUE;

  for (gsize i = 0; i + 3 < len; i++)
    {
      if (!(line_start && data[i] == '.'))
        g_string_append_c (out, data[i]);
      line_start = data[i] == '\n';
    }
  return out;
}

/* The input with every CR, LF and CRLF made CRLF, and a final line end. */
static GString *
normalized (const char *data,
            gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\r' || data[i] == '\n')
        {
          g_string_append (out, "\r\n");
          if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
            i++;
        }
      else
        g_string_append_c (out, data[i]);
    }
  if (out->len > 0 && (out->len < 2 || memcmp (out->str + out->len - 2, "\r\n", 2) != 0))
    g_string_append (out, "\r\n");
  return out;
}

static void
check_dot_stuff (const char *input,
                 gsize       len,
                 const char *what)
{
  g_autoptr(GBytes) in = g_bytes_new (input, len);
  g_autoptr(GBytes) out = outbox_test_message_dot_stuff (in);
  gsize out_len;
  const char *out_data = g_bytes_get_data (out, &out_len);
  g_autoptr(GString) expected = normalized (input, len);
  g_autoptr(GString) back = NULL;

  assert_data_well_ended (out_data, out_len, what);
  /* Nothing is lost or added but line ends and stuffing. */
  back = unstuff (out_data, out_len);
  g_assert_cmpmem (back->str, back->len, expected->str, expected->len);
}

static void
test_tricky_inputs (void)
{
  static const char * const inputs[] = {
    "", ".", "..", "\r", "\n", "\r\n", ".\r\n", "\r\n.\r\n", "a\r\n.\r\nMAIL FROM:<x@y>\r\n",
    "a\n.\nRCPT TO:<x@y>\n", "a\r.\rDATA\r", "a\r\n.\nx", "a\n.\r\nx", "a\r.\r\nx", "a\r\n.\rx",
    "a\r\r\n.\r\r\n", "a\n\r.\n\r", ".\n.\n.\n", "\r\n\r\n.", "body ending in a dot.",
    "body ending in CR\r", "line\r\n.", "line\n..\n...\n", "\r\n.\r\n.\r\n.\r\n",
    "x\r\n.\x00\r\n", "multi\r\r\r\nlines\n\n\n.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *what = g_strescape (inputs[i], NULL);
      check_dot_stuff (inputs[i], strlen (inputs[i]), what);
    }
  /* NUL bytes are data too, and never end anything. */
  check_dot_stuff ("a\0\r\n.\0\n.", 9, "with NUL bytes");
}

/* Random inputs over the characters that matter, from a fixed seed so a
 * failure can be replayed. */
static void
test_random_inputs (void)
{
  static const char alphabet[] = { '\r', '\n', '.', 'a', ' ', '\0', '\xce' };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  guint iterations = g_test_slow () ? 200000 : 20000;

  for (guint n = 0; n < iterations; n++)
    {
      guint len = (guint)g_rand_int_range (rand, 0, 48);
      char input[48];
      char what[64];

      for (guint i = 0; i < len; i++)
        input[i] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
      g_snprintf (what, sizeof what, "random input %u", n);
      check_dot_stuff (input, len, what);
    }
  g_test_message ("%u random inputs", iterations);
}

/* --- On the wire ---------------------------------------------------------- */

/* All bytes the server received on connection 1, once the client left. */
static GString *
received_stream (OutboxTestServer *server)
{
  g_autoptr(GPtrArray) chunks = NULL;
  GString *all = g_string_new (NULL);

  g_free (smtp_server_received_when_closed (server, NULL));
  chunks = outbox_test_server_get_received (server, 1);

  for (guint i = 0; i < chunks->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (chunks, i), &len);
      g_string_append_len (all, data, (gssize)len);
    }
  return all;
}

typedef struct
{
  const char *name;
  const char *scenario;   /* success: 8BITMIME and PIPELINING; helo-only: neither */
  const char *account_name;
  const char *sender_name;
} WireCase;

static const WireCase wire_cases[] = {
  { "8bit", "success", ".", "." },
  { "quoted-printable", "helo-only", ". leading dot", "Λογιστήριο ." },
  { "no-pipelining", "no-pipelining", "..", "Dot . Dot" },
};

static void
test_wire (gconstpointer data)
{
  const WireCase *wc = data;
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start (wc->scenario, &options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_NONE);
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(GString) stream = NULL;
  g_autoptr(GString) message = NULL;
  g_autoptr(GPtrArray) log = NULL;
  const char *payload;
  const char *end;

  outbox_account_set_name (account, wc->account_name);
  outbox_account_set_sender_name (account, wc->sender_name);
  session = smtp_test_session_new (account, NULL);
  run = smtp_test_run (session, NULL, -1);
  smtp_run_assert_success (run);

  /* The stream is: commands, "DATA\r\n", the data, "QUIT\r\n". */
  stream = received_stream (server);
  payload = strstr (stream->str, "DATA\r\n");
  g_assert_nonnull (payload);
  payload += strlen ("DATA\r\n");
  g_assert_true (g_str_has_suffix (stream->str, "\r\n.\r\nQUIT\r\n"));
  end = stream->str + stream->len - strlen ("QUIT\r\n");
  assert_data_well_ended (payload, (gsize)(end - payload), wc->name);

  /* What the server stored is the message, byte for byte. */
  log = outbox_test_server_read_log (server);
  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (log, i);
      if (g_str_equal (json_object_get_string_member (entry, "event"), "message"))
        {
          gsize len;
          g_autofree guchar *bytes = g_base64_decode (json_object_get_string_member (entry, "base64"),
                                                     &len);
          message = unstuff (payload, (gsize)(end - payload));
          g_assert_cmpmem (bytes, len, message->str, message->len);
        }
    }
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message->str, "This line starts with a dot."));
}

/* Fields that would need bare line ends, and addresses that would add
 * commands, are refused before connecting: account fields as invalid
 * settings (test-invalid-settings), the recipient as such. */
typedef struct
{
  const char      *name;
  const char      *property;
  const char      *value;
  const char      *recipient;
  OutboxSmtpStep   step;
  OutboxSmtpError  code;
} RefusedCase;

static const RefusedCase refused_cases[] = {
  { "name-with-cr", "name", "Invoices\r.\rDATA", NULL, OUTBOX_SMTP_STEP_RESOLVING,
    OUTBOX_SMTP_ERROR_INVALID_SETTINGS },
  { "name-with-lf-dot", "name", "Invoices\n.\nMAIL FROM:<x@example.com>", NULL,
    OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_ERROR_INVALID_SETTINGS },
  { "sender-name-with-crlf", "sender-name", "Eve\r\n.\r\nRSET", NULL,
    OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_ERROR_INVALID_SETTINGS },
  { "sender-address-injection", "sender-address", "a@example.com>\r\nRCPT TO:<c@example.com>",
    NULL, OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_ERROR_INVALID_SETTINGS },
  { "reply-to-injection", "reply-to", "r@example.com\r\nBcc: victim@example.com", NULL,
    OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_ERROR_INVALID_SETTINGS },
  { "recipient-injection", NULL, NULL, "a@b>\r\nRCPT TO:<c@d>", OUTBOX_SMTP_STEP_RESOLVING,
    OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED },
  { "recipient-smuggling", NULL, NULL, "victim@example.com\r\n.\r\nMAIL FROM:<x@y>",
    OUTBOX_SMTP_STEP_RESOLVING, OUTBOX_SMTP_ERROR_RECIPIENT_REJECTED },
};

static void
test_refused (gconstpointer data)
{
  const RefusedCase *rc = data;
  OutboxTestFaultOptions options = { .no_tls = TRUE };
  g_autoptr(OutboxTestServer) server = outbox_test_fault_server_start ("success", &options);
  g_autoptr(OutboxAccount) account =
    smtp_test_account_new (OUTBOX_SECURITY_NONE, outbox_test_server_get_port (server, "port"),
                           OUTBOX_AUTH_NONE);
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;
  g_autoptr(GPtrArray) log = NULL;

  /* As an account read from a file edited by hand: the setters take
   * anything, validation would have refused it. */
  if (rc->property)
    g_object_set (account, rc->property, rc->value, NULL);
  session = smtp_test_session_new (account, NULL);
  outbox_smtp_session_set_recipient (session, rc->recipient);
  run = smtp_test_run (session, NULL, -1);
  smtp_run_assert_failed (run, rc->step, rc->code);
  g_assert_null (strchr (run->error->message, '\r'));
  g_assert_null (strchr (run->error->message, '\n'));

  log = outbox_test_server_read_log (server);
  if (rc->step == OUTBOX_SMTP_STEP_RESOLVING)
    {
      /* Never connected. */
      for (guint i = 0; i < log->len; i++)
        g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (log, i), "conn"), ==, 0);
    }
  else
    {
      g_autoptr(GString) stream = received_stream (server);

      /* Nothing of the transaction was sent. */
      g_assert_null (strstr (stream->str, "MAIL"));
      g_assert_null (strstr (stream->str, "RCPT"));
      g_assert_null (strstr (stream->str, "DATA"));
      g_assert_null (strstr (stream->str, "Bcc"));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/MessageEnd/dot-stuff/tricky-inputs", test_tricky_inputs);
  g_test_add_func ("/Outbox/MessageEnd/dot-stuff/random-inputs", test_random_inputs);
  for (guint i = 0; i < G_N_ELEMENTS (wire_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/MessageEnd/wire/%s", wire_cases[i].name);
      g_test_add_data_func (path, &wire_cases[i], test_wire);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Outbox/MessageEnd/refused/%s",
                                               refused_cases[i].name);
      g_test_add_data_func (path, &refused_cases[i], test_refused);
    }

  return g_test_run ();
}
