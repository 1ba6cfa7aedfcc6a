package exact

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
)

// State is the condition of a network at one instant, as the supply
// package's State holds it: slices indexed by the network's dense node and
// link indices.
type State struct {
	// NodeScale multiplies each node's capacity: 0 is out of service, 1 as
	// built, values between derate a source, storage or station.
	NodeScale []float64
	// LinkScale multiplies each link's capacity in the same way.
	LinkScale []float64
	// Demand is each consumer's demand now, in the flow unit (0 on other
	// roles).
	Demand []float64
}

// NewState returns the state of net as built: every scale 1 and every
// demand as specified.
func NewState(net *network.Network) State {
	st := State{
		NodeScale: make([]float64, net.NumNodes()),
		LinkScale: make([]float64, net.NumLinks()),
		Demand:    make([]float64, net.NumNodes()),
	}
	for v := range st.NodeScale {
		st.NodeScale[v] = 1
		st.Demand[v] = net.Demand(v)
	}
	for l := range st.LinkScale {
		st.LinkScale[l] = 1
	}
	return st
}

// Clone returns a deep copy of st.
func (st State) Clone() State {
	return State{
		NodeScale: slices.Clone(st.NodeScale),
		LinkScale: slices.Clone(st.LinkScale),
		Demand:    slices.Clone(st.Demand),
	}
}

// Policy decides how a shortage is shared. Its values equal those of the
// supply package's Policy, so a conversion Policy(p) carries one over.
type Policy int

const (
	// PriorityFair serves rank groups in increasing rank (classes sharing a
	// rank form one group) and shares max-min fairly over coverage inside a
	// group.
	PriorityFair Policy = iota
	// Proportional puts every consumer in one group, shared max-min fairly
	// over coverage.
	Proportional
)

// String returns "priority-fair" or "proportional".
func (p Policy) String() string {
	switch p {
	case PriorityFair:
		return "priority-fair"
	case Proportional:
		return "proportional"
	}
	return fmt.Sprintf("Policy(%d)", int(p))
}

// Allocation is the exact allocation of one network in one state. Every
// slice is indexed by the network's dense indices; every value is a new
// big.Rat owned by the caller.
type Allocation struct {
	// Served is what each consumer receives, in the flow unit; nil for
	// nodes that are not consumers. It is unique: the max-min fair
	// allocation of the policy.
	Served []*big.Rat
	// MaxFlow is the maximum flow of the network in its state into every
	// consumer in service (each capped at its demand), computed by a
	// separate maximum flow; it equals the sum of Served.
	MaxFlow *big.Rat
	// Level is each consumer's coverage, Served/Demand in [0, 1]; nil for
	// nodes that are not consumers and for consumers whose demand is 0.
	Level []*big.Rat
	// Groups lists the consumers (node indices) rationed together, in the
	// order they are served: one group per distinct rank under
	// PriorityFair (ranks increasing), a single group under Proportional.
	// Consumers keep increasing node order inside a group.
	Groups [][]int
	// Flow is the signed flow on each link, positive From → To: one
	// feasible flow that delivers Served. It is a witness, not unique:
	// another flow may deliver the same Served.
	Flow []*big.Rat
	// Output is what each source and storage injects in that flow; nil
	// for other roles.
	Output []*big.Rat
}

// model is the flow network of one network in one state:
//
//   - one vertex per node, two for a station (in and out, joined by an arc
//     of the station's throughput); links enter a station at its in vertex
//     and leave it at its out vertex;
//   - a super source with an arc to every source and storage, of its
//     capacity × scale;
//   - a super sink with an arc from every consumer, whose capacity the
//     allocation sets (0 until then);
//   - per link, an arc From → To and, unless one-way, an arc To → From,
//     each of the link's capacity × scale, or 0 when the link or an end is
//     out of service.
type model struct {
	net     *network.Network
	g       *graph
	in, out []int      // node → vertex where links enter / leave it
	fwd     []int      // link → arc From → To
	bwd     []int      // link → arc To → From, −1 if one-way
	inj     []int      // node → arc from the super source, −1 if none
	thru    []int      // node → station arc, −1 if not a station
	sinkArc []int      // node → arc to the super sink, −1 if not a consumer
	demand  []*big.Rat // node → demand now, exactly
	live    []bool     // node → a consumer in service with demand > 0
}

