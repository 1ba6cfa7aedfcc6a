package epanet_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/epanet"
)

// FuzzRead checks that Read never panics, that every problem it reports is
// a *network.FieldError naming the file, in line order, and that what it
// accepts is a water network that holds exactly the open elements counted.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"Net1.inp", "small.inp"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"[JUNCTIONS]\nJ 0 -5\n[TANKS]\nT 0 1 0 2 3\n[PIPES]\nP J T 1 1 1 CV\n[OPTIONS]\nUNITS CMD\n",
		"[JUNCTIONS]\n10 100 abc\n[PIPES]\nP 10 X\n[STATUS]\nP closed\n",
		"[PUMPS]\nU R J HEAD C SPEED 0\n[CURVES]\nC 0 10\nC 5 8\nC 9 1\n[JUNCTIONS]\nJ\n[RESERVOIRS]\nR 1\n",
		"[VALVES]\nV J R 6 FCV 0\nW R J 6 GPV C\n[JUNCTIONS]\nJ 1 1e308\n[RESERVOIRS]\nR 1\n[DEMANDS]\nJ 1e308\nJ 1e308\n",
		"[TIMES]\nPATTERN TIMESTEP 0:0:1\n[PATTERNS]\n1 1 2\n[STATUS]\n1 9 OPEN\n",
		"[TANKS]\nT 0 5 1 9 0 0 V\n[CURVES]\nV 0 0\nV 10 -5\n[JUNCTIONS]\nJ 0 1\n[PIPES]\nP T J\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := epanet.Read(bytes.NewReader(data), "f.inp", epanet.Options{ApplyPatterns: len(data)%2 == 1, PatternHour: len(data) % 48})
		if err != nil {
			if m != nil {
				t.Fatalf("both a model and an error: %v", err)
			}
			if !errors.Is(err, network.ErrInvalid) {
				t.Fatalf("error does not match ErrInvalid: %v", err)
			}
			probs := network.Problems(err)
			if len(probs) == 0 {
				t.Fatalf("error without a FieldError: %v", err)
			}
			for i, p := range probs {
				if p.Pos.File != "f.inp" {
					t.Fatalf("problem without the file name: %#v", *p)
				}
				if i > 0 && p.Pos.Line < probs[i-1].Pos.Line {
					t.Fatalf("problems out of line order: %v", err)
				}
			}
			return
		}
		n := m.Network
		if n == nil || n.Kind() != network.Water {
			t.Fatalf("no water network: %+v", m)
		}
		c := m.Counts
		stations := 0
		for i := range n.NumNodes() {
			if n.Role(i) == network.Station {
				stations++
			}
			if d := n.Demand(i); d < 0 || math.IsNaN(d) || math.IsInf(d, 0) {
				t.Fatalf("node %s: demand %g", n.NodeID(i), d)
			}
		}
		if got, want := n.NumNodes()-stations, c.Junctions+c.Reservoirs+c.Tanks; got != want {
			t.Fatalf("%d nodes besides pump stations, want %d", got, want)
		}
		closedPumps := c.Pumps - stations
		if got, want := n.NumLinks(), c.Pipes+c.Valves-(len(m.Closed)-closedPumps)+2*stations; got != want {
			t.Fatalf("%d links, want %d (counts %+v, closed %v)", got, want, c, m.Closed)
		}
		if len(m.PatternIDs) != c.Patterns || len(m.Patterns) != c.Patterns {
			t.Fatalf("%d pattern IDs, %d patterns, counted %d", len(m.PatternIDs), len(m.Patterns), c.Patterns)
		}
	})
}
