#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted SMTP server that misbehaves on purpose, for Outbox's tests.

Run with /usr/bin/python3 (standard library only):

  fault_server.py SCENARIO [--certs DIR] [--cert KIND] [--implicit-tls] [--log FILE]
  fault_server.py --list

It listens on one ephemeral port on 127.0.0.1 (never any other address) and,
when ready, prints ONE line of JSON to stdout:
  {"port": N, "pid": N}
then serves any number of connections (each one runs the scenario from the
start) until SIGTERM/SIGINT, or until stdin reaches EOF when stdin is a pipe.

--certs DIR   certificates made by make-certs.sh; enables STARTTLS (offered in
              EHLO unless the scenario says otherwise) and implicit TLS.
--cert KIND   the certificate presented: server (default), wrong-name, expired,
              self-signed, unknown-root.
--implicit-tls  the port speaks TLS from the first byte (like 465); some
              scenarios (silent-tls-port) turn this on themselves.
--log FILE    JSON lines, one per event, flushed at once:
  {"time": <epoch seconds, float>, "conn": <1, 2, … per connection; 0 = server>,
   "event": "listen" | "accept" | "recv" | "send" | "tls-start" | "tls-done" |
            "tls-failed" | "discarded" | "message" | "eof" | "close" | "error",
   "tls": <bool, whether the connection was encrypted at that moment>,
   "text": <the bytes as UTF-8, invalid bytes replaced>,   (data events only)
   "base64": <the exact bytes>}                              (data events only)
  "recv" is one chunk exactly as one read() returned it, so commands that the
  client wrote at once (PIPELINING: MAIL, RCPT and DATA) arrive in one "recv".
  "discarded" holds input that was buffered when TLS started (it is dropped,
  as RFC 3207 requires). "message" holds a received message after
  dot-unstuffing. The log holds whatever the client sent, AUTH included:
  that is how a test proves that no credentials were sent.

