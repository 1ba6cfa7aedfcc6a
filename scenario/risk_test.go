package scenario_test

import (
	"context"
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// feedWithOutages is a 100 kW source feeding one 50 kW consumer (10
// customers), with fixed outages of the source.
func feedWithOutages(t *testing.T, horizon, resolution float64, outages ...[2]float64) *scenario.Plan {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: 50, Customers: 10})
	b.AddLink(network.Link{ID: "line", From: "src", To: "load"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{Name: "outages", Horizon: horizon, Resolution: resolution,
		Utilities: []scenario.Utility{{ID: "power", Net: net}}}
	for _, o := range outages {
		sc.Outages = append(sc.Outages, scenario.Outage{Asset: "src", At: o[0], Duration: o[1] - o[0]})
	}
	return studyPlan(t, sc)
}

// Fixed outages from 2.5 to 4.25 h and from 6.2 to 6.3 h in an 8 h run:
// hand-computed per bucket, in clock hours and in events, the same in
// every trial.
func TestRiskTimelineFixedOutages(t *testing.T) {
	plan := feedWithOutages(t, 8, 1, [2]float64{2.5, 4.25}, [2]float64{6.2, 6.3})
	sum, err := scenario.Study{Plan: plan, Seed: 1, Trials: 7}.Run(context.Background())
	require.NoError(t, err)
	tl := sum.Timeline()
	require.Equal(t, 7, tl.Trials)
	assert.Equal(t, []float64{0, 1, 2, 3, 4, 5, 6, 7}, tl.Start)
	assert.Equal(t, []float64{1, 1, 1, 1, 1, 1, 1, 1}, tl.Width)
	assert.Equal(t, []float64{0, 0, 1, 1, 1, 0, 1, 0}, tl.LOLP)
	assert.Equal(t, make([]float64, 8), tl.LOLPStdErr)
	short := []float64{0, 0, 0.5, 1, 0.25, 0, 0.1, 0}
	for b := range 8 {
		assert.InDelta(t, short[b], tl.ShortHours[b], 1e-12, "bucket %d", b)
		assert.InDelta(t, 50*short[b], tl.EUE[b], 1e-9, "bucket %d", b)
		assert.Equal(t, 0.0, tl.EUEStdErr[b], "bucket %d: identical trials", b)
		// Every trial has the same coverage: the bands are that value,
		// within the bound of the bins.
		for _, band := range [][]float64{tl.Coverage.P5, tl.Coverage.P50, tl.Coverage.P95} {
			assert.InDelta(t, 1-short[b], band[b], math.Max(short[b]/64, 0x1p-20), "bucket %d", b)
		}
	}
	assert.Nil(t, tl.ColdCustomers, "power has no cold customers")
	require.Len(t, tl.Classes, len(sum.Classes()))
	for _, c := range tl.Classes {
		want := 1.0 // classes without consumers are fully served
		if c.Class == "residential" {
			want = 1 - short[3]
		}
		assert.InDelta(t, want, c.P50[3], (1-want)/64, c.Class)
	}

	sh := sum.Shortfalls()
	assert.InDelta(t, 1.85, sh.LOLEDuration, 1e-12)
	assert.Equal(t, sum.Adequacy().LOLE, sh.LOLEDuration)
	assert.Equal(t, 4.0, sh.LOLEClockHours, "hours 2, 3, 4 and 6")
	assert.Equal(t, 0.0, sh.LOLEClockHoursStdErr)
	assert.Equal(t, 2.0, sh.Events)
	assert.InDelta(t, 0.925, sh.MeanEventDuration, 1e-12)
	assert.InDelta(t, 46.25, sh.MeanEventSize, 1e-9)
	assert.InDelta(t, 92.5, sh.EUE, 1e-9)

	// Outages meeting end to start make one event; clock hours do not
	// depend on the resolution.
	plan = feedWithOutages(t, 8, 0.5, [2]float64{2.5, 3}, [2]float64{3, 4.25}, [2]float64{6.2, 6.3})
	sum, err = scenario.Study{Plan: plan, Seed: 1, Trials: 2}.Run(context.Background())
	require.NoError(t, err)
	sh = sum.Shortfalls()
	assert.Equal(t, 2.0, sh.Events)
	assert.Equal(t, 4.0, sh.LOLEClockHours)
	tl = sum.Timeline()
	require.Len(t, tl.LOLP, 16)
	assert.Equal(t, []float64{0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0}, tl.LOLP)

	// A horizon that is not a whole number of hours: the last bucket is
	// cut, and its partial hour counts.
	plan = feedWithOutages(t, 2.5, 1, [2]float64{2.2, 2.4})
	sum, err = scenario.Study{Plan: plan, Seed: 1, Trials: 1}.Run(context.Background())
	require.NoError(t, err)
	tl = sum.Timeline()
	assert.Equal(t, []float64{1, 1, 0.5}, tl.Width)
	assert.Equal(t, 1.0, sum.Shortfalls().LOLEClockHours)
}

// A two-state Markov unit (failure rate λ = 0.025 /h, repair rate
// μ = 0.1 /h) started in its steady state, down with probability
// q = λ/(λ+μ) = 0.2, is the only supply of a 50 kW load. The process is
// stationary, so in every one-hour bucket:
//
//	LOLP_t     = 1 − (1−q)·e^(−λ)   (not up throughout the hour) = 0.21975
//	E[short]   = q = 0.2 h,  EUE_t = 50·q = 10 kWh
//	P(cov = 1) = (1−q)·e^(−λ) = 0.780 > 0.5: P50 = P95 = 1 exactly
//	P(cov = 0) = q·e^(−μ)     = 0.181 > 0.05: P5 = 0 exactly
//
// and over H hours: LOLE in clock hours H·LOLP_t, LOLE as time q·H,
// E[events] = q + λ(1−q)H (down at 0, then one event per failure), and a
// mean event duration of q·H/E[events].
func TestRiskTimelineMarkovUnit(t *testing.T) {
	const (
		perYear = 219.0
		mttr    = 10.0
		H       = 48.0
		trials  = 3000
	)
	lam, mu := perYear/8760, 1/mttr
	q := lam / (lam + mu)
	lolpT := 1 - (1-q)*math.Exp(-lam)
	require.InDelta(t, 0.21975, lolpT, 1e-5)
	sum, err := scenario.Study{Plan: studySingleFeed(t, perYear, mttr, H), Seed: 5, Trials: trials}.Run(context.Background())
	require.NoError(t, err)
	tl := sum.Timeline()
	require.Len(t, tl.LOLP, int(H))
	var meanLOLP, meanShort, meanEUE float64
	for b := range tl.LOLP {
		assert.InDelta(t, lolpT, tl.LOLP[b], 5*tl.LOLPStdErr[b], "bucket %d", b)
		assert.InDelta(t, q, tl.ShortHours[b], 5*tl.ShortHoursStdErr[b], "bucket %d", b)
		assert.InDelta(t, 50*q, tl.EUE[b], 5*tl.EUEStdErr[b], "bucket %d", b)
		assert.InDelta(t, 50*tl.ShortHours[b], tl.EUE[b], 1e-9, "bucket %d: ENS is 50 kW × time short", b)
		assert.Equal(t, 1.0, tl.Coverage.P50[b], "bucket %d", b)
		assert.Equal(t, 1.0, tl.Coverage.P95[b], "bucket %d", b)
		assert.Equal(t, 0.0, tl.Coverage.P5[b], "bucket %d", b)
		meanLOLP += tl.LOLP[b] / H
		meanShort += tl.ShortHours[b] / H
		meanEUE += tl.EUE[b] / H
	}
	// Averages over the buckets: the bucket estimates are positively
	// correlated, so the single-bucket error bounds them.
	assert.InDelta(t, lolpT, meanLOLP, 3*tl.LOLPStdErr[0])
	assert.InDelta(t, q, meanShort, 3*tl.ShortHoursStdErr[0])

	sh := sum.Shortfalls()
	t.Logf("LOLE clock hours %.3f ± %.3f (want %.3f); events %.4f ± %.4f (want %.4f); mean duration %.3f h (want %.3f)",
		sh.LOLEClockHours, sh.LOLEClockHoursStdErr, H*lolpT, sh.Events, sh.EventsStdErr, q+lam*(1-q)*H,
		sh.MeanEventDuration, q*H/(q+lam*(1-q)*H))
	assert.InDelta(t, H*lolpT, sh.LOLEClockHours, 4*sh.LOLEClockHoursStdErr)
	assert.InDelta(t, q*H, sh.LOLEDuration, 4*sh.LOLEDurationStdErr)
	assert.Greater(t, sh.LOLEClockHours, sh.LOLEDuration)
	events := q + lam*(1-q)*H
	assert.InDelta(t, events, sh.Events, 4*sh.EventsStdErr)
	assert.InDelta(t, q*H/events, sh.MeanEventDuration, 0.06*q*H/events)
	assert.InDelta(t, 50*sh.MeanEventDuration, sh.MeanEventSize, 1e-9*sh.MeanEventSize)
	// The per-bucket figures add up to the horizon figures.
	var lole, eue float64
	for b := range tl.LOLP {
		lole += tl.ShortHours[b]
		eue += tl.EUE[b]
	}
	assert.InDelta(t, sh.LOLEDuration, lole, 1e-9*lole)
	assert.InDelta(t, sh.EUE, eue, 1e-9*eue)
}

// oracleTimeline recomputes a study's risk over time from the trials'
// own timelines, with independent arithmetic: exact rational means,
// sorting for quantiles.
type oracleTimeline struct {
	lolp, eue, short []float64
	cov              [][]float64   // [bucket] sorted coverage
	class            [][][]float64 // [class][bucket] sorted coverage
	cold             [][]float64   // [bucket] sorted cold customers
	coldMean         []float64
	events, clock    float64
}

func oracleOf(t *testing.T, plan *scenario.Plan, seed uint64, trials int, net int) *oracleTimeline {
	t.Helper()
	var o oracleTimeline
	var eue, short, coldSum []*big.Rat
	var events, clock int
	for i := range trials {
		res, err := plan.NewTrial(seed, i).RunContext(context.Background())
		require.NoError(t, err)
		n := res.Networks[net]
		tl := n.Timeline
		nb := len(tl.Unserved)
		if o.lolp == nil {
			o.lolp, o.cov = make([]float64, nb), make([][]float64, nb)
			o.class = make([][][]float64, len(tl.ClassCoverage))
			for k := range o.class {
				o.class[k] = make([][]float64, nb)
			}
			for range nb {
				eue = append(eue, new(big.Rat))
				short = append(short, new(big.Rat))
				coldSum = append(coldSum, new(big.Rat))
			}
			if tl.ColdCustomers != nil {
				o.cold = make([][]float64, nb)
			}
		}
		for b := range nb {
			if tl.ShortHours[b] > 0 {
				o.lolp[b]++
			}
			eue[b].Add(eue[b], new(big.Rat).SetFloat64(tl.Unserved[b]))
			short[b].Add(short[b], new(big.Rat).SetFloat64(tl.ShortHours[b]))
			o.cov[b] = append(o.cov[b], tl.Coverage[b])
			for k := range o.class {
				o.class[k][b] = append(o.class[k][b], tl.ClassCoverage[k][b])
			}
			if o.cold != nil {
				o.cold[b] = append(o.cold[b], tl.ColdCustomers[b])
				coldSum[b].Add(coldSum[b], new(big.Rat).SetFloat64(tl.ColdCustomers[b]))
			}
		}
		events += n.ShortfallEvents
		clock += n.ShortfallClockHours
	}
	nr := big.NewRat(int64(trials), 1)
	for b := range o.lolp {
		o.lolp[b] /= float64(trials)
		f, _ := eue[b].Quo(eue[b], nr).Float64()
		o.eue = append(o.eue, f)
		f, _ = short[b].Quo(short[b], nr).Float64()
		o.short = append(o.short, f)
		f, _ = coldSum[b].Quo(coldSum[b], nr).Float64()
		o.coldMean = append(o.coldMean, f)
		slices.Sort(o.cov[b])
		for k := range o.class {
			slices.Sort(o.class[k][b])
		}
		if o.cold != nil {
			slices.Sort(o.cold[b])
		}
	}
	o.events = float64(events) / float64(trials)
	o.clock = float64(clock) / float64(trials)
	return &o
}

// type1 is the ⌈p·n⌉-th smallest of the sorted xs.
func type1(xs []float64, percent int) float64 {
	r := (percent*len(xs) + 99) / 100
	return xs[max(r, 1)-1]
}

// checkAgainstOracle compares a summary's risk over time with the oracle:
// means equal to the last bit, bands within their stated bounds.
func checkAgainstOracle(t *testing.T, sum *scenario.Summary, o *oracleTimeline) {
	t.Helper()
	tl := sum.Timeline()
	assert.Equal(t, o.lolp, tl.LOLP)
	assert.Equal(t, o.eue, tl.EUE)
	assert.Equal(t, o.short, tl.ShortHours)
	sh := sum.Shortfalls()
	assert.Equal(t, o.events, sh.Events)
	assert.Equal(t, o.clock, sh.LOLEClockHours)
	bandsOK := func(what string, sorted [][]float64, got scenario.Bands, coverage bool) {
		for b := range sorted {
			for j, pc := range []int{5, 50, 95} {
				exact := type1(sorted[b], pc)
				est := [][]float64{got.P5, got.P50, got.P95}[j][b]
				bound := math.Max(exact/64, 0x1p-20)
				if coverage {
					bound = math.Max((1-exact)/64, 0x1p-20)
				}
				assert.LessOrEqual(t, math.Abs(est-exact), bound*(1+1e-12), "%s: bucket %d: P%d %v, exact %v", what, b, pc, est, exact)
			}
		}
	}
	bandsOK("coverage", o.cov, tl.Coverage, true)
	for k, c := range tl.Classes {
		bandsOK("class "+c.Class, o.class[k], c.Bands, true)
	}
	if o.cold == nil {
		assert.Nil(t, tl.ColdCustomers)
		return
	}
	require.NotNil(t, tl.ColdCustomers)
	assert.Equal(t, o.coldMean, tl.ColdCustomers.Mean)
	bandsOK("cold customers", o.cold, tl.ColdCustomers.Bands, false)
}

// heatPlan is a district heating network in a cold spell with faulty
// sources: customers go cold in some trials, at times that vary.
func heatPlan(t *testing.T) *scenario.Plan {
	t.Helper()
	b := network.NewBuilder(network.Heat)
	b.AddNode(network.Node{ID: "chp", Role: network.Source, Capacity: 900})
	b.AddNode(network.Node{ID: "boiler", Role: network.Source, Capacity: 500})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 200, Customers: 1})
	b.AddNode(network.Node{ID: "flats-a", Role: network.Consumer, Demand: 600, Customers: 1500})
	b.AddNode(network.Node{ID: "flats-b", Role: network.Consumer, Demand: 500, Customers: 1200})
	for _, l := range []network.Link{
		{ID: "l1", From: "chp", To: "hospital"}, {ID: "l2", From: "chp", To: "flats-a"},
		{ID: "l3", From: "boiler", To: "flats-b"}, {ID: "tie", From: "chp", To: "boiler", Capacity: 150},
	} {
		b.AddLink(l)
	}
	net, err := b.Build()
	require.NoError(t, err)
	outdoor := make([]float64, 72)
	for h := range outdoor {
		outdoor[h] = -15 - 8*math.Sin(float64(h)/72*math.Pi)
	}
	return studyPlan(t, &scenario.Scenario{
		Name: "cold spell", Horizon: 72, Resolution: 3,
		Utilities: []scenario.Utility{{ID: "heat", Net: net}},
		Weather:   &scenario.Weather{Outdoor: outdoor, Design: -22, TimeConstant: 12},
		Faults:    []scenario.FaultModel{{Role: network.Source, Rate: 90, Repair: crew.LogNormal(14, 0.6)}},
	})
}

