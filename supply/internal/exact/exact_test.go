package exact

import (
	"math/big"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

// Small builders for hand-made networks.

func src(id string, c float64) network.Node {
	return network.Node{ID: id, Role: network.Source, Capacity: c}
}
func sto(id string, c float64) network.Node {
	return network.Node{ID: id, Role: network.Storage, Capacity: c, Level: 100}
}
func sta(id string, c float64) network.Node {
	return network.Node{ID: id, Role: network.Station, Capacity: c}
}
func jun(id string) network.Node { return network.Node{ID: id, Role: network.Junction} }
func con(id, class string, d float64) network.Node {
	return network.Node{ID: id, Role: network.Consumer, Class: class, Demand: d}
}
func lnk(from, to string, c float64) network.Link {
	return network.Link{ID: from + "-" + to, From: from, To: to, Capacity: c}
}
func oneway(from, to string, c float64) network.Link {
	return network.Link{ID: from + ">" + to, From: from, To: to, Capacity: c, OneWay: true}
}

func build(tb testing.TB, classes []network.Class, nodes []network.Node, links []network.Link) *network.Network {
	tb.Helper()
	b := network.NewBuilder(network.Power)
	if classes != nil {
		b.SetClasses(classes)
	}
	for _, n := range nodes {
		b.AddNode(n)
	}
	for _, l := range links {
		b.AddLink(l)
	}
	net, err := b.Build()
	if err != nil {
		tb.Fatalf("building the network: %v", err)
	}
	return net
}

// r parses a rational such as "45/2" or "22.5" (decimal, exact).
func r(s string) *big.Rat {
	x, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad rational " + s)
	}
	return x
}

// f is the exact value of a float64.
func f(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }

func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func quo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }
func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }
func add(xs ...*big.Rat) *big.Rat {
	s := new(big.Rat)
	for _, x := range xs {
		s.Add(s, x)
	}
	return s
}

// handCase is a network, changes to its state, and the exact allocation
// expected, worked out by hand.
type handCase struct {
	name    string
	classes []network.Class
	nodes   []network.Node
	links   []network.Link
	policy  Policy
	scale   map[string]float64  // node or link ID → scale
	demand  map[string]float64  // consumer ID → demand now
	want    map[string]*big.Rat // consumer ID → served
	wantMax *big.Rat
}

func sharedRanks() []network.Class {
	return []network.Class{{Name: "a", Rank: 1}, {Name: "b", Rank: 1}, {Name: "c", Rank: 2}}
}

