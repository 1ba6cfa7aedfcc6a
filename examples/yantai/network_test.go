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

// The network of this example is committed as heat.yaml. It is generated
// here from a synthetic network of package synth whose one source becomes
// the coal yard and the boiler house of the plant. Rewrite it with
//
//	go test ./examples/yantai -run TestNetworkFile -update
//
// (the same flag rewrites the golden report).
//
// [yantai-2020] gives no sizes: every figure here is assumed,
// for one coal-fired plant of a city heat company.
const (
	genSeed      = 2020
	genStations  = 60  // heat stations (assumed)
	genConsumers = 480 // building groups (assumed)
	genDistricts = 4   // districts the plant serves (assumed)

	area      = 4_600_000 // m² heated (assumed)
	customers = 46_000    // accounts, 100 m² each (assumed)
	// Design heat load: 45 W/m² at the design outdoor temperature
	// (assumed, as in Hohhot: the area heat index of Chinese practice for
	// mostly post-2000 housing). 207 MW in all.
	wPerM2 = 45
	// The boiler house: 4 coal-fired hot-water boilers of 58 MW (assumed;
	// 58 MW is a standard size of Chinese district heating boilers), 232
	// MW in all: the coal yard's discharge rate is this maximum firing
	// rate in kW of heat.
	boilers    = 4
	boilerKW   = 58_000
	plantKW    = boilers * boilerKW
	linkMargin = 1.3 // stations and pipes over the design load below them (assumed)
	// The coal yard holds up to 20,000 t (assumed) and 8,000 t on
	// 1 February (assumed: about 10 days at the February rate, after the
	// Spring Festival; Chinese heat companies aim to hold 15 days in deep
	// winter).
	yardTonnes         = 20_000
	startTonnes        = 8_000
	nonResM2PerAccount = 20_000
)

// genHeat builds the heat network of the plant.
func genHeat() (*network.Network, error) {
	syn, err := synth.Generate(synth.Params{
		Kind: network.Heat, Sources: 1, Stations: genStations, Consumers: genConsumers,
		MeshShare: 0.05, Zones: genDistricts, Seed: genSeed,
		// Hospitals, essential services, homes, shops, industry (assumed).
		ClassMix: [5]float64{0.01, 0.03, 0.82, 0.12, 0.02},
	})
	if err != nil {
		return nil, err
	}
	const nSrc = 1
	parent := make([]int, genStations) // station index, −1 for the plant
	zone := make([]string, genStations)
	for j := range genStations {
		li, _ := syn.LinkIndex("t" + strconv.Itoa(j))
		from, _ := syn.LinkEnds(li)
		parent[j] = from - nSrc
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
	for j := genStations - 1; j >= 0; j-- {
		if p := parent[j]; p >= 0 {
			sub[p] += sub[j]
		}
	}

	b := network.NewBuilder(network.Heat)
	b.SetName("Yantai coal-fired heat plant and its network (model)")
	for z := range genDistricts {
		b.AddZone(network.Zone{ID: "z" + strconv.Itoa(z), Name: "District " + strconv.Itoa(z+1)})
	}
	b.AddNode(network.Node{ID: "coal-yard", Role: network.Storage, Zone: zone[0], Capacity: plantKW,
		Level: startTonnes * kWhPerTonne, MaxLevel: yardTonnes * kWhPerTonne, Attrs: map[string]string{"type": "coal yard"}})
	b.AddNode(network.Node{ID: "plant", Role: network.Station, Zone: zone[0], Capacity: plantKW, NeedsOperators: true,
		Attrs: map[string]string{"type": "boiler house"}})
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
	b.AddLink(network.Link{ID: "yard-feed", From: "coal-yard", To: "plant", OneWay: true})
	for j := range genStations {
		from := "plant"
		if p := parent[j]; p >= 0 {
			from = "st" + strconv.Itoa(p)
		}
		b.AddLink(network.Link{ID: "t" + strconv.Itoa(j), From: from, To: "st" + strconv.Itoa(j), Capacity: math.Ceil(linkMargin * sub[j])})
	}
	for k := range genConsumers {
		b.AddLink(network.Link{ID: "f" + strconv.Itoa(k), From: "st" + strconv.Itoa(cSt[k]), To: "c" + strconv.Itoa(k), OneWay: true,
			Capacity: math.Ceil(linkMargin * demand[k])})
	}
	for li := range syn.NumLinks() {
		l := syn.Link(li)
		if l.ID[0] != 'm' {
			continue
		}
		u, _ := syn.NodeIndex(l.From)
		v, _ := syn.NodeIndex(l.To)
		b.AddLink(network.Link{ID: l.ID, From: l.From, To: l.To, Capacity: math.Ceil(linkMargin * min(sub[u-nSrc], sub[v-nSrc]))})
	}
	return b.Build()
}

// TestNetworkFile checks that heat.yaml is what genHeat makes (with
// -update: writes it).
func TestNetworkFile(t *testing.T) {
	net, err := genHeat()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := network.Encode(&buf, net, network.YAML); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("heat.yaml", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile("heat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(old, buf.Bytes()) {
		t.Error("heat.yaml differs from what genHeat makes; run go test -run TestNetworkFile -update")
	}
}
