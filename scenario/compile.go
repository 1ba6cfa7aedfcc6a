package scenario

import (
	"errors"
	"fmt"
	"math"
	"strings"

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
	cuts      []cutPlan
	faults    []faultPlan // one per asset with a fault model
	teamSite  []siteRef   // per team: its site, util -1 if mobile
	couples   []couplePlan
	demands   []demandPlan
	spikeTo   [][]spikeRef // per spike: the consumer groups it acts on
	hourly    bool         // something changes every hour of the clock
	steppers  []stepper    // regular steps of the drivers of demand and capacity

	cache    *solveCache
	warnings []*FieldError
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
	// Demand series: per node, the absolute series (index in
	// Plan.demands, −1 for none) with the node's share of it, and the
	// scale series; nil without demand series.
	demAbs   []int32
	demShare []float64
	demScale [][]int32
	// spikeGroup is, per node, the group of consumers that every spike
	// matches alike (one class in one zone); see compileSpikeGroups.
	spikeGroup []int32
	nGroups    int
}

// spikeRef is a group of consumers of one utility that a spike acts on.
type spikeRef struct{ util, group int32 }

type lockPlan struct {
	zone     int
	level    crew.Level
	from, to float64
	factor   float64
}

type seriesPlan struct {
	util        int
	asset       supply.Asset
	scale       []float64
	step, start float64
}

type cutPlan struct {
	util     int
	asset    supply.Asset
	scale    float64
	from, to float64
}

