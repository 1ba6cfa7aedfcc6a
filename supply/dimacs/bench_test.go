package dimacs_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

// BenchmarkMaxFlow solves the written instances of synth networks of 10^3
// to 10^5 nodes (mostly radial, 5% extra links among stations) with
// supply.MaxFlow, as "lifeline solve -dimacs" does; bench/peers.sh times
// the same solve against other max-flow codes.
func BenchmarkMaxFlow(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			net, err := synth.Generate(synth.Size(n, 0.05, 1))
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := dimacs.Write(&buf, net, nil); err != nil {
				b.Fatal(err)
			}
			in, err := dimacs.Read(&buf, "bench.max")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := in.MaxFlow(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteRead writes and reads back the instance of a synth network
// of 10^5 nodes.
func BenchmarkWriteRead(b *testing.B) {
	net, err := synth.Generate(synth.Size(100_000, 0.05, 1))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := dimacs.Write(&buf, net, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := dimacs.Read(&buf, "bench.max"); err != nil {
			b.Fatal(err)
		}
	}
}
