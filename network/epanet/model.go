package epanet

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lifeline-sim/lifeline/network"
)

// Default diameters of a pipe that gives none, as in EPANET.
const (
	defaultDiamUS = 10  // inches
	defaultDiamSI = 254 // mm
)

// tiny is EPANET's threshold for a pump curve that is too flat to fit.
const tiny = 1e-6

// model resolves the references between the records read, maps them onto
// a network and builds it. It reports problems in p.probs; the Model it
// returns has no Network if there are any.
func (p *parser) model(opt Options) *Model {
	u := p.units
	m := &Model{
		Title:            p.title,
		Counts:           p.counts,
		FlowUnits:        u.name,
		DemandMultiplier: p.mult,
		Patterns:         make(map[string][]float64, len(p.patOrder)),
		PatternStep:      p.patStep,
		PatternStart:     p.patStart,
	}
	for _, pat := range p.patOrder {
		m.Patterns[pat.id] = pat.f
		m.PatternIDs = append(m.PatternIDs, pat.id)
	}
	slices.Sort(m.PatternIDs)
	if _, ok := m.Patterns[p.defPat]; ok {
		m.DefaultPattern = p.defPat
	}
	for _, c := range p.curveOrd {
		for i := 1; i < len(c.x); i++ {
			if c.x[i] <= c.x[i-1] {
				p.errorf(c.lines[i], "curve", c.id, "x", "not increasing: %g after %g", c.x[i], c.x[i-1])
				c.bad = true
				break
			}
		}
	}
	p.resolveDemands()
	p.resolveStatus()
	p.resolveCoords()
	if p.counts.Junctions == 0 {
		p.errorf(0, "network", "", "junctions", "none in the file")
	}
	if p.counts.Reservoirs+p.counts.Tanks == 0 {
		p.errorf(0, "network", "", "reservoirs", "no reservoir or tank in the file")
	}

	b := network.NewBuilder(network.Water)
	b.SetName(p.title)
	b.Grow(len(p.nodes)+p.counts.Pumps, len(p.links)+p.counts.Pumps)
	for _, n := range p.nodes {
		if nd, ok := p.mapNode(n, m, opt); ok {
			b.AddNode(nd)
		}
	}
	for _, l := range p.links {
		p.mapLink(b, l, m, opt)
	}
	if len(p.probs) > 0 {
		return m
	}
	net, err := b.Build()
	if err != nil {
		for _, fe := range network.Problems(err) {
			p.probs = append(p.probs, p.epanetNames(fe))
		}
		if len(p.probs) == 0 {
			p.errorf(0, "network", p.title, "", "%v", err)
		}
		return m
	}
	m.Network = net
	return m
}

// epanetNames rewrites a problem found by Builder.Build (a number that
// overflowed in a conversion) to name the element as the file does.
func (p *parser) epanetNames(fe *network.FieldError) *network.FieldError {
	if n := p.nodeIdx[fe.ID]; n != nil && fe.Element == "node" {
		fe.Element = n.kind.String()
		return fe
	}
	for _, k := range []linkKind{pipe, pump, valve} {
		if id, ok := strings.CutPrefix(fe.ID, k.String()+" "); ok {
			fe.Element, fe.ID = k.String(), strings.TrimSuffix(strings.TrimSuffix(id, " in"), " out")
			return fe
		}
	}
	return fe
}

// resolveDemands gives each junction the demands of [DEMANDS], which
// replace the demand of [JUNCTIONS].
func (p *parser) resolveDemands() {
	for _, d := range p.demands {
		n := p.nodeIdx[d.id]
		switch {
		case n == nil:
			p.errorf(d.line, "demand", d.id, "junction", "unknown junction")
			continue
		case n.kind != junction:
			p.errorf(d.line, "demand", d.id, "junction", "not a junction but a %s", n.kind)
			continue
		case d.pattern != "" && p.patterns[d.pattern] == nil:
			p.errorf(d.line, "demand", d.id, "pattern", "unknown pattern %q", d.pattern)
			continue
		}
		n.cats = append(n.cats, category{base: d.base, pattern: d.pattern})
	}
}

