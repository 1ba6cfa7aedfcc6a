package report_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario/report"
)

func text(t testing.TB, d *report.Document) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.WriteText(&b, d))
	return b.String()
}

// The text speaks in words and fixed-point numbers, with the currency of
// every amount.
func TestTextForPeople(t *testing.T) {
	d := compute(t, mappedCity(t), 6)
	out := text(t, d)
	// No raw keys, no exponents.
	assert.NotRegexp(t, `\b[a-z]+_[a-z_]+\b`, out)
	assert.NotRegexp(t, `\d[eE][+-]?\d`, out)
	// Every amount of money carries the currency.
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Value of lost load") {
			assert.Contains(t, line, "CNY", line)
		}
	}
	assert.Contains(t, out, "value lost (CNY)")
	assert.Contains(t, out, "  Value of lost load                               2,000.00 CNY")
	// The figures of the power network, by hand (see cityScenario).
	assert.Contains(t, out, "  Energy not supplied                              200.0 kWh")
	assert.Contains(t, out, "  Interruptions per customer (SAIFI)               0.909")
	assert.Contains(t, out, "  Hours interrupted per customer (SAIDI)           3.64 h")
	assert.Contains(t, out, "  Worst hour                                       8 Feb 2022 02:00 (2.00 h): 50.00 kWh not supplied of 70.00 kWh asked for")
	assert.Contains(t, out, "Period               12 h from 8 Feb 2022 00:00 +08:00")
	assert.Contains(t, out, "Currency             CNY")
	// The answer comes first.
	assert.Less(t, strings.Index(out, "In short"), strings.Index(out, "Network power"))
	assert.Contains(t, out, "power: 76.19 % of the energy asked for was delivered (200.0 kWh short of 840.0 kWh)")
	// The risk over the trials, in words.
	assert.Contains(t, out, "Risk over 6 trials of network power (seed 1)")
	assert.Regexp(t, `Loss-of-load probability \(LOLP\)\s+33\.33 % ± 0\.00 % of the time`, out)
	assert.Regexp(t, `Expected unserved energy \(EUE\)\s+200\.0 ± 0\.0 kWh`, out)
	// Deterministic.
	assert.Equal(t, out, text(t, d))
}

// Rows appear only where they apply: cold customers for heat with
// weather, storage where there is some, crew figures with crews.
func TestTextRowsThatApply(t *testing.T) {
	d := compute(t, mappedCity(t), 1)
	out := text(t, d)
	section := func(title string) string {
		i := strings.Index(out, "Network "+title)
		require.GreaterOrEqual(t, i, 0, title)
		rest := out[i+1:]
		if j := strings.Index(rest, "\nNetwork "); j >= 0 {
			rest = rest[:j]
		} else if j := strings.Index(rest, "\nCrews\n"); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	power, heat, water := section("power"), section("heat"), section("water")
	assert.NotContains(t, power, "16 °C")
	assert.NotContains(t, power, "indoor")
	assert.NotContains(t, power, "Storage")
	assert.Contains(t, heat, "Customer-hours below 16 °C")
	assert.Contains(t, heat, "Most customers below 16 °C at once      50")
	assert.Contains(t, heat, "Lowest indoor temperature               14.1 °C")
	assert.NotContains(t, water, "16 °C")
	assert.Contains(t, water, "Storage\n-------")
	assert.Regexp(t, `tank\s+25\.00\s+0\.00\s+0\.00\s+30\.00\s+8 Feb 2022 03:07 \(3\.12 h\)\s+8\.88`, water)
	// Only the classes and zones with consumers are listed.
	assert.NotRegexp(t, `\n  essential\s`, power)
	assert.NotRegexp(t, `\n  depot\s`, power)
	assert.Regexp(t, `\n  residential\s+1\s+10\s+600\.0\s+200\.0\s+66\.67`, power)

	// Without crews: one sentence, no utilisation.
	sc := zonedCity(t)
	out = text(t, compute(t, sc, 1))
	assert.Contains(t, out, "  Crews  none in the scenario, and no repairs\n")
	assert.Contains(t, out, "No crews in the scenario, and no repairs.")
	assert.NotContains(t, out, "Utilisation")
	assert.NotContains(t, out, "16 °C")
}

// The timeline CSV: one row per bucket per network, the columns that apply.
func TestTimelineCSV(t *testing.T) {
	d := compute(t, mappedCity(t), 1)
	var b bytes.Buffer
	require.NoError(t, report.WriteTimelineCSV(&b, d))
	recs, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"network", "start_hour", "start_time", "coverage", "ecs", "unserved",
		"coverage_critical", "coverage_residential", "unserved_north", "unserved_south",
		"cold_customers", "mean_indoor_c", "outdoor_c", "crew_utilisation", "quantity_unit"}, recs[0])
	require.Len(t, recs, 1+3*12)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	// Power at 3 h: the homes off, 50 kWh unserved, all in the south.
	r := recs[1+3]
	assert.Equal(t, "power", r[0])
	assert.Equal(t, "3", r[col["start_hour"]])
	assert.Equal(t, "2022-02-08T03:00:00+08:00", r[col["start_time"]])
	assert.Equal(t, "50", r[col["unserved"]])
	assert.Equal(t, "50", r[col["unserved_south"]])
	assert.Equal(t, "0", r[col["unserved_north"]])
	assert.Equal(t, "0", r[col["coverage_residential"]])
	assert.Equal(t, "", r[col["cold_customers"]], "no cold customers for power")
	assert.Equal(t, "-10", r[col["outdoor_c"]])
	assert.Equal(t, "0.25", r[col["crew_utilisation"]])
	assert.Equal(t, "kWh", r[col["quantity_unit"]])
	// Water has neither zones nor a critical class with consumers.
	w := recs[1+24+4]
	assert.Equal(t, "water", w[0])
	assert.Equal(t, "", w[col["unserved_south"]])
	assert.Equal(t, "", w[col["coverage_critical"]])
	assert.Equal(t, "8", w[col["unserved"]])
	assert.Equal(t, "m³", w[col["quantity_unit"]])
	// Heat: cold customers and indoor temperature.
	h := recs[1+12+8]
	assert.Equal(t, "heat", h[0])
	assert.Equal(t, "50", h[col["cold_customers"]])
	v, err := strconv.ParseFloat(h[col["mean_indoor_c"]], 64)
	require.NoError(t, err)
	assert.InDelta(t, 15.02, v, 0.01)
	// Numbers never in exponent form.
	assert.NotRegexp(t, regexp.MustCompile(`\d[eE][+-]?\d`), b.String())
}

