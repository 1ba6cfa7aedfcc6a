package scenario

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lifeline-sim/lifeline/network"
)

// CompareOptions are the settings of Compare. The zero value of every
// optional field is a sensible default, stated field by field.
type CompareOptions struct {
	// Seed selects the family of random streams; both variants draw from
	// it, so that they see the same faults on the assets they share.
	Seed uint64
	// Trials is the number of paired trials, ≥ 1 (with one trial every
	// standard error, interval and probability is NaN). Required.
	Trials int
	// Workers is the number of goroutines running trials. If zero,
	// runtime.GOMAXPROCS(0). It never changes a result.
	Workers int
	// Progress, if not nil, is called after each paired trial is taken
	// with the number taken so far and Trials, from one goroutine at a
	// time, done increasing.
	Progress func(done, total int)
}

// Comparison is the outcome of Compare: paired differences, plan − base,
// of every metric of a run, for every network the two variants share, in
// total, per class and per zone, and of the crews' work.
//
// Each variant plays trials 0 … Trials−1 of the same seed, so trial i of
// the plan sees the same candidate faults and repair times as trial i of
// the base wherever they share an asset (common random numbers; see
// StreamID). The difference of trial i, dᵢ = yᵢ − xᵢ (y the plan, x the
// base), is then due to the plan, not to the draws, and the mean
// difference is known far better than from two independent studies.
//
// A Comparison is immutable once returned and safe for concurrent use.
// Memory: O(trials × networks × metrics) for the per-trial values of the
// network totals (BaseValues, PlanValues), O(metrics) for the rest.
type Comparison struct {
	// Base and Plan are the names of the two scenarios.
	Base, Plan string
	Seed       uint64
	Trials     int
	// Horizon is the base's horizon in hours (the plan's may differ: see
	// Notes).
	Horizon float64
	// Networks are the networks of the base that the plan also has (by
	// ID), in the base's order.
	Networks []NetComparison
	// Crew compares the crews' work over the run, all networks together.
	Crew ScopeComparison
	// Notes say what could not be compared: networks, classes, zones and
	// service levels in only one of the variants, different horizons.
	Notes []string
}

// NetComparison compares one network of the two variants.
type NetComparison struct {
	ID   string
	Kind network.Kind
	// ServiceLevels are the service levels both variants track, in the
	// base's order; metric names with index i refer to ServiceLevels[i].
	ServiceLevels []ServiceLevel
	// Total compares the whole network (the metrics of a study Summary
	// without the crews', plus indirect_ens and service_risk_i).
	Total ScopeComparison
	// Classes compares the classes both variants have (by name), in the
	// base's rank order; Zones the zones both have (by ID), in the base's
	// order. Their metrics are those of a Group.
	Classes []ScopeComparison
	Zones   []ScopeComparison
}

// ScopeComparison compares the metrics of one network, class, zone or the
// crews.
type ScopeComparison struct {
	// Name is the network ID, class name or zone ID, or "crew".
	Name string
	// Consumers and Customers count the base's consumers and customers in
	// the scope (0 for the crews).
	Consumers, Customers int
	Metrics              []MetricComparison
}

// Metric returns the comparison of the metric with the given name, and
// false if the scope has none.
func (s *ScopeComparison) Metric(name string) (*MetricComparison, bool) {
	for i := range s.Metrics {
		if s.Metrics[i].Metric == name {
			return &s.Metrics[i], true
		}
	}
	return nil, false
}

// Moments are the mean of a metric over the trials, its sample standard
// deviation (divisor N − 1; NaN for one trial) and the standard error of
// the mean, StdDev/√N.
type Moments struct {
	Mean, StdDev, StdErr float64
}

// MetricComparison compares one metric of the two variants over the
// paired trials.
type MetricComparison struct {
	// Metric names the metric: a name of Summary ("ens", "saidi", …),
	// "indirect_ens", "service_risk_i" (1 in a trial whose critical
	// coverage stays below service level i for longer than its duration,
	// else 0, so that its mean is the service risk), or for the crews
	// "max_wait", "longest_repair" and "repairs_completed".
	Metric string
	// Unit is the metric's unit, as Summary.Unit gives it ("kWh", "m³",
	// "h", "" for fractions and probabilities, …).
	Unit string
	// HigherIsWorse is the direction of the metric (see
	// Summary.HigherIsWorse): it decides what "better" means.
	HigherIsWorse bool
	// N is the number of paired trials.
	N int
	// Base and Plan are the moments of each variant on its own.
	Base, Plan Moments
	// Diff describes the paired differences plan − base.
	Diff Difference
	// BaseValues and PlanValues hold the value of each trial, in trial
	// order, for the metrics of a network's Total; nil elsewhere.
	BaseValues, PlanValues []float64
}

