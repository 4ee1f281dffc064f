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
window's "Test all" runs (issue 8, items 3 and 4), with its default limits;
the batch runs only a few tests per host and port, so here each account has
a server of its own: a port of bench/latency-proxy (no delay) in front of
the slow server.
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
            # The batch runs at most a few tests per host and port: TESTS
            # servers, each a port of a proxy (no delay) in front of the same
            # slow server.
            argv = [PYTHON, os.path.join(HERE, "latency-proxy"), "--delay", "0"]
            for port in [plain["port"]] * args.tests + [tls["port"]] * args.tests:
                argv += ["--target", str(port)]
            proc, proxy = start(argv)
            servers.append(proc)
            many_plain = ",".join(str(p) for p in proxy["ports"][:args.tests])
            many_tls = ",".join(str(p) for p in proxy["ports"][args.tests:])
            ports = {"none": (plain["port"], many_plain),
                     "starttls": (plain["port"], many_plain),
                     "tls": (tls["port"], many_tls)}
            for mode, (port, many) in ports.items():
                for n, how in ((1, "engine"), (args.tests, "engine"), (args.tests, "batch")):
                    runs = []
                    for _ in range(args.runs):
                        argv = [program, str(port) if how == "engine" else many, mode, str(n),
                                os.path.join(certs, "ca.pem")] + (["batch"] if how == "batch"
                                                                  else [])
                        done = subprocess.run(argv, stdout=subprocess.PIPE, text=True,
                                              timeout=180)
                        if done.returncode != 0:
                            raise SystemExit(f"concurrency: {mode} {n} {how} failed")
                        runs.append(json.loads(done.stdout.splitlines()[-1]))
                    key = (mode, n if how == "engine" else "batch")
                    results[key] = {k: statistics.median(r[k] for r in runs)
                                    for k in ("wall_ms", "longest_stall_ms", "stalls_over_16ms")}
                    print(f"  {mode:8} {n:3} {how}: {results[key]}", file=sys.stderr)
        finally:
            for proc in servers:
                proc.stdin.close()
                proc.wait(timeout=10)

    n = args.tests
    print(f"\n{n} tests against servers that take a second, median of {args.runs} runs. "
          f"engine: {n} sessions at once on one server; batch: OutboxTestBatch (what "
          f"\"Test all\" runs) with its default limits, {n} servers. ratio = time / one "
          "test's (1 is perfect overlap); stall = the longest delay of a 2 ms timer in the "
          "main loop\n")
    print(f"| {'security':8} | {'one test':>9} | {'engine':>9} | {'ratio':>5} | "
          f"{'batch':>9} | {'ratio':>5} | {'stall, 1':>9} | {'stall, engine':>13} | "
          f"{'stall, batch':>12} | {'stalls > 16 ms, batch':>21} |")
    print(f"|{'-' * 10}|{'-' * 11}|{'-' * 11}|{'-' * 7}|{'-' * 11}|{'-' * 7}|{'-' * 11}|"
          f"{'-' * 15}|{'-' * 14}|{'-' * 23}|")
    for mode in ("none", "starttls", "tls"):
        one, many, batch = results[(mode, 1)], results[(mode, n)], results[(mode, "batch")]
        print(f"| {mode:8} | {one['wall_ms']:6.0f} ms | {many['wall_ms']:6.0f} ms | "
              f"{many['wall_ms'] / one['wall_ms']:5.2f} | {batch['wall_ms']:6.0f} ms | "
              f"{batch['wall_ms'] / one['wall_ms']:5.2f} | {one['longest_stall_ms']:6.1f} ms | "
              f"{many['longest_stall_ms']:10.1f} ms | {batch['longest_stall_ms']:9.1f} ms | "
              f"{batch['stalls_over_16ms']:21.0f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({f"{m}-{k}": v for (m, k), v in results.items()}, f, indent=1)


if __name__ == "__main__":
    main()
