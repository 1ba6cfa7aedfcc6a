package supply_test

// Table tests with hand-computed allocations. Each case states its numbers
// and the reasoning in comments; "unlimited" links have Capacity 0.

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

func source(id string, capacity float64) network.Node {
	return network.Node{ID: id, Role: network.Source, Capacity: capacity}
}

func station(id string, capacity float64) network.Node {
	return network.Node{ID: id, Role: network.Station, Capacity: capacity}
}

func storage(id string, rate float64) network.Node {
	return network.Node{ID: id, Role: network.Storage, Capacity: rate, Level: 100, MaxLevel: 200}
}

func junction(id string) network.Node {
	return network.Node{ID: id, Role: network.Junction}
}

func consumer(id, class string, demand float64) network.Node {
	return network.Node{ID: id, Role: network.Consumer, Class: class, Demand: demand, Customers: 1}
}

func link(id, from, to string, capacity float64) network.Link {
	return network.Link{ID: id, From: from, To: to, Capacity: capacity}
}

func oneWay(id, from, to string, capacity float64) network.Link {
	return network.Link{ID: id, From: from, To: to, Capacity: capacity, OneWay: true}
}

type tableCase struct {
	name    string
	classes []network.Class // nil: the default taxonomy
	nodes   []network.Node
	links   []network.Link
	scale   map[string]float64 // asset ID → NodeScale or LinkScale
	policy  supply.Policy

	served      map[string]float64 // every consumer
	flow        map[string]float64 // link ID → signed flow
	output      map[string]float64 // source or storage → output
	pcs         map[string]float64 // class → Served/Demand
	bottlenecks []string           // in order; nil for none
	unreached   []string           // Network.Unreached; nil for none
}

