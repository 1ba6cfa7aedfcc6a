package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lifeline-sim/lifeline/network"
)

// Stat summarises one metric over the trials of a study.
//
// Mean is the sum of the values in trial order divided by N. StdDev is the
// sample standard deviation (divisor N − 1; 0 when N = 1) and StdErr the
// standard error of the mean, StdDev/√N.
//
// [CI95Low, CI95High] is a 95% confidence interval of the mean that stays
// within the bounds of the metric (every metric is ≥ 0; fractions are at
// most 1, durations at most the horizon), and CIMethod says how it was
// made. With t the 0.975 quantile of Student's t distribution with N − 1
// degrees of freedom (1.96 for large N; 3.18 for N = 4):
//
//   - CIStudentT: Mean ± t·StdErr, the usual interval, when it lies within
//     the bounds — always so once the trials are many.
//   - CILogT: for a metric bounded only below (by 0) whose t interval
//     would cross 0, the same interval on the logarithmic scale, where the
//     delta method gives the mean a standard error StdErr/Mean:
//     [Mean·e^(−t·StdErr/Mean), Mean·e^(t·StdErr/Mean)]. It is positive and
//     skewed to the right, as the sampling distribution of a mean of
//     skewed non-negative values is when the trials are few. When even
//     that interval would span more than a factor of 100
//     (t·StdErr/Mean > ln 10), as with one trial in four far above three
//     zeros, the trials are too few: CITooFew.
//   - CILogitT: for a metric bounded on both sides, lo ≤ x ≤ hi, whose t
//     interval would cross a bound, the interval on the logit scale of
//     p = (Mean − lo)/(hi − lo), with standard error
//     StdErr/((hi − lo)·p·(1 − p)), mapped back.
//   - CIPoint: every trial gave the same value (StdErr = 0): the point
//     Mean, whatever N ≥ 2.
//   - CITooFew: one trial, or a log interval spanning more than a factor
//     of 100, gives no interval: both ends are NaN. Run more trials.
//
// A sample with values outside the metric's bounds (which no study
// records) gets the t interval.
//
// Percentiles interpolate linearly between order statistics (the default
// of R and NumPy, "type 7"): with the values sorted as x₍₀₎ ≤ … ≤ x₍N−1₎,
// the p-quantile is x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) with
// h = (N − 1)·p. P50 is the median; P0 would be Min and P100 Max.
//
// CVaR95 is the mean of the worst 5% tail. For a metric where higher is
// worse (Summary.HigherIsWorse) it is the mean of the values ≥ P95; for a
// metric where lower is worse (coverage, ASAI and the like) the mean of the
// values ≤ P5. For the values 1, 2, …, 100: P95 = 95.05 and CVaR95 = 98
// (the mean of 96…100), or, lower being worse, P5 = 5.95 and CVaR95 = 3.
//
// With N = 0 every field but N is NaN.
type Stat struct {
	N                    int
	Mean, StdDev, StdErr float64
	CI95Low, CI95High    float64
	CIMethod             string // CIStudentT, CILogT, CILogitT, CIPoint or CITooFew; "" when N = 0
	Min, Max             float64
	P5, P50, P95, P99    float64
	CVaR95               float64
}

// How the interval of a Stat was made (Stat.CIMethod).
const (
	CIStudentT = "t"
	CILogT     = "log-t"
	CILogitT   = "logit-t"
	CIPoint    = "point"
	CITooFew   = "too few trials"
)

// RSE returns the relative standard error StdErr/|Mean|: +Inf when Mean is
// zero (including an all-zero sample) and NaN when N = 0.
func (s Stat) RSE() float64 {
	if s.N == 0 {
		return math.NaN()
	}
	if s.Mean == 0 {
		return math.Inf(1)
	}
	return s.StdErr / math.Abs(s.Mean)
}

// ExceedancePoint is one point of an exceedance curve: the share of trials
// whose value is at least Value, an estimate of P(X ≥ Value).
type ExceedancePoint struct {
	Value float64
	P     float64
}

// Bin is one bin of a histogram: the trials with Low ≤ value < High (the
// last bin also holds value = High). Share is Count over the number of
// trials.
type Bin struct {
	Low, High float64
	Count     int
	Share     float64
}

