package report_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// handComparison is a comparison written out by hand: a heat network
// with one class and two zones, whose ENS fell from 12,345.6 to 10,000
// kWh (−2,345.6 ± 100), a coverage, a service risk that fell from 20% to
// 5%, and one crew metric.
func handComparison() *scenario.Comparison {
	diff := func(mean, se, lo, hi, p, better, worse, ind, vr float64) scenario.Difference {
		return scenario.Difference{Mean: mean, StdDev: se * 10, StdErr: se, CI95Low: lo, CI95High: hi, PBetter: p,
			ShareBetter: better, ShareWorse: worse, IndependentStdErr: ind, VarianceReduction: vr}
	}
	ens := func(b, p float64, d scenario.Difference) scenario.MetricComparison {
		return scenario.MetricComparison{Metric: "ens", Unit: "kWh", HigherIsWorse: true, N: 100,
			Base: scenario.Moments{Mean: b, StdErr: 50}, Plan: scenario.Moments{Mean: p, StdErr: 40}, Diff: d}
	}
	cov := func(b, p float64) scenario.MetricComparison {
		return scenario.MetricComparison{Metric: "coverage", Unit: "", N: 100,
			Base: scenario.Moments{Mean: b}, Plan: scenario.Moments{Mean: p},
			Diff: diff(p-b, 0.001, p-b-0.002, p-b+0.002, 0.99, 0.6, 0.1, 0.004, 4)}
	}
	saidi := scenario.MetricComparison{Metric: "saidi", Unit: "h/customer", HigherIsWorse: true, N: 100,
		Base: scenario.Moments{Mean: 2.5}, Plan: scenario.Moments{Mean: 2},
		Diff: diff(-0.5, 0.1, -0.7, -0.3, 1, 0.5, 0, 0.3, 9)}
	return &scenario.Comparison{Base: "before", Plan: "after", Seed: 7, Trials: 100, Horizon: 336,
		Notes: []string{`network "gas" is only in the plan`},
		Networks: []scenario.NetComparison{{
			ID: "heat", Kind: network.Heat, ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 24}},
			Total: scenario.ScopeComparison{Name: "heat", Consumers: 3, Customers: 1200, Metrics: []scenario.MetricComparison{
				ens(12345.6, 10000, diff(-2345.6, 100, -2544, -2147, 1, 0.9, 0.02, 700, 49)),
				cov(0.9876, 0.99),
				{Metric: "service_risk_0", Unit: "", HigherIsWorse: true, N: 100, Base: scenario.Moments{Mean: 0.2}, Plan: scenario.Moments{Mean: 0.05},
					Diff: diff(-0.15, 0.036, -0.22, -0.08, 0.9999, 0.15, 0, 0.045, math.Inf(1))},
			}},
			Classes: []scenario.ScopeComparison{
				{Name: "residential", Consumers: 3, Customers: 1200, Metrics: []scenario.MetricComparison{
					ens(12345.6, 10000, diff(-2345.6, 100, -2544, -2147, 1, 0.9, 0.02, 700, 49)), cov(0.9876, 0.99), saidi}},
				{Name: "critical", Consumers: 0, Metrics: []scenario.MetricComparison{ens(0, 0, diff(0, 0, 0, 0, 0.5, 0, 0, 0, math.NaN())), cov(1, 1), saidi}},
			},
			Zones: []scenario.ScopeComparison{
				{Name: "north", Consumers: 2, Customers: 700, Metrics: []scenario.MetricComparison{
					ens(10000, 9000, diff(-1000, 80, -1158.7, -841.3, 1, 0.8, 0.05, 400, 25)), cov(0.98, 0.985), saidi}},
				{Name: "south", Consumers: 1, Customers: 500, Metrics: []scenario.MetricComparison{
					ens(2345.6, 1000, diff(-1345.6, 60, -1464.6, -1226.6, 1, 0.7, 0, 300, 25)), cov(0.99, 0.995), saidi}},
			},
		}},
		Crew: scenario.ScopeComparison{Name: "crew", Metrics: []scenario.MetricComparison{
			{Metric: "mean_wait", Unit: "h", HigherIsWorse: true, N: 100, Base: scenario.Moments{Mean: 3.456}, Plan: scenario.Moments{Mean: 1.2},
				Diff: diff(-2.256, 0.1, -2.454, -2.058, 1, 0.98, 0.01, 0.12, 1.44)},
		}},
	}
}

