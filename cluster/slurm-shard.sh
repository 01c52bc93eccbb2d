#!/bin/bash
# One shard of a rareplan batch, as a task of a Slurm job array.
#
#   array=$(sbatch --parsable cluster/slurm-shard.sh)
#   sbatch --dependency=afterany:"$array" cluster/slurm-merge.sh
#
# Keep --array=1-N equal to SHARDS. A task that is requeued (preempted,
# node lost) resumes from its journal: --resume runs only what is missing.
#SBATCH --job-name=rareplan-shard
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --output=rareplan-shard-%a.log
set -euo pipefail
: "${SLURM_ARRAY_TASK_ID:?run as a task of a Slurm job array (sbatch --array=1-N)}"
RAREPLAN=${RAREPLAN:-rareplan}
STRATEGIES=${STRATEGIES:-models/strategies/japan-2011.toml}
SHARDS=${SHARDS:-8}
OUT_DIR=${OUT_DIR:-shards}
mkdir -p "$OUT_DIR"
# Exit status 1 (some strategy did not plan) still leaves every row written.
"$RAREPLAN" batch "$STRATEGIES" \
    --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" \
    --threads "${SLURM_CPUS_PER_TASK:-0}" \
    --resume \
    -o "$OUT_DIR/shard-$SLURM_ARRAY_TASK_ID-of-$SHARDS.csv" || [ $? -eq 1 ]
