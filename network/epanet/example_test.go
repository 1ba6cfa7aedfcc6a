package epanet_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/epanet"
)

// ReadFile imports EPANET's Example Network 1 (flows in GPM) as a water
// network in m³/h, ready for package supply to allocate.
func ExampleReadFile() {
	m, err := epanet.ReadFile("testdata/Net1.inp", epanet.Options{})
	if err != nil {
		log.Fatal(err)
	}
	c, n := m.Counts, m.Network
	fmt.Printf("%s: %d junctions, %d reservoir, %d tank, %d pipes, %d pump\n",
		m.Title, c.Junctions, c.Reservoirs, c.Tanks, c.Pipes, c.Pumps)
	fmt.Printf("%d nodes, %d links; %d consumers ask %.1f m³/h (flows in %s)\n",
		n.NumNodes(), n.NumLinks(), len(n.Consumers()), n.TotalDemand(), m.FlowUnits)
	for _, id := range []string{"9", "pump 9", "2", "22"} {
		i, _ := n.NodeIndex(id)
		nd := n.Node(i)
		switch nd.Role {
		case network.Consumer:
			fmt.Printf("%-6s %-8s demand %.1f m³/h\n", id, nd.Role, nd.Demand)
		case network.Storage:
			fmt.Printf("%-6s %-8s stock %.1f of %.1f m³\n", id, nd.Role, nd.Level, nd.MaxLevel)
		default:
			fmt.Printf("%-6s %-8s capacity %.1f m³/h\n", id, nd.Role, nd.Capacity)
		}
	}
	l, _ := n.LinkIndex("pipe 10")
	fmt.Printf("pipe 10: %s in, %.1f m³/h at 1.5 m/s\n", n.Link(l).Attrs["diameter"], n.LinkCapacity(l))
	// Output:
	// EPANET Example Network 1: 9 junctions, 1 reservoir, 1 tank, 12 pipes, 1 pump
	// 12 nodes, 14 links; 8 consumers ask 249.8 m³/h (flows in GPM)
	// 9      source   capacity +Inf m³/h
	// pump 9 station  capacity 681.4 m³/h
	// 2      storage  stock 1134.4 of 2835.9 m³
	// 22     consumer demand 45.4 m³/h
	// pipe 10: 18 in, 886.5 m³/h at 1.5 m/s
}

// Every problem of a file is reported at once, with its line, element and
// field.
func ExampleRead_errors() {
	src := `[JUNCTIONS]
;ID  Elev  Demand
 10  710   abc
 11  710   150
[RESERVOIRS]
 9   800
[PIPES]
 10  9   11  1000  12  100
 11  11  12  1000  0   100
`
	_, err := epanet.Read(strings.NewReader(src), "Net1.inp", epanet.Options{})
	for _, p := range network.Problems(err) {
		fmt.Println(p)
	}
	// Output:
	// Net1.inp:3: junction "10": demand: not a number "abc"
	// Net1.inp:9: pipe "11": diameter: must be greater than 0, got 0
	// Net1.inp:9: pipe "11": node2: unknown node "12"
}
