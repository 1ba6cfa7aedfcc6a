package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/lifeline-sim/lifeline/scenario"
)

// SizingSchema and SizingVersion identify the JSON document of a crew
// sizing (WriteSizingJSON).
const (
	SizingSchema  = "lifeline-sizing"
	SizingVersion = 1
)

// SizingDocument is the JSON form of a scenario.SizingResult, described
// key by key in docs/compare.md. Targets are written in their canonical
// text (scenario.Target.String); estimates follow the order of targets.
type SizingDocument struct {
	Schema      string         `json:"schema"`
	Version     int            `json:"version"`
	Scenario    string         `json:"scenario"`
	Mode        string         `json:"mode"`
	Team        string         `json:"team,omitempty"`
	Teams       []string       `json:"teams,omitempty"`
	Targets     []string       `json:"targets"`
	Min         int            `json:"min"`
	Max         int            `json:"max"`
	Confidence  cmpJSONNum     `json:"confidence"`
	Seed        uint64         `json:"seed"`
	Trials      int            `json:"trials"`
	LookAlpha   cmpJSONNum     `json:"look_alpha"`
	Found       bool           `json:"found"`
	Answer      int            `json:"answer"`
	Confirmed   bool           `json:"confirmed"`
	Monotone    bool           `json:"monotone"`
	TotalTrials int            `json:"total_trials"`
	Points      []SizingPointJ `json:"points"`
}

// SizingPointJ is one count judged.
type SizingPointJ struct {
	Count     int         `json:"count"`
	Trials    int         `json:"trials"`
	Verdict   string      `json:"verdict"`
	Lean      bool        `json:"lean"`
	Estimates []EstimateJ `json:"estimates"`
}

// EstimateJ is the estimate of one target at one count
// (scenario.TargetEstimate).
type EstimateJ struct {
	Estimate cmpJSONNum    `json:"estimate"`
	StdErr   cmpJSONNum    `json:"stderr"`
	CI95     [2]cmpJSONNum `json:"ci95"`
	Lower    cmpJSONNum    `json:"lower"`
	Upper    cmpJSONNum    `json:"upper"`
	Verdict  string        `json:"verdict"`
}

// NewSizingDocument returns the JSON form of r; an error if r is nil.
func NewSizingDocument(r *scenario.SizingResult) (*SizingDocument, error) {
	if r == nil {
		return nil, errors.New("report: nil sizing result")
	}
	d := &SizingDocument{Schema: SizingSchema, Version: SizingVersion, Scenario: r.Scenario, Mode: r.Mode.String(),
		Team: r.Team, Teams: r.Teams, Targets: []string{}, Min: r.Min, Max: r.Max, Confidence: cmpJSONNum(r.Confidence),
		Seed: r.Seed, Trials: r.Trials, LookAlpha: cmpJSONNum(r.LookAlpha), Found: r.Found, Answer: r.Answer,
		Confirmed: r.Confirmed, Monotone: r.Monotone, TotalTrials: r.TotalTrials, Points: []SizingPointJ{}}
	for _, t := range r.Targets {
		d.Targets = append(d.Targets, t.String())
	}
	for _, p := range r.Points {
		pj := SizingPointJ{Count: p.Count, Trials: p.Trials, Verdict: p.Verdict.String(), Lean: p.Lean, Estimates: []EstimateJ{}}
		for _, e := range p.Estimates {
			pj.Estimates = append(pj.Estimates, EstimateJ{Estimate: cmpJSONNum(e.Estimate), StdErr: cmpJSONNum(e.StdErr),
				CI95: [2]cmpJSONNum{cmpJSONNum(e.CI95Low), cmpJSONNum(e.CI95High)}, Lower: cmpJSONNum(e.Lower), Upper: cmpJSONNum(e.Upper), Verdict: e.Verdict.String()})
		}
		d.Points = append(d.Points, pj)
	}
	return d, nil
}

