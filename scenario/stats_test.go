package scenario

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
)

// handSummary builds a summary over horizon hours with one service level
// (0.95 for 24 h) whose trials are given in any order; fill sets each
// trial's metric values.
func handSummary(trials []int, horizon float64, fill func(trial int, vals []float64)) *Summary {
	s := &Summary{scenario: "hand", seed: 9, network: "power", kind: network.Power, horizon: horizon,
		resolution: horizon, levels: []ServiceLevel{{Level: 0.95, Duration: 24}}, metrics: metricNames(1),
		risk: newRiskAcc(1, 0, false)}
	m := len(s.metrics)
	byTrial := map[int][]float64{}
	for _, tr := range trials {
		vals := make([]float64, m)
		fill(tr, vals)
		byTrial[tr] = vals
	}
	// Records sorted by trial, as a study keeps them, one chunk per run
	// of consecutive trials.
	for tr := 0; s.n < len(trials); tr++ {
		v, ok := byTrial[tr]
		if !ok {
			continue
		}
		if k := len(s.parts) - 1; k >= 0 && s.parts[k].first+len(s.parts[k].vals)/m == tr {
			s.parts[k].vals = append(s.parts[k].vals, v...)
		} else {
			s.parts = append(s.parts, chunk{first: tr, vals: v})
		}
		s.n++
		// Each trial adds a sample of one bucket to the risk over time.
		s.risk.add(&riskSample{unserved: v[:1], shortH: []float64{v[metricIdxOf(MetricLossOfLoadHours)]},
			coverage: []float64{min(max(v[metricIdxOf(MetricCoverage)], 0), 1)}})
	}
	s.risk.freeze()
	return s
}

func metricIdxOf(name string) int {
	for k, n := range metricNames(1) {
		if n == name {
			return k
		}
	}
	panic(name)
}

func metricIdx(t *testing.T, name string) int {
	t.Helper()
	for k, n := range metricNames(1) {
		if n == name {
			return k
		}
	}
	t.Fatalf("no metric %q", name)
	return -1
}

// Trials 0…99 whose ens is a permutation of 1…100 and coverage
// (lower worse) too.
func hundred(t *testing.T) *Summary {
	perm := rand.New(rand.NewPCG(1, 2)).Perm(100)
	trials := make([]int, 100)
	for i := range trials {
		trials[i] = i
	}
	ens, cov := metricIdx(t, MetricENS), metricIdx(t, MetricCoverage)
	return handSummary(trials, 200, func(tr int, v []float64) {
		v[ens] = float64(perm[tr] + 1)
		v[cov] = float64(perm[tr] + 1)
	})
}

// The values 1…100: mean 50.5, sample variance n(n+1)/12 = 841.67;
// percentiles at h = 99p: P5 = 1 + 4.95 = 5.95, P50 = 50.5, P95 = 95.05,
// P99 = 99.01; the worst 5% (values ≥ 95.05) are 96…100, mean 98; on the
// lower tail (values ≤ 5.95) 1…5, mean 3. The 95% interval uses
// t(0.975, 99 dof) = 1.984217.
func TestStatHundred(t *testing.T) {
	s := hundred(t)
	st, err := s.Stat(MetricENS)
	require.NoError(t, err)
	assert.Equal(t, 100, st.N)
	assert.Equal(t, 50.5, st.Mean)
	sd := math.Sqrt(100 * 101 / 12.0)
	assert.InDelta(t, sd, st.StdDev, 1e-12)
	assert.InDelta(t, sd/10, st.StdErr, 1e-12)
	assert.InDelta(t, 1.984217, (st.CI95High-st.Mean)/st.StdErr, 1e-6)
	assert.InDelta(t, st.Mean-st.CI95Low, st.CI95High-st.Mean, 1e-12)
	assert.Equal(t, 1.0, st.Min)
	assert.Equal(t, 100.0, st.Max)
	assert.InDelta(t, 5.95, st.P5, 1e-12)
	assert.Equal(t, 50.5, st.P50)
	assert.InDelta(t, 95.05, st.P95, 1e-12)
	assert.InDelta(t, 99.01, st.P99, 1e-12)
	assert.Equal(t, 98.0, st.CVaR95)
	assert.InDelta(t, sd/10/50.5, st.RSE(), 1e-15)

	cov, err := s.Stat(MetricCoverage)
	require.NoError(t, err)
	assert.Equal(t, 3.0, cov.CVaR95)
	assert.Equal(t, st.P5, cov.P5)
	worse, err := s.HigherIsWorse(MetricCoverage)
	require.NoError(t, err)
	assert.False(t, worse)
	worse, err = s.HigherIsWorse(MetricENS)
	require.NoError(t, err)
	assert.True(t, worse)
	worse, err = s.HigherIsWorse(MetricLongestCriticalBelow + "0")
	require.NoError(t, err)
	assert.True(t, worse)
	u, err := s.Unit(MetricENS)
	require.NoError(t, err)
	assert.Equal(t, "kWh", u)

	// EUE is the mean ENS; values come back in trial order.
	assert.Equal(t, 50.5, s.EUE())
	xs, err := s.Values(MetricENS)
	require.NoError(t, err)
	perm := rand.New(rand.NewPCG(1, 2)).Perm(100)
	for i, x := range xs {
		assert.Equal(t, float64(perm[i]+1), x)
	}
}