// resolveStatus applies [STATUS] to the links, in file order.
func (p *parser) resolveStatus() {
	for _, s := range p.statuses {
		if len(s.ids) == 1 {
			l := p.linkIdx[s.ids[0]]
			if l == nil {
				p.errorf(s.line, "status", s.ids[0], "link", "unknown link")
				continue
			}
			switch {
			case l.cv:
				p.errorf(s.line, "status", l.id, "link", "the status of a check valve pipe cannot be set")
				continue
			case l.kind == valve && l.vtype == "GPV" && s.value == "":
				p.errorf(s.line, "status", l.id, "value", "the setting of a GPV is its curve; want OPEN or CLOSED")
				continue
			}
			applyStatus(l, s)
			continue
		}
		// A range of links: by number if both ends are numbers, else by
		// name, as EPANET does.
		lo, errLo := strconv.ParseInt(s.ids[0], 10, 64)
		hi, errHi := strconv.ParseInt(s.ids[1], 10, 64)
		numeric := errLo == nil && errHi == nil && lo > 0 && hi > 0
		for _, l := range p.links {
			in := false
			if numeric {
				v, err := strconv.ParseInt(l.id, 10, 64)
				in = err == nil && v >= lo && v <= hi
			} else {
				in = s.ids[0] <= l.id && l.id <= s.ids[1]
			}
			if in && !l.cv && !(l.kind == valve && l.vtype == "GPV" && s.value == "") {
				applyStatus(l, s)
			}
		}
	}
}

// applyStatus sets the initial status or setting of one link.
func applyStatus(l *link, s statusLine) {
	switch l.kind {
	case pipe:
		switch s.value {
		case "OPEN":
			l.closed = false
		case "CLOSED":
			l.closed = true
		default:
			return // EPANET ignores a setting for a pipe
		}
		l.attrs["status"] = lower(s.value)
	case pump:
		switch s.value {
		case "OPEN":
			l.closed, l.speed = false, 1
		case "CLOSED":
			l.closed = true
		default:
			l.speed, l.closed = s.num, s.num == 0
		}
		l.attrs["status"] = statusText(s)
	case valve:
		switch s.value {
		case "OPEN":
			l.open, l.closed = true, false
		case "CLOSED":
			l.open, l.closed = false, true
		default:
			l.open, l.closed = false, false
			l.setting, l.settingLine = s.num, s.line
		}
		l.attrs["status"] = statusText(s)
	}
}