func handCases() []handCase {
	feeder := func(station float64, bLink float64) ([]network.Node, []network.Link) {
		return []network.Node{src("S", 100), sta("T", station), con("a", "", 30), con("b", "", 50)},
			[]network.Link{lnk("S", "T", 0), lnk("T", "a", 0), lnk("T", "b", bLink)}
	}
	fn, fl := feeder(60, 0)
	fn20, fl20 := feeder(60, 20)
	fnU, flU := feeder(0, 0)
	fnI, flI := feeder(network.Unlimited, 0)

	// s1 · s2 · d1 / (d1 + d2 + d3) and friends for the wide-spread case.
	d1, d2, d3 := f(1e-4), f(1), f(1e6)
	tSpread := quo(f(5e5), add(d1, d2, d3))
	tBig := quo(sub(f(1e6), f(6)), add(f(1e6), f(3e5)))

	return []handCase{
		{
			name:  "feeder: station limit shared in proportion",
			nodes: fn, links: fl,
			want:    map[string]*big.Rat{"a": r("45/2"), "b": r("75/2")},
			wantMax: r("60"),
		},
		{
			name:  "feeder: own link limits one consumer, the other takes the rest up to its demand",
			nodes: fn20, links: fl20,
			want:    map[string]*big.Rat{"a": r("30"), "b": r("20")},
			wantMax: r("50"),
		},
		{
			name:  "feeder: derated station (scale 1/2)",
			nodes: fn, links: fl, scale: map[string]float64{"T": 0.5},
			want:    map[string]*big.Rat{"a": r("45/4"), "b": r("75/4")},
			wantMax: r("30"),
		},
		{
			name:  "feeder: station capacity 0 is unlimited",
			nodes: fnU, links: flU,
			want:    map[string]*big.Rat{"a": r("30"), "b": r("50")},
			wantMax: r("80"),
		},
		{
			name:  "feeder: unlimited station stays unlimited when derated; source derated",
			nodes: fnI, links: flI, scale: map[string]float64{"T": 0.25, "S": 0.75},
			want:    map[string]*big.Rat{"a": r("225/8"), "b": r("375/8")},
			wantMax: r("75"),
		},
		{
			name:  "feeder: station out of service",
			nodes: fn, links: fl, scale: map[string]float64{"T": 0},
			want:    map[string]*big.Rat{"a": r("0"), "b": r("0")},
			wantMax: r("0"),
		},
		{
			// b is reached only through a-b and c-b (10 each): level 1/2
			// freezes b at 20; a and c then share 70, each can take at
			// most 50 − 10 = 40: 35 each.
			name:    "ring: a weak segment is frozen first",
			nodes:   []network.Node{src("S", 90), con("a", "", 40), con("b", "", 40), con("c", "", 40)},
			links:   []network.Link{lnk("S", "a", 50), lnk("a", "b", 10), lnk("b", "c", 10), lnk("c", "S", 50)},
			want:    map[string]*big.Rat{"a": r("35"), "b": r("20"), "c": r("35")},
			wantMax: r("90"),
		},
		{
			name:    "one-way link pointing away from a consumer",
			nodes:   []network.Node{src("S1", 100), src("S2", 10), con("a", "", 50), con("b", "", 50)},
			links:   []network.Link{lnk("S1", "a", 0), oneway("b", "a", 0), lnk("S2", "b", 0)},
			want:    map[string]*big.Rat{"a": r("50"), "b": r("10")},
			wantMax: r("60"),
		},
		{
			name:    "one-way link pointing toward a consumer",
			nodes:   []network.Node{src("S1", 100), src("S2", 10), con("a", "", 50), con("b", "", 50)},
			links:   []network.Link{lnk("S1", "a", 0), oneway("a", "b", 0), lnk("S2", "b", 0)},
			want:    map[string]*big.Rat{"a": r("50"), "b": r("50")},
			wantMax: r("100"),
		},
		{
			name:    "chain of consumers passing flow on",
			nodes:   []network.Node{src("S", 60), con("c1", "", 30), con("c2", "", 30), con("c3", "", 30)},
			links:   []network.Link{lnk("S", "c1", 0), lnk("c1", "c2", 0), lnk("c2", "c3", 0)},
			want:    map[string]*big.Rat{"c1": r("20"), "c2": r("20"), "c3": r("20")},
			wantMax: r("60"),
		},
		{
			name:    "chain of consumers, the last one behind a weak link",
			nodes:   []network.Node{src("S", 60), con("c1", "", 30), con("c2", "", 30), con("c3", "", 30)},
			links:   []network.Link{lnk("S", "c1", 0), lnk("c1", "c2", 0), lnk("c2", "c3", 5)},
			want:    map[string]*big.Rat{"c1": r("27.5"), "c2": r("27.5"), "c3": r("5")},
			wantMax: r("60"),
		},
		{
			name:    "chain with a consumer out of service: nothing passes it",
			nodes:   []network.Node{src("S", 100), con("c1", "", 10), con("c2", "", 10)},
			links:   []network.Link{lnk("S", "c1", 0), lnk("c1", "c2", 0)},
			scale:   map[string]float64{"c1": 0},
			want:    map[string]*big.Rat{"c1": r("0"), "c2": r("0")},
			wantMax: r("0"),
		},
		{
			name:    "two rank groups: critical first, residential share the rest",
			nodes:   []network.Node{src("S", 50), con("h", network.Critical, 20), con("r1", "", 40), con("r2", "", 40)},
			links:   []network.Link{lnk("S", "h", 0), lnk("S", "r1", 0), lnk("S", "r2", 0)},
			want:    map[string]*big.Rat{"h": r("20"), "r1": r("15"), "r2": r("15")},
			wantMax: r("50"),
		},
		{
			name:    "two rank groups: what critical cannot use goes to residential",
			nodes:   []network.Node{src("S", 50), con("h", network.Critical, 20), con("r1", "", 40), con("r2", "", 40)},
			links:   []network.Link{lnk("S", "h", 5), lnk("S", "r1", 0), lnk("S", "r2", 0)},
			want:    map[string]*big.Rat{"h": r("5"), "r1": r("22.5"), "r2": r("22.5")},
			wantMax: r("50"),
		},
		{
			name:    "two rank groups, proportional: one level for all",
			nodes:   []network.Node{src("S", 50), con("h", network.Critical, 20), con("r1", "", 40), con("r2", "", 40)},
			links:   []network.Link{lnk("S", "h", 0), lnk("S", "r1", 0), lnk("S", "r2", 0)},
			policy:  Proportional,
			want:    map[string]*big.Rat{"h": r("10"), "r1": r("20"), "r2": r("20")},
			wantMax: r("50"),
		},
		{
			name:    "priority: critical served in full, residential gets the remainder",
			nodes:   []network.Node{src("S", 100), con("h", network.Critical, 50), con("r", "", 200)},
			links:   []network.Link{lnk("S", "h", 0), lnk("S", "r", 0)},
			want:    map[string]*big.Rat{"h": r("50"), "r": r("50")},
			wantMax: r("100"),
		},
		{
			name:    "proportional: same network, one level 2/5",
			nodes:   []network.Node{src("S", 100), con("h", network.Critical, 50), con("r", "", 200)},
			links:   []network.Link{lnk("S", "h", 0), lnk("S", "r", 0)},
			policy:  Proportional,
			want:    map[string]*big.Rat{"h": r("20"), "r": r("80")},
			wantMax: r("100"),
		},
		{
			name:    "shared rank: classes a and b rationed together, c after",
			classes: sharedRanks(),
			nodes:   []network.Node{src("S", 30), con("x", "a", 40), con("y", "b", 20), con("z", "c", 30)},
			links:   []network.Link{lnk("S", "x", 0), lnk("S", "y", 0), lnk("S", "z", 0)},
			want:    map[string]*big.Rat{"x": r("20"), "y": r("10"), "z": r("0")},
			wantMax: r("30"),
		},
		{
			name:    "distinct ranks: the same network with a before b",
			classes: []network.Class{{Name: "a", Rank: 1}, {Name: "b", Rank: 2}, {Name: "c", Rank: 3}},
			nodes:   []network.Node{src("S", 30), con("x", "a", 40), con("y", "b", 20), con("z", "c", 30)},
			links:   []network.Link{lnk("S", "x", 0), lnk("S", "y", 0), lnk("S", "z", 0)},
			want:    map[string]*big.Rat{"x": r("30"), "y": r("0"), "z": r("0")},
			wantMax: r("30"),
		},
		{
			name:    "shared rank: a limited member frees supply for the other",
			classes: sharedRanks(),
			nodes:   []network.Node{src("S", 30), con("x", "a", 40), con("y", "b", 20), con("z", "c", 30)},
			links:   []network.Link{lnk("S", "x", 0), lnk("S", "y", 4), lnk("S", "z", 0)},
			want:    map[string]*big.Rat{"x": r("26"), "y": r("4"), "z": r("0")},
			wantMax: r("30"),
		},
		{
			name: "unreachable consumers: island, one-way the wrong way, link out, link Inf at scale 0",
			nodes: []network.Node{src("S", 100), con("a", "", 10), con("island", "", 10),
				con("w", "", 10), con("o", "", 10), con("p", "", 10)},
			links: []network.Link{lnk("S", "a", 0), oneway("w", "S", 0), lnk("S", "o", 50), lnk("S", "p", network.Unlimited)},
			scale: map[string]float64{"S-o": 0, "S-p": 0},
			want: map[string]*big.Rat{"a": r("10"), "island": r("0"), "w": r("0"),
				"o": r("0"), "p": r("0")},
			wantMax: r("10"),
		},
		{
			name:    "junction out of service cuts its consumer off",
			nodes:   []network.Node{src("S", 100), jun("j"), con("c", "", 10)},
			links:   []network.Link{lnk("S", "j", 0), lnk("j", "c", 0)},
			scale:   map[string]float64{"j": 0},
			want:    map[string]*big.Rat{"c": r("0")},
			wantMax: r("0"),
		},
		{
			name:    "source out, storage at half its discharge rate, junction and consumer at scale 0.3 unaffected",
			nodes:   []network.Node{src("S", 100), sto("B", 8), jun("j"), con("c", "", 10)},
			links:   []network.Link{lnk("S", "j", 0), lnk("B", "j", 0), lnk("j", "c", 0)},
			scale:   map[string]float64{"S": 0, "B": 0.5, "j": 0.3, "c": 0.3},
			want:    map[string]*big.Rat{"c": r("4")},
			wantMax: r("4"),
		},
		{
			name:    "demand 0 and a demand change in the state",
			nodes:   []network.Node{src("S", 10), con("a", "", 10), con("z", "", 0)},
			links:   []network.Link{lnk("S", "a", 0), lnk("S", "z", 0)},
			demand:  map[string]float64{"a": 40, "z": 0},
			want:    map[string]*big.Rat{"a": r("10"), "z": r("0")},
			wantMax: r("10"),
		},
		{
			name:    "unlimited everything serves every demand",
			nodes:   []network.Node{src("S", network.Unlimited), sta("T", 0), con("a", "", 1e6), con("b", "", 7)},
			links:   []network.Link{lnk("S", "T", 0), lnk("T", "a", network.Unlimited), lnk("T", "b", 0)},
			want:    map[string]*big.Rat{"a": r("1000000"), "b": r("7")},
			wantMax: r("1000007"),
		},
		{
			name:    "unlimited source behind one finite link",
			nodes:   []network.Node{src("S", network.Unlimited), jun("j"), con("a", "", 30), con("b", "", 50)},
			links:   []network.Link{lnk("S", "j", 40), lnk("j", "a", 0), lnk("j", "b", 0)},
			want:    map[string]*big.Rat{"a": r("15"), "b": r("25")},
			wantMax: r("40"),
		},
		{
			name:    "link loss is a derate: 100 × (1 − 0.25)",
			nodes:   []network.Node{src("S", 1000), con("c", "", 200)},
			links:   []network.Link{{ID: "l", From: "S", To: "c", Capacity: 100, Loss: 0.25}},
			want:    map[string]*big.Rat{"c": r("75")},
			wantMax: r("75"),
		},
		{
			name:    "parallel links add up",
			nodes:   []network.Node{src("S", 100), con("c", "", 80)},
			links:   []network.Link{{ID: "l1", From: "S", To: "c", Capacity: 20}, {ID: "l2", From: "c", To: "S", Capacity: 30}},
			want:    map[string]*big.Rat{"c": r("50")},
			wantMax: r("50"),
		},
		{
			name:    "a source passes flow from another source on",
			nodes:   []network.Node{src("S1", 10), src("S2", 10), con("c", "", 30)},
			links:   []network.Link{lnk("S1", "S2", 0), lnk("S2", "c", 0)},
			want:    map[string]*big.Rat{"c": r("20")},
			wantMax: r("20"),
		},
		{
			name:  "demands spanning 1e-4 to 1e6 share one exact level",
			nodes: []network.Node{src("S", 5e5), con("tiny", "", 1e-4), con("one", "", 1), con("huge", "", 1e6)},
			links: []network.Link{lnk("S", "tiny", 0), lnk("S", "one", 0), lnk("S", "huge", 0)},
			want: map[string]*big.Rat{"tiny": mul(tSpread, d1), "one": mul(tSpread, d2),
				"huge": mul(tSpread, d3)},
			wantMax: f(5e5),
		},
		{
			name:  "a 6 kW consumer the network can fully serve beside 1.3 GW of demand",
			nodes: []network.Node{src("S", 1e6), sta("X", 6), con("h", network.Critical, 6), con("r1", "", 1e6), con("r2", "", 3e5)},
			links: []network.Link{lnk("S", "X", 0), lnk("X", "h", 0), lnk("S", "r1", 0), lnk("S", "r2", 0)},
			want: map[string]*big.Rat{"h": r("6"), "r1": mul(tBig, f(1e6)),
				"r2": mul(tBig, f(3e5))},
			wantMax: f(1e6),
		},
		{
			name:  "a 1e-4 consumer limited by its own 5e-5 link",
			nodes: []network.Node{src("S", 1e6), con("tiny", "", 1e-4), con("big", "", 1e6)},
			links: []network.Link{lnk("S", "tiny", 5e-5), lnk("S", "big", 0)},
			want: map[string]*big.Rat{"tiny": f(5e-5),
				"big": sub(f(1e6), f(5e-5))},
			wantMax: f(1e6),
		},
		{
			name:    "derates multiply exactly: 0.1 × 0.3 is not rounded",
			nodes:   []network.Node{src("S", 0.1), con("c", "", 1)},
			links:   []network.Link{lnk("S", "c", 0)},
			scale:   map[string]float64{"S": 0.3},
			want:    map[string]*big.Rat{"c": mul(f(0.1), f(0.3))},
			wantMax: mul(f(0.1), f(0.3)),
		},
	}
}

