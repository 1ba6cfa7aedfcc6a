package scenario

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Target is a requirement on the outcome of a study: a risk that must stay
// below a limit, or a mean that must stay below (or above) one. Write one
// as text and read it with ParseTarget; the forms are
//
//	critical below LEVEL for more than DURATION [in NETWORK]: at most P
//	METRIC above|below VALUE [UNIT] [in NETWORK]: at most P
//	METRIC [in NETWORK]: mean at most|at least VALUE [UNIT]
//
// as in "critical below 95% for more than 24 h: at most 5%" (the service
// level of the critical class), "ens above 50 MWh: at most 10%" (the share
// of trials with more than 50 MWh unserved) and "saidi: mean at most 2 h".
// See ParseTarget for the words, numbers and units.
type Target struct {
	// Network is the utility ID the target is about; "" for the
	// scenario's first.
	Network string
	// Metric names what is measured: a metric of Summary ("ens",
	// "saidi", …), "lolp" (loss_of_load_hours over the horizon), or
	// MetricCriticalBelow for the service form.
	Metric string
	// Risk is true for a probability target: the estimate is the share of
	// trials in which the event happens, the event being Metric above (or
	// below) Threshold; for the service form, critical coverage below
	// Level for longer than Threshold hours. Risk false is a target on
	// the mean of Metric.
	Risk bool
	// Level is the coverage level of the service form, in (0, 1].
	Level float64
	// Above says whether the event is Metric > Threshold (true) or
	// Metric < Threshold (false); true for the service form.
	Above bool
	// Threshold is the value the event compares with, in the metric's
	// unit (kWh or m³, hours, a fraction, …); hours for the service form.
	Threshold float64
	// AtMost requires the estimate to be at most Limit; false requires at
	// least Limit (means only).
	AtMost bool
	// Limit is a probability in [0, 1] for a risk, in the metric's unit
	// for a mean.
	Limit float64
	// Quantity is "kWh" or "m³" when a quantity was given with a unit of
	// energy or volume, for the check against the network's kind; "" else.
	Quantity string
}

// MetricCriticalBelow is the Metric of a service-level Target.
const MetricCriticalBelow = "critical_below"

// MetricLOLP is the loss-of-load probability of one trial,
// loss_of_load_hours over the horizon, a fraction a Target may name.
const MetricLOLP = "lolp"

// TargetForms lists the forms of a target, one per line, with an example
// each, for help texts and error messages.
const TargetForms = `critical below LEVEL for more than HOURS [in NETWORK]: at most P   e.g. "critical below 95% for more than 24 h: at most 5%"
METRIC above|below VALUE [UNIT] [in NETWORK]: at most P           e.g. "ens above 50 MWh: at most 10%"
METRIC [in NETWORK]: mean at most|at least VALUE [UNIT]           e.g. "saidi: mean at most 2 h"`

// TargetError is a problem with the text of a target: what is wrong and
// where, as a column of the text (1-based, in characters; 0 when the
// problem is not at one place).
type TargetError struct {
	Text string
	Col  int
	Msg  string
}

// Error formats the problem as `target "…": column 10: message`.
func (e *TargetError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("target %q: column %d: %s", clip(e.Text), e.Col, e.Msg)
	}
	return fmt.Sprintf("target %q: %s", clip(e.Text), e.Msg)
}

// clip cuts a long text for an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 120 {
		return s
	}
	r := []rune(s)
	return string(r[:117]) + "…"
}

// targetMetrics are the metrics a target may name, with their units (as
// baseMetrics: "q" for the network's quantity).
var targetMetrics = func() map[string]string {
	m := map[string]string{MetricLOLP: ""}
	for _, d := range baseMetrics {
		m[d.name] = d.unit
	}
	return m
}()

// targetAliases are other names of metrics.
var targetAliases = map[string]string{
	"eue":                 MetricENS,
	"unserved":            MetricENS,
	"energy_not_supplied": MetricENS,
	"volume_not_supplied": MetricENS,
	"lole":                MetricLossOfLoadHours,
	"utilisation":         MetricCrewUtilisation,
	"utilization":         MetricCrewUtilisation,
	"critical_coverage":   MetricMinCriticalCoverage,
	"customer_hours":      MetricCustomerHoursLost,
}

