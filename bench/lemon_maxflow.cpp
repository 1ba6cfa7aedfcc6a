// lemon_maxflow: the LEMON driver of the peer benchmark (bench/peers.sh).
// It reads a DIMACS max-flow instance with lemon::readDimacsMax into a
// SmartDigraph and solves it with lemon::Preflow (both phases: a maximum
// flow, not only its value).
//
// Usage: lemon_maxflow FILE [REPS]
//
// It prints one line, "FLOW WALL CPU": the maximum-flow value and the best
// of REPS (default 1) solve times in seconds, wall-clock and processor,
// timed with std::chrono and std::clock around the
// Preflow run alone (reading the file is not timed).
#include <lemon/dimacs.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <limits>

using namespace lemon;

typedef SmartDigraph::ArcMap<long long> CapMap;

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: lemon_maxflow FILE [REPS]\n");
        return 2;
    }
    int reps = argc == 3 ? std::atoi(argv[2]) : 1;
    if (reps < 1) {
        std::fprintf(stderr, "lemon_maxflow: REPS must be at least 1\n");
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::fprintf(stderr, "lemon_maxflow: cannot open %s\n", argv[1]);
        return 1;
    }
    SmartDigraph g;
    CapMap cap(g);
    SmartDigraph::Node s, t;
    try {
        readDimacsMax(in, g, cap, s, t);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lemon_maxflow: %s: %s\n", argv[1], e.what());
        return 1;
    }
    double best = std::numeric_limits<double>::infinity(), bestCPU = best;
    long long flow = 0;
    for (int i = 0; i < reps; ++i) {
        std::clock_t c0 = std::clock();
        auto t0 = std::chrono::steady_clock::now();
        Preflow<SmartDigraph, CapMap> pf(g, cap, s, t);
        pf.run();
        flow = pf.flowValue();
        auto t1 = std::chrono::steady_clock::now();
        double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
        if (cpu < bestCPU) bestCPU = cpu;
        double sec = std::chrono::duration<double>(t1 - t0).count();
        if (sec < best) best = sec;
    }
    std::printf("%lld %.6f %.6f\n", flow, best, bestCPU);
    return 0;
}
