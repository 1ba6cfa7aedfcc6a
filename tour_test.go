// Package lifeline_test holds the API tour of the README as one example
// that compiles and runs, and a test that the README shows it unchanged.
package lifeline_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/lifeline-sim/lifeline/supply"
)

// The API tour: a network, an allocation in one state, a lockdown played
// out with a crew, a Monte Carlo study and its report.
func Example() {
	// A network: a grid feeding a substation that serves a hospital and homes.
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "depot"})
	b.AddZone(network.Zone{ID: "town"})
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "sub", Role: network.Station, Capacity: 80, Zone: "town"})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Demand: 20, Class: network.Critical, Zone: "town"})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Demand: 40, Customers: 500, Zone: "town"})
	b.AddLink(network.Link{ID: "l1", From: "grid", To: "sub"})
	b.AddLink(network.Link{ID: "l2", From: "sub", To: "hospital"})
	b.AddLink(network.Link{ID: "line", From: "sub", To: "homes"})
	net, err := b.Build() // every problem at once, each naming element and field
	if err != nil {
		log.Fatal(err)
	}

	// One instant: the substation derated to half, 40 kW for 60 kW of demand.
	st := supply.NewState(net) // the changing state lives outside the network
	if err := st.SetScale("sub", 0.5); err != nil {
		log.Fatal(err)
	}
	solver := supply.NewSolver(net, supply.Options{}) // priority-fair by default
	var res supply.Result
	if err := solver.Solve(st, &res); err != nil {
		log.Fatal(err)
	}
	h, _ := res.Consumer("hospital")
	fmt.Println("hospital served", h.Served, "kW; bottleneck", res.BottleneckIDs())

	// Over time: a week of lockdown; the homes' line fails at 2 h and a
	// crew an hour away repairs it in 3 h; substations fail at random.
	ro, err := crew.New(crew.Config{
		Teams:  []crew.Team{{ID: "crew1", Size: 4, Base: "depot"}},
		Travel: []crew.TravelTime{{From: "depot", To: "town", Hours: 1}},
	})
	if err != nil {
		log.Fatal(err)
	}
	sc := &scenario.Scenario{
		Name:      "tour",
		Horizon:   7 * 24, // hours
		Currency:  "EUR",
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Crew:      ro,
		Lockdowns: []scenario.Lockdown{{Zone: "town", Level: crew.Controlled, From: 0, To: 7 * 24}},
		Outages:   []scenario.Outage{{Network: "power", Asset: "line", At: 2, Repair: true, Work: crew.Fixed(3)}},
		Faults: []scenario.FaultModel{{Network: "power", Role: network.Station, Rate: 20, // per year
			Repair: crew.LogNormal(4, 0.6)}},
	}
	ctx := context.Background()
	plan, err := sc.Compile() // every problem at once
	if err != nil {
		log.Fatal(err)
	}
	run, err := plan.NewRun(1).RunContext(ctx)
	if err != nil {
		log.Fatal(err)
	}
	n, _ := run.Net("power")
	fmt.Printf("trial 0: %.0f kWh not supplied, SAIDI %.2f h\n", n.Total.ENS(), n.Total.SAIDI())

	// Risk: trial i draws from its own stream of (seed, i), so the answer
	// never depends on the worker count.
	sum, err := scenario.Study{Plan: plan, Seed: 1, Trials: 200}.Run(ctx)
	if err != nil {
		log.Fatal(err)
	}
	ens, _ := sum.Stat("ens") // mean, stderr, 95% interval, percentiles, CVaR95
	fmt.Printf("over %d trials: ENS %.0f ± %.0f kWh, LOLE %.1f h\n", sum.Trials(), ens.Mean, ens.StdErr, sum.LOLE())

	// The report: text, JSON, CSV, charts, maps and an HTML page, from
	// one model (report.WriteDir writes them all into a folder).
	c, err := report.Compute(ctx, sc, report.Options{Seed: 1, Trials: 200})
	if err != nil {
		log.Fatal(err)
	}
	var text bytes.Buffer
	if err := report.WriteText(&text, c.Document); err != nil {
		log.Fatal(err)
	}
	_, answer, _ := strings.Cut(text.String(), "In short\n--------\n")
	answer, _, _ = strings.Cut(answer, "\n\n")
	fmt.Println(answer)
	// Output:
	// hospital served 20 kW; bottleneck [sub]
	// trial 0: 462 kWh not supplied, SAIDI 8.47 h
	// over 200 trials: ENS 307 ± 17 kWh, LOLE 6.0 h
	//   power: 95.70 % of the energy asked for was delivered (461.8 kWh short of 10.75 MWh); critical
	//     customers kept at least 0.00 %, below 95 % for 4.47 h at a stretch; short for 8.47 h in all,
	//     first at 2.00 h from the start, fully restored 16.09 h later.
	//   Over 200 trials of power: energy not supplied 306.5 kWh on average (95 % interval of the mean:
	//     273.8 kWh to 339.3 kWh; 1 trial in 20 above 759.8 kWh); demand unserved 3.59 % of the time
	//     (LOLP), 6.03 h on average (LOLE); critical coverage below 95 % for more than 24.00 h in 0.0 % of
	//     trials (± 0.0 %).
	//   Crews (1 team, 4 members): 2 repairs, 2 completed; busy 1.26 % of their available member-hours;
	//     the longest wait for a crew was 1.00 h.
}

// TestReadmeTour checks that the README's API tour is the body of Example,
// character for character, so that what readers copy compiles and runs.
func TestReadmeTour(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## API tour\n.*?```go\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no go block under \"## API tour\"")
	}
	src, err := os.ReadFile("tour_test.go")
	if err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile("(?s)\nfunc Example\\(\\) \\{\n(.*?)\n\\}\n").FindSubmatch(src)
	if body == nil {
		t.Fatal("no Example in tour_test.go")
	}
	var want strings.Builder
	for _, line := range strings.Split(string(body[1]), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "// Output:") {
			break
		}
		want.WriteString(strings.TrimPrefix(line, "\t") + "\n")
	}
	if got := string(m[1]); got != want.String() {
		gl, wl := strings.Split(got, "\n"), strings.Split(want.String(), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("README's API tour differs from Example at line %d:\nREADME:  %q\nExample: %q", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("README's API tour has %d lines, Example %d", len(gl), len(wl))
	}
}
