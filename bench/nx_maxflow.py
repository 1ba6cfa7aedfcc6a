#!/usr/bin/env python3
"""nx_maxflow: the NetworkX driver of the peer benchmark (bench/peers.sh).

Reads a DIMACS max-flow instance into a networkx.DiGraph (parallel arcs
merged by adding their capacities, as a DiGraph holds one edge per pair)
and solves it with networkx.algorithms.flow.preflow_push (a full maximum
flow, value_only=False, as the other drivers compute).

Usage: nx_maxflow.py FILE [REPS]

Prints one line, "FLOW WALL CPU": the maximum-flow value and the best of
REPS (default 1) solve times in seconds, wall-clock and processor, timed
with time.perf_counter and time.process_time around
preflow_push alone (reading the file and building the DiGraph are not
timed; preflow_push builds its residual network inside, and that is).
"""
import sys
import time

import networkx as nx
from networkx.algorithms.flow import preflow_push


def read_dimacs(path):
    caps = {}
    n = s = t = None
    with open(path) as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0][0] == "c":
                continue
            kind = fields[0]
            if kind == "p":
                if len(fields) != 4 or fields[1] != "max":
                    raise SystemExit(f"nx_maxflow: {path}: bad problem line: {line.strip()}")
                n = int(fields[2])
            elif kind == "n":
                if fields[2] == "s":
                    s = int(fields[1])
                elif fields[2] == "t":
                    t = int(fields[1])
            elif kind == "a":
                u, v = int(fields[1]), int(fields[2])
                c = fields[3]
                c = int(c) if c.isdigit() else float(c)
                caps[(u, v)] = caps.get((u, v), 0) + c
            else:
                raise SystemExit(f"nx_maxflow: {path}: unknown line: {line.strip()}")
    if n is None or s is None or t is None:
        raise SystemExit(f"nx_maxflow: {path}: no problem, source or sink line")
    g = nx.DiGraph()
    g.add_nodes_from(range(1, n + 1))
    g.add_edges_from((u, v, {"capacity": c}) for (u, v), c in caps.items())
    return g, s, t


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: nx_maxflow.py FILE [REPS]")
    reps = int(sys.argv[2]) if len(sys.argv) == 3 else 1
    if reps < 1:
        raise SystemExit("nx_maxflow: REPS must be at least 1")
    g, s, t = read_dimacs(sys.argv[1])
    best = best_cpu = float("inf")
    flow = None
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        r = preflow_push(g, s, t, capacity="capacity")
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        flow = r.graph["flow_value"]
        del r
    print(f"{flow} {best:.6f} {best_cpu:.6f}")


if __name__ == "__main__":
    main()
