// Command geninstances writes the synth networks of the peer benchmark
// (bench/peers.sh) as DIMACS max-flow instances, and times Lifeline's own
// allocation (supply.Solver.Solve) on each network for comparison.
//
// Usage:
//
//	go run ./bench/geninstances [-sizes 10000,100000,1000000] [-variants radial,mesh] [-seed 1] [-reps 3] -dir DIR
//
// Variants: "radial" is synth.Size(n, 0.05, seed), the standard mostly
// radial shape (5% extra links among stations); "mesh" is
// synth.Size(n, 0.5, seed), ten times as many extra links; "short" is
// radial with sources at 80% of demand, so that supply is rationed.
//
// For each instance it writes DIR/VARIANT-NODES.max and prints one
// tab-separated line: name, file, network nodes, vertices, arcs, the best
// of -reps warm supply.Solver.Solve times in seconds (wall-clock, then the
// process's processor time), and the served
// supply × dimacs.Factor (which the instance's maximum flow equals up to
// the rounding of each capacity to an integer: at most 0.5 × arcs).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/supply"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

func main() {
	dir := flag.String("dir", "", "folder to write the instances to (required)")
	sizes := flag.String("sizes", "10000,100000,1000000", "comma-separated network sizes, in nodes")
	variants := flag.String("variants", "radial,mesh", "comma-separated variants: radial, mesh, short")
	seed := flag.Uint64("seed", 1, "synth seed")
	reps := flag.Int("reps", 3, "timed solves per network; the best counts")
	flag.Parse()
	if *dir == "" || flag.NArg() != 0 || *reps < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, *sizes, *variants, *seed, *reps); err != nil {
		fmt.Fprintln(os.Stderr, "geninstances:", err)
		os.Exit(1)
	}
}

func run(dir, sizes, variants string, seed uint64, reps int) error {
	var ns []int
	for s := range strings.SplitSeq(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 3 {
			return fmt.Errorf("-sizes: %q is not a size of at least 3 nodes", s)
		}
		ns = append(ns, n)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for v := range strings.SplitSeq(variants, ",") {
		v = strings.TrimSpace(v)
		for _, n := range ns {
			var p synth.Params
			switch v {
			case "radial":
				p = synth.Size(n, 0.05, seed)
			case "mesh":
				p = synth.Size(n, 0.5, seed)
			case "short":
				p = synth.Size(n, 0.05, seed)
				p.SupplyMargin = 0.8
			default:
				return fmt.Errorf("-variants: unknown variant %q (want radial, mesh or short)", v)
			}
			name := fmt.Sprintf("%s-%s", v, sizeName(n))
			line, err := instance(dir, name, p, reps)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			fmt.Fprintln(out, line)
			out.Flush()
		}
	}
	return nil
}

// sizeName writes powers of ten as 1e4, 1e5, ...; other sizes as they are.
func sizeName(n int) string {
	if e := math.Log10(float64(n)); e == math.Trunc(e) {
		return fmt.Sprintf("1e%d", int(e))
	}
	return strconv.Itoa(n)
}

func instance(dir, name string, p synth.Params, reps int) (string, error) {
	net, err := synth.Generate(p)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name+".max")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := dimacs.Write(f, net, nil); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	// Count what was written: every node is in service.
	vertices, arcs := 2+net.NumNodes(), 0
	for v := range net.NumNodes() {
		switch net.Role(v) {
		case network.Station:
			vertices++ // its out vertex
			arcs++
		case network.Source, network.Storage, network.Consumer:
			arcs++
		}
	}
	for l := range net.NumLinks() {
		arcs++
		if !net.OneWay(l) {
			arcs++
		}
	}
	s := supply.NewSolver(net, supply.Options{})
	var res supply.Result
	if err := s.Solve(nil, &res); err != nil { // warm-up
		return "", err
	}
	best, bestCPU := math.Inf(1), math.Inf(1)
	for range reps {
		c0, t0 := cpuSeconds(), time.Now()
		if err := s.Solve(nil, &res); err != nil {
			return "", err
		}
		best = min(best, time.Since(t0).Seconds())
		bestCPU = min(bestCPU, cpuSeconds()-c0)
	}
	return fmt.Sprintf("%s\t%s\t%d\t%d\t%d\t%.6f\t%.6f\t%.0f", name, path, net.NumNodes(), vertices, arcs, best, bestCPU,
		res.Total.Served*dimacs.Factor), nil
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
