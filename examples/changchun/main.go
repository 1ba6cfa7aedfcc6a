// Command changchun plays out ten days of piped-gas supply in Changchun
// under the lockdown of 10–20 March 2022: two gate stations and eight
// high-pressure regulating stations on the outer ring with its line pack,
// the LNG peak-shaving plant, 2,920 pressure regulators, 1.72 million
// accounts, the priority customers (hospitals, closed campuses, isolation
// hotels, factories still producing), sealed, controlled and precaution
// areas, and 318 repair staff with 89 vehicles in seven branch companies.
//
// The figures come from the Changchun Gas report [changchun-2022]
// (docs/sources.md lists each source and what is taken from it); every other value is an assumption, stated
// where it is set (here, and for the network in network_test.go, which
// writes network.json). changchun.yaml is the same scenario as a file for
// the lifeline command.
//
// Run it:
//
//	go run ./examples/changchun
//	go run ./examples/changchun -trials 200 -out out/changchun -seed 7
package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"time"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

//go:embed network.json
var networkJSON []byte

var cfg = cityrun.Config{
	Name: "changchun",
	About: "Ten days of piped gas in Changchun under the lockdown of 10-20 March 2022\n" +
		"(2 gate stations, 8 high-pressure stations, line pack and LNG reserves,\n" +
		"2,920 regulators, 1.72 million accounts, 318 repair staff in 7 branches).",
	Build:    build,
	Trials:   50,
	Findings: findings,
}

func main() { os.Exit(cityrun.Main(cfg, os.Args[1:], os.Stdout, os.Stderr)) }

