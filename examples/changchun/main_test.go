package main

import (
	"bytes"
	"context"
	"github.com/lifeline-sim/lifeline/examples/internal/twintest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

func loadNetwork(t *testing.T) *network.Network {
	t.Helper()
	net, err := loadNetworkFile()
	require.NoError(t, err)
	return net
}

func runSeed(t *testing.T, sc *scenario.Scenario, seed uint64) *scenario.Result {
	t.Helper()
	plan, err := sc.Compile()
	require.NoError(t, err)
	res, err := plan.NewRun(seed).RunContext(context.Background())
	require.NoError(t, err)
	return res
}

// The model delivers the source's volume: [changchun-2022], over
// 16.68 million m³ to the city proper in 10 days (≈ 69,500 m³/h), within
// 10%; the priority customers keep their gas, and the reserves carry the
// stress window and are full again at the end.
func TestDeliveredVolume(t *testing.T) {
	sc, err := build()
	require.NoError(t, err)
	res := runSeed(t, sc, 1)
	n, ok := res.Net("gas")
	require.True(t, ok)
	city, outer := cityDelivered(n)
	assert.InEpsilon(t, sourceDelivered, city, 0.10, "city proper: %.0f m³", city)
	assert.InEpsilon(t, 69_500, city/res.Horizon, 0.10)
	// The other cities: 0.30 million accounts × 0.75 m³ a day × 10 days.
	assert.InEpsilon(t, 300_000*0.75*10, outer, 0.01)
	assert.Greater(t, n.Total.PCS(), 0.999)
	// Priority customers keep their gas but for the hours a fault of one
	// of their own regulators takes to repair (seed 1: a hospital's, 1.2 h
	// of work): critical coverage never falls below 98%.
	assert.GreaterOrEqual(t, n.MinCriticalCoverage, 0.98)
	require.Len(t, n.Storage, 2)
	for _, s := range n.Storage {
		assert.Less(t, s.Min, s.Start, "%s was not drawn in the stress window", s.ID)
		assert.Equal(t, s.Start, s.End, "%s was not refilled", s.ID)
		assert.Equal(t, -1.0, s.DryAt, s.ID)
	}
	// About the 15 outdoor repairs of the source over a few seeds.
	tasks := 0
	for seed := uint64(1); seed <= 4; seed++ {
		tasks += runSeed(t, sc, seed).Crew.Tasks
	}
	assert.InDelta(t, 15, float64(tasks)/4, 5)
}

// The YAML twin is the same scenario: identical results for seed 1 and
// for a 3-trial study.
func TestYAMLTwin(t *testing.T) {
	goSc, err := build()
	require.NoError(t, err)
	fileSc, err := scenfile.Load("changchun.yaml")
	require.NoError(t, err)
	twintest.SameResults(t, goSc, fileSc, "")
}

// The report of a 3-trial run matches testdata/report.golden (rewrite it
// with -update), and the output folder holds the report, the CSV timeline
// and the charts.
func TestReportGolden(t *testing.T) {
	res, dir := twintest.Report(t, cfg, filepath.Join("testdata", "report.golden"), *update)
	pngs := 0
	for _, f := range res.Files {
		if strings.HasSuffix(f, ".png") {
			pngs++
		}
	}
	assert.GreaterOrEqual(t, pngs, 3, "coverage, unserved and crew charts at least")
	for _, name := range []string{"report.json", "timeline.csv", "report.html"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Greater(t, fi.Size(), int64(1000), name)
	}
	// The CSV timeline has a row per hour.
	csv, err := os.ReadFile(filepath.Join(dir, "timeline.csv"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, strings.Count(string(csv), "\n"), 240)
}

// The command's exit status: 0 with a report, 2 on a bad flag.
func TestMainStatus(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, cityrun.Main(cfg, []string{"-trials", "x"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "-trials")
}
