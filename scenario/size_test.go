package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// sizeNet is a grid feeding ten critical consumers (hospitals of 50 kW)
// through a station each: three stations out put critical coverage at
// 70%, below 80%.
func sizeNet(t *testing.T) *network.Network {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 10000})
	for i := range 10 {
		s, c := fmt.Sprintf("s%d", i), fmt.Sprintf("h%d", i)
		b.AddNode(network.Node{ID: s, Role: network.Station, Capacity: 100})
		b.AddNode(network.Node{ID: c, Role: network.Consumer, Demand: 50, Customers: 10, Class: "critical"})
		b.AddLink(network.Link{ID: "f" + s, From: "grid", To: s})
		b.AddLink(network.Link{ID: "d" + s, From: s, To: c})
	}
	net, err := b.Build()
	require.NoError(t, err)
	return net
}

// sizeScenario: 30 days of station faults, 100 per station-year, each a
// repair of about 4 h (lognormal) needing two members, for the crews of
// cfg. Measured over 200 trials, the risk that critical coverage stays
// below 80% for more than 6 h falls with teams of two as 1, 0.58, 0.07,
// 0.01, 0.005, 0 (0 to 5 teams).
func sizeScenario(t *testing.T, cfg crew.Config) *scenario.Scenario {
	ro, err := crew.New(cfg)
	require.NoError(t, err)
	return &scenario.Scenario{Horizon: 720, Utilities: []scenario.Utility{{ID: "power", Net: sizeNet(t)}}, Crew: ro,
		Faults:        []scenario.FaultModel{{Role: network.Station, Rate: 100, Repair: crew.LogNormal(4, 0.3), MinCrew: 2}},
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.8, Duration: 6}}}
}

func mustTarget(t *testing.T, s string) scenario.Target {
	t.Helper()
	tg, err := scenario.ParseTarget(s)
	require.NoError(t, err)
	return tg
}

// confirmRisk runs a study of its own (another seed) of the variant with
// count crews and returns the Wilson interval of its service risk.
func confirmRisk(t *testing.T, sz scenario.Sizing, count int, seed uint64, trials int) (p, lo, hi float64) {
	t.Helper()
	v, err := sz.Variant(count)
	require.NoError(t, err)
	plan := compile(t, v)
	sum, err := scenario.Study{Plan: plan, Seed: seed, Trials: trials}.Run(context.Background())
	require.NoError(t, err)
	require.Equal(t, []scenario.ServiceLevel{{Level: 0.8, Duration: 6}}, sum.ServiceLevels())
	p, _ = sum.ServiceRisk(0)
	lo, hi = sum.ServiceRiskInterval(0)
	return p, lo, hi
}

