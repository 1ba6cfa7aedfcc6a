package report_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// checkPNG decodes a PNG and checks its size and that it is not blank: it
// has several colours, and a fair share of pixels are not white.
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
	share := float64(nonWhite) / float64(b.Dx()*b.Dy())
	assert.Greater(t, share, 0.02, "%s: share of non-white pixels", name)
}

func checkSVG(t *testing.T, name string, data []byte) {
	t.Helper()
	s := string(data)
	assert.True(t, strings.HasPrefix(s, "<?xml") || strings.HasPrefix(s, "<svg"), "%s starts with %.20q", name, s)
	assert.Contains(t, s, "</svg>", name)
}

func TestCharts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	res := cityResult(t)
	paths, err := report.Charts(dir, res, handSummary(t))
	require.NoError(t, err)
	var names []string
	for _, p := range paths {
		assert.Equal(t, dir, filepath.Dir(p))
		names = append(names, filepath.Base(p))
	}
	var want []string
	for _, stem := range []string{"power-coverage", "power-unserved", "heat-coverage", "heat-unserved",
		"heat-indoor", "heat-cold", "water-coverage", "water-unserved", "crew-utilisation",
		"power-ens-histogram", "power-ens-exceedance"} {
		want = append(want, stem+".png", stem+".svg")
	}
	assert.Equal(t, want, names)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		switch filepath.Ext(p) {
		case ".png":
			checkPNG(t, filepath.Base(p), data)
		case ".svg":
			checkSVG(t, filepath.Base(p), data)
		}
	}
}

func TestChartsStudyOnly(t *testing.T) {
	_, sum := studyRun(t)
	paths, err := report.Charts(t.TempDir(), nil, sum, "png")
	require.NoError(t, err)
	require.Len(t, paths, 2)
	assert.Equal(t, "power-ens-histogram.png", filepath.Base(paths[0]))
	assert.Equal(t, "power-ens-exceedance.png", filepath.Base(paths[1]))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		checkPNG(t, p, data)
	}
}

func TestChartsErrors(t *testing.T) {
	res := cityResult(t)
	_, err := report.Charts(t.TempDir(), nil, nil)
	assert.Error(t, err)
	_, err = report.Charts(t.TempDir(), res, nil, "gif")
	assert.ErrorContains(t, err, `unknown image format "gif"`)
	_, err = report.IndoorChart(res, "power")
	assert.ErrorContains(t, err, "no indoor temperatures")
	_, err = report.CoverageChart(res, "gas")
	assert.ErrorContains(t, err, `no network "gas"`)
	_, err = report.CoverageChart(nil, "")
	assert.Error(t, err)
	_, err = report.HistogramChart(nil, scenario.MetricENS, 10)
	assert.Error(t, err)
	_, err = report.ExceedanceChart(handSummary(t), "nope")
	assert.Error(t, err)
	p, err := report.CrewChart(res)
	require.NoError(t, err)
	assert.Error(t, report.Render(&bytes.Buffer{}, p, "jpeg"))
}

// Each chart function gives a plot with a title and labelled axes with
// units, and renders to the same bytes twice.
func TestChartFunctions(t *testing.T) {
	res := cityResult(t)
	sum := handSummary(t)
	for name, tc := range map[string]struct {
		mk    func() (*plot.Plot, error)
		title string
		x, y  string
	}{
		"coverage": {func() (*plot.Plot, error) { return report.CoverageChart(res, "") },
			"Coverage by class: power (power)", "time since start (h)", "coverage by volume (%)"},
		"unserved": {func() (*plot.Plot, error) { return report.UnservedChart(res, "water") },
			"Unserved demand by zone: water (water)", "time since start (h)", "unserved demand (m³/h, mean per 1 h bucket)"},
		"crew": {func() (*plot.Plot, error) { return report.CrewChart(res) },
			"Crew utilisation", "time since start (h)", "busy share of available member-hours (%)"},
		"indoor": {func() (*plot.Plot, error) { return report.IndoorChart(res, "heat") },
			"Mean indoor temperature (customer-weighted): heat", "time since start (h)", "indoor temperature (°C)"},
		"cold": {func() (*plot.Plot, error) { return report.ColdCustomersChart(res, "heat") },
			"Customers below the cold threshold: heat", "time since start (h)", "customers (mean per bucket)"},
		"histogram": {func() (*plot.Plot, error) { return report.HistogramChart(sum, scenario.MetricENS, 0) },
			"Energy not supplied (ENS) of power: distribution over 20 trials", "Energy not supplied (ENS) (kWh)", "share of trials (%)"},
		"exceedance": {func() (*plot.Plot, error) { return report.ExceedanceChart(sum, scenario.MetricSAIDI) },
			"SAIDI of power: exceedance over 20 trials", "SAIDI (h/customer)", "share of trials at or above (%)"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // also exercises concurrent rendering
			p, err := tc.mk()
			require.NoError(t, err)
			assert.Equal(t, tc.title, p.Title.Text)
			assert.Equal(t, tc.x, p.X.Label.Text)
			assert.Equal(t, tc.y, p.Y.Label.Text)
			var a, b bytes.Buffer
			require.NoError(t, report.Render(&a, p, "png"))
			require.NoError(t, report.Render(&b, p, "png"))
			assert.Equal(t, a.Bytes(), b.Bytes(), "PNG not deterministic")
			checkPNG(t, name, a.Bytes())
			a.Reset()
			b.Reset()
			require.NoError(t, report.Render(&a, p, "svg"))
			require.NoError(t, report.Render(&b, p, "svg"))
			assert.Equal(t, a.String(), b.String(), "SVG not deterministic")
			checkSVG(t, name, a.Bytes())
		})
	}
}

// A metric on which every trial agrees (no crews: no wait) still draws a
// visible bar and a curve.
func TestChartsOneValue(t *testing.T) {
	_, sum := studyRun(t)
	st, err := sum.Stat(scenario.MetricMeanWait)
	require.NoError(t, err)
	require.Equal(t, st.Min, st.Max)
	for name, mk := range map[string]func() (*plot.Plot, error){
		"histogram":  func() (*plot.Plot, error) { return report.HistogramChart(sum, scenario.MetricMeanWait, 5) },
		"exceedance": func() (*plot.Plot, error) { return report.ExceedanceChart(sum, scenario.MetricMeanWait) },
	} {
		p, err := mk()
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, report.Render(&buf, p, "png"))
		checkPNG(t, name, buf.Bytes())
	}
}
