package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// metricView says how a study metric is shown: its name in words, and
// how its values are formatted.
type metricView struct {
	name  string
	label string
	// kind of value: quantity (of the network), fraction (shown in %),
	// hours, count, money, or plain (a ratio with sensible digits).
	form  string
	unit  string // for plain and count values
	heat  bool   // heat networks only
	crews bool   // only with crews
}

// metricViews lists the study metrics in the order reports show them.
func metricViews(k network.Kind, cold float64) []metricView {
	q := capitalise(quantityWord(k))
	c := coldLabel(cold)
	return []metricView{
		{name: scenario.MetricENS, label: q + " not supplied", form: "quantity"},
		{name: scenario.MetricDemand, label: q + " asked for", form: "quantity"},
		{name: scenario.MetricServed, label: q + " delivered", form: "quantity"},
		{name: scenario.MetricCoverage, label: "Coverage by volume", form: "fraction"},
		{name: scenario.MetricECS, label: "Mean coverage of a consumer", form: "fraction"},
		{name: scenario.MetricEOH, label: "Equivalent outage hours", form: "hours"},
		{name: scenario.MetricCustomerHoursLost, label: "Customer-hours lost", form: "count", unit: "customer·h"},
		{name: scenario.MetricSAIFI, label: "Interruptions per customer (SAIFI)", form: "plain", unit: "per customer"},
		{name: scenario.MetricSAIDI, label: "Hours interrupted per customer (SAIDI)", form: "hours"},
		{name: scenario.MetricCAIDI, label: "Hours per interruption (CAIDI)", form: "hours"},
		{name: scenario.MetricASAI, label: "Service availability (ASAI)", form: "fraction4"},
		{name: scenario.MetricValueLost, label: "Value of lost load", form: "money"},
		{name: scenario.MetricMinCriticalCoverage, label: "Lowest coverage of critical customers", form: "fraction"},
		{name: scenario.MetricLossOfLoadHours, label: "Hours with demand unserved", form: "hours"},
		{name: scenario.MetricTimeToRestore, label: "Time to restore", form: "hours"},
		{name: scenario.MetricColdCustomerHours, label: "Customer-hours " + c, form: "count", unit: "customer·h", heat: true},
		{name: scenario.MetricPeakColdCustomers, label: "Most customers " + c + " at once", form: "count", unit: "customers", heat: true},
		{name: scenario.MetricCrewUtilisation, label: "Crew utilisation", form: "fraction", crews: true},
		{name: scenario.MetricMeanWait, label: "Mean wait for a crew", form: "hours", crews: true},
	}
}

// coldLabel is "below 16 °C" for the threshold (16 if unset).
func coldLabel(cold float64) string {
	if cold == 0 {
		cold = 16
	}
	return "below " + strconv.FormatFloat(cold, 'f', -1, 64) + " °C"
}

// viewOf returns how the metric is shown: a known metric's view, the
// service-level metrics by their level, any other by its name in words.
func viewOf(name string, k network.Kind, cold float64, levels []ServiceLevel) metricView {
	for _, v := range metricViews(k, cold) {
		if v.name == name {
			return v
		}
	}
	if rest, ok := strings.CutPrefix(name, scenario.MetricLongestCriticalBelow); ok {
		if i, err := strconv.Atoi(rest); err == nil && i >= 0 && i < len(levels) {
			return metricView{name: name, label: "Longest stretch with critical coverage below " + levelPct(levels[i].Level), form: "hours"}
		}
	}
	return metricView{name: name, label: capitalise(strings.ReplaceAll(name, "_", " ")), form: "plain"}
}

// valueFormatter returns a function formatting values of the metric, all
// in one unit chosen for values up to max, and that unit's name.
func (v metricView) formatter(k network.Kind, currency string, max float64) (func(float64) string, string) {
	switch v.form {
	case "quantity":
		s := pick(quantityScales(k), max)
		return func(x float64) string { return sig2(x/s.div, max/s.div) }, s.unit
	case "fraction":
		return func(x float64) string { return fixed(100*x, 2) }, "%"
	case "fraction4":
		return func(x float64) string { return fixed(100*x, 4) }, "%"
	case "hours":
		return func(x float64) string { return fixed(x, 2) }, "h"
	case "count":
		return func(x float64) string { return sig2(x, max) }, v.unit
	case "money":
		return func(x float64) string { return fixed(x, 2) }, strings.TrimSpace(moneySuffix(currency))
	}
	return func(x float64) string { return sig2(x, max) }, v.unit
}

// sig2 formats x with the decimals that give the column's largest value,
// max, four significant digits (at least 0, at most 6 decimals), so that a
// column lines up on its decimal point.
func sig2(x, max float64) string {
	max = math.Abs(max)
	if max == 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		return sig(x, 4)
	}
	mag := int(math.Floor(math.Log10(max)))
	dec := min(max0(3-mag), 6)
	return fixed(x, dec)
}

func max0(x int) int {
	if x < 0 {
		return 0
	}
	return x
}
