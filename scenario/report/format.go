package report

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// errNilResult is returned when a result is required but nil.
var errNilResult = errors.New("report: nil result")

// fixed formats v with dec decimals, without a negative sign on zero.
func fixed(v float64, dec int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

// pct formats a fraction as a percentage with dec decimals.
func pct(v float64, dec int) string { return fixed(100*v, dec) }

// quantityName is "Energy" for power and heat and "Volume" for water and
// gas.
func quantityName(k network.Kind) string {
	switch k {
	case network.Water, network.Gas:
		return "Volume"
	}
	return "Energy"
}

// quantityUnit is the kind's quantity unit, or "units" for an unknown kind.
func quantityUnit(k network.Kind) string {
	if u := k.QuantityUnit(); u != "" {
		return u
	}
	return "units"
}

// flowUnit is the kind's flow unit, or "units/h" for an unknown kind.
func flowUnit(k network.Kind) string {
	if u := k.Unit(); u != "" {
		return u
	}
	return "units/h"
}

// hasConsumers reports whether a class or zone group has any consumer
// (or any demand), which decides whether it is shown.
func hasConsumers(g scenario.Group) bool { return g.Consumers > 0 || g.Demand > 0 }

// chosenNetwork returns the index in res of the network reported at the
// top of a document: id if given, else the summary's network if sum is
// not nil, else the first network.
func chosenNetwork(res *scenario.Result, sum *scenario.Summary, id string) (int, error) {
	if len(res.Networks) == 0 {
		return -1, errors.New("report: result has no networks")
	}
	if id == "" && sum != nil {
		id = sum.Network()
	}
	if id == "" {
		return 0, nil
	}
	for i := range res.Networks {
		if res.Networks[i].ID == id {
			return i, nil
		}
	}
	if sum != nil && id == sum.Network() {
		return -1, fmt.Errorf("report: the summary is of network %q, which the result does not have", id)
	}
	return -1, fmt.Errorf("report: the result has no network %q", id)
}

// metricView says how a study metric is shown in the text report.
type metricView struct {
	name  string
	label string
	scale float64 // 100 for fractions shown in %
	unit  string  // "" takes the summary's unit
	dec   int
}

// riskMetrics returns the study metrics of the text risk table, in order,
// for a summary of a network of kind k with nLevels service levels.
func riskMetrics(k network.Kind, levels []scenario.ServiceLevel) []metricView {
	q := quantityName(k) + " not supplied (ENS)"
	out := []metricView{
		{scenario.MetricENS, q, 1, "", 1},
		{scenario.MetricCoverage, "Coverage by volume (PCS)", 100, "%", 2},
		{scenario.MetricECS, "Mean consumer coverage (ECS)", 100, "%", 2},
		{scenario.MetricEOH, "Equivalent outage hours (EOH)", 1, "h", 2},
		{scenario.MetricCustomerHoursLost, "Customer-hours lost", 1, "customer·h", 1},
		{scenario.MetricSAIFI, "SAIFI", 1, "interruptions/customer", 3},
		{scenario.MetricSAIDI, "SAIDI", 1, "h/customer", 2},
		{scenario.MetricCAIDI, "CAIDI", 1, "h/interruption", 2},
		{scenario.MetricASAI, "ASAI", 1, "fraction", 6},
		{scenario.MetricValueLost, "Value of lost load", 1, "money", 2},
		{scenario.MetricMinCriticalCoverage, "Min critical coverage", 100, "%", 2},
		{scenario.MetricLossOfLoadHours, "Loss-of-load hours", 1, "h", 2},
		{scenario.MetricTimeToRestore, "Time to restore", 1, "h", 2},
	}
	if k == network.Heat {
		out = append(out,
			metricView{scenario.MetricColdCustomerHours, "Cold customer-hours", 1, "customer·h", 1},
			metricView{scenario.MetricPeakColdCustomers, "Peak cold customers", 1, "customers", 1})
	}
	out = append(out,
		metricView{scenario.MetricCrewUtilisation, "Crew utilisation", 100, "%", 2},
		metricView{scenario.MetricMeanWait, "Mean wait for a crew", 1, "h", 2})
	for i, l := range levels {
		out = append(out, metricView{fmt.Sprintf("%s%d", scenario.MetricLongestCriticalBelow, i),
			"Longest critical below " + levelPct(l.Level) + " %", 1, "h", 2})
	}
	return out
}

// levelPct formats a service level (a fraction) as a percentage with at
// most two decimals and no trailing zeros: 0.95 → "95", 0.975 → "97.5".
func levelPct(l float64) string {
	return strconv.FormatFloat(math.Round(l*1e4)/100, 'f', -1, 64)
}
