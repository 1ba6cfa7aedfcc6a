package epanet

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lifeline-sim/lifeline/network"
)

// section is a section of an input file that Read understands.
type section int

const (
	secSkip section = iota // before the first section, or one Read skips
	secTitle
	secJunctions
	secReservoirs
	secTanks
	secPipes
	secPumps
	secValves
	secDemands
	secStatus
	secPatterns
	secCurves
	secOptions
	secTimes
	secCoordinates
	secEnd
)

var sectionNames = map[string]section{
	"[TITLE]":       secTitle,
	"[JUNCTIONS]":   secJunctions,
	"[RESERVOIRS]":  secReservoirs,
	"[TANKS]":       secTanks,
	"[PIPES]":       secPipes,
	"[PUMPS]":       secPumps,
	"[VALVES]":      secValves,
	"[DEMANDS]":     secDemands,
	"[STATUS]":      secStatus,
	"[PATTERNS]":    secPatterns,
	"[CURVES]":      secCurves,
	"[OPTIONS]":     secOptions,
	"[TIMES]":       secTimes,
	"[COORDINATES]": secCoordinates,
	"[END]":         secEnd,
}

type nodeKind uint8

const (
	junction nodeKind = iota
	reservoir
	tank
)

func (k nodeKind) String() string {
	switch k {
	case junction:
		return "junction"
	case reservoir:
		return "reservoir"
	}
	return "tank"
}

// node is a junction, reservoir or tank as read, in the file's units.
type node struct {
	kind    nodeKind
	id      string
	line    int
	demand  float64    // junction: base demand of [JUNCTIONS]
	pattern string     // junction: demand pattern; reservoir: head pattern
	cats    []category // junction: the demands of [DEMANDS], replacing demand
	// Tank levels and diameter.
	init, min, max, diam float64
	volCurve             string
	coord                *network.Coord
	attrs                map[string]string
}

// category is one demand of a junction from [DEMANDS].
type category struct {
	base    float64
	pattern string
}

type linkKind uint8

const (
	pipe linkKind = iota
	pump
	valve
)

func (k linkKind) String() string {
	switch k {
	case pipe:
		return "pipe"
	case pump:
		return "pump"
	}
	return "valve"
}

// link is a pipe, pump or valve as read, in the file's units.
type link struct {
	kind     linkKind
	id       string
	line     int
	from, to string
	diam     float64 // pipe or valve diameter; 0 for the default
	cv       bool    // pipe with a check valve
	closed   bool    // closed at the start
	// Pump.
	headCurve string
	power     float64
	speed     float64
	pattern   string
	// Valve.
	vtype       string // upper case
	setting     float64
	settingLine int    // line of the setting (the valve's or a [STATUS] line)
	curve       string // GPV head loss curve
	open        bool   // forced open by [STATUS]
	attrs       map[string]string
}

type pattern struct {
	id   string
	line int
	f    []float64
}

type curve struct {
	id    string
	x, y  []float64
	lines []int
	bad   bool // a point did not parse, or the flows do not increase
}

type demandLine struct {
	id      string
	base    float64
	pattern string
	line    int
}

type statusLine struct {
	ids   []string // one link, or the first and last of a range
	value string   // "OPEN", "CLOSED" or "" for a setting
	num   float64  // the setting
	line  int
}

type coordLine struct {
	id   string
	x, y float64
	line int
}

// parser reads a file into records, then maps them onto a network (see
// model). It collects problems instead of stopping at the first.
type parser struct {
	file  string
	probs []error

	title    string
	units    flowUnit
	mult     float64
	defPat   string
	patStep  time.Duration
	patStart time.Duration
	counts   Counts

	nodes    []*node
	nodeIdx  map[string]*node
	links    []*link
	linkIdx  map[string]*link
	patterns map[string]*pattern
	patOrder []*pattern
	curves   map[string]*curve
	curveOrd []*curve
	demands  []demandLine
	statuses []statusLine
	coords   []coordLine
}

