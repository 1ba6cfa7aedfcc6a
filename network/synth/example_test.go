package synth_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

func ExampleGenerate() {
	net, err := synth.Generate(synth.Params{
		Consumers: 1000,
		MeshShare: 0.05, // round(0.05 × 50 stations) = 3 mesh links
		Zones:     5,
		Seed:      1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	roles := map[network.Role]int{}
	for i := range net.NumNodes() {
		roles[net.Role(i)]++
	}
	var supply float64
	for i := range net.NumNodes() {
		if net.Role(i) == network.Source {
			supply += net.Capacity(i)
		}
	}
	fmt.Println("nodes:", net.NumNodes(), "links:", net.NumLinks(), "zones:", net.NumZones())
	for _, r := range network.Roles {
		fmt.Printf("%-9s %d\n", r, roles[r])
	}
	fmt.Printf("demand: %.0f %s, supply: %.0f %s\n", net.TotalDemand(), net.Kind().Unit(), supply, net.Kind().Unit())
	fmt.Println("unreached consumers:", len(net.Unreached()))
	// Output:
	// nodes: 1051 links: 1053 zones: 5
	// source    1
	// station   50
	// storage   0
	// junction  0
	// consumer  1000
	// demand: 1000000 kW, supply: 1200000 kW
	// unreached consumers: 0
}

func ExampleSize() {
	p := synth.Size(100000, 0.05, 1)
	fmt.Println("sources:", p.Sources, "stations:", p.Stations, "consumers:", p.Consumers, "zones:", p.Zones)
	net, err := synth.Generate(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("nodes:", net.NumNodes(), "links:", net.NumLinks())
	// Output:
	// sources: 9 stations: 4761 consumers: 95230 zones: 20
	// nodes: 100000 links: 100229
}
