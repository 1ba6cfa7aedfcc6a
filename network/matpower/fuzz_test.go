package matpower_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/matpower"
)

// FuzzRead checks that Read never panics, that every problem it reports is
// a FieldError naming the file, and that whatever it accepts refers only to
// buses it declares and can be mapped and solved without a panic.
func FuzzRead(f *testing.F) {
	case9, err := os.ReadFile("testdata/case9.m")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(case9)
	f.Add([]byte(tinyCase(busRows, genRows, branchRows)))
	f.Add([]byte("function c = x\nc.baseMVA = 1;\nc.bus = [1 3 0 0 0 0 1 1 0 1 1 1 1; 2 4 -5 0 0 0 1 1 0 1 0 1 1];\n" +
		"c.gen = [1 1 0 Inf -Inf 1 1 1 Inf 0];\nc.branch = [1 2 0 0 0 0 0 0 0 0 1 0 0\n 2 1 0 -1 0 0 0 0 2 30 1 0 0];\n"))
	f.Add([]byte("%{\nmpc.bus = [\n%}\nmpc.bus = [1 2 ...\n 3]; mpc.gen = {'a''b', \"c\"}; mpc.branch = [1 2]'\n"))
	f.Add([]byte("function [baseMVA, bus] = old\r\nmpc.version = '1'\rmpc.baseMVA = 1e400;"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := matpower.Read(bytes.NewReader(src), "fuzz.m")
		if err != nil {
			if c != nil {
				t.Fatalf("both a case and an error: %v", err)
			}
			probs := network.Problems(err)
			if len(probs) == 0 {
				t.Fatalf("error without a FieldError: %v", err)
			}
			for _, p := range probs {
				if p.Pos.File != "fuzz.m" {
					t.Fatalf("problem without the file name: %#v", *p)
				}
			}
			return
		}
		if len(c.Buses) == 0 || !(c.BaseMVA > 0) {
			t.Fatalf("accepted a case without buses or base: %+v", c)
		}
		known := map[int]bool{}
		for _, b := range c.Buses {
			if known[b.ID] || b.ID < 1 || b.Type < 1 || b.Type > 4 {
				t.Fatalf("accepted bus %+v", b)
			}
			known[b.ID] = true
		}
		for _, g := range c.Gens {
			if !known[g.Bus] {
				t.Fatalf("accepted gen at unknown bus: %+v", g)
			}
		}
		for _, br := range c.Branches {
			if !known[br.From] || !known[br.To] || br.From == br.To || br.RateA < 0 {
				t.Fatalf("accepted branch %+v", br)
			}
		}
		_, _ = c.Network()
		if res, err := c.DCPowerFlow(); err == nil && len(res.Buses) != len(c.Buses) {
			t.Fatalf("%d bus angles for %d buses", len(res.Buses), len(c.Buses))
		}
	})
}