// Exceedance of 1…100 at 5 points: 1, 25.75, 50.5, 75.25, 100 are met or
// exceeded by 100, 75, 50, 25 and 1 values. Ten bins of width 9.9 hold
// ten values each.
func TestStatExceedanceHistogram(t *testing.T) {
	s := hundred(t)
	ex, err := s.Exceedance(MetricENS, 5)
	require.NoError(t, err)
	want := []ExceedancePoint{{1, 1}, {25.75, 0.75}, {50.5, 0.5}, {75.25, 0.25}, {100, 0.01}}
	require.Len(t, ex, 5)
	for i := range want {
		assert.InDelta(t, want[i].Value, ex[i].Value, 1e-12)
		assert.Equal(t, want[i].P, ex[i].P)
	}
	all, err := s.Exceedance(MetricENS, 0)
	require.NoError(t, err)
	require.Len(t, all, 100)
	assert.Equal(t, ExceedancePoint{Value: 37, P: 0.64}, all[36])
	// A constant metric: a single point.
	one, err := s.Exceedance(MetricDemand, 10)
	require.NoError(t, err)
	assert.Equal(t, []ExceedancePoint{{0, 1}}, one)

	h, err := s.Histogram(MetricENS, 10)
	require.NoError(t, err)
	require.Len(t, h, 10)
	for j, b := range h {
		assert.Equal(t, 10, b.Count, "bin %d", j)
		assert.Equal(t, 0.1, b.Share)
		assert.InDelta(t, 1+9.9*float64(j), b.Low, 1e-12)
	}
	assert.Equal(t, 100.0, h[9].High)
	h, err = s.Histogram(MetricDemand, 4)
	require.NoError(t, err)
	assert.Equal(t, []Bin{{Low: 0, High: 0, Count: 100, Share: 1}}, h)
}

// Loss-of-load hours 0 in 90 trials and 10, 20, …, 100 h in the other 10
// over a 200 h horizon: LOLE = 550/100 = 5.5 h, LOLP = 5.5/200 = 0.0275.
// Critical coverage stays below 95% for 30 h in 3 trials and for exactly
// 24 h (not more) in one: service risk 3/100, standard error
// √(0.03·0.97/100).
func TestStatAdequacyAndServiceRisk(t *testing.T) {
	trials := make([]int, 100)
	for i := range trials {
		trials[i] = 3 * i // a sparse range still counts as 100 trials
	}
	lol, ens, lcb := metricIdx(t, MetricLossOfLoadHours), metricIdx(t, MetricENS), metricIdx(t, MetricLongestCriticalBelow+"0")
	s := handSummary(trials, 200, func(tr int, v []float64) {
		i := tr / 3
		if i >= 90 {
			v[lol] = float64(10 * (i - 89))
			v[ens] = 50 * v[lol]
		}
		switch {
		case i < 3:
			v[lcb] = 30
		case i == 3:
			v[lcb] = 24
		}
	})
	assert.InDelta(t, 5.5, s.LOLE(), 1e-12)
	assert.InDelta(t, 0.0275, s.LOLP(), 1e-15)
	assert.InDelta(t, 275, s.EUE(), 1e-12)
	ad := s.Adequacy()
	st, _ := s.Stat(MetricLossOfLoadHours)
	assert.Equal(t, st.StdErr, ad.LOLEStdErr)
	assert.Equal(t, st.StdErr/200, ad.LOLPStdErr)
	assert.InDelta(t, 50*st.StdErr, ad.EUEStdErr, 1e-9)
	p, se := s.ServiceRisk(0)
	assert.Equal(t, 0.03, p)
	assert.InDelta(t, math.Sqrt(0.03*0.97/100), se, 1e-15)
}

