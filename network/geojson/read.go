package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/shopspring/decimal"
)

// Read reads one GeoJSON FeatureCollection, as Write writes it or as a GIS
// exports it, and builds a network of the given kind. The file name is used
// only in error positions.
//
// Features become elements in file order: a Point is a node at its
// coordinates (longitude and latitude, or x and y; a third number, the
// altitude, is dropped), a LineString a link between the nodes its from and
// to properties name (its coordinates are checked but not kept), and a
// feature with a null geometry is a link if it has a from or to property and
// an unlocated node otherwise. The properties of nodes are id, role, zone,
// class, capacity, demand, customers, area, level, max_level, charge_rate,
// needs_operators and attrs; those of links id, from, to, capacity, oneway,
// loss and attrs; see Write. id and role (for a node), id, from and to (for
// a link) are required, and when a feature has no id property its
// feature-level "id" member is used. A null or missing number is 0, except
// that a null capacity or charge_rate, or the string "unlimited", is +Inf
// (unlimited); IDs may be strings or numbers; a null zone or class is none.
// The extra properties Write adds from Values, which the collection's
// values member names, are ignored (and so are served, coverage, flow and
// loading, which earlier versions added without naming them), and any
// other property is kept in the element's Attrs as text (a string as is, a number or a boolean as written, an object or an
// array as compact JSON, null left out).
//
// The foreign members name, kind, zones and classes of the collection are
// read as Write writes them; others (crs, bbox, ...) are ignored. kind is
// the network's kind: if the collection has a kind member it must agree,
// and if kind is "" the member decides. Zones are those of the zones member,
// then any other zone a node names, in order of first use. Without a classes
// member, consumers are ranked in network.DefaultClasses.
//
// Every problem is reported as a *network.FieldError with Pos{File, Line}
// (the line where the feature, or the member of the collection, starts),
// the element ("node", "link", "feature" when it cannot tell, or
// "network"), its ID and the field, all joined in line order (see
// network.Problems); when the element has no ID the message ends with its
// index, as "(features[3])". The error matches network.ErrInvalid. A feature
// with a property that does not decode is still validated by
// network.Builder.Build but only its decoding problems are reported. A JSON
// syntax error, a document that is not a FeatureCollection, a feature that
// is neither a node nor a link or a bad zones or classes member means the
// network is not validated. Errors from r are returned wrapped. Read never
// panics, whatever the input, and runs in time linear in its size.
func Read(r io.Reader, file string, kind network.Kind) (*network.Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("geojson: reading %s: %w", file, err)
	}
	d := &decoder{file: file, data: bytes.TrimPrefix(data, []byte("\uFEFF")), lineNo: 1}
	return d.read(kind)
}

// item is one value of the document and the line where it starts. The
// arrays features, zones and classes are split into their items.
type item struct {
	line  int
	raw   json.RawMessage
	array bool
	items []item
}

type decoder struct {
	file string
	data []byte

	// lineOff and lineNo cache the line of a byte offset, so that counting
	// the lines of increasing offsets is linear overall.
	lineOff int
	lineNo  int

	probs []error
	fatal bool
	bad   map[elemKey]bool // elements with a property that did not decode

	// nodeValues and linkValues are the extra properties named by the
	// collection's values member, skipped.
	nodeValues, linkValues []string
}

// elemKey identifies an element in the problems of Build.
type elemKey struct {
	elem, id string
	line     int
}

// ctx names the element being decoded, for messages.
type ctx struct {
	elem, id string
	line     int
	index    int  // the feature's index, -1 for members of the collection
	soft     bool // a problem leaves the element to Build rather than stop
}

func (d *decoder) fail(c ctx, field, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if c.index >= 0 && strings.TrimSpace(c.id) == "" {
		msg += fmt.Sprintf(" (features[%d])", c.index)
	}
	d.probs = append(d.probs, &network.FieldError{Pos: network.Pos{File: d.file, Line: c.line}, Element: c.elem, ID: c.id, Field: field, Msg: msg})
	if !c.soft {
		d.fatal = true
		return
	}
	if d.bad == nil {
		d.bad = make(map[elemKey]bool)
	}
	d.bad[elemKey{c.elem, c.id, c.line}] = true
}

