#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Concurrency and main-loop stalls: 50 tests of servers that take a second.

  concurrency.py BUILDDIR [--runs N] [--tests N]

Run by `make bench`. A scripted server (tests/smtp/fault_server.py slow, on
127.0.0.1 only) greets each connection after one second, then takes the
message; in each security mode BUILDDIR/bench/bench-concurrency runs one
test alone, then TESTS (50) at once in one main loop, with a 2 ms timer
noting the longest stall of that loop. It prints, per mode: the time of one
test, of all of them, their ratio (about 1 when the tests overlap, TESTS
when they run one after the other), and the longest stall with 1 and with
TESTS tests (a stall over 16 ms is a lost frame in a window).

Then the same TESTS accounts as one OutboxTestBatch, the object the
window's "Test all" runs (issue 8, items 3 and 4), with its default limits:
once with each account on a server of its own (a port of bench/latency-proxy,
no delay, in front of the slow server), once with the accounts spread over
three such servers (as when many accounts are at one provider).

The TLS modes run twice: trusting only the test CA, and trusting a
system-sized store (the system's authorities, /etc/ssl/certs/
ca-certificates.crt, plus the test CA), which is what a real test pays: with
glib-networking 2.74 every TLS connection parses the whole store again
(docs/smtp-session.md). "TLS setup" is bench-concurrency's own measure of
that work, CPU per connection.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SMTP_DIR = os.path.join(os.path.dirname(HERE), "tests", "smtp")
PYTHON = "/usr/bin/python3"
SYSTEM_CAS = "/etc/ssl/certs/ca-certificates.crt"
KEYS = ("wall_ms", "longest_stall_ms", "stalls_over_16ms", "cpu_ms", "tls_setup_ms")