// The sizing answer N meets the target and N − 1 does not, each confirmed
// by a separate study with another seed; the search stops early where the
// verdict is clear.
func TestSizeCrewsCopies(t *testing.T) {
	sc := sizeScenario(t, crew.Config{Teams: []crew.Team{{ID: "r", Size: 2}}})
	sz := scenario.Sizing{Scenario: sc, Team: "r", Max: 8, Trials: 400,
		Targets: []scenario.Target{mustTarget(t, "critical below 80% for more than 6 h: at most 20%")}}
	res, err := scenario.SizeCrews(context.Background(), sz)
	require.NoError(t, err)
	require.True(t, res.Found)
	assert.Equal(t, 2, res.Answer)
	assert.True(t, res.Confirmed)
	assert.True(t, res.Monotone)
	// α = 0.05/(V·L·T): V = 2 + ⌈log₂ 8⌉ = 5 counts, looks at 50, 100,
	// 200 and 400 trials, one target.
	assert.InDelta(t, 0.05/(5*4), res.LookAlpha, 1e-15)
	var counts []int
	for _, p := range res.Points {
		counts = append(counts, p.Count)
		t.Logf("%d teams: %s after %d trials, risk %.3f [%.3f, %.3f], bounds [%.4f, %.4f]", p.Count, p.Verdict, p.Trials,
			p.Estimates[0].Estimate, p.Estimates[0].CI95Low, p.Estimates[0].CI95High, p.Estimates[0].Lower, p.Estimates[0].Upper)
	}
	// Max, Min, then bisection: 4, 2, 1.
	assert.Equal(t, []int{0, 1, 2, 4, 8}, counts)
	p8, _ := res.Point(8)
	assert.Equal(t, scenario.Meets, p8.Verdict)
	// No event in 50 trials: the exact upper bound 1 − α^(1/50) = 0.113
	// is below 20% at the first look.
	assert.Equal(t, 50, p8.Trials)
	assert.Zero(t, p8.Estimates[0].Estimate)
	assert.InDelta(t, 1-math.Pow(res.LookAlpha, 1.0/50), p8.Estimates[0].Upper, 1e-9)
	p1, _ := res.Point(1)
	assert.Equal(t, scenario.Fails, p1.Verdict)
	assert.Equal(t, 50, p1.Trials)
	p2, _ := res.Point(2)
	assert.Equal(t, scenario.Meets, p2.Verdict)
	assert.LessOrEqual(t, p2.Estimates[0].Upper, 0.2)
	assert.Less(t, res.TotalTrials, 5*400/2, "early stopping should save most trials")

	// Confirmed by separate studies: N = 2 meets, N = 1 does not.
	p, lo, hi := confirmRisk(t, sz, 2, 1001, 300)
	t.Logf("confirmation, 2 teams: %.3f [%.3f, %.3f]", p, lo, hi)
	assert.Less(t, hi, 0.2)
	p, lo, hi = confirmRisk(t, sz, 1, 1001, 300)
	t.Logf("confirmation, 1 team: %.3f [%.3f, %.3f]", p, lo, hi)
	assert.Greater(t, lo, 0.2)

	// The exhaustive curve (to 4) agrees, and workers never change a
	// result.
	sz.Exhaustive, sz.Workers, sz.Max = true, 1, 4
	ex, err := scenario.SizeCrews(context.Background(), sz)
	require.NoError(t, err)
	assert.Equal(t, 2, ex.Answer)
	assert.Len(t, ex.Points, 5)
	assert.True(t, ex.Monotone)
	for _, c := range []int{0, 1, 2, 4} {
		a, _ := res.Point(c)
		b, _ := ex.Point(c)
		assert.Equal(t, a.Verdict, b.Verdict, "count %d", c)
	}
	sz.Workers = 3
	ex3, err := scenario.SizeCrews(context.Background(), sz)
	require.NoError(t, err)
	assert.Equal(t, ex, ex3)
}

// Members of one team, with a mean target: a team of 2k members runs k
// repairs at once, so 4 members do what 2 teams of 2 do.
func TestSizeCrewsMembers(t *testing.T) {
	sc := sizeScenario(t, crew.Config{Teams: []crew.Team{{ID: "r", Size: 2, Homes: []crew.Home{{Zone: "a", Count: 1}, {Zone: "b", Count: 1}}}}})
	sz := scenario.Sizing{Scenario: sc, Mode: scenario.SizeMembers, Team: "r", Max: 12, Trials: 200,
		Targets: []scenario.Target{
			mustTarget(t, "critical below 80% for more than 6 h: at most 20%"),
			mustTarget(t, "ens: mean at most 30 MWh"),
		}}
	res, err := scenario.SizeCrews(context.Background(), sz)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Min)
	require.True(t, res.Found)
	assert.Equal(t, 4, res.Answer)
	assert.True(t, res.Confirmed)
	p3, _ := res.Point(3)
	assert.Equal(t, scenario.Fails, p3.Verdict)
	v, err := sz.Variant(1)
	require.NoError(t, err)
	team := v.Crew.Team(0)
	assert.Equal(t, 1, team.Size)
	assert.Equal(t, []crew.Home{{Zone: "a", Count: 1}, {Zone: "b", Count: 0}}, team.Homes)
	assert.Equal(t, 2, sc.Crew.Team(0).Size, "the scenario is not changed")
}