// lineAt returns the 1-based line of the byte at offset off.
func (d *decoder) lineAt(off int64) int {
	o := int(max(0, min(off, int64(len(d.data)))))
	if o < d.lineOff {
		d.lineOff, d.lineNo = 0, 1
	}
	d.lineNo += bytes.Count(d.data[d.lineOff:o], []byte{'\n'})
	d.lineOff = o
	return d.lineNo
}

// valueStart skips white space, commas and colons from off to where the
// next value starts.
func (d *decoder) valueStart(off int64) int64 {
	for off >= 0 && off < int64(len(d.data)) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// syntax reports an error of the JSON decoder.
func (d *decoder) syntax(err error) {
	c := ctx{elem: "network", index: -1}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		c.line = d.lineAt(se.Offset - 1)
		d.fail(c, "", "JSON syntax error: %s", se.Error())
	case errors.Is(err, io.EOF) && len(bytes.TrimSpace(d.data)) == 0:
		c.line = 1
		d.fail(c, "", "empty document")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		c.line = d.lineAt(int64(len(d.data)))
		d.fail(c, "", "JSON syntax error: unexpected end of the document")
	default:
		c.line = 1
		d.fail(c, "", "JSON syntax error: %s", err.Error())
	}
}

// split reads the top-level object into its members, each array features,
// zones and classes split into its items with their lines.
func (d *decoder) split() (map[string]item, bool) {
	dec := json.NewDecoder(bytes.NewReader(d.data))
	tok, err := dec.Token()
	if err != nil {
		d.syntax(err)
		return nil, false
	}
	if tok != json.Delim('{') {
		raw := json.RawMessage("[")
		if _, isDelim := tok.(json.Delim); !isDelim {
			raw, _ = json.Marshal(tok)
		}
		start := d.valueStart(0)
		d.fail(ctx{elem: "network", line: d.lineAt(start), index: -1}, "", "want a GeoJSON FeatureCollection object, got %s", describe(raw))
		return nil, false
	}
	members := make(map[string]item)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			d.syntax(err)
			return nil, false
		}
		key, _ := tok.(string)
		start := d.valueStart(dec.InputOffset())
		it := item{line: d.lineAt(start)}
		if (key == "features" || key == "zones" || key == "classes") && start < int64(len(d.data)) && d.data[start] == '[' {
			if _, err := dec.Token(); err != nil {
				d.syntax(err)
				return nil, false
			}
			it.array = true
			for dec.More() {
				s := d.valueStart(dec.InputOffset())
				sub := item{line: d.lineAt(s)}
				if err := dec.Decode(&sub.raw); err != nil {
					d.syntax(err)
					return nil, false
				}
				it.items = append(it.items, sub)
			}
			if _, err := dec.Token(); err != nil {
				d.syntax(err)
				return nil, false
			}
		} else if err := dec.Decode(&it.raw); err != nil {
			d.syntax(err)
			return nil, false
		}
		if first, dup := members[key]; dup {
			d.fail(ctx{elem: "network", line: it.line, index: -1}, key, "repeated member (first at line %d)", first.line)
			continue
		}
		members[key] = it
	}
	if _, err := dec.Token(); err != nil {
		d.syntax(err)
		return nil, false
	}
	end := d.valueStart(dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			d.syntax(err)
		} else {
			d.fail(ctx{elem: "network", line: d.lineAt(end), index: -1}, "", "data after the end of the FeatureCollection")
		}
		return nil, false
	}
	return members, !d.fatal
}

