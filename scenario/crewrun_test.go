package scenario_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// radialFeeder is a grid of 100 kW feeding one 50 kW consumer (10
// customers) over link "line"; nothing sits in a zone, so every trip takes
// the default travel time.
func radialFeeder(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: 50, Customers: 10})
	b.AddLink(network.Link{ID: "line", From: "grid", To: "load"})
	net, err := b.Build()
	require.NoError(t, err)
	return net
}

// Absent staff do no work. A team of 2, every member absent from 3 h; the
// line fails at 1 h and its repair needs both for 6 h. The team sets off
// at 1 h, arrives at 2 h (default travel 1 h), works 1 h and stops at 3 h
// when both go absent: the repair is not done and the line stays out to
// the horizon (12 h). Member-hours: 2 × 3 = 6 available, 2 × (1 travel +
// 1 work) = 4 busy: 66.7%, never above 100%.
func TestAbsentStaffStopWork(t *testing.T) {
	sc := &scenario.Scenario{
		Horizon:   12,
		Utilities: []scenario.Utility{{ID: "p", Net: radialFeeder(t)}},
		Crew: roster(t, crew.Config{
			Teams:    []crew.Team{{ID: "t", Size: 2, Base: "depot"}},
			Absences: []crew.Absence{{Share: 1, From: 3}},
		}),
		Outages: []scenario.Outage{{Asset: "line", At: 1, Repair: true, Work: crew.Fixed(6), MinCrew: 2}},
	}
	res := run(t, sc)
	c := res.Crew
	assert.InDelta(t, 6, c.AvailableHours, 1e-9)
	assert.InDelta(t, 4, c.BusyHours, 1e-9)
	assert.InDelta(t, 4.0/6, c.UtilisationTotal(), 1e-12)
	assert.Equal(t, 1, c.Tasks)
	assert.Equal(t, 1, c.Started)
	assert.Equal(t, 0, c.Completed)
	assert.Equal(t, 1, c.Stopped)
	n := res.Networks[0]
	assert.InDelta(t, 50*11, n.Total.ENS(), 1e-9)
	assert.False(t, n.Restored)
	for b, u := range c.Utilisation {
		want := 0.0
		if b == 1 || b == 2 { // hours 1–3 of 0–3 available
			want = 1
		}
		assert.InDelta(t, want, u, 1e-12, "hour %d", b)
	}
}

// A job stopped by absences passes to a team that can take it, with the
// work done kept. Team a (2, absent from 3 h) sets off at 1 h, works
// 2–3 h and stops with 5 h left; team b (2, on shift 04:00–12:00) sets off
// at 4 h, arrives at 5 h and finishes at 10 h. The line is out 1–10 h:
// ENS 50 × 9 = 450 kWh. Busy 2 × 2 (a) + 2 × 6 (b) = 16 member-hours of
// 2 × 3 + 2 × 8 = 22 available.
func TestStoppedJobPassesToAnotherTeam(t *testing.T) {
	sc := &scenario.Scenario{
		Horizon:   12,
		Utilities: []scenario.Utility{{ID: "p", Net: radialFeeder(t)}},
		Crew: roster(t, crew.Config{
			Teams: []crew.Team{
				{ID: "a", Size: 2, Base: "depot"},
				{ID: "b", Size: 2, Base: "depot", Shift: crew.Shift{Start: 4, Hours: 8}},
			},
			Absences: []crew.Absence{{Team: "a", Share: 1, From: 3}},
		}),
		Outages: []scenario.Outage{{Asset: "line", At: 1, Repair: true, Work: crew.Fixed(6), MinCrew: 2}},
	}
	res := run(t, sc)
	c := res.Crew
	n := res.Networks[0]
	assert.InDelta(t, 450, n.Total.ENS(), 1e-9)
	assert.True(t, n.Restored)
	assert.InDelta(t, 9, n.TimeToRestore, 1e-12)
	assert.InDelta(t, 22, c.AvailableHours, 1e-9)
	assert.InDelta(t, 16, c.BusyHours, 1e-9)
	assert.Equal(t, 1, c.Completed)
	assert.Equal(t, 1, c.Stopped)
	assert.Equal(t, 1, c.Started)
	assert.InDelta(t, 1, c.MeanWait(), 1e-12) // first arrival at 2 h
	assert.InDelta(t, 9, c.LongestRepair, 1e-12)
}

