package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// outageDay is 12 hours in buckets of 2 h of a 100 kW source feeding a
// hospital (critical, 20 kW) and homes (residential, 60 kW, 600
// customers) whose feeder is out, in every trial, from 2.5 h to 6.25 h
// and from 9 h to 9.5 h: two events, 4.25 h in shortfall, 6 clock hours
// with a shortfall (2, 3, 4, 5, 6 and 9), 255 kWh unserved.
func outageDay(t testing.TB) *scenario.Scenario {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 20, Customers: 1})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Class: network.Residential, Demand: 60, Customers: 600})
	b.AddLink(network.Link{ID: "f-hospital", From: "src", To: "hospital"})
	b.AddLink(network.Link{ID: "f-homes", From: "src", To: "homes"})
	net, err := b.Build()
	require.NoError(t, err)
	return &scenario.Scenario{Name: "outage day", Horizon: 12, Resolution: 2,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Outages: []scenario.Outage{
			{Network: "power", Asset: "f-homes", At: 2.5, Duration: 3.75},
			{Network: "power", Asset: "f-homes", At: 9, Duration: 0.5},
		}}
}

// The hand-computed risk over time of outageDay: the same in every trial,
// so LOLP_t is exactly 0 or 1 and every standard error 0.
var (
	handShort    = []float64{0, 1.5, 2, 0.25, 0.5, 0} // h short per bucket
	handLOLP     = []float64{0, 1, 1, 1, 1, 0}        // LOLP_t
	handCoverage = []float64{1, 0.4375, 0.25, 0.90625, 0.8125, 1}
	handHomes    = []float64{1, 0.25, 0, 0.875, 0.75, 1} // residential coverage
)

// bandTol is the documented bound of a coverage band q read from the
// log-linear bins: max((1 − q)/64, 2^−20).
func bandTol(q float64) float64 { return math.Max((1-q)/64, 0x1p-20) }

