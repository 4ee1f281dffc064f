/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OutboxJournal: the certificate watch against aiosmtpd on 127.0.0.1 with
 * the certificates of tests/smtp/make-certs.sh, the bounded history, and a
 * state file that is broken or hostile. State goes to the test's own
 * isolated $XDG_STATE_HOME. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "outbox.h"
#include "outbox-test-report-private.h"
#include "smtp-test-util.h"

static char *
journal_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "outbox", "journal.json", NULL);
}

static char *
journal_text (void)
{
  g_autofree char *path = journal_path ();
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static OutboxCertificateInfo *
certificate (const char *name)
{
  g_autofree char *path = outbox_test_cert_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) tls = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return outbox_certificate_info_new_from_certificate (tls, 0);
}

static OutboxNotice *
find_notice (GPtrArray  *notices,
             const char *id)
{
  for (guint i = 0; i < notices->len; i++)
    if (g_str_equal (outbox_notice_get_id (g_ptr_array_index (notices, i)), id))
      return g_ptr_array_index (notices, i);
  return NULL;
}

static char *
formatted_fingerprint (const char *name)
{
  g_autoptr(OutboxCertificateInfo) info = certificate (name);

  return outbox_certificate_info_format_sha256 (info);
}

/* One real test of @account against a server presenting @cert, trusting
 * both test CAs; returns the report. */
static OutboxTestReport *
run_test (OutboxAccount    *account,
          OutboxTestServer *server)
{
  g_autofree char *trusted = outbox_test_cert_path ("trusted");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (trusted, &error);
  g_autoptr(OutboxSmtpSession) session = NULL;
  g_autoptr(SmtpRun) run = NULL;

  g_assert_no_error (error);
  outbox_account_set_port (account, outbox_test_server_get_port (server, "tls"));
  session = smtp_test_session_new (account, SMTP_TEST_PASSWORD);
  outbox_smtp_session_set_tls_database (session, database);
  run = smtp_test_run (session, NULL, -1);
  smtp_run_assert_success (run);
  return g_object_ref (run->report);
}

static OutboxTestServer *
server_with (const char *cert)
{
  OutboxTestSmtpOptions options = { .user = SMTP_TEST_USER, .password = SMTP_TEST_PASSWORD,
                                    .cert = cert };

  return outbox_test_smtp_server_start (&options);
}

/* Records a test against a server presenting @cert, saves, and returns
 * the notices a fresh journal read from the file gives. */
