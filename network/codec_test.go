package network_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
)

// sample builds a network that uses every field of the model. With custom
// set it has its own classes and named zones with attributes.
func sample(t testing.TB, custom bool) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Power)
	north := network.Zone{ID: "z-north"}
	south := network.Zone{ID: "z-south"}
	if custom {
		b.SetName("Riverside")
		b.SetClasses([]network.Class{
			{Name: "commercial", Rank: 3, VoLL: decimal.RequireFromString("12.25"), Description: "shops"},
			{Name: network.Critical, Rank: 1, VoLL: decimal.RequireFromString("1000.5"), Description: "hospitals"},
			{Name: network.Residential, Rank: 2, VoLL: decimal.NewFromInt(8)},
		})
		north.Name = "North district"
		north.Attrs = map[string]string{"population": "12000", "plan": "B"}
		south.Name = "South"
	}
	b.AddZone(north)
	b.AddZone(south)
	for _, n := range []network.Node{
		{ID: "grid", Role: network.Source, Capacity: math.Inf(1), Coord: &network.Coord{}, Attrs: map[string]string{"operator": "GridCo"}},
		{ID: "chp", Role: network.Source, Capacity: 1500.5, Zone: "z-north", NeedsOperators: true, Coord: &network.Coord{X: 120.5, Y: -3.25}},
		{ID: "sub1", Role: network.Station, Zone: "z-north"},
		{ID: "sub2", Role: network.Station, Capacity: 1e6, Zone: "z-south", NeedsOperators: true},
		{ID: "bat", Role: network.Storage, Capacity: 50, Level: 100, MaxLevel: 200, ChargeRate: 25, Zone: "z-south"},
		{ID: "bat2", Role: network.Storage, Capacity: 10, Level: 0.125, ChargeRate: math.Inf(1)},
		{ID: "j1", Role: network.Junction, Coord: &network.Coord{X: 1e-7, Y: 1e22}},
		{ID: "hosp", Role: network.Consumer, Demand: 120, Class: network.Critical, Customers: 1, Zone: "z-north", Attrs: map[string]string{"name": "City Hospital, \"East\" wing", "beds": "300"}},
		{ID: "homes", Role: network.Consumer, Demand: 300.25, Customers: 450, Area: 12000.5, Zone: "z-south"},
		{ID: "shop", Role: network.Consumer, Demand: 40, Class: network.Commercial, Customers: 12},
		{ID: "123", Role: network.Consumer, Demand: 0.1},
	} {
		b.AddNode(n)
	}
	for _, l := range []network.Link{
		{ID: "l1", From: "grid", To: "sub1"},
		{ID: "l2", From: "chp", To: "sub1", Capacity: 1000, Loss: 0.02},
		{ID: "l3", From: "sub1", To: "j1", Capacity: math.Inf(1), OneWay: true},
		{ID: "l4", From: "j1", To: "sub2", Capacity: 500, Attrs: map[string]string{"material": "XLPE", "length_m": "1200"}},
		{ID: "l5", From: "sub2", To: "homes", OneWay: true},
		{ID: "l6", From: "j1", To: "hosp"},
		{ID: "l7", From: "bat", To: "sub2"},
		{ID: "l8", From: "j1", To: "shop", Loss: 0.05},
		{ID: "l9", From: "bat2", To: "j1", Capacity: 7},
		{ID: "l10", From: "j1", To: "123"},
	} {
		b.AddLink(l)
	}
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

