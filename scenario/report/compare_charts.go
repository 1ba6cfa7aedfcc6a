package report

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/lifeline-sim/lifeline/scenario"
)

// cmpColours are the Okabe–Ito colours of the comparison and sizing
// charts: base, plan and a highlight.
var cmpColours = []color.Color{
	color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
}

// cmpPlot returns a plot with a title, axis labels and a light grid.
func cmpPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	p.Add(g)
	return p
}

// cmpRow is one row of a forest plot: an estimate with its interval.
type cmpRow struct {
	label         string
	mid, low, top float64
}

type cmpXErr struct {
	plotter.XYs
	lo, hi []float64
}

func (e cmpXErr) XError(i int) (float64, float64) { return e.XYs[i].X - e.lo[i], e.hi[i] - e.XYs[i].X }

// cmpForest draws rows top to bottom as points with horizontal interval
// bars, and a vertical line at zero.
func cmpForest(title, xlabel string, rows []cmpRow) (*plot.Plot, error) {
	if len(rows) == 0 {
		return nil, errors.New("report: nothing to draw")
	}
	p := cmpPlot(title, xlabel, "")
	n := len(rows)
	e := cmpXErr{XYs: make(plotter.XYs, n), lo: make([]float64, n), hi: make([]float64, n)}
	var ticks plot.ConstantTicks
	lo, hi := 0.0, 0.0
	for i, r := range rows {
		y := float64(n - 1 - i)
		e.XYs[i] = plotter.XY{X: r.mid, Y: y}
		e.lo[i], e.hi[i] = r.low, r.top
		if math.IsNaN(r.low) {
			e.lo[i], e.hi[i] = r.mid, r.mid
		}
		lo, hi = math.Min(lo, e.lo[i]), math.Max(hi, e.hi[i])
		ticks = append(ticks, plot.Tick{Value: y, Label: r.label})
	}
	bars, err := plotter.NewXErrorBars(e)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	bars.Color = cmpColours[0]
	bars.Width = vg.Points(1.5)
	pts, err := plotter.NewScatter(e.XYs)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	pts.GlyphStyle.Shape = draw.CircleGlyph{}
	pts.GlyphStyle.Color = cmpColours[0]
	pts.GlyphStyle.Radius = vg.Points(3)
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(n) - 0.5}})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	zero.Color = color.Black
	zero.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero, bars, pts)
	pad := (hi - lo) * 0.08
	if pad == 0 {
		pad = 1
	}
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.Y.Tick.Marker = ticks
	p.Y.Tick.Length = 0
	return p, nil
}

// cmpEffectMetrics are the network metrics of EffectChart, in order.
var cmpEffectMetrics = []string{
	scenario.MetricENS, scenario.MetricEOH, scenario.MetricCustomerHoursLost, scenario.MetricSAIFI,
	scenario.MetricSAIDI, scenario.MetricValueLost, scenario.MetricLossOfLoadHours, scenario.MetricTimeToRestore,
	scenario.MetricColdCustomerHours,
}

// EffectChart plots, for one network of a comparison, the change the plan
// makes to each main metric relative to the base, (plan − base)/base in %,
// with the 95% interval of the paired difference (scaled alike): ENS,
// EOH, customer-hours lost, SAIFI, SAIDI, value lost, loss-of-load hours,
// time to restore, cold customer-hours, and each service risk. A metric
// whose base mean is 0 is left out. network is a network ID; "" is the
// first. It returns an error if c is nil, lacks the network or nothing
// is left to draw.
func EffectChart(c *scenario.Comparison, network string) (*plot.Plot, error) {
	n, err := cmpNet(c, network)
	if err != nil {
		return nil, err
	}
	names := slices.Clone(cmpEffectMetrics)
	for i := range n.ServiceLevels {
		names = append(names, fmt.Sprintf("%s%d", scenario.MetricServiceRisk, i))
	}
	var rows []cmpRow
	for _, name := range names {
		m, ok := n.Total.Metric(name)
		if !ok || m.Base.Mean == 0 || math.IsNaN(m.Base.Mean) {
			continue
		}
		f := 100 / m.Base.Mean
		rows = append(rows, cmpRow{label: cmpLabel(name, n), mid: f * m.Diff.Mean, low: f * m.Diff.CI95Low, top: f * m.Diff.CI95High})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("report: effect chart of %s: no metric with a base to compare with", n.ID)
	}
	return cmpForest(fmt.Sprintf("%s: plan against base, %d paired trials", n.ID, c.Trials),
		"change from the base (%), with 95% interval", rows)
}

