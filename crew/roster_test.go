package crew

import (
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
)

// fixture: the scenario starts at 20:00.
//
//	mob  (0): 10 members, night shift 22:00–06:00 (scenario hours 2–10,
//	          26–34, ...), 2 live in z1, 3 in z2, 2 vehicles.
//	loop (1): closed-loop at "plant", 6 members, 4 live in z1, 2 in z3.
//	day  (2): 8 members, day shift 08:00–18:00 (scenario hours 12–22, ...).
//	all  (3): 4 members, 24-hour duty, no absences of its own.
//
// Absences: 30% of every mobile team over [4, 10); 50% of mob from 6 to the
// end; 25% of loop over [0, 2); a zero share on day (no effect).
func fixture(t *testing.T) *Roster {
	t.Helper()
	r, err := New(Config{
		StartHour: 20,
		Teams: []Team{
			{ID: "mob", Size: 10, Vehicles: 2, Skills: []Skill{{Kind: network.Power}},
				Homes: []Home{{"z1", 2}, {"z2", 3}}, Shift: Shift{Start: 22, Hours: 8}},
			{ID: "loop", Size: 6, Site: "plant", Vehicles: 1,
				Homes: []Home{{"z1", 4}, {"z3", 2}}, Shift: Shift{Start: 8, Hours: 4}},
			{ID: "day", Size: 8, Shift: Shift{Start: 8, Hours: 10}},
			{ID: "all", Size: 4},
		},
		Absences: []Absence{
			{Share: 0.3, From: 4, To: 10},
			{Team: "mob", Share: 0.5, From: 6},
			{Team: "loop", Share: 0.25, From: 0, To: 2},
			{Team: "day", Share: 0, From: 1, To: 3},
		},
	})
	require.NoError(t, err)
	return r
}

func levels(sealed ...string) func(string) Level {
	return func(z string) Level {
		for _, s := range sealed {
			if s == z {
				return Sealed
			}
		}
		return Controlled
	}
}

func TestTeamsAndIndex(t *testing.T) {
	r := fixture(t)
	assert.Equal(t, 4, r.NumTeams())
	for i, id := range []string{"mob", "loop", "day", "all"} {
		k, ok := r.TeamIndex(id)
		assert.True(t, ok)
		assert.Equal(t, i, k)
		assert.Equal(t, id, r.Team(i).ID)
	}
	_, ok := r.TeamIndex("nobody")
	assert.False(t, ok)
	assert.True(t, r.Team(1).ClosedLoop())
	assert.False(t, r.Team(0).ClosedLoop())
	assert.PanicsWithValue(t, "crew: team index 4 out of range [0, 4)", func() { r.Team(4) })
	assert.PanicsWithValue(t, "crew: team index -1 out of range [0, 4)", func() { r.Available(-1, 0, nil, "") })
}

