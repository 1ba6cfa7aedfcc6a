package scenario_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// studyPlan compiles a scenario for study tests.
func studyPlan(t *testing.T, sc *scenario.Scenario) *scenario.Plan {
	t.Helper()
	p, err := sc.Compile()
	require.NoError(t, err)
	return p
}

// studySingleFeed is a source of 100 kW feeding one consumer of 50 kW (10
// customers) over an unlimited line. The source fails at rate perYear and
// is repaired in an exponential time of mean mttr hours, with no crews:
// the source is an alternating renewal process with exponential up and
// down times, started in its steady state.
func studySingleFeed(t *testing.T, perYear, mttr, horizon float64) *scenario.Plan {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: 50, Customers: 10})
	b.AddLink(network.Link{ID: "line", From: "src", To: "load"})
	net, err := b.Build()
	require.NoError(t, err)
	return studyPlan(t, &scenario.Scenario{
		Name:        "single-feed",
		Horizon:     horizon,
		Utilities:   []scenario.Utility{{ID: "power", Net: net}},
		Faults:      []scenario.FaultModel{{Role: network.Source, Rate: perYear, Repair: crew.Exponential(mttr)}},
		SteadyStart: true,
	})
}

// Unavailability of a repairable unit with exponential failures (rate λ)
// and repairs (rate μ) started in steady state: at every instant it is
// down with probability U = λ/(λ+μ), so E[loss_of_load_hours]/H = U
// exactly, whatever H. With λ = 219/8760 = 0.025 /h and μ = 1/10 h,
// U = 0.2. The time-average of the down indicator over H has variance
// 2U(1−U)/(κH)·[1 − (1 − e^(−κH))/(κH)], κ = λ+μ (the indicator's
// autocovariance is U(1−U)e^(−κτ)): at H = 200 h, κH = 25, standard
// deviation 0.1109 per trial, standard error 0.0025 over 2000 trials.
func TestStudyUnavailabilityAnalytic(t *testing.T) {
	const (
		perYear = 219.0
		mttr    = 10.0
		H       = 200.0
		trials  = 2000
	)
	lam, mu := perYear/8760, 1/mttr
	U := lam / (lam + mu)
	require.InDelta(t, 0.2, U, 1e-12)
	sum, err := scenario.Study{Plan: studySingleFeed(t, perYear, mttr, H), Seed: 7, Trials: trials}.Run(context.Background())
	require.NoError(t, err)
	require.Equal(t, trials, sum.Trials())
	assert.Equal(t, "power", sum.Network())
	assert.Equal(t, H, sum.Horizon())

	ad := sum.Adequacy()
	assert.Equal(t, sum.LOLP(), ad.LOLP)
	assert.Equal(t, sum.LOLE(), ad.LOLE)
	assert.Equal(t, sum.EUE(), ad.EUE)
	z99 := 2.5758293035489
	t.Logf("LOLP %.5f ± %.5f (want %.5f, z = %.2f)", ad.LOLP, ad.LOLPStdErr, U, (ad.LOLP-U)/ad.LOLPStdErr)
	assert.InDelta(t, U, ad.LOLP, z99*ad.LOLPStdErr, "LOLP %.5f ± %.5f, want %.5f", ad.LOLP, ad.LOLPStdErr, U)
	assert.InDelta(t, U*H, ad.LOLE, z99*ad.LOLEStdErr)
	// The consumer gets nothing while the source is down: ENS = 50 kW ×
	// the hours lost, EOH = hours lost.
	assert.InDelta(t, 50*U*H, ad.EUE, z99*ad.EUEStdErr)
	eoh, err := sum.Stat("eoh")
	require.NoError(t, err)
	assert.InDelta(t, ad.LOLE, eoh.Mean, 1e-9)

	// The spread matches the analytic standard deviation within 10%.
	kH := (lam + mu) * H
	sd := math.Sqrt(2 * U * (1 - U) / kH * (1 - (1-math.Exp(-kH))/kH))
	require.InDelta(t, 0.1109, sd, 1e-4)
	lol, err := sum.Stat("loss_of_load_hours")
	require.NoError(t, err)
	assert.InDelta(t, sd, lol.StdDev/H, 0.1*sd)
	assert.InDelta(t, ad.LOLPStdErr, lol.StdErr/H, 1e-15)
	// Availability per customer: ASAI = 1 − interruption hours/(N·H)
	// counts the same outages (momentary ones of ≤ 5 min excepted).
	asai, err := sum.Stat("asai")
	require.NoError(t, err)
	assert.InDelta(t, 1-U, asai.Mean, 4*lol.StdErr/H+0.002)
}