// A caller's sections are drawn after the risk with the report's layout,
// saved in the JSON and read back; an inconsistent one is refused.
func TestSections(t *testing.T) {
	d := compute(t, mappedCity(t), 1)
	s := report.Section{ID: "findings", Title: "City findings"}
	s.Row("Coldest hour", report.FormatTemperature(-10)+" at "+d.When(3))
	s.Row("Lost", report.FormatQuantity(12_000, "power"))
	s.Add(report.TableBlock(report.Table{Caption: "Two ways", Header: []string{"variant", "lost (MWh)"},
		Rows: [][]string{{"with", report.FormatFixed(12, 1)}, {"without", report.FormatFixed(1234.5, 1)}}}))
	s.Add(report.Paragraph("The end."))
	d.Sections = []report.Section{s}
	out := text(t, d)
	i := strings.Index(out, "City findings\n=============\n")
	require.Greater(t, i, strings.Index(out, "\nCrews\n"))
	tail := out[i:]
	assert.Contains(t, tail, "  Coldest hour  -10.0 °C at 8 Feb 2022 03:00 (3.00 h)\n  Lost          12.00 MWh\n")
	assert.Contains(t, tail, "Two ways\n--------\n  variant  lost (MWh)\n  with           12.0\n  without     1,234.5\n")
	assert.Contains(t, tail, "\n  The end.\n")

	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, d))
	back, err := report.ReadJSON(&b)
	require.NoError(t, err)
	assert.Equal(t, d.Sections, back.Sections)
	h := page(t, d)
	assert.Contains(t, h, `<section class="extra" id="sec-findings">`)
	assert.Contains(t, h, `<a href="#sec-findings">City findings</a>`)

	bad := `{"schema":"lifeline-report","version":2,"horizon":1,"resolution":1,"networks":[{"id":"p","kind":"power",` +
		`"timeline":{"start":[0],"coverage":[1],"ecs":[1],"unserved":[0]}}],"sections":[{"id":"x","title":"X","blocks":` +
		`[{"text":"a","rows":[{"label":"l","value":"v"}]},{"table":{"header":["a","b"],"rows":[["1"]]}}]}]}`
	_, err = report.ReadJSON(strings.NewReader(bad))
	assert.ErrorContains(t, err, "sections[0]: blocks[0]: 2 of text, rows and table; want exactly one")
	assert.ErrorContains(t, err, "sections[0]: blocks[1].table.rows[0]: 1 cells; want 2, as the header")
}
