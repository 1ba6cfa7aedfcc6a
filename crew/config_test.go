package crew

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewReportsEveryProblem(t *testing.T) {
	nan := math.NaN()
	cfg := Config{
		StartHour:      24,
		DefaultTravel:  -1,
		SameZoneTravel: nan,
		Teams: []Team{
			{ID: "", Size: 1},
			{ID: "t1", Size: 3},
			{ID: "t1", Size: 3},
			{ID: "t3", Size: -2, Vehicles: -1},
			{ID: "t4", Size: 0},
			{
				ID:     "t5",
				Size:   4,
				Skills: []Skill{{Kind: "power"}, {Kind: "steam", Role: "pump"}},
				Homes:  []Home{{Zone: "", Count: 2}, {Zone: "z1", Count: -1}},
				Shift:  Shift{Start: 25, Hours: -1},
			},
			{
				ID:    "t6",
				Size:  5,
				Homes: []Home{{Zone: "z1", Count: 4}, {Zone: "z2", Count: 2}},
				Shift: Shift{Start: nan, Hours: nan},
			},
		},
		Absences: []Absence{
			{Team: "t9", Share: 1.5, From: nan, To: nan},
			{Share: nan},
			{Team: "t1", Share: -0.1},
		},
		Travel: []TravelTime{
			{From: "a", To: "b", Hours: 1},
			{From: "b", To: "a", Hours: -0.5},
			{From: "", To: "a", Hours: nan},
			{From: "c", To: "c", Hours: math.Inf(1)},
		},
		Entry: []EntryRule{
			{Level: Sealed, Delay: 3},
			{Level: Sealed, Delay: -1},
			{Level: 9},
			{Level: Controlled, Delay: nan},
			{Level: Precaution, Delay: math.Inf(1)},
		},
	}
	want := []string{
		`crew: config: start_hour: value 24 outside [0, 24)`,
		`crew: config: default_travel: -1 is negative; want a travel time ≥ 0 h`,
		`crew: config: same_zone_travel: not a number`,
		`crew: team 0: id: empty ID`,
		`crew: team "t1": id: duplicate team ID (teams 1 and 2)`,
		`crew: team "t3": size: -2 is negative; want a number of members ≥ 1`,
		`crew: team "t3": vehicles: -1 is negative; want a number of vehicles ≥ 0 (0: no limit)`,
		`crew: team "t4": size: a team needs at least 1 member`,
		`crew: team "t5": skills[1].kind: unknown kind "steam" (want power, heat, water or gas)`,
		`crew: team "t5": skills[1].role: unknown role "pump" (want source, station, storage, junction or consumer)`,
		`crew: team "t5": homes[0].zone: empty zone`,
		`crew: team "t5": homes[1].count: -1 is negative; want a number of members ≥ 0`,
		`crew: team "t5": shift.start: value 25 outside [0, 24)`,
		`crew: team "t5": shift.hours: -1 is negative; want hours ≥ 0 (0: always on duty)`,
		`crew: team "t6": homes: counts sum to 6, above size 5`,
		`crew: team "t6": shift.start: not a number`,
		`crew: team "t6": shift.hours: not a number`,
		`crew: absence 0: team: unknown team "t9" (the teams are "t1", "t3", "t4", "t5", "t6")`,
		`crew: absence 0: share: value 1.5 outside [0, 1]`,
		`crew: absence 0: from: not a number`,
		`crew: absence 0: to: not a number`,
		`crew: absence 1: share: not a number`,
		`crew: absence 2: share: value -0.1 outside [0, 1]`,
		`crew: travel 1: to: duplicate pair "b"–"a" (also travel 0)`,
		`crew: travel 1: hours: -0.5 is negative; want a travel time ≥ 0 h`,
		`crew: travel 2: from: empty zone ("" is outside every zone and uses default_travel)`,
		`crew: travel 2: hours: not a number`,
		`crew: travel 3: to: same zone "c" as from (travel within a zone is same_zone_travel)`,
		`crew: travel 3: hours: infinite value`,
		`crew: entry 1: level: duplicate rule for level sealed (also entry 0)`,
		`crew: entry 1: delay: -1 is negative; want a delay ≥ 0 h`,
		`crew: entry 2: level: unknown level 9 (want 0..3, open to sealed)`,
		`crew: entry 3: delay: not a number`,
		`crew: entry 4: delay: infinite value`,
	}

	r, err := New(cfg)
	require.Error(t, err)
	assert.Nil(t, r)
	assert.Equal(t, strings.Join(want, "\n"), err.Error())
	assert.ErrorIs(t, err, ErrInvalid)

	ps := Problems(err)
	require.Len(t, ps, len(want))
	for i, p := range ps {
		assert.Equal(t, want[i], p.Error(), "problem %d", i)
	}
	assert.Equal(t, &FieldError{Element: "team", Index: 3, ID: "t3", Field: "size", Msg: "-2 is negative; want a number of members ≥ 1"}, ps[5])
	assert.Equal(t, &FieldError{Element: "config", Index: -1, Field: "start_hour", Msg: "value 24 outside [0, 24)"}, ps[0])

	var fe *FieldError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "start_hour", fe.Field)
}

