package csv_test

import (
	"fmt"
	"log"
	"path/filepath"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/csv"
)

// ReadDir reads nodes.csv and links.csv, as exported from a GIS, from one
// directory.
func ExampleReadDir() {
	n, err := csv.ReadDir(filepath.Join("testdata", "city"), network.Power)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d nodes, %d links, zones", n.NumNodes(), n.NumLinks())
	for z := range n.NumZones() {
		fmt.Printf(" %s", n.ZoneID(z))
	}
	fmt.Println()
	for i := range n.NumNodes() {
		nd := n.Node(i)
		fmt.Printf("%-8s %-8s capacity %-6g line %d %v\n", nd.ID, nd.Role, n.Capacity(i), nd.Pos.Line, nd.Attrs)
	}
	// Output:
	// 7 nodes, 6 links, zones north south
	// grid     source   capacity +Inf   line 2 map[]
	// chp      source   capacity 4000   line 3 map[address:1 Plant Road]
	// sub-n    station  capacity 5000   line 4 map[]
	// sub-s    station  capacity +Inf   line 5 map[]
	// hospital consumer capacity +Inf   line 6 map[address:12 Health St, North]
	// homes-n  consumer capacity +Inf   line 7 map[]
	// mall     consumer capacity +Inf   line 8 map[address:88 Market Ave]
}

// Every problem names the file, the line, the element and the column.
func ExampleRead_errors() {
	nodes := `id,role,zone,capacity,demand,class,customers
plant,source,,abc,,,
flat-1,consumer,east,,12,,4
flat-2,consumer,east,,-3,,2
`
	links := `id,from,to,capacity,oneway
p1,plant,flat-1,,yes
p2,plant,flat-3,,
`
	_, err := csv.Read(strings.NewReader(nodes), strings.NewReader(links), "nodes.csv", "links.csv", network.Water)
	fmt.Println(err)
	// Output:
	// nodes.csv:2: node "plant": capacity: not a number "abc"
	// nodes.csv:4: node "flat-2": demand: -3 is negative; want a demand ≥ 0 m³/h
	// links.csv:2: link "p1": oneway: want true, false or empty, got "yes"
	// links.csv:3: link "p2": to: unknown node "flat-3"
}
