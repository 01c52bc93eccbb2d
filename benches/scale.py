#!/usr/bin/env python3
"""Scale sweep: rareplan's methods against the reference, stage by stage.

For generated models over a sweep of sizes (benches/sweep.py's generator:
periods x materials x buyers x suppliers, 2^events enumerated scenarios, or
--samples draws), one after another in the same run:

  rareplan check MODEL                       -> parse + validate + scenarios
  rareplan solve MODEL --method extensive -v -> build, solve (+verify, write)
  rareplan solve MODEL --method decomposition -v
  python3 ../shared/bench/reference_lp.py MODEL --json   (HiGHS)
  PuLP + CBC on the LP that `rareplan export` writes (up to --pulp-max columns;
  needs `pip install pulp`, skipped where it is missing)

and prints a Markdown table: wall seconds and peak memory (max RSS of the
child process) of each, rareplan's build and solve seconds as it reports
them (-v), the rest of its wall time (parse, validate, verify, write), and
wall-time ratios to the reference. Objectives are compared (relative gap),
so a fast wrong answer cannot pass as a win.

    cargo build --release
    python3 benches/scale.py [--sizes small|medium|large] [--timeout S] [--out FILE]
"""
import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sweep import model_text  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "rareplan")
REFERENCE = os.path.join(ROOT, "..", "shared", "bench", "reference_lp.py")

# (periods, materials, buyers, suppliers, events, samples or None)
SIZES = {
    "small": [(3, 1, 1, 2, 2, None), (4, 2, 2, 3, 3, None), (6, 2, 3, 4, 4, None)],
    "medium": [(6, 2, 3, 4, 6, None), (8, 2, 3, 5, 8, None), (12, 4, 2, 8, 24, 200)],
    "large": [(12, 4, 3, 8, 24, 1000), (12, 8, 2, 14, 7, None)],
}


def run(cmd, timeout):
    """Wall seconds, peak RSS (MB) of the child, exit code, stdout, stderr."""
    t0 = time.perf_counter()
    # A session of its own, so that a timeout stops the timed program too
    # (killing /usr/bin/time alone left it running beside the next one).
    p = subprocess.Popen(["/usr/bin/time", "-f", "MAXRSS %M"] + cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None
    wall = time.perf_counter() - t0
    found = re.findall(r"MAXRSS (\d+)", err)
    mb = int(found[-1]) / 1024 if found else None
    err = re.sub(r"MAXRSS \d+\n?|Command exited with non-zero status \d+\n?", "", err)
    return {"wall": wall, "peak_mb": mb, "code": p.returncode, "out": out, "err": err}


def rareplan_solve(path, method, timeout):
    r = run([BIN, "solve", path, "--method", method, "--format", "json", "-v", "--no-shadow-prices",
             "--time-limit", str(timeout)], timeout + 30)
    if r is None or r["code"] != 0:
        return r and {"error": (r["err"].strip().splitlines() or ["?"])[-1]}
    m = re.search(r"build ([0-9.]+) s, solve ([0-9.]+) s", r["err"])
    plan = json.loads(r["out"])
    r.update(objective=plan["objective"], columns=plan["lp"]["columns"],
             build=float(m.group(1)) if m else float("nan"), solve=float(m.group(2)) if m else float("nan"))
    return r


def pulp_cbc(lp_path, timeout):
    code = ("import pulp,sys,json,time;t=time.perf_counter();v,p=pulp.LpProblem.fromMPS(sys.argv[1]);"
            "p.solve(pulp.PULP_CBC_CMD(msg=0));print(json.dumps({'objective':pulp.value(p.objective),"
            "'solve':time.perf_counter()-t}))")
    r = run([sys.executable, "-c", code, lp_path], timeout)
    if r is None or r["code"] != 0:
        return None
    r.update(json.loads(r["out"]))
    return r


def cell(r, ref):
    if r is None:
        return "timeout"
    if "error" in r:
        return "error: " + r["error"][:60]
    gap = abs(r["objective"] - ref["objective"]) / max(1.0, abs(ref["objective"])) if ref else float("nan")
    ratio = r["wall"] / ref["wall"] if ref else float("nan")
    mem = f'{r["peak_mb"]:.0f} MB' if r.get("peak_mb") else "—"
    stages = ""
    if "build" in r:
        rest = r["wall"] - r["build"] - r["solve"]
        stages = f' (build {r["build"]:.2f}, solve {r["solve"]:.2f}, rest {rest:.2f})'
    return f'{r["wall"]:.2f} s{stages}, {mem}, {ratio:.2f}×, gap {gap:.0e}'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="small", choices=list(SIZES) + ["all"])
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--pulp-max", type=int, default=100_000)
    ap.add_argument("--out")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    sizes = [s for k in SIZES for s in SIZES[k]] if args.sizes == "all" else SIZES[args.sizes]
    header = ("| model | columns | check s | extensive | decomposition | reference HiGHS | PuLP + CBC |")
    lines = [header, "|" + "---|" * 7]
    print(header, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for (n, m, b, s, k, samples) in sizes:
            path = os.path.join(tmp, "m.toml")
            text = model_text(n, m, b, s, k)
            if samples:
                text = text.replace("[risk]", f"[scenarios]\nmode = \"sample\"\nsamples = {samples}\nseed = 7\n\n[risk]", 1)
            with open(path, "w") as f:
                f.write(text)
            check = run([BIN, "check", path], args.timeout)
            ref_cmd = [sys.executable, REFERENCE, path, "--json"]
            if samples:
                ref_cmd += ["--samples", str(samples), "--seed", "7"]
            ref = run(ref_cmd, args.timeout)
            if ref is not None and ref["code"] == 0:
                out = json.loads(ref["out"])
                ref.update(objective=out.get("objective"), columns=out.get("variables"))
            else:
                ref = None
            ext = rareplan_solve(path, "extensive", args.timeout)
            dec = rareplan_solve(path, "decomposition", args.timeout)
            columns = (ext or {}).get("columns") or (dec or {}).get("columns") or (ref or {}).get("columns")
            cbc = None
            if columns and columns <= args.pulp_max:
                mps = os.path.join(tmp, "m.mps")
                if run([BIN, "export", path, "-o", mps], args.timeout)["code"] == 0:
                    cbc = pulp_cbc(mps, args.timeout)
            ref_cell = f'{ref["wall"]:.2f} s, {ref["peak_mb"] or 0:.0f} MB' if ref else "timeout/error"
            line = (f"| {n}×{m}×{b}×{s}, {k} events{', ' + str(samples) + ' draws' if samples else ''} | "
                    f"{columns} | {check['wall']:.2f} | {cell(ext, ref)} | {cell(dec, ref)} | {ref_cell} | "
                    f"{cell(cbc, ref) if cbc else 'skipped'} |")
            print(line, flush=True)
            lines.append(line)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    text = "\n".join(lines) + f"\n\nMachine: {machine}.\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
