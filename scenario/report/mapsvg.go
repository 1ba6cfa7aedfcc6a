package report

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// MaxMapElements is the most nodes and links a map draws in full; above
// it, links and junctions are left out and the map says so.
const MaxMapElements = 40_000

// coverageBins are the classes of coverage a map colours consumers by,
// from full supply down, in colours of the Okabe–Ito palette (blue to
// vermillion) that stay apart for the common colour-vision deficiencies
// and in grey print (light to dark).
var coverageBins = []struct {
	min    float64 // lowest coverage of the bin, a fraction
	label  string
	colour string
}{
	{0.9995, "full supply (≥ 99.95 %)", "#0072B2"},
	{0.95, "95 – 99.95 %", "#56B4E9"},
	{0.80, "80 – 95 %", "#F0E442"},
	{0.50, "50 – 80 %", "#E69F00"},
	{0, "below 50 %", "#D55E00"},
}

// coverageColour returns the colour of a consumer with coverage c.
func coverageColour(c float64) string {
	for _, b := range coverageBins {
		if c >= b.min {
			return b.colour
		}
	}
	return coverageBins[len(coverageBins)-1].colour
}

// svgNum formats a coordinate of the drawing with one decimal.
func svgNum(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10+0, 'f', -1, 64) }

// mapSVG draws a network's map as one inline SVG: links as lines (those at
// their capacity thicker and in vermillion), sources as squares, storage
// as triangles, stations as diamonds, consumers as circles coloured by
// the coverage column cov, with a legend below. Coordinates in degrees
// (every |x| ≤ 180 and |y| ≤ 90) are drawn with longitudes shrunk by the
// cosine of the mean latitude, so that distances look right; others as
// given (projected metres). Every mark has a title naming the element and
// its figure, shown on hover without scripts. It returns "" if no node has
// a coordinate.
func mapSVG(net *network.Network, m *Map, cov, load, caption string) string {
	nn := net.NumNodes()
	type pt struct{ x, y float64 }
	pos := make([]*pt, nn)
	deg := true
	var lat float64
	located := 0
	for v := range nn {
		if c := net.Node(v).Coord; c != nil {
			pos[v] = &pt{c.X, c.Y}
			located++
			lat += c.Y
			if math.Abs(c.X) > 180 || math.Abs(c.Y) > 90 {
				deg = false
			}
		}
	}
	if located == 0 {
		return ""
	}
	kx := 1.0
	if deg {
		kx = math.Cos(lat / float64(located) * math.Pi / 180)
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pos {
		if p != nil {
			p.x *= kx
			minX, maxX = math.Min(minX, p.x), math.Max(maxX, p.x)
			minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
		}
	}
	w, h := maxX-minX, maxY-minY
	if w <= 0 && h <= 0 {
		w, h = 1, 1
	}
	if w <= 0 {
		w = h
	}
	if h <= 0 {
		h = w
	}
	const width, pad, legendH = 760.0, 16.0, 64.0
	drawW := width - 2*pad
	drawH := math.Min(math.Max(drawW*h/w, 220), 760)
	s := math.Min(drawW/w, drawH/h)
	ox := pad + (drawW-s*w)/2
	oy := pad + (drawH-s*h)/2
	X := func(p *pt) float64 { return ox + (p.x-minX)*s }
	Y := func(p *pt) float64 { return oy + (maxY-p.y)*s }
	total := drawH + 2*pad + legendH

	covVals := column(m.Nodes, cov)
	loadVals := column(m.Links, load)
	nodeLoad := column(m.Nodes, load)
	full := net.NumNodes()+net.NumLinks() <= MaxMapElements

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-label="%s">`,
		svgNum(width), svgNum(total), html.EscapeString(caption))
	b.WriteString(`<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>`)
	if full {
		b.WriteString(`<g class="links" stroke-linecap="round">`)
		for l := range net.NumLinks() {
			f, t := net.LinkEnds(l)
			if pos[f] == nil || pos[t] == nil {
				continue
			}
			colour, sw := "#9a9a9a", 1.2
			ld := math.NaN()
			if l < len(loadVals) {
				ld = loadVals[l]
			}
			if ld >= 0.999 {
				colour, sw = "#D55E00", 3
			}
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"><title>%s: %s</title></line>`,
				svgNum(X(pos[f])), svgNum(Y(pos[f])), svgNum(X(pos[t])), svgNum(Y(pos[t])), colour, svgNum(sw),
				html.EscapeString(net.LinkID(l)), html.EscapeString(loadingText(ld)))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`<g class="nodes" stroke="#222222" stroke-width="0.6">`)
	for v := range nn {
		p := pos[v]
		if p == nil {
			continue
		}
		x, y := X(p), Y(p)
		id := html.EscapeString(net.NodeID(v))
		ld := math.NaN()
		if v < len(nodeLoad) {
			ld = nodeLoad[v]
		}
		switch net.Role(v) {
		case network.Consumer:
			c := math.NaN()
			if v < len(covVals) {
				c = covVals[v]
			}
			colour := "#bbbbbb"
			text := "no demand"
			if !math.IsNaN(c) {
				colour, text = coverageColour(c), "coverage "+pct(c, 2)
			}
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4.5" fill="%s"><title>%s: %s</title></circle>`,
				svgNum(x), svgNum(y), colour, id, text)
		case network.Source:
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="10" height="10" fill="#000000"><title>%s (source): %s</title></rect>`,
				svgNum(x-5), svgNum(y-5), id, html.EscapeString(loadingText(ld)))
		case network.Storage:
			fmt.Fprintf(&b, `<path d="M%s %sL%s %sL%s %sZ" fill="#009E73"><title>%s (storage): %s</title></path>`,
				svgNum(x), svgNum(y-6), svgNum(x+6), svgNum(y+5), svgNum(x-6), svgNum(y+5), id, html.EscapeString(loadingText(ld)))
		case network.Station:
			fill := "#666666"
			if ld >= 0.999 {
				fill = "#D55E00"
			}
			fmt.Fprintf(&b, `<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s"><title>%s (station): %s</title></path>`,
				svgNum(x), svgNum(y-6), svgNum(x+6), svgNum(y), svgNum(x), svgNum(y+6), svgNum(x-6), svgNum(y), fill, id,
				html.EscapeString(loadingText(ld)))
		default:
			if full {
				fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="1.5" fill="#444444" stroke="none"><title>%s (junction)</title></circle>`,
					svgNum(x), svgNum(y), id)
			}
		}
	}
	b.WriteString(`</g>`)
	// Legend.
	ly := drawH + 2*pad + 8
	fmt.Fprintf(&b, `<g class="legend" font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="11" fill="#222222">`)
	x := pad
	for _, bin := range coverageBins {
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="5" fill="%s" stroke="#222222" stroke-width="0.6"/><text x="%s" y="%s">%s</text>`,
			svgNum(x+5), svgNum(ly+5), bin.colour, svgNum(x+14), svgNum(ly+9), html.EscapeString(bin.label))
		x += 14 + 7*float64(len([]rune(bin.label))) + 14
	}
	ly += 24
	x = pad
	items := []struct{ mark, label string }{
		{fmt.Sprintf(`<rect x="%s" y="%s" width="10" height="10" fill="#000000"/>`, svgNum(x), svgNum(ly)), "source"},
		{fmt.Sprintf(`<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="#666666"/>`, svgNum(x+85+5), svgNum(ly-1), svgNum(x+85+11), svgNum(ly+5), svgNum(x+85+5), svgNum(ly+11), svgNum(x+85-1), svgNum(ly+5)), "station"},
		{fmt.Sprintf(`<path d="M%s %sL%s %sL%s %sZ" fill="#009E73"/>`, svgNum(x+170+5), svgNum(ly-1), svgNum(x+170+11), svgNum(ly+10), svgNum(x+170-1), svgNum(ly+10)), "storage"},
		{fmt.Sprintf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#9a9a9a" stroke-width="1.2"/>`, svgNum(x+255), svgNum(ly+5), svgNum(x+275), svgNum(ly+5)), "link"},
		{fmt.Sprintf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#D55E00" stroke-width="3"/>`, svgNum(x+330), svgNum(ly+5), svgNum(x+350), svgNum(ly+5)), "at capacity (link or station)"},
	}
	offsets := []float64{0, 85, 170, 255, 330}
	for i, it := range items {
		b.WriteString(it.mark)
		tx := x + offsets[i] + 16
		if i >= 3 {
			tx = x + offsets[i] + 26
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`, svgNum(tx), svgNum(ly+9), html.EscapeString(it.label))
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

// loadingText describes a loading (a fraction) for a map's titles.
func loadingText(l float64) string {
	if math.IsNaN(l) {
		return "no capacity limit"
	}
	return "loading " + pct(l, 1)
}