// assertSameNetwork compares two networks element by element, ignoring
// positions.
func assertSameNetwork(t *testing.T, want, got *network.Network) {
	t.Helper()
	assert.Equal(t, want.Name(), got.Name(), "name")
	assert.Equal(t, want.Kind(), got.Kind(), "kind")
	wc, gc := want.Classes(), got.Classes()
	if assert.Len(t, gc, len(wc), "classes") {
		for i := range wc {
			assert.Equal(t, wc[i].Name, gc[i].Name, "class %d", i)
			assert.Equal(t, wc[i].Rank, gc[i].Rank, "class %s", wc[i].Name)
			assert.Equal(t, wc[i].Description, gc[i].Description, "class %s", wc[i].Name)
			assert.True(t, wc[i].VoLL.Equal(gc[i].VoLL), "class %s: voll %s, want %s", wc[i].Name, gc[i].VoLL, wc[i].VoLL)
		}
	}
	if assert.Equal(t, want.NumZones(), got.NumZones(), "zones") {
		for i := range want.NumZones() {
			w, g := want.Zone(i), got.Zone(i)
			w.Pos, g.Pos = network.Pos{}, network.Pos{}
			assert.Equal(t, w, g, "zone %d", i)
		}
	}
	if assert.Equal(t, want.NumNodes(), got.NumNodes(), "nodes") {
		for i := range want.NumNodes() {
			w, g := want.Node(i), got.Node(i)
			w.Pos, g.Pos = network.Pos{}, network.Pos{}
			assert.Equal(t, w, g, "node %d", i)
			assert.Equal(t, want.Capacity(i), got.Capacity(i), "node %s: effective capacity", w.ID)
			assert.Equal(t, want.NodeClass(i), got.NodeClass(i), "node %s: class index", w.ID)
			assert.Equal(t, want.NodeZone(i), got.NodeZone(i), "node %s: zone index", w.ID)
		}
	}
	if assert.Equal(t, want.NumLinks(), got.NumLinks(), "links") {
		for i := range want.NumLinks() {
			w, g := want.Link(i), got.Link(i)
			w.Pos, g.Pos = network.Pos{}, network.Pos{}
			assert.Equal(t, w, g, "link %d", i)
			assert.Equal(t, want.LinkCapacity(i), got.LinkCapacity(i), "link %s: effective capacity", w.ID)
		}
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, custom := range []bool{true, false} {
		want := sample(t, custom)
		for _, f := range []network.Format{network.JSON, network.YAML} {
			t.Run(f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				require.NoError(t, network.Encode(&buf, want, f))
				text := buf.String()
				file := "net." + f.String()
				got, err := network.Decode(strings.NewReader(text), file)
				require.NoError(t, err, text)
				assertSameNetwork(t, want, got)

				// Every element knows where it was read.
				for i := range got.NumNodes() {
					p := got.Node(i).Pos
					assert.Equal(t, file, p.File)
					assert.Positive(t, p.Line)
				}
				for i := range got.NumLinks() {
					assert.Equal(t, file, got.Link(i).Pos.File)
					assert.Positive(t, got.Link(i).Pos.Line)
				}

				// Deterministic, and stable under a second round trip.
				var again bytes.Buffer
				require.NoError(t, network.Encode(&again, got, f))
				assert.Equal(t, text, again.String())

				// The default classes are not written out.
				assert.Equal(t, custom, strings.Contains(text, "classes"), text)
				// Attributes come sorted by key.
				assert.Less(t, strings.Index(text, "length_m"), strings.Index(text, "material"))
			})
		}
	}
}

func TestEncodeJSONShape(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.SetName("tiny <works>")
	b.AddNode(network.Node{ID: "w", Role: network.Source, Capacity: math.Inf(1)})
	b.AddNode(network.Node{ID: "p", Role: network.Station, Capacity: 1e6})
	b.AddNode(network.Node{ID: "c", Role: network.Consumer, Demand: 12.5, Coord: &network.Coord{X: 1, Y: 2}, Attrs: map[string]string{"b": "2", "a": "1"}})
	b.AddLink(network.Link{ID: "l1", From: "w", To: "p"})
	b.AddLink(network.Link{ID: "l2", From: "p", To: "c", Capacity: 30, OneWay: true})
	n, err := b.Build()
	require.NoError(t, err)

	var buf bytes.Buffer
	require.NoError(t, network.Encode(&buf, n, network.JSON))
	assert.Equal(t, `{
  "format": "lifeline-network",
  "version": 1,
  "name": "tiny <works>",
  "kind": "water",
  "nodes": [
    {"id":"w","role":"source","capacity":"unlimited"},
    {"id":"p","role":"station","capacity":1000000},
    {"id":"c","role":"consumer","demand":12.5,"coord":{"x":1,"y":2},"attrs":{"a":"1","b":"2"}}
  ],
  "links": [
    {"id":"l1","from":"w","to":"p"},
    {"id":"l2","from":"p","to":"c","capacity":30,"oneway":true}
  ]
}
`, buf.String())

	buf.Reset()
	require.NoError(t, network.Encode(&buf, n, network.YAML))
	assert.Equal(t, `format: lifeline-network
version: 1
name: "tiny <works>"
kind: water
nodes:
  - {id: w, role: source, capacity: unlimited}
  - {id: p, role: station, capacity: 1000000}
  - {id: c, role: consumer, demand: 12.5, coord: {x: 1, "y": 2}, attrs: {a: "1", b: "2"}}
links:
  - {id: l1, from: w, to: p}
  - {id: l2, from: p, to: c, capacity: 30, oneway: true}
`, buf.String())

	assert.Error(t, network.Encode(&buf, n, network.Format(7)))
	assert.Error(t, network.Encode(&buf, nil, network.JSON))
	assert.Equal(t, "Format(7)", network.Format(7).String())
}