// Difference describes the paired differences dᵢ = yᵢ − xᵢ (plan − base)
// of one metric over N trials. A difference within 10⁻⁹ of the larger
// magnitude, |yᵢ − xᵢ| ≤ 10⁻⁹·max(|xᵢ|, |yᵢ|), is rounding (sums of the
// same terms in another order) and counts as 0.
//
//   - Mean is d̄, StdDev the sample standard deviation s_d of the dᵢ
//     (divisor N − 1), StdErr = s_d/√N its standard error.
//   - [CI95Low, CI95High] = d̄ ± t·StdErr, with t the 0.975 quantile of
//     Student's t with N − 1 degrees of freedom: a 95% confidence interval
//     of the mean difference. A point when StdErr is 0.
//   - PBetter is the probability that the plan is better on average: the
//     posterior probability, under a flat prior, that the expected
//     difference lies on the plan's better side, P(μ_d < 0) where higher
//     is worse (P(μ_d > 0) where lower is worse), from the Student t
//     distribution of the mean: F(−d̄/StdErr) or F(d̄/StdErr) with F the t
//     distribution function with N − 1 degrees of freedom. It equals one
//     minus the one-sided p-value of "the plan is not better", so it is
//     above 0.975 exactly when the 95% interval lies wholly on the better
//     side. With StdErr = 0 it is 1 or 0 as d̄ favours the plan or the
//     base, and 0.5 when d̄ = 0.
//   - ShareBetter and ShareWorse are the shares of trials in which the
//     plan did better or worse than the base (a zero difference is a
//     tie): how often the plan wins, not by how much.
//   - IndependentStdErr = √((s_x² + s_y²)/N) is the standard error the
//     mean difference would have from two independent studies of N trials
//     each with the same spreads, and VarianceReduction = (s_x² + s_y²)/s_d²
//     its ratio to the paired variance: how many times fewer trials the
//     pairing needs for the same precision (2·Cov(x, y)/s_d² + 1). It is
//     +Inf when the differences never vary but the metrics do, and NaN
//     when nothing varies.
//
// With one trial every field but Mean and the shares is NaN.
type Difference struct {
	Mean, StdDev, StdErr    float64
	CI95Low, CI95High       float64
	PBetter                 float64
	ShareBetter, ShareWorse float64
	IndependentStdErr       float64
	VarianceReduction       float64
}

// Net returns the comparison of the network with the given ID, and false
// if it was not compared.
func (c *Comparison) Net(id string) (*NetComparison, bool) {
	for i := range c.Networks {
		if c.Networks[i].ID == id {
			return &c.Networks[i], true
		}
	}
	return nil, false
}

// Class returns the comparison of the class with the given name.
func (n *NetComparison) Class(name string) (*ScopeComparison, bool) {
	return scopeByName(n.Classes, name)
}

// Zone returns the comparison of the zone with the given ID.
func (n *NetComparison) Zone(id string) (*ScopeComparison, bool) { return scopeByName(n.Zones, id) }

func scopeByName(list []ScopeComparison, name string) (*ScopeComparison, bool) {
	for i := range list {
		if list[i].Name == name {
			return &list[i], true
		}
	}
	return nil, false
}

// cmpDef is one metric of a group (network total, class or zone).
type cmpDef struct {
	name       string
	unit       string // "q" is the network's quantity unit
	lowerWorse bool
	get        func(g *Group, horizon float64) float64
}

// MetricIndirectENS and MetricServiceRisk name the compared metrics that a
// Summary does not record: the energy or volume not supplied because of
// other utilities, and (with the index of a service level appended) the
// 0/1 outcome "critical coverage below the level for longer than its
// duration".
const (
	MetricIndirectENS = "indirect_ens"
	MetricServiceRisk = "service_risk_"
)

