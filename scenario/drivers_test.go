package scenario_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

func driversNet(t *testing.T) *network.Network {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "z"})
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 40})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Demand: 10, Customers: 100, Zone: "z"})
	b.AddNode(network.Node{ID: "shop", Role: network.Consumer, Demand: 10, Customers: 1, Class: network.Commercial})
	b.AddNode(network.Node{ID: "site", Role: network.Consumer, Demand: 5, Customers: 1, Class: network.Critical})
	b.AddLink(network.Link{ID: "a", From: "src", To: "homes"})
	b.AddLink(network.Link{ID: "b", From: "src", To: "shop"})
	b.AddLink(network.Link{ID: "c", From: "src", To: "site"})
	net, err := b.Build()
	require.NoError(t, err)
	return net
}

// Demand drivers over 48 h, by hand:
//   - homes (residential 10 kW): evening profile ×2 for hours 12–23 of
//     each day; controlled lockdown of z (×1.1) over the first day:
//     12·11 + 12·22 + 12·10 + 12·20 = 756 kWh;
//   - shop (commercial 10 kW): stay-at-home spike ×0.5 on the second
//     day: 24·10 + 24·5 = 360 kWh;
//   - site (critical 5 kW): a new load connected at 30 h: 18·5 = 90 kWh.
//
// The source (40 kW) is cut to half from 40 h to 44 h, when demand is
// 20 + 5 + 5 = 30 kW: the site keeps 5, homes get 15 of 20, the shop none:
// 10 kW short for 4 h = 40 kWh.
func TestDemandDrivers(t *testing.T) {
	evening := make([]float64, 24)
	for h := range evening {
		evening[h] = 1
		if h >= 12 {
			evening[h] = 2
		}
	}
	sc := &scenario.Scenario{
		Horizon:   48,
		Utilities: []scenario.Utility{{ID: "p", Net: driversNet(t)}},
		Profiles:  []scenario.Profile{{Class: network.Residential, Hourly: evening}},
		Lockdowns: []scenario.Lockdown{{Zone: "z", Level: crew.Controlled, From: 0, To: 24}},
		Spikes:    []scenario.Spike{{Class: network.Commercial, Factor: 0.5, From: 24, To: 48}},
		NewLoads:  []scenario.NewLoad{{Consumer: "site", At: 30}},
		Cuts:      []scenario.SupplyCut{{Asset: "src", Scale: 0.5, From: 40, To: 44}},
	}
	res := run(t, sc)
	n := res.Networks[0]
	classDemand := map[string]float64{}
	classENS := map[string]float64{}
	for _, g := range n.ByClass {
		classDemand[g.Name] = g.Demand
		classENS[g.Name] = g.ENS()
	}
	assert.InDelta(t, 756, classDemand[network.Residential], 1e-9)
	assert.InDelta(t, 360, classDemand[network.Commercial], 1e-9)
	assert.InDelta(t, 90, classDemand[network.Critical], 1e-9)
	assert.InDelta(t, 1206, n.Total.Demand, 1e-9)
	assert.InDelta(t, 40, n.Total.ENS(), 1e-9)
	assert.InDelta(t, 20, classENS[network.Residential], 1e-9)
	assert.InDelta(t, 20, classENS[network.Commercial], 1e-9)
	assert.InDelta(t, 0, classENS[network.Critical], 1e-9)
	assert.Equal(t, 1.0, n.MinCriticalCoverage)
	assert.InDelta(t, 4, n.LossOfLoadHours, 1e-12)
	assert.True(t, n.Restored)
	assert.InDelta(t, 4, n.TimeToRestore, 1e-12)
	// 100 homes' customers at 75% for 4 h and the shop at 0%: 100 + 4.
	assert.InDelta(t, 100*0.25*4+1*4, n.Total.CustomerHoursLost, 1e-9)
	// Both interrupted once for 4 h: SAIFI (100+1)/102, SAIDI 404/102 h.
	assert.InDelta(t, 101.0/102, n.Total.SAIFI(), 1e-12)
	assert.InDelta(t, 404.0/102, n.Total.SAIDI(), 1e-12)
	// Value lost: 20 kWh × 10 (residential) + 20 kWh × 20 (commercial).
	assert.Equal(t, "600", n.Total.ValueLost.String())
	// The timeline sees the evening peak of day 2: hour 13 demand 20+5+5.
	assert.InDelta(t, 10, n.Timeline.Unserved[41], 1e-9)
	assert.InDelta(t, 0.75, n.Timeline.ClassCoverage[2][41], 1e-12) // residential is class 2 in rank order
}

