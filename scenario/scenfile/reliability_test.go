package scenfile

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

const rtsTable = "../../testdata/reliability/rts79-units.csv"

// rtsUnits reads the unit capacities (MW) and forced outage rates
// MTTR/(MTTF+MTTR) of the IEEE RTS table by hand.
func rtsUnits(t *testing.T) (ids []string, capMW, forced []float64) {
	t.Helper()
	data, err := os.ReadFile(rtsTable)
	require.NoError(t, err)
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, ",")
		c, _ := strconv.ParseFloat(f[2], 64)
		mttf, _ := strconv.ParseFloat(f[3], 64)
		mttr, _ := strconv.ParseFloat(f[4], 64)
		ids = append(ids, f[0])
		capMW = append(capMW, c)
		forced = append(forced, mttr/(mttf+mttr))
	}
	return ids, capMW, forced
}

// The reliability table of the IEEE Reliability Test System (32 units,
// 3405 MW) read as an asset register exports it, one fault model per
// named unit, against an independent oracle: the capacity outage
// probability table (exact convolution of the units' two-state
// availabilities). With steady_start and exponential repairs each unit is
// down with probability FOR at every instant, so LOLP, the expected share
// of the horizon with load above available capacity, is P(capacity <
// load) from the table: 0.08458 for a 2850 MW load (the RTS peak); the
// study gives 0.0849 ± 0.0054 over 1500 trials of 100 h, checked within
// 3 standard errors.
func TestReliabilityTableRTS(t *testing.T) {
	ids, capMW, forced := rtsUnits(t)
	require.Len(t, ids, 32)
	total := 0.0
	for _, c := range capMW {
		total += c
	}
	require.Equal(t, 3405.0, total)
	// The oracle: P(available capacity = x MW), x whole MW.
	dist := make([]float64, int(total)+1)
	dist[0] = 1
	top := 0
	for i, c := range capMW {
		ci := int(c)
		next := make([]float64, len(dist))
		for x := 0; x <= top; x++ {
			next[x] += dist[x] * forced[i]
			next[x+ci] += dist[x] * (1 - forced[i])
		}
		dist, top = next, top+ci
	}
	const load = 2850
	lolp := 0.0
	for x := 0; x < load; x++ {
		lolp += dist[x]
	}
	t.Logf("oracle LOLP at %d MW: %.5f", load, lolp)
	require.InDelta(t, 0.08458, lolp, 0.00001)

	// The network: every unit feeds the load over its own line.
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: load, Customers: 1})
	for i, id := range ids {
		b.AddNode(network.Node{ID: id, Role: network.Source, Capacity: capMW[i]})
		b.AddLink(network.Link{ID: "l-" + id, From: id, To: "load"})
	}
	net, err := b.Build()
	require.NoError(t, err)
	dir := t.TempDir()
	var buf bytes.Buffer
	require.NoError(t, network.Encode(&buf, net, network.YAML))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rts.yaml"), buf.Bytes(), 0o644))
	abs, err := filepath.Abs(rtsTable)
	require.NoError(t, err)
	src := fmt.Sprintf("version: 1\nhorizon_hours: 100\nnetworks:\n  - {id: rts, file: rts.yaml}\nreliability:\n  - %s\nsteady_start: true\n", abs)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(src), 0o644))
	f, err := Open(filepath.Join(dir, "s.yaml"))
	require.NoError(t, err)
	require.Empty(t, f.Warnings)
	sc := f.Scenario
	require.Len(t, sc.Faults, 32)
	last := sc.Faults[31]
	assert.Equal(t, "u400-2", last.Asset)
	assert.Equal(t, 1100.0, last.MTTF)
	assert.Equal(t, 0.0, last.Rate)
	assert.Equal(t, "exponential(mean=150)", last.Repair.Name)
	p, err := sc.Compile()
	require.NoError(t, err)
	for i, id := range ids {
		k, ok := p.FaultModel("rts", id)
		require.True(t, ok, id)
		assert.Equal(t, i, k)
	}
	_, ok := p.FaultModel("rts", "l-u12-1")
	assert.False(t, ok, "lines have no model")
	sum, err := scenario.Study{Plan: p, Seed: 3, Trials: 1500}.Run(context.Background())
	require.NoError(t, err)
	ad := sum.Adequacy()
	t.Logf("LOLP %.5f ± %.5f, oracle %.5f", ad.LOLP, ad.LOLPStdErr, lolp)
	assert.InDelta(t, lolp, ad.LOLP, 3*ad.LOLPStdErr)
	assert.Less(t, ad.LOLPStdErr, 0.01)
}

