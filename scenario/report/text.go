package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// WriteText writes a plain-text report of a run, and of a study if sum is
// not nil, for planners to read: per network the totals over the horizon
// (coverage, energy or volume not supplied and the part of it caused by
// other utilities through couplings, outage hours, customer-hours
// lost, IEEE 1366 indices, value of lost load, critical coverage,
// loss-of-load hours, time to restore, cold customers for heat, storage),
// tables by class and by zone, the crews' work, and with a summary a risk
// table (mean, standard error, 95% confidence interval, P50, P95, CVaR95),
// the adequacy indices LOLP, LOLE and EUE, and the service-level risks.
//
// Every figure states its unit. The output is deterministic: the same
// arguments give the same bytes. The summary may describe another run than
// res (a study of the same scenario, typically); its section names its own
// network. It returns an error if res is nil or w fails. O(size of res +
// trials × metrics × log trials).
func WriteText(w io.Writer, res *scenario.Result, sum *scenario.Summary) error {
	if res == nil {
		return errNilResult
	}
	t := &textWriter{w: w}
	t.header(res)
	for i := range res.Networks {
		t.network(res, &res.Networks[i], sum)
	}
	t.crew(res)
	if sum != nil {
		t.risk(sum)
	}
	return t.err
}

// textWriter writes sections and keeps the first error.
type textWriter struct {
	w   io.Writer
	err error
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err != nil {
		return
	}
	_, t.err = fmt.Fprintf(t.w, format, args...)
}

// title writes a section title underlined with c.
func (t *textWriter) title(s string, c byte) {
	t.printf("\n%s\n%s\n", s, strings.Repeat(string(c), len([]rune(s))))
}

// pairs writes label–value lines, labels aligned, indented by two spaces.
func (t *textWriter) pairs(kv [][2]string) {
	if t.err != nil {
		return
	}
	tw := tabwriter.NewWriter(t.w, 0, 0, 2, ' ', 0)
	for _, p := range kv {
		fmt.Fprintf(tw, "  %s\t%s\n", p[0], p[1])
	}
	t.err = tw.Flush()
}

