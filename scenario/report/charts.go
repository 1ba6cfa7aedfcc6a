package report

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// Size of every chart written by Render and Charts: 16 cm × 10 cm. PNG
// images are rasterised at DPI dots per inch, 127 (50 pixels per
// centimetre), which makes them PixelWidth × PixelHeight = 800 × 500
// pixels. SVG images keep the physical size (453.5 × 283.5 pt).
const (
	Width       = 16 * vg.Centimeter
	Height      = 10 * vg.Centimeter
	DPI         = 127
	PixelWidth  = 800
	PixelHeight = 500
)

// palette is the Okabe–Ito colour-blind-safe palette without black, which
// marks totals.
var palette = []color.Color{
	color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	color.RGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	color.RGBA{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
}

func colour(i int) color.Color { return palette[i%len(palette)] }

var black = color.Black

// Render draws p at the fixed chart size (Width × Height) and writes it
// to w as "png" (PixelWidth × PixelHeight pixels at DPI) or "svg". It
// returns an error for another format or if w fails.
func Render(w io.Writer, p *plot.Plot, format string) error {
	var wt io.WriterTo
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(DPI))
		p.Draw(margin(draw.New(c)))
		wt = vgimg.PngCanvas{Canvas: c}
	case "svg":
		c := vgsvg.New(Width, Height)
		p.Draw(margin(draw.New(c)))
		wt = c
	default:
		return fmt.Errorf("report: unknown image format %q (want png or svg)", format)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("report: write %s: %w", format, err)
	}
	return nil
}

// margin leaves 2 mm free around a chart.
func margin(c draw.Canvas) draw.Canvas {
	m := 2 * vg.Millimeter
	return draw.Crop(c, m, -m, m, -m)
}

// newPlot returns a plot with a title, axis labels and a light grid.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	p.Add(g)
	return p
}

// plainTicks are plot.DefaultTicks with labels in their shortest form
// ("50", not "50.00").
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			v := ts[i].Value
			if math.Abs(v) < 1e-9*math.Max(math.Abs(lo), math.Abs(hi)) {
				v = 0
			}
			ts[i].Label = strconv.FormatFloat(v, 'g', 10, 64)
		}
	}
	return ts
}

// sideLegend is a legend drawn to the right of the data area, which it
// narrows (through a glyph box) so that the legend never hides data.
type sideLegend struct {
	leg plot.Legend
	gap vg.Length
}

func newSideLegend() *sideLegend {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font.Size = vg.Points(9)
	l.ThumbnailWidth = vg.Points(16)
	return &sideLegend{leg: l, gap: vg.Points(8)}
}

func (s *sideLegend) add(name string, th ...plot.Thumbnailer) { s.leg.Add(name, th...) }

func (s *sideLegend) width() vg.Length {
	r := s.leg.Rectangle(draw.Canvas{})
	return r.Max.X - r.Min.X
}

// Plot implements plot.Plotter: it draws the legend right of c.
func (s *sideLegend) Plot(c draw.Canvas, _ *plot.Plot) {
	r := vg.Rectangle{Min: vg.Point{X: c.Max.X + s.gap, Y: c.Min.Y}, Max: vg.Point{X: c.Max.X + s.gap + s.width(), Y: c.Max.Y}}
	s.leg.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: r})
}

// GlyphBoxes implements plot.GlyphBoxer: one box right of the data area
// as wide as the legend.
func (s *sideLegend) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: 1, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{X: s.gap + s.width()}}}}
}

// steps returns the points of a step line of per-bucket values: bucket b
// holds ys[b] from start[b] to the next start, the last to the horizon.
// scale multiplies every value.
func steps(start, ys []float64, horizon, scale float64) plotter.XYs {
	n := min(len(start), len(ys))
	pts := make(plotter.XYs, 0, n+1)
	for b := range n {
		pts = append(pts, plotter.XY{X: start[b], Y: scale * ys[b]})
	}
	if n > 0 {
		pts = append(pts, plotter.XY{X: math.Max(horizon, start[n-1]), Y: scale * ys[n-1]})
	}
	return pts
}

