package report_test

import (
	"bytes"
	"fmt"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// zonedCity is a power network of twelve zones z0…z11, zone i holding
// one consumer of 1,000·(i+1) kW, all fed by one source that is out from
// 2 h to 6 h of a 12 h run starting 10 Mar 2022 00:00 +08:00: zone i
// goes without 4,000·(i+1) kWh, 78 MW in all during the outage.
func zonedCity(t testing.TB) *scenario.Scenario {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100_000})
	for i := range 12 {
		z := fmt.Sprintf("z%d", i)
		b.AddZone(network.Zone{ID: z})
		id := "c" + z
		b.AddNode(network.Node{ID: id, Role: network.Consumer, Class: network.Residential, Demand: 1000 * float64(i+1),
			Customers: 100, Zone: z})
		b.AddLink(network.Link{ID: "l" + z, From: "src", To: id})
	}
	net, err := b.Build()
	require.NoError(t, err)
	return &scenario.Scenario{
		Name:      "twelve zones",
		Horizon:   12,
		Start:     time.Date(2022, 3, 10, 0, 0, 0, 0, time.FixedZone("", 8*3600)),
		Currency:  "CNY",
		Utilities: []scenario.Utility{{ID: "grid", Net: net}},
		Outages:   []scenario.Outage{{Network: "grid", Asset: "src", At: 2, Duration: 4}},
	}
}

func chartsOf(t testing.TB, d *report.Document) map[string]report.Chart {
	t.Helper()
	cs, err := report.Charts(d)
	require.NoError(t, err)
	out := map[string]report.Chart{}
	for _, c := range cs {
		out[c.Name] = c
	}
	return out
}

func tickLabels(a plot.Axis) []string {
	var out []string
	for _, tk := range a.Tick.Marker.Ticks(a.Min, a.Max) {
		if tk.Label != "" {
			out = append(out, tk.Label)
		}
	}
	return out
}

// At most eight zones are drawn: the seven with the most unserved, largest
// first, and the other five summed.
func TestUnservedChartGroupsZones(t *testing.T) {
	d := compute(t, zonedCity(t), 1)
	cs := chartsOf(t, d)
	c, ok := cs["grid-unserved"]
	require.True(t, ok)
	assert.Equal(t, []string{"zone z11", "zone z10", "zone z9", "zone z8", "zone z7", "zone z6", "zone z5", "other zones (5)"}, c.Series)
	assert.LessOrEqual(t, len(c.Series), report.MaxSeries)
	// 78 MW unserved at once: the axis is in MW, from 0 to 8 % above it.
	assert.Equal(t, "unserved demand (MW, mean per 1 h step)", c.Plot.Y.Label.Text)
	assert.Equal(t, 0.0, c.Plot.Y.Min)
	assert.InDelta(t, 78*1.08, c.Plot.Y.Max, 1e-9)
	assert.Equal(t, []string{"0", "20", "40", "60", "80"}, tickLabels(c.Plot.Y))
	// The x axis is the run on the calendar.
	assert.Equal(t, 0.0, c.Plot.X.Min)
	assert.Equal(t, 12.0, c.Plot.X.Max)
	assert.Equal(t, "date and time (UTC+08:00)", c.Plot.X.Label.Text)
	assert.Equal(t, []string{"10 Mar", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00"}, tickLabels(c.Plot.X))
	assert.Equal(t, "Unserved demand by zone: grid (power)", c.Title)

	// The coverage axis fits the lowest coverage, 0 %, here.
	cov := cs["grid-coverage"]
	assert.Equal(t, []string{"residential", "all consumers"}, cov.Series)
	assert.Equal(t, 0.0, cov.Plot.Y.Min)
	assert.InDelta(t, 108, cov.Plot.Y.Max, 1e-9)
}

// A coverage axis is fitted to the data: a network that never falls below
// 97 % is not drawn on a 0–100 % axis.
func TestCoverageAxisFitted(t *testing.T) {
	sc := zonedCity(t)
	// Instead of an outage, a cut of the source to 97 % of the demand.
	sc.Outages = nil
	sc.Cuts = []scenario.SupplyCut{{Network: "grid", Asset: "src", From: 2, To: 6, Scale: 0.97 * 78_000 / 100_000}}
	d := compute(t, sc, 1)
	c := chartsOf(t, d)["grid-coverage"]
	lo := 97.0
	assert.InDelta(t, lo-(100-lo)*0.08, c.Plot.Y.Min, 1e-6)
	assert.InDelta(t, 100+(100-lo)*0.08, c.Plot.Y.Max, 1e-6)
	assert.Greater(t, c.Plot.Y.Min, 90.0)
	for _, l := range tickLabels(c.Plot.Y) {
		assert.Regexp(t, `^\d+(\.\d)?$`, l)
	}
}

// The charts of cityScenario: one per network and figure that applies, a
// storage level per storage, temperature beside heat, the crews.
func TestChartsOfCity(t *testing.T) {
	d := compute(t, mappedCity(t), 1)
	cs, err := report.Charts(d)
	require.NoError(t, err)
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"power-coverage", "power-unserved", "heat-coverage", "heat-unserved", "heat-temperature",
		"heat-cold", "water-coverage", "water-unserved", "water-storage-tank", "crew-utilisation"}, names)
	by := chartsOf(t, d)

	temp := by["heat-temperature"]
	assert.Equal(t, []string{"mean indoor", "outdoor", "cold threshold 16 °C"}, temp.Series)
	// Outdoors −10 °C, indoors from 18 °C down to 14.1 °C.
	assert.Equal(t, -11.0, temp.Plot.Y.Min)
	assert.Equal(t, 19.0, temp.Plot.Y.Max)
	assert.Equal(t, "temperature (°C)", temp.Plot.Y.Label.Text)

	st := by["water-storage-tank"]
	assert.Equal(t, []string{"level", "capacity"}, st.Series)
	assert.Equal(t, "level (m³)", st.Plot.Y.Label.Text)
	assert.InDelta(t, 30*1.08, st.Plot.Y.Max, 1e-9) // the capacity, 30 m³, is the highest
	assert.Equal(t, "Level of storage tank: water", st.Title)

	cold := by["heat-cold"]
	assert.InDelta(t, 50*1.08, cold.Plot.Y.Max, 1e-9) // 50 customers at most

	crew := by["crew-utilisation"]
	assert.Equal(t, []string{"all crews (1 team)"}, crew.Series)
	assert.InDelta(t, 27, crew.Plot.Y.Max, 1e-9) // 25 % at most, 8 % more
	// On the calendar from 8 Feb 2022.
	assert.Equal(t, "8 Feb", tickLabels(crew.Plot.X)[0])
}