func TestRiskTimelineHandCase(t *testing.T) {
	c, err := report.Compute(context.Background(), outageDay(t), report.Options{Seed: 3, Trials: 5})
	require.NoError(t, err)
	d := c.Document
	r := d.Risk
	require.NotNil(t, r.Timeline)
	require.NotNil(t, r.Shortfalls)
	tl := r.Timeline
	assert.Equal(t, []float64{0, 2, 4, 6, 8, 10}, tl.Start)
	assert.Equal(t, d.Networks[0].Timeline.Start, tl.Start, "the buckets of the networks' timelines")
	assert.Equal(t, handLOLP, tl.LOLP, "exactly 0 or 1")
	for b := range 6 {
		assert.Equal(t, 0.0, tl.LOLPStdErr[b])
		assert.InDelta(t, handShort[b], tl.ShortHours[b], 1e-12, "bucket %d", b)
		assert.InDelta(t, 60*handShort[b], tl.EUE[b], 1e-9, "bucket %d: 60 kW short", b)
		assert.Equal(t, 0.0, tl.EUEStdErr[b], "bucket %d", b)
		assert.Equal(t, 0.0, tl.ShortHoursStdErr[b], "bucket %d", b)
		for _, band := range [][]float64{tl.Coverage.P5, tl.Coverage.P50, tl.Coverage.P95} {
			assert.InDelta(t, handCoverage[b], band[b], bandTol(handCoverage[b]), "bucket %d", b)
		}
	}
	require.Len(t, tl.Classes, len(d.Networks[0].Classes), "every class, in rank order")
	for _, cb := range tl.Classes {
		want := []float64{1, 1, 1, 1, 1, 1}
		if cb.Class == string(network.Residential) {
			want = handHomes
		}
		for b := range 6 {
			for _, band := range [][]float64{cb.P5, cb.P50, cb.P95} {
				assert.InDelta(t, want[b], band[b], bandTol(want[b]), "class %s bucket %d", cb.Class, b)
			}
		}
	}
	assert.Nil(t, tl.ColdCustomers, "power")
	var eue float64
	for _, x := range tl.EUE {
		eue += x
	}
	assert.InDelta(t, r.EUE, eue, 1e-9, "EUE_t sums to EUE")

	s := r.Shortfalls
	assert.InDelta(t, 4.25, s.LOLEDuration, 1e-12)
	assert.Equal(t, r.LOLE, s.LOLEDuration, "lole_duration is lole")
	assert.Equal(t, 6.0, s.LOLEClockHours, "clock hours 2, 3, 4, 5, 6 and 9")
	assert.Equal(t, 2.0, s.Events)
	assert.Equal(t, 0.0, s.EventsStdErr)
	assert.Equal(t, 0.0, s.LOLEClockHoursStdErr)
	assert.InDelta(t, 4.25/2, float64(s.MeanEventDuration), 1e-12)
	assert.InDelta(t, 255.0/2, float64(s.MeanEventSize), 1e-9)

	// Text: the LOLE pair, named apart, and the events.
	var text bytes.Buffer
	require.NoError(t, report.WriteText(&text, d))
	for _, want := range []string{
		`\n  LOLE as time in shortfall +4\.25 h ± 0\.00 h with demand unserved, of 12\.00 h\n`,
		`\n  LOLE as clock hours with a shortfall +6\.000 ± 0 clock hours with any demand unserved, of 12\n`,
		`\n  Shortfall events +2\.000 ± 0 per trial; each 2\.12 h and 127\.5 kWh on average\n`,
	} {
		assert.Regexp(t, want, text.String())
	}
	// The order of the adequacy rows: LOLP, the two LOLEs, EUE, events.
	out := text.String()
	at := func(s string) int { i := strings.Index(out, s); require.GreaterOrEqual(t, i, 0, s); return i }
	assert.Less(t, at("Loss-of-load probability (LOLP)"), at("LOLE as time in shortfall"))
	assert.Less(t, at("LOLE as time in shortfall"), at("LOLE as clock hours"))
	assert.Less(t, at("LOLE as clock hours"), at("Expected unserved energy (EUE)"))
	assert.Less(t, at("Expected unserved energy (EUE)"), at("Shortfall events"))

	// The JSON round trip keeps every value, and the document is valid
	// against the schema and its page.
	var js bytes.Buffer
	require.NoError(t, report.WriteJSON(&js, d))
	checkSchema(t, "hand case", js.Bytes())
	back, err := report.ReadJSON(bytes.NewReader(js.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, d.Risk.Timeline, back.Risk.Timeline)
	assert.Equal(t, d.Risk.Shortfalls, back.Risk.Shortfalls)
	var js2 bytes.Buffer
	require.NoError(t, report.WriteJSON(&js2, back))
	assert.Equal(t, js.String(), js2.String())
}

// risk.csv of the hand case: the header, and each row's values as the
// hand computed them (bands within the bound of the bins) and as the
// document holds them.
func TestRiskCSV(t *testing.T) {
	sc := outageDay(t)
	c, err := report.Compute(context.Background(), sc, report.Options{Seed: 3, Trials: 5})
	require.NoError(t, err)
	d := c.Document
	var b bytes.Buffer
	require.NoError(t, report.WriteRiskCSV(&b, d))
	rows, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 7, "a header and one row per bucket")
	header := []string{"network", "start_hour", "end_hour", "start_time", "lolp", "lolp_stderr", "eue", "eue_stderr",
		"short_hours", "short_hours_stderr", "coverage_p5", "coverage_p50", "coverage_p95",
		"coverage_critical_p5", "coverage_critical_p50", "coverage_critical_p95",
		"coverage_residential_p5", "coverage_residential_p50", "coverage_residential_p95",
		"cold_customers_mean", "cold_customers_mean_stderr", "cold_customers_p5", "cold_customers_p50", "cold_customers_p95",
		"quantity_unit"}
	assert.Equal(t, header, rows[0], "the classes with consumers only")
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	number := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, s)
		return v
	}
	tl := d.Risk.Timeline
	for k, row := range rows[1:] {
		require.Len(t, row, len(header))
		assert.Equal(t, "power", row[0])
		assert.Equal(t, strconv.Itoa(2*k), row[col("start_hour")])
		assert.Equal(t, strconv.Itoa(2*k+2), row[col("end_hour")])
		assert.Empty(t, row[col("start_time")], "no start date")
		assert.Equal(t, strconv.Itoa(int(handLOLP[k])), row[col("lolp")])
		assert.Equal(t, "0", row[col("lolp_stderr")])
		assert.InDelta(t, 60*handShort[k], number(row[col("eue")]), 1e-9)
		assert.InDelta(t, handShort[k], number(row[col("short_hours")]), 1e-12)
		for _, p := range []string{"p5", "p50", "p95"} {
			assert.InDelta(t, handCoverage[k], number(row[col("coverage_"+p)]), bandTol(handCoverage[k]))
			assert.InDelta(t, handHomes[k], number(row[col("coverage_residential_"+p)]), bandTol(handHomes[k]))
		}
		assert.Equal(t, tl.Coverage.P50[k], number(row[col("coverage_p50")]), "the document's value, exactly")
		for _, name := range []string{"cold_customers_mean", "cold_customers_p50"} {
			assert.Empty(t, row[col(name)], "power")
		}
		assert.Equal(t, "kWh", row[col("quantity_unit")])
	}

	// A heat study with weather fills the cold columns; a dated scenario
	// the start times.
	h, err := report.Compute(context.Background(), mappedCity(t), report.Options{Seed: 1, Trials: 4, Network: "heat"})
	require.NoError(t, err)
	b.Reset()
	require.NoError(t, report.WriteRiskCSV(&b, h.Document))
	rows, err = csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	hdr := rows[0]
	idx := func(name string) int {
		for i, x := range hdr {
			if x == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, hdr)
		return -1
	}
	cold := h.Document.Risk.Timeline.ColdCustomers
	require.NotNil(t, cold)
	for k, row := range rows[1:] {
		assert.Equal(t, "heat", row[0])
		assert.Equal(t, cold.Mean[k], number(row[idx("cold_customers_mean")]))
		assert.Equal(t, cold.P95[k], number(row[idx("cold_customers_p95")]))
		assert.Equal(t, "kWh", row[len(row)-1])
	}
	assert.Equal(t, "2022-02-08T00:00:00+08:00", rows[1][idx("start_time")])

	// A single run has no risk over time.
	one, err := report.Compute(context.Background(), sc, report.Options{Seed: 3})
	require.NoError(t, err)
	assert.ErrorContains(t, report.WriteRiskCSV(&b, one.Document), "no risk over time")
	assert.Error(t, report.WriteRiskCSV(&b, nil))
}