// rat returns x as an exact rational. x must be finite.
func rat(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }

// scaled returns capacity c × scale exactly, and whether it is unlimited: a
// scale of 0 gives 0 even on an unlimited capacity; any scale above 0
// leaves an unlimited capacity unlimited.
func scaled(c, scale float64) (*big.Rat, bool) {
	if scale == 0 {
		return new(big.Rat), false
	}
	if math.IsInf(c, 1) {
		return nil, true
	}
	return new(big.Rat).Mul(rat(c), rat(scale)), false
}

func newModel(net *network.Network, st State) *model {
	n, m := net.NumNodes(), net.NumLinks()
	md := &model{
		net: net,
		in:  make([]int, n), out: make([]int, n),
		fwd: make([]int, m), bwd: make([]int, m),
		inj: make([]int, n), thru: make([]int, n), sinkArc: make([]int, n),
		demand: make([]*big.Rat, n), live: make([]bool, n),
	}
	nv := 0
	for v := range n {
		md.in[v], md.out[v] = nv, nv
		nv++
		if net.Role(v) == network.Station {
			md.out[v] = nv
			nv++
		}
	}
	src, sink := nv, nv+1
	g := newGraph(nv+2, src, sink)
	md.g = g
	zero := new(big.Rat)
	for v := range n {
		md.inj[v], md.thru[v], md.sinkArc[v] = -1, -1, -1
		switch net.Role(v) {
		case network.Source, network.Storage:
			c, inf := scaled(net.Capacity(v), st.NodeScale[v])
			md.inj[v] = g.addArc(src, md.in[v], c, inf)
		case network.Station:
			c, inf := scaled(net.Capacity(v), st.NodeScale[v])
			md.thru[v] = g.addArc(md.in[v], md.out[v], c, inf)
		case network.Consumer:
			md.sinkArc[v] = g.addArc(md.in[v], sink, zero, false)
			md.demand[v] = rat(st.Demand[v])
			md.live[v] = st.NodeScale[v] > 0 && st.Demand[v] > 0
		}
	}
	for l := range m {
		f, t := net.LinkEnds(l)
		c, inf := scaled(net.LinkCapacity(l), st.LinkScale[l])
		if st.NodeScale[f] == 0 || st.NodeScale[t] == 0 {
			c, inf = zero, false // an out node passes nothing
		}
		md.fwd[l] = g.addArc(md.out[f], md.in[t], c, inf)
		md.bwd[l] = -1
		if !net.OneWay(l) {
			md.bwd[l] = g.addArc(md.out[t], md.in[f], c, inf)
		}
	}
	return md
}

// check validates st against net and returns every problem, joined.
func check(net *network.Network, st State) error {
	if len(st.NodeScale) != net.NumNodes() || len(st.Demand) != net.NumNodes() || len(st.LinkScale) != net.NumLinks() {
		return fmt.Errorf("exact: state has %d node scales, %d demands and %d link scales; the network has %d nodes and %d links",
			len(st.NodeScale), len(st.Demand), len(st.LinkScale), net.NumNodes(), net.NumLinks())
	}
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) || x < 0 }
	var errs []error
	for v := range net.NumNodes() {
		id := net.NodeID(v)
		if x := st.NodeScale[v]; bad(x) {
			errs = append(errs, fmt.Errorf("exact: node %q: scale %g is not a finite value ≥ 0", id, x))
		}
		if x := st.Demand[v]; bad(x) {
			errs = append(errs, fmt.Errorf("exact: node %q: demand %g is not a finite value ≥ 0", id, x))
		} else if x != 0 && net.Role(v) != network.Consumer {
			errs = append(errs, fmt.Errorf("exact: node %q: demand %g on a %s (only a consumer has demand)", id, x, net.Role(v)))
		}
	}
	for l := range net.NumLinks() {
		if x := st.LinkScale[l]; bad(x) {
			errs = append(errs, fmt.Errorf("exact: link %q: scale %g is not a finite value ≥ 0", net.LinkID(l), x))
		}
	}
	return errors.Join(errs...)
}

