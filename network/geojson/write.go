package geojson

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/lifeline-sim/lifeline/network"
)

// Options controls Write. The zero value writes every located element,
// skips the others, and writes no crs member.
type Options struct {
	// RequireCoords makes Write fail, writing nothing, when a node has no
	// coordinate or a link has an end without one; the error names every
	// such element. If it is false (the default), those elements are left
	// out of the collection.
	RequireCoords bool

	// CRS names the coordinate reference system of the network's
	// coordinates, e.g. "urn:ogc:def:crs:EPSG::32650" or "EPSG:32650" for
	// UTM zone 50N in metres. If it is empty (the default), no crs member is
	// written and readers take the coordinates as WGS 84 longitude and
	// latitude, as RFC 7946 requires. Otherwise Write adds the crs member of
	// the 2008 GeoJSON format, {"type":"name","properties":{"name":CRS}},
	// which RFC 7946 readers ignore but GDAL, and so QGIS, honour.
	// Coordinates are never transformed, whatever CRS says.
	CRS string
}

// Values are figures per asset that Write adds to the properties of the
// features, after the element's own: what a solve served, a run's coverage
// at its worst hour, the loading of every link. Package geojson does not
// compute them; it writes what it is given, so any allocation or
// simulation can be mapped.
type Values struct {
	// Nodes holds one Column per extra node property, written in this
	// order; each has one value per node of the network, in index order.
	Nodes []Column
	// Links likewise holds the extra link properties, one value per link.
	Links []Column
}

// Column is one extra property: its name and one value per element. A NaN
// or infinite value is written as null (a figure that does not apply, such
// as the loading of an unlimited link).
type Column struct {
	Name   string
	Values []float64
}

// checkColumns reports what is wrong with the columns for n elements.
func checkColumns(what string, cols []Column, n int, reserved []string) error {
	var probs []error
	seen := map[string]bool{}
	for i, c := range cols {
		switch {
		case c.Name == "":
			probs = append(probs, fmt.Errorf("geojson: Write: %s column %d has no name", what, i))
		case slices.Contains(reserved, c.Name):
			probs = append(probs, fmt.Errorf("geojson: Write: %s column %q clashes with a property of the element (reserved: %v)", what, c.Name, reserved))
		case seen[c.Name]:
			probs = append(probs, fmt.Errorf("geojson: Write: %s column %q is given twice", what, c.Name))
		}
		seen[c.Name] = true
		if len(c.Values) != n {
			probs = append(probs, fmt.Errorf("geojson: Write: %s column %q has %d values for %d %ss", what, c.Name, len(c.Values), n, what))
		}
	}
	return errors.Join(probs...)
}

