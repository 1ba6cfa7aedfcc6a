package supply_test

import (
	"fmt"
	"log"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// feeder builds a small power network: a plant feeds a substation of 60 kW
// that serves a hospital (critical, 20 kW), homes (residential, 50 kW) and
// shops (commercial, 30 kW), each on its own line.
func feeder() *network.Network {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "sub", Role: network.Station, Capacity: 60})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 20})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Class: network.Residential, Demand: 50})
	b.AddNode(network.Node{ID: "shops", Role: network.Consumer, Class: network.Commercial, Demand: 30})
	b.AddLink(network.Link{ID: "feeder", From: "plant", To: "sub"})
	b.AddLink(network.Link{ID: "line-hospital", From: "sub", To: "hospital"})
	b.AddLink(network.Link{ID: "line-homes", From: "sub", To: "homes"})
	b.AddLink(network.Link{ID: "line-shops", From: "sub", To: "shops"})
	net, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	return net
}

// The substation passes 60 of the 100 kW asked. Classes are served by rank:
// the hospital in full, then the homes with the remaining 40, and nothing is
// left for the shops.
func ExampleSolve() {
	net := feeder()
	res, err := supply.Solve(net, nil, supply.Options{}) // nil: the network as built
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{"hospital", "homes", "shops"} {
		c, _ := res.Consumer(id)
		fmt.Printf("%-8s %4.1f of %4.1f kW\n", id, c.Served, c.Demand)
	}
	fmt.Printf("coverage %.0f%%, bottlenecks %v\n", 100*res.Total.PCS(), res.BottleneckIDs())
	// Output:
	// hospital 20.0 of 20.0 kW
	// homes    40.0 of 50.0 kW
	// shops     0.0 of 30.0 kW
	// coverage 60%, bottlenecks [sub]
}

// One Solver, State and Result serve a sequence of states of the same
// network: the substation derated to half (30 kW: the hospital's 20, then
// 10 for the homes), then restored with the line to the homes out (the
// hospital and the shops, 50 kW, fit in the substation; the homes are cut
// off, which no bottleneck explains).
func ExampleSolver_Solve() {
	net := feeder()
	s := supply.NewSolver(net, supply.Options{})
	st := supply.NewState(net)
	var res supply.Result
	show := func(what string) {
		if err := s.Solve(st, &res); err != nil {
			log.Fatal(err)
		}
		homes, _ := res.Consumer("homes")
		fmt.Printf("%-20s served %4.1f kW, homes %4.1f kW, bottlenecks %v\n",
			what, res.Total.Served, homes.Served, res.BottleneckIDs())
	}
	show("as built")
	if err := st.SetScale("sub", 0.5); err != nil {
		log.Fatal(err)
	}
	show("substation at half")
	st.Reset()
	if err := st.SetOut("line-homes", true); err != nil {
		log.Fatal(err)
	}
	show("line to homes out")
	// Output:
	// as built             served 60.0 kW, homes 40.0 kW, bottlenecks [sub]
	// substation at half   served 30.0 kW, homes 10.0 kW, bottlenecks [sub]
	// line to homes out    served 50.0 kW, homes  0.0 kW, bottlenecks []
}
