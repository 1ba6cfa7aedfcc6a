package geojson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/geojson"
	"github.com/lifeline-sim/lifeline/network/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// riverside builds a small power network with every role, zones with names
// and attributes, losses, one-way links, attributes that need escaping and
// coordinates in degrees.
//
// Solved as built: the substation takes at most 500 kW (tie 200 + chp 400);
// f2 delivers 400 × 0.95 = 380 kW to j1 and the battery adds 50, so 430 kW
// reach j1. The hospital (critical) gets its 120, the homes (residential)
// 250 of 300 (f4 is full), the mall (commercial) the remaining 60 of 150.
func riverside(t testing.TB) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.SetName("Riverside")
	b.AddZone(network.Zone{ID: "north", Name: "North district"})
	b.AddZone(network.Zone{ID: "south", Attrs: map[string]string{"plan": "B"}})
	b.AddZone(network.Zone{ID: "east"}) // no node uses it
	at := func(x, y float64) *network.Coord { return &network.Coord{X: x, Y: y} }
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Zone: "north", Capacity: network.Unlimited, Coord: at(114.28, 30.6)})
	b.AddNode(network.Node{ID: "chp", Role: network.Source, Zone: "north", Capacity: 400, NeedsOperators: true,
		Coord: at(114.2913, 30.6021), Attrs: map[string]string{"fuel": "gas", "built": "1998"}})
	b.AddNode(network.Node{ID: "sub", Role: network.Station, Zone: "north", Capacity: 500, Coord: at(114.3, 30.59)})
	b.AddNode(network.Node{ID: "bess", Role: network.Storage, Zone: "south", Capacity: 50, Level: 100, MaxLevel: 200,
		ChargeRate: 25, Coord: at(114.305, 30.58)})
	b.AddNode(network.Node{ID: "j1", Role: network.Junction, Coord: at(114.31, 30.585)})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Zone: "north", Class: network.Critical, Demand: 120,
		Customers: 1, Coord: at(114.3201, 30.5912), Attrs: map[string]string{"name": "City Hospital <A&E>"}})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Zone: "south", Demand: 300, Customers: 410,
		Coord: at(114.318, 30.579)})
	b.AddNode(network.Node{ID: "mall", Role: network.Consumer, Zone: "south", Class: network.Commercial, Demand: 150,
		Customers: 40, Coord: at(114.3157, 30.5874), Attrs: map[string]string{"note": "line 1\nline 2 \"quoted\"\t\u2028é"}})
	b.AddLink(network.Link{ID: "tie", From: "grid", To: "sub", Capacity: 200, OneWay: true})
	b.AddLink(network.Link{ID: "f1", From: "chp", To: "sub"})
	b.AddLink(network.Link{ID: "f2", From: "sub", To: "j1", Capacity: 400, Loss: 0.05})
	b.AddLink(network.Link{ID: "f3", From: "j1", To: "hospital", OneWay: true})
	b.AddLink(network.Link{ID: "f4", From: "j1", To: "homes", Capacity: 250, OneWay: true})
	b.AddLink(network.Link{ID: "f5", From: "bess", To: "j1", Capacity: network.Unlimited})
	b.AddLink(network.Link{ID: "f6", From: "j1", To: "mall", Capacity: 100, OneWay: true, Attrs: map[string]string{"cable": "XLPE 240"}})
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

func synthNet(t testing.TB) *network.Network {
	t.Helper()
	n, err := synth.Generate(synth.Size(2000, 0.05, 1))
	require.NoError(t, err)
	return n
}

func write(t testing.TB, n *network.Network, vals *geojson.Values, opt geojson.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, geojson.Write(&buf, n, vals, opt))
	return buf.Bytes()
}

// normCapacity maps the two spellings of "unlimited" (0 and +Inf) of a
// capacity where both mean it to +Inf.
func normCapacity(c float64) float64 {
	if c == 0 {
		return math.Inf(1)
	}
	return c
}

