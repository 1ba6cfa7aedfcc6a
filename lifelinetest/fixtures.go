package lifelinetest

import "github.com/lifeline-sim/lifeline/network"

// Feeder returns a small radial power network (kW), fully served as built:
// a grid infeed feeds one substation, which feeds four consumers of four
// classes over one-way feeders.
//
//	grid (source, 2000 kW) --infeed--> sub (station, 1200 kW, zone town)
//	sub --f-hospital--> hospital  critical     200 kW    1 customer
//	sub --f-hotel-->    hotel     essential    100 kW    1 customer
//	sub --f-homes-->    homes     residential  500 kW  600 customers
//	sub --f-shops-->    shops     commercial   200 kW   40 customers
//
// Total demand 1000 kW, 642 customers; every node but grid sits in zone
// "town"; the feeders and infeed have no capacity limit. The network is
// named "feeder" and uses the default classes.
//
// The station sub is the asset that limits supply: as built it carries
// 1000 of its 1200 kW and the solve has no bottleneck; once demand exceeds
// 1200 kW, or sub is derated below 1000 kW, it is the only bottleneck
// (supply.Result.Bottlenecks = [sub]) and classes are cut in rank order:
//
//	sub at scale 0.5 (600 kW):  critical 1, essential 1, residential 0.6
//	                            (300 of 500 kW), commercial 0
//	sub at scale 0.1 (120 kW):  critical 0.6 (120 of 200 kW), all else 0
//	demand ×1.5 (1500 kW):      1200 kW served; critical, essential and
//	                            residential 1, commercial 0 (0 of 300 kW)
//
// Taking sub or infeed out leaves every consumer unserved (they are then
// disconnected, not limited by a cut, so Bottlenecks is empty); taking a
// feeder out cuts only its consumer.
//
// Feeder calls t.Fatalf and returns nil if the network does not build,
// which does not happen.
func Feeder(t FatalTB) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.SetName("feeder")
	b.AddZone(network.Zone{ID: "town"})
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 2000})
	b.AddNode(network.Node{ID: "sub", Role: network.Station, Capacity: 1200, Zone: "town"})
	b.AddLink(network.Link{ID: "infeed", From: "grid", To: "sub", OneWay: true})
	for _, c := range []struct {
		id, class string
		demand    float64
		customers int
	}{
		{"hospital", network.Critical, 200, 1},
		{"hotel", network.Essential, 100, 1},
		{"homes", network.Residential, 500, 600},
		{"shops", network.Commercial, 200, 40},
	} {
		b.AddNode(network.Node{ID: c.id, Role: network.Consumer, Class: c.class, Demand: c.demand, Customers: c.customers, Zone: "town"})
		b.AddLink(network.Link{ID: "f-" + c.id, From: "sub", To: c.id, OneWay: true})
	}
	return Build(t, b)
}