// Teams kept from a list (patterns allowed), and copies with absences.
func TestSizingVariants(t *testing.T) {
	sc := sizeScenario(t, crew.Config{
		Teams:    []crew.Team{{ID: "r1", Size: 2}, {ID: "ops", Size: 3, Site: "s0"}, {ID: "r2", Size: 2}, {ID: "r3", Size: 2}},
		Absences: []crew.Absence{{Team: "r2", Share: 0.5, From: 10, To: 20}, {Share: 0.1}, {Team: "r1", Share: 0.25}},
	})
	ids := func(s *scenario.Scenario) []string {
		var out []string
		for i := range s.Crew.NumTeams() {
			out = append(out, s.Crew.Team(i).ID)
		}
		return out
	}
	tg := []scenario.Target{mustTarget(t, "ens: mean at most 1 GWh")}
	keep := scenario.Sizing{Scenario: sc, Mode: scenario.SizeTeams, Teams: []string{"r3", "r[12]"}, Targets: tg}
	require.NoError(t, keep.Check())
	for n, want := range map[int][]string{0: {"ops"}, 1: {"ops", "r3"}, 2: {"r1", "ops", "r3"}, 3: {"r1", "ops", "r2", "r3"}} {
		v, err := keep.Variant(n)
		require.NoError(t, err)
		assert.Equal(t, want, ids(v), "keep %d", n)
	}
	v, _ := keep.Variant(1)
	assert.Equal(t, []crew.Absence{{Share: 0.1}}, v.Crew.Absences())
	_, err := keep.Variant(4)
	assert.EqualError(t, err, "scenario: sizing: count 4 out of range for mode teams")

	cp := scenario.Sizing{Scenario: sc, Team: "r1", Targets: tg}
	v, err = cp.Variant(3)
	require.NoError(t, err)
	assert.Equal(t, []string{"r1", "r1#2", "r1#3", "ops", "r2", "r3"}, ids(v))
	assert.Equal(t, []crew.Absence{{Team: "r2", Share: 0.5, From: 10, To: 20}, {Share: 0.1}, {Team: "r1", Share: 0.25},
		{Team: "r1#2", Share: 0.25}, {Team: "r1#3", Share: 0.25}}, v.Crew.Absences())
	v, err = cp.Variant(0)
	require.NoError(t, err)
	assert.Equal(t, []string{"ops", "r2", "r3"}, ids(v))
	assert.Len(t, v.Crew.Absences(), 2)
	assert.Equal(t, 4, sc.Crew.NumTeams(), "the scenario is not changed")
}

// A target out of reach is not found; one met only on point estimates is
// found but not confirmed.
func TestSizeCrewsOutOfReach(t *testing.T) {
	sc := sizeScenario(t, crew.Config{Teams: []crew.Team{{ID: "r", Size: 2}}})
	res, err := scenario.SizeCrews(context.Background(), scenario.Sizing{Scenario: sc, Team: "r", Max: 4, Trials: 100,
		Targets: []scenario.Target{mustTarget(t, "ens: mean at most 1 MWh")}})
	require.NoError(t, err)
	assert.False(t, res.Found)
	assert.True(t, res.Confirmed)
	require.Len(t, res.Points, 1)
	assert.Equal(t, 4, res.Points[0].Count)
	assert.Equal(t, scenario.Fails, res.Points[0].Verdict)

	// "At most 0%": no number of trials without an event can prove it.
	res, err = scenario.SizeCrews(context.Background(), scenario.Sizing{Scenario: sc, Team: "r", Min: 5, Max: 6, Trials: 60, Batch: 30,
		Targets: []scenario.Target{mustTarget(t, "critical below 80% for more than 6 h: at most 0%")}})
	require.NoError(t, err)
	assert.True(t, res.Found)
	assert.False(t, res.Confirmed)
	for _, p := range res.Points {
		assert.Equal(t, scenario.Undecided, p.Verdict)
		assert.Equal(t, 60, p.Trials)
	}
}

