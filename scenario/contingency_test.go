package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// contWant is a hand-computed case.
type contWant struct {
	assets      string // IDs joined by spaces
	unserved    float64
	added       float64
	value       float64
	addedValue  float64
	critical    float64
	consumers   int
	customers   int
	bottlenecks string // IDs joined by spaces
}

// contCheck compares got with want: flows within 1e-6, money to 6 decimal
// places.
func contCheck(t *testing.T, what string, got scenario.ContingencyCase, want contWant) {
	t.Helper()
	if s := strings.Join(got.Assets, " "); s != want.assets {
		t.Errorf("%s: assets %q, want %q", what, s, want.assets)
		return
	}
	near := func(field string, g, w float64) {
		if math.Abs(g-w) > 1e-6 {
			t.Errorf("%s %s: %s = %.9g, want %g", what, want.assets, field, g, w)
		}
	}
	money := func(field string, g decimal.Decimal, w float64) {
		if !g.Round(6).Equal(decimal.NewFromFloat(w)) {
			t.Errorf("%s %s: %s = %s, want %g", what, want.assets, field, g, w)
		}
	}
	near("Unserved", got.Unserved, want.unserved)
	near("AddedUnserved", got.AddedUnserved, want.added)
	money("ValueLost", got.ValueLost, want.value)
	money("AddedValueLost", got.AddedValueLost, want.addedValue)
	near("CriticalCoverage", got.CriticalCoverage, want.critical)
	if got.ConsumersAffected != want.consumers || got.CustomersAffected != want.customers {
		t.Errorf("%s %s: affected %d consumers, %d customers; want %d, %d", what, want.assets,
			got.ConsumersAffected, got.CustomersAffected, want.consumers, want.customers)
	}
	if s := strings.Join(got.Bottlenecks, " "); s != want.bottlenecks {
		t.Errorf("%s %s: bottlenecks %q, want %q", what, want.assets, s, want.bottlenecks)
	}
}

func contCheckAll(t *testing.T, what string, got []scenario.ContingencyCase, want []contWant) {
	t.Helper()
	if len(got) != len(want) {
		var ids []string
		for _, c := range got {
			ids = append(ids, strings.Join(c.Assets, "+"))
		}
		t.Fatalf("%s: %d cases %v, want %d", what, len(got), ids, len(want))
	}
	for i := range want {
		contCheck(t, fmt.Sprintf("%s[%d]", what, i), got[i], want[i])
	}
}

