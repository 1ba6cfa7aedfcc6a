// Package twintest holds the checks every example program shares: that
// its Go scenario and its YAML twin give the same results, and that its
// report matches a golden file.
package twintest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"github.com/lifeline-sim/lifeline/scenario"
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
// its printed report with the golden file (rewritten when update is set)
// and checks the files written: the JSON result, the CSV timeline and PNG
// charts, none empty. It returns what was computed and the folder, for
// checks of the example's own.
func Report(t testing.TB, cfg cityrun.Config, golden string, update bool) (*cityrun.Result, string) {
	t.Helper()
	dir := t.TempDir()
	var out bytes.Buffer
	res, err := cityrun.Compute(context.Background(), cfg, cityrun.Options{Out: dir, Trials: 3, Seed: 1, Charts: true}, &out)
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
	return res, dir
}

// checkFiles checks that the output folder holds the JSON result, the CSV
// timeline and PNG charts, none empty.
func checkFiles(t testing.TB, dir string, res *cityrun.Result) {
	t.Helper()
	pngs := 0
	for _, f := range res.Files {
		if filepath.Ext(f) == ".png" {
			pngs++
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("%s is not a PNG file (%v)", f, err)
			}
		}
	}
	if pngs == 0 {
		t.Errorf("no PNG charts among %v", res.Files)
	}
	for _, f := range append([]string{"result.json", "timeline.csv"}, res.Files...) {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Error(err)
		} else if st.Size() == 0 {
			t.Errorf("%s is empty", f)
		}
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
