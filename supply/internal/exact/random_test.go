package exact

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

// describe prints a case in enough detail to rebuild it by hand.
func describe(net *network.Network, st State) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d nodes, %d links; classes:", net.NumNodes(), net.NumLinks())
	for _, c := range net.Classes() {
		fmt.Fprintf(&b, " %s(%d)", c.Name, c.Rank)
	}
	b.WriteByte('\n')
	for v := range net.NumNodes() {
		fmt.Fprintf(&b, "  %s %s cap=%g scale=%g", net.NodeID(v), net.Role(v), net.Capacity(v), st.NodeScale[v])
		if net.Role(v) == network.Consumer {
			fmt.Fprintf(&b, " class=%s demand=%g", net.Class(net.NodeClass(v)).Name, st.Demand[v])
		}
		b.WriteByte('\n')
	}
	for l := range net.NumLinks() {
		u, w := net.LinkEnds(l)
		arrow := "--"
		if net.OneWay(l) {
			arrow = "->"
		}
		fmt.Fprintf(&b, "  %s %s%s%s cap=%g scale=%g\n", net.LinkID(l), net.NodeID(u), arrow, net.NodeID(w), net.LinkCapacity(l), st.LinkScale[l])
	}
	return b.String()
}

// TestAllocateRandomNetworks judges Allocate on hundreds of random networks
// with checkAllocation (feasibility, total = maximum flow, priority, and
// max-min fairness consumer by consumer), under both policies and over
// spreads of 0, 3, 8 and 12 orders of magnitude.
func TestAllocateRandomNetworks(t *testing.T) {
	seeds := 100
	if testing.Short() {
		seeds = 30
	}
	var shortCases, levels, total int
	for _, spread := range []float64{0, 3, 8, 12} {
		for seed := range uint64(seeds) {
			net, st := RandomCase(seed, spread)
			for _, p := range []Policy{PriorityFair, Proportional} {
				a, err := Allocate(net, st, p)
				if err != nil {
					t.Fatalf("seed %d spread %g %s: %v\n%s", seed, spread, p, err, describe(net, st))
				}
				if errs := checkAllocation(net, st, p, a); len(errs) > 0 {
					t.Errorf("seed %d spread %g %s:\n  %s\n%s", seed, spread, p, strings.Join(errs, "\n  "), describe(net, st))
				}
				total++
				if d := distinctLevels(a); d > 0 {
					shortCases++
					levels += d
				}
			}
		}
	}
	// The cases must exercise rationing, not just full service.
	if shortCases < total/3 {
		t.Errorf("only %d of %d allocations ration anyone", shortCases, total)
	}
	t.Logf("%d allocations, %d with a shortage, %.1f distinct levels below 1 on average among those",
		total, shortCases, float64(levels)/float64(max(shortCases, 1)))
}

// distinctLevels counts the distinct coverage levels strictly between 0
// and 1.
func distinctLevels(a *Allocation) int {
	var ls []*big.Rat
	for _, l := range a.Level {
		if l != nil && l.Sign() > 0 && l.Cmp(big.NewRat(1, 1)) < 0 {
			ls = append(ls, l)
		}
	}
	slices.SortFunc(ls, func(x, y *big.Rat) int { return x.Cmp(y) })
	ls = slices.CompactFunc(ls, func(x, y *big.Rat) bool { return x.Cmp(y) == 0 })
	return len(ls)
}

// TestCheckAllocationCatchesErrors makes sure the judge is not blind: it
// must reject allocations that are infeasible, short of the maximum flow,
// or unfair.
func TestCheckAllocationCatchesErrors(t *testing.T) {
	// The ring of the hand cases: a 35, b 20, c 35.
	net := build(t, nil, []network.Node{src("S", 90), con("a", "", 40), con("b", "", 40), con("c", "", 40)},
		[]network.Link{lnk("S", "a", 50), lnk("a", "b", 10), lnk("b", "c", 10), lnk("c", "S", 50)})
	st := NewState(net)
	good, err := Allocate(net, st, PriorityFair)
	if err != nil {
		t.Fatal(err)
	}
	if errs := checkAllocation(net, st, PriorityFair, good); len(errs) > 0 {
		t.Fatalf("the right allocation is rejected: %v", errs)
	}
	a, b, c := 1, 2, 3
	clone := func() *Allocation {
		x := *good
		x.Served = slices.Clone(good.Served)
		x.Level = slices.Clone(good.Level)
		x.Flow = slices.Clone(good.Flow)
		return &x
	}
	setServed := func(x *Allocation, v int, s string) {
		x.Served[v] = r(s)
		x.Level[v] = quo(r(s), f(st.Demand[v]))
	}
	cases := []struct {
		name string
		edit func(*Allocation)
		want string
	}{
		{"conservation broken", func(x *Allocation) { setServed(x, a, "36") }, "conservation"},
		{"a link beyond its limit", func(x *Allocation) { x.Flow[1] = r("11") }, "beyond its limit"},
		{"unfair but feasible: a 40, b 15, c 35", func(x *Allocation) {
			// S→a 50: a takes 40 and passes 10 to b; S→c 40: c takes 35
			// and passes 5 to b. Links: S-a, a-b, b-c, c-S.
			setServed(x, a, "40")
			setServed(x, b, "15")
			x.Flow[0], x.Flow[1], x.Flow[2], x.Flow[3] = r("50"), r("10"), r("-5"), r("-40")
		}, "could get"},
		{"feasible but short of the maximum flow: c 34", func(x *Allocation) {
			setServed(x, c, "34")
			x.Flow[0], x.Flow[1], x.Flow[2], x.Flow[3] = r("45"), r("10"), r("-10"), r("-44")
		}, "maximum flow"},
		{"level inconsistent", func(x *Allocation) { x.Level[a] = r("1") }, "level"},
	}
	for _, cs := range cases {
		x := clone()
		cs.edit(x)
		errs := checkAllocation(net, st, PriorityFair, x)
		if !strings.Contains(strings.Join(errs, "\n"), cs.want) {
			t.Errorf("%s: judge says %q, want a complaint about %q", cs.name, errs, cs.want)
		}
	}
}