func TestAllocateHandCases(t *testing.T) {
	for _, c := range handCases() {
		t.Run(c.name, func(t *testing.T) {
			net := build(t, c.classes, c.nodes, c.links)
			st := NewState(net)
			for id, s := range c.scale {
				if v, ok := net.NodeIndex(id); ok {
					st.NodeScale[v] = s
				} else if l, ok := net.LinkIndex(id); ok {
					st.LinkScale[l] = s
				} else {
					t.Fatalf("unknown asset %q", id)
				}
			}
			for id, d := range c.demand {
				v, _ := net.NodeIndex(id)
				st.Demand[v] = d
			}
			a, err := Allocate(net, st, c.policy)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range c.want {
				v, ok := net.NodeIndex(id)
				if !ok {
					t.Fatalf("unknown consumer %q", id)
				}
				if got := a.Served[v]; got.Cmp(want) != 0 {
					t.Errorf("%s served %s (%.12g), want %s (%.12g)", id, got.RatString(), ratF(got), want.RatString(), ratF(want))
				}
				if d := st.Demand[v]; d > 0 {
					if lv := quo(want, f(d)); a.Level[v].Cmp(lv) != 0 {
						t.Errorf("%s level %s, want %s", id, a.Level[v].RatString(), lv.RatString())
					}
				} else if a.Level[v] != nil {
					t.Errorf("%s has demand 0 but level %s, want nil", id, a.Level[v].RatString())
				}
			}
			if len(c.want) != len(net.Consumers()) {
				t.Fatalf("case lists %d consumers, network has %d", len(c.want), len(net.Consumers()))
			}
			if a.MaxFlow.Cmp(c.wantMax) != 0 {
				t.Errorf("max flow %s, want %s", a.MaxFlow.RatString(), c.wantMax.RatString())
			}
			for _, msg := range checkAllocation(net, st, c.policy, a) {
				t.Error(msg)
			}
		})
	}
}

