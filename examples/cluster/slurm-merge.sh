#!/usr/bin/env bash
# Merges the shard outputs of slurm-array.sh into one table; fails if a shard is missing
# or a case appears twice.
#SBATCH --job-name=radiomics-merge
#SBATCH --output=radiomics-merge-%j.log
set -euo pipefail
OUT=${OUT:-results}
radiomics merge "$OUT" --out "$OUT/features.csv"