Scenarios are rows of the SCENARIOS table below; `--list` prints them. A row
says what the greeting is, which EHLO keywords are offered before and after
TLS, how fast bytes are sent, and which commands get a different answer than
the default (which accepts everything: AUTH PLAIN/LOGIN/CRAM-MD5 with any
credentials, MAIL, RCPT, DATA, QUIT). To add a scenario, add a row.
"""

import argparse
import asyncio
import base64
import dataclasses
import json
import os
import re
import ssl
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import outbox_testserver as common  # noqa: E402

MAX_LINE = 1 << 20  # a longer command line is answered with 500 and dropped


# ---------------------------------------------------------------------------
# Actions: what the server does for the greeting or in answer to a command.
#   "text"          reply lines ("\n" separates lines; each is sent with CRLF,
#                   all of them in one write); "{n}" is the connection number
#   Close("text")   send that reply (if any), then close the connection
#   Raw(b"bytes")   send exactly these bytes (no CRLF added); close=True closes
#   SILENCE         never answer: read (and log) until the client goes
#   async f(conn, arg)  anything else; the default handler is not run
# For AUTH a text/Close/Raw action is the answer *after* the mechanism's
# exchange; for DATA it replaces the 354 (the message is then not read);
# MESSAGE is the answer after the end-of-data dot, or after BDAT ... LAST;
# for BDAT it is the answer to each chunk, after its bytes were read.
# ---------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Close:
    text: str = ""


@dataclasses.dataclass(frozen=True)
class Raw:
    data: bytes
    close: bool = False


class _Silence:
    def __repr__(self):
        return "SILENCE"


SILENCE = _Silence()

DEFAULT_CAPS = ("PIPELINING", "SIZE 10485760", "8BITMIME", "ENHANCEDSTATUSCODES",
                "SMTPUTF8", "AUTH PLAIN LOGIN")


@dataclasses.dataclass(frozen=True)
class Scenario:
    doc: str
    greeting: object = "220 localhost ESMTP Outbox fault server"
    caps: tuple = DEFAULT_CAPS          # EHLO keywords before TLS
    caps_tls: tuple = None              # after TLS; None: the same as caps
    offer_starttls: bool = True         # add STARTTLS before TLS when --certs is given
    replies: dict = dataclasses.field(default_factory=dict)  # VERB -> action
    drip: float = 0.0                   # seconds between two pieces sent
    drip_size: int = 1                  # bytes in each piece when dripping
    implicit_tls: bool = False          # TLS from the first byte (when --certs is given)
    line_end: bytes = b"\r\n"           # what ends each reply line


# -- custom actions ----------------------------------------------------------

async def endless_multiline(conn, arg):
    """Continuation lines ("250-…") forever, never a last line."""
    batch = b"".join(b"250-X%05d-this-reply-never-ends-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n" % i
                     for i in range(200))
    while not conn.closing():
        await conn.send_raw(batch)


async def endless_greeting(conn, arg):
    """A greeting of continuation lines ("220-…") forever."""
    batch = b"".join(b"220-greeting line %05d xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n" % i
                     for i in range(200))
    while not conn.closing():
        await conn.send_raw(batch)


async def huge_line(conn, arg):
    """One greeting line of 8 MiB with no CRLF, then silence."""
    await conn.send_raw(b"220 ")
    chunk = b"x" * 65536
    for _ in range(128):
        if conn.closing():
            return
        await conn.send_raw(chunk)
    await conn.silence()


async def starttls_injection(conn, arg):
    """The 220 to STARTTLS and a forged reply in one packet, then TLS: a
    client that reads the 250 after the handshake was fooled."""
    if conn.tls_context is None:
        await conn.reply("454 4.7.0 TLS not available (no --certs)")
        return
    conn.hold_input()
    await conn.send_raw(b"220 2.0.0 go ahead\r\n250 injected\r\n")
    await conn.start_tls()


async def starttls_refused(conn, arg):
    await conn.reply("454 4.7.0 TLS not available due to local problem")


async def refuse_auth(conn, arg):
    """AUTH refused whatever the mechanism, before any exchange."""
    await conn.reply("502 5.5.1 Error: authentication not enabled")


async def slow_greeting(conn, arg):
    """Holds each new connection 0.4 s before greeting, so that a client
    testing many accounts keeps several open at once (tests/test-test-batch.c
    counts them in the log)."""
    await asyncio.sleep(0.4)
    await conn.reply("220 localhost ESMTP Outbox fault server (slow)")


# -- helpers of the hostile-server scenarios (tests/test-hostile-server.c) -----

async def starttls_injection_late(conn, arg):
    """The 220 to STARTTLS, then 0.2 s later a forged reply in the clear,
    where the client's TLS handshake expects the server's first record."""
    await conn.send_raw(b"220 2.0.0 go ahead\r\n")
    await asyncio.sleep(0.2)
    await conn.send_raw(b"250 2.0.0 injected\r\n")
    await conn.silence()


async def unsolicited_late(conn, arg):
    """The greeting, then 0.3 s later a reply nobody asked for."""
    await conn.reply("220 localhost ESMTP Outbox fault server")
    await asyncio.sleep(0.3)
    await conn.reply("250 2.0.0 unsolicited")


async def stall_handshake(conn):
    """Reads the ClientHello, answers with the first 5 bytes of a 16 KB
    handshake record, and never sends the rest."""
    await conn.read_chunk()
    await conn.send_raw(b"\x16\x03\x03\x40\x00")
    await conn.silence()


async def stalled_tls_port(conn, arg):
    await stall_handshake(conn)


async def starttls_stall(conn, arg):
    await conn.reply("220 2.0.0 Ready to start TLS")
    await stall_handshake(conn)


def raw_after_tls(data, what):
    """EHLO answered normally before TLS; after TLS, @data goes straight
    onto the socket, outside the TLS layer."""
    async def action(conn, arg):
        if not conn.tls:
            await conn.cmd_EHLO(arg)
            return
        sock = conn.writer.get_extra_info("socket")
        os.write(sock.fileno(), data)
        conn.server.log.event(conn.n, "send", conn.tls, data, note=what)
        await conn.silence()
    return action


async def close_notify_after_tls(conn, arg):
    """After TLS, EHLO ends the TLS session (close_notify) and the connection."""
    if not conn.tls:
        await conn.cmd_EHLO(arg)
        return
    await conn.close()


async def slow_second_greeting(conn, arg):
    """The success flow after one second of silence (a slow server)."""
    await asyncio.sleep(1.0)
    await conn.reply("220 localhost ESMTP Outbox fault server (slow)")


async def huge_greeting_line(conn, arg):
    """One greeting line of 1.5 MB, with its CRLF."""
    await conn.send_raw(b"220 " + b"x" * (1536 * 1024) + b"\r\n")
    await conn.silence()


async def huge_greeting_lines(conn, arg):
    """1.5 MB of well-formed continuation lines, then a last line."""
    line = b"220-" + b"y" * 1020 + b"\r\n"
    await conn.send_raw(line * 1536 + b"220 end of a very long greeting\r\n")
    await conn.silence()


def auth_exchange(*challenges, outcome="235 2.7.0 Authentication successful", endless=None):
    """AUTH answered with these 334 challenges (exactly as given), reading
    the client's line after each; then @outcome, or @endless forever."""
    async def action(conn, arg):
        for challenge in challenges:
            await conn.reply(challenge)
            if await conn.read_line() is None:
                return
        while endless is not None and not conn.closing():
            await conn.reply(endless)
            if await conn.read_line() is None:
                return
        await conn.reply(outcome)
    return action


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


