// Package twintest holds the checks every example program shares: that
// its Go scenario and its YAML twin give the same results, that its report
// matches a golden file, renders again from its JSON, and reads in a
// browser.
package twintest

import (
	"bytes"
	"context"
	"html"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"github.com/lifeline-sim/lifeline/internal/browser"
	"github.com/lifeline-sim/lifeline/internal/schemacheck"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// SameResults runs both scenarios once with seed 1 and as 3-trial studies
// of network net and reports any difference: the check that an example's
// Go program and its YAML twin agree.
func SameResults(t testing.TB, a, b *scenario.Scenario, net string) {
	t.Helper()
	ctx := context.Background()
	pa, err := a.Compile()
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	ra, err := pa.NewRun(1).RunContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := pb.NewRun(1).RunContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ra, rb) {
		for i := range ra.Networks {
			if i < len(rb.Networks) && !reflect.DeepEqual(ra.Networks[i].Total, rb.Networks[i].Total) {
				t.Errorf("network %s: go %+v\nyaml %+v", ra.Networks[i].ID, ra.Networks[i].Total, rb.Networks[i].Total)
			}
		}
		t.Fatalf("results for seed 1 differ (crew: go %+v, yaml %+v)", ra.Crew, rb.Crew)
	}
	sa, err := scenario.Study{Plan: pa, Seed: 1, Trials: 3, Network: net}.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := scenario.Study{Plan: pb, Seed: 1, Trials: 3, Network: net}.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sa.Records(), sb.Records()) {
		t.Errorf("study records differ:\n go  %v\n yaml %v", sa.Records(), sb.Records())
	}
	for _, m := range sa.Metrics() {
		x, _ := sa.Stat(m)
		y, _ := sb.Stat(m)
		if !sameStat(x, y) {
			t.Errorf("%s: go %+v, yaml %+v", m, x, y)
		}
	}
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("3-trial study summaries differ")
	}
	if sa.LOLE() != sb.LOLE() || sa.EUE() != sb.EUE() {
		t.Errorf("LOLE %g / %g, EUE %g / %g", sa.LOLE(), sb.LOLE(), sa.EUE(), sb.EUE())
	}
}

// sameStat reports whether two statistics are equal field by field, a NaN
// (an interval the trials are too few for) equal to a NaN.
func sameStat(x, y scenario.Stat) bool {
	if x.CIMethod == scenario.CITooFew && y.CIMethod == scenario.CITooFew {
		x.CI95Low, x.CI95High, y.CI95Low, y.CI95High = 0, 0, 0, 0
	}
	return reflect.DeepEqual(x, y)
}

// Report runs the example with 3 trials into a temporary folder, compares
// its printed report with the golden file (rewritten when update is set),
// checks the files written (the JSON report, against its schema, the CSV timeline and risk, PNG and SVG
// charts, a GeoJSON map per network with coordinates, the HTML page), that
// report.json renders again to the same files, and opens the page in a
// headless browser (skipped without chromium). It returns what was
// computed and the folder, for checks of the example's own.
func Report(t testing.TB, cfg cityrun.Config, golden string, update bool) (*cityrun.Result, string) {
	t.Helper()
	dir := t.TempDir()
	var out bytes.Buffer
	res, err := cityrun.Compute(context.Background(), cfg, cityrun.Options{Out: dir, Trials: 3, Seed: 1}, &out)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(out.String(), dir, "OUT")
	if update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("report differs from %s (run go test -update to accept):\n%s", golden, firstDiff(got, string(want)))
	}
	checkFiles(t, dir, res)
	checkSchema(t, filepath.Join(dir, report.JSONFile))
	checkRerender(t, dir, res.Files)
	checkPage(t, filepath.Join(dir, report.HTMLFile), res)
	return res, dir
}

