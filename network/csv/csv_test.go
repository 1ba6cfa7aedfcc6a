package csv_test

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
	"github.com/lifeline-sim/lifeline/network/csv"
)

// sample builds a network that uses every field nodes.csv and links.csv
// can hold. Its zones are listed in the order nodes first use them.
func sample(t testing.TB) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Heat)
	b.AddZone(network.Zone{ID: "north"})
	b.AddZone(network.Zone{ID: "south"})
	for _, n := range []network.Node{
		{ID: "chp", Role: network.Source, Capacity: math.Inf(1), Coord: &network.Coord{}, Attrs: map[string]string{"operator": "City Heat", "note": "north, \"main\" plant"}},
		{ID: "boiler", Role: network.Source, Capacity: 1500.5, Zone: "north", NeedsOperators: true, Coord: &network.Coord{X: 114.25, Y: -30.5}},
		{ID: "hx1", Role: network.Station, Zone: "north"},
		{ID: "hx2", Role: network.Station, Capacity: 1e6, Zone: "south", NeedsOperators: true},
		{ID: "tank", Role: network.Storage, Capacity: 50, Level: 100, MaxLevel: 200, ChargeRate: 25, Zone: "south"},
		{ID: "tank2", Role: network.Storage, Capacity: 10, Level: 0.125, ChargeRate: math.Inf(1)},
		{ID: "j", Role: network.Junction, Coord: &network.Coord{X: 1e-7, Y: 1e22}},
		{ID: "hosp", Role: network.Consumer, Demand: 120, Class: network.Critical, Customers: 1, Zone: "north", Attrs: map[string]string{"operator": "Health Dept"}},
		{ID: "flats", Role: network.Consumer, Demand: 300.25, Customers: 450, Area: 12000.5, Zone: "south"},
		{ID: "shop", Role: network.Consumer, Demand: 40, Class: network.Commercial, Customers: 12},
	} {
		b.AddNode(n)
	}
	for _, l := range []network.Link{
		{ID: "p1", From: "chp", To: "hx1"},
		{ID: "p2", From: "boiler", To: "hx1", Capacity: 1000, Loss: 0.02},
		{ID: "p3", From: "hx1", To: "j", Capacity: math.Inf(1), OneWay: true},
		{ID: "p4", From: "j", To: "hx2", Capacity: 500, Attrs: map[string]string{"material": "steel", "dn": "300"}},
		{ID: "p5", From: "hx2", To: "flats", OneWay: true},
		{ID: "p6", From: "j", To: "hosp"},
		{ID: "p7", From: "tank", To: "hx2"},
		{ID: "p8", From: "j", To: "shop", Loss: 0.05},
		{ID: "p9", From: "tank2", To: "j", Capacity: 7},
	} {
		b.AddLink(l)
	}
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