// token is one word, number or sign of a target, at byte offset pos.
type token struct {
	s   string
	pos int
	num bool
}

var numPrefix = regexp.MustCompile(`^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?`)

// tokenize splits a target into words, numbers, ":" and "%". A number
// directly followed by letters ("24h") is split in two.
func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += w
		case r == ':' || r == '%':
			out = append(out, token{s: string(r), pos: i})
			i += w
		case r == '≤' || r == '≥':
			out = append(out, token{s: string(r), pos: i})
			i += w
		case (r == '<' || r == '>') && i+1 < len(s) && s[i+1] == '=':
			out = append(out, token{s: s[i : i+2], pos: i})
			i += 2
		default:
			j := i
			for j < len(s) {
				r, w := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || r == ':' || r == '%' || r == '≤' || r == '≥' {
					break
				}
				j += w
			}
			word := s[i:j]
			if m := numPrefix.FindString(word); m != "" && strings.ContainsAny(m, "0123456789") {
				out = append(out, token{s: m, pos: i, num: true})
				if len(m) < len(word) {
					out = append(out, token{s: word[len(m):], pos: i + len(m)})
				}
			} else {
				out = append(out, token{s: word, pos: i})
			}
			i = j
		}
	}
	return out
}

// targetParser reads the tokens of one target.
type targetParser struct {
	text string
	toks []token
	i    int
	// after is the token that follows toks in the text, if any (toks
	// may be a part of the target).
	after *token
}