// No title repeats a word ("heat (heat)"), and none has more than eight
// series.
func TestChartTitlesAndSeries(t *testing.T) {
	for _, d := range []*report.Document{compute(t, mappedCity(t), 6), compute(t, zonedCity(t), 1)} {
		cs, err := report.Charts(d)
		require.NoError(t, err)
		for _, c := range cs {
			seen := map[string]bool{}
			for _, w := range regexp.MustCompile(`[\pL\d-]+`).FindAllString(strings.ToLower(c.Title), -1) {
				if len(w) > 3 {
					assert.False(t, seen[w], "%s: %q repeats %q", c.Name, c.Title, w)
					seen[w] = true
				}
			}
			assert.LessOrEqual(t, len(c.Series), report.MaxSeries+1, c.Name) // +1: the total line of coverage
			assert.NotEmpty(t, c.Plot.X.Label.Text, c.Name)
			assert.NotEmpty(t, c.Plot.Y.Label.Text, c.Name)
			assert.Less(t, c.Plot.Y.Min, c.Plot.Y.Max, c.Name)
		}
	}
}

// The charts of a study: the distribution of the energy not supplied,
// with its mean and P95 in the legend in a unit that suits them.
func TestStudyCharts(t *testing.T) {
	d := compute(t, zonedCity(t), 4)
	by := chartsOf(t, d)
	h, ok := by["grid-ens-histogram"]
	require.True(t, ok)
	assert.True(t, h.Study)
	// Every trial loses 4 h × 78 MW = 312 MWh.
	assert.Equal(t, []string{"trials", "mean 312.0 MWh", "P95 312.0 MWh"}, h.Series)
	assert.Equal(t, "Energy not supplied (MWh)", h.Plot.X.Label.Text)
	assert.Less(t, h.Plot.X.Min, 312.0)
	assert.Greater(t, h.Plot.X.Max, 312.0)
	assert.Equal(t, "Energy not supplied over 4 trials: grid (power)", h.Title)
	ex := by["grid-ens-exceedance"]
	assert.Equal(t, []string{"P(X ≥ x)"}, ex.Series)
	assert.Equal(t, 0.0, ex.Plot.Y.Min)
	assert.Equal(t, 102.0, ex.Plot.Y.Max)
}

// PNG and SVG: the fixed size, the same bytes twice.
func TestRender(t *testing.T) {
	d := compute(t, mappedCity(t), 1)
	cs, err := report.Charts(d)
	require.NoError(t, err)
	c := cs[0]
	var a, b bytes.Buffer
	require.NoError(t, report.Render(&a, c.Plot, "png"))
	img, err := png.Decode(bytes.NewReader(a.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, report.PixelWidth, img.Bounds().Dx())
	assert.Equal(t, report.PixelHeight, img.Bounds().Dy())
	cs2, err := report.Charts(d)
	require.NoError(t, err)
	require.NoError(t, report.Render(&b, cs2[0].Plot, "png"))
	assert.True(t, bytes.Equal(a.Bytes(), b.Bytes()), "PNG not deterministic")
	a.Reset()
	require.NoError(t, report.Render(&a, c.Plot, "svg"))
	assert.Contains(t, a.String(), "<svg")
	assert.Contains(t, a.String(), "Coverage by class: power")
	assert.ErrorContains(t, report.Render(&a, c.Plot, "gif"), `unknown image format "gif"`)
}
