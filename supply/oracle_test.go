package supply_test

// Property tests of Solve against the LP oracle of testutil_test.go on
// random networks, and tests of the oracle itself.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// numRandomCases is the number of random networks each property test runs
// on (seeds 0 to numRandomCases−1).
const numRandomCases = 500

var policies = []supply.Policy{supply.PriorityFair, supply.Proportional}

// TestOracleMaxFlowMatchesEdmondsKarp checks the LP oracle against a
// brute-force Edmonds–Karp on the split graph: the max flow (oracle a) on
// every case, and on the first fifth of the cases also the max flow into
// each rank group and into each consumer alone. It also checks that the
// generator produces the situations the property tests need.
func TestOracleMaxFlowMatchesEdmondsKarp(t *testing.T) {
	t.Parallel()
	var shortage, withOneWay, withStation, withOutage, withUnlimited int
	for seed := range uint64(numRandomCases) {
		c := randomCase(seed)
		got, err := newFlowLP(c.net, c.st).maxFlow()
		if err != nil {
			t.Fatalf("%v\n%v", err, c)
		}
		want := maxFlowEK(c.net, c.st)
		if math.Abs(got-want) > tolerance(c.net, c.st) {
			t.Errorf("LP max flow %.9g, Edmonds–Karp %.9g\n%v", got, want, c)
		}
		// The same with the objective on one rank group, or one consumer
		// (on the first cases only: LPs are slow under the race detector).
		if seed < numRandomCases/5 {
			p := newFlowLP(c.net, c.st)
			targets := groups(c.net, supply.PriorityFair)
			for _, v := range c.net.Consumers() {
				targets = append(targets, []int{int(v)})
			}
			for _, g := range targets {
				got, err := p.maxServed(g, nil)
				if err != nil {
					t.Fatalf("%v\n%v", err, c)
				}
				if want := maxFlowTo(c.net, c.st, g); math.Abs(got-want) > tolerance(c.net, c.st) {
					t.Errorf("LP max flow into %v %.9g, Edmonds–Karp %.9g\n%v", ids(c.net, g), got, want, c)
				}
			}
		}
		if want < stateDemand(c.net, c.st)-tolerance(c.net, c.st) {
			shortage++
		}
		for l := range c.net.NumLinks() {
			if c.net.OneWay(l) {
				withOneWay++
				break
			}
		}
		for v := range c.net.NumNodes() {
			if c.net.Role(v) == network.Station && !math.IsInf(nodeLimit(c.net, c.st, v), 1) {
				withStation++
				break
			}
		}
		if slices.Contains(c.st.NodeScale, 0) || slices.Contains(c.st.LinkScale, 0) {
			withOutage++
		}
		for v := range c.net.NumNodes() {
			if injects(c.net, v) && math.IsInf(c.net.Capacity(v), 1) {
				withUnlimited++
				break
			}
		}
	}
	t.Logf("%d cases: %d with a shortage, %d with a one-way link, %d with a limited station, %d with an outage, %d with an unlimited source",
		numRandomCases, shortage, withOneWay, withStation, withOutage, withUnlimited)
	for _, x := range []struct {
		what string
		n    int
	}{{"a shortage", shortage}, {"a one-way link", withOneWay}, {"a limited station", withStation}, {"an outage", withOutage}, {"an unlimited source", withUnlimited}} {
		if x.n < numRandomCases/20 {
			t.Errorf("only %d of %d random cases have %s", x.n, numRandomCases, x.what)
		}
	}
}

