package scenfile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario"
)

func runScenario(t *testing.T, sc *scenario.Scenario) *scenario.Result {
	t.Helper()
	p, err := sc.Compile()
	require.NoError(t, err)
	res, err := p.NewRun(1).RunContext(context.Background())
	require.NoError(t, err)
	return res
}

// The metered sample of docs/scenario-format.md, by hand. The AMI table
// starts an hour before the scenario (its first row is skipped); the
// SCADA table's hour-ending timestamps at a 2 h step give the grid 60 kW
// over [0, 2) h and 45.5 kW over [2, 4) h.
//
//	hour  hospital  flats  shop  demand  grid  unserved
//	0     10        20     10    40      60    0
//	1     10        30     10    50      60    0
//	2     12        40     0     52      45.5  6.5 (flats get 33.5)
//	3     12        40     20    72      45.5  26.5 (flats 33.5, shop 0)
//
// Demand 44 + 130 + 40 = 214 kWh; ENS 33 kWh: 13 residential, 20
// commercial.
func TestMeteredSample(t *testing.T) {
	sc, err := Load("../../testdata/scenarios/metered-feeder.yaml")
	require.NoError(t, err)
	require.Len(t, sc.Demands, 3)
	assert.Equal(t, scenario.DemandSeries{Network: "power", Consumer: "hospital", Demand: []float64{9, 10, 10, 12, 12}, Step: 1, Start: -1}, sc.Demands[0])
	assert.Equal(t, "shop", sc.Demands[2].Consumer)
	assert.Equal(t, []scenario.CapacitySeries{{Asset: "grid", Capacity: []float64{60, 45.5}, Step: 2, Start: 0}}, sc.Series)
	n := runScenario(t, sc).Networks[0]
	assert.InDelta(t, 214, n.Total.Demand, 1e-9)
	assert.InDelta(t, 33, n.Total.ENS(), 1e-9)
	ens := map[string]float64{}
	for _, g := range n.ByClass {
		ens[g.Name] = g.ENS()
	}
	assert.InDelta(t, 0, ens["critical"], 1e-9)
	assert.InDelta(t, 13, ens["residential"], 1e-9)
	assert.InDelta(t, 20, ens["commercial"], 1e-9)
}

// writeFiles writes files into a temporary folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return dir
}

const heatHead = `version: 1
start: 2022-02-06T22:00:00+08:00
horizon_hours: 4
networks:
  - id: heat
    inline:
      kind: heat
      zones: [{id: old-town}]
      nodes:
        - {id: plant, role: source, capacity: 100}
        - {id: flats, role: consumer, demand: 60, customers: 10, zone: old-town}
        - {id: school, role: consumer, class: essential, demand: 20, customers: 1}
      links:
        - {id: a, from: plant, to: flats}
        - {id: b, from: plant, to: school}
`

// Outdoor temperature from a weather CSV without offsets (read at
// +08:00), 3-hourly from 21:00, an hour before the start: −20 °C over
// [−1, 2) h, −1 °C after. Flats (60 kW) and the school (20 kW) at a
// design temperature of −20 °C draw 80 kW, then 80·19/38 = 40 kW: 2·80 +
// 2·40 = 240 kWh. A scale series of zone old-town (inline, 2 h steps)
// doubles the flats in the last 2 h: +2·30 = 60 kWh.
func TestWeatherTable(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"weather.csv": "timestamp,temp_c\n2022-02-06 21:00,-20\n2022-02-07 00:00,-1\n",
	})
	src := heatHead + `weather:
  outdoor: {file: weather.csv, utc_offset: "+08:00"}
  design: -20
demands:
  - {zone: old-town, scale: [1, 2], step_hours: 2}
`
	f, err := Read(strings.NewReader(src), "s.yaml", dir)
	require.NoError(t, err)
	assert.Empty(t, f.Warnings)
	w := f.Scenario.Weather
	assert.Equal(t, []float64{-20, -1}, w.Outdoor)
	assert.Equal(t, 3.0, w.Step)
	assert.Equal(t, -1.0, w.Start)
	n := runScenario(t, f.Scenario).Networks[0]
	assert.InDelta(t, 300, n.Total.Demand, 1e-9)
}

