// Command heihe plays out six days of power, heat, water and gas in Heihe
// (Aihui district) during the outbreak of February 2022, all four
// utilities at once and coupled: water intake and booster pumps and the
// heat-exchange stations' circulation pumps run on power, and the boiler
// room of Dahei River Island burns gas. It connects the mobile testing vans
// at night, runs the water plant and the heat plant with closed-loop staff,
// and takes a 66 kV substation out on day 3 to show how a power fault turns
// into lost water and heat.
//
// The figures come from the People's Daily Online report on Heihe's
// utilities [heihe-2022] (docs/sources.md lists each source and what is
// taken from it); every other value is an assumption, stated
// where it is set (here and in the network files power.yaml, heat.yaml,
// water.yaml and gas.yaml). heihe.yaml is the same scenario as a file for
// the lifeline command.
//
// Run it:
//
//	go run ./examples/heihe
//	go run ./examples/heihe -trials 5000 -out out/heihe
package main

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/lifeline-sim/lifeline/supply"
)

//go:embed power.yaml heat.yaml water.yaml gas.yaml
var networkFiles embed.FS

var cfg = cityrun.Config{
	Name: "heihe",
	About: "Six days of power, heat, water and gas in Heihe during the outbreak of\n" +
		"February 2022, the utilities coupled (pumps on power, a boiler room on gas),\n" +
		"with the testing vans connected at night and a substation fault on day 3.",
	Build:    build,
	Trials:   500,
	Findings: findings,
}

func main() { os.Exit(cityrun.Main(cfg, os.Args[1:], os.Stdout, os.Stderr)) }

// [heihe-2022]: the power company was notified at 20:00 on 7
// February 2022. The run covers six days, to 20:00 on 13 February, the date
// of the report's last figures (assumed length).
var start = time.Date(2022, time.February, 7, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))

const (
	horizon = 144.0
	// [heihe-2022]: the testing vans were energised at 03:15
	// on 8 February, 7.25 h after the 20:00 notice.
	vansAt = 7.25
	// [heihe-2022]: 48-hour closed-loop operation of the
	// Xiaojinchang source and the treatment plant.
	plantClosedLoop = 48.0
	// The 66 kV substation fault, at 10:00 on 10 February (assumed: the
	// source reports no fault; it shows the cascade into water and heat).
	subFaultAt = 62.0
)

// Network IDs, in the order the report lists them.
var networkIDs = []string{"power", "heat", "water", "gas"}

// dailyOutdoor is the outdoor temperature in °C for the 24 hours from
// 20:00: [heihe-2022] reports work at below −20 °C at night;
// assumed a daily swing from −26 °C before dawn to −15 °C in the
// afternoon, a mean of −20.4 °C.
var dailyOutdoor = []float64{-19, -20, -21, -22, -23, -24, -24, -25, -25, -26, -26, -25,
	-23, -21, -19, -17, -16, -15, -15, -15, -16, -17, -18, -18}

// Hourly profiles, 00:00 to 23:00 (assumed shapes). Power demands in
// power.yaml are winter evening peaks, so its profiles peak at 1 (homes
// average 0.71); water demands are daily means, so its profile averages 1.
// Gas is bottled: the bottles at home smooth the cooking hours, and the
// depot sees a flat draw.
var (
	powerResidential = []float64{0.55, 0.50, 0.48, 0.47, 0.47, 0.50, 0.60, 0.72, 0.78, 0.75, 0.72, 0.72,
		0.75, 0.72, 0.70, 0.70, 0.75, 0.85, 0.95, 1.00, 1.00, 0.92, 0.80, 0.65}
	powerCommercial = []float64{0.30, 0.30, 0.30, 0.30, 0.30, 0.30, 0.30, 0.50, 0.80, 0.95, 1.00, 1.00,
		1.00, 1.00, 1.00, 1.00, 1.00, 0.95, 0.90, 0.80, 0.60, 0.45, 0.35, 0.30}
	waterResidential = []float64{0.45, 0.40, 0.38, 0.38, 0.42, 0.60, 1.10, 1.55, 1.45, 1.20, 1.10, 1.15,
		1.25, 1.10, 0.95, 0.90, 0.95, 1.15, 1.45, 1.60, 1.50, 1.35, 1.05, 0.57}
)

