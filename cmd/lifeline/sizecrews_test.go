package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The storm sample's target block: two crews like "repair" meet both
// targets, one does not.
func TestSizeCrewsCommand(t *testing.T) {
	code, out, errs := runCmd("size-crews", stormBase)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Crew sizing of repair-storm: teams like \"repair\", from 0 to 8; seed 1, confidence 95%\n")
	assert.Contains(t, out, "  1. critical below 95% for more than 12 h: at most 25%\n  2. ens: mean at most 110 MWh\n")
	assert.Contains(t, out, "Answer: 2 teams like \"repair\" meet every target; 1 team like \"repair\" fails (95% confidence).\n")

	// Flags override the block.
	dir := t.TempDir()
	code, out, errs = runCmd("size-crews", "-json", "-max", "3", "-trials", "200", "-out", dir,
		"-target", "critical below 95% for more than 12 h: at most 60%", stormBase)
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		Mode    string   `json:"mode"`
		Team    string   `json:"team"`
		Targets []string `json:"targets"`
		Max     int      `json:"max"`
		Found   bool     `json:"found"`
		Answer  int      `json:"answer"`
		Points  []struct {
			Count   int    `json:"count"`
			Verdict string `json:"verdict"`
		} `json:"points"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "copies", doc.Mode)
	assert.Equal(t, "repair", doc.Team)
	assert.Equal(t, []string{"critical below 95% for more than 12 h: at most 60%"}, doc.Targets)
	assert.Equal(t, 3, doc.Max)
	assert.True(t, doc.Found)
	assert.Equal(t, 1, doc.Answer, "one crew: about 43%% of weeks, below 60%%")
	for _, name := range []string{"sizing.json", "sizing.txt", "sizing-1.png", "sizing-1.svg"} {
		assert.FileExists(t, filepath.Join(dir, name))
	}
}

func TestSizeCrewsCommandErrors(t *testing.T) {
	dir := t.TempDir()
	noTarget := writeFile(t, dir, "plain.yaml", tiny)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-team", "t", "-target", "critical belw 95% for more than 24 h: at most 5%", noTarget}, []string{
			`lifeline size-crews: -target: target "critical belw 95% for more than 24 h: at most 5%": column 10: want "below" after "critical", found "belw" (did you mean "below"?)`,
			"the forms of a target:\n  critical below LEVEL for more than HOURS [in NETWORK]: at most P",
		}},
		{[]string{"-team", "x", "-target", "ens: mean at most 1 kWh", noTarget}, []string{`lifeline size-crews: -team: unknown team "x"`}},
		{[]string{"-team", "tt", "-target", "ens: mean at most 1 kWh", noTarget}, []string{`-team: unknown team "tt" (did you mean "t"?)`}},
		{[]string{"-team", "t", "-target", "ens in feedr-net: mean at most 1 kWh", noTarget}, []string{
			`-target: ens in feedr-net: mean at most 1 kWh: unknown network "feedr-net" (did you mean "feeder-net"?)`}},
		{[]string{"-team", "t", noTarget}, []string{"no target: give -target, or a target block in"}},
		{[]string{"-team", "t", "-teams", "t", "-target", "ens: mean at most 1 kWh", noTarget}, []string{"give -team or -teams, not both"}},
		{[]string{"-members", "-target", "ens: mean at most 1 kWh", noTarget}, []string{"-members counts the members of -team: name the team"}},
		{[]string{"-team", "t", "-min", "3", "-max", "2", "-confidence", "2", "-target", "ens: mean at most 1 kWh", noTarget}, []string{
			"-max: 2 is below min 3", "-confidence: want a probability in (0, 1), as 0.95, got 2"}},
		{[]string{stormBase, noTarget}, []string{"want exactly one SCENARIO file, got 2 arguments"}},
	} {
		code, _, errs := runCmd(append([]string{"size-crews"}, c.args...)...)
		assert.Equal(t, exitBadInput, code, "%v", c.args)
		for _, w := range c.want {
			assert.Contains(t, errs, w, "%v", c.args)
		}
	}
	// Members of the sample's only team: tiny's one repair needs one
	// member, so one member meets "ens: mean at most 200 kWh".
	code, out, errs := runCmd("size-crews", "-team", "t", "-members", "-max", "3", "-trials", "2", "-batch", "2",
		"-target", "ens: mean at most 200 kWh", noTarget)
	require.Equal(t, exitOK, code, errs)
	assert.True(t, strings.Contains(out, `Answer: 1 member in team "t" meets every target`), out)
}
