#!/usr/bin/env bash
# Submits a Lifeline study to Slurm: a job array of SHARDS shards
# (shards.sbatch) and a merge job that runs once they have all succeeded
# (merge.sbatch, --dependency=afterok). Prints the two job IDs.
#
#   SCENARIO=study.yaml TRIALS=100000 SHARDS=100 OUT=$PWD/shards deploy/slurm/submit.sh [SBATCH OPTIONS...]
#
# Options after the script name go to both sbatch calls (--partition,
# --account, --time …). The environment settings are those of shards.sbatch
# and merge.sbatch; OUT must be on storage every node sees.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${SCENARIO:?set SCENARIO to the scenario file}"
: "${TRIALS:?set TRIALS to the number of trials of the whole study}"
: "${SHARDS:?set SHARDS to the number of shards}"
: "${OUT:?set OUT to the folder for the shard summaries}"
if [ "$SHARDS" -lt 1 ] || [ "$SHARDS" -gt "$TRIALS" ]; then
	echo "submit.sh: SHARDS=$SHARDS: want 1 to TRIALS=$TRIALS" >&2
	exit 2
fi
mkdir -p "$OUT"
export SCENARIO TRIALS SHARDS OUT

array=$(sbatch --parsable --array=0-$((SHARDS - 1)) "$@" "$here/shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" "$@" "$here/merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