// rankGroups returns the consumers rationed together under p, in service
// order.
func rankGroups(net *network.Network, p Policy) [][]int {
	cons := make([]int, 0, len(net.Consumers()))
	for _, c := range net.Consumers() {
		cons = append(cons, int(c))
	}
	if p == Proportional {
		return [][]int{cons}
	}
	rank := func(v int) int { return net.Class(net.NodeClass(v)).Rank }
	var ranks []int
	for _, v := range cons {
		ranks = append(ranks, rank(v))
	}
	slices.Sort(ranks)
	ranks = slices.Compact(ranks)
	groups := make([][]int, len(ranks))
	for _, v := range cons {
		i, _ := slices.BinarySearch(ranks, rank(v))
		groups[i] = append(groups[i], v)
	}
	return groups
}

// Allocate returns the exact allocation of net in state st under policy p.
//
// It returns an error, naming the element, if st does not match net's size
// or holds a negative, NaN or infinite value or a demand on a node that is
// not a consumer, and an error for an unknown policy or a nil network.
//
// Cost: a few maximum flows (Edmonds–Karp over big.Rat) per distinct
// coverage level and one breadth-first search per consumer and level;
// meant for networks of up to a few dozen nodes. Allocate only reads net
// and st; concurrent calls are safe.
func Allocate(net *network.Network, st State, p Policy) (*Allocation, error) {
	if net == nil {
		return nil, errors.New("exact: nil network")
	}
	if p != PriorityFair && p != Proportional {
		return nil, fmt.Errorf("exact: unknown policy %d (want PriorityFair or Proportional)", int(p))
	}
	if err := check(net, st); err != nil {
		return nil, err
	}
	md := newModel(net, st)
	groups := rankGroups(net, p)
	for _, grp := range groups {
		if err := md.fillGroup(grp); err != nil {
			return nil, err
		}
	}

	n := net.NumNodes()
	a := &Allocation{
		Served: make([]*big.Rat, n), Level: make([]*big.Rat, n),
		Output: make([]*big.Rat, n), Flow: make([]*big.Rat, net.NumLinks()),
		Groups: groups,
	}
	g := md.g
	total := new(big.Rat)
	for v := range n {
		if sa := md.sinkArc[v]; sa >= 0 {
			a.Served[v] = new(big.Rat).Set(g.flow(sa))
			total.Add(total, a.Served[v])
			if st.Demand[v] > 0 {
				a.Level[v] = new(big.Rat).Quo(a.Served[v], md.demand[v])
			}
		}
		if ia := md.inj[v]; ia >= 0 {
			a.Output[v] = new(big.Rat).Set(g.flow(ia))
		}
	}
	for l := range a.Flow {
		f := new(big.Rat).Set(g.flow(md.fwd[l]))
		if b := md.bwd[l]; b >= 0 {
			f.Sub(f, g.flow(b))
		}
		a.Flow[l] = f
	}
	a.MaxFlow = maxFlow(net, st)
	if a.MaxFlow.Cmp(total) != 0 {
		// Impossible for a correct implementation: every allocation that
		// no consumer can improve alone is a maximum flow.
		return nil, fmt.Errorf("exact: internal error: served %s in total, maximum flow %s", total.FloatString(12), a.MaxFlow.FloatString(12))
	}
	return a, nil
}

// maxFlow returns the maximum flow of net in st into every consumer in
// service, each capped at its demand, from a fresh model.
func maxFlow(net *network.Network, st State) *big.Rat {
	md := newModel(net, st)
	for v, ok := range md.live {
		if ok {
			md.g.setCap(md.sinkArc[v], md.demand[v])
		}
	}
	return md.g.augment()
}

