package supply_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/supply"
)

// changer plays random single-asset changes on a state: outages, derates,
// new demand at a consumer, and restorations of assets changed before (to
// as built), so that shortages come and go.
type changer struct {
	r       *rand.Rand
	net     *network.Network
	inc     *supply.Incremental
	changed []supply.Asset
	// gentle keeps derates to 70% and above and new demand to 140% and
	// below: within the margins of synth networks, so that most changes
	// leave no shortage.
	gentle bool
}

// next applies one change to st and returns the asset changed. Three new
// changes in four hit a pendant asset when the network has any, so that
// the fast path is exercised; the rest hit any asset.
func (c *changer) next(st *supply.State) supply.Asset {
	r, net := c.r, c.net
	if len(c.changed) > 0 && r.IntN(100) < 35 {
		i := r.IntN(len(c.changed))
		a := c.changed[i]
		c.changed = slices.Delete(c.changed, i, i+1)
		if a.IsLink {
			st.LinkScale[a.Index] = 1
		} else {
			st.NodeScale[a.Index] = 1
			st.Demand[a.Index] = net.Demand(a.Index)
		}
		return a
	}
	n, m := net.NumNodes(), net.NumLinks()
	var a supply.Asset
	for try := 0; ; try++ {
		if m > 0 && r.IntN(2) == 0 {
			a = supply.Asset{IsLink: true, Index: r.IntN(m)}
		} else {
			a = supply.Asset{Index: r.IntN(n)}
		}
		if try >= 20 || r.IntN(4) == 0 || c.inc.Pendant(a) {
			break
		}
	}
	scale := st.NodeScale
	if a.IsLink {
		scale = st.LinkScale
		a.ID = net.LinkID(a.Index)
	} else {
		a.ID = net.NodeID(a.Index)
	}
	switch p := r.IntN(100); {
	case p < 40:
		scale[a.Index] = 0
	case p < 60:
		if c.gentle {
			scale[a.Index] = 0.7 + 0.3*r.Float64()
		} else {
			scale[a.Index] = 0.1 + 0.8*r.Float64()
		}
	default:
		if !a.IsLink && net.Role(a.Index) == network.Consumer {
			f := 2.0
			if c.gentle {
				f = 1.4
			}
			st.Demand[a.Index] = net.Demand(a.Index) * f * r.Float64()
		} else {
			scale[a.Index] = 0
		}
	}
	c.changed = append(c.changed, a)
	return a
}

// compareResults returns the differences between an incremental result
// and a fresh solve: served and demand per consumer and the coverage sums
// within tol, counts exactly, and the bottleneck assets exactly.
func compareResults(net *network.Network, got, want *supply.Result, tol float64) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for _, c := range net.Consumers() {
		if d := math.Abs(got.Served[c] - want.Served[c]); d > tol {
			bad("consumer %s: served %.12g, a full solve %.12g", net.NodeID(int(c)), got.Served[c], want.Served[c])
		}
		if got.Demand[c] != want.Demand[c] {
			bad("consumer %s: demand %g, a full solve %g", net.NodeID(int(c)), got.Demand[c], want.Demand[c])
		}
	}
	cov := func(name string, g, w supply.Coverage) {
		rtol := 1e-9 * float64(max(1, w.Consumers))
		if math.Abs(g.Served-w.Served) > tol || math.Abs(g.Demand-w.Demand) > tol ||
			math.Abs(g.SumRatio-w.SumRatio) > rtol || g.Consumers != w.Consumers || g.Customers != w.Customers {
			bad("%s coverage %+v, a full solve %+v", name, g, w)
		}
	}
	cov("total", got.Total, want.Total)
	cov("no-zone", got.NoZone, want.NoZone)
	for i := range want.ByClass {
		cov("class "+net.Class(i).Name, got.ByClass[i], want.ByClass[i])
	}
	for i := range want.ByZone {
		cov("zone "+net.ZoneID(i), got.ByZone[i], want.ByZone[i])
	}
	if !slices.Equal(got.BottleneckIDs(), want.BottleneckIDs()) {
		bad("bottlenecks %v, a full solve %v", got.BottleneckIDs(), want.BottleneckIDs())
	}
	return errs
}