// Ring returns a small meshed water network (m³/h), fully served as built:
// a treatment works feeds a ring main of four junctions, three of which
// serve one consumer each.
//
//	works (source, 500 m³/h) --main--> a (junction)
//	ring pipes, two-way, 200 m³/h each: r-ab (a–b), r-bc (b–c),
//	                                    r-cd (c–d), r-da (d–a)
//	b --s-north--> north   residential  100 m³/h  400 customers
//	c --s-clinic-> clinic  critical     100 m³/h    1 customer
//	d --s-south--> south   residential  100 m³/h  400 customers
//
// Total demand 300 m³/h, 801 customers; main and the service pipes
// (s-north, s-clinic, s-south, one-way) have no capacity limit; no zones.
// The network is named "ring" and uses the default classes.
//
// As built every consumer is served in full, with flow round the ring both
// ways (the split between them is the solver's choice). Every single
// outage (N-1), by the demand it leaves unserved:
//
//	works, main                      300 m³/h (everything)
//	r-ab or r-da                     100 m³/h: the other ring pipe from a
//	                                 is the bottleneck (200 m³/h); clinic
//	                                 served in full, north and south 0.5
//	s-north, s-clinic or s-south     100 m³/h (that consumer)
//	a, b, c or d                     as the consumers they cut off
//	r-bc or r-cd                     0: the ring carries it the other way
//
// Ring calls t.Fatalf and returns nil if the network does not build, which
// does not happen.
func Ring(t FatalTB) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Water)
	b.SetName("ring")
	b.AddNode(network.Node{ID: "works", Role: network.Source, Capacity: 500})
	for _, j := range []string{"a", "b", "c", "d"} {
		b.AddNode(network.Node{ID: j, Role: network.Junction})
	}
	b.AddLink(network.Link{ID: "main", From: "works", To: "a", OneWay: true})
	b.AddLink(network.Link{ID: "r-ab", From: "a", To: "b", Capacity: 200})
	b.AddLink(network.Link{ID: "r-bc", From: "b", To: "c", Capacity: 200})
	b.AddLink(network.Link{ID: "r-cd", From: "c", To: "d", Capacity: 200})
	b.AddLink(network.Link{ID: "r-da", From: "d", To: "a", Capacity: 200})
	for _, c := range []struct {
		id, at, class string
		customers     int
	}{
		{"north", "b", network.Residential, 400},
		{"clinic", "c", network.Critical, 1},
		{"south", "d", network.Residential, 400},
	} {
		b.AddNode(network.Node{ID: c.id, Role: network.Consumer, Class: c.class, Demand: 100, Customers: c.customers})
		b.AddLink(network.Link{ID: "s-" + c.id, From: c.at, To: c.id, OneWay: true})
	}
	return Build(t, b)
}