// The scenario's clock and length ([changchun-2022]: from 10 to 20
// March 2022, 10 days).
var start = time.Date(2022, time.March, 10, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

const (
	horizon = 240.0
	// [changchun-2022]: over 16.68 million m³ of natural gas
	// supplied to the city proper in 10 days.
	sourceDelivered = 16.68e6
)

// Hourly multipliers of demand, 00:00 to 23:00, each list averaging 1 so
// that the daily volume is that of the network file. Assumed shapes: homes
// cook three meals a day at home (peaks at 07:00, 11:00 and 18:00);
// restaurants and boiler rooms run through the day. Hospitals, hotels,
// campuses and factories draw a flat load around the clock.
var (
	residentialProfile = []float64{0.40, 0.35, 0.32, 0.32, 0.36, 0.60, 1.22, 1.58, 1.28, 0.98, 1.18, 1.68,
		1.48, 0.98, 0.82, 0.82, 1.12, 1.78, 1.88, 1.48, 1.12, 0.92, 0.74, 0.59}
	commercialProfile = []float64{0.42, 0.42, 0.42, 0.42, 0.42, 0.47, 0.62, 0.84, 1.04, 1.24, 1.44, 1.64,
		1.54, 1.24, 1.14, 1.14, 1.34, 1.64, 1.74, 1.54, 1.24, 0.94, 0.64, 0.47}
)

// lockLevels are the lockdown levels of the three zones of every branch
// ([changchun-2022]: sealed, controlled and precaution areas in
// each branch's service area). They hold for the whole ten days (assumed:
// the source gives no dates per area); residential demand in them rises by
// the default factors of the levels (1.15, 1.10, 1.05: assumed, people at
// home all day).
var lockLevels = []crew.Level{crew.Sealed, crew.Controlled, crew.Precaution}

// loadNetworkFile decodes the embedded network document.
func loadNetworkFile() (*network.Network, error) {
	return network.Decode(bytes.NewReader(networkJSON), "network.json")
}

func build() (*scenario.Scenario, error) {
	net, err := loadNetworkFile()
	if err != nil {
		return nil, err
	}
	roster, err := crew.New(crewConfig())
	if err != nil {
		return nil, err
	}
	sc := &scenario.Scenario{
		Name: "changchun",
		// The classes' values of lost load (the network defaults: 100 per kWh
		// or m³ for critical customers, 10 for homes) read as yuan (assumed).
		Currency:   "CNY",
		Start:      start,
		Horizon:    horizon,
		Resolution: 1,
		// Critical customers (hospitals) below 95% for a day, or below 99%
		// for 4 hours, is what the special guarantee was to prevent
		// (assumed thresholds).
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 24}, {Level: 0.99, Duration: 4}},
		// Priority-fair: hospitals first, then campuses, hotels and meal
		// centres, then homes ([changchun-2022]: priority
		// customers had dedicated groups and daily dispatch).
		Utilities: []scenario.Utility{{ID: "gas", Net: net}},
		Crew:      roster,
		Profiles: []scenario.Profile{
			{Network: "gas", Class: network.Residential, Hourly: residentialProfile},
			{Network: "gas", Class: network.Commercial, Hourly: commercialProfile},
		},
		// Restaurants and shops closed or on take-away only: commercial
		// demand halved (assumed).
		Spikes: []scenario.Spike{{Network: "gas", Class: network.Commercial, Factor: 0.5}},
		// Stress test of the reserves (assumed, not in the source, which
		// says the upstream supply stayed sufficient): the upstream
		// pipeline cuts gate-2 to 30% for 12 hours from 00:00 on 15 March.
		// The line pack and the LNG plant carry the morning peak.
		//
		// The dispatch centre holds the line pack and the LNG plant in
		// reserve and releases them only for that window (an operating
		// rule, assumed): the allocation has no merit order between
		// sources and storage, so reserves left open would be drawn down
		// at random while the gates could serve.
		Cuts: []scenario.SupplyCut{
			{Network: "gas", Asset: "gate-2", Scale: 0.3, From: 120, To: 132},
			{Network: "gas", Asset: "linepack", Scale: 0, From: 0, To: 120},
			{Network: "gas", Asset: "linepack", Scale: 0, From: 132, To: horizon},
			{Network: "gas", Asset: "lng-plant", Scale: 0, From: 0, To: 120},
			{Network: "gas", Asset: "lng-plant", Scale: 0, From: 132, To: horizon},
		},
		// [changchun-2022]: extra LNG purchase contracts. Assumed:
		// two 26,000 m³ trailers a day refill the peak-shaving plant
		// (capped at its capacity).
		Deliveries: []scenario.Delivery{{Network: "gas", Storage: "lng-plant", At: 24, Amount: 52_000, Every: 24}},
		// [changchun-2022]: 169 emergency repairs in the 10 days,
		// 15 of them outdoors; the outdoor ones are the network's. Split
		// (assumed) 10 on regulators and stations, 5 on pipes: over the
		// 2,928 stations 10 / (2,928 × 240 h / 8,760 h) = 0.125 a year
		// each, over the 5,876 pipes 5 / (5,876 × 240 / 8,760) = 0.031.
		// Repair times assumed: a regulator is replaced or reset in a
		// couple of hours, a pipe leak takes longer. [changchun-2022]:
		// 318 repair staff with 89 vehicles, about 3.6 a vehicle: a repair
		// needs a crew of 3.
		Faults: []scenario.FaultModel{
			{Network: "gas", Role: network.Station, Rate: 0.125, Repair: crew.LogNormal(2, 0.5), MinCrew: 3},
			{Network: "gas", Links: true, Rate: 0.031, Repair: crew.LogNormal(4, 0.6), MinCrew: 3},
		},
	}
	for k := 1; k <= 7; k++ {
		for _, lv := range lockLevels {
			sc.Lockdowns = append(sc.Lockdowns, scenario.Lockdown{Zone: fmt.Sprintf("b%d-%s", k, lv), Level: lv})
		}
	}
	return sc, nil
}