// runSequence plays steps random single-asset changes on net from st,
// updating inc after each (by scanning, or with the changed asset, in
// turn; every fifth update follows three changes), and checks every result against a fresh full solve and for
// feasibility. It returns the problems found and the fast updates made.
func runSequence(net *network.Network, st *supply.State, opt supply.Options, seed uint64, steps int, gentle bool) ([]string, int) {
	inc := supply.NewIncremental(net, opt)
	ch := changer{r: rand.New(rand.NewPCG(seed, 0x1c4e)), net: net, inc: inc, gentle: gentle}
	ref := supply.NewSolver(net, opt)
	var got, want supply.Result
	var list []supply.Asset
	if err := inc.Reset(st, &got); err != nil {
		return []string{fmt.Sprintf("Reset: %v", err)}, 0
	}
	for step := range steps {
		// Mostly one change per update; every fifth update takes three,
		// which may nest in one subtree.
		list = list[:0]
		for range 1 + 2*b2i(step%5 == 4) {
			list = append(list, ch.next(st))
		}
		a := list[0]
		var err error
		if step%2 == 0 {
			err = inc.Update(st, &got)
		} else {
			err = inc.UpdateAssets(st, list, &got)
		}
		if err != nil {
			return []string{fmt.Sprintf("step %d (%s): Update: %v", step, a.ID, err)}, 0
		}
		if err := ref.Solve(st, &want); err != nil {
			return []string{fmt.Sprintf("step %d: Solve: %v", step, err)}, 0
		}
		tol := 1e-9 * max(1, stateDemand(net, st))
		errs := compareResults(net, &got, &want, tol)
		errs = append(errs, checkFeasible(net, st, &got)...)
		if len(errs) > 0 {
			for i := range errs {
				errs[i] = fmt.Sprintf("step %d (changed %s): %s", step, a.ID, errs[i])
			}
			return errs, 0
		}
	}
	fast, _ := inc.Stats()
	return nil, fast
}

// TestIncrementalRandomNetworks plays sequences of random single-asset
// changes on the random networks of the oracle test and compares every
// update with a full solve.
func TestIncrementalRandomNetworks(t *testing.T) {
	for _, policy := range policies {
		t.Run(policy.String(), func(t *testing.T) {
			t.Parallel()
			fastTotal, failed := 0, 0
			n := numRandomCases / 2
			for seed := range uint64(n) {
				c := randomCase(seed)
				st := c.st
				if seed%2 == 0 {
					st = supply.NewState(c.net) // as built: often no shortage
				}
				errs, fast := runSequence(c.net, st, supply.Options{Policy: policy}, seed, 50+int(seed%4)*50, false)
				fastTotal += fast
				if len(errs) > 0 {
					failed++
					if failed <= 3 {
						t.Errorf("random case %d:\n  %s\n%v", seed, strings.Join(errs[:min(5, len(errs))], "\n  "), c)
					}
				}
			}
			t.Logf("%d random networks, %d fast updates", n, fastTotal)
			if fastTotal == 0 {
				t.Error("the fast path never ran")
			}
		})
	}
}

// TestIncrementalSynth plays sequences of 200 random single-asset changes
// on synth networks, with ample supply and with a shortage (sources at
// 70%), and compares every update with a full solve. With ample supply
// most updates must take the fast path.
func TestIncrementalSynth(t *testing.T) {
	for _, tc := range []struct {
		nodes int
		mesh  float64
		scale float64
	}{{2000, 0.05, 1}, {3000, 0.2, 1}, {1000, 0, 1}, {500, 0.05, 0.7}} {
		name := fmt.Sprintf("nodes=%d/mesh=%g/sources=%g", tc.nodes, tc.mesh, tc.scale)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			net, err := synth.Generate(synth.Size(tc.nodes, tc.mesh, 7))
			if err != nil {
				t.Fatal(err)
			}
			st := supply.NewState(net)
			for v := range net.NumNodes() {
				if net.Role(v) == network.Source {
					st.NodeScale[v] = tc.scale
				}
			}
			const steps = 200
			errs, fast := runSequence(net, st, supply.Options{}, uint64(tc.nodes), steps, tc.scale == 1)
			if len(errs) > 0 {
				t.Fatalf("%s", strings.Join(errs[:min(10, len(errs))], "\n"))
			}
			t.Logf("%d of %d updates fast", fast, steps)
			if tc.scale == 1 && fast < steps/2 {
				t.Errorf("only %d of %d updates took the fast path", fast, steps)
			}
		})
	}
}