// Write writes net as one GeoJSON FeatureCollection (RFC 7946) to w.
//
// Each node that has a coordinate becomes a Point feature whose properties
// are id, role, zone (null if none), class (the consumer's class, null for
// other roles), capacity (null when unlimited), demand and customers, then
// area, level, max_level, charge_rate (null when unlimited) and
// needs_operators when they are not zero or false, and attrs (an object of
// the node's attributes, keys sorted) when there are any. Each link whose
// two ends have coordinates becomes a LineString feature from its From end
// to its To end with properties id, from, to, capacity (null when
// unlimited, otherwise as given, before loss), oneway, loss and attrs (when
// there are any). The collection has the foreign members name (if not
// empty), kind, zones (if any: their id, and name and attrs when set),
// classes (only if they are not network.DefaultClasses), crs (see
// Options.CRS) and, with vals, values (the names of the extra properties,
// {"nodes": [...], "links": [...]}, which Read skips), so that Read
// rebuilds the same network, up to two spellings: an unlimited capacity
// reads back as +Inf, a consumer without a class as residential.
//
// If vals is not nil, each node's feature also has one property per
// vals.Nodes column and each link's one per vals.Links column, in the order
// given: to map what supply.Solve gave a state, pass columns such as
// served (Result.Served), coverage (served over demand), flow
// (Result.Flow) and loading (|flow| over Network.LinkCapacity, NaN when
// unlimited); package scenario/report maps a whole run this way. A column
// name may not be that of an element property (id, role, zone, …, attrs for
// nodes; id, from, to, capacity, oneway, loss, attrs for links).
//
// Features come in network order, nodes first; numbers are written in the
// shortest form that reads back exactly (strconv 'g', -1), strings as JSON
// (invalid UTF-8 replaced by U+FFFD), one feature per line, so the same
// input always gives the same bytes. Write returns an error if net is nil,
// if a column of vals has no name, a reserved name (that of an element
// property), a repeated name or the wrong number of values, if
// Options.RequireCoords is set and an element lacks a coordinate (as *network.FieldError values joined, one per
// element), or if w fails. It runs in time linear in the size of the
// network.
func Write(w io.Writer, net *network.Network, vals *Values, opt Options) error {
	if net == nil {
		return errors.New("geojson: Write: nil network")
	}
	if vals != nil {
		if err := errors.Join(checkColumns("node", vals.Nodes, net.NumNodes(), nodeProps),
			checkColumns("link", vals.Links, net.NumLinks(), linkProps)); err != nil {
			return err
		}
	} else {
		vals = &Values{}
	}
	coord := make([]*network.Coord, net.NumNodes())
	for i := range net.NumNodes() {
		coord[i] = net.Node(i).Coord
	}
	if opt.RequireCoords {
		if err := missingCoords(net, coord); err != nil {
			return err
		}
	}

	bw := bufio.NewWriter(w)
	var b []byte
	b = append(b, `{"type":"FeatureCollection"`...)
	if net.Name() != "" {
		b = append(b, ",\n\"name\":"...)
		b = appendString(b, net.Name())
	}
	b = append(b, ",\n\"kind\":"...)
	b = appendString(b, string(net.Kind()))
	if opt.CRS != "" {
		b = append(b, ",\n\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"...)
		b = appendString(b, opt.CRS)
		b = append(b, "}}"...)
	}
	if net.NumZones() > 0 {
		b = append(b, ",\n\"zones\":["...)
		for i := range net.NumZones() {
			if i > 0 {
				b = append(b, ',')
			}
			z := net.Zone(i)
			b = append(b, "\n{\"id\":"...)
			b = appendString(b, z.ID)
			if z.Name != "" {
				b = append(b, ",\"name\":"...)
				b = appendString(b, z.Name)
			}
			b = appendAttrs(b, z.Attrs)
			b = append(b, '}')
		}
		b = append(b, "\n]"...)
	}
	if cs := net.Classes(); !isDefault(cs) {
		b = append(b, ",\n\"classes\":["...)
		for i, c := range cs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n{\"name\":"...)
			b = appendString(b, c.Name)
			b = append(b, ",\"rank\":"...)
			b = strconv.AppendInt(b, int64(c.Rank), 10)
			b = append(b, ",\"voll\":"...)
			b = appendString(b, c.VoLL.String())
			if c.Description != "" {
				b = append(b, ",\"description\":"...)
				b = appendString(b, c.Description)
			}
			b = append(b, '}')
		}
		b = append(b, "\n]"...)
	}
	if len(vals.Nodes)+len(vals.Links) > 0 {
		b = append(b, ",\n\"values\":{\"nodes\":["...)
		for i, c := range vals.Nodes {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, c.Name)
		}
		b = append(b, "],\"links\":["...)
		for i, c := range vals.Links {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, c.Name)
		}
		b = append(b, "]}"...)
	}
	b = append(b, ",\n\"features\":["...)
	first := true
	sep := func() {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '\n')
	}
	for i := range net.NumNodes() {
		if coord[i] == nil {
			continue
		}
		sep()
		b = appendNode(b, net, i, coord[i], vals.Nodes)
		if len(b) >= 1<<15 {
			bw.Write(b)
			b = b[:0]
		}
	}
	for l := range net.NumLinks() {
		f, t := net.LinkEnds(l)
		if coord[f] == nil || coord[t] == nil {
			continue
		}
		sep()
		b = appendLink(b, net, l, coord[f], coord[t], vals.Links)
		if len(b) >= 1<<15 {
			bw.Write(b)
			b = b[:0]
		}
	}
	b = append(b, "\n]}\n"...)
	bw.Write(b)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	return nil
}

// missingCoords reports every node without a coordinate and every link with
// an end without one.
func missingCoords(net *network.Network, coord []*network.Coord) error {
	var probs []error
	for i := range net.NumNodes() {
		if coord[i] == nil {
			probs = append(probs, &network.FieldError{Pos: net.Node(i).Pos, Element: "node", ID: net.NodeID(i), Field: "coord", Msg: "no coordinate"})
		}
	}
	for l := range net.NumLinks() {
		f, t := net.LinkEnds(l)
		for _, v := range []int{f, t} {
			if coord[v] == nil {
				probs = append(probs, &network.FieldError{Pos: net.Link(l).Pos, Element: "link", ID: net.LinkID(l), Field: "coord",
					Msg: fmt.Sprintf("end %q has no coordinate", net.NodeID(v))})
			}
		}
	}
	return errors.Join(probs...)
}

