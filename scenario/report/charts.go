package report

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/lifeline-sim/lifeline/scenario"
)

// Size of every chart: 16 cm × 10 cm. PNG images are rasterised at DPI
// dots per inch, 127 (50 pixels per centimetre), which makes them
// PixelWidth × PixelHeight = 800 × 500 pixels. SVG images keep the
// physical size (453.5 × 283.5 pt).
const (
	Width       = 16 * vg.Centimeter
	Height      = 10 * vg.Centimeter
	DPI         = 127
	PixelWidth  = 800
	PixelHeight = 500
)

// MaxSeries is the most series a chart draws; the smallest beyond it are
// summed as "other" (or, where values cannot be summed, left out and
// named in the legend).
const MaxSeries = 8

// Chart is one chart of a report: its file name without extension, its
// title, the names of its series in legend order, and the gonum plot,
// whose axes (Min, Max, Label, Tick.Marker) tests and callers can read.
type Chart struct {
	Name   string
	Title  string
	Series []string
	Plot   *plot.Plot
	// Network is the ID of the network drawn, empty for the crews; Study
	// marks the charts of the risk over the trials.
	Network string
	Study   bool
}

// palette is the Okabe–Ito colour-blind-safe palette: eight colours that
// stay distinct in print and for the common colour-vision deficiencies.
var palette = []color.Color{
	color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	color.RGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	color.RGBA{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
	color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xFF}, // dark grey
}

// dashes are the line styles of successive series, so that lines stay
// apart in grey print: solid, dashed, dotted, dash-dotted.
var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(1.5), vg.Points(2)},
	{vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)},
}

func colour(i int) color.Color { return palette[i%len(palette)] }

var black = color.Black

// sans is the typeface of every text of a chart.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Render draws p at the fixed chart size (Width × Height) and writes it
// to w as "png" (PixelWidth × PixelHeight pixels at DPI) or "svg". It
// returns an error for another format or if w fails. The same plot always
// gives the same bytes.
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

// newPlot returns a plot with a title, axis labels, sans-serif text and
// a light grid.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 12)
	p.X.Label.Text = x
	p.Y.Label.Text = y
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 10)
		a.Tick.Label.Font = font.From(sans, 9)
		a.Tick.Marker = numTicks{}
	}
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	p.Add(g)
	return p
}

// numTicks mark a value axis at "nice" steps (1, 2, 2.5 or 5 times a
// power of ten) giving four to nine labelled ticks, with minor ticks
// between; labels are in fixed point with thousands separators and no more
// decimals than the step needs ("1,200", "99.5", "0.25").
type numTicks struct{}

// Ticks implements plot.Ticker.
func (numTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) || (hi-lo) < 1e-12*math.Max(math.Abs(lo), math.Abs(hi)) {
		// No range, or one that floating point cannot step through.
		return []plot.Tick{{Value: lo, Label: sig(lo, 4)}, {Value: hi, Label: sig(hi, 4)}}
	}
	step, minors := niceStep((hi - lo) / 8)
	dec := 0
	for dec < 9 && math.Abs(step*math.Pow(10, float64(dec))-math.Round(step*math.Pow(10, float64(dec)))) > 1e-6 {
		dec++
	}
	minor := step / float64(minors)
	var out []plot.Tick
	tiny := 1e-9 * math.Max(math.Abs(lo), math.Abs(hi))
	first := math.Ceil(lo/minor-1e-9) * minor
	for i := 0; i < 200; i++ {
		x := first + float64(i)*minor
		if x > hi+tiny {
			break
		}
		if math.Abs(x) < tiny {
			x = 0
		}
		t := plot.Tick{Value: x}
		if r := math.Abs(math.Remainder(x, step)); r < 1e-6*step {
			t.Label = fixed(x, dec)
		}
		out = append(out, t)
	}
	return out
}

// niceStep returns the smallest step of the form 1, 2, 2.5 or 5 × 10^k
// that is at least raw, and the number of minor intervals in a step.
func niceStep(raw float64) (float64, int) {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1, 2
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []struct {
		f      float64
		minors int
	}{{1, 2}, {2, 2}, {2.5, 5}, {5, 5}, {10, 2}} {
		if s := m.f * mag; s >= raw*(1-1e-9) {
			return s, m.minors
		}
	}
	return 10 * mag, 2
}

