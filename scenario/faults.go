package scenario

import (
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// compileFaults checks the fault models and gives every asset the most
// specific model that selects it (ties: the first).
func (p *Plan) compileFaults(e *errs) {
	s := p.sc
	ok := make([]bool, len(s.Faults))
	for i := range s.Faults {
		f := &s.Faults[i]
		ok[i] = p.checkFault(e, i, f)
	}
	// Named assets by (utility or −1 for any, ID): the best model.
	type key struct {
		util int
		id   string
	}
	named := map[key]int{}
	var selectors []int
	for i := range s.Faults {
		f := &s.Faults[i]
		if !ok[i] || f.perHour() <= 0 {
			continue
		}
		if f.Asset == "" {
			selectors = append(selectors, i)
			continue
		}
		u := -1
		if f.Network != "" {
			u = p.utilIdx[f.Network]
		}
		k := key{u, f.Asset}
		if j, dup := named[k]; !dup || f.Specificity() > s.Faults[j].Specificity() {
			named[k] = i
		}
	}
	pick := func(ui int, up *utilPlan, a supply.Asset) int {
		best := -1
		for _, k := range [2]key{{ui, a.ID}, {-1, a.ID}} {
			if i, found := named[k]; found {
				return i // a network-specific name wins, being looked up first
			}
		}
		for _, i := range selectors {
			f := &s.Faults[i]
			if (best < 0 || f.Specificity() > s.Faults[best].Specificity()) && p.selects(f, up, a) {
				best = i
			}
		}
		return best
	}
	for ui, up := range p.utils {
		net := up.net
		for v := range net.NumNodes() {
			a := supply.Asset{ID: net.NodeID(v), Index: v}
			if i := pick(ui, up, a); i >= 0 {
				p.faults = append(p.faults, newFaultPlan(ui, a, i, &s.Faults[i]))
			}
		}
		for l := range net.NumLinks() {
			a := supply.Asset{ID: net.LinkID(l), IsLink: true, Index: l}
			if i := pick(ui, up, a); i >= 0 {
				p.faults = append(p.faults, newFaultPlan(ui, a, i, &s.Faults[i]))
			}
		}
	}
}

// checkFault reports the problems of fault model i and whether it can be
// used.
func (p *Plan) checkFault(e *errs, i int, f *FaultModel) bool {
	n := len(e.list)
	u := -1
	if f.Network != "" {
		k, found := p.utilIdx[f.Network]
		if !found {
			e.ref("faults", i, "network", f.Network, "%s", unknown("network", f.Network, p.utilIDs()))
		}
		u = k
		if !found {
			u = -2
		}
	}
	sel := f.Role != "" || f.Links || f.Zone != "" || f.Class != "" || len(f.Attrs) > 0
	switch {
	case f.Asset != "" && sel:
		e.add("faults", i, "asset", "names one asset: give no role, links, zone, class or attributes with it")
	case f.Asset == "" && !sel:
		e.add("faults", i, "role", "select assets: give an asset, a role, links, a zone, a class or attributes")
	}
	if f.Role != "" && f.Links {
		e.add("faults", i, "role", "give a role or links, not both")
	}
	if f.Role != "" && !f.Role.Valid() {
		e.add("faults", i, "role", "unknown role %s (want source, station, storage, junction or consumer; or links)", quote(string(f.Role)))
	}
	if f.Asset != "" && u != -2 {
		found := false
		for k, up := range p.utils {
			if u >= 0 && k != u {
				continue
			}
			if _, isAsset := supply.Lookup(up.net, f.Asset); isAsset {
				found = true
				break
			}
		}
		if !found {
			where := "any network"
			var ids []string
			for k, up := range p.utils {
				if u < 0 || k == u {
					ids = append(ids, assetIDs(up.net)...)
				}
			}
			if u >= 0 {
				where = "network " + quote(p.utils[u].id)
			}
			e.ref("faults", i, "asset", f.Asset, "unknown asset %s in %s%s", quote(f.Asset), where, didYouMean(f.Asset, ids))
		}
	}
	if f.Zone != "" {
		if _, found := p.zoneIdx[f.Zone]; !found {
			e.ref("faults", i, "zone", f.Zone, "%s", unknown("zone", f.Zone, p.zones))
		}
	}
	if f.Class != "" {
		if names := p.classNames(); !containsString(names, f.Class) {
			e.ref("faults", i, "class", f.Class, "%s", unknownClass(f.Class, names))
		}
		if f.Links || (f.Role != "" && f.Role != network.Consumer) {
			e.add("faults", i, "class", "only consumers have a class")
		}
	}
	for k := range f.Attrs {
		if k == "" {
			e.add("faults", i, "attrs", "an empty attribute name")
		}
	}
	switch {
	case f.Rate != 0 && f.MTTF != 0:
		e.add("faults", i, "mttf", "give a rate or an MTTF, not both")
	case !(f.Rate >= 0) || !finite(f.Rate):
		e.add("faults", i, "rate", "%g is not a rate ≥ 0 per year", f.Rate)
	case !(f.MTTF >= 0) || !finite(f.MTTF):
		e.add("faults", i, "mttf", "%g is not a number of hours > 0", f.MTTF)
	}
	if f.ColdFactor != 0 && (!(f.ColdFactor >= 1) || !finite(f.ColdFactor) || !finite(f.ColdBelow)) {
		e.add("faults", i, "cold_factor", "%g is not a multiplier ≥ 1", f.ColdFactor)
	}
	if f.Repair.Draw == nil {
		e.add("faults", i, "repair", "a fault model needs a repair time")
	}
	if f.MinCrew < 0 {
		e.add("faults", i, "min_crew", "%d is negative; want a number of members ≥ 0 (0 means 1)", f.MinCrew)
	}
	return len(e.list) == n
}

// perHour returns the model's failure rate per hour in normal weather.
func (f *FaultModel) perHour() float64 {
	if f.MTTF > 0 {
		return 1 / f.MTTF
	}
	return f.Rate / hoursPerYear
}

// classNames returns the class names of the scenario's networks, in rank
// order of the first network that has each.
func (p *Plan) classNames() []string {
	var names []string
	for _, up := range p.utils {
		for k := range up.net.NumClasses() {
			if n := up.net.Class(k).Name; !containsString(names, n) {
				names = append(names, n)
			}
		}
	}
	return names
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// selects reports whether selector model f (no Asset) selects asset a of
// utility up.
func (p *Plan) selects(f *FaultModel, up *utilPlan, a supply.Asset) bool {
	net := up.net
	if f.Network != "" && f.Network != up.id {
		return false
	}
	if f.Links && !a.IsLink {
		return false
	}
	if f.Role != "" && (a.IsLink || net.Role(a.Index) != f.Role) {
		return false
	}
	if f.Class != "" && (a.IsLink || net.Role(a.Index) != network.Consumer || net.Class(net.NodeClass(a.Index)).Name != f.Class) {
		return false
	}
	if f.Zone != "" && !inZone(net, a, f.Zone) {
		return false
	}
	if len(f.Attrs) > 0 {
		var attrs map[string]string
		if a.IsLink {
			attrs = net.Link(a.Index).Attrs
		} else {
			attrs = net.Node(a.Index).Attrs
		}
		for k, v := range f.Attrs {
			if got, has := attrs[k]; !has || got != v {
				return false
			}
		}
	}
	return true
}

// inZone reports whether asset a lies in zone: a node's zone; a link's
// own zone or, without one, the zone of either end.
func inZone(net *network.Network, a supply.Asset, zone string) bool {
	is := func(z int) bool { return z >= 0 && net.ZoneID(z) == zone }
	if !a.IsLink {
		return is(net.NodeZone(a.Index))
	}
	if z := net.LinkZone(a.Index); z >= 0 {
		return is(z)
	}
	from, to := net.LinkEnds(a.Index)
	return is(net.NodeZone(from)) || is(net.NodeZone(to))
}

func newFaultPlan(u int, a supply.Asset, mi int, f *FaultModel) faultPlan {
	r := f.perHour()
	m := r
	if f.ColdFactor > 1 {
		m = r * f.ColdFactor
	}
	return faultPlan{util: u, asset: a, mi: mi, model: f, rate: r, max: m}
}

// FaultModel returns the index in Scenario.Faults of the model that asset
// (a node or link ID) of the utility with ID network takes, and false if
// it takes none. O(assets with a model).
func (p *Plan) FaultModel(network, asset string) (int, bool) {
	for _, f := range p.faults {
		if f.asset.ID == asset && p.utils[f.util].id == network {
			return f.mi, true
		}
	}
	return -1, false
}