// studyThreeUnits: three sources of 10 kW, each failing at perYear with
// exponential repairs of mean mttr hours, feed one consumer of 25 kW over
// unlimited lines. horizon in hours.
func studyThreeUnits(t *testing.T, perYear, mttr, horizon float64) *scenario.Plan {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: 25, Customers: 100})
	for _, id := range []string{"g1", "g2", "g3"} {
		b.AddNode(network.Node{ID: id, Role: network.Source, Capacity: 10})
		b.AddLink(network.Link{ID: "l-" + id, From: id, To: "load"})
	}
	net, err := b.Build()
	require.NoError(t, err)
	return studyPlan(t, &scenario.Scenario{
		Name:        "three-units",
		Horizon:     horizon,
		Utilities:   []scenario.Utility{{ID: "power", Net: net}},
		Faults:      []scenario.FaultModel{{Role: network.Source, Rate: perYear, Repair: crew.Exponential(mttr)}},
		SteadyStart: true,
	})
}

// Three independent units of availability a = μ/(λ+μ) = 5/6 (λ = 0.02 /h,
// μ = 0.1 /h) against a load of 25 kW: short unless all three are up,
// P(shortfall) = 1 − a³ = 91/216 ≈ 0.4213; the mean shortfall is
// Σ_k P(k up)·max(0, 25 − 10k) = (1·25 + 15·15 + 75·5)/216 = 625/216 ≈
// 2.894 kW, so EUE = 200 h × 625/216 ≈ 578.7 kWh and LOLE = 200 h × 91/216
// ≈ 84.26 h.
func TestStudyIndependentUnits(t *testing.T) {
	const (
		perYear = 175.2
		mttr    = 10.0
		H       = 200.0
		trials  = 2000
	)
	lam, mu := perYear/8760, 1/mttr
	a := mu / (lam + mu)
	require.InDelta(t, 5.0/6, a, 1e-12)
	q := 1 - a
	pk := []float64{q * q * q, 3 * a * q * q, 3 * a * a * q, a * a * a}
	var short float64
	for k, p := range pk {
		short += p * math.Max(0, 25-10*float64(k))
	}
	lolp := 1 - a*a*a
	require.InDelta(t, 91.0/216, lolp, 1e-12)
	require.InDelta(t, 625.0/216, short, 1e-12)

	sum, err := scenario.Study{Plan: studyThreeUnits(t, perYear, mttr, H), Seed: 11, Trials: trials}.Run(context.Background())
	require.NoError(t, err)
	ad := sum.Adequacy()
	t.Logf("LOLP %.4f ± %.4f (want %.4f); EUE %.1f ± %.1f kWh (want %.1f)", ad.LOLP, ad.LOLPStdErr, lolp, ad.EUE, ad.EUEStdErr, H*short)
	assert.InDelta(t, lolp, ad.LOLP, 4*ad.LOLPStdErr)
	assert.InDelta(t, lolp*H, ad.LOLE, 4*ad.LOLEStdErr)
	assert.InDelta(t, H*short, ad.EUE, 4*ad.EUEStdErr)
	// Coverage by volume is 1 − EUE/demand, demand fixed at 25 kW × H.
	cov, err := sum.Stat("coverage")
	require.NoError(t, err)
	assert.InDelta(t, 1-short/25, cov.Mean, 4*ad.EUEStdErr/(25*H))
	dem, err := sum.Stat("demand")
	require.NoError(t, err)
	assert.InDelta(t, 25*H, dem.Min, 1e-9)
	assert.InDelta(t, 25*H, dem.Max, 1e-9)
}

