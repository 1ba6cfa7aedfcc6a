package matpower

import (
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
)

// kW per MW: MATPOWER works in MW and MVA, Lifeline's power networks in kW.
const kWPerMW = 1000

// The IDs Network gives to the elements of a case.
func busID(n int) string          { return "bus" + strconv.Itoa(n) }
func loadID(n int) string         { return "load" + strconv.Itoa(n) }
func genID(row int) string        { return "gen" + strconv.Itoa(row) }
func branchID(row int) string     { return "br" + strconv.Itoa(row) }
func zoneID(n int) string         { return "z" + strconv.Itoa(n) }
func fmtFloat(v float64) string   { return strconv.FormatFloat(v, 'g', -1, 64) }
func attrInt(v int) string        { return strconv.Itoa(v) }
func loadLinkID(n int) string     { return loadID(n) + "-" + busID(n) }
func genLinkID(row, n int) string { return genID(row) + "-" + busID(n) }

// Network maps the case to a Lifeline power network (flows in kW), named
// after the case:
//
//   - each bus n is a junction "bus<n>" in zone "z<zone>" (no zone when the
//     zone number is 0 or less), with Attrs type, area, base_kv, vm, va, gs
//     and bs (MW and MVAr at 1 pu);
//   - a bus with Pd > 0 gets a consumer "load<n>" with demand Pd×1000 kW
//     (default class, Attrs pd_mw and qd_mvar), joined to "bus<n>" by the
//     unlimited link "load<n>-bus<n>"; a bus with Pd < 0 (generation netted
//     into load, as in reduced equivalents) gets a source "load<n>" of
//     capacity −Pd×1000 kW instead, joined the same way;
//   - the generator on row k, if in service (status > 0) with Pmax > 0, is
//     a source "gen<k>" of capacity Pmax×1000 kW in its bus's zone (Attrs
//     bus, pg_mw, pmin_mw, mbase), joined to its bus by the unlimited link
//     "gen<k>-bus<n>"; several generators on one bus are separate sources;
//   - the branch on row k, if in service, is a link "br<k>" between its
//     buses with capacity RateA×1000 kW (RateA 0: unlimited) and Attrs r, x,
//     b (pu), ratio, angle (degrees), rate_b and rate_c (MVA).
//
// Out-of-service generators and branches, generators with Pmax ≤ 0
// (synchronous condensers and dispatchable loads, which cannot supply real
// power), and generators and branches at isolated buses (type 4) are left
// out; an isolated bus keeps its junction and its load, which Build then
// lists as unreached. MVA ratings are taken as real-power limits, as in a DC
// model. Zones are declared in ascending zone number; nodes and links come
// in file order, each with the Pos (file and line) of its row.
//
// Network returns the errors of network.Builder.Build, which a case from
// Read does not have unless it was changed after reading.
func (c *Case) Network() (*network.Network, error) {
	b := network.NewBuilder(network.Power)
	b.SetName(c.Name)
	var zones []int
	seenZone := make(map[int]bool)
	typeOf := make(map[int]int, len(c.Buses))
	zoneOf := make(map[int]string, len(c.Buses))
	for _, bus := range c.Buses {
		typeOf[bus.ID] = bus.Type
		if bus.Zone > 0 {
			zoneOf[bus.ID] = zoneID(bus.Zone)
			if !seenZone[bus.Zone] {
				seenZone[bus.Zone] = true
				zones = append(zones, bus.Zone)
			}
		}
	}
	slices.Sort(zones)
	for _, z := range zones {
		b.AddZone(network.Zone{ID: zoneID(z)})
	}
	b.Grow(2*len(c.Buses)+len(c.Gens), len(c.Buses)+len(c.Gens)+len(c.Branches))
	pos := func(line int) network.Pos {
		if line == 0 {
			return network.Pos{}
		}
		return network.Pos{File: c.File, Line: line}
	}
	for _, bus := range c.Buses {
		z := zoneOf[bus.ID]
		b.AddNode(network.Node{
			ID: busID(bus.ID), Role: network.Junction, Zone: z, Pos: pos(bus.Line),
			Attrs: map[string]string{
				"type": attrInt(bus.Type), "area": attrInt(bus.Area), "base_kv": fmtFloat(bus.BaseKV),
				"vm": fmtFloat(bus.Vm), "va": fmtFloat(bus.Va), "gs": fmtFloat(bus.Gs), "bs": fmtFloat(bus.Bs),
			},
		})
		if bus.Pd == 0 {
			continue
		}
		load := network.Node{
			ID: loadID(bus.ID), Zone: z, Pos: pos(bus.Line),
			Attrs: map[string]string{"pd_mw": fmtFloat(bus.Pd), "qd_mvar": fmtFloat(bus.Qd)},
		}
		if bus.Pd > 0 {
			load.Role, load.Demand = network.Consumer, bus.Pd*kWPerMW
		} else {
			load.Role, load.Capacity = network.Source, -bus.Pd*kWPerMW
		}
		b.AddNode(load)
		b.AddLink(network.Link{ID: loadLinkID(bus.ID), From: loadID(bus.ID), To: busID(bus.ID), Pos: pos(bus.Line)})
	}
	for k, g := range c.Gens {
		if g.Status <= 0 || !(g.Pmax > 0) || typeOf[g.Bus] == 4 {
			continue
		}
		b.AddNode(network.Node{
			ID: genID(k + 1), Role: network.Source, Zone: zoneOf[g.Bus], Capacity: g.Pmax * kWPerMW, Pos: pos(g.Line),
			Attrs: map[string]string{"bus": attrInt(g.Bus), "pg_mw": fmtFloat(g.Pg), "pmin_mw": fmtFloat(g.Pmin), "mbase": fmtFloat(g.MBase)},
		})
		b.AddLink(network.Link{ID: genLinkID(k+1, g.Bus), From: genID(k + 1), To: busID(g.Bus), Pos: pos(g.Line)})
	}
	for k, br := range c.Branches {
		if br.Status <= 0 || typeOf[br.From] == 4 || typeOf[br.To] == 4 {
			continue
		}
		b.AddLink(network.Link{
			ID: branchID(k + 1), From: busID(br.From), To: busID(br.To), Capacity: br.RateA * kWPerMW, Pos: pos(br.Line),
			Attrs: map[string]string{
				"r": fmtFloat(br.R), "x": fmtFloat(br.X), "b": fmtFloat(br.B), "ratio": fmtFloat(br.Ratio),
				"angle": fmtFloat(br.Angle), "rate_b": fmtFloat(br.RateB), "rate_c": fmtFloat(br.RateC),
			},
		})
	}
	return b.Build()
}
