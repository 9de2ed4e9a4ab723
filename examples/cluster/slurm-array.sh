#!/usr/bin/env bash
# One shard of a cohort per SLURM array task; run `sbatch slurm-array.sh`, then
# `sbatch --dependency=afterok:<job id> slurm-merge.sh` (or run the merge by hand).
#
# Each task reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (set by SLURM for
# --array) and processes every N-th case of the manifest; `--resume` makes a re-queued or
# re-submitted task skip the cases it already finished. Workers default to
# SLURM_CPUS_PER_TASK.
#SBATCH --job-name=radiomics
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --output=radiomics-%A_%a.log
set -euo pipefail
MANIFEST=${MANIFEST:-manifest.csv}
PARAMS=${PARAMS:-params.yaml}
OUT=${OUT:-results}
radiomics batch "$MANIFEST" --params "$PARAMS" --out "$OUT/features.csv" --resume
