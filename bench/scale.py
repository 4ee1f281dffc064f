#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scale: Outbox with 10,000 accounts against an empty start.

  scale.py BUILDDIR [--runs N] [--accounts N]

Run by `make bench` inside build-aux/test-session (Xvfb, D-Bus, keyring).
Runs BUILDDIR/bench/bench-scale (bench/bench-scale.c) in a fresh process
for each figure, each time with its own XDG_CONFIG_HOME:
  store N    time to load the accounts file, time to save it, peak RSS
  window N   time from main() to the window's first frame and to the first
             frame that shows the accounts; peak RSS; then the account list
             scrolled from top to bottom, a page a frame, and the time of
             each frame (the work from the frame clock's update to its
             after-paint, and the interval between two frames painted); the
             main loop's longest stall (a 2 ms timer) while the accounts load,
             while the list scrolls, and while an edit to one account is saved
for N = 0 (the empty start) and N = ACCOUNTS (10,000). Scrolling needs a
list to scroll: its baseline is 100 accounts. Medians of RUNS runs (after a
warm-up run that fills the font and shader caches), and the ratio of each
figure to the baseline's.

The window is drawn with GSK_RENDERER=cairo: under Xvfb the GL renderer
runs on llvmpipe (software GL), where every frame costs a quarter of a
second whatever the list holds, which would measure llvmpipe, not Outbox.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def run(program, mode, n, env):
    with tempfile.TemporaryDirectory(prefix="outbox-scale-") as tmp:
        env = dict(env, XDG_CONFIG_HOME=tmp)
        done = subprocess.run([program, mode, str(n)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    lines = [l for l in done.stdout.splitlines() if l.startswith("{")]
    if done.returncode != 0 or not lines:
        sys.stderr.write(f"scale: {mode} {n} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        raise SystemExit(1)
    return json.loads(lines[-1])


def medians(program, mode, n, runs, env):
    results = [run(program, mode, n, env) for _ in range(runs + 1)][1:]
    keys = [k for k, v in results[0].items() if isinstance(v, (int, float))]
    return {k: statistics.median(r[k] for r in results) for k in keys}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("builddir")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--accounts", type=int, default=10000)
    p.add_argument("--json", help="also write the results here")
    args = p.parse_args()
    program = os.path.join(os.path.abspath(args.builddir), "bench", "bench-scale")
    env = dict(os.environ, GSETTINGS_BACKEND="memory", GTK_A11Y="none", NO_AT_BRIDGE="1",
               GSETTINGS_SCHEMA_DIR=os.path.join(os.path.abspath(args.builddir), "data"),
               GSK_RENDERER="cairo", LC_ALL="C.UTF-8")
    big = args.accounts

    store = {n: medians(program, "store", n, args.runs, env) for n in (0, big)}
    window = {n: medians(program, "window", n, args.runs, env) for n in (0, 100, big)}

    print(f"\nScale: {big:,} accounts against the empty start, median of {args.runs} runs "
          "(ratio = with accounts / baseline)\n")
    print(f"| {'figure':44} | {'baseline':>10} | {f'{big:,} accounts':>16} | {'ratio':>7} |")
    print(f"|{'-' * 46}|{'-' * 12}|{'-' * 18}|{'-' * 9}|")

    def row(title, base, value, unit, fmt="{:.1f}"):
        ratio = value / base if base else float("inf")
        shown_ratio = f"{ratio:.1f}" if base else "-"
        print(f"| {title:44} | {fmt.format(base) + ' ' + unit:>10} | "
              f"{fmt.format(value) + ' ' + unit:>16} | {shown_ratio:>7} |")

    row("load the accounts file (store)", store[0]["load_ms"], store[big]["load_ms"], "ms")
    row("save the accounts file (store)", store[0]["save_ms"], store[big]["save_ms"], "ms")
    row("peak RSS, store only", store[0]["peak_rss_kb"] / 1024,
        store[big]["peak_rss_kb"] / 1024, "MB")
    row("window: first frame (from main)", window[0]["first_frame_ms"],
        window[big]["first_frame_ms"], "ms", "{:.0f}")
    row("window: first frame with the accounts", window[0]["content_frame_ms"],
        window[big]["content_frame_ms"], "ms", "{:.0f}")
    row("window: peak RSS", window[0]["peak_rss_kb"] / 1024,
        window[big]["peak_rss_kb"] / 1024, "MB")
    print(f"\nScrolling the account list top to bottom, a page a frame "
          f"(baseline: 100 accounts; {window[big]['scroll_frames']:.0f} frames for {big:,})\n")
    print(f"| {'figure':44} | {'100':>10} | {f'{big:,} accounts':>16} | {'ratio':>7} |")
    print(f"|{'-' * 46}|{'-' * 12}|{'-' * 18}|{'-' * 9}|")
    for key, title in (("frame_work_median_ms", "frame work, median"),
                       ("frame_work_p95_ms", "frame work, 95th percentile"),
                       ("frame_work_max_ms", "frame work, longest"),
                       ("frame_interval_median_ms", "frame interval, median"),
                       ("frame_interval_p95_ms", "frame interval, 95th percentile")):
        row(title, window[100][key], window[big][key], "ms")
    print(f"\nThe main loop's longest stall (a 2 ms timer's longest delay; baseline: "
          f"100 accounts)\n")
    print(f"| {'figure':44} | {'100':>10} | {f'{big:,} accounts':>16} | {'ratio':>7} |")
    print(f"|{'-' * 46}|{'-' * 12}|{'-' * 18}|{'-' * 9}|")
    for key, title in (("load_stall_ms", "start: window shown, accounts loaded"),
                       ("scroll_stall_ms", "scrolling the list"),
                       ("save_ms", "an edit saved: time to save"),
                       ("save_stall_ms", "an edit saved: longest stall")):
        row(title, window[100][key], window[big][key], "ms")
    print(f"\nStill window (nothing to scroll, a redraw a frame): frame work median "
          f"{window[0]['frame_work_median_ms']:.1f} ms, interval median "
          f"{window[0]['frame_interval_median_ms']:.1f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"store": store, "window": window}, f, indent=1)


if __name__ == "__main__":
    main()