// studyRich is a scenario with crews, a lockdown, a critical consumer and
// faults on sources and links, so that every metric varies between trials.
func studyRich(t *testing.T) *scenario.Plan {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "north"})
	b.AddZone(network.Zone{ID: "south"})
	b.AddZone(network.Zone{ID: "depot"})
	for _, n := range []network.Node{
		{ID: "g1", Role: network.Source, Capacity: 40, Zone: "north"},
		{ID: "g2", Role: network.Source, Capacity: 40, Zone: "south"},
		{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 15, Customers: 1, Zone: "north"},
		{ID: "homes-n", Role: network.Consumer, Demand: 30, Customers: 300, Zone: "north"},
		{ID: "homes-s", Role: network.Consumer, Demand: 25, Customers: 250, Zone: "south"},
	} {
		b.AddNode(n)
	}
	for _, l := range []network.Link{
		{ID: "tie", From: "g1", To: "g2", Capacity: 20},
		{ID: "f-h", From: "g1", To: "hospital"},
		{ID: "f-n", From: "g1", To: "homes-n"},
		{ID: "f-s", From: "g2", To: "homes-s"},
	} {
		b.AddLink(l)
	}
	net, err := b.Build()
	require.NoError(t, err)
	r, err := crew.New(crew.Config{
		Teams:         []crew.Team{{ID: "t1", Size: 2, Base: "depot"}},
		DefaultTravel: 1.5,
	})
	require.NoError(t, err)
	return studyPlan(t, &scenario.Scenario{
		Name:      "rich",
		Horizon:   72,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Crew:      r,
		Lockdowns: []scenario.Lockdown{{Zone: "north", Level: crew.Sealed, From: 12, To: 48}},
		Faults: []scenario.FaultModel{
			{Role: network.Source, Rate: 120, Repair: crew.LogNormal(8, 0.8)},
			{Links: true, Rate: 40, Repair: crew.Exponential(4)},
		},
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 4}, {Level: 0.5, Duration: 1}},
	})
}

// sameSummary asserts bit-for-bit equal records and statistics.
func sameSummary(t *testing.T, want, got *scenario.Summary, msg string) {
	t.Helper()
	require.Equal(t, want.Trials(), got.Trials(), msg)
	require.Equal(t, want.TrialIndices(), got.TrialIndices(), msg)
	require.Equal(t, want.Metrics(), got.Metrics(), msg)
	for _, m := range want.Metrics() {
		a, err := want.Stat(m)
		require.NoError(t, err)
		b, err := got.Stat(m)
		require.NoError(t, err)
		assert.True(t, a == b, "%s: %s: %+v != %+v", msg, m, a, b)
		ea, _ := want.Exceedance(m, 0)
		eb, _ := got.Exceedance(m, 0)
		assert.Equal(t, ea, eb, "%s: %s", msg, m)
	}
	wr, gr := want.Records(), got.Records()
	for i := range wr {
		require.Equal(t, wr[i].Trial, gr[i].Trial)
		for k := range wr[i].Values {
			if wr[i].Values[k] != gr[i].Values[k] {
				t.Fatalf("%s: trial %d %s: %v != %v", msg, wr[i].Trial, want.Metrics()[k], wr[i].Values[k], gr[i].Values[k])
			}
		}
	}
	assert.True(t, want.LOLP() == got.LOLP() && want.EUE() == got.EUE() && want.LOLE() == got.LOLE(), msg)
	assert.True(t, want.Adequacy() == got.Adequacy(), msg)
	for i := range want.ServiceLevels() {
		p1, s1 := want.ServiceRisk(i)
		p2, s2 := got.ServiceRisk(i)
		assert.True(t, p1 == p2 && s1 == s2, msg)
	}
}

