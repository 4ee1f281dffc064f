#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The actions of fault_server.py's scenarios and the Scenario row itself;
the table of scenarios is fault_scenarios.py."""

import asyncio
import dataclasses
import os


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
