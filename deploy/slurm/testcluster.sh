#!/usr/bin/env bash
# A throwaway one-node Slurm cluster on this machine, for trying the job
# scripts and for the test that runs them (slurm_test.go).
#
#   testcluster.sh start DIR [PID]
#                              set up and start munged, slurmctld and slurmd
#                              with everything (key, config, state, spool,
#                              logs, sockets) under DIR, an empty folder;
#                              with PID, stop them too once process PID
#                              ends (a test that dies cannot leave them)
#   testcluster.sh stop DIR    stop every daemon the start in DIR started
#
# After start, DIR/env holds the settings the Slurm commands need
# (". DIR/env", then sbatch, squeue, scontrol …). Needs root (the daemons
# run as root, without systemd), Debian's slurm-wlm and munge packages,
# and free TCP ports (it picks two).
set -euo pipefail

die() { echo "testcluster.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: testcluster.sh start DIR [PID] | stop DIR"
cmd=$1
dir=$2
watch=${3:-}

# pids lists the processes this cluster started, one per line, but the
# shell running this script (the watcher runs stop too).
pids() { cat "$dir"/*.pid 2>/dev/null | grep -vx "$$" || true; }

stop() {
	[ -d "$dir" ] || return 0
	if [ -f "$dir/env" ]; then
		# shellcheck disable=SC1091
		. "$dir/env"
		# Cancel every job, so that no job step outlives its slurmd, then
		# ask both Slurm daemons to end.
		timeout 10 scancel --quiet --full 2>/dev/null || true
		timeout 10 scontrol shutdown 2>/dev/null || true
	fi
	local p alive
	for _ in $(seq 1 50); do
		alive=0
		for p in $(pids); do
			if kill -0 "$p" 2>/dev/null; then alive=1; fi
		done
		[ "$alive" -eq 0 ] && break
		for p in $(pids); do
			kill -TERM "$p" 2>/dev/null || true
		done
		sleep 0.2
	done
	for p in $(pids); do
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -f "$dir"/*.pid
}

free_port() {
	# A port nobody listens on, above the ephemeral range of most systems'
	# outgoing connections.
	local p
	for _ in $(seq 1 200); do
		p=$(( 20000 + RANDOM % 20000 ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free TCP port found"
}

start() {
	[ "$(id -u)" -eq 0 ] || die "needs root: slurmctld, slurmd and munged run as root here"
	for b in munged slurmctld slurmd sbatch scontrol; do
		command -v "$b" >/dev/null || die "$b not found (apt-get install -y slurm-wlm munge)"
	done
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	chmod 0700 "$dir"
	mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
	chmod 0700 "$dir/munge"

	# munge: a generated key, its own socket.
	dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
	chmod 0400 "$dir/munge/munge.key"
	local sock="$dir/munge/munge.socket"
	munged --force --socket="$sock" --key-file="$dir/munge/munge.key" \
		--log-file="$dir/log/munged.log" --pid-file="$dir/munge/munged.pidfile" \
		--seed-file="$dir/munge/munged.seed"
	for _ in $(seq 1 50); do
		[ -s "$dir/munge/munged.pidfile" ] && [ -S "$sock" ] && break
		sleep 0.1
	done
	[ -S "$sock" ] || die "munged did not start; see $dir/log/munged.log"
	cp "$dir/munge/munged.pidfile" "$dir/munged.pid"

	local host cpus ctl_port d_port
	host=$(hostname -s)
	cpus=$(nproc)
	ctl_port=$(free_port)
	d_port=$(free_port)
	[ "$ctl_port" != "$d_port" ] || d_port=$(( ctl_port + 1 ))
	cat >"$dir/slurm.conf" <<EOF
# One-node test cluster written by testcluster.sh.
ClusterName=lifeline-test
SlurmctldHost=$host
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pidfile
SlurmdPidFile=$dir/slurmd.pidfile
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
JobRequeue=1
KillWait=5
MinJobAge=3600
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
	cat >"$dir/env" <<EOF
export SLURM_CONF=$dir/slurm.conf
EOF
	export SLURM_CONF="$dir/slurm.conf"
	slurmctld -i -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1
	slurmd -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1
	for _ in $(seq 1 100); do
		[ -s "$dir/slurmctld.pidfile" ] && [ -s "$dir/slurmd.pidfile" ] && break
		sleep 0.1
	done
	[ -s "$dir/slurmctld.pidfile" ] && cp "$dir/slurmctld.pidfile" "$dir/slurmctld.pid"
	[ -s "$dir/slurmd.pidfile" ] && cp "$dir/slurmd.pidfile" "$dir/slurmd.pid"
	# Wait until the node takes jobs.
	local state=""
	for _ in $(seq 1 150); do
		state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
		case "$state" in
		idle | mix | alloc) return 0 ;;
		esac
		sleep 0.2
	done
	die "node $host is not ready (state \"$state\"); see $dir/log"
}

case "$cmd" in
start)
	# Whatever fails on the way stops what was started.
	trap stop EXIT
	start
	trap - EXIT
	if [ -n "$watch" ]; then
		# The watcher: stop the cluster once process $watch has ended.
		nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" stop "$3"' \
			watcher "$watch" "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$dir" \
			>/dev/null 2>&1 &
		echo $! >"$dir/watcher.pid"
	fi
	;;
stop) stop ;;
*) die "usage: testcluster.sh start|stop DIR" ;;
esac