// A shift ending stops the work and the same team resumes it on its next
// shift, travelling again. Shift 00:00–04:00, team of 3, a 6 h repair
// needing 2: the line fails at 1 h; day 1 the team arrives at 2 h and
// works to 4 h (4 h left); day 2 it sets off at 24 h, arrives at 25 h and
// works to 28 h (1 h left); day 3 it arrives at 49 h and finishes at
// 50 h. Out 1–50 h: ENS 50 × 49 = 2450 kWh. Member-hours: 3 × 4 × 3 = 36
// available (the horizon is 54 h), 2 × (3 + 4 + 2) = 18 busy.
func TestShiftEndStopsWork(t *testing.T) {
	sc := &scenario.Scenario{
		Horizon:   54,
		Utilities: []scenario.Utility{{ID: "p", Net: radialFeeder(t)}},
		Crew: roster(t, crew.Config{
			Teams: []crew.Team{{ID: "t", Size: 3, Base: "depot", Shift: crew.Shift{Start: 0, Hours: 4}}},
		}),
		Outages: []scenario.Outage{{Asset: "line", At: 1, Repair: true, Work: crew.Fixed(6), MinCrew: 2}},
	}
	res := run(t, sc)
	n := res.Networks[0]
	assert.InDelta(t, 50*49, n.Total.ENS(), 1e-9)
	c := res.Crew
	assert.InDelta(t, 36, c.AvailableHours, 1e-9)
	assert.InDelta(t, 18, c.BusyHours, 1e-9)
	assert.Equal(t, 2, c.Stopped)
	assert.Equal(t, 1, c.Completed)
	assert.InDelta(t, 49, c.LongestRepair, 1e-12)
}

// Over random rosters (sizes, shifts, absences, members living in a
// sealed zone) and random faults, busy member-hours never exceed
// available ones, in total or in any hour.
func TestUtilisationNeverAboveOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "z"})
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 1000})
	for i := range 6 {
		id := string(rune('a' + i))
		b.AddNode(network.Node{ID: "s" + id, Role: network.Station, Capacity: 100, Zone: "z"})
		b.AddNode(network.Node{ID: "c" + id, Role: network.Consumer, Demand: 50, Customers: 10, Zone: "z"})
		b.AddLink(network.Link{ID: "f" + id, From: "grid", To: "s" + id})
		b.AddLink(network.Link{ID: "d" + id, From: "s" + id, To: "c" + id})
	}
	net, err := b.Build()
	require.NoError(t, err)
	for it := range 200 {
		var teams []crew.Team
		for k := range 1 + rng.IntN(3) {
			size := 1 + rng.IntN(4)
			tm := crew.Team{ID: string(rune('A' + k)), Size: size, Base: "depot", Vehicles: rng.IntN(3)}
			if rng.IntN(2) == 0 {
				tm.Shift = crew.Shift{Start: float64(rng.IntN(24)), Hours: float64(4 + rng.IntN(12))}
			}
			if rng.IntN(2) == 0 {
				tm.Homes = []crew.Home{{Zone: "z", Count: rng.IntN(size + 1)}}
			}
			teams = append(teams, tm)
		}
		var abs []crew.Absence
		for range rng.IntN(4) {
			from := rng.Float64() * 48
			abs = append(abs, crew.Absence{Share: rng.Float64(), From: from, To: from + rng.Float64()*24})
		}
		sc := &scenario.Scenario{
			Horizon:   72,
			Utilities: []scenario.Utility{{ID: "p", Net: net}},
			Crew:      roster(t, crew.Config{Teams: teams, Absences: abs, Travel: []crew.TravelTime{{From: "depot", To: "z", Hours: 0.5}}}),
			Lockdowns: []scenario.Lockdown{{Zone: "z", Level: crew.Sealed, From: rng.Float64() * 24, To: 24 + rng.Float64()*48}},
			Faults: []scenario.FaultModel{
				{Role: network.Station, Rate: 200, Repair: crew.Exponential(5), MinCrew: 1 + rng.IntN(2)},
				{Links: true, Rate: 100, Repair: crew.LogNormal(3, 0.8)},
			},
		}
		p, err := sc.Compile()
		require.NoError(t, err)
		res, err := p.NewRun(uint64(it)).RunContext(t.Context())
		require.NoError(t, err)
		c := res.Crew
		require.LessOrEqual(t, c.BusyHours, c.AvailableHours*(1+1e-12)+1e-9, "instance %d", it)
		for h, u := range c.Utilisation {
			require.LessOrEqual(t, u, 1+1e-9, "instance %d hour %d", it, h)
		}
		require.LessOrEqual(t, c.Completed, c.Tasks)
	}
}

