package lifelinetest

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/scenario"
)

// statNames lists the statistics RiskAtMost and RiskAtLeast accept.
const statNames = "mean, min, max, p5, p50, p95, p99, cvar95, ci95low or ci95high"

// statOf returns the named field of s.
func statOf(s scenario.Stat, name string) (float64, bool) {
	switch name {
	case "mean":
		return s.Mean, true
	case "min":
		return s.Min, true
	case "max":
		return s.Max, true
	case "p5":
		return s.P5, true
	case "p50":
		return s.P50, true
	case "p95":
		return s.P95, true
	case "p99":
		return s.P99, true
	case "cvar95":
		return s.CVaR95, true
	case "ci95low":
		return s.CI95Low, true
	case "ci95high":
		return s.CI95High, true
	}
	return 0, false
}

// risk looks up a statistic of a metric of sum for RiskAtMost and
// RiskAtLeast, reporting why it cannot.
func risk(t TB, fn string, sum *scenario.Summary, metric, stat string) (v float64, st scenario.Stat, unit string, ok bool) {
	t.Helper()
	if sum == nil {
		t.Errorf("lifelinetest: %s: nil summary", fn)
		return 0, st, "", false
	}
	st, err := sum.Stat(metric)
	if err != nil {
		t.Errorf("lifelinetest: %s: %v", fn, err)
		return 0, st, "", false
	}
	unit, _ = sum.Unit(metric)
	v, ok = statOf(st, stat)
	if !ok {
		t.Errorf("lifelinetest: %s: unknown statistic %q (want %s)", fn, stat, statNames)
		return 0, st, "", false
	}
	if st.N == 0 {
		t.Errorf("%s: %s %s: the summary has no trials", sum.Network(), metric, stat)
		return 0, st, "", false
	}
	return v, st, unit, true
}

// RiskAtMost asserts that a statistic of a metric over the trials of a
// Monte Carlo study is at most max: for example the 95th percentile of the
// energy not supplied, RiskAtMost(t, sum, "ens", "p95", 5000). metric is
// one of the metric names of scenario.Summary ("ens", "saidi",
// "time_to_restore", "longest_critical_below_0", …) and stat one of
// "mean", "min", "max", "p5", "p50", "p95", "p99", "cvar95" (mean of the
// worst 5%), "ci95low" or "ci95high" (the 95% confidence interval of the
// mean), as defined by scenario.Stat. The point estimate is compared, not
// a confidence bound: run enough trials that its standard error is small
// against the margin. On failure it reports, for example,
//
//	power: ens p95 72817 kWh > 40000 kWh over 400 trials (mean 34233 ± 1076 kWh)
//
// A nil summary, an unknown metric or statistic, a summary without trials
// or a NaN limit fail with a message saying so. It returns whether the
// assertion passed.
func RiskAtMost(t TB, sum *scenario.Summary, metric, stat string, max float64) bool {
	t.Helper()
	v, st, unit, ok := risk(t, "RiskAtMost", sum, metric, stat)
	if !ok || badLimit(t, sum.Network(), metric+" "+stat, max) {
		return false
	}
	if atMost(v, max) {
		return true
	}
	vs, ms := nums(v, max)
	t.Errorf("%s: %s %s %s > %s over %d trials (mean %s ± %s)", sum.Network(), metric, stat,
		withUnit(vs, unit), withUnit(ms, unit), st.N, num(st.Mean), withUnit(num(st.StdErr), unit))
	return false
}

// RiskAtLeast asserts that a statistic of a metric over the trials of a
// Monte Carlo study is at least min, for metrics where lower is worse:
// for example the 5th percentile of coverage, RiskAtLeast(t, sum,
// "coverage", "p5", 0.7). Metrics and statistics are those of RiskAtMost.
// On failure it reports, for example,
//
//	power: coverage p5 0.5666 < 0.7 over 400 trials (mean 0.7962 ± 0.006404)
//
// A nil summary, an unknown metric or statistic, a summary without trials
// or a NaN limit fail with a message saying so. It returns whether the
// assertion passed.
func RiskAtLeast(t TB, sum *scenario.Summary, metric, stat string, min float64) bool {
	t.Helper()
	v, st, unit, ok := risk(t, "RiskAtLeast", sum, metric, stat)
	if !ok || badLimit(t, sum.Network(), metric+" "+stat, min) {
		return false
	}
	if atLeast(v, min) {
		return true
	}
	vs, ms := nums(v, min)
	t.Errorf("%s: %s %s %s < %s over %d trials (mean %s ± %s)", sum.Network(), metric, stat,
		withUnit(vs, unit), withUnit(ms, unit), st.N, num(st.Mean), withUnit(num(st.StdErr), unit))
	return false
}

// adequacy returns the adequacy indices of sum, reporting a nil summary
// or one without trials.
func adequacy(t TB, fn string, sum *scenario.Summary) (scenario.Adequacy, bool) {
	t.Helper()
	if sum == nil {
		t.Errorf("lifelinetest: %s: nil summary", fn)
		return scenario.Adequacy{}, false
	}
	if sum.Trials() == 0 {
		t.Errorf("%s: %s: the summary has no trials", sum.Network(), fn)
		return scenario.Adequacy{}, false
	}
	return sum.Adequacy(), true
}