// The charts of the risk over time: which apply, their series and axes.
func TestRiskCharts(t *testing.T) {
	c, err := report.Compute(context.Background(), outageDay(t), report.Options{Seed: 3, Trials: 5})
	require.NoError(t, err)
	cs, err := report.Charts(c.Document)
	require.NoError(t, err)
	byName := map[string]report.Chart{}
	var names []string
	for _, ch := range cs {
		byName[ch.Name] = ch
		names = append(names, ch.Name)
	}
	assert.Equal(t, []string{"power-coverage", "power-unserved", "power-ens-histogram", "power-ens-exceedance",
		"power-risk-coverage", "power-risk-lolp", "power-risk-unserved"}, names)

	fan := byName["power-risk-coverage"]
	assert.True(t, fan.Study)
	assert.Equal(t, "power", fan.Network)
	assert.Equal(t, "Coverage over 5 trials: power", fan.Title)
	assert.Equal(t, []string{"P5 to P95 of the trials", "median"}, fan.Series)
	assert.Equal(t, "coverage by volume (%)", fan.Plot.Y.Label.Text)
	// The lowest band is at 25 %: the axis runs from 8 % of the span
	// below it (25 − 6) to as far above 100 %.
	lo := 100 * c.Document.Risk.Timeline.Coverage.P5[2]
	assert.InDelta(t, 25, lo, 100*bandTol(0.25))
	assert.InDelta(t, lo-0.08*(100-lo), fan.Plot.Y.Min, 1e-9)
	assert.InDelta(t, 100+0.08*(100-lo), fan.Plot.Y.Max, 1e-9)
	assert.Equal(t, 0.0, fan.Plot.X.Min)
	assert.Equal(t, 12.0, fan.Plot.X.Max)
	assert.Equal(t, "hours from the start", fan.Plot.X.Label.Text)

	lolp := byName["power-risk-lolp"]
	assert.Equal(t, []string{"LOLP_t: P(any shortfall)", "expected share of time short"}, lolp.Series)
	assert.Equal(t, "per 2 h step (%)", lolp.Plot.Y.Label.Text)
	assert.Equal(t, 0.0, lolp.Plot.Y.Min)
	assert.Equal(t, 105.0, lolp.Plot.Y.Max, "LOLP_t reaches 100 %")

	un := byName["power-risk-unserved"]
	assert.Equal(t, []string{"95 % interval of the mean", "expected (EUE_t)"}, un.Series)
	assert.Equal(t, "unserved demand (kW, mean per 2 h step)", un.Plot.Y.Label.Text)
	// The worst bucket: 120 kWh in 2 h, a mean of 60 kW; no spread.
	assert.InDelta(t, 60*1.08, un.Plot.Y.Max, 1e-9)

	// Never short: the fan alone. A heat study with weather adds the
	// cold customers' fan.
	quiet := outageDay(t)
	quiet.Outages = nil
	q, err := report.Compute(context.Background(), quiet, report.Options{Seed: 3, Trials: 3})
	require.NoError(t, err)
	cs, err = report.Charts(q.Document)
	require.NoError(t, err)
	var study []string
	for _, ch := range cs {
		if strings.Contains(ch.Name, "-risk-") {
			study = append(study, ch.Name)
		}
	}
	assert.Equal(t, []string{"power-risk-coverage"}, study)

	h, err := report.Compute(context.Background(), mappedCity(t), report.Options{Seed: 1, Trials: 4, Network: "heat"})
	require.NoError(t, err)
	cs, err = report.Charts(h.Document)
	require.NoError(t, err)
	var cold *report.Chart
	for i := range cs {
		if cs[i].Name == "heat-risk-cold" {
			cold = &cs[i]
		}
	}
	require.NotNil(t, cold)
	assert.Equal(t, "Customers below 16 °C over 4 trials: heat", cold.Title)
	assert.Equal(t, []string{"P5 to P95 of the trials", "median", "mean"}, cold.Series)
	assert.Equal(t, 0.0, cold.Plot.Y.Min)
	top := 0.0
	for _, v := range h.Document.Risk.Timeline.ColdCustomers.P95 {
		top = math.Max(top, v)
	}
	for _, v := range h.Document.Risk.Timeline.ColdCustomers.Mean {
		top = math.Max(top, v)
	}
	require.Greater(t, top, 0.0, "the flats cool below 16 °C")
	assert.InDelta(t, 1.08*top, cold.Plot.Y.Max, 1e-9)
}