// fillGroup shares what the network can still deliver among the consumers
// of grp by progressive filling, with every consumer served so far kept at
// its amount. On entry the graph holds a flow that saturates every arc into
// the sink (the amounts fixed so far) and gives grp nothing; on return it
// holds such a flow with grp's amounts fixed too.
//
// Progressive filling: the active consumers (in service, demand > 0) rise
// together at a common coverage level t. The largest feasible t ≤ 1 is
// found by Newton's method on the minimum cut (level); then every active
// consumer whose supply cannot rise alone, with everyone else held at their
// amounts, is frozen at t × demand; the others go on rising. Each round
// freezes at least one consumer, and the result is the unique max-min fair
// (lexicographically optimal) allocation of the group.
func (md *model) fillGroup(grp []int) error {
	var active []int
	for _, v := range grp {
		if md.live[v] {
			active = append(active, v)
		}
	}
	t := new(big.Rat) // every active consumer holds t × demand
	for len(active) > 0 {
		t = md.level(active, t)
		var rest []int
		for _, v := range active {
			if md.canRise(v) {
				rest = append(rest, v)
			}
		}
		if len(rest) == len(active) {
			return fmt.Errorf("exact: internal error: no consumer is limited at level %s", t.FloatString(12))
		}
		active = rest
	}
	return nil
}

// level returns the largest t in [t0, 1] at which every active consumer can
// be served t × demand together, with all other arcs into the sink at their
// present capacities, and leaves the graph holding a maximum flow at that
// level. On entry the graph holds a flow at level t0 that saturates every
// arc into the sink.
//
// Newton's method from above: try t (first 1); if the maximum flow falls
// short, the minimum cut found, of capacity c0 + t·D_cut (D_cut the demand
// of the active consumers on its source side), must carry F + t·D (F the
// amounts of the arcs into the sink that do not move, D the active
// demand), so t′ = (c0 − F)/(D − D_cut) is the largest level that cut
// allows; try t′. Each step is exact, lowers t strictly and rules out one
// cut for good, so the method ends after finitely many steps, at the level
// where the first cut becomes tight.
func (md *model) level(active []int, t0 *big.Rat) *big.Rat {
	g := md.g
	byArc := make(map[int]int, len(active)) // sink arc → active consumer; only looked up
	dAll := new(big.Rat)
	for _, v := range active {
		byArc[md.sinkArc[v]] = v
		dAll.Add(dAll, md.demand[v])
	}
	// F: the capacities of the arcs into the sink that stay put.
	fixed := new(big.Rat)
	for _, a := range md.sinkArc {
		if _, moves := byArc[a]; a >= 0 && !moves {
			fixed.Add(fixed, g.capa[a])
		}
	}
	start := g.save()
	t := big.NewRat(1, 1)
	var c big.Rat
	for {
		g.restore(start)
		for _, v := range active {
			g.setCap(md.sinkArc[v], c.Mul(t, md.demand[v]))
		}
		added := g.augment()
		want := new(big.Rat).Sub(t, t0)
		want.Mul(want, dAll)
		if added.Cmp(want) == 0 {
			return t
		}
		// The source side of a minimum cut at t.
		side := g.reachable()
		c0, dCut := new(big.Rat), new(big.Rat)
		for a := 0; a < len(g.head); a += 2 {
			tail := g.head[a^1]
			if !side[tail] || side[g.head[a]] {
				continue
			}
			if g.capIn[a] {
				panic("exact: an unlimited arc in a minimum cut")
			}
			if v, moves := byArc[a]; moves {
				dCut.Add(dCut, md.demand[v])
				continue
			}
			c0.Add(c0, g.capa[a])
		}
		num := new(big.Rat).Sub(c0, fixed)
		den := new(big.Rat).Sub(dAll, dCut)
		t = num.Quo(num, den)
	}
}

// canRise reports whether consumer v's supply could rise above its present
// amount (up to its demand) with every other consumer held at its amount.
// The graph holds a maximum flow that saturates every arc into the sink, so
// after raising v's arc to its demand the maximum flow grows exactly when
// an augmenting path exists (max-flow min-cut); the graph is left as it
// was.
func (md *model) canRise(v int) bool {
	g, a := md.g, md.sinkArc[v]
	keep := new(big.Rat).Set(g.capa[a])
	g.setCap(a, md.demand[v])
	prev := make([]int, g.n)
	ok := g.bfs(prev)
	g.setCap(a, keep)
	return ok
}