func statusText(s statusLine) string {
	if s.value != "" {
		return lower(s.value)
	}
	return strconv.FormatFloat(s.num, 'g', -1, 64)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// resolveCoords gives the nodes their coordinates.
func (p *parser) resolveCoords() {
	for _, c := range p.coords {
		n := p.nodeIdx[c.id]
		if n == nil {
			p.errorf(c.line, "node", c.id, "coordinates", "unknown node")
			continue
		}
		n.coord = &network.Coord{X: c.x, Y: c.y}
	}
}

// checkRef reports a reference to a pattern or curve that does not exist.
func (p *parser) checkRef(line int, elem, id, field, kind, ref string, exists bool) bool {
	if ref == "" || exists {
		return true
	}
	p.errorf(line, elem, id, field, "unknown %s %q", kind, ref)
	return false
}

// mapNode maps a junction, reservoir or tank onto a network node.
func (p *parser) mapNode(n *node, m *Model, opt Options) (network.Node, bool) {
	u := p.units
	length, _ := u.lengths()
	nd := network.Node{
		ID:    n.id,
		Coord: n.coord,
		Attrs: n.attrs,
		Pos:   network.Pos{File: p.file, Line: n.line},
	}
	switch n.kind {
	case junction:
		if !p.checkRef(n.line, "junction", n.id, "pattern", "pattern", n.pattern, p.patterns[n.pattern] != nil) {
			return nd, false
		}
		cats := n.cats
		if len(cats) == 0 {
			cats = []category{{base: n.demand, pattern: n.pattern}}
		}
		var base, d float64
		for _, c := range cats {
			base += c.base
			f := 1.0
			if opt.ApplyPatterns {
				id := c.pattern
				if id == "" {
					id = m.DefaultPattern
				}
				if g, ok := m.Multiplier(id, time.Duration(opt.PatternHour)*time.Hour); ok {
					f = g
				}
			}
			d += c.base * f
		}
		d *= p.mult * u.factor
		n.attrs["base_demand"] = strconv.FormatFloat(base, 'g', -1, 64)
		switch {
		case d < 0:
			nd.Role, nd.Capacity = network.Source, -d
		case d > 0 || base > 0:
			nd.Role, nd.Demand = network.Consumer, math.Abs(d) // no -0
		default:
			nd.Role = network.Junction
		}
	case reservoir:
		if !p.checkRef(n.line, "reservoir", n.id, "pattern", "pattern", n.pattern, p.patterns[n.pattern] != nil) {
			return nd, false
		}
		nd.Role, nd.Capacity = network.Source, network.Unlimited
	case tank:
		nd.Role, nd.Capacity = network.Storage, network.Unlimited
		if n.volCurve != "" {
			c := p.curves[n.volCurve]
			if !p.checkRef(n.line, "tank", n.id, "vol_curve", "curve", n.volCurve, c != nil) {
				return nd, false
			}
			// Levels in feet or metres, volumes in cubic feet or metres.
			vol := length * length * length
			vmin := interp(c, n.min)
			nd.Level = math.Max(0, interp(c, n.init)-vmin) * vol
			nd.MaxLevel = math.Max(0, interp(c, n.max)-vmin) * vol
		} else {
			d := n.diam * length
			area := math.Pi * d * d / 4
			nd.Level = (n.init - n.min) * length * area
			nd.MaxLevel = (n.max - n.min) * length * area
		}
	}
	return nd, true
}

// interp returns the y of curve c at x, linear between points and constant
// beyond the ends, as EPANET interpolates.
func interp(c *curve, x float64) float64 {
	n := len(c.x)
	if n == 0 {
		return 0
	}
	if x <= c.x[0] {
		return c.y[0]
	}
	for k := 1; k < n; k++ {
		if c.x[k] >= x {
			dx := c.x[k] - c.x[k-1]
			if dx == 0 {
				return c.y[k]
			}
			return c.y[k] - (c.x[k]-x)*(c.y[k]-c.y[k-1])/dx
		}
	}
	return c.y[n-1]
}

// capacity returns the capacity in m³/h of a pipe or valve of diameter
// diam (in the file's units, 0 for the default) at the velocity limit.
func (p *parser) capacity(diam float64, opt Options) float64 {
	_, dia := p.units.lengths()
	if diam == 0 {
		diam = defaultDiamSI
		if p.units.us {
			diam = defaultDiamUS
		}
	}
	d := diam * dia
	c := opt.VelocityLimit * math.Pi * d * d / 4 * 3600
	if c <= 0 {
		// Too small to be a float64: still a limit, not "unlimited".
		c = math.SmallestNonzeroFloat64
	}
	return c
}

// mapLink maps a pipe, pump or valve onto links (and, for a pump, a
// station node) of b.
func (p *parser) mapLink(b *network.Builder, l *link, m *Model, opt Options) {
	if l.from == "" {
		return // the ends did not read; reported
	}
	pos := network.Pos{File: p.file, Line: l.line}
	elem := l.kind.String()
	okFrom, okTo := p.nodeIdx[l.from] != nil, p.nodeIdx[l.to] != nil
	if !okFrom {
		p.errorf(l.line, elem, l.id, "node1", "unknown node %q", l.from)
	}
	if !okTo {
		p.errorf(l.line, elem, l.id, "node2", "unknown node %q", l.to)
	}
	if !okFrom || !okTo {
		return
	}
	switch l.kind {
	case pipe:
		if l.closed {
			m.Closed = append(m.Closed, l.id)
			return
		}
		b.AddLink(network.Link{
			ID: "pipe " + l.id, From: l.from, To: l.to,
			Capacity: p.capacity(l.diam, opt),
			OneWay:   l.cv,
			Attrs:    l.attrs,
			Pos:      pos,
		})
	case pump:
		p.mapPump(b, l, m, pos)
	case valve:
		p.mapValve(b, l, m, opt, pos)
	}
}

// mapPump maps a pump onto a station between two one-way links.
func (p *parser) mapPump(b *network.Builder, l *link, m *Model, pos network.Pos) {
	okPat := p.checkRef(l.line, "pump", l.id, "pattern", "pattern", l.pattern, p.patterns[l.pattern] != nil)
	c := p.curves[l.headCurve]
	if !p.checkRef(l.line, "pump", l.id, "head", "curve", l.headCurve, c != nil) || !okPat {
		return
	}
	capacity := network.Unlimited
	if c != nil && c.bad {
		return // reported with the curve
	}
	if c != nil {
		q, msg := maxFlow(c)
		if msg != "" {
			p.errorf(l.line, "pump", l.id, "head", "curve %q: %s", c.id, msg)
			return
		}
		capacity = q * l.speed * p.units.factor
	}
	if l.closed || l.speed == 0 {
		m.Closed = append(m.Closed, l.id)
		return
	}
	st := "pump " + l.id
	nd := network.Node{ID: st, Role: network.Station, Capacity: capacity, Attrs: l.attrs, Pos: pos}
	if a, z := p.nodeIdx[l.from].coord, p.nodeIdx[l.to].coord; a != nil && z != nil {
		nd.Coord = &network.Coord{X: (a.X + z.X) / 2, Y: (a.Y + z.Y) / 2}
	}
	b.AddNode(nd)
	attrs := map[string]string{"epanet_type": "pump", "epanet_id": l.id}
	b.AddLink(network.Link{ID: st + " in", From: l.from, To: st, OneWay: true, Attrs: attrs, Pos: pos})
	b.AddLink(network.Link{ID: st + " out", From: st, To: l.to, OneWay: true, Attrs: attrs, Pos: pos})
}

// maxFlow returns the largest flow of a pump head curve, in the curve's
// flow units, as EPANET computes it: a one-point curve (design flow q,
// head h) is the power function through (0, 4h/3), (q, h) and (2q, 0),
// whose largest flow is 2q; a three-point curve starting at flow 0 is the
// power function h = a − b·q^c through its points, whose largest flow
// (a/b)^(1/c) is where the head falls to zero; any other curve is used as
// given, its largest flow the last point's. A curve that cannot be fitted
// or whose heads do not fall gives a message.
func maxFlow(c *curve) (float64, string) {
	x, y := c.x, c.y
	switch {
	case len(x) == 0:
		return 0, "no points"
	case len(x) == 1:
		if x[0] <= 0 || y[0] <= 0 {
			return 0, "a one-point curve needs a flow and a head greater than 0"
		}
		return 2 * x[0], ""
	case len(x) == 3 && x[0] == 0:
		h0, h1, h2, q1, q2 := y[0], y[1], y[2], x[1], x[2]
		if h0 < tiny || h0-h1 < tiny || h1-h2 < tiny || q1 < tiny || q2-q1 < tiny {
			return 0, "no power function fits its points (heads must fall as flows rise)"
		}
		cexp := math.Log((h0-h2)/(h0-h1)) / math.Log(q2/q1)
		if !(cexp > 0 && cexp <= 20) {
			return 0, "no power function fits its points (exponent out of range)"
		}
		bcoef := (h0 - h1) / math.Pow(q1, cexp)
		return math.Pow(h0/bcoef, 1/cexp), ""
	}
	for i := 1; i < len(y); i++ {
		if y[i] >= y[i-1] {
			return 0, "heads must fall as flows rise"
		}
	}
	if q := x[len(x)-1]; q > 0 {
		return q, ""
	}
	return 0, "the largest flow must be greater than 0"
}

// mapValve maps a valve onto a link.
func (p *parser) mapValve(b *network.Builder, l *link, m *Model, opt Options, pos network.Pos) {
	if l.vtype == "GPV" && !p.checkRef(l.line, "valve", l.id, "setting", "curve", l.curve, p.curves[l.curve] != nil) {
		return
	}
	if l.vtype == "" || l.closed {
		if l.closed {
			m.Closed = append(m.Closed, l.id)
		}
		return
	}
	lk := network.Link{
		ID: "valve " + l.id, From: l.from, To: l.to,
		Capacity: p.capacity(l.diam, opt),
		Attrs:    l.attrs,
		Pos:      pos,
	}
	if !l.open {
		switch l.vtype {
		case "PRV", "PSV":
			lk.OneWay = true
		case "FCV":
			if l.setting < 0 {
				p.errorf(l.settingLine, "valve", l.id, "setting", "negative flow setting %g", l.setting)
				return
			}
			if l.setting == 0 {
				m.Closed = append(m.Closed, l.id)
				return
			}
			lk.OneWay = true
			lk.Capacity = l.setting * p.units.factor
		}
	}
	b.AddLink(lk)
}
