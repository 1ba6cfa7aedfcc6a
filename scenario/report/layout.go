package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// The layout of a report, shared by the text and HTML renderers: the same
// sentences, rows and tables, only drawn differently.

// row is one line of a table of figures: a label, the value of the run
// shown and, for the network studied, the mean and 95 % interval of the
// same metric over the trials.
type row struct {
	label, value   string
	mean, interval string
	// indent marks a row that details the one above.
	indent bool
}

// table is a table with a header and rows of cells; the first column is
// text, the others figures.
type table struct {
	id     string
	header []string
	rows   [][]string
}

func (d *Document) clock() clock { return newClock(d.Start) }

// studied returns the risk of network id, or nil if the study is of
// another network or there is none.
func (d *Document) studied(id string) *Risk {
	if d.Risk != nil && d.Risk.Network == id {
		return d.Risk
	}
	return nil
}

// lead returns the index of the lead network (0 if unknown).
func (d *Document) lead() int {
	for i := range d.Networks {
		if d.Networks[i].ID == d.Network {
			return i
		}
	}
	return 0
}

// order returns the networks' indices, the lead network first.
func (d *Document) order() []int {
	l := d.lead()
	out := []int{l}
	for i := range d.Networks {
		if i != l {
			out = append(out, i)
		}
	}
	return out
}

// hasHeat reports whether n has indoor-temperature outcomes.
func (n *Network) hasHeat() bool { return n.Heat != nil }

// hasCritical reports whether the network's critical class has consumers.
func (n *Network) hasCritical() bool {
	return len(n.Classes) > 0 && (n.Classes[0].Consumers > 0 || n.Classes[0].Demand > 0)
}

// used reports whether a class or zone group has consumers or demand.
func used(g Group) bool { return g.Consumers > 0 || g.Demand > 0 }

// answer returns the report's findings in sentences, the answer first:
// per network who kept supply and for how long, then how likely it goes
// wrong over the trials, then what the crews did.
func (d *Document) answer() []string {
	c := d.clock()
	var out []string
	for _, i := range d.order() {
		n := &d.Networks[i]
		t := n.Total
		k := n.Kind
		s := fmt.Sprintf("%s: %s of the %s asked for was delivered", netTitle(n.ID, k), pct(t.Coverage, 2), quantityWord(k))
		if t.ENS > 0 {
			s += fmt.Sprintf(" (%s short of %s)", qty(t.ENS, k), qty(t.Demand, k))
		}
		s += "; "
		if n.hasCritical() {
			if n.MinCriticalCoverage >= 1-1e-12 {
				s += n.CriticalClass + " customers were fully served throughout"
			} else {
				s += fmt.Sprintf("%s customers kept at least %s", n.CriticalClass, pct(n.MinCriticalCoverage, 2))
				if len(n.LongestCriticalBelow) > 0 && len(d.ServiceLevels) > 0 && n.LongestCriticalBelow[0] > 0 {
					s += fmt.Sprintf(", below %s for %s at a stretch", levelPct(d.ServiceLevels[0].Level), hours(n.LongestCriticalBelow[0]))
				}
			}
		} else {
			s += "no " + ifElse(n.CriticalClass == "", "critical", n.CriticalClass) + " consumers"
		}
		switch {
		case n.FirstShortfall < 0:
			s += "; every consumer was fully served the whole time"
		case n.Restored:
			s += fmt.Sprintf("; short for %s in all, first at %s, fully restored %s later", hours(n.LossOfLoadHours),
				c.when(n.FirstShortfall), hours(n.TimeToRestore))
		default:
			s += fmt.Sprintf("; short for %s in all, first at %s, and not restored by the end", hours(n.LossOfLoadHours),
				c.when(n.FirstShortfall))
		}
		if n.hasHeat() && n.Heat.PeakColdCustomers > 0 {
			s += fmt.Sprintf("; at most %s customers %s at once", fixed(float64(n.Heat.PeakColdCustomers), 0), coldLabel(d.ColdThreshold))
		}
		out = append(out, s+".")
	}
	if r := d.Risk; r != nil {
		k := r.Kind
		s := fmt.Sprintf("Over %s of %s: %s not supplied %s on average (95 %% interval of the mean: %s; 1 trial in 20 above %s)",
			plural(r.Trials, "trial", "trials"), r.Network, quantityWord(k), qty(r.Mean, k), interval(float64(r.CI95Low), float64(r.CI95High), func(v float64) string { return qty(v, k) }), qty(r.P95, k))
		s += fmt.Sprintf("; demand unserved %s of the time (LOLP), %s on average (LOLE)", pct(r.LOLP, 2), hours(r.LOLE))
		for _, sr := range r.ServiceRisks {
			s += fmt.Sprintf("; critical coverage below %s for more than %s in %s of trials (± %s)", levelPct(sr.Level),
				hours(sr.Duration), pct(sr.P, 1), pct(sr.StdErr, 1))
		}
		out = append(out, s+".")
	}
	cr := d.Crew
	switch {
	case cr.Teams == 0 && cr.Tasks == 0:
		out = append(out, "No crews in the scenario, and no repairs.")
	case cr.Teams == 0:
		out = append(out, fmt.Sprintf("No crews in the scenario: %s took their work time without travel.", plural(cr.Tasks, "repair", "repairs")))
	default:
		out = append(out, fmt.Sprintf("Crews (%s, %s): %s, %d completed; busy %s of their available member-hours; the longest wait for a crew was %s.",
			plural(cr.Teams, "team", "teams"), plural(cr.Members, "member", "members"), plural(cr.Tasks, "repair", "repairs"),
			cr.Completed, pct(cr.Utilisation, 2), hours(cr.MaxWait)))
	}
	return out
}