// A link's repair takes place in the link's own zone if it has one, else
// in the stricter zone of its two ends. A feeder runs from an unzoned
// substation into compound "c"; it fails at 1 h and needs 3 h of work.
// The team's base is "depot"; every trip between two zones, or a zone
// and outside, takes 1 h.
//   - c open: the repair is in c (the From end has no zone): arrives at
//     2 h, done at 5 h, 4 h out.
//   - c sealed (entry delay 2 h): in c, with the delay: arrives at 4 h,
//     done at 7 h, 6 h out. (Placed at the From end, as before, there was
//     no delay.)
//   - c sealed, entry forbidden, lockdown lifted at 10 h: arrives at 11 h,
//     done at 14 h, 13 h out.
//   - c sealed but the feeder lies in zone "depot" of its own: same-zone
//     travel 0.25 h: done at 4.25 h, 3.25 h out.
func TestLinkRepairPlacement(t *testing.T) {
	build := func(linkZone string) *network.Network {
		b := network.NewBuilder(network.Power)
		b.AddZone(network.Zone{ID: "c"})
		b.AddZone(network.Zone{ID: "depot"})
		b.AddNode(network.Node{ID: "sub", Role: network.Source, Capacity: 100})
		b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 10, Customers: 1, Zone: "c"})
		b.AddLink(network.Link{ID: "feeder", From: "sub", To: "flats", Zone: linkZone})
		net, err := b.Build()
		require.NoError(t, err)
		return net
	}
	for _, tc := range []struct {
		name      string
		linkZone  string
		lock      []scenario.Lockdown
		forbidden bool
		out       float64
	}{
		{"open", "", nil, false, 4},
		{"sealed", "", []scenario.Lockdown{{Zone: "c", Level: crew.Sealed, DemandFactor: 1}}, false, 6},
		{"forbidden", "", []scenario.Lockdown{{Zone: "c", Level: crew.Sealed, To: 10, DemandFactor: 1}}, true, 13},
		{"own zone", "depot", []scenario.Lockdown{{Zone: "c", Level: crew.Sealed, DemandFactor: 1}}, false, 3.25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := crew.Config{Teams: []crew.Team{{ID: "t", Size: 2, Base: "depot"}}}
			if tc.forbidden {
				cfg.Entry = []crew.EntryRule{{Level: crew.Sealed, Forbidden: true}}
			}
			sc := &scenario.Scenario{
				Horizon:   24,
				Utilities: []scenario.Utility{{ID: "p", Net: build(tc.linkZone)}},
				Crew:      roster(t, cfg),
				Lockdowns: tc.lock,
				Outages:   []scenario.Outage{{Asset: "feeder", At: 1, Repair: true, Work: crew.Fixed(3)}},
			}
			n := run(t, sc).Networks[0]
			assert.InDelta(t, 10*tc.out, n.Total.ENS(), 1e-9)
			assert.InDelta(t, tc.out, n.TimeToRestore, 1e-12)
		})
	}
}
