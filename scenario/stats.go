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
// standard error of the mean, StdDev/√N. [CI95Low, CI95High] is the 95%
// confidence interval of the mean, Mean ± t·StdErr with t the 0.975
// quantile of Student's t distribution with N − 1 degrees of freedom (1.96
// for large N; the interval is the point Mean when N = 1).
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
	Min, Max             float64
	P5, P50, P95, P99    float64
	CVaR95               float64
}

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

// describe computes the Stat of xs, given in trial order. lowerWorse puts
// CVaR95 on the lower tail. O(N log N): it sorts a copy.
func describe(xs []float64, lowerWorse bool) Stat {
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
	st := Stat{N: n, Mean: mean, CI95Low: mean, CI95High: mean}
	if n > 1 {
		st.StdDev = math.Sqrt(ss / float64(n-1))
		st.StdErr = st.StdDev / math.Sqrt(float64(n))
		t := tQuantile975(n - 1)
		st.CI95Low, st.CI95High = mean-t*st.StdErr, mean+t*st.StdErr
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	st.Min, st.Max = s[0], s[n-1]
	st.P5 = quantile(s, 0.05)
	st.P50 = quantile(s, 0.50)
	st.P95 = quantile(s, 0.95)
	st.P99 = quantile(s, 0.99)
	st.CVaR95 = tailMean(s, lowerWorse, st.P5, st.P95)
	return st
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