# ---------------------------------------------------------------------------

class Log:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8") if path else None

    def event(self, conn, event, tls=False, data=None, **extra):
        if self.file is None:
            return
        entry = {"time": time.time(), "conn": conn, "event": event, "tls": tls}
        if data is not None:
            entry["text"] = data.decode("utf-8", "replace")
            entry["base64"] = base64.b64encode(data).decode("ascii")
        entry.update(extra)
        self.file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.file.flush()


class Connection:
    def __init__(self, server, reader, writer, number):
        self.server = server
        self.scenario = server.scenario
        self.tls_context = server.tls_context
        self.reader = reader
        self.writer = writer
        self.n = number
        self.tls = server.implicit_tls
        self.buffer = b""
        self.eof = False
        self.close_logged = False
        self.size_limit = None

    # -- output -------------------------------------------------------------
    def closing(self):
        return self.writer.is_closing()

    async def send_raw(self, data):
        if self.closing():
            return
        self.server.log.event(self.n, "send", self.tls, data)
        try:
            if self.scenario.drip > 0:
                step = self.scenario.drip_size
                for i in range(0, len(data), step):
                    if self.closing():
                        return
                    self.writer.write(data[i:i + step])
                    await self.writer.drain()
                    await asyncio.sleep(self.scenario.drip)
            else:
                self.writer.write(data)
                await self.writer.drain()
        except (ConnectionError, OSError) as e:
            self.server.log.event(self.n, "error", self.tls, error=repr(e))
            self.writer.close()

    async def reply(self, text):
        """Sends reply lines ("\n" between them) with CRLF (or the
        scenario's line end), in one write."""
        end = self.scenario.line_end
        await self.send_raw(b"".join(line.encode() + end for line in text.split("\n")))

    async def act(self, action, arg=""):
        """Runs an action; returns False when the connection is done."""
        addr = arg[arg.find("<") + 1:arg.find(">")] if "<" in arg and ">" in arg else arg
        fmt = {"n": self.n, "arg": arg, "arg_addr": addr}
        if isinstance(action, str):
            await self.reply(action.format(**fmt))
        elif isinstance(action, Close):
            if action.text:
                await self.reply(action.text.format(**fmt))
            await self.close()
        elif isinstance(action, Raw):
            await self.send_raw(action.data)
            if action.close:
                await self.close()
        elif action is SILENCE:
            await self.silence()
        else:
            await action(self, arg)
        return not self.closing()

    async def close(self):
        # Logged once even when the transport is closing already (the client
        # hung up while a dripped reply was still being sent).
        if not self.close_logged:
            self.close_logged = True
            self.server.log.event(self.n, "close", self.tls)
        if not self.closing():
            self.writer.close()

    # -- input --------------------------------------------------------------
    async def read_chunk(self):
        try:
            data = await self.reader.read(65536)
        except (ConnectionError, OSError):
            data = b""
        if not data:
            if not self.eof:
                self.server.log.event(self.n, "eof", self.tls)
            self.eof = True
            return False
        self.server.log.event(self.n, "recv", self.tls, data)
        self.buffer += data
        return True

    async def read_line(self):
        """One line without its CRLF (a bare LF also ends it), or None at EOF."""
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0:
                line, self.buffer = self.buffer[:end + 1], self.buffer[end + 1:]
                return line.rstrip(b"\r\n")
            if len(self.buffer) > MAX_LINE:
                self.buffer = b""
                await self.reply("500 5.5.2 Line too long")
            if self.eof or not await self.read_chunk():
                return None

    async def silence(self):
        """Reads (and logs) everything until the client goes; never answers."""
        while not self.eof and not self.closing():
            await self.read_chunk()
        await self.close()

    def hold_input(self):
        """Leaves what arrives next in the socket, for start_tls(): a client
        may send its ClientHello as soon as it has the 220, before a dripped
        reply has finished, and bytes the plain reader took would be lost to
        TLS. start_tls() reads on again."""
        self.writer.transport.pause_reading()

    async def start_tls(self):
        if self.buffer:
            self.server.log.event(self.n, "discarded", self.tls, self.buffer)
            self.buffer = b""
        self.server.log.event(self.n, "tls-start", self.tls)
        try:
            await self.writer.start_tls(self.tls_context)
        except (ssl.SSLError, ConnectionError, OSError, asyncio.TimeoutError) as e:
            self.server.log.event(self.n, "tls-failed", False, error=repr(e))
            self.writer.close()
            return False
        self.tls = True
        ssl_object = self.writer.get_extra_info("ssl_object")
        self.server.log.event(self.n, "tls-done", True,
                              version=ssl_object.version() if ssl_object else None)
        return True

    # -- default command handlers ---------------------------------------------
    def offered_caps(self):
        if self.tls and self.scenario.caps_tls is not None:
            caps = list(self.scenario.caps_tls)
        else:
            caps = list(self.scenario.caps)
        if (not self.tls and self.tls_context is not None and self.scenario.offer_starttls):
            caps.append("STARTTLS")
        return caps

    async def cmd_EHLO(self, arg):
        caps = self.offered_caps()
        self.size_limit = None
        for c in caps:
            if c.upper().startswith("SIZE "):
                self.size_limit = int(c.split()[1])
        lines = ["localhost Hello " + arg] + caps
        await self.reply("\n".join(("250 " if i == len(lines) - 1 else "250-") + line
                                   for i, line in enumerate(lines)))

    async def cmd_HELO(self, arg):
        self.size_limit = None
        await self.reply("250 localhost")

    async def cmd_STARTTLS(self, arg):
        if self.tls or self.tls_context is None or not self.scenario.offer_starttls:
            await self.reply("502 5.5.1 Error: STARTTLS not available")
            return
        self.hold_input()
        await self.reply("220 2.0.0 Ready to start TLS")
        await self.start_tls()

    async def cmd_AUTH(self, arg):
        parts = arg.split()
        mech = parts[0].upper() if parts else ""
        steps = {"PLAIN": [""] if len(parts) < 2 else [],
                 "LOGIN": (["VXNlcm5hbWU6"] if len(parts) < 2 else []) + ["UGFzc3dvcmQ6"],
                 "CRAM-MD5": [base64.b64encode(b"<%d.%d@localhost>" % (os.getpid(), self.n)).decode()]}
        if mech not in steps:
            await self.reply("504 5.5.4 Unrecognized authentication type")
            return
        for challenge in steps[mech]:
            await self.reply("334 " + challenge)
            line = await self.read_line()
            if line is None:
                return
            if line == b"*":
                await self.reply("501 5.7.0 Authentication aborted")
                return
        await self.act(self.scenario.replies.get("AUTH", "235 2.7.0 Authentication successful"))

    async def cmd_MAIL(self, arg):
        m = re.search(r"\bSIZE=(\d+)", arg, re.I)
        if m and self.size_limit and int(m.group(1)) > self.size_limit:
            await self.reply("552 5.3.4 Message size exceeds fixed maximum message size")
            return
        await self.reply("250 2.1.0 Ok")

    async def cmd_RCPT(self, arg):
        await self.reply("250 2.1.5 Ok")

    async def cmd_DATA(self, arg):
        await self.reply("354 End data with <CR><LF>.<CR><LF>")
        lines = []
        while True:
            line = await self.read_line()
            if line is None:
                return
            if line == b".":
                break
            lines.append(line[1:] if line.startswith(b".") else line)
        message = b"".join(line + b"\r\n" for line in lines)
        self.server.log.event(self.n, "message", self.tls, message)
        if self.size_limit and len(message) > self.size_limit:
            await self.reply("552 5.3.4 Message size exceeds fixed maximum message size")
            return
        await self.act(self.scenario.replies.get("MESSAGE", "250 2.0.0 Ok: queued as {n}"))

    async def cmd_BDAT(self, arg):
        words = arg.split()
        if not words or not words[0].isdigit() or len(words) > 2 or (
                len(words) == 2 and words[1].upper() != "LAST"):
            await self.reply("501 5.5.4 Syntax: BDAT <size> [LAST]")
            return
        size = int(words[0])
        while len(self.buffer) < size:
            if self.eof or not await self.read_chunk():
                return
        chunk, self.buffer = self.buffer[:size], self.buffer[size:]
        if "BDAT" in self.scenario.replies:
            self.chunks = b""
            await self.act(self.scenario.replies["BDAT"])
            return
        self.chunks = getattr(self, "chunks", b"") + chunk
        if len(words) == 1:
            await self.reply(f"250 2.0.0 {size} octets received")
            return
        message, self.chunks = self.chunks, b""
        self.server.log.event(self.n, "message", self.tls, message)
        await self.act(self.scenario.replies.get("MESSAGE", "250 2.0.0 Ok: queued as {n}"))

    async def cmd_RSET(self, arg):
        await self.reply("250 2.0.0 Ok")

    async def cmd_NOOP(self, arg):
        await self.reply("250 2.0.0 Ok")

    async def cmd_QUIT(self, arg):
        await self.reply("221 2.0.0 Bye")
        await self.close()

    # -- the session ----------------------------------------------------------
    async def run(self):
        if not await self.act(self.scenario.greeting):
            return
        while not self.closing():
            raw = await self.read_line()
            if raw is None:
                break
            line = raw.decode("utf-8", "replace")
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            action = self.scenario.replies.get(verb)
            # A plain answer for AUTH is the outcome after the exchange (cmd_AUTH).
            if action is not None and (verb not in ("AUTH", "BDAT") or callable(action)):
                await self.act(action, arg)
                continue
            handler = getattr(self, "cmd_" + verb, None) if verb.isalpha() else None
            if handler is None:
                await self.reply("502 5.5.2 Error: command not recognized")
                continue
            await handler(arg)
        await self.close()


