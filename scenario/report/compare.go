package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// CompareSchema and CompareVersion identify the JSON document of a
// comparison (WriteComparisonJSON).
const (
	CompareSchema  = "lifeline-compare"
	CompareVersion = 1
)

// The helpers of this file are its own (prefixed cmp), so that the
// comparison and sizing reports depend only on package scenario.

// cmpFixed formats v with dec decimals, without a sign on zero.
func cmpFixed(v float64, dec int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

// cmpShort writes v rounded to 2 decimals, without trailing zeros.
func cmpShort(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100+0, 'f', -1, 64)
}

// cmpLevel writes a coverage level as a percentage: 0.95 → "95".
func cmpLevel(l float64) string {
	return strconv.FormatFloat(math.Round(l*1e4)/100, 'f', -1, 64)
}

// cmpQuantity names what a network of kind k delivers and its unit.
func cmpQuantity(k network.Kind) (word, unit string) {
	word = "energy"
	if k == network.Water || k == network.Gas {
		word = "volume"
	}
	unit = k.QuantityUnit()
	if unit == "" {
		unit = "units"
	}
	return word, unit
}

// cmpOut writes text and keeps the first error.
type cmpOut struct {
	w   io.Writer
	err error
}

func (t *cmpOut) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// title writes a section title underlined with c.
func (t *cmpOut) title(s string, c string) {
	t.printf("\n%s\n%s\n", s, strings.Repeat(c, len([]rune(s))))
}

// table writes rows under a header, indented by two spaces, the first
// column left-aligned and the others right-aligned.
func (t *cmpOut) table(header []string, rows [][]string) {
	if t.err != nil {
		return
	}
	width := len([]rune(header[0]))
	for _, r := range rows {
		width = max(width, len([]rune(r[0])))
	}
	tw := tabwriter.NewWriter(t.w, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cells []string) {
		fmt.Fprintf(tw, "%s\t", cells[0]+strings.Repeat(" ", width-len([]rune(cells[0]))))
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

// cmpJSONNum is a float64 written as null when it is not finite.
type cmpJSONNum float64

// MarshalJSON writes x in its shortest exact form, or null.
func (x cmpJSONNum) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f+0, 'g', -1, 64), nil
}

// ComparisonDocument is the JSON form of a scenario.Comparison. Keys are
// described, with units, in docs/compare.md. Metric objects are keyed by
// metric name (encoding/json sorts them); numbers that are not finite
// (a variance reduction without any paired variance, an interval of one
// trial) are null.
type ComparisonDocument struct {
	Schema  string     `json:"schema"`
	Version int        `json:"version"`
	Base    string     `json:"base"`
	Plan    string     `json:"plan"`
	Seed    uint64     `json:"seed"`
	Trials  int        `json:"trials"`
	Horizon cmpJSONNum `json:"horizon"`
	Notes   []string   `json:"notes"`
	// Metrics describes every metric that appears below: unit and
	// direction.
	Metrics  map[string]MetricInfo `json:"metrics"`
	Networks []NetworkComparison   `json:"networks"`
	Crew     ScopeDocument         `json:"crew"`
}

// MetricInfo is the unit and direction of a compared metric.
type MetricInfo struct {
	Unit          string `json:"unit"`
	HigherIsWorse bool   `json:"higher_is_worse"`
}

// NetworkComparison is one network of a ComparisonDocument.
type NetworkComparison struct {
	ID            string          `json:"id"`
	Kind          network.Kind    `json:"kind"`
	QuantityUnit  string          `json:"quantity_unit"`
	ServiceLevels []cmpLevelJSON  `json:"service_levels"`
	Total         ScopeDocument   `json:"total"`
	Classes       []ScopeDocument `json:"classes"`
	Zones         []ScopeDocument `json:"zones"`
}

type cmpLevelJSON struct {
	Level cmpJSONNum `json:"level"`
	Hours cmpJSONNum `json:"hours"`
}

// ScopeDocument compares the metrics of a network, class, zone or the
// crews: Base and Plan hold each variant's mean and standard error per
// metric, Diff the paired differences plan − base, and VarianceReduction
// (s_x² + s_y²)/s_d² per metric (null when s_d = 0).
type ScopeDocument struct {
	Name              string                `json:"name"`
	Consumers         int                   `json:"consumers"`
	Customers         int                   `json:"customers"`
	Base              map[string]MomentJSON `json:"base"`
	Plan              map[string]MomentJSON `json:"plan"`
	Diff              map[string]DiffJSON   `json:"diff"`
	VarianceReduction map[string]cmpJSONNum `json:"variance_reduction"`
}

