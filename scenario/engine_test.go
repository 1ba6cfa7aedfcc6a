package scenario_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// feeder: a source and one consumer of 50 kW with 10 customers in zone
// "town", joined by link "line".
func feeder(t *testing.T, kind network.Kind, nodeExtra func(*network.Builder)) *network.Network {
	t.Helper()
	b := network.NewBuilder(kind)
	b.AddZone(network.Zone{ID: "town"})
	b.AddZone(network.Zone{ID: "depot"})
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100, Zone: "town"})
	b.AddNode(network.Node{ID: "home", Role: network.Consumer, Demand: 50, Customers: 10, Zone: "town"})
	b.AddLink(network.Link{ID: "line", From: "src", To: "home"})
	if nodeExtra != nil {
		nodeExtra(b)
	}
	net, err := b.Build()
	require.NoError(t, err)
	return net
}

func roster(t *testing.T, cfg crew.Config) *crew.Roster {
	t.Helper()
	r, err := crew.New(cfg)
	require.NoError(t, err)
	return r
}

func run(t *testing.T, sc *scenario.Scenario) *scenario.Result {
	t.Helper()
	res, err := sc.Run(context.Background(), 1)
	require.NoError(t, err)
	return res
}

// One feeder, an outage of its line at 2 h, one crew 1 h away, a 3 h
// repair: the line is out from 2 h to 2+1+3 = 6 h. ENS = 50 kW × 4 h =
// 200 kWh; each of the 10 customers is interrupted once for 4 h: SAIFI 1,
// SAIDI 4 h, CAIDI 4 h, ASAI = 1 − 40/(10·10) = 0.6; restored after 4 h.
func TestOutageRepairedByCrew(t *testing.T) {
	net := feeder(t, network.Power, nil)
	sc := &scenario.Scenario{
		Horizon:   10,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Crew: roster(t, crew.Config{
			Teams:  []crew.Team{{ID: "crew1", Size: 4, Base: "depot"}},
			Travel: []crew.TravelTime{{From: "depot", To: "town", Hours: 1}},
		}),
		Outages: []scenario.Outage{{Asset: "line", At: 2, Repair: true, Work: crew.Fixed(3)}},
	}
	res := run(t, sc)
	n, ok := res.Net("power")
	require.True(t, ok)
	tot := n.Total
	assert.InDelta(t, 500, tot.Demand, 1e-9)
	assert.InDelta(t, 200, tot.ENS(), 1e-9)
	assert.InDelta(t, 0.6, tot.PCS(), 1e-12)
	assert.InDelta(t, 4, tot.EOH, 1e-9)
	assert.InDelta(t, 40, tot.CustomerHoursLost, 1e-9)
	assert.InDelta(t, 1, tot.SAIFI(), 1e-12)
	assert.InDelta(t, 4, tot.SAIDI(), 1e-12)
	assert.InDelta(t, 4, tot.CAIDI(), 1e-12)
	assert.InDelta(t, 0.6, tot.ASAI(10), 1e-12)
	assert.True(t, n.Restored)
	assert.InDelta(t, 2, n.FirstShortfall, 1e-12)
	assert.InDelta(t, 4, n.TimeToRestore, 1e-12)
	assert.InDelta(t, 4, n.LossOfLoadHours, 1e-12)
	// No critical consumer: critical coverage stays 1.
	assert.Equal(t, 1.0, n.MinCriticalCoverage)
	// Economic loss: 200 kWh × residential VoLL 10 = 2000.
	assert.Equal(t, "2000", tot.ValueLost.String())
	// Crew: one task, 1 h wait (travel), 4 members × 10 h available, one
	// member busy 4 h (travel and repair).
	assert.Equal(t, 1, res.Crew.Tasks)
	assert.Equal(t, 1, res.Crew.Completed)
	assert.InDelta(t, 1, res.Crew.MeanWait(), 1e-12)
	assert.InDelta(t, 40, res.Crew.AvailableHours, 1e-9)
	assert.InDelta(t, 4, res.Crew.BusyHours, 1e-9)
	// Timeline: hours 2..5 lost, the rest served.
	tl := n.Timeline
	require.Len(t, tl.Coverage, 10)
	for h, c := range tl.Coverage {
		want := 1.0
		if h >= 2 && h < 6 {
			want = 0
		}
		assert.InDelta(t, want, c, 1e-12, "hour %d", h)
	}
}