// stepLine returns a post-step line through pts.
func stepLine(pts plotter.XYs, c color.Color, width float64, dashed bool) (*plotter.Line, error) {
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	l.StepStyle = plotter.PostStep
	l.Color = c
	l.Width = vg.Points(width)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	return l, nil
}

// netOf returns the network with ID id, or the first if id is empty.
func netOf(res *scenario.Result, id string) (*scenario.NetResult, error) {
	if res == nil {
		return nil, errNilResult
	}
	if id == "" {
		if len(res.Networks) == 0 {
			return nil, errors.New("report: result has no networks")
		}
		return &res.Networks[0], nil
	}
	n, ok := res.Net(id)
	if !ok {
		return nil, fmt.Errorf("report: the result has no network %q", id)
	}
	return n, nil
}

// timeLabel is the label of every time axis.
const timeLabel = "time since start (h)"

// percentAxis fixes a 0–100 % axis with ticks every 20 %.
func percentAxis(a *plot.Axis) {
	a.Min, a.Max = 0, 102
	var ts plot.ConstantTicks
	for v := 0; v <= 100; v += 10 {
		t := plot.Tick{Value: float64(v)}
		if v%20 == 0 {
			t.Label = strconv.Itoa(v)
		}
		ts = append(ts, t)
	}
	a.Tick.Marker = ts
}

// CoverageChart plots the coverage by volume (%) of a network over time,
// in total (black, dashed) and per class with consumers, one step per
// timeline bucket. network is a network ID; "" is the first network. It
// returns an error if res is nil or lacks the network.
func CoverageChart(res *scenario.Result, network string) (*plot.Plot, error) {
	n, err := netOf(res, network)
	if err != nil {
		return nil, err
	}
	tl := n.Timeline
	p := newPlot(fmt.Sprintf("Coverage by class: %s (%s)", n.ID, n.Kind), timeLabel, "coverage by volume (%)")
	percentAxis(&p.Y)
	p.X.Min, p.X.Max = 0, res.Horizon
	leg := newSideLegend()
	ci := 0
	for k, g := range n.ByClass {
		if !hasConsumers(g) || k >= len(tl.ClassCoverage) {
			continue
		}
		l, err := stepLine(steps(tl.Start, tl.ClassCoverage[k], res.Horizon, 100), colour(ci), 2, false)
		if err != nil {
			return nil, err
		}
		ci++
		p.Add(l)
		leg.add(g.Name, l)
	}
	l, err := stepLine(steps(tl.Start, tl.Coverage, res.Horizon, 100), black, 1.2, true)
	if err != nil {
		return nil, err
	}
	p.Add(l)
	leg.add("all consumers", l)
	p.Add(leg)
	return p, nil
}

