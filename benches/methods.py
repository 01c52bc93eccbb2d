#!/usr/bin/env python3
"""`auto`'s choice of method: the extensive form against the decomposition.

For the shipped models with many scenarios and generated models of the
middle sizes (`sweep.model_text`, at risk weights 0.3 and 0), runs one
after another in the same run

  rareplan solve MODEL --method extensive|decomposition|auto
  python3 ../shared/bench/reference_lp.py MODEL --json [--risk-weight 0]

and prints a Markdown table of wall seconds, ratios to the reference and
each objective's relative difference from the reference's (the
decomposition's is within its gap, 1e-6). This is the table `auto`'s rule
(`AUTO_DECOMPOSITION_*` in src/planner.rs) is read from.

    cargo build --release
    python3 benches/methods.py [--timeout S] [--only NAME ...]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweep  # noqa: E402

ROOT = sweep.ROOT
BIN = sweep.BIN
REFERENCE = sweep.REFERENCE

# (name, model file or sweep.model_text arguments)
MODELS = [
    ("licences-2025", "models/licences-2025.toml"),
    ("japan-2011-quota", "models/japan-2011-quota.toml"),
    ("magnets-2026-many-events", "models/magnets-2026-many-events.toml"),
    ("b (6,2,3,4,4)", (6, 2, 3, 4, 4)),
    ("c (6,2,3,4,6)", (6, 2, 3, 4, 6)),
    ("e (8,2,3,4,5)", (8, 2, 3, 4, 5)),
    ("g (6,4,2,6,6)", (6, 4, 2, 6, 6)),
    ("f (12,4,2,8,5)", (12, 4, 2, 8, 5)),
    ("d (12,8,2,14,2)", (12, 8, 2, 14, 2)),
]


def timed(argv, timeout):
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None
    return time.perf_counter() - t0, p


def rareplan(path, method, extra, timeout):
    wall, p = timed([BIN, "solve", path, "--method", method, "--format", "json",
                     "--no-shadow-prices", *extra], timeout)
    if p is None:
        return {"error": f"above {timeout:.0f}"}
    if p.returncode != 0:
        return {"error": f"exit {p.returncode}"}
    plan = json.loads(p.stdout)
    return {"wall": wall, "objective": plan["objective"], "decomposed": bool(plan.get("decomposition")),
            "columns": plan["lp"]["columns"], "scenarios": len(plan.get("scenarios", []))}


def reference(path, extra, timeout):
    wall, p = timed([sys.executable, REFERENCE, path, "--json", *extra], timeout)
    if p is None or p.returncode != 0:
        return None
    return {"wall": wall, "objective": json.loads(p.stdout).get("objective")}


def cell(r, ref):
    if "error" in r:
        return r["error"]
    if ref is None:
        return f'{r["wall"]:.2f}'
    gap = abs(r["objective"] - ref["objective"]) / max(1.0, abs(ref["objective"]))
    return f'{r["wall"]:.2f} ({r["wall"] / ref["wall"]:.2f}×, {gap:.0e})'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--only", nargs="*", help="model names to run (prefixes)")
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"timeout {args.timeout:.0f} s per run\n")
    print("| model | λ | scenarios | columns | extensive | decomposition | auto (its method) | reference |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in MODELS:
            if args.only and not any(name.startswith(o) for o in args.only):
                continue
            if isinstance(source, tuple):
                path = os.path.join(tmp, "model.toml")
                with open(path, "w") as f:
                    f.write(sweep.model_text(*source))
            else:
                path = os.path.join(ROOT, source)
            for weight in (None, "0"):
                extra = [] if weight is None else ["--risk-weight", weight]
                ref = reference(path, extra, args.timeout * 3)
                runs = {m: rareplan(path, m, extra, args.timeout)
                        for m in ("extensive", "decomposition", "auto")}
                ext = runs["extensive"]
                chosen = runs["auto"]
                method = ""
                if "error" not in chosen:
                    method = " dec." if chosen["decomposed"] else " ext."
                print(f'| {name} | {weight or "model"} | {ext.get("scenarios", "")} | '
                      f'{ext.get("columns", "")} | {cell(ext, ref)} | {cell(runs["decomposition"], ref)} | '
                      f'{cell(chosen, ref)}{method} | {ref["wall"]:.2f} |' if ref else
                      f'| {name} | {weight or "model"} | | | {cell(ext, None)} | '
                      f'{cell(runs["decomposition"], None)} | {cell(chosen, None)}{method} | failed |',
                      flush=True)


if __name__ == "__main__":
    main()