// TestOracleJudgesReference checks oracles (b) and (c) and the checker of
// optimality on allocations whose verdict is known. A reference allocation
// computed by progressive filling must pass. Two kinds of feasible
// corruption of it must fail for the right reason:
//
//   - consumer i served δ less: (a), (b) for i's group and (c) for i;
//   - δ moved from i to another consumer j, where the LP finds that j can
//     take it while everyone else keeps the reference amounts, so the
//     total is unchanged and (a) passes: (b) when j is of a later group,
//     (c) when j is of i's own group. (The allocation that passes (b) and
//     (c) is unique, so a different feasible one with the same total must
//     fail one of them.)
func TestOracleJudgesReference(t *testing.T) {
	t.Parallel()
	const cases = 40
	var reduced, movedB, movedC, sharing int
	hasPrefix := func(errs []string, prefix string) bool {
		return slices.ContainsFunc(errs, func(s string) bool { return strings.HasPrefix(s, prefix) })
	}
	for seed := range uint64(cases) {
		c := randomCase(seed)
		p := newFlowLP(c.net, c.st)
		ek := maxFlowEK(c.net, c.st)
		tol := tolerance(c.net, c.st)
		for _, policy := range policies {
			gs := groups(c.net, policy)
			ref, err := p.reference(gs)
			if err != nil {
				t.Fatalf("%v: reference: %v\n%v", policy, err, c)
			}
			var total float64
			for _, v := range c.net.Consumers() {
				total += ref[v]
			}
			if math.Abs(total-ek) > tol {
				t.Errorf("%v: reference serves %.9g in total, Edmonds–Karp max flow %.9g\n%v", policy, total, ek, c)
			}
			if errs := checkOptimal(p, policy, ref, ek); len(errs) > 0 {
				t.Errorf("%v: the oracle rejects the reference allocation %v:\n  %s\n%v",
					policy, ref, strings.Join(errs, "\n  "), c)
				continue
			}
			for _, g := range gs {
				partial := 0
				for _, v := range g {
					if ref[v] > tol && ref[v] < c.st.Demand[v]-tol {
						partial++
					}
				}
				if partial >= 2 {
					sharing++
				}
			}
			for gi, g := range gs {
				for _, i := range g {
					delta := 0.05 * ref[i]
					if delta <= 100*tol {
						continue
					}
					bad := slices.Clone(ref)
					bad[i] -= delta
					errs := checkOptimal(p, policy, bad, ek)
					reduced++
					if !hasPrefix(errs, "(a)") || !hasPrefix(errs, "(b)") || !hasPrefix(errs, "(c)") {
						t.Errorf("%v: serving %s %g less should break (a), (b) and (c); the oracle says %q\n%v",
							policy, c.net.NodeID(i), delta, errs, c)
					}
					// One move within the group and one to a later group.
					for gj := gi; gj < len(gs) && gj <= gi+1; gj++ {
						for _, j := range gs[gj] {
							if j == i || p.srv[j] < 0 || ref[j] >= c.st.Demand[j]-100*tol {
								continue
							}
							gain, err := gainFrom(p, ref, i, j, delta)
							if err != nil {
								t.Fatalf("%v: %v\n%v", policy, err, c)
							}
							if gain < delta-tol {
								continue
							}
							moved := slices.Clone(ref)
							moved[i] -= delta
							moved[j] += delta
							errs := checkOptimal(p, policy, moved, ek)
							want := "(c)"
							if gj > gi {
								want = "(b)"
								movedB++
							} else {
								movedC++
							}
							if hasPrefix(errs, "(a)") || !hasPrefix(errs, want) {
								t.Errorf("%v: moving %g from %s to %s should break %s only; the oracle says %q\n%v",
									policy, delta, c.net.NodeID(i), c.net.NodeID(j), want, errs, c)
							}
							break
						}
					}
					break // one consumer per group
				}
			}
		}
	}
	t.Logf("%d cases × 2 policies: %d groups where ≥ 2 consumers share a shortage; corruptions: %d reductions, %d moves across groups, %d within a group",
		cases, sharing, reduced, movedB, movedC)
	if sharing < 10 || reduced < 50 || movedB < 5 || movedC < 5 {
		t.Errorf("too few interesting cases")
	}
}

// gainFrom returns how much more consumer j can be served than in ref when
// consumer i gets exactly ref[i] − delta and every other consumer keeps
// ref.
func gainFrom(p *flowLP, ref []float64, i, j int, delta float64) (float64, error) {
	var keeps []keep
	for _, v := range p.net.Consumers() {
		if int(v) != i && int(v) != j {
			keeps = append(keeps, keep{int(v), ref[v]})
		}
	}
	rows, err := p.keepRows(keeps)
	if err != nil {
		return 0, err
	}
	upper := lpRow{rhs: (ref[i] - delta) / p.scale}
	upper.add(p.srv[i], 1)
	var obj lpRow
	obj.add(p.srv[j], 1)
	f, _, err := p.solve([]lpRow{obj}, 0, append(rows, upper))
	return f*p.scale - ref[j], err
}

// failure is one random case that failed, kept to report the smallest.
type failure struct {
	c    randCase
	errs []string
}

func (f failure) size() int { return f.c.net.NumNodes() + f.c.net.NumLinks() }