// The worker count, splitting into ranges, merging in any order and JSON
// round trips change nothing, bit for bit.
func TestStudyDeterminism(t *testing.T) {
	plan := studyRich(t)
	ctx := context.Background()
	const seed, n = 2024, 120
	base, err := scenario.Study{Plan: plan, Seed: seed, Trials: n, Workers: 1}.Run(ctx)
	require.NoError(t, err)
	require.Equal(t, n, base.Trials())
	// The scenario is not degenerate: losses vary, crews work, service
	// levels are sometimes breached.
	for _, m := range []string{"ens", "saifi", "crew_utilisation", "mean_wait", "value_lost", "longest_critical_below_0"} {
		st, err := base.Stat(m)
		require.NoError(t, err)
		assert.Greater(t, st.StdDev, 0.0, m)
	}
	for _, w := range []int{2, 8} {
		got, err := scenario.Study{Plan: plan, Seed: seed, Trials: n, Workers: w}.Run(ctx)
		require.NoError(t, err)
		sameSummary(t, base, got, "workers")
	}
	// Ranges [0, 37), [37, 87), [87, 120), merged in a scrambled order, and
	// the same after a JSON round trip of each range.
	var parts, decoded []*scenario.Summary
	for _, r := range [][2]int{{87, 33}, {0, 37}, {37, 50}} {
		s, err := scenario.Study{Plan: plan, Seed: seed, First: r[0], Trials: r[1], Workers: 3}.Run(ctx)
		require.NoError(t, err)
		require.Equal(t, r[0], s.TrialIndices()[0])
		parts = append(parts, s)
		data, err := json.Marshal(s)
		require.NoError(t, err)
		var back scenario.Summary
		require.NoError(t, json.Unmarshal(data, &back))
		decoded = append(decoded, &back)
	}
	merged, err := scenario.Merge(parts...)
	require.NoError(t, err)
	sameSummary(t, base, merged, "merged")
	merged, err = scenario.Merge(decoded...)
	require.NoError(t, err)
	sameSummary(t, base, merged, "merged after JSON")
	// A round trip of the whole, too.
	data, err := json.Marshal(base)
	require.NoError(t, err)
	var back scenario.Summary
	require.NoError(t, json.Unmarshal(data, &back))
	sameSummary(t, base, &back, "JSON")
	assert.Equal(t, base.Seed(), back.Seed())
	assert.Equal(t, base.Scenario(), back.Scenario())
	assert.Equal(t, base.ServiceLevels(), back.ServiceLevels())
	assert.Equal(t, base.Kind(), back.Kind())

	// Another seed gives other results.
	other, err := scenario.Study{Plan: plan, Seed: seed + 1, Trials: n}.Run(ctx)
	require.NoError(t, err)
	a, _ := base.Stat("ens")
	b, _ := other.Stat("ens")
	assert.NotEqual(t, a.Mean, b.Mean)
}

func TestSummaryMergeRefusesMismatches(t *testing.T) {
	ctx := context.Background()
	plan := studyThreeUnits(t, 175.2, 10, 48)
	run := func(s scenario.Study) *scenario.Summary {
		t.Helper()
		s.Plan = plan
		sum, err := s.Run(ctx)
		require.NoError(t, err)
		return sum
	}
	a := run(scenario.Study{Seed: 1, Trials: 10})
	b := run(scenario.Study{Seed: 1, First: 5, Trials: 10})
	_, err := scenario.Merge(a, b)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "trials 5–9 are in both summary 0 (trials 0–9) and summary 1 (trials 5–14)")

	c := run(scenario.Study{Seed: 2, First: 10, Trials: 10})
	_, err = scenario.Merge(a, c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "summary 1: seed 2 differs from seed 1 in summary 0")

	other := studyThreeUnits(t, 175.2, 10, 72)
	d, err := scenario.Study{Plan: other, Seed: 1, First: 10, Trials: 5}.Run(ctx)
	require.NoError(t, err)
	_, err = scenario.Merge(a, d)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "horizon 72 differs from horizon 48")

	rich := studyRich(t)
	e, err := scenario.Study{Plan: rich, Seed: 1, First: 10, Trials: 5}.Run(ctx)
	require.NoError(t, err)
	_, err = scenario.Merge(a, e)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "service levels")
	assert.Contains(t, err.Error(), "scenario")

	_, err = scenario.Merge()
	require.Error(t, err)
	_, err = scenario.Merge(a, nil)
	require.Error(t, err)

	// Disjoint ranges with a gap merge fine.
	f := run(scenario.Study{Seed: 1, First: 30, Trials: 5})
	m, err := scenario.Merge(f, a)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 31, 32, 33, 34}, m.TrialIndices())
	// The inputs are left alone.
	assert.Equal(t, 10, a.Trials())
	assert.Equal(t, 5, f.Trials())
}