var tableCases = []tableCase{
	{
		// The station passes at most 60 of the 80 asked; both consumers
		// are residential, so they share it max-min fairly at the same
		// coverage 60/80 = 0.75: 30 and 30. The station is the only cut
		// of capacity 60 (source 100, demands 80).
		name: "radial feeder",
		nodes: []network.Node{
			source("src", 100), station("st", 60),
			consumer("c1", network.Residential, 40), consumer("c2", network.Residential, 40),
		},
		links:  []network.Link{link("l1", "src", "st", 0), link("l2", "st", "c1", 0), link("l3", "st", "c2", 0)},
		served: map[string]float64{"c1": 30, "c2": 30},
		flow:   map[string]float64{"l1": 60, "l2": 30, "l3": 30},
		output: map[string]float64{"src": 60},
		pcs:    map[string]float64{network.Residential: 0.75},
		// Only the station limits supply.
		bottlenecks: []string{"st"},
	},
	{
		// The same feeder with a station of 100: all 80 served, nothing
		// limits supply, so there is no bottleneck.
		name: "radial feeder with spare capacity",
		nodes: []network.Node{
			source("src", 100), station("st", 100),
			consumer("c1", network.Residential, 40), consumer("c2", network.Residential, 40),
		},
		links:  []network.Link{link("l1", "src", "st", 0), link("l2", "st", "c1", 0), link("l3", "st", "c2", 0)},
		served: map[string]float64{"c1": 40, "c2": 40},
		flow:   map[string]float64{"l1": 80, "l2": 40, "l3": 40},
		output: map[string]float64{"src": 80},
		pcs:    map[string]float64{network.Residential: 1},
	},
	{
		// Ring s → a → c → b → s (links l1..l4), consumers a (20) and c
		// (60), both residential. Supply leaves s on l1 (30) and l4 (40):
		// 70 of 80. Max-min fair at equal coverage 70/80 = 0.875: a 17.5,
		// c 52.5. l1 and l4 are full, so a passes 30 − 17.5 = 12.5 on to c
		// along l2, and b passes 40 from s to c against the direction of
		// l3 and l4: −40 on both. The only cut of 70 is {l1, l4} (next:
		// demands 80, {l1, l3} 130).
		name: "meshed ring",
		nodes: []network.Node{
			source("s", 100), consumer("a", network.Residential, 20),
			consumer("c", network.Residential, 60), junction("b"),
		},
		links: []network.Link{
			link("l1", "s", "a", 30), link("l2", "a", "c", 100),
			link("l3", "c", "b", 100), link("l4", "b", "s", 40),
		},
		served:      map[string]float64{"a": 17.5, "c": 52.5},
		flow:        map[string]float64{"l1": 30, "l2": 12.5, "l3": -40, "l4": -40},
		output:      map[string]float64{"s": 70},
		pcs:         map[string]float64{network.Residential: 0.875},
		bottlenecks: []string{"l1", "l4"},
	},
	{
		// An unlimited source behind a station of 100. The critical
		// hospital takes its 30 first; the two residential consumers
		// (40 and 100) share the remaining 70 at equal coverage 70/140 =
		// 0.5: 20 and 50. The station is the only cut of 100.
		name: "two classes behind one bottleneck",
		nodes: []network.Node{
			source("s", network.Unlimited), station("st", 100),
			consumer("h", network.Critical, 30),
			consumer("r1", network.Residential, 40), consumer("r2", network.Residential, 100),
		},
		links: []network.Link{
			link("ls", "s", "st", 0), link("lh", "st", "h", 0),
			link("l1", "st", "r1", 0), link("l2", "st", "r2", 0),
		},
		served:      map[string]float64{"h": 30, "r1": 20, "r2": 50},
		flow:        map[string]float64{"ls": 100, "lh": 30, "l1": 20, "l2": 50},
		output:      map[string]float64{"s": 100},
		pcs:         map[string]float64{network.Critical: 1, network.Residential: 0.5},
		bottlenecks: []string{"st"},
	},
	{
		// As above, but r1 hangs on a link of 10. Equal coverage would
		// give r1 20, which its link cannot carry: r1 is held at 10
		// (coverage 0.25) and r2 takes the other 60 (coverage 0.6), the
		// max-min fair split (proportional rationing would waste 10).
		// Still 100 in total through the station, the only cut of 100
		// (next: {l1, h, r2} = 10 + 30 + 100).
		name: "max-min fairness around a capped branch",
		nodes: []network.Node{
			source("s", network.Unlimited), station("st", 100),
			consumer("h", network.Critical, 30),
			consumer("r1", network.Residential, 40), consumer("r2", network.Residential, 100),
		},
		links: []network.Link{
			link("ls", "s", "st", 0), link("lh", "st", "h", 0),
			link("l1", "st", "r1", 10), link("l2", "st", "r2", 0),
		},
		served:      map[string]float64{"h": 30, "r1": 10, "r2": 60},
		flow:        map[string]float64{"ls": 100, "lh": 30, "l1": 10, "l2": 60},
		pcs:         map[string]float64{network.Critical: 1, network.Residential: 0.5},
		bottlenecks: []string{"st"},
	},
	{
		// The critical consumer (50) can get only 20 through its own link;
		// priority must not waste the rest: residential gets its full 50.
		// Total 70 of a source of 100. Min cut: {lh} + r's demand = 70.
		name: "higher class limited by its own link",
		nodes: []network.Node{
			source("s", 100), consumer("h", network.Critical, 50), consumer("r", network.Residential, 50),
		},
		links:       []network.Link{link("lh", "s", "h", 20), link("lr", "s", "r", 0)},
		served:      map[string]float64{"h": 20, "r": 50},
		flow:        map[string]float64{"lh": 20, "lr": 50},
		output:      map[string]float64{"s": 70},
		pcs:         map[string]float64{network.Critical: 0.4, network.Residential: 1},
		bottlenecks: []string{"lh"},
	},
	{
		// The station is out: c1 and c2 behind it get 0, c3 fed directly
		// gets its 20. The only shortfall comes from the outage, which no
		// cut of positive capacity explains, so there is no bottleneck.
		name: "station out",
		nodes: []network.Node{
			source("s", 100), station("st", 80),
			consumer("c1", network.Residential, 30), consumer("c2", network.Residential, 30),
			consumer("c3", network.Residential, 20),
		},
		links: []network.Link{
			link("l1", "s", "st", 0), link("l2", "st", "c1", 0),
			link("l3", "st", "c2", 0), link("l4", "s", "c3", 0),
		},
		scale:  map[string]float64{"st": 0},
		served: map[string]float64{"c1": 0, "c2": 0, "c3": 20},
		flow:   map[string]float64{"l1": 0, "l2": 0, "l3": 0, "l4": 20},
		output: map[string]float64{"s": 20},
		pcs:    map[string]float64{network.Residential: 20.0 / 80},
	},
	{
		// The plant is out; the tank discharges at most 25 of the 40
		// asked. The tank at its limit is the bottleneck.
		name: "storage as the only source",
		nodes: []network.Node{
			source("plant", 50), storage("tank", 25), junction("j"), consumer("c", network.Essential, 40),
		},
		links: []network.Link{
			link("l1", "plant", "j", 0), link("l2", "tank", "j", 0), link("l3", "j", "c", 0),
		},
		scale:       map[string]float64{"plant": 0},
		served:      map[string]float64{"c": 25},
		flow:        map[string]float64{"l1": 0, "l2": 25, "l3": 25},
		output:      map[string]float64{"plant": 0, "tank": 25},
		pcs:         map[string]float64{network.Essential: 25.0 / 40},
		bottlenecks: []string{"tank"},
	},
	{
		// Plant (50) and tank (25) together: 75 of 80, both at their limit
		// and both in the only cut of 75.
		name: "storage beside a source",
		nodes: []network.Node{
			source("plant", 50), storage("tank", 25), junction("j"), consumer("c", network.Essential, 80),
		},
		links: []network.Link{
			link("l1", "plant", "j", 0), link("l2", "tank", "j", 0), link("l3", "j", "c", 0),
		},
		served:      map[string]float64{"c": 75},
		flow:        map[string]float64{"l1": 50, "l2": 25, "l3": 75},
		output:      map[string]float64{"plant": 50, "tank": 25},
		pcs:         map[string]float64{network.Essential: 75.0 / 80},
		bottlenecks: []string{"plant", "tank"},
	},
	{
		// l1 (one-way s → c, 20) is the only way into c: the detour
		// s — j then j → c would use l3 backwards, which is one-way c → j.
		// So c gets 20 of 60 and l2, l3 carry nothing. d hangs on l4,
		// one-way d → s: no source reaches it (Unreached) and it gets 0.
		// The cut on the source side of {s, j} holds only l1 (l3 crosses
		// it in its forbidden direction, d's demand is not on it).
		name: "one-way links",
		nodes: []network.Node{
			source("s", 100), consumer("c", network.Residential, 60), junction("j"),
			consumer("d", network.Residential, 10),
		},
		links: []network.Link{
			oneWay("l1", "s", "c", 20), link("l2", "s", "j", 0),
			oneWay("l3", "c", "j", 0), oneWay("l4", "d", "s", 0),
		},
		served:      map[string]float64{"c": 20, "d": 0},
		flow:        map[string]float64{"l1": 20, "l2": 0, "l3": 0, "l4": 0},
		output:      map[string]float64{"s": 20},
		pcs:         map[string]float64{network.Residential: 20.0 / 70},
		bottlenecks: []string{"l1"},
		unreached:   []string{"d"},
	},
	{
		// c2 is fed through c1. l1 carries at most 70: residential c1
		// (rank 3) takes its 30 first, commercial c2 (rank 4) the other
		// 40 of its 50 along l2. Min cut {l1} = 70 (next: c1's demand +
		// l2 = 80, demands 80).
		name: "flow through a consumer",
		nodes: []network.Node{
			source("s", 100), consumer("c1", network.Residential, 30), consumer("c2", network.Commercial, 50),
		},
		links:       []network.Link{link("l1", "s", "c1", 70), link("l2", "c1", "c2", 50)},
		served:      map[string]float64{"c1": 30, "c2": 40},
		flow:        map[string]float64{"l1": 70, "l2": 40},
		output:      map[string]float64{"s": 70},
		pcs:         map[string]float64{network.Residential: 1, network.Commercial: 0.8},
		bottlenecks: []string{"l1"},
	},
	{
		// c1 is out, so it gets nothing and passes nothing: c2 behind it
		// gets 0 too, while c3 on its own link gets its 20. Only the
		// outage causes the shortfall: no bottleneck.
		name: "out consumer passes nothing",
		nodes: []network.Node{
			source("s", 100), consumer("c1", network.Residential, 30),
			consumer("c2", network.Residential, 30), consumer("c3", network.Residential, 20),
		},
		links:  []network.Link{link("l1", "s", "c1", 0), link("l2", "c1", "c2", 0), link("l3", "s", "c3", 0)},
		scale:  map[string]float64{"c1": 0},
		served: map[string]float64{"c1": 0, "c2": 0, "c3": 20},
		flow:   map[string]float64{"l1": 0, "l2": 0, "l3": 20},
		output: map[string]float64{"s": 20},
		pcs:    map[string]float64{network.Residential: 20.0 / 80},
	},
	{
		// c2 sits on an island with a junction: no source reaches it
		// (Unreached), it gets 0, and c1 is served in full. No cut of
		// positive capacity limits anyone: no bottleneck.
		name: "island",
		nodes: []network.Node{
			source("s", 100), consumer("c1", network.Residential, 30),
			junction("j"), consumer("c2", network.Residential, 20),
		},
		links:     []network.Link{link("l1", "s", "c1", 0), link("l2", "j", "c2", 0)},
		served:    map[string]float64{"c1": 30, "c2": 0},
		flow:      map[string]float64{"l1": 30, "l2": 0},
		output:    map[string]float64{"s": 30},
		pcs:       map[string]float64{network.Residential: 30.0 / 50},
		unreached: []string{"c2"},
	},
	{
		// 60 for a critical 40 and a residential 40. Priority-fair: the
		// critical consumer in full, the residential one the other 20.
		name: "priority-fair on a shared source",
		nodes: []network.Node{
			source("s", 60), junction("j"), consumer("h", network.Critical, 40), consumer("r", network.Residential, 40),
		},
		links:       []network.Link{link("l1", "s", "j", 0), link("l2", "j", "h", 0), link("l3", "j", "r", 0)},
		served:      map[string]float64{"h": 40, "r": 20},
		flow:        map[string]float64{"l1": 60, "l2": 40, "l3": 20},
		output:      map[string]float64{"s": 60},
		pcs:         map[string]float64{network.Critical: 1, network.Residential: 0.5},
		bottlenecks: []string{"s"},
	},
	{
		// The same network, proportional: classes are ignored, both get
		// coverage 60/80 = 0.75, i.e. 30 each.
		name:   "proportional on a shared source",
		policy: supply.Proportional,
		nodes: []network.Node{
			source("s", 60), junction("j"), consumer("h", network.Critical, 40), consumer("r", network.Residential, 40),
		},
		links:       []network.Link{link("l1", "s", "j", 0), link("l2", "j", "h", 0), link("l3", "j", "r", 0)},
		served:      map[string]float64{"h": 30, "r": 30},
		flow:        map[string]float64{"l1": 60, "l2": 30, "l3": 30},
		output:      map[string]float64{"s": 60},
		pcs:         map[string]float64{network.Critical: 0.75, network.Residential: 0.75},
		bottlenecks: []string{"s"},
	},
	{
		// Proportional is still max-min fair, not a uniform cut: c1's
		// link holds it at 10 of 40 (0.25); c2 gets the rest of the
		// source's 60, 50 of 80 (0.625), although c1 is critical. l1 is
		// full but not in the minimum cut: the source (60) is the only
		// cut of 60 (next: l1 + c2's demand = 90).
		name:   "proportional around a capped branch",
		policy: supply.Proportional,
		nodes: []network.Node{
			source("s", 60), consumer("c1", network.Critical, 40), consumer("c2", network.Residential, 80),
		},
		links:       []network.Link{link("l1", "s", "c1", 10), link("l2", "s", "c2", 0)},
		served:      map[string]float64{"c1": 10, "c2": 50},
		flow:        map[string]float64{"l1": 10, "l2": 50},
		output:      map[string]float64{"s": 60},
		pcs:         map[string]float64{network.Critical: 0.25, network.Residential: 0.625},
		bottlenecks: []string{"s"},
	},
	{
		// A source of 100 derated to half: 50 for two residential
		// consumers of 40, 25 each. The source at its limit is the cut.
		name: "derated source",
		nodes: []network.Node{
			source("s", 100), consumer("c1", network.Residential, 40), consumer("c2", network.Residential, 40),
		},
		links:       []network.Link{link("l1", "s", "c1", 0), link("l2", "s", "c2", 0)},
		scale:       map[string]float64{"s": 0.5},
		served:      map[string]float64{"c1": 25, "c2": 25},
		flow:        map[string]float64{"l1": 25, "l2": 25},
		output:      map[string]float64{"s": 50},
		pcs:         map[string]float64{network.Residential: 0.625},
		bottlenecks: []string{"s"},
	},
	{
		// A link of 50 with 20 % loss delivers 40; derated to half, 20.
		name: "lossy derated link",
		nodes: []network.Node{
			source("s", 100), consumer("c", network.Residential, 30),
		},
		links:       []network.Link{{ID: "l1", From: "s", To: "c", Capacity: 50, Loss: 0.2}},
		scale:       map[string]float64{"l1": 0.5},
		served:      map[string]float64{"c": 20},
		flow:        map[string]float64{"l1": 20},
		output:      map[string]float64{"s": 20},
		pcs:         map[string]float64{network.Residential: 20.0 / 30},
		bottlenecks: []string{"l1"},
	},
	{
		// An unlimited station (capacity 0) derated stays unlimited: all
		// 80 pass. Nobody is short: no bottleneck.
		name: "derated unlimited station",
		nodes: []network.Node{
			source("s", 100), station("st", 0), consumer("c", network.Residential, 80),
		},
		links:  []network.Link{link("l1", "s", "st", 0), link("l2", "st", "c", 0)},
		scale:  map[string]float64{"st": 0.3},
		served: map[string]float64{"c": 80},
		flow:   map[string]float64{"l1": 80, "l2": 80},
		pcs:    map[string]float64{network.Residential: 1},
	},
	{
		// Two classes share rank 1 and are rationed as one group: 60 for
		// 40 + 80 at equal coverage 0.5, i.e. 20 and 40; the rank-2 class
		// gets nothing.
		name: "classes of equal rank",
		classes: []network.Class{
			{Name: "hospitals", Rank: 1}, {Name: "pumps", Rank: 1}, {Name: "homes", Rank: 2},
		},
		nodes: []network.Node{
			source("s", 60), junction("j"),
			consumer("a", "hospitals", 40), consumer("b", "pumps", 80), consumer("c", "homes", 30),
		},
		links: []network.Link{
			link("l0", "s", "j", 0), link("la", "j", "a", 0), link("lb", "j", "b", 0), link("lc", "j", "c", 0),
		},
		served:      map[string]float64{"a": 20, "b": 40, "c": 0},
		flow:        map[string]float64{"l0": 60, "la": 20, "lb": 40, "lc": 0},
		pcs:         map[string]float64{"hospitals": 0.5, "pumps": 0.5, "homes": 0},
		bottlenecks: []string{"s"},
	},
}