// A sealed zone that forbids entry keeps a failed station down until the
// lockdown lifts: the station fails at 1 h, the compound is sealed from 0 to
// 8 h, the crew (1 h away) enters at 8 h, arrives at 9 h, repairs in 2 h:
// back at 11 h; 10 h without supply.
func TestSealedZoneForbidsEntry(t *testing.T) {
	b := network.NewBuilder(network.Heat)
	b.AddZone(network.Zone{ID: "compound"})
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "hx", Role: network.Station, Capacity: 80, Zone: "compound"})
	b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 40, Customers: 100, Zone: "compound"})
	b.AddLink(network.Link{ID: "p1", From: "plant", To: "hx"})
	b.AddLink(network.Link{ID: "p2", From: "hx", To: "flats"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{
		Horizon:   24,
		Utilities: []scenario.Utility{{ID: "heat", Net: net}},
		Crew: roster(t, crew.Config{
			Teams:         []crew.Team{{ID: "t", Size: 2}},
			DefaultTravel: 1,
			Entry:         []crew.EntryRule{{Level: crew.Sealed, Forbidden: true}},
		}),
		Lockdowns: []scenario.Lockdown{{Zone: "compound", Level: crew.Sealed, From: 0, To: 8, DemandFactor: 1}},
		Outages:   []scenario.Outage{{Asset: "hx", At: 1, Repair: true, Work: crew.Fixed(2)}},
	}
	res := run(t, sc)
	n := res.Networks[0]
	assert.InDelta(t, 40*10, n.Total.ENS(), 1e-9)
	assert.InDelta(t, 1, n.FirstShortfall, 1e-12)
	assert.InDelta(t, 10, n.TimeToRestore, 1e-12)
	// Fault at 1 h, work starts at 9 h.
	assert.InDelta(t, 8, res.Crew.MeanWait(), 1e-12)
}

// A closed-loop team keeps its plant running while every other member of
// staff is absent; without it, the sealed plant stops.
func TestClosedLoopTeamKeepsPlantRunning(t *testing.T) {
	build := func() *network.Network {
		b := network.NewBuilder(network.Water)
		b.AddZone(network.Zone{ID: "plant-site"})
		b.AddNode(network.Node{ID: "works", Role: network.Source, Capacity: 100, Zone: "plant-site", NeedsOperators: true})
		b.AddNode(network.Node{ID: "city", Role: network.Consumer, Demand: 60, Customers: 1000})
		b.AddLink(network.Link{ID: "main", From: "works", To: "city"})
		net, err := b.Build()
		require.NoError(t, err)
		return net
	}
	for _, withTeam := range []bool{true, false} {
		teams := []crew.Team{{ID: "mobile", Size: 10}}
		if withTeam {
			teams = append(teams, crew.Team{ID: "onsite", Size: 6, Site: "works", Homes: []crew.Home{{Zone: "plant-site", Count: 6}}})
		}
		sc := &scenario.Scenario{
			Horizon:   48,
			Utilities: []scenario.Utility{{ID: "water", Net: build()}},
			Crew: roster(t, crew.Config{Teams: teams,
				Absences: []crew.Absence{{Share: 1, From: 0, To: 48}}}),
			Lockdowns: []scenario.Lockdown{{Zone: "plant-site", Level: crew.Sealed, From: 0, To: 48}},
		}
		res := run(t, sc)
		n := res.Networks[0]
		if withTeam {
			assert.InDelta(t, 60*48, n.Total.Served, 1e-9)
			assert.Equal(t, 1.0, n.Total.PCS())
		} else {
			assert.InDelta(t, 0, n.Total.Served, 1e-9)
			assert.InDelta(t, 48, n.LossOfLoadHours, 1e-12)
		}
	}
}

// Storage of 25 m³ discharging up to 10 m³/h feeds 8 m³/h alone: it runs
// dry at 25/8 = 3.125 h, after which nothing is served.
func TestStorageRunsDry(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 10, Level: 25, MaxLevel: 30})
	b.AddNode(network.Node{ID: "block", Role: network.Consumer, Demand: 8, Customers: 5})
	b.AddLink(network.Link{ID: "pipe", From: "tank", To: "block"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{Horizon: 6, Utilities: []scenario.Utility{{ID: "w", Net: net}}}
	res := run(t, sc)
	n := res.Networks[0]
	require.Len(t, n.Storage, 1)
	st := n.Storage[0]
	assert.InDelta(t, 3.125, st.DryAt, 1e-12)
	assert.InDelta(t, 0, st.End, 1e-12)
	assert.InDelta(t, 6-3.125, st.DryHours, 1e-12)
	assert.InDelta(t, 25, n.Total.Served, 1e-9)
	assert.InDelta(t, 8*(6-3.125), n.Total.ENS(), 1e-9)
	assert.InDelta(t, 3.125, n.FirstShortfall, 1e-12)
	assert.False(t, n.Restored)

	// A delivery of 16 m³ at 4 h refills it: dry 3.125–4, then 2 h more
	// supply, dry again at 6 h = the horizon.
	sc.Deliveries = []scenario.Delivery{{Storage: "tank", At: 4, Amount: 16}}
	res = run(t, sc)
	n = res.Networks[0]
	assert.InDelta(t, 25+16, n.Total.Served, 1e-9)
	assert.InDelta(t, 0.875, n.Storage[0].DryHours, 1e-9)
}

// A heat consumer without supply at −10 °C outdoors cools as
// T(t) = −10 + 28·e^(−t/40) from 18 °C: below 16 °C after
// 40·ln(28/26) h. Its demand follows the degree-hour method:
// 40 kW × (18 − (−10))/(18 − (−20)).
func TestIndoorTemperatureDecay(t *testing.T) {
	b := network.NewBuilder(network.Heat)
	b.AddNode(network.Node{ID: "boiler", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 40, Customers: 50})
	b.AddLink(network.Link{ID: "p", From: "boiler", To: "flats"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{
		Horizon:   24,
		Utilities: []scenario.Utility{{ID: "heat", Net: net}},
		Weather:   &scenario.Weather{Outdoor: []float64{-10}, Design: -20, TimeConstant: 40},
		Outages:   []scenario.Outage{{Asset: "boiler", At: 0}},
	}
	res := run(t, sc)
	n := res.Networks[0]
	wantMin := -10 + 28*math.Exp(-24.0/40)
	assert.InDelta(t, wantMin, n.MinIndoor, 1e-9)
	cross := 40 * math.Log(28.0/26)
	assert.InDelta(t, 50*(24-cross), n.ColdCustomerHours, 1e-6)
	assert.Equal(t, 50, n.PeakColdCustomers)
	q := 40 * 28.0 / 38
	assert.InDelta(t, q*24, n.Total.Demand, 1e-9)
	// Mean indoor temperature over the first hour: the integral of T over
	// [0, 1] divided by 1.
	mean0 := -10 + 28*40*(1-math.Exp(-1.0/40))
	assert.InDelta(t, mean0, n.Timeline.MeanIndoor[0], 1e-9)
}