// loadNetworks decodes the embedded network documents, in networkIDs
// order.
func loadNetworks() ([]*network.Network, error) {
	var nets []*network.Network
	for _, id := range networkIDs {
		name := id + ".yaml"
		data, err := networkFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		net, err := network.Decode(bytes.NewReader(data), name)
		if err != nil {
			return nil, err
		}
		nets = append(nets, net)
	}
	return nets, nil
}

func build() (*scenario.Scenario, error) {
	nets, err := loadNetworks()
	if err != nil {
		return nil, err
	}
	roster, err := crew.New(crewConfig())
	if err != nil {
		return nil, err
	}
	outdoor := make([]float64, 0, int(horizon))
	for range int(horizon) / 24 {
		outdoor = append(outdoor, dailyOutdoor...)
	}
	sc := &scenario.Scenario{
		Name: "heihe",
		// The classes' values of lost load (the network defaults: 100 per kWh
		// or m³ for critical customers, 10 for homes) read as yuan (assumed).
		Currency:   "CNY",
		Start:      start,
		Horizon:    horizon,
		Resolution: 1,
		// Critical customers (command centre, hospitals, testing site)
		// below 95% for a day or below 99% for an hour (assumed targets:
		// the source asks for "special-grade" supply at the testing site).
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 24}, {Level: 0.99, Duration: 1}},
		Utilities: []scenario.Utility{
			// Key customers first ([heihe-2022]: command
			// centre, designated hospitals, isolation hotels).
			{ID: "power", Net: nets[0], Policy: supply.PriorityFair},
			// A heat network shares a shortage by pressure drop.
			{ID: "heat", Net: nets[1], Policy: supply.Proportional},
			{ID: "water", Net: nets[2], Policy: supply.PriorityFair},
			{ID: "gas", Net: nets[3], Policy: supply.PriorityFair},
		},
		Crew: roster,
		Lockdowns: []scenario.Lockdown{
			// The outbreak was in Aihui district ([heihe-2022]);
			// which compounds were sealed is not reported. Assumed: the
			// west sealed, the centre and the island (hotels, testing
			// site) controlled, the east a precaution area, for the whole
			// run, with the default demand factors of the levels (1.15,
			// 1.10, 1.05: people at home all day; for heat see
			// [hohhot-2022], demand surged while residents
			// stayed home).
			{Zone: "west", Level: crew.Sealed},
			{Zone: "centre", Level: crew.Controlled},
			{Zone: "island", Level: crew.Controlled},
			{Zone: "east", Level: crew.Precaution},
			// [heihe-2022]: 48-hour closed-loop operation of
			// the water source and plant: the plant zone is sealed and the
			// plant runs only on its closed-loop team.
			{Zone: "water-plant", Level: crew.Sealed, From: 0, To: plantClosedLoop},
			// [heihe-2022]: heat production staff under
			// closed-loop management, living on site 24 h.
			{Zone: "chp-site", Level: crew.Sealed},
		},
		Profiles: []scenario.Profile{
			{Network: "power", Class: network.Residential, Hourly: powerResidential},
			{Network: "power", Class: network.Commercial, Hourly: powerCommercial},
			{Network: "water", Class: network.Residential, Hourly: waterResidential},
		},
		// Shops and restaurants closed (assumed): half the power, water
		// and gas. Their buildings stay heated.
		Spikes: []scenario.Spike{
			{Kind: string(network.Power), Class: network.Commercial, Factor: 0.5},
			{Kind: string(network.Water), Class: network.Commercial, Factor: 0.5},
			{Kind: string(network.Gas), Class: network.Commercial, Factor: 0.5},
		},
		// [heihe-2022]: about −20 °C. Design temperature
		// −30 °C and the buildings' time constant of 40 h are assumed
		// (northern Heilongjiang; brick blocks of the 1990s and 2000s).
		Weather: &scenario.Weather{Outdoor: outdoor, Design: -30, Indoor: 18, TimeConstant: 40},
		// [heihe-2022]: testing vans energised at 03:15.
		NewLoads: []scenario.NewLoad{{Network: "power", Consumer: "testing-vans", At: vansAt}},
		// A 25 t LPG tanker (about 11,000 m³ of vapour) every 12 hours
		// (assumed; [heihe-2022]: delivery vehicles on standby).
		Deliveries: []scenario.Delivery{{Network: "gas", Storage: "lpg-depot", At: 12, Amount: 11000, Every: 12}},
		// The scheduled fault (assumed): sub-west, which alone feeds the
		// west's water booster and heat pumps. Repair by the power team
		// ([heihe-2022]: a new 500 kVA connection took a
		// little over 2 hours at −20 °C; a substation repair is assumed
		// longer, log-normal around 4 h), three of them on site.
		Outages: []scenario.Outage{{Network: "power", Asset: "sub-west", At: subFaultAt, Repair: true,
			Work: crew.LogNormal(4, 0.4), MinCrew: 3}},
		// Random faults (rates assumed; cold raises them): power
		// substations and lines ([heihe-2022]: the 5 key
		// substations and 46 key lines under special patrols), water
		// mains (burst in the frost) and heat pipes (leaks, "跑冒滴漏").
		Faults: []scenario.FaultModel{
			{Network: "power", Role: network.Station, Rate: 0.5, ColdBelow: -20, ColdFactor: 2,
				Repair: crew.LogNormal(5, 0.5), MinCrew: 3},
			{Network: "power", Links: true, Rate: 0.3, ColdBelow: -20, ColdFactor: 1.5,
				Repair: crew.LogNormal(3, 0.5), MinCrew: 2},
			{Network: "water", Links: true, Rate: 0.2, ColdBelow: -20, ColdFactor: 2,
				Repair: crew.LogNormal(6, 0.5), MinCrew: 4},
			{Network: "heat", Links: true, Rate: 0.3, ColdBelow: -20, ColdFactor: 1.5,
				Repair: crew.LogNormal(5, 0.5), MinCrew: 4},
		},
		Couplings: []scenario.Coupling{
			// Raw-water pumps and plant load, 0.3 kW per m³/h (assumed:
			// about 60 m of lift plus treatment) × 2,500 m³/h = 750 kW.
			{From: "power", Consumer: "water-intake-pumps", To: "water", Asset: "xiaojinchang", Factor: 0.3},
			// Booster pumps, 0.2 kW per m³/h (assumed: 50 m of head at 70%
			// efficiency) × 900 m³/h = 180 kW each.
			{From: "power", Consumer: "water-booster-west", To: "water", Asset: "booster-west", Factor: 0.2},
			{From: "power", Consumer: "water-booster-east", To: "water", Asset: "booster-east", Factor: 0.2},
			// Circulation pumps, 8 kW of power per MW of heat (assumed).
			{From: "power", Consumer: "heat-pumps-west", To: "heat", Asset: "hx-west", Factor: 0.008},
			{From: "power", Consumer: "heat-pumps-centre", To: "heat", Asset: "hx-centre", Factor: 0.008},
			{From: "power", Consumer: "heat-pumps-east", To: "heat", Asset: "hx-east", Factor: 0.008},
			// LPG boiler room: 1 m³ of vapour holds about 25.3 kWh, burnt
			// at 90%: 1/(25.3 × 0.9) ≈ 0.044 m³/h per kW of heat (assumed).
			{From: "gas", Consumer: "boiler-fuel", To: "heat", Asset: "island-boiler", Factor: 0.044},
		},
	}
	return sc, nil
}