func assertSameNetwork(t *testing.T, want, got *network.Network) {
	t.Helper()
	assert.Equal(t, want.Kind(), got.Kind())
	if assert.Equal(t, want.NumZones(), got.NumZones(), "zones") {
		for i := range want.NumZones() {
			assert.Equal(t, want.ZoneID(i), got.ZoneID(i))
		}
	}
	if assert.Equal(t, want.NumNodes(), got.NumNodes(), "nodes") {
		for i := range want.NumNodes() {
			w, g := want.Node(i), got.Node(i)
			w.Pos, g.Pos = network.Pos{}, network.Pos{}
			assert.Equal(t, w, g, "node %d", i)
			assert.Equal(t, want.Capacity(i), got.Capacity(i), "node %s", w.ID)
			assert.Equal(t, want.NodeClass(i), got.NodeClass(i), "node %s", w.ID)
		}
	}
	if assert.Equal(t, want.NumLinks(), got.NumLinks(), "links") {
		for i := range want.NumLinks() {
			w, g := want.Link(i), got.Link(i)
			w.Pos, g.Pos = network.Pos{}, network.Pos{}
			assert.Equal(t, w, g, "link %d", i)
			assert.Equal(t, want.LinkCapacity(i), got.LinkCapacity(i), "link %s", w.ID)
		}
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	want := sample(t)
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, csv.WriteDir(dir, want))
	got, err := csv.ReadDir(dir, network.Heat)
	require.NoError(t, err)
	assertSameNetwork(t, want, got)

	nodesPath := filepath.Join(dir, "nodes.csv")
	i, _ := got.NodeIndex("hx2")
	assert.Equal(t, network.Pos{File: nodesPath, Line: 5}, got.Node(i).Pos)
	assert.Equal(t, network.Pos{File: filepath.Join(dir, "links.csv"), Line: 2}, got.Link(0).Pos)

	nodes, err := os.ReadFile(nodesPath)
	require.NoError(t, err)
	assert.Equal(t, `id,role,zone,capacity,demand,class,customers,area,level,max_level,charge_rate,needs_operators,x,y,note,operator
chp,source,,unlimited,,,,,,,,false,0,0,"north, ""main"" plant",City Heat
boiler,source,north,1500.5,,,,,,,,true,114.25,-30.5,,
hx1,station,north,,,,,,,,,false,,,,
hx2,station,south,1000000,,,,,,,,true,,,,
tank,storage,south,50,,,,,100,200,25,false,,,,
tank2,storage,,10,,,,,0.125,,unlimited,false,,,,
j,junction,,,,,,,,,,false,0.0000001,10000000000000000000000,,
hosp,consumer,north,,120,critical,1,,,,,false,,,,Health Dept
flats,consumer,south,,300.25,,450,12000.5,,,,false,,,,
shop,consumer,,,40,commercial,12,,,,,false,,,,
`, string(nodes))
	links, err := os.ReadFile(filepath.Join(dir, "links.csv"))
	require.NoError(t, err)
	assert.Equal(t, `id,from,to,capacity,oneway,loss,dn,material
p1,chp,hx1,,false,,,
p2,boiler,hx1,1000,false,0.02,,
p3,hx1,j,unlimited,true,,,
p4,j,hx2,500,false,,300,steel
p5,hx2,flats,,true,,,
p6,j,hosp,,false,,,
p7,tank,hx2,,false,,,
p8,j,shop,,false,0.05,,
p9,tank2,j,7,false,,,
`, string(links))

	// Writing again gives the same bytes.
	var n2, l2 bytes.Buffer
	require.NoError(t, csv.Write(&n2, &l2, got))
	assert.Equal(t, string(nodes), n2.String())
	assert.Equal(t, string(links), l2.String())
}

func TestReadTestdata(t *testing.T) {
	n, err := csv.ReadDir(filepath.Join("testdata", "city"), network.Power)
	require.NoError(t, err)
	assert.Equal(t, 7, n.NumNodes())
	assert.Equal(t, 6, n.NumLinks())

	// Zones are declared by use, in order of first use, at that line.
	require.Equal(t, 2, n.NumZones())
	assert.Equal(t, network.Zone{ID: "north", Pos: network.Pos{File: filepath.Join("testdata", "city", "nodes.csv"), Line: 3}}, n.Zone(0))
	assert.Equal(t, "south", n.ZoneID(1))
	i, _ := n.NodeIndex("mall")
	assert.Equal(t, 1, n.NodeZone(i))

	// Semantics of empty and "unlimited" values.
	grid, _ := n.NodeIndex("grid")
	assert.Equal(t, math.Inf(1), n.Node(grid).Capacity)
	assert.Nil(t, n.Node(grid).Coord)
	subS, _ := n.NodeIndex("sub-s")
	assert.Equal(t, 0.0, n.Node(subS).Capacity)
	assert.Equal(t, math.Inf(1), n.Capacity(subS))
	assert.Equal(t, math.Inf(1), n.LinkCapacity(1))
	assert.InDelta(t, 1960, n.LinkCapacity(2), 1e-9)

	// The default class, and extra columns kept as attributes.
	homes, _ := n.NodeIndex("homes-n")
	res, _ := n.ClassIndex(network.Residential)
	assert.Equal(t, res, n.NodeClass(homes))
	assert.Equal(t, "", n.Node(homes).Class)
	assert.Nil(t, n.Node(homes).Attrs)
	hosp, _ := n.NodeIndex("hospital")
	assert.Equal(t, map[string]string{"address": "12 Health St, North"}, n.Node(hosp).Attrs)
	assert.Equal(t, &network.Coord{X: 114.29, Y: 30.6}, n.Node(hosp).Coord)
	assert.Equal(t, 5, n.NumClasses())
	assert.Equal(t, map[string]string{"cable": "XLPE 240"}, n.Link(2).Attrs)
	assert.Empty(t, n.Unreached())

	// Writing it back gives the very same files.
	var nodes, links bytes.Buffer
	require.NoError(t, csv.Write(&nodes, &links, n))
	wantNodes, _ := os.ReadFile(filepath.Join("testdata", "city", "nodes.csv"))
	wantLinks, _ := os.ReadFile(filepath.Join("testdata", "city", "links.csv"))
	assert.Equal(t, string(wantNodes), nodes.String())
	assert.Equal(t, string(wantLinks), links.String())
}

