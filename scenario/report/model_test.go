package report_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// mappedCity is cityScenario with coordinates on the power network (in
// degrees, around 127.5° E, 50.25° N), a start date and a currency.
func mappedCity(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc := cityScenario(t)
	pb := network.NewBuilder(network.Power)
	pb.AddZone(network.Zone{ID: "north"})
	pb.AddZone(network.Zone{ID: "south"})
	pb.AddZone(network.Zone{ID: "depot"})
	pb.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100, Zone: "north", Coord: &network.Coord{X: 127.50, Y: 50.25}})
	pb.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 20, Customers: 1, Zone: "north",
		Coord: &network.Coord{X: 127.52, Y: 50.25}})
	pb.AddNode(network.Node{ID: "homes", Role: network.Consumer, Class: network.Residential, Demand: 50, Customers: 10, Zone: "south",
		Coord: &network.Coord{X: 127.50, Y: 50.23}})
	pb.AddLink(network.Link{ID: "f-hospital", From: "src", To: "hospital"})
	pb.AddLink(network.Link{ID: "line", From: "src", To: "homes", Capacity: 80})
	power, err := pb.Build()
	require.NoError(t, err)
	sc.Utilities[0].Net = power
	sc.Start = time.Date(2022, 2, 8, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	sc.Currency = "CNY"
	return sc
}

func compute(t testing.TB, sc *scenario.Scenario, trials int) *report.Document {
	t.Helper()
	c, err := report.Compute(context.Background(), sc, report.Options{Seed: 1, Trials: trials, Workers: 2})
	require.NoError(t, err)
	return c.Document
}

func netOf(t testing.TB, d *report.Document, id string) *report.Network {
	t.Helper()
	for i := range d.Networks {
		if d.Networks[i].ID == id {
			return &d.Networks[i]
		}
	}
	t.Fatalf("no network %q", id)
	return nil
}