// header returns the rows describing the scenario.
func (d *Document) header() []row {
	c := d.clock()
	name := d.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	ids := make([]string, len(d.Networks))
	for i, n := range d.Networks {
		ids[i] = netTitle(n.ID, n.Kind)
	}
	trials := "1 (a single run)"
	if d.Trials > 1 {
		trials = fixed(float64(d.Trials), 0) + " (figures by network are trial 0; the risk covers all)"
	}
	rows := []row{
		{label: "Scenario", value: name},
		{label: "Period", value: span(d.Horizon, c)},
		{label: "Timeline", value: "in steps of " + strconv.FormatFloat(d.Resolution, 'f', -1, 64) + " h"},
		{label: "Seed", value: fmt.Sprint(d.Seed)},
		{label: "Trials", value: trials},
		{label: "Networks", value: strings.Join(ids, ", ")},
		{label: "Currency", value: currencyName(d.Currency)},
	}
	if len(d.Outdoor) > 0 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, t := range d.Outdoor {
			lo, hi = math.Min(lo, t), math.Max(hi, t)
		}
		v := fmt.Sprintf("%s to %s °C", fixed(lo, 1), fixed(hi, 1))
		if fixed(lo, 1) == fixed(hi, 1) {
			v = fixed(lo, 1) + " °C throughout"
		}
		rows = append(rows, row{label: "Outdoor temperature", value: v})
	}
	return rows
}

