package exact_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply/internal/exact"
)

// A station of 60 kW feeds a hospital (critical, 6 kW) and two homes; the
// homes share what the hospital leaves at one exact level.
func ExampleAllocate() {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: network.Unlimited})
	b.AddNode(network.Node{ID: "sub", Role: network.Station, Capacity: 60})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 6})
	b.AddNode(network.Node{ID: "home1", Role: network.Consumer, Demand: 40})
	b.AddNode(network.Node{ID: "home2", Role: network.Consumer, Demand: 44})
	b.AddLink(network.Link{ID: "l0", From: "grid", To: "sub"})
	for i, c := range []string{"hospital", "home1", "home2"} {
		b.AddLink(network.Link{ID: fmt.Sprint("l", i+1), From: "sub", To: c, OneWay: true})
	}
	net, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := exact.Allocate(net, exact.NewState(net), exact.PriorityFair)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range net.Consumers() {
		fmt.Printf("%-8s served %-7s level %s\n", net.NodeID(int(c)), a.Served[c].RatString(), a.Level[c].RatString())
	}
	fmt.Println("max flow", a.MaxFlow.RatString())
	// Output:
	// hospital served 6       level 1
	// home1    served 180/7   level 9/14
	// home2    served 198/7   level 9/14
	// max flow 60
}

// RandomCase gives the same network and state for the same seed and
// spread; here eight orders of magnitude.
func ExampleRandomCase() {
	net, st := exact.RandomCase(42, 8)
	a, err := exact.Allocate(net, st, exact.Proportional)
	if err != nil {
		fmt.Println(err)
		return
	}
	mf, _ := a.MaxFlow.Float64()
	fmt.Printf("%d nodes, %d links, %d consumers, maximum flow %.6g\n", net.NumNodes(), net.NumLinks(), len(net.Consumers()), mf)
	// Output:
	// 24 nodes, 28 links, 14 consumers, maximum flow 40.5
}