// prefixRSE is the relative standard error of the first k values.
func prefixRSE(xs []float64, k int) float64 {
	var s float64
	for _, x := range xs[:k] {
		s += x
	}
	mean := s / float64(k)
	var ss float64
	for _, x := range xs[:k] {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss/float64(k-1)) / math.Sqrt(float64(k)) / math.Abs(mean)
}

func TestStudyStopRSE(t *testing.T) {
	ctx := context.Background()
	plan := studyThreeUnits(t, 175.2, 10, 48)
	const every, maxTrials, target = 40, 4000, 0.03
	var stop int
	for _, w := range []int{1, 3, 8} {
		sum, err := scenario.Study{Plan: plan, Seed: 5, Trials: maxTrials, Workers: w,
			StopRSE: target, StopMetric: "loss_of_load_hours", CheckEvery: every}.Run(ctx)
		require.NoError(t, err)
		if stop == 0 {
			stop = sum.Trials()
		}
		assert.Equal(t, stop, sum.Trials(), "workers %d", w)
		assert.Equal(t, stop-1, sum.TrialIndices()[stop-1])
	}
	require.Less(t, stop, maxTrials)
	require.Zero(t, stop%every)
	// It stopped at the first checkpoint meeting the target.
	full, err := scenario.Study{Plan: plan, Seed: 5, Trials: stop}.Run(ctx)
	require.NoError(t, err)
	xs, err := full.Values("loss_of_load_hours")
	require.NoError(t, err)
	for k := every; k < stop; k += every {
		assert.Greater(t, prefixRSE(xs, k), target, "checkpoint %d", k)
	}
	assert.LessOrEqual(t, prefixRSE(xs, stop), target*(1+1e-9))
	st, _ := full.Stat("loss_of_load_hours")
	assert.InDelta(t, prefixRSE(xs, stop), st.RSE(), 1e-12)
	t.Logf("stopped after %d trials, RSE %.4f", stop, st.RSE())

	// The default metric is ens; a metric that never leaves zero never
	// stops the study.
	sum, err := scenario.Study{Plan: plan, Seed: 5, Trials: 200, StopRSE: 0.5, StopMetric: "cold_customer_hours", CheckEvery: 10}.Run(ctx)
	require.NoError(t, err)
	assert.Equal(t, 200, sum.Trials())
}

