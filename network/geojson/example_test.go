package geojson_test

import (
	"fmt"
	"log"
	"math"
	"os"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/geojson"
)

// Write a small water network and what it supplies, for a map: a plant of
// 80 m³/h feeds two estates asking 100 m³/h between them, so each gets 80%.
// The figures per asset are given as columns of values.
// The output has one feature per line; the valve, which has no coordinate,
// and the pipe to it are left out.
func ExampleWrite() {
	b := network.NewBuilder(network.Water)
	b.SetName("Hillside water")
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 80, Coord: &network.Coord{X: 8.54, Y: 47.37}})
	b.AddNode(network.Node{ID: "east", Role: network.Consumer, Demand: 60, Customers: 900, Coord: &network.Coord{X: 8.55, Y: 47.37}})
	b.AddNode(network.Node{ID: "west", Role: network.Consumer, Demand: 40, Customers: 500, Coord: &network.Coord{X: 8.53, Y: 47.38}})
	b.AddNode(network.Node{ID: "valve", Role: network.Junction})
	b.AddLink(network.Link{ID: "main-e", From: "plant", To: "east", Capacity: 50})
	b.AddLink(network.Link{ID: "main-w", From: "plant", To: "west", Capacity: 40})
	b.AddLink(network.Link{ID: "spur", From: "west", To: "valve"})
	net, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	// What an allocation gave each node and link, in index order (here as
	// supply.Solve computes it): served and coverage per node, flow and
	// loading (|flow| over capacity) per link; the spur is unlimited, so
	// its loading does not apply (NaN, written as null).
	vals := &geojson.Values{
		Nodes: []geojson.Column{
			{Name: "served", Values: []float64{0, 48, 32, 0}},
			{Name: "coverage", Values: []float64{1, 0.8, 0.8, 1}},
		},
		Links: []geojson.Column{
			{Name: "flow", Values: []float64{48, 32, 0}},
			{Name: "loading", Values: []float64{0.96, 0.8, math.NaN()}},
		},
	}
	if err := geojson.Write(os.Stdout, net, vals, geojson.Options{}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {"type":"FeatureCollection",
	// "name":"Hillside water",
	// "kind":"water",
	// "values":{"nodes":["served","coverage"],"links":["flow","loading"]},
	// "features":[
	// {"type":"Feature","geometry":{"type":"Point","coordinates":[8.54,47.37]},"properties":{"id":"plant","role":"source","zone":null,"class":null,"capacity":80,"demand":0,"customers":0,"served":0,"coverage":1}},
	// {"type":"Feature","geometry":{"type":"Point","coordinates":[8.55,47.37]},"properties":{"id":"east","role":"consumer","zone":null,"class":"residential","capacity":null,"demand":60,"customers":900,"served":48,"coverage":0.8}},
	// {"type":"Feature","geometry":{"type":"Point","coordinates":[8.53,47.38]},"properties":{"id":"west","role":"consumer","zone":null,"class":"residential","capacity":null,"demand":40,"customers":500,"served":32,"coverage":0.8}},
	// {"type":"Feature","geometry":{"type":"LineString","coordinates":[[8.54,47.37],[8.55,47.37]]},"properties":{"id":"main-e","from":"plant","to":"east","capacity":50,"oneway":false,"loss":0,"flow":48,"loading":0.96}},
	// {"type":"Feature","geometry":{"type":"LineString","coordinates":[[8.54,47.37],[8.53,47.38]]},"properties":{"id":"main-w","from":"plant","to":"west","capacity":40,"oneway":false,"loss":0,"flow":32,"loading":0.8}}
	// ]}
}

// Read a collection as a GIS exports it: extra properties are kept as
// attributes, a numeric ID becomes text, an altitude is dropped.
func ExampleRead() {
	doc := `{"type": "FeatureCollection", "kind": "gas", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.40, 52.52, 34]},
   "properties": {"id": "gate", "role": "source", "capacity": 5000, "operator": "GasCo"}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.41, 52.51]},
   "properties": {"id": 17, "role": "consumer", "demand": 1200, "customers": 3000}},
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[13.40, 52.52], [13.41, 52.51]]},
   "properties": {"id": "p1", "from": "gate", "to": 17, "capacity": null, "oneway": true}}
]}`
	net, err := geojson.Read(strings.NewReader(doc), "berlin.geojson", "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d nodes, %d links\n", net.Kind(), net.NumNodes(), net.NumLinks())
	for i := range net.NumNodes() {
		nd := net.Node(i)
		fmt.Printf("%-4s %-8s (%g, %g) line %d %v\n", nd.ID, nd.Role, nd.Coord.X, nd.Coord.Y, nd.Pos.Line, nd.Attrs)
	}
	fmt.Printf("p1 %s → %s, capacity %g, one-way %t\n", net.Link(0).From, net.Link(0).To, net.LinkCapacity(0), net.OneWay(0))
	// Output:
	// gas: 2 nodes, 1 links
	// gate source   (13.4, 52.52) line 2 map[operator:GasCo]
	// 17   consumer (13.41, 52.51) line 4 map[]
	// p1 gate → 17, capacity +Inf, one-way true
}

// Every problem names the file, the line of the feature, the element and
// the property; a feature without an ID is named by its index.
func ExampleRead_errors() {
	doc := `{"type": "FeatureCollection", "kind": "power", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"id": "plant", "role": "source", "capacity": "lots"}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 1]}, "properties": {"role": "consumer", "demand": 3}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 1]}, "properties": {"id": "flat", "role": "consumer", "demand": -2}},
{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {"id": "l1", "from": "plant", "to": "flats"}}
]}`
	_, err := geojson.Read(strings.NewReader(doc), "city.geojson", network.Power)
	fmt.Println(err)
	// Output:
	// city.geojson:2: node "plant": capacity: not a number "lots"
	// city.geojson:3: node: id: missing (features[1])
	// city.geojson:4: node "flat": demand: -2 is negative; want a demand ≥ 0 kW
	// city.geojson:5: link "l1": to: unknown node "flats"; did you mean "flat"?
}
