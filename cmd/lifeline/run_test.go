package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sampleScenario = "../../testdata/scenarios/district-lockdown.yaml"

// runScenario runs "lifeline run" with args and returns the exit status,
// stdout and stderr, as the program would.
func runScenario(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	err := runRun(args, &out, &errb)
	code := exitOK
	switch {
	case err == nil, errors.Is(err, errHelp):
	case errors.Is(err, errBadInput):
		fmt.Fprintln(&errb, "lifeline run: "+trimBadInput(err))
		code = exitBadInput
	default:
		fmt.Fprintln(&errb, "lifeline run: "+err.Error())
		code = exitFailed
	}
	return code, out.String(), errb.String()
}

// tiny is one 50 kW feeder load of 10 customers whose feeder fails at 2 h;
// the only crew is 1 h away (the default travel time between its base and
// an asset outside every zone) and the repair takes 3 h. The load is out
// from 2 h to 6 h: ENS = 50 kW × 4 h = 200 kWh of 50 × 24 = 1200 kWh,
// SAIFI 1, SAIDI = CAIDI = 4 h, ASAI = 1 − 4/24, customer-hours lost
// 10 × 4 = 40, value lost 200 kWh × 10 (residential) = 2000. The crew
// member works 1 h travel + 3 h repair = 4 of the team's 2 × 24 = 48
// member-hours, and waited 1 h (travel) from the fault to the start.
const tiny = `format: lifeline-scenario
version: 1
name: tiny
horizon_hours: 24
networks:
  - id: feeder-net
    inline:
      kind: power
      nodes:
        - {id: grid, role: source, capacity: 100}
        - {id: load, role: consumer, demand: 50, customers: 10}
      links:
        - {id: feeder, from: grid, to: load, oneway: true}
crew:
  teams: [{id: t, size: 2, base: depot}]
outages:
  - {asset: feeder, at: 2, work: 3}
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

type groupOut struct {
	Customers         int
	Demand, Served    float64
	ENS               float64 `json:"ens"`
	Coverage, ECS     float64
	EOH               float64 `json:"eoh"`
	CustomerHoursLost float64 `json:"customer_hours_lost"`
	SAIFI, SAIDI      float64
	CAIDI, ASAI       float64
	ValueLost         string `json:"value_lost"`
}

type runOut struct {
	Scenario string
	Seed     uint64
	Trials   int
	Network  string
	groupOut
	MinCriticalCoverage float64 `json:"min_critical_coverage"`
	LossOfLoadHours     float64 `json:"loss_of_load_hours"`
	FirstShortfall      float64 `json:"first_shortfall"`
	Restored            bool
	TimeToRestore       float64             `json:"time_to_restore"`
	ByClass             map[string]groupOut `json:"by_class"`
	Networks            map[string]struct {
		groupOut
		ByClass  map[string]groupOut `json:"by_class"`
		Timeline struct{ Unserved []float64 }
	}
	Crew struct {
		AvailableHours float64 `json:"available_hours"`
		BusyHours      float64 `json:"busy_hours"`
		Utilisation    float64
		Tasks          int
		Completed      int
		MeanWait       float64 `json:"mean_wait"`
		LongestRepair  float64 `json:"longest_repair"`
	}
	Risk *struct {
		Trials      int
		Mean        float64
		StdErr      float64
		P95         float64
		CVaR95      float64
		LOLP        float64
		LOLE        float64
		EUE         float64
		ServiceRisk []struct{ Level, Hours, P float64 } `json:"service_risk"`
		Metrics     map[string]struct {
			Unit        string
			Mean, P95   float64
			StdErr      float64
			CVaR95      float64
			CI95Low     float64 `json:"ci95_low"`
			CI95High    float64 `json:"ci95_high"`
			Min, Max    float64
			HigherWorse bool `json:"higher_is_worse"`
		}
	}
}

func decodeRun(t *testing.T, out string) runOut {
	t.Helper()
	var got runOut
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	return got
}

func TestRunTinyJSON(t *testing.T) {
	path := writeTemp(t, "tiny.yaml", tiny)
	code, out, errs := runScenario("-json", path)
	require.Equal(t, 0, code, errs)
	got := decodeRun(t, out)
	assert.Equal(t, "tiny", got.Scenario)
	assert.Equal(t, "feeder-net", got.Network)
	assert.Equal(t, 1, got.Trials)
	assert.Nil(t, got.Risk)
	assert.InDelta(t, 1200, got.Demand, 1e-9)
	assert.InDelta(t, 200, got.ENS, 1e-9)
	assert.InDelta(t, 1000.0/1200, got.Coverage, 1e-12)
	assert.InDelta(t, 1000.0/1200, got.ECS, 1e-12)
	assert.InDelta(t, 4, got.EOH, 1e-9)
	assert.InDelta(t, 40, got.CustomerHoursLost, 1e-9)
	assert.InDelta(t, 1, got.SAIFI, 1e-12)
	assert.InDelta(t, 4, got.SAIDI, 1e-9)
	assert.InDelta(t, 4, got.CAIDI, 1e-9)
	assert.InDelta(t, 1-4.0/24, got.ASAI, 1e-12)
	assert.Equal(t, "2000", got.ValueLost)
	assert.InDelta(t, 4, got.LossOfLoadHours, 1e-9)
	assert.Equal(t, 2.0, got.FirstShortfall)
	assert.True(t, got.Restored)
	assert.InDelta(t, 4, got.TimeToRestore, 1e-9)
	// The only consumer is residential, and residential is then the
	// highest-priority class present, but critical holds no one: coverage 1.
	assert.Equal(t, 1.0, got.MinCriticalCoverage)

	require.Contains(t, got.ByClass, "residential")
	res := got.ByClass["residential"]
	assert.InDelta(t, 200, res.ENS, 1e-9)
	assert.InDelta(t, 4, res.SAIDI, 1e-9)
	assert.Equal(t, 10, res.Customers)
	assert.InDelta(t, 0, got.ByClass["critical"].ENS, 0)
	assert.Equal(t, 1.0, got.ByClass["critical"].Coverage)

	require.Contains(t, got.Networks, "feeder-net")
	n := got.Networks["feeder-net"]
	assert.InDelta(t, 200, n.ENS, 1e-9)
	require.Len(t, n.Timeline.Unserved, 24)
	assert.InDelta(t, 0, n.Timeline.Unserved[1], 1e-9)
	assert.InDelta(t, 50, n.Timeline.Unserved[2], 1e-9)
	assert.InDelta(t, 50, n.Timeline.Unserved[5], 1e-9)
	assert.InDelta(t, 0, n.Timeline.Unserved[6], 1e-9)

	c := got.Crew
	assert.Equal(t, 1, c.Tasks)
	assert.Equal(t, 1, c.Completed)
	assert.InDelta(t, 48, c.AvailableHours, 1e-9)
	assert.InDelta(t, 4, c.BusyHours, 1e-9)
	assert.InDelta(t, 4.0/48, c.Utilisation, 1e-12)
	assert.InDelta(t, 1, c.MeanWait, 1e-9)
	assert.InDelta(t, 4, c.LongestRepair, 1e-9)
}

// With a fixed repair time every trial is the same: the risk is a point.
func TestRunTinyTrials(t *testing.T) {
	path := writeTemp(t, "tiny.yaml", tiny)
	code, out, errs := runScenario("-json", "-trials", "5", "-workers", "2", path)
	require.Equal(t, 0, code, errs)
	got := decodeRun(t, out)
	assert.Equal(t, 5, got.Trials)
	assert.InDelta(t, 200, got.ENS, 1e-9)
	require.NotNil(t, got.Risk)
	r := got.Risk
	assert.Equal(t, 5, r.Trials)
	assert.InDelta(t, 200, r.Mean, 1e-9)
	assert.InDelta(t, 0, r.StdErr, 1e-9)
	assert.InDelta(t, 200, r.P95, 1e-9)
	assert.InDelta(t, 200, r.CVaR95, 1e-9)
	assert.InDelta(t, 4.0/24, r.LOLP, 1e-12)
	assert.InDelta(t, 4, r.LOLE, 1e-9)
	assert.InDelta(t, 200, r.EUE, 1e-9)
	assert.InDelta(t, 4, r.Metrics["saidi"].Mean, 1e-9)
	assert.Equal(t, "kWh", r.Metrics["ens"].Unit)
	assert.True(t, r.Metrics["ens"].HigherWorse)
	assert.False(t, r.Metrics["coverage"].HigherWorse)
	require.Len(t, r.ServiceRisk, 1)
	assert.Equal(t, 0.95, r.ServiceRisk[0].Level)
	assert.Equal(t, 0.0, r.ServiceRisk[0].P)
}

// The sample's repair times and faults are random, so trials differ; the
// figures must agree with each other, and the risk summary with itself.
func TestRunSampleJSON(t *testing.T) {
	code, out, errs := runScenario("-json", sampleScenario)
	require.Equal(t, 0, code, errs)
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &raw))
	for _, k := range []string{"scenario", "seed", "trials", "network", "coverage", "ens", "saifi", "saidi", "caidi", "asai",
		"value_lost", "min_critical_coverage", "time_to_restore", "by_class", "by_zone", "networks", "crew"} {
		assert.Contains(t, raw, k)
	}
	assert.NotContains(t, raw, "risk")
	one := decodeRun(t, out)
	assert.Equal(t, "district-lockdown", one.Scenario)
	assert.Equal(t, "power", one.Network)
	for _, cl := range []string{"critical", "essential", "residential", "commercial", "industrial"} {
		require.Contains(t, one.ByClass, cl)
	}
	// The classes add up to the network.
	var ens, demand float64
	for _, g := range one.ByClass {
		ens += g.ENS
		demand += g.Demand
	}
	assert.InDelta(t, one.ENS, ens, 1e-6*one.Demand)
	assert.InDelta(t, one.Demand, demand, 1e-6*one.Demand)
	assert.InDelta(t, 1-one.ENS/one.Demand, one.Coverage, 1e-9)
	assert.InDelta(t, one.SAIDI/one.SAIFI, one.CAIDI, 1e-9)
	assert.InDelta(t, 1-one.SAIDI/336, one.ASAI, 1e-9)
	assert.Greater(t, one.ENS, 0.0)
	// The substation outage, and any fault, is a repair task.
	assert.GreaterOrEqual(t, one.Crew.Tasks, 1)
	assert.Equal(t, one.Crew.Tasks, one.Crew.Completed)

	code, out, errs = runScenario("-json", "-trials", "8", "-seed", "3", sampleScenario)
	require.Equal(t, 0, code, errs)
	got := decodeRun(t, out)
	require.NotNil(t, got.Risk)
	r := got.Risk
	assert.Equal(t, 8, r.Trials)
	ensStat := r.Metrics["ens"]
	assert.Equal(t, ensStat.Mean, r.Mean)
	assert.Equal(t, ensStat.Mean, r.EUE)
	assert.LessOrEqual(t, ensStat.Min, r.Mean)
	assert.LessOrEqual(t, r.Mean, ensStat.Max)
	assert.LessOrEqual(t, r.P95, r.CVaR95+1e-9)
	assert.InDelta(t, r.Metrics["loss_of_load_hours"].Mean, r.LOLE, 1e-9)
	assert.InDelta(t, r.LOLE/336, r.LOLP, 1e-12)
	assert.Len(t, r.ServiceRisk, 2)
	for _, m := range []string{"ens", "coverage", "saifi", "saidi", "caidi", "asai", "value_lost", "min_critical_coverage", "loss_of_load_hours"} {
		assert.Contains(t, r.Metrics, m)
	}

	// The worker count never changes a result.
	code, out2, _ := runScenario("-json", "-trials", "8", "-seed", "3", "-workers", "1", sampleScenario)
	require.Equal(t, 0, code)
	assert.Equal(t, out, out2)
}

func TestRunSampleText(t *testing.T) {
	code, out, errs := runScenario("-trials", "3", sampleScenario)
	require.Equal(t, 0, code, errs)
	for _, s := range []string{
		"Scenario district-lockdown: 336 h (14 days) from 2022-02-07 20:00 +08:00; seed 1",
		"Network power: power, flows in kW, energy in kWh; policy priority-fair",
		"coverage", "by volume (PCS)", "energy not supplied", "SAIFI", "SAIDI", "CAIDI", "ASAI", "value lost",
		"min critical coverage", "loss of load", "Crews: 2 teams", "Risk over 3 trials (seed 1), network power",
		"LOLP", "P(critical coverage below 95% for more than 24.00 h)",
	} {
		assert.Contains(t, out, s)
	}
	assert.Regexp(t, `residential\s+11700\s+\d+`, out)
	assert.Regexp(t, `old-town\s+5702\s+\d+`, out)
}

func TestRunTinyText(t *testing.T) {
	code, out, errs := runScenario(writeTemp(t, "tiny.yaml", tiny))
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "energy not supplied     200 kWh of 1200 kWh asked for (ENS)")
	assert.Contains(t, out, "SAIDI                   4.00 h per customer")
	assert.Contains(t, out, "ASAI                    0.833333")
	assert.Contains(t, out, "loss of load            4.00 h in all; first shortfall at 2.00 h, full supply back for good 4.00 h later")
	assert.Contains(t, out, "48 member-hours available, 4 on jobs (travel included): 8.33%")
}

func TestRunBadInput(t *testing.T) {
	bad := writeTemp(t, "bad.yaml", "format: lifeline-scenario\nversion: 1\nhorizon_hours: 24\nnetworks:\n  - {id: p, file: nowhere.yaml}\noutages:\n  - {asset: x, at: soon}\n")
	code, _, errs := runScenario(bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "bad.yaml:5: networks[0].file: cannot read nowhere.yaml: no such file or directory")
	assert.Contains(t, errs, `bad.yaml:7: outages[0].at: not a number "soon"`)

	tinyPath := writeTemp(t, "tiny.yaml", tiny)
	code, _, errs = runScenario("-network", "gas", tinyPath)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `-network "gas": no such network`)

	code, _, _ = runScenario("-trials", "0", tinyPath)
	assert.Equal(t, 2, code)
	code, _, _ = runScenario("-workers", "-1", tinyPath)
	assert.Equal(t, 2, code)
	code, _, _ = runScenario()
	assert.Equal(t, 2, code)
	code, _, _ = runScenario("-bogus", tinyPath)
	assert.Equal(t, 2, code)
	code, _, errs = runScenario(filepath.Join(t.TempDir(), "missing.yaml"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "missing.yaml")
	code, _, errs = runScenario("-h")
	assert.Equal(t, 0, code)
	assert.True(t, strings.Contains(errs, "Example:"), errs)
}

// The heat sample reports cold customers, storage and the policy.
func TestRunHeatSample(t *testing.T) {
	code, out, errs := runScenario("../../testdata/scenarios/cold-snap-heat.yaml")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Network heat: heat, flows in kW, energy in kWh; policy proportional")
	assert.Regexp(t, `cold customers \(<16 °C\) \d+ customer-hours, at most \d+ at once; lowest indoor temperature -?\d+\.\d °C`, out)
	assert.Regexp(t, `storage coal-yard\s+288000 → \d+ kWh`, out)
	assert.Regexp(t, `north-compound\s+1431\s+\d+`, out)

	code, out, errs = runScenario("-json", "../../testdata/scenarios/cold-snap-heat.yaml")
	require.Equal(t, 0, code, errs)
	var got struct {
		ColdCustomerHours float64  `json:"cold_customer_hours"`
		MinIndoor         *float64 `json:"min_indoor"`
		Storage           []struct {
			ID         string
			Start, End float64
		}
		Networks map[string]struct {
			Timeline struct {
				MeanIndoor []float64 `json:"mean_indoor"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.NotNil(t, got.MinIndoor)
	assert.Less(t, *got.MinIndoor, 18.0)
	require.Len(t, got.Storage, 1)
	assert.Equal(t, "coal-yard", got.Storage[0].ID)
	assert.Equal(t, 288000.0, got.Storage[0].Start)
	assert.Len(t, got.Networks["heat"].Timeline.MeanIndoor, 28)
}

