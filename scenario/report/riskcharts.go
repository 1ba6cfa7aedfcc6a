package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot/plotter"
)

// The charts of the risk over time of a study (Risk.Timeline), after the
// distributions of the study in Charts' order:
//
//	<network>-risk-coverage  fan chart of the coverage over the trials: the
//	                         P5–P95 band and the median, per bucket
//	<network>-risk-lolp      LOLP_t and the expected share of each bucket in
//	                         shortfall, when some trial was short
//	<network>-risk-unserved  EUE_t as a mean flow per bucket with the 95 %
//	                         interval of that mean, likewise
//	<network>-risk-cold      fan chart of the customers below the cold
//	                         threshold with their mean, heat with weather
//
// Every one is marked Study, so the page draws it in the risk section.
func riskCharts(d *Document, stem string) ([]*Chart, error) {
	r := d.Risk
	if r == nil || r.Timeline == nil || len(r.Timeline.Start) == 0 {
		return nil, nil
	}
	var out []*Chart
	for _, f := range []func(*Document, string) (*Chart, error){riskCoverageChart, riskLOLPChart, riskUnservedChart, riskColdChart} {
		c, err := f(d, stem)
		if err != nil {
			return nil, err
		}
		if c != nil {
			c.Network, c.Study = r.Network, true
			out = append(out, c)
		}
	}
	return out, nil
}

// fanBand is the P5–P95 band of a fan chart: a step polygon along the
// upper values and back along the lower ones, filled in a light colour
// without outline.
func fanBand(start, lo, hi []float64, horizon, scale float64, c color.Color) (*plotter.Polygon, error) {
	n := min(len(start), len(lo), len(hi))
	pts := make(plotter.XYs, 0, 4*n)
	end := func(b int) float64 {
		if b+1 < n {
			return start[b+1]
		}
		return math.Max(horizon, start[b])
	}
	for b := range n {
		pts = append(pts, plotter.XY{X: start[b], Y: scale * hi[b]}, plotter.XY{X: end(b), Y: scale * hi[b]})
	}
	for b := n - 1; b >= 0; b-- {
		pts = append(pts, plotter.XY{X: end(b), Y: scale * lo[b]}, plotter.XY{X: start[b], Y: scale * lo[b]})
	}
	poly, err := plotter.NewPolygon(pts)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	poly.Color = c
	poly.LineStyle.Width = 0
	return poly, nil
}

// light returns c with the opacity of a band.
func light(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x50}
}

// trialsWords is "over 1,000 trials".
func trialsWords(n int) string { return "over " + plural(n, "trial", "trials") }

// riskCoverageChart is the fan chart of the network's coverage by volume
// (%): P5 to P95 of the trials in each bucket, and the median.
func riskCoverageChart(d *Document, stem string) (*Chart, error) {
	r := d.Risk
	tl := r.Timeline
	title := "Coverage " + trialsWords(r.Trials) + ": " + netTitle(r.Network, r.Kind)
	p := newPlot(title, "", "coverage by volume (%)")
	timeAxis(p, d)
	lo, _ := extent(tl.Coverage.P5, tl.Coverage.P50)
	p.Y.Min, p.Y.Max = coverageRange(100 * lo)
	leg := newSideLegend()
	band, err := fanBand(tl.Start, tl.Coverage.P5, tl.Coverage.P95, d.Horizon, 100, light(colour(0)))
	if err != nil {
		return nil, err
	}
	p.Add(band)
	med, err := line(steps(tl.Start, tl.Coverage.P50, d.Horizon, 100), 0, 2, true)
	if err != nil {
		return nil, err
	}
	p.Add(med)
	leg.add("P5 to P95 of the trials", band)
	leg.add("median", med)
	p.Add(leg)
	return &Chart{Name: stem + "-risk-coverage", Title: title, Series: leg.names, Plot: p}, nil
}

// riskLOLPChart plots LOLP_t (%), the share of trials short at some time
// in each bucket, and the expected share of the bucket's time in
// shortfall; nil when no trial was ever short.
func riskLOLPChart(d *Document, stem string) (*Chart, error) {
	r := d.Risk
	tl := r.Timeline
	_, top := extent(tl.LOLP)
	if !(top > 0) {
		return nil, nil
	}
	width := bucketWidths(d, tl.Start)
	share := make([]float64, len(tl.ShortHours))
	for b, h := range tl.ShortHours {
		if b < len(width) && width[b] > 0 {
			share[b] = h / width[b]
		}
	}
	title := "Probability of a shortfall " + trialsWords(r.Trials) + ": " + netTitle(r.Network, r.Kind)
	p := newPlot(title, "", "per "+strconv.FormatFloat(d.Resolution, 'f', -1, 64)+" h step (%)")
	timeAxis(p, d)
	p.Y.Min, p.Y.Max = 0, math.Min(upper(100*top), 105)
	leg := newSideLegend()
	l, err := seriesLine(steps(tl.Start, tl.LOLP, d.Horizon, 100), 3, 2)
	if err != nil {
		return nil, err
	}
	p.Add(l)
	s, err := seriesLine(steps(tl.Start, share, d.Horizon, 100), 0, 1.5)
	if err != nil {
		return nil, err
	}
	p.Add(s)
	leg.add("LOLP_t: P(any shortfall)", l)
	leg.add("expected share of time short", s)
	p.Add(leg)
	return &Chart{Name: stem + "-risk-lolp", Title: title, Series: leg.names, Plot: p}, nil
}

