package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/examples/internal/cityrun"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

var update = flag.Bool("update", false, "rewrite steam.yaml, water.yaml and testdata/report.golden")

// TestStages checks what differs between the networks before and after the
// conversion, and what stays the same.
func TestStages(t *testing.T) {
	nets, err := loadNets()
	if err != nil {
		t.Fatal(err)
	}
	count := func(n *network.Network) (sources int, area float64, customers int) {
		for v := range n.NumNodes() {
			nd := n.Node(v)
			if nd.Role == network.Source {
				sources++
			}
			area += nd.Area
			customers += nd.Customers
		}
		return
	}
	for s, want := range []int{2, 3} {
		src, area, cust := count(nets[s])
		if src != want || area != 8_000_000 || cust != 80_000 {
			t.Errorf("%v: %d sources, %.0f m², %d customers; want %d, 8000000, 80000", Stage(s), src, area, cust, want)
		}
	}
	if _, ok := nets[After].NodeIndex("yaomeng"); !ok {
		t.Error("no Yaomeng source after the conversion")
	}
	for s, want := range []float64{0.12, 0.04} {
		l, _ := nets[s].LinkIndex("t0")
		if got := nets[s].Link(l).Loss; got != want {
			t.Errorf("%v: primary pipe loss %g, want %g", Stage(s), got, want)
		}
	}
	if faults(Before)[2].Repair.Mean <= faults(After)[2].Repair.Mean {
		t.Error("steam pipe repairs are not slower than hot-water ones")
	}
	var ens [2]float64
	for s := range ens {
		sc, err := buildStage(Stage(s))
		if err != nil {
			t.Fatal(err)
		}
		r, err := sc.Run(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		ens[s] = r.Networks[0].Total.ENS()
	}
	if ens[After] >= ens[Before]/2 {
		t.Errorf("heat not supplied after %.0f kWh, before %.0f kWh: the conversion should at least halve it", ens[After], ens[Before])
	}
}

// TestTwin checks that pingdingshan.yaml and pingdingshan-steam.yaml give
// the same results as the scenarios built in Go.
func TestTwin(t *testing.T) {
	for _, c := range []struct {
		stage Stage
		file  string
	}{{After, "pingdingshan.yaml"}, {Before, "pingdingshan-steam.yaml"}} {
		t.Run(c.file, func(t *testing.T) {
			goSc, err := buildStage(c.stage)
			if err != nil {
				t.Fatal(err)
			}
			yamlSc, err := scenfile.Load(c.file)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(goSc.Weather, yamlSc.Weather) {
				t.Errorf("weather differs:\n go  %+v\n yaml %+v", goSc.Weather, yamlSc.Weather)
			}
			if !reflect.DeepEqual(goSc.Lockdowns, yamlSc.Lockdowns) {
				t.Errorf("lockdowns differ:\n go  %+v\n yaml %+v", goSc.Lockdowns, yamlSc.Lockdowns)
			}
			sameTwin(t, goSc, yamlSc, "heat")
		})
	}
}

// sameTwin runs both scenarios once with seed 1 and as 3-trial studies and
// reports any difference.
func sameTwin(t *testing.T, a, b *scenario.Scenario, net string) {
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
		if !reflect.DeepEqual(x, y) {
			t.Errorf("%s: go %+v, yaml %+v", m, x, y)
		}
	}
	if sa.LOLE() != sb.LOLE() || sa.EUE() != sb.EUE() {
		t.Errorf("LOLE %g / %g, EUE %g / %g", sa.LOLE(), sb.LOLE(), sa.EUE(), sb.EUE())
	}
}

// TestReport compares the report of a 3-trial run with
// testdata/report.golden (rewrite it with -update) and checks the files
// written.
func TestReport(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	res, err := cityrun.Compute(context.Background(), cfg, cityrun.Options{Out: dir, Trials: 3, Seed: 1, Charts: true}, &out)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(out.String(), dir, "OUT")
	golden := filepath.Join("testdata", "report.golden")
	if *update {
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
}

// checkFiles checks that the output folder holds the JSON result, the CSV
// timeline and PNG charts, none empty.
func checkFiles(t *testing.T, dir string, res *cityrun.Result) {
	t.Helper()
	pngs := 0
	for _, f := range res.Files {
		if filepath.Ext(f) == ".png" {
			pngs++
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
