package lifelinetest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// problemList formats the problems joined in err one per line, indented,
// after a count: "2 problems:\n\tnode "x": capacity: ...".
func problemList(err error, each []string) string {
	if len(each) == 0 {
		each = splitJoined(err)
	}
	noun := "problems"
	if len(each) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("%d %s:\n\t%s", len(each), noun, strings.Join(each, "\n\t"))
}

// splitJoined returns the messages of the errors joined in err (by
// errors.Join or any Unwrap() []error), or err's message alone.
func splitJoined(err error) []string {
	var j interface{ Unwrap() []error }
	if errors.As(err, &j) {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// Build builds b and returns the network. If the network is invalid it
// calls t.Fatalf with every problem, one per line (element, ID, field and
// message, as network.FieldError formats them), and returns nil.
func Build(t FatalTB, b *network.Builder) *network.Network {
	t.Helper()
	net, err := b.Build()
	if err != nil {
		var each []string
		for _, p := range network.Problems(err) {
			each = append(each, p.Error())
		}
		t.Fatalf("lifelinetest: network does not build: %s", problemList(err, each))
		return nil
	}
	return net
}

// Roster validates cfg with crew.New and returns the roster. If cfg is
// invalid it calls t.Fatalf with every problem, one per line, and returns
// nil.
func Roster(t FatalTB, cfg crew.Config) *crew.Roster {
	t.Helper()
	r, err := crew.New(cfg)
	if err != nil {
		var each []string
		for _, p := range crew.Problems(err) {
			each = append(each, p.Error())
		}
		t.Fatalf("lifelinetest: crew configuration is invalid: %s", problemList(err, each))
		return nil
	}
	return r
}

// Compile compiles sc. If sc is invalid (or nil) it calls t.Fatalf with
// every problem, one per line, and returns nil.
func Compile(t FatalTB, sc *scenario.Scenario) *scenario.Plan {
	t.Helper()
	if sc == nil {
		t.Fatalf("lifelinetest: nil scenario")
		return nil
	}
	p, err := sc.Compile()
	if err != nil {
		t.Fatalf("lifelinetest: scenario %q does not compile: %s", sc.Name, problemList(err, nil))
		return nil
	}
	return p
}

// Run compiles sc and plays it out once with the given seed. If sc is
// invalid it calls t.Fatalf with every problem and returns nil.
func Run(t FatalTB, sc *scenario.Scenario, seed uint64) *scenario.Result {
	t.Helper()
	p := Compile(t, sc)
	if p == nil {
		return nil
	}
	res, err := p.NewRun(seed).RunContext(context.Background())
	if err != nil {
		t.Fatalf("lifelinetest: scenario %q, seed %d: %v", sc.Name, seed, err)
		return nil
	}
	return res
}

// Solve allocates supply on net in state st (nil: the network as built)
// with the default options (priority-fair). If st belongs to another
// network or holds invalid values it calls t.Fatalf and returns nil.
func Solve(t FatalTB, net *network.Network, st *supply.State) *supply.Result {
	t.Helper()
	if net == nil {
		t.Fatalf("lifelinetest: nil network")
		return nil
	}
	res, err := supply.Solve(net, st, supply.Options{})
	if err != nil {
		t.Fatalf("lifelinetest: network %q: %v", net.Name(), err)
		return nil
	}
	return res
}

// Study compiles sc and runs a Monte Carlo study of it: trials 0 …
// trials−1 with the given seed, recording the first utility of the
// scenario, on GOMAXPROCS workers (the summary does not depend on the
// worker count). For another network or early stopping, fill a
// scenario.Study and call its Run. If sc is invalid or the study fails it
// calls t.Fatalf and returns nil.
func Study(t FatalTB, sc *scenario.Scenario, seed uint64, trials int) *scenario.Summary {
	t.Helper()
	p := Compile(t, sc)
	if p == nil {
		return nil
	}
	sum, err := scenario.Study{Plan: p, Seed: seed, Trials: trials}.Run(context.Background())
	if err != nil {
		t.Fatalf("lifelinetest: study of scenario %q, seed %d: %v", sc.Name, seed, err)
		return nil
	}
	return sum
}

// Condition is one check of a run's result: it reports a failure through
// t.Errorf, naming the network, the measured value, the limit and the
// unit, and returns whether the result passed. The functions of this
// package that return a Condition (CriticalCoverage, ClassCoverage, ENS,
// SAIFI, SAIDI, Restored, NoCold, ColdCustomerHours, StorageLasts) are
// the assertions of the same name with AtLeast, AtMost or Within, bound to
// their limits; any func with this signature is a Condition too. A
// Condition should call t.Helper so that failures point at the caller.
type Condition func(t TB, r *scenario.Result) bool

// Check compiles sc, plays it out once with the given seed (as Run) and
// applies every condition to the result, all of them even after one
// fails. If any fails it adds one more message naming the scenario and
// the seed that reproduces the run, e.g.
//
//	scenario "outage", seed 1: 1 of 2 checks failed
//
// It returns the result, for further assertions, or nil if sc is invalid
// (after t.Fatalf with every problem).
func Check(t FatalTB, sc *scenario.Scenario, seed uint64, conds ...Condition) *scenario.Result {
	t.Helper()
	res := Run(t, sc, seed)
	if res == nil {
		return nil
	}
	failed := 0
	for _, c := range conds {
		if !c(t, res) {
			failed++
		}
	}
	if failed > 0 {
		t.Errorf("scenario %q, seed %d: %d of %d checks failed", sc.Name, seed, failed, len(conds))
	}
	return res
}