// UnservedChart plots the unserved demand of a network over time as areas
// stacked by zone (zones with consumers, then consumers outside any zone),
// as a mean flow over each timeline bucket in the network's flow unit (kW
// or m³/h). network is a network ID; "" is the first network. It returns
// an error if res is nil or lacks the network.
func UnservedChart(res *scenario.Result, network string) (*plot.Plot, error) {
	n, err := netOf(res, network)
	if err != nil {
		return nil, err
	}
	tl := n.Timeline
	nb := len(tl.Start)
	width := make([]float64, nb)
	for b, s := range tl.Start {
		width[b] = math.Min(res.Horizon, s+res.Resolution) - s
		if width[b] <= 0 {
			width[b] = res.Resolution
		}
	}
	rate := func(xs []float64) []float64 {
		out := make([]float64, nb)
		for b := range min(nb, len(xs)) {
			if width[b] > 0 {
				out[b] = xs[b] / width[b]
			}
		}
		return out
	}
	type layer struct {
		name string
		ys   []float64
	}
	var layers []layer
	rest := rate(tl.Unserved)
	for z, g := range n.ByZone {
		if !hasConsumers(g) || z >= len(tl.ZoneUnserved) {
			continue
		}
		ys := rate(tl.ZoneUnserved[z])
		layers = append(layers, layer{"zone " + g.Name, ys})
		for b := range rest {
			rest[b] -= ys[b]
		}
	}
	// Consumers outside every zone, up to rounding.
	var restMax float64
	for b := range rest {
		rest[b] = math.Max(rest[b], 0)
		restMax = math.Max(restMax, rest[b])
	}
	if len(layers) == 0 || restMax > 1e-9*math.Max(1, maxOf(rate(tl.Unserved))) {
		name := "outside zones"
		if len(layers) == 0 {
			name = "all consumers"
		}
		layers = append(layers, layer{name, rest})
	}
	fu := flowUnit(n.Kind)
	p := newPlot(fmt.Sprintf("Unserved demand by zone: %s (%s)", n.ID, n.Kind), timeLabel,
		fmt.Sprintf("unserved demand (%s, mean per %s h bucket)", fu, fixedTrim(res.Resolution)))
	p.X.Min, p.X.Max = 0, res.Horizon
	// Stack: layer i is drawn at the sum of layers 0…i, top first, each
	// filled down to zero so that lower layers cover the upper fills.
	cum := make([][]float64, len(layers))
	sum := make([]float64, nb)
	for i, ly := range layers {
		for b := range sum {
			sum[b] += ly.ys[b]
		}
		cum[i] = slices.Clone(sum)
	}
	p.Y.Min = 0
	p.Y.Max = math.Max(maxOf(sum)*1.05, 1e-9)
	if maxOf(sum) == 0 {
		p.Y.Max = 1
		p.Title.Text += " — none"
	}
	leg := newSideLegend()
	for i := len(layers) - 1; i >= 0; i-- {
		l, err := stepLine(steps(tl.Start, cum[i], res.Horizon, 1), darker(colour(i)), 1, false)
		if err != nil {
			return nil, err
		}
		l.FillColor = colour(i)
		p.Add(l)
		leg.add(layers[i].name, l)
	}
	p.Add(leg)
	return p, nil
}

// darker returns c at 70 % brightness, for outlines of filled areas.
func darker(c color.Color) color.Color {
	r, g, b, a := c.RGBA()
	f := func(v uint32) uint8 { return uint8(v * 7 / 10 >> 8) }
	return color.RGBA{R: f(r), G: f(g), B: f(b), A: uint8(a >> 8)}
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}

// fixedTrim formats v with at most two decimals and no trailing zeros.
func fixedTrim(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// CrewChart plots the crews' utilisation (%, busy over available
// member-hours, all networks) over time. It returns an error if res is
// nil.
func CrewChart(res *scenario.Result) (*plot.Plot, error) {
	if res == nil {
		return nil, errNilResult
	}
	starts := make([]float64, len(res.Crew.Utilisation))
	for b := range starts {
		starts[b] = float64(b) * res.Resolution
	}
	p := newPlot("Crew utilisation", timeLabel, "busy share of available member-hours (%)")
	percentAxis(&p.Y)
	p.X.Min, p.X.Max = 0, res.Horizon
	l, err := stepLine(steps(starts, res.Crew.Utilisation, res.Horizon, 100), colour(0), 2, false)
	if err != nil {
		return nil, err
	}
	l.FillColor = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0x40}
	p.Add(l)
	leg := newSideLegend()
	leg.add("all crews", l)
	p.Add(leg)
	return p, nil
}

// heatTimeline returns the heat network's timeline, or an error if the
// network is not a heat network played with weather.
func heatTimeline(res *scenario.Result, network string) (*scenario.NetResult, error) {
	n, err := netOf(res, network)
	if err != nil {
		return nil, err
	}
	if len(n.Timeline.MeanIndoor) == 0 {
		return nil, fmt.Errorf("report: network %q has no indoor temperatures (a heat network played with weather has)", n.ID)
	}
	return n, nil
}