// groupCmp are the metrics compared for every group.
var groupCmp = []cmpDef{
	{MetricENS, "q", false, func(g *Group, _ float64) float64 { return g.ENS() }},
	{MetricIndirectENS, "q", false, func(g *Group, _ float64) float64 { return g.IndirectENS }},
	{MetricServed, "q", true, func(g *Group, _ float64) float64 { return g.Served }},
	{MetricDemand, "q", false, func(g *Group, _ float64) float64 { return g.Demand }},
	{MetricCoverage, "", true, func(g *Group, _ float64) float64 { return g.PCS() }},
	{MetricECS, "", true, func(g *Group, h float64) float64 { return g.ECS(h) }},
	{MetricEOH, "h", false, func(g *Group, _ float64) float64 { return g.EOH }},
	{MetricCustomerHoursLost, "customer·h", false, func(g *Group, _ float64) float64 { return g.CustomerHoursLost }},
	{MetricSAIFI, "interruptions/customer", false, func(g *Group, _ float64) float64 { return g.SAIFI() }},
	{MetricSAIDI, "h/customer", false, func(g *Group, _ float64) float64 { return g.SAIDI() }},
	{MetricCAIDI, "h", false, func(g *Group, _ float64) float64 { return g.CAIDI() }},
	{MetricASAI, "", true, func(g *Group, h float64) float64 { return g.ASAI(h) }},
	{MetricValueLost, "money", false, func(g *Group, _ float64) float64 { return g.ValueLost.InexactFloat64() }},
}

// netCmp are the metrics of a network beyond its group metrics, before the
// service levels.
var netCmp = []struct {
	name       string
	unit       string
	lowerWorse bool
	get        func(n *NetResult) float64
}{
	{MetricMinCriticalCoverage, "", true, func(n *NetResult) float64 { return n.MinCriticalCoverage }},
	{MetricLossOfLoadHours, "h", false, func(n *NetResult) float64 { return n.LossOfLoadHours }},
	{MetricTimeToRestore, "h", false, func(n *NetResult) float64 { return n.TimeToRestore }},
	{MetricColdCustomerHours, "customer·h", false, func(n *NetResult) float64 { return n.ColdCustomerHours }},
	{MetricPeakColdCustomers, "customers", false, func(n *NetResult) float64 { return float64(n.PeakColdCustomers) }},
}

// crewCmp are the metrics of the crews.
var crewCmp = []struct {
	name       string
	unit       string
	lowerWorse bool
	get        func(c *CrewResult) float64
}{
	{MetricCrewUtilisation, "", false, func(c *CrewResult) float64 { return c.UtilisationTotal() }},
	{MetricMeanWait, "h", false, func(c *CrewResult) float64 { return c.MeanWait() }},
	{"max_wait", "h", false, func(c *CrewResult) float64 { return c.MaxWait }},
	{"longest_repair", "h", false, func(c *CrewResult) float64 { return c.LongestRepair }},
	{"repairs_completed", "repairs", true, func(c *CrewResult) float64 { return float64(c.Completed) }},
}

// cmpNet pairs one network of the base (index b) with one of the plan (p):
// classes, zones and service levels by their indices in each.
type cmpNet struct {
	b, p    int
	classes [][2]int
	zones   [][2]int
	levels  [][2]int
}

// cmpLayout is what Compare extracts from each trial, in order.
type cmpLayout struct {
	nets []cmpNet
	size int // values per trial
}

// extract writes the values of one variant (side 0 the base, 1 the plan)
// of a trial into out, in layout order.
func (l *cmpLayout) extract(res *Result, side int, horizon float64, levels []ServiceLevel, out []float64) {
	k := 0
	put := func(v float64) { out[k] = v; k++ }
	for _, cn := range l.nets {
		ni := cn.b
		if side == 1 {
			ni = cn.p
		}
		n := &res.Networks[ni]
		for _, m := range groupCmp {
			put(m.get(&n.Total, horizon))
		}
		for _, m := range netCmp {
			put(m.get(n))
		}
		for _, lv := range cn.levels {
			li := lv[side]
			v := 0.0
			if li < len(n.LongestCriticalBelow) {
				v = n.LongestCriticalBelow[li]
			}
			put(v)
			r := 0.0
			if longer(v, levels[li].Duration, horizon) {
				r = 1
			}
			put(r)
		}
		for _, ci := range cn.classes {
			g := &n.ByClass[ci[side]]
			for _, m := range groupCmp {
				put(m.get(g, horizon))
			}
		}
		for _, zi := range cn.zones {
			g := &n.ByZone[zi[side]]
			for _, m := range groupCmp {
				put(m.get(g, horizon))
			}
		}
	}
	for _, m := range crewCmp {
		put(m.get(&res.Crew))
	}
}