static GPtrArray *
test_and_record (OutboxAccount *account,
                 const char    *cert)
{
  g_autoptr(OutboxTestServer) server = server_with (cert);
  g_autoptr(OutboxTestReport) report = run_test (account, server);
  g_autoptr(OutboxJournal) journal = outbox_journal_new (NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *notices;

  /* A new journal each time: what is compared must come from the file. */
  g_assert_true (outbox_journal_load (journal, NULL, &error));
  g_assert_no_error (error);
  notices = outbox_journal_record (journal, account, report, NULL);
  g_assert_true (outbox_journal_save (journal, NULL, &error));
  g_assert_no_error (error);
  return notices;
}

/* Same certificate twice: nothing. A renewal by the same CA: a notice with
 * both fingerprints. Another (trusted) CA: a warning. A certificate that
 * expires in 5 days: a strong warning with the date. */
static void
test_certificate_watch (void)
{
  g_autoptr(OutboxAccount) account = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465,
                                                            OUTBOX_AUTH_PASSWORD);
  g_autofree char *server_fp = formatted_fingerprint ("server");
  g_autofree char *renewed_fp = formatted_fingerprint ("renewed");
  g_autofree char *text = NULL;
  struct stat st;

  {
    g_autoptr(GPtrArray) first = test_and_record (account, "server");
    g_autoptr(GPtrArray) second = test_and_record (account, "server");

    g_assert_cmpuint (first->len, ==, 0);
    g_assert_cmpuint (second->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) notices = test_and_record (account, "renewed");
    OutboxNotice *notice = find_notice (notices, "certificate-renewed");
    g_autofree char *expected_new = outbox_test_cert_fingerprint ("renewed");
    g_autofree char *expected_old = outbox_test_cert_fingerprint ("server");

    g_assert_cmpuint (notices->len, ==, 1);
    g_assert_nonnull (notice);
    g_assert_cmpint (outbox_notice_get_level (notice), ==, OUTBOX_NOTICE_INFO);
    /* Old and new side by side. */
    g_assert_nonnull (strstr (outbox_notice_get_detail (notice), server_fp));
    g_assert_nonnull (strstr (outbox_notice_get_detail (notice), renewed_fp));
    g_assert_true (strstr (outbox_notice_get_detail (notice), server_fp) <
                   strstr (outbox_notice_get_detail (notice), renewed_fp));
    g_assert_cmpstr (outbox_certificate_info_get_sha256 (outbox_notice_get_old_certificate (notice)),
                     ==, expected_old);
    g_assert_cmpstr (outbox_certificate_info_get_sha256 (outbox_notice_get_new_certificate (notice)),
                     ==, expected_new);
  }
  {
    /* Between tests, the row still shows what the last test saw. */
    g_autoptr(OutboxJournal) journal = outbox_journal_new (NULL);
    g_autoptr(GPtrArray) notices = NULL;

    outbox_journal_load (journal, NULL, NULL);
    notices = outbox_journal_get_notices (journal, outbox_account_get_id (account), NULL);
    g_assert_nonnull (find_notice (notices, "certificate-renewed"));
  }
  {
    g_autoptr(GPtrArray) notices = test_and_record (account, "other-issuer");
    OutboxNotice *notice = find_notice (notices, "certificate-changed");

    g_assert_cmpuint (notices->len, ==, 1);
    g_assert_nonnull (notice);
    g_assert_cmpint (outbox_notice_get_level (notice), ==, OUTBOX_NOTICE_WARNING);
    g_assert_nonnull (strstr (outbox_notice_get_message (notice), "another issuer"));
    g_assert_nonnull (strstr (outbox_notice_get_detail (notice), "Outbox Second Test CA"));
    g_assert_nonnull (strstr (outbox_notice_get_detail (notice), renewed_fp));
  }
  {
    g_autoptr(GPtrArray) notices = test_and_record (account, "expiring");
    OutboxNotice *notice = find_notice (notices, "certificate-expires-very-soon");
    g_autoptr(OutboxCertificateInfo) expiring = certificate ("expiring");
    g_autoptr(GDateTime) local = g_date_time_to_local (outbox_certificate_info_get_not_after (expiring));
    g_autofree char *date = g_date_time_format (local, "%x");

    g_assert_nonnull (notice);
    g_assert_cmpint (outbox_notice_get_level (notice), ==, OUTBOX_NOTICE_STRONG_WARNING);
    g_assert_nonnull (strstr (outbox_notice_get_message (notice), date));
    g_assert_true (strstr (outbox_notice_get_message (notice), "in 5 days") ||
                   strstr (outbox_notice_get_message (notice), "in 4 days"));
    /* From the second CA back to the first: a change as well. */
    g_assert_nonnull (find_notice (notices, "certificate-changed"));
  }

  /* The state file holds certificates and results, never the password. */
  text = journal_text ();
  g_assert_null (strstr (text, SMTP_TEST_PASSWORD));
  g_assert_nonnull (strstr (text, outbox_account_get_id (account)));
  {
    g_autofree char *path = journal_path ();

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
}

/* The watch's rules on their own, with a chosen "now". */
static void
test_certificate_rules (void)
{
  g_autoptr(OutboxCertificateInfo) server = certificate ("server");
  g_autoptr(OutboxCertificateInfo) wrong_name = certificate ("wrong-name");
  g_autoptr(OutboxCertificateInfo) expiring = certificate ("expiring");
  g_autoptr(OutboxCertificateInfo) expired = certificate ("expired");
  GDateTime *not_after = outbox_certificate_info_get_not_after (server);
  g_autoptr(GDateTime) in_15_days = g_date_time_add_days (not_after, -15);
  g_autoptr(GDateTime) in_30_days = g_date_time_add_days (not_after, -30);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  {
    /* Same issuer, other names: a warning. */
    g_autoptr(GPtrArray) notices = outbox_certificate_watch_compare (server, wrong_name, now);
    OutboxNotice *notice = find_notice (notices, "certificate-changed");

    g_assert_nonnull (notice);
    g_assert_nonnull (strstr (outbox_notice_get_message (notice), "other names"));
    g_assert_nonnull (strstr (outbox_notice_get_detail (notice), "other.example.test"));
  }
  {
    g_autoptr(GPtrArray) soon = outbox_certificate_watch_expiry (server, in_15_days);
    g_autoptr(GPtrArray) later = outbox_certificate_watch_expiry (server, in_30_days);
    g_autoptr(GPtrArray) very_soon = outbox_certificate_watch_expiry (expiring, now);
    g_autoptr(GPtrArray) past = outbox_certificate_watch_expiry (expired, now);

    g_assert_cmpuint (later->len, ==, 0);
    g_assert_cmpuint (soon->len, ==, 1);
    g_assert_cmpint (outbox_notice_get_level (g_ptr_array_index (soon, 0)), ==, OUTBOX_NOTICE_WARNING);
    g_assert_nonnull (strstr (outbox_notice_get_message (g_ptr_array_index (soon, 0)), "in 15 days"));
    g_assert_cmpuint (very_soon->len, ==, 1);
    g_assert_cmpint (outbox_notice_get_level (g_ptr_array_index (very_soon, 0)), ==,
                     OUTBOX_NOTICE_STRONG_WARNING);
    g_assert_nonnull (find_notice (past, "certificate-expired"));
  }
}

static OutboxTestReport *
fake_report (OutboxAccount *account,
             gboolean       success)
{
  OutboxTestReport *report = _outbox_test_report_new (account, NULL);
  g_autoptr(GError) error = NULL;

  _outbox_test_report_begin_step (report, OUTBOX_SMTP_STEP_CONNECTING);
  if (!success)
    error = g_error_new_literal (OUTBOX_SMTP_ERROR, OUTBOX_SMTP_ERROR_REFUSED, "refused");
  else
    _outbox_test_report_begin_step (report, OUTBOX_SMTP_STEP_DONE);
  _outbox_test_report_finish (report, error);
  return report;
}

static void
count_changed (OutboxJournal *journal,
               const char    *id,
               guint         *count)
{
  g_assert_nonnull (id);
  (*count)++;
}

/* 25 tests keep exactly the last 20, newest first, in the file as well;
 * forgetting the account removes them. */
static void
test_history_bounded (void)
{
  g_autoptr(OutboxAccount) account = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465,
                                                            OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxAccount) other = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465,
                                                          OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxJournal) journal = outbox_journal_new (NULL);
  g_autoptr(OutboxJournal) reread = outbox_journal_new (NULL);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 3, 1, 9, 0, 0);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (journal, "changed", G_CALLBACK (count_changed), &changed);

  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(GDateTime) time = g_date_time_add_minutes (start, (int)i);
      g_autoptr(OutboxTestReport) report = fake_report (account, i % 2 == 0);
      g_autoptr(GPtrArray) notices = outbox_journal_record (journal, account, report, time);

      g_assert_cmpuint (notices->len, ==, 0);
    }
  {
    g_autoptr(OutboxTestReport) report = fake_report (other, TRUE);
    g_autoptr(GPtrArray) notices = outbox_journal_record (journal, other, report, start);
  }
  g_assert_cmpuint (changed, ==, 26);
  g_assert_true (outbox_journal_save (journal, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (outbox_journal_load (reread, NULL, &error));
  history = outbox_journal_get_history (reread, outbox_account_get_id (account));
  g_assert_cmpuint (history->len, ==, OUTBOX_JOURNAL_MAX_ENTRIES);
  {
    const OutboxHistoryEntry *newest = g_ptr_array_index (history, 0);
    const OutboxHistoryEntry *oldest = g_ptr_array_index (history, history->len - 1);
    g_autoptr(GDateTime) t24 = g_date_time_add_minutes (start, 24);
    g_autoptr(GDateTime) t5 = g_date_time_add_minutes (start, 5);
    g_autofree char *failed = outbox_history_entry_format_result (oldest);

    g_assert_true (g_date_time_equal (newest->time, t24));
    g_assert_true (g_date_time_equal (oldest->time, t5));
    g_assert_true (newest->success);
    g_assert_false (oldest->success);
    g_assert_cmpint (oldest->failed_step, ==, OUTBOX_SMTP_STEP_CONNECTING);
    g_assert_cmpstr (oldest->error_code, ==, "refused");
    g_assert_nonnull (oldest->diagnosis);
    g_assert_true (g_str_has_prefix (failed, "failed while connecting"));
    g_assert_true (outbox_journal_get_last (reread, outbox_account_get_id (account)) != NULL);
  }

  g_assert_true (outbox_journal_forget (reread, outbox_account_get_id (account)));
  g_assert_false (outbox_journal_forget (reread, outbox_account_get_id (account)));
  g_assert_true (outbox_journal_save (reread, NULL, &error));
  {
    g_autofree char *text = journal_text ();

    g_assert_null (strstr (text, outbox_account_get_id (account)));
    g_assert_nonnull (strstr (text, outbox_account_get_id (other)));
  }
}

/* Relative times in words. */
static void
test_relative_time (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 10, 12, 0, 0);
  g_autoptr(GDateTime) seconds = g_date_time_add_seconds (now, -20);
  g_autoptr(GDateTime) hours = g_date_time_add_hours (now, -2);
  g_autoptr(GDateTime) days = g_date_time_add_days (now, -3);
  g_autofree char *a = outbox_format_relative_time (seconds, now);
  g_autofree char *b = outbox_format_relative_time (hours, now);
  g_autofree char *c = outbox_format_relative_time (days, now);

  g_assert_cmpstr (a, ==, "just now");
  g_assert_cmpstr (b, ==, "2 hours ago");
  g_assert_cmpstr (c, ==, "3 days ago");
}

