package main

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// findings plays the same lockdown out on the steam network of before the
// conversion, with the seed and number of trials of the study of the
// hot-water network, and returns the two side by side.
func findings(doc *report.Document, res *scenario.Result, sum *scenario.Summary) ([]report.Section, error) {
	sc, err := buildStage(Before)
	if err != nil {
		return nil, err
	}
	plan, err := sc.Compile()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	before, err := plan.NewRun(res.Seed).RunContext(ctx)
	if err != nil {
		return nil, err
	}
	var sumBefore *scenario.Summary
	if sum != nil {
		sumBefore, err = scenario.Study{Plan: plan, Seed: sum.Seed(), Trials: sum.Trials(), Network: "heat"}.Run(ctx)
		if err != nil {
			return nil, err
		}
	}
	nets, err := loadNets()
	if err != nil {
		return nil, err
	}
	runs := [2]*scenario.Result{before, res}
	sums := [2]*scenario.Summary{sumBefore, sum}

	sec := report.Section{ID: "pingdingshan-conversion", Title: "Pingdingshan: before and after the conversion"}
	sec.Add(report.Paragraph(fmt.Sprintf("The same lockdown, weather and crews on both networks; seed %d.", res.Seed)))
	var rows [][]string
	row := func(label string, f func(s Stage) string) {
		rows = append(rows, []string{label, f(Before), f(After)})
	}
	row("heat sources", func(s Stage) string {
		n := 0
		for v := range nets[s].NumNodes() {
			if nets[s].Role(v) == network.Source {
				n++
			}
		}
		return report.FormatCount(float64(n))
	})
	row("source capacity, net of losses (MW)", func(s Stage) string {
		var c float64
		for v := range nets[s].NumNodes() {
			if nets[s].Role(v) == network.Source {
				c += nets[s].Capacity(v)
			}
		}
		return report.FormatFixed(c/1000, 0)
	})
	row("heat lost in the primary pipes (%)", func(s Stage) string {
		l, _ := nets[s].LinkIndex("t0")
		return report.FormatFixed(100*nets[s].Link(l).Loss, 0)
	})
	row("mean pipe repair (h)", func(s Stage) string { return report.FormatFixed(faults(s)[2].Repair.Mean, 1) })
	net := func(s Stage) *scenario.NetResult { n, _ := runs[s].Net("heat"); return n }
	row("trial 0: heat not supplied (MWh)", func(s Stage) string { return report.FormatFixed(net(s).Total.ENS()/1000, 1) })
	row("trial 0: coverage (%)", func(s Stage) string { return report.FormatFixed(100*net(s).Total.PCS(), 2) })
	row("trial 0: customer-hours below 16 °C", func(s Stage) string { return report.FormatCount(net(s).ColdCustomerHours) })
	row("trial 0: most customers below 16 °C at once", func(s Stage) string { return report.FormatCount(float64(net(s).PeakColdCustomers)) })
	row("trial 0: lowest indoor temperature (°C)", func(s Stage) string { return report.FormatFixed(net(s).MinIndoor, 1) })
	if sum != nil {
		stat := func(s Stage, m string) scenario.Stat { st, _ := sums[s].Stat(m); return st }
		n := sum.Trials()
		row(fmt.Sprintf("%d trials: mean heat not supplied (MWh)", n), func(s Stage) string { return report.FormatFixed(stat(s, scenario.MetricENS).Mean/1000, 1) })
		row("P95 of heat not supplied (MWh)", func(s Stage) string { return report.FormatFixed(stat(s, scenario.MetricENS).P95/1000, 1) })
		row("worst 5 % of heat not supplied, CVaR95 (MWh)", func(s Stage) string { return report.FormatFixed(stat(s, scenario.MetricENS).CVaR95/1000, 1) })
		row("loss-of-load expectation, LOLE (h)", func(s Stage) string { return report.FormatFixed(sums[s].LOLE(), 1) })
		row("mean customer-hours below 16 °C", func(s Stage) string {
			return report.FormatCount(stat(s, scenario.MetricColdCustomerHours).Mean)
		})
		row("P95 of customer-hours below 16 °C", func(s Stage) string {
			return report.FormatCount(stat(s, scenario.MetricColdCustomerHours).P95)
		})
		row("mean of the most customers below 16 °C at once", func(s Stage) string {
			return report.FormatCount(stat(s, scenario.MetricPeakColdCustomers).Mean)
		})
	}
	sec.Add(report.TableBlock(report.Table{Header: []string{"", Before.String(), After.String()}, Rows: rows}))
	if sum != nil {
		b, _ := sumBefore.Stat(scenario.MetricENS)
		a, _ := sum.Stat(scenario.MetricENS)
		if b.Mean > 0 && sumBefore.LOLE() > 0 {
			sec.Add(report.Paragraph(fmt.Sprintf("The conversion cuts the expected heat not supplied by %s and the loss-of-load hours by %s.",
				report.FormatPercent(1-a.Mean/b.Mean, 0), report.FormatPercent(1-sum.LOLE()/sumBefore.LOLE(), 0))))
		}
	}
	return []report.Section{sec}, nil
}