func TestEncodeQuotesAwkwardStrings(t *testing.T) {
	awkward := []string{
		"true", "True", "NO", "y", "On", "null", "~", "123", "-1", ".inf", "0x10", "1e3", "2001-01-01",
		"a: b", "a:b", "- x", "#c", "a #c", " lead", "trail ", "two  spaces", "a,b", "{x}", "[y]", "*alias",
		"&anchor", "!tag", "%dir", "@at", "`bt", "|", ">", "?", "'sq'", "quote\"", "back\\", "tab\t",
		"line\nbreak", "cr\r", "nul\x00", "del\x7f", "nel\u0085", "ls\u2028", "bom\ufeff", "é", "Zürich 2",
		"日本", "emoji 🚰", "<b>&amp;", "a/b.c_d-e", "=", "<<",
	}
	b := network.NewBuilder(network.Water)
	b.SetName("name: with colon")
	attrs := make(map[string]string)
	for i, s := range awkward {
		attrs[s] = awkward[len(awkward)-1-i]
	}
	attrs[""] = "empty key"
	b.AddZone(network.Zone{ID: "z: 1", Name: "#z", Attrs: attrs})
	for _, s := range awkward {
		b.AddNode(network.Node{ID: s, Role: network.Junction, Zone: "z: 1", Attrs: map[string]string{s: s}})
	}
	n, err := b.Build()
	require.NoError(t, err)
	for _, f := range []network.Format{network.JSON, network.YAML} {
		var buf bytes.Buffer
		require.NoError(t, network.Encode(&buf, n, f))
		got, err := network.Decode(&buf, "q")
		require.NoError(t, err, buf.String())
		assertSameNetwork(t, n, got)
	}
}

func TestTestdataJSONAndYAMLAgree(t *testing.T) {
	j, err := network.ReadFile(filepath.Join("testdata", "city.json"))
	require.NoError(t, err)
	y, err := network.ReadFile(filepath.Join("testdata", "city.yaml"))
	require.NoError(t, err)
	assertSameNetwork(t, j, y)

	assert.Equal(t, "Riverside power", j.Name())
	assert.Equal(t, network.Power, j.Kind())
	assert.Equal(t, 8, j.NumNodes())
	assert.Equal(t, 7, j.NumLinks())
	i, ok := j.NodeIndex("sub-n")
	require.True(t, ok)
	assert.Equal(t, network.Pos{File: filepath.Join("testdata", "city.json"), Line: 13}, j.Node(i).Pos)
	assert.Equal(t, &network.Coord{X: 114.3, Y: 30.59}, j.Node(i).Coord)
	i, _ = y.NodeIndex("sub-n")
	assert.Equal(t, network.Pos{File: filepath.Join("testdata", "city.yaml"), Line: 14}, y.Node(i).Pos)
	i, _ = y.NodeIndex("bess")
	nd := y.Node(i)
	assert.Equal(t, []float64{500, 1000, 2000, 250}, []float64{nd.Capacity, nd.Level, nd.MaxLevel, nd.ChargeRate})
	assert.Empty(t, j.Unreached())
}

