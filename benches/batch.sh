#!/bin/bash
# The batch benchmark of BENCHMARKS.md: 200 strategies on the Japan model
# (20 risk weights x 10 light-quota cut depths), timed against one
# `rareplan solve` of the same model, then the 11-point frontier.
# Run from the repository after `cargo build --release`.
set -euo pipefail
bin=${RAREPLAN:-target/release/rareplan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
model=$(pwd)/models/japan-2011-quota.toml
{
    echo "base = \"$model\""
    for w in $(seq 0 19); do
        for c in $(seq 1 10); do
            echo
            echo "[[strategy]]"
            echo "name = \"w$w-cut$c\""
            echo "set = { \"risk.weight\" = $(awk -v w="$w" 'BEGIN { printf "%.4f", w / 19 }'), \"quota_cut.light-quota-cut.limit_factor\" = $(awk -v c="$c" 'BEGIN { printf "%.1f", c / 10 }') }"
        done
    done
} > "$work/strategies.toml"
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "one solve: wall %e s, user %U s, sys %S s" \
    "$bin" solve "$model" -q -o "$work/plan.json"
/usr/bin/time -f "batch of 200: wall %e s, user %U s, sys %S s, CPU %P" \
    "$bin" batch "$work/strategies.toml" -o "$work/results.csv" -q || true
echo "rows: $(($(wc -l < "$work/results.csv") - 1)), optimal: $(grep -c ',optimal,' "$work/results.csv")"
grep -v ',optimal,' "$work/results.csv" | tail -n +2 || true
/usr/bin/time -f "frontier of 11: wall %e s, user %U s, sys %S s, CPU %P" \
    "$bin" frontier "$model" --points 11 -o "$work/frontier.csv" --chart "$work/frontier.svg" -q
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
