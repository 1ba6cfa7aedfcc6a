package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// findings returns what this example is about: how cold homes got, and
// which sealed stations and boiler rooms kept running because staff living
// in the compounds ran them. For the latter it plays trial 0 again without
// the closed-loop teams.
func findings(doc *report.Document, res *scenario.Result, sum *scenario.Summary) ([]report.Section, error) {
	heat, ok := res.Net("heat")
	if !ok {
		return nil, fmt.Errorf("no heat network in the result")
	}
	sc, err := build()
	if err != nil {
		return nil, err
	}
	nets, err := loadNetworks()
	if err != nil {
		return nil, err
	}
	comps := compounds(nets[0])

	without, err := buildWith(false)
	if err != nil {
		return nil, err
	}
	plan, err := without.Compile()
	if err != nil {
		return nil, err
	}
	alt, err := plan.NewRun(res.Seed).RunContext(context.Background())
	if err != nil {
		return nil, err
	}
	altHeat, _ := alt.Net("heat")
	kind := network.Heat

	weather := report.Section{ID: "hohhot-cold", Title: "Hohhot: the cold snap and homes below 16 °C"}
	out := sc.Weather.Outdoor
	coldest, at := out[0], 0
	for h, t := range out {
		if t < coldest {
			coldest, at = t, h
		}
	}
	over := (sc.Weather.Indoor-coldest)/(sc.Weather.Indoor-sc.Weather.Design) - 1
	weather.Row("Coldest hour", fmt.Sprintf("%s at %s (design %s)", report.FormatTemperature(coldest),
		doc.When(float64(at)), report.FormatTemperature(sc.Weather.Design)))
	weather.Row("Heat demand at the coldest hour", report.FormatPercent(over, 1)+" above design, before the stay-at-home rise")
	weather.Row("Most customers below 16 °C at once (trial 0)", report.FormatCount(float64(heat.PeakColdCustomers)))
	weather.Row("Customer-hours below 16 °C (trial 0)", report.FormatCount(heat.ColdCustomerHours)+" customer·h")
	weather.Row("Lowest indoor temperature (trial 0)", report.FormatTemperature(heat.MinIndoor))
	if sum != nil {
		ch, err1 := sum.Stat(scenario.MetricColdCustomerHours)
		pk, err2 := sum.Stat(scenario.MetricPeakColdCustomers)
		if err1 == nil && err2 == nil {
			weather.Row(fmt.Sprintf("Over %d trials: customer-hours below 16 °C", sum.Trials()),
				fmt.Sprintf("mean %s, P95 %s customer·h", report.FormatCount(ch.Mean), report.FormatCount(ch.P95)))
			weather.Row(fmt.Sprintf("Over %d trials: most customers below 16 °C at once", sum.Trials()),
				fmt.Sprintf("mean %s, P95 %s", report.FormatCount(pk.Mean), report.FormatCount(pk.P95)))
		}
	}
	weather.Row("Heat not supplied because gas failed the boiler rooms",
		fmt.Sprintf("%s of %s", report.FormatQuantity(heat.Total.IndirectENS, kind), report.FormatQuantity(heat.Total.ENS(), kind)))

	sealed := report.Section{ID: "hohhot-compounds", Title: "Hohhot: sealed compounds run by the staff who live there"}
	zoneGroup := func(n *scenario.NetResult, id string) scenario.Group {
		for _, g := range n.ByZone {
			if g.Name == id {
				return g
			}
		}
		return scenario.Group{}
	}
	sealedFrom := map[string]float64{}
	for _, l := range sc.Lockdowns {
		sealedFrom[l.Zone] = l.From
	}
	t := report.Table{Caption: "Coverage of each compound with its closed-loop staff and without them (trial 0)",
		Header: []string{"compound", "district", "sealed from (h)", "customers", "area (thousand m²)", "sites",
			"coverage (%)", "without the staff (%)"}}
	var kept []string
	var custAll, sites int
	var areaAll float64
	for _, c := range comps {
		with, wo := zoneGroup(heat, c.zone), zoneGroup(altHeat, c.zone)
		t.Rows = append(t.Rows, []string{c.zone, c.district, report.FormatFixed(sealedFrom[c.zone], 0),
			report.FormatCount(float64(c.customers)), report.FormatFixed(c.area/1000, 0), fmt.Sprint(len(c.sites)),
			report.FormatFixed(100*with.PCS(), 2), report.FormatFixed(100*wo.PCS(), 2)})
		custAll += c.customers
		areaAll += c.area
		sites += len(c.sites)
		if wo.PCS() < with.PCS()-1e-9 {
			kept = append(kept, c.sites...)
		}
	}
	sealed.Add(report.TableBlock(t))
	sealed.Row("In all", fmt.Sprintf("%d sites (stations and boiler rooms), %s customers, %s million m²", sites,
		report.FormatCount(float64(custAll)), report.FormatFixed(areaAll/1e6, 3)))
	sealed.Row("Kept running by the closed-loop teams", fmt.Sprintf("%d of %d sites", len(kept), sites))
	sealed.Row("Without them: heat not supplied", fmt.Sprintf("%s instead of %s",
		report.FormatQuantity(altHeat.Total.ENS(), kind), report.FormatQuantity(heat.Total.ENS(), kind)))
	sealed.Row("Without them: customer-hours below 16 °C", fmt.Sprintf("%s instead of %s",
		report.FormatCount(altHeat.ColdCustomerHours), report.FormatCount(heat.ColdCustomerHours)))
	sealed.Row("Without them: most customers below 16 °C at once", fmt.Sprintf("%s instead of %s",
		report.FormatCount(float64(altHeat.PeakColdCustomers)), report.FormatCount(float64(heat.PeakColdCustomers))))
	sealed.Add(report.Paragraph("Sites kept running: " + strings.Join(kept, ", ") + "."))
	return []report.Section{weather, sealed}, nil
}