func TestDecodeSniffsAndReadFileUsesExtension(t *testing.T) {
	const js = "\n\t {\"version\": 1, \"kind\": \"gas\", \"nodes\": [{\"id\": \"g\", \"role\": \"source\", \"capacity\": 5}]}"
	const ym = "version: 1\nkind: gas\nnodes:\n  - {id: g, role: source, capacity: 5}\n"
	for _, in := range []string{js, "\xEF\xBB\xBF" + js, ym} {
		n, err := network.Decode(strings.NewReader(in), "in")
		require.NoError(t, err, in)
		assert.Equal(t, network.Gas, n.Kind())
		assert.Equal(t, 5.0, n.Capacity(0))
	}

	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	for _, p := range []string{write("a.json", js), write("a.YML", ym), write("a.yaml", ym), write("a.txt", js), write("b.net", ym)} {
		n, err := network.ReadFile(p)
		require.NoError(t, err, p)
		assert.Equal(t, "g", n.NodeID(0))
		assert.Equal(t, p, n.Node(0).Pos.File)
	}
	// The extension wins over sniffing: YAML text in a .json file is a
	// JSON syntax error.
	p := write("wrong.json", ym)
	_, err := network.ReadFile(p)
	probs := network.Problems(err)
	require.Len(t, probs, 1)
	assert.Equal(t, network.Pos{File: p, Line: 1}, probs[0].Pos)
	assert.Contains(t, probs[0].Msg, "JSON syntax error")

	_, err = network.ReadFile(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestCapacitySemantics(t *testing.T) {
	const doc = `{"version": 1, "kind": "power",
  "nodes": [
    {"id": "s1", "role": "source", "capacity": "unlimited"},
    {"id": "s2", "role": "source", "capacity": 40},
    {"id": "st1", "role": "station"},
    {"id": "st2", "role": "station", "capacity": null},
    {"id": "st3", "role": "station", "capacity": 0},
    {"id": "st4", "role": "station", "capacity": "unlimited"},
    {"id": "st5", "role": "station", "capacity": 12},
    {"id": "c", "role": "consumer", "demand": 3}
  ],
  "links": [
    {"id": "a", "from": "s1", "to": "st1"},
    {"id": "b", "from": "s2", "to": "st1", "capacity": "unlimited"},
    {"id": "c2", "from": "st1", "to": "c", "capacity": 10, "loss": 0.1},
    {"id": "d", "from": "st2", "to": "c", "capacity": null}
  ]}`
	n, err := network.Decode(strings.NewReader(doc), "cap.json")
	require.NoError(t, err)
	inf := math.Inf(1)
	spec := func(id string) float64 {
		i, ok := n.NodeIndex(id)
		require.True(t, ok, id)
		return n.Node(i).Capacity
	}
	eff := func(id string) float64 {
		i, _ := n.NodeIndex(id)
		return n.Capacity(i)
	}
	// As written: omitted and null are 0, "unlimited" is +Inf.
	assert.Equal(t, []float64{inf, 40, 0, 0, 0, inf, 12}, []float64{spec("s1"), spec("s2"), spec("st1"), spec("st2"), spec("st3"), spec("st4"), spec("st5")})
	// In effect: a station without a limit is unlimited.
	assert.Equal(t, []float64{inf, 40, inf, inf, inf, inf, 12, inf}, []float64{eff("s1"), eff("s2"), eff("st1"), eff("st2"), eff("st3"), eff("st4"), eff("st5"), eff("c")})
	assert.Equal(t, []float64{inf, inf, 9, inf}, []float64{n.LinkCapacity(0), n.LinkCapacity(1), n.LinkCapacity(2), n.LinkCapacity(3)})
	assert.Equal(t, 0.0, n.Link(0).Capacity)
	assert.Equal(t, inf, n.Link(1).Capacity)

	// Encoding keeps the distinction: 0 is omitted, +Inf is "unlimited".
	var buf bytes.Buffer
	require.NoError(t, network.Encode(&buf, n, network.JSON))
	out := buf.String()
	assert.Contains(t, out, `{"id":"s1","role":"source","capacity":"unlimited"}`)
	assert.Contains(t, out, `{"id":"st1","role":"station"}`)
	assert.Contains(t, out, `{"id":"st4","role":"station","capacity":"unlimited"}`)
	assert.Contains(t, out, `{"id":"a","from":"s1","to":"st1"}`)
	assert.Contains(t, out, `{"id":"b","from":"s2","to":"st1","capacity":"unlimited"}`)

	// A source needs a capacity: omitted is 0, which Build rejects, at
	// the source's line.
	_, err = network.Decode(strings.NewReader("version: 1\nkind: heat\nnodes:\n  - id: boiler\n    role: source\n"), "heat.yaml")
	assert.Equal(t, []*network.FieldError{
		{Pos: network.Pos{File: "heat.yaml", Line: 4}, Element: "node", ID: "boiler", Field: "capacity", Msg: "a source needs a capacity greater than 0"},
	}, network.Problems(err))
	assert.ErrorIs(t, err, network.ErrInvalid)
}

func TestDefaultClassAndTaxonomy(t *testing.T) {
	const doc = "version: 1\nkind: power\nnodes:\n  - {id: s, role: source, capacity: 9}\n  - {id: h, role: consumer, demand: 2}\n  - {id: x, role: consumer, demand: 1, class: critical}\nlinks:\n  - {id: l1, from: s, to: h}\n  - {id: l2, from: s, to: x}\n"
	n, err := network.Decode(strings.NewReader(doc), "c.yaml")
	require.NoError(t, err)
	require.Equal(t, 5, n.NumClasses())
	for i, want := range network.DefaultClasses() {
		got := n.Class(i)
		assert.Equal(t, want.Name, got.Name)
		assert.Equal(t, want.Rank, got.Rank)
		assert.True(t, want.VoLL.Equal(got.VoLL))
	}
	res, ok := n.ClassIndex(network.Residential)
	require.True(t, ok)
	crit, _ := n.ClassIndex(network.Critical)
	assert.Equal(t, res, n.NodeClass(1))
	assert.Equal(t, "", n.Node(1).Class, "the class is kept as written")
	assert.Equal(t, crit, n.NodeClass(2))

	// Custom classes replace the default ones: "residential" is then unknown
	// unless listed.
	const custom = "version: 1\nkind: power\nclasses:\n  - {name: vip, rank: 1, voll: 250.75}\n  - {name: rest, rank: 2, voll: \"3\"}\nnodes:\n  - {id: s, role: source, capacity: 9}\n  - {id: h, role: consumer, demand: 2}\n  - {id: v, role: consumer, demand: 2, class: vip}\n"
	_, err = network.Decode(strings.NewReader(custom), "c.yaml")
	assert.Equal(t, []*network.FieldError{
		{Pos: network.Pos{File: "c.yaml", Line: 8}, Element: "node", ID: "h", Field: "class", Msg: `unknown class "residential" (the classes are vip, rest)`},
	}, network.Problems(err))
	n, err = network.Decode(strings.NewReader(strings.Replace(custom, "demand: 2}\n  - {id: v", "demand: 2, class: rest}\n  - {id: v", 1)), "c.yaml")
	require.NoError(t, err)
	assert.Equal(t, 2, n.NumClasses())
	assert.Equal(t, "vip", n.Class(0).Name)
	assert.True(t, decimal.RequireFromString("250.75").Equal(n.Class(0).VoLL))
	assert.True(t, decimal.NewFromInt(3).Equal(n.Class(1).VoLL))
}

// errorCase is a bad document and the exact problems it must produce.
type errorCase struct {
	name string
	in   string
	want []*network.FieldError
}

func fe(file string, line int, elem, id, field, msg string) *network.FieldError {
	return &network.FieldError{Pos: network.Pos{File: file, Line: line}, Element: elem, ID: id, Field: field, Msg: msg}
}

func checkErrors(t *testing.T, cases []errorCase, decode func(string) (*network.Network, error)) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := decode(c.in)
			assert.Nil(t, n)
			require.Error(t, err)
			assert.ErrorIs(t, err, network.ErrInvalid)
			assert.Equal(t, c.want, network.Problems(err))
			for _, p := range c.want {
				assert.Contains(t, err.Error(), p.Error())
			}
		})
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	const f = "bad.json"
	cases := []errorCase{
		{"syntax", "{\n  \"version\": 1,\n  \"kind\": \"power\"\n  \"nodes\": []\n}",
			[]*network.FieldError{fe(f, 4, "network", "", "", `JSON syntax error: invalid character '"' after object key:value pair`)}},
		{"syntax in a string", "{\"version\": 1,\n \"kind\": \"power\",\n \"nodes\": [{\"id\": \"a\nb\"}]}",
			[]*network.FieldError{fe(f, 3, "network", "", "", `JSON syntax error: invalid character '\n' in string literal`)}},
		{"truncated", "{\"version\": 1,\n \"nodes\": [\n",
			[]*network.FieldError{fe(f, 2, "network", "", "", "JSON syntax error: unexpected end of JSON input")}},
		{"trailing data", "{\"version\": 1, \"kind\": \"power\"}\n{}",
			[]*network.FieldError{fe(f, 2, "network", "", "", "JSON syntax error: invalid character '{' after top-level value")}},
		{"empty", " \n", []*network.FieldError{fe(f, 1, "network", "", "", "empty document")}},
		{"not an object", "[1, 2]", []*network.FieldError{fe(f, 1, "network", "", "", "want a mapping, got a list")}},
		{"version and format", "{\"format\": \"other\",\n \"version\": 2,\n \"kind\": \"power\"}",
			[]*network.FieldError{
				fe(f, 1, "network", "", "format", `unknown format "other" (want "lifeline-network")`),
				fe(f, 2, "network", "", "version", "unsupported version 2 (the supported version is 1)"),
			}},
		{"missing version and kind", "{\"name\": \"x\"}",
			[]*network.FieldError{
				fe(f, 1, "network", "x", "version", "missing (the supported version is 1)"),
				fe(f, 1, "network", "x", "kind", "missing (want power, heat, water or gas)"),
			}},
		{"version as a string", `{"version": "1", "kind": "steam"}`,
			[]*network.FieldError{
				fe(f, 1, "network", "", "version", `want the number 1, got a string "1"`),
				fe(f, 1, "network", "", "kind", `unknown kind "steam" (want power, heat, water or gas)`),
			}},
		{"bad fields", `{"version": 1, "kind": "power", "nme": "x",
  "zones": [{"id": "z", "attrs": {"floor": 3}}],
  "nodes": [
    {"id": "n1", "role": "source", "capacity": "abc"},
    {"id": "n2", "role": "consumer", "demand": true, "customers": 2.5, "coord": {"x": 1}},
    {"id": "n3", "role": "station", "needs_operators": "yes", "capacity": 1e999},
    {"role": "junction", "id": 7},
    42
  ],
  "links": [
    {"id": "l1", "from": "n1", "to": "n2", "capacty": 3, "oneway": 1, "id": "l1b"}
  ]}`,
			[]*network.FieldError{
				fe(f, 1, "network", "", "nme", `unknown field (did you mean "name"?)`),
				fe(f, 2, "zone", "z", "attrs.floor", "want a string, got a number"),
				fe(f, 4, "node", "n1", "capacity", `not a number "abc"`),
				fe(f, 5, "node", "n2", "demand", "want a number, got a boolean"),
				fe(f, 5, "node", "n2", "customers", "not a whole number 2.5"),
				fe(f, 5, "node", "n2", "coord.y", "missing"),
				fe(f, 6, "node", "n3", "needs_operators", `want true or false, got a string "yes"`),
				fe(f, 6, "node", "n3", "capacity", "number 1e999 out of range"),
				fe(f, 7, "node", "", "id", "want a string, got a number"),
				fe(f, 8, "node", "", "", "want a mapping, got a number"),
				fe(f, 11, "link", "l1", "id", "repeated key (first at line 11)"),
				fe(f, 11, "link", "l1", "capacty", `unknown field (did you mean "capacity"?)`),
				fe(f, 11, "link", "l1", "oneway", "want true or false, got a number"),
			}},
		{"unknown field far from any", `{"version": 1, "kind": "gas", "nodes": [{"id": "a", "role": "source", "capacity": 1, "colour": "red"}]}`,
			[]*network.FieldError{fe(f, 1, "node", "a", "colour", "unknown field (want one of id, role, zone, capacity, demand, class, customers, area, level, max_level, charge_rate, needs_operators, coord, attrs)")}},
		{"lists", `{"version": 1, "kind": "gas", "nodes": {"id": "a"}, "links": "none"}`,
			[]*network.FieldError{
				fe(f, 1, "network", "", "nodes", "want a list, got a mapping"),
				fe(f, 1, "network", "", "links", `want a list, got a string "none"`),
			}},
		{"classes", `{"version": 1, "kind": "heat", "classes": [
  {"name": "a", "rank": 1, "voll": "ten"},
  {"name": "a", "rank": 1.5, "voll": -2},
  {"rank": 3, "descr": "x"}
]}`,
			[]*network.FieldError{
				fe(f, 2, "class", "a", "voll", `not a decimal number "ten"`),
				fe(f, 3, "class", "a", "rank", "not a whole number 1.5"),
				fe(f, 3, "class", "a", "voll", "negative value of lost load -2"),
				fe(f, 3, "class", "a", "name", "duplicate class (first at line 2)"),
				fe(f, 4, "class", "", "descr", "unknown field (want one of name, rank, voll, description)"),
				fe(f, 4, "class", "", "name", "empty name"),
			}},
		{"no classes", `{"version": 1, "kind": "heat", "classes": []}`,
			[]*network.FieldError{fe(f, 1, "network", "", "classes", "no classes (omit the field for the default classes)")}},
	}
	checkErrors(t, cases, func(in string) (*network.Network, error) {
		return network.DecodeJSON(strings.NewReader(in), f)
	})
}

