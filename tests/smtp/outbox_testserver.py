# SPDX-License-Identifier: GPL-3.0-or-later
"""What the two Outbox test servers share: TLS contexts from the test
certificates, the ready line, and running until SIGTERM or stdin EOF.

Only the standard library; run with /usr/bin/python3.
"""

import asyncio
import json
import os
import signal
import ssl
import stat
import sys

LOOPBACK = "127.0.0.1"

CERT_KINDS = ("server", "wrong-name", "expired", "self-signed", "unknown-root", "renewed",
              "other-issuer", "expiring")


def server_tls_context(certs_dir, kind="server"):
    """A server-side context presenting certs_dir/KIND.pem (leaf first, then
    any chain) with KIND-key.pem."""
    if kind not in CERT_KINDS:
        raise SystemExit(f"unknown certificate kind {kind!r}; one of {', '.join(CERT_KINDS)}")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(certs_dir, f"{kind}.pem"),
                        os.path.join(certs_dir, f"{kind}-key.pem"))
    return ctx


def announce(obj):
    """Prints the one ready line the fixtures wait for."""
    sys.stdout.write(json.dumps(obj, separators=(", ", ": ")) + "\n")
    sys.stdout.flush()


def _stdin_is_a_lifeline():
    """stdin EOF ends the server only when stdin is a pipe, socket or
    terminal: a parent that dies closes the pipe, while </dev/null (always
    at EOF) must not stop a server started by hand."""
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(0)


async def wait_for_stop():
    """Returns on SIGTERM, SIGINT or (see above) stdin EOF."""
    loop = asyncio.get_running_loop()
    stop = loop.create_future()

    def request_stop(*_):
        if not stop.done():
            stop.set_result(None)

    loop.add_signal_handler(signal.SIGTERM, request_stop)
    loop.add_signal_handler(signal.SIGINT, request_stop)

    if _stdin_is_a_lifeline():
        def on_stdin():
            try:
                data = os.read(0, 4096)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(0)
                request_stop()
        loop.add_reader(0, on_stdin)

    await stop
