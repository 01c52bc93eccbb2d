#!/usr/bin/env python3
"""Evaluation speed: `rareplan evaluate` against the reference's
`--fix-reservations`, in the same run, on the many-event model.

Plans models/magnets-2026-many-events.toml (256 draws), then scores the
plan on fresh samples of N draws with every engine and with the reference,
one after another, and prints a Markdown table of wall seconds, ratios to
the reference and the score gap (so a fast wrong answer cannot pass).

    cargo build --release
    python3 benches/evaluate.py [--draws 2000 10000] [--repeat 3]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "rareplan")
REFERENCE = os.path.join(ROOT, "..", "shared", "bench", "reference_lp.py")
MODEL = os.path.join(ROOT, "models", "magnets-2026-many-events.toml")


def timed(cmd):
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-reference-above", type=int, default=2000,
                    help="skip the reference for larger draws (it builds one extensive form)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="rareplan-bench-")
    plan = os.path.join(tmp, "plan.json")
    subprocess.run([BIN, "solve", MODEL, "-q", "--no-shadow-prices", "-o", plan], check=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()} python")
    print()
    print("| draws | scenarios | engine | wall s (best of %d) | ratio to reference | score gap |" % args.repeat)
    print("|---|---|---|---|---|---|")
    for n in args.draws:
        sample = ["--samples", str(n), "--seed", str(args.seed)]
        ref_time, ref_score = None, None
        if n <= args.no_reference_above:
            best = None
            for _ in range(args.repeat):
                t, out = timed([sys.executable, REFERENCE, MODEL, "--json", "--fix-reservations", plan] + sample)
                best = t if best is None else min(best, t)
            ref_time = best
            ref_score = json.loads(out.strip().splitlines()[-1])["objective"]
        for engine in ["auto", "microlp"]:
            best = None
            for _ in range(args.repeat):
                t, out = timed([BIN, "evaluate", MODEL, "--plan", plan, "--format", "json", "-q",
                                "--solver", engine] + sample)
                best = t if best is None else min(best, t)
            e = json.loads(out)
            gap = "" if ref_score is None else f"{abs(e['objective'] - ref_score) / abs(ref_score):.1e}"
            ratio = "" if ref_time is None else f"{best / ref_time:.3f}"
            print(f"| {n} | {len(e['scenarios'])} | rareplan {engine} ({e['solver']}) | {best:.2f} | {ratio} | {gap} |")
        if ref_time is not None:
            print(f"| {n} | | reference (HiGHS, --fix-reservations) | {ref_time:.2f} | 1.000 | |")


if __name__ == "__main__":
    main()