// A capacity series (a heat plant's hourly limit) and momentary
// interruptions: 3 minutes short are not counted in SAIFI.
func TestSeriesAndMomentary(t *testing.T) {
	b := network.NewBuilder(network.Heat)
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 60, Customers: 10})
	b.AddLink(network.Link{ID: "p", From: "plant", To: "flats"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{
		Horizon:   4,
		Utilities: []scenario.Utility{{ID: "h", Net: net}},
		Series:    []scenario.CapacitySeries{{Asset: "plant", Capacity: []float64{100, 30, 100}}},
		Outages:   []scenario.Outage{{Asset: "p", At: 3, Duration: 0.05}},
	}
	res := run(t, sc)
	n := res.Networks[0]
	// Hour 1: 30 of 60 kW; at 3 h a 3-minute outage: 60 × 0.05 = 3 kWh.
	assert.InDelta(t, 30+3, n.Total.ENS(), 1e-9)
	assert.InDelta(t, 10, n.Total.Interruptions, 1e-12) // only the hour-long one
	assert.InDelta(t, 10, n.Total.InterruptionHours, 1e-12)
}

// Stepping event by event, pausing and resuming, gives the same result as
// running straight through; results depend only on the seed.
func TestStepResumeAndDeterminism(t *testing.T) {
	net := driversNet(t)
	sc := &scenario.Scenario{
		Horizon:   24 * 7,
		Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Crew: roster(t, crew.Config{Teams: []crew.Team{{ID: "t", Size: 2}},
			Absences: []crew.Absence{{Share: 0.5, From: 24, To: 72}}}),
		Faults: []scenario.FaultModel{
			{Links: true, Rate: 200, Repair: crew.Exponential(4)},
			{Role: network.Source, Rate: 100, Repair: crew.LogNormal(3, 0.5), MinCrew: 2},
		},
	}
	p, err := sc.Compile()
	require.NoError(t, err)
	whole, err := p.NewRun(7).RunContext(context.Background())
	require.NoError(t, err)
	r := p.NewRun(7)
	steps := 0
	for r.Step() {
		steps++
		if steps == 5 {
			_, err := r.Result()
			assert.ErrorIs(t, err, scenario.ErrNotDone)
		}
	}
	stepped, err := r.Result()
	require.NoError(t, err)
	assert.Equal(t, whole, stepped)
	assert.Greater(t, whole.Crew.Tasks, 5, "the fault rates should give several faults a week")
	assert.LessOrEqual(t, whole.Crew.Completed, whole.Crew.Tasks)
	assert.Greater(t, whole.Crew.Completed, 0)
	other, err := p.NewRun(8).RunContext(context.Background())
	require.NoError(t, err)
	assert.NotEqual(t, whole.Networks[0].Total.ENS(), other.Networks[0].Total.ENS())
}

func TestCompileErrors(t *testing.T) {
	net := driversNet(t)
	sc := &scenario.Scenario{
		Horizon:   -1,
		Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Outages:   []scenario.Outage{{Asset: "nope", At: 1}, {Asset: "a", At: 1, Repair: true}},
		Lockdowns: []scenario.Lockdown{{Zone: "mars", Level: crew.Sealed}},
		Profiles:  []scenario.Profile{{Hourly: []float64{1, 2}}},
		Cuts:      []scenario.SupplyCut{{Asset: "src", Scale: 2}},
		Faults:    []scenario.FaultModel{{Role: "plant", Rate: -1}},
	}
	_, err := sc.Compile()
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		"scenario: horizon: must be a finite number of hours > 0, got -1",
		`scenario: outages[0]: asset: unknown asset "nope" in network "p"`,
		"scenario: outages[1]: work: a repair needs a work time",
		`scenario: lockdowns[0]: zone: unknown zone "mars"`,
		"scenario: profiles[0]: hourly: want 24 multipliers, got 2",
		"scenario: cuts[0]: scale: 2 outside [0, 1]",
		`scenario: faults[0]: role: unknown role "plant" (want source, station, storage, junction or consumer; or links)`,
		"scenario: faults[0]: rate: -1 is not a rate ≥ 0 per year",
		"scenario: faults[0]: repair: a fault model needs a repair time",
	} {
		assert.Contains(t, msg, want)
	}
}

