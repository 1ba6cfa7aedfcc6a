package scenario_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// Errors that help: an unknown name suggests the nearest one, an unknown
// class lists the classes, a negative value says what is allowed, a long
// value is cut, and every message has one "scenario:" prefix. Each
// message exactly.
func TestHelpfulMessages(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddZone(network.Zone{ID: "old-town"})
	b.AddZone(network.Zone{ID: "riverside"})
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "sub-north", Role: network.Station, Zone: "old-town"})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Demand: 10, Class: network.Critical, Zone: "riverside"})
	b.AddLink(network.Link{ID: "l1", From: "grid", To: "sub-north"})
	b.AddLink(network.Link{ID: "l2", From: "sub-north", To: "hospital"})
	net, err := b.Build()
	require.NoError(t, err)
	long := strings.Repeat("x", 100)
	cut := `"` + strings.Repeat("x", 40) + `…"`
	sc := &scenario.Scenario{
		Horizon:   24,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Lockdowns: []scenario.Lockdown{{Zone: "oldtown", Level: crew.Sealed}, {Zone: "atlantis", Level: crew.Sealed}},
		Outages: []scenario.Outage{
			{Asset: "sub-nort", At: 1},
			{Network: "powr", Asset: "grid", At: 1},
			{Asset: "grid", At: 1, Repair: true, Work: crew.Fixed(1), MinCrew: -2},
		},
		Spikes:   []scenario.Spike{{Class: "residental", Factor: 2}},
		Profiles: []scenario.Profile{{Class: "comercial", Hourly: make([]float64, 24)}},
		Cuts:     []scenario.SupplyCut{{Asset: long, Scale: 0.5}},
		Faults:   []scenario.FaultModel{{Asset: "sub-nrth", Rate: 1, Repair: crew.Fixed(1)}},
		Demands:  []scenario.DemandSeries{{Consumer: "hospitl", Scale: []float64{1}}},
		Crew:     roster(t, crew.Config{Teams: []crew.Team{{ID: "t", Size: 2, Site: "sub-nort"}}}),
	}
	_, err = sc.Compile()
	require.Error(t, err)
	assert.Equal(t, []string{
		`scenario: lockdowns[0]: zone: unknown zone "oldtown"; did you mean "old-town"?`,
		`scenario: lockdowns[1]: zone: unknown zone "atlantis" (the zones are "old-town", "riverside")`,
		`scenario: profiles[0]: class: unknown class "comercial"; did you mean "commercial"? (the classes are critical, essential, residential, commercial, industrial)`,
		`scenario: spikes[0]: class: unknown class "residental"; did you mean "residential"? (the classes are critical, essential, residential, commercial, industrial)`,
		`scenario: demands[0]: consumer: no consumer "hospitl" in network "power"; did you mean "hospital"?`,
		`scenario: outages[0]: asset: unknown asset "sub-nort" in network "power"; did you mean "sub-north"?`,
		`scenario: outages[1]: network: unknown network "powr"; did you mean "power"?`,
		`scenario: outages[2]: min_crew: -2 is negative; want a number of members ≥ 0 (0 means 1)`,
		`scenario: cuts[0]: asset: unknown asset ` + cut + ` in network "power"`,
		`scenario: faults[0]: asset: unknown asset "sub-nrth" in any network; did you mean "sub-north"?`,
		`scenario: crew[0]: site: team "t": unknown site node "sub-nort"; did you mean "sub-north"?`,
	}, messages(scenario.Problems(err)))
	assert.NotContains(t, err.Error(), "scenario: scenario:")
}

// A study naming an unknown network suggests the nearest.
func TestStudyUnknownNetworkMessage(t *testing.T) {
	p, err := (&scenario.Scenario{Horizon: 4, Utilities: []scenario.Utility{{ID: "power", Net: driversNet(t)}}}).Compile()
	require.NoError(t, err)
	_, err = scenario.Study{Plan: p, Trials: 2, Network: "powr"}.Run(context.Background())
	assert.EqualError(t, err, `scenario: study: network: unknown network "powr"; did you mean "power"?`)
}