func newParser(file string) *parser {
	gpm, _ := lookupUnits("GPM")
	return &parser{
		file:     file,
		units:    gpm,
		mult:     1,
		defPat:   "1",
		patStep:  time.Hour,
		nodeIdx:  make(map[string]*node),
		linkIdx:  make(map[string]*link),
		patterns: make(map[string]*pattern),
		curves:   make(map[string]*curve),
	}
}

// at is the element a line describes, for reporting problems.
type at struct {
	p    *parser
	line int
	elem string
	id   string
}

func (e at) errorf(field, format string, args ...any) {
	e.p.errorf(e.line, e.elem, e.id, field, format, args...)
}

func (p *parser) errorf(line int, elem, id, field, format string, args ...any) {
	p.probs = append(p.probs, &network.FieldError{
		Pos:     network.Pos{File: p.file, Line: line},
		Element: elem, ID: id, Field: field,
		Msg: fmt.Sprintf(format, args...),
	})
}

// err returns the problems joined, in line order.
func (p *parser) err() error {
	slices.SortStableFunc(p.probs, func(a, b error) int {
		return a.(*network.FieldError).Pos.Line - b.(*network.FieldError).Pos.Line
	})
	return invalidError(p.probs)
}

// parseNumber parses a finite decimal number, as EPANET writes them.
func parseNumber(s string) (float64, string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'e', c == 'E':
		default:
			return 0, fmt.Sprintf("not a number %q", s)
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) && !math.IsInf(f, 0) {
			return f, "" // underflow to 0 or a denormal: as written
		}
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Sprintf("number %q out of range", s)
		}
		return 0, fmt.Sprintf("not a number %q", s)
	}
	return f, ""
}

// num parses tok[i] as the given field; a missing or bad value is
// reported.
func (e at) num(tok []string, i int, field string) (float64, bool) {
	if i >= len(tok) {
		e.errorf(field, "missing value")
		return 0, false
	}
	f, msg := parseNumber(tok[i])
	if msg != "" {
		e.errorf(field, "%s", msg)
		return 0, false
	}
	return f, true
}

// nonNeg parses a number ≥ 0.
func (e at) nonNeg(tok []string, i int, field string) (float64, bool) {
	f, ok := e.num(tok, i, field)
	if ok && f < 0 {
		e.errorf(field, "negative value %g", f)
		return 0, false
	}
	return f, ok
}

// positive parses a number > 0.
func (e at) positive(tok []string, i int, field string) (float64, bool) {
	f, ok := e.num(tok, i, field)
	if ok && f <= 0 {
		e.errorf(field, "must be greater than 0, got %g", f)
		return 0, false
	}
	return f, ok
}

// need reports the first of fields missing from tok (fields[i] is the name
// of tok[i]) and returns false if one is.
func (e at) need(tok []string, fields ...string) bool {
	if len(tok) >= len(fields) {
		return true
	}
	e.errorf(fields[len(tok)], "missing value")
	return false
}

// parse splits the file into lines and sections and reads each line.
func (p *parser) parse(data []byte) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	sec := secSkip
	for line := 1; len(data) > 0; line++ {
		var text []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			text, data = data[:i], data[i+1:]
		} else {
			text, data = data, nil
		}
		raw := string(text)
		s := raw
		if i := strings.IndexByte(s, ';'); i >= 0 {
			s = s[:i]
		}
		tok := strings.Fields(s)
		if len(tok) == 0 {
			continue
		}
		if strings.HasPrefix(tok[0], "[") {
			sec = sectionNames[strings.ToUpper(tok[0])]
			if sec == secEnd {
				return
			}
			continue
		}
		switch sec {
		case secTitle:
			if p.title == "" {
				p.title = strings.TrimSpace(raw)
			}
		case secJunctions:
			p.junction(tok, line)
		case secReservoirs:
			p.reservoir(tok, line)
		case secTanks:
			p.tank(tok, line)
		case secPipes:
			p.pipe(tok, line)
		case secPumps:
			p.pump(tok, line)
		case secValves:
			p.valve(tok, line)
		case secDemands:
			p.demand(tok, line)
		case secStatus:
			p.status(tok, line)
		case secPatterns:
			p.pattern(tok, line)
		case secCurves:
			p.curve(tok, line)
		case secOptions:
			p.option(tok, line)
		case secTimes:
			p.time(tok, line)
		case secCoordinates:
			p.coordinate(tok, line)
		}
	}
}

