package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = "../../testdata/city/network.yaml"

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// The sample district: grid 12000 kW and a hospital backup of 800 kW feed
// 13880 kW of demand. Sub-south (5000 kW) feeds 6050 kW, so residential
// behind it gets 5000−150−400 = 4450 of 4800 kW and the mall nothing; the
// grid is 30 kW short of the rest, which the works (industrial, last)
// loses: 570 of 600 kW.
func TestSolveJSON(t *testing.T) {
	code, out, errs := runCmd("solve", "-json", sample)
	require.Equal(t, 0, code, errs)
	var got struct {
		Served, Demand, Coverage float64
		ByClass                  map[string]struct{ Served, Demand, Coverage float64 } `json:"by_class"`
		ByZone                   map[string]struct{ Served, Demand, Coverage float64 } `json:"by_zone"`
		Consumers                map[string]struct{ Served, Demand, Coverage float64 }
		Bottlenecks              []string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.InDelta(t, 12800, got.Served, 1e-6)
	assert.InDelta(t, 13880, got.Demand, 1e-6)
	assert.InDelta(t, 12800.0/13880, got.Coverage, 1e-9)
	assert.InDelta(t, 1430, got.ByClass["critical"].Served, 1e-6)
	assert.InDelta(t, 1650, got.ByClass["essential"].Served, 1e-6)
	assert.InDelta(t, 9150, got.ByClass["residential"].Served, 1e-6)
	assert.InDelta(t, 0, got.ByClass["commercial"].Served, 1e-6)
	assert.InDelta(t, 570, got.Consumers["works"].Served, 1e-6)
	assert.InDelta(t, 0.95, got.Consumers["works"].Coverage, 1e-9)
	// Max-min fair inside residential behind sub-south: 4450/4800 each.
	assert.InDelta(t, 3000*4450.0/4800, got.Consumers["compound-c"].Served, 1e-6)
	assert.InDelta(t, 1800*4450.0/4800, got.Consumers["compound-d"].Served, 1e-6)
	assert.InDelta(t, 5000, got.ByZone["riverside"].Served, 1e-6)
	assert.Equal(t, []string{"grid", "backup"}, got.Bottlenecks)
}

func TestSolveOutage(t *testing.T) {
	code, out, _ := runCmd("solve", "-json", "-out", "sub-south", sample)
	require.Equal(t, 0, code)
	var got struct {
		Consumers map[string]struct{ Served float64 }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	// Everything behind sub-south is cut off; the tie line ends at it too.
	assert.Equal(t, 0.0, got.Consumers["testing-site"].Served)
	assert.InDelta(t, 2600, got.Consumers["compound-a"].Served, 1e-6)
}

func TestSolveText(t *testing.T) {
	code, out, _ := runCmd("solve", sample)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Served 12800 of 13880 kW")
	assert.Contains(t, out, "Bottlenecks (saturated assets of the minimum cut): grid, backup")
	assert.Regexp(t, `residential\s+3\s+4\s+11700\s+9500\s+9150\s+96\.32%`, out)
}

func TestSolveBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("format: lifeline-network\nversion: 1\nkind: power\nnodes:\n  - {id: s, role: source}\n"), 0o644))
	code, _, errs := runCmd("solve", bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "bad.yaml:5")
	assert.Contains(t, errs, `node "s": capacity`)

	code, _, errs = runCmd("solve", "-out", "nope", sample)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `no node or link "nope"`)

	code, _, _ = runCmd("solve", filepath.Join(dir, "missing.yaml"))
	assert.Equal(t, 2, code)
	code, _, _ = runCmd("frobnicate")
	assert.Equal(t, 2, code)
	code, _, errs = runCmd("solve", "-h")
	assert.Equal(t, 0, code)
	assert.True(t, strings.Contains(errs, "Example:"), errs)
}

func TestSolveCSVFolder(t *testing.T) {
	code, out, errs := runCmd("solve", "-kind", "power", "-json", "../../network/csv/testdata/city")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, `"kind": "power"`)
}

// A MATPOWER case is read wherever a network file is expected: case9 has
// 315 MW of load and 820 MW of generation, all served.
func TestSolveMatpower(t *testing.T) {
	code, out, errs := runCmd("solve", "-json", "../../network/matpower/testdata/case9.m")
	require.Equal(t, 0, code, errs)
	var got struct{ Served, Demand float64 }
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.InDelta(t, 315000, got.Demand, 1e-6)
	assert.InDelta(t, 315000, got.Served, 1e-6)
}

// An EPANET input file is read as a water network: Net1's junctions ask
// 1100 GPM = 249.837 m³/h, all served at the default velocity limit.
func TestSolveEpanet(t *testing.T) {
	code, out, errs := runCmd("solve", "-json", "../../network/epanet/testdata/Net1.inp")
	require.Equal(t, 0, code, errs)
	var got struct {
		Kind           string
		Served, Demand float64
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "water", got.Kind)
	assert.InDelta(t, 249.837177744, got.Demand, 1e-6)
	assert.InDelta(t, got.Demand, got.Served, 1e-6)
}