// District returns the sample power district of one city under lockdown
// (kW), the network of the module's sample file testdata/city/network.yaml
// built in code: three zones, a 12000 kW grid infeed, the hospital's
// 800 kW backup, two substations and a ring junction, twelve consumers of
// all five classes. It is short of supply as built, by design.
//
//	zone          node            role / class   kW       customers
//	              grid            source         12000
//	new-district  backup          source           800
//	old-town      sub-north       station         7000    (needs operators)
//	riverside     sub-south       station         5000
//	new-district  ring            junction
//	new-district  hospital        critical        1200        1
//	riverside     testing-site    critical         150        1
//	old-town      command-centre  critical          80        1
//	riverside     hotel-1         essential        400        1
//	old-town      hotel-2         essential        350        1
//	new-district  campus          essential        900        1
//	old-town      compound-a      residential     2600     3200
//	old-town      compound-b      residential     2100     2500
//	riverside     compound-c      residential     3000     3900
//	riverside     compound-d      residential     1800     2100
//	riverside     mall            commercial       700       40
//	new-district  works           industrial       600        3
//
// Links: line-north (grid–sub-north, 8000 kW), line-south (grid–sub-south,
// 6000 kW), line-ring (grid–ring, 3000 kW), tie (sub-north–sub-south,
// 1000 kW), all two-way; one-way feeders without a limit from each
// substation or the ring to its consumers (f-command, f-hotel-2,
// f-compound-a, f-compound-b from sub-north; f-testing, f-hotel-1,
// f-compound-c, f-compound-d, f-mall from sub-south; f-hospital, f-campus,
// f-works from ring) and f-backup (backup → hospital).
//
// Demand: critical 1430, essential 1650, residential 9500, commercial 700,
// industrial 600; total 13880 kW for 12800 kW of sources, 11749 customers.
// As built (priority-fair) all 12800 kW of the sources are used: critical
// and essential in full; old-town's homes in full; compound-c and
// compound-d, behind sub-south (5000 kW), share its shortage evenly at
// 4450/4800 ≈ 0.9271 each (2781.25 and 1668.75 kW); the mall gets nothing;
// the works gets 570 of 600 kW (coverage 0.95). Residential coverage
// 9150/9500 ≈ 0.9632; 1080 kW unserved. The bottleneck is the minimum cut
// nearest the sources: [grid backup].
//
// District calls t.Fatalf and returns nil if the network does not build,
// which does not happen.
func District(t FatalTB) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.SetName("sample-district")
	b.AddZone(network.Zone{ID: "old-town", Name: "Old Town (sealed compound)"})
	b.AddZone(network.Zone{ID: "riverside", Name: "Riverside (controlled area)"})
	b.AddZone(network.Zone{ID: "new-district", Name: "New District"})
	b.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 12000})
	b.AddNode(network.Node{ID: "backup", Role: network.Source, Capacity: 800, Zone: "new-district"})
	b.AddNode(network.Node{ID: "sub-north", Role: network.Station, Capacity: 7000, Zone: "old-town", NeedsOperators: true})
	b.AddNode(network.Node{ID: "sub-south", Role: network.Station, Capacity: 5000, Zone: "riverside"})
	b.AddNode(network.Node{ID: "ring", Role: network.Junction, Zone: "new-district"})
	for _, c := range []struct {
		id, class, zone string
		demand          float64
		customers       int
	}{
		{"hospital", network.Critical, "new-district", 1200, 1},
		{"testing-site", network.Critical, "riverside", 150, 1},
		{"command-centre", network.Critical, "old-town", 80, 1},
		{"hotel-1", network.Essential, "riverside", 400, 1},
		{"hotel-2", network.Essential, "old-town", 350, 1},
		{"campus", network.Essential, "new-district", 900, 1},
		{"compound-a", network.Residential, "old-town", 2600, 3200},
		{"compound-b", network.Residential, "old-town", 2100, 2500},
		{"compound-c", network.Residential, "riverside", 3000, 3900},
		{"compound-d", network.Residential, "riverside", 1800, 2100},
		{"mall", network.Commercial, "riverside", 700, 40},
		{"works", network.Industrial, "new-district", 600, 3},
	} {
		b.AddNode(network.Node{ID: c.id, Role: network.Consumer, Class: c.class, Demand: c.demand, Customers: c.customers, Zone: c.zone})
	}
	b.AddLink(network.Link{ID: "line-north", From: "grid", To: "sub-north", Capacity: 8000})
	b.AddLink(network.Link{ID: "line-south", From: "grid", To: "sub-south", Capacity: 6000})
	b.AddLink(network.Link{ID: "line-ring", From: "grid", To: "ring", Capacity: 3000})
	b.AddLink(network.Link{ID: "tie", From: "sub-north", To: "sub-south", Capacity: 1000})
	for _, f := range [][3]string{
		{"f-command", "sub-north", "command-centre"},
		{"f-hotel-2", "sub-north", "hotel-2"},
		{"f-compound-a", "sub-north", "compound-a"},
		{"f-compound-b", "sub-north", "compound-b"},
		{"f-testing", "sub-south", "testing-site"},
		{"f-hotel-1", "sub-south", "hotel-1"},
		{"f-compound-c", "sub-south", "compound-c"},
		{"f-compound-d", "sub-south", "compound-d"},
		{"f-mall", "sub-south", "mall"},
		{"f-hospital", "ring", "hospital"},
		{"f-backup", "backup", "hospital"},
		{"f-campus", "ring", "campus"},
		{"f-works", "ring", "works"},
	} {
		b.AddLink(network.Link{ID: f[0], From: f[1], To: f[2], OneWay: true})
	}
	return Build(t, b)
}