// IndoorChart plots the customer-weighted mean indoor temperature (°C) of
// a heat network over time. network is a network ID; "" is the first
// network. It returns an error if res is nil, lacks the network, or the
// network has no indoor temperatures (only heat networks played with
// weather have).
func IndoorChart(res *scenario.Result, network string) (*plot.Plot, error) {
	n, err := heatTimeline(res, network)
	if err != nil {
		return nil, err
	}
	tl := n.Timeline
	p := newPlot("Mean indoor temperature (customer-weighted): "+n.ID, timeLabel, "indoor temperature (°C)")
	p.X.Min, p.X.Max = 0, res.Horizon
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range tl.MeanIndoor {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	p.Y.Min, p.Y.Max = math.Floor(lo)-1, math.Ceil(hi)+1
	l, err := stepLine(steps(tl.Start, tl.MeanIndoor, res.Horizon, 1), colour(3), 2, false)
	if err != nil {
		return nil, err
	}
	p.Add(l)
	leg := newSideLegend()
	leg.add("mean indoor", l)
	p.Add(leg)
	return p, nil
}

// ColdCustomersChart plots the number of heat customers below the cold
// threshold (16 °C unless the scenario sets another), as a mean over
// each timeline bucket. network is a network ID; "" is the first network.
// It returns an error as IndoorChart does.
func ColdCustomersChart(res *scenario.Result, network string) (*plot.Plot, error) {
	n, err := heatTimeline(res, network)
	if err != nil {
		return nil, err
	}
	tl := n.Timeline
	p := newPlot("Customers below the cold threshold: "+n.ID, timeLabel, "customers (mean per bucket)")
	p.X.Min, p.X.Max = 0, res.Horizon
	p.Y.Min = 0
	p.Y.Max = math.Max(float64(n.Total.Customers), maxOf(tl.ColdCustomers)) * 1.05
	if p.Y.Max == 0 {
		p.Y.Max = 1
	}
	l, err := stepLine(steps(tl.Start, tl.ColdCustomers, res.Horizon, 1), colour(4), 2, false)
	if err != nil {
		return nil, err
	}
	l.FillColor = color.NRGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0x60}
	p.Add(l)
	ref, err := plotter.NewLine(plotter.XYs{{X: 0, Y: float64(n.Total.Customers)}, {X: res.Horizon, Y: float64(n.Total.Customers)}})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	ref.Color = color.Gray{Y: 90}
	ref.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
	p.Add(ref)
	leg := newSideLegend()
	leg.add("cold customers", l)
	leg.add("all customers", ref)
	p.Add(leg)
	return p, nil
}

// metricLabel returns an axis label for a study metric with its unit.
func metricLabel(sum *scenario.Summary, metric string) (label string, scale float64, err error) {
	unit, err := sum.Unit(metric)
	if err != nil {
		return "", 0, err
	}
	name := metric
	scale = 1
	for _, m := range riskMetrics(sum.Kind(), sum.ServiceLevels()) {
		if m.name == metric {
			name, scale = m.label, m.scale
			if m.unit != "" {
				unit = m.unit
			}
			break
		}
	}
	if unit == "" || unit == "fraction" {
		return name, scale, nil
	}
	return name + " (" + unit + ")", scale, nil
}

// title names a metric's chart: its label without the unit, and the
// network.
func title(label string, sum *scenario.Summary) string {
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") {
		label = label[:i]
	}
	return label + " of " + sum.Network()
}

// unitSuffix returns " unit" of a label ending in "(unit)", else "".
func unitSuffix(label string) string {
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") {
		return " " + label[i+2:len(label)-1]
	}
	return ""
}

