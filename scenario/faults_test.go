package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// Each asset takes the most specific fault model that selects it: a named
// asset, then the number of attributes, a class, a zone, a role or links,
// a network; ties go to the first model.
func TestFaultModelPrecedence(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "old-town"})
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "sub-a", Role: network.Station, Zone: "old-town"})
	b.AddNode(network.Node{ID: "sub-b", Role: network.Station, Zone: "old-town", Attrs: map[string]string{"type": "gis"}})
	b.AddNode(network.Node{ID: "sub-c", Role: network.Station})
	b.AddNode(network.Node{ID: "clinic", Role: network.Consumer, Demand: 5, Class: network.Critical, Zone: "old-town"})
	b.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 5, Zone: "old-town"})
	b.AddLink(network.Link{ID: "cable-1", From: "grid", To: "sub-a", Attrs: map[string]string{"type": "cable"}})
	b.AddLink(network.Link{ID: "line-1", From: "grid", To: "sub-b", Attrs: map[string]string{"type": "overhead"}})
	b.AddLink(network.Link{ID: "line-2", From: "grid", To: "sub-c", Attrs: map[string]string{"type": "overhead"}})
	b.AddLink(network.Link{ID: "f1", From: "sub-a", To: "clinic"})
	b.AddLink(network.Link{ID: "f2", From: "sub-b", To: "flats"})
	net, err := b.Build()
	require.NoError(t, err)
	r := crew.Fixed(1)
	faults := []scenario.FaultModel{
		0: {Role: network.Station, Rate: 1, Repair: r},
		1: {Role: network.Station, Zone: "old-town", Rate: 1, Repair: r},
		2: {Attrs: map[string]string{"type": "gis"}, Rate: 1, Repair: r},
		3: {Asset: "sub-a", MTTF: 5000, Repair: r},
		4: {Links: true, Rate: 1, Repair: r},
		5: {Links: true, Attrs: map[string]string{"type": "cable"}, Rate: 1, Repair: r},
		6: {Network: "p", Links: true, Rate: 1, Repair: r},
		7: {Class: network.Critical, Rate: 1, Repair: r},
		8: {Zone: "old-town", Role: network.Consumer, Rate: 1, Repair: r},
		9: {Role: network.Station, Zone: "old-town", Rate: 2, Repair: r}, // as specific as 1, later: never taken
	}
	sc := &scenario.Scenario{Horizon: 24, Utilities: []scenario.Utility{{ID: "p", Net: net}}, Faults: faults}
	p, err := sc.Compile()
	require.NoError(t, err)
	for asset, want := range map[string]int{
		"sub-a":   3, // named
		"sub-b":   2, // one attribute beats zone + role
		"sub-c":   0, // role only
		"cable-1": 5, // links + attribute
		"line-1":  6, // links + network beats links
		"f1":      6, // a link in old-town (its end): zone is not asked by 6, network is
		"clinic":  7, // class beats zone + role
		"flats":   8,
		"grid":    -1,
	} {
		got, ok := p.FaultModel("p", asset)
		if want < 0 {
			assert.False(t, ok, asset)
			continue
		}
		assert.True(t, ok, asset)
		assert.Equal(t, want, got, asset)
	}
	// sub-a and sub-b, the only stations in old-town, take 3 and 2.
	assert.Equal(t, []string{
		"scenario: faults[1]: zone: every asset it matches takes a more specific or earlier model: it never acts",
		"scenario: faults[4]: links: every asset it matches takes a more specific or earlier model: it never acts",
		"scenario: faults[9]: zone: every asset it matches takes a more specific or earlier model: it never acts",
	}, messages(p.Warnings()))

	// Bad selections are errors naming the field.
	sc.Faults = []scenario.FaultModel{
		{Asset: "sub-a", Role: network.Station, Rate: 1, Repair: r},
		{Rate: 1, Repair: r},
		{Asset: "nope", Rate: 1, Repair: r},
		{Zone: "atlantis", Rate: 1, Repair: r},
		{Class: "vip", Rate: 1, Repair: r},
		{Links: true, Class: network.Critical, Rate: 1, Repair: r},
		{Links: true, Rate: 1, MTTF: 10, Repair: r},
	}
	_, err = sc.Compile()
	assert.Equal(t, []string{
		"scenario: faults[0]: asset: names one asset: give no role, links, zone, class or attributes with it",
		"scenario: faults[1]: role: select assets: give an asset, a role, links, a zone, a class or attributes",
		`scenario: faults[2]: asset: unknown asset "nope" in any network`,
		`scenario: faults[3]: zone: unknown zone "atlantis" (the zones are "old-town")`,
		`scenario: faults[4]: class: unknown class "vip" (the classes are critical, essential, residential, commercial, industrial)`,
		"scenario: faults[5]: class: only consumers have a class",
		"scenario: faults[6]: mttf: give a rate or an MTTF, not both",
	}, messages(scenario.Problems(err)))
}