// A table's problems name the table's line and column; unknown columns
// of the register are ignored, a near miss of a known one is not.
func TestReadReliabilityErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"header", "asset,rate_per_yaer,mttr_hours\n", []string{
			`r.csv:1: rate_per_yaer: unknown column (did you mean "rate_per_year"?)`,
			"r.csv:1: rate_per_year: missing column: give rate_per_year or mttf_hours",
		}},
		{"no repair", "asset,rate_per_year,owner\nx,1,ops\n", []string{
			"r.csv:1: repair_dist: missing column: give repair_dist (with its parameters) or mttr_hours",
		}},
		{"rows", "asset,role,rate_per_year,mttf_hours,repair_dist,repair_median_hours,repair_sigma,repair_hours,min_crew,where\n" +
			"a,,x,,lognormal,4,0.5,,,\n" +
			",pump,1,,lognormal,4,0.5,,,\n" +
			",station,1,100,fixed,,,,,\n" +
			",,1,,lognormal,-4,0.5,,,type\n" +
			",,1,,gamma,,,,-1,\n" +
			"b,,2,,weibull,,,,,\n", []string{
			`r.csv:2: rate_per_year: not a number "x"`,
			`r.csv:3: role: unknown role "pump" (want source, station, storage, junction or consumer)`,
			"r.csv:4: mttf_hours: give rate_per_year or mttf_hours, not both",
			"r.csv:4: repair_hours: missing: fixed needs repair_hours",
			`r.csv:5: where: want name=value pairs separated by ;, got "type"`,
			"r.csv:5: repair_median_hours: -4 is not > 0",
			`r.csv:6: min_crew: want a whole number of members ≥ 0, got "-1"`,
			`r.csv:6: repair_dist: unknown distribution "gamma" (want fixed, exponential, lognormal, weibull or uniform)`,
			"r.csv:7: repair_shape: missing: weibull needs repair_shape and repair_scale_hours",
			"r.csv:7: repair_scale_hours: missing: weibull needs repair_shape and repair_scale_hours",
		}},
		{"field count", "asset,rate_per_year,mttr_hours\na,1,2\nb,1\n", []string{
			"r.csv:3: CSV: wrong number of fields",
		}},
		{"empty", "", []string{"r.csv:1: empty table: want a header row"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadReliability(strings.NewReader(tc.src), "r.csv")
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Equal(t, tc.want, strings.Split(err.Error(), "\n"))
		})
	}
	rows, err := ReadReliability(strings.NewReader("\xEF\xBB\xBFNetwork,Role,Where,Rate_per_year,Repair_dist,Repair_mean_hours,Min_crew,Cold_below,Cold_factor,install_year\n"+
		"power,station,type=gis;kv=110,0.5,exponential,6,2,-20,2,1998\n,,,,,,,,,\n"), "r.csv")
	require.NoError(t, err)
	require.Len(t, rows, 1)
	m := rows[0].Model
	assert.Equal(t, 2, rows[0].Line)
	assert.Equal(t, "power", m.Network)
	assert.Equal(t, network.Station, m.Role)
	assert.Equal(t, map[string]string{"type": "gis", "kv": "110"}, m.Attrs)
	assert.Equal(t, 0.5, m.Rate)
	assert.Equal(t, "exponential(mean=6)", m.Repair.Name)
	assert.Equal(t, 2, m.MinCrew)
	assert.Equal(t, -20.0, m.ColdBelow)
	assert.Equal(t, 2.0, m.ColdFactor)
}

