package dimacs_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/supply"
	"github.com/lifeline-sim/lifeline/supply/dimacs"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func cityNet(t testing.TB) *network.Network {
	t.Helper()
	net, err := network.ReadFile("../../testdata/city/network.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// roundTrip writes net in state st, reads the file back and returns it
// with its text.
func roundTrip(t testing.TB, net *network.Network, st *supply.State) (*dimacs.Instance, string) {
	t.Helper()
	var b bytes.Buffer
	if err := dimacs.Write(&b, net, st); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	in, err := dimacs.Read(&b, "net.max")
	if err != nil {
		t.Fatalf("reading what Write wrote: %v", err)
	}
	return in, text
}

func served(t testing.TB, net *network.Network, st *supply.State) float64 {
	t.Helper()
	res, err := supply.Solve(net, st, supply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total.Served
}

// TestWriteGolden pins the instance of the sample network as built.
func TestWriteGolden(t *testing.T) {
	var b bytes.Buffer
	if err := dimacs.Write(&b, cityNet(t), nil); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/city.max"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("Write differs from %s (go test -update to rewrite):\n%s", golden, got)
	}
}

// TestWriteCityStates checks the sample network in several states against
// flows worked out by hand from testdata/city/network.yaml, and against
// supply.Solve, exactly: its capacities are whole kW, so nothing rounds.
func TestWriteCityStates(t *testing.T) {
	tests := []struct {
		name         string
		set          func(st *supply.State) error
		vertices     int
		arcs         int
		flowKW       float64
		headerOutage string
	}{
		{
			// Demand 13880 kW exceeds the 12000 + 800 kW of supply, and the
			// network could carry more than the grid gives: the grid and
			// the backup bind.
			name: "as built", set: func(*supply.State) error { return nil },
			vertices: 2 + 17 + 2, arcs: 2*4 + 13 + 2 + 2 + 12, flowKW: 12800,
			headerOutage: "0 nodes, 0 links",
		},
		{
			// North consumers cut off; south limited by sub-south (5000),
			// ring serves 400 of the hospital + campus + works (1900), the
			// backup 800.
			name: "sub-north out", set: func(st *supply.State) error { return st.SetOut("sub-north", true) },
			vertices: 2 + 16 + 1, arcs: 2*2 + 9 + 1 + 2 + 12, flowKW: 7700,
			headerOutage: "1 nodes, 6 links",
		},
		{
			name: "grid at half", set: func(st *supply.State) error { return st.SetScale("grid", 0.5) },
			vertices: 21, arcs: 37, flowKW: 6000 + 800,
			headerOutage: "0 nodes, 0 links",
		},
		{
			// Hospital gets the backup only, campus and works nothing;
			// north 5130 and south 5000 are within the grid's 12000.
			name: "ring line out", set: func(st *supply.State) error { return st.SetOut("line-ring", true) },
			vertices: 21, arcs: 35, flowKW: 800 + 5130 + 5000,
			headerOutage: "0 nodes, 1 links",
		},
		{
			// Less demand: everything is served.
			name: "mall closed, compound-c halved", set: func(st *supply.State) error {
				if err := st.SetOut("mall", true); err != nil {
					return err
				}
				return st.SetDemand("compound-c", 1500)
			},
			vertices: 20, arcs: 35, flowKW: 13880 - 700 - 1500,
			headerOutage: "1 nodes, 1 links",
		},
	}
	net := cityNet(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := supply.NewState(net)
			if err := tc.set(st); err != nil {
				t.Fatal(err)
			}
			in, text := roundTrip(t, net, st)
			if in.N != tc.vertices || len(in.Arcs) != tc.arcs || in.S != 0 || in.T != 1 || in.Factor != dimacs.Factor {
				t.Errorf("N %d, %d arcs, s %d, t %d, factor %g; want %d, %d, 0, 1, %d",
					in.N, len(in.Arcs), in.S, in.T, in.Factor, tc.vertices, tc.arcs, dimacs.Factor)
			}
			if !strings.Contains(text, "c out of service and left out: "+tc.headerOutage+"\n") {
				t.Errorf("header does not say %q:\n%s", tc.headerOutage, text[:strings.Index(text, "p max")])
			}
			v, err := in.MaxFlow()
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.flowKW * dimacs.Factor; v != want {
				t.Errorf("max flow %v; want %v", v, want)
			}
			if s := served(t, net, st); v != s*dimacs.Factor {
				t.Errorf("max flow %v; supply.Solve serves %v × %d = %v", v, s, dimacs.Factor, s*dimacs.Factor)
			}
		})
	}
}

