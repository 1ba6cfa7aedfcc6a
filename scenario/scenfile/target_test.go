package scenfile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario"
)

// crewHead is head with a crew of two mobile teams.
const crewHead = head + "crew:\n  teams:\n    - {id: north, size: 4}\n    - {id: south, size: 3}\n    - {id: east, size: 3}\n"

func TestTargetBlock(t *testing.T) {
	f, err := Read(strings.NewReader(crewHead+`target:
  team: north
  max: 6
  confidence: 0.9
  require:
    - "critical below 95% for more than 12 h: at most 5%"
    - ens: mean at most 3 MWh
`), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	sz := f.Sizing
	require.NotNil(t, sz)
	assert.Same(t, f.Scenario, sz.Scenario)
	assert.Equal(t, scenario.SizeCopies, sz.Mode)
	assert.Equal(t, "north", sz.Team)
	assert.Equal(t, 6, sz.Max)
	assert.Equal(t, 0.9, sz.Confidence)
	require.Len(t, sz.Targets, 2)
	assert.Equal(t, "critical below 95% for more than 12 h: at most 5%", sz.Targets[0].String())
	assert.Equal(t, "ens: mean at most 3 MWh", sz.Targets[1].String())

	f, err = Read(strings.NewReader(crewHead+"target: {team: south, members: true, require: \"saidi: mean at most 1 h\"}\n"), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	assert.Equal(t, scenario.SizeMembers, f.Sizing.Mode)
	assert.Len(t, f.Sizing.Targets, 1)

	f, err = Read(strings.NewReader(crewHead+"target: {teams: \"*th\", require: \"saidi: mean at most 1 h\"}\n"), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	assert.Equal(t, scenario.SizeTeams, f.Sizing.Mode)
	assert.Equal(t, []string{"*th"}, f.Sizing.Teams)

	f, err = Read(strings.NewReader(crewHead), "s.yaml", "../../testdata/scenarios")
	require.NoError(t, err)
	assert.Nil(t, f.Sizing)
}

func TestTargetBlockErrors(t *testing.T) {
	for name, c := range map[string]struct {
		src  string
		want []string
	}{
		"grammar": {crewHead + "target:\n  team: north\n  require:\n    - critical belw 95% for more than 24 h: at most 5%\n    - \"ens: mean at most 3 MW\"\n", []string{
			`s.yaml:14: target.require[0]: column 10 of the target: want "below" after "critical", found "belw" (did you mean "below"?)`,
			`s.yaml:15: target.require[1]: column 21 of the target: unit "MW" does not fit ens (energy or volume): give kWh, MWh or GWh (power, heat) or m³ (water, gas)`,
		}},
		"quoted grammar": {crewHead + "target:\n  team: north\n  require: \"critical belw 95% for more than 24 h: at most 5%\"\n", []string{
			`s.yaml:13: target.require: column 10 of the target: want "below" after "critical", found "belw" (did you mean "below"?)`,
		}},
		"unknown team and network": {crewHead + "target:\n  team: nrth\n  max: 3\n  require: [\"ens in hea: mean at most 3 MWh\", \"ens: mean at most 3 m³\"]\n", []string{
			`s.yaml:12: target.team: unknown team "nrth" (did you mean "north"?)`,
		}},
		"network and unit": {crewHead + "target:\n  team: north\n  max: 3\n  require:\n    - \"ens in pwr: mean at most 3 MWh\"\n    - \"ens: mean at most 3 m³\"\n", []string{
			`s.yaml:15: target.require[0]: ens in pwr: mean at most 3 MWh: unknown network "pwr" (did you mean "power"?)`,
			`s.yaml:16: target.require[1]: ens: mean at most 3 m³: network "power" is power, measured in kWh, not m³`,
		}},
		"teams": {crewHead + "target:\n  teams: [north, wst]\n  min: 3\n  max: 2\n  require: \"ens: mean at most 3 MWh\"\n", []string{
			`s.yaml:12: target.teams[1]: unknown team "wst" (did you mean "east"?)`,
		}},
		"counts": {crewHead + "target:\n  team: north\n  min: 3\n  max: 2\n  confidence: 95\n  require: \"ens: mean at most 3 MWh\"\n", []string{
			`s.yaml:14: target.max: 2 is below min 3`,
			`s.yaml:15: target.confidence: want a probability in (0, 1), as 0.95, got 95`,
		}},
		"shape": {crewHead + "target:\n  members: true\n  teams: [north]\n  requir: x\n", []string{
			`s.yaml:12: target.members: only with team (the team whose members are counted)`,
			`s.yaml:12: target.require: missing`,
			`s.yaml:14: target.requir: unknown field (did you mean "require"?)`,
		}},
		"both": {crewHead + "target: {team: north, teams: [south], require: []}\n", []string{
			`s.yaml:11: target.teams: give team (copies of it, or its members) or teams (how many of them), not both`,
			`s.yaml:11: target.require: no targets`,
		}},
		"null": {crewHead + "target:\n", []string{`s.yaml:11: target: want a mapping, got null`}},
		"no crew": {head + "target: {team: x, require: \"ens: mean at most 1 kWh\"}\n", []string{
			`s.yaml:6: target.team: the scenario has no crew to size`,
		}},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, c.want, decodeErr(t, c.src))
		})
	}
}