func TestNewSingleProblems(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"negative start hour", Config{StartHour: -0.5}, `crew: config: start_hour: value -0.5 outside [0, 24)`},
		{"infinite default travel", Config{DefaultTravel: math.Inf(1)}, `crew: config: default_travel: infinite value`},
		{"blank ID", Config{Teams: []Team{{ID: "a", Size: 1}, {ID: "  ", Size: 1}}}, `crew: team "  ": id: empty ID`},
		{"homes above size", Config{Teams: []Team{{ID: "a", Size: 2, Homes: []Home{{"z", 3}}}}}, `crew: team "a": homes: counts sum to 3, above size 2`},
		{"unknown skill role only", Config{Teams: []Team{{ID: "a", Size: 1, Skills: []Skill{{Role: "valve"}}}}}, `crew: team "a": skills[0].role: unknown role "valve" (want source, station, storage, junction or consumer)`},
		{"negative level", Config{Entry: []EntryRule{{Level: -1}}}, `crew: entry 0: level: unknown level -1 (want 0..3, open to sealed)`},
		{"empty travel to", Config{Travel: []TravelTime{{From: "a", Hours: 1}}}, `crew: travel 0: to: empty zone ("" is outside every zone and uses default_travel)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(c.cfg)
			require.Error(t, err)
			assert.Equal(t, c.want, err.Error())
			assert.ErrorIs(t, err, ErrInvalid)
		})
	}
}

func TestNewAcceptsEdgeValues(t *testing.T) {
	r, err := New(Config{
		StartHour: 23.5,
		Teams: []Team{
			// Homes summing exactly to Size, a shift longer than a day,
			// an empty skill, a closed-loop team with vehicles.
			{ID: "a", Size: 3, Homes: []Home{{"z1", 1}, {"z1", 2}}, Shift: Shift{Start: 0, Hours: math.Inf(1)}, Skills: []Skill{{}}},
			{ID: "b", Size: 1, Site: "plant", Vehicles: 4},
		},
		Absences: []Absence{{Share: 0}, {Team: "b", Share: 1, From: math.Inf(-1), To: math.Inf(1)}},
		Travel:   []TravelTime{{From: "x", To: "y", Hours: 0}},
		Entry:    []EntryRule{{Level: Open, Delay: 0}, {Level: Sealed, Forbidden: true}},
	})
	require.NoError(t, err)
	assert.Equal(t, 2, r.NumTeams())
	assert.Equal(t, 23.5, r.StartHour())
	assert.Equal(t, 0.0, r.Travel("y", "x"))
	assert.Equal(t, ImpactFirst{}, r.Policy())
}

func TestEmptyConfig(t *testing.T) {
	r, err := New(Config{})
	require.NoError(t, err)
	assert.Equal(t, 0, r.NumTeams())
	_, ok := r.TeamIndex("")
	assert.False(t, ok)
	assert.Nil(t, Problems(nil))
}

func TestNewCopiesConfig(t *testing.T) {
	cfg := Config{Teams: []Team{{ID: "a", Size: 4, Homes: []Home{{"z", 2}}, Skills: []Skill{{Kind: "gas"}}}}}
	r, err := New(cfg)
	require.NoError(t, err)
	cfg.Teams[0].Homes[0].Count = 4
	cfg.Teams[0].Skills[0].Kind = "power"
	cfg.Teams[0].Size = 1

	got := r.Team(0)
	assert.Equal(t, Team{ID: "a", Size: 4, Homes: []Home{{"z", 2}}, Skills: []Skill{{Kind: "gas"}}}, got)
	got.Homes[0].Zone = "changed"
	assert.Equal(t, "z", r.Team(0).Homes[0].Zone)
	sealed := func(string) Level { return Sealed }
	assert.Equal(t, 2, r.Available(0, 0, sealed, ""))
}

// An unknown team suggests the nearest, or lists the teams.
func TestUnknownTeamMessage(t *testing.T) {
	_, err := New(Config{
		Teams:    []Team{{ID: "lines-crew", Size: 2}, {ID: "subs", Size: 2}},
		Absences: []Absence{{Team: "line-crew", Share: 0.5}, {Team: "cable", Share: 0.5}},
	})
	require.Error(t, err)
	assert.Equal(t, `crew: absence 0: team: unknown team "line-crew"; did you mean "lines-crew"?`+"\n"+
		`crew: absence 1: team: unknown team "cable" (the teams are "lines-crew", "subs")`, err.Error())
}
