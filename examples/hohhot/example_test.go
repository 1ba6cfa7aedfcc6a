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

var update = flag.Bool("update", false, "rewrite heat.yaml, gas.yaml and testdata/report.golden")

// TestCalibration checks the figures of 002_8c7f816d60105d75.txt in the
// networks and the scenario.
func TestCalibration(t *testing.T) {
	sc, err := build()
	if err != nil {
		t.Fatal(err)
	}
	heat := sc.Utilities[0].Net
	kinds := map[string]int{}
	roles := map[network.Role]int{}
	var area float64
	var customers int
	for v := range heat.NumNodes() {
		nd := heat.Node(v)
		roles[nd.Role]++
		if nd.Role == network.Source {
			kinds[nd.Attrs["type"]]++
		}
		area += nd.Area
		customers += nd.Customers
	}
	want := map[string]int{"CHP network": 2, "long-distance network": 1, "heat plant": 10, "coal-fired boiler": 2, "gas boiler room": 93}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("sources %v, want %v", kinds, want)
	}
	if roles[network.Station] != 812 || roles[network.Consumer] != 3000 {
		t.Errorf("%d stations, %d consumers; want 812, 3000", roles[network.Station], roles[network.Consumer])
	}
	if area != 85_710_000 || customers != 626_700 {
		t.Errorf("area %.0f m², %d customers; want 85710000, 626700", area, customers)
	}
	var stations, boilers, cCust int
	var cArea float64
	for _, c := range compounds(heat) {
		stations += len(c.sites) - c.boilers
		boilers += c.boilers
		cCust += c.customers
		cArea += c.area
	}
	if stations != 24 || boilers != 3 || cArea != 5_159_000 || cCust != 38_500 {
		t.Errorf("sealed: %d stations, %d boiler rooms, %.0f m², %d customers; want 24, 3, 5159000, 38500",
			stations, boilers, cArea, cCust)
	}
	// The largest sources are the long-distance and CHP networks.
	cap := func(id string) float64 { v, _ := heat.NodeIndex(id); return heat.Capacity(v) }
	for _, big := range []string{"ld1", "chp1", "chp2"} {
		for v := range heat.NumNodes() {
			if heat.Role(v) == network.Source && heat.Node(v).Attrs["type"] != "CHP network" &&
				heat.NodeID(v) != "ld1" && heat.Capacity(v) >= cap(big) {
				t.Errorf("%s (%.0f kW) is not larger than %s (%.0f kW)", big, cap(big), heat.NodeID(v), heat.Capacity(v))
			}
		}
	}
	mobile, members, closed := 0, 0, 0
	for i := range sc.Crew.NumTeams() {
		tm := sc.Crew.Team(i)
		switch {
		case tm.ClosedLoop():
			closed++
		case strings.HasPrefix(tm.ID, "er"):
			mobile++
			members += tm.Size
		}
	}
	if mobile != 15 || members != 248 || closed != 27 {
		t.Errorf("%d emergency teams of %d people, %d closed-loop teams; want 15, 248, 27", mobile, members, closed)
	}
	low := sc.Weather.Outdoor[0]
	for _, x := range sc.Weather.Outdoor {
		low = min(low, x)
	}
	if low != coldestOut || len(sc.Weather.Outdoor) != 336 {
		t.Errorf("coldest hour %g °C over %d hours; want -18 over 336", low, len(sc.Weather.Outdoor))
	}
}

// TestTwin checks that hohhot.yaml gives the same results as build().
func TestTwin(t *testing.T) {
	goSc, err := build()
	if err != nil {
		t.Fatal(err)
	}
	yamlSc, err := scenfile.Load("hohhot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(goSc.Weather, yamlSc.Weather) {
		t.Errorf("weather differs:\n go  %+v\n yaml %+v", goSc.Weather, yamlSc.Weather)
	}
	sameTwin(t, goSc, yamlSc, "heat")
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
