package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/browser"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

func page(t testing.TB, d *report.Document) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, d))
	return b.String()
}

// The page stands alone: no script, no style sheet, font or image from
// elsewhere; the answer comes first, then the networks with their tables,
// charts and maps, the crews and the risk; it has a print style sheet.
func TestHTMLSelfContained(t *testing.T) {
	d := compute(t, mappedCity(t), 6)
	h := page(t, d)
	assert.NotContains(t, h, "<script")
	assert.NotContains(t, h, "<link")
	assert.NotRegexp(t, `(?:src|href)="(?:https?:|//)`, h)
	assert.NotRegexp(t, `url\(`, h)
	assert.Contains(t, h, "<title>Lifeline report: city day</title>")
	assert.Contains(t, h, "@media print")
	order := []string{`<section id="answer">`, `id="net-power"`, `<table class="classes" id="class-power">`,
		`<figure class="chart" id="chart-power-coverage">`, `<figure class="map">`, `id="net-heat"`, `id="net-water"`,
		`<section id="crews">`, `<section id="risk">`, `id="chart-power-ens-exceedance"`}
	last := -1
	for _, s := range order {
		i := strings.Index(h, s)
		require.GreaterOrEqual(t, i, 0, "no %s", s)
		assert.Greater(t, i, last, "%s out of order", s)
		last = i
	}
	// Two maps of the power network (worst hour, whole run), none for the
	// others: they have no coordinates. Each map has its legend and colours
	// the consumers by coverage: at the worst hour the homes are off
	// (below 50 %) and the hospital fully served.
	maps := regexp.MustCompile(`(?s)<figure class="map">.*?</figure>`).FindAllString(h, -1)
	require.Len(t, maps, 2)
	assert.Contains(t, maps[0], `<g class="legend"`)
	assert.Contains(t, maps[0], "full supply (≥ 99.95 %)")
	assert.Regexp(t, `<circle [^>]*fill="#D55E00"><title>homes: coverage 0\.00 %</title>`, maps[0])
	assert.Regexp(t, `<circle [^>]*fill="#0072B2"><title>hospital: coverage 100\.00 %</title>`, maps[0])
	assert.Regexp(t, `<circle [^>]*fill="#E69F00"><title>homes: coverage 66\.67 %</title>`, maps[1])
	assert.Contains(t, maps[0], "8 Feb 2022 02:00")
	// Every chart is inline SVG, with its title as caption.
	cs, err := report.Charts(d)
	require.NoError(t, err)
	for _, c := range cs {
		assert.Regexp(t, `<figure class="chart" id="chart-`+regexp.QuoteMeta(c.Name)+`">\s*<svg role="img"`, h)
	}
	assert.Equal(t, len(cs), strings.Count(h, `<figure class="chart"`))
	// The risk with units and intervals, money with its currency.
	assert.Contains(t, h, "<th scope=\"col\" class=\"num\">95 % interval of the mean</th>")
	assert.Contains(t, h, "2,000.00 CNY")
	assert.Equal(t, h, page(t, d), "not deterministic")
}

// The page opens in a real browser without a message in its console, and
// the DOM the browser builds holds the title, the tables of classes, the
// charts and the map (skipped without chromium).
func TestHTMLInBrowser(t *testing.T) {
	d := compute(t, mappedCity(t), 6)
	dir := t.TempDir()
	files, err := report.WriteDir(dir, d)
	require.NoError(t, err)
	assert.Equal(t, report.HTMLFile, files[len(files)-1])
	dom := browser.Check(t, filepath.Join(dir, report.HTMLFile))
	assert.Contains(t, dom, "<title>Lifeline report: city day</title>")
	for _, id := range []string{"power", "heat", "water"} {
		assert.Contains(t, dom, `<table class="classes" id="class-`+id+`">`)
	}
	assert.Regexp(t, `<figure class="chart" id="chart-power-coverage">\s*<svg`, dom)
	assert.Regexp(t, `(?s)<figure class="map">\s*<svg.*?<circle`, dom)
}

// WriteDir writes every file of the report; a document read back from its
// report.json writes the same files, byte for byte.
func TestWriteDirRenderAgain(t *testing.T) {
	d := compute(t, mappedCity(t), 6)
	dir := t.TempDir()
	files, err := report.WriteDir(dir, d)
	require.NoError(t, err)
	cs, err := report.Charts(d)
	require.NoError(t, err)
	want := []string{"report.json", "timeline.csv", "risk.csv"}
	for _, c := range cs {
		want = append(want, c.Name+".png", c.Name+".svg")
	}
	want = append(want, "power.geojson", "report.html")
	assert.Equal(t, want, files)

	f, err := os.Open(filepath.Join(dir, report.JSONFile))
	require.NoError(t, err)
	back, err := report.ReadJSON(f)
	f.Close()
	require.NoError(t, err)
	again := t.TempDir()
	files2, err := report.WriteDir(again, back)
	require.NoError(t, err)
	assert.Equal(t, files, files2)
	for _, name := range files {
		a, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(again, name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(a, b), "%s differs when rendered again", name)
	}
	_, err = report.WriteDir(filepath.Join(dir, "report.json", "x"), d)
	assert.Error(t, err, "a folder inside a file")
}