func TestStudyCancelReturnsPrefix(t *testing.T) {
	plan := studyRich(t)
	whole, err := scenario.Study{Plan: plan, Seed: 3, Trials: 400, Workers: 2}.Run(context.Background())
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var seen []int
	sum, err := scenario.Study{Plan: plan, Seed: 3, Trials: 400, Workers: 4,
		Progress: func(done, total int) {
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, 400, total)
			seen = append(seen, done)
			if done == 25 {
				cancel()
			}
		}}.Run(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, sum)
	k := sum.Trials()
	// At most the 25 reported plus, per worker, one result waiting in
	// the channel and one finished trial waiting to send it.
	assert.LessOrEqual(t, k, 25+2*4)
	assert.Less(t, k, 400)
	for i, tr := range sum.TrialIndices() {
		assert.Equal(t, i, tr)
	}
	// The prefix is exactly the first k trials of the whole study.
	wr, pr := whole.Records(), sum.Records()
	assert.Equal(t, wr[:k], pr)
	// Progress was called with 1, 2, … in order, also for the trials
	// that completed while the cancel took effect.
	for i, d := range seen {
		assert.Equal(t, i+1, d)
	}
	assert.GreaterOrEqual(t, len(seen), 25)

	// An already cancelled context: an empty summary and the error.
	sum, err = scenario.Study{Plan: plan, Seed: 3, Trials: 10}.Run(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, sum.Trials())
	assert.True(t, math.IsNaN(sum.LOLP()))
}

func TestStudyProgress(t *testing.T) {
	plan := studyThreeUnits(t, 175.2, 10, 24)
	var seen []int
	_, err := scenario.Study{Plan: plan, Trials: 50, Workers: 4, Progress: func(done, total int) {
		assert.Equal(t, 50, total)
		seen = append(seen, done) // one goroutine at a time: no lock needed
	}}.Run(context.Background())
	require.NoError(t, err)
	require.Len(t, seen, 50)
	for i, d := range seen {
		assert.Equal(t, i+1, d)
	}
}

func TestStudyRejectsBadSettings(t *testing.T) {
	plan := studyThreeUnits(t, 175.2, 10, 24)
	_, err := scenario.Study{Plan: plan, Trials: 0, First: -1, Workers: -2, Network: "gas",
		StopRSE: -1, StopMetric: "nope", CheckEvery: -5}.Run(context.Background())
	require.Error(t, err)
	for _, want := range []string{"trials", "first", "workers", `unknown network "gas"`, "stop_rse", `stop_metric: unknown metric "nope"`, "check_every"} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = scenario.Study{Trials: 1}.Run(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "plan: missing")

	sum, err := scenario.Study{Plan: plan, Trials: 3}.Run(context.Background())
	require.NoError(t, err)
	_, err = sum.Stat("nope")
	require.Error(t, err)
	_, err = sum.Histogram("ens", 0)
	require.Error(t, err)
	assert.Panics(t, func() { sum.ServiceRisk(1) })
}

// A trial that fails (here: a repair-time distribution that panics in a
// rare draw) ends the study: the trials before it are summarised and the
// error names the trial.
func TestStudyTrialFailure(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 10})
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: 5, Customers: 1})
	b.AddLink(network.Link{ID: "line", From: "src", To: "load"})
	net, err := b.Build()
	require.NoError(t, err)
	flaky := crew.WorkTime{Mean: 1, Name: "flaky", Draw: func(r *rand.Rand) float64 {
		if r.Float64() < 0.002 {
			panic("boom")
		}
		return 1
	}}
	plan := studyPlan(t, &scenario.Scenario{
		Horizon:   100,
		Utilities: []scenario.Utility{{Net: net}},
		Faults:    []scenario.FaultModel{{Role: network.Source, Rate: 876, Repair: flaky}},
	})
	sum, err := scenario.Study{Plan: plan, Seed: 1, Trials: 1000, Workers: 1}.Run(context.Background())
	require.Error(t, err)
	require.NotNil(t, sum)
	k := sum.Trials()
	require.Less(t, k, 1000)
	require.Positive(t, k)
	t.Logf("trial %d fails", k)
	assert.Contains(t, err.Error(), fmt.Sprintf("scenario: study: trial %d: panic: boom", k))
	// Trial k is the first to fail whatever the workers, and the prefix
	// never reaches past it.
	sum4, err4 := scenario.Study{Plan: plan, Seed: 1, Trials: 1000, Workers: 4}.Run(context.Background())
	require.Error(t, err4)
	assert.LessOrEqual(t, sum4.Trials(), k)
	assert.Equal(t, sum.Records()[:sum4.Trials()], sum4.Records())
}
