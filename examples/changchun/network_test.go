package main

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
)

var update = flag.Bool("update", false, "rewrite network.json and testdata/report.golden")

// The figures the network is built from. Source figures cite the report
// [changchun-2022] (Changchun, 10–20 March 2022); everything else is
// an assumption, stated with its reason.
const (
	// [changchun-2022]: 1.72 million piped-gas accounts, 1.42
	// million of them in the city proper; the other 0.30 million are in
	// other cities of the province.
	accountsTotal = 1_720_000
	accountsCity  = 1_420_000
	accountsOuter = accountsTotal - accountsCity
	// [changchun-2022]: 2,920 pressure regulators.
	regulatorsTotal = 2920
	// [changchun-2022]: 8 high-pressure regulating stations on the
	// outer high-pressure ring and 2 gate stations.
	hpStations   = 8
	gateStations = 2
	// [changchun-2022]: 7 branch companies serve the city proper.
	branches = 7

	// [changchun-2022]: over 80 medical institutions, over 40
	// universities under closed management, over 100 designated isolation
	// hotels, 11 factories still producing, several meal-distribution
	// centres. "Over N" is taken as N+1; "several" as 5 (assumed).
	hospitals   = 81
	campuses    = 41
	hotels      = 101
	mealCentres = 5
	factories   = 11

	// Assumed: about 1.4% of the city's accounts are shops, restaurants,
	// offices, public buildings and gas-fired boiler rooms (the source does
	// not split the 1.42 million), on one regulator in ten.
	commercialAccounts = 20_000
	commercialRegShare = 0.10

	// Demand in m³/h before the hourly profile, lockdown factors and the
	// stay-at-home spike of the scenario. All assumed, chosen so that the
	// city draws the source's 16.68 million m³ over the 10 days
	// ([changchun-2022]: ≈ 69,500 m³/h):
	//   - a household cooks and heats water with gas: 0.75 m³ a day
	//     (typical of north-Chinese cities without gas space heating);
	resPerAccount = 0.75 / 24
	//   - shops, restaurants, boiler rooms: 0.3 m³/h per account, halved
	//     by the closures in the scenario;
	comPerAccount = 0.3
	//   - a hospital's kitchens, laundry and sterilisation steam 50 m³/h,
	//     a closed campus's canteens and boiler house 60 m³/h, a hotel's
	//     kitchen and hot water 15 m³/h, a meal-distribution centre
	//     40 m³/h, a producing factory 1,000 m³/h (process heat).
	hospitalDemand = 50
	campusDemand   = 60
	hotelDemand    = 15
	mealDemand     = 40
	factoryDemand  = 1000

	// Capacities (m³/h), all assumed: the source gives none.
	//   - each gate station 60,000: together above the city's evening
	//     peak of about 107,000;
	gateCapacity = 60_000
	//   - each high-pressure station 20,000: the city's peak with one of
	//     the eight out (N-1);
	hpCapacity = 20_000
	//   - a regulator 2.5 × its consumers' base demand: above the evening
	//     peak (profile 1.88 × lockdown factor up to 1.15 = 2.16);
	regMargin = 2.5
	//   - the other cities' own gate and LNG stations, 20,000 in all.
	outerCapacity = 20_000

	// Line pack of the outer high-pressure ring ([changchun-2022]
	// names it as a reserve but gives no size). Assumed: about 100 km of
	// DN 600 pipe (28,000 m³ of pipe) operated between 1.6 and 4.0 MPa
	// holds about 670,000 m³ that can be drawn; 600,000 m³ is taken, drawn
	// at up to 30,000 m³/h and refilled from the trunk line at 3,000 m³/h.
	linePackLevel  = 600_000
	linePackRate   = 30_000
	linePackCharge = 3_000
	// LNG peak-shaving plant ([changchun-2022]: LNG emergency
	// storage at the peak-shaving plant). Assumed: 3,000 m³ of LNG, about
	// 1.8 million m³ of gas (600:1), sent out at up to 15,000 m³/h;
	// refilled by the trucks of the scenario's deliveries.
	lngLevel = 1_800_000
	lngRate  = 15_000
)

