package main

import (
	"context"
	"flag"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/lifeline-sim/lifeline/examples/internal/twintest"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

var update = flag.Bool("update", false, "rewrite heat.yaml and testdata/report.golden")

// TestCoalYard checks the modelling of the coal yard and what the
// disruption does to it.
func TestCoalYard(t *testing.T) {
	heat, err := loadHeat()
	if err != nil {
		t.Fatal(err)
	}
	v, ok := heat.NodeIndex("coal-yard")
	if !ok {
		t.Fatal("no coal-yard")
	}
	yard := heat.Node(v)
	if yard.Capacity != 4*58_000 || yard.Level != 8000*4600 || yard.MaxLevel != 20_000*4600 {
		t.Errorf("coal yard: rate %g kW, level %g kWh, max %g kWh; want 232000, 36800000, 92000000",
			yard.Capacity, yard.Level, yard.MaxLevel)
	}
	var area float64
	var cust int
	for _, c := range heat.Consumers() {
		nd := heat.Node(int(c))
		area += nd.Area
		cust += nd.Customers
	}
	if area != 4_600_000 || cust != 46_000 {
		t.Errorf("%.0f m², %d customers; want 4600000, 46000", area, cust)
	}
	res := map[Variant]*scenario.NetResult{}
	for _, vr := range []Variant{Disrupted, Regular, Rationed} {
		sc, err := buildVariant(vr)
		if err != nil {
			t.Fatal(err)
		}
		r, err := sc.Run(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		res[vr], _ = r.Net("heat")
	}
	// With regular deliveries the yard never runs dry; with the gap it does,
	// before the deliveries resume; rationing delays it.
	if s := res[Regular].Storage[0]; s.DryAt != -1 {
		t.Errorf("regular deliveries: dry at %g h", s.DryAt)
	}
	d, r := res[Disrupted].Storage[0], res[Rationed].Storage[0]
	if d.DryAt < lastBeforeGap || d.DryAt > resumeAt || math.Abs(d.DryAt+d.DryHours-resumeAt) > 1e-6 {
		t.Errorf("disrupted: dry at %g h for %g h; want between %d and %d, until %d", d.DryAt, d.DryHours, lastBeforeGap, resumeAt, resumeAt)
	}
	if r.DryAt <= d.DryAt || r.DryHours >= d.DryHours {
		t.Errorf("rationed: dry at %g h for %g h, not later and shorter than %g h for %g h", r.DryAt, r.DryHours, d.DryAt, d.DryHours)
	}
	// The heat not supplied while the yard is empty is about the demand of
	// those hours: at least a third of the plant's design load over them.
	if ens := res[Disrupted].Total.ENS() - res[Regular].Total.ENS(); ens < d.DryHours*207_000/3 {
		t.Errorf("ENS from the gap %.0f kWh over %.1f h empty: too small", ens, d.DryHours)
	}
	if res[Rationed].MinIndoor <= res[Disrupted].MinIndoor {
		t.Errorf("lowest indoor rationed %.1f °C, disrupted %.1f °C", res[Rationed].MinIndoor, res[Disrupted].MinIndoor)
	}
}

// TestTwin checks that yantai.yaml gives the same results as build().
func TestTwin(t *testing.T) {
	goSc, err := build()
	if err != nil {
		t.Fatal(err)
	}
	yamlSc, err := scenfile.Load("yantai.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(goSc.Weather, yamlSc.Weather) {
		t.Errorf("weather differs:\n go  %+v\n yaml %+v", goSc.Weather, yamlSc.Weather)
	}
	if !reflect.DeepEqual(goSc.Deliveries, yamlSc.Deliveries) {
		t.Errorf("deliveries differ:\n go  %+v\n yaml %+v", goSc.Deliveries, yamlSc.Deliveries)
	}
	twintest.SameResults(t, goSc, yamlSc, "heat")
}

// TestReport compares the report of a 3-trial run with
// testdata/report.golden (rewrite it with -update) and checks the files
// written.
func TestReport(t *testing.T) {
	twintest.Report(t, cfg, filepath.Join("testdata", "report.golden"), *update)
}