class Server:
    def __init__(self, scenario, tls_context, implicit_tls, log):
        self.scenario = scenario
        self.tls_context = tls_context
        self.implicit_tls = implicit_tls
        self.log = log
        self.count = 0

    async def handle(self, reader, writer):
        self.count += 1
        n = self.count
        self.log.event(n, "accept", self.implicit_tls, peer=list(writer.get_extra_info("peername")))
        conn = Connection(self, reader, writer, n)
        try:
            await conn.run()
        except (ConnectionError, OSError) as e:
            self.log.event(n, "error", conn.tls, error=repr(e))
            writer.close()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("scenario", nargs="?", help="a name from --list")
    p.add_argument("--list", action="store_true", help="print the scenarios and exit")
    p.add_argument("--certs", help="directory made by make-certs.sh (enables TLS)")
    p.add_argument("--cert", default="server", choices=common.CERT_KINDS)
    p.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte")
    p.add_argument("--log", help="JSON-lines log of every event")
    args = p.parse_args()
    if args.list:
        for name, s in SCENARIOS.items():
            print(f"{name:20} {s.doc}")
        sys.exit(0)
    if args.scenario not in SCENARIOS:
        p.error(f"unknown scenario {args.scenario!r}; see --list")
    return args


async def main():
    args = parse_args()
    scenario = SCENARIOS[args.scenario]
    tls_context = common.server_tls_context(args.certs, args.cert) if args.certs else None
    implicit = tls_context is not None and (args.implicit_tls or scenario.implicit_tls)
    if args.implicit_tls and tls_context is None:
        raise SystemExit("--implicit-tls needs --certs")
    if scenario.implicit_tls and tls_context is None:
        # Without certificates the closest thing to an unanswered TLS port.
        scenario = dataclasses.replace(scenario, greeting=SILENCE)
    log = Log(args.log)
    server = Server(scenario, tls_context, implicit, log)

    loop = asyncio.get_running_loop()
    loop.set_exception_handler(
        lambda _loop, ctx: log.event(0, "error", message=str(ctx.get("message")),
                                     error=repr(ctx.get("exception"))))

    listener = await asyncio.start_server(server.handle, host=common.LOOPBACK, port=0,
                                          ssl=tls_context if implicit else None)
    port = listener.sockets[0].getsockname()[1]
    log.event(0, "listen", implicit, port=port, scenario=args.scenario)
    common.announce({"port": port, "pid": os.getpid()})

    await common.wait_for_stop()
    listener.close()


if __name__ == "__main__":
    asyncio.run(main())