// MomentJSON is the mean of a metric in one variant and its standard
// error.
type MomentJSON struct {
	Mean   cmpJSONNum `json:"mean"`
	StdErr cmpJSONNum `json:"stderr"`
}

// DiffJSON is the paired difference of one metric (scenario.Difference).
type DiffJSON struct {
	Mean              cmpJSONNum    `json:"mean"`
	StdErr            cmpJSONNum    `json:"stderr"`
	CI95              [2]cmpJSONNum `json:"ci95"`
	PBetter           cmpJSONNum    `json:"p_better"`
	ShareBetter       cmpJSONNum    `json:"share_better"`
	ShareWorse        cmpJSONNum    `json:"share_worse"`
	IndependentStdErr cmpJSONNum    `json:"independent_stderr"`
}

// NewComparisonDocument returns the JSON form of c. It returns an error
// if c is nil.
func NewComparisonDocument(c *scenario.Comparison) (*ComparisonDocument, error) {
	if c == nil {
		return nil, errors.New("report: nil comparison")
	}
	d := &ComparisonDocument{Schema: CompareSchema, Version: CompareVersion, Base: c.Base, Plan: c.Plan,
		Seed: c.Seed, Trials: c.Trials, Horizon: cmpJSONNum(c.Horizon), Notes: append([]string{}, c.Notes...),
		Metrics: map[string]MetricInfo{}, Networks: []NetworkComparison{}}
	scope := func(s *scenario.ScopeComparison) ScopeDocument {
		out := ScopeDocument{Name: s.Name, Consumers: s.Consumers, Customers: s.Customers,
			Base: map[string]MomentJSON{}, Plan: map[string]MomentJSON{}, Diff: map[string]DiffJSON{},
			VarianceReduction: map[string]cmpJSONNum{}}
		for i := range s.Metrics {
			m := &s.Metrics[i]
			d.Metrics[m.Metric] = MetricInfo{Unit: m.Unit, HigherIsWorse: m.HigherIsWorse}
			out.Base[m.Metric] = MomentJSON{cmpJSONNum(m.Base.Mean), cmpJSONNum(m.Base.StdErr)}
			out.Plan[m.Metric] = MomentJSON{cmpJSONNum(m.Plan.Mean), cmpJSONNum(m.Plan.StdErr)}
			df := m.Diff
			out.Diff[m.Metric] = DiffJSON{Mean: cmpJSONNum(df.Mean), StdErr: cmpJSONNum(df.StdErr),
				CI95: [2]cmpJSONNum{cmpJSONNum(df.CI95Low), cmpJSONNum(df.CI95High)}, PBetter: cmpJSONNum(df.PBetter),
				ShareBetter: cmpJSONNum(df.ShareBetter), ShareWorse: cmpJSONNum(df.ShareWorse), IndependentStdErr: cmpJSONNum(df.IndependentStdErr)}
			out.VarianceReduction[m.Metric] = cmpJSONNum(df.VarianceReduction)
		}
		return out
	}
	for i := range c.Networks {
		n := &c.Networks[i]
		nd := NetworkComparison{ID: n.ID, Kind: n.Kind, QuantityUnit: n.Kind.QuantityUnit(),
			ServiceLevels: []cmpLevelJSON{}, Total: scope(&n.Total), Classes: []ScopeDocument{}, Zones: []ScopeDocument{}}
		for _, l := range n.ServiceLevels {
			nd.ServiceLevels = append(nd.ServiceLevels, cmpLevelJSON{cmpJSONNum(l.Level), cmpJSONNum(l.Duration)})
		}
		for j := range n.Classes {
			nd.Classes = append(nd.Classes, scope(&n.Classes[j]))
		}
		for j := range n.Zones {
			nd.Zones = append(nd.Zones, scope(&n.Zones[j]))
		}
		d.Networks = append(d.Networks, nd)
	}
	d.Crew = scope(&c.Crew)
	return d, nil
}

