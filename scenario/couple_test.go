package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

func build(t *testing.T, kind network.Kind, name string, nodes []network.Node, links []network.Link) *network.Network {
	t.Helper()
	b := network.NewBuilder(kind)
	b.SetName(name)
	for _, n := range nodes {
		b.AddNode(n)
	}
	for _, l := range links {
		b.AddLink(l)
	}
	net, err := b.Build()
	require.NoError(t, err)
	return net
}

// Gas short by 20% derates a boiler room and its heat customers:
//
//	gas: gate 80 m³/h → boiler-fuel, whose demand is 0.1 m³/h per kW of
//	the 1000 kW boiler room = 100 m³/h: coverage 0.8;
//	heat: the boiler room runs at 800 kW for flats-a (600 kW) and flats-b
//	(400 kW, behind a 300 kW pipe). Max-min fair: flats-b is held at 0.75
//	by its pipe, flats-a gets the other 500 kW (0.8333).
//
// Over 10 h: heat ENS (100 + 100) × 10 = 2000 kWh. With the boiler room at
// full capacity only flats-b's pipe would limit: 100 kW × 10 h = 1000 kWh is
// direct, the other 1000 kWh is caused by gas. Gas ENS = 20 × 10 = 200 m³.
func TestCouplingCascade(t *testing.T) {
	gas := build(t, network.Gas, "gas",
		[]network.Node{
			{ID: "gate", Role: network.Source, Capacity: 80},
			{ID: "boiler-fuel", Role: network.Consumer, Demand: 1, Class: network.Essential},
		},
		[]network.Link{{ID: "g1", From: "gate", To: "boiler-fuel"}})
	heat := build(t, network.Heat, "heat",
		[]network.Node{
			{ID: "boiler-room", Role: network.Source, Capacity: 1000},
			{ID: "flats-a", Role: network.Consumer, Demand: 600, Customers: 100},
			{ID: "flats-b", Role: network.Consumer, Demand: 400, Customers: 50},
		},
		[]network.Link{
			{ID: "h1", From: "boiler-room", To: "flats-a"},
			{ID: "h2", From: "boiler-room", To: "flats-b", Capacity: 300},
		})
	sc := &scenario.Scenario{
		Horizon:   10,
		Utilities: []scenario.Utility{{ID: "gas", Net: gas}, {ID: "heat", Net: heat}},
		Couplings: []scenario.Coupling{{From: "gas", Consumer: "boiler-fuel", To: "heat", Asset: "boiler-room", Factor: 0.1}},
	}
	res := run(t, sc)
	g, _ := res.Net("gas")
	h, _ := res.Net("heat")
	assert.InDelta(t, 1000, g.Total.Demand, 1e-9) // 100 m³/h × 10 h
	assert.InDelta(t, 200, g.Total.ENS(), 1e-9)
	assert.InDelta(t, 0, g.Total.IndirectENS, 1e-9)
	assert.InDelta(t, 2000, h.Total.ENS(), 1e-6)
	assert.InDelta(t, 1000, h.Total.IndirectENS, 1e-6)
	assert.InDelta(t, 1000, h.Total.DirectENS(), 1e-6)
	res2 := h.ByClass[2] // residential
	assert.Equal(t, network.Residential, res2.Name)
	assert.InDelta(t, 1000, res2.IndirectENS, 1e-6)
	// Coverage per consumer: flats-a 500/600, flats-b 300/400.
	assert.InDelta(t, (500.0/600+0.75)/2, h.Total.ECS(10), 1e-9)
	assert.InDelta(t, 0.8, h.Total.PCS(), 1e-9)
}