func (d *decoder) read(kind network.Kind) (*network.Network, error) {
	members, ok := d.split()
	if !ok {
		return nil, d.err()
	}
	c := ctx{elem: "network", line: 1, index: -1}
	if it, ok := members["name"]; ok {
		c.id = d.str(it.raw, ctx{elem: "network", line: it.line, index: -1}, "name")
	}
	if it, ok := members["type"]; !ok {
		d.fail(c, "type", `missing; want "FeatureCollection"`)
	} else if s, isStr := text(it.raw); !isStr || s != "FeatureCollection" {
		c.line = it.line
		d.fail(c, "type", `want "FeatureCollection", got %s`, describe(it.raw))
		c.line = 1
	}
	k, kindLine := kind, 1
	if it, ok := members["kind"]; ok {
		kindLine = it.line
		cc := c
		cc.line = it.line
		if s := d.str(it.raw, cc, "kind"); s != "" {
			switch {
			case kind == "":
				k = network.Kind(s)
			case network.Kind(s) != kind:
				d.fail(cc, "kind", "the collection's kind is %q, want %q", s, kind)
			}
		}
	}
	b := network.NewBuilder(k)
	b.SetName(c.id)
	declared := make(map[string]bool)
	if it, ok := members["zones"]; ok && (it.array || kindOf(it.raw) != 'n') {
		for _, z := range d.list(it, c, "zones") {
			zone := d.zone(z)
			declared[zone.ID] = true
			b.AddZone(zone)
		}
	}
	classLine := 1
	if it, ok := members["classes"]; ok && (it.array || kindOf(it.raw) != 'n') {
		classLine = it.line
		var cs []network.Class
		for _, cl := range d.list(it, c, "classes") {
			cs = append(cs, d.class(cl))
		}
		b.SetClasses(cs)
	}
	if it, ok := members["values"]; ok && kindOf(it.raw) != 'n' {
		d.values(it, c)
	}
	var features []item
	if it, ok := members["features"]; !ok {
		d.fail(c, "features", "missing")
	} else {
		features = d.list(it, c, "features")
	}
	for i, f := range features {
		nd, lk := d.feature(i, f)
		switch {
		case nd != nil:
			if nd.Zone != "" && !declared[nd.Zone] {
				declared[nd.Zone] = true
				b.AddZone(network.Zone{ID: nd.Zone, Pos: nd.Pos})
			}
			b.AddNode(*nd)
		case lk != nil:
			b.AddLink(*lk)
		}
	}
	if d.fatal {
		return nil, d.err()
	}
	net, err := b.Build()
	if err == nil && len(d.probs) == 0 {
		return net, nil
	}
	for _, p := range network.Problems(err) {
		if p.Pos.File == "" {
			p.Pos = network.Pos{File: d.file, Line: 1}
			switch {
			case p.Element == "class" || p.Field == "classes":
				p.Pos.Line = classLine
			case p.Field == "kind":
				p.Pos.Line = kindLine
			}
		}
		if d.bad[elemKey{p.Element, p.ID, p.Pos.Line}] {
			continue
		}
		d.probs = append(d.probs, p)
	}
	return nil, d.err()
}

// err returns the problems found, in line order.
func (d *decoder) err() error {
	slices.SortStableFunc(d.probs, func(a, b error) int {
		return a.(*network.FieldError).Pos.Line - b.(*network.FieldError).Pos.Line
	})
	return invalidError(d.probs)
}

// list returns the items of an array member.
func (d *decoder) list(it item, c ctx, field string) []item {
	if !it.array {
		c.line = it.line
		d.fail(c, field, "want an array, got %s", describe(it.raw))
		return nil
	}
	return it.items
}

// object decodes a JSON object into its members, or reports what it is
// instead.
func (d *decoder) object(v json.RawMessage, c ctx, field, want string) (map[string]json.RawMessage, bool) {
	if kindOf(v) != '{' {
		d.fail(c, field, "want %s, got %s", want, describe(v))
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		d.fail(c, field, "%v", err)
		return nil, false
	}
	return m, true
}