func TestAvailable(t *testing.T) {
	r := fixture(t)
	const mob, loop, day, all = 0, 1, 2, 3
	cases := []struct {
		name   string
		team   int
		now    float64
		sealed []string
		want   int
	}{
		// mob: on shift from hour 2 (22:00).
		{"mob before its shift", mob, 1, nil, 0},
		{"mob on shift, nobody absent", mob, 3, nil, 10},
		{"mob, z1 sealed: 2 stuck", mob, 3, []string{"z1"}, 8},
		{"mob, z1 and z2 sealed: 5 stuck", mob, 3, []string{"z1", "z2"}, 5},
		{"mob, sealed zone nobody lives in", mob, 3, []string{"z9"}, 10},
		// 10 × 0.3 = 3 absent exactly, despite 1 − 0.7 rounding above 0.3.
		{"mob, 30% absent", mob, 5, nil, 7},
		{"mob, 30% absent, z2 sealed", mob, 5, []string{"z2"}, 4},
		// 1 − 0.7 × 0.5 = 0.65; 6.5 absent rounds up to 7.
		{"mob, two absences", mob, 7, nil, 3},
		{"mob, two absences, z1 sealed", mob, 7, []string{"z1"}, 1},
		{"mob, two absences, all homes sealed: clamped", mob, 7, []string{"z1", "z2"}, 0},
		{"mob off shift at 06:00", mob, 10, nil, 0},
		{"mob, next night, 50% to the end", mob, 26, nil, 5},
		{"mob, long after", mob, 24*30 + 3, []string{"z1"}, 3},
		// loop: closed-loop, always on, immune to lockdowns and to the
		// absence for every team; 6 × 0.25 = 1.5 rounds up to 2.
		{"loop, own absence", loop, 1, nil, 4},
		{"loop, own absence, homes sealed", loop, 1, []string{"z1", "z3"}, 4},
		{"loop outside its shift field, all homes sealed", loop, 5, []string{"z1", "z3"}, 6},
		{"loop at night", loop, 10, nil, 6},
		// day: on 08:00–18:00 = scenario hours [12, 22).
		{"day before 08:00", day, 11.99, nil, 0},
		{"day at 08:00", day, 12, nil, 8},
		{"day at 18:00", day, 22, nil, 0},
		{"day, next morning", day, 36, nil, 8},
		{"all, 30% window: 1.2 absent rounds up to 2", all, 5, nil, 2},
		{"all, before the window", all, 3.99, nil, 4},
		{"all, window end is exclusive", all, 10, nil, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var lv func(string) Level
			if c.sealed != nil {
				lv = levels(c.sealed...)
			}
			assert.Equal(t, c.want, r.Available(c.team, c.now, lv, ""))
		})
	}
}

func TestAvailableClosedLoopSiteZone(t *testing.T) {
	// Hohhot: staff living in the sealed compounds ran the heat stations
	// inside them. The closed-loop team's members living in the site's
	// zone run the site; the others live on site too.
	r, err := New(Config{Teams: []Team{
		{ID: "station-7", Size: 5, Site: "hs7", Homes: []Home{{"compound", 3}, {"other", 2}}},
		{ID: "mobile", Size: 5, Homes: []Home{{"compound", 3}, {"other", 2}}},
	}})
	require.NoError(t, err)
	sealed := levels("compound", "other")
	assert.Equal(t, 5, r.Available(0, 0, sealed, "compound"))
	assert.Equal(t, 5, r.Available(0, 0, sealed, "elsewhere"))
	// A mobile team's members stuck at home cannot work even in their own
	// zone.
	assert.Equal(t, 0, r.Available(1, 0, sealed, "compound"))
	assert.Equal(t, 2, r.Available(1, 0, levels("compound"), "compound"))
}

func TestAvailableRounding(t *testing.T) {
	// Absent counts are rounded up, with a tolerance for rounding error.
	cases := []struct {
		size   int
		shares []float64
		want   int
	}{
		{10, []float64{0.1, 0.2}, 7},        // 1 − 0.9·0.8 = 0.28: 2.8 → 3 absent
		{10, []float64{0.5, 0.5}, 2},        // 0.75: 7.5 → 8 absent
		{7, []float64{1.0 / 7}, 6},          // exactly 1 absent
		{3, []float64{0.01}, 2},             // 0.03 → 1 absent
		{100, []float64{0.1, 0.1, 0.1}, 72}, // 0.271: 27.1 → 28 absent
		{4, []float64{1}, 0},
		{4, []float64{0}, 4},
	}
	for _, c := range cases {
		var abs []Absence
		for _, s := range c.shares {
			abs = append(abs, Absence{Share: s})
		}
		r, err := New(Config{Teams: []Team{{ID: "t", Size: c.size}}, Absences: abs})
		require.NoError(t, err)
		assert.Equal(t, c.want, r.Available(0, 0, nil, ""), "size %d shares %v", c.size, c.shares)
	}
}