func groupOf(t testing.TB, gs []report.Group, name string) report.Group {
	t.Helper()
	for _, g := range gs {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group %q", name)
	return report.Group{}
}

// The document of cityScenario holds the figures computed by hand in
// its comment.
func TestNewHandComputed(t *testing.T) {
	d := compute(t, mappedCity(t), 1)
	assert.Equal(t, report.Schema, d.Schema)
	assert.Equal(t, report.Version, d.Version)
	assert.Equal(t, "2022-02-08T00:00:00+08:00", d.Start)
	assert.Equal(t, "CNY", d.Currency)
	assert.Equal(t, 1, d.Trials)
	assert.Nil(t, d.Risk)
	require.NotNil(t, d.Timings)

	p := netOf(t, d, "power")
	assert.InDelta(t, 840, p.Total.Demand, 1e-9) // 70 kW × 12 h
	assert.InDelta(t, 200, p.Total.ENS, 1e-9)    // homes 50 kW × 4 h
	assert.InDelta(t, 10.0/11, p.Total.SAIFI, 1e-12)
	assert.InDelta(t, 40.0/11, p.Total.SAIDI, 1e-12)
	assert.InDelta(t, 4, p.Total.CAIDI, 1e-12)
	assert.Equal(t, "2000", p.Total.ValueLost)
	assert.Equal(t, "critical", p.CriticalClass)
	assert.InDelta(t, 200, groupOf(t, p.Zones, "south").ENS, 1e-9)
	assert.InDelta(t, 0, groupOf(t, p.Zones, "north").ENS, 1e-9)
	assert.Nil(t, p.Heat, "no cold customers for power")
	// The worst hour is the first of the four with the homes off.
	require.NotNil(t, p.Worst)
	assert.Equal(t, report.Worst{Bucket: 2, Start: 2, Short: true, Unserved: 50, Demand: 70}, *p.Worst)

	// The tank of 25 m³ feeds 8 m³/h: levels at the bucket edges 25, 17,
	// 9, 1, then empty; dry at 25/8 h.
	w := netOf(t, d, "water")
	require.Len(t, w.Storage, 1)
	s := w.Storage[0]
	assert.Equal(t, "tank", s.ID)
	assert.InDelta(t, 3.125, s.DryAt, 1e-9)
	assert.Equal(t, 30.0, s.MaxLevel)
	require.Len(t, s.Levels, 13)
	for e, want := range []float64{25, 17, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0} {
		assert.InDelta(t, want, s.Levels[e], 1e-9, "level at %d h", e)
	}
	assert.Nil(t, w.Map, "no coordinates, no map")

	h := netOf(t, d, "heat")
	require.NotNil(t, h.Heat)
	assert.Equal(t, 50, h.Heat.PeakColdCustomers)
	assert.Len(t, d.Outdoor, 12)
	assert.Equal(t, -10.0, d.Outdoor[5])

	assert.Equal(t, 1, d.Crew.Teams)
	assert.Equal(t, 4, d.Crew.Members)
	assert.InDelta(t, d.Crew.BusyHours/d.Crew.AvailableHours, d.Crew.Utilisation, 1e-12)
}

// The map of the power network holds, per asset, the figures of the worst
// hour (the homes off) and of the run, computed by hand.
func TestNewMap(t *testing.T) {
	d := compute(t, mappedCity(t), 1)
	p := netOf(t, d, "power")
	require.NotNil(t, p.Map)
	net, err := network.DecodeJSON(bytes.NewReader(p.Map.Network), "map")
	require.NoError(t, err)
	col := func(cols []report.Column, name string) report.Floats {
		for _, c := range cols {
			if c.Name == name {
				return c.Values
			}
		}
		t.Fatalf("no column %q", name)
		return nil
	}
	node := func(cols []report.Column, name, id string) float64 {
		v, ok := net.NodeIndex(id)
		require.True(t, ok, id)
		return col(cols, name)[v]
	}
	link := func(cols []report.Column, name, id string) float64 {
		l, ok := net.LinkIndex(id)
		require.True(t, ok, id)
		return col(cols, name)[l]
	}
	N, L := p.Map.Nodes, p.Map.Links
	assert.InDelta(t, 0, node(N, "served_worst", "homes"), 1e-9)
	assert.InDelta(t, 0, node(N, "coverage_worst", "homes"), 1e-9)
	assert.InDelta(t, 20, node(N, "served_worst", "hospital"), 1e-9)
	assert.InDelta(t, 1, node(N, "coverage_worst", "hospital"), 1e-9)
	assert.InDelta(t, 0.2, node(N, "loading_worst", "src"), 1e-9)    // 20 of 100 kW
	assert.InDelta(t, 400.0/12, node(N, "served", "homes"), 1e-9)    // 400 kWh over 12 h
	assert.InDelta(t, 2.0/3, node(N, "coverage", "homes"), 1e-9)     // 400 of 600 kWh
	assert.InDelta(t, 640.0/12/100, node(N, "loading", "src"), 1e-9) // mean output over capacity
	assert.InDelta(t, 0.7, node(N, "loading_peak", "src"), 1e-9)     // 70 of 100 kW
	assert.True(t, math.IsNaN(node(N, "coverage", "src")), "coverage applies to consumers only")
	assert.True(t, math.IsNaN(node(N, "loading", "homes")), "loading applies to sources, storage and stations")
	assert.InDelta(t, 0, link(L, "flow_worst", "line"), 1e-9)
	assert.InDelta(t, 20, link(L, "flow_worst", "f-hospital"), 1e-9)
	assert.InDelta(t, 400.0/12/80, link(L, "loading", "line"), 1e-9)
	assert.InDelta(t, 50.0/80, link(L, "loading_peak", "line"), 1e-9)
	assert.True(t, math.IsNaN(link(L, "loading", "f-hospital")), "an unlimited link has no loading")

	// The GeoJSON of the map carries the same figures.
	var buf bytes.Buffer
	require.NoError(t, report.WriteGeoJSON(&buf, d, "power"))
	gj := buf.String()
	assert.Contains(t, gj, `"type":"FeatureCollection"`)
	assert.Contains(t, gj, `"coverage_worst":0`)
	assert.Contains(t, gj, `"loading_peak":0.7`)
	assert.ErrorContains(t, report.WriteGeoJSON(&buf, d, "water"), `network "water" has no map`)
	assert.ErrorContains(t, report.WriteGeoJSON(&buf, d, "gas"), `no network "gas"`)
}

// A study adds the risk; the figures by network stay those of trial 0.
func TestNewStudy(t *testing.T) {
	one := compute(t, mappedCity(t), 1)
	d := compute(t, mappedCity(t), 6)
	assert.Equal(t, 6, d.Trials)
	require.NotNil(t, d.Risk)
	assert.Equal(t, "power", d.Risk.Network)
	assert.Equal(t, 6, d.Risk.Trials)
	one.Timings, d.Timings = nil, nil
	assert.Equal(t, one.Networks[0].Total, d.Networks[0].Total)
	// The scenario has no random parts: every trial is trial 0.
	assert.InDelta(t, 200, d.Risk.Mean, 1e-9)
	assert.InDelta(t, 0, d.Risk.StdErr, 1e-9)
	assert.InDelta(t, 4.0/12, d.Risk.LOLP, 1e-9)
	assert.InDelta(t, 4, d.Risk.LOLE, 1e-9)
	assert.InDelta(t, 200, d.Risk.EUE, 1e-9)
	ens := d.Risk.Distributions["ens"]
	require.NotEmpty(t, ens.Exceedance)
	assert.Equal(t, report.Point{Value: 200, P: 1}, ens.Exceedance[0])
	var share float64
	for _, b := range ens.Histogram {
		share += b.Share
	}
	assert.InDelta(t, 1, share, 1e-12)
	st := d.Risk.Metrics["saidi"]
	assert.Equal(t, 6, st.N)
	assert.InDelta(t, 40.0/11, st.Mean, 1e-12)
	assert.Equal(t, "h/customer", st.Unit)
}

func TestComputeErrors(t *testing.T) {
	_, err := report.Compute(context.Background(), nil, report.Options{})
	assert.Error(t, err)
	_, err = report.Compute(context.Background(), cityScenario(t), report.Options{Network: "gas"})
	assert.ErrorContains(t, err, `network "gas": not in the scenario (have power, heat, water)`)
	_, err = report.Compute(context.Background(), cityScenario(t), report.Options{Trials: -1})
	assert.ErrorContains(t, err, "trials")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = report.Compute(ctx, cityScenario(t), report.Options{Trials: 50})
	assert.ErrorIs(t, err, context.Canceled)

	_, err = report.New(report.Input{Scenario: cityScenario(t)})
	assert.Error(t, err)
	res := cityResult(t)
	_, err = report.New(report.Input{Scenario: cityScenario(t), Result: res, Network: "gas"})
	assert.ErrorContains(t, err, `no network "gas"`)
	small := cityScenario(t)
	small.Utilities = small.Utilities[:1]
	_, err = report.New(report.Input{Scenario: small, Result: res})
	assert.ErrorContains(t, err, "the result has 3 networks, the scenario 1")
}

// JSON round trip: what WriteJSON writes, ReadJSON reads back to a
// document that writes the same bytes and the same text.
func TestJSONRoundTrip(t *testing.T) {
	for _, trials := range []int{1, 5} {
		d := compute(t, mappedCity(t), trials)
		var a bytes.Buffer
		require.NoError(t, report.WriteJSON(&a, d))
		back, err := report.ReadJSON(bytes.NewReader(a.Bytes()))
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, report.WriteJSON(&b, back))
		assert.Equal(t, a.String(), b.String())
		var ta, tb bytes.Buffer
		require.NoError(t, report.WriteText(&ta, d))
		require.NoError(t, report.WriteText(&tb, back))
		assert.Equal(t, ta.String(), tb.String())
		// NaN in map columns (the coverage of the source) is null in
		// JSON and reads back as NaN.
		p := netOf(t, back, "power")
		require.NotNil(t, p.Map)
		require.Equal(t, "coverage_worst", p.Map.Nodes[1].Name)
		assert.True(t, math.IsNaN(p.Map.Nodes[1].Values[0]))
		assert.Regexp(t, `"name": "coverage_worst",\s+"unit": "",\s+"values": \[\s+null,`, a.String())
		if trials > 1 {
			for _, key := range []string{`"lolp":`, `"lole":`, `"eue":`, `"lolp_stderr":`, `"lole_stderr":`, `"eue_stderr":`} {
				assert.Contains(t, a.String(), key)
			}
		}
	}
}