func (d *decoder) zone(it item) network.Zone {
	c := ctx{elem: "zone", line: it.line, index: -1}
	m, ok := d.object(it.raw, c, "", "an object")
	if !ok {
		return network.Zone{}
	}
	z := network.Zone{Pos: network.Pos{File: d.file, Line: it.line}}
	z.ID, _ = text(m["id"])
	c.id = z.ID
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		switch k {
		case "id":
			z.ID = d.ident(v, c, k)
		case "name":
			z.Name = d.str(v, c, k)
		case "attrs":
			z.Attrs = d.attrs(v, c, nil)
		default:
			d.fail(c, k, "unknown field (want id, name or attrs)")
		}
	}
	return z
}

func (d *decoder) class(it item) network.Class {
	c := ctx{elem: "class", line: it.line, index: -1}
	m, ok := d.object(it.raw, c, "", "an object")
	if !ok {
		return network.Class{}
	}
	var cl network.Class
	cl.Name, _ = text(m["name"])
	c.id = cl.Name
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		switch k {
		case "name":
			cl.Name = d.str(v, c, k)
		case "rank":
			f := d.integer(v, c, k)
			if f < math.MinInt32 || f > math.MaxInt32 {
				d.fail(c, k, "rank %d out of range", f)
				f = 0
			}
			cl.Rank = f
		case "voll":
			cl.VoLL = d.decimal(v, c, k)
		case "description":
			cl.Description = d.str(v, c, k)
		default:
			d.fail(c, k, "unknown field (want name, rank, voll or description)")
		}
	}
	return cl
}

// The properties of each element, and those Write adds for a result.
var (
	nodeProps  = []string{"id", "role", "zone", "class", "capacity", "demand", "customers", "area", "level", "max_level", "charge_rate", "needs_operators", "attrs"}
	linkProps  = []string{"id", "from", "to", "capacity", "oneway", "loss", "attrs"}
	nodeResult = []string{"served", "coverage"}
	linkResult = []string{"flow", "loading"}
)

// values reads the values member, {"nodes": [names], "links": [names]}:
// the extra properties Write added, which Read skips.
func (d *decoder) values(it item, c ctx) {
	c.line = it.line
	var v struct {
		Nodes []string `json:"nodes"`
		Links []string `json:"links"`
	}
	if err := json.Unmarshal(it.raw, &v); err != nil {
		d.fail(c, "values", `want {"nodes": [names], "links": [names]}, got %s`, describe(it.raw))
		return
	}
	d.nodeValues, d.linkValues = v.Nodes, v.Links
}