// TestContingencyRing checks every case of the ring network of the example
// against figures computed by hand. VoLL: critical 100, residential 10 per
// kWh. As built (base): critical served in full, the homes at 90% (27, 45,
// 18 kW of 30, 50, 20); unserved 10 kW, 100 per hour; the cut is sub-a
// (85 kW) and sub-b (45 kW). Homes B can never get more than sub-b's 45.
func TestContingencyRing(t *testing.T) {
	net := contRingNetwork()
	rep, err := scenario.Contingency(context.Background(), net, nil, scenario.ContingencyOptions{WorstK: 4})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Network != "ring" {
		t.Errorf("Network = %q", rep.Network)
	}
	contCheck(t, "base", rep.Base, contWant{"", 10, 0, 100, 0, 1, 0, 0, "sub-a sub-b"})
	contCheckAll(t, "N1", rep.N1, []contWant{
		// Hospital and homes A cut off; B's 45 kW: clinic 10, homes B
		// and C at 50% (25, 10). Unserved 30+30+25+10 = 95; value
		// 3000 + 650.
		{"sub-a", 95, 85, 3650, 3550, 0.25, 4, 1001, "sub-b"},
		// Hospital cut off (3000); the rest fits except homes B at 45.
		{"f-hospital", 35, 25, 3050, 2950, 0.25, 1, 1, "sub-b"},
		// Clinic and homes C cut off (1000 + 200), homes B at 45 (50).
		{"sub-c", 35, 25, 1250, 1150, 0.75, 2, 201, "sub-b"},
		{"f-clinic", 15, 5, 1050, 950, 0.75, 1, 1, "sub-b"},
		// Plant A isolated: 45 kW through sub-b; critical 40, homes at
		// 5% (1.5, 2.5, 1): unserved 95, all residential: 950. The
		// feeder and the plant are the same case; IDs decide.
		{"feed-a", 95, 85, 950, 850, 1, 3, 1000, "sub-b"},
		{"plant-a", 95, 85, 950, 850, 1, 3, 1000, "sub-b"},
		// Plant B isolated: 85 kW through sub-a; homes at 45% (13.5,
		// 22.5, 9): unserved 55, 550.
		{"feed-b", 55, 45, 550, 450, 1, 3, 1000, "sub-a"},
		{"plant-b", 55, 45, 550, 450, 1, 3, 1000, "sub-a"},
		// Homes B cut off (500); sub-a serves the rest at 90% (homes A
		// 27, homes C 18): unserved 55, 550 — the same loss as plant B,
		// but only homes B is affected.
		{"sub-b", 55, 45, 550, 450, 1, 1, 500, "sub-a"},
		// Homes B cut off; everything else fits: no bottleneck.
		{"f-homes-b", 50, 40, 500, 400, 1, 1, 500, ""},
		// Homes A cut off (300) and homes B at 45 (50).
		{"f-homes-a", 35, 25, 350, 250, 1, 1, 300, "sub-b"},
		// Without ring-ca, sub-c hangs on sub-b: clinic 10, then homes B
		// and C share 35 kW at 50% (25, 10) while homes A rises to 30.
		{"ring-ca", 35, 25, 350, 250, 1, 2, 700, "sub-b"},
		{"f-homes-c", 25, 15, 250, 150, 1, 1, 200, "sub-b"},
		// The base allocation does not use these: nothing changes.
		{"ring-ab", 10, 0, 100, 0, 1, 0, 0, "sub-a sub-b"},
		{"ring-bc", 10, 0, 100, 0, 1, 0, 0, "sub-a sub-b"},
	})
	// Pairs of the four worst: sub-a, sub-c, f-hospital, f-clinic (network
	// order: nodes, then links).
	contCheckAll(t, "N2", rep.N2, []contWant{
		// Hospital, homes A and clinic cut off; homes B and C share 45
		// kW: residential unserved 30 + 25 = 55, however shared.
		{"sub-a f-clinic", 95, 85, 4550, 4450, 0, 5, 1002, "sub-b"},
		// Same loss; homes B keeps its 45 kW, so fewer are affected.
		{"sub-a sub-c", 95, 85, 4550, 4450, 0, 4, 502, "sub-b"},
		{"sub-c f-hospital", 65, 55, 4250, 4150, 0, 3, 202, "sub-b"},
		{"f-hospital f-clinic", 45, 35, 4050, 3950, 0, 2, 2, "sub-b"},
		{"sub-a f-hospital", 95, 85, 3650, 3550, 0.25, 4, 1001, "sub-b"},
		{"sub-c f-clinic", 35, 25, 1250, 1150, 0.75, 2, 201, "sub-b"},
	})
}