// Metric names of a study summary, in the order of a record's values. The
// service-level metrics follow, one per service level: "longest_critical_below_0", ….
const (
	MetricENS                 = "ens"
	MetricServed              = "served"
	MetricDemand              = "demand"
	MetricCoverage            = "coverage"
	MetricECS                 = "ecs"
	MetricEOH                 = "eoh"
	MetricCustomerHoursLost   = "customer_hours_lost"
	MetricSAIFI               = "saifi"
	MetricSAIDI               = "saidi"
	MetricCAIDI               = "caidi"
	MetricASAI                = "asai"
	MetricValueLost           = "value_lost"
	MetricMinCriticalCoverage = "min_critical_coverage"
	MetricLossOfLoadHours     = "loss_of_load_hours"
	MetricTimeToRestore       = "time_to_restore"
	MetricColdCustomerHours   = "cold_customer_hours"
	MetricPeakColdCustomers   = "peak_cold_customers"
	MetricCrewUtilisation     = "crew_utilisation"
	MetricMeanWait            = "mean_wait"
	// MetricLongestCriticalBelow is the prefix of the service-level
	// metrics: MetricLongestCriticalBelow + "0" for the first level.
	MetricLongestCriticalBelow = "longest_critical_below_"
)

// metricDef describes one scalar metric of a trial.
type metricDef struct {
	name       string
	unit       string // "q" stands for the network's quantity unit
	lowerWorse bool
	get        func(r *Result, n *NetResult) float64
}

// metricBounds returns the range of the metric at index k over a horizon
// of h hours: [0, 1] for fractions, [0, h] for durations within the run,
// [0, +Inf) for the rest.
func metricBounds(k int, h float64) (lo, hi float64) {
	if k >= len(baseMetrics) {
		return 0, h // longest_critical_below_i
	}
	switch baseMetrics[k].name {
	case MetricCoverage, MetricECS, MetricASAI, MetricMinCriticalCoverage, MetricCrewUtilisation:
		return 0, 1
	case MetricEOH, MetricSAIDI, MetricCAIDI, MetricLossOfLoadHours, MetricTimeToRestore:
		return 0, h
	}
	return 0, math.Inf(1)
}

// baseMetrics are the metrics recorded for every trial, before the
// service-level ones. The order is part of the summary format: append only.
var baseMetrics = []metricDef{
	{MetricENS, "q", false, func(_ *Result, n *NetResult) float64 { return n.Total.ENS() }},
	{MetricServed, "q", true, func(_ *Result, n *NetResult) float64 { return n.Total.Served }},
	{MetricDemand, "q", false, func(_ *Result, n *NetResult) float64 { return n.Total.Demand }},
	{MetricCoverage, "", true, func(_ *Result, n *NetResult) float64 { return n.Total.PCS() }},
	{MetricECS, "", true, func(r *Result, n *NetResult) float64 { return n.Total.ECS(r.Horizon) }},
	{MetricEOH, "h", false, func(_ *Result, n *NetResult) float64 { return n.Total.EOH }},
	{MetricCustomerHoursLost, "customer·h", false, func(_ *Result, n *NetResult) float64 { return n.Total.CustomerHoursLost }},
	{MetricSAIFI, "interruptions/customer", false, func(_ *Result, n *NetResult) float64 { return n.Total.SAIFI() }},
	{MetricSAIDI, "h/customer", false, func(_ *Result, n *NetResult) float64 { return n.Total.SAIDI() }},
	{MetricCAIDI, "h", false, func(_ *Result, n *NetResult) float64 { return n.Total.CAIDI() }},
	{MetricASAI, "", true, func(r *Result, n *NetResult) float64 { return n.Total.ASAI(r.Horizon) }},
	{MetricValueLost, "money", false, func(_ *Result, n *NetResult) float64 { return n.Total.ValueLost.InexactFloat64() }},
	{MetricMinCriticalCoverage, "", true, func(_ *Result, n *NetResult) float64 { return n.MinCriticalCoverage }},
	{MetricLossOfLoadHours, "h", false, func(_ *Result, n *NetResult) float64 { return n.LossOfLoadHours }},
	{MetricTimeToRestore, "h", false, func(_ *Result, n *NetResult) float64 { return n.TimeToRestore }},
	{MetricColdCustomerHours, "customer·h", false, func(_ *Result, n *NetResult) float64 { return n.ColdCustomerHours }},
	{MetricPeakColdCustomers, "customers", false, func(_ *Result, n *NetResult) float64 { return float64(n.PeakColdCustomers) }},
	{MetricCrewUtilisation, "", false, func(r *Result, _ *NetResult) float64 { return r.Crew.UtilisationTotal() }},
	{MetricMeanWait, "h", false, func(r *Result, _ *NetResult) float64 { return r.Crew.MeanWait() }},
}