func TestOnShift(t *testing.T) {
	r := fixture(t)
	// mob: 22:00–06:00 with the start at 20:00.
	for now, want := range map[float64]bool{
		0: false, 1.99: false, 2: true, 5: true, 9.99: true, 10: false, 25.9: false, 26: true, -20: true, -14: false,
		math.NaN(): false,
	} {
		assert.Equal(t, want, r.OnShift(0, now), "mob at %g", now)
	}
	assert.True(t, r.OnShift(1, 5), "closed-loop teams are always on")
	assert.True(t, r.OnShift(3, 17.3), "zero shift is 24-hour duty")
	assert.False(t, r.OnShift(2, 0))
}

func TestShiftAcrossMidnightFromMidnightStart(t *testing.T) {
	r, err := New(Config{Teams: []Team{{ID: "n", Size: 2, Shift: Shift{Start: 20, Hours: 10}}}})
	require.NoError(t, err)
	// 20:00–06:00 with the start at midnight: on over [0, 6) and [20, 30).
	assert.Equal(t, 2, r.Available(0, 0, nil, ""))
	assert.Equal(t, 2, r.Available(0, 5.5, nil, ""))
	assert.Equal(t, 0, r.Available(0, 6, nil, ""))
	assert.Equal(t, 0, r.Available(0, 19.5, nil, ""))
	assert.Equal(t, 2, r.Available(0, 20, nil, ""))
	assert.Equal(t, 2, r.Available(0, 29, nil, ""))
	assert.Equal(t, 0, r.Available(0, 30, nil, ""))
	assert.Equal(t, 6.0, r.NextChange(0, 0))
	assert.Equal(t, 20.0, r.NextChange(0, 6))
	assert.Equal(t, 30.0, r.NextChange(0, 20))
	assert.Equal(t, 44.0, r.NextChange(0, 30))
}

func TestNextChange(t *testing.T) {
	r := fixture(t)
	inf := math.Inf(1)
	cases := []struct {
		team      int
		now, want float64
	}{
		// mob: shift edges 2, 10, 26, 34, ...; absences at 4, 6 and 10.
		{0, 0, 2}, {0, 2, 4}, {0, 3.5, 4}, {0, 4, 6}, {0, 6, 10}, {0, 10, 26}, {0, 26, 34}, {0, -5, 2}, {0, -100, -94},
		// loop: no shift; its own absence over [0, 2).
		{1, -1, 0}, {1, 0, 2}, {1, 2, inf},
		// day: shift edges 12, 22, 36, ...; the 30% window [4, 10); the
		// zero-share absence is ignored.
		{2, 0, 4}, {2, 4, 10}, {2, 10, 12}, {2, 12, 22}, {2, 22, 36},
		// all: only the 30% window.
		{3, 0, 4}, {3, 4, 10}, {3, 10, inf},
		{3, math.NaN(), inf},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, r.NextChange(c.team, c.now), "team %d at %g", c.team, c.now)
	}
}

func TestTravel(t *testing.T) {
	r, err := New(Config{Travel: []TravelTime{{"a", "b", 1.5}, {"c", "b", 0.5}}})
	require.NoError(t, err)
	cases := []struct {
		from, to string
		want     float64
	}{
		{"a", "b", 1.5}, {"b", "a", 1.5},
		{"b", "c", 0.5}, {"c", "b", 0.5},
		{"a", "c", 1}, {"c", "a", 1}, // default
		{"a", "a", 0.25}, {"zz", "zz", 0.25}, // same zone default
		{"", "a", 1}, {"a", "", 1}, {"", "", 0.25},
		{"unknown", "a", 1},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, r.Travel(c.from, c.to), "%q→%q", c.from, c.to)
		assert.Equal(t, r.Travel(c.to, c.from), r.Travel(c.from, c.to), "symmetric %q↔%q", c.from, c.to)
	}

	r, err = New(Config{DefaultTravel: 2, SameZoneTravel: 0.1, Travel: []TravelTime{{"a", "b", 0.75}}})
	require.NoError(t, err)
	assert.Equal(t, 2.0, r.Travel("a", "c"))
	assert.Equal(t, 2.0, r.Travel("", "c"))
	assert.Equal(t, 0.1, r.Travel("c", "c"))
	assert.Equal(t, 0.75, r.Travel("b", "a"))
}