// PairsChart plots the value of a metric of one network's total in the
// base (x) against the plan (y), one point per trial, with the line
// y = x: points below it are trials the plan improved where higher is
// worse. It returns an error if c is nil, lacks the network or the
// metric.
func PairsChart(c *scenario.Comparison, network, metric string) (*plot.Plot, error) {
	n, err := cmpNet(c, network)
	if err != nil {
		return nil, err
	}
	m, ok := n.Total.Metric(metric)
	if !ok {
		return nil, fmt.Errorf("report: pairs chart: network %s has no metric %q", n.ID, metric)
	}
	unit, f := cmpUnit(m)
	pts := make(plotter.XYs, len(m.BaseValues))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range pts {
		pts[i] = plotter.XY{X: f * m.BaseValues[i], Y: f * m.PlanValues[i]}
		lo = math.Min(lo, math.Min(pts[i].X, pts[i].Y))
		hi = math.Max(hi, math.Max(pts[i].X, pts[i].Y))
	}
	if len(pts) == 0 {
		return nil, errors.New("report: pairs chart: no trials")
	}
	pad := (hi - lo) * 0.05
	if pad == 0 {
		pad = math.Max(math.Abs(lo)*0.05, 0.5)
	}
	label := cmpLabel(metric, n) + " (" + unit + ")"
	p := cmpPlot(fmt.Sprintf("%s: %s, trial by trial", n.ID, cmpLabel(metric, n)), "base: "+label, "plan: "+label)
	diag, err := plotter.NewLine(plotter.XYs{{X: lo - pad, Y: lo - pad}, {X: hi + pad, Y: hi + pad}})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	diag.Color = color.Gray{Y: 90}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	sc.GlyphStyle.Shape = draw.CircleGlyph{}
	sc.GlyphStyle.Color = cmpColours[1]
	sc.GlyphStyle.Radius = vg.Points(2.5)
	p.Add(diag, sc)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = lo-pad, hi+pad
	p.Legend.Add("one trial", sc)
	p.Legend.Add("plan = base", diag)
	p.Legend.Top, p.Legend.Left = true, true
	return p, nil
}

// cmpMaxZoneRows is the most zones ZoneChart draws.
const cmpMaxZoneRows = 12

// ZoneChart plots the change of ENS, plan − base, in each zone with
// consumers of one network, with its 95% interval: the twelve largest
// changes, largest first. It returns an error if c is nil, lacks the
// network, or the network has no zone with consumers.
func ZoneChart(c *scenario.Comparison, network string) (*plot.Plot, error) {
	n, err := cmpNet(c, network)
	if err != nil {
		return nil, err
	}
	_, q := cmpQuantity(n.Kind)
	var rows []cmpRow
	for i := range n.Zones {
		z := &n.Zones[i]
		m, ok := z.Metric(scenario.MetricENS)
		if !ok || z.Consumers == 0 {
			continue
		}
		rows = append(rows, cmpRow{label: z.Name, mid: m.Diff.Mean, low: m.Diff.CI95Low, top: m.Diff.CI95High})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("report: zone chart: network %s has no zone with consumers", n.ID)
	}
	// Largest change first; ties by zone order.
	slices.SortStableFunc(rows, func(a, b cmpRow) int {
		switch x, y := math.Abs(a.mid), math.Abs(b.mid); {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	title := fmt.Sprintf("%s: change of unserved %s by zone", n.ID, q)
	if len(rows) > cmpMaxZoneRows {
		title = fmt.Sprintf("%s: change of unserved %s, %d largest of %d zones", n.ID, q, cmpMaxZoneRows, len(rows))
		rows = rows[:cmpMaxZoneRows]
	}
	return cmpForest(title, "plan − base ("+q+"), with 95% interval", rows)
}

func cmpNet(c *scenario.Comparison, id string) (*scenario.NetComparison, error) {
	if c == nil {
		return nil, errors.New("report: nil comparison")
	}
	if len(c.Networks) == 0 {
		return nil, errors.New("report: the comparison has no networks")
	}
	if id == "" {
		return &c.Networks[0], nil
	}
	n, ok := c.Net(id)
	if !ok {
		return nil, fmt.Errorf("report: the comparison has no network %q", id)
	}
	return n, nil
}

// cmpFileName turns an ID into a file name part: characters other than
// letters, digits, '.', '-' and '_' become '_'.
func cmpFileName(id string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, id)
}

// ComparisonCharts writes the charts of a comparison to dir (created if
// missing), in each of formats ("png" and "svg" if none is given), and
// returns the paths written, in order, per network:
//
//	<network>-compare-effect  EffectChart
//	<network>-compare-ens     PairsChart of ens
//	<network>-compare-zones   ZoneChart, when the network has zones with consumers
//
// A chart with nothing to draw (no metric with a base) is left out. It
// returns the paths written so far and an error for an unknown format or
// a file that cannot be written.
func ComparisonCharts(dir string, c *scenario.Comparison, formats ...string) ([]string, error) {
	if c == nil {
		return nil, errors.New("report: nil comparison")
	}
	if len(formats) == 0 {
		formats = []string{"png", "svg"}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var paths []string
	for i := range c.Networks {
		n := &c.Networks[i]
		charts := []struct {
			name string
			make func() (*plot.Plot, error)
		}{
			{"compare-effect", func() (*plot.Plot, error) { return EffectChart(c, n.ID) }},
			{"compare-ens", func() (*plot.Plot, error) { return PairsChart(c, n.ID, scenario.MetricENS) }},
			{"compare-zones", func() (*plot.Plot, error) { return ZoneChart(c, n.ID) }},
		}
		for _, ch := range charts {
			p, err := ch.make()
			if err != nil {
				continue // nothing to draw
			}
			for _, f := range formats {
				path := filepath.Join(dir, cmpFileName(n.ID)+"-"+ch.name+"."+f)
				if err := cmpWriteChart(path, p, f); err != nil {
					return paths, err
				}
				paths = append(paths, path)
			}
		}
	}
	return paths, nil
}

// cmpWriteChart renders p to the file at path.
func cmpWriteChart(path string, p *plot.Plot, format string) error {
	fh, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := Render(fh, p, format); err != nil {
		fh.Close()
		return err
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
