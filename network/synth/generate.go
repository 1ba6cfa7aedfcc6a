package synth

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
)

// Independent pseudo-random streams, one per aspect, so that changing how
// one aspect is drawn never shifts another.
const (
	streamTree   = 0x7472656500000001
	streamClass  = 0x636c617300000002
	streamDemand = 0x64656d6100000003
	streamLayout = 0x6c61796f00000004
	streamMesh   = 0x6d65736800000005
	streamArea   = 0x6172656100000006
)

// Consumer profiles by class, in ClassMix order: the median size of a
// consumer relative to a residential one, and customer accounts per unit of
// size.
var (
	classSize      = [5]float64{4, 2, 1, 2, 8}
	classCustomers = [5]float64{0.25, 5, 60, 5, 0.125}
)

const (
	maxCustomers = 500
	consumerArea = 2500 // m² of ground per consumer, for the layout
)

// Generate builds the network described by p.
//
// Nodes are added in this order, with these IDs (k counts from 0 within
// each group):
//
//   - sources "s<k>", each with capacity SupplyMargin × the demand of the
//     stations below it, so that together they hold exactly SupplyMargin ×
//     TotalDemand (up to rounding); they need operators;
//   - stations "st<k>" in depth-first (pre-)order of the forest, so that a
//     station's parent is a source or an earlier station; its throughput is
//     LinkMargin × the demand of its subtree, and stations on level 1 need
//     operators;
//   - consumers "c<k>", grouped by the station that feeds them, in station
//     order; only stations without child stations feed consumers, each at
//     least one. Classes are dealt in exact shares of ClassMix (rounded)
//     and shuffled; demands follow a log-logistic spread around a median
//     that depends on the class (industrial consumers are larger than
//     homes) and are scaled so that they sum to TotalDemand; customers grow
//     with the consumer's size, from 1 to 500; heat consumers get a heated
//     area from a specific load of 50–90 W/m².
//
// Links follow, also in groups:
//
//   - tree links "t<k>" from station k's parent to station k, two-way, with
//     the station's capacity;
//   - feeders "f<k>" from consumer k's station to consumer k, one-way, with
//     capacity LinkMargin × the consumer's demand;
//   - mesh links "m<k>", two-way, between two stations close in the tree
//     (in the same zone when zones are set, otherwise within a window of
//     the depth-first order, which often crosses into the tree of the next
//     source), avoiding links parallel to tree links and to each other
//     where possible; capacity LinkMargin × the smaller of the two
//     subtrees' demand.
//
// Zones are "z<k>". Every node gets a coordinate in metres on a simple
// layout: sources on a grid, each station scattered around its parent,
// consumers around their station. Every consumer is reached from a source.
//
// Generate is deterministic: the same Params give the same network, bit for
// bit. It draws from PCG streams seeded from Seed, takes every structural
// decision in integer arithmetic, and uses only correctly rounded
// floating-point operations. It runs in O(n + m) time for n nodes and m
// links; almost all of that time goes to network.Builder. It is safe for
// concurrent use.
//
// Bad Params give an error that lists every problem and matches ErrParams.
func Generate(p Params) (*network.Network, error) {
	r, err := resolve(p)
	if err != nil {
		return nil, err
	}
	g := &gen{
		p:    r,
		nSrc: r.Sources,
		nSt:  r.Stations,
		nCon: r.Consumers,
	}
	g.tree()
	g.consumers()
	g.demands()
	g.zones()
	g.layout()
	g.meshLinks()
	return g.build()
}

// gen holds the arrays of one generation. Node indices are global: sources
// 0..nSrc-1, stations nSrc.., consumers nSrc+nSt...
type gen struct {
	p               resolved
	nSrc, nSt, nCon int
	next            int             // next station to place
	parent          []int32         // station -> global index of its parent
	level           []uint8         // station -> level (1 hangs on a source)
	hasChild        []bool          // station -> feeds another station
	first           []int32         // station -> first consumer it feeds
	count           []int32         // station -> number of consumers it feeds
	class           []uint8         // consumer -> class (ClassMix order)
	size            []float64       // consumer -> size relative to a median home
	demand          []float64       // consumer -> demand
	sub             []float64       // station -> demand of its subtree
	srcDemand       []float64       // source -> demand below it
	zone            []int32         // station -> zone, -1 for none
	coord           []network.Coord // node -> position in metres
	meshA, meshB    []int32         // station ends of the mesh links
	rTree           *rand.Rand
}

func newRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// split deals total items over k bins in random shares (weights uniform in
// [500, 1500]) and returns the counts, which sum to total exactly.
func split(r *rand.Rand, total, k int) []int {
	out := make([]int, k)
	var wsum uint64
	for i := range out {
		w := 500 + r.IntN(1001)
		out[i] = w
		wsum += uint64(w)
	}
	var cum uint64
	prev := 0
	for i, w := range out {
		cum += uint64(w)
		hi, lo := bits.Mul64(uint64(total), cum)
		q, _ := bits.Div64(hi, lo, wsum)
		out[i] = int(q) - prev
		prev = int(q)
	}
	return out
}

// iroot returns the largest k ≥ 1 with k^d ≤ n, for n ≥ 1 and d ≥ 1.
func iroot(n, d int) int {
	fits := func(k int) bool {
		p := 1
		for range d {
			if p > n/k {
				return false
			}
			p *= k
		}
		return true
	}
	lo, hi := 1, n
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// tree places the stations: each source gets a contiguous share of at least
// one station, then grow builds its subtree.
func (g *gen) tree() {
	g.rTree = newRand(g.p.Seed, streamTree)
	g.parent = make([]int32, g.nSt)
	g.level = make([]uint8, g.nSt)
	g.hasChild = make([]bool, g.nSt)
	shares := split(g.rTree, g.nSt-g.nSrc, g.nSrc)
	for i, s := range shares {
		g.grow(int32(i), 1, s+1)
	}
}

// grow places n ≥ 1 stations below the node parent, starting at level, in
// depth-first order. Its fan-out is about n^(1/levels left), jittered by
// ±25%, so that the subtree fits in the levels left; on the last level all
// n stations are leaves.
func (g *gen) grow(parent int32, level, n int) {
	left := g.p.Depth - level + 1
	k := n
	if left > 1 {
		k0 := iroot(n, left)
		lo, hi := (3*k0+3)/4, 5*k0/4+1
		k = min(max(lo+g.rTree.IntN(hi-lo+1), 1), n)
	}
	below := split(g.rTree, n-k, k)
	if int(parent) >= g.nSrc {
		g.hasChild[int(parent)-g.nSrc] = true
	}
	for _, b := range below {
		j := g.next
		g.next++
		g.parent[j] = parent
		g.level[j] = uint8(level)
		if b > 0 {
			g.grow(int32(g.nSrc+j), level+1, b)
		}
	}
}

// consumers deals the consumers over the leaf stations (at least one each)
// and their classes over the consumers.
func (g *gen) consumers() {
	g.first = make([]int32, g.nSt)
	g.count = make([]int32, g.nSt)
	leaves := 0
	for _, h := range g.hasChild {
		if !h {
			leaves++
		}
	}
	extra := split(g.rTree, g.nCon-leaves, leaves)
	c, l := 0, 0
	for j, h := range g.hasChild {
		g.first[j] = int32(c)
		if h {
			continue
		}
		n := 1 + extra[l]
		l++
		g.count[j] = int32(n)
		c += n
	}

	// Exact shares: class i gets round(C·cum_i) − round(C·cum_{i−1}).
	r := newRand(g.p.Seed, streamClass)
	g.class = make([]uint8, g.nCon)
	var sum float64
	for _, v := range g.p.ClassMix {
		sum += v
	}
	var cum float64
	at := 0
	for i, v := range g.p.ClassMix {
		cum += v
		end := g.nCon
		if i < len(g.p.ClassMix)-1 {
			end = min(int(math.Round(float64(g.nCon)*(cum/sum))), g.nCon)
		}
		for ; at < end; at++ {
			g.class[at] = uint8(i)
		}
	}
	r.Shuffle(g.nCon, func(a, b int) { g.class[a], g.class[b] = g.class[b], g.class[a] })
}

// demands draws each consumer's size, scales the demands to TotalDemand and
// sums them up the tree.
func (g *gen) demands() {
	r := newRand(g.p.Seed, streamDemand)
	g.size = make([]float64, g.nCon)
	g.demand = make([]float64, g.nCon)
	var raw float64
	for i := range g.size {
		// Log-logistic with shape 4: (u/(1−u))^(1/4), clamped to
		// [1/16, 16] × the class median; u is never 0 or 1.
		u := (float64(r.Uint64()>>11) + 0.5) / (1 << 53)
		f := math.Sqrt(math.Sqrt(u / (1 - u)))
		f = min(max(f, 1.0/16), 16)
		s := float64(classSize[g.class[i]] * f) // no fused multiply-add into raw
		g.size[i] = s
		raw += s
	}
	total := g.p.TotalDemand
	scale := total / raw
	var sum float64
	for i, s := range g.size {
		d := float64(s * scale)
		if i == g.nCon-1 {
			// Take up the rounding so that the demands sum to
			// TotalDemand, unless that would distort this demand.
			if adj := total - sum; adj > d/2 && adj < 2*d {
				d = adj
			}
		}
		g.demand[i] = d
		sum += d
	}

	g.sub = make([]float64, g.nSt)
	for j := range g.nSt {
		for c := g.first[j]; c < g.first[j]+g.count[j]; c++ {
			g.sub[j] += g.demand[c]
		}
	}
	g.srcDemand = make([]float64, g.nSrc)
	for j := g.nSt - 1; j >= 0; j-- {
		p := int(g.parent[j])
		if p < g.nSrc {
			g.srcDemand[p] += g.sub[j]
		} else {
			g.sub[p-g.nSrc] += g.sub[j]
		}
	}
}

// zones cuts the stations, in depth-first order, into contiguous groups.
func (g *gen) zones() {
	g.zone = make([]int32, g.nSt)
	z := int64(g.p.Zones)
	for j := range g.zone {
		if z == 0 {
			g.zone[j] = -1
		} else {
			g.zone[j] = int32(int64(j) * z / int64(g.nSt))
		}
	}
}

// layout places sources on a square grid with one cell per source, each
// station uniformly in a square around its parent that halves with each
// level, and each consumer in a square around its station.
func (g *gen) layout() {
	r := newRand(g.p.Seed, streamLayout)
	g.coord = make([]network.Coord, g.nSrc+g.nSt+g.nCon)
	cols := iroot(g.nSrc, 2)
	if cols*cols < g.nSrc {
		cols++
	}
	cell := math.Sqrt(consumerArea * float64(g.nCon) / float64(g.nSrc))
	for i := range g.nSrc {
		g.coord[i] = network.Coord{X: (float64(i%cols) + 0.5) * cell, Y: (float64(i/cols) + 0.5) * cell}
	}
	jitter := func(c network.Coord, h float64) network.Coord {
		dx := float64(2*r.Float64()) - 1
		dy := float64(2*r.Float64()) - 1
		return network.Coord{X: c.X + float64(h*dx), Y: c.Y + float64(h*dy)}
	}
	for j := range g.nSt {
		h := math.Ldexp(0.4*cell, 1-int(g.level[j]))
		g.coord[g.nSrc+j] = jitter(g.coord[g.parent[j]], h)
	}
	for j := range g.nSt {
		if g.count[j] == 0 {
			continue
		}
		h := math.Sqrt(consumerArea*float64(g.count[j])) / 2
		at := g.coord[g.nSrc+j]
		for c := g.first[j]; c < g.first[j]+g.count[j]; c++ {
			g.coord[g.nSrc+g.nSt+int(c)] = jitter(at, h)
		}
	}
}

// meshWindow bounds how far apart, in depth-first order, the two stations
// of a mesh link may be.
const meshWindow = 64

// meshLinks draws the mesh links: a uniform station u and a partner v ≠ u
// near it (same zone when zones are set, within meshWindow in depth-first
// order), redrawn up to 16 times while the pair duplicates a tree or mesh
// link.
func (g *gen) meshLinks() {
	m := g.p.mesh
	if m == 0 {
		return
	}
	r := newRand(g.p.Seed, streamMesh)
	g.meshA = make([]int32, m)
	g.meshB = make([]int32, m)
	seen := make(map[uint64]bool, m)
	// Zone z holds stations [zoneStart(z), zoneStart(z+1)).
	z := int64(g.p.Zones)
	zoneStart := func(k int64) int {
		// Smallest j with j·Z/S ≥ k.
		return int((k*int64(g.nSt) + z - 1) / z)
	}
	for i := range m {
		var u, v int
		for try := 0; ; try++ {
			u = r.IntN(g.nSt)
			lo, hi := max(0, u-meshWindow), min(g.nSt, u+meshWindow+1)
			if z > 0 {
				zl, zh := zoneStart(int64(g.zone[u])), zoneStart(int64(g.zone[u])+1)
				if l, h := max(lo, zl), min(hi, zh); h-l >= 2 {
					lo, hi = l, h
				}
			}
			v = lo + r.IntN(hi-lo-1)
			if v >= u {
				v++
			}
			if u > v {
				u, v = v, u
			}
			key := uint64(u)<<32 | uint64(v)
			onTree := int(g.parent[v]) == g.nSrc+u
			if try == 15 || (!onTree && !seen[key]) {
				seen[key] = true
				break
			}
		}
		g.meshA[i], g.meshB[i] = int32(u), int32(v)
	}
}

// ids is a list of IDs sharing one backing string.
type ids struct {
	buf []byte
	end []int32
	s   string
}

func (d *ids) add(prefix string, k int) {
	d.buf = append(d.buf, prefix...)
	d.buf = strconv.AppendInt(d.buf, int64(k), 10)
	d.end = append(d.end, int32(len(d.buf)))
}

func (d *ids) seal() { d.s = string(d.buf); d.buf = nil }

func (d *ids) get(i int) string {
	start := int32(0)
	if i > 0 {
		start = d.end[i-1]
	}
	return d.s[start:d.end[i]]
}

func (g *gen) build() (*network.Network, error) {
	nNodes := g.nSrc + g.nSt + g.nCon
	nLinks := g.nSt + g.nCon + len(g.meshA)
	var nid, lid ids
	nid.buf = make([]byte, 0, 8*nNodes)
	nid.end = make([]int32, 0, nNodes)
	lid.buf = make([]byte, 0, 8*nLinks)
	lid.end = make([]int32, 0, nLinks)
	for i := range g.nSrc {
		nid.add("s", i)
	}
	for j := range g.nSt {
		nid.add("st", j)
		lid.add("t", j)
	}
	for c := range g.nCon {
		nid.add("c", c)
		lid.add("f", c)
	}
	for k := range g.meshA {
		lid.add("m", k)
	}
	nid.seal()
	lid.seal()

	zoneID := func(z int32) string { return "" }
	if g.p.Zones > 0 {
		zs := make([]string, g.p.Zones)
		for k := range zs {
			zs[k] = "z" + strconv.Itoa(k)
		}
		zoneID = func(z int32) string { return zs[z] }
	}

	b := network.NewBuilder(g.p.Kind)
	b.SetName("synth")
	b.Grow(g.nSrc+g.nSt+g.nCon, g.nSt+g.nCon+len(g.meshA))
	for k := range g.p.Zones {
		b.AddZone(network.Zone{ID: zoneID(int32(k))})
	}

	// Sources: the last takes up the rounding of the total capacity.
	supply := g.p.SupplyMargin * g.p.TotalDemand
	firstStation := make([]int32, g.nSrc)
	for j := g.nSt - 1; j >= 0; j-- {
		if p := g.parent[j]; int(p) < g.nSrc {
			firstStation[p] = int32(j)
		}
	}
	var capSum float64
	for i := range g.nSrc {
		c := float64(g.p.SupplyMargin * g.srcDemand[i])
		if i == g.nSrc-1 {
			if adj := supply - capSum; adj > c/2 && adj < 2*c {
				c = adj
			}
		}
		capSum += c
		b.AddNode(network.Node{
			ID:             nid.get(i),
			Role:           network.Source,
			Zone:           zoneID(g.zone[firstStation[i]]),
			Capacity:       c,
			NeedsOperators: true,
			Coord:          &g.coord[i],
		})
	}
	for j := range g.nSt {
		b.AddNode(network.Node{
			ID:             nid.get(g.nSrc + j),
			Role:           network.Station,
			Zone:           zoneID(g.zone[j]),
			Capacity:       g.p.LinkMargin * g.sub[j],
			NeedsOperators: g.level[j] == 1,
			Coord:          &g.coord[g.nSrc+j],
		})
	}
	heat := g.p.Kind == network.Heat
	rArea := newRand(g.p.Seed, streamArea)
	for j := range g.nSt {
		for c := int(g.first[j]); c < int(g.first[j]+g.count[j]); c++ {
			cl := g.class[c]
			cust := int(math.Round(g.size[c] * classCustomers[cl]))
			n := network.Node{
				ID:        nid.get(g.nSrc + g.nSt + c),
				Role:      network.Consumer,
				Zone:      zoneID(g.zone[j]),
				Demand:    g.demand[c],
				Class:     classNames[cl],
				Customers: min(max(cust, 1), maxCustomers),
				Coord:     &g.coord[g.nSrc+g.nSt+c],
			}
			if heat {
				q := float64(40*rArea.Float64()) + 50 // W/m²
				n.Area = g.demand[c] * 1000 / q
			}
			b.AddNode(n)
		}
	}

	for j := range g.nSt {
		b.AddLink(network.Link{
			ID:       lid.get(j),
			From:     nid.get(int(g.parent[j])),
			To:       nid.get(g.nSrc + j),
			Capacity: g.p.LinkMargin * g.sub[j],
		})
	}
	for j := range g.nSt {
		for c := int(g.first[j]); c < int(g.first[j]+g.count[j]); c++ {
			b.AddLink(network.Link{
				ID:       lid.get(g.nSt + c),
				From:     nid.get(g.nSrc + j),
				To:       nid.get(g.nSrc + g.nSt + c),
				Capacity: g.p.LinkMargin * g.demand[c],
				OneWay:   true,
			})
		}
	}
	for k := range g.meshA {
		u, v := g.meshA[k], g.meshB[k]
		b.AddLink(network.Link{
			ID:       lid.get(g.nSt + g.nCon + k),
			From:     nid.get(g.nSrc + int(u)),
			To:       nid.get(g.nSrc + int(v)),
			Capacity: g.p.LinkMargin * min(g.sub[u], g.sub[v]),
		})
	}
	return b.Build()
}
