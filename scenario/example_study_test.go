package scenario_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// studyExamplePlan: a week of lockdown for a substation (100 kW) feeding a
// hospital (critical, 20 kW) and 600 homes (60 kW). The substation fails
// about once every 40 hours (219 a year) and a repair takes 10 hours on
// average (exponential), so it is out a share λ/(λ+μ) = 0.025/0.125 = 0.2
// of the time.
func studyExamplePlan() *scenario.Plan {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "sub", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 20, Customers: 1})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Class: network.Residential, Demand: 60, Customers: 600})
	b.AddLink(network.Link{ID: "f-hospital", From: "sub", To: "hospital"})
	b.AddLink(network.Link{ID: "f-homes", From: "sub", To: "homes"})
	net, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	sc := &scenario.Scenario{
		Name:          "week",
		Horizon:       168,
		Utilities:     []scenario.Utility{{ID: "power", Net: net}},
		Faults:        []scenario.FaultModel{{Role: network.Source, Rate: 219, Repair: crew.Exponential(10)}},
		SteadyStart:   true,
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 12}},
	}
	plan, err := sc.Compile()
	if err != nil {
		log.Fatal(err)
	}
	return plan
}

// A Monte Carlo study of a week of lockdown: adequacy indices, the spread
// of the energy not supplied and the risk that the hospital is without
// supply for more than 12 hours at a stretch. About 3.6 outages start in a
// week (168 h × 0.025/h while up, plus 0.2 at the start), each longer than
// 12 h with probability e^(−1.2) ≈ 0.30, so about 1 − e^(−1.07) ≈ 0.66 of
// weeks see one.
func ExampleStudy() {
	sum, err := scenario.Study{Plan: studyExamplePlan(), Seed: 1, Trials: 2000}.Run(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	ad := sum.Adequacy()
	fmt.Printf("trials: %d\n", sum.Trials())
	fmt.Printf("LOLP: %.2f (analytic 0.20)\n", ad.LOLP)
	fmt.Printf("LOLE: %.0f h of %.0f h\n", ad.LOLE, sum.Horizon())
	fmt.Printf("EUE: %.1f MWh (analytic %.2f)\n", ad.EUE/1000, 0.2*80*168/1000)

	ens, err := sum.Stat("ens")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("ENS median %.1f MWh, P95 %.1f MWh, worst 5%% mean %.1f MWh\n", ens.P50/1000, ens.P95/1000, ens.CVaR95/1000)

	p, se := sum.ServiceRisk(0)
	fmt.Printf("P(hospital below 95%% for more than 12 h): %.2f ± %.2f\n", p, se)
	// Output:
	// trials: 2000
	// LOLP: 0.20 (analytic 0.20)
	// LOLE: 33 h of 168 h
	// EUE: 2.7 MWh (analytic 2.69)
	// ENS median 2.5 MWh, P95 5.7 MWh, worst 5% mean 6.6 MWh
	// P(hospital below 95% for more than 12 h): 0.66 ± 0.01
}

// A study split into two ranges of trials, run separately (here in one
// program, but they could run on two machines), shipped as JSON and merged:
// the merged summary equals the summary of the whole study, bit for bit.
func ExampleMerge() {
	plan := studyExamplePlan()
	ctx := context.Background()
	var parts []*scenario.Summary
	for _, r := range [][2]int{{0, 300}, {300, 200}} {
		s, err := scenario.Study{Plan: plan, Seed: 1, First: r[0], Trials: r[1]}.Run(ctx)
		if err != nil {
			log.Fatal(err)
		}
		data, err := json.Marshal(s) // sent over the wire
		if err != nil {
			log.Fatal(err)
		}
		var back scenario.Summary
		if err := json.Unmarshal(data, &back); err != nil {
			log.Fatal(err)
		}
		parts = append(parts, &back)
	}
	merged, err := scenario.Merge(parts...)
	if err != nil {
		log.Fatal(err)
	}
	whole, err := scenario.Study{Plan: plan, Seed: 1, Trials: 500}.Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	a, _ := merged.Stat("ens")
	b, _ := whole.Stat("ens")
	fmt.Println("trials:", merged.Trials())
	fmt.Println("identical statistics:", a == b)
	// A range given twice is refused.
	_, err = scenario.Merge(parts[0], parts[0])
	fmt.Println(err)
	// Output:
	// trials: 500
	// identical statistics: true
	// scenario: merge: summary 0 and summary 1 both hold trials 0–299 (a duplicated range)
}