func ratF(x *big.Rat) float64 { v, _ := x.Float64(); return v }

func TestAllocateGroups(t *testing.T) {
	net := build(t, sharedRanks(), []network.Node{src("S", 30), con("z", "c", 1), con("x", "a", 1), jun("j"), con("y", "b", 1)},
		[]network.Link{lnk("S", "x", 0), lnk("S", "y", 0), lnk("S", "z", 0), lnk("S", "j", 0)})
	a, err := Allocate(net, NewState(net), PriorityFair)
	if err != nil {
		t.Fatal(err)
	}
	// Node order: S 0, z 1, x 2, j 3, y 4.
	if got := a.Groups; len(got) != 2 || !equalInts(got[0], []int{2, 4}) || !equalInts(got[1], []int{1}) {
		t.Errorf("priority-fair groups %v, want [[2 4] [1]]", got)
	}
	a, err = Allocate(net, NewState(net), Proportional)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Groups; len(got) != 1 || !equalInts(got[0], []int{1, 2, 4}) {
		t.Errorf("proportional groups %v, want [[1 2 4]]", got)
	}
	if a.Served[3] != nil || a.Level[0] != nil || a.Output[1] != nil || a.Output[0] == nil {
		t.Errorf("nil entries: Served[junction] %v, Level[source] %v, Output[consumer] %v, Output[source] %v",
			a.Served[3], a.Level[0], a.Output[1], a.Output[0])
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAllocateBadInput(t *testing.T) {
	net := build(t, nil, []network.Node{src("S", 10), con("c", "", 5)}, []network.Link{lnk("S", "c", 0)})
	nan := func() float64 { z := 0.0; return z / z }()
	cases := []struct {
		name  string
		edit  func(*State)
		p     Policy
		wants []string
	}{
		{"short slices", func(s *State) { s.Demand = s.Demand[:1] }, PriorityFair,
			[]string{"1 demands", "2 nodes and 1 links"}},
		{"negative scale and NaN demand", func(s *State) { s.NodeScale[0] = -1; s.Demand[1] = nan }, PriorityFair,
			[]string{`node "S": scale -1`, `node "c": demand NaN`}},
		{"demand on a source", func(s *State) { s.Demand[0] = 3 }, PriorityFair,
			[]string{`node "S": demand 3 on a source`}},
		{"infinite link scale", func(s *State) { s.LinkScale[0] = 1 / func() float64 { return 0 }() }, PriorityFair,
			[]string{`link "S-c": scale +Inf`}},
		{"unknown policy", func(*State) {}, Policy(7), []string{"unknown policy 7"}},
	}
	for _, c := range cases {
		st := NewState(net)
		c.edit(&st)
		_, err := Allocate(net, st, c.p)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
	if _, err := Allocate(nil, State{}, PriorityFair); err == nil {
		t.Error("nil network: no error")
	}
}
