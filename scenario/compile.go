package scenario

import (
	"errors"
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// Hours per year, for fault rates given per year.
const hoursPerYear = 8760

// Plan is a validated scenario with every name resolved to an index, ready
// for runs. Make one with Scenario.Compile.
type Plan struct {
	sc      *Scenario
	utils   []*utilPlan
	utilIdx map[string]int
	zones   []string // global zone IDs in order of first declaration
	zoneIdx map[string]int

	startHour  float64
	resolution float64
	nBuckets   int
	interrupt  float64
	momentary  float64
	levels     []ServiceLevel
	weather    *Weather
	indoor     float64
	tau        float64
	cold       float64

	lockdowns []lockPlan
	series    []seriesPlan
	faults    []faultPlan // one per asset with a fault model
	teamSite  []siteRef   // per team: its site, util -1 if mobile
	couples   []couplePlan
	hourly    bool // something changes every hour

	cache *solveCache
}

type utilPlan struct {
	id       string
	net      *network.Network
	policy   supply.Policy
	zoneG    []int // network zone → global zone
	critical []bool
	voll     []float64
	vollDec  []decimal.Decimal
	profile  [][24]float64 // per class: product of matching profiles
	isHeat   bool
}

type lockPlan struct {
	zone     int
	level    crew.Level
	from, to float64
	factor   float64
}

type seriesPlan struct {
	util  int
	asset supply.Asset
	scale []float64
}

type faultPlan struct {
	util  int
	asset supply.Asset
	model *FaultModel
	rate  float64 // per hour, normal weather
	max   float64 // per hour, worst weather
}

type couplePlan struct {
	from, consumer int
	to             int
	asset          supply.Asset
	demand         float64 // fixed demand of the consumer, or −1
}

type siteRef struct {
	util, node int
	zone       string
}

// Compile validates the scenario and prepares it for runs. It reports every
// problem at once, joined, each naming the element, its index and the
// field. The Plan is immutable and safe for concurrent use: any number of
// runs may share it, and its solve cache. The Scenario must not be modified
// while its Plan is in use.
func (s *Scenario) Compile() (*Plan, error) { return s.compile() }

type errs struct{ list []error }

func (e *errs) add(elem string, i int, field, format string, args ...any) {
	where := elem
	if i >= 0 {
		where = fmt.Sprintf("%s[%d]", elem, i)
	}
	e.list = append(e.list, fmt.Errorf("scenario: %s: %s: %s", where, field, fmt.Sprintf(format, args...)))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (s *Scenario) compile() (*Plan, error) {
	var e errs
	p := &Plan{sc: s, utilIdx: map[string]int{}, zoneIdx: map[string]int{}}
	if !(s.Horizon > 0) || !finite(s.Horizon) {
		e.add("scenario", -1, "horizon", "must be a finite number of hours > 0, got %g", s.Horizon)
	}
	if s.Currency != "" {
		if err := CheckCurrency(s.Currency); err != nil {
			e.add("scenario", -1, "currency", "%v", err)
		}
	}
	p.resolution = s.Resolution
	if p.resolution == 0 {
		p.resolution = 1
	}
	if !(p.resolution > 0) || !finite(p.resolution) {
		e.add("scenario", -1, "resolution", "must be > 0 hours, got %g", s.Resolution)
		p.resolution = 1
	}
	if s.Horizon > 0 && finite(s.Horizon) {
		p.nBuckets = int(math.Ceil(s.Horizon/p.resolution - 1e-9))
		if p.nBuckets > 1_000_000 {
			e.add("scenario", -1, "resolution", "%d timeline buckets is too many", p.nBuckets)
			p.nBuckets = 1
		}
	}
	if !s.Start.IsZero() {
		p.startHour = float64(s.Start.Hour()) + float64(s.Start.Minute())/60 + float64(s.Start.Second())/3600
	}
	p.interrupt = s.Interruption
	if p.interrupt == 0 {
		p.interrupt = 1 - 1e-9
	}
	if !(p.interrupt > 0 && p.interrupt <= 1) {
		e.add("scenario", -1, "interruption", "coverage threshold %g outside (0, 1]", s.Interruption)
	}
	p.momentary = s.Momentary
	if p.momentary == 0 {
		p.momentary = 5.0 / 60
	}
	if math.IsNaN(p.momentary) {
		e.add("scenario", -1, "momentary", "not a number")
	}
	p.levels = s.ServiceLevels
	if p.levels == nil {
		p.levels = []ServiceLevel{{Level: 0.95, Duration: 24}}
	}
	for i, l := range p.levels {
		if !(l.Level > 0 && l.Level <= 1) {
			e.add("service_levels", i, "level", "%g outside (0, 1]", l.Level)
		}
		if !(l.Duration >= 0) || !finite(l.Duration) {
			e.add("service_levels", i, "duration", "%g is not a finite number of hours ≥ 0", l.Duration)
		}
	}

	// Utilities and zones.
	if len(s.Utilities) == 0 {
		e.add("scenario", -1, "utilities", "no networks")
	}
	for i, u := range s.Utilities {
		if u.Net == nil {
			e.add("utilities", i, "network", "missing")
			continue
		}
		id := u.ID
		if id == "" {
			id = u.Net.Name()
		}
		if id == "" {
			id = string(u.Net.Kind())
		}
		if _, dup := p.utilIdx[id]; dup {
			e.add("utilities", i, "id", "duplicate utility ID %q", id)
			continue
		}
		up := &utilPlan{id: id, net: u.Net, policy: u.Policy, isHeat: u.Net.Kind() == network.Heat}
		p.utilIdx[id] = len(p.utils)
		p.utils = append(p.utils, up)
		up.zoneG = make([]int, u.Net.NumZones())
		for z := range up.zoneG {
			zid := u.Net.ZoneID(z)
			g, ok := p.zoneIdx[zid]
			if !ok {
				g = len(p.zones)
				p.zones = append(p.zones, zid)
				p.zoneIdx[zid] = g
			}
			up.zoneG[z] = g
		}
		nc := u.Net.NumClasses()
		up.critical = make([]bool, nc)
		up.voll = make([]float64, nc)
		up.vollDec = make([]decimal.Decimal, nc)
		up.profile = make([][24]float64, nc)
		for k := range nc {
			c := u.Net.Class(k)
			up.critical[k] = c.Rank == u.Net.Class(0).Rank
			up.voll[k] = c.VoLL.InexactFloat64()
			up.vollDec[k] = c.VoLL
			for h := range 24 {
				up.profile[k][h] = 1
			}
		}
	}

	// Weather.
	if w := s.Weather; w != nil {
		p.weather = w
		p.indoor, p.tau, p.cold = w.Indoor, w.TimeConstant, w.Cold
		if p.indoor == 0 {
			p.indoor = 18
		}
		if p.tau == 0 {
			p.tau = 40
		}
		if p.cold == 0 {
			p.cold = 16
		}
		if len(w.Outdoor) == 0 {
			e.add("weather", -1, "outdoor", "no temperatures")
		}
		for i, t := range w.Outdoor {
			if !finite(t) {
				e.add("weather", -1, "outdoor", "hour %d: %g is not a temperature", i, t)
			}
		}
		if !finite(w.Design) || !(w.Design < p.indoor) {
			e.add("weather", -1, "design", "design temperature %g must be below the indoor set point %g", w.Design, p.indoor)
		}
		if !(p.tau > 0) || !finite(p.tau) {
			e.add("weather", -1, "time_constant", "%g is not a number of hours > 0", w.TimeConstant)
		}
		if !finite(p.cold) || !finite(p.indoor) {
			e.add("weather", -1, "cold", "not a temperature")
		}
		p.hourly = true
	}

	util := func(elem string, i int, id string) int {
		if id == "" && len(p.utils) == 1 {
			return 0
		}
		k, ok := p.utilIdx[id]
		if !ok {
			e.add(elem, i, "network", "unknown network %q", id)
			return -1
		}
		return k
	}
	asset := func(elem string, i int, u int, id string) (supply.Asset, bool) {
		if u < 0 {
			return supply.Asset{}, false
		}
		a, ok := supply.Lookup(p.utils[u].net, id)
		if !ok {
			e.add(elem, i, "asset", "unknown asset %q in network %q", id, p.utils[u].id)
		}
		return a, ok
	}
	window := func(elem string, i int, from, to float64) {
		if !finite(from) || from < 0 {
			e.add(elem, i, "from", "%g is not a time ≥ 0", from)
		}
		if !finite(to) {
			e.add(elem, i, "to", "%g is not a time", to)
		}
	}

	for i, l := range s.Lockdowns {
		z, ok := p.zoneIdx[l.Zone]
		if !ok {
			e.add("lockdowns", i, "zone", "unknown zone %q", l.Zone)
		}
		if l.Level < crew.Open || l.Level > crew.Sealed {
			e.add("lockdowns", i, "level", "unknown level %d", int(l.Level))
		}
		window("lockdowns", i, l.From, l.To)
		f := l.DemandFactor
		if f == 0 {
			f = [...]float64{1, 1.05, 1.10, 1.15}[max(crew.Open, min(l.Level, crew.Sealed))]
		}
		if !(f >= 0) || !finite(f) {
			e.add("lockdowns", i, "demand_factor", "%g is not a multiplier ≥ 0", l.DemandFactor)
		}
		p.lockdowns = append(p.lockdowns, lockPlan{zone: z, level: l.Level, from: l.From, to: endOf(l.From, l.To, s.Horizon), factor: f})
	}
	for i, pr := range s.Profiles {
		if len(pr.Hourly) != 24 {
			e.add("profiles", i, "hourly", "want 24 multipliers, got %d", len(pr.Hourly))
			continue
		}
		for h, v := range pr.Hourly {
			if !(v >= 0) || !finite(v) {
				e.add("profiles", i, "hourly", "hour %d: %g is not a multiplier ≥ 0", h, v)
			}
		}
		matched := false
		for _, up := range p.utils {
			if pr.Network != "" && pr.Network != up.id {
				continue
			}
			for k := range up.profile {
				if pr.Class != "" && pr.Class != up.net.Class(k).Name {
					continue
				}
				matched = true
				for h := range 24 {
					up.profile[k][h] *= pr.Hourly[h]
				}
			}
		}
		if !matched {
			e.add("profiles", i, "class", "matches no class of network %q", pr.Network)
		}
		p.hourly = true
	}
	for i, sp := range s.Spikes {
		if sp.Network != "" {
			util("spikes", i, sp.Network)
		}
		if sp.Zone != "" {
			if _, ok := p.zoneIdx[sp.Zone]; !ok {
				e.add("spikes", i, "zone", "unknown zone %q", sp.Zone)
			}
		}
		if sp.Kind != "" && !network.Kind(sp.Kind).Valid() {
			e.add("spikes", i, "kind", "unknown kind %q", sp.Kind)
		}
		if !(sp.Factor >= 0) || !finite(sp.Factor) {
			e.add("spikes", i, "factor", "%g is not a multiplier ≥ 0", sp.Factor)
		}
		window("spikes", i, sp.From, sp.To)
	}
	for i, se := range s.Series {
		u := util("series", i, se.Network)
		a, ok := asset("series", i, u, se.Asset)
		if !ok {
			continue
		}
		if (len(se.Scale) == 0) == (len(se.Capacity) == 0) {
			e.add("series", i, "scale", "give exactly one of scale and capacity")
			continue
		}
		sc := se.Scale
		if len(se.Capacity) > 0 {
			base := math.Inf(1)
			if a.IsLink {
				base = p.utils[u].net.LinkCapacity(a.Index)
			} else {
				base = p.utils[u].net.Capacity(a.Index)
			}
			if math.IsInf(base, 1) {
				e.add("series", i, "capacity", "asset %q has unlimited capacity; give scale instead", se.Asset)
				continue
			}
			sc = make([]float64, len(se.Capacity))
			for h, c := range se.Capacity {
				sc[h] = c / base
			}
		}
		for h, v := range sc {
			if !(v >= 0) || !finite(v) {
				e.add("series", i, "scale", "hour %d: %g is not a value ≥ 0", h, v)
			}
		}
		p.series = append(p.series, seriesPlan{util: u, asset: a, scale: sc})
		p.hourly = true
	}
	for i, o := range s.Outages {
		u := util("outages", i, o.Network)
		asset("outages", i, u, o.Asset)
		if !finite(o.At) || o.At < 0 {
			e.add("outages", i, "at", "%g is not a time ≥ 0", o.At)
		}
		if !(o.Duration >= 0) || !finite(o.Duration) {
			e.add("outages", i, "duration", "%g is not a number of hours ≥ 0", o.Duration)
		}
		if o.Repair && o.Work.Draw == nil {
			e.add("outages", i, "work", "a repair needs a work time")
		}
		if o.MinCrew < 0 {
			e.add("outages", i, "min_crew", "negative value %d", o.MinCrew)
		}
	}
	for i, c := range s.Cuts {
		u := util("cuts", i, c.Network)
		asset("cuts", i, u, c.Asset)
		if !(c.Scale >= 0 && c.Scale <= 1) {
			e.add("cuts", i, "scale", "%g outside [0, 1]", c.Scale)
		}
		window("cuts", i, c.From, c.To)
	}
	for i, nl := range s.NewLoads {
		u := util("new_loads", i, nl.Network)
		if a, ok := asset("new_loads", i, u, nl.Consumer); ok && (a.IsLink || p.utils[u].net.Role(a.Index) != network.Consumer) {
			e.add("new_loads", i, "consumer", "%q is not a consumer", nl.Consumer)
		}
		if !finite(nl.At) || nl.At < 0 {
			e.add("new_loads", i, "at", "%g is not a time ≥ 0", nl.At)
		}
	}
	for i, d := range s.Deliveries {
		u := util("deliveries", i, d.Network)
		if a, ok := asset("deliveries", i, u, d.Storage); ok && (a.IsLink || p.utils[u].net.Role(a.Index) != network.Storage) {
			e.add("deliveries", i, "storage", "%q is not a storage", d.Storage)
		}
		if !finite(d.At) || d.At < 0 {
			e.add("deliveries", i, "at", "%g is not a time ≥ 0", d.At)
		}
		if !(d.Amount >= 0) || !finite(d.Amount) {
			e.add("deliveries", i, "amount", "%g is not an amount ≥ 0", d.Amount)
		}
		if !(d.Every >= 0) || !finite(d.Every) {
			e.add("deliveries", i, "every", "%g is not an interval ≥ 0", d.Every)
		}
	}
	for i := range s.Faults {
		f := &s.Faults[i]
		if f.Network != "" {
			util("faults", i, f.Network)
		}
		if !f.Links && !f.Role.Valid() {
			e.add("faults", i, "role", "unknown role %q (or set links)", string(f.Role))
		}
		if !(f.Rate >= 0) || !finite(f.Rate) {
			e.add("faults", i, "rate", "%g is not a rate ≥ 0 per year", f.Rate)
		}
		if f.ColdFactor != 0 && (!(f.ColdFactor >= 1) || !finite(f.ColdFactor) || !finite(f.ColdBelow)) {
			e.add("faults", i, "cold_factor", "%g is not a multiplier ≥ 1", f.ColdFactor)
		}
		if f.Repair.Draw == nil {
			e.add("faults", i, "repair", "a fault model needs a repair time")
		}
		if f.MinCrew < 0 {
			e.add("faults", i, "min_crew", "negative value %d", f.MinCrew)
		}
	}
	// One fault model per asset: the first that matches.
	for ui, up := range p.utils {
		net := up.net
		pick := func(link bool, role network.Role) *FaultModel {
			for i := range s.Faults {
				f := &s.Faults[i]
				if f.Network != "" && f.Network != up.id {
					continue
				}
				if f.Links == link && (link || f.Role == role) && f.Rate > 0 && f.Repair.Draw != nil {
					return f
				}
			}
			return nil
		}
		for v := range net.NumNodes() {
			if f := pick(false, net.Role(v)); f != nil {
				p.faults = append(p.faults, newFaultPlan(ui, supply.Asset{ID: net.NodeID(v), Index: v}, f))
			}
		}
		for l := range net.NumLinks() {
			if f := pick(true, ""); f != nil {
				p.faults = append(p.faults, newFaultPlan(ui, supply.Asset{ID: net.LinkID(l), IsLink: true, Index: l}, f))
			}
		}
	}
	for i, c := range s.Couplings {
		from, to := util("couplings", i, c.From), util("couplings", i, c.To)
		if from >= 0 && from == to {
			e.add("couplings", i, "to", "a utility cannot feed itself")
			continue
		}
		cons, ok1 := asset("couplings", i, from, c.Consumer)
		a, ok2 := asset("couplings", i, to, c.Asset)
		if !ok1 || !ok2 {
			continue
		}
		if cons.IsLink || p.utils[from].net.Role(cons.Index) != network.Consumer {
			e.add("couplings", i, "consumer", "%q is not a consumer of %q", c.Consumer, c.From)
			continue
		}
		if a.IsLink {
			e.add("couplings", i, "asset", "%q is a link; couple a source, storage or station", c.Asset)
			continue
		}
		switch p.utils[to].net.Role(a.Index) {
		case network.Source, network.Storage, network.Station:
		default:
			e.add("couplings", i, "asset", "%q is a %s; couple a source, storage or station", c.Asset, p.utils[to].net.Role(a.Index))
			continue
		}
		cp := couplePlan{from: from, consumer: cons.Index, to: to, asset: a, demand: -1}
		if c.Factor != 0 {
			capa := p.utils[to].net.Capacity(a.Index)
			if !(c.Factor > 0) || !finite(c.Factor) {
				e.add("couplings", i, "factor", "%g is not a conversion factor > 0", c.Factor)
				continue
			}
			if math.IsInf(capa, 1) {
				e.add("couplings", i, "factor", "asset %q has unlimited capacity, so a factor gives no demand", c.Asset)
				continue
			}
			cp.demand = c.Factor * capa
		}
		p.couples = append(p.couples, cp)
	}
	// Closed-loop teams' sites.
	if r := s.Crew; r != nil {
		if math.Abs(r.StartHour()-p.startHour) > 1e-9 {
			e.add("crew", -1, "start_hour", "the roster starts at hour %g of the day but the scenario at %g; shifts would be misaligned", r.StartHour(), p.startHour)
		}
		p.teamSite = make([]siteRef, r.NumTeams())
		for i := range r.NumTeams() {
			t := r.Team(i)
			p.teamSite[i] = siteRef{util: -1, node: -1}
			if t.Site == "" {
				continue
			}
			found := false
			for ui, up := range p.utils {
				if v, ok := up.net.NodeIndex(t.Site); ok {
					z := ""
					if nz := up.net.NodeZone(v); nz >= 0 {
						z = up.net.ZoneID(nz)
					}
					p.teamSite[i] = siteRef{util: ui, node: v, zone: z}
					found = true
					break
				}
			}
			if !found {
				e.add("crew", i, "site", "team %q: unknown site node %q", t.ID, t.Site)
			}
		}
	}
	if len(e.list) > 0 {
		return nil, errors.Join(e.list...)
	}
	p.cache = newSolveCache(64)
	return p, nil
}

func newFaultPlan(u int, a supply.Asset, f *FaultModel) faultPlan {
	r := f.Rate / hoursPerYear
	m := r
	if f.ColdFactor > 1 {
		m = r * f.ColdFactor
	}
	return faultPlan{util: u, asset: a, model: f, rate: r, max: m}
}

// endOf returns the end of a window: to, or the horizon when to ≤ from.
func endOf(from, to, horizon float64) float64 {
	if to <= from {
		return math.Max(horizon, from)
	}
	return to
}

// outdoor returns the outdoor temperature at time t (hourly steps).
func (p *Plan) outdoor(t float64) float64 {
	w := p.weather
	h := int(math.Floor(t + 1e-9))
	if h < 0 {
		h = 0
	}
	if h >= len(w.Outdoor) {
		h = len(w.Outdoor) - 1
	}
	return w.Outdoor[h]
}

// hourOfDay returns the hour of day (0..23) at time t.
func (p *Plan) hourOfDay(t float64) int {
	h := int(math.Floor(p.startHour+t+1e-9)) % 24
	if h < 0 {
		h += 24
	}
	return h
}