func appendNode(b []byte, net *network.Network, i int, c *network.Coord, cols []Column) []byte {
	nd := net.Node(i)
	b = append(b, `{"type":"Feature","geometry":{"type":"Point","coordinates":`...)
	b = appendPosition(b, c)
	b = append(b, `},"properties":{"id":`...)
	b = appendString(b, nd.ID)
	b = append(b, `,"role":`...)
	b = appendString(b, string(nd.Role))
	b = append(b, `,"zone":`...)
	if z := net.NodeZone(i); z >= 0 {
		b = appendString(b, net.ZoneID(z))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"class":`...)
	if k := net.NodeClass(i); k >= 0 {
		b = appendString(b, net.Class(k).Name)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"capacity":`...)
	b = appendNumber(b, net.Capacity(i))
	b = append(b, `,"demand":`...)
	b = appendNumber(b, net.Demand(i))
	b = append(b, `,"customers":`...)
	b = strconv.AppendInt(b, int64(net.Customers(i)), 10)
	for _, f := range []struct {
		name string
		v    float64
	}{{"area", nd.Area}, {"level", nd.Level}, {"max_level", nd.MaxLevel}, {"charge_rate", nd.ChargeRate}} {
		if f.v != 0 {
			b = append(b, `,"`...)
			b = append(b, f.name...)
			b = append(b, `":`...)
			b = appendNumber(b, f.v)
		}
	}
	if nd.NeedsOperators {
		b = append(b, `,"needs_operators":true`...)
	}
	b = appendColumns(b, cols, i)
	b = appendAttrs(b, nd.Attrs)
	return append(b, "}}"...)
}

func appendLink(b []byte, net *network.Network, l int, from, to *network.Coord, cols []Column) []byte {
	lk := net.Link(l)
	b = append(b, `{"type":"Feature","geometry":{"type":"LineString","coordinates":[`...)
	b = appendPosition(b, from)
	b = append(b, ',')
	b = appendPosition(b, to)
	b = append(b, `]},"properties":{"id":`...)
	b = appendString(b, lk.ID)
	b = append(b, `,"from":`...)
	b = appendString(b, lk.From)
	b = append(b, `,"to":`...)
	b = appendString(b, lk.To)
	b = append(b, `,"capacity":`...)
	if lk.Capacity == 0 {
		b = append(b, "null"...)
	} else {
		b = appendNumber(b, lk.Capacity)
	}
	b = append(b, `,"oneway":`...)
	b = strconv.AppendBool(b, lk.OneWay)
	b = append(b, `,"loss":`...)
	b = appendNumber(b, lk.Loss)
	b = appendColumns(b, cols, l)
	b = appendAttrs(b, lk.Attrs)
	return append(b, "}}"...)
}

// appendColumns writes ,"name":value for each column at element i.
func appendColumns(b []byte, cols []Column, i int) []byte {
	for _, c := range cols {
		b = append(b, ',')
		b = appendString(b, c.Name)
		b = append(b, ':')
		b = appendNumber(b, c.Values[i])
	}
	return b
}

func appendPosition(b []byte, c *network.Coord) []byte {
	b = append(b, '[')
	b = appendNumber(b, c.X)
	b = append(b, ',')
	b = appendNumber(b, c.Y)
	return append(b, ']')
}

// appendNumber writes v in the shortest form that reads back exactly, and
// null for an infinite or NaN value, which JSON cannot hold.
func appendNumber(b []byte, v float64) []byte {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// appendAttrs writes ,"attrs":{...} with the keys sorted, or nothing for no
// attributes.
func appendAttrs(b []byte, m map[string]string) []byte {
	if len(m) == 0 {
		return b
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, `,"attrs":{`...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, m[k])
	}
	return append(b, '}')
}

const hex = "0123456789abcdef"

// appendString writes s as a JSON string. Like encoding/json it escapes
// control characters and U+2028 and U+2029, and replaces invalid UTF-8 with
// U+FFFD; unlike it, it leaves <, > and & as they are.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// isDefault reports whether cs are network.DefaultClasses, which Read
// assumes when a collection has no classes member.
func isDefault(cs []network.Class) bool {
	def := network.DefaultClasses()
	if len(cs) != len(def) {
		return false
	}
	for i, c := range cs {
		d := def[i]
		if c.Name != d.Name || c.Rank != d.Rank || !c.VoLL.Equal(d.VoLL) || c.Description != d.Description {
			return false
		}
	}
	return true
}
