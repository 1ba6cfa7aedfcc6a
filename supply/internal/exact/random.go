package exact

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
)

// RandomCase returns a deterministic random network and a state of it, for
// property tests: the same seed and spread always give the same network
// and state, on every platform.
//
// The network has 3 to 30 nodes of every role (node 0 is always a source),
// linked as a random tree with consumers often inside it, so that they pass
// flow on; some nodes are left out of the tree (islands, unless an extra
// link reaches them), and extra links add meshes and parallel links. About a
// quarter of the links are one-way, mostly pointing away from the sources,
// sometimes the other way. Capacities include both spellings of unlimited
// (0 on links and stations, +Inf), links with losses, and capacities set
// near or exactly at the demand they feed, so that shortages are common and
// ties are exact. Classes are the default taxonomy, one where classes share
// ranks, or one with sparse, shared ranks; consumers sit in zones or none.
// The state takes assets out of service (scale 0), derates others, gives
// some junctions and consumers a scale that has no effect, and changes
// some demands (to 0 at times).
//
// Demands and finite capacities are drawn log-uniformly over spread orders
// of magnitude, from 10^(−spread/2) to 10^(spread/2), and rounded to three
// significant digits so that a printed case reads back exactly;
// capacities set near the demand they feed, and changed demands, may fall
// a little outside that range. A spread below 0 or NaN is taken as 0
// (every drawn value 1), one above 30 as 30. One case in five is ample:
// its capacities are drawn to cover the demand they feed, so that supply
// often meets every demand.
//
// Cost: O(n) to draw plus building the network; Allocate on the result
// takes about a millisecond (BenchmarkAllocate).
func RandomCase(seed uint64, spread float64) (*network.Network, State) {
	if !(spread >= 0) {
		spread = 0
	}
	spread = min(spread, 30)
	r := rand.New(rand.NewPCG(seed, 0x5eed_e8ac7))
	g := caseGen{r: r, spread: spread}
	return g.generate()
}

type caseGen struct {
	r      *rand.Rand
	spread float64
	ample  bool // capacities drawn to cover the demand they feed
}

// sig3 rounds x to three significant digits.
func sig3(x float64) float64 {
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return y
}

// mag draws a value log-uniformly over the spread.
func (g *caseGen) mag() float64 {
	return sig3(math.Pow(10, g.spread*(g.r.Float64()-0.5)))
}

// capFor draws the capacity of an asset that feeds demand d: a magnitude,
// or in an ample case d × a factor in [1, 4) (a magnitude if d is 0).
func (g *caseGen) capFor(d float64) float64 {
	if g.ample {
		return g.near(d, 1, 4)
	}
	return g.mag()
}

// near returns x × a factor uniform in [lo, hi), rounded, or a drawn
// magnitude if that is 0.
func (g *caseGen) near(x, lo, hi float64) float64 {
	if v := sig3(x * (lo + (hi-lo)*g.r.Float64())); v > 0 {
		return v
	}
	return g.mag()
}

// between draws uniformly in [lo, hi), rounded to two decimals.
func (g *caseGen) between(lo, hi float64) float64 {
	return math.Round((lo+(hi-lo)*g.r.Float64())*100) / 100
}

