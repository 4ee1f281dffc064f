#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window during tests: main-loop stalls and frames (issue 8, items 3, 4).

  window.py BUILDDIR [--runs N] [--tests N] [--delay MS] [--domains N]
            [--settle MS] [--json FILE] [--verbose] [--only MODE]
            [--wrap COMMAND]

Run by `make bench` inside build-aux/test-session (Xvfb, D-Bus, keyring).
Runs BUILDDIR/bench/bench-window-test (bench/bench-window-test.c), the real
window drawn with GSK_RENDERER=cairo, in a fresh process each time with its
own XDG_CONFIG_HOME:

  test-send   one account (STARTTLS + AUTH, the password in the session's
              keyring) tested from the editor's Test Account Settings
              button, through bench/latency-proxy (DELAY ms each way) to
              aiosmtpd (tests/smtp/smtp_server.py), until the result shows
  test-all 1  one account tested with Test All (the baseline)
  test-all N  N accounts (none, STARTTLS, implicit TLS in turn; no
              sign-in), each on its own proxy port in front of
              tests/smtp/fault_server.py slow (greets after one second),
              tested with Test All until the results window shows

The Test All accounts send from --domains sender domains (default 1), which
the results window looks up (a resolver that asks no DNS server and finds
nothing: each domain lacks SPF and DMARC). --settle MS keeps measuring
that long after the frame that shows the result (the test view shows
what the server told a frame later; the results window shows rows and
the domains' notices over the next frames). --verbose shows each stall and
slow frame, --only runs one mode, --wrap runs the program under a command
(a profiler).

Each figure is the median of RUNS runs; the runs of the three modes take
turns (a machine that slows down for a while slows them all). Every server
and proxy listens on 127.0.0.1 only; the password goes through a 0600 file,
never a command line.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SMTP_DIR = os.path.join(os.path.dirname(HERE), "tests", "smtp")
PYTHON = "/usr/bin/python3"
USER = "bench@example.test"
SECURITY = ("none", "starttls", "tls")


def start(argv):
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line:
        raise SystemExit(f"window: {os.path.basename(argv[1])} did not start")
    return proc, json.loads(line)


def run(program, argv, env, tmp, verbose=False, wrap=None):
    config = tempfile.mkdtemp(prefix="config-", dir=tmp)
    done = subprocess.run((wrap.split() if wrap else []) + [program] + argv, env=dict(env, XDG_CONFIG_HOME=config),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=300)
    lines = [l for l in done.stdout.splitlines() if l.startswith("{")]
    if verbose:
        sys.stderr.write(done.stderr)
    if done.returncode != 0 or not lines:
        sys.stderr.write(f"window: {argv[0]} failed ({done.returncode}):\n"
                         f"{done.stderr[-3000:]}")
        raise SystemExit(1)
    return json.loads(lines[-1])


def medians(results):
    keys = [k for k, v in results[0].items() if isinstance(v, (int, float))]
    return {k: statistics.median(r[k] for r in results) for k in keys}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("builddir")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--tests", type=int, default=50)
    p.add_argument("--delay", type=float, default=25, help="one-way latency, ms")
    p.add_argument("--domains", type=int, default=1,
                   help="sender domains of the Test All accounts (default 1)")
    p.add_argument("--settle", type=int, default=0,
                   help="Test All: keep measuring this many ms after the results "
                   "window's first frame (the rows and notices it shows later)")
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--verbose", action="store_true",
                   help="show each run's stalls over 16 ms and its events")
    p.add_argument("--only", choices=("test-send", "test-all-1", "test-all"),
                   help="run this mode alone")
    p.add_argument("--wrap", help="a command to run the program under, e.g. "
                   "\"perf record -g -o FILE\"")
    args = p.parse_args()
    builddir = os.path.abspath(args.builddir)
    program = os.path.join(builddir, "bench", "bench-window-test")
    env = dict(os.environ, GSETTINGS_BACKEND="memory", GTK_A11Y="none", NO_AT_BRIDGE="1",
               GSETTINGS_SCHEMA_DIR=os.path.join(builddir, "data"),
               GSK_RENDERER="cairo", LC_ALL="C.UTF-8", OUTBOX_BENCH_DOMAINS=str(args.domains),
               OUTBOX_BENCH_SETTLE_MS=str(args.settle))
    if args.verbose:
        env["OUTBOX_BENCH_VERBOSE"] = "1"
    runs = {"test-send": [], "test-all-1": [], "test-all": []}
    procs = []
    with tempfile.TemporaryDirectory(prefix="outbox-window-") as tmp:
        certs = os.path.join(tmp, "certs")
        subprocess.run([os.path.join(SMTP_DIR, "make-certs.sh"), certs], check=True,
                       stdout=subprocess.DEVNULL)
        ca = os.path.join(certs, "ca.pem")
        password_file = os.path.join(tmp, "password")
        fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(18))
        fault = os.path.join(SMTP_DIR, "fault_server.py")
        try:
            proc, aiosmtpd = start([PYTHON, os.path.join(SMTP_DIR, "smtp_server.py"),
                                    "--spool", os.path.join(tmp, "spool"), "--certs", certs,
                                    "--user", USER, "--password-file", password_file,
                                    "--require-auth"])
            procs.append(proc)
            proc, plain = start([PYTHON, fault, "slow", "--certs", certs])
            procs.append(proc)
            proc, tls = start([PYTHON, fault, "slow", "--certs", certs, "--implicit-tls"])
            procs.append(proc)
            # One proxy port per account: Test All runs only a few tests
            # per host and port at once.
            security = [SECURITY[i % 3] for i in range(args.tests)]
            targets = [aiosmtpd["starttls"]] + \
                [tls["port"] if s == "tls" else plain["port"] for s in security]
            argv = [PYTHON, os.path.join(HERE, "latency-proxy"), "--delay", str(args.delay)]
            for port in targets:
                argv += ["--target", str(port)]
            proc, proxy = start(argv)
            procs.append(proc)
            send_port, many = proxy["ports"][0], proxy["ports"][1:]

            for i in range(args.runs + 1):
                for key, argv in (
                        ("test-send", ["test-send", ca, password_file, str(send_port)]),
                        ("test-all-1", ["test-all", ca, security[1], str(many[1])]),
                        ("test-all", ["test-all", ca, ",".join(security),
                                      ",".join(str(port) for port in many)])):
                    if args.only and key != args.only:
                        continue
                    result = run(program, argv, env, tmp, args.verbose, args.wrap)
                    print(f"  {'warm-up' if i == 0 else f'run {i}'} {key}: "
                          f"{result['total_ms']:.0f} ms, stall "
                          f"{result['longest_stall_ms']:.1f} ms, frames "
                          f"{result['frames']}, work > 16.7 ms "
                          f"{result['frames_work_over_frame']}", file=sys.stderr)
                    if i > 0:
                        runs[key].append(result)
        finally:
            for proc in procs:
                proc.stdin.close()
                proc.wait(timeout=10)

    if args.only:
        result = medians(runs[args.only]) if runs[args.only] else {}
        print(json.dumps({args.only: result}, indent=1))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"medians": {args.only: result}, "runs": runs}, f, indent=1)
        return
    m = {key: medians(results) for key, results in runs.items()}
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    n = args.tests
    print(f"\nThe window during tests: median of {args.runs} runs (load average at the end: "
          f"{load}); every window redraws itself each frame; stall = the longest delay of "
          f"a 2 ms timer in the main loop; work = frame clock update to after-paint\n")
    cols = (("test-send", "Test Account Settings, 1"), ("test-all-1", "Test All, 1"),
            ("test-all", f"Test All, {n}"))
    print(f"| {'figure':34} | " + " | ".join(f"{title:>24}" for _, title in cols) + " |")
    print(f"|{'-' * 36}|" + "|".join("-" * 26 for _ in cols) + "|")

    def row(title, key, unit="ms", fmt="{:.1f}"):
        cells = [fmt.format(m[k][key]) + (f" {unit}" if unit else "") for k, _ in cols]
        print(f"| {title:34} | " + " | ".join(f"{c:>24}" for c in cells) + " |")

    row("total time (click to result shown)", "total_ms", fmt="{:.0f}")
    row("slowest single test", "slowest_test_ms", fmt="{:.0f}")
    row("longest main-loop stall", "longest_stall_ms")
    row("stalls over 16.7 ms", "stalls_over_frame", "", "{:.0f}")
    row("frames", "frames", "", "{:.0f}")
    row("frame work, median", "frame_work_median_ms")
    row("frame work, 95th percentile", "frame_work_p95_ms")
    row("frame work, longest", "frame_work_max_ms")
    row("frames whose work > 16.7 ms", "frames_work_over_frame", "", "{:.0f}")
    row("frame interval, median", "frame_interval_median_ms")
    row("frame interval, 95th percentile", "frame_interval_p95_ms")
    row("frame interval, longest", "frame_interval_max_ms")
    row("frame intervals > 25 ms", "frame_intervals_over_25ms", "", "{:.0f}")
    many, one = m["test-all"], m["test-all-1"]
    print(f"\nTest All of {n}: total ÷ slowest single test = "
          f"{many['total_ms'] / many['slowest_test_ms']:.2f}; total ÷ one account alone "
          f"(Test All of 1) = {many['total_ms'] / one['total_ms']:.2f} "
          f"(1 = all {n} in the time of one; {n} = one after the other)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"load": load, "medians": m, "runs": runs}, f, indent=1)


if __name__ == "__main__":
    main()
