package lifelinetest_test

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/lifelinetest"
	"github.com/lifeline-sim/lifeline/scenario"
)

// summaryOf returns a summary of the FaultScenario study ("power", 168 h,
// one service level: 0.95 for 12 h) whose trials hold the given values:
// trial i has cols[metric][i] for each metric given and 0 for the others.
func summaryOf(t *testing.T, trials int, cols map[string][]float64) *scenario.Summary {
	t.Helper()
	base := lifelinetest.Study(t, lifelinetest.FaultScenario(t), 1, 1)
	data, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	metrics := base.Metrics()
	records := make([]map[string]any, trials)
	for i := range records {
		vals := make([]float64, len(metrics))
		for m, col := range cols {
			k := slices.Index(metrics, m)
			if k < 0 {
				t.Fatalf("no metric %q", m)
			}
			vals[k] = col[i]
		}
		records[i] = map[string]any{"trial": i, "values": vals}
	}
	doc["records"] = records
	// Records of any trials with their values are the summary format's
	// version 1, which has none of the keys below (nor a risk over time).
	for _, k := range []string{"format", "version", "digest", "resolution", "total_trials", "classes", "trials", "risk", "attachments"} {
		delete(doc, k)
	}
	if data, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	var sum scenario.Summary
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	return &sum
}