// WriteSizingJSON writes the JSON document of r, indented. It returns an
// error if r is nil or w fails.
func WriteSizingJSON(w io.Writer, r *scenario.SizingResult) error {
	d, err := NewSizingDocument(r)
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

// sizingCount describes count crews of a sizing: "3 teams like "repair"",
// "12 members in "repair"", "5 of the listed teams".
func sizingCount(r *scenario.SizingResult, count int) string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	}
	switch r.Mode {
	case scenario.SizeCopies:
		return fmt.Sprintf("%d %s like %q", count, plural(count, "team", "teams"), r.Team)
	case scenario.SizeMembers:
		return fmt.Sprintf("%d %s in team %q", count, plural(count, "member", "members"), r.Team)
	}
	switch {
	case count == 0:
		return fmt.Sprintf("none of the %d teams listed", len(r.Teams))
	case count == 1 && len(r.Teams) > 0:
		return fmt.Sprintf("the first of the %d teams listed (%s)", len(r.Teams), r.Teams[0])
	case count <= len(r.Teams):
		return fmt.Sprintf("the first %d of the %d teams listed (%s to %s)", count, len(r.Teams), r.Teams[0], r.Teams[count-1])
	}
	return fmt.Sprintf("%d of the %d teams listed", count, len(r.Teams))
}

// sizingValue writes an estimate or bound of target t.
func sizingValue(t scenario.Target, v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return cmpGroup(v, 0)
	}
	if t.Risk || t.Metric == scenario.MetricLOLP || sizingFraction(t.Metric) {
		return cmpFixed(100*v, 1) + "%"
	}
	return cmpNum(v, "")
}

func sizingFraction(metric string) bool {
	switch metric {
	case scenario.MetricCoverage, scenario.MetricECS, scenario.MetricASAI, scenario.MetricMinCriticalCoverage, scenario.MetricCrewUtilisation:
		return true
	}
	return false
}

// WriteSizingText writes r for planners to read: the answer with its
// confidence first, then the curve of every count judged — trials
// played, verdict, and per target the estimate with its 95% interval and
// the bound the verdict rests on — and how the verdicts were reached. It
// returns an error if r is nil or w fails.
func WriteSizingText(w io.Writer, r *scenario.SizingResult) error {
	if r == nil {
		return errors.New("report: nil sizing result")
	}
	t := &cmpOut{w: w}
	name := r.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	var what string
	switch r.Mode {
	case scenario.SizeCopies:
		what = fmt.Sprintf("teams like %q", r.Team)
	case scenario.SizeMembers:
		what = fmt.Sprintf("members of team %q", r.Team)
	default:
		what = "teams of " + strings.Join(r.Teams, ", ") + ", kept in that order"
	}
	t.printf("Crew sizing of %s: %s, from %d to %d; seed %d, confidence %s%%\n", name, what, r.Min, r.Max, r.Seed, cmpShort(100*r.Confidence))
	t.printf("Targets, all to be met:\n")
	for i, tg := range r.Targets {
		t.printf("  %d. %s\n", i+1, tg)
	}
	t.printf("\n")
	conf := cmpShort(100 * r.Confidence)
	switch {
	case !r.Found:
		t.printf("Answer: no count up to %d meets the targets: %s fails them", r.Max, sizingCount(r, r.Max))
		if r.Confirmed {
			t.printf(" (with %s%% confidence).\n", conf)
		} else {
			t.printf(" on its point estimates; more trials would tell for sure.\n")
		}
	default:
		verb := func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		}
		t.printf("Answer: %s %s every target", sizingCount(r, r.Answer), verb(r.Answer, "meets", "meet"))
		prev, hasPrev := r.Point(r.Answer - 1)
		switch {
		case r.Confirmed && hasPrev:
			t.printf("; %s %s (%s%% confidence).\n", sizingCount(r, prev.Count), verb(prev.Count, "fails", "fail"), conf)
		case r.Confirmed:
			t.printf(" (%s%% confidence; the fewest searched).\n", conf)
		default:
			t.printf(" on the point estimates, but not every verdict the answer rests on was decided\n")
			t.printf("at %s%% confidence after %d trials: run more trials (-trials) to confirm.\n", conf, r.Trials)
		}
	}
	if !r.Monotone {
		t.printf("Warning: the verdicts are not monotone in the count (more crews did worse somewhere), which the\n")
		t.printf("search assumes; judge every count (-all) and read the curve.\n")
	}
	t.printf("\n")
	header := []string{"count", "trials", "verdict"}
	for i, tg := range r.Targets {
		h := fmt.Sprintf("%d: risk", i+1)
		if !tg.Risk {
			h = fmt.Sprintf("%d: mean", i+1)
			if _, u := sizingUnit(tg); u != "" && u != "%" {
				h += " (" + u + ")"
			}
		}
		header = append(header, h, "95% interval", "bound")
	}
	var rows [][]string
	for _, p := range r.Points {
		v := p.Verdict.String()
		if p.Verdict == scenario.Undecided {
			if p.Lean {
				v += " (meets on estimates)"
			} else {
				v += " (fails on estimates)"
			}
		}
		row := []string{strconv.Itoa(p.Count), strconv.Itoa(p.Trials), v}
		for k, e := range p.Estimates {
			tg := r.Targets[k]
			b := "≤ " + sizingValue(tg, e.Upper)
			if (tg.AtMost && e.Verdict == scenario.Fails) || (!tg.AtMost && e.Verdict != scenario.Fails) {
				b = "≥ " + sizingValue(tg, e.Lower)
			}
			row = append(row, sizingValue(tg, e.Estimate), sizingValue(tg, e.CI95Low)+" … "+sizingValue(tg, e.CI95High), b)
		}
		rows = append(rows, row)
	}
	t.table(header, rows)
	t.printf("\nEvery count plays the same trials 0, 1, … (common random numbers), judged after %d, then each\n", sizingFirstLook(r))
	t.printf("time the trials double, up to %d. A bound is one-sided at level 1 − %.3g (exact Clopper–Pearson\n", r.Trials, r.LookAlpha)
	t.printf("for a risk, Student t for a mean), so that all the verdicts of the search hold together with\n")
	t.printf("%s%% confidence. %d trials were played in all.\n", conf, r.TotalTrials)
	return t.err
}

