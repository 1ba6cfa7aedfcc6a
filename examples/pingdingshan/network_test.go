package main

import (
	"bytes"
	"github.com/lifeline-sim/lifeline/examples/internal/calib"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// The two networks of this example are committed as steam.yaml (before the
// conversion) and water.yaml (after). They share the heat stations and the
// consumers of one synthetic network of package synth and differ in their
// sources and pipes. Rewrite them with
//
//	go test ./examples/pingdingshan -run TestNetworkFiles -update
//
// (the same flag rewrites the golden report).
//
// [pingdingshan-2021] describes the conversion of the old city's
// central heating from steam to hot water and the new heat source at the
// Yaomeng power plant, but gives no sizes: every figure here is assumed.
const (
	genSeed      = 2021
	genStations  = 120 // heat (exchanger) stations of the old city (assumed)
	genConsumers = 800 // building groups (assumed)
	genDistricts = 6   // districts (assumed)

	area      = 8_000_000 // m² heated (assumed)
	customers = 80_000    // accounts, 100 m² each (assumed)
	// Design heat load: 50 W/m² at the design outdoor temperature
	// (assumed: the area heat index of Chinese practice for older housing,
	// the old city's stock), 400 MW in all.
	wPerM2 = 50

	// Both networks: stations and pipes sized at 1.3 × the design load
	// below them, the sources at 1.15 × the design load of what they feed
	// (assumed planning margins).
	linkMargin   = 1.3
	supplyMargin = 1.15
	// Heat lost on the way, as a share of what enters a pipe (assumed
	// typical figures): a steam network loses 10–15% through radiation,
	// traps and condensate that never returns (12% here); a hot-water
	// network 3–5% (4% here); the secondary networks behind the stations
	// carry hot water in both. The losses are modelled as link Loss (a
	// derate of the pipe), and the sources' capacities below are net of
	// them: what they can deliver into the network.
	steamLoss = 0.12
	waterLoss = 0.04
	// The Yaomeng power plant's heat supply: assumed 320 MW (80% of the
	// old city's design load), through a transmission main of 340 MW to a
	// hub that feeds the two old sources' sites, which become pumping and
	// peak stations of the hot-water network.
	yaomengKW = 320_000
	mainKW    = 340_000
	branchKW  = 200_000

	nonResM2PerAccount = 20_000
)

// genNets builds the network before (steam) and after (hot water).
func genNets() (steam, water *network.Network, err error) {
	syn, err := synth.Generate(synth.Params{
		Kind: network.Heat, Sources: 2, Stations: genStations, Consumers: genConsumers,
		MeshShare: 0.05, Zones: genDistricts, Seed: genSeed,
		ClassMix: [5]float64{0.01, 0.03, 0.82, 0.12, 0.02}, // assumed
	})
	if err != nil {
		return nil, nil, err
	}
	const nSrc = 2
	parent := make([]int, genStations) // station index, or −1−source
	zone := make([]string, genStations)
	for j := range genStations {
		li, _ := syn.LinkIndex("t" + strconv.Itoa(j))
		from, _ := syn.LinkEnds(li)
		if from < nSrc {
			parent[j] = -1 - from
		} else {
			parent[j] = from - nSrc
		}
		zone[j] = syn.Node(nSrc + j).Zone
	}
	cSt := make([]int, genConsumers)
	class := make([]string, genConsumers)
	weight := make([]float64, genConsumers)
	for k := range genConsumers {
		li, _ := syn.LinkIndex("f" + strconv.Itoa(k))
		from, _ := syn.LinkEnds(li)
		cSt[k] = from - nSrc
		nd := syn.Node(nSrc + genStations + k)
		class[k] = nd.Class
		weight[k] = nd.Demand
	}
	areas := calib.Apportion(area, weight)
	cust := make([]int, genConsumers)
	left := customers
	var res []int
	var resW []float64
	for k := range genConsumers {
		if class[k] == network.Residential {
			res = append(res, k)
			resW = append(resW, float64(areas[k]))
			continue
		}
		cust[k] = 1 + areas[k]/nonResM2PerAccount
		left -= cust[k]
	}
	for i, c := range calib.Apportion(left, resW) {
		cust[res[i]] = c
	}
	demand := make([]float64, genConsumers)
	sub := make([]float64, genStations)
	for k := range genConsumers {
		demand[k] = float64(areas[k]) * wPerM2 / 1000
		sub[cSt[k]] += demand[k]
	}
	var srcLoad [nSrc]float64
	for j := genStations - 1; j >= 0; j-- {
		if p := parent[j]; p >= 0 {
			sub[p] += sub[j]
		} else {
			srcLoad[-1-p] += sub[j]
		}
	}
	srcZone := [nSrc]string{}
	for j := genStations - 1; j >= 0; j-- {
		if p := parent[j]; p < 0 {
			srcZone[-1-p] = zone[j]
		}
	}

	build := func(isSteam bool) (*network.Network, error) {
		loss := waterLoss
		name := "Pingdingshan old city heating after the conversion: hot water with the Yaomeng source (model)"
		kinds := [nSrc]string{"hot-water peak plant (former CHP steam)", "hot-water peak plant (former steam boilers)"}
		ids := [nSrc]string{"plant1", "plant2"}
		if isSteam {
			loss = steamLoss
			name = "Pingdingshan old city heating before the conversion: steam (model)"
			kinds = [nSrc]string{"CHP steam extraction", "steam boiler house"}
		}
		b := network.NewBuilder(network.Heat)
		b.SetName(name)
		for z := range genDistricts {
			b.AddZone(network.Zone{ID: "z" + strconv.Itoa(z), Name: "District " + strconv.Itoa(z+1)})
		}
		for s := range nSrc {
			b.AddNode(network.Node{ID: ids[s], Role: network.Source, Zone: srcZone[s], NeedsOperators: true,
				Capacity: math.Ceil(supplyMargin*(1-loss)*srcLoad[s]/1000) * 1000, Attrs: map[string]string{"type": kinds[s]}})
		}
		if !isSteam {
			b.AddNode(network.Node{ID: "yaomeng", Role: network.Source, Capacity: yaomengKW, NeedsOperators: true,
				Attrs: map[string]string{"type": "Yaomeng power plant (CHP, new heat source)"}})
			b.AddNode(network.Node{ID: "ym-hub", Role: network.Junction, Attrs: map[string]string{"type": "transmission hub"}})
		}
		for j := range genStations {
			b.AddNode(network.Node{ID: "st" + strconv.Itoa(j), Role: network.Station, Zone: zone[j], Capacity: math.Ceil(linkMargin * sub[j])})
		}
		for k := range genConsumers {
			c := class[k]
			if c == network.Residential {
				c = ""
			}
			b.AddNode(network.Node{ID: "c" + strconv.Itoa(k), Role: network.Consumer, Zone: zone[cSt[k]], Class: c,
				Demand: demand[k], Area: float64(areas[k]), Customers: cust[k]})
		}
		if !isSteam {
			b.AddLink(network.Link{ID: "ym-main", From: "yaomeng", To: "ym-hub", Capacity: mainKW, OneWay: true, Loss: loss})
			for s := range nSrc {
				b.AddLink(network.Link{ID: "ym-" + ids[s], From: "ym-hub", To: ids[s], Capacity: branchKW, OneWay: true, Loss: loss})
			}
		}
		for j := range genStations {
			from := ""
			if p := parent[j]; p >= 0 {
				from = "st" + strconv.Itoa(p)
			} else {
				from = ids[-1-p]
			}
			b.AddLink(network.Link{ID: "t" + strconv.Itoa(j), From: from, To: "st" + strconv.Itoa(j),
				Capacity: math.Ceil(linkMargin * sub[j]), Loss: loss})
		}
		for k := range genConsumers {
			b.AddLink(network.Link{ID: "f" + strconv.Itoa(k), From: "st" + strconv.Itoa(cSt[k]), To: "c" + strconv.Itoa(k), OneWay: true,
				Capacity: math.Ceil(linkMargin * demand[k]), Loss: waterLoss})
		}
		for li := range syn.NumLinks() {
			l := syn.Link(li)
			if l.ID[0] != 'm' {
				continue
			}
			u, _ := syn.NodeIndex(l.From)
			v, _ := syn.NodeIndex(l.To)
			b.AddLink(network.Link{ID: l.ID, From: l.From, To: l.To,
				Capacity: math.Ceil(linkMargin * min(sub[u-nSrc], sub[v-nSrc])), Loss: loss})
		}
		return b.Build()
	}
	if steam, err = build(true); err != nil {
		return nil, nil, err
	}
	water, err = build(false)
	return steam, water, err
}

// TestNetworkFiles checks that steam.yaml and water.yaml are what genNets
// makes (with -update: writes them).
func TestNetworkFiles(t *testing.T) {
	steam, water, err := genNets()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		net  *network.Network
	}{{"steam.yaml", steam}, {"water.yaml", water}} {
		var buf bytes.Buffer
		if err := network.Encode(&buf, f.net, network.YAML); err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(f.name, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(old, buf.Bytes()) {
			t.Errorf("%s differs from what genNets makes; run go test -run TestNetworkFiles -update", f.name)
		}
	}
}