func (p *targetParser) errAt(pos int, format string, args ...any) *TargetError {
	col := 0
	if pos >= 0 {
		col = utf8.RuneCountInString(p.text[:min(pos, len(p.text))]) + 1
	}
	return &TargetError{Text: p.text, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// errTok reports a problem at token i, or at the end of the text.
func (p *targetParser) errTok(i int, format string, args ...any) *TargetError {
	if i < len(p.toks) {
		return p.errAt(p.toks[i].pos, format, args...)
	}
	if p.after != nil {
		return p.errAt(p.after.pos, format, args...)
	}
	return p.errAt(len(p.text), format, args...)
}

// found names the token at i for a message: quoted, or "the end".
func (p *targetParser) found(i int) string {
	switch {
	case i < len(p.toks):
		return strconv.Quote(p.toks[i].s)
	case p.after != nil:
		return strconv.Quote(p.after.s)
	}
	return "the end"
}

func (p *targetParser) peek() (token, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return token{}, false
}

// is reports whether the next tokens are the given words (any case).
func (p *targetParser) is(words ...string) bool {
	for k, w := range words {
		if p.i+k >= len(p.toks) || !strings.EqualFold(p.toks[p.i+k].s, w) {
			return false
		}
	}
	return true
}

// expect consumes the given words or fails naming what was wanted.
func (p *targetParser) expect(what string, words ...string) error {
	for k, w := range words {
		if p.i+k >= len(p.toks) {
			return p.errTok(p.i+k, "want %q %s, found %s", strings.Join(words, " "), what, p.found(p.i+k))
		}
		if t := p.toks[p.i+k]; !strings.EqualFold(t.s, w) {
			msg := fmt.Sprintf("want %q %s, found %q", strings.Join(words, " "), what, t.s)
			if s := nearest(strings.ToLower(t.s), []string{w}, 2); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return p.errTok(p.i+k, "%s", msg)
		}
	}
	p.i += len(words)
	return nil
}

// number reads a number (thousands may be grouped with commas).
func (p *targetParser) number(what string) (float64, int, error) {
	t, ok := p.peek()
	if !ok {
		return 0, len(p.text), p.errTok(p.i, "want %s, found %s", what, p.found(p.i))
	}
	if !t.num {
		return 0, t.pos, p.errTok(p.i, "want %s, found %q", what, t.s)
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(t.s, ",", ""), 64)
	if err != nil || math.IsInf(v, 0) || v > maxTargetValue {
		return 0, t.pos, p.errTok(p.i, "%q is not a number up to 1e300", t.s)
	}
	if v < 0 {
		return 0, t.pos, p.errTok(p.i, "%s: want a number ≥ 0, got %s", what, t.s)
	}
	p.i++
	return v, t.pos, nil
}

// maxTargetValue bounds the numbers of a target, so that unit factors
// never overflow.
const maxTargetValue = 1e300

// fraction reads a number with an optional "%": 95% or 0.95.
func (p *targetParser) fraction(what string, zeroOK bool) (float64, error) {
	v, pos, err := p.number(what)
	if err != nil {
		return 0, err
	}
	pct := p.is("%")
	if pct {
		p.i++
		v /= 100
	}
	if v > 1 {
		if pct {
			return 0, p.errAt(pos, "%s: want at most 100%%, got %s%%", what, p.toks[p.i-2].s)
		}
		return 0, p.errAt(pos, "%s is a share: write %g%% or %g, not %g", what, v, v/100, v)
	}
	if v == 0 && !zeroOK {
		return 0, p.errAt(pos, "%s: want more than 0", what)
	}
	return v, nil
}

// unitScale returns the factor turning a value given in unit u into the
// metric's unit (as baseMetrics: "q", "h", "", …), and for quantities the
// family ("kWh" or "m³"). ok is false if u does not fit.
func unitScale(metricUnit, u string) (scale float64, family string, ok bool) {
	l := strings.ToLower(u)
	switch metricUnit {
	case "q":
		switch l {
		case "kwh":
			return 1, "kWh", true
		case "mwh":
			return 1e3, "kWh", true
		case "gwh":
			return 1e6, "kWh", true
		case "m³", "m3":
			return 1, "m³", true
		}
	case "h", "h/customer":
		switch l {
		case "h", "hour", "hours", "hrs", "h/customer":
			return 1, "", true
		case "min", "mins", "minute", "minutes":
			return 1.0 / 60, "", true
		case "d", "day", "days":
			return 24, "", true
		}
	case "customer·h":
		switch l {
		case "customer·h", "customer-h", "customer-hours", "customer_hours", "customer·hours":
			return 1, "", true
		}
	case "customers":
		if l == "customers" || l == "customer" {
			return 1, "", true
		}
	case "interruptions/customer":
		if l == "interruptions/customer" || l == "interruptions" {
			return 1, "", true
		}
	}
	return 0, "", false
}

// unitHint says how values of a metric unit are written.
func unitHint(metricUnit string) string {
	switch metricUnit {
	case "q":
		return "kWh, MWh or GWh (power, heat) or m³ (water, gas)"
	case "h", "h/customer":
		return "h, min or days"
	case "":
		return "a share, as 99% or 0.99"
	case "money":
		return "a plain amount of money, without a unit"
	}
	return "a plain number, or " + metricUnit
}

// value reads a value of a metric with unit mu, with an optional unit.
func (p *targetParser) value(metric, mu, what string, t *Target) (float64, error) {
	if mu == "" {
		v, err := p.fraction(what, true)
		return v, err
	}
	v, _, err := p.number(what)
	if err != nil {
		return 0, err
	}
	next, ok := p.peek()
	if !ok || next.s == ":" || strings.EqualFold(next.s, "in") {
		return v, nil
	}
	if next.s == "%" {
		return 0, p.errTok(p.i, "%s is not a share: give %s", metric, unitHint(mu))
	}
	unit := next.s
	// "customer hours", "per customer": units in two words.
	if k := p.i + 1; k < len(p.toks) && !p.toks[k].num && p.toks[k].s != ":" && !strings.EqualFold(p.toks[k].s, "in") {
		two := unit + "-" + p.toks[k].s
		if strings.EqualFold(p.toks[k].s, "customer") && strings.EqualFold(unit, "per") {
			p.i += 2
			return v, nil
		}
		if _, _, ok := unitScale(mu, two); ok {
			unit = two
			p.i++
		}
	}
	sc, fam, ok := unitScale(mu, unit)
	if !ok {
		return 0, p.errTok(p.i, "unit %q does not fit %s (%s): give %s", unit, metric, metricUnitName(mu), unitHint(mu))
	}
	if v*sc > maxTargetValue {
		return 0, p.errTok(p.i-1, "%s %s is more than 1e300", p.toks[p.i-1].s, unit)
	}
	p.i++
	if fam != "" {
		if t.Quantity != "" && t.Quantity != fam {
			return 0, p.errTok(p.i-1, "unit %q mixes energy and volume (%s given before)", unit, t.Quantity)
		}
		t.Quantity = fam
	}
	return v * sc, nil
}

func metricUnitName(mu string) string {
	switch mu {
	case "q":
		return "energy or volume"
	case "":
		return "a share"
	}
	return mu
}

// ParseTarget reads a target (see Target for its forms). Words are
// matched in any case. What is measured:
//
//   - "critical below LEVEL for more than HOURS": the critical class's
//     coverage stays below LEVEL (95% or 0.95) for longer than HOURS
//     ("24 h", "90 min", "2 days"); "for longer than" is accepted too.
//   - METRIC: a metric of Summary, written with underscores, hyphens or
//     spaces ("customer hours lost"), or "lolp" (loss-of-load hours over
//     the horizon), "lole" (loss_of_load_hours), "eue" (ens).
//
// Then optionally "in NETWORK" (a utility ID), ":", and the requirement:
// "at most P" (P a share: 5% or 0.05) for a risk, or "mean at most VALUE"
// or "mean at least VALUE" for a mean; "≤", "<=", "≥" and ">=" stand for
// "at most" and "at least". Values carry the metric's unit: energy in kWh,
// MWh or GWh, volume in m³ (the metric's network decides which applies),
// durations in h, min or days, shares as 99% or 0.99; a value without a
// unit is in the metric's own unit (kWh or m³, hours, a share, a count,
// money). Numbers may group thousands with commas ("1,500,000").
//
// It returns a *TargetError naming the column of the first problem, and
// what would fit there (the nearest known word for a misspelt one).
// Whether the network exists and the quantity unit fits its kind is
// checked against a scenario by SizeCrews.
func ParseTarget(text string) (Target, error) {
	p := &targetParser{text: text, toks: tokenize(text)}
	t, err := p.parse()
	if err != nil {
		var te *TargetError
		if errors.As(err, &te) {
			return Target{}, te
		}
		return Target{}, err
	}
	return t, nil
}

func (p *targetParser) parse() (Target, error) {
	var t Target
	if len(p.toks) == 0 {
		return t, &TargetError{Text: p.text, Msg: "empty; write one of:\n" + TargetForms}
	}
	colon := slices.IndexFunc(p.toks, func(x token) bool { return x.s == ":" })
	if colon < 0 {
		return t, p.errAt(len(p.text), "missing \":\" between what is measured and the requirement, as in %q", "ens: mean at most 500 MWh")
	}
	if colon == 0 {
		return t, p.errTok(0, "missing what is measured before \":\"; write one of:\n%s", TargetForms)
	}
	// The network: "in ID" just before the colon.
	end := colon
	if colon >= 2 && strings.EqualFold(p.toks[colon-2].s, "in") {
		t.Network = p.toks[colon-1].s
		end = colon - 2
	}
	if end == 0 {
		return t, p.errTok(0, "missing what is measured before \"in\"")
	}
	subject := &targetParser{text: p.text, toks: p.toks[:end], after: &p.toks[end]}
	if err := subject.subject(&t); err != nil {
		return Target{}, err
	}
	p.i = colon + 1
	if err := p.requirement(&t); err != nil {
		return Target{}, err
	}
	if p.i < len(p.toks) {
		return Target{}, p.errTok(p.i, "unexpected %q after the requirement", p.toks[p.i].s)
	}
	return t, nil
}

func (p *targetParser) subject(t *Target) error {
	if p.is("critical", "below") || (p.is("critical") && !p.is("critical", "coverage")) {
		p.i++
		if err := p.expect("after \"critical\"", "below"); err != nil {
			return err
		}
		lv, err := p.fraction("the service level", false)
		if err != nil {
			return err
		}
		if !p.is("for", "more", "than") && !p.is("for", "longer", "than") {
			return p.expect("after the level", "for", "more", "than")
		}
		p.i += 3
		h, err := p.value("the duration", "h", "a duration", t)
		if err != nil {
			return err
		}
		t.Metric, t.Risk, t.Level, t.Above, t.Threshold = MetricCriticalBelow, true, lv, true, h
		if p.i < len(p.toks) {
			return p.errTok(p.i, "unexpected %q after the duration (a network goes as \"in ID\" before \":\")", p.toks[p.i].s)
		}
		return nil
	}
	// METRIC [above|below VALUE [UNIT]]
	k := slices.IndexFunc(p.toks, func(x token) bool {
		return strings.EqualFold(x.s, "above") || strings.EqualFold(x.s, "below")
	})
	words := p.toks
	if k >= 0 {
		words = p.toks[:k]
	}
	if len(words) == 0 {
		return p.errTok(0, "missing the metric before %q", p.toks[0].s)
	}
	for _, w := range words {
		if w.num {
			return p.errAt(w.pos, "unexpected number %q in the metric's name (write \"METRIC above VALUE\" for a risk)", w.s)
		}
	}
	var parts []string
	for _, w := range words {
		parts = append(parts, w.s)
	}
	name := normaliseMetric(strings.Join(parts, "_"))
	metric, ok := resolveMetric(name)
	if !ok {
		msg := fmt.Sprintf("unknown metric %q", strings.Join(parts, " "))
		if strings.HasPrefix(name, "longest_critical_below") {
			msg += fmt.Sprintf(" (write the service form, %q)", "critical below 95% for more than 24 h: at most 5%")
		} else if s := nearest(name, metricChoices(), 3); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		} else {
			msg += " (want one of " + strings.Join(metricChoices(), ", ") + ")"
		}
		return p.errAt(words[0].pos, "%s", msg)
	}
	t.Metric = metric
	if k < 0 {
		return nil
	}
	p.i = k
	t.Risk = true
	t.Above = strings.EqualFold(p.toks[k].s, "above")
	p.i++
	v, err := p.value(metric, targetMetrics[metric], "a threshold", t)
	if err != nil {
		return err
	}
	t.Threshold = v
	if p.i < len(p.toks) {
		return p.errTok(p.i, "unexpected %q after the threshold (a network goes as \"in ID\" before \":\")", p.toks[p.i].s)
	}
	return nil
}

func (p *targetParser) requirement(t *Target) error {
	if _, ok := p.peek(); !ok {
		if t.Risk {
			return p.errTok(p.i, "missing the requirement after \":\": want \"at most P\", as in %q", "at most 5%")
		}
		return p.errTok(p.i, "missing the requirement after \":\": want \"mean at most VALUE\" or \"mean at least VALUE\"")
	}
	if t.Risk {
		if p.is("mean") {
			return p.errTok(p.i, "a risk is a share of trials: want \"at most P\" after \":\", not a mean (write %q for a mean)", t.Metric+": mean at most VALUE")
		}
		at := p.i
		if err := p.comparison(t); err != nil {
			return err
		}
		if !t.AtMost {
			return p.errTok(at, "a risk target says how likely the event may be at most: want \"at most P\"")
		}
		v, err := p.fraction("the probability", true)
		if err != nil {
			return err
		}
		t.Limit = v
		return nil
	}
	if !p.is("mean") {
		tok := p.toks[p.i]
		msg := fmt.Sprintf("want \"mean at most VALUE\" or \"mean at least VALUE\" after \":\", found %q", tok.s)
		if strings.EqualFold(tok.s, "at") || tok.s == "≤" || tok.s == "<=" || tok.s == "≥" || tok.s == ">=" {
			msg = fmt.Sprintf("a metric's target is on its mean: write \"mean %s …\"; for a risk write %q", tok.s, t.Metric+" above VALUE: at most P")
		} else if s := nearest(strings.ToLower(tok.s), []string{"mean"}, 2); s != "" {
			msg += " (did you mean \"mean\"?)"
		}
		return p.errTok(p.i, "%s", msg)
	}
	p.i++
	if err := p.comparison(t); err != nil {
		return err
	}
	v, err := p.value(t.Metric, targetMetrics[t.Metric], "a limit", t)
	if err != nil {
		return err
	}
	t.Limit = v
	return nil
}

// comparison reads "at most", "at least", "≤", "<=", "≥" or ">=".
func (p *targetParser) comparison(t *Target) error {
	switch {
	case p.is("at", "most"), p.is("≤"), p.is("<="):
		t.AtMost = true
	case p.is("at", "least"), p.is("≥"), p.is(">="):
		t.AtMost = false
	default:
		return p.errTok(p.i, "want \"at most\" or \"at least\", found %s", p.found(p.i))
	}
	if p.is("at") {
		p.i += 2
	} else {
		p.i++
	}
	return nil
}

// normaliseMetric lowers a metric name and joins its words with "_".
func normaliseMetric(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("-", "_", " ", "_", "·", "_").Replace(s)
	for strings.Contains(s, "__") {
		s = strings.ReplaceAll(s, "__", "_")
	}
	return strings.Trim(s, "_")
}

func resolveMetric(name string) (string, bool) {
	if a, ok := targetAliases[name]; ok {
		return a, true
	}
	if strings.HasPrefix(name, MetricLongestCriticalBelow) {
		return "", false
	}
	_, ok := targetMetrics[name]
	return name, ok
}

// metricChoices lists the metric names a target may use, sorted.
func metricChoices() []string {
	var out []string
	for k := range targetMetrics {
		out = append(out, k)
	}
	for k := range targetAliases {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// nearest returns the choice closest to s by edit distance, if within
// maxDist (and less than half of s's length), else "". Ties go to the
// first in order.
func nearest(s string, choices []string, maxDist int) string {
	best, bd := "", maxDist+1
	for _, c := range choices {
		if d := editDistance(s, c); d < bd {
			best, bd = c, d
		}
	}
	if bd > maxDist || 2*bd > utf8.RuneCountInString(s)+1 {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance between a and
// b, in runes: insertions, deletions, substitutions and transpositions of
// neighbours ("esn" is 1 from "ens").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// String writes the target in the canonical form ParseTarget reads back
// to an equal Target: values in the metric's own unit (h, shares in %,
// m³), energy in GWh or MWh where that reads back exactly, else kWh.
func (t Target) String() string {
	var b strings.Builder
	mu := targetMetrics[t.Metric]
	val := func(v float64) string {
		switch mu {
		case "":
			return pctString(v)
		case "q":
			q := t.Quantity
			if q == "" {
				return num(v)
			}
			if q == "kWh" {
				// The largest of GWh and MWh that reads back exactly.
				for _, u := range []struct {
					name  string
					scale float64
				}{{"GWh", 1e6}, {"MWh", 1e3}} {
					if x := v / u.scale; v >= u.scale && x*u.scale == v && num(x) != "" {
						if back, err := strconv.ParseFloat(num(x), 64); err == nil && back*u.scale == v {
							return num(x) + " " + u.name
						}
					}
				}
			}
			return num(v) + " " + q
		case "h", "h/customer":
			return num(v) + " h"
		}
		return num(v)
	}
	if t.Metric == MetricCriticalBelow {
		fmt.Fprintf(&b, "critical below %s for more than %s h", pctString(t.Level), num(t.Threshold))
	} else {
		b.WriteString(t.Metric)
		if t.Risk {
			dir := "below"
			if t.Above {
				dir = "above"
			}
			fmt.Fprintf(&b, " %s %s", dir, val(t.Threshold))
		}
	}
	if t.Network != "" {
		b.WriteString(" in " + t.Network)
	}
	b.WriteString(": ")
	if t.Risk {
		b.WriteString("at most " + pctString(t.Limit))
		return b.String()
	}
	if t.AtMost {
		b.WriteString("mean at most ")
	} else {
		b.WriteString("mean at least ")
	}
	b.WriteString(val(t.Limit))
	return b.String()
}

// num writes v exactly, in plain decimals unless very large or small.
func num(v float64) string {
	if a := math.Abs(v); a == 0 || (a >= 1e-4 && a < 1e15) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// pctString writes a share as a percentage that reads back to v exactly
// (ParseTarget divides the percentage by 100).
func pctString(v float64) string {
	for dec := 0; dec <= 20; dec++ {
		s := strconv.FormatFloat(v*100, 'f', dec, 64)
		if f, err := strconv.ParseFloat(s, 64); err == nil && f/100 == v {
			return s + "%"
		}
	}
	return num(v) // a share that no percentage gives back: "0.05", not "5%"
}

// boundTarget is a target resolved against a plan.
type boundTarget struct {
	Target
	net     int // utility index
	level   int // service form: index in the plan's levels
	metric  int // index in baseMetrics; −1 for lolp and the service form
	hours   bool
	horizon float64
}

// bindTarget resolves t against plan p, whose service levels must hold
// t's level for the service form. Problems name the target's field.
func bindTarget(p *Plan, t Target) (boundTarget, error) {
	b := boundTarget{Target: t, metric: -1, horizon: p.sc.Horizon}
	if t.Network != "" {
		k, ok := p.utilIdx[t.Network]
		if !ok {
			var ids []string
			for _, u := range p.utils {
				ids = append(ids, u.id)
			}
			msg := fmt.Sprintf("unknown network %q", t.Network)
			if s := nearest(t.Network, ids, 3); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (have " + strings.Join(ids, ", ") + ")"
			}
			return b, errors.New(msg)
		}
		b.net = k
	}
	kind := p.utils[b.net].net.Kind()
	if t.Quantity != "" && t.Quantity != kind.QuantityUnit() {
		return b, fmt.Errorf("network %q is %s, measured in %s, not %s", p.utils[b.net].id, kind, kind.QuantityUnit(), t.Quantity)
	}
	switch t.Metric {
	case MetricCriticalBelow:
		b.level = slices.IndexFunc(p.levels, func(l ServiceLevel) bool { return l.Level == t.Level })
		if b.level < 0 {
			return b, fmt.Errorf("the scenario tracks no service level %s", pctString(t.Level)) // not reached from SizeCrews
		}
		b.hours = true
	case MetricLOLP:
	default:
		b.metric = slices.IndexFunc(baseMetrics, func(d metricDef) bool { return d.name == t.Metric })
		if b.metric < 0 {
			return b, fmt.Errorf("unknown metric %q", t.Metric)
		}
		u := baseMetrics[b.metric].unit
		b.hours = u == "h" || u == "h/customer"
	}
	if t.Risk && (t.Limit < 0 || t.Limit > 1) {
		return b, fmt.Errorf("probability %g outside [0, 1]", t.Limit)
	}
	return b, nil
}

// sample returns what trial res contributes to the estimate: 0 or 1 for a
// risk, the metric's value for a mean.
func (b *boundTarget) sample(res *Result) float64 {
	n := &res.Networks[b.net]
	var v float64
	switch {
	case b.Metric == MetricCriticalBelow:
		if b.level < len(n.LongestCriticalBelow) {
			v = n.LongestCriticalBelow[b.level]
		}
	case b.metric < 0:
		if b.horizon > 0 {
			v = n.LossOfLoadHours / b.horizon
		}
	default:
		v = baseMetrics[b.metric].get(res, n)
	}
	if !b.Risk {
		return v
	}
	var happens bool
	switch {
	case b.hours && b.Above:
		happens = longer(v, b.Threshold, b.horizon)
	case b.hours:
		happens = longer(b.Threshold, v, b.horizon)
	case b.Above:
		happens = v > b.Threshold
	default:
		happens = v < b.Threshold
	}
	if happens {
		return 1
	}
	return 0
}
