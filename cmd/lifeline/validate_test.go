package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	code, out, errs := runCmd("validate", sample, "../../testdata/scenarios/district-lockdown.yaml", "../../network/matpower/testdata/case9.m")
	require.Equal(t, 0, code, errs)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, sample+": ok: power network, 17 nodes, 17 links, 12 consumers, 13880 kW demand", lines[0])
	assert.Contains(t, lines[1], `ok: scenario "district-lockdown"`)
	assert.Contains(t, lines[2], "ok: power network, 15 nodes")

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("format: lifeline-network\nversion: 1\nkind: power\nnodes:\n  - {id: s, role: source}\n  - {id: c, role: consumer, demand: -1}\n"), 0o644))
	code, out, errs = runCmd("validate", sample, bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, out, sample+": ok")
	assert.Contains(t, errs, "bad.yaml:5")
	assert.Contains(t, errs, "bad.yaml:6")
	assert.Contains(t, errs, `node "c": demand: -1 is negative; want a demand ≥ 0 kW`)
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, "trials", false)
	p.update(5, 10)
	assert.Empty(t, buf.String(), "a buffer is not a terminal: silent")

	p = &progress{w: &buf, on: true, start: time.Now().Add(-2 * time.Second), prefix: "trials"}
	p.update(5, 10)
	assert.Contains(t, buf.String(), "trials [###############...............] 5/10")
	p.done()
	assert.True(t, strings.HasSuffix(buf.String(), "\r"))

	buf.Reset()
	p = &progress{w: &buf, on: true, start: time.Now(), prefix: "trials"}
	p.update(1, 10)
	assert.Empty(t, buf.String(), "nothing in the first second")
}

// validate and run report settings that can never act as warnings on
// stderr, with file and line; validate also reports them beside errors.
func TestValidateAndRunWarn(t *testing.T) {
	net, err := filepath.Abs(sample)
	require.NoError(t, err)
	src := "format: lifeline-scenario\nversion: 1\nhorizon_hours: 72\nnetworks:\n  - {id: power, file: " + net + "}\n" +
		"lockdowns:\n  - {zone: old-town, level: sealed, from: 100, to: 200}\noutages:\n  - {asset: sub-south, at: 500, duration: 1}\n"
	path := filepath.Join(t.TempDir(), "late.yaml")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	want := "warning: " + path + ":7: lockdowns[0].from: 100 h is at or after the 72 h horizon: the lockdown never acts\n" +
		"warning: " + path + ":9: outages[0].at: 500 h is at or after the 72 h horizon: the outage never happens\n"

	code, out, errs := runCmd("validate", path)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, want, errs)
	assert.Contains(t, out, "; 2 warning(s)\n")

	code, _, errs = runCmd("run", "-q", path)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, want, errs)

	require.NoError(t, os.WriteFile(path, []byte(src+"faults:\n  - {links: true, rate_per_year: 1, cold_below: -5, cold_factor: 2, repair: 3}\n"), 0o644))
	code, _, errs = runCmd("validate", path)
	assert.Equal(t, 2, code)
	assert.Equal(t, want+"lifeline validate: "+path+":11: faults[0].cold_factor: 2 needs weather: without outdoor temperatures the rate is never raised\n", errs)
}
