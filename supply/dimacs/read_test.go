package dimacs_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

func TestRead(t *testing.T) {
	src := "c a small instance\r\n" +
		"c factor 1000\n" +
		"c factor 7 (only the first counts)\n" +
		"\n" +
		"p max 4 6\n" +
		"n\t4 t\n" +
		"  n 1 s\n" +
		"a 1 2 3\n" +
		"a 1 3 2.5\n" +
		"a 2 3 1e1\n" +
		"a 2 4 2\n" +
		"a 2 4 1 \r\n" + // parallel
		"comment without a space\n" +
		"a 3 4 007\n"
	in, err := dimacs.Read(strings.NewReader(src), "small.max")
	if err != nil {
		t.Fatal(err)
	}
	want := &dimacs.Instance{N: 4, S: 0, T: 3, Factor: 1000, Arcs: []supply.Arc{
		{From: 0, To: 1, Cap: 3}, {From: 0, To: 2, Cap: 2.5}, {From: 1, To: 2, Cap: 10},
		{From: 1, To: 3, Cap: 2}, {From: 1, To: 3, Cap: 1}, {From: 2, To: 3, Cap: 7},
	}}
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("Read = %+v\nwant %+v", in, want)
	}
	// s→1: 3, s→2: 2.5; 1→t: 3 (two arcs), 2→t: 7. Cut {s}: 5.5.
	if v, err := in.MaxFlow(); err != nil || v != 5.5 {
		t.Errorf("MaxFlow = %v, %v; want 5.5", v, err)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // the problems, in order
	}{
		{"empty", "", []string{
			"f.max: problem: no problem line (p max N M)"}},
		{"lines before the problem line", "n 1 s\na 1 2 3\np max 2 0\nn 1 s\nn 2 t\n", []string{
			"f.max:1: node: node line before the problem line",
			"f.max:2: arc: arc line before the problem line"}},
		{"bad problem line", "p min 1 -3\nn 1 s\nn 2 t\n", []string{
			`f.max:1: problem: type: problem type "min"; want max`,
			`f.max:1: problem: vertices: "1" is not a vertex count from 2 to 2147483646`,
			`f.max:1: problem: arcs: "-3" is not an arc count from 0 to 1073741823`}},
		{"short problem line, second problem line", "p max 3\np max 3 0\n", []string{
			"f.max: node: no source line (n ID s)",
			"f.max: node: no sink line (n ID t)",
			"f.max:1: problem: want 4 fields: p max N M",
			"f.max:2: problem: second problem line"}},
		{"bad nodes", "p max 3 0\nn 0 s\nn 4 t\nn 2 x\nn 3\nn 1 s\n", []string{
			`f.max:2: node "0": id: "0" is not a vertex ID (a whole number from 1)`,
			`f.max:3: node "4": id: vertex 4 out of range 1..3`,
			`f.max:4: node "2": type: node type "x"; want s or t`,
			`f.max:5: node: want 3 fields: n ID s or n ID t`,
			`f.max:6: node "1": second source; the first is on line 2`}},
		{"source is sink", "p max 3 0\nn 2 s\nn 2 t\n", []string{
			`f.max:3: node "2": vertex 2 is both the source and the sink`}},
		{"bad arcs", "p max 3 5\nn 1 s\nn 3 t\na 1 2\na x 4 1\na 1 2 -1\na 1 2 inf\na 1 2 9007199254740993\n", []string{
			`f.max:4: arc "1": want 4 fields: a U V CAP`,
			`f.max:5: arc "2": tail: "x" is not a vertex ID (a whole number from 1)`,
			`f.max:5: arc "2": head: vertex 4 out of range 1..3`,
			`f.max:6: arc "3": capacity: negative capacity -1`,
			`f.max:7: arc "4": capacity: "inf" is not a decimal number`,
			`f.max:8: arc "5": capacity: capacity 9007199254740993 exceeds 2^53, beyond exact float64 integers`}},
		{"arc count", "p max 2 1\nn 1 s\nn 2 t\na 1 2 1\na 2 1 1\na 2 1 1\n", []string{
			`f.max:5: arc "2": more arcs than the 1 of the problem line`}},
		{"too few arcs, unknown line", "p max 2 3\nn 1 s\nn 2 t\nx 1\na 1 2 1\n", []string{
			"f.max: arc: 1 arcs; the problem line announces 3",
			`f.max:4: unknown line type "x" (want c, p, n or a)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := dimacs.Read(strings.NewReader(tc.src), "f.max")
			if in != nil || !errors.Is(err, network.ErrInvalid) {
				t.Fatalf("Read = %v, %v; want nil and an error matching network.ErrInvalid", in, err)
			}
			var got []string
			for _, p := range network.Problems(err) {
				got = append(got, p.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestReadManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("p max 2 300\nn 1 s\nn 2 t\n")
	for range 300 {
		b.WriteString("a 1 3 1\n")
	}
	_, err := dimacs.Read(strings.NewReader(b.String()), "f.max")
	probs := network.Problems(err)
	if len(probs) != 101 || probs[100].Error() != "f.max: 200 more problems not listed" {
		t.Errorf("%d problems, last %v; want 100 and a count of 200 more", len(probs), probs[len(probs)-1])
	}
}

func TestReadLongLine(t *testing.T) {
	src := "p max 2 0\nn 1 s\nn 2 t\nc " + strings.Repeat("x", 2<<20) + "\n"
	_, err := dimacs.Read(strings.NewReader(src), "f.max")
	if err == nil || err.Error() != "f.max:4: line longer than 1048576 bytes" {
		t.Errorf("error %v; want one naming line 4", err)
	}
}

func TestInstanceWriteRoundTrip(t *testing.T) {
	in := &dimacs.Instance{N: 3, S: 2, T: 0, Factor: 0.5, Arcs: []supply.Arc{
		{From: 2, To: 1, Cap: 1e15}, {From: 1, To: 0, Cap: 0.125}, {From: 1, To: 1, Cap: 0},
	}}
	var b bytes.Buffer
	if err := in.Write(&b); err != nil {
		t.Fatal(err)
	}
	const want = "c factor 0.5\np max 3 3\nn 3 s\nn 1 t\na 3 2 1000000000000000\na 2 1 0.125\na 2 2 0\n"
	if b.String() != want {
		t.Errorf("Write:\n%s\nwant:\n%s", b.String(), want)
	}
	back, err := dimacs.Read(&b, "x")
	if err != nil || !reflect.DeepEqual(back, in) {
		t.Errorf("read back %+v, %v; want %+v", back, err, in)
	}
	for _, bad := range []*dimacs.Instance{
		{N: 1, S: 0, T: 0},
		{N: 2, S: 1, T: 1},
		{N: 2, S: 0, T: 1, Arcs: []supply.Arc{{From: 0, To: 2}}},
		{N: 2, S: 0, T: 1, Arcs: []supply.Arc{{From: 0, To: 1, Cap: math.NaN()}}},
		{N: 2, S: 0, T: 1, Arcs: []supply.Arc{{From: 0, To: 1, Cap: 1 << 54}}},
	} {
		if err := bad.Write(&b); err == nil {
			t.Errorf("Write(%+v) succeeded; want an error", bad)
		}
	}
}

func arc(u, v int, c float64) supply.Arc { return supply.Arc{From: u, To: v, Cap: c} }

// minCut returns the capacity of a minimum s-t cut by trying every set of
// the other vertices on the source side: an oracle independent of any
// flow algorithm.
func minCut(in *dimacs.Instance) float64 {
	best := math.Inf(1)
	var others []int
	for v := range in.N {
		if v != in.S && v != in.T {
			others = append(others, v)
		}
	}
	side := make([]bool, in.N)
	for mask := range 1 << len(others) {
		clear(side)
		side[in.S] = true
		for i, v := range others {
			side[v] = mask&(1<<i) != 0
		}
		var c float64
		for _, a := range in.Arcs {
			if side[a.From] && !side[a.To] {
				c += a.Cap
			}
		}
		best = min(best, c)
	}
	return best
}

// TestMaxFlowOracle checks supply.MaxFlow, through Instance.MaxFlow, on
// random small graphs against the brute-force minimum cut (max-flow
// min-cut theorem), with integer capacities, so equality is exact.
func TestMaxFlowOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 2 + rng.IntN(8)
		in := &dimacs.Instance{N: n, S: rng.IntN(n)}
		in.T = (in.S + 1 + rng.IntN(n-1)) % n
		for range rng.IntN(3 * n * n / 2) {
			c := float64(rng.IntN(20))
			if rng.IntN(5) == 0 {
				c = 0
			}
			in.Arcs = append(in.Arcs, supply.Arc{From: rng.IntN(n), To: rng.IntN(n), Cap: c})
		}
		v, err := in.MaxFlow()
		if err != nil {
			t.Fatal(err)
		}
		if want := minCut(in); v != want {
			t.Fatalf("trial %d: max flow %v; minimum cut %v; instance %+v", trial, v, want, in)
		}
	}
}

// TestMaxFlowClassic is the network of Cormen et al., Figure 26.1: maximum
// flow 23.
func TestMaxFlowClassic(t *testing.T) {
	arcs := []supply.Arc{arc(0, 1, 16), arc(0, 2, 13), arc(2, 1, 4), arc(1, 3, 12), arc(3, 2, 9), arc(2, 4, 14), arc(4, 3, 7), arc(3, 5, 20), arc(4, 5, 4)}
	if v, err := supply.MaxFlow(6, arcs, 0, 5); err != nil || v != 23 {
		t.Errorf("MaxFlow = %v, %v; want 23", v, err)
	}
	if v, err := supply.MaxFlow(6, arcs, 5, 0); err != nil || v != 0 {
		t.Errorf("reversed: MaxFlow = %v, %v; want 0", v, err)
	}
}

func TestMaxFlowErrors(t *testing.T) {
	tests := []struct {
		n    int
		arcs []supply.Arc
		s, t int
		want string
	}{
		{1, nil, 0, 0, "supply: MaxFlow: 1 vertices; want 2 to 2147483646"},
		{3, nil, 3, -1, "supply: MaxFlow: source 3 out of range [0, 3)\nsupply: MaxFlow: sink -1 out of range [0, 3)"},
		{3, nil, 1, 1, "supply: MaxFlow: source and sink are both vertex 1"},
		{3, []supply.Arc{arc(0, 1, 1), arc(0, 3, 1), arc(1, 2, -1), arc(1, 2, math.Inf(1))}, 0, 2,
			"supply: MaxFlow: arc 1 (0→3): end out of range [0, 3)\n" +
				"supply: MaxFlow: arc 2 (1→2): capacity -1 is not a finite value ≥ 0\n" +
				"supply: MaxFlow: arc 3 (1→2): capacity +Inf is not a finite value ≥ 0"},
	}
	for _, tc := range tests {
		if _, err := supply.MaxFlow(tc.n, tc.arcs, tc.s, tc.t); err == nil || err.Error() != tc.want {
			t.Errorf("MaxFlow(%d, %v, %d, %d) error:\n%v\nwant:\n%s", tc.n, tc.arcs, tc.s, tc.t, err, tc.want)
		}
	}
	var many []supply.Arc
	for range 12 {
		many = append(many, supply.Arc{From: 0, To: 1, Cap: -1})
	}
	_, err := supply.MaxFlow(2, many, 0, 1)
	if err == nil || !strings.HasSuffix(err.Error(), "supply: MaxFlow: 2 more bad arcs") || strings.Count(err.Error(), "\n") != 10 {
		t.Errorf("12 bad arcs: %v; want 10 named and 2 counted", err)
	}
}

func ExampleRead() {
	src := `c two routes from 1 to 4, of 3 and 2 units
p max 4 4
n 1 s
n 4 t
a 1 2 3
a 2 4 5
a 1 3 4
a 3 4 2
`
	in, err := dimacs.Read(strings.NewReader(src), "routes.max")
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := in.MaxFlow()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d vertices, %d arcs, maximum flow %g\n", in.N, len(in.Arcs), v)
	// Output:
	// 4 vertices, 4 arcs, maximum flow 5
}
