package report_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// feederRun plays a feeder whose line fails at 2 h; a crew one hour away
// repairs it in 3 h.
func feederRun() *scenario.Result {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "town"})
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100, Zone: "town"})
	b.AddNode(network.Node{ID: "home", Role: network.Consumer, Demand: 50, Customers: 10, Zone: "town"})
	b.AddLink(network.Link{ID: "line", From: "src", To: "home"})
	net, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	ro, err := crew.New(crew.Config{
		Teams:  []crew.Team{{ID: "crew1", Size: 4, Base: "depot"}},
		Travel: []crew.TravelTime{{From: "depot", To: "town", Hours: 1}},
	})
	if err != nil {
		log.Fatal(err)
	}
	sc := &scenario.Scenario{
		Name:      "feeder",
		Horizon:   10,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Crew:      ro,
		Outages:   []scenario.Outage{{Asset: "line", At: 2, Repair: true, Work: crew.Fixed(3)}},
	}
	res, err := sc.Run(context.Background(), 1)
	if err != nil {
		log.Fatal(err)
	}
	return res
}

// A plain-text report of one run, for planners.
func ExampleWriteText() {
	if err := report.WriteText(os.Stdout, feederRun(), nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Lifeline report
	//   Scenario          feeder
	//   Seed              1
	//   Horizon           10.00 h
	//   Timeline buckets  1.00 h
	//   Networks          power (power)
	//
	// Network power (power: flows in kW, energy in kWh)
	// =================================================
	//   Consumers                               1 (10 customers)
	//   Demand                                  500.0 kWh
	//   Served                                  300.0 kWh
	//   Coverage by volume (PCS)                60.00 %
	//   Mean consumer coverage (ECS)            60.00 %
	//   Energy not supplied (ENS)               200.0 kWh
	//   Equivalent outage hours (EOH)           4.00 h
	//   Customer-hours lost                     40.0 customer·h
	//   SAIFI                                   1.000 interruptions/customer
	//   SAIDI                                   4.00 h/customer
	//   CAIDI                                   4.00 h/interruption
	//   ASAI                                    0.600000 (fraction of customer-hours available)
	//   Value of lost load                      2000.00 (money, at the classes' VoLL)
	//   Min critical coverage                   100.00 % (no critical consumers)
	//   Longest critical below service level 1  0.00 h
	//   Loss-of-load hours                      4.00 h
	//   First shortfall                         at 2.00 h
	//   Time to restore                         4.00 h
	//
	// By class
	// --------
	//   class        consumers  customers  demand kWh  ENS kWh  PCS %  ECS %  EOH h  cust·h lost  SAIFI  SAIDI h  CAIDI h      ASAI  value lost
	//   residential          1         10       500.0    200.0  60.00  60.00   4.00         40.0  1.000     4.00     4.00  0.600000     2000.00
	//
	// By zone
	// -------
	//   zone  consumers  customers  demand kWh  ENS kWh  PCS %  ECS %  EOH h  cust·h lost  SAIFI  SAIDI h  CAIDI h      ASAI  value lost
	//   town          1         10       500.0    200.0  60.00  60.00   4.00         40.0  1.000     4.00     4.00  0.600000     2000.00
	//
	// Crews
	// =====
	//   Utilisation      10.00 % (4.0 of 40.0 member-hours busy)
	//   Repair tasks     1 created, 1 started, 1 completed
	//   Wait for a crew  mean 1.00 h, max 1.00 h (fault to start of work)
	//   Longest repair   4.00 h (fault to repair)
}

// The JSON document: top-level keys for the first network, all networks
// under "networks", and a versioned schema that ReadJSON checks.
func ExampleWriteJSON() {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, feederRun(), nil); err != nil {
		log.Fatal(err)
	}
	doc, err := report.ReadJSON(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Schema, doc.Version)
	fmt.Printf("%s: ENS %g %s, coverage %g, SAIDI %g h, value lost %s\n",
		doc.Network, doc.ENS, doc.QuantityUnit, doc.Coverage, doc.SAIDI, doc.ValueLost)
	fmt.Printf("residential SAIFI %g\n", doc.ByClass["residential"].SAIFI)
	fmt.Printf("crew utilisation %g\n", doc.Crew.Utilisation)
	// Output:
	// lifeline-report 1
	// power: ENS 200 kWh, coverage 0.6, SAIDI 4 h, value lost 2000
	// residential SAIFI 1
	// crew utilisation 0.1
}

// Timelines as CSV, one row per hour.
func ExampleWriteTimelineCSV() {
	var buf bytes.Buffer
	if err := report.WriteTimelineCSV(&buf, feederRun()); err != nil {
		log.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	fmt.Println(strings.Join(lines[:5], "\n"))
	// Output:
	// network,start_hour,coverage,ecs,unserved,coverage_residential,unserved_town,cold_customers,mean_indoor_c,crew_utilisation,quantity_unit
	// power,0,1,1,0,1,0,,,0,kWh
	// power,1,1,1,0,1,0,,,0,kWh
	// power,2,0,0,50,0,50,,,0.25,kWh
	// power,3,0,0,50,0,50,,,0.25,kWh
}

// Every chart of a run, as PNG (800 × 500 pixels) and SVG.
func ExampleCharts() {
	dir, err := os.MkdirTemp("", "charts")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	paths, err := report.Charts(dir, feederRun(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// power-coverage.png
	// power-coverage.svg
	// power-unserved.png
	// power-unserved.svg
	// crew-utilisation.png
	// crew-utilisation.svg
}