// Compare plays trials 0 … Trials−1 of both variants of a scenario with
// the same seed and returns the paired differences plan − base of every
// metric (see Comparison and Difference for the definitions).
//
// Networks are paired by ID, classes by name, zones by ID and service
// levels by level and duration; what only one variant has is left out
// and named in Comparison.Notes. It returns an error if a plan is nil,
// Trials < 1, Workers < 0, or the variants share no network.
//
// Trials run on Workers goroutines, each trial running the base and then
// the plan; results are taken in trial order, so nothing depends on the
// number of workers. If ctx is cancelled, Compare returns ctx.Err() and
// no comparison; a failed trial returns its error. Cost: 2 × Trials runs.
func Compare(ctx context.Context, base, plan *Plan, opts CompareOptions) (*Comparison, error) {
	var list []error
	if base == nil {
		list = append(list, errors.New("scenario: compare: base: missing"))
	}
	if plan == nil {
		list = append(list, errors.New("scenario: compare: plan: missing"))
	}
	if opts.Trials < 1 {
		list = append(list, fmt.Errorf("scenario: compare: trials: want ≥ 1, got %d", opts.Trials))
	}
	if opts.Workers < 0 {
		list = append(list, fmt.Errorf("scenario: compare: workers: want ≥ 0, got %d", opts.Workers))
	}
	if len(list) > 0 {
		return nil, errors.Join(list...)
	}
	c, lay := newComparison(base, plan, opts)
	if len(lay.nets) == 0 {
		return nil, fmt.Errorf("scenario: compare: the variants share no network (base has %s, plan has %s)",
			utilIDs(base), utilIDs(plan))
	}
	accs := make([]pairAcc, lay.size)
	c.forEachMetric(func(k int, m *MetricComparison, keep bool) {
		accs[k].lowerWorse = !m.HigherIsWorse
		accs[k].keep = keep
	})
	bh, ph := base.sc.Horizon, plan.sc.Horizon
	type pair struct{ x, y []float64 }
	work := func(ctx context.Context, i int) (pair, error) {
		rb, err := base.NewTrial(opts.Seed, i).RunContext(ctx)
		if err != nil {
			return pair{}, fmt.Errorf("base: %w", err)
		}
		rp, err := plan.NewTrial(opts.Seed, i).RunContext(ctx)
		if err != nil {
			return pair{}, fmt.Errorf("plan: %w", err)
		}
		pr := pair{make([]float64, lay.size), make([]float64, lay.size)}
		lay.extract(rb, 0, bh, base.levels, pr.x)
		lay.extract(rp, 1, ph, plan.levels, pr.y)
		return pr, nil
	}
	done := 0
	take := func(_ int, pr pair) bool {
		for k := range accs {
			accs[k].add(pr.x[k], pr.y[k])
		}
		done++
		if opts.Progress != nil {
			opts.Progress(done, opts.Trials)
		}
		return true
	}
	if _, err := orderedTrials(ctx, opts.Workers, 0, opts.Trials, work, take); err != nil {
		return nil, fmt.Errorf("scenario: compare: %w", err)
	}
	c.forEachMetric(func(k int, m *MetricComparison, keep bool) {
		a := &accs[k]
		m.N = a.n
		m.Base, m.Plan, m.Diff = a.moments()
		if keep {
			m.BaseValues, m.PlanValues = a.keepX, a.keepY
		}
	})
	return c, nil
}

func utilIDs(p *Plan) string {
	var ids []string
	for _, u := range p.utils {
		ids = append(ids, strconv.Quote(u.id))
	}
	if len(ids) == 0 {
		return "none"
	}
	return fmt.Sprint(ids)
}