def start(argv):
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line:
        raise SystemExit(f"concurrency: {argv[1]} did not start")
    return proc, json.loads(line)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("builddir")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--tests", type=int, default=50)
    p.add_argument("--json", help="also write the results here")
    args = p.parse_args()
    program = os.path.join(os.path.abspath(args.builddir), "bench", "bench-concurrency")
    results = {}
    with tempfile.TemporaryDirectory(prefix="outbox-concurrency-") as tmp:
        certs = os.path.join(tmp, "certs")
        subprocess.run([os.path.join(SMTP_DIR, "make-certs.sh"), certs], check=True,
                       stdout=subprocess.DEVNULL)
        fault = os.path.join(SMTP_DIR, "fault_server.py")
        servers = []
        try:
            proc, plain = start([PYTHON, fault, "slow", "--certs", certs])
            servers.append(proc)
            proc, tls = start([PYTHON, fault, "slow", "--certs", certs, "--implicit-tls"])
            servers.append(proc)
            # The batch limits the tests per host and port: TESTS servers,
            # each a port of a proxy (no delay) in front of the same slow
            # server; "batch3" uses three of them.
            argv = [PYTHON, os.path.join(HERE, "latency-proxy"), "--delay", "0"]
            for port in [plain["port"]] * args.tests + [tls["port"]] * args.tests:
                argv += ["--target", str(port)]
            proc, proxy = start(argv)
            servers.append(proc)
            many_plain = ",".join(str(p) for p in proxy["ports"][:args.tests])
            many_tls = ",".join(str(p) for p in proxy["ports"][args.tests:])
            three_plain = ",".join(str(p) for p in proxy["ports"][:3])
            three_tls = ",".join(str(p) for p in proxy["ports"][args.tests:args.tests + 3])
            ca = os.path.join(certs, "ca.pem")
            bundle = os.path.join(tmp, "system-and-test-ca.pem")
            rows = [("none", "test CA", ca), ("starttls", "test CA", ca), ("tls", "test CA", ca)]
            if os.path.exists(SYSTEM_CAS):
                with open(bundle, "w") as out:
                    for path in (SYSTEM_CAS, ca):
                        with open(path) as f:
                            out.write(f.read())
                rows += [("starttls", "system", bundle), ("tls", "system", bundle)]
            ports = {"none": (plain["port"], many_plain, three_plain),
                     "starttls": (plain["port"], many_plain, three_plain),
                     "tls": (tls["port"], many_tls, three_tls)}
            for mode, trust, cafile in rows:
                port, many, three = ports[mode]
                for n, how, where in ((1, "engine", str(port)), (args.tests, "engine", str(port)),
                                      (args.tests, "batch", many), (args.tests, "batch3", three)):
                    runs = []
                    for _ in range(args.runs):
                        argv = [program, where, mode, str(n), cafile] + (
                            ["batch"] if how.startswith("batch") else [])
                        done = subprocess.run(argv, stdout=subprocess.PIPE, text=True,
                                              timeout=180)
                        if done.returncode != 0:
                            raise SystemExit(f"concurrency: {mode} {n} {how} failed")
                        runs.append(json.loads(done.stdout.splitlines()[-1]))
                    key = (mode, trust, n if how == "engine" else how)
                    results[key] = {k: statistics.median(r.get(k, 0) for r in runs)
                                    for k in KEYS}
                    print(f"  {mode:8} {trust:7} {n:3} {how}: {results[key]}", file=sys.stderr)
        finally:
            for proc in servers:
                proc.stdin.close()
                proc.wait(timeout=10)

    n = args.tests
    load = os.getloadavg()
    print(f"\n{n} tests against servers that take a second, median of {args.runs} runs "
          f"(load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} "
          f"processors). engine: {n} sessions at once on one server; batch: OutboxTestBatch "
          f"(what \"Test all\" runs) with its default limits, {n} servers; batch/3: the same "
          "over 3 servers. ratio = time / one test's (1 is perfect overlap); TLS setup = CPU "
          "to make and free one TLS connection; CPU = the process's CPU time for all "
          f"{n} (engine); stall = the longest delay of a 2 ms timer in the main loop\n")
    print(f"| {'security':8} | {'trust':7} | {'one test':>8} | {'engine':>8} | {'ratio':>5} | "
          f"{'batch':>8} | {'ratio':>5} | {'batch/3':>8} | {'ratio':>5} | {'TLS setup':>9} | "
          f"{'CPU':>7} | {'stall, 1':>8} | {'stall, engine':>13} | {'stall, batch':>12} | "
          f"{'> 16 ms, batch':>14} |")
    print(f"|{'-' * 10}|{'-' * 9}|{'-' * 10}|{'-' * 10}|{'-' * 7}|{'-' * 10}|{'-' * 7}|"
          f"{'-' * 10}|{'-' * 7}|{'-' * 11}|{'-' * 9}|{'-' * 10}|{'-' * 15}|{'-' * 14}|"
          f"{'-' * 16}|")
    for (mode, trust, k) in [key for key in results if key[2] == 1]:
        one, many = results[(mode, trust, 1)], results[(mode, trust, n)]
        batch, batch3 = results[(mode, trust, "batch")], results[(mode, trust, "batch3")]
        setup = f"{one['tls_setup_ms']:6.1f} ms" if mode != "none" else f"{'-':>9}"
        print(f"| {mode:8} | {trust:7} | {one['wall_ms']:5.0f} ms | {many['wall_ms']:5.0f} ms | "
              f"{many['wall_ms'] / one['wall_ms']:5.2f} | {batch['wall_ms']:5.0f} ms | "
              f"{batch['wall_ms'] / one['wall_ms']:5.2f} | {batch3['wall_ms']:5.0f} ms | "
              f"{batch3['wall_ms'] / one['wall_ms']:5.2f} | {setup} | "
              f"{many['cpu_ms']:4.0f} ms | {one['longest_stall_ms']:5.1f} ms | "
              f"{many['longest_stall_ms']:10.1f} ms | {batch['longest_stall_ms']:9.1f} ms | "
              f"{batch['stalls_over_16ms']:14.0f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({f"{m}-{t}-{k}": v for (m, t, k), v in results.items()}, f, indent=1)


if __name__ == "__main__":
    main()