// crewConfig is the workforce of the four utilities
// ([heihe-2022] unless marked assumed).
func crewConfig() crew.Config {
	return crew.Config{
		// Hours of day follow the 20:00 start.
		StartHour: 20,
		// By van across a city of 200,000 (assumed): 30 min from the
		// centre to the districts and the island, 45 min between west and
		// east and out to the water works; 1 h otherwise.
		DefaultTravel:  1,
		SameZoneTravel: 0.25,
		Travel: []crew.TravelTime{
			{From: "centre", To: "west", Hours: 0.5},
			{From: "centre", To: "east", Hours: 0.5},
			{From: "centre", To: "island", Hours: 0.5},
			{From: "centre", To: "chp-site", Hours: 0.5},
			{From: "centre", To: "water-plant", Hours: 0.75},
			{From: "west", To: "east", Hours: 0.75},
		},
		// Permits and protective equipment (assumed).
		Entry:  []crew.EntryRule{{Level: crew.Sealed, Delay: 1}, {Level: crew.Controlled, Delay: 0.5}},
		Policy: crew.ImpactFirst{},
		Teams: []crew.Team{
			// 31 transmission, substation and distribution staff with 19
			// emergency vehicles on 24-hour duty. Assumed: 3 live in the
			// sealed west and stay home.
			{ID: "power-team", Skills: []crew.Skill{{Kind: network.Power}}, Size: 31, Base: "centre", Vehicles: 19,
				Homes: []crew.Home{{Zone: "west", Count: 3}}},
			// 4 people on 24-hour rotating duty at the testing site.
			{ID: "testing-site-duty", Skills: []crew.Skill{{Kind: network.Power}}, Size: 4, Site: "box-tx"},
			// 18-person mains emergency repair team on 24 h standby, with
			// its machinery (assumed: 3 crews at once).
			{ID: "water-mains", Skills: []crew.Skill{{Kind: network.Water}}, Size: 18, Base: "centre", Vehicles: 3},
			// 3 vanguard teams (maintenance, operation, water quality) at
			// the plant under closed-loop operation (assumed 5 each).
			{ID: "water-plant-vanguard", Skills: []crew.Skill{{Kind: network.Water}}, Size: 15, Site: "treatment-plant"},
			// Heat production staff living on site (assumed 60).
			{ID: "heat-production", Skills: []crew.Skill{{Kind: network.Heat}}, Size: 60, Site: "chp"},
			// Four standby squads for leaks and repairs (assumed 6 each,
			// one vehicle a squad).
			{ID: "heat-squads", Skills: []crew.Skill{{Kind: network.Heat}}, Size: 24, Base: "centre", Vehicles: 4},
		},
	}
}

