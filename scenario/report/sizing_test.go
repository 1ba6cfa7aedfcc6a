package report_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

func handSizing(t *testing.T) *scenario.SizingResult {
	risk, err := scenario.ParseTarget("critical below 95% for more than 24 h: at most 5%")
	require.NoError(t, err)
	ens, err := scenario.ParseTarget("ens: mean at most 20 MWh")
	require.NoError(t, err)
	est := func(v, lo, hi, l, u float64, verdict scenario.Verdict) scenario.TargetEstimate {
		return scenario.TargetEstimate{Estimate: v, CI95Low: lo, CI95High: hi, Lower: l, Upper: u, Verdict: verdict}
	}
	return &scenario.SizingResult{Scenario: "storm", Mode: scenario.SizeCopies, Team: "repair",
		Targets: []scenario.Target{risk, ens}, Min: 0, Max: 4, Confidence: 0.95, Seed: 3, Trials: 400,
		Found: true, Answer: 2, Confirmed: true, Monotone: true, LookAlpha: 0.05 / 16, TotalTrials: 350,
		Points: []scenario.SizingPoint{
			{Count: 0, Trials: 50, Verdict: scenario.Fails, Estimates: []scenario.TargetEstimate{
				est(0.9, 0.786, 0.957, 0.72, 0.97, scenario.Fails), est(850000, 700000, 1e6, 650000, 1.05e6, scenario.Fails)}},
			{Count: 1, Trials: 100, Verdict: scenario.Fails, Estimates: []scenario.TargetEstimate{
				est(0.2, 0.13, 0.29, 0.11, 0.31, scenario.Fails), est(25000, 22000, 28000, 21000, 29000, scenario.Fails)}},
			{Count: 2, Trials: 200, Verdict: scenario.Meets, Lean: true, Estimates: []scenario.TargetEstimate{
				est(0.005, 0.0009, 0.028, 0, 0.04, scenario.Meets), est(15000, 14000, 16000, 13500, 16500, scenario.Meets)}},
			{Count: 4, Trials: 50, Verdict: scenario.Meets, Lean: true, Estimates: []scenario.TargetEstimate{
				est(0, 0, 0.071, 0, 0.045, scenario.Meets), est(14000, 13000, 15000, 12500, 15500, scenario.Meets)}},
		}}
}

func TestWriteSizingText(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteSizingText(&b, handSizing(t)))
	got := b.String()
	for _, want := range []string{
		"Crew sizing of storm: teams like \"repair\", from 0 to 4; seed 3, confidence 95%\n",
		"  1. critical below 95% for more than 24 h: at most 5%\n  2. ens: mean at most 20 MWh\n",
		"Answer: 2 teams like \"repair\" meet every target; 1 team like \"repair\" fails (95% confidence).\n",
		"  count  trials  verdict  1: risk   95% interval    bound  2: mean (kWh)         95% interval      bound\n",
		"  0          50    fails    90.0%  78.6% … 95.7%  ≥ 72.0%        850,000  700,000 … 1,000,000  ≥ 650,000\n",
		"  2         200    meets     0.5%    0.1% … 2.8%   ≤ 4.0%         15,000      14,000 … 16,000   ≤ 16,500\n",
		"time the trials double, up to 400. A bound is one-sided at level 1 − 0.00313",
		"95% confidence. 350 trials were played in all.\n",
	} {
		assert.Contains(t, got, want)
	}
	if t.Failed() {
		t.Log("\n" + got)
	}

	r := handSizing(t)
	r.Found, r.Answer = false, 4
	b.Reset()
	require.NoError(t, report.WriteSizingText(&b, r))
	assert.Contains(t, b.String(), "Answer: no count up to 4 meets the targets: 4 teams like \"repair\" fails them (with 95% confidence).")
	r = handSizing(t)
	r.Confirmed, r.Monotone = false, false
	b.Reset()
	require.NoError(t, report.WriteSizingText(&b, r))
	assert.Contains(t, b.String(), "meet every target on the point estimates, but not every verdict the answer rests on was decided\nat 95% confidence after 400 trials")
	assert.Contains(t, b.String(), "Warning: the verdicts are not monotone")
}