// riskUnservedChart plots EUE_t as the mean unserved flow in each bucket,
// with the 95 % interval of that mean (±1.96 standard errors, cut at 0);
// nil when nothing was ever unserved.
func riskUnservedChart(d *Document, stem string) (*Chart, error) {
	r := d.Risk
	tl := r.Timeline
	width := bucketWidths(d, tl.Start)
	nb := min(len(tl.Start), len(tl.EUE), len(tl.EUEStdErr))
	mean, lo, hi := make([]float64, nb), make([]float64, nb), make([]float64, nb)
	for b := range nb {
		mean[b] = tl.EUE[b] / width[b]
		lo[b] = math.Max(0, tl.EUE[b]-1.96*tl.EUEStdErr[b]) / width[b]
		hi[b] = (tl.EUE[b] + 1.96*tl.EUEStdErr[b]) / width[b]
	}
	_, top := extent(hi)
	if !(top > 0) {
		return nil, nil
	}
	sc := pick(flowScales(r.Kind), top)
	title := "Expected unserved demand " + trialsWords(r.Trials) + ": " + netTitle(r.Network, r.Kind)
	p := newPlot(title, "", fmt.Sprintf("unserved demand (%s, mean per %s h step)", sc.unit, strconv.FormatFloat(d.Resolution, 'f', -1, 64)))
	timeAxis(p, d)
	p.Y.Min, p.Y.Max = 0, upper(top/sc.div)
	leg := newSideLegend()
	band, err := fanBand(tl.Start, lo, hi, d.Horizon, 1/sc.div, light(colour(3)))
	if err != nil {
		return nil, err
	}
	p.Add(band)
	l, err := line(steps(tl.Start, mean, d.Horizon, 1/sc.div), 3, 2, true)
	if err != nil {
		return nil, err
	}
	p.Add(l)
	leg.add("95 % interval of the mean", band)
	leg.add("expected (EUE_t)", l)
	p.Add(leg)
	return &Chart{Name: stem + "-risk-unserved", Title: title, Series: leg.names, Plot: p}, nil
}

// riskColdChart is the fan chart of the heat customers below the cold
// threshold: P5 to P95 of the trials, the median and the mean; nil
// without them.
func riskColdChart(d *Document, stem string) (*Chart, error) {
	r := d.Risk
	c := r.Timeline.ColdCustomers
	if c == nil {
		return nil, nil
	}
	tl := r.Timeline
	title := "Customers " + coldLabel(d.ColdThreshold) + " " + trialsWords(r.Trials) + ": " + netTitle(r.Network, r.Kind)
	p := newPlot(title, "", "customers (mean per "+strconv.FormatFloat(d.Resolution, 'f', -1, 64)+" h step)")
	timeAxis(p, d)
	_, hi := extent(c.P95, c.Mean)
	p.Y.Min, p.Y.Max = 0, upper(hi)
	leg := newSideLegend()
	band, err := fanBand(tl.Start, c.P5, c.P95, d.Horizon, 1, light(colour(4)))
	if err != nil {
		return nil, err
	}
	p.Add(band)
	med, err := line(steps(tl.Start, c.P50, d.Horizon, 1), 0, 2, true)
	if err != nil {
		return nil, err
	}
	p.Add(med)
	mean, err := seriesLine(steps(tl.Start, c.Mean, d.Horizon, 1), 1, 1.5)
	if err != nil {
		return nil, err
	}
	mean.Color = black
	p.Add(mean)
	leg.add("P5 to P95 of the trials", band)
	leg.add("median", med)
	leg.add("mean", mean)
	p.Add(leg)
	return &Chart{Name: stem + "-risk-cold", Title: title, Series: leg.names, Plot: p}, nil
}

// riskClasses returns the classes of the risk over time that have
// consumers in the studied network, in rank order (all of them if the
// network is not in the document).
func (d *Document) riskClasses() []ClassBands {
	r := d.Risk
	var n *Network
	for i := range d.Networks {
		if d.Networks[i].ID == r.Network {
			n = &d.Networks[i]
		}
	}
	if n == nil {
		return r.Timeline.Classes
	}
	var out []ClassBands
	for _, c := range r.Timeline.Classes {
		if i := slices.IndexFunc(n.Classes, func(g Group) bool { return g.Name == c.Class }); i >= 0 && used(n.Classes[i]) {
			out = append(out, c)
		}
	}
	return out
}
