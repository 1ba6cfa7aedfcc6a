package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const case9 = "../../network/matpower/testdata/case9.m"

func runPF(args ...string) (string, string, error) {
	var out, errb bytes.Buffer
	err := runPowerflow(args, &out, &errb)
	return out.String(), errb.String(), err
}

// MATPOWER's DC power flow of case9: 67 MW from the slack generator, and
// these flows from → to as listed in the file.
func TestPowerflowJSON(t *testing.T) {
	out, _, err := runPF("-json", case9)
	require.NoError(t, err)
	var got struct {
		Case    string  `json:"case"`
		BaseMVA float64 `json:"base_mva"`
		Out     []int   `json:"out"`
		Buses   []struct {
			ID       int     `json:"id"`
			AngleDeg float64 `json:"angle_deg"`
		} `json:"buses"`
		Branches []struct {
			Row       int     `json:"row"`
			From      int     `json:"from"`
			To        int     `json:"to"`
			FlowMW    float64 `json:"flow_mw"`
			RateAMVA  float64 `json:"rate_a_mva"`
			Loading   float64 `json:"loading"`
			InService bool    `json:"in_service"`
		} `json:"branches"`
		Slacks []struct {
			Bus  int     `json:"bus"`
			Gen  int     `json:"gen"`
			PgMW float64 `json:"pg_mw"`
		} `json:"slacks"`
		SlackGenMW float64 `json:"slack_gen_mw"`
		Overloaded []int   `json:"overloaded"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "case9", got.Case)
	assert.Equal(t, 100.0, got.BaseMVA)
	assert.Equal(t, []int{}, got.Out)
	assert.InDelta(t, 67, got.SlackGenMW, 1e-9)
	require.Len(t, got.Slacks, 1)
	assert.Equal(t, 1, got.Slacks[0].Bus)
	assert.Equal(t, 1, got.Slacks[0].Gen)
	require.Len(t, got.Buses, 9)
	assert.Equal(t, 1, got.Buses[0].ID)
	assert.Equal(t, 0.0, got.Buses[0].AngleDeg)
	// Bus 4 lies 0.67 pu × x = 0.0576 behind bus 1.
	assert.InDelta(t, -0.67*0.0576*180/3.141592653589793, got.Buses[3].AngleDeg, 1e-9)
	want := []struct {
		from, to int
		mw, rate float64
	}{
		{1, 4, 67, 250}, {4, 5, 28.9674, 250}, {5, 6, -61.0326, 150}, {3, 6, 85, 300}, {6, 7, 23.9674, 150},
		{7, 8, -76.0326, 250}, {8, 2, -163, 250}, {8, 9, 86.9674, 250}, {9, 4, -38.0326, 250},
	}
	require.Len(t, got.Branches, len(want))
	for k, w := range want {
		b := got.Branches[k]
		assert.Equal(t, k+1, b.Row)
		assert.Equal(t, [2]int{w.from, w.to}, [2]int{b.From, b.To})
		assert.InDelta(t, w.mw, b.FlowMW, 1e-3)
		assert.Equal(t, w.rate, b.RateAMVA)
		assert.InDelta(t, abs(w.mw)/w.rate, b.Loading, 1e-5)
		assert.True(t, b.InService)
	}
	assert.Equal(t, []int{}, got.Overloaded)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// With branch 8-9 out the case is radial: bus 9's 125 MW come over 9-4.
func TestPowerflowOut(t *testing.T) {
	out, _, err := runPF("-json", "-out", "br8", case9)
	require.NoError(t, err)
	var got struct {
		Out      []int `json:"out"`
		Branches []struct {
			FlowMW    float64 `json:"flow_mw"`
			InService bool    `json:"in_service"`
		} `json:"branches"`
		SlackGenMW float64 `json:"slack_gen_mw"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, []int{8}, got.Out)
	assert.False(t, got.Branches[7].InService)
	assert.Equal(t, 0.0, got.Branches[7].FlowMW)
	assert.InDelta(t, -125, got.Branches[8].FlowMW, 1e-9)
	assert.InDelta(t, -148, got.Branches[2].FlowMW, 1e-9)
	assert.InDelta(t, 67, got.SlackGenMW, 1e-9)
}

func TestPowerflowText(t *testing.T) {
	out, _, err := runPF(case9)
	require.NoError(t, err)
	assert.Contains(t, out, "Case case9: 9 buses, 3 generators, 9 branches, base 100 MVA; DC power flow\n")
	assert.Contains(t, out, "Slack generation 67.0000 MW (gen 1 at bus 1)\n")
	assert.Regexp(t, `\n\s+4\s+-2\.2112\s*\n`, out)
	assert.Regexp(t, `\n\s+br3\s+5\s+6\s+-61\.0326\s+150\s+40\.69%\s*\n`, out)
	assert.Regexp(t, `\n\s+br7\s+8\s+2\s+-163\.0000\s+250\s+65\.20%\s*\n`, out)
	assert.Contains(t, out, "Overloaded branches: none\n")

	out, _, err = runPF("-out", "3, br3", case9)
	require.NoError(t, err)
	assert.Contains(t, out, "Out of service by request: br3\n")
	assert.Regexp(t, `\n\s+br3\s+5\s+6\s+out\s+150\s+-\s*\n`, out)
	// Without 5-6, bus 5 hangs on 4-5 and takes its 90 MW from it.
	assert.Regexp(t, `\n\s+br2\s+4\s+5\s+90\.0000\s+250\s+36\.00%\s*\n`, out)
}

func TestPowerflowHelp(t *testing.T) {
	out, errs, err := runPF("-h")
	assert.True(t, errors.Is(err, errHelp))
	assert.Empty(t, out)
	assert.Contains(t, errs, "Usage: lifeline powerflow [flags] CASE.m")
	assert.Contains(t, errs, "Example:\n  lifeline powerflow network/matpower/testdata/case9.m\n")
	assert.Contains(t, errs, "-json")
	assert.Contains(t, errs, "-out")
}

func TestPowerflowBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.m")
	data, err := os.ReadFile(case9)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(string(data), "	8	9	0.032", "	8	19	0.032", 1)), 0o644))

	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{bad}, bad + `:58: branch "8": tbus: unknown bus 19`},
		{[]string{}, "want exactly one CASE.m, got 0 arguments"},
		{[]string{"-out", "br10", case9}, "-out: branch row 10 out of range [1, 9]"},
		{[]string{"-out", "x", case9}, `-out: "x" is not a branch row (want a number or br<number>)`},
		{[]string{"-out", "4", case9}, case9 + ": matpower: island without a reference bus: buses 3"},
		{[]string{"-nope", case9}, "flag provided but not defined: -nope"},
		{[]string{filepath.Join(dir, "none.m")}, "no such file"},
	}
	for _, tt := range tests {
		_, _, err := runPF(tt.args...)
		require.Error(t, err, "%v", tt.args)
		assert.True(t, errors.Is(err, errBadInput), "%v: %v", tt.args, err)
		assert.Contains(t, trimBadInput(err), tt.msg)
	}
}