// HeatNetwork returns a district heating network (kW thermal), fully
// served at design conditions: a CHP plant and a boiler room feed two
// heat-exchange stations, each serving a zone of heated buildings.
//
//	chp      source  6000 kW                --t-east--> hx-east
//	                                        --t-west--> hx-west
//	boilers  source  3000 kW (zone west)    --b-west--> hx-west
//	hx-east  station 5000 kW (zone east)    hx-west  station 4000 kW (zone west)
//
//	zone  consumer     class        design kW  area m²  customers  from
//	east  hospital     critical        600      12000        1     hx-east
//	east  estate-east  residential    3400      68000     1100     hx-east
//	west  school       essential       400       8000        1     hx-west
//	west  estate-west  residential    2600      52000      900     hx-west
//
// Design demand 7000 kW (east 4000, west 3000) for 9000 kW of sources;
// 140000 m² heated (50 W/m²), 2002 customers. The pipes t-east, t-west and
// b-west are two-way without a limit; the service pipes are one-way,
// named s-<consumer>. The network is named "heat" and uses the default
// classes.
//
// Heat demand scales with the weather (package scenario): at an outdoor
// temperature T it is design × (18 − T)/(18 − Tdesign). If chp is out,
// the east gets nothing (an out node passes no flow, so the boilers
// cannot reach hx-east) and the west is served by the boilers alone, in
// full while its demand is at most 3000 kW.
//
// HeatNetwork calls t.Fatalf and returns nil if the network does not
// build, which does not happen.
func HeatNetwork(t FatalTB) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Heat)
	b.SetName("heat")
	b.AddZone(network.Zone{ID: "east"})
	b.AddZone(network.Zone{ID: "west"})
	b.AddNode(network.Node{ID: "chp", Role: network.Source, Capacity: 6000})
	b.AddNode(network.Node{ID: "boilers", Role: network.Source, Capacity: 3000, Zone: "west"})
	b.AddNode(network.Node{ID: "hx-east", Role: network.Station, Capacity: 5000, Zone: "east"})
	b.AddNode(network.Node{ID: "hx-west", Role: network.Station, Capacity: 4000, Zone: "west"})
	b.AddLink(network.Link{ID: "t-east", From: "chp", To: "hx-east"})
	b.AddLink(network.Link{ID: "t-west", From: "chp", To: "hx-west"})
	b.AddLink(network.Link{ID: "b-west", From: "boilers", To: "hx-west"})
	for _, c := range []struct {
		id, class, zone, hx string
		demand, area        float64
		customers           int
	}{
		{"hospital", network.Critical, "east", "hx-east", 600, 12000, 1},
		{"estate-east", network.Residential, "east", "hx-east", 3400, 68000, 1100},
		{"school", network.Essential, "west", "hx-west", 400, 8000, 1},
		{"estate-west", network.Residential, "west", "hx-west", 2600, 52000, 900},
	} {
		b.AddNode(network.Node{ID: c.id, Role: network.Consumer, Class: c.class, Zone: c.zone,
			Demand: c.demand, Area: c.area, Customers: c.customers})
		b.AddLink(network.Link{ID: "s-" + c.id, From: c.hx, To: c.id, OneWay: true})
	}
	return Build(t, b)
}

// Reservoir returns a water network (m³/h) supplied by a storage alone: a
// tank holding 480 m³ (of 600 m³), discharging up to 60 m³/h, feeds
//
//	tank --p-estate--> estate  residential  40 m³/h  300 customers
//	tank --p-clinic--> clinic  critical      8 m³/h    1 customer
//
// Total demand 48 m³/h, served in full while the tank holds water; with no
// refill (ChargeRate 0) it runs dry after 480/48 = 10 h, after which
// nothing is served. The pipes are one-way without a limit; no zones. The
// network is named "reservoir" and uses the default classes.
//
// Reservoir calls t.Fatalf and returns nil if the network does not build,
// which does not happen.
func Reservoir(t FatalTB) *network.Network {
	t.Helper()
	b := network.NewBuilder(network.Water)
	b.SetName("reservoir")
	b.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 60, Level: 480, MaxLevel: 600})
	b.AddNode(network.Node{ID: "estate", Role: network.Consumer, Class: network.Residential, Demand: 40, Customers: 300})
	b.AddNode(network.Node{ID: "clinic", Role: network.Consumer, Class: network.Critical, Demand: 8, Customers: 1})
	b.AddLink(network.Link{ID: "p-estate", From: "tank", To: "estate", OneWay: true})
	b.AddLink(network.Link{ID: "p-clinic", From: "tank", To: "clinic", OneWay: true})
	return Build(t, b)
}