func TestStatSmallSamples(t *testing.T) {
	empty := handSummary(nil, 10, nil)
	st, err := empty.Stat(MetricENS)
	require.NoError(t, err)
	assert.Equal(t, 0, st.N)
	assert.True(t, math.IsNaN(st.Mean) && math.IsNaN(st.P50) && math.IsNaN(st.CVaR95))
	assert.True(t, math.IsNaN(st.RSE()))
	p, se := empty.ServiceRisk(0)
	assert.True(t, math.IsNaN(p) && math.IsNaN(se))
	ex, err := empty.Exceedance(MetricENS, 5)
	require.NoError(t, err)
	assert.Empty(t, ex)

	ens := metricIdx(t, MetricENS)
	one := handSummary([]int{4}, 10, func(_ int, v []float64) { v[ens] = 7 })
	st, err = one.Stat(MetricENS)
	require.NoError(t, err)
	assert.Equal(t, Stat{N: 1, Mean: 7, CI95Low: 7, CI95High: 7, Min: 7, Max: 7, P5: 7, P50: 7, P95: 7, P99: 7, CVaR95: 7}, st)

	// Two values 0 and 10: P95 = 9.5, only 10 is in the tail.
	two := handSummary([]int{0, 1}, 10, func(tr int, v []float64) { v[ens] = float64(10 * tr) })
	st, err = two.Stat(MetricENS)
	require.NoError(t, err)
	assert.Equal(t, 9.5, st.P95)
	assert.Equal(t, 10.0, st.CVaR95)
	assert.Equal(t, 0.5, st.P5)
	// t(0.975, 1 dof) = 12.7062.
	assert.InDelta(t, 12.7062047, (st.CI95High-st.Mean)/st.StdErr, 1e-6)
	zero := handSummary([]int{0, 1}, 10, func(int, []float64) {})
	st, _ = zero.Stat(MetricENS)
	assert.True(t, math.IsInf(st.RSE(), 1))
}

func TestSummaryJSON(t *testing.T) {
	s := hundred(t)
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var back Summary
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, *s, back)

	// Bad input: see TestReadSummaryBadInput.
	var syn *json.SyntaxError
	assert.ErrorAs(t, json.Unmarshal([]byte(`{"metrics":[`), &back), &syn)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// Parts written to JSON and read back merge, in reverse order, into the
// records and statistics of the whole.
func TestSummaryMergeHand(t *testing.T) {
	s := hundred(t)
	recs := s.Records()
	part := func(lo, hi int) *Summary {
		var trials []int
		for _, r := range recs[lo:hi] {
			trials = append(trials, r.Trial)
		}
		p := handSummary(trials, s.horizon, func(tr int, vals []float64) {
			for _, r := range recs {
				if r.Trial == tr {
					copy(vals, r.Values)
				}
			}
		})
		var back Summary
		require.NoError(t, json.Unmarshal([]byte(mustJSON(t, p)), &back))
		return &back
	}
	a, b := part(0, 60), part(60, 100)
	m, err := Merge(b, a)
	require.NoError(t, err)
	assert.Equal(t, s.Records(), m.Records())
	assert.Equal(t, mustJSON(t, s), mustJSON(t, m))
	for _, name := range s.Metrics() {
		x, _ := s.Stat(name)
		y, _ := m.Stat(name)
		assert.Equal(t, mustJSON(t, x.Mean), mustJSON(t, y.Mean), name)
	}
}