// TestSolveRandomNetworks solves numRandomCases random networks under each
// policy and checks every result: feasible (checkFeasible); total served
// equal to the LP max flow; under PriorityFair each rank group served as
// much as the LP allows once the groups before keep theirs, and no consumer
// below full coverage able to rise without lowering a consumer of its group
// with no higher coverage (under Proportional the same with one group);
// coverage sums (Total = Σ classes = Σ zones + NoZone); bottlenecks that are
// saturated and form a minimum cut; the state left unchanged; and a Solver
// and Result reused across solves giving the same answer. On failure the
// smallest failing networks are printed in full.
func TestSolveRandomNetworks(t *testing.T) {
	for _, policy := range policies {
		t.Run(policy.String(), func(t *testing.T) {
			t.Parallel()
			var fails []failure
			var shared supply.Result // reused across networks of every size
			partial := 0             // consumers served in part, checked by (c)
			for seed := range uint64(numRandomCases) {
				c := randomCase(seed)
				errs := solveAndCheck(c, policy, &shared)
				if len(errs) > 0 {
					fails = append(fails, failure{c, errs})
				}
				tol := tolerance(c.net, c.st)
				for _, v := range c.net.Consumers() {
					if shared.Served[v] > tol && shared.Served[v] < c.st.Demand[v]-tol {
						partial++
					}
				}
			}
			t.Logf("%d random cases, %d consumers served in part", numRandomCases, partial)
			if len(fails) == 0 {
				return
			}
			sort.SliceStable(fails, func(a, b int) bool { return fails[a].size() < fails[b].size() })
			var seeds []uint64
			for _, f := range fails {
				seeds = append(seeds, f.c.seed)
			}
			t.Errorf("%d of %d random cases fail under %v (seeds, smallest first: %v)", len(fails), numRandomCases, policy, seeds)
			for _, f := range fails[:min(3, len(fails))] {
				t.Errorf("%v:\n  %s\n%v", policy, strings.Join(f.errs, "\n  "), f.c)
			}
		})
	}
}

// solveAndCheck solves c under policy and returns every problem found.
func solveAndCheck(c randCase, policy supply.Policy, shared *supply.Result) []string {
	net, st := c.net, c.st
	before := supply.NewState(net)
	before.CopyFrom(st)
	res, err := supply.Solve(net, st, supply.Options{Policy: policy})
	if err != nil {
		return []string{fmt.Sprintf("Solve: %v", err)}
	}
	var errs []string
	if !slices.Equal(before.NodeScale, st.NodeScale) || !slices.Equal(before.LinkScale, st.LinkScale) || !slices.Equal(before.Demand, st.Demand) {
		errs = append(errs, "Solve changed the state")
	}
	if e := checkFeasible(net, st, res); len(e) > 0 {
		// The oracle's questions assume a feasible allocation.
		return append(errs, e...)
	}
	p := newFlowLP(net, st)
	maxFlow, err := p.maxFlow()
	if err != nil {
		return append(errs, err.Error())
	}
	errs = append(errs, checkOptimal(p, policy, res.Served, maxFlow)...)
	errs = append(errs, checkCoverage(net, st, res)...)
	errs = append(errs, checkBottlenecks(net, st, res, maxFlow)...)

	// Reuse: a Result that held other networks, and a Solver solving twice.
	s := supply.NewSolver(net, supply.Options{Policy: policy})
	for range 2 {
		if err := s.Solve(st, shared); err != nil {
			return append(errs, fmt.Sprintf("Solver.Solve with a reused Result: %v", err))
		}
	}
	tol := tolerance(net, st)
	for v := range net.NumNodes() {
		if math.Abs(shared.Served[v]-res.Served[v]) > tol {
			errs = append(errs, fmt.Sprintf("reused solver and result: %s served %.9g, a fresh solve %.9g",
				net.NodeID(v), shared.Served[v], res.Served[v]))
		}
	}
	if len(shared.Flow) != net.NumLinks() || len(shared.ByClass) != net.NumClasses() || len(shared.ByZone) != net.NumZones() {
		errs = append(errs, "reused result: slices not resized to the network")
	} else if math.Abs(shared.Total.Served-res.Total.Served) > tol {
		errs = append(errs, fmt.Sprintf("reused result: total served %.9g, a fresh solve %.9g", shared.Total.Served, res.Total.Served))
	}
	return errs
}
