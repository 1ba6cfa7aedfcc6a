#!/usr/bin/env bash
# Times Lifeline's maximum flow against the max-flow codes planners use, on
# exactly the same DIMACS files, in one run, and prints a table of times and
# ratios. See docs/benchmarks.md for what is measured and a recorded run.
#
# Usage: bench/peers.sh [--sizes 10000,100000,1000000] [--variants radial,mesh]
#                       [--reps 3] [--skip-nx-1e6] [--no-install] [--keep DIR]
#
#   --sizes       network sizes in nodes (synth.Size), comma-separated
#   --variants    radial: synth.Size(n, 0.05, 1), 5% extra links among stations;
#                 mesh: synth.Size(n, 0.5, 1); short: radial with supply at 80%
#                 of demand
#   --reps        timed solves per driver and instance; the best counts.
#                 NetworkX solves instances of 10^6 nodes or more once.
#   --skip-nx-1e6 leave NetworkX out on instances of 10^6 nodes or more (it
#                 takes minutes there); it always runs on smaller ones
#   --no-install  do not install the peers' Debian packages
#   --keep DIR    write the instances and drivers to DIR and keep them
#
# Drivers, each timing the solve alone (not reading the file) and printing
# "FLOW WALL CPU":
#   Lifeline Dinic   go build ./bench/gomaxflow (supply.MaxFlow)
#   Boost.Graph      bench/boost_maxflow.cpp, push_relabel_max_flow
#   LEMON            bench/lemon_maxflow.cpp, Preflow (if liblemon-dev exists)
#   NetworkX         bench/nx_maxflow.py, preflow_push
# and, on the network itself rather than the file, Lifeline's allocation
# (supply.Solver.Solve, timed by bench/geninstances).
#
# The script exits non-zero if the drivers disagree on any flow value.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=10000,100000,1000000
variants=radial,mesh
reps=3
skip_nx_large=0
install=1
keep=""
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--variants) variants=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--skip-nx-1e6) skip_nx_large=1; shift ;;
	--no-install) install=0; shift ;;
	--keep) keep=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "peers.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

has_candidate() {
	local policy
	policy=$(apt-cache policy "$1" 2>/dev/null || true)
	[[ $policy == *"Candidate: "* && $policy != *"Candidate: (none)"* ]]
}

lemon=0
if [ "$install" = 1 ]; then
	if ! has_candidate libboost-graph-dev; then
		as_root apt-get update -qq
	fi
	pkgs=(g++ python3-networkx libboost-graph-dev)
	if has_candidate liblemon-dev; then
		pkgs+=(liblemon-dev)
	fi
	echo "installing ${pkgs[*]}" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >&2
fi
if [ -f /usr/include/lemon/preflow.h ]; then
	lemon=1
fi

if [ -n "$keep" ]; then
	work=$keep
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi

py=${PYTHON:-/usr/bin/python3}
if ! "$py" -c 'import networkx' 2>/dev/null; then
	py=python3
fi

echo "building the drivers" >&2
g++ -O2 -std=c++17 -o "$work/boost_maxflow" bench/boost_maxflow.cpp
if [ "$lemon" = 1 ]; then
	g++ -O2 -std=c++17 -o "$work/lemon_maxflow" bench/lemon_maxflow.cpp
fi
go build -o "$work/gomaxflow" ./bench/gomaxflow
go build -o "$work/geninstances" ./bench/geninstances

echo "generating instances: sizes $sizes, variants $variants" >&2
"$work/geninstances" -dir "$work" -sizes "$sizes" -variants "$variants" -reps "$reps" >"$work/manifest.tsv"

# Machine and versions.
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || true)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go: $(go version | cut -d' ' -f3); g++: $(g++ -dumpfullversion)"
echo "Boost.Graph: $(dpkg-query -W -f='${Version}' libboost-graph-dev 2>/dev/null || echo '?')"
if [ "$lemon" = 1 ]; then
	echo "LEMON: $(dpkg-query -W -f='${Version}' liblemon-dev 2>/dev/null || echo '?')"