func TestSolveTable(t *testing.T) {
	for _, tc := range tableCases {
		t.Run(tc.name, func(t *testing.T) {
			net := mustBuild(t, network.Power, tc.classes, tc.nodes, tc.links)
			st := supply.NewState(net)
			for id, s := range tc.scale {
				if err := st.SetScale(id, s); err != nil {
					t.Fatal(err)
				}
			}
			res, err := supply.Solve(net, st, supply.Options{Policy: tc.policy})
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			tol := 1e-7 * max(1, stateDemand(net, st))
			near := func(got, want float64) bool { return math.Abs(got-want) <= tol }
			for _, c := range net.Consumers() {
				id := net.NodeID(int(c))
				want, ok := tc.served[id]
				if !ok {
					t.Fatalf("the case gives no expected value for consumer %s", id)
				}
				if got, _ := res.Consumer(id); !near(got.Served, want) {
					t.Errorf("%s served %g, want %g", id, got.Served, want)
				}
			}
			for id, want := range tc.flow {
				if got, ok := res.LinkFlow(id); !ok || !near(got, want) {
					t.Errorf("flow on %s = %g, want %g", id, got, want)
				}
			}
			for id, want := range tc.output {
				i, _ := net.NodeIndex(id)
				if got := res.Output[i]; !near(got, want) {
					t.Errorf("output of %s = %g, want %g", id, got, want)
				}
			}
			for name, want := range tc.pcs {
				if got, ok := res.Class(name); !ok || math.Abs(got.PCS()-want) > 1e-7 {
					t.Errorf("class %s coverage %g (%+v), want %g", name, got.PCS(), got, want)
				}
			}
			if got := res.BottleneckIDs(); !slices.Equal(got, tc.bottlenecks) && len(got)+len(tc.bottlenecks) > 0 {
				t.Errorf("Bottlenecks %v, want %v", got, tc.bottlenecks)
			}
			if got := net.Unreached(); !slices.Equal(got, tc.unreached) && len(got)+len(tc.unreached) > 0 {
				t.Errorf("Unreached %v, want %v", got, tc.unreached)
			}
			var errs []string
			errs = append(errs, checkFeasible(net, st, res)...)
			errs = append(errs, checkCoverage(net, st, res)...)
			if len(errs) > 0 {
				t.Errorf("%s", strings.Join(errs, "\n"))
			}
		})
	}
}

