package main

import (
	"context"
	"fmt"
	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"io"
	"time"

	"github.com/lifeline-sim/lifeline/scenario"
)

// extra prints the coal yard's days of autonomy and compares the month
// with regular deliveries, with the disruption, and with the disruption
// and rationing, all with the random stream of trial 0.
func extra(w io.Writer, res *scenario.Result, sum *scenario.Summary) error {
	runs := map[Variant]*scenario.NetResult{}
	for _, v := range []Variant{Disrupted, Regular, Rationed} {
		r := res
		if v != Disrupted {
			sc, err := buildVariant(v)
			if err != nil {
				return err
			}
			if r, err = sc.Run(context.Background(), res.Seed); err != nil {
				return err
			}
		}
		n, ok := r.Net("heat")
		if !ok || len(n.Storage) != 1 {
			return fmt.Errorf("%v: no heat network with one storage", v)
		}
		runs[v] = n
	}
	yard := runs[Disrupted].Storage[0]
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("\nCoal reserve\n============\n")
	startT := yard.Start / kWhPerTonne
	p("  Stock on %s: %.0f t of coal, %.1f GWh of heat at %d kWh per tonne.\n",
		start.Format("2 Jan"), startT, yard.Start/1e6, kWhPerTonne)
	// The burn is what the boilers deliver with regular deliveries, when
	// nothing is held back.
	burn := runs[Regular].Total.Served / kWhPerTonne / days // t/day
	p("  The boilers burn %.0f t a day on average (%.0f MW of heat) with regular deliveries.\n",
		burn, runs[Regular].Total.Served/horizon/1000)
	p("  Days of autonomy = level / net draw:\n")
	p("    without deliveries: %.0f t / %.0f t/day = %.1f days\n", startT, burn, startT/burn)
	in := float64(deliveryTonnes) * 24 / deliveryEvery
	if net := burn - in; net > 0 {
		p("    with regular deliveries of %.0f t/day: %.0f t / %.0f t/day = %.1f days\n", in, startT, net, startT/net)
	} else {
		p("    with regular deliveries of %.0f t/day the stock does not fall\n", in)
	}
	gapT := startT + 2*deliveryTonnes - burn*lastBeforeGap/24
	p("    after the last delivery before the gap (%s): about %.0f t / %.0f t/day = %.1f days, to %s;\n",
		at(lastBeforeGap), gapT, burn, gapT/burn, at(lastBeforeGap+gapT/burn*24))
	p("    deliveries resume on %s, %.1f days after the last one.\n", at(resumeAt), float64(resumeAt-lastBeforeGap)/24)
	if yard.DryAt >= 0 {
		p("  The yard ran dry on %s (hour %.1f) and stayed empty %.1f h: every boiler out in the cold spell.\n",
			at(yard.DryAt), yard.DryAt, yard.DryHours)
	} else {
		p("  The yard never ran dry.\n")
	}

	p("\nThe month three ways (trial 0's faults in each)\n")
	var rows [][]string
	for _, v := range []Variant{Regular, Disrupted, Rationed} {
		n := runs[v]
		s := n.Storage[0]
		dry := "never"
		if s.DryAt >= 0 {
			dry = at(s.DryAt)
		}
		rows = append(rows, []string{v.String(), dry, fmt.Sprintf("%.1f", s.DryHours), fmt.Sprintf("%.0f", s.Min/kWhPerTonne),
			fmt.Sprintf("%.1f", n.Total.ENS()/1000), fmt.Sprintf("%.0f", n.ColdCustomerHours),
			fmt.Sprint(n.PeakColdCustomers), fmt.Sprintf("%.1f", n.MinIndoor)})
	}
	header := []string{"deliveries", "dry at", "empty h", "lowest stock t", "heat not supplied MWh", "cold customer-h",
		"peak cold customers", "lowest indoor °C"}
	if err := cityrun.Table(w, header, rows); err != nil {
		return err
	}
	p("  Rationing holds the boilers to %.0f %% of their output from %s until deliveries resume: the same coal\n", 100*rationScale, at(rationFrom))
	p("  is spread over the gap, so more homes are below 16 °C for longer, but the lowest indoor temperature is\n")
	p("  %.1f °C instead of %.1f °C, and the boilers stand cold %.1f h instead of %.1f h.\n",
		runs[Rationed].MinIndoor, runs[Disrupted].MinIndoor, runs[Rationed].Storage[0].DryHours, yard.DryHours)
	if sum != nil {
		if s, err := sum.Stat(scenario.MetricENS); err == nil {
			p("  Over %d trials with the disruption: heat not supplied %.1f MWh on average (P95 %.1f MWh).\n",
				sum.Trials(), s.Mean/1000, s.P95/1000)
		}
	}
	return nil
}

// at formats hours from the start as a date and time.
func at(h float64) string {
	return start.Add(time.Duration(h * float64(time.Hour))).Format("2 Jan 15:04")
}