// feature decodes one feature into a node or a link; it returns neither if
// the feature cannot be told to be either.
func (d *decoder) feature(idx int, it item) (*network.Node, *network.Link) {
	c := ctx{elem: "feature", line: it.line, index: idx}
	m, ok := d.object(it.raw, c, "", "a Feature object")
	if !ok {
		return nil, nil
	}
	var props map[string]json.RawMessage
	if v, ok := m["properties"]; ok && kindOf(v) != 'n' {
		if props, ok = d.object(v, c, "properties", "an object or null"); !ok {
			return nil, nil
		}
	}
	idRaw, hasID := props["id"]
	if !hasID {
		idRaw, hasID = m["id"]
	}
	c.id = identText(idRaw)
	if t, ok := m["type"]; !ok {
		d.fail(c, "type", `missing; want "Feature"`)
		return nil, nil
	} else if s, isStr := text(t); !isStr || s != "Feature" {
		d.fail(c, "type", `want "Feature", got %s`, describe(t))
		return nil, nil
	}
	var geom map[string]json.RawMessage
	if v, ok := m["geometry"]; ok && kindOf(v) != 'n' {
		if geom, ok = d.object(v, c, "geometry", "an object or null"); !ok {
			return nil, nil
		}
	}
	gtype := ""
	if geom != nil {
		t, ok := geom["type"]
		if !ok {
			d.fail(c, "geometry.type", "missing")
			return nil, nil
		}
		s, isStr := text(t)
		if !isStr || (s != "Point" && s != "LineString") {
			d.fail(c, "geometry.type", "want Point or LineString, got %s", describe(t))
			return nil, nil
		}
		gtype = s
	}
	_, hasFrom := props["from"]
	_, hasTo := props["to"]
	isLink := gtype == "LineString" || (gtype == "" && (hasFrom || hasTo))
	pos := network.Pos{File: d.file, Line: it.line}
	c.soft = true
	if isLink {
		c.elem = "link"
		l := &network.Link{Pos: pos}
		if geom != nil {
			d.lineString(geom["coordinates"], c)
		}
		l.Attrs = d.properties(props, c, func(k string, v json.RawMessage) bool {
			switch k {
			case "id":
				l.ID = d.ident(v, c, k)
			case "from":
				l.From = d.ident(v, c, k)
			case "to":
				l.To = d.ident(v, c, k)
			case "capacity":
				l.Capacity = d.quantity(v, c, k)
			case "oneway":
				l.OneWay = d.boolean(v, c, k)
			case "loss":
				l.Loss = d.number(v, c, k)
			default:
				return false
			}
			return true
		})
		if !hasID {
			d.fail(c, "id", "missing")
		} else if _, inProps := props["id"]; !inProps {
			l.ID = d.ident(idRaw, c, "id")
		}
		d.checkID(c, hasID, l.ID)
		if !hasFrom {
			d.fail(c, "from", "missing")
		}
		if !hasTo {
			d.fail(c, "to", "missing")
		}
		return nil, l
	}
	c.elem = "node"
	n := &network.Node{Pos: pos}
	if geom != nil {
		n.Coord = d.point(geom["coordinates"], c)
	}
	_, hasRole := props["role"]
	n.Attrs = d.properties(props, c, func(k string, v json.RawMessage) bool {
		switch k {
		case "id":
			n.ID = d.ident(v, c, k)
		case "role":
			n.Role = network.Role(d.str(v, c, k))
		case "zone":
			n.Zone = d.ident(v, c, k)
		case "class":
			n.Class = d.str(v, c, k)
		case "capacity":
			n.Capacity = d.quantity(v, c, k)
		case "demand":
			n.Demand = d.number(v, c, k)
		case "customers":
			n.Customers = d.integer(v, c, k)
		case "area":
			n.Area = d.number(v, c, k)
		case "level":
			n.Level = d.number(v, c, k)
		case "max_level":
			n.MaxLevel = d.number(v, c, k)
		case "charge_rate":
			n.ChargeRate = d.quantity(v, c, k)
		case "needs_operators":
			n.NeedsOperators = d.boolean(v, c, k)
		default:
			return false
		}
		return true
	})
	if !hasID {
		d.fail(c, "id", "missing")
	} else if _, inProps := props["id"]; !inProps {
		n.ID = d.ident(idRaw, c, "id")
	}
	d.checkID(c, hasID, n.ID)
	if !hasRole {
		d.fail(c, "role", "missing")
	}
	return n, nil
}

// checkID reports an ID that is given but empty, here rather than in Build
// so that the message names the feature by its index.
func (d *decoder) checkID(c ctx, given bool, id string) {
	if given && strings.TrimSpace(id) == "" {
		d.fail(c, "id", "empty ID")
	}
}

// properties hands each property, in key order, to field, which returns
// false for one it does not know. It returns the attributes: those of the
// attrs property, then every unknown property as text. A property of the
// other kind of element is an error; those of results are skipped.
func (d *decoder) properties(props map[string]json.RawMessage, c ctx, field func(k string, v json.RawMessage) bool) map[string]string {
	own, other, result, otherKind := nodeProps, linkProps, nodeResult, "link"
	if c.elem == "link" {
		own, other, result, otherKind = linkProps, nodeProps, linkResult, "node"
	}
	var attrs map[string]string
	var extra []string
	for _, k := range slices.Sorted(maps.Keys(props)) {
		v := props[k]
		switch {
		case field(k, v):
		case k == "attrs":
			attrs = d.attrs(v, c, attrs)
		case slices.Contains(result, k), c.elem == "link" && slices.Contains(d.linkValues, k),
			c.elem != "link" && slices.Contains(d.nodeValues, k):
		case slices.Contains(other, k) && !slices.Contains(own, k):
			d.fail(c, k, "a %s property, not a %s's", otherKind, c.elem)
		default:
			extra = append(extra, k)
		}
	}
	for _, k := range extra {
		s, ok := attrText(props[k])
		if !ok {
			continue
		}
		if _, dup := attrs[k]; dup {
			d.fail(c, k, "given both as a property and in attrs")
			continue
		}
		if attrs == nil {
			attrs = make(map[string]string)
		}
		attrs[k] = s
	}
	return attrs
}