// LOLEAtMost asserts that the loss-of-load expectation of a Monte Carlo
// study, the expected hours with any demand unserved over the horizon
// (Summary.LOLE), is at most hours. The point estimate is compared. On
// failure it reports, for example,
//
//	power: LOLE 34.23 h > 24 h over a 168 h horizon (± 1.076 h; LOLP 0.2038; 400 trials)
//
// A nil summary, one without trials or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func LOLEAtMost(t TB, sum *scenario.Summary, hours float64) bool {
	t.Helper()
	a, ok := adequacy(t, "LOLEAtMost", sum)
	if !ok || badLimit(t, sum.Network(), "LOLE", hours) {
		return false
	}
	if atMost(a.LOLE, hours) {
		return true
	}
	vs, ms := nums(a.LOLE, hours)
	t.Errorf("%s: LOLE %s h > %s h over a %s h horizon (± %s h; LOLP %s; %d trials)",
		sum.Network(), vs, ms, num(sum.Horizon()), num(a.LOLEStdErr), num(a.LOLP), sum.Trials())
	return false
}

// LOLPAtMost asserts that the loss-of-load probability of a Monte Carlo
// study, the expected share of the horizon with any demand unserved
// (Summary.LOLP), is at most p. The point estimate is compared. On
// failure it reports, for example,
//
//	power: LOLP 0.2038 > 0.1 (± 0.006404; LOLE 34.23 h over a 168 h horizon; 400 trials)
//
// A nil summary, one without trials or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func LOLPAtMost(t TB, sum *scenario.Summary, p float64) bool {
	t.Helper()
	a, ok := adequacy(t, "LOLPAtMost", sum)
	if !ok || badLimit(t, sum.Network(), "LOLP", p) {
		return false
	}
	if atMost(a.LOLP, p) {
		return true
	}
	vs, ms := nums(a.LOLP, p)
	t.Errorf("%s: LOLP %s > %s (± %s; LOLE %s h over a %s h horizon; %d trials)",
		sum.Network(), vs, ms, num(a.LOLPStdErr), num(a.LOLE), num(sum.Horizon()), sum.Trials())
	return false
}

// EUEAtMost asserts that the expected unserved energy or volume of a
// Monte Carlo study over the horizon (Summary.EUE, in kWh or m³) is at
// most max. The point estimate is compared. On failure it reports, for
// example,
//
//	power: EUE 34233 kWh > 30000 kWh (± 1076 kWh; 400 trials)
//
// A nil summary, one without trials or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func EUEAtMost(t TB, sum *scenario.Summary, max float64) bool {
	t.Helper()
	a, ok := adequacy(t, "EUEAtMost", sum)
	if !ok || badLimit(t, sum.Network(), "EUE", max) {
		return false
	}
	if atMost(a.EUE, max) {
		return true
	}
	u := sum.Kind().QuantityUnit()
	vs, ms := nums(a.EUE, max)
	t.Errorf("%s: EUE %s > %s (± %s; %d trials)", sum.Network(), withUnit(vs, u), withUnit(ms, u), withUnit(num(a.EUEStdErr), u), sum.Trials())
	return false
}

// ServiceRiskAtMost asserts that the probability of breaching service
// level i of the scenario (the critical class below ServiceLevel.Level for
// longer than its Duration; Summary.ServiceRisk) is at most p. The point
// estimate is compared. On failure it reports, for example,
//
//	power: P(critical coverage < 0.95 for more than 12 h) = 0.68 > 0.5 (± 0.02332; 400 trials)
//
// A nil summary, one without trials, an index that is not that of a
// service level or a NaN limit fail with a message saying so (no panic).
// It returns whether the assertion passed.
func ServiceRiskAtMost(t TB, sum *scenario.Summary, i int, p float64) bool {
	t.Helper()
	if sum == nil {
		t.Errorf("lifelinetest: ServiceRiskAtMost: nil summary")
		return false
	}
	levels := sum.ServiceLevels()
	if i < 0 || i >= len(levels) {
		t.Errorf("%s: service level %d out of range: the summary has %d", sum.Network(), i, len(levels))
		return false
	}
	l := levels[i]
	what := fmt.Sprintf("P(critical coverage < %s for more than %s h)", num(l.Level), num(l.Duration))
	if sum.Trials() == 0 {
		t.Errorf("%s: %s: the summary has no trials", sum.Network(), what)
		return false
	}
	if badLimit(t, sum.Network(), what, p) {
		return false
	}
	v, se := sum.ServiceRisk(i)
	if atMost(v, p) {
		return true
	}
	vs, ps := nums(v, p)
	t.Errorf("%s: %s = %s > %s (± %s; %d trials)", sum.Network(), what, vs, ps, num(se), sum.Trials())
	return false
}