// A ring of mutual dependencies: the gas compressor runs on power, the
// power plant on gas. The gate's 40 m³/h covers 0.8 of the plant's 50 m³/h
// fuel, so the plant gives 80 of 100 kW; proportional sharing gives the
// compressor 0.8 of its power, which still leaves its station 48 m³/h,
// above the 40 the gate sends: the cascade settles at 0.8 on both sides.
func TestCouplingRingConverges(t *testing.T) {
	power := build(t, network.Power, "power",
		[]network.Node{
			{ID: "plant", Role: network.Source, Capacity: 100},
			{ID: "compressor-load", Role: network.Consumer, Demand: 20},
			{ID: "homes", Role: network.Consumer, Demand: 80},
		},
		[]network.Link{{ID: "p1", From: "plant", To: "compressor-load"}, {ID: "p2", From: "plant", To: "homes"}})
	gas := build(t, network.Gas, "gas",
		[]network.Node{
			{ID: "gate", Role: network.Source, Capacity: 40},
			{ID: "compressor", Role: network.Station, Capacity: 60},
			{ID: "plant-fuel", Role: network.Consumer, Demand: 50},
		},
		[]network.Link{{ID: "g1", From: "gate", To: "compressor"}, {ID: "g2", From: "compressor", To: "plant-fuel"}})
	sc := &scenario.Scenario{
		Horizon: 5,
		Utilities: []scenario.Utility{
			{ID: "power", Net: power, Policy: supply.Proportional},
			{ID: "gas", Net: gas},
		},
		Couplings: []scenario.Coupling{
			{From: "gas", Consumer: "plant-fuel", To: "power", Asset: "plant"},
			{From: "power", Consumer: "compressor-load", To: "gas", Asset: "compressor"},
		},
	}
	res := run(t, sc)
	p, _ := res.Net("power")
	g, _ := res.Net("gas")
	assert.InDelta(t, 0.8, p.Total.PCS(), 1e-9)
	assert.InDelta(t, 0.8, g.Total.PCS(), 1e-9)
	assert.InDelta(t, 100, p.Total.IndirectENS, 1e-6) // all of power's 20 kW × 5 h
	assert.InDelta(t, 0, g.Total.IndirectENS, 1e-6)   // the gate limits gas on its own

	// A substation outage upstream shows up downstream: take the plant's
	// fuel line out for the first 2 h.
	sc.Outages = []scenario.Outage{{Network: "gas", Asset: "g2", At: 0, Duration: 2}}
	res = run(t, sc)
	p, _ = res.Net("power")
	assert.InDelta(t, 100*2+20*3, p.Total.ENS(), 1e-6)
	assert.InDelta(t, 100*2+20*3, p.Total.IndirectENS, 1e-6)
}

func TestCouplingErrors(t *testing.T) {
	gas := build(t, network.Gas, "gas",
		[]network.Node{{ID: "gate", Role: network.Source, Capacity: 80}, {ID: "fuel", Role: network.Consumer, Demand: 1}},
		[]network.Link{{ID: "g1", From: "gate", To: "fuel"}})
	heat := build(t, network.Heat, "heat",
		[]network.Node{{ID: "boiler", Role: network.Source, Capacity: 10}, {ID: "flats", Role: network.Consumer, Demand: 5}},
		[]network.Link{{ID: "h1", From: "boiler", To: "flats"}})
	sc := &scenario.Scenario{
		Horizon:   1,
		Utilities: []scenario.Utility{{ID: "gas", Net: gas}, {ID: "heat", Net: heat}},
		Couplings: []scenario.Coupling{
			{From: "gas", Consumer: "gate", To: "heat", Asset: "boiler"},
			{From: "gas", Consumer: "fuel", To: "heat", Asset: "flats"},
			{From: "gas", Consumer: "fuel", To: "gas", Asset: "gate"},
			{From: "gas", Consumer: "fuel", To: "heat", Asset: "boiler", Factor: -1},
			{From: "water", Consumer: "fuel", To: "heat", Asset: "boiler"},
		},
	}
	_, err := sc.Compile()
	require.Error(t, err)
	for _, want := range []string{
		`scenario: couplings[0]: consumer: "gate" is not a consumer of "gas"`,
		`scenario: couplings[1]: asset: "flats" is a consumer; couple a source, storage or station`,
		"scenario: couplings[2]: to: a utility cannot feed itself",
		"scenario: couplings[3]: factor: -1 is not a conversion factor > 0",
		`scenario: couplings[4]: from: unknown network "water"`,
	} {
		assert.Contains(t, err.Error(), want)
	}
}