func (p *parser) addNode(n *node) {
	if first, dup := p.nodeIdx[n.id]; dup {
		p.errorf(n.line, n.kind.String(), n.id, "id", "duplicate node ID (a %s on line %d)", first.kind, first.line)
		return
	}
	p.nodeIdx[n.id] = n
	p.nodes = append(p.nodes, n)
}

func (p *parser) addLink(l *link) {
	if first, dup := p.linkIdx[l.id]; dup {
		p.errorf(l.line, l.kind.String(), l.id, "id", "duplicate link ID (a %s on line %d)", first.kind, first.line)
		return
	}
	p.linkIdx[l.id] = l
	p.links = append(p.links, l)
}

// junction reads "id [elevation [demand [pattern]]]".
func (p *parser) junction(tok []string, line int) {
	p.counts.Junctions++
	n := &node{kind: junction, id: tok[0], line: line, attrs: map[string]string{"epanet_type": "junction"}}
	e := at{p, line, "junction", n.id}
	if len(tok) > 1 {
		if _, ok := e.num(tok, 1, "elevation"); ok {
			n.attrs["elevation"] = tok[1]
		}
	}
	if len(tok) > 2 {
		n.demand, _ = e.num(tok, 2, "demand")
	}
	if len(tok) > 3 {
		n.pattern = tok[3]
		n.attrs["pattern"] = tok[3]
	}
	p.addNode(n)
}

// reservoir reads "id head [pattern]".
func (p *parser) reservoir(tok []string, line int) {
	p.counts.Reservoirs++
	n := &node{kind: reservoir, id: tok[0], line: line, attrs: map[string]string{"epanet_type": "reservoir"}}
	e := at{p, line, "reservoir", n.id}
	if _, ok := e.num(tok, 1, "head"); ok {
		n.attrs["head"] = tok[1]
	}
	if len(tok) > 2 {
		n.pattern = tok[2]
		n.attrs["pattern"] = tok[2]
	}
	p.addNode(n)
}

// tank reads "id elevation init_level min_level max_level diameter
// [min_vol [vol_curve [overflow]]]".
func (p *parser) tank(tok []string, line int) {
	p.counts.Tanks++
	n := &node{kind: tank, id: tok[0], line: line, attrs: map[string]string{"epanet_type": "tank"}}
	e := at{p, line, "tank", n.id}
	defer p.addNode(n)
	if !e.need(tok, "id", "elevation", "init_level", "min_level", "max_level", "diameter") {
		return
	}
	// The elevation may be negative; levels, diameter and volume may not.
	keys := []string{"id", "elevation", "init_level", "min_level", "max_level", "diameter", "min_vol"}
	vals := make([]float64, len(keys))
	ok := true
	for i := 1; i < len(keys) && i < len(tok); i++ {
		parse := e.nonNeg
		if i == 1 {
			parse = e.num
		}
		v, good := parse(tok, i, keys[i])
		if good {
			vals[i] = v
			n.attrs[keys[i]] = tok[i]
		}
		ok = ok && good
	}
	n.init, n.min, n.max, n.diam = vals[2], vals[3], vals[4], vals[5]
	if len(tok) > 7 && tok[7] != "*" {
		n.volCurve = tok[7]
		n.attrs["vol_curve"] = tok[7]
	}
	if len(tok) > 8 {
		switch strings.ToUpper(tok[8]) {
		case "YES", "NO":
			n.attrs["overflow"] = tok[8]
		default:
			e.errorf("overflow", "want YES or NO, got %q", tok[8])
		}
	}
	if !ok {
		return
	}
	switch {
	case n.min > n.max:
		e.errorf("max_level", "maximum level %g below minimum level %g", n.max, n.min)
	case n.init < n.min || n.init > n.max:
		e.errorf("init_level", "initial level %g outside [%g, %g]", n.init, n.min, n.max)
	}
	if n.diam == 0 && n.volCurve == "" {
		e.errorf("diameter", "must be greater than 0 unless a volume curve is given")
	}
}

