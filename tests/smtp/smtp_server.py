#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A working SMTP server for Outbox's tests, on Debian's aiosmtpd 1.4.

Run with /usr/bin/python3 (Debian's python3-aiosmtpd, nothing from PyPI):

  smtp_server.py --spool DIR --certs DIR [--cert KIND]
                 [--user NAME --password-file FILE] [--require-auth]
                 [--plain-auth] [--size N] [--no-pipelining] [--no-smtputf8]

It listens on three ephemeral ports on 127.0.0.1 (never any other address):
  plain     no STARTTLS; AUTH not offered (unless --plain-auth)
  starttls  offers STARTTLS; AUTH offered and accepted only after TLS
  tls       implicit TLS from the first byte; AUTH offered
and, when all three listen, prints ONE line of JSON to stdout:
  {"plain": P1, "starttls": P2, "tls": P3, "pid": N}
then serves until SIGTERM/SIGINT, or until stdin reaches EOF when stdin is a
pipe (so a test that dies takes its server with it).

TLS presents CERTS/KIND.pem + KIND-key.pem as made by make-certs.sh; KIND is
server (default), wrong-name, expired, self-signed or unknown-root.

AUTH: PLAIN, LOGIN and CRAM-MD5 with one test user. The password is read from
--password-file (trailing newline dropped), never from the command line. With
no --user every AUTH fails with 535. --require-auth: MAIL needs AUTH first (530).

EHLO offers SIZE N (default 33554432; --size 0 offers none), 8BITMIME,
SMTPUTF8 (unless --no-smtputf8) and PIPELINING (unless --no-pipelining).

Each accepted message is spooled as DIR/NNN.eml (the message bytes exactly
as received, after the end-of-data dot and dot-stuffing are removed, CRLF
line ends kept) and DIR/NNN.json:
  {"mail_from": "...", "rcpt_tos": ["..."], "mail_options": ["..."],
   "auth_mechanism": "PLAIN" | "LOGIN" | "CRAM-MD5" | null,
   "login": "name" | null, "tls": bool, "tls_version": "TLSv1.3" | null,
   "port": "plain" | "starttls" | "tls", "helo": "<EHLO/HELO argument>"}
NNN counts up from 001 (after any messages already in DIR). NNN.json is
renamed into place before NNN.eml, so a listed .eml always has its .json.
Nothing is logged; the password never reaches stdout, stderr or the spool.
"""

import argparse
import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import sys
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import outbox_testserver as common  # noqa: E402

DEFAULT_SIZE = 33554432


class _Login:
    """auth_data for a mechanism that proves a password without sending it."""
    def __init__(self, login):
        self.login = login


def _text(value):
    """bytes/str (possibly with surrogate escapes) to clean Unicode for JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogateescape")
    return value.decode("utf-8", "replace")


class Spool:
    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        numbers = [int(m.group(1)) for m in
                   (re.fullmatch(r"(\d+)\.eml", f) for f in os.listdir(directory)) if m]
        self.next = max(numbers, default=0) + 1

    def store(self, content, meta):
        n = self.next
        self.next += 1
        base = os.path.join(self.directory, f"{n:03d}")
        for ext, data in ((".json", json.dumps(meta, ensure_ascii=False, indent=1).encode()),
                          (".eml", content)):
            with open(base + ext + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + ext + ".tmp", base + ext)
        return n


class Handler:
    """aiosmtpd handler for one listening port."""

    def __init__(self, port_kind, spool, user, password, pipelining):
        self.port_kind = port_kind
        self.spool = spool
        self.user = user
        self.password = password
        self.pipelining = pipelining

    # -- authentication ---------------------------------------------------
    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (self.user is not None
              and hmac.compare_digest(auth_data.login, self.user)
              and hmac.compare_digest(auth_data.password, self.password))
        if not ok:
            return AuthResult(success=False, handled=False)
        session.outbox_mechanism = mechanism
        return AuthResult(success=True, auth_data=_Login(auth_data.login))

    async def auth_CRAM__MD5(self, server, args):
        """CRAM-MD5 (RFC 2195): the aiosmtpd name for this method is CRAM-MD5."""
        if len(args) != 1:
            await server.push("501 5.5.4 CRAM-MD5 takes no initial response")
            return AuthResult(success=False, handled=True)
        challenge = f"<{secrets.randbelow(10**10)}.{int(time.time())}@localhost>".encode()
        response = await server.challenge_auth(challenge)
        if not isinstance(response, bytes):   # "*" or bad base64, already answered
            return AuthResult(success=False, handled=True)
        login, _, digest = response.rpartition(b" ")
        if self.user is None or not login:
            return AuthResult(success=False, handled=False)
        expected = hmac.new(self.password, challenge, hashlib.md5).hexdigest().encode()
        if not (hmac.compare_digest(login, self.user)
                and hmac.compare_digest(digest.lower(), expected)):
            return AuthResult(success=False, handled=False)
        server.session.outbox_mechanism = "CRAM-MD5"
        return AuthResult(success=True, auth_data=_Login(login))

    # -- hooks ------------------------------------------------------------
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_DATA(self, server, session, envelope):
        ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
        authenticated = bool(getattr(session, "authenticated", False))
        meta = {
            "mail_from": _text(envelope.mail_from),
            "rcpt_tos": [_text(r) for r in envelope.rcpt_tos],
            "mail_options": [_text(o) for o in envelope.mail_options],
            "auth_mechanism": getattr(session, "outbox_mechanism", None) if authenticated else None,
            "login": _text(session.login_data) if authenticated else None,
            "tls": ssl_object is not None,
            "tls_version": ssl_object.version() if ssl_object is not None else None,
            "port": self.port_kind,
            "helo": _text(session.host_name),
        }
        n = self.spool.store(bytes(envelope.original_content), meta)
        return f"250 2.0.0 Ok: queued as {n:03d}"


def read_password(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.endswith(b"\r\n"):
        return data[:-2]
    if data.endswith(b"\n"):
        return data[:-1]
    return data


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--spool", required=True, help="directory for NNN.eml + NNN.json")
    p.add_argument("--certs", required=True, help="directory made by make-certs.sh")
    p.add_argument("--cert", default="server", choices=common.CERT_KINDS,
                   help="which certificate the TLS ports present")
    p.add_argument("--user", help="the one login AUTH accepts")
    p.add_argument("--password-file", help="file holding that login's password")
    p.add_argument("--require-auth", action="store_true", help="MAIL needs AUTH first")
    p.add_argument("--plain-auth", action="store_true",
                   help="offer and accept AUTH on the plain port too")
    p.add_argument("--size", type=int, default=DEFAULT_SIZE,
                   help="SIZE limit in bytes (0: no limit, none advertised)")
    p.add_argument("--no-pipelining", action="store_true", help="do not offer PIPELINING")
    p.add_argument("--no-smtputf8", action="store_true", help="do not offer SMTPUTF8")
    args = p.parse_args()
    if (args.user is None) != (args.password_file is None):
        p.error("--user and --password-file go together")
    return args


async def main():
    args = parse_args()
    # aiosmtpd logs client lines (AUTH included) at INFO and warns when AUTH is
    # allowed without STARTTLS, which is intended on the implicit-TLS port.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

    user = args.user.encode() if args.user is not None else None
    password = read_password(args.password_file) if args.password_file else b""
    spool = Spool(args.spool)
    tls_context = common.server_tls_context(args.certs, args.cert)
    loop = asyncio.get_running_loop()

    def factory(kind):
        handler = Handler(kind, spool, user, password, not args.no_pipelining)
        return lambda: SMTP(
            handler,
            hostname="localhost",
            ident="Outbox test server",
            data_size_limit=args.size or None,
            enable_SMTPUTF8=not args.no_smtputf8,
            tls_context=tls_context if kind == "starttls" else None,
            auth_require_tls=not (kind == "tls" or (kind == "plain" and args.plain_auth)),
            auth_required=args.require_auth,
            authenticator=handler.authenticate,
            loop=loop,
        )

    servers = {}
    for kind in ("plain", "starttls", "tls"):
        servers[kind] = await loop.create_server(
            factory(kind), host=common.LOOPBACK, port=0,
            ssl=tls_context if kind == "tls" else None)

    ready = {kind: s.sockets[0].getsockname()[1] for kind, s in servers.items()}
    ready["pid"] = os.getpid()
    common.announce(ready)

    await common.wait_for_stop()
    for s in servers.values():
        s.close()


if __name__ == "__main__":
    asyncio.run(main())