func TestReadFormatDetails(t *testing.T) {
	// Columns in any order, a byte order mark, spaces around values, CRLF
	// line ends, blank rows, and 12.0 as a whole number.
	nodes := "\uFEFFcustomers, class ,demand,capacity,zone,role,id,floor\r\n" +
		"3,,2.5,,z1, consumer , c1 ,\r\n" +
		",,,,,,,\r\n" +
		",,,unlimited,z2,source,s,  \r\n" +
		"12.0,essential,1,,z1,consumer,c2,4th\r\n"
	links := "oneway,to,from,id,capacity\ntrue,c1,s,a,\n,c2,s,b,8\n"
	n, err := csv.Read(strings.NewReader(nodes), strings.NewReader(links), "n.csv", "l.csv", network.Water)
	require.NoError(t, err)
	require.Equal(t, 3, n.NumNodes())
	assert.Equal(t, network.Node{ID: "c1", Role: network.Consumer, Zone: "z1", Demand: 2.5, Customers: 3, Pos: network.Pos{File: "n.csv", Line: 2}}, n.Node(0))
	assert.Equal(t, network.Node{ID: "s", Role: network.Source, Zone: "z2", Capacity: math.Inf(1), Attrs: map[string]string{"floor": "  "}, Pos: network.Pos{File: "n.csv", Line: 4}}, n.Node(1))
	assert.Equal(t, network.Node{ID: "c2", Role: network.Consumer, Zone: "z1", Demand: 1, Class: network.Essential, Customers: 12, Attrs: map[string]string{"floor": "4th"}, Pos: network.Pos{File: "n.csv", Line: 5}}, n.Node(2))
	assert.Equal(t, []string{"z1", "z2"}, []string{n.ZoneID(0), n.ZoneID(1)})
	assert.Equal(t, network.Link{ID: "a", From: "s", To: "c1", OneWay: true, Pos: network.Pos{File: "l.csv", Line: 2}}, n.Link(0))
	assert.Equal(t, network.Link{ID: "b", From: "s", To: "c2", Capacity: 8, Pos: network.Pos{File: "l.csv", Line: 3}}, n.Link(1))
}

func fe(file string, line int, elem, id, field, msg string) *network.FieldError {
	return &network.FieldError{Pos: network.Pos{File: file, Line: line}, Element: elem, ID: id, Field: field, Msg: msg}
}

