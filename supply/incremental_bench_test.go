package supply_test

import (
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// BenchmarkIncremental times one outage of a random pendant station or
// consumer feeder and its restoration on a synth network of 10^5 nodes
// (5% mesh), all demand servable: two full solves ("full"), two updates
// naming the changed asset ("incremental"), and two updates that scan the
// state for changes ("incremental-scan"). One op is the outage and the
// restoration.
func BenchmarkIncremental(b *testing.B) {
	net := benchNet(b, 100_000)
	probe := supply.NewIncremental(net, supply.Options{})
	var stations, feeders []supply.Asset
	for v := range net.NumNodes() {
		a := supply.Asset{ID: net.NodeID(v), Index: v}
		if net.Role(v) == network.Station && probe.Pendant(a) {
			stations = append(stations, a)
		}
	}
	for _, c := range net.Consumers() {
		l := int(net.Incident(int(c))[0])
		feeders = append(feeders, supply.Asset{ID: net.LinkID(l), IsLink: true, Index: l})
	}
	r := rand.New(rand.NewPCG(1, 2))
	assets := make([]supply.Asset, 256)
	for i := range assets {
		if i%2 == 0 {
			assets[i] = stations[r.IntN(len(stations))]
		} else {
			assets[i] = feeders[r.IntN(len(feeders))]
		}
	}
	set := func(st *supply.State, a supply.Asset, scale float64) {
		if a.IsLink {
			st.LinkScale[a.Index] = scale
		} else {
			st.NodeScale[a.Index] = scale
		}
	}
	b.Run("full", func(b *testing.B) {
		s := supply.NewSolver(net, supply.Options{})
		st := supply.NewState(net)
		var res supply.Result
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			a := assets[i%len(assets)]
			i++
			set(st, a, 0)
			if err := s.Solve(st, &res); err != nil {
				b.Fatal(err)
			}
			set(st, a, 1)
			if err := s.Solve(st, &res); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, scan := range []bool{false, true} {
		name := "incremental"
		if scan {
			name = "incremental-scan"
		}
		b.Run(name, func(b *testing.B) {
			inc := supply.NewIncremental(net, supply.Options{})
			st := supply.NewState(net)
			var res supply.Result
			if err := inc.Reset(st, &res); err != nil {
				b.Fatal(err)
			}
			update := func(a supply.Asset) {
				var err error
				if scan {
					err = inc.Update(st, &res)
				} else {
					err = inc.UpdateAssets(st, []supply.Asset{a}, &res)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			fast0, full0 := inc.Stats()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				a := assets[i%len(assets)]
				i++
				set(st, a, 0)
				update(a)
				set(st, a, 1)
				update(a)
			}
			fast, full := inc.Stats()
			b.ReportMetric(float64(fast-fast0)/float64(fast-fast0+full-full0), "fast-share")
		})
	}
}