func TestSizingCheck(t *testing.T) {
	heat := sizeScenario(t, crew.Config{Teams: []crew.Team{{ID: "repair", Size: 2}}})
	for _, c := range []struct {
		sz   scenario.Sizing
		want []string
	}{
		{scenario.Sizing{}, []string{"scenario: sizing: scenario: missing"}},
		{scenario.Sizing{Scenario: heat, Team: "repiar", Targets: []scenario.Target{mustTarget(t, "ens: mean at most 1 kWh")}},
			[]string{`scenario: sizing: team: unknown team "repiar" (did you mean "repair"?)`}},
		{scenario.Sizing{Scenario: heat, Team: "repair", Min: 5, Max: 3, Confidence: 1.5, Trials: -1, Batch: -2, Workers: -1},
			[]string{"scenario: sizing: max: 3 is below min 5", "scenario: sizing: confidence: want a probability in (0, 1), as 0.95, got 1.5",
				"scenario: sizing: trials: want ≥ 0, got -1", "scenario: sizing: batch: want ≥ 0, got -2", "scenario: sizing: workers: want ≥ 0, got -1",
				`scenario: sizing: targets: missing: give at least one, as "critical below 95% for more than 24 h: at most 5%"`}},
		{scenario.Sizing{Scenario: heat, Team: "repair", Targets: []scenario.Target{mustTarget(t, "ens in pwoer: mean at most 1 kWh"), mustTarget(t, "ens: mean at most 1 m³")}},
			[]string{`scenario: sizing: targets[0]: ens in pwoer: mean at most 1 kWh: unknown network "pwoer" (did you mean "power"?)`,
				`scenario: sizing: targets[1]: ens: mean at most 1 m³: network "power" is power, measured in kWh, not m³`}},
		{scenario.Sizing{Scenario: heat, Mode: scenario.SizeTeams, Teams: []string{"x*", "repair", "repair"}, Max: 3, Targets: []scenario.Target{mustTarget(t, "ens: mean at most 1 kWh")}},
			[]string{`scenario: sizing: teams[0]: unknown team "x*"`, `scenario: sizing: teams[2]: team "repair" is listed twice`}},
		{scenario.Sizing{Scenario: heat, Mode: scenario.SizeTeams, Teams: []string{"rep*"}, Max: 3, Targets: []scenario.Target{mustTarget(t, "ens: mean at most 1 kWh")}},
			[]string{"scenario: sizing: max: 3 is more than the 1 teams listed"}},
		{scenario.Sizing{Scenario: heat, Mode: scenario.SizeMembers, Team: "repair", Min: -1, Targets: []scenario.Target{mustTarget(t, "ens: mean at most 1 kWh")}},
			[]string{"scenario: sizing: min: want ≥ 0, got -1"}},
	} {
		err := c.sz.Check()
		require.Error(t, err)
		assert.True(t, errors.Is(err, scenario.ErrInvalid))
		var got []string
		for _, p := range scenario.Problems(err) {
			got = append(got, p.Error())
		}
		assert.Equal(t, c.want, got)
	}
	ro, err := crew.New(crew.Config{Teams: []crew.Team{{ID: "a", Size: 1}, {ID: "a#2", Size: 1}}})
	require.NoError(t, err)
	dup := sizeScenario(t, crew.Config{})
	dup.Crew = ro
	err = (&scenario.Sizing{Scenario: dup, Team: "a", Targets: []scenario.Target{mustTarget(t, "ens: mean at most 1 kWh")}}).Check()
	assert.EqualError(t, err, `scenario: sizing: team: the crew already has a team "a#2", the ID of a copy`)
}

// SizeCrews stops when its context is cancelled.
func TestSizeCrewsCancelled(t *testing.T) {
	sc := sizeScenario(t, crew.Config{Teams: []crew.Team{{ID: "r", Size: 2}}})
	ctx, cancel := context.WithCancel(context.Background())
	_, err := scenario.SizeCrews(ctx, scenario.Sizing{Scenario: sc, Team: "r", Max: 8, Trials: 400,
		Targets: []scenario.Target{mustTarget(t, "critical below 80% for more than 6 h: at most 20%")},
		Progress: func(_, done, _ int) {
			if done == 5 {
				cancel()
			}
		}})
	assert.ErrorIs(t, err, context.Canceled)
}