static void
write_journal (const char *text,
               gssize      length)
{
  g_autofree char *path = journal_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
}

/* A test recorded at @minute past 9:00 on 1 March 2026. */
static void
record_at (OutboxJournal *journal,
           OutboxAccount *account,
           int            minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 3, 1, 9, minute, 0);
  g_autoptr(OutboxTestReport) report = fake_report (account, TRUE);
  g_autoptr(GPtrArray) notices = outbox_journal_record (journal, account, report, time);
}

/* The minutes of @id's history in @journal, oldest first: "1 2 4". */
static char *
minutes_of (OutboxJournal *journal,
            const char    *id)
{
  g_autoptr(GPtrArray) history = outbox_journal_get_history (journal, id);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = history->len; i > 0; i--)
    {
      const OutboxHistoryEntry *entry = g_ptr_array_index (history, i - 1);

      g_string_append_printf (text, "%s%d", text->len ? " " : "",
                              g_date_time_get_minute (entry->time));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
minutes_in_file (const char *id)
{
  g_autoptr(OutboxJournal) reread = outbox_journal_new (NULL);

  g_assert_true (outbox_journal_load (reread, NULL, NULL));
  return minutes_of (reread, id);
}

static void
save (OutboxJournal *journal)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (outbox_journal_save (journal, NULL, &error));
  g_assert_no_error (error);
}

