#!/usr/bin/env bash
# Runs failed shards of a study again and lets its merge wait for them.
#
#   deploy/slurm/retry.sh ARRAY_JOB_ID MERGE_JOB_ID K...
#
# Requeues tasks K… of the array (scontrol requeue: a running task is
# killed first), lets them start at once rather than after Slurm's requeue
# delay, and points the merge job's dependency at every task of the array
# not yet completed: once a task has failed, Slurm never counts
# "afterok" on the whole array as met, even after the task succeeds on
# its second run. A shard run again writes the same summary as the first
# run would have. The merge job must still be pending (a cluster with
# kill_invalid_depend cancels it; submit merge.sbatch again then, with
# --dependency=afterok on the requeued tasks).
set -euo pipefail

if [ $# -lt 3 ]; then
	echo "usage: retry.sh ARRAY_JOB_ID MERGE_JOB_ID K..." >&2
	exit 2
fi
array=$1
merge=$2
shift 2
for k in "$@"; do
	scontrol requeue "${array}_$k"
done
for k in "$@"; do
	# A task killed by the requeue is pending only once its processes have
	# ended; its start time can be brought forward only then.
	for _ in $(seq 1 300); do
		state=$(squeue -h -j "${array}_$k" -o %T 2>/dev/null || true)
		[ "$state" = PENDING ] && break
		sleep 0.2
	done
	scontrol update JobId="${array}_$k" StartTime=now
done
# The tasks still pending or running, one per line, as ARRAY_K.
deps=$(squeue -h -r -j "$array" -o %i | sort -u | paste -sd: -)
if [ -z "$deps" ]; then
	# Nothing left to wait for (the requeued tasks ran already).
	scontrol update JobId="$merge" Dependency=
else
	scontrol update JobId="$merge" Dependency="afterok:$deps"
fi
echo "requeued ${array}_{$(IFS=,; echo "$*")}; merge $merge waits for $deps"