// TestIncrementalHand checks the fast path on a hand-built feeder: a source,
// a meshed pair of stations, and a radial station with two consumers.
func TestIncrementalHand(t *testing.T) {
	net := mustBuild(t, network.Power, nil, []network.Node{
		source("S", 100),
		station("A", 100), station("B", 100), station("R", 30),
		consumer("H", network.Critical, 10),
		consumer("C1", network.Residential, 15),
		consumer("C2", network.Residential, 10),
	}, []network.Link{
		link("sa", "S", "A", 100), link("sb", "S", "B", 100), link("ab", "A", "B", 100),
		link("bh", "B", "H", 20), link("ar", "A", "R", 40),
		link("r1", "R", "C1", 20), link("r2", "R", "C2", 20),
	})
	inc := supply.NewIncremental(net, supply.Options{})
	for _, id := range []string{"R", "ar", "r1", "C2", "H", "bh"} {
		if a, _ := supply.Lookup(net, id); !inc.Pendant(a) {
			t.Errorf("%s is not pendant", id)
		}
	}
	for _, id := range []string{"S", "A", "B", "sa", "ab"} {
		if a, _ := supply.Lookup(net, id); inc.Pendant(a) {
			t.Errorf("%s is pendant", id)
		}
	}
	st := supply.NewState(net)
	var res supply.Result
	if err := inc.Reset(st, &res); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		id       string
		scale    float64 // or demand for a consumer when demand is set
		demand   bool
		served   map[string]float64
		flowAR   float64
		fast     bool
		bottle   []string
		coverage float64
	}{
		{"R", 0, false, map[string]float64{"C1": 0, "C2": 0, "H": 10}, 0, true, nil, 10.0 / 35},
		{"R", 1, false, map[string]float64{"C1": 15, "C2": 10, "H": 10}, 25, true, nil, 1},
		{"C1", 25, true, map[string]float64{"C1": 0, "C2": 10, "H": 10}, 0, false, nil, 0},
		{"C1", 18, true, map[string]float64{"C1": 18, "C2": 10, "H": 10}, 28, false, nil, 1}, // after a shortage: in full
		{"r2", 0, false, map[string]float64{"C1": 18, "C2": 0, "H": 10}, 18, true, nil, 28.0 / 38},
	}
	for i, s := range steps {
		a, _ := supply.Lookup(net, s.id)
		if s.demand {
			st.Demand[a.Index] = s.scale
		} else if err := st.SetScale(s.id, s.scale); err != nil {
			t.Fatal(err)
		}
		fast0, _ := inc.Stats()
		if err := inc.UpdateAssets(st, []supply.Asset{a}, &res); err != nil {
			t.Fatal(err)
		}
		fast1, _ := inc.Stats()
		want, err := supply.Solve(net, st, supply.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if e := compareResults(net, &res, want, 1e-9); len(e) > 0 {
			t.Errorf("step %d: %s", i, strings.Join(e, "; "))
		}
		if s.id == "C1" && s.scale == 25 {
			// C1's feeder (20) cannot carry 25: a shortage, solved in full.
			if fast1 != fast0 || len(res.Bottlenecks) == 0 {
				t.Errorf("step %d: fast %v, bottlenecks %v; want a full solve naming the feeder", i, fast1 > fast0, res.BottleneckIDs())
			}
			continue
		}
		if (fast1 > fast0) != s.fast {
			t.Errorf("step %d: fast path %v, want %v", i, fast1 > fast0, s.fast)
		}
		for id, w := range s.served {
			if c, _ := res.Consumer(id); math.Abs(c.Served-w) > 1e-9 {
				t.Errorf("step %d: %s served %g, want %g", i, id, c.Served, w)
			}
		}
		if f, _ := res.LinkFlow("ar"); math.Abs(f-s.flowAR) > 1e-9 {
			t.Errorf("step %d: flow on ar %g, want %g", i, f, s.flowAR)
		}
		if math.Abs(res.Total.PCS()-s.coverage) > 1e-9 {
			t.Errorf("step %d: coverage %g, want %g", i, res.Total.PCS(), s.coverage)
		}
		if e := checkFeasible(net, st, &res); len(e) > 0 {
			t.Errorf("step %d: %s", i, strings.Join(e, "; "))
		}
	}
}

// TestIncrementalErrors checks that Update reports the Solver's errors and
// recovers with a valid state.
func TestIncrementalErrors(t *testing.T) {
	c := randomCase(3)
	inc := supply.NewIncremental(c.net, supply.Options{})
	var res supply.Result
	st := supply.NewState(c.net)
	if err := inc.Reset(st, &res); err != nil {
		t.Fatal(err)
	}
	st.NodeScale[0] = math.NaN()
	if err := inc.Update(st, &res); err == nil {
		t.Error("Update accepted a NaN scale")
	}
	other := supply.NewState(randomCase(4).net)
	if err := inc.Update(other, &res); err != supply.ErrStateMismatch {
		t.Errorf("Update with another network's state: %v, want ErrStateMismatch", err)
	}
	st.NodeScale[0] = 1
	if err := inc.Update(st, &res); err != nil {
		t.Fatal(err)
	}
	want, _ := supply.Solve(c.net, st, supply.Options{})
	if e := compareResults(c.net, &res, want, 1e-9); len(e) > 0 {
		t.Error(strings.Join(e, "; "))
	}
}