func (g *caseGen) generate() (*network.Network, State) {
	r := g.r
	n := 3 + r.IntN(28)
	g.ample = r.IntN(5) == 0
	kind := network.Kinds[r.IntN(len(network.Kinds))]
	b := network.NewBuilder(kind)
	b.SetName("random")

	// Classes.
	var classNames []string
	switch r.IntN(6) {
	case 0, 1:
		cs := []network.Class{
			{Name: network.Critical, Rank: 1}, {Name: network.Essential, Rank: 1},
			{Name: network.Residential, Rank: 2}, {Name: network.Commercial, Rank: 2},
			{Name: network.Industrial, Rank: 3},
		}
		b.SetClasses(cs)
		for _, c := range cs {
			classNames = append(classNames, c.Name)
		}
	case 2:
		cs := []network.Class{{Name: "vital", Rank: 10}, {Name: "homes", Rank: 20}, {Name: "shops", Rank: 20}, {Name: "rest", Rank: 35}}
		b.SetClasses(cs)
		for _, c := range cs {
			classNames = append(classNames, c.Name)
		}
	default:
		for _, c := range network.DefaultClasses() {
			classNames = append(classNames, c.Name)
		}
	}
	var zones []string
	for z := range r.IntN(4) {
		id := fmt.Sprintf("z%d", z)
		zones = append(zones, id)
		b.AddZone(network.Zone{ID: id})
	}

	// Roles and demands.
	nodes := make([]network.Node, n)
	for i := range nodes {
		nd := network.Node{ID: fmt.Sprintf("n%d", i), Role: network.Source}
		if i > 0 {
			switch p := r.IntN(100); {
			case p < 9:
				nd.Role = network.Source
			case p < 15:
				nd.Role = network.Storage
			case p < 33:
				nd.Role = network.Station
			case p < 43:
				nd.Role = network.Junction
			default:
				nd.Role = network.Consumer
			}
		}
		if nd.Role == network.Consumer {
			if r.IntN(100) >= 6 {
				nd.Demand = g.mag()
			}
			// Mostly the first classes, so that groups hold several
			// consumers sharing a shortage.
			k := r.IntN(len(classNames))
			if r.IntN(2) == 0 {
				k = min(k, r.IntN(len(classNames)))
			}
			nd.Class = classNames[k]
			if r.IntN(8) == 0 && slices.Contains(classNames, network.Residential) {
				nd.Class = "" // the default class
			}
			nd.Customers = r.IntN(200)
		}
		if len(zones) > 0 && r.IntN(4) != 0 {
			nd.Zone = zones[r.IntN(len(zones))]
		}
		nodes[i] = nd
	}

	// The tree: each node after the first hangs off an earlier one, mostly
	// a node that is not a consumer.
	parent := make([]int, n)
	parent[0] = -1
	for i := 1; i < n; i++ {
		parent[i] = -1
		if r.IntN(100) < 7 {
			continue
		}
		p := r.IntN(i)
		if r.IntN(10) < 7 {
			for range 4 {
				if nodes[p].Role != network.Consumer {
					break
				}
				p = r.IntN(i)
			}
		}
		parent[i] = p
	}
	sub := make([]float64, n) // demand of each subtree
	for i := n - 1; i >= 0; i-- {
		sub[i] += nodes[i].Demand
		if p := parent[i]; p >= 0 {
			sub[p] += sub[i]
		}
	}
	var total float64
	sources := 0
	for _, nd := range nodes {
		total += nd.Demand
		if nd.Role == network.Source || nd.Role == network.Storage {
			sources++
		}
	}

	// Node capacities.
	for i := range nodes {
		nd := &nodes[i]
		switch nd.Role {
		case network.Source:
			switch p := r.IntN(100); {
			case p < 10:
				nd.Capacity = network.Unlimited
			case p < 55 || g.ample:
				nd.Capacity = g.near(total/float64(sources), 0.1, 1.1)
				if g.ample {
					nd.Capacity = g.near(total, 1, 3)
				}
			default:
				nd.Capacity = g.mag()
			}
		case network.Storage:
			nd.Level = 100
			if r.IntN(2) == 0 {
				nd.Capacity = g.near(total/float64(sources), 0.05, 0.5)
			} else {
				nd.Capacity = g.capFor(total)
			}
		case network.Station:
			switch p := r.IntN(100); {
			case p < 12:
				nd.Capacity = 0 // unlimited
			case p < 20:
				nd.Capacity = network.Unlimited
			case p < 60 && !g.ample:
				nd.Capacity = g.near(sub[i], 0.3, 1.2)
			default:
				nd.Capacity = g.capFor(sub[i])
			}
		}
		b.AddNode(*nd)
	}

	// Links.
	nl := 0
	addLink := func(from, to int, c float64) {
		l := network.Link{ID: fmt.Sprintf("l%d", nl), From: nodes[from].ID, To: nodes[to].ID, Capacity: c}
		nl++
		if r.IntN(100) < 10 {
			l.Loss = []float64{0.05, 0.1, 0.25, g.between(0, 0.3)}[r.IntN(4)]
		}
		if r.IntN(4) == 0 {
			l.OneWay = true
		}
		b.AddLink(l)
	}
	linkCap := func(child int) float64 {
		switch p := r.IntN(100); {
		case p < 15:
			return 0 // unlimited
		case p < 20:
			return network.Unlimited
		case p < 28 && sub[child] > 0:
			return sub[child] // exactly what the subtree asks
		case p < 60 && !g.ample:
			return g.near(sub[child], 0.3, 1.3)
		}
		return g.capFor(sub[child])
	}
	for i := 1; i < n; i++ {
		p := parent[i]
		if p < 0 {
			continue
		}
		c := linkCap(i)
		// A one-way link, if drawn, points from parent to child four
		// times out of five.
		if r.IntN(5) < 4 {
			addLink(p, i, c)
		} else {
			addLink(i, p, c)
		}
	}
	for range r.IntN(n/3 + 2) {
		a, c := r.IntN(n), r.IntN(n)
		if a != c {
			addLink(a, c, linkCap(max(a, c))) // may repeat a pair: parallel links
		}
	}
	net, err := b.Build()
	if err != nil {
		panic(fmt.Sprintf("exact: random case does not build: %v", err))
	}

	// The state.
	st := NewState(net)
	for v := range n {
		switch net.Role(v) {
		case network.Source, network.Storage, network.Station:
			switch p := r.IntN(100); {
			case p < 8:
				st.NodeScale[v] = 0
			case p < 23:
				st.NodeScale[v] = g.between(0.1, 0.95)
			}
		default:
			switch p := r.IntN(100); {
			case p < 6:
				st.NodeScale[v] = 0
			case p < 9:
				st.NodeScale[v] = 0.5 // no effect on a junction or consumer
			}
		}
		if net.Role(v) == network.Consumer {
			switch p := r.IntN(100); {
			case p < 3:
				st.Demand[v] = 0
			case p < 18:
				st.Demand[v] = sig3(st.Demand[v] * 2 * r.Float64())
			}
		}
	}
	for l := range net.NumLinks() {
		switch p := r.IntN(100); {
		case p < 7:
			st.LinkScale[l] = 0
		case p < 22:
			st.LinkScale[l] = g.between(0.1, 0.95)
		}
	}
	return net, st
}