type faultPlan struct {
	util  int
	asset supply.Asset
	mi    int // index of the model in Scenario.Faults
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
// problem at once, joined, each a *FieldError naming the element, its index
// and the field (read them with Problems); the error matches ErrInvalid.
// Settings that are valid but can never act (a lockdown after the horizon,
// a fault model no asset takes) are not errors: Plan.Warnings lists them.
// The Plan is immutable and safe for concurrent use: any number of runs may
// share it, and its solve cache. The Scenario must not be modified while
// its Plan is in use.
func (s *Scenario) Compile() (*Plan, error) {
	p, _, err := s.compile()
	return p, err
}

// Check validates the scenario as Compile does and returns, whether or not
// it is valid, the warnings about settings that can never act in it (see
// Plan.Warnings), in the order of the scenario's fields.
func (s *Scenario) Check() (warnings []*FieldError, err error) {
	_, w, err := s.compile()
	return w, err
}

// Warnings returns the settings of the scenario that are valid but can
// never act, each a *FieldError naming the element and the field:
//
//   - windows and times at or after the horizon (lockdowns, spikes, cuts,
//     outages, new loads, deliveries, absences) or, for absences, wholly
//     before the start;
//   - filters that match nothing (a spike no consumer meets, a fault model
//     no asset takes, or whose every asset takes a more specific model), a
//     fault rate of 0, steady_start without a fault model;
//   - a cold factor whose threshold the outdoor temperature never goes
//     below, weather that acts on nothing (no heat network, no cold
//     factor);
//   - a service level longer than the horizon, a momentary threshold as
//     long as the horizon;
//   - crews: a repair no team has the skills for, a team that can repair
//     nothing in the scenario, a home zone or travel zone no network
//     declares;
//   - a lockdown at level open with no demand factor.
//
// The slice is shared: do not modify it.
func (p *Plan) Warnings() []*FieldError { return p.warnings }

type errs struct {
	list  []error
	warns []*FieldError
}

func (e *errs) add(elem string, i int, field, format string, args ...any) {
	e.list = append(e.list, newFieldError(elem, i, field, "", format, args...))
}

// ref reports a reference to id that names nothing.
func (e *errs) ref(elem string, i int, field, id, format string, args ...any) {
	e.list = append(e.list, newRefError(elem, i, field, id, format, args...))
}

func (e *errs) warn(elem string, i int, field, format string, args ...any) {
	e.warns = append(e.warns, newFieldError(elem, i, field, "", format, args...))
}

func newFieldError(elem string, i int, field, unknown, format string, args ...any) *FieldError {
	if elem == "scenario" {
		elem, i = "", -1
	}
	return &FieldError{Element: elem, Index: i, Field: field, Msg: fmt.Sprintf(format, args...), Unknown: unknown}
}

func newRefError(elem string, i int, field, unknown, format string, args ...any) *FieldError {
	fe := newFieldError(elem, i, field, unknown, format, args...)
	fe.Reference = true
	return fe
}

// invalidError joins problems and matches ErrInvalid.
type invalidError struct{ errs []error }

func (e *invalidError) Error() string        { return errors.Join(e.errs...).Error() }
func (e *invalidError) Unwrap() []error      { return e.errs }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (s *Scenario) compile() (*Plan, []*FieldError, error) {
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
			e.add("utilities", i, "id", "duplicate utility ID %s", quote(id))
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
				e.add("weather", -1, "outdoor", "value %d: %g is not a temperature", i, t)
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
		p.checkSteps(&e, "weather", -1, w.Step, w.Start)
	}

	utilField := func(elem string, i int, field, id string) int {
		if id == "" && len(p.utils) == 1 {
			return 0
		}
		k, ok := p.utilIdx[id]
		switch {
		case !ok && id == "" && len(p.utils) > 1:
			ids := make([]string, len(p.utils))
			for j, up := range p.utils {
				ids[j] = up.id
			}
			e.ref(elem, i, field, id, "missing: the scenario has %d networks, name one (%s)", len(ids), strings.Join(ids, ", "))
			return -1
		case !ok:
			e.ref(elem, i, field, id, "%s", unknown("network", id, p.utilIDs()))
			return -1
		}
		return k
	}
	util := func(elem string, i int, id string) int { return utilField(elem, i, "network", id) }
	assetField := func(elem string, i int, field string, u int, id string) (supply.Asset, bool) {
		if u < 0 {
			return supply.Asset{}, false
		}
		a, ok := supply.Lookup(p.utils[u].net, id)
		if !ok {
			e.ref(elem, i, field, id, "unknown asset %s in network %s%s", quote(id), quote(p.utils[u].id), didYouMean(id, assetIDs(p.utils[u].net)))
		}
		return a, ok
	}
	asset := func(elem string, i int, u int, id string) (supply.Asset, bool) {
		return assetField(elem, i, "asset", u, id)
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
			e.ref("lockdowns", i, "zone", l.Zone, "%s", unknown("zone", l.Zone, p.zones))
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
		switch {
		case matched:
		case pr.Class != "" && !containsString(p.classNames(), pr.Class):
			e.ref("profiles", i, "class", pr.Class, "%s", unknownClass(pr.Class, p.classNames()))
		case pr.Network != "" && !hasKey(p.utilIdx, pr.Network):
			e.ref("profiles", i, "network", pr.Network, "%s", unknown("network", pr.Network, p.utilIDs()))
		default:
			e.add("profiles", i, "class", "matches no class of network %s", quote(pr.Network))
		}
		p.hourly = true
	}
	for i, sp := range s.Spikes {
		if sp.Network != "" {
			util("spikes", i, sp.Network)
		}
		if sp.Zone != "" {
			if _, ok := p.zoneIdx[sp.Zone]; !ok {
				e.ref("spikes", i, "zone", sp.Zone, "%s", unknown("zone", sp.Zone, p.zones))
			}
		}
		if sp.Class != "" && !containsString(p.classNames(), sp.Class) {
			e.ref("spikes", i, "class", sp.Class, "%s", unknownClass(sp.Class, p.classNames()))
		}
		if sp.Kind != "" && !network.Kind(sp.Kind).Valid() {
			e.add("spikes", i, "kind", "unknown kind %s (want power, heat, water or gas)", quote(sp.Kind))
		}
		if !(sp.Factor >= 0) || !finite(sp.Factor) {
			e.add("spikes", i, "factor", "%g is not a multiplier ≥ 0", sp.Factor)
		}
		window("spikes", i, sp.From, sp.To)
	}
	p.compileSpikeGroups()
	p.compileSeries(&e)
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
			e.add("outages", i, "min_crew", "%d is negative; want a number of members ≥ 0 (0 means 1)", o.MinCrew)
		}
	}
	for i, c := range s.Cuts {
		u := util("cuts", i, c.Network)
		a, ok := asset("cuts", i, u, c.Asset)
		if !(c.Scale >= 0 && c.Scale <= 1) {
			e.add("cuts", i, "scale", "%g outside [0, 1]", c.Scale)
		}
		window("cuts", i, c.From, c.To)
		if ok {
			p.cuts = append(p.cuts, cutPlan{util: u, asset: a, scale: c.Scale, from: c.From, to: endOf(c.From, c.To, s.Horizon)})
		}
	}
	for i, nl := range s.NewLoads {
		u := util("new_loads", i, nl.Network)
		if a, ok := assetField("new_loads", i, "consumer", u, nl.Consumer); ok && (a.IsLink || p.utils[u].net.Role(a.Index) != network.Consumer) {
			e.add("new_loads", i, "consumer", "%s is not a consumer", quote(nl.Consumer))
		}
		if !finite(nl.At) || nl.At < 0 {
			e.add("new_loads", i, "at", "%g is not a time ≥ 0", nl.At)
		}
	}
	for i, d := range s.Deliveries {
		u := util("deliveries", i, d.Network)
		if a, ok := assetField("deliveries", i, "storage", u, d.Storage); ok && (a.IsLink || p.utils[u].net.Role(a.Index) != network.Storage) {
			e.add("deliveries", i, "storage", "%s is not a storage", quote(d.Storage))
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
	p.compileFaults(&e)
	for i, c := range s.Couplings {
		from, to := utilField("couplings", i, "from", c.From), utilField("couplings", i, "to", c.To)
		if from >= 0 && from == to {
			e.add("couplings", i, "to", "a utility cannot feed itself")
			continue
		}
		cons, ok1 := assetField("couplings", i, "consumer", from, c.Consumer)
		a, ok2 := asset("couplings", i, to, c.Asset)
		if !ok1 || !ok2 {
			continue
		}
		if cons.IsLink || p.utils[from].net.Role(cons.Index) != network.Consumer {
			e.add("couplings", i, "consumer", "%s is not a consumer of %s", quote(c.Consumer), quote(c.From))
			continue
		}
		if a.IsLink {
			e.add("couplings", i, "asset", "%s is a link; couple a source, storage or station", quote(c.Asset))
			continue
		}
		switch p.utils[to].net.Role(a.Index) {
		case network.Source, network.Storage, network.Station:
		default:
			e.add("couplings", i, "asset", "%s is a %s; couple a source, storage or station", quote(c.Asset), p.utils[to].net.Role(a.Index))
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
				e.add("couplings", i, "factor", "asset %s has unlimited capacity, so a factor gives no demand", quote(c.Asset))
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
				var nodes []string
				for _, up := range p.utils {
					for v := range up.net.NumNodes() {
						nodes = append(nodes, up.net.NodeID(v))
					}
				}
				e.ref("crew", i, "site", t.Site, "team %s: unknown site node %s%s", quote(t.ID), quote(t.Site), didYouMean(t.Site, nodes))
			}
		}
	}
	p.check(&e)
	if len(e.list) > 0 {
		return nil, e.warns, &invalidError{errs: e.list}
	}
	p.refreshSteps()
	p.warnings = e.warns
	p.cache = newSolveCache(64)
	return p, e.warns, nil
}