// The page draws the charts of the risk over time in its risk section.
func TestRiskChartsInPage(t *testing.T) {
	c, err := report.Compute(context.Background(), outageDay(t), report.Options{Seed: 3, Trials: 5})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, c.Document))
	page := b.String()
	risk := strings.Index(page, `<section id="risk">`)
	require.GreaterOrEqual(t, risk, 0)
	for _, name := range []string{"power-risk-coverage", "power-risk-lolp", "power-risk-unserved"} {
		i := strings.Index(page, `<figure class="chart" id="chart-`+name+`">`)
		assert.Greater(t, i, risk, "%s in the risk section", name)
	}
	assert.Contains(t, page, "LOLE as clock hours with a shortfall")
	assert.Contains(t, page, "Shortfall events")
}

// ReadJSON refuses a risk over time of the wrong length, out of range or
// with a class named twice, naming the key.
func TestReadJSONRiskTimeline(t *testing.T) {
	c, err := report.Compute(context.Background(), outageDay(t), report.Options{Seed: 3, Trials: 5})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		edit func(*report.RiskTimeline)
		want string
	}{
		{"short lolp", func(tl *report.RiskTimeline) { tl.LOLP = tl.LOLP[:5] }, "risk.timeline.lolp: 5 values; want one per bucket (6)"},
		{"lolp above 1", func(tl *report.RiskTimeline) { tl.LOLP[1] = 1.5 }, "risk.timeline.lolp[1]: 1.5; want 0 to 1"},
		{"negative eue", func(tl *report.RiskTimeline) { tl.EUE[2] = -1 }, "risk.timeline.eue[2]: -1"},
		{"starts", func(tl *report.RiskTimeline) { tl.Start[3] = 7 }, "risk.timeline.start[3]: 7 h, the networks' timelines start bucket 3 at 6 h"},
		{"buckets", func(tl *report.RiskTimeline) { tl.Start = tl.Start[:4] }, "risk.timeline.start: 4 buckets, the networks' timelines 6"},
		{"class twice", func(tl *report.RiskTimeline) { tl.Classes[1].Class = tl.Classes[0].Class }, `risk.timeline.classes[1].class: "critical" named twice`},
		{"class band", func(tl *report.RiskTimeline) { tl.Classes[0].P95 = nil }, "risk.timeline.classes[0].p95: 0 values"},
		{"short hours", func(tl *report.RiskTimeline) { tl.ShortHours[0] = 3 }, "risk.timeline.short_hours[0]: 3; want 0 to 2"},
	} {
		var b bytes.Buffer
		require.NoError(t, report.WriteJSON(&b, c.Document))
		d, err := report.ReadJSON(&b)
		require.NoError(t, err)
		tc.edit(d.Risk.Timeline)
		b.Reset()
		require.NoError(t, report.WriteJSON(&b, d))
		_, err = report.ReadJSON(&b)
		assert.ErrorContains(t, err, tc.want, tc.name)
	}
}
