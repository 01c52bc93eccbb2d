#!/usr/bin/env python3
"""Size sweep: rareplan's backends against the reference (HiGHS via highspy).

Generates procurement models of growing size, then for each one runs, in the
same process tree and one after another:

  rareplan solve MODEL --solver microlp|clarabel|auto --verbose
  python3 ../shared/bench/reference_lp.py MODEL --json

and prints a Markdown table of solve seconds, wall seconds and ratios to the
reference. Objectives are compared too (relative gap), so a fast wrong answer
cannot pass as a win.

    cargo build --release
    python3 benches/sweep.py [--max-columns N] [--timeout S] [--out FILE]
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "rareplan")
REFERENCE = os.path.join(ROOT, "..", "shared", "bench", "reference_lp.py")

# (periods, materials, buyers, suppliers, events): columns grow with
# 2^events · suppliers · materials · buyers · periods.
SIZES = [
    (3, 1, 1, 2, 2),
    (3, 1, 1, 2, 3),
    (3, 1, 2, 2, 3),
    (4, 1, 2, 3, 3),
    (4, 2, 2, 3, 3),
    (4, 2, 2, 3, 4),
    (4, 2, 2, 3, 5),
    (6, 2, 3, 4, 4),
    (6, 2, 3, 4, 5),
    (6, 2, 3, 4, 6),
    (6, 2, 3, 4, 7),
    (6, 2, 3, 4, 8),
    (8, 2, 3, 5, 8),
    (8, 3, 4, 5, 8),
]


def model_text(n, m, b, s, k):
    periods = [f"P{t}" for t in range(n)]
    out = ['[model]', f'name = "sweep {n}x{m}x{b}x{s}x{k}"', f'periods = {json.dumps(periods)}',
           '[risk]', 'weight = 0.3', 'alpha = 0.9']
    for e in range(m):
        out += ['[[material]]', f'id = "m{e}"', f'group = "{"light" if e % 2 == 0 else "heavy"}"']
    for j in range(b):
        need = ", ".join(f'm{e} = [{", ".join(str(40 + 7 * ((t + j + e) % 5)) for t in range(n))}]' for e in range(m))
        out += ['[[buyer]]', f'id = "b{j}"', f'region = "{"JP" if j % 2 == 0 else "EU"}"',
                f'need = {{ {need} }}', f'initial_stock = {{ m0 = {10 + j} }}',
                f'shortage_penalty = {400000 + 10000 * j}', 'holding_cost = 120', f'storage = {2000 + 100 * j}',
                'end_stock = { m0 = 15 }']
    for i in range(s):
        cn = i % 2 == 0
        out += ['[[supplier]]', f'id = "s{i}"', f'country = "{"CN" if cn else "AU"}"',
                f'lead_time = {0 if cn else 1}', f'export_tax = {0.25 if cn else 0.0}',
                f'freight = {{ JP = {100 + 10 * i}, EU = {300 + 10 * i} }}']
        for e in range(m):
            cap = ", ".join(str(60 + 5 * ((t * (i + 1) + e) % 7)) for t in range(n))
            out += [f'[supplier.offers.m{e}]', f'capacity = [{cap}]', f'price = {50000 + 3000 * i + 20000 * e}',
                    f'reservation_fee = {1000 + 500 * i}']
            if cn:
                out.append(f'spot_price = {70000 + 3000 * i + 25000 * e}')
    out += ['[[quota]]', 'id = "cn"', 'suppliers = { country = ["CN"] }', f'limit = {40 * b * m}']
    kinds = []
    for ev in range(k):
        kind = ev % 4
        if kind == 0:
            kinds += ['[[outage]]', f'id = "out{ev}"', f'supplier = "s{ev % s}"', 'capacity_factor = 0.2',
                      f'periods = ["P{ev % n}", "P{(ev + 1) % n}"]', f'probability = {0.1 + 0.02 * ev}']
        elif kind == 1:
            kinds += ['[[quota_cut]]', f'id = "cut{ev}"', 'quota = "cn"', 'limit_factor = 0.5',
                      f'probability = {0.15 + 0.01 * ev}']
        elif kind == 2:
            kinds += ['[[price_shock]]', f'id = "spike{ev}"', 'price_factor = 2.0', f'probability = {0.2}']
        else:
            kinds += ['[[demand_shock]]', f'id = "boom{ev}"', 'demand_factor = 1.25', f'probability = {0.1}']
    return "\n".join(out + kinds) + "\n"


def run_rareplan(path, solver, timeout):
    t0 = time.perf_counter()
    try:
        p = subprocess.run([BIN, "solve", path, "--solver", solver, "--format", "json", "--verbose",
                            "--no-shadow-prices"], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    m = re.search(r"build ([0-9.]+) s, solve ([0-9.]+) s", p.stderr)
    plan = json.loads(p.stdout)
    return {"wall": wall, "build": float(m.group(1)), "solve": float(m.group(2)),
            "objective": plan["objective"], "solver": plan["solver"], "columns": plan["lp"]["columns"],
            "nonzeros": plan["lp"]["nonzeros"]}


def run_reference(path, timeout):
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, REFERENCE, path, "--json"], capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - t0
    out = json.loads(p.stdout)
    return {"wall": wall, "build": out["build_s"], "solve": out["solve_s"], "objective": out.get("objective"),
            "columns": out["variables"], "nonzeros": out["nonzeros"]}


def fmt(r, ref):
    if r is None:
        return "timeout", ""
    if "error" in r:
        return "error", ""
    gap = abs(r["objective"] - ref["objective"]) / max(1.0, abs(ref["objective"])) if ref and ref.get("objective") else float("nan")
    ratio = r["wall"] / ref["wall"] if ref else float("nan")
    return f'{r["solve"]:.3f} / {r["wall"]:.3f}', f'{ratio:.2f}× (gap {gap:.0e})'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-columns", type=int, default=400_000)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--microlp-max-columns", type=int, default=30_000)
    ap.add_argument("--out")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    rows = []
    header = ("| columns | nonzeros | reference HiGHS solve / wall s | microlp solve / wall s | ratio | "
              "clarabel solve / wall s | ratio | auto (picks) | ratio |")
    lines = [header, "|" + "---|" * 9]
    print(header, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            path = os.path.join(tmp, "m.toml")
            with open(path, "w") as f:
                f.write(model_text(*size))
            ref = run_reference(path, args.timeout)
            if ref and ref["columns"] > args.max_columns:
                break
            micro = run_rareplan(path, "microlp", args.timeout) if ref and ref["columns"] <= args.microlp_max_columns else None
            clar = run_rareplan(path, "clarabel", args.timeout)
            auto = run_rareplan(path, "auto", args.timeout)
            ref_cell = f'{ref["solve"]:.3f} / {ref["wall"]:.2f}' if ref else "timeout"
            mc, mr = fmt(micro, ref) if micro is not None or (ref and ref["columns"] <= args.microlp_max_columns) else ("skipped", "")
            cc, cr = fmt(clar, ref)
            ac, ar = fmt(auto, ref)
            picks = auto["solver"] if auto and "solver" in auto else "?"
            line = (f'| {ref["columns"] if ref else "?"} | {ref["nonzeros"] if ref else "?"} | {ref_cell} | {mc} | {mr} | '
                    f'{cc} | {cr} | {ac} ({picks}) | {ar} |')
            print(line, flush=True)
            lines.append(line)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}"
    text = "\n".join(lines) + f"\n\nMachine: {machine}.\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