// crewConfig is the repair workforce.
//
// [changchun-2022]: 318 repair staff and 89 emergency vehicles in
// 7 branch companies, every one ready at any hour: seven teams on 24-hour
// duty, staff and vehicles shared out as evenly as whole numbers allow
// (46, 46, 46, 45, 45, 45, 45 staff; 13, 13, 13, 13, 13, 12, 12 vehicles).
// Each team is based in its branch's precaution area; its members live in
// the branch's areas in the shares of the accounts (15% sealed, 35%
// controlled, rounded down, the rest precaution: assumed), so those in
// sealed areas cannot come out. [changchun-2022]: 8 task groups
// work in the other cities; assumed 3 repair staff and a vehicle each.
func crewConfig() crew.Config {
	sizes := []int{46, 46, 46, 45, 45, 45, 45}
	vehicles := []int{13, 13, 13, 13, 13, 12, 12}
	cfg := crew.Config{
		// Assumed travel by repair van: 15 min within an area, 30 min
		// between the areas of one branch, 1 h across the city, 2.5 h to
		// the other cities.
		DefaultTravel:  1,
		SameZoneTravel: 0.25,
		// Assumed: permits and protective equipment take an hour to enter
		// a sealed area, half an hour for a controlled one.
		Entry: []crew.EntryRule{{Level: crew.Sealed, Delay: 1}, {Level: crew.Controlled, Delay: 0.5}},
		// The repair that leaves the most value of lost load unserved goes
		// first (the daily dispatch of the source's leading group).
		Policy:    crew.ImpactFirst{},
		StartHour: 0,
	}
	for k := 1; k <= 7; k++ {
		z := func(lv crew.Level) string { return fmt.Sprintf("b%d-%s", k, lv) }
		n := sizes[k-1]
		sealed := n * 15 / 100
		controlled := n * 35 / 100
		cfg.Teams = append(cfg.Teams, crew.Team{
			ID:       fmt.Sprintf("b%d-repair", k),
			Skills:   []crew.Skill{{Kind: network.Gas}},
			Size:     n,
			Base:     z(crew.Precaution),
			Vehicles: vehicles[k-1],
			Homes: []crew.Home{
				{Zone: z(crew.Sealed), Count: sealed},
				{Zone: z(crew.Controlled), Count: controlled},
				{Zone: z(crew.Precaution), Count: n - sealed - controlled},
			},
		})
		cfg.Travel = append(cfg.Travel,
			crew.TravelTime{From: z(crew.Sealed), To: z(crew.Controlled), Hours: 0.5},
			crew.TravelTime{From: z(crew.Sealed), To: z(crew.Precaution), Hours: 0.5},
			crew.TravelTime{From: z(crew.Controlled), To: z(crew.Precaution), Hours: 0.5})
		for _, lv := range lockLevels {
			cfg.Travel = append(cfg.Travel, crew.TravelTime{From: z(lv), To: "outer", Hours: 2.5})
		}
	}
	cfg.Teams = append(cfg.Teams, crew.Team{
		ID: "outer-repair", Skills: []crew.Skill{{Kind: network.Gas}}, Size: 24, Base: "outer", Vehicles: 8,
	})
	return cfg
}

// cityDelivered returns the volume served to the city proper (every zone
// but "outer") and to the other cities, in m³.
func cityDelivered(n *scenario.NetResult) (city, outer float64) {
	for _, z := range n.ByZone {
		if z.Name == "outer" {
			outer += z.Served
		} else {
			city += z.Served
		}
	}
	return city, outer
}

// findings returns the figures to hold against the source.
func findings(doc *report.Document, res *scenario.Result, sum *scenario.Summary) ([]report.Section, error) {
	n, ok := res.Net("gas")
	if !ok {
		return nil, fmt.Errorf("no gas network in the result")
	}
	city, outer := cityDelivered(n)
	s := report.Section{ID: "changchun-source", Title: "Changchun against its source [changchun-2022] (trial 0)"}
	s.Row("Delivered to the city proper", fmt.Sprintf("%s in %s days (%s); the source: over %s (about 69,500 m³/h), %s%%",
		report.FormatQuantity(city, network.Gas), report.FormatFixed(res.Horizon/24, 0), report.FormatFlow(city/res.Horizon, network.Gas),
		report.FormatQuantity(sourceDelivered, network.Gas), fmt.Sprintf("%+.1f ", 100*(city/sourceDelivered-1))))
	s.Row("Delivered to the other cities", report.FormatQuantity(outer, network.Gas))
	s.Row("Repairs", fmt.Sprintf("%d (the source: 169 emergency repairs, 15 of them outdoors)", res.Crew.Tasks))
	t := report.Table{Caption: "Accounts by class", Header: []string{"class", "consumers", "accounts", "coverage (%)"}}
	for _, g := range n.ByClass {
		if g.Consumers == 0 {
			continue
		}
		t.Rows = append(t.Rows, []string{g.Name, report.FormatCount(float64(g.Consumers)), report.FormatCount(float64(g.Customers)),
			report.FormatFixed(100*g.PCS(), 4)})
	}
	s.Add(report.TableBlock(t))
	return []report.Section{s}, nil
}