func TestWriteComparisonText(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteComparisonText(&b, handComparison()))
	got := b.String()
	for _, want := range []string{
		`Plan "after" against base "before": 100 paired trials, seed 7, horizon 336 h`,
		"Network heat (heat, kWh)\n------------------------\n",
		"  energy not supplied (ENS)      kWh  12,346  10,000   −2,346 kWh  −2,544 … −2,147      1.000   90% / 2%  49.0\n",
		"  coverage by volume (PCS)         %   98.76   99.00     +0.24 pp      0.04 … 0.44      0.990  60% / 10%   4.0\n",
		"  P(critical below 95% > 24 h)     %   20.00    5.00    −15.00 pp   −22.00 … −8.00      1.000   15% / 0%     ∞\n",
		// Classes with consumers only: no "critical" row.
		"  residential      1,200          12,346          10,000       −2,346  −2,544 … −2,147      1.000  49.0          +0.24      −0.50\n",
		"  south        500           2,346           1,000       −1,346  −1,465 … −1,227      1.000  25.0          +0.50      −0.50\n",
		"  mean wait for a crew     h  3.46  1.20      −2.26 h  −2.45 … −2.06      1.000  98% / 1%  1.4\n",
		"Not compared\n------------\n  network \"gas\" is only in the plan\n",
	} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "  critical ")
	var again bytes.Buffer
	require.NoError(t, report.WriteComparisonText(&again, handComparison()))
	assert.Equal(t, got, again.String(), "deterministic")
	assert.Error(t, report.WriteComparisonText(&b, nil))
	if t.Failed() {
		t.Log("\n" + got)
	}
}

func TestWriteComparisonJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteComparisonJSON(&b, handComparison()))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, "lifeline-compare", doc["schema"])
	assert.Equal(t, 1.0, doc["version"])
	assert.Equal(t, "before", doc["base"])
	assert.Equal(t, 100.0, doc["trials"])
	metrics := doc["metrics"].(map[string]any)
	assert.Equal(t, map[string]any{"unit": "kWh", "higher_is_worse": true}, metrics["ens"])
	nets := doc["networks"].([]any)
	require.Len(t, nets, 1)
	n := nets[0].(map[string]any)
	assert.Equal(t, "kWh", n["quantity_unit"])
	total := n["total"].(map[string]any)
	d := total["diff"].(map[string]any)["ens"].(map[string]any)
	assert.Equal(t, -2345.6, d["mean"])
	assert.Equal(t, 100.0, d["stderr"])
	assert.Equal(t, []any{-2544.0, -2147.0}, d["ci95"])
	assert.Equal(t, 1.0, d["p_better"])
	assert.Equal(t, 700.0, d["independent_stderr"])
	vr := total["variance_reduction"].(map[string]any)
	assert.Equal(t, 49.0, vr["ens"])
	assert.Nil(t, vr["service_risk_0"], "an infinite variance reduction is null")
	assert.Contains(t, vr, "service_risk_0")
	assert.Equal(t, map[string]any{"mean": 12345.6, "stderr": 50.0}, total["base"].(map[string]any)["ens"])
	classes := n["classes"].([]any)
	assert.Len(t, classes, 2, "every class, with consumers or not")
	assert.Nil(t, classes[1].(map[string]any)["variance_reduction"].(map[string]any)["ens"])
	assert.Equal(t, []any{`network "gas" is only in the plan`}, doc["notes"])
	crew := doc["crew"].(map[string]any)
	assert.Equal(t, 1.44, crew["variance_reduction"].(map[string]any)["mean_wait"])
}

func ticks(p *plot.Plot, a plot.Axis) []string {
	var out []string
	for _, tk := range a.Tick.Marker.Ticks(a.Min, a.Max) {
		if tk.Label != "" {
			out = append(out, tk.Label)
		}
	}
	return out
}

