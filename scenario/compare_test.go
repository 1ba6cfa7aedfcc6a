package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// faultScenario is crnScenario without the sealed zone: faults of stations
// (two members each) and links over 30 days, repaired by the crews of cfg.
func faultScenario(t *testing.T, cfg crew.Config) *scenario.Scenario {
	sc := crnScenario(t, crnNet(t, false, false), cfg)
	sc.Lockdowns = nil
	return sc
}

func compile(t *testing.T, sc *scenario.Scenario) *scenario.Plan {
	t.Helper()
	p, err := sc.Compile()
	require.NoError(t, err)
	return p
}

// eachMetric calls f for every metric of c with the name of its scope.
func eachMetric(c *scenario.Comparison, f func(scope string, m *scenario.MetricComparison)) {
	for i := range c.Networks {
		n := &c.Networks[i]
		for j := range n.Total.Metrics {
			f(n.ID, &n.Total.Metrics[j])
		}
		for _, list := range [][]scenario.ScopeComparison{n.Classes, n.Zones} {
			for s := range list {
				for j := range list[s].Metrics {
					f(n.ID+"/"+list[s].Name, &list[s].Metrics[j])
				}
			}
		}
	}
	for j := range c.Crew.Metrics {
		f("crew", &c.Crew.Metrics[j])
	}
}

// A variant identical to its base (compiled separately from an equal
// scenario) differs by exactly zero in every metric, with zero standard
// error, a point interval at zero, even odds and no trial won or lost.
func TestCompareIdenticalVariant(t *testing.T) {
	cfg := crew.Config{Teams: []crew.Team{{ID: "a", Size: 2, Base: "east"}}}
	base := compile(t, faultScenario(t, cfg))
	plan := compile(t, faultScenario(t, cfg))
	c, err := scenario.Compare(context.Background(), base, plan, scenario.CompareOptions{Seed: 3, Trials: 40})
	require.NoError(t, err)
	require.Len(t, c.Networks, 1)
	n := c.Networks[0]
	assert.Equal(t, "power", n.ID)
	require.Len(t, n.Classes, 5) // the default taxonomy: every class is compared, with consumers or not
	assert.Equal(t, "residential", n.Classes[2].Name)
	assert.Equal(t, 6, n.Classes[2].Consumers)
	assert.Equal(t, 600, n.Classes[2].Customers)
	assert.Equal(t, []string{"east", "west"}, []string{n.Zones[0].Name, n.Zones[1].Name})
	assert.Empty(t, c.Notes)
	count, varied := 0, 0
	eachMetric(c, func(scope string, m *scenario.MetricComparison) {
		count++
		d := m.Diff
		assert.Equal(t, 40, m.N)
		assert.Zero(t, d.Mean, "%s %s", scope, m.Metric)
		assert.Zero(t, d.StdDev, "%s %s", scope, m.Metric)
		assert.Zero(t, d.StdErr, "%s %s", scope, m.Metric)
		assert.Zero(t, d.CI95Low, "%s %s", scope, m.Metric)
		assert.Zero(t, d.CI95High, "%s %s", scope, m.Metric)
		assert.Equal(t, 0.5, d.PBetter, "%s %s", scope, m.Metric)
		assert.Zero(t, d.ShareBetter, "%s %s", scope, m.Metric)
		assert.Zero(t, d.ShareWorse, "%s %s", scope, m.Metric)
		assert.Equal(t, m.Base, m.Plan, "%s %s", scope, m.Metric)
		if m.Base.StdDev > 0 {
			varied++
			assert.True(t, math.IsInf(d.VarianceReduction, 1), "%s %s: %g", scope, m.Metric, d.VarianceReduction)
		} else {
			assert.True(t, math.IsNaN(d.VarianceReduction), "%s %s: %g", scope, m.Metric, d.VarianceReduction)
		}
	})
	assert.Greater(t, count, 60)
	assert.Greater(t, varied, 20, "the faults make most metrics vary")
	ens, ok := c.Networks[0].Total.Metric(scenario.MetricENS)
	require.True(t, ok)
	assert.Greater(t, ens.Base.Mean, 1000.0)
	assert.Equal(t, ens.BaseValues, ens.PlanValues)
	assert.Len(t, ens.BaseValues, 40)
}