// timeTicks mark a time axis in hours from the start: on the calendar
// when the scenario has a start date (dates at midnight, clock times
// between), else in hours. About six to ten labelled ticks.
type timeTicks struct {
	c clock
}

// steps of a time axis in hours.
var timeSteps = []float64{1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2160, 4380, 8760}

// Ticks implements plot.Ticker.
func (t timeTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) {
		return []plot.Tick{{Value: lo, Label: t.label(lo, 24)}}
	}
	// Beyond the list, whole multiples of a year.
	step := 8760 * math.Ceil(span/8760/9)
	for _, s := range timeSteps {
		if span/s <= 9 {
			step = s
			break
		}
	}
	minor := step / 2
	switch {
	case step >= 8760:
		minor = step / 12
	case step >= 720:
		minor = step / 6
	case step >= 168:
		minor = 24
	case step >= 24:
		minor = 6
	}
	// Offset of the calendar: ticks fall on wall-clock multiples of the
	// step (midnights for a day or more).
	off := 0.0
	if t.c.dated {
		s := t.c.start
		off = float64(s.Hour()) + float64(s.Minute())/60 + float64(s.Second())/3600
		if step >= 24 {
			off = math.Mod(off, 24)
		}
	}
	var out []plot.Tick
	first := math.Ceil((lo+off)/minor-1e-9)*minor - off
	for i := 0; i < 400; i++ {
		x := first + float64(i)*minor
		if x > hi+1e-9 {
			break
		}
		tk := plot.Tick{Value: x}
		wall := math.Round((x+off)*1e6) / 1e6
		if r := math.Mod(wall, step); math.Abs(r) < 1e-6 || math.Abs(r-step) < 1e-6 {
			tk.Label = t.label(x, step)
		}
		out = append(out, tk)
	}
	return out
}

// label names time x for ticks step hours apart.
func (t timeTicks) label(x, step float64) string {
	if !t.c.dated {
		return fixed(x, 0)
	}
	at := t.c.at(x)
	if step >= 8760 {
		return at.Format("2 Jan 2006")
	}
	if step >= 24 || (at.Hour() == 0 && at.Minute() == 0) {
		return at.Format("2 Jan")
	}
	return at.Format("15:04")
}

// timeAxis sets a plot's x axis to the run, in hours from the start.
func timeAxis(p *plot.Plot, d *Document) {
	c := d.clock()
	p.X.Min, p.X.Max = 0, d.Horizon
	p.X.Tick.Marker = timeTicks{c: c}
	if c.dated {
		p.X.Label.Text = "date and time (UTC" + c.zone() + ")"
	} else {
		p.X.Label.Text = "hours from the start"
	}
}

// sideLegend is a legend drawn to the right of the data area, which it
// narrows (through a glyph box) so that the legend never hides data.
type sideLegend struct {
	leg   plot.Legend
	gap   vg.Length
	names []string
}

func newSideLegend() *sideLegend {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font = font.From(sans, 9)
	l.ThumbnailWidth = vg.Points(18)
	return &sideLegend{leg: l, gap: vg.Points(8)}
}

func (s *sideLegend) add(name string, th ...plot.Thumbnailer) {
	s.leg.Add(name, th...)
	s.names = append(s.names, name)
}

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

// line returns a line through pts in colour i, solid; step draws it as
// steps.
func line(pts plotter.XYs, i int, width float64, step bool) (*plotter.Line, error) {
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if step {
		l.StepStyle = plotter.PostStep
	}
	l.Color = colour(i)
	l.Width = vg.Points(width)
	return l, nil
}

// seriesLine returns a line through pts in the style of series i of a chart
// with several: colour i and the dashes of i, so that neighbours differ
// in both.
func seriesLine(pts plotter.XYs, i int, width float64) (*plotter.Line, error) {
	l, err := line(pts, i, width, true)
	if err != nil {
		return nil, err
	}
	l.Dashes = dashes[i%len(dashes)]
	return l, nil
}

