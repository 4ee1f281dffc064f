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

This measures the engine the window's "Test all" drives (issue 8, items 3
and 4). When the window's batch exists (OutboxTestBatch), the same server
serves its bench: 50 accounts on this port in the accounts file.
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
            ports = {"none": plain["port"], "starttls": plain["port"], "tls": tls["port"]}
            for mode, port in ports.items():
                for n in (1, args.tests):
                    runs = []
                    for _ in range(args.runs):
                        done = subprocess.run([program, str(port), mode, str(n),
                                               os.path.join(certs, "ca.pem")],
                                              stdout=subprocess.PIPE, text=True, timeout=120)
                        if done.returncode != 0:
                            raise SystemExit(f"concurrency: {mode} {n} failed")
                        runs.append(json.loads(done.stdout.splitlines()[-1]))
                    results[(mode, n)] = {k: statistics.median(r[k] for r in runs)
                                          for k in ("wall_ms", "longest_stall_ms",
                                                    "stalls_over_16ms")}
                    print(f"  {mode:8} {n:3} tests: {results[(mode, n)]}", file=sys.stderr)
        finally:
            for proc in servers:
                proc.stdin.close()
                proc.wait(timeout=10)

    n = args.tests
    print(f"\n{n} tests at once against servers that take a second, median of {args.runs} "
          "runs (ratio = all / one; 1 is perfect overlap)\n")
    print(f"| {'security':8} | {'one test':>9} | {f'{n} tests':>9} | {'ratio':>5} | "
          f"{'longest stall, 1':>16} | {f'longest stall, {n}':>17} | "
          f"{f'stalls > 16 ms, {n}':>18} |")
    print(f"|{'-' * 10}|{'-' * 11}|{'-' * 11}|{'-' * 7}|{'-' * 18}|{'-' * 19}|{'-' * 20}|")
    for mode in ("none", "starttls", "tls"):
        one, many = results[(mode, 1)], results[(mode, n)]
        print(f"| {mode:8} | {one['wall_ms']:6.0f} ms | {many['wall_ms']:6.0f} ms | "
              f"{many['wall_ms'] / one['wall_ms']:5.2f} | {one['longest_stall_ms']:13.1f} ms | "
              f"{many['longest_stall_ms']:14.1f} ms | {many['stalls_over_16ms']:18.0f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({f"{m}-{k}": v for (m, k), v in results.items()}, f, indent=1)


if __name__ == "__main__":
    main()