// HistogramChart plots the distribution of a study metric over the trials
// in bins equal-width bins (20 if bins ≤ 0), as the share of trials (%)
// per bin, with its mean and P95 marked. It returns an error if sum is
// nil or has no trials, or the metric is unknown (see scenario.Summary).
func HistogramChart(sum *scenario.Summary, metric string, bins int) (*plot.Plot, error) {
	if sum == nil || sum.Trials() == 0 {
		return nil, errors.New("report: histogram: no trials")
	}
	if bins <= 0 {
		bins = 20
	}
	label, scale, err := metricLabel(sum, metric)
	if err != nil {
		return nil, err
	}
	bs, err := sum.Histogram(metric, bins)
	if err != nil {
		return nil, err
	}
	st, err := sum.Stat(metric)
	if err != nil {
		return nil, err
	}
	h := &plotter.Histogram{FillColor: colour(4), LineStyle: plotter.DefaultLineStyle}
	h.LineStyle.Color = darker(colour(0))
	h.LineStyle.Width = vg.Points(0.5)
	var top float64
	for _, b := range bs {
		lo, hi := scale*b.Low, scale*b.High
		if lo == hi { // every trial alike: a bar of visible width
			d := math.Max(math.Abs(lo)*0.05, 0.5)
			lo, hi = lo-d, hi+d
		}
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: lo, Max: hi, Weight: 100 * b.Share})
		top = math.Max(top, 100*b.Share)
	}
	h.Width = h.Bins[0].Max - h.Bins[0].Min
	p := newPlot(fmt.Sprintf("%s: distribution over %d trials", title(label, sum), sum.Trials()), label, "share of trials (%)")
	p.Add(h)
	p.Y.Min, p.Y.Max = 0, top*1.08
	leg := newSideLegend()
	leg.add("trials", h)
	for i, m := range []struct {
		name string
		v    float64
	}{{"mean", st.Mean}, {"P95", st.P95}} {
		l, err := plotter.NewLine(plotter.XYs{{X: scale * m.v, Y: 0}, {X: scale * m.v, Y: top * 1.08}})
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		l.Color = []color.Color{black, colour(3)}[i]
		l.Width = vg.Points(1.5)
		if i == 1 {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		p.Add(l)
		leg.add(m.name+" "+fixedTrim(scale*m.v)+unitSuffix(label), l)
	}
	p.Add(leg)
	return p, nil
}

// ExceedanceChart plots the empirical exceedance curve of a study metric:
// for each value x, the share of trials (%) with a value of at least x,
// P(X ≥ x), a step down at every distinct trial value. It returns an
// error if sum is nil or has no trials, or the metric is unknown.
func ExceedanceChart(sum *scenario.Summary, metric string) (*plot.Plot, error) {
	if sum == nil || sum.Trials() == 0 {
		return nil, errors.New("report: exceedance: no trials")
	}
	label, scale, err := metricLabel(sum, metric)
	if err != nil {
		return nil, err
	}
	ex, err := sum.Exceedance(metric, 0)
	if err != nil {
		return nil, err
	}
	lo, hi := scale*ex[0].Value, scale*ex[len(ex)-1].Value
	pad := (hi - lo) * 0.05
	if pad == 0 {
		pad = math.Max(math.Abs(lo)*0.05, 0.5)
	}
	// P(X ≥ x) is 1 up to the minimum, P_i on (v_{i−1}, v_i] and 0 beyond
	// the maximum: pre-steps through (v_i, P_i), then a drop to zero.
	pts := plotter.XYs{{X: lo - pad, Y: 100}}
	for _, e := range ex {
		pts = append(pts, plotter.XY{X: scale * e.Value, Y: 100 * e.P})
	}
	pts = append(pts, plotter.XY{X: hi + pad, Y: 0})
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	l.StepStyle = plotter.PreStep
	l.Color = colour(0)
	l.Width = vg.Points(2)
	p := newPlot(fmt.Sprintf("%s: exceedance over %d trials", title(label, sum), sum.Trials()), label,
		"share of trials at or above (%)")
	percentAxis(&p.Y)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Add(l)
	leg := newSideLegend()
	leg.add("P(X ≥ x)", l)
	p.Add(leg)
	return p, nil
}

