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

Scenarios are rows of the SCENARIOS table in fault_scenarios.py (their
actions in fault_actions.py); `--list` prints them. A row
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
# Scenario and SCENARIOS are also what session_scenarios.py extends.
from fault_actions import SILENCE, Close, Raw, Scenario  # noqa: E402,F401
from fault_scenarios import SCENARIOS  # noqa: E402

MAX_LINE = 1 << 20  # a longer command line is answered with 500 and dropped


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