fi
echo "NetworkX: $("$py" -c 'import networkx; print(networkx.__version__)') on Python $("$py" -c 'import platform; print(platform.python_version())')"
echo "reps: $reps (best of); NetworkX at 10^6 nodes and more: $([ "$skip_nx_large" = 1 ] && echo skipped || echo 1 rep)"
echo

rows=()
bad=0
while IFS=$'\t' read -r name file nodes vertices arcs awall acpu expected; do
	echo "solving $name ($vertices vertices, $arcs arcs)" >&2
	read -r gflow gwall gcpu < <("$work/gomaxflow" -reps "$reps" "$file")
	read -r bflow bwall bcpu < <("$work/boost_maxflow" "$file" "$reps")
	lflow=-; lwall=-; lcpu=-
	if [ "$lemon" = 1 ]; then
		read -r lflow lwall lcpu < <("$work/lemon_maxflow" "$file" "$reps")
	fi
	nflow=-; nwall=-; ncpu=-
	nreps=$reps
	if [ "$nodes" -ge 1000000 ]; then
		nreps=1
	fi
	if [ "$nodes" -lt 1000000 ] || [ "$skip_nx_large" = 0 ]; then
		read -r nflow nwall ncpu < <("$py" bench/nx_maxflow.py "$file" "$nreps")
	fi
	for f in "$bflow" "$lflow" "$nflow"; do
		if [ "$f" != - ] && [ "$f" != "$gflow" ]; then
			echo "MISMATCH on $name: Lifeline $gflow, Boost $bflow, LEMON $lflow, NetworkX $nflow" >&2
			bad=1
		fi
	done
	# The flow of the rounded instance is within half a unit per arc of
	# the allocation's served supply × 1000.
	if ! awk -v f="$gflow" -v e="$expected" -v m="$arcs" 'BEGIN { d = f - e; if (d < 0) d = -d; exit !(d <= m / 2) }'; then
		echo "MISMATCH on $name: flow $gflow, allocation × 1000 = $expected" >&2
		bad=1
	fi
	rows+=("$name $nodes $vertices $arcs $gflow $awall $acpu $gwall $gcpu $bwall $bcpu $lwall $lcpu $nwall $ncpu")
done <"$work/manifest.tsv"

# table WALL|CPU prints one markdown table.
table() {
	local which=$1
	echo "Solve times in seconds ($which), best of $reps; ratios are peer ÷ Lifeline Dinic on the same file:"
	echo
	echo "| instance | nodes | vertices | arcs | max flow | Lifeline allocation | Lifeline Dinic | Boost push-relabel | LEMON Preflow | NetworkX preflow_push | Boost ÷ Dinic | LEMON ÷ Dinic | NetworkX ÷ Dinic | Boost ÷ allocation |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for r in "${rows[@]}"; do
		echo "$r" | awk -v which="$which" '
			function t(x) { return x == "-" ? "–" : sprintf("%.4g", x) }
			function q(a, b,   r, p) {
				if (a == "-" || b == "-" || b <= 0) return "–"
				r = a / b
				if (r < 999.5) return sprintf("%.3g×", r)
				p = 10 ^ (int(log(r) / log(10)) - 2) # 3 significant digits, no exponent
				return sprintf("%d×", int(r / p + 0.5) * p)
			}
			{
				if (which == "wall") { a = $6; g = $8; b = $10; l = $12; n = $14 }
				else { a = $7; g = $9; b = $11; l = $13; n = $15 }
				printf "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
					$1, $2, $3, $4, $5, t(a), t(g), t(b), t(l), t(n), q(b, g), q(l, g), q(n, g), q(b, a)
			}'
	done
	echo
}
table wall
table CPU
echo "Lifeline allocation: supply.Solver.Solve on the network itself (warm solver, as built)."
if [ "$bad" = 0 ]; then
	echo "All drivers agree on every flow value, and each is within 0.5 × arcs of the allocation's served supply × 1000."
else
	echo "DRIVERS DISAGREE: see the MISMATCH lines above."
	exit 1
fi