// metricNames returns the metric names of a summary with nLevels service
// levels, in record order.
func metricNames(nLevels int) []string {
	names := make([]string, 0, len(baseMetrics)+nLevels)
	for _, m := range baseMetrics {
		names = append(names, m.name)
	}
	for i := range nLevels {
		names = append(names, fmt.Sprintf("%s%d", MetricLongestCriticalBelow, i))
	}
	return names
}

// metricLowerWorse reports whether lower values of the metric at index k
// are worse; service-level metrics (k beyond the base ones) are higher-worse.
func metricLowerWorse(k int) bool { return k < len(baseMetrics) && baseMetrics[k].lowerWorse }

// metricUnit returns the unit of the metric at index k for a network of
// the given kind.
func metricUnit(k int, kind network.Kind) string {
	if k >= len(baseMetrics) {
		return "h"
	}
	if u := baseMetrics[k].unit; u != "q" {
		return u
	}
	return kind.QuantityUnit()
}

// record fills vals (len(baseMetrics) + levels) with the metrics of one
// trial for network n.
func record(vals []float64, r *Result, n *NetResult) {
	for k, m := range baseMetrics {
		vals[k] = m.get(r, n)
	}
	for i := len(baseMetrics); i < len(vals); i++ {
		l := i - len(baseMetrics)
		if l < len(n.LongestCriticalBelow) {
			vals[i] = n.LongestCriticalBelow[l]
		}
	}
}

// errNoMetric reports an unknown metric name.
var errNoMetric = errors.New("unknown metric")

// describe computes the Stat of xs, given in trial order, of a metric
// within [lo, hi]. lowerWorse puts CVaR95 on the lower tail. O(N log N):
// it sorts a copy.
func describe(xs []float64, lowerWorse bool, lo, hi float64) Stat {
	n := len(xs)
	if n == 0 {
		nan := math.NaN()
		return Stat{Mean: nan, StdDev: nan, StdErr: nan, CI95Low: nan, CI95High: nan, Min: nan, Max: nan,
			P5: nan, P50: nan, P95: nan, P99: nan, CVaR95: nan}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(n)
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
	}
	st := Stat{N: n, Mean: mean}
	if n > 1 {
		st.StdDev = math.Sqrt(ss / float64(n-1))
		st.StdErr = st.StdDev / math.Sqrt(float64(n))
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if s[0] < lo || s[n-1] > hi {
		lo, hi = math.Inf(-1), math.Inf(1) // not a sample of this metric
	}
	st.CI95Low, st.CI95High, st.CIMethod = interval95(n, mean, st.StdErr, lo, hi)
	st.Min, st.Max = s[0], s[n-1]
	st.P5 = quantile(s, 0.05)
	st.P50 = quantile(s, 0.50)
	st.P95 = quantile(s, 0.95)
	st.P99 = quantile(s, 0.99)
	st.CVaR95 = tailMean(s, lowerWorse, st.P5, st.P95)
	return st
}

// maxLogHalfWidth bounds the half-width of a log-scale interval: beyond
// ln 10 the interval would span more than a factor of 100 and the trials
// are too few to say anything about the mean.
var maxLogHalfWidth = math.Log(10)

// interval95 returns the 95% interval of a mean of n values within
// [lo, hi] with standard error se, and its method (see Stat).
func interval95(n int, mean, se, lo, hi float64) (low, high float64, method string) {
	if n < 2 {
		return math.NaN(), math.NaN(), CITooFew
	}
	if se == 0 || math.IsNaN(se) {
		return mean, mean, CIPoint
	}
	t := tQuantile975(n - 1)
	low, high = mean-t*se, mean+t*se
	switch {
	case low >= lo && high <= hi:
		return low, high, CIStudentT
	case math.IsInf(hi, 1) && !math.IsInf(lo, -1) && mean > lo:
		m := mean - lo
		d := t * se / m
		if d > maxLogHalfWidth {
			return math.NaN(), math.NaN(), CITooFew
		}
		f := math.Exp(d)
		return lo + m/f, lo + m*f, CILogT
	case !math.IsInf(lo, -1) && !math.IsInf(hi, 1) && mean > lo && mean < hi:
		w := hi - lo
		p := (mean - lo) / w
		c := math.Log(p / (1 - p))
		d := t * se / (w * p * (1 - p))
		logistic := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
		return lo + w*logistic(c-d), lo + w*logistic(c+d), CILogitT
	}
	// The mean sits on a bound with a spread: not a sample of the metric.
	return low, high, CIStudentT
}

// tQuantile975 returns the 0.975 quantile of Student's t distribution
// with dof degrees of freedom.
func tQuantile975(dof int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(dof)}.Quantile(0.975)
}

