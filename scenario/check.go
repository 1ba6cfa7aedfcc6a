package scenario

import (
	"math"
	"strconv"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// check looks at the scenario as a whole, once its names are resolved, for
// settings that can never act (warnings, see Plan.Warnings) and for those
// that make no sense at all (errors).
func (p *Plan) check(e *errs) {
	s := p.sc
	H := s.Horizon
	inRun := H > 0 && finite(H) // horizon-based warnings need a valid one
	late := func(elem string, i int, field string, t float64, what string) {
		if inRun && finite(t) && t >= H {
			e.warn(elem, i, field, "%g h is at or after the %g h horizon: %s", t, H, what)
		}
	}
	for i, l := range s.Lockdowns {
		late("lockdowns", i, "from", l.From, "the lockdown never acts")
		if l.Level == crew.Open && (l.DemandFactor == 0 || l.DemandFactor == 1) {
			e.warn("lockdowns", i, "level", "open with no demand factor: the lockdown has no effect")
		}
	}
	for i, sp := range s.Spikes {
		late("spikes", i, "from", sp.From, "the spike never acts")
		known := (sp.Class == "" || containsString(p.classNames(), sp.Class)) && (sp.Zone == "" || hasKey(p.zoneIdx, sp.Zone))
		if known && !p.spikeMatches(sp) { // an unknown class or zone is an error already
			e.warn("spikes", i, "class", "no consumer of the scenario matches this spike's network, kind, zone and class: it never acts")
		}
	}
	p.checkSeries(e, inRun)
	for i, c := range s.Cuts {
		late("cuts", i, "from", c.From, "the cut never acts")
	}
	for i, o := range s.Outages {
		late("outages", i, "at", o.At, "the outage never happens")
	}
	for i, nl := range s.NewLoads {
		late("new_loads", i, "at", nl.At, "the consumer draws nothing in the whole run")
		if nl.At == 0 {
			e.warn("new_loads", i, "at", "connected at 0 h, from the start: no effect")
		}
	}
	for i, d := range s.Deliveries {
		late("deliveries", i, "at", d.At, "the delivery never happens")
		if d.Until > 0 && d.Until < d.At {
			e.warn("deliveries", i, "until", "%g h is before the first delivery at %g h: nothing is delivered", d.Until, d.At)
		}
	}
	if inRun {
		for i, l := range s.ServiceLevels { // the default level is not the user's
			if l.Duration >= H {
				e.warn("service_levels", i, "duration", "%g h is not shorter than the %g h horizon: the critical class can never stay below %g for longer, so its risk is always 0", l.Duration, H, l.Level)
			}
		}
		if p.momentary >= H {
			e.warn("scenario", -1, "momentary", "%g h is not shorter than the %g h horizon: every interruption is momentary, so SAIFI, SAIDI and CAIDI are always 0", p.momentary, H)
		}
	}
	p.checkFaults(e, inRun)
	if w := p.weather; w != nil {
		heat, cold := false, false
		for _, up := range p.utils {
			heat = heat || up.isHeat
		}
		for _, f := range s.Faults {
			cold = cold || f.ColdFactor > 1
		}
		if !heat && !cold {
			e.warn("weather", -1, "outdoor", "no heat network and no fault model with a cold factor: the weather acts on nothing")
		}
	}
	p.checkCrew(e, inRun)
}

// checkSeries reports demand series that act on no consumer, and series
// whose values end before the horizon (the last value then holds to the
// end, which a record cut short does not mean).
func (p *Plan) checkSeries(e *errs, inRun bool) {
	s := p.sc
	short := func(elem string, i int, field string, n int, step, start float64) {
		step = stepOr1(step)
		end := start + float64(n)*step
		if inRun && n > 1 && step > 0 && finite(end) && end < s.Horizon-1e-9 {
			e.warn(elem, i, field, "the %d values end at %g h, before the %g h horizon: the last one holds to the end", n, end, s.Horizon)
		}
	}
	for i, se := range s.Series {
		short("series", i, seriesField(len(se.Scale) > 0, "capacity"), max(len(se.Scale), len(se.Capacity)), se.Step, se.Start)
	}
	acts := make([]bool, len(s.Demands))
	for _, d := range p.demands {
		if d.elem == "demands" {
			acts[d.idx] = true
		}
	}
	for i, ds := range s.Demands {
		field := seriesField(len(ds.Scale) > 0, "demand")
		short("demands", i, field, max(len(ds.Scale), len(ds.Demand)), ds.Step, ds.Start)
		if !acts[i] && ds.Consumer == "" && (ds.Class != "" || ds.Zone != "") {
			e.warn("demands", i, "class", "no consumer of the scenario is in this class and zone: the series never acts")
		}
	}
	if w := p.weather; w != nil {
		short("weather", -1, "outdoor", len(w.Outdoor), w.Step, w.Start)
	}
}

func seriesField(scale bool, other string) string {
	if scale {
		return "scale"
	}
	return other
}

// spikeMatches reports whether some consumer of the scenario meets the
// spike's filters.
func (p *Plan) spikeMatches(sp Spike) bool {
	for _, up := range p.utils {
		net := up.net
		if (sp.Network != "" && sp.Network != up.id) || (sp.Kind != "" && sp.Kind != string(net.Kind())) {
			continue
		}
		for _, c := range net.Consumers() {
			v := int(c)
			z := net.NodeZone(v)
			if (sp.Class == "" || sp.Class == net.Class(net.NodeClass(v)).Name) &&
				(sp.Zone == "" || (z >= 0 && net.ZoneID(z) == sp.Zone)) {
				return true
			}
		}
	}
	return false
}

// checkFaults reports fault models that can never act.
func (p *Plan) checkFaults(e *errs, inRun bool) {
	s := p.sc
	used := make([]int, len(s.Faults)) // assets that take each model
	for _, f := range p.faults {
		used[f.mi]++
	}
	for i := range s.Faults {
		f := &s.Faults[i]
		if f.ColdFactor > 1 && p.weather == nil {
			e.add("faults", i, "cold_factor", "%g needs weather: without outdoor temperatures the rate is never raised", f.ColdFactor)
		}
		if f.Rate == 0 && f.MTTF == 0 {
			e.warn("faults", i, "rate", "0 per year: the assets it covers never fail")
			continue
		}
		if used[i] == 0 && f.Repair.Draw != nil && !(f.Rate < 0) {
			if p.faultMatchesAny(i) {
				e.warn("faults", i, selectorField(f), "every asset it matches takes a more specific or earlier model: it never acts")
			} else {
				e.warn("faults", i, selectorField(f), "matches no asset of the scenario: it never acts")
			}
			continue
		}
		if f.ColdFactor > 1 && p.weather != nil && inRun && p.minOutdoor() >= f.ColdBelow {
			e.warn("faults", i, "cold_below", "the outdoor temperature never falls below %g °C in the run: cold_factor never acts", f.ColdBelow)
		}
	}
	if s.SteadyStart && len(p.faults) == 0 {
		e.warn("scenario", -1, "steady_start", "no asset has a fault model: no effect")
	}
}

// selectorField names the most specific selector of a fault model, where a
// warning about what it selects is placed.
func selectorField(f *FaultModel) string {
	switch {
	case f.Asset != "":
		return "asset"
	case len(f.Attrs) > 0:
		return "attrs"
	case f.Class != "":
		return "class"
	case f.Zone != "":
		return "zone"
	case f.Links:
		return "links"
	case f.Role != "":
		return "role"
	}
	return "network"
}

// minOutdoor returns the lowest outdoor temperature over the horizon.
func (p *Plan) minOutdoor() float64 {
	w := p.weather
	lo := math.Inf(1)
	n, step := len(w.Outdoor), stepOr1(w.Step)
	if n == 0 || !(step > 0) || !finite(w.Start) {
		return lo
	}
	// The values whose step overlaps [0, horizon); the last holds on.
	k := max(0, int(math.Floor(-w.Start/step+1e-9)))
	for ; k < n && w.Start+float64(k)*step < p.sc.Horizon-1e-9; k++ {
		lo = math.Min(lo, w.Outdoor[k])
	}
	if k >= n {
		lo = math.Min(lo, w.Outdoor[n-1])
	}
	return lo
}

// checkCrew reports repairs no team can do, teams that can do nothing, and
// zones of the crew that no network declares.
func (p *Plan) checkCrew(e *errs, inRun bool) {
	ro := p.sc.Crew
	if ro == nil {
		return
	}
	can := func(u int, v int, link bool) bool {
		net := p.utils[u].net
		need := crew.Skill{Kind: net.Kind()}
		if !link {
			need.Role = net.Role(v)
		}
		for i := range ro.NumTeams() {
			if !ro.CanDo(i, need) {
				continue
			}
			site := p.teamSite[i]
			if site.util < 0 || (!link && site.util == u && site.node == v) {
				return true
			}
		}
		return false
	}
	for i, o := range p.sc.Outages {
		if !o.Repair {
			continue
		}
		u, ok := p.utilIdx[o.Network]
		if o.Network == "" && len(p.utils) == 1 {
			u, ok = 0, true
		}
		if !ok {
			continue
		}
		net := p.utils[u].net
		if v, isNode := net.NodeIndex(o.Asset); isNode {
			if !can(u, v, false) {
				e.warn("outages", i, "work", "no team can repair %s (skills, or a closed-loop team's site): it stays out", quote(o.Asset))
			}
		} else if l, isLink := net.LinkIndex(o.Asset); isLink && !can(u, l, true) {
			e.warn("outages", i, "work", "no team can repair %s (skills): it stays out", quote(o.Asset))
		}
	}
	stuck := make([]int, len(p.sc.Faults))
	for _, f := range p.faults {
		if !can(f.util, f.asset.Index, f.asset.IsLink) {
			stuck[f.mi]++
		}
	}
	for i, n := range stuck {
		if n > 0 {
			e.warn("faults", i, "repair", "no team can repair %d of the assets it covers (skills): once failed they stay out", n)
		}
	}
	for i := range ro.NumTeams() {
		t := ro.Team(i)
		if !t.ClosedLoop() && !p.teamCanWork(ro, i) {
			e.warn("crew", i, "skills", "team %s: its skills match no asset of the scenario's networks: it never works", quote(t.ID))
		}
		for k, h := range t.Homes {
			if _, ok := p.zoneIdx[h.Zone]; !ok && h.Count > 0 {
				e.warn("crew", i, homesField(k), "zone %s is not declared by any network: its members are never stuck at home%s", quote(h.Zone), didYouMean(h.Zone, p.zones))
			}
		}
	}
	for i, a := range ro.Absences() {
		switch {
		case a.Share == 0:
			e.warn("absences", i, "share", "0: nobody is absent")
		case inRun && a.From >= p.sc.Horizon:
			e.warn("absences", i, "from", "%g h is at or after the %g h horizon: the absence never acts", a.From, p.sc.Horizon)
		case a.To > a.From && a.To <= 0:
			e.warn("absences", i, "to", "%g h is not after the start: the absence never acts", a.To)
		}
	}
	bases := map[string]bool{}
	for i := range ro.NumTeams() {
		bases[ro.Team(i).Base] = true
	}
	for i, tt := range ro.TravelTimes() {
		for _, side := range [2]struct{ field, zone string }{{"from", tt.From}, {"to", tt.To}} {
			if _, ok := p.zoneIdx[side.zone]; !ok && !bases[side.zone] {
				e.warn("travel", i, side.field, "zone %s is neither a zone of a network nor a team's base: this travel time is never used%s", quote(side.zone), didYouMean(side.zone, p.zones))
			}
		}
	}
}

func homesField(k int) string { return "homes[" + strconv.Itoa(k) + "].zone" }

// faultMatchesAny reports whether fault model i selects some asset,
// whichever model that asset takes.
func (p *Plan) faultMatchesAny(i int) bool {
	f := &p.sc.Faults[i]
	for _, up := range p.utils {
		net := up.net
		if f.Network != "" && f.Network != up.id {
			continue
		}
		if f.Asset != "" {
			if _, ok := supply.Lookup(net, f.Asset); ok {
				return true
			}
			continue
		}
		for v := range net.NumNodes() {
			if p.selects(f, up, supply.Asset{Index: v}) {
				return true
			}
		}
		for l := range net.NumLinks() {
			if p.selects(f, up, supply.Asset{Index: l, IsLink: true}) {
				return true
			}
		}
	}
	return false
}

// teamCanWork reports whether mobile team i has a skill matching some
// asset of the scenario.
func (p *Plan) teamCanWork(ro *crew.Roster, i int) bool {
	for _, up := range p.utils {
		net := up.net
		if net.NumLinks() > 0 && ro.CanDo(i, crew.Skill{Kind: net.Kind()}) {
			return true
		}
		seen := map[network.Role]bool{}
		for v := range net.NumNodes() {
			r := net.Role(v)
			if !seen[r] {
				seen[r] = true
				if ro.CanDo(i, crew.Skill{Kind: net.Kind(), Role: r}) {
					return true
				}
			}
		}
	}
	return false
}
