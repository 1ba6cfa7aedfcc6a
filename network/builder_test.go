package network_test

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
)

func feeder(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Heat)
	b.SetName("feeder")
	b.AddZone(network.Zone{ID: "north"})
	b.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "hx", Role: network.Station, Zone: "north"})
	b.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 10, Level: 50, MaxLevel: 80, ChargeRate: 5})
	b.AddNode(network.Node{ID: "home", Role: network.Consumer, Demand: 30, Customers: 120, Area: 5000, Zone: "north"})
	b.AddNode(network.Node{ID: "clinic", Role: network.Consumer, Demand: 5, Class: network.Critical})
	b.AddNode(network.Node{ID: "isle", Role: network.Consumer, Demand: 1})
	b.AddNode(network.Node{ID: "j", Role: network.Junction})
	b.AddLink(network.Link{ID: "p1", From: "plant", To: "hx", Capacity: 80})
	b.AddLink(network.Link{ID: "p2", From: "hx", To: "home", OneWay: true, Loss: 0.1})
	b.AddLink(network.Link{ID: "p3", From: "hx", To: "clinic", Capacity: 20})
	b.AddLink(network.Link{ID: "p4", From: "tank", To: "hx"})
	b.AddLink(network.Link{ID: "p5", From: "isle", To: "j"})
	net, err := b.Build()
	require.NoError(t, err)
	return net
}

func TestBuildDenseModel(t *testing.T) {
	net := feeder(t)
	assert.Equal(t, network.Heat, net.Kind())
	assert.Equal(t, "kW", net.Kind().Unit())
	assert.Equal(t, 7, net.NumNodes())
	assert.Equal(t, 5, net.NumLinks())
	i, ok := net.NodeIndex("home")
	require.True(t, ok)
	assert.Equal(t, 3, i)
	assert.Equal(t, "home", net.NodeID(i))
	assert.Equal(t, network.Consumer, net.Role(i))
	assert.Equal(t, 30.0, net.Demand(i))
	assert.Equal(t, 120, net.Customers(i))
	z, _ := net.ZoneIndex("north")
	assert.Equal(t, z, net.NodeZone(i))
	assert.Equal(t, -1, net.NodeZone(0))
	// Default class: residential, rank 3.
	assert.Equal(t, network.Residential, net.Class(net.NodeClass(i)).Name)
	c, _ := net.NodeIndex("clinic")
	assert.Equal(t, network.Critical, net.Class(net.NodeClass(c)).Name)
	assert.Equal(t, -1, net.NodeClass(0))
	// Unlimited station throughput, loss as a derate, 0 = unlimited link.
	hx, _ := net.NodeIndex("hx")
	assert.True(t, math.IsInf(net.Capacity(hx), 1))
	p2, _ := net.LinkIndex("p2")
	assert.True(t, math.IsInf(net.LinkCapacity(p2), 1))
	assert.True(t, net.OneWay(p2))
	p1, _ := net.LinkIndex("p1")
	assert.Equal(t, 80.0, net.LinkCapacity(p1))
	from, to := net.LinkEnds(p1)
	assert.Equal(t, []int{0, hx}, []int{from, to})
	assert.Equal(t, hx, net.Other(p1, 0))
	// CSR adjacency: hx touches p1, p2, p3, p4.
	assert.Equal(t, []int32{0, 1, 2, 3}, net.Incident(hx))
	assert.Equal(t, []int32{3, 4, 5}, net.Consumers())
	assert.Equal(t, 36.0, net.TotalDemand())
	// The island is reported, not an error.
	assert.Equal(t, []string{"isle"}, net.Unreached())
	// Classes come sorted by rank.
	cl := net.Classes()
	require.Len(t, cl, 5)
	for k := 1; k < len(cl); k++ {
		assert.LessOrEqual(t, cl[k-1].Rank, cl[k].Rank)
	}
	// Copies do not leak into the network.
	n := net.Node(i)
	n.Demand = 999
	assert.Equal(t, 30.0, net.Demand(i))
}

func TestBuildLossDerate(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.AddNode(network.Node{ID: "r", Role: network.Source, Capacity: 10})
	b.AddNode(network.Node{ID: "c", Role: network.Consumer, Demand: 10})
	b.AddLink(network.Link{ID: "pipe", From: "r", To: "c", Capacity: 50, Loss: 0.2})
	net, err := b.Build()
	require.NoError(t, err)
	assert.InDelta(t, 40.0, net.LinkCapacity(0), 1e-12)
}

func TestOneWayReachability(t *testing.T) {
	b := network.NewBuilder(network.Gas)
	b.AddNode(network.Node{ID: "gate", Role: network.Source, Capacity: 10})
	b.AddNode(network.Node{ID: "a", Role: network.Consumer, Demand: 1})
	b.AddNode(network.Node{ID: "b", Role: network.Consumer, Demand: 1})
	b.AddLink(network.Link{ID: "ok", From: "gate", To: "a", OneWay: true})
	b.AddLink(network.Link{ID: "back", From: "b", To: "gate", OneWay: true})
	net, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, net.Unreached())
}