func TestEntry(t *testing.T) {
	r, err := New(Config{})
	require.NoError(t, err)
	type rule struct {
		forbidden bool
		delay     float64
	}
	get := func(l Level) rule { f, d := r.Entry(l); return rule{f, d} }
	assert.Equal(t, rule{false, 0}, get(Open))
	assert.Equal(t, rule{false, 0}, get(Precaution))
	assert.Equal(t, rule{false, 0}, get(Controlled))
	assert.Equal(t, rule{false, 2}, get(Sealed))
	assert.Equal(t, rule{false, 0}, get(Level(7)))
	assert.Equal(t, rule{false, 0}, get(Level(-1)))

	r, err = New(Config{Entry: []EntryRule{{Level: Sealed, Forbidden: true}, {Level: Controlled, Delay: 0.5}}})
	require.NoError(t, err)
	assert.Equal(t, rule{true, 0}, get(Sealed))
	assert.Equal(t, rule{false, 0.5}, get(Controlled))
	assert.Equal(t, rule{false, 0}, get(Precaution))

	r, err = New(Config{Entry: []EntryRule{{Level: Sealed, Delay: 4}}})
	require.NoError(t, err)
	assert.Equal(t, rule{false, 4}, get(Sealed))
}

func TestSlots(t *testing.T) {
	r := fixture(t)
	const mob, loop, day = 0, 1, 2
	cases := []struct {
		team, available, minSize, want int
	}{
		{mob, 10, 3, 2}, // 3 crews of 3, but 2 vehicles
		{mob, 5, 3, 1},  // one crew of 3
		{mob, 10, 0, 2}, // minSize 0 counts as 1; 2 vehicles
		{mob, 1, 1, 1},  // one member
		{mob, 2, 3, 0},  // too few for one job
		{mob, -1, 1, 0}, // negative available
		{loop, 6, 2, 3}, // closed-loop: vehicles ignored
		{day, 8, 3, 2},  // no vehicle limit
		{day, 8, -4, 8}, // negative minSize counts as 1
		{day, 0, 1, 0},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, r.Slots(c.team, c.available, c.minSize), "team %d available %d min %d", c.team, c.available, c.minSize)
	}
}

func TestCanDo(t *testing.T) {
	r := fixture(t)
	assert.True(t, r.CanDo(0, Skill{Kind: network.Power, Role: network.Station}))
	assert.True(t, r.CanDo(0, Skill{Role: network.Station}), "empty need kind matches")
	assert.False(t, r.CanDo(0, Skill{Kind: network.Heat}))
	assert.True(t, r.CanDo(2, Skill{Kind: network.Gas, Role: network.Source}), "no skills: anything")

	r2, err := New(Config{Teams: []Team{{ID: "t", Size: 1, Skills: []Skill{
		{Kind: network.Heat, Role: network.Station}, {Kind: network.Water},
	}}}})
	require.NoError(t, err)
	assert.True(t, r2.CanDo(0, Skill{Kind: network.Heat, Role: network.Station}))
	assert.False(t, r2.CanDo(0, Skill{Kind: network.Heat, Role: network.Source}))
	assert.True(t, r2.CanDo(0, Skill{Kind: network.Water, Role: network.Source}))
	assert.False(t, r2.CanDo(0, Skill{Kind: network.Power}))
}

func TestRosterConcurrentUse(t *testing.T) {
	r := fixture(t)
	var wg sync.WaitGroup
	sums := make([]int, 8)
	for g := range sums {
		wg.Go(func() {
			for k := range 500 {
				now := float64(k) * 0.25
				for i := range r.NumTeams() {
					sums[g] += r.Available(i, now, levels("z1"), "plant") + r.Slots(i, 5, 2)
					_ = r.NextChange(i, now)
				}
			}
		})
	}
	wg.Wait()
	for g := range sums {
		assert.Equal(t, sums[0], sums[g])
	}
}