// Cuts of one asset at once multiply, and a full cut ending gives the
// other cuts back: grid 100 kW, load 100 kW, a cut to 0.5 over 0–10 h and
// a cut to 0 over 2–4 h. Unserved: 50 kW over 0–2 h, 100 kW over 2–4 h,
// 50 kW over 4–10 h = 100 + 200 + 300 = 600 kWh. The same with the cuts
// listed the other way round. With a third cut (0.8 over 3–6 h): 50 × 2
// (0–2 h at 0.5) + 100 × 2 (2–4 h at 0) + 60 × 2 (4–6 h at 0.4) + 50 × 4
// (6–10 h at 0.5) = 620 kWh.
func TestCutsOverlap(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: 100, Customers: 1})
	b.AddLink(network.Link{ID: "l", From: "grid", To: "load"})
	net, err := b.Build()
	require.NoError(t, err)
	half := scenario.SupplyCut{Asset: "grid", Scale: 0.5, From: 0, To: 10}
	full := scenario.SupplyCut{Asset: "grid", Scale: 0, From: 2, To: 4}
	third := scenario.SupplyCut{Asset: "grid", Scale: 0.8, From: 3, To: 6}
	for _, tc := range []struct {
		name string
		cuts []scenario.SupplyCut
		ens  float64
	}{
		{"half then full", []scenario.SupplyCut{half, full}, 600},
		{"full then half", []scenario.SupplyCut{full, half}, 600},
		{"three", []scenario.SupplyCut{half, full, third}, 620},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &scenario.Scenario{Horizon: 24, Utilities: []scenario.Utility{{ID: "p", Net: net}}, Cuts: tc.cuts}
			n := run(t, sc).Networks[0]
			assert.InDelta(t, tc.ens, n.Total.ENS(), 1e-9)
			// Full supply from 10 h on.
			for h := 10; h < 24; h++ {
				assert.InDelta(t, 1, n.Timeline.Coverage[h], 1e-12, "hour %d", h)
			}
		})
	}
}

// Whether an interruption is momentary does not depend on the clock: an
// outage of exactly 5 minutes (1/12 h) is momentary at 0 h, 9 h and
// 1000 h (where 9 + 1/12 − 9 > 1/12 in floating point), one a second
// longer is counted at each. A stretch of critical coverage below its
// level lasting exactly 24 h from 9 h is not "more than 24 h".
func TestDurationsWithTolerance(t *testing.T) {
	net := driversNet(t)
	for _, at := range []float64{0, 9, 1000} {
		for _, extra := range []float64{0, 1.0 / 3600} {
			sc := &scenario.Scenario{
				Horizon:   1100,
				Utilities: []scenario.Utility{{ID: "p", Net: net}},
				Outages:   []scenario.Outage{{Asset: "a", At: at, Duration: 1.0/12 + extra}},
			}
			n := run(t, sc).Networks[0]
			want := 0.0
			if extra > 0 {
				want = 100 // the homes' customers, once
			}
			assert.Equal(t, want, n.Total.Interruptions, "at %g, 5 min + %g h", at, extra)
		}
	}
	// The critical site is cut off from 9 h to 33 h.
	sc := &scenario.Scenario{
		Horizon:       48,
		Utilities:     []scenario.Utility{{ID: "p", Net: net}},
		Outages:       []scenario.Outage{{Asset: "c", At: 9, Duration: 24}},
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 24}, {Level: 0.95, Duration: 23.99}},
	}
	p, err := sc.Compile()
	require.NoError(t, err)
	sum, err := scenario.Study{Plan: p, Seed: 1, Trials: 2}.Run(context.Background())
	require.NoError(t, err)
	v, err := sum.Values("longest_critical_below_0")
	require.NoError(t, err)
	assert.InDelta(t, 24, v[0], 1e-12)
	pr, _ := sum.ServiceRisk(0)
	assert.Equal(t, 0.0, pr)
	pr, _ = sum.ServiceRisk(1)
	assert.Equal(t, 1.0, pr)
}