func TestReadErrors(t *testing.T) {
	const (
		nf = "nodes.csv"
		lf = "links.csv"
	)
	const nodeHead = "id,role,zone,capacity,demand,class,customers"
	const linkHead = "id,from,to,capacity,oneway"
	cases := []struct {
		name         string
		nodes, links string
		kind         network.Kind
		want         []*network.FieldError
	}{
		{"missing columns",
			"id,role,zone,demand,class,x\n", "id,from,capacity,oneway,oneway\n", network.Power,
			[]*network.FieldError{
				fe(nf, 1, "", "", "capacity", "missing required column"),
				fe(nf, 1, "", "", "customers", "missing required column"),
				fe(nf, 1, "", "", "y", "missing column (x and y come together)"),
				fe(lf, 1, "", "", "oneway", "column appears twice"),
				fe(lf, 1, "", "", "to", "missing required column"),
			}},
		{"empty files", "", "\n", network.Power,
			[]*network.FieldError{
				fe(nf, 1, "", "", "", "empty file: want a header row"),
				fe(lf, 1, "", "", "", "empty file: want a header row"),
			}},
		{"bad values",
			nodeHead + ",needs_operators,x,y,level,max_level,area,charge_rate\n" +
				"s,source,,abc,,,,yes,1,,,,,\n" +
				"c,consumer,z,,-,,1.5,,,2,x,1e999,NaN,Inf\n" +
				"d,consumer,z,,1,,2\n" +
				"e,consumer,z,,1,,2,false,1,2,,,,,extra\n",
			linkHead + ",loss\n" +
				"l1,s,c,,TRUE,0.1\n" +
				"l2,s,c,12kW,1,\n",
			network.Power,
			[]*network.FieldError{
				fe(nf, 2, "node", "s", "capacity", `not a number "abc"`),
				fe(nf, 2, "node", "s", "needs_operators", `want true, false or empty, got "yes"`),
				fe(nf, 2, "node", "s", "y", "empty while x is given (give both or neither)"),
				fe(nf, 3, "node", "c", "demand", `not a number "-"`),
				fe(nf, 3, "node", "c", "customers", `not a whole number "1.5"`),
				fe(nf, 3, "node", "c", "area", `not a number "NaN"`),
				fe(nf, 3, "node", "c", "level", `not a number "x"`),
				fe(nf, 3, "node", "c", "max_level", `number "1e999" out of range`),
				fe(nf, 3, "node", "c", "charge_rate", `not a number "Inf"`),
				fe(nf, 3, "node", "c", "x", "empty while y is given (give both or neither)"),
				fe(nf, 4, "node", "d", "", "7 fields, want 14 as in the header"),
				fe(nf, 5, "node", "e", "", "15 fields, want 14 as in the header"),
				fe(lf, 2, "link", "l1", "oneway", `want true, false or empty, got "TRUE"`),
				fe(lf, 3, "link", "l2", "capacity", `not a number "12kW"`),
				fe(lf, 3, "link", "l2", "oneway", `want true, false or empty, got "1"`),
			}},
		{"csv syntax",
			nodeHead + "\ns,source,,1,,,\n\"c,consumer\n", linkHead + "\nl1,s,\"c\"x,,\n", network.Gas,
			[]*network.FieldError{
				fe(nf, 3, "node", "", "", "extraneous or missing \" in quoted-field"),
				fe(lf, 2, "link", "", "", "extraneous or missing \" in quoted-field"),
			}},
		{"unnamed column",
			nodeHead + ",\ns,source,,1,,,,\nc,consumer,,,1,,,oops\n", linkHead + "\n", network.Gas,
			[]*network.FieldError{fe(nf, 3, "node", "c", "column 8", `value "oops" in a column without a name`)}},
		{"build problems",
			nodeHead + "\n" +
				"s,source,z,,,,\n" +
				"c,consumer,z,,5,vip,2\n" +
				"c,consumer,,,-1,,\n" +
				"st,station,,9,1,,\n",
			linkHead + "\n" +
				"l1,s,c,,\n" +
				"l2,s,nowhere,,true\n" +
				",s,st,,\n",
			network.Heat,
			[]*network.FieldError{
				fe(nf, 2, "node", "s", "capacity", "a source needs a capacity greater than 0"),
				fe(nf, 3, "node", "c", "class", `unknown class "vip" (the classes are critical, essential, residential, commercial, industrial)`),
				fe(nf, 4, "node", "c", "id", "duplicate node ID"),
				fe(nf, 4, "node", "c", "demand", "-1 is negative; want a demand ≥ 0 kW"),
				fe(nf, 5, "node", "st", "demand", "only a consumer has demand (role station)"),
				fe(lf, 3, "link", "l2", "to", `unknown node "nowhere"`),
				fe(lf, 4, "link", "", "id", "empty ID"),
			}},
		{"values and validation together",
			nodeHead + "\n" +
				"s,source,,many,,,\n" +
				"c,consumer,z,,5,vip,2\n" +
				"d,consumer,,,x,nope,\n",
			linkHead + "\n" +
				"l1,s,c,,maybe\n" +
				"l2,s,e,,\n",
			network.Power,
			[]*network.FieldError{
				fe(nf, 2, "node", "s", "capacity", `not a number "many"`),
				fe(nf, 3, "node", "c", "class", `unknown class "vip" (the classes are critical, essential, residential, commercial, industrial)`),
				fe(nf, 4, "node", "d", "demand", `not a number "x"`),
				fe(lf, 2, "link", "l1", "oneway", `want true, false or empty, got "maybe"`),
				fe(lf, 3, "link", "l2", "to", `unknown node "e"`),
			}},
		{"bad kind",
			nodeHead + "\ns,source,,1,,,\n", linkHead + "\n", network.Kind("steam"),
			[]*network.FieldError{fe(nf, 1, "network", "", "kind", `unknown kind "steam" (want power, heat, water or gas)`)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := csv.Read(strings.NewReader(c.nodes), strings.NewReader(c.links), nf, lf, c.kind)
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

func TestErrorMessageShape(t *testing.T) {
	nodes := "id,role,zone,capacity,demand,class,customers\n" +
		"n1,source,,5,,,\nn2,junction,,,,,\nn3,source,,abc,,,\n"
	_, err := csv.Read(strings.NewReader(nodes), strings.NewReader("id,from,to,capacity,oneway\n"), "nodes.csv", "links.csv", network.Power)
	assert.EqualError(t, err, `nodes.csv:4: node "n3": capacity: not a number "abc"`)
}

func TestFormatDocExample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "network-format.md"))
	require.NoError(t, err)
	text := string(data)
	for _, name := range []string{"nodes.csv", "links.csv"} {
		want, err := os.ReadFile(filepath.Join("testdata", "city", name))
		require.NoError(t, err)
		assert.Contains(t, text, "`"+name+"`\n\n```csv\n"+string(want)+"```\n", "the example %s is testdata/city/%s", name, name)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadIOErrors(t *testing.T) {
	_, err := csv.Read(failingReader{}, strings.NewReader("id,from,to,capacity,oneway\n"), "nodes.csv", "links.csv", network.Power)
	assert.EqualError(t, err, "csv: reading nodes.csv: disk on fire")
	assert.NotErrorIs(t, err, network.ErrInvalid)

	dir := t.TempDir()
	_, err = csv.ReadDir(dir, network.Power)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Contains(t, err.Error(), "nodes.csv")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "nodes.csv"), []byte("id,role,zone,capacity,demand,class,customers\n"), 0o644))
	_, err = csv.ReadDir(dir, network.Power)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.Contains(t, err.Error(), "links.csv")
}

