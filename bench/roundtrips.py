#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Round trips of one test-send: Outbox against msmtp, swaks and curl.

  roundtrips.py BUILDDIR [--runs N] [--delay MS] [--tools outbox,msmtp,...]

Run by `make bench` (inside build-aux/test-session). Everything listens on
127.0.0.1 only. Two servers, each behind bench/latency-proxy twice (DELAY ms
each way, and 0 ms):
  aiosmtpd   tests/smtp/smtp_server.py: PIPELINING, AUTH PLAIN LOGIN CRAM-MD5
  chunking   tests/smtp/fault_server.py chunking: PIPELINING, CHUNKING, AUTH
Three modes on each: STARTTLS + AUTH, implicit TLS + AUTH, plain without
AUTH. Every tool sends one small message per run; RUNS runs after one warm-up,
medians. A tool that fails a run (its exit status) is reported and its row
marked failed.

The estimated round trips are (median at DELAY - median at 0 ms) / RTT: the
tool's own start-up and CPU time cancel out. Passwords are never on a command
line: outboxctl reads it on stdin, msmtp through passwordeval from a 0600
file, swaks from a 0600 --config file, curl from a 0600 --netrc-file.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
SMTP_DIR = os.path.join(SOURCE, "tests", "smtp")
PYTHON = "/usr/bin/python3"
USER = "bench"
ADDRESS = "bench@example.test"
MODES = ("starttls", "tls", "plain")
MODE_TITLES = {"starttls": "STARTTLS + AUTH", "tls": "implicit TLS + AUTH",
               "plain": "plain, no AUTH"}
TOOLS = ("outbox", "msmtp", "swaks", "curl")

# The protocol's minimum, in round trips after the TCP connection is up
# (bench/README.md derives them); the second figure is with CHUNKING.
MINIMUM = {"starttls": (7.5, 6.5), "tls": (6.0, 5.0), "plain": (3.5, 2.5)}

