package main

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/examples/internal/twintest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden")

func runSeed(t *testing.T, sc *scenario.Scenario, seed uint64) *scenario.Result {
	t.Helper()
	plan, err := sc.Compile()
	require.NoError(t, err)
	res, err := plan.NewRun(seed).RunContext(context.Background())
	require.NoError(t, err)
	return res
}

func netOf(t *testing.T, res *scenario.Result, id string) *scenario.NetResult {
	t.Helper()
	n, ok := res.Net(id)
	require.True(t, ok, id)
	return n
}

func zoneOf(t *testing.T, n *scenario.NetResult, id string) scenario.Group {
	t.Helper()
	for _, z := range n.ByZone {
		if z.Name == id {
			return z
		}
	}
	t.Fatalf("network %s has no zone %s", n.ID, id)
	return scenario.Group{}
}

func classOf(t *testing.T, n *scenario.NetResult, name string) scenario.Group {
	t.Helper()
	for _, g := range n.ByClass {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("network %s has no class %s", n.ID, name)
	return scenario.Group{}
}

// integrate returns ∫ f over [a, b] for f constant on each hour from the
// start: f(h) is its value over [h, h+1).
func integrate(a, b float64, f func(hour int) float64) float64 {
	var sum float64
	for t := a; t < b; {
		h := math.Floor(t)
		next := math.Min(h+1, b)
		sum += f(int(h)) * (next - t)
		t = next
	}
	return sum
}

// hourOfDay is the clock hour of hour h from the 20:00 start.
func hourOfDay(h int) int { return (20 + h) % 24 }

// The 66 kV fault shows up as lost water and heat in the west, by hand:
// with seed 1 the substation is the only repair, out for D hours from
// 62 h (D = the crew's longest repair: entry delay, travel and work). While
// it is out,
//   - power loses the west's homes (20,000 kW at the evening peak × the
//     hourly profile × 1.15 for the sealed zone), the booster (180 kW)
//     and the heat pumps (800 kW); the hospital keeps its second supply;
//   - water loses the west's homes, 4 × 73 m³/h × the profile × 1.15,
//     because booster-west has no power: all of it indirect;
//   - heat loses the west, 88,000 kW × (18 − T_out)/(18 + 30) × 1.15,
//     because hx-west's pumps have no power: all of it indirect.
func TestIndirectLosses(t *testing.T) {
	sc, err := build()
	require.NoError(t, err)
	res := runSeed(t, sc, 1)
	require.Equal(t, 1, res.Crew.Tasks, "seed 1 has no random fault")
	d := res.Crew.LongestRepair
	// Entry into the sealed west (1 h) and travel from the centre (0.5 h)
	// come before the work.
	require.Greater(t, d, 1.5)
	from, to := subFaultAt, subFaultAt+d

	power := netOf(t, res, "power")
	wantPower := integrate(from, to, func(h int) float64 {
		return 20000*1.15*powerResidential[hourOfDay(h)] + 180 + 800
	})
	assert.InEpsilon(t, wantPower, zoneOf(t, power, "west").ENS(), 1e-9)
	assert.InEpsilon(t, wantPower, power.Total.ENS(), 1e-9)
	assert.Zero(t, power.Total.IndirectENS)
	assert.Equal(t, 1.0, power.MinCriticalCoverage)

	water := netOf(t, res, "water")
	wantWater := integrate(from, to, func(h int) float64 {
		return 4 * 73 * 1.15 * waterResidential[hourOfDay(h)]
	})
	assert.InEpsilon(t, wantWater, zoneOf(t, water, "west").IndirectENS, 1e-9)
	assert.InEpsilon(t, wantWater, water.Total.IndirectENS, 1e-9)
	assert.InDelta(t, 0, water.Total.DirectENS(), 1e-6)

	heat := netOf(t, res, "heat")
	wantHeat := integrate(from, to, func(h int) float64 {
		return 88000 * 1.15 * (18 - dailyOutdoor[h%24]) / 48
	})
	assert.InEpsilon(t, wantHeat, zoneOf(t, heat, "west").IndirectENS, 1e-9)
	assert.InEpsilon(t, wantHeat, heat.Total.IndirectENS, 1e-9)
	assert.InDelta(t, 0, heat.Total.DirectENS(), 1e-6)
	// Six hours without heat at −20 °C: the west's 20,000 homes cool from
	// 18 °C toward the outdoor temperature with the 40 h time constant.
	assert.Equal(t, 20000, heat.PeakColdCustomers)
	assert.Less(t, heat.MinIndoor, 16.0)
	assert.Greater(t, heat.MinIndoor, -20+38*math.Exp(-d/40)-1)

	gas := netOf(t, res, "gas")
	assert.Zero(t, gas.Total.ENS())
	require.Len(t, gas.Storage, 1)
	assert.Equal(t, -1.0, gas.Storage[0].DryAt)

	// The findings name the indirect losses per network: one table row
	// per network, its last cell the loss caused by another utility.
	secs, err := findings(&report.Document{}, res, nil)
	require.NoError(t, err)
	require.Len(t, secs, 1)
	tb := secs[0].Blocks[0].Table
	require.NotNil(t, tb)
	require.Len(t, tb.Rows, len(res.Networks))
	for i, n := range res.Networks {
		assert.Equal(t, n.ID, tb.Rows[i][0])
		assert.Equal(t, report.FormatQuantity(n.Total.IndirectENS, n.Kind), tb.Rows[i][3])
	}
	var labels []string
	for _, b := range secs[0].Blocks[1:] {
		for _, r := range b.Rows {
			labels = append(labels, r.Label)
		}
	}
	assert.Contains(t, labels, "Water in west, for want of another utility")
}

// The testing vans are a new critical load from 03:15: 400 kW for the last
// 144 − 7.25 h, on top of the command centre and the two hospitals
// (300 + 1,500 + 800 kW, flat).
func TestTestingVans(t *testing.T) {
	sc, err := build()
	require.NoError(t, err)
	res := runSeed(t, sc, 1)
	power := netOf(t, res, "power")
	critical := classOf(t, power, network.Critical)
	assert.InDelta(t, 2600*horizon+400*(horizon-vansAt), critical.Demand, 1e-6)
	assert.InDelta(t, critical.Demand, critical.Served, 1e-6)
	// 500 kVA at power factor 0.8.
	net, err := loadNetworks()
	require.NoError(t, err)
	i, ok := net[0].NodeIndex("box-tx")
	require.True(t, ok)
	assert.Equal(t, 500*0.8, net[0].Capacity(i))
}

// The closed-loop teams keep the plants running: without the water plant's
// vanguard, the sealed plant stops for the 48 hours of closed-loop
// operation; without the heat production staff, the heat plant stops.
func TestClosedLoopTeams(t *testing.T) {
	without := func(team string) *scenario.Scenario {
		sc, err := build()
		require.NoError(t, err)
		c := crewConfig()
		c.Teams = slicesDelete(c.Teams, team)
		sc.Crew, err = crew.New(c)
		require.NoError(t, err)
		return sc
	}
	base, err := build()
	require.NoError(t, err)
	withTeams := runSeed(t, base, 1)
	assert.InDelta(t, 0, netOf(t, withTeams, "water").Total.DirectENS(), 1e-6)

	res := runSeed(t, without("water-plant-vanguard"), 1)
	water := netOf(t, res, "water")
	assert.Zero(t, water.FirstShortfall)
	// Nothing flows for 48 h; supply is back after.
	for b := range int(plantClosedLoop) {
		assert.InDelta(t, 0, water.Timeline.Coverage[b], 1e-12, "hour %d", b)
	}
	assert.Greater(t, water.Timeline.Coverage[int(plantClosedLoop)], 0.99)

	res = runSeed(t, without("heat-production"), 1)
	heat := netOf(t, res, "heat")
	// Only the island's gas-fired boiler room keeps heating.
	assert.Less(t, heat.Total.PCS(), 0.1)
	assert.Equal(t, 1.0, zoneOf(t, heat, "island").PCS())
}

func slicesDelete(teams []crew.Team, id string) []crew.Team {
	var out []crew.Team
	for _, tm := range teams {
		if tm.ID != id {
			out = append(out, tm)
		}
	}
	return out
}

// The YAML twin is the same scenario: identical results for seed 1 and
// for a 3-trial study.
func TestYAMLTwin(t *testing.T) {
	goSc, err := build()
	require.NoError(t, err)
	fileSc, err := scenfile.Load("heihe.yaml")
	require.NoError(t, err)
	twintest.SameResults(t, goSc, fileSc, "")
}

// The report of a 3-trial run matches testdata/report.golden (rewrite it
// with -update), and the output folder holds the report, the CSV timeline
// and the charts, heat's temperature chart and the LPG depot's level among
// them.
func TestReportGolden(t *testing.T) {
	res, dir := twintest.Report(t, cfg, filepath.Join("testdata", "report.golden"), *update)
	for _, name := range []string{"power-coverage.png", "water-unserved.png", "heat-temperature.png", "heat-cold.png",
		"gas-storage-lpg-depot.svg"} {
		assert.Contains(t, res.Files, name)
	}
	doc, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	assert.Contains(t, string(doc), `"indirect_ens"`)
}