// extent returns the smallest and largest finite values of the lists.
func extent(lists ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, xs := range lists {
		for _, x := range xs {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	return lo, hi
}

// coverageRange fits a coverage axis (%) to values from lo to 100: a
// little below the lowest value, a little above 100, so that lines at
// 97–100 % are told apart and a line at 100 % is not drawn on the frame.
func coverageRange(lo float64) (float64, float64) {
	if math.IsInf(lo, 0) || lo >= 100 {
		return 95, 100.5
	}
	span := 100 - lo
	pad := math.Max(span*0.08, 0.02)
	return math.Max(0, lo-pad), 100 + pad
}

// upper returns a top for an axis starting at 0 that holds hi: 8 % more,
// 1 for an all-zero series.
func upper(hi float64) float64 {
	if !(hi > 0) || math.IsInf(hi, 0) {
		return 1
	}
	return hi * 1.08
}

// Charts returns every chart of the report that applies, in order:
//
//	<network>-coverage        coverage by class (at most 8 classes), per network
//	<network>-unserved        unserved demand stacked by zone (the 7 largest and
//	                          "other"), per network with a shortfall or zones
//	<network>-temperature     mean indoor and outdoor temperature, heat with weather
//	<network>-cold            customers below the cold threshold, likewise
//	<network>-storage-<id>    level of each storage, with a traced run
//	crew-utilisation          crews' utilisation, with crews
//	<network>-ens-histogram   distribution of ens over the trials, with a study
//	<network>-ens-exceedance  its exceedance curve
//	<network>-cold-exceedance exceedance of cold customer-hours, heat studies
//	<network>-risk-coverage   fan chart of coverage over the trials (P5–P95, median)
//	<network>-risk-lolp       LOLP_t and the expected share of time short, when short
//	<network>-risk-unserved   EUE_t with the 95 % interval of its mean, when short
//	<network>-risk-cold       fan chart of cold customers, heat studies with weather
//
// Characters of a network ID other than letters, digits, '.', '-' and '_'
// become '_'. It returns an error if doc is nil or a chart cannot be
// built.
func Charts(doc *Document) ([]Chart, error) {
	if doc == nil {
		return nil, errors.New("report: nil document")
	}
	var out []Chart
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
	cur := ""
	add := func(c *Chart, err error) error {
		if err != nil {
			return err
		}
		if c != nil {
			if c.Network == "" && c.Name != "crew-utilisation" {
				c.Network = cur
			}
			out = append(out, *c)
		}
		return nil
	}
	netStem := map[string]string{}
	for i := range doc.Networks {
		n := &doc.Networks[i]
		s := stem(n.ID)
		netStem[n.ID] = s
		cur = n.ID
		if err := add(coverageChart(doc, n, s)); err != nil {
			return nil, err
		}
		if err := add(unservedChart(doc, n, s)); err != nil {
			return nil, err
		}
		if n.hasHeat() && len(n.Timeline.MeanIndoor) > 0 {
			if err := add(temperatureChart(doc, n, s)); err != nil {
				return nil, err
			}
			if err := add(coldChart(doc, n, s)); err != nil {
				return nil, err
			}
		}
		for k := range n.Storage {
			if err := add(storageChart(doc, n, k, s)); err != nil {
				return nil, err
			}
		}
	}
	cur = ""
	if doc.Crew.Teams > 0 && doc.Crew.AvailableHours > 0 {
		if err := add(crewChart(doc)); err != nil {
			return nil, err
		}
	}
	if r := doc.Risk; r != nil {
		cur = r.Network
		s, ok := netStem[r.Network]
		if !ok {
			s = stem(r.Network)
		}
		if _, ok := r.Distributions[scenario.MetricENS]; ok {
			if err := add(histogramChart(doc, scenario.MetricENS, s+"-ens-histogram")); err != nil {
				return nil, err
			}
			if err := add(exceedanceChart(doc, scenario.MetricENS, s+"-ens-exceedance")); err != nil {
				return nil, err
			}
		}
		if _, ok := r.Distributions[scenario.MetricColdCustomerHours]; ok {
			if err := add(exceedanceChart(doc, scenario.MetricColdCustomerHours, s+"-cold-exceedance")); err != nil {
				return nil, err
			}
		}
		rcs, err := riskCharts(doc, s) // riskcharts.go
		if err != nil {
			return nil, err
		}
		for _, c := range rcs {
			out = append(out, *c)
		}
	}
	return out, nil
}

// coverageChart plots the coverage by volume (%) of a network over time,
// in total (black) and per class with consumers, the eight lowest if more.
func coverageChart(d *Document, n *Network, stem string) (*Chart, error) {
	tl := n.Timeline
	type series struct {
		name string
		ys   []float64
		low  float64
	}
	var ss []series
	for _, g := range n.Classes {
		ys, ok := tl.ClassCoverage[g.Name]
		if !used(g) || !ok {
			continue
		}
		lo, _ := extent(ys)
		ss = append(ss, series{g.Name, ys, lo})
	}
	var left []string
	if len(ss) > MaxSeries-1 {
		// Keep the classes that fell lowest; name the others.
		order := slices.Clone(ss)
		sort.SliceStable(order, func(i, j int) bool { return order[i].low < order[j].low })
		keep := map[string]bool{}
		for _, s := range order[:MaxSeries-1] {
			keep[s.name] = true
		}
		var kept []series
		for _, s := range ss {
			if keep[s.name] {
				kept = append(kept, s)
			} else {
				left = append(left, s.name)
			}
		}
		ss = kept
	}
	title := "Coverage by class: " + netTitle(n.ID, n.Kind)
	p := newPlot(title, "", "coverage by volume (%)")
	timeAxis(p, d)
	lists := [][]float64{tl.Coverage}
	for _, s := range ss {
		lists = append(lists, s.ys)
	}
	lo, _ := extent(lists...)
	p.Y.Min, p.Y.Max = coverageRange(100 * lo)
	leg := newSideLegend()
	for i, s := range ss {
		l, err := seriesLine(steps(tl.Start, s.ys, d.Horizon, 100), i, 2)
		if err != nil {
			return nil, err
		}
		p.Add(l)
		leg.add(s.name, l)
	}
	total, err := line(steps(tl.Start, tl.Coverage, d.Horizon, 100), 0, 1.2, true)
	if err != nil {
		return nil, err
	}
	total.Color = black
	total.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
	p.Add(total)
	leg.add("all consumers", total)
	if len(left) > 0 {
		leg.leg.Add(fmt.Sprintf("(%d more classes not drawn)", len(left)))
		leg.names = append(leg.names, fmt.Sprintf("(%d more classes not drawn)", len(left)))
	}
	p.Add(leg)
	return &Chart{Name: stem + "-coverage", Title: title, Series: leg.names, Plot: p}, nil
}

// bucketWidths returns the width in hours of each bucket of a timeline.
func bucketWidths(d *Document, start []float64) []float64 {
	w := make([]float64, len(start))
	for b, s := range start {
		w[b] = math.Min(d.Horizon, s+d.Resolution) - s
		if w[b] <= 0 {
			w[b] = d.Resolution
		}
	}
	return w
}

// unservedChart plots a network's unserved demand over time as areas
// stacked by zone, the largest first: the seven zones with the most
// unserved and the rest summed as "other zones" (consumers outside every
// zone count as one more), as a mean flow per bucket in a unit that suits
// it. It returns nil for a network never short.
func unservedChart(d *Document, n *Network, stem string) (*Chart, error) {
	tl := n.Timeline
	nb := len(tl.Start)
	width := bucketWidths(d, tl.Start)
	rate := func(xs []float64) []float64 {
		out := make([]float64, nb)
		for b := range min(nb, len(xs)) {
			out[b] = xs[b] / width[b]
		}
		return out
	}
	total := rate(tl.Unserved)
	_, top := extent(total)
	if !(top > 0) {
		return nil, nil
	}
	type layer struct {
		name string
		ys   []float64
		sum  float64
	}
	var layers []layer
	rest := slices.Clone(total)
	for _, g := range n.Zones {
		ys, ok := tl.ZoneUnserved[g.Name]
		if !used(g) || !ok {
			continue
		}
		r := rate(ys)
		var s float64
		for b := range r {
			s += r[b] * width[b]
			rest[b] -= r[b]
		}
		if s > 0 {
			layers = append(layers, layer{"zone " + g.Name, r, s})
		}
	}
	var restSum float64
	for b := range rest {
		rest[b] = math.Max(rest[b], 0)
		restSum += rest[b] * width[b]
	}
	if len(layers) == 0 {
		layers = append(layers, layer{"all consumers", rest, restSum})
	} else if restSum > 1e-9*math.Max(1, top) {
		layers = append(layers, layer{"outside zones", rest, restSum})
	}
	sort.SliceStable(layers, func(i, j int) bool { return layers[i].sum > layers[j].sum })
	if len(layers) > MaxSeries {
		other := layer{name: fmt.Sprintf("other zones (%d)", len(layers)-(MaxSeries-1)), ys: make([]float64, nb)}
		for _, l := range layers[MaxSeries-1:] {
			for b := range other.ys {
				other.ys[b] += l.ys[b]
			}
			other.sum += l.sum
		}
		layers = append(layers[:MaxSeries-1:MaxSeries-1], other)
	}
	sc := pick(flowScales(n.Kind), top)
	title := "Unserved demand by zone: " + netTitle(n.ID, n.Kind)
	p := newPlot(title, "", fmt.Sprintf("unserved demand (%s, mean per %s step)", sc.unit, strconv.FormatFloat(d.Resolution, 'f', -1, 64)+" h"))
	timeAxis(p, d)
	// Stack: layer i is drawn at the sum of layers 0…i, top first, each
	// filled down to zero so that lower layers cover the upper fills.
	cum := make([][]float64, len(layers))
	sum := make([]float64, nb)
	for i, ly := range layers {
		for b := range sum {
			sum[b] += ly.ys[b] / sc.div
		}
		cum[i] = slices.Clone(sum)
	}
	_, hi := extent(sum)
	p.Y.Min, p.Y.Max = 0, upper(hi)
	leg := newSideLegend()
	lines := make([]*plotter.Line, len(layers))
	for i := len(layers) - 1; i >= 0; i-- {
		l, err := line(steps(tl.Start, cum[i], d.Horizon, 1), i, 0.8, true)
		if err != nil {
			return nil, err
		}
		l.Dashes = nil
		l.FillColor = colour(i)
		l.Color = darker(colour(i))
		p.Add(l)
		lines[i] = l
	}
	for i, ly := range layers {
		leg.add(ly.name, lines[i])
	}
	p.Add(leg)
	return &Chart{Name: stem + "-unserved", Title: title, Series: leg.names, Plot: p}, nil
}

// darker returns c at 70 % brightness, for outlines of filled areas.
func darker(c color.Color) color.Color {
	r, g, b, a := c.RGBA()
	f := func(v uint32) uint8 { return uint8(v * 7 / 10 >> 8) }
	return color.RGBA{R: f(r), G: f(g), B: f(b), A: uint8(a >> 8)}
}

// temperatureChart plots the customer-weighted mean indoor temperature of
// a heat network beside the outdoor temperature, with the cold threshold.
func temperatureChart(d *Document, n *Network, stem string) (*Chart, error) {
	tl := n.Timeline
	title := "Indoor and outdoor temperature: " + netTitle(n.ID, n.Kind)
	p := newPlot(title, "", "temperature (°C)")
	timeAxis(p, d)
	cold := d.ColdThreshold
	if cold == 0 {
		cold = 16
	}
	lo, hi := extent(tl.MeanIndoor, d.Outdoor, []float64{cold})
	if n.Heat != nil {
		lo = math.Min(lo, n.Heat.MinIndoor)
	}
	p.Y.Min, p.Y.Max = math.Floor(lo)-1, math.Ceil(hi)+1
	leg := newSideLegend()
	in, err := line(steps(tl.Start, tl.MeanIndoor, d.Horizon, 1), 3, 2, true)
	if err != nil {
		return nil, err
	}
	p.Add(in)
	leg.add("mean indoor", in)
	if len(d.Outdoor) > 0 {
		out, err := line(steps(tl.Start, d.Outdoor, d.Horizon, 1), 0, 1.5, true)
		if err != nil {
			return nil, err
		}
		out.Dashes = dashes[1]
		p.Add(out)
		leg.add("outdoor", out)
	}
	ref, err := plotter.NewLine(plotter.XYs{{X: 0, Y: cold}, {X: d.Horizon, Y: cold}})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	ref.Color = color.Gray{Y: 90}
	ref.Dashes = dashes[2]
	p.Add(ref)
	leg.add("cold threshold "+strconv.FormatFloat(cold, 'f', -1, 64)+" °C", ref)
	p.Add(leg)
	return &Chart{Name: stem + "-temperature", Title: title, Series: leg.names, Plot: p}, nil
}

// coldChart plots the number of heat customers below the cold threshold,
// as a mean over each bucket, on an axis fitted to its peak.
func coldChart(d *Document, n *Network, stem string) (*Chart, error) {
	tl := n.Timeline
	title := "Customers " + coldLabel(d.ColdThreshold) + ": " + netTitle(n.ID, n.Kind)
	p := newPlot(title, "", "customers (mean per "+strconv.FormatFloat(d.Resolution, 'f', -1, 64)+" h step)")
	timeAxis(p, d)
	_, hi := extent(tl.ColdCustomers)
	if n.Heat != nil {
		hi = math.Max(hi, float64(n.Heat.PeakColdCustomers))
	}
	p.Y.Min, p.Y.Max = 0, upper(hi)
	l, err := line(steps(tl.Start, tl.ColdCustomers, d.Horizon, 1), 4, 1.5, true)
	if err != nil {
		return nil, err
	}
	l.FillColor = color.NRGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0x60}
	p.Add(l)
	leg := newSideLegend()
	leg.add("cold customers", l)
	p.Add(leg)
	return &Chart{Name: stem + "-cold", Title: title, Series: leg.names, Plot: p}, nil
}

// storageChart plots the level of storage k of a network at each bucket
// edge, with its capacity.
func storageChart(d *Document, n *Network, k int, stem string) (*Chart, error) {
	s := n.Storage[k]
	if len(s.Levels) == 0 {
		return nil, nil
	}
	_, hi := extent(s.Levels, []float64{s.MaxLevel, s.Start})
	sc := pick(quantityScales(n.Kind), hi)
	title := "Level of storage " + s.ID + ": " + netTitle(n.ID, n.Kind)
	p := newPlot(title, "", "level ("+sc.unit+")")
	timeAxis(p, d)
	p.Y.Min, p.Y.Max = 0, upper(hi/sc.div)
	pts := make(plotter.XYs, len(s.Levels))
	for e, v := range s.Levels {
		pts[e] = plotter.XY{X: math.Min(float64(e)*d.Resolution, d.Horizon), Y: v / sc.div}
	}
	l, err := line(pts, 2, 2, false)
	if err != nil {
		return nil, err
	}
	p.Add(l)
	leg := newSideLegend()
	leg.add("level", l)
	if s.MaxLevel > 0 {
		ref, err := plotter.NewLine(plotter.XYs{{X: 0, Y: s.MaxLevel / sc.div}, {X: d.Horizon, Y: s.MaxLevel / sc.div}})
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		ref.Color = color.Gray{Y: 90}
		ref.Dashes = dashes[2]
		p.Add(ref)
		leg.add("capacity", ref)
	}
	p.Add(leg)
	return &Chart{Name: stem + "-storage-" + safeName(s.ID), Title: title, Series: leg.names, Plot: p}, nil
}

// crewChart plots the crews' utilisation (%) over time, on an axis fitted
// to its peak.
func crewChart(d *Document) (*Chart, error) {
	u := d.Crew.UtilisationTimeline
	starts := make([]float64, len(u))
	for b := range starts {
		starts[b] = float64(b) * d.Resolution
	}
	title := "Crew utilisation"
	p := newPlot(title, "", "busy share of available member-hours (%)")
	timeAxis(p, d)
	_, hi := extent(u)
	p.Y.Min, p.Y.Max = 0, math.Min(100, math.Max(upper(100*hi), 1))
	l, err := line(steps(starts, u, d.Horizon, 100), 0, 1.5, true)
	if err != nil {
		return nil, err
	}
	l.FillColor = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0x40}
	p.Add(l)
	leg := newSideLegend()
	leg.add(fmt.Sprintf("all crews (%s)", plural(d.Crew.Teams, "team", "teams")), l)
	p.Add(leg)
	return &Chart{Name: "crew-utilisation", Title: title, Series: leg.names, Plot: p}, nil
}