// The problems of tables, each on the line of the scenario that names
// the table, with the table's own line inside.
func TestSeriesTableErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"gap.csv":    "timestamp,flats\n2022-02-06T22:00:00+08:00,1\n2022-02-06T23:00:00+08:00,1\n2022-02-07T02:00:00+08:00,1\n",
		"late.csv":   "timestamp,flats\n2022-02-07T00:00:00+08:00,1\n2022-02-07T01:00:00+08:00,1\n",
		"meters.csv": "timestamp,flats,shcool,plant\n2022-02-06T22:00:00+08:00,60,-1,5\n",
		"two.csv":    "timestamp,a,b\n2022-02-06T22:00:00+08:00,1,2\n",
	})
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"gap", "demands:\n  - {consumer: flats, demand: {file: gap.csv, column: flats}}\n",
			[]string{"s.yaml:17: demands[0].demand.file: gap.csv:4: timestamp: gap: 2 steps of 1h0m0s missing after 2022-02-06T23:00:00+08:00 (line 3)"}},
		{"late", "demands:\n  - {consumer: flats, scale: {file: late.csv, column: flats}}\n",
			[]string{"s.yaml:17: demands[0].scale.file: late.csv:2: its first step begins at 2022-02-07T00:00:00+08:00, 2 h after the scenario's start 2022-02-06T22:00:00+08:00: a series must cover the start"}},
		{"missing column", "demands:\n  - {consumer: flats, demand: {file: late.csv, column: flast}}\n",
			[]string{`s.yaml:17: demands[0].demand.column: late.csv:1: flast: unknown column (did you mean "flats"?); the value columns are "flats"`}},
		{"which column", "series:\n  - {asset: plant, scale: {file: two.csv}}\n",
			[]string{`s.yaml:17: series[0].scale.column: missing: two.csv has 2 value columns ("a", "b"); name one`}},
		{"per consumer", "demands:\n  - demand: {file: meters.csv}\n",
			[]string{
				`s.yaml:17: demands[0].demand.file: meters.csv:1: shcool: the column names no consumer of any network; did you mean "school"?`,
				`s.yaml:17: demands[0].demand.file: meters.csv:2: shcool: -1 is negative: a demand is a value ≥ 0`,
				`s.yaml:17: demands[0].demand.file: meters.csv:1: plant: the column names no consumer of any network`,
			}},
		{"step with a table", "series:\n  - {asset: plant, scale: {file: two.csv, column: a}, step_hours: 2}\n",
			[]string{"s.yaml:17: series[0].step_hours: the table's timestamps give the step and start; leave step_hours out"}},
		{"no such file", "series:\n  - {asset: plant, scale: {file: nope.csv, column: a}}\n",
			[]string{"s.yaml:17: series[0].scale.file: cannot read nope.csv: no such file or directory"}},
		{"bad offset", "series:\n  - {asset: plant, scale: {file: two.csv, column: a, utc_offset: CET}}\n",
			[]string{`s.yaml:17: series[0].scale.utc_offset: not a UTC offset "CET" (write e.g. +08:00)`}},
		{"timestamps", "series:\n  - {asset: plant, scale: {file: two.csv, column: a, timestamps: middle}}\n",
			[]string{`s.yaml:17: series[0].scale.timestamps: want start or end (what each timestamp marks of its step), got "middle"`}},
		{"not a list", "series:\n  - {asset: plant, scale: 2}\n",
			[]string{"s.yaml:17: series[0].scale: want a list of numbers or a table {file: data.csv, column: name}, got number 2"}},
		{"no target", "demands:\n  - {demand: [1, 2]}\n",
			[]string{"s.yaml:17: demands[0].consumer: missing (give a consumer, a class and/or a zone, or a table without column: one series per column, each headed by its consumer)"}},
		{"inline negative", "demands:\n  - {consumer: flats, demand: [1, -2]}\n",
			[]string{"s.yaml:17: demands[0].demand: value 1: -2 is not a value ≥ 0"}},
		{"inline step", "demands:\n  - {consumer: flats, demand: [1, 2], step_hours: -1}\n",
			[]string{"s.yaml:17: demands[0].step_hours: -1 is not a number of hours > 0"}},
		{"twice absolute", "demands:\n  - {consumer: flats, demand: [1]}\n  - demand: {file: meters.csv}\n",
			[]string{
				`s.yaml:18: demands[1].demand.file: meters.csv:1: shcool: the column names no consumer of any network; did you mean "school"?`,
				`s.yaml:18: demands[1].demand.file: meters.csv:2: shcool: -1 is negative: a demand is a value ≥ 0`,
				`s.yaml:18: demands[1].demand.file: meters.csv:1: plant: the column names no consumer of any network`,
				`s.yaml:18: demands[1].demand.file: meters.csv: column "flats": consumer "flats" of network "heat" already takes an absolute demand from demands[0]; give it one`,
			}},
		{"unknown class", "demands:\n  - {class: residental, scale: [1]}\n",
			[]string{`s.yaml:17: demands[0].class: unknown class "residental"; did you mean "residential"? (the classes are critical, essential, residential, commercial, industrial)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(heatHead+tc.body), "s.yaml", dir)
			require.Error(t, err)
			var got []string
			for _, p := range Problems(err) {
				got = append(got, p.Error())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// A table's timestamps need the scenario's start.
func TestSeriesTableNeedsStart(t *testing.T) {
	dir := writeFiles(t, map[string]string{"w.csv": "timestamp,t\n2022-02-06T21:00:00+08:00,-5\n"})
	src := strings.Replace(heatHead, "start: 2022-02-06T22:00:00+08:00\n", "", 1) + "weather: {outdoor: {file: w.csv}, design: -20}\n"
	_, err := Read(strings.NewReader(src), "s.yaml", dir)
	require.Error(t, err)
	assert.EqualError(t, err, "s.yaml:15: weather.outdoor.file: a table's timestamps need the scenario's start to align to: give start (e.g. start: 2022-02-06T21:00:00+08:00)")
}

// A series ending before the horizon is a warning, once for a table of
// many columns.
func TestSeriesShortWarning(t *testing.T) {
	dir := writeFiles(t, map[string]string{"m.csv": "timestamp,flats,school\n2022-02-06T22:00:00+08:00,1,2\n2022-02-06T23:00:00+08:00,1,2\n"})
	f, err := Read(strings.NewReader(heatHead+"demands:\n  - demand: {file: m.csv}\n"), "s.yaml", dir)
	require.NoError(t, err)
	var got []string
	for _, w := range f.Warnings {
		got = append(got, w.Error())
	}
	assert.Equal(t, []string{"s.yaml:17: demands[0].demand.file: the 2 values end at 2 h, before the 4 h horizon: the last one holds to the end"}, got)
}

// A year of hourly meter readings (8,760 rows at +08:00) as a consumer's
// demand: hour k reads 1 + k mod 24 kW, so the year's demand is 365 ×
// (1 + … + 24) = 109,500 kWh, and with the grid limited to 20 kW the
// hours reading 21 to 24 kW leave 365 × (1 + 2 + 3 + 4) = 3,650 kWh
// unserved.
func TestYearOfMeterReadings(t *testing.T) {
	var b strings.Builder
	b.WriteString("timestamp,kw\n")
	t0 := time.Date(2022, 1, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	for k := range 8760 {
		fmt.Fprintf(&b, "%s,%d\n", t0.Add(time.Duration(k)*time.Hour).Format(time.RFC3339), 1+k%24)
	}
	dir := writeFiles(t, map[string]string{"meter.csv": b.String()})
	src := `version: 1
start: 2022-01-01T00:00:00+08:00
horizon_hours: 8760
networks:
  - inline:
      kind: power
      nodes:
        - {id: grid, role: source, capacity: 20}
        - {id: flats, role: consumer, demand: 10, customers: 1}
      links: [{id: l, from: grid, to: flats}]
demands:
  - {consumer: flats, demand: {file: meter.csv, column: kw}}
`
	f, err := Read(strings.NewReader(src), "s.yaml", dir)
	require.NoError(t, err)
	assert.Empty(t, f.Warnings)
	n := runScenario(t, f.Scenario).Networks[0]
	assert.InDelta(t, 109500, n.Total.Demand, 1e-6)
	assert.InDelta(t, 3650, n.Total.ENS(), 1e-6)
}

// A SCADA table with a column per asset gives each its capacity — the
// plant 100 kW, then 50 kW from 23:00 (1 h after the start) — and, for a
// consumer, its demand: the school 20 kW, then 10 kW. With the flats
// (60 kW, residential; the school, essential, is served first): 80 kW
// asked in the first hour, then 70 kW of 50: 20 kW short over the last
// 3 h = 60 kWh. The table ends at 2 h, before the 4 h horizon: one
// warning. A column of a link of unlimited capacity is an error.
func TestSeriesPerColumn(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"st.csv":  "timestamp,plant,school\n2022-02-06T22:00:00+08:00,100,20\n2022-02-06T23:00:00+08:00,50,10\n",
		"bad.csv": "timestamp,plant,a\n2022-02-06T22:00:00+08:00,100,100\n",
	})
	f, err := Read(strings.NewReader(heatHead+"series:\n  - capacity: {file: st.csv}\n"), "s.yaml", dir)
	require.NoError(t, err)
	assert.Equal(t, []scenario.CapacitySeries{
		{Network: "heat", Asset: "plant", Capacity: []float64{100, 50}, Step: 1},
		{Network: "heat", Asset: "school", Capacity: []float64{20, 10}, Step: 1},
	}, f.Scenario.Series)
	require.Len(t, f.Warnings, 1)
	assert.Equal(t, "s.yaml:17: series[0].capacity.file: the 2 values end at 2 h, before the 4 h horizon: the last one holds to the end", f.Warnings[0].Error())
	n := runScenario(t, f.Scenario).Networks[0]
	assert.InDelta(t, 60, n.Total.ENS(), 1e-9)

	_, err = Read(strings.NewReader(heatHead+"series:\n  - capacity: {file: bad.csv}\n"), "s.yaml", dir)
	assert.EqualError(t, err, `s.yaml:17: series[0].capacity.file: bad.csv: column "a": asset "a" has unlimited capacity; give scale instead`)
}
