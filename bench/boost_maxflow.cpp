// boost_maxflow: the Boost.Graph driver of the peer benchmark
// (bench/peers.sh). It reads a DIMACS max-flow instance with
// boost::read_dimacs_max_flow and solves it with
// boost::push_relabel_max_flow.
//
// Usage: boost_maxflow FILE [REPS]
//
// It prints one line, "FLOW WALL CPU": the maximum-flow value and the best
// of REPS (default 1) solve times in seconds, wall-clock and processor,
// timed with std::chrono and std::clock around
// push_relabel_max_flow alone (reading the file is not timed).
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <boost/graph/read_dimacs.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <limits>

using namespace boost;

typedef adjacency_list_traits<vecS, vecS, directedS> Traits;
typedef adjacency_list<
    vecS, vecS, directedS, no_property,
    property<edge_capacity_t, long,
             property<edge_residual_capacity_t, long,
                      property<edge_reverse_t, Traits::edge_descriptor>>>>
    Graph;

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: boost_maxflow FILE [REPS]\n");
        return 2;
    }
    int reps = argc == 3 ? std::atoi(argv[2]) : 1;
    if (reps < 1) {
        std::fprintf(stderr, "boost_maxflow: REPS must be at least 1\n");
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::fprintf(stderr, "boost_maxflow: cannot open %s\n", argv[1]);
        return 1;
    }
    Graph g;
    property_map<Graph, edge_capacity_t>::type capacity = get(edge_capacity, g);
    property_map<Graph, edge_reverse_t>::type rev = get(edge_reverse, g);
    Traits::vertex_descriptor s = 0, t = 0;
    if (read_dimacs_max_flow(g, capacity, rev, s, t, in) != 0) {
        std::fprintf(stderr, "boost_maxflow: cannot read %s\n", argv[1]);
        return 1;
    }
    double best = std::numeric_limits<double>::infinity(), bestCPU = best;
    long flow = 0;
    for (int i = 0; i < reps; ++i) {
        std::clock_t c0 = std::clock();
        auto t0 = std::chrono::steady_clock::now();
        flow = push_relabel_max_flow(g, s, t);
        auto t1 = std::chrono::steady_clock::now();
        double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
        if (cpu < bestCPU) bestCPU = cpu;
        double sec = std::chrono::duration<double>(t1 - t0).count();
        if (sec < best) best = sec;
    }
    std::printf("%ld %.6f %.6f\n", flow, best, bestCPU);
    return 0;
}
