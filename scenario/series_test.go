package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

func classTotals(n scenario.NetResult) (demand, ens map[string]float64) {
	demand, ens = map[string]float64{}, map[string]float64{}
	for _, g := range n.ByClass {
		demand[g.Name], ens[g.Name] = g.Demand, g.ENS()
	}
	return demand, ens
}

// A consumer's series is its demand: a scale multiplies it (0.5 halves
// it), a capacity is its demand in kW. Over 4 h on driversNet:
//   - homes (10 kW), scale 1, 0.5, 0, 2: 10 + 5 + 0 + 20 = 35 kWh;
//   - site (critical 5 kW), capacity 8 then 2 at a 2 h step: 16 + 4 = 20;
//   - shop (10 kW): 40.
//
// The source (40 kW) is cut to half over the last hour, when demand is
// 20 + 10 + 2: the site keeps 2, the homes 18 of 20, the shop none:
// 2 + 10 = 12 kWh unserved.
func TestConsumerSeriesIsItsDemand(t *testing.T) {
	sc := &scenario.Scenario{
		Horizon:   4,
		Utilities: []scenario.Utility{{ID: "p", Net: driversNet(t)}},
		Series: []scenario.CapacitySeries{
			{Asset: "homes", Scale: []float64{1, 0.5, 0, 2}},
			{Asset: "site", Capacity: []float64{8, 2}, Step: 2},
		},
		Cuts: []scenario.SupplyCut{{Asset: "src", Scale: 0.5, From: 3}},
	}
	n := run(t, sc).Networks[0]
	demand, ens := classTotals(n)
	assert.InDelta(t, 35, demand[network.Residential], 1e-9)
	assert.InDelta(t, 20, demand[network.Critical], 1e-9)
	assert.InDelta(t, 40, demand[network.Commercial], 1e-9)
	assert.InDelta(t, 2, ens[network.Residential], 1e-9)
	assert.InDelta(t, 10, ens[network.Commercial], 1e-9)
	assert.InDelta(t, 0, ens[network.Critical], 1e-9)
	assert.InDelta(t, 12, n.Total.ENS(), 1e-9)
}

// Demand series of a class, of a zone and of a consumer's class, over
// 4 h:
//   - residential (h1 10 kW in z, h2 30 kW in y): absolute 40 kW over
//     [−1, 1) h and 80 kW from 1 h (step 2 h from −1 h), shared 1:3; a
//     controlled lockdown of z from 2 h (×1.1) still multiplies it, the
//     residential profile (×3) does not (the series holds the day's
//     shape): h1 10 + 20 + 22 + 22 = 74 kWh; h2 also takes a scale series
//     of zone y (×0.5): 15 + 3·30 = 105 kWh;
//   - commercial (shop, 20 kW), scale 1 then 2 at a 2 h step, and a spike
//     ×0.5 from 3 h: 20 + 20 + 40 + 20 = 100 kWh;
//   - the plant (source, 150 kW) takes a SCADA capacity series, 150 then
//     60 kW from 3 h: in the last hour demand is 22 + 30 + 20 = 72 kW, the
//     residential class comes first, the shop gets 8 of 20: 12 kWh
//     unserved.
func TestDemandSeriesOfGroups(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "z"})
	b.AddZone(network.Zone{ID: "y"})
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 150})
	b.AddNode(network.Node{ID: "h1", Role: network.Consumer, Demand: 10, Customers: 10, Zone: "z"})
	b.AddNode(network.Node{ID: "h2", Role: network.Consumer, Demand: 30, Customers: 30, Zone: "y"})
	b.AddNode(network.Node{ID: "shop", Role: network.Consumer, Demand: 20, Customers: 1, Class: network.Commercial})
	for _, c := range []string{"h1", "h2", "shop"} {
		b.AddLink(network.Link{ID: "l-" + c, From: "plant", To: c})
	}
	net, err := b.Build()
	require.NoError(t, err)
	three := make([]float64, 24)
	for h := range three {
		three[h] = 3
	}
	sc := &scenario.Scenario{
		Horizon:   4,
		Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Demands: []scenario.DemandSeries{
			{Class: network.Residential, Demand: []float64{40, 80}, Step: 2, Start: -1},
			{Zone: "y", Scale: []float64{0.5}},
			{Class: network.Commercial, Scale: []float64{1, 2}, Step: 2},
		},
		Profiles:  []scenario.Profile{{Class: network.Residential, Hourly: three}},
		Lockdowns: []scenario.Lockdown{{Zone: "z", Level: crew.Controlled, From: 2}},
		Spikes:    []scenario.Spike{{Class: network.Commercial, Factor: 0.5, From: 3}},
		Series:    []scenario.CapacitySeries{{Asset: "plant", Capacity: []float64{150, 60}, Step: 3}},
	}
	n := run(t, sc).Networks[0]
	demand, ens := classTotals(n)
	assert.InDelta(t, 179, demand[network.Residential], 1e-9)
	assert.InDelta(t, 100, demand[network.Commercial], 1e-9)
	assert.InDelta(t, 0, ens[network.Residential], 1e-9)
	assert.InDelta(t, 12, ens[network.Commercial], 1e-9)
	zone := map[string]float64{}
	for _, g := range n.ByZone {
		zone[g.Name] = g.Demand
	}
	assert.InDelta(t, 74, zone["z"], 1e-9)
	assert.InDelta(t, 105, zone["y"], 1e-9)
}