// assertSameNetwork checks everything a GeoJSON collection holds. Node
// capacities are compared as effective values (a station's 0 and +Inf are
// both unlimited and both written null), classes by the class a consumer
// is in (an empty class is written "residential").
func assertSameNetwork(t *testing.T, want, got *network.Network) {
	t.Helper()
	assert.Equal(t, want.Name(), got.Name())
	assert.Equal(t, want.Kind(), got.Kind())
	if assert.Equal(t, len(want.Classes()), len(got.Classes()), "classes") {
		for i, w := range want.Classes() {
			g := got.Class(i)
			assert.Equal(t, w.Name, g.Name)
			assert.Equal(t, w.Rank, g.Rank)
			assert.True(t, w.VoLL.Equal(g.VoLL), "class %s voll %s, want %s", w.Name, g.VoLL, w.VoLL)
			assert.Equal(t, w.Description, g.Description)
		}
	}
	if assert.Equal(t, want.NumZones(), got.NumZones(), "zones") {
		for i := range want.NumZones() {
			w, g := want.Zone(i), got.Zone(i)
			assert.Equal(t, w.ID, g.ID)
			assert.Equal(t, w.Name, g.Name)
			assertAttrs(t, w.Attrs, g.Attrs, "zone "+w.ID)
		}
	}
	if assert.Equal(t, want.NumNodes(), got.NumNodes(), "nodes") {
		for i := range want.NumNodes() {
			w, g := want.Node(i), got.Node(i)
			assert.Equal(t, w.ID, g.ID)
			assert.Equal(t, w.Role, g.Role, w.ID)
			assert.Equal(t, w.Zone, g.Zone, w.ID)
			assert.Equal(t, want.NodeClass(i), got.NodeClass(i), w.ID)
			assert.Equal(t, want.Capacity(i), got.Capacity(i), w.ID)
			assert.Equal(t, w.Demand, g.Demand, w.ID)
			assert.Equal(t, w.Customers, g.Customers, w.ID)
			assert.Equal(t, w.Area, g.Area, w.ID)
			assert.Equal(t, w.Level, g.Level, w.ID)
			assert.Equal(t, w.MaxLevel, g.MaxLevel, w.ID)
			assert.Equal(t, w.ChargeRate, g.ChargeRate, w.ID)
			assert.Equal(t, w.NeedsOperators, g.NeedsOperators, w.ID)
			if assert.NotNil(t, g.Coord, w.ID) && w.Coord != nil {
				// Exact, bit for bit.
				assert.Equal(t, math.Float64bits(w.Coord.X), math.Float64bits(g.Coord.X), "%s x %v, want %v", w.ID, g.Coord.X, w.Coord.X)
				assert.Equal(t, math.Float64bits(w.Coord.Y), math.Float64bits(g.Coord.Y), "%s y %v, want %v", w.ID, g.Coord.Y, w.Coord.Y)
			}
			assertAttrs(t, w.Attrs, g.Attrs, "node "+w.ID)
		}
	}
	if assert.Equal(t, want.NumLinks(), got.NumLinks(), "links") {
		for i := range want.NumLinks() {
			w, g := want.Link(i), got.Link(i)
			assert.Equal(t, w.ID, g.ID)
			assert.Equal(t, w.From, g.From, w.ID)
			assert.Equal(t, w.To, g.To, w.ID)
			assert.Equal(t, normCapacity(w.Capacity), normCapacity(g.Capacity), w.ID)
			assert.Equal(t, want.LinkCapacity(i), got.LinkCapacity(i), w.ID)
			assert.Equal(t, w.OneWay, g.OneWay, w.ID)
			assert.Equal(t, w.Loss, g.Loss, w.ID)
			assertAttrs(t, w.Attrs, g.Attrs, "link "+w.ID)
		}
	}
}

func assertAttrs(t *testing.T, want, got map[string]string, what string) {
	t.Helper()
	if len(want) == 0 && len(got) == 0 {
		return
	}
	assert.Equal(t, want, got, what)
}

func TestRoundTripRiverside(t *testing.T) {
	want := riverside(t)
	out := write(t, want, nil, geojson.Options{})
	got, err := geojson.Read(bytes.NewReader(out), "riverside.geojson", network.Power)
	require.NoError(t, err, "%s", out)
	assertSameNetwork(t, want, got)

	// Positions: one feature per line after the 9 lines of the header
	// (type, name, kind, "zones":[, 3 zones, ], "features":[).
	i, _ := got.NodeIndex("grid")
	assert.Equal(t, network.Pos{File: "riverside.geojson", Line: 10}, got.Node(i).Pos)
	assert.Equal(t, network.Pos{File: "riverside.geojson", Line: 18}, got.Link(0).Pos)
	assert.Equal(t, network.Pos{File: "riverside.geojson", Line: 7}, got.Zone(2).Pos)

	// Writing what was read gives the same bytes.
	assert.Equal(t, string(out), string(write(t, got, nil, geojson.Options{})))
}

func TestRoundTripSynth(t *testing.T) {
	want := synthNet(t)
	out := write(t, want, nil, geojson.Options{})
	got, err := geojson.Read(bytes.NewReader(out), "synth.geojson", "")
	require.NoError(t, err)
	assertSameNetwork(t, want, got)
	assert.Equal(t, string(out), string(write(t, got, nil, geojson.Options{})))
}