// Charts writes every chart that applies to dir (created if missing), in
// each of formats ("png" and "svg" if none is given), and returns the
// paths written (dir joined with the file name), in order:
//
//	<network>-coverage      CoverageChart, per network
//	<network>-unserved      UnservedChart, per network
//	<network>-indoor        IndoorChart, heat networks played with weather
//	<network>-cold          ColdCustomersChart, likewise
//	crew-utilisation        CrewChart, if crews had member-hours available
//	<network>-ens-histogram HistogramChart of ens (20 bins), with a summary
//	<network>-ens-exceedance ExceedanceChart of ens, with a summary
//
// each file named with the format as extension. Characters of a network
// ID other than letters, digits, '.', '-' and '_' become '_'. Either res
// or sum may be nil, not both; a summary without trials draws nothing.
// It returns the paths written so far and an error for an unknown format,
// a chart that cannot be drawn or a file that cannot be written.
func Charts(dir string, res *scenario.Result, sum *scenario.Summary, formats ...string) ([]string, error) {
	if res == nil && sum == nil {
		return nil, errors.New("report: charts: no result and no summary")
	}
	if len(formats) == 0 {
		formats = []string{"png", "svg"}
	}
	for _, f := range formats {
		if f != "png" && f != "svg" {
			return nil, fmt.Errorf("report: unknown image format %q (want png or svg)", f)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	type chart struct {
		name string
		make func() (*plot.Plot, error)
	}
	var charts []chart
	var stems []string
	stem := func(id string) string {
		s := safeName(id)
		base := s
		for i := 2; slices.Contains(stems, s); i++ {
			s = base + "-" + strconv.Itoa(i)
		}
		stems = append(stems, s)
		return s
	}
	if res != nil {
		for i := range res.Networks {
			n := &res.Networks[i]
			s := stem(n.ID)
			charts = append(charts,
				chart{s + "-coverage", func() (*plot.Plot, error) { return CoverageChart(res, n.ID) }},
				chart{s + "-unserved", func() (*plot.Plot, error) { return UnservedChart(res, n.ID) }})
			if n.Kind == network.Heat && len(n.Timeline.MeanIndoor) > 0 {
				charts = append(charts,
					chart{s + "-indoor", func() (*plot.Plot, error) { return IndoorChart(res, n.ID) }},
					chart{s + "-cold", func() (*plot.Plot, error) { return ColdCustomersChart(res, n.ID) }})
			}
		}
		if res.Crew.AvailableHours > 0 {
			charts = append(charts, chart{"crew-utilisation", func() (*plot.Plot, error) { return CrewChart(res) }})
		}
	}
	if sum != nil && sum.Trials() > 0 {
		s := safeName(sum.Network())
		if res != nil {
			for i := range res.Networks {
				if res.Networks[i].ID == sum.Network() {
					s = stems[i]
				}
			}
		}
		charts = append(charts,
			chart{s + "-ens-histogram", func() (*plot.Plot, error) { return HistogramChart(sum, scenario.MetricENS, 20) }},
			chart{s + "-ens-exceedance", func() (*plot.Plot, error) { return ExceedanceChart(sum, scenario.MetricENS) }})
	}
	var paths []string
	for _, c := range charts {
		p, err := c.make()
		if err != nil {
			return paths, fmt.Errorf("report: chart %s: %w", c.name, err)
		}
		for _, f := range formats {
			path := filepath.Join(dir, c.name+"."+f)
			if err := writeChart(path, p, f); err != nil {
				return paths, err
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}

// writeChart renders p into the file path.
func writeChart(path string, p *plot.Plot, format string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if e := f.Close(); err == nil && e != nil {
			err = fmt.Errorf("report: %w", e)
		}
	}()
	return Render(f, p, format)
}

// safeName keeps letters, digits, '.', '-' and '_' of s and replaces any
// other character with '_'; "network" if s is empty.
func safeName(s string) string {
	if s == "" {
		return "network"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}