func TestDecodeYAMLErrors(t *testing.T) {
	const f = "bad.yaml"
	cases := []errorCase{
		{"syntax", "version: 1\nkind: power\nnodes:\n  - id: a\n    role: [source\n",
			[]*network.FieldError{fe(f, 4, "network", "", "", "YAML syntax error: did not find expected ',' or ']'")}},
		{"tab", "version: 1\n\tkind: power\n",
			[]*network.FieldError{fe(f, 2, "network", "", "", "YAML syntax error: found a tab character that violates indentation")}},
		{"two documents", "version: 1\nkind: power\n---\nversion: 1\n",
			[]*network.FieldError{fe(f, 3, "network", "", "", "more than one YAML document")}},
		{"empty", "# nothing\n", []*network.FieldError{fe(f, 1, "network", "", "", "empty document")}},
		{"scalar", "hello\n", []*network.FieldError{fe(f, 1, "network", "", "", `want a mapping, got a string "hello"`)}},
		{"bad fields", `version: 1
kind: water
name: [a]
zones:
  - id: z
    nmae: Zed
nodes:
  - id: p
    role: station
    capacity: lots
    coord: {x: 1, y: 2, z: 3}
  - id: t
    role: storage
    capacity: 5
    level: .5e
    attrs: {a: [1]}
    capacity: 6
links:
  - {id: l, from: p, to: t, loss: "0.1", oneway: yes}
`,
			[]*network.FieldError{
				fe(f, 3, "network", "", "name", "want a string, got a list"),
				fe(f, 6, "zone", "z", "nmae", `unknown field (did you mean "name"?)`),
				fe(f, 10, "node", "p", "capacity", `not a number "lots"`),
				fe(f, 11, "node", "p", "coord.z", "unknown field (want one of x, y)"),
				fe(f, 17, "node", "t", "capacity", "repeated key (first at line 14)"),
				fe(f, 15, "node", "t", "level", `not a number ".5e"`),
				fe(f, 16, "node", "t", "attrs.a", "want a string, got a list"),
				fe(f, 19, "link", "l", "loss", `not a number "0.1"`),
				fe(f, 19, "link", "l", "oneway", `want true or false, got a string "yes"`),
			}},
		{"version", "version: 1.5\nformat: lifeline-net\nkind: power\n",
			[]*network.FieldError{
				fe(f, 1, "network", "", "version", "unsupported version 1.5 (the supported version is 1)"),
				fe(f, 2, "network", "", "format", `unknown format "lifeline-net" (want "lifeline-network")`),
			}},
		{"alias bomb", "version: 1\nkind: power\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d]\n",
			[]*network.FieldError{fe(f, 6, "network", "", "", "aliases expand to too large a document")}},
	}
	checkErrors(t, cases, func(in string) (*network.Network, error) {
		return network.DecodeYAML(strings.NewReader(in), f)
	})
}