func TestWriteRefusesWhatCannotRoundTrip(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.SetName("custom")
	b.SetClasses([]network.Class{{Name: "vip", Rank: 1, VoLL: decimal.NewFromInt(5)}})
	b.AddNode(network.Node{ID: " s", Role: network.Source, Capacity: 1, Attrs: map[string]string{"capacity": "9", "": "x", " pad": "y"}})
	b.AddNode(network.Node{ID: "c", Role: network.Consumer, Demand: 1, Class: "vip"})
	b.AddLink(network.Link{ID: "l", From: " s", To: "c", Attrs: map[string]string{"oneway": "no"}})
	n, err := b.Build()
	require.NoError(t, err)
	var nodes, links bytes.Buffer
	err = csv.Write(&nodes, &links, n)
	probs := network.Problems(err)
	msgs := make([]string, len(probs))
	for i, p := range probs {
		msgs[i] = p.Error()
	}
	assert.ElementsMatch(t, []string{
		`network "custom": classes: the network has its own classes; nodes.csv can only refer to the default classes`,
		`node " s": id: value " s" has spaces around it, which nodes.csv does not keep`,
		`node " s": attrs: attribute "capacity" has the name of a column of nodes.csv`,
		`node " s": attrs: attribute key "" cannot be a column name`,
		`node " s": attrs: attribute key " pad" cannot be a column name`,
		`link "l": from: value " s" has spaces around it, which links.csv does not keep`,
		`link "l": attrs: attribute "oneway" has the name of a column of links.csv`,
	}, msgs)
	assert.Zero(t, nodes.Len())
	assert.Zero(t, links.Len())
	assert.Error(t, csv.Write(&nodes, &links, nil))
}

func TestWriteDropsWhatTablesDoNotHold(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.SetName("w")
	b.AddZone(network.Zone{ID: "unused", Name: "U"})
	b.AddZone(network.Zone{ID: "z", Name: "Zed", Attrs: map[string]string{"a": "b"}})
	b.AddNode(network.Node{ID: "s", Role: network.Source, Capacity: 3, Zone: "z", Attrs: map[string]string{"empty": ""}})
	n, err := b.Build()
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, csv.WriteDir(dir, n))
	got, err := csv.ReadDir(dir, network.Water)
	require.NoError(t, err)
	assert.Equal(t, "", got.Name())
	require.Equal(t, 1, got.NumZones())
	assert.Equal(t, "z", got.ZoneID(0))
	assert.Equal(t, "", got.Zone(0).Name)
	assert.Nil(t, got.Node(0).Attrs)
	links, err := os.ReadFile(filepath.Join(dir, "links.csv"))
	require.NoError(t, err)
	assert.Equal(t, "id,from,to,capacity,oneway\n", string(links))
}