// networkRows returns the totals of network n over the run, with the
// study's mean and interval where n is the network studied.
func (d *Document) networkRows(n *Network) []row {
	k := n.Kind
	t := n.Total
	risk := d.studied(n.ID)
	c := d.clock()
	var rows []row
	add := func(label, value, metric string) {
		r := row{label: label, value: value}
		if risk != nil && metric != "" {
			if st, ok := risk.Metrics[metric]; ok {
				v := viewOf(metric, k, d.ColdThreshold, d.ServiceLevels)
				f, unit := v.formatter(k, d.Currency, math.Max(finite(st.CI95High), math.Abs(st.Mean)))
				r.mean = f(st.Mean) + " " + unit
				r.interval = intervalUnit(st.CI95Low, st.CI95High, f, unit)
			}
		}
		rows = append(rows, r)
	}
	q := capitalise(quantityWord(k))
	add("Consumers", fmt.Sprintf("%s (%s customers)", fixed(float64(t.Consumers), 0), fixed(float64(t.Customers), 0)), "")
	add(q+" asked for", qty(t.Demand, k), scenario.MetricDemand)
	add(q+" delivered", qty(t.Served, k), scenario.MetricServed)
	add(q+" not supplied", qty(t.ENS, k), scenario.MetricENS)
	if t.IndirectENS > 0 {
		add("of which caused by other utilities", qty(t.IndirectENS, k), "")
		rows[len(rows)-1].indent = true
	}
	add("Coverage by volume", pct(t.Coverage, 2), scenario.MetricCoverage)
	add("Mean coverage of a consumer", pct(t.ECS, 2), scenario.MetricECS)
	add("Equivalent outage hours", hours(t.EOH), scenario.MetricEOH)
	add("Customer-hours lost", sig(t.CustomerHoursLost, 4)+" customer·h", scenario.MetricCustomerHoursLost)
	add("Interruptions per customer (SAIFI)", sig(t.SAIFI, 3)+" per customer", scenario.MetricSAIFI)
	add("Hours interrupted per customer (SAIDI)", hours(t.SAIDI), scenario.MetricSAIDI)
	add("Hours per interruption (CAIDI)", hours(t.CAIDI), scenario.MetricCAIDI)
	add("Service availability (ASAI)", pct(t.ASAI, 4), scenario.MetricASAI)
	add("Value of lost load", money(t.ValueLost, d.Currency), scenario.MetricValueLost)
	if n.hasCritical() {
		add("Lowest coverage of "+n.CriticalClass+" customers", pct(n.MinCriticalCoverage, 2), scenario.MetricMinCriticalCoverage)
		for i, h := range n.LongestCriticalBelow {
			label := fmt.Sprintf("Longest stretch of %s coverage below level %d", n.CriticalClass, i+1)
			allowed := ""
			if i < len(d.ServiceLevels) {
				label = fmt.Sprintf("Longest stretch of %s coverage below %s", n.CriticalClass, levelPct(d.ServiceLevels[i].Level))
				allowed = " (target: at most " + hours(d.ServiceLevels[i].Hours) + ")"
			}
			add(label, hours(h)+allowed, fmt.Sprintf("%s%d", scenario.MetricLongestCriticalBelow, i))
		}
	} else {
		add("Critical customers", "none in this network", "")
	}
	add("Hours with demand unserved", hours(n.LossOfLoadHours), scenario.MetricLossOfLoadHours)
	switch {
	case n.FirstShortfall < 0:
		add("First shortfall", "none", "")
		add("Time to restore", "no shortfall", scenario.MetricTimeToRestore)
	case n.Restored:
		add("First shortfall", c.when(n.FirstShortfall), "")
		add("Time to restore", hours(n.TimeToRestore), scenario.MetricTimeToRestore)
	default:
		add("First shortfall", c.when(n.FirstShortfall), "")
		add("Time to restore", "not restored: still short at the end, "+hours(n.TimeToRestore)+" after the first shortfall", scenario.MetricTimeToRestore)
	}
	if w := n.Worst; w != nil {
		step := "hour"
		if d.Resolution != 1 {
			step = "time step (" + hours(d.Resolution) + ")"
		}
		if w.Short {
			add("Worst "+step, fmt.Sprintf("%s: %s not supplied of %s asked for", c.when(w.Start), qty(w.Unserved, k), qty(w.Demand, k)), "")
		} else {
			add("Peak "+step, fmt.Sprintf("%s: %s asked for, all of it delivered", c.when(w.Start), qty(w.Demand, k)), "")
		}
	}
	if h := n.Heat; h != nil {
		cold := coldLabel(d.ColdThreshold)
		add("Customer-hours "+cold, sig(h.ColdCustomerHours, 4)+" customer·h", scenario.MetricColdCustomerHours)
		add("Most customers "+cold+" at once", fixed(float64(h.PeakColdCustomers), 0)+" customers", scenario.MetricPeakColdCustomers)
		add("Lowest indoor temperature", fixed(h.MinIndoor, 1)+" °C", "")
	}
	return rows
}

