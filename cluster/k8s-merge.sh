#!/bin/sh
# Joins the shards once the indexed Job is complete:
#   kubectl wait --for=condition=complete job/rareplan-shards --timeout=24h
#   kubectl create job rareplan-merge --image=... -- sh /scripts/k8s-merge.sh
set -eu
RAREPLAN=${RAREPLAN:-rareplan}
SHARDS=${SHARDS:-8}
OUT_DIR=${OUT_DIR:-/results/shards}
RESULTS=${RESULTS:-/results/results.csv}
"$RAREPLAN" merge "$OUT_DIR"/shard-*-of-"$SHARDS".csv -o "$RESULTS"