// metricAxis returns how a study metric's values are drawn: the label
// with its unit, and the divisor of the values.
func metricAxis(d *Document, metric string, max float64) (label string, div float64) {
	r := d.Risk
	v := viewOf(metric, r.Kind, d.ColdThreshold, d.ServiceLevels)
	switch v.form {
	case "quantity":
		s := pick(quantityScales(r.Kind), max)
		return v.label + " (" + s.unit + ")", s.div
	case "fraction", "fraction4":
		return v.label + " (%)", 0.01
	case "hours":
		return v.label + " (h)", 1
	case "money":
		return v.label + " (" + currencyName(d.Currency) + ")", 1
	}
	if v.unit != "" {
		return v.label + " (" + v.unit + ")", 1
	}
	return v.label, 1
}

// histogramChart plots the distribution of a study metric over the trials,
// as the share of trials (%) per bin, with its mean and P95 marked.
func histogramChart(d *Document, metric, name string) (*Chart, error) {
	r := d.Risk
	dist := r.Distributions[metric]
	st := r.Metrics[metric]
	if len(dist.Histogram) == 0 {
		return nil, nil
	}
	label, div := metricAxis(d, metric, math.Max(math.Abs(st.Max), math.Abs(st.Min)))
	h := &plotter.Histogram{FillColor: colour(4), LineStyle: plotter.DefaultLineStyle}
	h.LineStyle.Color = darker(colour(0))
	h.LineStyle.Width = vg.Points(0.5)
	var top float64
	for _, b := range dist.Histogram {
		lo, hi := b.Low/div, b.High/div
		if lo == hi { // every trial alike: a bar of visible width
			w := math.Max(math.Abs(lo)*0.05, 0.5)
			lo, hi = lo-w, hi+w
		}
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: lo, Max: hi, Weight: 100 * b.Share})
		top = math.Max(top, 100*b.Share)
	}
	h.Width = h.Bins[0].Max - h.Bins[0].Min
	v := viewOf(metric, r.Kind, d.ColdThreshold, d.ServiceLevels)
	title := fmt.Sprintf("%s over %s: %s", v.label, plural(r.Trials, "trial", "trials"), netTitle(r.Network, r.Kind))
	p := newPlot(title, label, "share of trials (%)")
	p.Add(h)
	p.X.Min, p.X.Max = h.Bins[0].Min, h.Bins[len(h.Bins)-1].Max
	p.Y.Min, p.Y.Max = 0, upper(top)
	leg := newSideLegend()
	leg.add("trials", h)
	f, unit := v.formatter(r.Kind, d.Currency, math.Max(math.Abs(st.Max), math.Abs(st.Min)))
	for i, m := range []struct {
		name string
		v    float64
	}{{"mean", st.Mean}, {"P95", st.P95}} {
		l, err := plotter.NewLine(plotter.XYs{{X: m.v / div, Y: 0}, {X: m.v / div, Y: p.Y.Max}})
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		l.Color = []color.Color{black, colour(3)}[i]
		l.Width = vg.Points(1.5)
		if i == 1 {
			l.Dashes = dashes[1]
		}
		p.Add(l)
		leg.add(strings.TrimSpace(m.name+" "+f(m.v)+" "+unit), l)
	}
	p.Add(leg)
	return &Chart{Name: name, Title: title, Series: leg.names, Plot: p, Study: true}, nil
}

