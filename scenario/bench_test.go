package scenario_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/scenario"
)

// hohhotLike builds a 14-day lockdown on a synth heat network the size of
// the Hohhot utility ([hohhot-2022]: 812 heat stations; 2 CHP
// networks, 1 long-distance network, 10 plants, 2 coal boilers and 93 gas
// boiler rooms ≈ 108 sources) with the given number of consumers, a cold
// snap to −18 °C, stochastic faults of stations and pipes and 15 crews.
func hohhotLike(b testing.TB, consumers int) *scenario.Plan {
	net, err := synth.Generate(synth.Params{Kind: network.Heat, Sources: 108, Stations: 812, Consumers: consumers,
		MeshShare: 0.05, Zones: 10, Seed: 1, SupplyMargin: 1.1})
	if err != nil {
		b.Fatal(err)
	}
	outdoor := make([]float64, 14*24)
	for h := range outdoor {
		day := float64(h) / 24
		outdoor[h] = -8 - 10*math.Exp(-(day-5)*(day-5)/4) + 3*math.Sin(2*math.Pi*float64(h%24-8)/24)
	}
	teams := make([]crew.Team, 15)
	for i := range teams {
		teams[i] = crew.Team{ID: fmt.Sprintf("team%02d", i+1), Size: 16, Base: fmt.Sprintf("z%d", i%10), Vehicles: 2}
	}
	ro, err := crew.New(crew.Config{Teams: teams, Absences: []crew.Absence{{Share: 0.15}}})
	if err != nil {
		b.Fatal(err)
	}
	sc := &scenario.Scenario{
		Horizon:   14 * 24,
		Utilities: []scenario.Utility{{ID: "heat", Net: net}},
		Crew:      ro,
		Weather:   &scenario.Weather{Outdoor: outdoor, Design: -19},
		Lockdowns: []scenario.Lockdown{{Zone: "z3", Level: crew.Sealed, From: 0, To: 7 * 24}},
		Faults: []scenario.FaultModel{
			{Role: network.Station, Rate: 0.5, ColdBelow: -15, ColdFactor: 2, Repair: crew.LogNormal(4, 0.6), MinCrew: 4},
			{Role: network.Source, Rate: 1, Repair: crew.LogNormal(8, 0.5), MinCrew: 6},
			{Links: true, Rate: 0.1, Repair: crew.LogNormal(6, 0.7), MinCrew: 4},
		},
	}
	p, err := sc.Compile()
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkTrial runs one 14-day trial of the Hohhot-size lockdown on one
// goroutine; trials per second on W workers is about W/(s/op).
func BenchmarkTrial(b *testing.B) {
	for _, consumers := range []int{4_000, 16_000} {
		b.Run(fmt.Sprintf("consumers=%d", consumers), func(b *testing.B) {
			p := hohhotLike(b, consumers)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.NewTrial(1, i).RunContext(context.Background()); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkStudy runs 200-trial studies of the Hohhot-size lockdown on
// GOMAXPROCS workers and reports trials per second. The plan (and its solve
// cache) is shared across iterations, as in a long study.
func BenchmarkStudy(b *testing.B) {
	for _, consumers := range []int{4_000, 16_000} {
		b.Run(fmt.Sprintf("consumers=%d", consumers), func(b *testing.B) {
			p := hohhotLike(b, consumers)
			const trials = 200
			seed := uint64(0)
			for b.Loop() {
				seed++
				if _, err := (scenario.Study{Plan: p, Seed: seed, Trials: trials}).Run(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(trials*b.N)/b.Elapsed().Seconds(), "trials/s")
		})
	}
}

// yearOfDemand builds a year (8,736 h) on a synth power network whose
// residential load follows an hourly shape given one of three ways: a
// daily profile, an hourly demand series of the class (a SCADA record),
// or one spike per hour. Each steps demand 8,736 times; the last two
// hold 8,736 values each.
func yearOfDemand(b testing.TB, how string) *scenario.Plan {
	net, err := synth.Generate(synth.Params{Kind: network.Power, Sources: 4, Stations: 40, Consumers: 2_000,
		MeshShare: 0.05, Zones: 4, Seed: 1, SupplyMargin: 1.05})
	if err != nil {
		b.Fatal(err)
	}
	const H = 8736
	shape := func(h int) float64 {
		return 1 + 0.3*math.Sin(2*math.Pi*float64(h%24-6)/24) + 0.1*math.Sin(2*math.Pi*float64(h)/H)
	}
	sc := &scenario.Scenario{Horizon: H, Utilities: []scenario.Utility{{ID: "p", Net: net}}}
	switch how {
	case "profile":
		day := make([]float64, 24)
		for h := range day {
			day[h] = shape(h)
		}
		sc.Profiles = []scenario.Profile{{Class: network.Residential, Hourly: day}}
	case "series":
		vals := make([]float64, H)
		for h := range vals {
			vals[h] = shape(h)
		}
		sc.Demands = []scenario.DemandSeries{{Class: network.Residential, Scale: vals}}
	case "spikes":
		for h := range H {
			sc.Spikes = append(sc.Spikes, scenario.Spike{Class: network.Residential, Factor: shape(h), From: float64(h), To: float64(h + 1)})
		}
	}
	p, err := sc.Compile()
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkYearOfDemand runs one year-long trial of each way of giving an
// hourly load: the cost of a demand refresh does not grow with the
// number of values or spikes, so the three take about the same time.
func BenchmarkYearOfDemand(b *testing.B) {
	for _, how := range []string{"profile", "series", "spikes"} {
		b.Run(how, func(b *testing.B) {
			p := yearOfDemand(b, how)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.NewRun(1).RunContext(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