func TestYAMLScalarsAndAliases(t *testing.T) {
	const doc = `version: 1
kind: power
name: 2024
zones:
  - id: 7
nodes:
  - &src {id: 1, role: source, capacity: .inf, attrs: {built: 1998, ok: true, at: 2001-02-03}}
  - {id: c, role: consumer, zone: 7, demand: 0x10, customers: 1e3}
links:
  - {id: l, from: 1, to: c, oneway: false, loss: ~}
`
	n, err := network.DecodeYAML(strings.NewReader(doc), "s.yaml")
	require.NoError(t, err)
	assert.Equal(t, "2024", n.Name())
	assert.Equal(t, "7", n.ZoneID(0))
	src := n.Node(0)
	assert.Equal(t, "1", src.ID)
	assert.Equal(t, math.Inf(1), src.Capacity)
	assert.Equal(t, map[string]string{"built": "1998", "ok": "true", "at": "2001-02-03"}, src.Attrs)
	c := n.Node(1)
	assert.Equal(t, 16.0, c.Demand)
	assert.Equal(t, 1000, c.Customers)
	assert.Equal(t, "7", c.Zone)
	assert.Equal(t, 0.0, n.Link(0).Loss)
}

func TestBuildErrorsCarryLines(t *testing.T) {
	const doc = `{
  "version": 1,
  "kind": "heat",
  "zones": [{"id": "z1"}, {"id": "z1"}],
  "nodes": [
    {"id": "b", "role": "source", "capacity": 100},
    {"id": "c1", "role": "consumer", "zone": "z9", "demand": -4},
    {"id": "b", "role": "boiler"},
    {"id": "j", "role": "junction", "capacity": 5, "class": "critical"}
  ],
  "links": [
    {"id": "l1", "from": "b", "to": "c2"},
    {"id": "l2", "from": "b", "to": "c1",
     "loss": 1.5}
  ]
}`
	_, err := network.Decode(strings.NewReader(doc), "heat.json")
	const f = "heat.json"
	assert.Equal(t, []*network.FieldError{
		fe(f, 4, "zone", "z1", "id", "duplicate zone ID"),
		fe(f, 7, "node", "c1", "zone", `unknown zone "z9" (the zones are "z1")`),
		fe(f, 7, "node", "c1", "demand", "-4 is negative; want a demand ≥ 0 kW"),
		fe(f, 8, "node", "b", "id", "duplicate node ID"),
		fe(f, 8, "node", "b", "role", `unknown role "boiler" (want source, station, storage, junction or consumer)`),
		fe(f, 9, "node", "j", "capacity", "a junction has no capacity (got 5)"),
		fe(f, 9, "node", "j", "class", "only a consumer has a class (role junction)"),
		fe(f, 12, "link", "l1", "to", `unknown node "c2"`),
		fe(f, 13, "link", "l2", "loss", "loss 1.5 outside [0, 1)"),
	}, network.Problems(err))
	assert.ErrorIs(t, err, network.ErrInvalid)
	assert.Contains(t, err.Error(), `heat.json:7: node "c1": zone: unknown zone "z9" (the zones are "z1")`)
}

