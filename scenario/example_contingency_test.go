package scenario_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// contRingNetwork builds a small power network (flows in kW): two plants,
// each behind its own substation, and a third substation, joined in a ring
// of 40 kW lines. Substation A (85 kW) feeds the hospital (critical, 30 kW)
// and homes A (30 kW); B (45 kW) feeds homes B (50 kW); C (60 kW) feeds the
// clinic (critical, 10 kW) and homes C (20 kW). The default classes value
// lost load at 100 (critical) and 10 (residential) per kWh.
//
// As built, A and B pass 130 kW of the 140 asked: the critical 40 kW, and 90
// kW shared by the homes at 90% each (27, 45 and 18 kW). Unserved: 10 kW,
// 100 per hour.
func contRingNetwork() *network.Network {
	b := network.NewBuilder(network.Power)
	b.SetName("ring")
	for _, n := range []network.Node{
		{ID: "plant-a", Role: network.Source, Capacity: 100},
		{ID: "plant-b", Role: network.Source, Capacity: 60},
		{ID: "sub-a", Role: network.Station, Capacity: 85},
		{ID: "sub-b", Role: network.Station, Capacity: 45},
		{ID: "sub-c", Role: network.Station, Capacity: 60},
		{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 30, Customers: 1},
		{ID: "clinic", Role: network.Consumer, Class: network.Critical, Demand: 10, Customers: 1},
		{ID: "homes-a", Role: network.Consumer, Class: network.Residential, Demand: 30, Customers: 300},
		{ID: "homes-b", Role: network.Consumer, Class: network.Residential, Demand: 50, Customers: 500},
		{ID: "homes-c", Role: network.Consumer, Class: network.Residential, Demand: 20, Customers: 200},
	} {
		b.AddNode(n)
	}
	for _, l := range []network.Link{
		{ID: "feed-a", From: "plant-a", To: "sub-a"},
		{ID: "feed-b", From: "plant-b", To: "sub-b"},
		{ID: "ring-ab", From: "sub-a", To: "sub-b", Capacity: 40},
		{ID: "ring-bc", From: "sub-b", To: "sub-c", Capacity: 40},
		{ID: "ring-ca", From: "sub-c", To: "sub-a", Capacity: 40},
		{ID: "f-hospital", From: "sub-a", To: "hospital", OneWay: true},
		{ID: "f-homes-a", From: "sub-a", To: "homes-a", OneWay: true},
		{ID: "f-homes-b", From: "sub-b", To: "homes-b", OneWay: true},
		{ID: "f-clinic", From: "sub-c", To: "clinic", OneWay: true},
		{ID: "f-homes-c", From: "sub-c", To: "homes-c", OneWay: true},
	} {
		b.AddLink(l)
	}
	net, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	return net
}

// Losing substation A cuts off the hospital and homes A and leaves B's 45
// kW for the clinic and half of homes B and C: 85 kW more unserved, 3550
// more per hour. The hospital's feeder costs less energy (homes B stays at
// sub-b's 45 kW limit either way) but nearly as much value. The N-2 study
// takes the pairs of the three worst: losing A and C together cuts off both
// critical consumers.
func ExampleContingency() {
	net := contRingNetwork()
	rep, err := scenario.Contingency(context.Background(), net, nil, scenario.ContingencyOptions{WorstK: 3})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("base: unserved %.0f kW, value lost %s per hour\n", rep.Base.Unserved, rep.Base.ValueLost.StringFixed(0))
	show := func(c scenario.ContingencyCase) {
		fmt.Printf("%-22s +%3.0f kW  +%5s/h  critical %3.0f%%  consumers %d  customers %4d\n",
			strings.Join(c.Assets, " + "), c.AddedUnserved, c.AddedValueLost.StringFixed(0),
			100*c.CriticalCoverage, c.ConsumersAffected, c.CustomersAffected)
	}
	fmt.Println("worst single outages:")
	for _, c := range rep.N1[:4] {
		show(c)
	}
	fmt.Println("worst double outages:")
	for _, c := range rep.N2 {
		show(c)
	}
	// Output:
	// base: unserved 10 kW, value lost 100 per hour
	// worst single outages:
	// sub-a                  + 85 kW  + 3550/h  critical  25%  consumers 4  customers 1001
	// f-hospital             + 25 kW  + 2950/h  critical  25%  consumers 1  customers    1
	// sub-c                  + 25 kW  + 1150/h  critical  75%  consumers 2  customers  201
	// f-clinic               +  5 kW  +  950/h  critical  75%  consumers 1  customers    1
	// worst double outages:
	// sub-a + sub-c          + 85 kW  + 4450/h  critical   0%  consumers 4  customers  502
	// sub-c + f-hospital     + 55 kW  + 4150/h  critical   0%  consumers 3  customers  202
	// sub-a + f-hospital     + 85 kW  + 3550/h  critical  25%  consumers 4  customers 1001
}