// Weather at a 2 h step from −1 h: −20 °C over [−1, 1) h, −1 °C after.
// Flats of 60 kW at a design temperature of −20 °C (indoor 18 °C) draw
// 60 kW, then 60·19/38 = 30 kW: 60 + 2·30 = 120 kWh over 3 h.
func TestWeatherAtAStep(t *testing.T) {
	b := network.NewBuilder(network.Heat)
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 60, Customers: 10})
	b.AddLink(network.Link{ID: "p", From: "plant", To: "flats"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{
		Horizon:   3,
		Utilities: []scenario.Utility{{ID: "h", Net: net}},
		Weather:   &scenario.Weather{Outdoor: []float64{-20, -1}, Step: 2, Start: -1, Design: -20},
	}
	n := run(t, sc).Networks[0]
	assert.InDelta(t, 120, n.Total.Demand, 1e-9)
}

// Many spikes cost no more per refresh than the few in force, and still
// multiply in order: 500 one-hour spikes of the residential class, the
// i-th ×(i mod 3), and one ×1.5 over the whole run. Homes (10 kW):
// 1.5·10·Σ(i mod 3) over 500 h = 15·(166·3 + 1) = 7485 kWh (0+1+2 repeats
// 166 times over 498 h, then 0 and 1).
func TestManySpikes(t *testing.T) {
	spikes := []scenario.Spike{{Class: network.Residential, Factor: 1.5}}
	for i := range 500 {
		spikes = append(spikes, scenario.Spike{Class: network.Residential, Factor: float64(i % 3), From: float64(i), To: float64(i + 1)})
	}
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Demand: 10, Customers: 1})
	b.AddNode(network.Node{ID: "shop", Role: network.Consumer, Demand: 10, Customers: 1, Class: network.Commercial})
	b.AddLink(network.Link{ID: "a", From: "src", To: "homes"})
	b.AddLink(network.Link{ID: "b", From: "src", To: "shop"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{Horizon: 500, Utilities: []scenario.Utility{{ID: "p", Net: net}}, Spikes: spikes}
	demand, _ := classTotals(run(t, sc).Networks[0])
	assert.InDelta(t, 7485, demand[network.Residential], 1e-6)
	assert.InDelta(t, 5000, demand[network.Commercial], 1e-9)
}

func TestSeriesErrors(t *testing.T) {
	net := driversNet(t)
	sc := &scenario.Scenario{
		Horizon:   4,
		Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Series: []scenario.CapacitySeries{
			{Asset: "homes", Capacity: []float64{5}},
			{Asset: "src", Scale: []float64{1, -2}, Start: 1},
		},
		Demands: []scenario.DemandSeries{
			{Consumer: "homes", Demand: []float64{3}, Step: -1},
			{Class: "residental", Scale: []float64{1}},
			{Zone: "z", Class: network.Commercial, Demand: []float64{1}},
			{Scale: []float64{1}},
			{Consumer: "src", Scale: []float64{1}, Demand: []float64{1}},
			{Consumer: "shop", Scale: []float64{1, 2}, Step: 1e-4},
		},
		Weather: &scenario.Weather{Outdoor: []float64{1}, Design: -20, Start: 0.5},
	}
	_, err := sc.Compile()
	require.Error(t, err)
	var got []string
	for _, p := range scenario.Problems(err) {
		got = append(got, p.Error())
	}
	for _, want := range []string{
		"scenario: series[1]: start: begins 1 h after the scenario start: a series must cover the start",
		"scenario: series[1]: scale: value 1: -2 is not a value ≥ 0",
		"scenario: demands[0]: step: -1 is not a number of hours > 0",
		`scenario: demands[0]: demand: consumer "homes" of network "p" already takes an absolute demand from series[0]; give it one`,
		`scenario: demands[1]: class: unknown class "residental"; did you mean "residential"? (the classes are critical, essential, residential, commercial, industrial)`,
		"scenario: demands[3]: consumer: give a consumer, or a class and/or a zone",
		"scenario: demands[4]: scale: give exactly one of scale and demand",
		"scenario: demands[5]: step: 0.0001 h is shorter than a second",
		"scenario: weather: start: begins 0.5 h after the scenario start: a series must cover the start",
	} {
		assert.Contains(t, got, want)
	}
	// The commercial consumers of z: none, so the series acts on nothing.
	assert.NotContains(t, got, "scenario: demands[2]: zone: ")

	// Second steps over 2000 h: 7.2 million steps.
	sc = &scenario.Scenario{
		Horizon:   2000,
		Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Demands:   []scenario.DemandSeries{{Consumer: "shop", Scale: []float64{1, 2}, Step: 1.0 / 3600}},
	}
	_, err = sc.Compile()
	assert.EqualError(t, err, "scenario: demands[0]: step: 0.000277778 h steps 7200000 times in the 2000 h run: at most 5000000")
}