func TestDecodeAndBuildProblemsTogether(t *testing.T) {
	// Fields that do not decode leave their element out of validation;
	// the other elements are still validated.
	const doc = `{"version": 1, "kind": "power",
 "nodes": [
  {"id": "s", "role": "source", "capacty": 5},
  {"id": "c", "role": "consumer", "demand": "x", "zone": "nowhere"},
  {"id": "d", "role": "consumer", "demand": -1}
 ],
 "links": [{"id": "l", "from": "s", "to": "e"}]}`
	_, err := network.Decode(strings.NewReader(doc), "m.json")
	const f = "m.json"
	assert.Equal(t, []*network.FieldError{
		fe(f, 3, "node", "s", "capacty", `unknown field (did you mean "capacity"?)`),
		fe(f, 4, "node", "c", "demand", `not a number "x"`),
		fe(f, 5, "node", "d", "demand", "-1 is negative; want a demand ≥ 0 kW"),
		fe(f, 7, "link", "l", "to", `unknown node "e"`),
	}, network.Problems(err))
	assert.ErrorIs(t, err, network.ErrInvalid)
}

// fencedBlocks returns the contents of the code blocks of a Markdown file
// fenced with the given language.
func fencedBlocks(t *testing.T, path, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var blocks []string
	var cur *strings.Builder
	for _, line := range strings.SplitAfter(string(data), "\n") {
		switch {
		case cur == nil && strings.TrimSpace(line) == "```"+lang:
			cur = new(strings.Builder)
		case cur != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line)
		}
	}
	return blocks
}