// TestTableCasesAgreeWithOracle checks the hand-computed expectations
// against the LP oracle: the served amounts must pass (a), (b) and (c) and
// the expected bottlenecks must form a minimum cut. It guards the table
// against arithmetic slips and needs no solver.
func TestTableCasesAgreeWithOracle(t *testing.T) {
	for _, tc := range tableCases {
		t.Run(tc.name, func(t *testing.T) {
			net := mustBuild(t, network.Power, tc.classes, tc.nodes, tc.links)
			st := supply.NewState(net)
			for id, s := range tc.scale {
				if err := st.SetScale(id, s); err != nil {
					t.Fatal(err)
				}
			}
			served := make([]float64, net.NumNodes())
			for id, v := range tc.served {
				i, ok := net.NodeIndex(id)
				if !ok {
					t.Fatalf("no node %s", id)
				}
				served[i] = v
			}
			p := newFlowLP(net, st)
			if errs := checkOptimal(p, tc.policy, served, math.NaN()); len(errs) > 0 {
				t.Errorf("the oracle rejects the expected allocation:\n%s", strings.Join(errs, "\n"))
			}
			// The expected bottlenecks form a minimum cut: removing them
			// (with everything else unlimited) leaves exactly the max flow
			// less their limits.
			mf := maxFlowEK(net, st)
			nv, arcs := flowArcs(net, st)
			var capCut float64
			for _, id := range tc.bottlenecks {
				a, ok := supply.Lookup(net, id)
				if !ok {
					t.Fatalf("no asset %s", id)
				}
				if a.IsLink {
					capCut += linkLimit(net, st, a.Index)
				} else {
					capCut += nodeLimit(net, st, a.Index)
				}
				for i := range arcs {
					if arcs[i].asset == a.Index && (arcs[i].kind == arcLink) == a.IsLink && arcs[i].kind != arcServe &&
						(a.IsLink || arcs[i].kind == arcInject || net.Role(a.Index) == network.Station) {
						arcs[i].cap = -1 // marked
					}
				}
			}
			for i := range arcs {
				switch {
				case arcs[i].cap < 0:
					arcs[i].cap = 0
				case arcs[i].kind != arcServe && arcs[i].cap > 0:
					arcs[i].cap = math.Inf(1)
				}
			}
			if rest := edmondsKarp(nv, arcs, stateDemand(net, st)+1); math.Abs(rest-(mf-capCut)) > 1e-9 {
				t.Errorf("bottlenecks %v are not a minimum cut: max flow %g, without them %g, want %g", tc.bottlenecks, mf, rest, mf-capCut)
			}
			var total float64
			for _, v := range tc.served {
				total += v
			}
			if math.Abs(total-mf) > 1e-9 {
				t.Errorf("expected total %g, max flow %g", total, mf)
			}
		})
	}
}