// checkFiles checks that the folder holds the JSON report, the CSV
// timeline, a PNG and an SVG of every chart, a map of every network with
// coordinates and the page, none empty.
func checkFiles(t testing.TB, dir string, res *cityrun.Result) {
	t.Helper()
	charts, err := report.Charts(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{report.JSONFile, report.TimelineFile}
	if r := res.Report.Risk; r != nil && r.Timeline != nil {
		want = append(want, report.RiskFile)
	}
	for _, c := range charts {
		want = append(want, c.Name+".png", c.Name+".svg")
	}
	for _, n := range res.Report.Networks {
		if n.Map != nil {
			want = append(want, n.ID+".geojson")
		}
	}
	want = append(want, report.HTMLFile)
	if !reflect.DeepEqual(res.Files, want) {
		t.Errorf("files written %v, want %v", res.Files, want)
	}
	for _, f := range res.Files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		switch {
		case err != nil:
			t.Error(err)
		case len(data) == 0:
			t.Errorf("%s is empty", f)
		case filepath.Ext(f) == ".png" && !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
			t.Errorf("%s is not a PNG file", f)
		case filepath.Ext(f) == ".svg" && !bytes.Contains(data, []byte("<svg")):
			t.Errorf("%s is not an SVG file", f)
		}
	}
}

// checkSchema checks report.json against docs/report-schema.json.
func checkSchema(t testing.TB, file string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "report-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := schemacheck.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	probs, err := s.Check(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("report.json against docs/report-schema.json: %s", p)
	}
}

// checkRerender reads report.json back and renders it again: the JSON,
// the timeline, every chart as SVG, the maps and the page must come out
// byte for byte the same. (PNGs are drawn from the same plots as the SVGs;
// package scenario/report checks that WriteDir writes them again
// identically, which is too slow to repeat here under the race detector.)
func checkRerender(t testing.TB, dir string, files []string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, report.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := report.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	charts, err := report.Charts(doc)
	if err != nil {
		t.Fatal(err)
	}
	again := map[string]func(io.Writer) error{
		report.JSONFile:     func(w io.Writer) error { return report.WriteJSON(w, doc) },
		report.TimelineFile: func(w io.Writer) error { return report.WriteTimelineCSV(w, doc) },
		report.RiskFile:     func(w io.Writer) error { return report.WriteRiskCSV(w, doc) },
		report.HTMLFile:     func(w io.Writer) error { return report.WriteHTML(w, doc) },
	}
	for _, c := range charts {
		again[c.Name+".svg"] = func(w io.Writer) error { return report.Render(w, c.Plot, "svg") }
	}
	for _, n := range doc.Networks {
		if n.Map != nil {
			again[n.ID+".geojson"] = func(w io.Writer) error { return report.WriteGeoJSON(w, doc, n.ID) }
		}
	}
	for _, name := range files {
		render, ok := again[name]
		if !ok {
			if filepath.Ext(name) != ".png" {
				t.Errorf("%s: not rendered again", name)
			}
			continue
		}
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.Equal(a, b.Bytes()) {
			t.Errorf("%s differs when rendered again from report.json", name)
		}
	}
}

// checkPage opens the page in a headless browser and checks what it
// shows: the title, the answer, a table of classes per network, every
// chart as an inline SVG, and a map for every network with coordinates.
func checkPage(t testing.TB, page string, res *cityrun.Result) {
	t.Helper()
	dom := browser.Check(t, page)
	doc := res.Report
	if want := "<title>Lifeline report: " + html.EscapeString(doc.Scenario) + "</title>"; !strings.Contains(dom, want) {
		t.Errorf("page: no %s", want)
	}
	if !strings.Contains(dom, `<section id="answer">`) {
		t.Error("page: no answer section")
	}
	charts, _ := report.Charts(doc)
	if n := strings.Count(dom, `<figure class="chart"`); n != len(charts) || n == 0 {
		t.Errorf("page: %d charts, want %d", n, len(charts))
	}
	if n := len(regexp.MustCompile(`<figure class="chart" id="[^"]*">\s*<svg`).FindAllString(dom, -1)); n != len(charts) {
		t.Errorf("page: %d charts drawn as inline SVG, want %d", n, len(charts))
	}
	maps := 0
	for _, n := range doc.Networks {
		if !strings.Contains(dom, `<table class="classes" id="class-`+n.ID+`"`) {
			t.Errorf("page: no table of classes for network %s", n.ID)
		}
		if n.Map != nil {
			maps += 2
		}
	}
	if got := len(regexp.MustCompile(`<figure class="map">\s*<svg[^>]*>.*?<circle`).FindAllString(dom, -1)); got != maps {
		t.Errorf("page: %d maps with consumers drawn, want %d", got, maps)
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + a + "\n want " + b
		}
	}
	return ""
}
