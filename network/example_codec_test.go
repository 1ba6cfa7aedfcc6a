package network_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// Decode reads a JSON or YAML network document; here the JSON example of
// docs/network-format.md.
func ExampleDecode() {
	f, err := os.Open("testdata/city.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	n, err := network.Decode(f, "city.json")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s, %d nodes, %d links, %d zones\n", n.Name(), n.Kind(), n.NumNodes(), n.NumLinks(), n.NumZones())
	for _, c := range n.Consumers() {
		fmt.Printf("%-8s %-11s %6.0f %s\n", n.NodeID(int(c)), n.Class(n.NodeClass(int(c))).Name, n.Demand(int(c)), n.Kind().Unit())
	}
	fmt.Printf("total demand %.0f %s\n", n.TotalDemand(), n.Kind().Unit())
	// Output:
	// Riverside power: power, 8 nodes, 7 links, 2 zones
	// hospital critical      1200 kW
	// homes-n  residential   2500 kW
	// mall     commercial     900 kW
	// total demand 4600 kW
}

// Problems in a document are reported together, each with the file, line,
// element and field.
func ExampleDecode_errors() {
	doc := `version: 1
kind: water
nodes:
  - id: plant
    role: source
    capacty: 800
  - id: tower
    role: storage
    capacity: "lots"
`
	_, err := network.Decode(strings.NewReader(doc), "water.yaml")
	for _, p := range network.Problems(err) {
		fmt.Println(p)
	}
	// Output:
	// water.yaml:6: node "plant": capacty: unknown field (did you mean "capacity"?)
	// water.yaml:9: node "tower": capacity: not a number "lots"
}

// Encode writes a network as a document that Decode reads back.
func ExampleEncode() {
	b := network.NewBuilder(network.Gas)
	b.AddNode(network.Node{ID: "gate", Role: network.Source, Capacity: network.Unlimited})
	b.AddNode(network.Node{ID: "block-7", Role: network.Consumer, Demand: 35.5, Customers: 120})
	b.AddLink(network.Link{ID: "main", From: "gate", To: "block-7", Capacity: 60, OneWay: true})
	n, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	if err := network.Encode(os.Stdout, n, network.YAML); err != nil {
		log.Fatal(err)
	}
	// Output:
	// format: lifeline-network
	// version: 1
	// kind: gas
	// nodes:
	//   - {id: gate, role: source, capacity: unlimited}
	//   - {id: block-7, role: consumer, demand: 35.5, customers: 120}
	// links:
	//   - {id: main, from: gate, to: block-7, capacity: 60, oneway: true}
}