// Lockdown levels of the zones of each branch, and the share of the
// branch's regulators (and accounts) in each. Assumed: the source names the
// three kinds of area in every branch's service area but gives no shares.
var levels = []struct {
	name  string
	share float64
}{{"sealed", 0.15}, {"controlled", 0.35}, {"precaution", 0.50}}

// Share of the city's regulators and accounts in each branch (assumed:
// the source gives no split).
var branchShare = [branches]float64{0.17, 0.16, 0.15, 0.14, 0.14, 0.12, 0.12}

// apportion splits total into whole parts proportional to shares by the
// largest-remainder method, so that the parts sum to total exactly.
func apportion(total int, shares []float64) []int {
	var sum float64
	for _, s := range shares {
		sum += s
	}
	out := make([]int, len(shares))
	rem := make([]float64, len(shares))
	left := total
	for i, s := range shares {
		x := float64(total) * s / sum
		out[i] = int(math.Floor(x))
		rem[i] = x - float64(out[i])
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// spread splits total into n whole parts of varying size (±40% around the
// mean, from a fixed pseudo-random stream) that sum to total exactly.
func spread(rng *rand.Rand, total, n int) []int {
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.6 + 0.8*rng.Float64()
	}
	return apportion(total, w)
}

// round3 rounds to 3 decimals so that the network file stays readable.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// genNetwork builds the Changchun gas network from the figures above.
//
//	gate-1, gate-2 → ring-1 … ring-8 (the outer high-pressure ring, with
//	the line pack and the LNG plant on it) → hp-1 … hp-8 (high-pressure
//	regulating stations) → mp-b1 … mp-b7 (each branch's sub-high and
//	medium-pressure grid, fed from two neighbouring stations) →
//	regulators → consumers (low pressure).
//
// Residential and commercial consumers are the accounts behind one
// regulator, aggregated; every priority customer has a regulator of its
// own. The other cities of the province hang on their own supply.
func genNetwork() (*network.Network, error) {
	rng := rand.New(rand.NewPCG(2022, 310))
	b := network.NewBuilder(network.Gas)
	b.SetName("Changchun piped gas")

	// Zones: three lockdown levels in each branch's area, and the other
	// cities.
	for k := 1; k <= branches; k++ {
		for _, lv := range levels {
			b.AddZone(network.Zone{ID: fmt.Sprintf("b%d-%s", k, lv.name),
				Name: fmt.Sprintf("Branch %d, %s areas", k, lv.name)})
		}
	}
	b.AddZone(network.Zone{ID: "outer", Name: "Other cities of the province"})

	// Sources, then the reserves (the scenario decides when the reserves
	// may be drawn).
	for g := 1; g <= gateStations; g++ {
		b.AddNode(network.Node{ID: fmt.Sprintf("gate-%d", g), Role: network.Source, Capacity: gateCapacity})
	}
	b.AddNode(network.Node{ID: "outer-supply", Role: network.Source, Zone: "outer", Capacity: outerCapacity})
	b.AddNode(network.Node{ID: "linepack", Role: network.Storage, Capacity: linePackRate,
		Level: linePackLevel, MaxLevel: linePackLevel, ChargeRate: linePackCharge})
	b.AddNode(network.Node{ID: "lng-plant", Role: network.Storage, Capacity: lngRate,
		Level: lngLevel, MaxLevel: lngLevel})

	// The ring and its stations.
	for k := 1; k <= hpStations; k++ {
		b.AddNode(network.Node{ID: fmt.Sprintf("ring-%d", k), Role: network.Junction})
		b.AddNode(network.Node{ID: fmt.Sprintf("hp-%d", k), Role: network.Station, Capacity: hpCapacity})
	}
	for k := 1; k <= branches; k++ {
		b.AddNode(network.Node{ID: fmt.Sprintf("mp-b%d", k), Role: network.Junction})
	}
	b.AddNode(network.Node{ID: "mp-outer", Role: network.Junction, Zone: "outer"})

	b.AddLink(network.Link{ID: "gate-1-ring", From: "gate-1", To: "ring-1", OneWay: true})
	b.AddLink(network.Link{ID: "gate-2-ring", From: "gate-2", To: "ring-5", OneWay: true})
	b.AddLink(network.Link{ID: "linepack-ring-3", From: "linepack", To: "ring-3"})
	b.AddLink(network.Link{ID: "linepack-ring-7", From: "linepack", To: "ring-7"})
	b.AddLink(network.Link{ID: "lng-ring", From: "lng-plant", To: "ring-4", OneWay: true})
	for k := 1; k <= hpStations; k++ {
		next := k%hpStations + 1
		b.AddLink(network.Link{ID: fmt.Sprintf("ring-%d-%d", k, next), From: fmt.Sprintf("ring-%d", k), To: fmt.Sprintf("ring-%d", next)})
		b.AddLink(network.Link{ID: fmt.Sprintf("hp-%d-in", k), From: fmt.Sprintf("ring-%d", k), To: fmt.Sprintf("hp-%d", k), OneWay: true})
	}
	// Branch k is fed by stations k and k+1.
	for k := 1; k <= branches; k++ {
		for _, h := range []int{k, k + 1} {
			b.AddLink(network.Link{ID: fmt.Sprintf("hp-%d-b%d", h, k), From: fmt.Sprintf("hp-%d", h), To: fmt.Sprintf("mp-b%d", k), OneWay: true})
		}
	}
	b.AddLink(network.Link{ID: "outer-main", From: "outer-supply", To: "mp-outer", OneWay: true})

	// addCustomer adds regulator reg, fed from mp by link reg-in, and
	// consumer id behind it on link reg-out.
	addCustomer := func(reg, id, zone, mp, class string, demand float64, customers int, margin float64) {
		demand = round3(demand)
		if class == network.Residential {
			class = "" // the default
		}
		b.AddNode(network.Node{ID: reg, Role: network.Station, Zone: zone, Capacity: round3(margin * demand)})
		b.AddNode(network.Node{ID: id, Role: network.Consumer, Zone: zone, Class: class, Demand: demand, Customers: customers})
		b.AddLink(network.Link{ID: reg + "-in", From: mp, To: reg, OneWay: true})
		b.AddLink(network.Link{ID: reg + "-out", From: reg, To: id, OneWay: true})
	}

	// Priority customers: one regulator each, spread over the branches
	// and their zones in turn; factories still producing are in
	// precaution areas (assumed: work went on where people could move).
	priority := []struct {
		prefix, class string
		n             int
		demand        float64
	}{
		{"hospital", network.Critical, hospitals, hospitalDemand},
		{"campus", network.Essential, campuses, campusDemand},
		{"hotel", network.Essential, hotels, hotelDemand},
		{"meals", network.Essential, mealCentres, mealDemand},
		{"factory", network.Industrial, factories, factoryDemand},
	}
	nPriority := 0
	slot := 0
	for _, p := range priority {
		// Sizes vary ±40% around the mean; the total is kept.
		w := make([]float64, p.n)
		var sum float64
		for i := range w {
			w[i] = 0.6 + 0.8*rng.Float64()
			sum += w[i]
		}
		for i := range p.n {
			k := slot%branches + 1
			lv := levels[(slot/branches)%len(levels)].name
			if p.class == network.Industrial {
				lv = "precaution"
			}
			slot++
			zone := fmt.Sprintf("b%d-%s", k, lv)
			id := fmt.Sprintf("%s-%02d", p.prefix, i+1)
			if p.n > 99 {
				id = fmt.Sprintf("%s-%03d", p.prefix, i+1)
			}
			addCustomer("reg-"+id, id, zone, fmt.Sprintf("mp-b%d", k), p.class,
				p.demand*float64(p.n)*w[i]/sum, 1, 2)
		}
		nPriority += p.n
	}

	// Residential and commercial regulators of the city, by branch and
	// zone.
	regOuter := int(math.Round(regulatorsTotal * float64(accountsOuter) / accountsTotal))
	regCity := regulatorsTotal - regOuter - nPriority
	regCom := int(math.Round(commercialRegShare * float64(regCity)))
	regRes := regCity - regCom
	resAccounts := accountsCity - commercialAccounts - nPriority

	lvShares := make([]float64, len(levels))
	for i, lv := range levels {
		lvShares[i] = lv.share
	}
	resByBranch := apportion(regRes, branchShare[:])
	comByBranch := apportion(regCom, branchShare[:])
	resAcc := spread(rng, resAccounts, regRes)
	comAcc := spread(rng, commercialAccounts, regCom)
	ri, ci := 0, 0
	for k := 1; k <= branches; k++ {
		mp := fmt.Sprintf("mp-b%d", k)
		resByZone := apportion(resByBranch[k-1], lvShares)
		comByZone := apportion(comByBranch[k-1], lvShares)
		for z, lv := range levels {
			zone := fmt.Sprintf("b%d-%s", k, lv.name)
			n := 0 // regulators of the zone
			for range resByZone[z] {
				n++
				sfx := fmt.Sprintf("b%d%s-%03d", k, lv.name[:1], n)
				addCustomer("reg-"+sfx, "res-"+sfx, zone, mp, network.Residential,
					resPerAccount*float64(resAcc[ri]), resAcc[ri], regMargin)
				ri++
			}
			for range comByZone[z] {
				n++
				sfx := fmt.Sprintf("b%d%s-%03d", k, lv.name[:1], n)
				addCustomer("reg-"+sfx, "com-"+sfx, zone, mp, network.Commercial,
					comPerAccount*float64(comAcc[ci]), comAcc[ci], regMargin)
				ci++
			}
		}
	}

	// The other cities: households only (assumed: the source gives no
	// priority customers there).
	outerAcc := spread(rng, accountsOuter, regOuter)
	for i := range regOuter {
		sfx := fmt.Sprintf("outer-%03d", i+1)
		addCustomer("reg-"+sfx, "res-"+sfx, "outer", "mp-outer", network.Residential,
			resPerAccount*float64(outerAcc[i]), outerAcc[i], regMargin)
	}
	return b.Build()
}

// TestNetworkFile checks that network.json is what genNetwork builds; run
// with -update to rewrite it.
func TestNetworkFile(t *testing.T) {
	net, err := genNetwork()
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, network.Encode(&buf, net, network.JSON))
	if *update {
		require.NoError(t, os.WriteFile("network.json", buf.Bytes(), 0o644))
	}
	got, err := os.ReadFile("network.json")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(buf.Bytes(), got), "network.json is stale; run go test ./examples/changchun -run TestNetworkFile -update")
}

// TestNetworkFigures checks the source figures in the network file.
func TestNetworkFigures(t *testing.T) {
	net := loadNetwork(t)
	count := map[network.Role]int{}
	for i := range net.NumNodes() {
		count[net.Role(i)]++
	}
	// 2,920 regulators plus the 8 high-pressure stations.
	assert.Equal(t, regulatorsTotal+hpStations, count[network.Station])
	assert.Equal(t, gateStations+1, count[network.Source]) // and the other cities' supply
	assert.Equal(t, 2, count[network.Storage])
	customers := 0
	byClass := map[string]int{}
	for _, c := range net.Consumers() {
		customers += net.Customers(int(c))
		byClass[net.Class(net.NodeClass(int(c))).Name]++
	}
	assert.Equal(t, accountsTotal, customers)
	assert.Equal(t, hospitals, byClass[network.Critical])
	assert.Equal(t, campuses+hotels+mealCentres, byClass[network.Essential])
	assert.Equal(t, factories, byClass[network.Industrial])
	assert.Empty(t, net.Unreached())
}