// Hand-computed statistics: values 1, 2, …, 100 have mean 50.5, sample
// standard deviation √(100·101/12) = 29.0115 (standard error 2.90115),
// P95 = 95.05, CVaR95 = 98 (the mean of 96…100); lower being worse,
// P5 = 5.95 and CVaR95 = 3.
func TestRiskAssertions(t *testing.T) {
	n := 100
	seq := make([]float64, n)
	cov := make([]float64, n)
	lol := make([]float64, n)
	crit := make([]float64, n)
	for i := range seq {
		seq[i] = float64(i + 1)
		cov[i] = float64(i+1) / 100
		lol[i] = 30 // LOLE 30 h, LOLP 30/168
		if i < 25 {
			crit[i] = 13 // above the 12 h of service level 0
		} else if i < 50 {
			crit[i] = 12 // at the duration: not a breach
		}
	}
	sum := summaryOf(t, n, map[string][]float64{
		"ens": seq, "coverage": cov, "loss_of_load_hours": lol, "longest_critical_below_0": crit,
	})
	empty := summaryOf(t, 0, nil)
	type tb = lifelinetest.TB
	runAssertions(t, []assertion{
		{"p95 passes", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "ens", "p95", 95.05) }, true, ""},
		{"p95 fails", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "ens", "p95", 90) }, false,
			"power: ens p95 95.05 kWh > 90 kWh over 100 trials (mean 50.5 ± 2.901 kWh)"},
		{"cvar95 fails", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "ens", "cvar95", 97.5) }, false,
			"power: ens cvar95 98 kWh > 97.5 kWh over 100 trials (mean 50.5 ± 2.901 kWh)"},
		{"mean passes", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "ens", "mean", 50.5) }, true, ""},
		{"max fails", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "ens", "max", 99) }, false,
			"power: ens max 100 kWh > 99 kWh over 100 trials (mean 50.5 ± 2.901 kWh)"},
		{"hours unit", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "loss_of_load_hours", "p50", 24) }, false,
			"power: loss_of_load_hours p50 30 h > 24 h over 100 trials (mean 30 ± 0 h)"},
		{"unknown statistic", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "ens", "p90", 1) }, false,
			`lifelinetest: RiskAtMost: unknown statistic "p90" (want mean, min, max, p5, p50, p95, p99, cvar95, ci95low or ci95high)`},
		{"unknown metric", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "lolp", "mean", 1) }, false,
			`lifelinetest: RiskAtMost: scenario: summary: unknown metric "lolp" (want one of ` + fmt.Sprint(sum.Metrics()) + `)`},
		{"no trials", func(t tb) bool { return lifelinetest.RiskAtMost(t, empty, "ens", "p95", 1) }, false,
			"power: ens p95: the summary has no trials"},
		{"nil summary", func(t tb) bool { return lifelinetest.RiskAtMost(t, nil, "ens", "p95", 1) }, false,
			"lifelinetest: RiskAtMost: nil summary"},
		{"NaN limit", func(t tb) bool { return lifelinetest.RiskAtMost(t, sum, "ens", "p95", math.NaN()) }, false,
			"power: ens p95: the limit is NaN"},

		{"p5 coverage passes", func(t tb) bool { return lifelinetest.RiskAtLeast(t, sum, "coverage", "p5", 0.0595) }, true, ""},
		{"p5 coverage fails", func(t tb) bool { return lifelinetest.RiskAtLeast(t, sum, "coverage", "p5", 0.1) }, false,
			"power: coverage p5 0.0595 < 0.1 over 100 trials (mean 0.505 ± 0.02901)"},
		{"cvar95 coverage is the low tail", func(t tb) bool { return lifelinetest.RiskAtLeast(t, sum, "coverage", "cvar95", 0.05) }, false,
			"power: coverage cvar95 0.03 < 0.05 over 100 trials (mean 0.505 ± 0.02901)"},

		{"LOLE passes", func(t tb) bool { return lifelinetest.LOLEAtMost(t, sum, 30) }, true, ""},
		{"LOLE fails", func(t tb) bool { return lifelinetest.LOLEAtMost(t, sum, 24) }, false,
			"power: LOLE 30 h > 24 h over a 168 h horizon (± 0 h; LOLP 0.1786; 100 trials)"},
		{"LOLE no trials", func(t tb) bool { return lifelinetest.LOLEAtMost(t, empty, 24) }, false,
			"power: LOLEAtMost: the summary has no trials"},
		{"LOLP passes", func(t tb) bool { return lifelinetest.LOLPAtMost(t, sum, 0.2) }, true, ""},
		{"LOLP fails", func(t tb) bool { return lifelinetest.LOLPAtMost(t, sum, 0.1) }, false,
			"power: LOLP 0.1786 > 0.1 (± 0; LOLE 30 h over a 168 h horizon; 100 trials)"},
		{"EUE passes", func(t tb) bool { return lifelinetest.EUEAtMost(t, sum, 50.5) }, true, ""},
		{"EUE fails", func(t tb) bool { return lifelinetest.EUEAtMost(t, sum, 40) }, false,
			"power: EUE 50.5 kWh > 40 kWh (± 2.901 kWh; 100 trials)"},
		{"EUE nil", func(t tb) bool { return lifelinetest.EUEAtMost(t, nil, 40) }, false,
			"lifelinetest: EUEAtMost: nil summary"},

		{"service risk passes", func(t tb) bool { return lifelinetest.ServiceRiskAtMost(t, sum, 0, 0.25) }, true, ""},
		{"service risk fails", func(t tb) bool { return lifelinetest.ServiceRiskAtMost(t, sum, 0, 0.05) }, false,
			"power: P(critical coverage < 0.95 for more than 12 h) = 0.25 > 0.05 (± 0.0433; 100 trials)"},
		{"service level out of range", func(t tb) bool { return lifelinetest.ServiceRiskAtMost(t, sum, 1, 0.05) }, false,
			"power: service level 1 out of range: the summary has 1"},
		{"service risk no trials", func(t tb) bool { return lifelinetest.ServiceRiskAtMost(t, empty, 0, 0.05) }, false,
			"power: P(critical coverage < 0.95 for more than 12 h): the summary has no trials"},
	})
}

// On a real study, the documented FaultScenario values pass with margin
// and tight limits fail.
func TestRiskAssertionsOnStudy(t *testing.T) {
	sum := lifelinetest.Study(t, lifelinetest.FaultScenario(t), 1, 400)
	if !lifelinetest.LOLPAtMost(t, sum, 0.25) || !lifelinetest.LOLEAtMost(t, sum, 40) ||
		!lifelinetest.EUEAtMost(t, sum, 40000) || !lifelinetest.ServiceRiskAtMost(t, sum, 0, 0.8) {
		t.Error("documented values should pass with margin")
	}
	rec := new(lifelinetest.Recorder)
	if lifelinetest.LOLPAtMost(rec, sum, 0.15) || lifelinetest.ServiceRiskAtMost(rec, sum, 0, 0.5) || len(rec.Messages) != 2 {
		t.Errorf("tight limits should fail twice, got %q", rec.Messages)
	}
}