// findings returns what the example is about: the losses of each network
// caused by another utility through the couplings, the testing vans and
// the closed-loop plants.
func findings(doc *report.Document, res *scenario.Result, sum *scenario.Summary) ([]report.Section, error) {
	s := report.Section{ID: "heihe-couplings", Title: "Heihe: losses caused by other utilities (trial 0)"}
	t := report.Table{Header: []string{"network", "not supplied", "own (direct)", "for want of another utility"}}
	for _, n := range res.Networks {
		t.Rows = append(t.Rows, []string{n.ID, report.FormatQuantity(n.Total.ENS(), n.Kind),
			report.FormatQuantity(n.Total.DirectENS(), n.Kind), report.FormatQuantity(n.Total.IndirectENS, n.Kind)})
	}
	s.Add(report.TableBlock(t))
	if p, ok := res.Net("power"); ok {
		for _, z := range p.ByZone {
			if z.Name == "west" {
				s.Row("Power to the west", fmt.Sprintf("%s not supplied (sub-west out at %s)",
					report.FormatQuantity(z.ENS(), network.Power), doc.When(subFaultAt)))
			}
		}
	}
	for _, id := range []string{"heat", "water"} {
		n, ok := res.Net(id)
		if !ok {
			continue
		}
		for _, z := range n.ByZone {
			if z.IndirectENS > 0 {
				s.Row(fmt.Sprintf("%s in %s, for want of another utility", capital(id), z.Name),
					report.FormatQuantity(z.IndirectENS, n.Kind)+" not supplied")
			}
		}
	}
	s.Row("Testing vans energised", doc.When(vansAt)+" (the source: 03:15 on 8 February)")
	s.Row("Lowest coverage of critical power customers", report.FormatPercent(minCritical(res, "power"), 2))
	return []report.Section{s}, nil
}

// capital upper-cases the first letter of an ASCII word.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func minCritical(res *scenario.Result, id string) float64 {
	n, ok := res.Net(id)
	if !ok {
		return 0
	}
	return n.MinCriticalCoverage
}