// groupTable returns the table of the classes or zones of n that have
// consumers, nil if none; each figure's unit is in its column's header.
func (d *Document) groupTable(n *Network, what string, gs []Group) *table {
	var use []Group
	var maxQ, maxENS float64
	for _, g := range gs {
		if used(g) {
			use = append(use, g)
			maxQ = math.Max(maxQ, g.Demand)
			maxENS = math.Max(maxENS, g.ENS)
		}
	}
	if len(use) == 0 {
		return nil
	}
	k := n.Kind
	s := pick(quantityScales(k), maxQ)
	se := pick(quantityScales(k), maxENS)
	t := &table{id: what + "-" + n.ID, header: []string{what, "consumers", "customers", "asked for (" + s.unit + ")",
		"not supplied (" + se.unit + ")", "coverage (%)", "mean coverage (%)", "outage hours (h)", "customer-hours lost",
		"SAIFI (per customer)", "SAIDI (h)", "CAIDI (h)", "ASAI (%)", "value lost (" + currencyName(d.Currency) + ")"}}
	for _, g := range use {
		t.rows = append(t.rows, []string{g.Name, fixed(float64(g.Consumers), 0), fixed(float64(g.Customers), 0),
			sig2(g.Demand/s.div, maxQ/s.div), sig2(g.ENS/se.div, maxENS/se.div), fixed(100*g.Coverage, 2), fixed(100*g.ECS, 2),
			fixed(g.EOH, 2), fixed(g.CustomerHoursLost, 0), sig(g.SAIFI, 3), fixed(g.SAIDI, 2), fixed(g.CAIDI, 2),
			fixed(100*g.ASAI, 4), moneyPlain(g.ValueLost)})
	}
	return t
}

// qtyPM formats a quantity and its standard error in one unit, that of
// the quantity: "105.0 ± 0.96 MWh".
func qtyPM(v, se float64, k network.Kind) string {
	s := pick(quantityScales(k), v)
	return sig2(v/s.div, v/s.div) + " ± " + sig2(se/s.div, v/s.div) + " " + s.unit
}

// moneyPlain formats an exact decimal amount with two decimals and
// separators, without the currency (it is in the header).
func moneyPlain(amount string) string {
	return strings.TrimSuffix(money(amount, "X"), " X")
}

// storageTable returns the table of n's storage, nil if none.
func (d *Document) storageTable(n *Network) *table {
	if len(n.Storage) == 0 {
		return nil
	}
	var maxQ float64
	for _, s := range n.Storage {
		maxQ = math.Max(maxQ, math.Max(s.Start, math.Max(s.MaxLevel, s.End)))
	}
	sc := pick(quantityScales(n.Kind), maxQ)
	c := d.clock()
	t := &table{id: "storage-" + n.ID, header: []string{"storage", "start (" + sc.unit + ")", "lowest (" + sc.unit + ")",
		"end (" + sc.unit + ")", "capacity (" + sc.unit + ")", "ran dry", "empty for (h)"}}
	for _, s := range n.Storage {
		dry := "never"
		if s.DryAt >= 0 {
			dry = c.when(s.DryAt)
		}
		capacity := "unbounded"
		if s.MaxLevel > 0 {
			capacity = sig2(s.MaxLevel/sc.div, maxQ/sc.div)
		}
		f := func(v float64) string { return sig2(v/sc.div, maxQ/sc.div) }
		t.rows = append(t.rows, []string{s.ID, f(s.Start), f(s.Min), f(s.End), capacity, dry, fixed(s.DryHours, 2)})
	}
	return t
}

// crewRows returns what the crews did.
func (d *Document) crewRows() []row {
	c := d.Crew
	if c.Teams == 0 {
		if c.Tasks == 0 {
			return []row{{label: "Crews", value: "none in the scenario, and no repairs"}}
		}
		return []row{{label: "Crews", value: "none in the scenario; " + plural(c.Tasks, "repair", "repairs") + " took their work time without travel"}}
	}
	util := pct(c.Utilisation, 2) + " (" + sig(c.BusyHours, 4) + " of " + sig(c.AvailableHours, 4) + " member-hours busy, travel included)"
	if c.AvailableHours == 0 {
		util = "no member-hours available"
	}
	rows := []row{
		{label: "Teams", value: plural(c.Teams, "team", "teams") + " of " + plural(c.Members, "member", "members") + " in all"},
		{label: "Utilisation", value: util},
		{label: "Repairs", value: fmt.Sprintf("%d created, %d started, %d completed", c.Tasks, c.Started, c.Completed)},
		{label: "Wait for a crew", value: "mean " + hours(c.MeanWait) + ", longest " + hours(c.MaxWait) + " (fault to start of work)"},
		{label: "Longest repair", value: hours(c.LongestRepair) + " (fault to repair)"},
	}
	if r := d.Risk; r != nil {
		for _, m := range []string{scenario.MetricCrewUtilisation, scenario.MetricMeanWait} {
			if st, ok := r.Metrics[m]; ok {
				v := viewOf(m, r.Kind, d.ColdThreshold, d.ServiceLevels)
				f, unit := v.formatter(r.Kind, d.Currency, math.Max(finite(st.CI95High), math.Abs(st.Mean)))
				i := 1
				if m == scenario.MetricMeanWait {
					i = 3
				}
				rows[i].mean = f(st.Mean) + " " + unit
				rows[i].interval = intervalUnit(st.CI95Low, st.CI95High, f, unit)
			}
		}
	}
	return rows
}