/* The window and outboxctl both loaded the journal, both test and save:
 * each save keeps what the other wrote, in time order, and each sees the
 * other's tests after its save. */
static void
test_two_writers (void)
{
  g_autoptr(OutboxAccount) a = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465, OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxAccount) b = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465, OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxJournal) window = outbox_journal_new (NULL);
  g_autoptr(OutboxJournal) cli = outbox_journal_new (NULL);
  const char *id_a = outbox_account_get_id (a);
  const char *id_b = outbox_account_get_id (b);
  g_autofree char *file_a = NULL;
  g_autofree char *file_b = NULL;
  g_autofree char *window_b = NULL;
  guint changed = 0;

  g_assert_true (outbox_journal_load (window, NULL, NULL));
  g_assert_true (outbox_journal_load (cli, NULL, NULL));
  g_signal_connect (window, "changed", G_CALLBACK (count_changed), &changed);

  record_at (window, a, 1);
  save (window);
  record_at (cli, a, 2);
  record_at (cli, b, 3);
  save (cli);
  record_at (window, a, 4);
  changed = 0;
  save (window);

  file_a = minutes_in_file (id_a);
  file_b = minutes_in_file (id_b);
  g_assert_cmpstr (file_a, ==, "1 2 4");
  g_assert_cmpstr (file_b, ==, "3");
  /* The window shows outboxctl's tests once it has saved, and says so. */
  window_b = minutes_of (window, id_b);
  g_assert_cmpstr (window_b, ==, "3");
  g_assert_cmpuint (changed, >=, 1);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (outbox_journal_load_finish (OUTBOX_JOURNAL (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

/* A test recorded before the file was read (the window loads it in the
 * background) is kept, with what the file held. */
static void
test_record_before_load (void)
{
  g_autoptr(OutboxAccount) a = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465, OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxJournal) earlier = outbox_journal_new (NULL);
  g_autoptr(OutboxJournal) journal = outbox_journal_new (NULL);
  const char *id = outbox_account_get_id (a);
  g_autofree char *shown = NULL;
  g_autofree char *saved = NULL;
  gboolean loaded = FALSE;

  record_at (earlier, a, 1);
  save (earlier);

  record_at (journal, a, 2);
  outbox_journal_load_async (journal, NULL, loaded_cb, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  shown = minutes_of (journal, id);
  g_assert_cmpstr (shown, ==, "1 2");
  save (journal);
  saved = minutes_in_file (id);
  g_assert_cmpstr (saved, ==, "1 2");
}

/* Forgetting an account (the window deleted it) survives a save by another
 * process that never forgot it, and that process does not bring it back. */
static void
test_forget_kept (void)
{
  g_autoptr(OutboxAccount) a = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465, OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxAccount) b = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465, OUTBOX_AUTH_PASSWORD);
  g_autoptr(OutboxJournal) window = outbox_journal_new (NULL);
  g_autoptr(OutboxJournal) cli = outbox_journal_new (NULL);
  g_autofree char *text = NULL;

  record_at (window, a, 1);
  save (window);
  g_assert_true (outbox_journal_load (cli, NULL, NULL));
  g_assert_true (outbox_journal_forget (window, outbox_account_get_id (a)));
  save (window);
  record_at (cli, b, 2);
  save (cli);

  text = journal_text ();
  g_assert_null (strstr (text, outbox_account_get_id (a)));
  g_assert_nonnull (strstr (text, outbox_account_get_id (b)));
  {
    g_autoptr(GPtrArray) history = outbox_journal_get_history (cli, outbox_account_get_id (a));

    g_assert_cmpuint (history->len, ==, 0);
  }
}

/* Two journals on one file save from worker threads at the same time,
 * ten times each: every test is in the file (the lock beside it). */
static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (outbox_journal_save_finish (OUTBOX_JOURNAL (object), result, &error));
  g_assert_no_error (error);
  (*pending)--;
}