// The README's tutorial: with the closed-loop operators Old Town keeps
// most of its energy (all but the hours its substation is out: about 3 h
// to get in and a lognormal repair of median 3 h; 89% with seed 1);
// without them its substation cannot run inside the sealed zone and the
// zone gets nothing.
func TestTutorialScenario(t *testing.T) {
	const path = "../../testdata/scenarios/tutorial.yaml"
	zoneCoverage := func(file string) float64 {
		code, out, errs := runCmd("run", "-json", file)
		require.Equal(t, 0, code, errs)
		var got struct {
			ByZone map[string]struct{ Coverage float64 } `json:"by_zone"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		return got.ByZone["old-town"].Coverage
	}
	assert.Greater(t, zoneCoverage(path), 0.8)

	src, err := os.ReadFile(path)
	require.NoError(t, err)
	var kept []string
	for _, line := range strings.Split(string(src), "\n") {
		if !strings.Contains(line, "north-operators") {
			kept = append(kept, strings.ReplaceAll(line, "../city/network.yaml", "city.yaml"))
		}
	}
	dir := t.TempDir()
	city, err := os.ReadFile("../../testdata/city/network.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "city.yaml"), city, 0o644))
	noOps := filepath.Join(dir, "tutorial.yaml")
	require.NoError(t, os.WriteFile(noOps, []byte(strings.Join(kept, "\n")), 0o644))
	assert.Equal(t, 0.0, zoneCoverage(noOps))
}