// TestWriteUnlimited checks that unlimited capacities, and capacities above
// the bound, are written as the bound, total demand × Factor + 1.
func TestWriteUnlimited(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.AddNode(network.Node{ID: "infeed", Role: network.Source, Capacity: math.Inf(1)})
	b.AddNode(network.Node{ID: "pump", Role: network.Station})                   // unlimited
	b.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 1e9})    // above the bound
	b.AddNode(network.Node{ID: "flat", Role: network.Consumer, Demand: 2.5})     // 2500
	b.AddNode(network.Node{ID: "shop", Role: network.Consumer, Demand: 0.00049}) // rounds to 0
	b.AddLink(network.Link{ID: "main", From: "infeed", To: "pump"})
	b.AddLink(network.Link{ID: "l1", From: "pump", To: "flat", Capacity: 1.2344, OneWay: true})
	b.AddLink(network.Link{ID: "l2", From: "tank", To: "shop", Capacity: 7, OneWay: true})
	net, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	in, text := roundTrip(t, net, nil)
	const bound = 2501
	if !strings.Contains(text, fmt.Sprintf("c unlimited %d ", bound)) {
		t.Errorf("header does not give the bound %d:\n%s", bound, text)
	}
	// Vertices: 1 s, 2 t, infeed 3, pump 4 (in) 5 (out), tank 6, flat 7, shop 8.
	want := []supply.Arc{
		{From: 2, To: 3, Cap: bound}, {From: 4, To: 2, Cap: bound}, // main, two-way
		{From: 4, To: 6, Cap: 1234},  // l1: 1.2344 × 1000 rounded
		{From: 5, To: 7, Cap: bound}, // l2: 7000 clamped
		{From: 0, To: 2, Cap: bound}, // infeed
		{From: 3, To: 4, Cap: bound}, // pump
		{From: 0, To: 5, Cap: bound}, // tank, 1e12 clamped
		{From: 6, To: 1, Cap: 2500},  // flat
		{From: 7, To: 1, Cap: 0},     // shop
	}
	if in.N != 8 || fmt.Sprint(in.Arcs) != fmt.Sprint(want) {
		t.Errorf("N %d, arcs\n%v\nwant 8,\n%v", in.N, in.Arcs, want)
	}
	if v, err := in.MaxFlow(); err != nil || v != 1234 {
		t.Errorf("max flow %v, %v; want 1234 (l1 binds)", v, err)
	}
}

// TestWriteSynth compares the maximum flow of written synth networks, in
// random states, with supply.Solve. Rounding each capacity moves the
// capacity of every cut by at most half a unit per arc, so the two agree
// within 0.5 × arcs, plus the solver's relative tolerance of 1e-9.
func TestWriteSynth(t *testing.T) {
	for _, tc := range []struct {
		nodes int
		mesh  float64
		seed  uint64
	}{{300, 0.05, 1}, {2000, 0.05, 2}, {2000, 0.5, 3}, {5000, 0.2, 4}} {
		net, err := synth.Generate(synth.Size(tc.nodes, tc.mesh, tc.seed))
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(tc.seed, 7))
		for trial := range 6 {
			st := supply.NewState(net)
			switch trial {
			case 0: // as built: all demand served
			default:
				for v := range net.NumNodes() {
					switch r := rng.Float64(); {
					case net.Role(v) == network.Source:
						st.NodeScale[v] = 0.3 + 0.9*rng.Float64()
					case r < 0.03:
						st.NodeScale[v] = 0
					case r < 0.1 && net.Role(v) == network.Station:
						st.NodeScale[v] = rng.Float64()
					case net.Role(v) == network.Consumer:
						st.Demand[v] *= 0.5 + rng.Float64()
					}
				}
				for l := range net.NumLinks() {
					if rng.Float64() < 0.02 {
						st.LinkScale[l] = 0
					}
				}
			}
			in, _ := roundTrip(t, net, st)
			v, err := in.MaxFlow()
			if err != nil {
				t.Fatal(err)
			}
			var demand float64
			for _, c := range net.Consumers() {
				if st.NodeScale[c] > 0 {
					demand += st.Demand[c]
				}
			}
			want := served(t, net, st) * dimacs.Factor
			tol := 0.5*float64(len(in.Arcs)) + 1e-9*demand*dimacs.Factor
			if math.Abs(v-want) > tol || v != math.Round(v) {
				t.Errorf("nodes %d mesh %g trial %d: max flow %v; supply.Solve × %d = %v (tolerance %v)",
					tc.nodes, tc.mesh, trial, v, dimacs.Factor, want, tol)
			}
			if trial > 0 && v > 0.999*demand*dimacs.Factor {
				t.Errorf("trial %d serves %.4g of %.4g: the state was meant to ration", trial, v/dimacs.Factor, demand)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	net := cityNet(t)
	other := cityNet(t)
	if err := dimacs.Write(&bytes.Buffer{}, net, supply.NewState(other)); !errors.Is(err, supply.ErrStateMismatch) {
		t.Errorf("state of another network: %v; want ErrStateMismatch", err)
	}
	st := supply.NewState(net)
	st.NodeScale[0] = math.NaN()
	st.LinkScale[3] = -1
	i, _ := net.NodeIndex("sub-south")
	st.Demand[i] = 5
	var b bytes.Buffer
	err := dimacs.Write(&b, net, st)
	for _, want := range []string{
		`dimacs: node "grid": scale NaN is not a finite value ≥ 0`,
		`dimacs: node "sub-south": demand 5 on a station`,
		`dimacs: link "tie": scale -1 is not a finite value ≥ 0`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v; want it to contain %q", err, want)
		}
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes for a bad state", b.Len())
	}
	st.Reset()
	c, _ := net.NodeIndex("mall")
	st.Demand[c] = 1e13 // × 1000 > 2^53
	if err := dimacs.Write(&b, net, st); err == nil || !strings.Contains(err.Error(), "exceeds 2^53") {
		t.Errorf("huge demand: %v; want an error about 2^53", err)
	}
}