// Custom classes travel in the classes member; without it, Read would not
// know the class "vip".
func TestRoundTripClasses(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.SetClasses([]network.Class{
		{Name: "vip", Rank: 1, VoLL: decimal.RequireFromString("12.345"), Description: "very important"},
		{Name: "residential", Rank: 2, VoLL: decimal.NewFromInt(3)},
	})
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 10, Coord: &network.Coord{X: 500000, Y: 3385000}})
	b.AddNode(network.Node{ID: "tower", Role: network.Consumer, Class: "vip", Demand: 4, Coord: &network.Coord{X: 500120.5, Y: 3385010.25}})
	b.AddLink(network.Link{ID: "main", From: "plant", To: "tower"})
	want, err := b.Build()
	require.NoError(t, err)
	out := write(t, want, nil, geojson.Options{CRS: "urn:ogc:def:crs:EPSG::32650"})
	assert.Contains(t, string(out), `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}}`)
	assert.Contains(t, string(out), `{"name":"vip","rank":1,"voll":"12.345","description":"very important"}`)
	got, err := geojson.Read(bytes.NewReader(out), "water.geojson", network.Water)
	require.NoError(t, err)
	assertSameNetwork(t, want, got)
}

// feature is a decoded GeoJSON feature.
type feature struct {
	Type     string `json:"type"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// decode parses the output as plain JSON, independently of Read.
func decode(t *testing.T, out []byte) (map[string]any, map[string]feature) {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(out, &doc))
	var fc struct{ Features []feature }
	require.NoError(t, json.Unmarshal(out, &fc))
	byID := make(map[string]feature)
	for _, f := range fc.Features {
		id, _ := f.Properties["id"].(string)
		byID[id] = f
	}
	return doc, byID
}

func TestWriteGenericJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		net  *network.Network
	}{{"riverside", riverside(t)}, {"synth", synthNet(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			doc, byID := decode(t, write(t, tc.net, nil, geojson.Options{}))
			assert.Equal(t, "FeatureCollection", doc["type"])
			assert.Equal(t, string(tc.net.Kind()), doc["kind"])
			assert.Equal(t, tc.net.Name(), doc["name"])
			features, ok := doc["features"].([]any)
			require.True(t, ok)
			assert.Len(t, features, tc.net.NumNodes()+tc.net.NumLinks())
			assert.Len(t, byID, tc.net.NumNodes()+tc.net.NumLinks(), "distinct IDs")
			for i, f := range features {
				m := f.(map[string]any)
				assert.Equal(t, "Feature", m["type"])
				g := m["geometry"].(map[string]any)
				if i < tc.net.NumNodes() {
					assert.Equal(t, "Point", g["type"])
					assert.Len(t, g["coordinates"], 2)
				} else {
					assert.Equal(t, "LineString", g["type"])
					assert.Len(t, g["coordinates"], 2)
				}
			}
		})
	}
}

// The properties of the riverside network, by hand.
func TestWriteProperties(t *testing.T) {
	_, byID := decode(t, write(t, riverside(t), nil, geojson.Options{}))
	assert.Equal(t, map[string]any{"id": "grid", "role": "source", "zone": "north", "class": nil, "capacity": nil,
		"demand": 0.0, "customers": 0.0}, byID["grid"].Properties)
	assert.Equal(t, map[string]any{"id": "chp", "role": "source", "zone": "north", "class": nil, "capacity": 400.0,
		"demand": 0.0, "customers": 0.0, "needs_operators": true,
		"attrs": map[string]any{"built": "1998", "fuel": "gas"}}, byID["chp"].Properties)
	assert.Equal(t, map[string]any{"id": "bess", "role": "storage", "zone": "south", "class": nil, "capacity": 50.0,
		"demand": 0.0, "customers": 0.0, "level": 100.0, "max_level": 200.0, "charge_rate": 25.0}, byID["bess"].Properties)
	assert.Equal(t, map[string]any{"id": "j1", "role": "junction", "zone": nil, "class": nil, "capacity": nil,
		"demand": 0.0, "customers": 0.0}, byID["j1"].Properties)
	assert.Equal(t, map[string]any{"id": "homes", "role": "consumer", "zone": "south", "class": "residential",
		"capacity": nil, "demand": 300.0, "customers": 410.0}, byID["homes"].Properties)
	assert.Equal(t, "line 1\nline 2 \"quoted\"\t\u2028é", byID["mall"].Properties["attrs"].(map[string]any)["note"])
	assert.Equal(t, map[string]any{"id": "f2", "from": "sub", "to": "j1", "capacity": 400.0, "oneway": false,
		"loss": 0.05}, byID["f2"].Properties)
	assert.Equal(t, map[string]any{"id": "f5", "from": "bess", "to": "j1", "capacity": nil, "oneway": false,
		"loss": 0.0}, byID["f5"].Properties)
	assert.Equal(t, map[string]any{"id": "f6", "from": "j1", "to": "mall", "capacity": 100.0, "oneway": true,
		"loss": 0.0, "attrs": map[string]any{"cable": "XLPE 240"}}, byID["f6"].Properties)
	assert.JSONEq(t, `[[114.305,30.58],[114.31,30.585]]`, string(byID["f5"].Geometry.Coordinates))
}

// columns returns values for every node and link of net from simple rules,
// so that each property can be checked: a node's served is its index, its
// coverage 1/(index+1); a link's flow is its index − 1 and its loading NaN
// (null) for odd links.
func columns(net *network.Network) *geojson.Values {
	n, m := net.NumNodes(), net.NumLinks()
	v := &geojson.Values{
		Nodes: []geojson.Column{{Name: "served", Values: make([]float64, n)}, {Name: "coverage_worst", Values: make([]float64, n)}},
		Links: []geojson.Column{{Name: "flow", Values: make([]float64, m)}, {Name: "loading", Values: make([]float64, m)}},
	}
	for i := range n {
		v.Nodes[0].Values[i] = float64(i)
		v.Nodes[1].Values[i] = 1 / float64(i+1)
	}
	for l := range m {
		v.Links[0].Values[l] = float64(l) - 1
		v.Links[1].Values[l] = math.NaN()
		if l%2 == 0 {
			v.Links[1].Values[l] = float64(l) / 10
		}
	}
	return v
}

func TestWriteValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		net  *network.Network
	}{{"riverside", riverside(t)}, {"synth", synthNet(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			net := tc.net
			vals := columns(net)
			var buf bytes.Buffer
			require.NoError(t, geojson.Write(&buf, net, vals, geojson.Options{}))
			out := buf.Bytes()
			doc, byID := decode(t, out)
			assert.Equal(t, map[string]any{"nodes": []any{"served", "coverage_worst"}, "links": []any{"flow", "loading"}}, doc["values"])
			for i := range net.NumNodes() {
				p := byID[net.NodeID(i)].Properties
				assert.Equal(t, float64(i), p["served"], net.NodeID(i))
				assert.Equal(t, 1/float64(i+1), p["coverage_worst"], net.NodeID(i))
			}
			for l := range net.NumLinks() {
				p := byID[net.LinkID(l)].Properties
				assert.Equal(t, float64(l)-1, p["flow"], net.LinkID(l))
				if l%2 == 0 {
					assert.Equal(t, float64(l)/10, p["loading"], net.LinkID(l))
				} else {
					v, ok := p["loading"]
					assert.True(t, ok && v == nil, "%s: loading %v, want null", net.LinkID(l), v)
				}
			}
			// The extra properties do not disturb Read: they do not
			// become attributes.
			got, err := geojson.Read(bytes.NewReader(out), "with-values.geojson", net.Kind())
			require.NoError(t, err)
			assertSameNetwork(t, net, got)
		})
	}
}

// A property named by the values member is skipped; the same name in a
// collection without it is kept as an attribute.
func TestReadSkipsValues(t *testing.T) {
	const feat = `{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"properties":{"id":"a","role":"source","capacity":5,"peak":3}}`
	net, err := geojson.Read(strings.NewReader(`{"type":"FeatureCollection","kind":"power","values":{"nodes":["peak"],"links":[]},"features":[`+feat+`]}`), "v.geojson", "")
	require.NoError(t, err)
	assert.Empty(t, net.Node(0).Attrs)
	net, err = geojson.Read(strings.NewReader(`{"type":"FeatureCollection","kind":"power","features":[`+feat+`]}`), "v.geojson", "")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"peak": "3"}, net.Node(0).Attrs)
	_, err = geojson.Read(strings.NewReader(`{"type":"FeatureCollection","kind":"power","values":{"nodes":7},"features":[`+feat+`]}`), "v.geojson", "")
	assert.ErrorContains(t, err, `v.geojson:1: network: values: want {"nodes": [names], "links": [names]}`)
}

// TestGolden pins the exact bytes; run with -update to rewrite them.
func TestGolden(t *testing.T) {
	net := riverside(t)
	// The riverside allocation worked out by hand (see riverside), as a
	// solve gives it.
	nan := math.NaN()
	vals := &geojson.Values{
		Nodes: []geojson.Column{
			{Name: "served", Values: []float64{0, 0, 0, 0, 0, 120, 250, 60}},
			{Name: "coverage", Values: []float64{1, 1, 1, 1, 1, 1, 250.0 / 300, 0.4}},
		},
		Links: []geojson.Column{
			{Name: "flow", Values: []float64{0, 380, 380, 120, 250, 50, 60}},
			{Name: "loading", Values: []float64{0, nan, 1, nan, 1, nan, 0.6}},
		},
	}
	out := write(t, net, vals, geojson.Options{})
	path := filepath.Join("testdata", "riverside.geojson")
	if *update {
		require.NoError(t, os.WriteFile(path, out, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(out))
}

func TestWriteSkipsUnlocated(t *testing.T) {
	b := network.NewBuilder(network.Heat)
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 10, Coord: &network.Coord{X: 1, Y: 2}})
	b.AddNode(network.Node{ID: "hx", Role: network.Station})
	b.AddNode(network.Node{ID: "flat", Role: network.Consumer, Demand: 3, Coord: &network.Coord{X: 3, Y: 4}})
	b.AddLink(network.Link{ID: "p1", From: "plant", To: "hx"})
	b.AddLink(network.Link{ID: "p2", From: "hx", To: "flat"})
	b.AddLink(network.Link{ID: "p3", From: "plant", To: "flat"})
	net, err := b.Build()
	require.NoError(t, err)

	out := write(t, net, nil, geojson.Options{})
	doc, byID := decode(t, out)
	assert.Len(t, doc["features"], 3)
	assert.Contains(t, byID, "plant")
	assert.Contains(t, byID, "flat")
	assert.Contains(t, byID, "p3")
	got, err := geojson.Read(bytes.NewReader(out), "part.geojson", network.Heat)
	require.NoError(t, err)
	assert.Equal(t, 2, got.NumNodes())
	assert.Equal(t, 1, got.NumLinks())

	var buf bytes.Buffer
	err = geojson.Write(&buf, net, nil, geojson.Options{RequireCoords: true})
	assert.Zero(t, buf.Len(), "nothing written")
	var msgs []string
	for _, p := range network.Problems(err) {
		msgs = append(msgs, p.Error())
	}
	assert.Equal(t, []string{
		`node "hx": coord: no coordinate`,
		`link "p1": coord: end "hx" has no coordinate`,
		`link "p2": coord: end "hx" has no coordinate`,
	}, msgs)
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriteErrors(t *testing.T) {
	net := riverside(t)
	assert.EqualError(t, geojson.Write(&bytes.Buffer{}, nil, nil, geojson.Options{}), "geojson: Write: nil network")

	bad := &geojson.Values{
		Nodes: []geojson.Column{{Name: "served", Values: make([]float64, 2)}, {Name: "role", Values: make([]float64, 8)},
			{Values: make([]float64, 8)}, {Name: "served", Values: make([]float64, 8)}},
		Links: []geojson.Column{{Name: "from", Values: make([]float64, 7)}},
	}
	var buf bytes.Buffer
	err := geojson.Write(&buf, net, bad, geojson.Options{})
	assert.Zero(t, buf.Len(), "nothing written")
	assert.EqualError(t, err, `geojson: Write: node column "served" has 2 values for 8 nodes
geojson: Write: node column "role" clashes with a property of the element (reserved: [id role zone class capacity demand customers area level max_level charge_rate needs_operators attrs])
geojson: Write: node column 2 has no name
geojson: Write: node column "served" is given twice
geojson: Write: link column "from" clashes with a property of the element (reserved: [id from to capacity oneway loss attrs])`)

	boom := errors.New("disk full")
	err = geojson.Write(failWriter{boom}, net, nil, geojson.Options{})
	assert.ErrorIs(t, err, boom)
	assert.EqualError(t, err, "geojson: disk full")
}

func TestWriteEmpty(t *testing.T) {
	net, err := network.NewBuilder(network.Gas).Build()
	require.NoError(t, err)
	out := write(t, net, nil, geojson.Options{})
	assert.Equal(t, "{\"type\":\"FeatureCollection\",\n\"kind\":\"gas\",\n\"features\":[\n]}\n", string(out))
	got, err := geojson.Read(bytes.NewReader(out), "empty.geojson", network.Gas)
	require.NoError(t, err)
	assert.Zero(t, got.NumNodes())
}

func TestWriteEscapes(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.SetName("bad \xff utf-8 \x01")
	b.AddNode(network.Node{ID: "a\"b\\c", Role: network.Source, Capacity: 1, Coord: &network.Coord{X: 1e21, Y: math.Copysign(0, -1)}})
	b.AddNode(network.Node{ID: "tiny", Role: network.Junction, Coord: &network.Coord{X: -0.000001, Y: 5e-324}})
	net, err := b.Build()
	require.NoError(t, err)
	out := write(t, net, nil, geojson.Options{})
	assert.Contains(t, string(out), `"name":"bad \ufffd utf-8 \u0001"`)
	assert.Contains(t, string(out), `"coordinates":[1e+21,-0]`)
	assert.Contains(t, string(out), `"coordinates":[-1e-06,5e-324]`)
	got, err := geojson.Read(bytes.NewReader(out), "esc.geojson", network.Power)
	require.NoError(t, err)
	assert.Equal(t, "bad \uFFFD utf-8 \x01", got.Name())
	assert.Equal(t, "a\"b\\c", got.NodeID(0))
	assert.True(t, math.Signbit(got.Node(0).Coord.Y), "-0 kept")
	assert.Equal(t, network.Coord{X: -0.000001, Y: 5e-324}, *got.Node(1).Coord)
}

// What a GIS exports: numeric IDs, a feature-level id, extra properties,
// altitude, a byte order mark, CRLF line ends, members in any order, no
// kind, zones or classes.
func TestReadForeign(t *testing.T) {
	in := "\uFEFF{\"features\": [\r\n" +
		`  {"type": "Feature", "id": "src", "properties": {"role": "source", "capacity": "unlimited", "fid": 1, "owner": "city", "ok": true, "tags": {"a": [1, 2]}, "gone": null}, "geometry": {"type": "Point", "coordinates": [8.5, 47.4, 410.2]}},` + "\r\n" +
		`  {"type": "Feature", "properties": {"id": 7, "role": "consumer", "zone": 3, "demand": 2.5e1, "customers": 1e1, "class": null}, "geometry": {"type": "Point", "coordinates": [8.51, 47.41], "bbox": [0, 0, 1, 1]}},` + "\r\n" +
		`  {"type": "Feature", "properties": {"id": "pipe", "from": "src", "to": 7, "capacity": null, "oneway": null, "flow": 3}, "geometry": {"type": "LineString", "coordinates": [[8.5, 47.4], [8.505, 47.405, 1], [8.51, 47.41]]}},` + "\r\n" +
		`  {"type": "Feature", "properties": {"id": "ghost", "role": "junction"}, "geometry": null},` + "\r\n" +
		`  {"type": "Feature", "properties": {"id": "spur", "from": "ghost", "to": "src"}, "geometry": null}` + "\r\n" +
		"], \"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:OGC:1.3:CRS84\"}}, \"bbox\": [8, 47, 9, 48]}\r\n"
	net, err := geojson.Read(strings.NewReader(in), "export.geojson", network.Water)
	require.NoError(t, err)
	assert.Equal(t, network.Water, net.Kind())
	assert.Equal(t, 3, net.NumNodes())
	assert.Equal(t, 2, net.NumLinks())

	src := net.Node(0)
	assert.Equal(t, "src", src.ID)
	assert.Equal(t, &network.Coord{X: 8.5, Y: 47.4}, src.Coord)
	assert.Equal(t, math.Inf(1), src.Capacity)
	assert.Equal(t, map[string]string{"fid": "1", "owner": "city", "ok": "true", "tags": `{"a":[1,2]}`}, src.Attrs)
	assert.Equal(t, network.Pos{File: "export.geojson", Line: 2}, src.Pos)

	c := net.Node(1)
	assert.Equal(t, "7", c.ID)
	assert.Equal(t, "3", c.Zone)
	assert.Equal(t, 25.0, c.Demand)
	assert.Equal(t, 10, c.Customers)
	assert.Equal(t, network.Residential, net.Class(net.NodeClass(1)).Name)
	assert.Nil(t, net.Node(2).Coord)
	assert.Equal(t, 1, net.NumZones())

	pipe := net.Link(0)
	assert.Equal(t, network.Link{ID: "pipe", From: "src", To: "7", Capacity: math.Inf(1), Pos: network.Pos{File: "export.geojson", Line: 4}}, pipe)
	assert.Equal(t, "spur", net.LinkID(1))
}

func TestReadKind(t *testing.T) {
	doc := `{"type":"FeatureCollection","kind":"heat","features":[]}`
	n, err := geojson.Read(strings.NewReader(doc), "k.geojson", "")
	require.NoError(t, err)
	assert.Equal(t, network.Heat, n.Kind())
	n, err = geojson.Read(strings.NewReader(doc), "k.geojson", network.Heat)
	require.NoError(t, err)
	assert.Equal(t, network.Heat, n.Kind())
	_, err = geojson.Read(strings.NewReader(doc), "k.geojson", network.Gas)
	assert.EqualError(t, err, `k.geojson:1: network: kind: the collection's kind is "heat", want "gas"`)
	_, err = geojson.Read(strings.NewReader("{\"type\":\"FeatureCollection\",\n\"kind\":\"oil\",\"features\":[]}"), "k.geojson", "")
	assert.EqualError(t, err, `k.geojson:2: network: kind: unknown kind "oil" (want power, heat, water or gas)`)
	_, err = geojson.Read(strings.NewReader(`{"type":"FeatureCollection","features":[]}`), "k.geojson", "")
	assert.EqualError(t, err, `k.geojson:1: network: kind: unknown kind "" (want power, heat, water or gas)`)
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("unplugged") }