// Problems found by the whole-scenario check in a row of a table are
// reported behind the scenario line that names the table.
func TestReliabilityRowCompileErrors(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.csv"), []byte("asset,zone,mttf_hours,mttr_hours\nsub-nort,,100,5\n,oldtown,100,5\n"), 0o644))
	abs, err := filepath.Abs("../../testdata/city/network.yaml")
	require.NoError(t, err)
	src := "version: 1\nhorizon_hours: 24\nnetworks:\n  - {id: power, file: " + abs + "}\nreliability:\n  - {file: r.csv}\n"
	_, err = Decode(strings.NewReader(src), "s.yaml", dir)
	require.Error(t, err)
	assert.Equal(t, []string{
		`s.yaml:6: reliability[0].file: r.csv:2: asset: unknown asset "sub-nort" in any network; did you mean "sub-north"?`,
		`s.yaml:6: reliability[0].file: r.csv:3: zone: unknown zone "oldtown"; did you mean "old-town"?`,
	}, strings.Split(err.Error(), "\n"))
}

// The register of the worked example in docs/scenario-format.md: which
// model each asset of the sample district takes, and the steady state
// that gives, by hand (MTTF = 8760/rate; MTTR the repair's mean; q =
// MTTR/(MTTF + MTTR)):
//
//	grid, backup  row 2 (sources)                 17520 h, lognormal(6, 0.5): mean 6·e^0.125 = 6.799 h
//	sub-north     row 3 (zone + role)             8760 h, fixed 8 h      q = 8/8768
//	sub-south     row 4 (by name)                 4380 h, exp. 12 h      q = 12/4392
//	every link    row 5                           43800 h, lognormal(4, 0.8): mean 4·e^0.32 = 5.508 h
//	testing-site  row 6 (class + zone)            17520 h, fixed 2 h     q = 2/17522
//
// Nothing else has a model (the ring, other consumers).
func TestDistrictRegister(t *testing.T) {
	abs, err := filepath.Abs("../../testdata/city/network.yaml")
	require.NoError(t, err)
	reg, err := filepath.Abs("../../testdata/reliability/district-register.csv")
	require.NoError(t, err)
	src := fmt.Sprintf("version: 1\nhorizon_hours: 24\nnetworks:\n  - {id: power, file: %s}\nreliability:\n  - %s\ncrew:\n  teams: [{id: t, size: 6}]\nsteady_start: true\n", abs, reg)
	f, err := Read(strings.NewReader(src), "s.yaml", "")
	require.NoError(t, err)
	assert.Empty(t, f.Warnings)
	p, err := f.Scenario.Compile()
	require.NoError(t, err)
	models := f.Scenario.Faults
	require.Len(t, models, 5)
	for asset, want := range map[string]int{"grid": 0, "backup": 0, "sub-north": 1, "sub-south": 2, "line-north": 3, "f-hospital": 3, "tie": 3, "testing-site": 4} {
		k, ok := p.FaultModel("power", asset)
		require.True(t, ok, asset)
		assert.Equal(t, want, k, asset)
	}
	for _, asset := range []string{"ring", "hospital", "compound-a", "command-centre"} {
		_, ok := p.FaultModel("power", asset)
		assert.False(t, ok, asset)
	}
	mttf := func(m scenario.FaultModel) float64 {
		if m.MTTF > 0 {
			return m.MTTF
		}
		return 8760 / m.Rate
	}
	for k, want := range []struct{ mttf, mttr, q float64 }{
		0: {17520, 6 * math.Exp(0.125), 6.799 / (17520 + 6.799)},
		1: {8760, 8, 8.0 / 8768},
		2: {4380, 12, 12.0 / 4392},
		3: {43800, 4 * math.Exp(0.32), 5.508 / (43800 + 5.508)},
		4: {17520, 2, 2.0 / 17522},
	} {
		m := models[k]
		assert.InDelta(t, want.mttf, mttf(m), 1e-9, "row %d", k+2)
		assert.InDelta(t, want.mttr, m.Repair.Mean, 1e-9, "row %d", k+2)
		assert.InEpsilon(t, want.q, m.Repair.Mean/(mttf(m)+m.Repair.Mean), 1e-3, "row %d", k+2)
	}
	assert.Equal(t, 2, models[3].MinCrew)
	assert.Equal(t, "fixed(8)", models[1].Repair.Name)
}