// WriteComparisonJSON writes the JSON document of c (ComparisonDocument),
// indented. The output is deterministic. It returns an error if c is nil
// or w fails.
func WriteComparisonJSON(w io.Writer, c *scenario.Comparison) error {
	d, err := NewComparisonDocument(c)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// cmpLabels name the compared metrics in words.
var cmpLabels = map[string]string{
	scenario.MetricENS:                 "not supplied (ENS)",
	scenario.MetricIndirectENS:         "  of which through couplings",
	scenario.MetricServed:              "served",
	scenario.MetricDemand:              "demand",
	scenario.MetricCoverage:            "coverage by volume (PCS)",
	scenario.MetricECS:                 "mean consumer coverage (ECS)",
	scenario.MetricEOH:                 "equivalent outage hours (EOH)",
	scenario.MetricCustomerHoursLost:   "customer-hours lost",
	scenario.MetricSAIFI:               "SAIFI",
	scenario.MetricSAIDI:               "SAIDI",
	scenario.MetricCAIDI:               "CAIDI",
	scenario.MetricASAI:                "ASAI",
	scenario.MetricValueLost:           "value of lost load",
	scenario.MetricMinCriticalCoverage: "lowest critical coverage",
	scenario.MetricLossOfLoadHours:     "loss-of-load hours",
	scenario.MetricTimeToRestore:       "time to restore",
	scenario.MetricColdCustomerHours:   "cold customer-hours",
	scenario.MetricPeakColdCustomers:   "most customers cold at once",
	scenario.MetricCrewUtilisation:     "crew utilisation",
	scenario.MetricMeanWait:            "mean wait for a crew",
	"max_wait":                         "longest wait for a crew",
	"longest_repair":                   "longest fault to repair",
	"repairs_completed":                "repairs completed",
}

// cmpLabel names a metric of network n (nil for the crews) in words.
func cmpLabel(m string, n *scenario.NetComparison) string {
	if l, ok := cmpLabels[m]; ok {
		if m == scenario.MetricENS && n != nil {
			word, _ := cmpQuantity(n.Kind)
			return word + " " + l
		}
		return l
	}
	for _, p := range []struct{ prefix, label string }{
		{scenario.MetricLongestCriticalBelow, "longest critical below %s%%"},
		{scenario.MetricServiceRisk, "P(critical below %s%% > %s h)"},
	} {
		if rest, ok := strings.CutPrefix(m, p.prefix); ok && n != nil {
			if i, err := strconv.Atoi(rest); err == nil && i < len(n.ServiceLevels) {
				l := n.ServiceLevels[i]
				if strings.Count(p.label, "%s") == 2 {
					return fmt.Sprintf(p.label, cmpLevel(l.Level), cmpShort(l.Duration))
				}
				return fmt.Sprintf(p.label, cmpLevel(l.Level))
			}
		}
	}
	return m
}

// cmpUnit returns the unit shown for a metric and the factor its values
// are multiplied by: fractions in %.
func cmpUnit(m *scenario.MetricComparison) (string, float64) {
	switch {
	case m.Unit == "":
		return "%", 100
	case m.Unit == "interruptions/customer":
		return "per customer", 1
	}
	return m.Unit, 1
}

// cmpGroup writes v with thousands separators and dec decimals.
func cmpGroup(v float64, dec int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	if math.IsInf(v, 0) {
		if v > 0 {
			return "∞"
		}
		return "−∞"
	}
	s := cmpFixed(v, dec)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "−" + out
	}
	return out
}

// cmpNum writes a value of a metric: whole numbers from 100 up, else
// three significant digits (at most 2 decimals for hours and %).
func cmpNum(v float64, unit string) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return cmpGroup(v, 0)
	case a >= 100:
		return cmpGroup(v, 0)
	case unit == "%" || unit == "h" || unit == "h/customer":
		return cmpGroup(v, 2)
	case a == 0:
		return "0"
	}
	dec := max(0, 2-int(math.Floor(math.Log10(a))))
	return cmpGroup(v, min(dec, 6))
}

// cmpSigned writes a difference with its sign.
func cmpSigned(v float64, unit string) string {
	s := cmpNum(v, unit)
	if v > 0 && !strings.HasPrefix(s, "∞") {
		return "+" + s
	}
	return s
}

// cmpVR writes a variance reduction: "∞" without paired variance, "–"
// when nothing varies.
func cmpVR(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case v >= 100:
		return cmpGroup(v, 0)
	}
	return cmpGroup(v, 1)
}

func cmpProb(p float64) string {
	if math.IsNaN(p) {
		return "n/a"
	}
	return cmpFixed(p, 3)
}

// cmpShown reports whether a metric of network n is worth a row: heat
// metrics only for heat networks; indirect ENS only when there is some.
func cmpShown(m *scenario.MetricComparison, n *scenario.NetComparison) bool {
	switch m.Metric {
	case scenario.MetricColdCustomerHours, scenario.MetricPeakColdCustomers:
		return n.Kind == network.Heat
	case scenario.MetricIndirectENS:
		return m.Base.Mean != 0 || m.Plan.Mean != 0
	}
	return true
}