func TestComparisonCharts(t *testing.T) {
	c := handComparison()
	p, err := report.EffectChart(c, "")
	require.NoError(t, err)
	// ENS −19.0% [−20.6, −17.4] on top, the service risk −75% [−110,
	// −40] below; coverage is not among the effects.
	assert.Equal(t, []string{"energy not supplied (ENS)", "P(critical below 95% > 24 h)"}, ticks(p, p.Y))
	assert.Less(t, p.X.Min, -110.0)
	assert.Greater(t, p.X.Max, 0.0, "the zero line is in view")
	assert.Equal(t, "heat: plan against base, 100 paired trials", p.Title.Text)

	p, err = report.ZoneChart(c, "heat")
	require.NoError(t, err)
	assert.Equal(t, []string{"south", "north"}, ticks(p, p.Y), "largest change first, at the top")
	assert.Less(t, p.X.Min, -1464.6)

	_, err = report.PairsChart(c, "heat", "ens")
	assert.EqualError(t, err, "report: pairs chart: no trials")
	c.Networks[0].Total.Metrics[0].BaseValues = []float64{100, 200, 300}
	c.Networks[0].Total.Metrics[0].PlanValues = []float64{90, 210, 150}
	p, err = report.PairsChart(c, "heat", "ens")
	require.NoError(t, err)
	assert.Equal(t, p.X.Min, p.Y.Min)
	assert.InDelta(t, 90-10.5, p.X.Min, 1e-9)
	assert.InDelta(t, 300+10.5, p.X.Max, 1e-9)
	_, err = report.EffectChart(c, "gas")
	assert.EqualError(t, err, `report: the comparison has no network "gas"`)

	dir := filepath.Join(t.TempDir(), "cmp")
	paths, err := report.ComparisonCharts(dir, c)
	require.NoError(t, err)
	var names []string
	for _, path := range paths {
		names = append(names, filepath.Base(path))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		if strings.HasSuffix(path, ".png") {
			checkPNG(t, path, data)
		} else {
			checkSVG(t, path, data)
		}
	}
	assert.Equal(t, []string{"heat-compare-effect.png", "heat-compare-effect.svg", "heat-compare-ens.png", "heat-compare-ens.svg",
		"heat-compare-zones.png", "heat-compare-zones.svg"}, names)
}

// A comparison played by scenario.Compare renders: identical variants
// show zero differences throughout.
func TestComparisonOfIdenticalVariants(t *testing.T) {
	sc := cityScenario(t)
	p, err := sc.Compile()
	require.NoError(t, err)
	c, err := scenario.Compare(t.Context(), p, p, scenario.CompareOptions{Trials: 3})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, report.WriteComparisonText(&b, c))
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, "…") {
			assert.Regexp(t, `\s0(\.00)? … 0(\.00)?\s+0\.500\s`, line)
		}
	}
}

// checkPNG asserts that data is a PNG of the report's size with a drawing
// on it: several colours and more than 2 % of the pixels not white.
func checkPNG(t *testing.T, name string, data []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err, name)
	assert.Equal(t, image.Rect(0, 0, report.PixelWidth, report.PixelHeight), img.Bounds(), name)
	colours := map[color.RGBA]bool{}
	nonWhite := 0
	b := img.Bounds()
	white := color.RGBA{R: 255, G: 255, B: 255, A: 255}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if c != white {
				nonWhite++
				if len(colours) < 1000 {
					colours[c] = true
				}
			}
		}
	}
	colours[white] = true
	assert.Greater(t, len(colours), 8, "%s: distinct colours", name)
	assert.Greater(t, float64(nonWhite)/float64(b.Dx()*b.Dy()), 0.02, "%s: share of non-white pixels", name)
}

// checkSVG asserts that data is an SVG document.
func checkSVG(t *testing.T, name string, data []byte) {
	t.Helper()
	s := string(data)
	assert.True(t, strings.HasPrefix(s, "<?xml") || strings.HasPrefix(s, "<svg"), "%s starts with %.20q", name, s)
	assert.Contains(t, s, "</svg>", name)
}