// sizingFirstLook returns the trials of the first look: the fewest trials any
// decided count was judged after, or Trials.
func sizingFirstLook(r *scenario.SizingResult) int {
	n := r.Trials
	for _, p := range r.Points {
		n = min(n, p.Trials)
	}
	return n
}

// sizingUnit returns the factor and unit of a target's values in charts:
// risks and fractions in %, quantities in the unit written, hours.
func sizingUnit(tg scenario.Target) (float64, string) {
	switch {
	case tg.Risk || tg.Metric == scenario.MetricLOLP || sizingFraction(tg.Metric):
		return 100, "%"
	case tg.Quantity != "":
		return 1, tg.Quantity
	}
	switch tg.Metric {
	case scenario.MetricEOH, scenario.MetricSAIDI, scenario.MetricCAIDI, scenario.MetricLossOfLoadHours,
		scenario.MetricTimeToRestore, scenario.MetricMeanWait:
		return 1, "h"
	case scenario.MetricCustomerHoursLost, scenario.MetricColdCustomerHours:
		return 1, "customer·h"
	}
	return 1, ""
}

type cmpYErr struct {
	plotter.XYs
	lo, hi []float64
}

func (e cmpYErr) YError(i int) (float64, float64) { return e.XYs[i].Y - e.lo[i], e.hi[i] - e.XYs[i].Y }

