package supply_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/supply"
)

// linearPass reads every node's incident links once: the memory-bound floor
// of any allocation on the network.
func linearPass(net *network.Network) float64 {
	var s float64
	for v := range net.NumNodes() {
		s += net.Demand(v)
		for _, l := range net.Incident(v) {
			s += float64(net.Other(int(l), v))
		}
	}
	return s
}

var sink float64

// floorNanos times linearPass, best of several runs, in nanoseconds.
func floorNanos(net *network.Network) float64 {
	best := time.Duration(1 << 62)
	for range 7 {
		t0 := time.Now()
		sink += linearPass(net)
		if d := time.Since(t0); d < best {
			best = d
		}
	}
	return float64(best.Nanoseconds())
}

var benchNets = map[int]*network.Network{}

func benchNet(b *testing.B, nodes int) *network.Network {
	if net, ok := benchNets[nodes]; ok {
		return net
	}
	net, err := synth.Generate(synth.Size(nodes, 0.05, 1))
	if err != nil {
		b.Fatal(err)
	}
	benchNets[nodes] = net
	return net
}

// BenchmarkSolve solves synth networks of 10^3 to 10^6 nodes (mostly
// radial, 5% extra mesh links among stations) with all demand servable, and
// with a shortage (sources derated to 70%, so every class is rationed by
// progressive filling). The x-floor metric is the ratio of
// one solve to one linear pass over the network's adjacency arrays.
func BenchmarkSolve(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		for _, short := range []bool{false, true} {
			name := fmt.Sprintf("nodes=%d/ample", n)
			if short {
				name = fmt.Sprintf("nodes=%d/shortage", n)
			}
			b.Run(name, func(b *testing.B) {
				net := benchNet(b, n)
				st := supply.NewState(net)
				if short {
					for v := range net.NumNodes() {
						if net.Role(v) == network.Source {
							st.NodeScale[v] = 0.7
						}
					}
				}
				s := supply.NewSolver(net, supply.Options{})
				var res supply.Result
				if err := s.Solve(st, &res); err != nil {
					b.Fatal(err)
				}
				floor := floorNanos(net)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					if err := s.Solve(st, &res); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/floor, "x-floor")
				b.ReportMetric(res.Total.PCS(), "coverage")
			})
		}
	}
}