MESSAGE = (
    "From: Bench <bench@example.test>\r\n"
    "To: bench@example.test\r\n"
    "Subject: Outbox bench message\r\n"
    "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"
    "Message-ID: <bench.{n}@example.test>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "A message sent by the Outbox round-trip benchmark.\r\n")


def start(argv, **kw):
    """Starts a helper that prints one JSON line when ready; stdin is a pipe
    so it ends with us."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, **kw)
    line = proc.stdout.readline()
    if not line:
        raise SystemExit(f"bench: {argv[1]} did not start")
    return proc, json.loads(line)


def private_file(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


class Bench:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.outboxctl = os.path.join(os.path.abspath(args.builddir), "src", "cli", "outboxctl")
        self.procs = []
        self.password = secrets.token_urlsafe(18)
        self.password_file = private_file(os.path.join(tmp, "password"), self.password + "\n")
        self.certs = os.path.join(tmp, "certs")
        subprocess.run([os.path.join(SMTP_DIR, "make-certs.sh"), self.certs], check=True,
                       stdout=subprocess.DEVNULL)
        self.ca = os.path.join(self.certs, "ca.pem")
        self.env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                        HOME=os.path.join(tmp, "home"))
        os.makedirs(self.env["HOME"], exist_ok=True)
        self.spool = os.path.join(tmp, "spool")
        self.message = os.path.join(tmp, "message.eml")
        with open(self.message, "w", newline="") as f:
            f.write(MESSAGE.format(n=0))
        self.targets = {}    # (server, mode) -> port of the server itself

    def start_servers(self):
        proc, ports = start([PYTHON, os.path.join(SMTP_DIR, "smtp_server.py"),
                             "--spool", self.spool, "--certs", self.certs,
                             "--user", USER, "--password-file", self.password_file])
        self.procs.append(proc)
        for mode in MODES:
            self.targets[("aiosmtpd", mode)] = ports[mode]
        fault = os.path.join(SMTP_DIR, "fault_server.py")
        proc, plain = start([PYTHON, fault, "chunking", "--certs", self.certs])
        self.procs.append(proc)
        proc, tls = start([PYTHON, fault, "chunking", "--certs", self.certs, "--implicit-tls"])
        self.procs.append(proc)
        self.targets[("chunking", "starttls")] = plain["port"]
        self.targets[("chunking", "plain")] = plain["port"]
        self.targets[("chunking", "tls")] = tls["port"]

        self.ports = {}      # (server, mode, delay) -> proxy port
        keys = sorted(self.targets)
        self.proxy_log = os.path.join(self.tmp, "proxy.log")
        for delay in (self.args.delay, 0.0):
            argv = [PYTHON, os.path.join(HERE, "latency-proxy"), "--delay", str(delay)]
            if delay:
                argv += ["--log", self.proxy_log]
            for k in keys:
                argv += ["--target", str(self.targets[k])]
            proc, info = start(argv)
            self.procs.append(proc)
            for k, port in zip(keys, info["ports"]):
                self.ports[k + (delay,)] = port

    def stop(self):
        for proc in self.procs:
            proc.stdin.close()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()

    # -- the four tools ------------------------------------------------------
    def account_name(self, server, mode, delay):
        return f"{server}-{mode}-{int(delay)}"

    def add_outbox_accounts(self):
        for (server, mode, delay), port in self.ports.items():
            argv = [self.outboxctl, "add", "--name", self.account_name(server, mode, delay),
                    "--sender-address", ADDRESS, "--host", "127.0.0.1", "--port", str(port),
                    "--security", "none" if mode == "plain" else mode, "--timeout", "30"]
            if mode == "plain":
                argv += ["--auth", "none"]
            else:
                argv += ["--username", USER, "--no-password"]
            subprocess.run(argv, env=self.env, check=True, stdout=subprocess.DEVNULL)

    def command(self, tool, server, mode, delay):
        """(argv, stdin bytes or None) for one send."""
        port = self.ports[(server, mode, delay)]
        auth = mode != "plain"
        if tool == "outbox":
            argv = [self.outboxctl, "test", self.account_name(server, mode, delay),
                    "--ca-file", self.ca]
            if auth:
                argv.append("--password-stdin")
            return argv, (self.password + "\n").encode() if auth else None
        if tool == "msmtp":
            conf = os.path.join(self.tmp, f"msmtp-{server}-{mode}-{int(delay)}")
            lines = ["defaults", f"tls_trust_file {self.ca}", "logfile -",
                     "account bench", "host 127.0.0.1", f"port {port}", f"from {ADDRESS}",
                     f"tls {'off' if mode == 'plain' else 'on'}",
                     f"tls_starttls {'on' if mode == 'starttls' else 'off'}",
                     f"auth {'on' if auth else 'off'}"]
            if auth:
                lines += [f"user {USER}", f"passwordeval cat {self.password_file}"]
            private_file(conf, "\n".join(lines) + "\n")
            return ["msmtp", "-C", conf, "-a", "bench", ADDRESS], None
        if tool == "swaks":
            conf = os.path.join(self.tmp, f"swaks-{server}-{mode}-{int(delay)}")
            lines = ["server 127.0.0.1", f"port {port}", f"from {ADDRESS}", f"to {ADDRESS}",
                     f"data {self.message}", "pipeline", "silent 2"]
            if mode != "plain":
                lines += ["tls-on-connect" if mode == "tls" else "tls", "tls-verify",
                          f"tls-ca-path {self.ca}"]
            if auth:
                lines += ["auth", f"auth-user {USER}", f"auth-password {self.password}"]
            private_file(conf, "\n".join(lines) + "\n")
            return ["swaks", "--config", conf], None
        if tool == "curl":
            netrc = private_file(os.path.join(self.tmp, "netrc"),
                                 f"machine 127.0.0.1 login {USER} password {self.password}\n")
            scheme = "smtps" if mode == "tls" else "smtp"
            argv = ["curl", "--silent", "--show-error", "--url", f"{scheme}://127.0.0.1:{port}",
                    "--mail-from", ADDRESS, "--mail-rcpt", ADDRESS,
                    "--upload-file", self.message, "--cacert", self.ca]
            if mode == "starttls":
                argv.append("--ssl-reqd")
            if auth:
                argv += ["--netrc-file", netrc]
            return argv, None
        raise ValueError(tool)

    def proxy_log_size(self):
        try:
            return os.path.getsize(self.proxy_log)
        except OSError:
            return 0

    def count_waits(self, offset):
        """Round trips the client waited for, from the proxy's log since
        @offset: every flight of server data that the client answered (or
        waited for before closing) is one; a greeting that the client only
        had to receive is half of one."""
        time.sleep(0.1)         # let the proxy log the last chunks
        conns = {}
        with open(self.proxy_log) as f:
            f.seek(offset)
            for line in f:
                e = json.loads(line)
                conns.setdefault(e["conn"], []).append(e)
        total = 0.0
        for events in conns.values():
            waits, pending = 0.0, False
            for i, e in enumerate(events):
                if e["dir"] == "s>c" and e["len"] > 0:
                    pending = True
                elif e["dir"] == "c>s" and pending:
                    waits += 1
                    pending = False
            if events and events[0]["dir"] == "s>c":
                waits -= 0.5
            total += waits
        return total

    def time_one(self, tool, server, mode, delay, waits=None):
        argv, stdin = self.command(tool, server, mode, delay)
        offset = self.proxy_log_size()
        t0 = time.monotonic()
        done = subprocess.run(argv, input=stdin, env=self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60)
        elapsed = time.monotonic() - t0
        if done.returncode != 0:
            sys.stderr.write(f"bench: {tool} {server} {mode} failed ({done.returncode}):\n"
                             + done.stdout.decode(errors="replace")[-800:]
                             + done.stderr.decode(errors="replace")[-800:])
            return None
        if waits is not None and delay:
            waits.append(self.count_waits(offset))
        return elapsed

    def measure(self, tools, server, mode, delay):
        """The median time of each tool, and at DELAY the median of the
        counted round trips. The tools take turns run by run, so that a
        machine that gets slower for a while slows them all alike."""
        times = {tool: [] for tool in tools}
        waits = {tool: [] for tool in tools}
        for i in range(self.args.runs + 1):
            for tool in tools:
                if times[tool] is None:
                    continue
                t = self.time_one(tool, server, mode, delay, waits[tool] if i > 0 else None)
                if t is None:
                    times[tool] = None
                elif i > 0:     # the first run warms caches up
                    times[tool].append(t)
        return {tool: (statistics.median(times[tool]) if times[tool] else None,
                       statistics.median(waits[tool]) if waits[tool] else None)
                for tool in tools}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("builddir")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--delay", type=float, default=25.0, help="one-way latency, ms")
    p.add_argument("--tools", default=",".join(TOOLS))
    p.add_argument("--servers", default="aiosmtpd,chunking")
    p.add_argument("--json", help="also write the results here")
    args = p.parse_args()
    tools = args.tools.split(",")
    missing = [t for t in tools if t != "outbox" and shutil.which(t) is None]
    if missing:
        raise SystemExit(f"bench: {', '.join(missing)} missing: run build-aux/install-deps --bench")

    rtt = 2 * args.delay / 1000.0
    servers = args.servers.split(",")
    results = {}
    with tempfile.TemporaryDirectory(prefix="outbox-bench-") as tmp:
        bench = Bench(args, tmp)
        try:
            bench.start_servers()
            bench.add_outbox_accounts()
            for server in servers:
                for mode in MODES:
                    slow_all = bench.measure(tools, server, mode, args.delay)
                    fast_all = bench.measure(tools, server, mode, 0.0)
                    for tool in tools:
                        (slow, counted), (fast, _) = slow_all[tool], fast_all[tool]
                        results[(server, mode, tool)] = (slow, fast, counted)
                        shown = "failed" if slow is None or fast is None else \
                            f"{slow * 1000:.0f} ms, {(slow - fast) / rtt:.1f} RTT, " \
                            f"{counted:g} counted"
                        print(f"  {server:9} {mode:9} {tool:7} {shown}", file=sys.stderr)
        finally:
            bench.stop()

    print(f"\nOne test-send through a {rtt * 1000:.0f} ms RTT ({args.delay:g} ms each way), "
          f"median of {args.runs} runs after a warm-up")
    print("est. RT = (median - median with no delay) / RTT; counted RT = the round trips "
          "the client waited for, from the proxy's log;\nratio = median time / Outbox's; "
          "minimum = the protocol's minimum in round trips (bench/README.md)\n")
    cols = ("server", "mode", "tool", "median", "no delay", "est. RT", "counted RT",
            "ratio", "minimum")
    widths = (9, 19, 6, 7, 8, 7, 10, 5, 7)
    print("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out = []
    for server in servers:
        for mode in MODES:
            base = results.get((server, mode, "outbox"), (None, None, None))[0]
            minimum = MINIMUM[mode][1 if server == "chunking" else 0]
            for tool in tools:
                slow, fast, counted = results[(server, mode, tool)]
                if slow is None or fast is None:
                    cells = (server, MODE_TITLES[mode], tool, "failed", "", "", "", "",
                             f"{minimum:g}")
                else:
                    cells = (server, MODE_TITLES[mode], tool, f"{slow * 1000:.0f} ms",
                             f"{fast * 1000:.0f} ms", f"{(slow - fast) / rtt:.1f}",
                             f"{counted:g}", f"{slow / base:.2f}" if base else "-",
                             f"{minimum:g}")
                    out.append({"server": server, "mode": mode, "tool": tool,
                                "median_s": slow, "median_no_delay_s": fast,
                                "estimated_round_trips": (slow - fast) / rtt,
                                "counted_round_trips": counted, "minimum": minimum})
                print("| " + " | ".join(c.rjust(w) if i >= 3 else c.ljust(w)
                                        for i, (c, w) in enumerate(zip(cells, widths))) + " |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
