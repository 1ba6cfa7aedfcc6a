package main

import (
	"flag"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/examples/internal/twintest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

var update = flag.Bool("update", false, "rewrite heat.yaml, gas.yaml and testdata/report.golden")

// TestCalibration checks the figures of [hohhot-2022] in the
// networks and the scenario.
func TestCalibration(t *testing.T) {
	sc, err := build()
	if err != nil {
		t.Fatal(err)
	}
	heat := sc.Utilities[0].Net
	kinds := map[string]int{}
	roles := map[network.Role]int{}
	var area float64
	var customers int
	for v := range heat.NumNodes() {
		nd := heat.Node(v)
		roles[nd.Role]++
		if nd.Role == network.Source {
			kinds[nd.Attrs["type"]]++
		}
		area += nd.Area
		customers += nd.Customers
	}
	want := map[string]int{"CHP network": 2, "long-distance network": 1, "heat plant": 10, "coal-fired boiler": 2, "gas boiler room": 93}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("sources %v, want %v", kinds, want)
	}
	if roles[network.Station] != 812 || roles[network.Consumer] != 3000 {
		t.Errorf("%d stations, %d consumers; want 812, 3000", roles[network.Station], roles[network.Consumer])
	}
	if area != 85_710_000 || customers != 626_700 {
		t.Errorf("area %.0f m², %d customers; want 85710000, 626700", area, customers)
	}
	var stations, boilers, cCust int
	var cArea float64
	for _, c := range compounds(heat) {
		stations += len(c.sites) - c.boilers
		boilers += c.boilers
		cCust += c.customers
		cArea += c.area
	}
	if stations != 24 || boilers != 3 || cArea != 5_159_000 || cCust != 38_500 {
		t.Errorf("sealed: %d stations, %d boiler rooms, %.0f m², %d customers; want 24, 3, 5159000, 38500",
			stations, boilers, cArea, cCust)
	}
	// The largest sources are the long-distance and CHP networks.
	cap := func(id string) float64 { v, _ := heat.NodeIndex(id); return heat.Capacity(v) }
	for _, big := range []string{"ld1", "chp1", "chp2"} {
		for v := range heat.NumNodes() {
			if heat.Role(v) == network.Source && heat.Node(v).Attrs["type"] != "CHP network" &&
				heat.NodeID(v) != "ld1" && heat.Capacity(v) >= cap(big) {
				t.Errorf("%s (%.0f kW) is not larger than %s (%.0f kW)", big, cap(big), heat.NodeID(v), heat.Capacity(v))
			}
		}
	}
	mobile, members, closed := 0, 0, 0
	for i := range sc.Crew.NumTeams() {
		tm := sc.Crew.Team(i)
		switch {
		case tm.ClosedLoop():
			closed++
		case strings.HasPrefix(tm.ID, "er"):
			mobile++
			members += tm.Size
		}
	}
	if mobile != 15 || members != 248 || closed != 27 {
		t.Errorf("%d emergency teams of %d people, %d closed-loop teams; want 15, 248, 27", mobile, members, closed)
	}
	low := sc.Weather.Outdoor[0]
	for _, x := range sc.Weather.Outdoor {
		low = min(low, x)
	}
	if low != coldestOut || len(sc.Weather.Outdoor) != 336 {
		t.Errorf("coldest hour %g °C over %d hours; want -18 over 336", low, len(sc.Weather.Outdoor))
	}
}

// TestTwin checks that hohhot.yaml gives the same results as build().
func TestTwin(t *testing.T) {
	goSc, err := build()
	if err != nil {
		t.Fatal(err)
	}
	yamlSc, err := scenfile.Load("hohhot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(goSc.Weather, yamlSc.Weather) {
		t.Errorf("weather differs:\n go  %+v\n yaml %+v", goSc.Weather, yamlSc.Weather)
	}
	twintest.SameResults(t, goSc, yamlSc, "heat")
}

// TestReport compares the report of a 3-trial run with
// testdata/report.golden (rewrite it with -update) and checks the files
// written.
func TestReport(t *testing.T) {
	twintest.Report(t, cfg, filepath.Join("testdata", "report.golden"), *update)
}
