package main

import (
	"bytes"
	"fmt"
	"github.com/lifeline-sim/lifeline/examples/internal/calib"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// The networks of this example are committed as heat.yaml and gas.yaml.
// They are generated here: a synthetic heat network from package synth,
// reshaped to the figures of [hohhot-2022], and a small gas
// network feeding the gas-fired boiler rooms. Rewrite them with
//
//	go test ./examples/hohhot -run TestNetworkFiles -update
//
// (and then the golden report too: the same flag rewrites it).

// Figures of the heat network.
const (
	genSeed   = 2022 // synth seed
	genRoots  = 580  // synth sources, merged into the 108 heat sources below
	genCons   = 3000 // consumer nodes, each a group of buildings with its customers and heated area (assumed detail: station-level results, a 14-day trial in a fraction of a second)
	stations  = 812  // [hohhot-2022]: 812 heat stations
	gasRooms  = 93   // [hohhot-2022]: 93 gas-fired boiler rooms
	districts = 10   // heating districts (assumed: the group runs its networks through district operating units; the count is not in the source)

	totalArea      = 85_710_000 // m²; [hohhot-2022]: 85.71 million m² heated area
	totalCustomers = 626_700    // [hohhot-2022]: 626,700 customer accounts
	sealedArea     = 5_159_000  // m²; [hohhot-2022]: 5.159 million m² inside sealed compounds
	sealedCust     = 38_500     // [hohhot-2022]: 38,500 customers inside sealed compounds

	// Design heat load per m² of heated floor at the design outdoor
	// temperature: assumed 45 W/m², between the 40–45 W/m² of energy-saving
	// housing and the 55–65 W/m² of older blocks in the area heat indices
	// of Chinese district heating practice (CJJ 34), for a stock that is
	// mostly post-2000 housing. It gives a design load of 3,857 MW and,
	// over a 183-day season averaging −4 °C outdoors (assumed), about
	// 0.45 GJ/m² a season.
	wPerM2 = 45

	// Source capacity over the design load of the stations it feeds:
	// assumed 1.15, a 15% reserve as planned for district heating sources;
	// at −18 °C with people at home it is almost used up.
	supplyMargin = 1.15
	// Capacity of a station, of the primary pipe that feeds it and of a
	// secondary network over the design load below it (assumed 1.3).
	linkMargin = 1.3

	// Non-residential consumers count one customer account per started
	// 20,000 m² (assumed: one account per public building or company).
	nonResM2PerAccount = 20_000
)

// heatSource is one of the 15 large heat sources and the number of synth
// roots (groups of about 1.4 stations) it takes over, which sets its size.
type heatSource struct {
	id, kind string
	roots    int
}

// largeSources: [hohhot-2022]: 2 CHP networks, 1 long-distance
// transmission network, 10 heat-source plants, 2 coal-fired boilers (and 93
// gas boiler rooms, below). Their sizes are assumed (not in the source): the
// long-distance and CHP networks are the largest, 14%, 13% and 12% of the
// source capacity in the generated network; the plants 2–6% each, the coal
// boilers 2–3% each, and the 93 gas boiler rooms 15% together.
var largeSources = []heatSource{
	{"ld1", "long-distance network", 90},
	{"chp1", "CHP network", 80},
	{"chp2", "CHP network", 70},
	{"plant01", "heat plant", 30},
	{"plant02", "heat plant", 26},
	{"plant03", "heat plant", 24},
	{"plant04", "heat plant", 22},
	{"plant05", "heat plant", 22},
	{"plant06", "heat plant", 20},
	{"plant07", "heat plant", 20},
	{"plant08", "heat plant", 18},
	{"plant09", "heat plant", 18},
	{"plant10", "heat plant", 15},
	{"coal1", "coal-fired boiler", 16},
	{"coal2", "coal-fired boiler", 16},
}

// Sealed compounds: [hohhot-2022]: 24 heat stations and 3
// boiler rooms inside sealed compounds. How they group into compounds is
// assumed: three compounds each with its own gas boiler room and station,
// six compounds of 3–4 stations on the primary networks (24 stations in all).
var (
	boilerCompoundAt = []int{10, 40, 70}                  // search from these gas boiler rooms for one feeding a single station
	stationCompounds = []int{4, 4, 4, 3, 3, 3}            // stations in each of the other compounds
	compoundStartAt  = []int{70, 200, 330, 460, 590, 720} // search from these stations (depth-first order)
)

// genHeat builds the heat network.
func genHeat() (*network.Network, *genInfo, error) {
	syn, err := synth.Generate(synth.Params{
		Kind: network.Heat, Sources: genRoots, Stations: stations, Consumers: genCons,
		MeshShare: 0.05, Zones: districts, Seed: genSeed,
		// Consumers by class: hospitals, isolation hotels and closed
		// campuses, homes, shops and offices, industry (assumed).
		ClassMix: [5]float64{0.01, 0.03, 0.80, 0.14, 0.02},
	})
	if err != nil {
		return nil, nil, err
	}
	nSrc := genRoots
	// Which heat source each synth root becomes: gas boiler rooms spread
	// evenly among the roots, the large sources in contiguous runs.
	owner := make([]int, genRoots) // index into sourceIDs
	isGas := make([]bool, genRoots)
	for j := range gasRooms {
		isGas[(2*j+1)*genRoots/(2*gasRooms)] = true
	}
	nLarge := len(largeSources)
	g, l, left := 0, 0, largeSources[0].roots
	for r := range genRoots {
		if isGas[r] {
			owner[r] = nLarge + g
			g++
			continue
		}
		for left == 0 {
			l++
			left = largeSources[l].roots
		}
		owner[r] = l
		left--
	}
	if g != gasRooms || l != nLarge-1 || left != 0 {
		return nil, nil, fmt.Errorf("root plan: %d gas, %d large, %d left", g, l, left)
	}
	var srcID, srcKind []string
	for _, s := range largeSources {
		srcID = append(srcID, s.id)
		srcKind = append(srcKind, s.kind)
	}
	for j := range gasRooms {
		srcID = append(srcID, fmt.Sprintf("gas%02d", j+1))
		srcKind = append(srcKind, "gas boiler room")
	}

	// Stations: parent, owner, leaf, district.
	stParent := make([]int, stations) // station index, or -1-source
	stOwner := make([]int, stations)
	hasChild := make([]bool, stations)
	stZone := make([]string, stations)
	for j := range stations {
		li, _ := syn.LinkIndex("t" + strconv.Itoa(j))
		from, _ := syn.LinkEnds(li)
		if from < nSrc {
			stParent[j] = -1 - owner[from]
			stOwner[j] = owner[from]
		} else {
			p := from - nSrc
			stParent[j] = p
			stOwner[j] = stOwner[p]
			hasChild[p] = true
		}
		stZone[j] = syn.Node(nSrc + j).Zone
	}
	// Consumers: station, class, weight.
	cSt := make([]int, genCons)
	cClass := make([]string, genCons)
	weight := make([]float64, genCons)
	for k := range genCons {
		li, _ := syn.LinkIndex("f" + strconv.Itoa(k))
		from, _ := syn.LinkEnds(li)
		cSt[k] = from - nSrc
		nd := syn.Node(nSrc + stations + k)
		cClass[k] = nd.Class
		weight[k] = nd.Demand
	}

	// Sealed compounds.
	info := &genInfo{}
	stComp := make([]int, stations) // compound number from 1, 0 for none
	srcComp := make([]int, len(srcID))
	stationsOf := func(src int) []int {
		var out []int
		for j := range stations {
			if stOwner[j] == src {
				out = append(out, j)
			}
		}
		return out
	}
	for _, at := range boilerCompoundAt {
		for gi := at; ; gi++ {
			if gi >= gasRooms {
				return nil, nil, fmt.Errorf("no gas boiler room with one station after %d", at)
			}
			sts := stationsOf(nLarge + gi)
			if len(sts) == 1 && srcComp[nLarge+gi] == 0 {
				n := len(info.compounds) + 1
				srcComp[nLarge+gi] = n
				stComp[sts[0]] = n
				info.compounds = append(info.compounds, compound{district: stZone[sts[0]], boiler: srcID[nLarge+gi], stations: []string{stID(sts[0])}})
				break
			}
		}
	}
	for i, size := range stationCompounds {
		n := len(info.compounds) + 1
		c := compound{}
		for j := compoundStartAt[i]; len(c.stations) < size; j++ {
			if j >= stations {
				return nil, nil, fmt.Errorf("compound %d: ran out of stations", n)
			}
			if hasChild[j] || stOwner[j] >= nLarge || stComp[j] != 0 {
				continue
			}
			if c.district == "" {
				c.district = stZone[j]
			} else if stZone[j] != c.district {
				continue
			}
			stComp[j] = n
			c.stations = append(c.stations, stID(j))
		}
		info.compounds = append(info.compounds, c)
	}
	compZone := func(n int) string { return "cp" + strconv.Itoa(n) }

	// Areas and customers, with exact totals inside and outside the
	// compounds.
	inComp := make([]bool, genCons)
	for k := range genCons {
		inComp[k] = stComp[cSt[k]] != 0
	}
	area := make([]float64, genCons)
	cust := make([]int, genCons)
	for _, sealed := range []bool{true, false} {
		var idx []int
		for k := range genCons {
			if inComp[k] == sealed {
				idx = append(idx, k)
			}
		}
		totA, totC := totalArea-sealedArea, totalCustomers-sealedCust
		if sealed {
			totA, totC = sealedArea, sealedCust
		}
		w := make([]float64, len(idx))
		for i, k := range idx {
			w[i] = weight[k]
		}
		for i, a := range calib.Apportion(totA, w) {
			area[idx[i]] = float64(a)
		}
		var res []int
		var resW []float64
		for _, k := range idx {
			if cClass[k] == network.Residential {
				res = append(res, k)
				resW = append(resW, area[k])
				continue
			}
			cust[k] = 1 + int(area[k])/nonResM2PerAccount
			totC -= cust[k]
		}
		for i, c := range calib.Apportion(totC, resW) {
			cust[res[i]] = c
		}
	}
	demand := make([]float64, genCons)
	for k := range genCons {
		demand[k] = area[k] * wPerM2 / 1000 // kW
	}
	sub := make([]float64, stations)
	for k := range genCons {
		sub[cSt[k]] += demand[k]
	}
	srcLoad := make([]float64, len(srcID))
	for j := stations - 1; j >= 0; j-- {
		if p := stParent[j]; p >= 0 {
			sub[p] += sub[j]
		} else {
			srcLoad[-1-p] += sub[j]
		}
	}

	// Build.
	b := network.NewBuilder(network.Heat)
	b.SetName("Hohhot district heating (model)")
	for z := range districts {
		b.AddZone(network.Zone{ID: "z" + strconv.Itoa(z), Name: "Heating district " + strconv.Itoa(z+1)})
	}
	for i, c := range info.compounds {
		name := fmt.Sprintf("Sealed compound %d", i+1)
		b.AddZone(network.Zone{ID: compZone(i + 1), Name: name, Attrs: map[string]string{"type": "compound", "district": c.district}})
	}
	for s, id := range srcID {
		zone := ""
		for j := range stations {
			if stOwner[j] == s {
				zone = stZone[j]
				break
			}
		}
		if srcComp[s] != 0 {
			zone = compZone(srcComp[s])
		}
		step := 1000.0 // large sources to the MW
		if s >= nLarge {
			step = 100 // boiler rooms to 0.1 MW
		}
		b.AddNode(network.Node{ID: id, Role: network.Source, Zone: zone, NeedsOperators: true,
			Capacity: math.Ceil(supplyMargin*srcLoad[s]/step) * step, Attrs: map[string]string{"type": srcKind[s]}})
	}
	for j := range stations {
		zone := stZone[j]
		if stComp[j] != 0 {
			zone = compZone(stComp[j])
		}
		b.AddNode(network.Node{ID: stID(j), Role: network.Station, Zone: zone, Capacity: math.Ceil(linkMargin * sub[j]),
			NeedsOperators: stComp[j] != 0})
	}
	for k := range genCons {
		zone := stZone[cSt[k]]
		if stComp[cSt[k]] != 0 {
			zone = compZone(stComp[cSt[k]])
		}
		class := cClass[k]
		if class == network.Residential {
			class = ""
		}
		b.AddNode(network.Node{ID: "c" + strconv.Itoa(k), Role: network.Consumer, Zone: zone, Class: class,
			Demand: demand[k], Area: area[k], Customers: cust[k]})
	}
	for j := range stations {
		from := ""
		if p := stParent[j]; p >= 0 {
			from = stID(p)
		} else {
			from = srcID[-1-p]
		}
		b.AddLink(network.Link{ID: "t" + strconv.Itoa(j), From: from, To: stID(j), Capacity: math.Ceil(linkMargin * sub[j])})
	}
	for k := range genCons {
		b.AddLink(network.Link{ID: "f" + strconv.Itoa(k), From: stID(cSt[k]), To: "c" + strconv.Itoa(k), OneWay: true,
			Capacity: math.Ceil(linkMargin * demand[k])})
	}
	for li := range syn.NumLinks() {
		l := syn.Link(li)
		if l.ID[0] != 'm' {
			continue
		}
		u, _ := syn.NodeIndex(l.From)
		v, _ := syn.NodeIndex(l.To)
		c := math.Ceil(linkMargin * min(sub[u-nSrc], sub[v-nSrc]))
		b.AddLink(network.Link{ID: l.ID, From: l.From, To: l.To, Capacity: c})
	}
	net, err := b.Build()
	if err != nil {
		return nil, nil, err
	}
	for s := nLarge; s < len(srcID); s++ {
		info.gas = append(info.gas, gasRoom{id: srcID[s], zone: net.Node(s).Zone, capacity: net.Capacity(s)})
	}
	return net, info, nil
}

func stID(j int) string { return "st" + strconv.Itoa(j) }

// genInfo is what genHeat decided, for the gas network and the checks.
type genInfo struct {
	compounds []compound
	gas       []gasRoom
}

type compound struct {
	district string
	boiler   string
	stations []string
}

type gasRoom struct {
	id, zone string
	capacity float64
}

// Figures of the gas network (all assumed: the source names the 93 gas
// boiler rooms but not the gas system that feeds them).
const (
	// Other piped-gas load of each district at the winter peak (cooking,
	// water heaters, small boilers), m³/h, and its accounts (assumed).
	townGas       = 8000
	townCustomers = 60000
)

// genGas builds the gas network that feeds the boiler rooms: two gate
// stations, one pressure-regulating station per district on a
// medium-pressure ring, the district's other load, and one fuel intake per
// boiler room.
func genGas(info *genInfo) (*network.Network, error) {
	b := network.NewBuilder(network.Gas)
	b.SetName("Hohhot gas supply to boiler rooms (model)")
	load := make([]float64, districts)
	zones := map[string]bool{}
	for z := range districts {
		id := "z" + strconv.Itoa(z)
		b.AddZone(network.Zone{ID: id, Name: "Heating district " + strconv.Itoa(z+1)})
		zones[id] = true
		load[z] = townGas
	}
	district := func(zone string) int {
		if zone[0] == 'c' { // a compound: its district
			var n int
			fmt.Sscanf(zone, "cp%d", &n)
			zone = info.compounds[n-1].district
		}
		z, _ := strconv.Atoi(zone[1:])
		return z
	}
	for i, c := range info.compounds {
		if c.boiler != "" {
			b.AddZone(network.Zone{ID: "cp" + strconv.Itoa(i+1), Name: fmt.Sprintf("Sealed compound %d", i+1),
				Attrs: map[string]string{"type": "compound", "district": c.district}})
		}
	}
	for _, g := range info.gas {
		load[district(g.zone)] += gasPerKW * g.capacity
	}
	var total float64
	for _, x := range load {
		total += x
	}
	// Each gate station can carry 60% of the peak (assumed).
	gate := math.Ceil(0.6*total/1000) * 1000
	b.AddNode(network.Node{ID: "gate1", Role: network.Source, Zone: "z0", Capacity: gate, Attrs: map[string]string{"type": "gate station"}})
	b.AddNode(network.Node{ID: "gate2", Role: network.Source, Zone: "z5", Capacity: gate, Attrs: map[string]string{"type": "gate station"}})
	for z := range districts {
		// A district regulator passes 1.5 × its peak (assumed).
		b.AddNode(network.Node{ID: "rg" + strconv.Itoa(z), Role: network.Station, Zone: "z" + strconv.Itoa(z),
			Capacity: math.Ceil(1.5*load[z]/100) * 100, Attrs: map[string]string{"type": "regulating station"}})
	}
	for z := range districts {
		b.AddNode(network.Node{ID: "town-z" + strconv.Itoa(z), Role: network.Consumer, Zone: "z" + strconv.Itoa(z),
			Demand: townGas, Customers: townCustomers})
	}
	for _, g := range info.gas {
		b.AddNode(network.Node{ID: "fuel-" + g.id, Role: network.Consumer, Zone: g.zone,
			Demand: gasPerKW * g.capacity, Customers: 1})
	}
	for z := range districts {
		gate := "gate1"
		if z >= districts/2 {
			gate = "gate2"
		}
		b.AddLink(network.Link{ID: "hp" + strconv.Itoa(z), From: gate, To: "rg" + strconv.Itoa(z),
			Capacity: math.Ceil(1.5*load[z]/100) * 100})
	}
	for z := range districts {
		// The medium-pressure ring between neighbouring districts carries
		// up to 20,000 m³/h (assumed).
		b.AddLink(network.Link{ID: "ring" + strconv.Itoa(z), From: "rg" + strconv.Itoa(z), To: "rg" + strconv.Itoa((z+1)%districts),
			Capacity: 20000})
	}
	for z := range districts {
		b.AddLink(network.Link{ID: "svc-town-z" + strconv.Itoa(z), From: "rg" + strconv.Itoa(z), To: "town-z" + strconv.Itoa(z), OneWay: true})
	}
	for _, g := range info.gas {
		b.AddLink(network.Link{ID: "svc-" + g.id, From: "rg" + strconv.Itoa(district(g.zone)), To: "fuel-" + g.id, OneWay: true})
	}
	return b.Build()
}

func encodeYAML(net *network.Network) ([]byte, error) {
	var buf bytes.Buffer
	err := network.Encode(&buf, net, network.YAML)
	return buf.Bytes(), err
}

// TestNetworkFiles checks that heat.yaml and gas.yaml are what the
// generator makes (with -update: writes them) and that they hold the
// figures of the source.
func TestNetworkFiles(t *testing.T) {
	heat, info, err := genHeat()
	if err != nil {
		t.Fatal(err)
	}
	gas, err := genGas(info)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		net  *network.Network
	}{{"heat.yaml", heat}, {"gas.yaml", gas}} {
		data, err := encodeYAML(f.net)
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(f.name, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(old, data) {
			t.Errorf("%s differs from what the generator makes; run go test -run TestNetworkFiles -update", f.name)
		}
	}
}
