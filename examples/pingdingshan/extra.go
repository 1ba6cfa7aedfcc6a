package main

import (
	"context"
	"fmt"
	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"io"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// extra plays the same lockdown out on the steam network of before the
// conversion, with the seed and number of trials of the study of the
// hot-water network, and prints the two side by side.
func extra(w io.Writer, res *scenario.Result, sum *scenario.Summary) error {
	sc, err := buildStage(Before)
	if err != nil {
		return err
	}
	plan, err := sc.Compile()
	if err != nil {
		return err
	}
	ctx := context.Background()
	before, err := plan.NewRun(res.Seed).RunContext(ctx)
	if err != nil {
		return err
	}
	var sumBefore *scenario.Summary
	if sum != nil {
		sumBefore, err = scenario.Study{Plan: plan, Seed: sum.Seed(), Trials: sum.Trials(), Network: "heat"}.Run(ctx)
		if err != nil {
			return err
		}
	}
	nets, err := loadNets()
	if err != nil {
		return err
	}
	runs := [2]*scenario.Result{before, res}
	sums := [2]*scenario.Summary{sumBefore, sum}

	fmt.Fprintf(w, "\nBefore and after the conversion\n===============================\n")
	fmt.Fprintf(w, "  The same lockdown, weather and crews on both networks; seed %d.\n\n", res.Seed)
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
		return fmt.Sprint(n)
	})
	row("source capacity MW (net of losses)", func(s Stage) string {
		var c float64
		for v := range nets[s].NumNodes() {
			if nets[s].Role(v) == network.Source {
				c += nets[s].Capacity(v)
			}
		}
		return fmt.Sprintf("%.0f", c/1000)
	})
	row("heat lost in the primary pipes %", func(s Stage) string {
		l, _ := nets[s].LinkIndex("t0")
		return fmt.Sprintf("%.0f", 100*nets[s].Link(l).Loss)
	})
	row("mean pipe repair h", func(s Stage) string { return fmt.Sprintf("%.1f", faults(s)[2].Repair.Mean) })
	net := func(s Stage) *scenario.NetResult { n, _ := runs[s].Net("heat"); return n }
	row("trial 0: heat not supplied MWh", func(s Stage) string { return fmt.Sprintf("%.1f", net(s).Total.ENS()/1000) })
	row("trial 0: coverage %", func(s Stage) string { return fmt.Sprintf("%.2f", 100*net(s).Total.PCS()) })
	row("trial 0: cold customer-hours", func(s Stage) string { return fmt.Sprintf("%.0f", net(s).ColdCustomerHours) })
	row("trial 0: peak cold customers", func(s Stage) string { return fmt.Sprint(net(s).PeakColdCustomers) })
	row("trial 0: lowest indoor °C", func(s Stage) string { return fmt.Sprintf("%.1f", net(s).MinIndoor) })
	if sum != nil {
		stat := func(s Stage, m string) scenario.Stat { st, _ := sums[s].Stat(m); return st }
		n := sum.Trials()
		row(fmt.Sprintf("%d trials: mean ENS MWh", n), func(s Stage) string { return fmt.Sprintf("%.1f", stat(s, scenario.MetricENS).Mean/1000) })
		row("P95 ENS MWh", func(s Stage) string { return fmt.Sprintf("%.1f", stat(s, scenario.MetricENS).P95/1000) })
		row("CVaR95 ENS MWh", func(s Stage) string { return fmt.Sprintf("%.1f", stat(s, scenario.MetricENS).CVaR95/1000) })
		row("LOLE h", func(s Stage) string { return fmt.Sprintf("%.1f", sums[s].LOLE()) })
		row("mean cold customer-hours", func(s Stage) string {
			return fmt.Sprintf("%.0f", stat(s, scenario.MetricColdCustomerHours).Mean)
		})
		row("P95 cold customer-hours", func(s Stage) string {
			return fmt.Sprintf("%.0f", stat(s, scenario.MetricColdCustomerHours).P95)
		})
		row("mean peak cold customers", func(s Stage) string {
			return fmt.Sprintf("%.0f", stat(s, scenario.MetricPeakColdCustomers).Mean)
		})
	}
	if err := cityrun.Table(w, []string{"", Before.String(), After.String()}, rows); err != nil {
		return err
	}
	if sum != nil {
		b, _ := sumBefore.Stat(scenario.MetricENS)
		a, _ := sum.Stat(scenario.MetricENS)
		if b.Mean > 0 {
			fmt.Fprintf(w, "  The conversion cuts the expected heat not supplied by %.0f %% and the loss-of-load hours by %.0f %%.\n",
				100*(1-a.Mean/b.Mean), 100*(1-sum.LOLE()/sumBefore.LOLE()))
		}
	}
	return nil
}