// newComparison pairs the networks, classes, zones and service levels of
// the two plans and lays out the comparison's metrics, values to come.
func newComparison(base, plan *Plan, opts CompareOptions) (*Comparison, *cmpLayout) {
	c := &Comparison{Base: base.sc.Name, Plan: plan.sc.Name, Seed: opts.Seed, Trials: opts.Trials, Horizon: base.sc.Horizon}
	if base.sc.Horizon != plan.sc.Horizon {
		c.Notes = append(c.Notes, fmt.Sprintf("horizons differ: base %g h, plan %g h", base.sc.Horizon, plan.sc.Horizon))
	}
	lay := &cmpLayout{}
	metric := func(name, unit string, lowerWorse bool, kind network.Kind) MetricComparison {
		if unit == "q" {
			unit = kind.QuantityUnit()
		}
		return MetricComparison{Metric: name, Unit: unit, HigherIsWorse: !lowerWorse}
	}
	groupScope := func(g groupInfo, kind network.Kind) ScopeComparison {
		s := ScopeComparison{Name: g.name, Consumers: g.consumers, Customers: g.customers}
		for _, m := range groupCmp {
			s.Metrics = append(s.Metrics, metric(m.name, m.unit, m.lowerWorse, kind))
		}
		return s
	}
	for bi, bu := range base.utils {
		pi, ok := plan.utilIdx[bu.id]
		if !ok {
			c.Notes = append(c.Notes, fmt.Sprintf("network %q is only in the base", bu.id))
			continue
		}
		pu := plan.utils[pi]
		kind := bu.net.Kind()
		if pu.net.Kind() != kind {
			c.Notes = append(c.Notes, fmt.Sprintf("network %q is %s in the base and %s in the plan: not compared", bu.id, kind, pu.net.Kind()))
			continue
		}
		cn := cmpNet{b: bi, p: pi}
		nc := NetComparison{ID: bu.id, Kind: kind}
		bt, pt := groupsOf(bu), groupsOf(pu)
		nc.Total = groupScope(bt.total, kind)
		for _, m := range netCmp {
			nc.Total.Metrics = append(nc.Total.Metrics, metric(m.name, m.unit, m.lowerWorse, kind))
		}
		for li, l := range base.levels {
			pj := slices.Index(plan.levels, l)
			if pj < 0 {
				c.Notes = append(c.Notes, fmt.Sprintf("network %q: service level %g for %g h is only in the base", bu.id, l.Level, l.Duration))
				continue
			}
			i := len(nc.ServiceLevels)
			nc.ServiceLevels = append(nc.ServiceLevels, l)
			cn.levels = append(cn.levels, [2]int{li, pj})
			nc.Total.Metrics = append(nc.Total.Metrics,
				metric(MetricLongestCriticalBelow+strconv.Itoa(i), "h", false, kind),
				metric(MetricServiceRisk+strconv.Itoa(i), "", false, kind))
		}
		for _, l := range plan.levels {
			if !slices.Contains(base.levels, l) {
				c.Notes = append(c.Notes, fmt.Sprintf("network %q: service level %g for %g h is only in the plan", bu.id, l.Level, l.Duration))
			}
		}
		cn.classes = matchGroups(bt.classes, pt.classes, func(name string, inBase bool) {
			c.Notes = append(c.Notes, fmt.Sprintf("network %q: class %q is only in the %s", bu.id, name, side(inBase)))
		})
		for _, ci := range cn.classes {
			nc.Classes = append(nc.Classes, groupScope(bt.classes[ci[0]], kind))
		}
		cn.zones = matchGroups(bt.zones, pt.zones, func(name string, inBase bool) {
			c.Notes = append(c.Notes, fmt.Sprintf("network %q: zone %q is only in the %s", bu.id, name, side(inBase)))
		})
		for _, zi := range cn.zones {
			nc.Zones = append(nc.Zones, groupScope(bt.zones[zi[0]], kind))
		}
		lay.nets = append(lay.nets, cn)
		c.Networks = append(c.Networks, nc)
	}
	for _, pu := range plan.utils {
		if _, ok := base.utilIdx[pu.id]; !ok {
			c.Notes = append(c.Notes, fmt.Sprintf("network %q is only in the plan", pu.id))
		}
	}
	c.Crew = ScopeComparison{Name: "crew"}
	for _, m := range crewCmp {
		c.Crew.Metrics = append(c.Crew.Metrics, metric(m.name, m.unit, m.lowerWorse, ""))
	}
	c.forEachMetric(func(int, *MetricComparison, bool) { lay.size++ })
	return c, lay
}

func side(inBase bool) string {
	if inBase {
		return "base"
	}
	return "plan"
}

// forEachMetric calls f for every metric of c in layout order, with its
// position and whether its per-trial values are kept (network totals).
func (c *Comparison) forEachMetric(f func(k int, m *MetricComparison, keep bool)) {
	k := 0
	for i := range c.Networks {
		n := &c.Networks[i]
		for j := range n.Total.Metrics {
			f(k, &n.Total.Metrics[j], true)
			k++
		}
		for _, list := range [][]ScopeComparison{n.Classes, n.Zones} {
			for s := range list {
				for j := range list[s].Metrics {
					f(k, &list[s].Metrics[j], false)
					k++
				}
			}
		}
	}
	for j := range c.Crew.Metrics {
		f(k, &c.Crew.Metrics[j], false)
		k++
	}
}

