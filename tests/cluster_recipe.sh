#!/bin/bash
# Runs the cluster recipes' shell logic here: the N tasks of a Slurm job
# array (SLURM_ARRAY_TASK_ID = 1..N) and the N pods of a Kubernetes indexed
# Job (JOB_COMPLETION_INDEX = 0..N-1), one after another, then each merge.
# Needs RAREPLAN, STRATEGIES, SHARDS and WORK (a scratch folder).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
: "${RAREPLAN:?}" "${STRATEGIES:?}" "${SHARDS:?}" "${WORK:?}"
export RAREPLAN STRATEGIES SHARDS

for task in $(seq 1 "$SHARDS"); do
    SLURM_ARRAY_TASK_ID=$task OUT_DIR="$WORK/slurm" bash "$here/cluster/slurm-shard.sh"
done
OUT_DIR="$WORK/slurm" RESULTS="$WORK/slurm-results.csv" bash "$here/cluster/slurm-merge.sh"

for index in $(seq 0 $((SHARDS - 1))); do
    JOB_COMPLETION_INDEX=$index OUT_DIR="$WORK/k8s" sh "$here/cluster/k8s-shard.sh"
done
OUT_DIR="$WORK/k8s" RESULTS="$WORK/k8s-results.csv" sh "$here/cluster/k8s-merge.sh"