static void
test_concurrent_saves (void)
{
  g_autoptr(OutboxJournal) one = outbox_journal_new (NULL);
  g_autoptr(OutboxJournal) two = outbox_journal_new (NULL);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OutboxJournal) reread = outbox_journal_new (NULL);
  guint pending = 0;

  for (guint i = 0; i < 20; i++)
    {
      OutboxJournal *journal = i % 2 ? two : one;
      OutboxAccount *account = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465,
                                                      OUTBOX_AUTH_PASSWORD);

      g_ptr_array_add (accounts, account);
      record_at (journal, account, (int)i);
      outbox_journal_save_async (journal, NULL, saved_cb, &pending);
      pending++;
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (outbox_journal_load (reread, NULL, NULL));
  for (guint i = 0; i < accounts->len; i++)
    {
      g_autoptr(GPtrArray) history =
        outbox_journal_get_history (reread, outbox_account_get_id (g_ptr_array_index (accounts, i)));

      g_assert_cmpuint (history->len, ==, 1);
    }
}

/* A broken or hostile state file is ignored with a warning, never
 * crashes, and the accounts file is never touched. */
static void
test_hostile_file (void)
{
  g_autoptr(OutboxAccount) account = smtp_test_account_new (OUTBOX_SECURITY_TLS, 465,
                                                            OUTBOX_AUTH_PASSWORD);
  g_autofree char *accounts = g_build_filename (g_get_user_config_dir (), "outbox",
                                                "accounts.json", NULL);
  /* json-glib's parser recurses per level: this crashed the reader. */
  g_autofree char *open = g_strnfill (300000, '[');
  g_autofree char *close = g_strnfill (300000, ']');
  g_autofree char *deep = g_strdup_printf ("{\"version\": 1, \"accounts\": {\"a\": %s%s}}",
                                           open, close);
  const char *cases[] = {
    "not json at all {",
    "[1, 2, 3]",
    "{\"version\": 99, \"accounts\": {}}",
    deep,
    "{\"version\": 1, \"accounts\": []}",
    "{\"version\": 1, \"accounts\": {\"a\": 5, \"\": {}, \"b\": {\"history\": [1, \"x\", "
    "{\"time\": \"yesterday\", \"success\": true}, {\"time\": \"2026-01-01T00:00:00Z\", "
    "\"success\": \"yes\"}, {\"time\": \"2026-01-01T00:00:00Z\", \"success\": false, "
    "\"elapsed\": -5, \"size_limit\": 1e300, \"failed_step\": \"nowhere\", "
    "\"error\": \"\\u001b[2J\", \"summary\": \"\\u001b]0;owned\\u0007\"}], "
    "\"certificate\": {\"sha256\": \"zz\", \"subject\": 5}}}}",
  };
  g_autofree char *accounts_dir = g_path_get_dirname (accounts);

  g_assert_cmpint (g_mkdir_with_parents (accounts_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (accounts, "{\"version\": 1, \"accounts\": []}", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OutboxJournal) journal = outbox_journal_new (NULL);
      g_autoptr(GError) error = NULL;

      write_journal (cases[i], -1);
      /* A journal without accounts is only empty. */
      if (i < 4)
        g_test_expect_message ("outbox-journal", G_LOG_LEVEL_WARNING, "Ignoring the state file*");
      g_assert_true (outbox_journal_load (journal, NULL, &error));
      g_assert_no_error (error);
      g_test_assert_expected_messages ();
      if (i == 5)
        {
          g_autoptr(GPtrArray) history = outbox_journal_get_history (journal, "b");
          g_autoptr(GPtrArray) none = outbox_journal_get_history (journal, "a");

          /* Only the one valid entry, made harmless. */
          g_assert_cmpuint (history->len, ==, 1);
          g_assert_null (((OutboxHistoryEntry *)g_ptr_array_index (history, 0))->error_code);
          g_assert_null (strchr (((OutboxHistoryEntry *)g_ptr_array_index (history, 0))->summary, 0x1b));
          g_assert_null (outbox_journal_get_certificate (journal, "b"));
          g_assert_cmpuint (none->len, ==, 0);
        }
      {
        g_autoptr(OutboxTestReport) report = fake_report (account, TRUE);
        g_autoptr(GPtrArray) notices = outbox_journal_record (journal, account, report, NULL);
      }
      /* A save reads the file again (to keep what another process wrote)
       * and replaces what it cannot read. */
      if (i < 4)
        g_test_expect_message ("outbox-journal", G_LOG_LEVEL_WARNING, "Ignoring the state file*");
      g_assert_true (outbox_journal_save (journal, NULL, &error));
      g_assert_no_error (error);
      g_test_assert_expected_messages ();
    }

  /* A huge file is not read into memory. */
  {
    g_autofree char *big = g_malloc (9 * 1024 * 1024);
    g_autoptr(OutboxJournal) journal = outbox_journal_new (NULL);

    memset (big, ' ', 9 * 1024 * 1024);
    write_journal (big, 9 * 1024 * 1024);
    g_test_expect_message ("outbox-journal", G_LOG_LEVEL_WARNING, "Ignoring the state file*");
    g_assert_true (outbox_journal_load (journal, NULL, NULL));
    g_test_assert_expected_messages ();
  }

  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (accounts, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, "{\"version\": 1, \"accounts\": []}");
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Outbox/Journal/certificate-watch", test_certificate_watch);
  g_test_add_func ("/Outbox/Journal/certificate-rules", test_certificate_rules);
  g_test_add_func ("/Outbox/Journal/history-bounded", test_history_bounded);
  g_test_add_func ("/Outbox/Journal/relative-time", test_relative_time);
  g_test_add_func ("/Outbox/Journal/hostile-file", test_hostile_file);
  g_test_add_func ("/Outbox/Journal/two-writers", test_two_writers);
  g_test_add_func ("/Outbox/Journal/record-before-load", test_record_before_load);
  g_test_add_func ("/Outbox/Journal/forget-kept", test_forget_kept);
  g_test_add_func ("/Outbox/Journal/concurrent-saves", test_concurrent_saves);

  return g_test_run ();
}
