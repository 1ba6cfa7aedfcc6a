package main

import (
	"context"
	"fmt"
	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"io"
	"strings"

	"github.com/lifeline-sim/lifeline/scenario"
)

// extra prints what this example is about: how cold homes got, and which
// sealed stations and boiler rooms kept running because staff living in
// the compounds ran them. For the latter it plays trial 0 again without
// the closed-loop teams.
func extra(w io.Writer, res *scenario.Result, sum *scenario.Summary) error {
	heat, ok := res.Net("heat")
	if !ok {
		return fmt.Errorf("no heat network in the result")
	}
	sc, err := build()
	if err != nil {
		return err
	}
	nets, err := loadNetworks()
	if err != nil {
		return err
	}
	comps := compounds(nets[0])

	without, err := buildWith(false)
	if err != nil {
		return err
	}
	plan, err := without.Compile()
	if err != nil {
		return err
	}
	alt, err := plan.NewRun(res.Seed).RunContext(context.Background())
	if err != nil {
		return err
	}
	altHeat, _ := alt.Net("heat")

	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("\nHohhot findings\n===============\n")
	out := sc.Weather.Outdoor
	coldest, at := out[0], 0
	for h, t := range out {
		if t < coldest {
			coldest, at = t, h
		}
	}
	over := (sc.Weather.Indoor-coldest)/(sc.Weather.Indoor-sc.Weather.Design) - 1
	p("  Coldest hour %.1f °C at %s (design %.0f °C): heat demand %.1f %% above design, before the stay-at-home rise.\n",
		coldest, start.Add(hours(at)).Format("2 Jan 15:04"), sc.Weather.Design, 100*over)

	p("\nHomes below 16 °C (trial 0)\n")
	p("  Peak %d customers at once, %.0f customer-hours in all, lowest indoor %.1f °C.\n",
		heat.PeakColdCustomers, heat.ColdCustomerHours, heat.MinIndoor)
	if sum != nil {
		ch, err1 := sum.Stat(scenario.MetricColdCustomerHours)
		pk, err2 := sum.Stat(scenario.MetricPeakColdCustomers)
		if err1 == nil && err2 == nil {
			p("  Over %d trials: cold customer-hours mean %.0f (P95 %.0f); peak cold customers mean %.0f (P95 %.0f).\n",
				sum.Trials(), ch.Mean, ch.P95, pk.Mean, pk.P95)
		}
	}
	p("  Heat not supplied because the gas network failed the boiler rooms: %.1f MWh of %.1f MWh.\n",
		heat.Total.IndirectENS/1000, heat.Total.ENS()/1000)

	p("\nSealed compounds: run by the staff who live there, or left to outside crews (trial 0)\n")
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
	var rows [][]string
	var kept []string
	var custAll, sites int
	var areaAll float64
	for _, c := range comps {
		with, wo := zoneGroup(heat, c.zone), zoneGroup(altHeat, c.zone)
		rows = append(rows, []string{c.zone, c.district, fmt.Sprintf("%.0f", sealedFrom[c.zone]), fmt.Sprint(c.customers),
			fmt.Sprintf("%.0f", c.area/1000), fmt.Sprint(len(c.sites)), fmt.Sprintf("%.2f", 100*with.PCS()),
			fmt.Sprintf("%.2f", 100*wo.PCS())})
		custAll += c.customers
		areaAll += c.area
		sites += len(c.sites)
		if wo.PCS() < with.PCS()-1e-9 {
			kept = append(kept, c.sites...)
		}
	}
	header := []string{"compound", "district", "sealed from h", "customers", "area 1000 m²", "sites", "coverage %",
		"without the staff %"}
	if err := cityrun.Table(w, header, rows); err != nil {
		return err
	}
	p("  In all %d sites (stations and boiler rooms), %d customers, %.3f million m².\n", sites, custAll, areaAll/1e6)
	p("  Kept running by the closed-loop teams: %d of %d sites: %s.\n", len(kept), sites, strings.Join(kept, ", "))
	p("  Without them: energy not supplied %.1f MWh instead of %.1f MWh; cold customer-hours %.0f instead of %.0f;\n",
		altHeat.Total.ENS()/1000, heat.Total.ENS()/1000, altHeat.ColdCustomerHours, heat.ColdCustomerHours)
	p("  peak cold customers %d instead of %d.\n", altHeat.PeakColdCustomers, heat.PeakColdCustomers)
	return nil
}