// groupInfo names one group of a network with its size.
type groupInfo struct {
	name                 string
	consumers, customers int
}

type netGroups struct {
	total          groupInfo
	classes, zones []groupInfo
}

// groupsOf lists the classes (in rank order) and zones (in declaration
// order) of a network, with their consumers and customers.
func groupsOf(u *utilPlan) netGroups {
	net := u.net
	g := netGroups{total: groupInfo{name: u.id}}
	g.classes = make([]groupInfo, net.NumClasses())
	for k := range g.classes {
		g.classes[k].name = net.Class(k).Name
	}
	g.zones = make([]groupInfo, net.NumZones())
	for z := range g.zones {
		g.zones[z].name = net.ZoneID(z)
	}
	for _, c := range net.Consumers() {
		v := int(c)
		cust := net.Customers(v)
		g.total.consumers++
		g.total.customers += cust
		k := net.NodeClass(v)
		g.classes[k].consumers++
		g.classes[k].customers += cust
		if z := net.NodeZone(v); z >= 0 {
			g.zones[z].consumers++
			g.zones[z].customers += cust
		}
	}
	return g
}

// matchGroups pairs groups by name, in the base's order, and reports
// those in one list only (the base's first, then the plan's).
func matchGroups(b, p []groupInfo, only func(name string, inBase bool)) [][2]int {
	idx := make(map[string]int, len(p))
	for j, g := range p {
		idx[g.name] = j
	}
	var out [][2]int
	seen := make(map[string]bool, len(b))
	for i, g := range b {
		seen[g.name] = true
		if j, ok := idx[g.name]; ok {
			out = append(out, [2]int{i, j})
		} else {
			only(g.name, true)
		}
	}
	for _, g := range p {
		if !seen[g.name] {
			only(g.name, false)
		}
	}
	return out
}

// moments returns the moments of each side and the paired difference
// (see Difference).
func (a *pairAcc) moments() (x, y Moments, d Difference) {
	n := float64(a.n)
	nan := math.NaN()
	mom := func(mean, m2 float64) Moments {
		if a.n < 2 {
			return Moments{Mean: mean, StdDev: nan, StdErr: nan}
		}
		sd := math.Sqrt(m2 / (n - 1))
		return Moments{Mean: mean, StdDev: sd, StdErr: sd / math.Sqrt(n)}
	}
	x, y = mom(a.mx, a.m2x), mom(a.my, a.m2y)
	dm := mom(a.md, a.m2d)
	d = Difference{Mean: dm.Mean, StdDev: dm.StdDev, StdErr: dm.StdErr}
	if a.n > 0 {
		d.ShareBetter = float64(a.better) / n
		d.ShareWorse = float64(a.worse) / n
	} else {
		d.Mean, d.ShareBetter, d.ShareWorse = nan, nan, nan
	}
	if a.n < 2 {
		d.CI95Low, d.CI95High, d.PBetter, d.IndependentStdErr, d.VarianceReduction = nan, nan, nan, nan, nan
		return x, y, d
	}
	vx, vy, vd := a.m2x/(n-1), a.m2y/(n-1), a.m2d/(n-1)
	d.IndependentStdErr = math.Sqrt((vx + vy) / n)
	switch {
	case vd > 0:
		d.VarianceReduction = (vx + vy) / vd
	case vx+vy > 0:
		d.VarianceReduction = math.Inf(1)
	default:
		d.VarianceReduction = nan
	}
	dof := n - 1
	if d.StdErr == 0 {
		d.CI95Low, d.CI95High = d.Mean, d.Mean
		switch better := (d.Mean < 0) != a.lowerWorse; {
		case d.Mean == 0:
			d.PBetter = 0.5
		case better:
			d.PBetter = 1
		default:
			d.PBetter = 0
		}
		return x, y, d
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dof}
	h := t.Quantile(0.975) * d.StdErr
	d.CI95Low, d.CI95High = d.Mean-h, d.Mean+h
	z := d.Mean / d.StdErr
	if a.lowerWorse {
		d.PBetter = t.CDF(z)
	} else {
		d.PBetter = t.CDF(-z)
	}
	return x, y, d
}
