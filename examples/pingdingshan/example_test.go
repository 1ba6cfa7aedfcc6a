package main

import (
	"context"
	"flag"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/lifeline-sim/lifeline/examples/internal/twintest"
	"github.com/lifeline-sim/lifeline/network"
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
			twintest.SameResults(t, goSc, yamlSc, "heat")
		})
	}
}

// TestReport compares the report of a 3-trial run with
// testdata/report.golden (rewrite it with -update) and checks the files
// written.
func TestReport(t *testing.T) {
	twintest.Report(t, cfg, filepath.Join("testdata", "report.golden"), *update)
}
