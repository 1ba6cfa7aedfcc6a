package scenario_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// A feeder's line fails at 2 h; a crew one hour away repairs it in 3 h.
func ExampleScenario_Run() {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "town"})
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100, Zone: "town"})
	b.AddNode(network.Node{ID: "home", Role: network.Consumer, Demand: 50, Customers: 10, Zone: "town"})
	b.AddLink(network.Link{ID: "line", From: "src", To: "home"})
	net, _ := b.Build()
	ro, _ := crew.New(crew.Config{
		Teams:  []crew.Team{{ID: "crew1", Size: 4, Base: "depot"}},
		Travel: []crew.TravelTime{{From: "depot", To: "town", Hours: 1}},
	})
	sc := &scenario.Scenario{
		Horizon:   10,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Crew:      ro,
		Outages:   []scenario.Outage{{Asset: "line", At: 2, Repair: true, Work: crew.Fixed(3)}},
	}
	res, err := sc.Run(context.Background(), 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := res.Net("power")
	fmt.Printf("ENS %.0f kWh, SAIFI %.1f, SAIDI %.1f h, ASAI %.2f\n", n.Total.ENS(), n.Total.SAIFI(), n.Total.SAIDI(), n.Total.ASAI(res.Horizon))
	fmt.Printf("restored after %.1f h; value lost %s\n", n.TimeToRestore, n.Total.ValueLost)
	// Output:
	// ENS 200 kWh, SAIFI 1.0, SAIDI 4.0 h, ASAI 0.60
	// restored after 4.0 h; value lost 2000
}

// Stepping a run event by event, as a dispatch tool replaying a day would.
func ExamplePlan_NewRun() {
	b := network.NewBuilder(network.Water)
	b.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 10, Level: 25})
	b.AddNode(network.Node{ID: "block", Role: network.Consumer, Demand: 8})
	b.AddLink(network.Link{ID: "pipe", From: "tank", To: "block"})
	net, _ := b.Build()
	plan, err := (&scenario.Scenario{Horizon: 6, Utilities: []scenario.Utility{{ID: "water", Net: net}}}).Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	r := plan.NewRun(1)
	for r.Step() {
		fmt.Printf("event at %.3f h\n", r.Now())
	}
	res, _ := r.Result()
	fmt.Printf("tank dry at %.3f h\n", res.Networks[0].Storage[0].DryAt)
	// Output:
	// event at 0.000 h
	// event at 3.125 h
	// event at 6.000 h
	// tank dry at 3.125 h
}
