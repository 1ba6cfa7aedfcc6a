package main

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// findings returns the coal yard's days of autonomy and the month with
// regular deliveries, with the disruption, and with the disruption and
// rationing, all with the random stream of trial 0.
func findings(doc *report.Document, res *scenario.Result, sum *scenario.Summary) ([]report.Section, error) {
	runs := map[Variant]*scenario.NetResult{}
	for _, v := range []Variant{Disrupted, Regular, Rationed} {
		r := res
		if v != Disrupted {
			sc, err := buildVariant(v)
			if err != nil {
				return nil, err
			}
			if r, err = sc.Run(context.Background(), res.Seed); err != nil {
				return nil, err
			}
		}
		n, ok := r.Net("heat")
		if !ok || len(n.Storage) != 1 {
			return nil, fmt.Errorf("%v: no heat network with one storage", v)
		}
		runs[v] = n
	}
	yard := runs[Disrupted].Storage[0]
	tonnes := func(t float64) string { return report.FormatCount(float64(int64(t+0.5))) + " t" }
	daysOf := func(d float64) string { return report.FormatFixed(d, 1) + " days" }

	s := report.Section{ID: "yantai-coal", Title: "Yantai: the coal reserve"}
	startT := yard.Start / kWhPerTonne
	s.Row("Stock at the start", fmt.Sprintf("%s of coal, %s of heat at %s kWh per tonne", tonnes(startT),
		report.FormatQuantity(yard.Start, network.Heat), report.FormatCount(kWhPerTonne)))
	// The burn is what the boilers deliver with regular deliveries, when
	// nothing is held back.
	burn := runs[Regular].Total.Served / kWhPerTonne / days // t/day
	s.Row("Burn with regular deliveries", fmt.Sprintf("%s a day (%s of heat on average)", tonnes(burn),
		report.FormatFlow(runs[Regular].Total.Served/horizon, network.Heat)))
	s.Row("Days of autonomy without deliveries", fmt.Sprintf("%s / %s a day = %s", tonnes(startT), tonnes(burn), daysOf(startT/burn)))
	in := float64(deliveryTonnes) * 24 / deliveryEvery
	if net := burn - in; net > 0 {
		s.Row("Days of autonomy with regular deliveries", fmt.Sprintf("%s a day delivered: %s / %s a day = %s",
			tonnes(in), tonnes(startT), tonnes(net), daysOf(startT/net)))
	} else {
		s.Row("Days of autonomy with regular deliveries", fmt.Sprintf("%s a day delivered: the stock does not fall", tonnes(in)))
	}
	gapT := startT + 2*deliveryTonnes - burn*lastBeforeGap/24
	s.Row("After the last delivery before the gap", fmt.Sprintf("about %s / %s a day = %s, to %s", tonnes(gapT), tonnes(burn),
		daysOf(gapT/burn), doc.When(lastBeforeGap+gapT/burn*24)))
	s.Row("Deliveries resume", fmt.Sprintf("%s, %s after the last one", doc.When(resumeAt), daysOf(float64(resumeAt-lastBeforeGap)/24)))
	if yard.DryAt >= 0 {
		s.Row("The yard ran dry", fmt.Sprintf("%s and stayed empty %s: every boiler out in the cold spell", doc.When(yard.DryAt),
			report.FormatHours(yard.DryHours)))
	} else {
		s.Row("The yard ran dry", "never")
	}

	t := report.Table{Caption: "The month three ways (trial 0's faults in each)",
		Header: []string{"deliveries", "yard ran dry", "empty (h)", "lowest stock (t)", "heat not supplied (MWh)",
			"customer-hours below 16 °C", "most customers below 16 °C", "lowest indoor (°C)"}}
	for _, v := range []Variant{Regular, Disrupted, Rationed} {
		n := runs[v]
		st := n.Storage[0]
		dry := "never"
		if st.DryAt >= 0 {
			dry = doc.When(st.DryAt)
		}
		t.Rows = append(t.Rows, []string{v.String(), dry, report.FormatFixed(st.DryHours, 1),
			report.FormatFixed(st.Min/kWhPerTonne, 0), report.FormatFixed(n.Total.ENS()/1000, 1),
			report.FormatCount(n.ColdCustomerHours), report.FormatCount(float64(n.PeakColdCustomers)), report.FormatFixed(n.MinIndoor, 1)})
	}
	s.Add(report.TableBlock(t))
	s.Add(report.Paragraph(fmt.Sprintf("Rationing holds the boilers to %s of their output from %s until deliveries resume: "+
		"the same coal is spread over the gap, so more homes are below 16 °C for longer, but the lowest indoor temperature is "+
		"%s instead of %s, and the boilers stand cold %s instead of %s.", report.FormatPercent(rationScale, 0), doc.When(rationFrom),
		report.FormatTemperature(runs[Rationed].MinIndoor), report.FormatTemperature(runs[Disrupted].MinIndoor),
		report.FormatHours(runs[Rationed].Storage[0].DryHours), report.FormatHours(yard.DryHours))))
	return []report.Section{s}, nil
}