func TestReadReaderError(t *testing.T) {
	_, err := geojson.Read(failReader{}, "x.geojson", network.Power)
	assert.EqualError(t, err, "geojson: reading x.geojson: unplugged")
	assert.NotErrorIs(t, err, network.ErrInvalid)
}

// pt and ln make one-line features for the error table.
func pt(props string) string {
	return `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{` + props + `}}`
}

func ln(props string) string {
	return `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{` + props + `}}`
}

func fc(features ...string) string {
	return "{\"type\":\"FeatureCollection\",\"kind\":\"power\",\"features\":[\n" + strings.Join(features, ",\n") + "\n]}"
}

const (
	src  = `"id":"s","role":"source","capacity":10`
	cons = `"id":"c","role":"consumer","demand":1`
)

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "  \n", []string{`bad.geojson:1: network: empty document`}},
		{"syntax", "{\"type\":\"FeatureCollection\",\n\"features\":[}", []string{
			`bad.geojson:2: network: JSON syntax error: invalid character '}' looking for beginning of value`}},
		{"truncated", "{\"type\":\"FeatureCollection\",\n\"features\":[\n", []string{
			`bad.geojson:3: network: JSON syntax error: unexpected end of the document`}},
		{"array", "\n[1]", []string{`bad.geojson:2: network: want a GeoJSON FeatureCollection object, got an array`}},
		{"string", `"x"`, []string{`bad.geojson:1: network: want a GeoJSON FeatureCollection object, got a string "x"`}},
		{"trailing", "{\"type\":\"FeatureCollection\",\"features\":[]}\n{}", []string{
			`bad.geojson:2: network: data after the end of the FeatureCollection`}},
		{"not a collection", `{"type":"Feature","geometry":null,"properties":{}}`, []string{
			`bad.geojson:1: network: type: want "FeatureCollection", got a string "Feature"`,
			`bad.geojson:1: network: features: missing`}},
		{"no type", `{"features":[]}`, []string{`bad.geojson:1: network: type: missing; want "FeatureCollection"`}},
		{"features object", "{\"type\":\"FeatureCollection\",\n\"features\":{}}", []string{
			`bad.geojson:2: network: features: want an array, got an object`}},
		{"repeated member", "{\"type\":\"FeatureCollection\",\"features\":[],\n\"features\":[]}", []string{
			`bad.geojson:2: network: features: repeated member (first at line 1)`}},
		{"feature not object", fc(pt(src), `42`), []string{
			`bad.geojson:3: feature: want a Feature object, got the number 42 (features[1])`}},
		{"feature type", fc(`{"type":"Point","coordinates":[1,2]}`), []string{
			`bad.geojson:2: feature: type: want "Feature", got a string "Point" (features[0])`}},
		{"polygon", fc(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},"properties":{"id":"p"}}`), []string{
			`bad.geojson:2: feature "p": geometry.type: want Point or LineString, got a string "Polygon"`}},
		{"properties array", fc(`{"type":"Feature","geometry":null,"properties":[]}`), []string{
			`bad.geojson:2: feature: properties: want an object or null, got an array (features[0])`}},
		{"bad values", fc(pt(src), pt(`"id":"c","role":"consumer","demand":"lots","customers":1.5,"capacity":true,"needs_operators":"yes","attrs":[]`)), []string{
			`bad.geojson:3: node "c": attrs: want an object or null, got an array`,
			`bad.geojson:3: node "c": capacity: want a number, got a boolean`,
			`bad.geojson:3: node "c": customers: not a whole number 1.5`,
			`bad.geojson:3: node "c": demand: not a number "lots"`,
			`bad.geojson:3: node "c": needs_operators: want true or false, got a string "yes"`}},
		{"missing", fc(pt(`"role":"source","capacity":1`), pt(`"id":"x"`), ln(`"id":"l"`)), []string{
			`bad.geojson:2: node: id: missing (features[0])`,
			`bad.geojson:3: node "x": role: missing`,
			`bad.geojson:4: link "l": from: missing`,
			`bad.geojson:4: link "l": to: missing`}},
		{"empty IDs", fc(pt(`"id":"","role":"junction"`), pt(`"id":null,"role":"junction"`), ln(`"id":" ","from":"a","to":"b"`)), []string{
			`bad.geojson:2: node: id: empty ID (features[0])`,
			`bad.geojson:3: node: id: empty ID (features[1])`,
			// Build's problems with an element that did not decode (here the
			// unknown ends of the link) are not reported.
			`bad.geojson:4: link " ": id: empty ID (features[2])`}},
		{"minified without IDs", strings.ReplaceAll(fc(pt(`"role":"source","capacity":1`), pt(`"role":"source","capacity":2`)), "\n", ""), []string{
			`bad.geojson:1: node: id: missing (features[0])`,
			`bad.geojson:1: node: id: missing (features[1])`}},
		{"coordinates", fc(`{"type":"Feature","geometry":{"type":"Point","coordinates":[1]},"properties":{`+src+`}}`,
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,"2"]},"properties":{`+cons+`}}`,
			`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2]]},"properties":{"id":"l","from":"s","to":"c"}}`,
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,2]},"properties":{"id":"d","role":"junction"}}`), []string{
			`bad.geojson:2: node "s": geometry.coordinates: a position has 2 or 3 numbers, got 1 values`,
			`bad.geojson:3: node "c": geometry.coordinates: want a number, got a string "2"`,
			`bad.geojson:4: link "l": geometry.coordinates: a LineString needs at least 2 positions, got 1`,
			`bad.geojson:5: node "d": geometry.coordinates: number 1e999 out of range`}},
		{"wrong element", fc(pt(src+`,"oneway":true`), ln(`"id":"l","from":"s","to":"s","role":"junction","served":1`)), []string{
			`bad.geojson:2: node "s": oneway: a link property, not a node's`,
			`bad.geojson:3: link "l": role: a node property, not a link's`}},
		{"attr twice", fc(pt(src + `,"owner":"a","attrs":{"owner":"b"}`)), []string{
			`bad.geojson:2: node "s": owner: given both as a property and in attrs`}},
		{"build", fc(pt(src), pt(`"id":"c","role":"consumer","demand":-3,"class":"vip"`), pt(`"id":"c","role":"consumer"`), ln(`"id":"l","from":"s","to":"x","loss":1`)), []string{
			`bad.geojson:3: node "c": demand: -3 is negative; want a demand ≥ 0 kW`,
			`bad.geojson:3: node "c": class: unknown class "vip" (the classes are critical, essential, residential, commercial, industrial)`,
			`bad.geojson:4: node "c": id: duplicate node ID`,
			`bad.geojson:5: link "l": to: unknown node "x"`,
			`bad.geojson:5: link "l": loss: loss 1 outside [0, 1)`}},
		{"decode and build", fc(pt(`"id":"s","role":"source","capacity":"x"`), pt(`"id":"t","role":"source"`)), []string{
			// s has a capacity of 0 for Build, which would complain; only
			// the decoding problem is reported for it.
			`bad.geojson:2: node "s": capacity: not a number "x"`,
			`bad.geojson:3: node "t": capacity: a source needs a capacity greater than 0`}},
		{"zones and classes", "{\"type\":\"FeatureCollection\",\"kind\":\"power\",\n\"zones\":[{\"id\":\"z\"},\n{\"id\":\"z\",\"nom\":1}],\n\"classes\":[{\"name\":\"a\",\"rank\":1.5,\"voll\":\"x\"}],\n\"features\":[]}", []string{
			`bad.geojson:3: zone "z": nom: unknown field (want id, name or attrs)`,
			`bad.geojson:4: class "a": rank: not a whole number 1.5`,
			`bad.geojson:4: class "a": voll: not a decimal number "x"`}},
		{"zones build", "{\"type\":\"FeatureCollection\",\"kind\":\"power\",\n\"zones\":[{\"id\":\"z\"},\n{\"id\":\"z\"}],\n\"classes\":[],\n\"features\":[]}", []string{
			`bad.geojson:3: zone "z": id: duplicate zone ID`,
			`bad.geojson:4: network: classes: no classes defined`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := geojson.Read(strings.NewReader(tc.in), "bad.geojson", network.Power)
			require.Error(t, err)
			assert.Nil(t, n)
			assert.ErrorIs(t, err, network.ErrInvalid)
			var got []string
			for _, p := range network.Problems(err) {
				got = append(got, p.Error())
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, strings.Join(tc.want, "\n"), err.Error())
		})
	}
}

// A problem is a *network.FieldError with the element, ID and field.
func TestReadFieldError(t *testing.T) {
	_, err := geojson.Read(strings.NewReader(fc(pt(src), pt(`"id":"c","role":"consumer","demand":"lots"`))), "city.geojson", network.Power)
	var fe *network.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, network.FieldError{Pos: network.Pos{File: "city.geojson", Line: 3}, Element: "node", ID: "c", Field: "demand",
		Msg: `not a number "lots"`}, *fe)
}

func BenchmarkWrite(b *testing.B) {
	net := synthNet(b)
	vals := columns(net)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := geojson.Write(&buf, net, vals, geojson.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkRead(b *testing.B) {
	net := synthNet(b)
	var buf bytes.Buffer
	require.NoError(b, geojson.Write(&buf, net, nil, geojson.Options{}))
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := geojson.Read(bytes.NewReader(data), "synth.geojson", network.Power); err != nil {
			b.Fatal(err)
		}
	}
}
