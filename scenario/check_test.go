package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

func messages(list []*scenario.FieldError) []string {
	var out []string
	for _, w := range list {
		out = append(out, w.Error())
	}
	return out
}

// Settings that can never act in a 72 h run are warnings, each named by
// its element and field; the run still compiles.
func TestCheckWarnings(t *testing.T) {
	net := driversNet(t) // power: src, homes (residential, zone z), shop, site
	sc := &scenario.Scenario{
		Horizon:   72,
		Momentary: 80,
		Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Lockdowns: []scenario.Lockdown{
			{Zone: "z", Level: crew.Sealed, From: 100, To: 200},
			{Zone: "z", Level: crew.Open},
		},
		Spikes:        []scenario.Spike{{Zone: "z", Class: network.Commercial, Factor: 2}, {Factor: 2, From: 72}},
		Cuts:          []scenario.SupplyCut{{Asset: "src", Scale: 0.5, From: 80}},
		Outages:       []scenario.Outage{{Asset: "a", At: 500}, {Asset: "src", At: 1, Repair: true, Work: crew.Fixed(1)}},
		NewLoads:      []scenario.NewLoad{{Consumer: "site", At: 0}, {Consumer: "shop", At: 72}},
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 100}},
		Faults: []scenario.FaultModel{
			{Role: network.Station, Rate: 1, Repair: crew.Fixed(2)},
			{Links: true, Rate: 0, Repair: crew.Fixed(2)},
			{Links: true, Rate: 2, Repair: crew.Fixed(2)},
			{Links: true, Rate: 3, Repair: crew.Fixed(2)},
		},
		Weather: &scenario.Weather{Outdoor: []float64{5}, Design: -20},
		Crew: roster(t, crew.Config{
			Teams: []crew.Team{
				{ID: "lines", Size: 2, Skills: []crew.Skill{{Kind: network.Power, Role: network.Consumer}}},
				{ID: "gas", Size: 2, Skills: []crew.Skill{{Kind: network.Gas}}, Homes: []crew.Home{{Zone: "oldtown", Count: 1}}},
			},
			Absences: []crew.Absence{{Share: 0}, {Share: 0.5, From: 90}, {Share: 0.5, From: -10, To: -2}},
			Travel:   []crew.TravelTime{{From: "z", To: "mars", Hours: 1}},
		}),
	}
	warns, err := sc.Check()
	require.NoError(t, err)
	assert.Equal(t, []string{
		"scenario: lockdowns[0]: from: 100 h is at or after the 72 h horizon: the lockdown never acts",
		"scenario: lockdowns[1]: level: open with no demand factor: the lockdown has no effect",
		"scenario: spikes[0]: class: no consumer of the scenario matches this spike's network, kind, zone and class: it never acts",
		"scenario: spikes[1]: from: 72 h is at or after the 72 h horizon: the spike never acts",
		"scenario: cuts[0]: from: 80 h is at or after the 72 h horizon: the cut never acts",
		"scenario: outages[0]: at: 500 h is at or after the 72 h horizon: the outage never happens",
		"scenario: new_loads[0]: at: connected at 0 h, from the start: no effect",
		"scenario: new_loads[1]: at: 72 h is at or after the 72 h horizon: the consumer draws nothing in the whole run",
		"scenario: service_levels[0]: duration: 100 h is not shorter than the 72 h horizon: the critical class can never stay below 0.95 for longer, so its risk is always 0",
		"scenario: momentary: 80 h is not shorter than the 72 h horizon: every interruption is momentary, so SAIFI, SAIDI and CAIDI are always 0",
		"scenario: faults[0]: role: matches no asset of the scenario: it never acts",
		"scenario: faults[1]: rate: 0 per year: the assets it covers never fail",
		"scenario: faults[3]: links: every asset it matches takes a more specific or earlier model: it never acts",
		"scenario: weather: outdoor: no heat network and no fault model with a cold factor: the weather acts on nothing",
		`scenario: outages[1]: work: no team can repair "src" (skills, or a closed-loop team's site): it stays out`,
		`scenario: crew[1]: skills: team "gas": its skills match no asset of the scenario's networks: it never works`,
		`scenario: crew[1]: homes[0].zone: zone "oldtown" is not declared by any network: its members are never stuck at home`,
		"scenario: absences[0]: share: 0: nobody is absent",
		"scenario: absences[1]: from: 90 h is at or after the 72 h horizon: the absence never acts",
		"scenario: absences[2]: to: -2 h is not after the start: the absence never acts",
		`scenario: travel[0]: to: zone "mars" is neither a zone of a network nor a team's base: this travel time is never used`,
	}, messages(warns))
	p, err := sc.Compile()
	require.NoError(t, err)
	assert.Equal(t, warns, p.Warnings())
	// Links fault (faults[2]) is repaired by team "lines": links need no
	// role, and its skill's role matches any.
}

// A cold factor without weather is meaningless: an error. With weather
// that never gets as cold as its threshold it is a warning.
func TestCheckColdFactor(t *testing.T) {
	net := driversNet(t)
	sc := &scenario.Scenario{
		Horizon:   24,
		Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Faults:    []scenario.FaultModel{{Links: true, Rate: 1, ColdBelow: -20, ColdFactor: 2, Repair: crew.Fixed(2)}},
	}
	_, err := sc.Compile()
	require.Error(t, err)
	assert.ErrorIs(t, err, scenario.ErrInvalid)
	assert.Equal(t, []string{"scenario: faults[0]: cold_factor: 2 needs weather: without outdoor temperatures the rate is never raised"},
		messages(scenario.Problems(err)))

	sc.Weather = &scenario.Weather{Outdoor: []float64{-5, -10, -19}, Step: 8, Design: -25}
	warns, err := sc.Check()
	require.NoError(t, err)
	assert.Equal(t, []string{"scenario: faults[0]: cold_below: the outdoor temperature never falls below -20 °C in the run: cold_factor never acts"},
		messages(warns))
	sc.Weather.Outdoor = append(sc.Weather.Outdoor, -21) // at 24 h: after the run
	warns, err = sc.Check()
	require.NoError(t, err)
	assert.Len(t, warns, 1)
	sc.Weather.Outdoor = []float64{-30, -5, -10, -19} // over [−8, 0): before the start
	sc.Weather.Start = -8
	warns, err = sc.Check()
	require.NoError(t, err)
	assert.Len(t, warns, 1)
	sc.Weather.Outdoor[3] = -21
	warns, err = sc.Check()
	require.NoError(t, err)
	assert.Empty(t, warns)
	// Hourly values that stop at 3 h: the last holds to the end.
	sc.Weather = &scenario.Weather{Outdoor: []float64{-5, -10, -19}, Design: -25}
	warns, err = sc.Check()
	require.NoError(t, err)
	assert.Equal(t, []string{
		"scenario: weather: outdoor: the 3 values end at 3 h, before the 24 h horizon: the last one holds to the end",
		"scenario: faults[0]: cold_below: the outdoor temperature never falls below -20 °C in the run: cold_factor never acts",
	}, messages(warns))
}