// The risk over time of a study equals what the trials' own timelines
// give by exact rational arithmetic and by sorting, on a power scenario
// with crews and on a heat scenario with cold customers.
func TestRiskTimelineAgainstTrials(t *testing.T) {
	ctx := context.Background()
	rich := studyRich(t)
	sum, err := scenario.Study{Plan: rich, Seed: 4, Trials: 150}.Run(ctx)
	require.NoError(t, err)
	o := oracleOf(t, rich, 4, 150, 0)
	checkAgainstOracle(t, sum, o)
	varies := false
	for b := range o.lolp {
		if o.lolp[b] > 0 && o.lolp[b] < 1 {
			varies = true
		}
	}
	assert.True(t, varies, "the scenario is not degenerate")

	heat := heatPlan(t)
	sum, err = scenario.Study{Plan: heat, Seed: 9, Trials: 200}.Run(ctx)
	require.NoError(t, err)
	o = oracleOf(t, heat, 9, 200, 0)
	checkAgainstOracle(t, sum, o)
	tl := sum.Timeline()
	require.NotNil(t, tl.ColdCustomers)
	spread := false
	for b := range tl.Start {
		if tl.ColdCustomers.P95[b] > tl.ColdCustomers.P5[b] {
			spread = true
		}
	}
	assert.True(t, spread, "cold customers vary between trials")
}

// Without trials, every figure is NaN; the shapes stay.
func TestRiskTimelineEmpty(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sum, err := scenario.Study{Plan: heatPlan(t), Seed: 1, Trials: 5}.Run(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 0, sum.Trials())
	tl := sum.Timeline()
	require.Len(t, tl.LOLP, 24)
	assert.True(t, math.IsNaN(tl.LOLP[0]) && math.IsNaN(tl.EUE[0]) && math.IsNaN(tl.Coverage.P50[0]))
	assert.True(t, math.IsNaN(tl.ColdCustomers.Mean[0]) && math.IsNaN(tl.ColdCustomers.P5[0]))
	sh := sum.Shortfalls()
	assert.True(t, math.IsNaN(sh.Events) && math.IsNaN(sh.LOLEClockHours) && math.IsNaN(sh.MeanEventDuration))
}
