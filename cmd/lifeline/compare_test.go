package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	stormBase = "../../testdata/scenarios/repair-storm.yaml"
	stormPlan = "../../testdata/scenarios/repair-storm-second-crew.yaml"
)

// writeFile writes a file in a temporary folder and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

// tinyPlan is tiny with a repair of 1 h instead of 3: the load is out
// from 2 h to 4 h, ENS 100 kWh, 100 less than tiny's 200.
func tinyPlan() string { return strings.Replace(tiny, "work: 3}", "work: 1}", 1) }

func TestCompareCommand(t *testing.T) {
	dir := t.TempDir()
	base := writeFile(t, dir, "base.yaml", tiny)
	plan := writeFile(t, dir, "plan.yaml", tinyPlan())
	require.NotEqual(t, tiny, tinyPlan())
	code, out, errs := runCmd("compare", "-trials", "3", base, plan)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, `Plan "tiny" against base "tiny": 3 paired trials, seed 1, horizon 24 h`)
	// A fixed outage, no randomness: −100 kWh in every trial, with no
	// spread; the plan wins every trial.
	assert.Regexp(t, `energy not supplied \(ENS\) +kWh +200 +100 +−100 kWh +−100 … −100 +1\.000 +100% / 0% +–`, out)
	assert.Regexp(t, `SAIDI +h/customer +4\.00 +2\.00 +−2\.00 h/customer`, out)

	code, out, errs = runCmd("compare", "-json", "-trials", "2", "-seed", "9", base, plan)
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		Schema   string `json:"schema"`
		Seed     uint64 `json:"seed"`
		Networks []struct {
			Total struct {
				Diff map[string]struct {
					Mean    float64    `json:"mean"`
					StdErr  float64    `json:"stderr"`
					CI95    [2]float64 `json:"ci95"`
					PBetter float64    `json:"p_better"`
				} `json:"diff"`
				VR map[string]*float64 `json:"variance_reduction"`
			} `json:"total"`
		} `json:"networks"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "lifeline-compare", doc.Schema)
	assert.Equal(t, uint64(9), doc.Seed)
	d := doc.Networks[0].Total.Diff["ens"]
	assert.InDelta(t, -100, d.Mean, 1e-9)
	assert.Zero(t, d.StdErr)
	assert.InDelta(t, -100, d.CI95[0], 1e-9)
	assert.Equal(t, 1.0, d.PBetter)
	assert.Nil(t, doc.Networks[0].Total.VR["ens"], "nothing varies: no variance reduction")

	outDir := filepath.Join(dir, "out")
	code, _, errs = runCmd("compare", "-trials", "2", "-out", outDir, base, plan)
	require.Equal(t, exitOK, code, errs)
	for _, name := range []string{"comparison.json", "comparison.txt", "feeder-net-compare-effect.png", "feeder-net-compare-effect.svg",
		"feeder-net-compare-ens.png"} {
		assert.FileExists(t, filepath.Join(outDir, name))
	}
	assert.NoFileExists(t, filepath.Join(outDir, "feeder-net-compare-zones.png"), "no zones")
}

// On the storm sample, the second crew is measured trial by trial: less
// ENS with a paired standard error several times below the independent.
func TestCompareCommandStorm(t *testing.T) {
	code, out, errs := runCmd("compare", "-json", "-trials", "60", stormBase, stormPlan)
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		Networks []struct {
			Total struct {
				Diff map[string]struct {
					Mean, StdErr      float64
					CI95              [2]float64 `json:"ci95"`
					IndependentStdErr float64    `json:"independent_stderr"`
				} `json:"diff"`
				VR map[string]float64 `json:"variance_reduction"`
			} `json:"total"`
		} `json:"networks"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	d := doc.Networks[0].Total.Diff["ens"]
	assert.Less(t, d.CI95[1], 0.0)
	assert.Greater(t, d.IndependentStdErr, 2*d.StdErr)
	assert.Greater(t, doc.Networks[0].Total.VR["ens"], 4.0)
}

func TestCompareCommandErrors(t *testing.T) {
	dir := t.TempDir()
	base := writeFile(t, dir, "base.yaml", tiny)
	bad := writeFile(t, dir, "bad.yaml", strings.Replace(tiny, "horizon_hours: 24", "horizon_hour: 24", 1))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{base}, "lifeline compare: want a BASE and a PLAN scenario file, got 1 arguments"},
		{[]string{"-trials", "0", base, base}, "lifeline compare: -trials 0: want 1 or more"},
		{[]string{"-workers", "-2", base, base}, "lifeline compare: -workers -2: want 0 or more"},
		{[]string{base, bad}, `bad.yaml:4: horizon_hour: unknown field (did you mean "horizon_hours"?)`},
		{[]string{base, filepath.Join(dir, "none.yaml")}, "none.yaml: no such file or directory"},
	} {
		code, _, errs := runCmd(append([]string{"compare"}, c.args...)...)
		assert.Equal(t, exitBadInput, code, "%v", c.args)
		assert.Contains(t, errs, c.want, "%v", c.args)
	}
	// Sharing no network is a failure to compare, not a bad file.
	other := writeFile(t, dir, "other.yaml", strings.Replace(tiny, "id: feeder-net", "id: other-net", 1))
	code, _, errs := runCmd("compare", "-trials", "1", base, other)
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errs, `the variants share no network (base has ["feeder-net"], plan has ["other-net"])`)
	code, out, _ := runCmd("compare", "-h")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, out)
}