// ends reads the two end nodes of a link.
func (e at) ends(tok []string, l *link) bool {
	if !e.need(tok, "id", "node1", "node2") {
		return false
	}
	if tok[1] == tok[2] {
		e.errorf("node2", "same as node1 %q", tok[1])
		return false
	}
	l.from, l.to = tok[1], tok[2]
	return true
}

// pipe reads "id node1 node2 [length [diameter [roughness [minor_loss]
// [status]]]]", where a seventh field alone is a minor loss or a status.
func (p *parser) pipe(tok []string, line int) {
	p.counts.Pipes++
	l := &link{kind: pipe, id: tok[0], line: line, attrs: map[string]string{"epanet_type": "pipe", "epanet_id": tok[0]}}
	e := at{p, line, "pipe", l.id}
	defer p.addLink(l)
	if !e.ends(tok, l) {
		return
	}
	if len(tok) > 3 {
		if _, ok := e.positive(tok, 3, "length"); ok {
			l.attrs["length"] = tok[3]
		}
	}
	if len(tok) > 4 {
		if d, ok := e.positive(tok, 4, "diameter"); ok {
			l.diam = d
			l.attrs["diameter"] = tok[4]
		}
	}
	if len(tok) > 5 {
		if _, ok := e.positive(tok, 5, "roughness"); ok {
			l.attrs["roughness"] = tok[5]
		}
	}
	status := func(s string) bool {
		switch strings.ToUpper(s) {
		case "OPEN":
		case "CLOSED":
			l.closed = true
		case "CV":
			l.cv = true
		default:
			return false
		}
		l.attrs["status"] = strings.ToLower(s)
		return true
	}
	switch {
	case len(tok) == 7:
		if !status(tok[6]) {
			if _, ok := e.nonNeg(tok, 6, "minor_loss"); ok {
				l.attrs["minor_loss"] = tok[6]
			}
		}
	case len(tok) > 7:
		if _, ok := e.nonNeg(tok, 6, "minor_loss"); ok {
			l.attrs["minor_loss"] = tok[6]
		}
		if !status(tok[7]) {
			e.errorf("status", "want OPEN, CLOSED or CV, got %q", tok[7])
		}
	}
}

// pump reads "id node1 node2 keyword value ...", the keywords HEAD (a
// curve), POWER (kW or hp), SPEED and PATTERN.
func (p *parser) pump(tok []string, line int) {
	p.counts.Pumps++
	l := &link{kind: pump, id: tok[0], line: line, speed: 1, attrs: map[string]string{"epanet_type": "pump", "epanet_id": tok[0]}}
	e := at{p, line, "pump", l.id}
	defer p.addLink(l)
	if !e.ends(tok, l) {
		return
	}
	ok := true
	for i := 3; i < len(tok); i += 2 {
		kw := strings.ToUpper(tok[i])
		field := strings.ToLower(kw)
		switch kw {
		case "HEAD", "POWER", "SPEED", "PATTERN":
		default:
			e.errorf("parameters", "unknown keyword %q (want HEAD, POWER, SPEED or PATTERN)", tok[i])
			return
		}
		if i+1 >= len(tok) {
			e.errorf(field, "missing value")
			return
		}
		switch kw {
		case "HEAD":
			l.headCurve = tok[i+1]
			l.attrs["head_curve"] = tok[i+1]
		case "POWER":
			var good bool
			l.power, good = e.positive(tok, i+1, field)
			ok = ok && good
			l.attrs["power"] = tok[i+1]
		case "SPEED":
			var good bool
			l.speed, good = e.nonNeg(tok, i+1, field)
			ok = ok && good
			l.attrs["speed"] = tok[i+1]
		case "PATTERN":
			l.pattern = tok[i+1]
			l.attrs["pattern"] = tok[i+1]
		}
	}
	if ok && l.headCurve == "" && l.power == 0 {
		e.errorf("head", "no HEAD curve or POWER given")
	}
}

// valveTypes are the valve types, in the order of the manual.
var valveTypes = []string{"PRV", "PSV", "PBV", "FCV", "TCV", "GPV", "PCV"}

