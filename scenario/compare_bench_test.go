package scenario_test

import (
	"context"
	"testing"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/scenario"
)

// Compare plays both variants of every trial and keeps the paired
// statistics of every metric of every network, class and zone; two
// studies of the same trials keep one network's metrics each. Compare's
// overhead over the two studies is the extraction and accumulation of the
// paired values (run: go test -bench 'Compare|TwoStudies' ./scenario).
func BenchmarkCompare(b *testing.B) {
	base, plan := benchPlans(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scenario.Compare(context.Background(), base, plan, scenario.CompareOptions{Seed: 1, Trials: 50, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTwoStudies(b *testing.B) {
	base, plan := benchPlans(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range []*scenario.Plan{base, plan} {
			if _, err := (scenario.Study{Plan: p, Seed: 1, Trials: 50, Workers: 1}).Run(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchPlans: the wings of ExampleCompare with one crew and with two.
func benchPlans(b *testing.B) (*scenario.Plan, *scenario.Plan) {
	one := crew.Team{ID: "a", Size: 2, Base: "depot"}
	two := crew.Team{ID: "b", Size: 2, Base: "depot"}
	base, err := decideScenario(one).Compile()
	if err != nil {
		b.Fatal(err)
	}
	plan, err := decideScenario(one, two).Compile()
	if err != nil {
		b.Fatal(err)
	}
	return base, plan
}