// table writes a table with a left-aligned first column and right-aligned
// others, indented by two spaces.
func (t *textWriter) table(header []string, rows [][]string) {
	if t.err != nil {
		return
	}
	width := len([]rune(header[0]))
	for _, r := range rows {
		width = max(width, len([]rune(r[0])))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-len([]rune(s))) }
	tw := tabwriter.NewWriter(t.w, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cells []string) {
		fmt.Fprintf(tw, "%s\t", pad(cells[0]))
		for _, c := range cells[1:] {
			fmt.Fprintf(tw, "%s\t", c)
		}
		fmt.Fprint(tw, "\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	t.err = tw.Flush()
}

func (t *textWriter) header(res *scenario.Result) {
	t.printf("Lifeline report\n")
	name := res.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	ids := make([]string, len(res.Networks))
	for i, n := range res.Networks {
		ids[i] = fmt.Sprintf("%s (%s)", n.ID, n.Kind)
	}
	nets := strings.Join(ids, ", ")
	if nets == "" {
		nets = "none"
	}
	t.pairs([][2]string{
		{"Scenario", name},
		{"Seed", strconv.FormatUint(res.Seed, 10)},
		{"Horizon", fixed(res.Horizon, 2) + " h"},
		{"Timeline buckets", fixed(res.Resolution, 2) + " h"},
		{"Networks", nets},
	})
}

// levelLabel names service level i for a network's LongestCriticalBelow:
// by its value when the summary's levels match in number, else by index.
func levelLabel(i, n int, sum *scenario.Summary) string {
	if sum != nil {
		if ls := sum.ServiceLevels(); len(ls) == n {
			return levelPct(ls[i].Level) + " %"
		}
	}
	return "service level " + strconv.Itoa(i+1)
}

func (t *textWriter) network(res *scenario.Result, n *scenario.NetResult, sum *scenario.Summary) {
	q := quantityUnit(n.Kind)
	t.title(fmt.Sprintf("Network %s (%s: flows in %s, %s in %s)", n.ID, n.Kind, flowUnit(n.Kind),
		strings.ToLower(quantityName(n.Kind)), q), '=')
	g := n.Total
	H := res.Horizon
	kv := [][2]string{
		{"Consumers", fmt.Sprintf("%d (%d customers)", g.Consumers, g.Customers)},
		{"Demand", fixed(g.Demand, 1) + " " + q},
		{"Served", fixed(g.Served, 1) + " " + q},
		{"Coverage by volume (PCS)", pct(g.PCS(), 2) + " %"},
		{"Mean consumer coverage (ECS)", pct(g.ECS(H), 2) + " %"},
		{quantityName(n.Kind) + " not supplied (ENS)", fixed(g.ENS(), 1) + " " + q},
	}
	if g.IndirectENS > 0 {
		kv = append(kv, [2]string{"  of which caused by other utilities", fixed(g.IndirectENS, 1) + " " + q})
	}
	kv = append(kv, [][2]string{
		{"Equivalent outage hours (EOH)", fixed(g.EOH, 2) + " h"},
		{"Customer-hours lost", fixed(g.CustomerHoursLost, 1) + " customer·h"},
		{"SAIFI", fixed(g.SAIFI(), 3) + " interruptions/customer"},
		{"SAIDI", fixed(g.SAIDI(), 2) + " h/customer"},
		{"CAIDI", fixed(g.CAIDI(), 2) + " h/interruption"},
		{"ASAI", fixed(g.ASAI(H), 6) + " (fraction of customer-hours available)"},
		{"Value of lost load", g.ValueLost.StringFixed(2) + " (money, at the classes' VoLL)"},
		{"Min critical coverage", pct(n.MinCriticalCoverage, 2) + " %" + critNote(n)},
	}...)
	for i, h := range n.LongestCriticalBelow {
		kv = append(kv, [2]string{"Longest critical below " + levelLabel(i, len(n.LongestCriticalBelow), sum), fixed(h, 2) + " h"})
	}
	kv = append(kv, [2]string{"Loss-of-load hours", fixed(n.LossOfLoadHours, 2) + " h"})
	switch {
	case n.FirstShortfall < 0:
		kv = append(kv, [2]string{"First shortfall", "none"}, [2]string{"Time to restore", "no shortfall"})
	case n.Restored:
		kv = append(kv, [2]string{"First shortfall", "at " + fixed(n.FirstShortfall, 2) + " h"},
			[2]string{"Time to restore", fixed(n.TimeToRestore, 2) + " h"})
	default:
		kv = append(kv, [2]string{"First shortfall", "at " + fixed(n.FirstShortfall, 2) + " h"},
			[2]string{"Time to restore", "not restored (still short at the horizon, " + fixed(n.TimeToRestore, 2) + " h after the first shortfall)"})
	}
	if n.Kind == network.Heat {
		kv = append(kv,
			[2]string{"Cold customer-hours", fixed(n.ColdCustomerHours, 1) + " customer·h (indoor below the cold threshold)"},
			[2]string{"Peak cold customers", strconv.Itoa(n.PeakColdCustomers) + " customers"})
		if len(n.Timeline.MeanIndoor) > 0 {
			kv = append(kv, [2]string{"Lowest indoor temperature", fixed(n.MinIndoor, 1) + " °C"})
		}
	}
	t.pairs(kv)

	if len(n.Storage) > 0 {
		t.title("Storage", '-')
		rows := make([][]string, len(n.Storage))
		for i, s := range n.Storage {
			dry := "never"
			if s.DryAt >= 0 {
				dry = fixed(s.DryAt, 2)
			}
			rows[i] = []string{s.ID, fixed(s.Start, 1), fixed(s.Min, 1), fixed(s.End, 1), dry, fixed(s.DryHours, 2)}
		}
		t.table([]string{"storage", "start " + q, "min " + q, "end " + q, "dry at h", "dry for h"}, rows)
	}
	t.groups("By class", "class", n.ByClass, q, H)
	t.groups("By zone", "zone", n.ByZone, q, H)
}

// critNote explains a critical coverage of 100 % when the network's
// highest-priority class has no consumers.
func critNote(n *scenario.NetResult) string {
	if len(n.ByClass) > 0 && !hasConsumers(n.ByClass[0]) {
		return " (no " + n.ByClass[0].Name + " consumers)"
	}
	return ""
}

// groups writes the table of the class or zone groups that have
// consumers.
func (t *textWriter) groups(title, first string, gs []scenario.Group, q string, H float64) {
	var rows [][]string
	for _, g := range gs {
		if !hasConsumers(g) {
			continue
		}
		rows = append(rows, []string{g.Name, strconv.Itoa(g.Consumers), strconv.Itoa(g.Customers),
			fixed(g.Demand, 1), fixed(g.ENS(), 1), pct(g.PCS(), 2), pct(g.ECS(H), 2), fixed(g.EOH, 2),
			fixed(g.CustomerHoursLost, 1), fixed(g.SAIFI(), 3), fixed(g.SAIDI(), 2), fixed(g.CAIDI(), 2),
			fixed(g.ASAI(H), 6), g.ValueLost.StringFixed(2)})
	}
	if len(rows) == 0 {
		return
	}
	t.title(title, '-')
	t.table([]string{first, "consumers", "customers", "demand " + q, "ENS " + q, "PCS %", "ECS %", "EOH h",
		"cust·h lost", "SAIFI", "SAIDI h", "CAIDI h", "ASAI", "value lost"}, rows)
}

func (t *textWriter) crew(res *scenario.Result) {
	c := res.Crew
	t.title("Crews", '=')
	util := pct(c.UtilisationTotal(), 2) + " % (" + fixed(c.BusyHours, 1) + " of " + fixed(c.AvailableHours, 1) + " member-hours busy)"
	if c.AvailableHours == 0 {
		util = "no crew member-hours available"
	}
	t.pairs([][2]string{
		{"Utilisation", util},
		{"Repair tasks", fmt.Sprintf("%d created, %d started, %d completed", c.Tasks, c.Started, c.Completed)},
		{"Wait for a crew", "mean " + fixed(c.MeanWait(), 2) + " h, max " + fixed(c.MaxWait, 2) + " h (fault to start of work)"},
		{"Longest repair", fixed(c.LongestRepair, 2) + " h (fault to repair)"},
	})
}

func (t *textWriter) risk(sum *scenario.Summary) {
	q := quantityUnit(sum.Kind())
	t.title(fmt.Sprintf("Risk over %d trials of network %s (seed %d)", sum.Trials(), sum.Network(), sum.Seed()), '=')
	if sum.Trials() == 0 {
		t.printf("  No trials: no statistics.\n")
		return
	}
	var rows [][]string
	for _, m := range riskMetrics(sum.Kind(), sum.ServiceLevels()) {
		st, err := sum.Stat(m.name)
		if err != nil {
			continue // not recorded by this summary
		}
		unit := m.unit
		if unit == "" {
			unit, _ = sum.Unit(m.name)
		}
		f := func(v float64) string { return fixed(m.scale*v, m.dec) }
		ci := "[" + f(st.CI95Low) + ", " + f(st.CI95High) + "]"
		if st.CIMethod == scenario.CITooFew {
			ci = "too few trials"
		}
		rows = append(rows, []string{m.label, unit, f(st.Mean), f(st.StdErr), ci, f(st.P50), f(st.P95), f(st.CVaR95)})
	}
	t.table([]string{"metric", "unit", "mean", "stderr", "95% CI of mean", "P50", "P95", "CVaR95"}, rows)
	t.printf("  CVaR95 is the mean of the worst 5 %% of trials: the highest values, or the lowest\n" +
		"  for coverage, ECS, ASAI and min critical coverage.\n")

	t.title("Adequacy", '-')
	ad := sum.Adequacy()
	t.pairs([][2]string{
		{"LOLP", fixed(ad.LOLP, 4) + " ± " + fixed(ad.LOLPStdErr, 4) + " (expected share of the horizon with demand unserved)"},
		{"LOLE", fixed(ad.LOLE, 2) + " ± " + fixed(ad.LOLEStdErr, 2) + " h (expected hours with demand unserved, of " + fixed(sum.Horizon(), 2) + " h)"},
		{"EUE", fixed(ad.EUE, 1) + " ± " + fixed(ad.EUEStdErr, 1) + " " + q + " (expected " + strings.ToLower(quantityName(sum.Kind())) + " unserved)"},
	})

	levels := sum.ServiceLevels()
	if len(levels) == 0 {
		return
	}
	t.title("Service risks", '-')
	kv := make([][2]string, len(levels))
	for i, l := range levels {
		p, se := sum.ServiceRisk(i)
		kv[i] = [2]string{"P(critical coverage below " + levelPct(l.Level) + " % for more than " + fixed(l.Duration, 2) + " h)",
			fixed(p, 3) + " ± " + fixed(se, 3)}
	}
	t.pairs(kv)
}