// riskTable returns the statistics of every metric of the study, in the
// order of metricViews then the service-level metrics, rows that apply
// only: cold customers for heat networks, crew metrics with crews.
func (d *Document) riskTable() *table {
	r := d.Risk
	if r == nil {
		return nil
	}
	t := &table{id: "risk", header: []string{"metric", "unit", "mean", "std. error", "95 % interval of the mean",
		"P5", "median", "P95", "worst 5 % (CVaR95)"}}
	names := make([]string, 0, len(r.Metrics))
	for _, v := range metricViews(r.Kind, d.ColdThreshold) {
		if _, ok := r.Metrics[v.name]; !ok || (v.heat && r.Kind != network.Heat) || (v.crews && d.Crew.Teams == 0) {
			continue
		}
		names = append(names, v.name)
	}
	for i := range d.ServiceLevels {
		if m := fmt.Sprintf("%s%d", scenario.MetricLongestCriticalBelow, i); r.Metrics[m].N > 0 {
			names = append(names, m)
		}
	}
	for _, m := range names {
		st := r.Metrics[m]
		v := viewOf(m, r.Kind, d.ColdThreshold, d.ServiceLevels)
		top := math.Max(math.Abs(st.Max), finite(st.CI95High))
		f, unit := v.formatter(r.Kind, d.Currency, top)
		t.rows = append(t.rows, []string{v.label, unit, f(st.Mean), f(st.StdErr), interval(float64(st.CI95Low), float64(st.CI95High), f),
			f(st.P5), f(st.P50), f(st.P95), f(st.CVaR95)})
	}
	return t
}

// adequacyRows returns LOLP, LOLE, EUE and the service risks of the study.
func (d *Document) adequacyRows() []row {
	r := d.Risk
	if r == nil {
		return nil
	}
	k := r.Kind
	rows := []row{
		{label: "Loss-of-load probability (LOLP)", value: fmt.Sprintf("%s ± %s of the time with demand unserved", pct(r.LOLP, 2), pct(r.LOLPStdErr, 2))},
		{label: "LOLE as time in shortfall", value: fmt.Sprintf("%s ± %s with demand unserved, of %s", hours(r.LOLE), hours(r.LOLEStdErr), hours(r.Horizon))},
	}
	clock, events := d.shortfallRows() // risktext.go
	rows = append(rows, clock...)
	rows = append(rows, row{label: "Expected unserved " + quantityWord(k) + " (EUE)", value: qtyPM(r.EUE, r.EUEStdErr, k)})
	rows = append(rows, events...)
	for _, sr := range r.ServiceRisks {
		rows = append(rows, row{label: fmt.Sprintf("Critical coverage below %s for more than %s", levelPct(sr.Level), hours(sr.Duration)),
			value: fmt.Sprintf("%s ± %s of trials", pct(sr.P, 1), pct(sr.StdErr, 1))})
	}
	return rows
}

// interval formats the ends of a 95 % interval with f as "lo to hi", or
// says that the trials are too few for one when an end is not finite
// (scenario.CITooFew).
func interval(lo, hi float64, f func(float64) string) string {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return scenario.CITooFew
	}
	return f(lo) + " to " + f(hi)
}

// intervalUnit is interval with the unit after it when there is one.
func intervalUnit(lo, hi Float, f func(float64) string, unit string) string {
	s := interval(float64(lo), float64(hi), f)
	if s == scenario.CITooFew {
		return s
	}
	return s + " " + unit
}

// finite returns |x|, or 0 when x is not finite: the size of an interval
// end for choosing a unit.
func finite(x Float) float64 {
	f := math.Abs(float64(x))
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}