// A second team never raises unserved energy in a trial where only the
// repairs differ (both variants have the same faults: no candidate fell
// while the asset was still down in one of them), and the paired standard
// error of the ENS difference is several times smaller than that of two
// independent studies: from the same trials (Var x + Var y) and measured
// against a study of the plan with another seed.
func TestCompareSecondTeam(t *testing.T) {
	one := crew.Config{Teams: []crew.Team{{ID: "a", Size: 2, Base: "east"}}}
	two := crew.Config{Teams: []crew.Team{{ID: "a", Size: 2, Base: "east"}, {ID: "b", Size: 2, Base: "east"}}}
	base, plan := compile(t, faultScenario(t, one)), compile(t, faultScenario(t, two))
	const trials = 120
	const seed = 11
	c, err := scenario.Compare(context.Background(), base, plan, scenario.CompareOptions{Seed: seed, Trials: trials})
	require.NoError(t, err)

	// Trial by trial, against runs of our own.
	ens, _ := c.Networks[0].Total.Metric(scenario.MetricENS)
	sameFaults := 0
	for i := range trials {
		rb, err := base.NewTrial(seed, i).RunContext(context.Background())
		require.NoError(t, err)
		rp, err := plan.NewTrial(seed, i).RunContext(context.Background())
		require.NoError(t, err)
		require.Equal(t, rb.Networks[0].Total.ENS(), ens.BaseValues[i], "trial %d", i)
		require.Equal(t, rp.Networks[0].Total.ENS(), ens.PlanValues[i], "trial %d", i)
		if !sameFaultList(rb.Faults, rp.Faults) {
			continue
		}
		sameFaults++
		assert.LessOrEqual(t, ens.PlanValues[i], ens.BaseValues[i]*(1+1e-9)+1e-6,
			"trial %d: a second team raised ENS from %g to %g kWh", i, ens.BaseValues[i], ens.PlanValues[i])
	}
	t.Logf("same faults in %d of %d trials", sameFaults, trials)
	assert.Greater(t, sameFaults, trials/2)

	d := ens.Diff
	t.Logf("ENS: base %.0f, plan %.0f kWh; difference %.0f ± %.0f (paired) vs ± %.0f (independent); variance reduction %.1f; P(better) %.4f; plan better in %.0f%% of trials",
		ens.Base.Mean, ens.Plan.Mean, d.Mean, d.StdErr, d.IndependentStdErr, d.VarianceReduction, d.PBetter, 100*d.ShareBetter)
	assert.Less(t, d.Mean, 0.0)
	assert.Less(t, d.CI95High, 0.0)
	assert.Greater(t, d.PBetter, 0.999)
	assert.Greater(t, d.ShareBetter, 0.5)
	assert.InDelta(t, (ens.Base.StdDev*ens.Base.StdDev+ens.Plan.StdDev*ens.Plan.StdDev)/(d.StdDev*d.StdDev), d.VarianceReduction, 1e-9*d.VarianceReduction)
	assert.Greater(t, d.IndependentStdErr, 3*d.StdErr, "pairing should cut the standard error several times")

	// Measured: an independent study of the plan (another seed) against
	// the base's trials gives a standard error of the difference of means
	// √(se_x² + se_y²), several times the paired one.
	ind, err := scenario.Study{Plan: plan, Seed: seed + 1000, Trials: trials}.Run(context.Background())
	require.NoError(t, err)
	sy, err := ind.Stat(scenario.MetricENS)
	require.NoError(t, err)
	measured := math.Hypot(ens.Base.StdErr, sy.StdErr)
	t.Logf("independent study: standard error of the difference %.0f kWh, %.1f × the paired %.0f", measured, measured/d.StdErr, d.StdErr)
	assert.Greater(t, measured, 3*d.StdErr)
}

// sameFaultList reports whether two runs had the same faults: the same
// assets failing at the same times with the same repair times.
func sameFaultList(a, b []scenario.FaultEvent) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Asset != b[i].Asset || a[i].Network != b[i].Network || a[i].At != b[i].At || a[i].Work != b[i].Work || a[i].Candidate != b[i].Candidate {
			return false
		}
	}
	return true
}

// The number of workers never changes a comparison.
func TestCompareWorkers(t *testing.T) {
	base := compile(t, faultScenario(t, crew.Config{Teams: []crew.Team{{ID: "a", Size: 2, Base: "east"}}}))
	plan := compile(t, faultScenario(t, crew.Config{Teams: []crew.Team{{ID: "a", Size: 2, Base: "east"}, {ID: "b", Size: 1, Base: "west"}}}))
	var want *scenario.Comparison
	for _, w := range []int{1, 2, 5} {
		var seen []int
		c, err := scenario.Compare(context.Background(), base, plan, scenario.CompareOptions{Seed: 5, Trials: 17, Workers: w,
			Progress: func(done, total int) { seen = append(seen, done); assert.Equal(t, 17, total) }})
		require.NoError(t, err)
		assert.Equal(t, 17, len(seen))
		assert.True(t, slices.IsSorted(seen))
		if want == nil {
			want = c
			continue
		}
		// %v writes every float in its shortest exact form, NaN included.
		assert.Equal(t, fmt.Sprintf("%v", want), fmt.Sprintf("%v", c), "workers %d", w)
	}
}