// valve reads "id node1 node2 diameter type [setting [minor_loss]]", where
// the setting of a GPV is a head loss curve.
func (p *parser) valve(tok []string, line int) {
	p.counts.Valves++
	l := &link{kind: valve, id: tok[0], line: line, settingLine: line, attrs: map[string]string{"epanet_type": "valve", "epanet_id": tok[0]}}
	e := at{p, line, "valve", l.id}
	defer p.addLink(l)
	if !e.ends(tok, l) || !e.need(tok, "id", "node1", "node2", "diameter", "type") {
		return
	}
	if d, ok := e.positive(tok, 3, "diameter"); ok {
		l.diam = d
		l.attrs["diameter"] = tok[3]
	}
	l.vtype = strings.ToUpper(tok[4])
	if !slices.Contains(valveTypes, l.vtype) {
		e.errorf("type", "unknown valve type %q (want PRV, PSV, PBV, FCV, TCV, GPV or PCV)", tok[4])
		return
	}
	l.attrs["valve_type"] = l.vtype
	if len(tok) > 5 {
		if l.vtype == "GPV" {
			l.curve = tok[5]
			l.attrs["setting"] = tok[5]
		} else if v, ok := e.num(tok, 5, "setting"); ok {
			l.setting = v
			l.attrs["setting"] = tok[5]
		}
	}
	if len(tok) > 6 {
		if _, ok := e.nonNeg(tok, 6, "minor_loss"); ok {
			l.attrs["minor_loss"] = tok[6]
		}
	}
}

// demand reads "junction base [pattern]"; the category is a comment.
func (p *parser) demand(tok []string, line int) {
	e := at{p, line, "demand", tok[0]}
	d := demandLine{id: tok[0], line: line}
	var ok bool
	if d.base, ok = e.num(tok, 1, "base"); !ok {
		return
	}
	if len(tok) > 2 {
		d.pattern = tok[2]
	}
	p.demands = append(p.demands, d)
}

// status reads "link value" or "first_link last_link value", the value
// OPEN, CLOSED or a setting (a pump's speed, a valve's setting).
func (p *parser) status(tok []string, line int) {
	e := at{p, line, "status", tok[0]}
	if !e.need(tok, "link", "value") {
		return
	}
	n := len(tok) - 1
	if n > 2 {
		e.errorf("value", "want one link (or the first and last of a range) and a value, got %d fields", len(tok))
		return
	}
	s := statusLine{ids: tok[:n], line: line}
	switch v := strings.ToUpper(tok[n]); v {
	case "OPEN", "CLOSED":
		s.value = v
	default:
		f, msg := parseNumber(tok[n])
		if msg != "" {
			e.errorf("value", "want OPEN, CLOSED or a setting, got %q", tok[n])
			return
		}
		if f < 0 {
			e.errorf("value", "negative setting %g", f)
			return
		}
		s.num = f
	}
	p.statuses = append(p.statuses, s)
}

// pattern reads "id multiplier ..."; a pattern may continue on more lines.
func (p *parser) pattern(tok []string, line int) {
	e := at{p, line, "pattern", tok[0]}
	pat := p.patterns[tok[0]]
	if pat == nil {
		pat = &pattern{id: tok[0], line: line}
		p.patterns[pat.id] = pat
		p.patOrder = append(p.patOrder, pat)
		p.counts.Patterns++
	}
	if len(tok) < 2 {
		e.errorf("multipliers", "missing value")
		return
	}
	for i := 1; i < len(tok); i++ {
		f, ok := e.num(tok, i, "multipliers")
		if !ok {
			return
		}
		pat.f = append(pat.f, f)
	}
}

// curve reads "id x y"; a curve has one point per line.
func (p *parser) curve(tok []string, line int) {
	e := at{p, line, "curve", tok[0]}
	c := p.curves[tok[0]]
	if c == nil {
		c = &curve{id: tok[0]}
		p.curves[c.id] = c
		p.curveOrd = append(p.curveOrd, c)
		p.counts.Curves++
	}
	x, okx := e.num(tok, 1, "x")
	if !okx {
		c.bad = true
		return
	}
	y, oky := e.num(tok, 2, "y")
	if !oky {
		c.bad = true
		return
	}
	c.x = append(c.x, x)
	c.y = append(c.y, y)
	c.lines = append(c.lines, line)
}