func TestBuildReportsEveryProblem(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "z"})
	b.AddZone(network.Zone{ID: "z"})
	p := network.Pos{File: "net.yaml", Line: 12}
	b.AddNode(network.Node{ID: "s", Role: network.Source, Pos: p})                               // no capacity
	b.AddNode(network.Node{ID: "s", Role: network.Junction})                                     // duplicate
	b.AddNode(network.Node{ID: "c", Role: network.Consumer, Demand: math.NaN(), Class: "vip"})   // NaN, unknown class
	b.AddNode(network.Node{ID: "d", Role: network.Consumer, Demand: -1, Zone: "nowhere"})        // negative, unknown zone
	b.AddNode(network.Node{ID: "e", Role: "plant"})                                              // unknown role
	b.AddNode(network.Node{ID: "f", Role: network.Junction, Demand: 3})                          // demand on junction
	b.AddNode(network.Node{ID: "g", Role: network.Station, Capacity: math.Inf(1), Customers: 2}) // customers on a station
	b.AddNode(network.Node{ID: "h", Role: network.Consumer, Demand: math.Inf(1)})                // infinite demand
	b.AddLink(network.Link{ID: "l1", From: "s", To: "ghost"})
	b.AddLink(network.Link{ID: "l2", From: "c", To: "c"})
	b.AddLink(network.Link{ID: "l3", From: "c", To: "d", Capacity: -5, Loss: 1})
	b.AddLink(network.Link{ID: "c", From: "c", To: "d"})
	_, err := b.Build()
	require.Error(t, err)
	assert.True(t, errors.Is(err, network.ErrInvalid))
	type key struct{ elem, id, field string }
	got := map[key]string{}
	for _, fe := range network.Problems(err) {
		got[key{fe.Element, fe.ID, fe.Field}] = fe.Error()
	}
	want := []key{
		{"zone", "z", "id"},
		{"node", "s", "capacity"},
		{"node", "s", "id"},
		{"node", "c", "demand"},
		{"node", "c", "class"},
		{"node", "d", "demand"},
		{"node", "d", "zone"},
		{"node", "e", "role"},
		{"node", "f", "demand"},
		{"node", "g", "customers"},
		{"node", "h", "demand"},
		{"link", "l1", "to"},
		{"link", "l2", "to"},
		{"link", "l3", "capacity"},
		{"link", "l3", "loss"},
		{"link", "c", "id"},
	}
	for _, k := range want {
		assert.Contains(t, got, k)
	}
	assert.Len(t, got, len(want))
	assert.Equal(t, `net.yaml:12: node "s": capacity: a source needs a capacity greater than 0`, got[key{"node", "s", "capacity"}])
	assert.Equal(t, `link "l1": to: unknown node "ghost"`, got[key{"link", "l1", "to"}])
	assert.Equal(t, `node "d": demand: -1 is negative; want a demand ≥ 0 kW`, got[key{"node", "d", "demand"}])
}

func TestCustomClasses(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.SetClasses([]network.Class{
		{Name: "low", Rank: 9, VoLL: decimal.NewFromInt(1)},
		{Name: "top", Rank: 1, VoLL: decimal.NewFromInt(7)},
	})
	b.AddNode(network.Node{ID: "r", Role: network.Source, Capacity: 1})
	b.AddNode(network.Node{ID: "c", Role: network.Consumer, Demand: 1, Class: "low"})
	net, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, "top", net.Class(0).Name)
	assert.Equal(t, 1, net.NodeClass(1))

	// The default "residential" does not exist in a custom taxonomy.
	b2 := network.NewBuilder(network.Water)
	b2.SetClasses([]network.Class{{Name: "only", Rank: 1}, {Name: "only", Rank: 2, VoLL: decimal.NewFromInt(-1)}})
	b2.AddNode(network.Node{ID: "c", Role: network.Consumer, Demand: 1})
	_, err = b2.Build()
	var msgs []string
	for _, fe := range network.Problems(err) {
		msgs = append(msgs, fe.Error())
	}
	assert.ElementsMatch(t, []string{
		`class "only": name: duplicate class`,
		`class "only": voll: -1 is negative; want a value of lost load ≥ 0 (money per m³ not supplied)`,
		`node "c": class: unknown class "residential" (the classes are only)`,
	}, msgs)
}

func TestParseKindRole(t *testing.T) {
	for _, k := range network.Kinds {
		got, err := network.ParseKind(string(k))
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	_, err := network.ParseKind("steam")
	assert.EqualError(t, err, `network: unknown kind "steam" (want power, heat, water or gas)`)
	assert.Equal(t, "m³", network.Gas.QuantityUnit())
	_, err = network.ParseRole("pump")
	assert.Error(t, err)
	b := network.NewBuilder("steam")
	_, err = b.Build()
	assert.ErrorContains(t, err, `kind: unknown kind "steam"`)
}

// A link may lie in a zone of its own; an unknown one is reported, and the
// zone survives encoding in JSON and YAML.
func TestLinkZone(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "old-town"})
	b.AddNode(network.Node{ID: "sub", Role: network.Source, Capacity: 10})
	b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 5, Zone: "old-town"})
	b.AddLink(network.Link{ID: "feeder", From: "sub", To: "flats", Zone: "old-town"})
	b.AddLink(network.Link{ID: "tie", From: "sub", To: "flats"})
	net, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, 0, net.LinkZone(0))
	assert.Equal(t, -1, net.LinkZone(1))
	for _, f := range []network.Format{network.JSON, network.YAML} {
		var buf bytes.Buffer
		require.NoError(t, network.Encode(&buf, net, f))
		back, err := network.Decode(&buf, "x")
		require.NoError(t, err, buf.String())
		assert.Equal(t, "old-town", back.Link(0).Zone)
		assert.Equal(t, 0, back.LinkZone(0))
		assert.Equal(t, -1, back.LinkZone(1))
	}

	b.AddLink(network.Link{ID: "bad", From: "sub", To: "flats", Zone: "atlantis"})
	_, err = b.Build()
	probs := network.Problems(err)
	require.Len(t, probs, 1)
	assert.Equal(t, `link "bad": zone: unknown zone "atlantis" (the zones are "old-town")`, probs[0].Error())
}