func TestWriteSizingJSON(t *testing.T) {
	var b bytes.Buffer
	r := handSizing(t)
	r.Points[3].Estimates[0].Lower = math.Inf(-1)
	require.NoError(t, report.WriteSizingJSON(&b, r))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, "lifeline-sizing", doc["schema"])
	assert.Equal(t, "copies", doc["mode"])
	assert.Equal(t, []any{"critical below 95% for more than 24 h: at most 5%", "ens: mean at most 20 MWh"}, doc["targets"])
	assert.Equal(t, 2.0, doc["answer"])
	assert.Equal(t, true, doc["confirmed"])
	pts := doc["points"].([]any)
	require.Len(t, pts, 4)
	p2 := pts[2].(map[string]any)
	assert.Equal(t, "meets", p2["verdict"])
	e := p2["estimates"].([]any)[1].(map[string]any)
	assert.Equal(t, map[string]any{"estimate": 15000.0, "stderr": 0.0, "ci95": []any{14000.0, 16000.0}, "lower": 13500.0, "upper": 16500.0, "verdict": "meets"}, e)
	assert.Nil(t, pts[3].(map[string]any)["estimates"].([]any)[0].(map[string]any)["lower"])
}

func TestSizingChart(t *testing.T) {
	r := handSizing(t)
	p, err := report.SizingChart(r, 0)
	require.NoError(t, err)
	assert.Equal(t, "storm: critical below 95% for more than 24 h: at most 5%", p.Title.Text)
	assert.Equal(t, "P(critical below 95% for more than 24 h) (%)", p.Y.Label.Text)
	assert.Equal(t, "teams like repair", p.X.Label.Text)
	assert.Equal(t, -0.5, p.X.Min)
	assert.Equal(t, 4.5, p.X.Max)
	assert.Equal(t, 0.0, p.Y.Min, "a risk axis starts at 0")
	assert.Greater(t, p.Y.Max, 95.7)
	assert.Equal(t, []string{"0", "1", "2", "4"}, ticks(p, p.X))
	p, err = report.SizingChart(r, 1)
	require.NoError(t, err)
	assert.Equal(t, "mean ens (kWh)", p.Y.Label.Text)
	assert.Less(t, p.Y.Min, 13000.0)
	assert.Greater(t, p.Y.Max, 1e6)
	_, err = report.SizingChart(r, 2)
	assert.EqualError(t, err, "report: sizing chart: no target 2 (have 2)")

	dir := filepath.Join(t.TempDir(), "s")
	paths, err := report.SizingCharts(dir, r)
	require.NoError(t, err)
	assert.Len(t, paths, 4)
	data, err := os.ReadFile(paths[0])
	require.NoError(t, err)
	checkPNG(t, paths[0], data)
}

func TestSizingTextTeams(t *testing.T) {
	r := handSizing(t)
	r.Mode, r.Team, r.Teams = scenario.SizeTeams, "", []string{"er01", "er02", "er03"}
	r.Answer = 1
	r.Points[2].Count, r.Points[1].Count = 1, 0
	r.Points = r.Points[1:3]
	var b bytes.Buffer
	require.NoError(t, report.WriteSizingText(&b, r))
	assert.Contains(t, b.String(), "Crew sizing of storm: teams of er01, er02, er03, kept in that order, from 0 to 4")
	assert.Contains(t, b.String(), "Answer: the first of the 3 teams listed (er01) meets every target; none of the 3 teams listed fail (95% confidence).")
	r.Answer, r.Points[1].Count, r.Points[0].Count = 3, 3, 2
	b.Reset()
	require.NoError(t, report.WriteSizingText(&b, r))
	assert.Contains(t, b.String(), "Answer: the first 3 of the 3 teams listed (er01 to er03) meet every target; the first 2 of the 3 teams listed (er01 to er02) fail (95% confidence).")
}