// WriteComparisonText writes c for planners to read: the plan against the
// base side by side with the paired differences, for every network (all
// metrics), its classes and zones with consumers (the main metrics), and
// the crews, then what could not be compared. Every figure states its
// unit; fractions are in % and their differences in percentage points
// (pp). The output is deterministic. It returns an error if c is nil or w
// fails.
func WriteComparisonText(w io.Writer, c *scenario.Comparison) error {
	if c == nil {
		return errors.New("report: nil comparison")
	}
	t := &cmpOut{w: w}
	name := func(s string) string {
		if s == "" {
			return "(unnamed)"
		}
		return strconv.Quote(s)
	}
	t.printf("Plan %s against base %s: %d paired trials, seed %d, horizon %s h\n", name(c.Plan), name(c.Base), c.Trials, c.Seed, cmpShort(c.Horizon))
	t.printf("Both play the same trials (common random numbers): differences are plan − base, trial by trial.\n")
	t.printf("  P(better)  probability that the plan is better on average (Student t, flat prior)\n")
	t.printf("  won/lost   shares of trials in which the plan did better / worse than the base\n")
	t.printf("  VR         variance reduction (Var base + Var plan)/Var(plan − base): how many times\n")
	t.printf("             fewer trials the pairing needs than two independent studies\n")
	for i := range c.Networks {
		n := &c.Networks[i]
		_, q := cmpQuantity(n.Kind)
		t.title(fmt.Sprintf("Network %s (%s, %s)", n.ID, n.Kind, q), "-")
		t.metricRows(n, &n.Total)
		t.groupRows(n, "class", n.Classes)
		t.groupRows(n, "zone", n.Zones)
	}
	if len(c.Crew.Metrics) > 0 {
		t.title("Crews", "-")
		t.metricRows(nil, &c.Crew)
	}
	if len(c.Notes) > 0 {
		t.title("Not compared", "-")
		for _, s := range c.Notes {
			t.printf("  %s\n", s)
		}
	}
	return t.err
}

// metricRows writes the metrics of one scope side by side.
func (t *cmpOut) metricRows(n *scenario.NetComparison, s *scenario.ScopeComparison) {
	var rows [][]string
	for i := range s.Metrics {
		m := &s.Metrics[i]
		if n != nil && !cmpShown(m, n) {
			continue
		}
		unit, f := cmpUnit(m)
		d := m.Diff
		du := unit
		if unit == "%" {
			du = "pp"
		}
		ci := "n/a"
		if !math.IsNaN(d.CI95Low) {
			ci = cmpNum(f*d.CI95Low, unit) + " … " + cmpNum(f*d.CI95High, unit)
		}
		won := "n/a"
		if !math.IsNaN(d.ShareBetter) {
			won = cmpFixed(100*d.ShareBetter, 0) + "% / " + cmpFixed(100*d.ShareWorse, 0) + "%"
		}
		rows = append(rows, []string{cmpLabel(m.Metric, n), unit, cmpNum(f*m.Base.Mean, unit), cmpNum(f*m.Plan.Mean, unit),
			cmpSigned(f*d.Mean, unit) + " " + du, ci, cmpProb(d.PBetter), won, cmpVR(d.VarianceReduction)})
	}
	t.table([]string{"metric", "unit", "base", "plan", "plan − base", "95% interval", "P(better)", "won/lost", "VR"}, rows)
}

// groupRows writes one row per class or zone with consumers: ENS of each
// variant and its difference, P(better), and the coverage and SAIDI
// differences.
func (t *cmpOut) groupRows(n *scenario.NetComparison, what string, list []scenario.ScopeComparison) {
	_, q := cmpQuantity(n.Kind)
	var rows [][]string
	for i := range list {
		s := &list[i]
		ens, ok1 := s.Metric(scenario.MetricENS)
		cov, ok2 := s.Metric(scenario.MetricCoverage)
		saidi, ok3 := s.Metric(scenario.MetricSAIDI)
		if s.Consumers == 0 || !ok1 || !ok2 || !ok3 {
			continue
		}
		d := ens.Diff
		ci := "n/a"
		if !math.IsNaN(d.CI95Low) {
			ci = cmpNum(d.CI95Low, q) + " … " + cmpNum(d.CI95High, q)
		}
		rows = append(rows, []string{s.Name, cmpGroup(float64(s.Customers), 0), cmpNum(ens.Base.Mean, q), cmpNum(ens.Plan.Mean, q),
			cmpSigned(d.Mean, q), ci, cmpProb(d.PBetter), cmpVR(d.VarianceReduction),
			cmpSigned(100*cov.Diff.Mean, "%"), cmpSigned(saidi.Diff.Mean, "h")})
	}
	if len(rows) == 0 {
		return
	}
	t.printf("\n")
	t.table([]string{what, "customers", "ENS base (" + q + ")", "ENS plan (" + q + ")", "plan − base", "95% interval",
		"P(better)", "VR", "coverage (pp)", "SAIDI (h)"}, rows)
}