// contCity reads the sample district shipped with the module.
func contCity(t *testing.T) *network.Network {
	t.Helper()
	net, err := network.ReadFile("../testdata/city/network.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestContingencyCity ranks the single outages of the sample district,
// computed by hand. As built the grid (12000 kW) and sub-south (5000 kW)
// bind: critical and essential are served; compound C and D share sub-south's
// remaining 4450 kW of 4800; the mall gets nothing and the works 570 of 600.
// The cut is the grid and the backup, both at their limit. Unserved 218.75 + 131.25 + 700 + 30 = 1080 kW, 2187.5 + 1312.5 + 14000 +
// 450 = 17950 per hour.
func TestContingencyCity(t *testing.T) {
	net := contCity(t)
	rep, err := scenario.Contingency(context.Background(), net, nil, scenario.ContingencyOptions{WorstK: -1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.N2 != nil {
		t.Errorf("N2 has %d cases with WorstK < 0", len(rep.N2))
	}
	contCheck(t, "base", rep.Base, contWant{"", 1080, 0, 17950, 0, 1, 0, 0, "grid backup"})
	type row struct {
		assets     string
		added      float64
		addedValue float64
	}
	want := []row{
		{"grid", 12000, 245550},     // only the backup's 800 kW, to the hospital
		{"line-ring", 1870, 93550},  // hospital on backup, campus and works cut off
		{"sub-south", 4970, 79050},  // the south cut off, works served again
		{"sub-north", 5100, 72050},  // the north cut off
		{"line-north", 5100, 50850}, // the north through the 1000 kW tie and sub-south
		{"f-campus", 870, 44550},    // campus cut off, works served again
		{"line-south", 3970, 39550}, // the south through the tie: 1000 kW
		{"f-hospital", 370, 39550},  // hospital on backup; same value, less energy
		{"f-compound-a", 2570, 25550},
		{"f-compound-b", 2070, 20550},
		{"f-hotel-2", 320, 17050},
		{"f-hotel-1", 0, 15500},       // 400 kW lost at 50, the mall gets 50 at 20
		{"f-testing", 0, 13500},       // compounds C and D share 4600
		{"f-compound-c", 1920, 12050}, // D, the mall and the works served in full
		{"backup", 800, 10850},        // residential squeezed by the grid
		{"f-backup", 800, 10850},
		{"f-works", 570, 8550},
		{"f-command", 50, 7550},
		{"f-compound-d", 720, 50}, // C, the mall and the works served in full
		{"f-mall", 0, 0},
		{"tie", 0, 0},
	}
	if len(rep.N1) != len(want) {
		t.Fatalf("N1 has %d cases, want %d", len(rep.N1), len(want))
	}
	for i, w := range want {
		c := rep.N1[i]
		if got := strings.Join(c.Assets, " "); got != w.assets {
			t.Errorf("N1[%d] = %s, want %s", i, got, w.assets)
			continue
		}
		if math.Abs(c.AddedUnserved-w.added) > 1e-6 || !c.AddedValueLost.Round(6).Equal(decimal.NewFromFloat(w.addedValue)) {
			t.Errorf("N1[%d] %s: added %.9g kW, %s per hour; want %g, %g", i, w.assets, c.AddedUnserved, c.AddedValueLost, w.added, w.addedValue)
		}
	}
	// The worst case in full: every consumer loses supply but the mall,
	// which had none; the hospital keeps the backup's 800 of 1200.
	contCheck(t, "grid", rep.N1[0], contWant{"grid", 13080, 12000, 263500, 245550, 800.0 / 1430, 11, 11709, "backup"})
}

// contSame reports the first difference between two reports, or "".
func contSame(a, b *scenario.ContingencyReport) string {
	eq := func(x, y scenario.ContingencyCase) bool {
		return slices.Equal(x.Assets, y.Assets) && x.Unserved == y.Unserved && x.AddedUnserved == y.AddedUnserved &&
			x.ValueLost.Equal(y.ValueLost) && x.AddedValueLost.Equal(y.AddedValueLost) &&
			x.CriticalCoverage == y.CriticalCoverage && x.ConsumersAffected == y.ConsumersAffected &&
			x.CustomersAffected == y.CustomersAffected && slices.Equal(x.Bottlenecks, y.Bottlenecks) &&
			slices.Equal(x.Overloaded, y.Overloaded)
	}
	if a.Network != b.Network || !eq(a.Base, b.Base) {
		return "base"
	}
	for name, p := range map[string][2][]scenario.ContingencyCase{"N1": {a.N1, b.N1}, "N2": {a.N2, b.N2}} {
		if len(p[0]) != len(p[1]) {
			return fmt.Sprintf("%s: %d vs %d cases", name, len(p[0]), len(p[1]))
		}
		for i := range p[0] {
			if !eq(p[0][i], p[1][i]) {
				return fmt.Sprintf("%s[%d]: %+v vs %+v", name, i, p[0][i], p[1][i])
			}
		}
	}
	return ""
}

// TestContingencyWorkers checks that the report is identical, bit for bit,
// whatever the number of workers.
func TestContingencyWorkers(t *testing.T) {
	nets := []*network.Network{contRingNetwork(), contCity(t)}
	for seed := range uint64(5) {
		nets = append(nets, contRandom(rand.New(rand.NewPCG(seed, 7)), 30))
	}
	for i, net := range nets {
		var ref *scenario.ContingencyReport
		for _, w := range []int{1, 2, 8} {
			rep, err := scenario.Contingency(context.Background(), net, nil, scenario.ContingencyOptions{Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			if ref == nil {
				ref = rep
				if len(rep.N2) == 0 {
					t.Fatalf("network %d: no N-2 cases", i)
				}
				continue
			}
			if d := contSame(ref, rep); d != "" {
				t.Errorf("network %d, %d workers differ from 1: %s", i, w, d)
			}
		}
	}
}

// contRandom builds a random network of about n nodes: a few sources and
// storages, stations, junctions and consumers of random classes, a random
// spanning tree plus extra links, some one-way, some without a limit.
func contRandom(rng *rand.Rand, n int) *network.Network {
	b := network.NewBuilder(network.Power)
	roles := []network.Role{network.Source, network.Station, network.Consumer}
	var ids []string
	for i := range n {
		var r network.Role
		switch {
		case i < len(roles):
			r = roles[i]
		default:
			r = []network.Role{network.Source, network.Storage, network.Station, network.Station,
				network.Junction, network.Consumer, network.Consumer, network.Consumer, network.Consumer}[rng.IntN(9)]
		}
		nd := network.Node{ID: fmt.Sprintf("n%d", i), Role: r}
		switch r {
		case network.Source, network.Storage:
			nd.Capacity = float64(1 + rng.IntN(40))
		case network.Station:
			if rng.IntN(4) > 0 {
				nd.Capacity = float64(1 + rng.IntN(30))
			}
		case network.Consumer:
			nd.Demand = float64(rng.IntN(20))
			nd.Class = []string{network.Critical, network.Essential, network.Residential, network.Commercial, network.Industrial}[rng.IntN(5)]
			nd.Customers = rng.IntN(100)
		}
		b.AddNode(nd)
		ids = append(ids, nd.ID)
	}
	link := func(i, a, c int) {
		l := network.Link{ID: fmt.Sprintf("l%d", i), From: ids[a], To: ids[c], OneWay: rng.IntN(4) == 0}
		if rng.IntN(3) > 0 {
			l.Capacity = float64(1 + rng.IntN(25))
		}
		b.AddLink(l)
	}
	nl := 0
	for i := 1; i < n; i++ {
		link(nl, rng.IntN(i), i)
		nl++
	}
	for range n / 3 {
		a, c := rng.IntN(n), rng.IntN(n)
		if a != c {
			link(nl, a, c)
			nl++
		}
	}
	net, err := b.Build()
	if err != nil {
		panic(err)
	}
	return net
}

// TestContingencyBruteForce checks the bookkeeping on random networks
// against an independent solve of each case: the case's state is rebuilt
// from the base state and its asset IDs, solved with supply.Solve, and
// every figure recomputed from the allocation. It also checks the set of
// cases and the ranking.
func TestContingencyBruteForce(t *testing.T) {
	for seed := range uint64(100) {
		rng := rand.New(rand.NewPCG(seed, 1))
		net := contRandom(rng, 5+rng.IntN(12))
		base := supply.NewState(net)
		// A few outages and derates in the base case.
		for range rng.IntN(4) {
			if rng.IntN(2) == 0 {
				base.NodeScale[rng.IntN(net.NumNodes())] = float64(rng.IntN(3)) / 2
			} else {
				base.LinkScale[rng.IntN(net.NumLinks())] = float64(rng.IntN(3)) / 2
			}
		}
		for _, c := range net.Consumers() {
			if rng.IntN(3) == 0 {
				base.Demand[c] *= 1.5
			}
		}
		opt := scenario.ContingencyOptions{WorstK: 1 + rng.IntN(5), Workers: 1 + rng.IntN(4)}
		if rng.IntN(4) == 0 {
			opt.Policy = supply.Proportional
		}
		if rng.IntN(4) == 0 {
			opt.Roles = []network.Role{network.Consumer, network.Junction}
		}
		if rng.IntN(5) == 0 {
			opt.SkipLinks = true
		}
		saved := supply.NewState(net)
		saved.CopyFrom(base)
		rep, err := scenario.Contingency(context.Background(), net, base, opt)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if !slices.Equal(saved.NodeScale, base.NodeScale) || !slices.Equal(saved.LinkScale, base.LinkScale) || !slices.Equal(saved.Demand, base.Demand) {
			t.Fatalf("seed %d: the caller's state was modified", seed)
		}
		contBrute(t, seed, net, base, opt, rep)
	}
}

func contBrute(t *testing.T, seed uint64, net *network.Network, base *supply.State, opt scenario.ContingencyOptions, rep *scenario.ContingencyReport) {
	t.Helper()
	var total float64
	for _, c := range net.Consumers() {
		total += base.Demand[c]
	}
	tol := 1e-6 * max(total, 1)
	sopt := supply.Options{Policy: opt.Policy}
	baseRes, err := supply.Solve(net, base, sopt)
	if err != nil {
		t.Fatal(err)
	}
	minRank := net.Class(0).Rank
	check := func(what string, c scenario.ContingencyCase) {
		st := supply.NewState(net)
		st.CopyFrom(base)
		for _, id := range c.Assets {
			if err := st.SetOut(id, true); err != nil {
				t.Fatalf("seed %d %s: %v", seed, what, err)
			}
		}
		res, err := supply.Solve(net, st, sopt)
		if err != nil {
			t.Fatal(err)
		}
		// Unserved is total demand minus total served.
		var demand, served, value, critD, critS float64
		affected, customers := 0, 0
		for _, v := range net.Consumers() {
			demand += st.Demand[v]
			served += res.Served[v]
			cl := net.Class(net.NodeClass(int(v)))
			value += (st.Demand[v] - res.Served[v]) * cl.VoLL.InexactFloat64()
			if cl.Rank == minRank {
				critD += st.Demand[v]
				critS += res.Served[v]
			}
			if baseRes.Served[v]-res.Served[v] > 1e-6*max(total, 1) { // as documented
				affected++
				customers += net.Customers(int(v))
			}
		}
		if math.Abs(c.Unserved-(demand-served)) > tol {
			t.Errorf("seed %d %s: Unserved %g, want %g − %g = %g", seed, what, c.Unserved, demand, served, demand-served)
		}
		if math.Abs(c.AddedUnserved-(c.Unserved-rep.Base.Unserved)) > tol {
			t.Errorf("seed %d %s: AddedUnserved %g, Unserved %g, base %g", seed, what, c.AddedUnserved, c.Unserved, rep.Base.Unserved)
		}
		if math.Abs(c.ValueLost.InexactFloat64()-value) > 100*tol {
			t.Errorf("seed %d %s: ValueLost %s, want %g", seed, what, c.ValueLost, value)
		}
		if !c.AddedValueLost.Equal(c.ValueLost.Sub(rep.Base.ValueLost)) {
			t.Errorf("seed %d %s: AddedValueLost %s ≠ %s − %s", seed, what, c.AddedValueLost, c.ValueLost, rep.Base.ValueLost)
		}
		wantCrit := 1.0
		if critD > 0 {
			wantCrit = min(critS/critD, 1)
		}
		if math.Abs(c.CriticalCoverage-wantCrit) > 1e-6 {
			t.Errorf("seed %d %s: CriticalCoverage %g, want %g", seed, what, c.CriticalCoverage, wantCrit)
		}
		if len(c.Assets) > 0 && (c.ConsumersAffected != affected || c.CustomersAffected != customers) {
			t.Errorf("seed %d %s: affected %d/%d, want %d/%d", seed, what, c.ConsumersAffected, c.CustomersAffected, affected, customers)
		}
		if !slices.Equal(c.Bottlenecks, res.BottleneckIDs()) {
			t.Errorf("seed %d %s: bottlenecks %v, want %v", seed, what, c.Bottlenecks, res.BottleneckIDs())
		}
	}
	check("base", rep.Base)
	if rep.Base.AddedUnserved != 0 || !rep.Base.AddedValueLost.IsZero() || len(rep.Base.Assets) != 0 {
		t.Errorf("seed %d: base case %+v", seed, rep.Base)
	}

	// The N-1 cases are exactly the in-service candidates, in network order.
	roles := opt.Roles
	if roles == nil {
		roles = []network.Role{network.Source, network.Station, network.Storage}
	}
	var cands []string
	for v := range net.NumNodes() {
		if slices.Contains(roles, net.Role(v)) && base.NodeScale[v] > 0 {
			cands = append(cands, net.NodeID(v))
		}
	}
	if !opt.SkipLinks {
		for l := range net.NumLinks() {
			if base.LinkScale[l] > 0 {
				cands = append(cands, net.LinkID(l))
			}
		}
	}
	var got []string
	for _, c := range rep.N1 {
		if len(c.Assets) != 1 {
			t.Fatalf("seed %d: N-1 case %v", seed, c.Assets)
		}
		got = append(got, c.Assets[0])
	}
	slices.SortFunc(got, func(a, b string) int { return slices.Index(cands, a) - slices.Index(cands, b) })
	if !slices.Equal(got, cands) {
		t.Fatalf("seed %d: N-1 assets %v, want %v", seed, got, cands)
	}
	// The N-2 cases are the pairs of the first WorstK, in network order.
	k := min(opt.WorstK, len(rep.N1))
	var worst []string
	for _, c := range rep.N1[:k] {
		worst = append(worst, c.Assets[0])
	}
	slices.SortFunc(worst, func(a, b string) int { return slices.Index(cands, a) - slices.Index(cands, b) })
	var pairs, gotPairs []string
	for i := range worst {
		for j := i + 1; j < len(worst); j++ {
			pairs = append(pairs, worst[i]+" "+worst[j])
		}
	}
	for _, c := range rep.N2 {
		gotPairs = append(gotPairs, strings.Join(c.Assets, " "))
	}
	slices.Sort(pairs)
	slices.Sort(gotPairs)
	if !slices.Equal(pairs, gotPairs) {
		t.Fatalf("seed %d: N-2 pairs %v, want %v", seed, gotPairs, pairs)
	}

	for name, cs := range map[string][]scenario.ContingencyCase{"N1": rep.N1, "N2": rep.N2} {
		for i, c := range cs {
			check(fmt.Sprintf("%s[%d] %v", name, i, c.Assets), c)
			if i == 0 {
				continue
			}
			// Ranked: value lost descending, then unserved descending,
			// then IDs ascending, up to rounding.
			p := cs[i-1]
			dv := p.AddedValueLost.Sub(c.AddedValueLost).InexactFloat64()
			du := p.AddedUnserved - c.AddedUnserved
			switch {
			case dv > 1e-5:
			case dv < -1e-5:
				t.Errorf("seed %d %s[%d]: value %s after %s", seed, name, i, c.AddedValueLost, p.AddedValueLost)
			case du > tol:
			case du < -tol:
				t.Errorf("seed %d %s[%d]: unserved %g after %g at equal value", seed, name, i, c.AddedUnserved, p.AddedUnserved)
			case slices.Compare(p.Assets, c.Assets) >= 0:
				t.Errorf("seed %d %s[%d]: %v after %v at equal harm", seed, name, i, c.Assets, p.Assets)
			}
		}
	}
}

// contCountCtx is a context whose Err turns to context.Canceled after a
// given number of calls, so that a test can cancel in the middle of a study
// deterministically.
type contCountCtx struct {
	context.Context
	left atomic.Int64
}

func (c *contCountCtx) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestContingencyCancel(t *testing.T) {
	net := contCity(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := scenario.Contingency(ctx, net, nil, scenario.ContingencyOptions{})
	if !errors.Is(err, context.Canceled) || rep != nil {
		t.Errorf("cancelled before: %v, %v; want nil, context.Canceled", rep, err)
	}
	// Cancelled after a few solves, during N-1 and during N-2.
	for _, n := range []int64{3, 30} {
		for _, w := range []int{1, 4} {
			c := &contCountCtx{Context: context.Background()}
			c.left.Store(n)
			rep, err := scenario.Contingency(c, net, nil, scenario.ContingencyOptions{Workers: w})
			if !errors.Is(err, context.Canceled) || rep != nil {
				t.Errorf("cancelled after %d checks, %d workers: %v, %v; want nil, context.Canceled", n, w, rep, err)
			}
		}
	}
}

// TestContingencyOptions checks the base state, roles, links and errors.
func TestContingencyOptions(t *testing.T) {
	net := contRingNetwork()
	ctx := context.Background()

	// Base case with sub-c out: sub-c is no candidate, and the cases are
	// measured against it. Base: clinic and homes C cut off, homes B at
	// 45: unserved 35, 1250 per hour.
	st := supply.NewState(net)
	if err := st.SetOut("sub-c", true); err != nil {
		t.Fatal(err)
	}
	rep, err := scenario.Contingency(ctx, net, st, scenario.ContingencyOptions{SkipLinks: true, WorstK: -1})
	if err != nil {
		t.Fatal(err)
	}
	if st.NodeScale[4] != 0 || st.NodeScale[2] != 1 {
		t.Error("the caller's state was modified")
	}
	contCheck(t, "base", rep.Base, contWant{"", 35, 0, 1250, 0, 0.75, 0, 0, "sub-b"})
	contCheckAll(t, "N1", rep.N1, []contWant{
		// Hospital and homes A cut off too (3000 + 300); homes B at 45.
		{"sub-a", 95, 60, 4550, 3300, 0, 2, 301, "sub-b"},
		// Plant A: sub-b's 45 kW for the hospital (30) and 15 shared by
		// homes A and B at 3/16 (5.625, 9.375): residential unserved 65.
		{"plant-a", 95, 60, 1850, 600, 0.75, 2, 800, "sub-b"},
		// Homes B cut off: 500 instead of 50; the rest fits.
		{"sub-b", 80, 45, 1700, 450, 0.75, 1, 500, ""},
		// Plant B: sub-a's 85 kW for the hospital (30) and 55 shared by
		// homes A and B at 11/16 (20.625, 34.375): residential unserved
		// 25.
		{"plant-b", 55, 20, 1450, 200, 0.75, 2, 800, "sub-a"},
	})

	// Consumers as candidates, no links: taking out homes B (500 per hour
	// more, 40 kW more unserved) ranks first among the homes.
	rep, err = scenario.Contingency(ctx, net, nil, scenario.ContingencyOptions{Roles: []network.Role{network.Consumer}, SkipLinks: true, WorstK: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range rep.N1 {
		ids = append(ids, c.Assets[0])
	}
	if want := []string{"hospital", "clinic", "homes-b", "homes-a", "homes-c"}; !slices.Equal(ids, want) {
		t.Errorf("N1 over consumers = %v, want %v", ids, want)
	}
	if len(rep.N2) != 1 || strings.Join(rep.N2[0].Assets, " ") != "hospital clinic" {
		t.Errorf("N2 over consumers = %+v, want one pair hospital clinic", rep.N2)
	}

	// Errors.
	other := contRandom(rand.New(rand.NewPCG(1, 2)), 8)
	if _, err := scenario.Contingency(ctx, net, supply.NewState(other), scenario.ContingencyOptions{}); !errors.Is(err, supply.ErrStateMismatch) {
		t.Errorf("state of another network: %v", err)
	}
	if _, err := scenario.Contingency(ctx, net, nil, scenario.ContingencyOptions{Policy: 9}); err == nil {
		t.Error("unknown policy: no error")
	}
	if _, err := scenario.Contingency(ctx, net, nil, scenario.ContingencyOptions{Roles: []network.Role{"pump"}}); err == nil {
		t.Error("unknown role: no error")
	}
	bad := supply.NewState(net)
	bad.Demand[7] = math.NaN()
	if _, err := scenario.Contingency(ctx, net, bad, scenario.ContingencyOptions{}); err == nil || !strings.Contains(err.Error(), "homes-a") {
		t.Errorf("NaN demand: %v", err)
	}
}

// contFakeOverloads is an overload check with a known answer: each asset
// out overloads the links listed for it, and a state overloads the sorted
// union of its assets' links. It counts its calls and notes when out is
// not in network order or holds an asset twice.
type contFakeOverloads struct {
	net      *network.Network
	links    map[string][]string
	calls    atomic.Int64
	disorder atomic.Bool
	fail     func(out []string) error // nil: never fails
}

// order returns the position of an asset in network order.
func (f *contFakeOverloads) order(id string) int {
	if v, ok := f.net.NodeIndex(id); ok {
		return v
	}
	l, ok := f.net.LinkIndex(id)
	if !ok {
		return -1
	}
	return f.net.NumNodes() + l
}

func (f *contFakeOverloads) check(out []string) ([]string, error) {
	f.calls.Add(1)
	for i, id := range out {
		if f.order(id) < 0 || (i > 0 && f.order(out[i-1]) >= f.order(id)) {
			f.disorder.Store(true)
		}
	}
	if f.fail != nil {
		if err := f.fail(out); err != nil {
			return nil, err
		}
	}
	return f.want(out), nil
}

// want is the answer for the assets in out, nil when there is none; an
// empty non-nil slice when none of out's assets is in the map, which the
// report must turn into nil.
func (f *contFakeOverloads) want(out []string) []string {
	over := []string{}
	for _, id := range out {
		for _, l := range f.links[id] {
			if !slices.Contains(over, l) {
				over = append(over, l)
			}
		}
	}
	slices.Sort(over)
	return over
}

// TestContingencyOverloads checks that the overload check is asked about
// every case, with the base outages and the case's assets, and that its
// answer is reported unchanged, the same whatever the number of workers,
// and without changing the ranking.
func TestContingencyOverloads(t *testing.T) {
	net := contRingNetwork()
	ctx := context.Background()
	links := map[string][]string{
		"sub-c":    {"ring-ab"}, // out in the base case of the second run
		"sub-a":    {"ring-bc"},
		"plant-b":  {"ring-ca", "feed-a"},
		"f-clinic": {"ring-bc", "ring-ab"},
	}
	subC := supply.NewState(net)
	if err := subC.SetOut("sub-c", true); err != nil {
		t.Fatal(err)
	}
	for _, base := range []*supply.State{nil, subC} {
		var baseOut []string
		if base != nil {
			baseOut = []string{"sub-c"}
		}
		plain, err := scenario.Contingency(ctx, net, base, scenario.ContingencyOptions{WorstK: 4})
		if err != nil {
			t.Fatal(err)
		}
		var ref *scenario.ContingencyReport
		for _, w := range []int{1, 2, 8} {
			f := &contFakeOverloads{net: net, links: links}
			rep, err := scenario.Contingency(ctx, net, base, scenario.ContingencyOptions{WorstK: 4, Workers: w, Overloads: f.check})
			if err != nil {
				t.Fatal(err)
			}
			if n := f.calls.Load(); n != int64(1+len(rep.N1)+len(rep.N2)) {
				t.Errorf("base out %v, %d workers: %d calls for %d cases", baseOut, w, n, 1+len(rep.N1)+len(rep.N2))
			}
			if f.disorder.Load() {
				t.Errorf("base out %v, %d workers: out not in network order", baseOut, w)
			}
			check := func(what string, c scenario.ContingencyCase) {
				t.Helper()
				out := append(slices.Clone(baseOut), c.Assets...)
				want := f.want(out)
				if len(want) == 0 {
					want = nil
				}
				if !slices.Equal(c.Overloaded, want) || (want == nil) != (c.Overloaded == nil) {
					t.Errorf("base out %v, %d workers, %s %v: Overloaded %#v, want %#v", baseOut, w, what, c.Assets, c.Overloaded, want)
				}
			}
			check("base", rep.Base)
			for _, c := range rep.N1 {
				check("N1", c)
			}
			for _, c := range rep.N2 {
				check("N2", c)
			}
			// The ranking is that of the study without the check.
			for i := range rep.N1 {
				if !slices.Equal(rep.N1[i].Assets, plain.N1[i].Assets) {
					t.Fatalf("base out %v: N1[%d] = %v with the check, %v without", baseOut, i, rep.N1[i].Assets, plain.N1[i].Assets)
				}
			}
			for i := range rep.N2 {
				if !slices.Equal(rep.N2[i].Assets, plain.N2[i].Assets) {
					t.Fatalf("base out %v: N2[%d] = %v with the check, %v without", baseOut, i, rep.N2[i].Assets, plain.N2[i].Assets)
				}
			}
			if ref == nil {
				ref = rep
				continue
			}
			if d := contSame(ref, rep); d != "" {
				t.Errorf("base out %v, %d workers differ from 1: %s", baseOut, w, d)
			}
		}
		// A few known answers, spelled out.
		want := map[string][]string{"sub-a": {"ring-bc"}, "plant-b": {"feed-a", "ring-ca"}, "feed-a": nil}
		if base != nil {
			want = map[string][]string{"sub-a": {"ring-ab", "ring-bc"}, "plant-b": {"feed-a", "ring-ab", "ring-ca"}, "feed-a": {"ring-ab"}}
		}
		for _, c := range ref.N1 {
			if w, ok := want[c.Assets[0]]; ok && !slices.Equal(c.Overloaded, w) {
				t.Errorf("base out %v, %s: Overloaded %v, want %v", baseOut, c.Assets[0], c.Overloaded, w)
			}
		}
	}

	// An error from the check stops the study, in the base case or in any
	// case, with that error.
	errOver := errors.New("no power flow")
	for _, tc := range []struct {
		name string
		base *supply.State
		fail func(out []string) error
	}{
		{"base", subC, func(out []string) error {
			if slices.Contains(out, "sub-c") && len(out) == 1 {
				return errOver
			}
			return nil
		}},
		{"N1", nil, func(out []string) error {
			if slices.Equal(out, []string{"ring-ab"}) {
				return errOver
			}
			return nil
		}},
		{"N2", nil, func(out []string) error {
			if slices.Equal(out, []string{"sub-a", "f-clinic"}) {
				return errOver
			}
			return nil
		}},
	} {
		for _, w := range []int{1, 8} {
			f := &contFakeOverloads{net: net, links: links, fail: tc.fail}
			rep, err := scenario.Contingency(ctx, net, tc.base, scenario.ContingencyOptions{WorstK: 4, Workers: w, Overloads: f.check})
			if !errors.Is(err, errOver) || rep != nil {
				t.Errorf("%s, %d workers: %v, %v; want nil and the check's error", tc.name, w, rep, err)
			}
		}
	}
}