// quantile returns the p-quantile of the sorted sample s (len ≥ 1) by
// linear interpolation of order statistics at h = (len − 1)·p.
func quantile(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	if lo < 0 {
		return s[0]
	}
	frac := h - float64(lo)
	if frac == 0 {
		return s[lo]
	}
	return s[lo] + frac*(s[lo+1]-s[lo])
}

// tailMean returns the mean of the worst 5% tail of the sorted sample s:
// the values ≥ p95, or ≤ p5 if lower is worse. The sum runs in sorted
// order.
func tailMean(s []float64, lowerWorse bool, p5, p95 float64) float64 {
	var lo, hi int // s[lo:hi] is the tail
	if lowerWorse {
		hi = sort.Search(len(s), func(i int) bool { return s[i] > p5 })
	} else {
		lo = sort.SearchFloat64s(s, p95) // first index with s[i] ≥ p95
		hi = len(s)
	}
	if hi <= lo { // cannot happen for a non-empty sample; be safe
		return math.NaN()
	}
	var sum float64
	for _, x := range s[lo:hi] {
		sum += x
	}
	return sum / float64(hi-lo)
}

// exceedance returns the exceedance curve of xs: with points ≥ 2, points
// values evenly spaced from the minimum to the maximum; with points ≤ 0,
// every distinct value; with points = 1 (or all values equal), the
// minimum alone. O(N log N).
func exceedance(xs []float64, points int) []ExceedancePoint {
	n := len(xs)
	if n == 0 {
		return nil
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	atLeast := func(v float64) float64 {
		i := sort.SearchFloat64s(s, v)
		return float64(n-i) / float64(n)
	}
	lo, hi := s[0], s[n-1]
	if points == 1 || lo == hi {
		return []ExceedancePoint{{Value: lo, P: 1}}
	}
	var out []ExceedancePoint
	if points <= 0 {
		for i, v := range s {
			if i > 0 && v == s[i-1] {
				continue
			}
			out = append(out, ExceedancePoint{Value: v, P: float64(n-i) / float64(n)})
		}
		return out
	}
	out = make([]ExceedancePoint, points)
	step := (hi - lo) / float64(points-1)
	for j := range out {
		v := lo + float64(j)*step
		if j == points-1 {
			v = hi
		}
		out[j] = ExceedancePoint{Value: v, P: atLeast(v)}
	}
	return out
}

// histogram returns bins equal-width bins from the minimum to the maximum
// of xs; a single bin if all values are equal. O(N).
func histogram(xs []float64, bins int) []Bin {
	n := len(xs)
	if n == 0 {
		return nil
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	if lo == hi {
		return []Bin{{Low: lo, High: hi, Count: n, Share: 1}}
	}
	out := make([]Bin, bins)
	w := (hi - lo) / float64(bins)
	for j := range out {
		out[j].Low = lo + float64(j)*w
		out[j].High = lo + float64(j+1)*w
	}
	out[bins-1].High = hi
	for _, x := range xs {
		j := int((x - lo) / w)
		j = max(0, min(j, bins-1))
		// Guard against rounding at the edges: keep Low ≤ x < High.
		for j > 0 && x < out[j].Low {
			j--
		}
		for j < bins-1 && x >= out[j].High {
			j++
		}
		out[j].Count++
	}
	for j := range out {
		out[j].Share = float64(out[j].Count) / float64(n)
	}
	return out
}

// ServiceRiskInterval returns the 95% Wilson score interval of the
// probability ServiceRisk(i) estimates: with k of N trials beyond the
// level's duration, p = k/N and z = 1.96,
//
//	(p + z²/2N ± z·√(p(1−p)/N + z²/4N²)) / (1 + z²/N),
//
// which stays within [0, 1] and does not collapse to a point when no
// trial, or every trial, goes beyond (0 of 20 trials gives [0, 0.161]).
// Both ends are NaN without trials. It panics if i is not the index of a
// service level. O(N).
func (s *Summary) ServiceRiskInterval(i int) (lo, hi float64) {
	p, _ := s.ServiceRisk(i)
	n := float64(s.n)
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	return wilson95(p, n)
}

// wilson95 returns the 95% Wilson score interval of a proportion p of n.
func wilson95(p, n float64) (lo, hi float64) {
	z := distuv.UnitNormal.Quantile(0.975)
	den := 1 + z*z/n
	c := (p + z*z/(2*n)) / den
	h := z / den * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	return math.Max(0, c-h), math.Min(1, c+h)
}