// Compare stops when its context is cancelled and returns its error.
func TestCompareCancelled(t *testing.T) {
	base := compile(t, faultScenario(t, crew.Config{Teams: []crew.Team{{ID: "a", Size: 2, Base: "east"}}}))
	ctx, cancel := context.WithCancel(context.Background())
	c, err := scenario.Compare(ctx, base, base, scenario.CompareOptions{Trials: 1000, Workers: 2,
		Progress: func(done, _ int) {
			if done == 3 {
				cancel()
			}
		}})
	assert.Nil(t, c)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

// Bad settings are reported together; variants sharing no network are
// refused; what only one variant has is named in the notes and left out.
func TestCompareMismatches(t *testing.T) {
	_, err := scenario.Compare(context.Background(), nil, nil, scenario.CompareOptions{Trials: 0, Workers: -1})
	require.Error(t, err)
	for _, want := range []string{"base: missing", "plan: missing", "trials: want ≥ 1, got 0", "workers: want ≥ 0, got -1"} {
		assert.Contains(t, err.Error(), want)
	}

	mk := func(id string, zones []string, class string, levels []scenario.ServiceLevel) *scenario.Plan {
		b := network.NewBuilder(network.Power)
		for _, z := range zones {
			b.AddZone(network.Zone{ID: z})
		}
		b.AddNode(network.Node{ID: "g", Role: network.Source, Capacity: 50})
		for i, z := range zones {
			c := "c" + z
			b.AddNode(network.Node{ID: c, Role: network.Consumer, Demand: 40, Customers: 10, Zone: zones[i], Class: class})
			b.AddLink(network.Link{ID: "l" + z, From: "g", To: c})
		}
		net, err := b.Build()
		require.NoError(t, err)
		sc := &scenario.Scenario{Horizon: 10, Utilities: []scenario.Utility{{ID: id, Net: net}}, ServiceLevels: levels}
		return compile(t, sc)
	}
	l95 := []scenario.ServiceLevel{{Level: 0.95, Duration: 24}}
	l90 := []scenario.ServiceLevel{{Level: 0.95, Duration: 24}, {Level: 0.9, Duration: 2}}
	a := mk("power", []string{"old", "new"}, "", l95)
	b := mk("power", []string{"new", "far"}, "critical", l90)
	c, err := scenario.Compare(context.Background(), a, b, scenario.CompareOptions{Trials: 2})
	require.NoError(t, err)
	n := c.Networks[0]
	assert.Equal(t, []scenario.ServiceLevel{{Level: 0.95, Duration: 24}}, n.ServiceLevels)
	require.Len(t, n.Zones, 1)
	assert.Equal(t, "new", n.Zones[0].Name)
	assert.Equal(t, []string{
		`network "power": service level 0.9 for 2 h is only in the plan`,
		`network "power": zone "old" is only in the base`,
		`network "power": zone "far" is only in the plan`,
	}, c.Notes)
	// 80 kW asked of a 50 kW source for 10 h: 300 kWh unserved in both.
	ens, _ := n.Total.Metric(scenario.MetricENS)
	assert.InDelta(t, 300, ens.Base.Mean, 1e-9)
	assert.InDelta(t, 300, ens.Plan.Mean, 1e-9)
	// In the base the residential zones share alike (15 kWh/h each); in
	// the plan both consumers are critical and share alike too.
	z, _ := n.Zone("new")
	zens, _ := z.Metric(scenario.MetricENS)
	assert.InDelta(t, 150, zens.Base.Mean, 1e-6)
	assert.InDelta(t, 150, zens.Plan.Mean, 1e-6)
	risk, ok := n.Total.Metric(scenario.MetricServiceRisk + "0")
	require.True(t, ok)
	assert.Zero(t, risk.Base.Mean) // 10 h below 95%, not more than 24 h

	_, err = scenario.Compare(context.Background(), a, mk("grid", []string{"old"}, "", l95), scenario.CompareOptions{Trials: 1})
	assert.EqualError(t, err, `scenario: compare: the variants share no network (base has ["power"], plan has ["grid"])`)
}