// attrs decodes an object of attributes into m (made if nil); values are
// kept as text, as attrText gives them.
func (d *decoder) attrs(v json.RawMessage, c ctx, m map[string]string) map[string]string {
	if kindOf(v) == 'n' {
		return m
	}
	obj, ok := d.object(v, c, "attrs", "an object or null")
	if !ok {
		return m
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		s, ok := attrText(obj[k])
		if !ok {
			continue
		}
		if m == nil {
			m = make(map[string]string, len(obj))
		}
		m[k] = s
	}
	return m
}

// point decodes the coordinates of a Point; empty coordinates are no point.
func (d *decoder) point(v json.RawMessage, c ctx) *network.Coord {
	var items []json.RawMessage
	if kindOf(v) != '[' || json.Unmarshal(v, &items) != nil {
		d.fail(c, "geometry.coordinates", "want an array of 2 or 3 numbers, got %s", describe(v))
		return nil
	}
	if len(items) == 0 {
		return nil
	}
	xy, ok := d.position(items, c)
	if !ok {
		return nil
	}
	return &xy
}

// lineString checks the coordinates of a LineString: empty, or at least two
// positions.
func (d *decoder) lineString(v json.RawMessage, c ctx) {
	var items []json.RawMessage
	if kindOf(v) != '[' || json.Unmarshal(v, &items) != nil {
		d.fail(c, "geometry.coordinates", "want an array of positions, got %s", describe(v))
		return
	}
	if len(items) == 1 {
		d.fail(c, "geometry.coordinates", "a LineString needs at least 2 positions, got 1")
		return
	}
	for _, it := range items {
		var pos []json.RawMessage
		if kindOf(it) != '[' || json.Unmarshal(it, &pos) != nil {
			d.fail(c, "geometry.coordinates", "want a position (an array of 2 or 3 numbers), got %s", describe(it))
			return
		}
		if _, ok := d.position(pos, c); !ok {
			return
		}
	}
}

// position decodes [x, y] or [x, y, z], dropping z.
func (d *decoder) position(items []json.RawMessage, c ctx) (network.Coord, bool) {
	if len(items) < 2 || len(items) > 3 {
		d.fail(c, "geometry.coordinates", "a position has 2 or 3 numbers, got %d values", len(items))
		return network.Coord{}, false
	}
	var xyz [3]float64
	for i, v := range items {
		if kindOf(v) != '0' {
			d.fail(c, "geometry.coordinates", "want a number, got %s", describe(v))
			return network.Coord{}, false
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			d.fail(c, "geometry.coordinates", "number %s out of range", v)
			return network.Coord{}, false
		}
		xyz[i] = f
	}
	return network.Coord{X: xyz[0], Y: xyz[1]}, true
}

func (d *decoder) str(v json.RawMessage, c ctx, field string) string {
	s, ok := text(v)
	if !ok && kindOf(v) != 'n' {
		d.fail(c, field, "want a string, got %s", describe(v))
	}
	return s
}

// ident decodes an ID: a string, or a number kept as written.
func (d *decoder) ident(v json.RawMessage, c ctx, field string) string {
	if kindOf(v) == '0' {
		return identText(v)
	}
	return d.str(v, c, field)
}

// number decodes a number; null is 0.
func (d *decoder) number(v json.RawMessage, c ctx, field string) float64 {
	switch kindOf(v) {
	case 'n':
		return 0
	case '0':
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			d.fail(c, field, "number %s out of range", v)
			return 0
		}
		return f
	case '"':
		s, _ := text(v)
		d.fail(c, field, "not a number %q", s)
		return 0
	}
	d.fail(c, field, "want a number, got %s", describe(v))
	return 0
}

