#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The scenarios of fault_server.py, one row each: `fault_server.py --list`
prints them. To add a scenario, add a row."""

from fault_actions import (  # noqa: E402
    Close, DEFAULT_CAPS, Raw, SILENCE, Scenario, auth_exchange, close_notify_after_tls,
    endless_greeting, endless_multiline, huge_greeting_line, huge_greeting_lines,
    huge_line, raw_after_tls, refuse_auth, slow_greeting, slow_second_greeting,
    stalled_tls_port, starttls_injection, starttls_injection_late, starttls_refused,
    starttls_stall, unsolicited_late,
)


# -- the table ---------------------------------------------------------------

SCENARIOS = {
    "success": Scenario(
        "Accepts everything: AUTH PLAIN/LOGIN/CRAM-MD5 with any credentials, "
        "STARTTLS with --certs, PIPELINING, SIZE 10485760."),
    "pipelining": Scenario(
        "Like success, offers PIPELINING; the log shows how commands arrived."),
    "no-pipelining": Scenario(
        "Like success without PIPELINING in EHLO.",
        caps=tuple(c for c in DEFAULT_CAPS if c != "PIPELINING")),
    "no-greeting": Scenario(
        "Accepts the connection and never says anything.",
        greeting=SILENCE),
    "silent-tls-port": Scenario(
        "An implicit-TLS port (with --certs; silent without): waits for a TLS "
        "ClientHello, so a client expecting a greeting hears nothing.",
        implicit_tls=True, greeting="220 localhost ESMTP Outbox fault server (TLS)"),
    "plain-greeting": Scenario(
        "A plain SMTP port: sends a plain 220 greeting at once, where a client "
        "using implicit TLS expects a TLS handshake."),
    "greeting-421": Scenario(
        "Greets with 421 and closes.",
        greeting=Close("421 4.3.2 Service not available, closing transmission channel")),
    "auth-535": Scenario(
        "Rejects every login with 535 5.7.8.",
        replies={"AUTH": "535 5.7.8 Error: authentication failed: Invalid user or password"}),
    "relay-denied": Scenario(
        "Refuses every recipient with 554 5.7.1 Relay access denied.",
        replies={"RCPT": "554 5.7.1 <{arg_addr}>: Relay access denied"}),
    "unknown-user": Scenario(
        "Refuses every recipient with 550 5.1.1 (no such user).",
        replies={"RCPT": "550 5.1.1 <{arg_addr}>: Recipient address rejected: "
                         "User unknown in local recipient table"}),
    "too-large-552": Scenario(
        "Takes the message, then refuses it with 552 5.3.4 after the final dot.",
        replies={"MESSAGE": "552 5.3.4 Message size exceeds fixed limit"}),
    "size-limit": Scenario(
        "EHLO advertises SIZE 100; MAIL with a larger SIZE= and a larger "
        "message get 552 5.3.4.",
        caps=("PIPELINING", "SIZE 100", "8BITMIME", "ENHANCEDSTATUSCODES", "AUTH PLAIN LOGIN")),
    "no-starttls": Scenario(
        "EHLO never offers STARTTLS; STARTTLS is answered 502.",
        offer_starttls=False,
        replies={"STARTTLS": "502 5.5.1 Error: command not implemented"}),
    "starttls-454": Scenario(
        "Offers STARTTLS, then refuses it with 454.",
        replies={"STARTTLS": starttls_refused}),
    "starttls-injection": Scenario(
        "Answers STARTTLS with \"220 go ahead\\r\\n250 injected\\r\\n\" in one "
        "packet, then starts TLS.",
        replies={"STARTTLS": starttls_injection}),
    "no-auth": Scenario(
        "EHLO offers no AUTH (before or after TLS); AUTH is answered 502.",
        caps=("PIPELINING", "SIZE 10485760", "8BITMIME", "ENHANCEDSTATUSCODES"),
        replies={"AUTH": refuse_auth}),
    "close-mid-reply": Scenario(
        "Closes the connection in the middle of the multi-line EHLO reply.",
        replies={"EHLO": Raw(b"250-localhost Hello\r\n250-PIPELI", close=True),
                 "HELO": Raw(b"250 local", close=True)}),
    "endless-multiline": Scenario(
        "Answers EHLO with \"250-\" continuation lines forever.",
        replies={"EHLO": endless_multiline}),
    "endless-greeting": Scenario(
        "Greets with \"220-\" continuation lines forever.",
        greeting=endless_greeting),
    "huge-line": Scenario(
        "Greets with one line of 8 MiB without CRLF, then says nothing.",
        greeting=huge_line),
    "drip": Scenario(
        "The success flow, every byte sent one second after the previous one.",
        drip=1.0),
    "helo-only": Scenario(
        "Answers EHLO with 500 and accepts HELO (no extensions at all).",
        replies={"EHLO": "500 5.5.1 Error: command not recognized"}),

    # -- hostile servers: the cases of tests/test-hostile-server.c ------------
    "starttls-502": Scenario(
        "Offers STARTTLS, then answers it with 502.",
        replies={"STARTTLS": "502 5.5.1 Error: command not implemented"}),
    "starttls-stripped-auth": Scenario(
        "A stripped EHLO: no STARTTLS, AUTH PLAIN LOGIN offered (and accepted) in the clear.",
        offer_starttls=False),
    "starttls-injection-late": Scenario(
        "Answers STARTTLS with 220, then 0.2 s later a forged \"250\" in the clear "
        "where the TLS handshake should be.",
        replies={"STARTTLS": starttls_injection_late}),
    "auth-before-tls-only": Scenario(
        "AUTH PLAIN LOGIN offered before TLS only; none after it.",
        caps_tls=("PIPELINING", "SIZE 10485760", "8BITMIME", "ENHANCEDSTATUSCODES")),
    "auth-mechanisms-change": Scenario(
        "AUTH CRAM-MD5 PLAIN LOGIN before TLS, only AUTH LOGIN after it.",
        caps=("PIPELINING", "SIZE 10485760", "AUTH CRAM-MD5 PLAIN LOGIN"),
        caps_tls=("PIPELINING", "SIZE 10485760", "AUTH LOGIN")),
    "unsolicited-greeting": Scenario(
        "The greeting and a reply nobody asked for, in one packet.",
        greeting=Raw(b"220 localhost ESMTP\r\n250 2.0.0 unsolicited\r\n")),
    "unsolicited-late": Scenario(
        "The greeting, then 0.3 s later a reply nobody asked for.",
        greeting=unsolicited_late),
    "unsolicited-after-auth": Scenario(
        "AUTH succeeds, with a reply nobody asked for in the same packet.",
        replies={"AUTH": "235 2.7.0 Authentication successful\n250 2.0.0 unsolicited"}),
    "fragmented": Scenario(
        "The success flow, every reply cut into 2-byte packets.",
        drip=0.001, drip_size=2),
    "fragmented-bytes": Scenario(
        "The success flow, every reply sent one byte per packet (CR and LF apart).",
        drip=0.0002, drip_size=1),
    "bare-lf": Scenario(
        "The success flow with every reply line ended by LF alone.",
        line_end=b"\n"),
    "bare-lf-multiline": Scenario(
        "An EHLO reply whose lines end in LF alone, then CRLF.",
        replies={"EHLO": Raw(b"250-localhost Hello\n250-SIZE 10485760\n250-AUTH PLAIN\n"
                             b"250 8BITMIME\r\n")}),
    "code-2x5": Scenario(
        "Greets with the reply code \"2x5\".",
        greeting="2x5 localhost ESMTP"),
    "code-999": Scenario(
        "Answers EHLO with the reply code 999.",
        replies={"EHLO": "999 localhost Hello"}),
    "code-letters-auth": Scenario(
        "Ends the AUTH exchange with \"2a5\".",
        replies={"AUTH": "2a5 2.7.0 Authentication successful"}),
    "code-four-digits": Scenario(
        "Answers MAIL with \"2500 Ok\".",
        replies={"MAIL": "2500 2.1.0 Ok"}),
    "code-1xx-data": Scenario(
        "Answers DATA with \"154\" instead of 354.",
        replies={"DATA": "154 End data with <CR><LF>.<CR><LF>"}),
    "mismatched-greeting": Scenario(
        "A greeting whose lines carry 220 and 221.",
        greeting=Raw(b"220-localhost ESMTP\r\n221 2.0.0 Bye\r\n")),
    "mixed-codes-ehlo": Scenario(
        "An EHLO reply whose lines carry 250 and 251.",
        replies={"EHLO": Raw(b"250-localhost\r\n251 PIPELINING\r\n")}),
    "ehlo-empty-lines": Scenario(
        "An EHLO reply with empty lines (\"250-\" and \"250\" alone) around its keywords.",
        replies={"EHLO": Raw(b"250-localhost Hello\r\n250-\r\n250-AUTH PLAIN\r\n250-SIZE\r\n"
                             b"250-SIZE=\r\n250-AUTH\r\n250\r\n")}),
    "mismatched-auth": Scenario(
        "Ends the AUTH exchange with \"235-\" then \"535\".",
        replies={"AUTH": "235-2.7.0 Authentication successful\n535 5.7.8 Rejected"}),
    "nul-in-reply": Scenario(
        "Answers MAIL with a line holding a NUL byte.",
        replies={"MAIL": Raw(b"250 2.1.0 Ok\x00 RCPT TO:<x@example.test>\r\n")}),
    "hostile-greeting-text": Scenario(
        "A greeting with invalid UTF-8 and terminal escape sequences; the rest succeeds.",
        greeting=Raw(b"220 localhost \xff\xfe\xc0\xaf \x1b[2J\x1b]0;owned\x07 ESMTP\r\n")),
    "huge-greeting": Scenario(
        "Greets with one line of 1.5 MB (with its CRLF).",
        greeting=huge_greeting_line),
    "huge-greeting-lines": Scenario(
        "Greets with 1.5 MB of continuation lines, then a last line.",
        greeting=huge_greeting_lines),
    "close-after-first-byte": Scenario(
        "Sends the first byte of the greeting and closes (on every connection).",
        greeting=Raw(b"2", close=True)),
    "tls-port-stall": Scenario(
        "Stands for an implicit-TLS port (plain listener): reads the ClientHello, sends "
        "5 bytes of a handshake record and stalls.",
        greeting=stalled_tls_port),
    "starttls-stall": Scenario(
        "Agrees to STARTTLS, reads the ClientHello, sends 5 bytes of a handshake "
        "record and stalls.",
        replies={"STARTTLS": starttls_stall}),
    "tls-alert-mid-session": Scenario(
        "After TLS, answers EHLO with a fatal TLS alert written outside the TLS layer.",
        replies={"EHLO": raw_after_tls(b"\x15\x03\x03\x00\x02\x02\x28", "alert")}),
    "tls-plaintext-mid-session": Scenario(
        "After TLS, answers EHLO in the clear, outside the TLS layer.",
        replies={"EHLO": raw_after_tls(b"250 2.0.0 plain text after TLS\r\n", "plaintext")}),
    "tls-close-mid-session": Scenario(
        "After TLS, answers EHLO by ending TLS (close_notify) and the connection.",
        replies={"EHLO": close_notify_after_tls}),
    "auth-login-not-base64": Scenario(
        "AUTH LOGIN only; its challenges are plain text, not base64.",
        caps=("PIPELINING", "AUTH LOGIN"),
        replies={"AUTH": auth_exchange("334 Username:", "334 Password:")}),
    "cram-md5-empty-challenge": Scenario(
        "AUTH CRAM-MD5 only, with an empty challenge.",
        caps=("PIPELINING", "AUTH CRAM-MD5"),
        replies={"AUTH": auth_exchange("334 ")}),
    "cram-md5-not-base64": Scenario(
        "AUTH CRAM-MD5 only; the challenge is sent raw, not in base64.",
        caps=("PIPELINING", "AUTH CRAM-MD5"),
        replies={"AUTH": auth_exchange("334 <1896.697170952@postoffice.example.test>")}),
    "auth-endless-334": Scenario(
        "AUTH LOGIN only; after the password, more 334 challenges forever.",
        caps=("PIPELINING", "AUTH LOGIN"),
        replies={"AUTH": auth_exchange("334 VXNlcm5hbWU6", endless="334 UGFzc3dvcmQ6")}),
    "no-354": Scenario(
        "Accepts MAIL and RCPT, never answers DATA.",
        replies={"DATA": SILENCE}),
    "no-final-250": Scenario(
        "Reads the whole message, never answers the final dot.",
        replies={"MESSAGE": SILENCE}),
    # -- CHUNKING (RFC 3030): BDAT is taken whenever it comes --------------
    "chunking": Scenario(
        "Like success, and offers CHUNKING: BDAT n [LAST] (the message is logged "
        "after LAST).",
        caps=DEFAULT_CAPS + ("CHUNKING",)),
    "chunking-no-pipelining": Scenario(
        "CHUNKING without PIPELINING.",
        caps=tuple(c for c in DEFAULT_CAPS if c != "PIPELINING") + ("CHUNKING",)),
    "chunking-unknown-user": Scenario(
        "CHUNKING; every recipient refused with 550 5.1.1, so BDAT gets 554 5.5.1.",
        caps=DEFAULT_CAPS + ("CHUNKING",),
        replies={"RCPT": "550 5.1.1 <{arg_addr}>: Recipient address rejected: User unknown",
                 "BDAT": "554 5.5.1 Error: no valid recipients"}),
    "unknown-user-pipelined": Scenario(
        "PIPELINING; every recipient refused with 550 5.1.1, so DATA gets 554 5.5.1.",
        replies={"RCPT": "550 5.1.1 <{arg_addr}>: Recipient address rejected: User unknown",
                 "DATA": "554 5.5.1 Error: no valid recipients"}),
    "slow": Scenario(
        "The success flow, greeting after one second (for the concurrency bench).",
        greeting=slow_second_greeting),
    "slow-greeting": Scenario(
        "Like success, but greets only 0.4 s after accepting the connection.",
        greeting=slow_greeting),
    "quit-hangs": Scenario(
        "Accepts the message, never answers QUIT nor closes.",
        replies={"QUIT": SILENCE}),
}