func TestFormatDocExamples(t *testing.T) {
	const doc = "../docs/network-format.md"
	js := fencedBlocks(t, doc, "json")
	require.Len(t, js, 1)
	want, err := os.ReadFile(filepath.Join("testdata", "city.json"))
	require.NoError(t, err)
	assert.Equal(t, string(want), js[0], "the JSON example is testdata/city.json")

	ys := fencedBlocks(t, doc, "yaml")
	require.Len(t, ys, 1)
	n, err := network.Decode(strings.NewReader(ys[0]), "example.yaml")
	require.NoError(t, err)
	assert.Equal(t, network.Water, n.Kind())
	assert.Equal(t, 5, n.NumNodes())
	assert.Equal(t, 2, n.NumClasses())
	assert.Empty(t, n.Unreached())
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestDecodeReaderError(t *testing.T) {
	for _, dec := range []func() error{
		func() error { _, err := network.Decode(failingReader{}, "x"); return err },
		func() error { _, err := network.DecodeJSON(failingReader{}, "x"); return err },
		func() error { _, err := network.DecodeYAML(failingReader{}, "x"); return err },
	} {
		err := dec()
		assert.EqualError(t, err, "network: reading x: disk on fire")
		assert.NotErrorIs(t, err, network.ErrInvalid)
		assert.Empty(t, network.Problems(err))
	}
}