// compileSpikeGroups sorts each utility's consumers into groups that
// every spike matches alike — those of one class in one zone — and lists
// per spike the groups it acts on. A run then keeps, per group, the
// spikes in force, so that refreshing demand costs the same whatever the
// number of spikes in the scenario.
func (p *Plan) compileSpikeGroups() {
	type key struct{ class, zone int }
	for _, up := range p.utils {
		net := up.net
		up.spikeGroup = make([]int32, net.NumNodes())
		ids := map[key]int32{}
		for _, c := range net.Consumers() {
			k := key{net.NodeClass(int(c)), net.NodeZone(int(c))}
			g, ok := ids[k]
			if !ok {
				g = int32(len(ids))
				ids[k] = g
			}
			up.spikeGroup[c] = g
		}
		up.nGroups = len(ids)
	}
	p.spikeTo = make([][]spikeRef, len(p.sc.Spikes))
	for ui, up := range p.utils {
		net := up.net
		seen := make([]bool, up.nGroups)
		for _, c := range net.Consumers() {
			g := up.spikeGroup[c]
			if seen[g] {
				continue
			}
			seen[g] = true
			k, z := net.NodeClass(int(c)), net.NodeZone(int(c))
			for i, sp := range p.sc.Spikes {
				if (sp.Network == "" || sp.Network == up.id) && (sp.Kind == "" || sp.Kind == string(net.Kind())) &&
					(sp.Class == "" || sp.Class == net.Class(k).Name) && (sp.Zone == "" || (z >= 0 && sp.Zone == net.ZoneID(z))) {
					p.spikeTo[i] = append(p.spikeTo[i], spikeRef{int32(ui), g})
				}
			}
		}
	}
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// endOf returns the end of a window: to, or the horizon when to ≤ from.
func endOf(from, to, horizon float64) float64 {
	if to <= from {
		return math.Max(horizon, from)
	}
	return to
}

// outdoor returns the outdoor temperature at time t.
func (p *Plan) outdoor(t float64) float64 {
	w := p.weather
	return valueAt(w.Outdoor, w.Start, stepOr1(w.Step), t)
}

// hourOfDay returns the hour of day (0..23) at time t.
func (p *Plan) hourOfDay(t float64) int {
	h := int(math.Floor(p.startHour+t+1e-9)) % 24
	if h < 0 {
		h += 24
	}
	return h
}