// option reads the options Read uses: UNITS, DEMAND MULTIPLIER and
// PATTERN; it skips the others.
func (p *parser) option(tok []string, line int) {
	e := at{p, line, "options", ""}
	kw := strings.ToUpper(tok[0])
	switch {
	case kw == "UNITS":
		if !e.need(tok, "", "units") {
			return
		}
		u, ok := lookupUnits(tok[1])
		if !ok {
			e.errorf("units", "unknown flow units %q (want %s)", tok[1], unitNames())
			return
		}
		p.units = u
	case kw == "DEMAND" && len(tok) > 1 && strings.EqualFold(tok[1], "MULTIPLIER"):
		if v, ok := e.nonNeg(tok, 2, "demand_multiplier"); ok {
			p.mult = v
		}
	case kw == "PATTERN":
		if e.need(tok, "", "pattern") {
			p.defPat = tok[1]
		}
	}
}

// maxHours bounds a time of [TIMES], so that it fits a time.Duration.
const maxHours = 1e6

// time reads the times Read uses: PATTERN TIMESTEP and PATTERN START; it
// skips the others.
func (p *parser) time(tok []string, line int) {
	if len(tok) < 2 || !strings.EqualFold(tok[0], "PATTERN") {
		return
	}
	var dst *time.Duration
	var field string
	switch strings.ToUpper(tok[1]) {
	case "TIMESTEP":
		dst, field = &p.patStep, "pattern_timestep"
	case "START":
		dst, field = &p.patStart, "pattern_start"
	default:
		return
	}
	e := at{p, line, "times", ""}
	if len(tok) < 3 {
		e.errorf(field, "missing value")
		return
	}
	h, ok := parseHours(tok[2:])
	if !ok {
		e.errorf(field, "want hours, h:mm[:ss] or a number and SECONDS, MINUTES, HOURS or DAYS, got %q", strings.Join(tok[2:], " "))
		return
	}
	if h > maxHours {
		e.errorf(field, "%g hours out of range", h)
		return
	}
	d := time.Duration(math.Round(h*3600)) * time.Second
	if dst == &p.patStep && d <= 0 {
		e.errorf(field, "must be greater than 0")
		return
	}
	*dst = d
}

// parseHours parses a time of [TIMES]: decimal hours, h:mm or h:mm:ss, or
// a number followed by a unit (SECONDS, MINUTES, HOURS or DAYS, abbreviated
// to at least three letters).
func parseHours(vals []string) (float64, bool) {
	if len(vals) > 2 {
		return 0, false
	}
	var h float64
	if f, msg := parseNumber(vals[0]); msg == "" {
		h = f
	} else {
		parts := strings.Split(vals[0], ":")
		if len(parts) < 2 || len(parts) > 3 || len(vals) > 1 {
			return 0, false
		}
		scale := 1.0
		for _, s := range parts {
			f, msg := parseNumber(s)
			if msg != "" || f < 0 || s == "" {
				return 0, false
			}
			h += f * scale
			scale /= 60
		}
	}
	if len(vals) == 2 {
		u := strings.ToUpper(vals[1])
		switch {
		case len(u) >= 3 && strings.HasPrefix("SECONDS", u):
			h /= 3600
		case len(u) >= 3 && strings.HasPrefix("MINUTES", u):
			h /= 60
		case len(u) >= 3 && strings.HasPrefix("HOURS", u):
		case len(u) >= 3 && strings.HasPrefix("DAYS", u):
			h *= 24
		default:
			return 0, false
		}
	}
	return h, h >= 0 && !math.IsInf(h, 0)
}

// coordinate reads "node x y".
func (p *parser) coordinate(tok []string, line int) {
	e := at{p, line, "node", tok[0]}
	x, okx := e.num(tok, 1, "x")
	if !okx {
		return
	}
	y, oky := e.num(tok, 2, "y")
	if !oky {
		return
	}
	p.coords = append(p.coords, coordLine{id: tok[0], x: x, y: y, line: line})
}
