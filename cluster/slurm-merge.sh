#!/bin/bash
# Joins the shards of a batch once every array task has ended:
#   sbatch --dependency=afterany:"$array" cluster/slurm-merge.sh
# `merge` refuses (exit 2) when a shard's file is missing or incomplete.
#SBATCH --job-name=rareplan-merge
#SBATCH --output=rareplan-merge.log
set -euo pipefail
RAREPLAN=${RAREPLAN:-rareplan}
SHARDS=${SHARDS:-8}
OUT_DIR=${OUT_DIR:-shards}
RESULTS=${RESULTS:-results.csv}
"$RAREPLAN" merge "$OUT_DIR"/shard-*-of-"$SHARDS".csv -o "$RESULTS"
