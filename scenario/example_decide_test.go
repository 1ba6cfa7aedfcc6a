package scenario_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// decideScenario: a week in which each of ten stations, each feeding a
// hospital wing of 50 kW, fails about twice (100 a year) and needs two
// members of a crew for about 4 hours; the crew works from a depot an
// hour away.
func decideScenario(teams ...crew.Team) *scenario.Scenario {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 1000})
	for i := range 10 {
		s, c := fmt.Sprintf("s%d", i), fmt.Sprintf("wing%d", i)
		b.AddNode(network.Node{ID: s, Role: network.Station, Capacity: 60})
		b.AddNode(network.Node{ID: c, Role: network.Consumer, Class: network.Critical, Demand: 50, Customers: 1})
		b.AddLink(network.Link{ID: "f" + s, From: "grid", To: s})
		b.AddLink(network.Link{ID: "d" + s, From: s, To: c})
	}
	net, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	ro, err := crew.New(crew.Config{Teams: teams})
	if err != nil {
		log.Fatal(err)
	}
	return &scenario.Scenario{Name: "wings", Horizon: 168, Utilities: []scenario.Utility{{ID: "power", Net: net}}, Crew: ro,
		Faults:        []scenario.FaultModel{{Role: network.Station, Rate: 100, Repair: crew.LogNormal(4, 0.3), MinCrew: 2}},
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.8, Duration: 6}}}
}

// Compare a plan with a second crew against the base on the same 400
// trials: each trial of the plan sees the same station faults as that
// trial of the base, so the difference is measured far more precisely
// than by two separate studies.
func ExampleCompare() {
	one := crew.Team{ID: "a", Size: 2, Base: "depot"}
	two := crew.Team{ID: "b", Size: 2, Base: "depot"}
	base, err := decideScenario(one).Compile()
	if err != nil {
		log.Fatal(err)
	}
	plan, err := decideScenario(one, two).Compile()
	if err != nil {
		log.Fatal(err)
	}
	c, err := scenario.Compare(context.Background(), base, plan, scenario.CompareOptions{Seed: 1, Trials: 400})
	if err != nil {
		log.Fatal(err)
	}
	n, _ := c.Net("power")
	ens, _ := n.Total.Metric(scenario.MetricENS)
	d := ens.Diff
	fmt.Printf("ENS: base %.0f kWh, plan %.0f kWh\n", ens.Base.Mean, ens.Plan.Mean)
	fmt.Printf("plan − base: %.0f kWh, 95%% interval [%.0f, %.0f]\n", d.Mean, d.CI95Low, d.CI95High)
	fmt.Printf("P(plan better): %.3f; plan better in %.0f%% of trials, worse in %.0f%%\n", d.PBetter, 100*d.ShareBetter, 100*d.ShareWorse)
	fmt.Printf("paired standard error %.0f kWh, independent %.0f kWh\n", d.StdErr, d.IndependentStdErr)
	risk, _ := n.Total.Metric(scenario.MetricServiceRisk + "0")
	fmt.Printf("P(critical below 80%% for more than 6 h): %.2f → %.2f\n", risk.Base.Mean, risk.Plan.Mean)
	// Output:
	// ENS: base 6503 kWh, plan 4789 kWh
	// plan − base: -1715 kWh, 95% interval [-1835, -1595]
	// P(plan better): 1.000; plan better in 100% of trials, worse in 0%
	// paired standard error 61 kWh, independent 121 kWh
	// P(critical below 80% for more than 6 h): 0.26 → 0.04
}

// Size the crew: how many crews like "a" keep the critical class from
// staying below 80% for more than 6 h in more than 10% of weeks, with 95%
// confidence? The search judges 6 crews, then none, then bisects; a count
// whose verdict is clear stops after the first look or two (50, 100
// trials), one near the limit plays on.
func ExampleSizeCrews() {
	target, err := scenario.ParseTarget("critical below 80% for more than 6 h: at most 10%")
	if err != nil {
		log.Fatal(err)
	}
	res, err := scenario.SizeCrews(context.Background(), scenario.Sizing{
		Scenario: decideScenario(crew.Team{ID: "a", Size: 2, Base: "depot"}),
		Team:     "a", Max: 6, Targets: []scenario.Target{target}, Seed: 1,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Points {
		e := p.Estimates[0]
		fmt.Printf("count %d: %s after %d trials, risk %.3f [%.3f, %.3f]\n", p.Count, p.Verdict, p.Trials, e.Estimate, e.CI95Low, e.CI95High)
	}
	fmt.Printf("answer: %d crews (confirmed: %v)\n", res.Answer, res.Confirmed)
	// Output:
	// count 0: fails after 50 trials, risk 1.000 [0.929, 1.000]
	// count 1: fails after 50 trials, risk 0.260 [0.159, 0.396]
	// count 2: meets after 400 trials, risk 0.043 [0.027, 0.067]
	// count 3: meets after 100 trials, risk 0.000 [0.000, 0.037]
	// count 6: meets after 100 trials, risk 0.000 [0.000, 0.037]
	// answer: 2 crews (confirmed: true)
}

// A target read from text, and what ParseTarget says about a typo.
func ExampleParseTarget() {
	t, err := scenario.ParseTarget("ens in heat: mean at most 2.5 GWh")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: network %s, metric %s, at most %g kWh\n", t, t.Network, t.Metric, t.Limit)
	_, err = scenario.ParseTarget("critical below 95% for mor than 24 h: at most 5%")
	fmt.Println(err)
	// Output:
	// ens in heat: mean at most 2.5 GWh: network heat, metric ens, at most 2.5e+06 kWh
	// target "critical below 95% for mor than 24 h: at most 5%": column 24: want "for more than" after the level, found "mor" (did you mean "more"?)
}
