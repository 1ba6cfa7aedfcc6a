// Command gomaxflow is the Go driver of the peer benchmark
// (bench/peers.sh): it reads a DIMACS max-flow instance and solves it with
// supply.MaxFlow, Lifeline's Dinic implementation, on the graph as given.
//
// Usage:
//
//	go run ./bench/gomaxflow [-reps N] FILE
//
// It prints one line, "FLOW WALL CPU": the maximum-flow value and the best
// of N solve times in seconds, wall-clock and processor (the process's,
// so the garbage collector's work on other cores counts too). A solve is
// timed from the arc list in memory to the value: it includes building the
// residual graph, as NetworkX's preflow_push does, but not reading the
// file.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

func main() {
	reps := flag.Int("reps", 1, "timed solves; the best counts")
	flag.Parse()
	if flag.NArg() != 1 || *reps < 1 {
		fmt.Fprintln(os.Stderr, "usage: gomaxflow [-reps N] FILE")
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gomaxflow:", err)
		os.Exit(1)
	}
	in, err := dimacs.Read(f, flag.Arg(0))
	f.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gomaxflow:", err)
		os.Exit(1)
	}
	best, bestCPU, v := math.Inf(1), math.Inf(1), 0.0
	for range *reps {
		c0, t0 := cpuSeconds(), time.Now()
		v, err = in.MaxFlow()
		best = min(best, time.Since(t0).Seconds())
		bestCPU = min(bestCPU, cpuSeconds()-c0)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gomaxflow:", err)
			os.Exit(1)
		}
	}
	fmt.Println(strconv.FormatFloat(v, 'f', -1, 64), strconv.FormatFloat(best, 'f', 6, 64), strconv.FormatFloat(bestCPU, 'f', 6, 64))
}

// cpuSeconds returns the processor time the process has used, user and
// system, in seconds.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