// Two runs of one scenario, seed and trial count write the same document
// but for its timings.
func TestJSONDeterministic(t *testing.T) {
	enc := func() string {
		d := compute(t, mappedCity(t), 8)
		d.Timings = nil
		var b bytes.Buffer
		require.NoError(t, report.WriteJSON(&b, d))
		return b.String()
	}
	assert.Equal(t, enc(), enc())
	// Nor does the number of workers change a byte.
	one, err := report.Compute(context.Background(), mappedCity(t), report.Options{Seed: 1, Trials: 8, Workers: 1})
	require.NoError(t, err)
	one.Document.Timings = nil
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, one.Document))
	assert.Equal(t, enc(), b.String())
}

func TestReadJSONErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"schema": "other", "version": 1}`, `not a lifeline-report document of a supported version: schema "other", want "lifeline-report"`},
		{`{"schema": "lifeline-report", "version": 3}`, "version 3, want 1 to 2"},
		{`{"schema": "lifeline-report", "version": 0}`, "version 0"},
		{`{"schema": "lifeline-report", "version": 2} {}`, "data after the document"},
		{`{"schema": "lifeline-report", "version": 2, "networks": {"power": {}}}`, "cannot unmarshal object"},
		{`{"schema": "lifeline-report",, }`, "at byte 30"},
		{``, "EOF"},
		{`{"schema": "lifeline-report", "version": 2, "horizon": 0, "resolution": 1}`, "horizon: 0 h; want more than 0"},
		{`{"schema": "lifeline-report", "version": 2, "horizon": 12, "resolution": 1}`, "networks: none"},
		{`{"schema": "lifeline-report", "version": 2, "horizon": 12, "resolution": 1e-9}`, "more than 1e+06 buckets"},
		{`{"schema": "lifeline-report", "version": 2, "horizon": 2, "resolution": 1, "networks": [{"id": "p", "kind": "power",
			"timeline": {"start": [0, 1], "coverage": [1], "ecs": [1, 1], "unserved": [0, 0]}}], "outdoor": [1]}`,
			`networks[0] ("p"): timeline.coverage: 1 values; want one per bucket (2)` + "\n" + "outdoor: 1 values; want one per bucket (2)"},
		{`{"schema": "lifeline-report", "version": 2, "horizon": 2, "resolution": 1, "networks": [{"id": "p", "kind": "steam",
			"timeline": {"start": [0, 1], "coverage": [1, 1], "ecs": [1, 1], "unserved": [0, 0]}, "worst": {"bucket": 2}}]}`,
			`networks[0] ("p"): kind: "steam"; want power, heat, water or gas` + "\n" + `networks[0] ("p"): worst.bucket: 2; want 0 to 1`},
	} {
		_, err := report.ReadJSON(strings.NewReader(c.in))
		assert.ErrorContains(t, err, c.want, c.in)
	}
	_, err := report.ReadJSON(strings.NewReader(`{"schema": "x", "version": 1}`))
	assert.ErrorIs(t, err, report.ErrSchema)
}

// A version 1 document, as the previous release wrote it, reads: its
// figures, its trials and service levels (from the risk), and it renders.
func TestReadJSONVersion1(t *testing.T) {
	f, err := os.Open("testdata/v1-city.json")
	require.NoError(t, err)
	defer f.Close()
	d, err := report.ReadJSON(f)
	require.NoError(t, err)
	assert.Equal(t, 1, d.Version)
	assert.Equal(t, 5, d.Trials)
	assert.Equal(t, []report.ServiceLevel{{Level: 0.95, Hours: 24}}, d.ServiceLevels)
	p := netOf(t, d, "power")
	assert.InDelta(t, 200, p.Total.ENS, 1e-9)
	assert.Equal(t, "critical", p.CriticalClass)
	require.NotNil(t, d.Risk)
	assert.InDelta(t, 200, d.Risk.EUE, 1e-9)
	var text bytes.Buffer
	require.NoError(t, report.WriteText(&text, d))
	assert.Contains(t, text.String(), "Energy not supplied                              200.0 kWh")
	files, err := report.WriteDir(t.TempDir(), d)
	require.NoError(t, err)
	assert.Contains(t, files, "report.html")
}

// A study run in parts and merged, with trial 0 played again, makes the
// same document as one run of all trials: what "lifeline merge" relies on.
func TestMergedStudySameDocument(t *testing.T) {
	sc := mappedCity(t)
	sc.Faults = []scenario.FaultModel{{Network: "power", Links: true, Rate: 300, Repair: crew.Exponential(2)}}
	whole, err := report.Compute(context.Background(), sc, report.Options{Seed: 3, Trials: 10})
	require.NoError(t, err)
	plan, err := sc.Compile()
	require.NoError(t, err)
	ctx := context.Background()
	a, err := scenario.Study{Plan: plan, Seed: 3, Trials: 4, Network: "power"}.Run(ctx)
	require.NoError(t, err)
	b, err := scenario.Study{Plan: plan, Seed: 3, First: 4, Trials: 6, Network: "power"}.Run(ctx)
	require.NoError(t, err)
	sum, err := scenario.Merge(b, a)
	require.NoError(t, err)
	res, tr, err := plan.NewRun(3).RunTrace(ctx)
	require.NoError(t, err)
	merged, err := report.New(report.Input{Scenario: sc, Result: res, Trace: tr, Summary: sum})
	require.NoError(t, err)
	whole.Document.Timings = nil
	var x, y bytes.Buffer
	require.NoError(t, report.WriteJSON(&x, whole.Document))
	require.NoError(t, report.WriteJSON(&y, merged))
	assert.Equal(t, x.String(), y.String())
	assert.Greater(t, whole.Document.Risk.StdErr, 0.0, "the faults make trials differ")
}