// SizingChart plots target k of a sizing against the count: the estimate
// of each count judged with its 95% interval, the target's limit as a
// dashed line and the answer marked. Risks and fractions are in %. It
// returns an error if r is nil, k is not a target or no count was judged.
func SizingChart(r *scenario.SizingResult, k int) (*plot.Plot, error) {
	if r == nil {
		return nil, errors.New("report: nil sizing result")
	}
	if k < 0 || k >= len(r.Targets) {
		return nil, fmt.Errorf("report: sizing chart: no target %d (have %d)", k, len(r.Targets))
	}
	if len(r.Points) == 0 {
		return nil, errors.New("report: sizing chart: no count judged")
	}
	tg := r.Targets[k]
	scale, unit := sizingUnit(tg)
	if unit != "" {
		unit = " (" + unit + ")"
	}
	xl := map[scenario.SizeMode]string{scenario.SizeCopies: "teams like " + r.Team, scenario.SizeMembers: "members of " + r.Team,
		scenario.SizeTeams: "teams kept"}[r.Mode]
	yl := tg.String()
	if i := strings.LastIndex(yl, ":"); i > 0 {
		yl = yl[:i]
	}
	if tg.Risk {
		yl = "P(" + yl + ")"
	} else {
		yl = "mean " + yl
	}
	p := cmpPlot(fmt.Sprintf("%s: %s", r.Scenario, tg), xl, yl+unit)
	e := cmpYErr{}
	lo, hi := math.Min(0, scale*tg.Limit), scale*tg.Limit
	for _, pt := range r.Points {
		es := pt.Estimates[k]
		e.XYs = append(e.XYs, plotter.XY{X: float64(pt.Count), Y: scale * es.Estimate})
		l, h := es.CI95Low, es.CI95High
		if math.IsNaN(l) {
			l, h = es.Estimate, es.Estimate
		}
		e.lo, e.hi = append(e.lo, scale*l), append(e.hi, scale*h)
		lo, hi = math.Min(lo, scale*l), math.Max(hi, scale*h)
	}
	bars, err := plotter.NewYErrorBars(e)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	bars.Color = cmpColours[0]
	bars.Width = vg.Points(1.5)
	line, pts, err := plotter.NewLinePoints(e.XYs)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	line.Color = cmpColours[0]
	pts.Shape = draw.CircleGlyph{}
	pts.Color = cmpColours[0]
	x0, x1 := float64(r.Points[0].Count)-0.5, float64(r.Points[len(r.Points)-1].Count)+0.5
	limit, err := plotter.NewLine(plotter.XYs{{X: x0, Y: scale * tg.Limit}, {X: x1, Y: scale * tg.Limit}})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	limit.Color = cmpColours[1]
	limit.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	limit.Width = vg.Points(1.5)
	p.Add(limit, bars, line, pts)
	p.Legend.Add("estimate, 95% interval", line, pts)
	p.Legend.Add("target "+sizingValue(tg, tg.Limit), limit)
	if r.Found {
		mark, err := plotter.NewLine(plotter.XYs{{X: float64(r.Answer), Y: lo}, {X: float64(r.Answer), Y: hi}})
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		mark.Color = cmpColours[2]
		mark.Width = vg.Points(1.5)
		p.Add(mark)
		p.Legend.Add(fmt.Sprintf("answer: %d", r.Answer), mark)
	}
	p.Legend.Top = true
	pad := (hi - lo) * 0.06
	if pad == 0 {
		pad = 1
	}
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min, p.Y.Max = lo-pad, hi+pad
	if lo >= 0 {
		p.Y.Min = math.Max(0, lo-pad)
	}
	var ticks plot.ConstantTicks
	for _, pt := range r.Points {
		ticks = append(ticks, plot.Tick{Value: float64(pt.Count), Label: strconv.Itoa(pt.Count)})
	}
	p.X.Tick.Marker = ticks
	return p, nil
}

// SizingCharts writes SizingChart of every target to dir (created if
// missing) as sizing-<k>.<format> (k from 1), in each of formats ("png"
// and "svg" if none is given), and returns the paths written.
func SizingCharts(dir string, r *scenario.SizingResult, formats ...string) ([]string, error) {
	if r == nil {
		return nil, errors.New("report: nil sizing result")
	}
	if len(formats) == 0 {
		formats = []string{"png", "svg"}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var paths []string
	for k := range r.Targets {
		p, err := SizingChart(r, k)
		if err != nil {
			return paths, err
		}
		for _, f := range formats {
			path := filepath.Join(dir, fmt.Sprintf("sizing-%d.%s", k+1, f))
			if err := cmpWriteChart(path, p, f); err != nil {
				return paths, err
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}