func TestRandomCaseDeterministic(t *testing.T) {
	for seed := range uint64(20) {
		n1, s1 := RandomCase(seed, 8)
		n2, s2 := RandomCase(seed, 8)
		if d1, d2 := describe(n1, s1), describe(n2, s2); d1 != d2 {
			t.Fatalf("seed %d: two draws differ:\n%s\n%s", seed, d1, d2)
		}
	}
	n1, _ := RandomCase(1, 8)
	n2, _ := RandomCase(2, 8)
	if describe(n1, NewState(n1)) == describe(n2, NewState(n2)) {
		t.Error("seeds 1 and 2 give the same network")
	}
}

// TestRandomCaseCoverage checks that the generator produces everything it
// promises over a few hundred seeds, and that values span the spread.
func TestRandomCaseCoverage(t *testing.T) {
	const spread = 8
	seen := map[string]int{}
	minV, maxV := math.Inf(1), 0.0
	val := func(x float64) {
		if x > 0 && !math.IsInf(x, 0) {
			minV, maxV = min(minV, x), max(maxV, x)
		}
	}
	for seed := range uint64(300) {
		net, st := RandomCase(seed, spread)
		n := net.NumNodes()
		if n < 3 || n > 30 {
			t.Fatalf("seed %d: %d nodes", seed, n)
		}
		seen[fmt.Sprintf("nodes=%d", n)]++
		for v := range n {
			seen[string(net.Role(v))]++
			nd := net.Node(v)
			if net.Role(v) == network.Station && nd.Capacity == 0 {
				seen["station capacity 0"]++
			}
			if math.IsInf(nd.Capacity, 1) {
				seen["node capacity +Inf"]++
			}
			if st.NodeScale[v] == 0 {
				seen["node out"]++
			} else if st.NodeScale[v] < 1 {
				seen["node scale below 1"]++
			}
			if nd.Zone != "" {
				seen["zone"]++
			}
			if net.Role(v) == network.Consumer {
				val(st.Demand[v])
				if st.Demand[v] == 0 {
					seen["demand 0"]++
				}
				if st.Demand[v] != net.Demand(v) {
					seen["demand changed"]++
				}
				seen["class "+net.Class(net.NodeClass(v)).Name]++
			} else {
				val(nd.Capacity)
			}
		}
		for l := range net.NumLinks() {
			lk := net.Link(l)
			if lk.OneWay {
				seen["one-way"]++
			}
			if lk.Capacity == 0 {
				seen["link capacity 0"]++
			}
			if math.IsInf(lk.Capacity, 1) {
				seen["link capacity +Inf"]++
			}
			if lk.Loss > 0 {
				seen["loss"]++
			}
			if st.LinkScale[l] == 0 {
				seen["link out"]++
			} else if st.LinkScale[l] < 1 {
				seen["link derated"]++
			}
			val(lk.Capacity)
		}
		if len(net.Unreached()) > 0 {
			seen["unreached consumer"]++
		}
		ranks := map[int]int{}
		for _, c := range net.Classes() {
			ranks[c.Rank]++
		}
		for _, k := range ranks {
			if k > 1 {
				seen["shared rank"]++
				break
			}
		}
	}
	for _, want := range []string{"source", "station", "storage", "junction", "consumer",
		"station capacity 0", "node capacity +Inf", "node out", "node scale below 1", "zone",
		"demand 0", "demand changed", "one-way", "link capacity 0", "link capacity +Inf", "loss",
		"link out", "link derated", "unreached consumer", "shared rank", "nodes=3", "nodes=30",
		"class critical", "class industrial", "class vital", "class rest"} {
		if seen[want] == 0 {
			t.Errorf("300 random cases have no %q", want)
		}
	}
	// Drawn magnitudes are log-uniform over 10^−4 … 10^4; derived values
	// (capacities near the demand they feed, changed demands) may fall a
	// little outside. 300 cases come close to both ends.
	if minV > 1e-3 || maxV < 1e3 {
		t.Errorf("values span [%g, %g]; want about [1e-4, 1e4]", minV, maxV)
	}
	t.Logf("values span [%g, %g]", minV, maxV)
}

func TestRandomCaseSpreadZero(t *testing.T) {
	for seed := range uint64(50) {
		net, _ := RandomCase(seed, 0)
		for _, c := range net.Consumers() {
			if d := net.Demand(int(c)); d != 0 && d != 1 {
				t.Fatalf("seed %d: spread 0 but consumer demand %g", seed, d)
			}
		}
	}
	// Bad spreads are clamped, never a panic or a non-finite value.
	for _, s := range []float64{-1, math.NaN(), 1e9} {
		net, st := RandomCase(3, s)
		if _, err := Allocate(net, st, PriorityFair); err != nil {
			t.Errorf("spread %g: %v", s, err)
		}
	}
}

func BenchmarkAllocate(b *testing.B) {
	for _, spread := range []float64{0, 8} {
		b.Run(fmt.Sprintf("spread=%g", spread), func(b *testing.B) {
			const cases = 64
			nets := make([]*network.Network, cases)
			sts := make([]State, cases)
			for i := range cases {
				nets[i], sts[i] = RandomCase(uint64(i), spread)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := Allocate(nets[i%cases], sts[i%cases], PriorityFair); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