// exceedanceChart plots the exceedance curve of a study metric: for each
// value x, the share of trials (%) with a value of at least x.
func exceedanceChart(d *Document, metric, name string) (*Chart, error) {
	r := d.Risk
	ex := r.Distributions[metric].Exceedance
	if len(ex) == 0 {
		return nil, nil
	}
	st := r.Metrics[metric]
	label, div := metricAxis(d, metric, math.Max(math.Abs(st.Max), math.Abs(st.Min)))
	lo, hi := ex[0].Value/div, ex[len(ex)-1].Value/div
	pad := (hi - lo) * 0.05
	if pad == 0 {
		pad = math.Max(math.Abs(lo)*0.05, 0.5)
	}
	// P(X ≥ x) is 1 up to the minimum, P_i on (v_{i−1}, v_i] and 0 beyond
	// the maximum: pre-steps through (v_i, P_i), then a drop to zero.
	pts := plotter.XYs{{X: lo - pad, Y: 100}}
	for _, e := range ex {
		pts = append(pts, plotter.XY{X: e.Value / div, Y: 100 * e.P})
	}
	pts = append(pts, plotter.XY{X: hi + pad, Y: 0})
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	l.StepStyle = plotter.PreStep
	l.Color = colour(0)
	l.Width = vg.Points(2)
	v := viewOf(metric, r.Kind, d.ColdThreshold, d.ServiceLevels)
	title := fmt.Sprintf("Chance of exceeding: %s over %s, %s", strings.ToLower(v.label[:1])+v.label[1:],
		plural(r.Trials, "trial", "trials"), netTitle(r.Network, r.Kind))
	p := newPlot(title, label, "share of trials at or above (%)")
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = 0, 102
	p.Add(l)
	leg := newSideLegend()
	leg.add("P(X ≥ x)", l)
	p.Add(leg)
	return &Chart{Name: name, Title: title, Series: leg.names, Plot: p, Study: true}, nil
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