// quantity decodes a capacity or rate: a number, or null or "unlimited"
// for +Inf.
func (d *decoder) quantity(v json.RawMessage, c ctx, field string) float64 {
	switch kindOf(v) {
	case 'n':
		return network.Unlimited
	case '"':
		if s, _ := text(v); s == "unlimited" {
			return network.Unlimited
		}
	}
	return d.number(v, c, field)
}

// integer decodes a whole number; null is 0.
func (d *decoder) integer(v json.RawMessage, c ctx, field string) int {
	f := d.number(v, c, field)
	switch {
	case f != math.Trunc(f):
		d.fail(c, field, "not a whole number %s", v)
		return 0
	case math.Abs(f) > 1<<53:
		d.fail(c, field, "number %s out of range", v)
		return 0
	}
	return int(f)
}

func (d *decoder) boolean(v json.RawMessage, c ctx, field string) bool {
	switch kindOf(v) {
	case 'n':
		return false
	case 't':
		return string(v) == "true"
	}
	d.fail(c, field, "want true or false, got %s", describe(v))
	return false
}

// decimal decodes an exact decimal number, given as a string or a number.
// Its magnitude is bounded (below 1e100, no finer than 1e-100).
func (d *decoder) decimal(v json.RawMessage, c ctx, field string) decimal.Decimal {
	var s string
	switch kindOf(v) {
	case 'n':
		return decimal.Zero
	case '0':
		s = string(v)
	case '"':
		s, _ = text(v)
	default:
		d.fail(c, field, "want a decimal number, got %s", describe(v))
		return decimal.Zero
	}
	x, err := decimal.NewFromString(s)
	switch {
	case err != nil || strings.TrimSpace(s) != s:
		d.fail(c, field, "not a decimal number %q", s)
	case x.Exponent() < -100 || (!x.IsZero() && int64(x.NumDigits())+int64(x.Exponent()) > 100):
		d.fail(c, field, "decimal number %s out of range", s)
	default:
		return x
	}
	return decimal.Zero
}

// kindOf classifies a JSON value by its first byte: 'n' null (or nothing),
// 't' true or false, '"' string, '{' object, '[' array, '0' number.
func kindOf(v json.RawMessage) byte {
	v = bytes.TrimLeft(v, " \t\r\n")
	if len(v) == 0 {
		return 'n'
	}
	switch c := v[0]; c {
	case 'n', '"', '{', '[':
		return c
	case 't', 'f':
		return 't'
	}
	return '0'
}

// describe names the kind of v for messages.
func describe(v json.RawMessage) string {
	switch kindOf(v) {
	case 'n':
		return "null"
	case 't':
		return "a boolean"
	case '"':
		s, _ := text(v)
		return fmt.Sprintf("a string %q", s)
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "the number " + string(bytes.TrimSpace(v))
}

// identText returns the ID v holds (a string, or a number as written), or
// "" without reporting anything.
func identText(v json.RawMessage) string {
	if kindOf(v) == '0' {
		return string(bytes.TrimSpace(v))
	}
	s, _ := text(v)
	return s
}

// text returns the string v holds, and false if v is not a string.
func text(v json.RawMessage) (string, bool) {
	if kindOf(v) != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

// attrText turns a property into attribute text: a string as is, a number
// or a boolean as written, an object or an array as compact JSON; false for
// null.
func attrText(v json.RawMessage) (string, bool) {
	switch kindOf(v) {
	case 'n':
		return "", false
	case '"':
		return text(v)
	case '{', '[':
		var b bytes.Buffer
		if json.Compact(&b, v) == nil {
			return b.String(), true
		}
	}
	return string(bytes.TrimSpace(v)), true
}

// invalidError joins problems and also matches network.ErrInvalid.
type invalidError []error

func (e invalidError) Error() string {
	var b strings.Builder
	for i, x := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	return b.String()
}

func (e invalidError) Unwrap() []error { return e }

func (e invalidError) Is(target error) bool { return target == network.ErrInvalid }
