#!/bin/sh
# One shard of a rareplan batch, as a pod of a Kubernetes indexed Job
# (cluster/k8s-job.yaml): JOB_COMPLETION_INDEX counts from 0, shards from 1.
set -eu
: "${JOB_COMPLETION_INDEX:?run as a pod of an indexed Job (completionMode: Indexed)}"
RAREPLAN=${RAREPLAN:-rareplan}
STRATEGIES=${STRATEGIES:-models/strategies/japan-2011.toml}
SHARDS=${SHARDS:-8}
OUT_DIR=${OUT_DIR:-/results/shards}
SHARD=$((JOB_COMPLETION_INDEX + 1))
mkdir -p "$OUT_DIR"
status=0
"$RAREPLAN" batch "$STRATEGIES" --shard "$SHARD/$SHARDS" --resume \
    -o "$OUT_DIR/shard-$SHARD-of-$SHARDS.csv" || status=$?
# 1: every row written, some strategy did not plan; the pod still succeeds.
[ "$status" -eq 0 ] || [ "$status" -eq 1 ]
