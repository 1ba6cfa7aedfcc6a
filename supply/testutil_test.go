package supply_test

// Shared test helpers: a generator of small random networks, an independent
// LP oracle for the allocation, a brute-force Edmonds–Karp max flow that
// checks the oracle, and checkers for a Result.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// ---------------------------------------------------------------------------
// Building networks in tests.

// mustBuild builds a network from nodes and links, with the default classes
// when classes is nil, and fails the test on an error.
func mustBuild(tb testing.TB, kind network.Kind, classes []network.Class, nodes []network.Node, links []network.Link) *network.Network {
	tb.Helper()
	net, err := buildNetwork(kind, classes, nil, nodes, links)
	if err != nil {
		tb.Fatalf("building the network: %v", err)
	}
	return net
}

func buildNetwork(kind network.Kind, classes []network.Class, zones []network.Zone, nodes []network.Node, links []network.Link) (*network.Network, error) {
	b := network.NewBuilder(kind)
	if classes != nil {
		b.SetClasses(classes)
	}
	for _, z := range zones {
		b.AddZone(z)
	}
	for _, n := range nodes {
		b.AddNode(n)
	}
	for _, l := range links {
		b.AddLink(l)
	}
	return b.Build()
}

// ---------------------------------------------------------------------------
// Random networks.

// randCase is one random network in one random state. randomCase(seed)
// rebuilds it exactly.
type randCase struct {
	seed    uint64
	classes []network.Class
	zones   []network.Zone
	nodes   []network.Node
	links   []network.Link
	net     *network.Network
	st      *supply.State
}

// sharedRankClasses is a taxonomy in which two pairs of classes share a rank
// and are therefore rationed together.
func sharedRankClasses() []network.Class {
	return []network.Class{
		{Name: network.Critical, Rank: 1},
		{Name: network.Essential, Rank: 1},
		{Name: network.Residential, Rank: 2},
		{Name: network.Commercial, Rank: 2},
		{Name: network.Industrial, Rank: 3},
	}
}

// round2 rounds x to two decimals so that printed cases rebuild exactly
// from their text.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// randomCase returns a deterministic random network of 3 to 12 nodes and a
// state for it. Every network has a source (node n0); roles, capacities
// (some unlimited), one-way links, losses, parallel links, islands, classes
// (the default taxonomy, or one with shared ranks in one case out of five),
// zones, outages, derates and demand changes are all drawn from seed.
func randomCase(seed uint64) randCase {
	r := rand.New(rand.NewPCG(seed, 0x11fe11e))
	c := randCase{seed: seed}
	n := 3 + r.IntN(10)
	kind := network.Kinds[r.IntN(len(network.Kinds))]
	if r.IntN(5) == 0 {
		c.classes = sharedRankClasses()
	}
	classNames := []string{network.Critical, network.Essential, network.Residential, network.Commercial, network.Industrial}
	for z := range r.IntN(4) {
		c.zones = append(c.zones, network.Zone{ID: fmt.Sprintf("z%d", z)})
	}
	for i := range n {
		nd := network.Node{ID: fmt.Sprintf("n%d", i)}
		role := network.Source
		if i > 0 {
			switch p := r.IntN(100); {
			case p < 12:
				role = network.Source
			case p < 20:
				role = network.Storage
			case p < 40:
				role = network.Station
			case p < 52:
				role = network.Junction
			default:
				role = network.Consumer
			}
		}
		nd.Role = role
		switch role {
		case network.Source:
			nd.Capacity = round2(10 + 110*r.Float64())
			if r.IntN(10) == 0 {
				nd.Capacity = network.Unlimited
			}
		case network.Storage:
			nd.Capacity = round2(5 + 45*r.Float64())
			nd.Level = 100
			if r.IntN(2) == 0 {
				nd.MaxLevel = 200
			}
		case network.Station:
			switch p := r.IntN(10); {
			case p < 2:
				nd.Capacity = 0 // unlimited
			case p < 3:
				nd.Capacity = network.Unlimited
			default:
				nd.Capacity = round2(10 + 70*r.Float64())
			}
		case network.Consumer:
			nd.Demand = round2(5 + 55*r.Float64())
			if r.IntN(10) == 0 {
				nd.Demand = 0
			}
			// Mostly the first three classes, so that classes often hold
			// several consumers that share a shortage.
			if k := r.IntN(8); k < len(classNames) {
				nd.Class = classNames[min(k, 2+r.IntN(3))]
			} else if k == 5 {
				nd.Class = "" // residential by default
			} else {
				nd.Class = classNames[r.IntN(3)]
			}
			nd.Customers = r.IntN(100)
		}
		if len(c.zones) > 0 && r.IntN(4) != 0 {
			nd.Zone = c.zones[r.IntN(len(c.zones))].ID
		}
		c.nodes = append(c.nodes, nd)
	}
	addLink := func(a, b int) {
		l := network.Link{ID: fmt.Sprintf("l%d", len(c.links)), From: c.nodes[a].ID, To: c.nodes[b].ID}
		switch p := r.IntN(20); {
		case p < 4:
			l.Capacity = 0 // unlimited
		case p < 5:
			l.Capacity = network.Unlimited
		default:
			l.Capacity = round2(5 + 75*r.Float64())
		}
		if r.IntN(4) == 0 {
			l.OneWay = true
		}
		if r.IntN(5) == 0 {
			l.Loss = round2(0.3 * r.Float64())
		}
		c.links = append(c.links, l)
	}
	for i := 1; i < n; i++ {
		if r.IntN(10) == 0 {
			continue // may leave an island
		}
		j := r.IntN(i)
		if r.IntN(2) == 0 {
			addLink(i, j)
		} else {
			addLink(j, i)
		}
	}
	for range r.IntN(n/2 + 1) {
		a, b := r.IntN(n), r.IntN(n)
		if a != b {
			addLink(a, b) // may duplicate an existing pair: parallel links
		}
	}
	net, err := buildNetwork(kind, c.classes, c.zones, c.nodes, c.links)
	if err != nil {
		panic(fmt.Sprintf("random case %d does not build: %v", seed, err))
	}
	c.net = net
	st := supply.NewState(net)
	for i := range n {
		switch net.Role(i) {
		case network.Source, network.Storage, network.Station:
			switch p := r.IntN(100); {
			case p < 10:
				st.NodeScale[i] = 0
			case p < 25:
				st.NodeScale[i] = round2(0.1 + 0.8*r.Float64())
			}
		default:
			// Junctions and consumers are either in or out.
			if r.IntN(100) < 8 {
				st.NodeScale[i] = 0
			}
		}
		if net.Role(i) == network.Consumer && r.IntN(5) == 0 {
			st.Demand[i] = round2(net.Demand(i) * 2 * r.Float64())
		}
	}
	for l := range net.NumLinks() {
		switch p := r.IntN(100); {
		case p < 8:
			st.LinkScale[l] = 0
		case p < 23:
			st.LinkScale[l] = round2(0.1 + 0.8*r.Float64())
		}
	}
	c.st = st
	return c
}

// String prints the case in enough detail to rebuild it by hand; randomCase
// with the same seed rebuilds it exactly.
func (c randCase) String() string {
	var b strings.Builder
	net, st := c.net, c.st
	fmt.Fprintf(&b, "random case seed %d (rebuild with randomCase(%d)): %s network, %d nodes, %d links\n",
		c.seed, c.seed, net.Kind(), net.NumNodes(), net.NumLinks())
	b.WriteString("  classes (rank):")
	for _, cl := range net.Classes() {
		fmt.Fprintf(&b, " %s(%d)", cl.Name, cl.Rank)
	}
	b.WriteByte('\n')
	for i := range net.NumNodes() {
		nd := net.Node(i)
		fmt.Fprintf(&b, "  node %-4s %-8s", nd.ID, nd.Role)
		switch nd.Role {
		case network.Source, network.Storage, network.Station:
			fmt.Fprintf(&b, " capacity=%g (effective %g)", nd.Capacity, net.Capacity(i))
		case network.Consumer:
			fmt.Fprintf(&b, " class=%s demand=%g customers=%d", net.Class(net.NodeClass(i)).Name, nd.Demand, nd.Customers)
		}
		if nd.Zone != "" {
			fmt.Fprintf(&b, " zone=%s", nd.Zone)
		}
		fmt.Fprintf(&b, " | state scale=%g", st.NodeScale[i])
		if nd.Role == network.Consumer {
			fmt.Fprintf(&b, " demand=%g", st.Demand[i])
		}
		b.WriteByte('\n')
	}
	for l := range net.NumLinks() {
		lk := net.Link(l)
		arrow := "--"
		if lk.OneWay {
			arrow = "->"
		}
		fmt.Fprintf(&b, "  link %-4s %s %s %s capacity=%g loss=%g (effective %g) | state scale=%g\n",
			lk.ID, lk.From, arrow, lk.To, lk.Capacity, lk.Loss, net.LinkCapacity(l), st.LinkScale[l])
	}
	if u := net.Unreached(); len(u) > 0 {
		fmt.Fprintf(&b, "  unreached: %v\n", u)
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Effective limits of the network in a state. These restate the documented
// semantics independently of the solver.

// nodeLimit is what node v may inject (source, storage) or pass (station) in
// state st: capacity × scale, unlimited staying unlimited while the scale is
// above 0. A junction or consumer passes any flow unless it is out (0).
func nodeLimit(net *network.Network, st *supply.State, v int) float64 {
	s := st.NodeScale[v]
	if s == 0 {
		return 0
	}
	switch net.Role(v) {
	case network.Source, network.Storage, network.Station:
		c := net.Capacity(v)
		if math.IsInf(c, 1) {
			return c
		}
		return c * s
	}
	return math.Inf(1)
}

// linkLimit is the flow link l may carry in either allowed direction: its
// effective capacity × scale, 0 if the link is out or either end is out (an
// out node passes no flow, so nothing can enter or leave it).
func linkLimit(net *network.Network, st *supply.State, l int) float64 {
	s := st.LinkScale[l]
	from, to := net.LinkEnds(l)
	if s == 0 || st.NodeScale[from] == 0 || st.NodeScale[to] == 0 {
		return 0
	}
	c := net.LinkCapacity(l)
	if math.IsInf(c, 1) {
		return c
	}
	return c * s
}

// servedLimit is the most consumer v may receive: its demand now, or 0 when
// it is out or not a consumer.
func servedLimit(net *network.Network, st *supply.State, v int) float64 {
	if net.Role(v) != network.Consumer || st.NodeScale[v] == 0 {
		return 0
	}
	return st.Demand[v]
}

func injects(net *network.Network, v int) bool {
	r := net.Role(v)
	return r == network.Source || r == network.Storage
}

// stateDemand is the total demand of every consumer in st.
func stateDemand(net *network.Network, st *supply.State) float64 {
	var d float64
	for _, c := range net.Consumers() {
		d += st.Demand[c]
	}
	return d
}

// tolerance is the absolute tolerance for comparing flows in a case: 1e-6
// of the total demand (at least 1e-6).
func tolerance(net *network.Network, st *supply.State) float64 {
	return 1e-6 * max(1, stateDemand(net, st))
}

// groups returns the consumers (node indices) rationed together under
// policy, in the order they are served: one group per rank under
// PriorityFair (classes of equal rank share a group), a single group under
// Proportional.
func groups(net *network.Network, policy supply.Policy) [][]int {
	if policy == supply.Proportional {
		var g []int
		for _, c := range net.Consumers() {
			g = append(g, int(c))
		}
		return [][]int{g}
	}
	cls := net.Classes()
	var out [][]int
	for k := 0; k < len(cls); {
		rank := cls[k].Rank
		var g []int
		for _, c := range net.Consumers() {
			if cls[net.NodeClass(int(c))].Rank == rank {
				g = append(g, int(c))
			}
		}
		out = append(out, g)
		for k < len(cls) && cls[k].Rank == rank {
			k++
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// The LP oracle.
//
// flowLP is the allocation LP of one network in one state, written directly
// from the network's documented semantics. All variables are ≥ 0:
//
//   - p_l, q_l for each usable link l: flow From→To and To→From (no q_l on a
//     one-way link). The link's signed flow is p_l − q_l.
//   - g_v for each source or storage in service: its injection.
//   - y_v for each consumer in service with demand > 0: what it is served.
//
// Constraints:
//
//	conservation, every node v:  Σ_{l into v} p_l − Σ_{l out of v} p_l
//	                           + Σ_{l out of v} q_l − Σ_{l into v} q_l
//	                           + g_v − y_v = 0
//	link l (finite limit c_l):   p_l + q_l ≤ c_l
//	station v (finite limit):    Σ_{l into v} p_l + Σ_{l out of v} q_l ≤ cap_v
//	source/storage v (finite):   g_v ≤ cap_v × scale_v
//	consumer v:                  y_v ≤ demand_v
//	kept amounts (oracles b, c): y_j ≥ amount_j − slack
//
// "into v" means links whose To end is v, "out of v" those whose From end
// is v. The station row bounds the flow entering the station; a station
// neither injects nor consumes, so by conservation this is also what leaves
// it, i.e. its throughput. Bounding p_l + q_l instead of p_l and q_l
// separately, and counting gross rather than net link flows at a station,
// changes nothing that matters: any solution with p_l, q_l > 0 on one link
// can cancel the common part, which keeps every conservation row and only
// lowers the link and station rows, so the sets of achievable (g, y) are the
// same as with net flows |p_l − q_l| ≤ c_l.
//
// Outages are applied by leaving variables out: a link that is out, or that
// touches an out node, has no p or q (an out node passes nothing); an out
// source has no g, an out consumer no y. Links in a component (over usable
// links) without any g or y can only carry circulations and are left out
// too, which keeps the equality rows of full rank as lp.Simplex requires.
// Nodes without variables have no row. Unlimited capacities have no row;
// the LP stays bounded because every objective is a sum of y's.
//
// All right-hand sides are divided by scale (the total demand, at least 1)
// so the simplex works on numbers of order 1.
type flowLP struct {
	net      *network.Network
	st       *supply.State
	scale    float64
	nVar     int
	fwd, bwd []int // per link: variable of p_l, q_l, or -1
	inj, srv []int // per node: variable of g_v, y_v, or -1
	eq, le   []lpRow
}

// lpRow is Σ val[k]·x[idx[k]] (= or ≤) rhs.
type lpRow struct {
	idx []int
	val []float64
	rhs float64
}

func (r *lpRow) add(i int, v float64) {
	if i < 0 {
		return
	}
	r.idx = append(r.idx, i)
	r.val = append(r.val, v)
}

// keep is a lower bound on what a consumer must keep being served.
type keep struct {
	node   int
	amount float64
}

func newFlowLP(net *network.Network, st *supply.State) *flowLP {
	n, m := net.NumNodes(), net.NumLinks()
	p := &flowLP{
		net: net, st: st,
		scale: max(1, stateDemand(net, st)),
		fwd:   make([]int, m), bwd: make([]int, m),
		inj: make([]int, n), srv: make([]int, n),
	}
	newVar := func() int { p.nVar++; return p.nVar - 1 }
	for v := range n {
		p.inj[v], p.srv[v] = -1, -1
		if injects(net, v) && nodeLimit(net, st, v) > 0 {
			p.inj[v] = newVar()
		}
		if servedLimit(net, st, v) > 0 {
			p.srv[v] = newVar()
		}
	}
	// Components over usable links; only those with a g or y matter.
	parent := make([]int, n)
	for v := range parent {
		parent[v] = v
	}
	var find func(int) int
	find = func(v int) int {
		for parent[v] != v {
			parent[v] = parent[parent[v]]
			v = parent[v]
		}
		return v
	}
	for l := range m {
		if linkLimit(net, st, l) > 0 {
			a, b := net.LinkEnds(l)
			parent[find(a)] = find(b)
		}
	}
	useful := make([]bool, n)
	for v := range n {
		if p.inj[v] >= 0 || p.srv[v] >= 0 {
			useful[find(v)] = true
		}
	}
	for l := range m {
		p.fwd[l], p.bwd[l] = -1, -1
		a, _ := net.LinkEnds(l)
		if linkLimit(net, st, l) > 0 && useful[find(a)] {
			p.fwd[l] = newVar()
			if !net.OneWay(l) {
				p.bwd[l] = newVar()
			}
		}
	}
	// Conservation.
	for v := range n {
		var r lpRow
		for _, l32 := range net.Incident(v) {
			l := int(l32)
			from, to := net.LinkEnds(l)
			if to == v {
				r.add(p.fwd[l], 1)
				r.add(p.bwd[l], -1)
			}
			if from == v {
				r.add(p.fwd[l], -1)
				r.add(p.bwd[l], 1)
			}
		}
		r.add(p.inj[v], 1)
		r.add(p.srv[v], -1)
		if len(r.idx) > 0 {
			p.eq = append(p.eq, r)
		}
	}
	// Links.
	for l := range m {
		if c := linkLimit(net, st, l); p.fwd[l] >= 0 && !math.IsInf(c, 1) {
			r := lpRow{rhs: c / p.scale}
			r.add(p.fwd[l], 1)
			r.add(p.bwd[l], 1)
			p.le = append(p.le, r)
		}
	}
	// Stations, sources, storage, consumers.
	for v := range n {
		c := nodeLimit(net, st, v)
		switch {
		case net.Role(v) == network.Station && !math.IsInf(c, 1):
			r := lpRow{rhs: c / p.scale}
			for _, l32 := range net.Incident(v) {
				l := int(l32)
				if _, to := net.LinkEnds(l); to == v {
					r.add(p.fwd[l], 1)
				} else {
					r.add(p.bwd[l], 1)
				}
			}
			if len(r.idx) > 0 {
				p.le = append(p.le, r)
			}
		case p.inj[v] >= 0 && !math.IsInf(c, 1):
			r := lpRow{rhs: c / p.scale}
			r.add(p.inj[v], 1)
			p.le = append(p.le, r)
		case p.srv[v] >= 0:
			r := lpRow{rhs: st.Demand[v] / p.scale}
			r.add(p.srv[v], 1)
			p.le = append(p.le, r)
		}
	}
	return p
}

// keepSlack is how far below a kept amount the oracle may go, relative to
// scale: the allocation under test is itself only precise to its
// tolerance, and a kept amount a hair above what is feasible must not make
// the LP infeasible.
const keepSlack = 2e-8

// keepRows turns kept amounts into rows −y_j ≤ −(amount_j − slack).
func (p *flowLP) keepRows(keeps []keep) ([]lpRow, error) {
	var rows []lpRow
	for _, k := range keeps {
		a := k.amount/p.scale - keepSlack
		if a <= 0 {
			continue
		}
		if p.srv[k.node] < 0 {
			return nil, fmt.Errorf("consumer %s must keep %g but cannot be served at all", p.net.NodeID(k.node), k.amount)
		}
		r := lpRow{rhs: -a}
		r.add(p.srv[k.node], -1)
		rows = append(rows, r)
	}
	return rows, nil
}

// solve maximises Σ obj over the flow LP plus nExtra further variables
// (indices nVar, nVar+1, ...) and extra ≤ rows, in scaled units. It returns
// the optimum and the optimal x (structural variables first, then slacks).
//
// lp.Simplex finds a first basis by a Phase I that dominates its run time
// on these small problems, so solve starts it from a basis it builds itself
// (the "big M" method): every ≤ row with rhs ≥ 0 starts with its slack in
// the basis; every other row (the equalities, and ≤ rows with rhs < 0,
// which are negated first) gets an artificial variable of cost bigM. That
// basis is the identity and feasible. If the optimum keeps an artificial
// above zero (the LP is infeasible, or bigM too small), solve falls back to
// lp.Simplex's own Phase I, which settles the question.
func (p *flowLP) solve(obj []lpRow, nExtra int, extra []lpRow) (float64, []float64, error) {
	nv := p.nVar + nExtra
	if nv == 0 {
		return 0, nil, nil
	}
	le := append(slices.Clip(p.le), extra...)
	rows := len(p.eq) + len(le)
	cols := nv + len(le)
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	for _, o := range obj {
		for k, i := range o.idx {
			c[i] -= o.val[k]
		}
	}
	for i, r := range p.eq {
		for k, j := range r.idx {
			A.Set(i, j, A.At(i, j)+r.val[k])
		}
		b[i] = r.rhs
	}
	for i, r := range le {
		row := len(p.eq) + i
		for k, j := range r.idx {
			A.Set(row, j, A.At(row, j)+r.val[k])
		}
		A.Set(row, nv+i, 1) // slack
		b[row] = r.rhs
	}
	objective := func(x []float64) float64 { return -floats.Dot(c, x[:cols]) }

	const bigM = 1e4
	basis := make([]int, rows)
	var art []int // rows that need an artificial variable
	for i := range rows {
		if i >= len(p.eq) && b[i] >= 0 {
			basis[i] = nv + i - len(p.eq)
			continue
		}
		basis[i] = cols + len(art)
		art = append(art, i)
	}
	A2 := mat.NewDense(rows, cols+len(art), nil)
	A2.Slice(0, rows, 0, cols).(*mat.Dense).Copy(A)
	b2 := slices.Clone(b)
	c2 := append(slices.Clone(c), make([]float64, len(art))...)
	for k, i := range art {
		if b2[i] < 0 {
			b2[i] = -b2[i]
			for j := range cols {
				A2.Set(i, j, -A2.At(i, j))
			}
		}
		A2.Set(i, cols+k, 1)
		c2[cols+k] = bigM
	}
	_, x, err := lp.Simplex(c2, A2, b2, 1e-10, basis)
	if err == nil && floats.Max(append([]float64{0}, x[cols:]...)) <= 1e-9 {
		return objective(x), x[:cols], nil
	}
	_, x, err = lp.Simplex(c, A, b, 1e-10, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("oracle LP (%d rows, %d columns): %w", rows, cols, err)
	}
	return objective(x), x, nil
}

// maxServed returns the largest total that the consumers in targets can be
// served together while every consumer in keeps is served at least its
// amount (less a tiny slack), in the flow unit.
func (p *flowLP) maxServed(targets []int, keeps []keep) (float64, error) {
	var obj lpRow
	for _, v := range targets {
		obj.add(p.srv[v], 1)
	}
	if len(obj.idx) == 0 {
		return 0, nil
	}
	rows, err := p.keepRows(keeps)
	if err != nil {
		return 0, err
	}
	f, _, err := p.solve([]lpRow{obj}, 0, rows)
	return f * p.scale, err
}

// maxFlow is oracle (a): the maximum total that can be served.
func (p *flowLP) maxFlow() (float64, error) {
	var all []int
	for _, c := range p.net.Consumers() {
		all = append(all, int(c))
	}
	return p.maxServed(all, nil)
}

// reference computes an allocation (served per node) with the defining
// property of the policy by progressive filling: group by group in order,
// raise the common coverage t of the group's unfrozen consumers as far as
// the LP allows, then freeze every consumer that cannot go above t while
// the others keep t, and repeat. It is slow (many LPs) and used only to
// check the oracle itself.
func (p *flowLP) reference(gs [][]int) ([]float64, error) {
	net, st := p.net, p.st
	served := make([]float64, net.NumNodes())
	var fixed []keep
	for _, g := range gs {
		var active []int
		for _, v := range g {
			if p.srv[v] >= 0 {
				active = append(active, v)
			}
		}
		for len(active) > 0 {
			// Max t: y_j ≥ t·d_j for the active, t ≤ 1.
			tv := p.nVar
			rows, err := p.keepRows(fixed)
			if err != nil {
				return nil, err
			}
			for _, v := range active {
				var r lpRow
				r.add(p.srv[v], -1)
				r.add(tv, st.Demand[v]/p.scale)
				rows = append(rows, r)
			}
			var tr lpRow
			tr.add(tv, 1)
			tr.rhs = 1
			rows = append(rows, tr)
			var obj lpRow
			obj.add(tv, 1)
			t, _, err := p.solve([]lpRow{obj}, 1, rows)
			if err != nil {
				return nil, err
			}
			t = min(max(t, 0), 1)
			var frozen, rest []int
			if t >= 1-1e-12 {
				frozen = active
			} else {
				// Who cannot exceed t while the others keep t?
				bestV, best := -1, math.Inf(1)
				for _, v := range active {
					var ks []keep
					ks = append(ks, fixed...)
					for _, w := range active {
						if w != v {
							ks = append(ks, keep{w, t * st.Demand[w]})
						}
					}
					// The LP's optimum is below the Edmonds–Karp bound; skip
					// it when the bound settles the question.
					m := maxFlowTo(net, st, append(keptNodes(ks), v)) - keptSum(p, ks)
					if m > t*st.Demand[v]+1e-7*p.scale {
						if m, err = p.maxServed([]int{v}, ks); err != nil {
							return nil, err
						}
					}
					gain := m - t*st.Demand[v]
					if gain <= 1e-7*p.scale {
						frozen = append(frozen, v)
					} else {
						rest = append(rest, v)
					}
					if gain < best {
						bestV, best = v, gain
					}
				}
				if len(frozen) == 0 { // numerical stalemate: freeze the tightest
					frozen = []int{bestV}
					rest = slices.DeleteFunc(rest, func(v int) bool { return v == bestV })
				}
			}
			for _, v := range frozen {
				served[v] = t * st.Demand[v]
				fixed = append(fixed, keep{v, served[v]})
			}
			active = rest
		}
	}
	return served, nil
}

// checkOptimal checks served (per node) against the oracle for policy and
// returns what is wrong:
//
//	(a) the total equals the LP max flow;
//	(b) each group (a rank under PriorityFair, everyone under Proportional)
//	    gets the LP maximum of its total while every consumer of the groups
//	    before it keeps what it got;
//	(c) no consumer below full coverage can be raised, by the LP, while the
//	    groups before keep what they got and the consumers of its own group
//	    whose coverage is not above its own keep theirs (max-min fairness).
//
// maxFlow is the LP max flow if already known, or NaN.
//
// Most of the LPs in (b) and (c) are settled without solving them: the
// amount the targets can get while the kept consumers keep theirs is at
// most the max flow into targets and kept consumers together (by
// Edmonds–Karp) less the kept amounts. When that bound already shows the
// allocation cannot be improved, the LP, whose optimum is below the bound,
// is not needed.
func checkOptimal(p *flowLP, policy supply.Policy, served []float64, maxFlow float64) []string {
	net, st := p.net, p.st
	tol := tolerance(net, st)
	var errs []string
	if math.IsNaN(maxFlow) {
		var err error
		if maxFlow, err = p.maxFlow(); err != nil {
			return []string{err.Error()}
		}
	}
	var total float64
	for _, c := range net.Consumers() {
		total += served[c]
	}
	if math.Abs(total-maxFlow) > tol {
		errs = append(errs, fmt.Sprintf("(a) total served %.9g, LP max flow %.9g", total, maxFlow))
	}
	cov := func(v int) float64 {
		if st.Demand[v] <= 0 {
			return 1
		}
		return served[v] / st.Demand[v]
	}
	var before []keep
	for gi, g := range groups(net, policy) {
		var got float64
		for _, v := range g {
			got += served[v]
		}
		best, err := got, error(nil)
		if maxFlowTo(net, st, append(keptNodes(before), g...))-keptSum(p, before) > got+tol {
			best, err = p.maxServed(g, before)
		}
		switch {
		case err != nil:
			errs = append(errs, fmt.Sprintf("(b) group %d: %v", gi, err))
		case got < best-tol:
			errs = append(errs, fmt.Sprintf("(b) group %d %v gets %.9g in total; it could get %.9g while the groups before keep theirs",
				gi, ids(net, g), got, best))
		}
		for _, v := range g {
			if st.Demand[v] <= 0 || served[v] >= st.Demand[v]-tol {
				continue
			}
			ks := slices.Clone(before)
			for _, w := range g {
				if w != v && cov(w) <= cov(v)+1e-7 {
					ks = append(ks, keep{w, served[w]})
				}
			}
			m, err := served[v], error(nil)
			if maxFlowTo(net, st, append(keptNodes(ks), v))-keptSum(p, ks) > served[v]+tol {
				m, err = p.maxServed([]int{v}, ks)
			}
			switch {
			case err != nil:
				errs = append(errs, fmt.Sprintf("(c) consumer %s: %v", net.NodeID(v), err))
			case m > served[v]+tol:
				errs = append(errs, fmt.Sprintf("(c) consumer %s served %.9g (coverage %.6g) could get %.9g without lowering anyone of its group with coverage ≤ its own, nor the groups before",
					net.NodeID(v), served[v], cov(v), m))
			}
		}
		for _, v := range g {
			before = append(before, keep{v, served[v]})
		}
	}
	return errs
}

// keptNodes returns the nodes of keeps.
func keptNodes(keeps []keep) []int {
	out := make([]int, len(keeps))
	for i, k := range keeps {
		out[i] = k.node
	}
	return out
}

// keptSum is Σ (amount − slack) over keeps, as the LP's rows state them.
func keptSum(p *flowLP, keeps []keep) float64 {
	var s float64
	for _, k := range keeps {
		s += max(0, k.amount-keepSlack*p.scale)
	}
	return s
}

func ids(net *network.Network, vs []int) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = net.NodeID(v)
	}
	return out
}

// ---------------------------------------------------------------------------
// Brute-force max flow (Edmonds–Karp on a dense residual matrix), used to
// check the LP oracle and to test that Bottlenecks form a minimum cut.

// arcKind says which asset an arc of the split graph stands for.
type arcKind int

const (
	arcInject arcKind = iota // super source → source/storage: its output
	arcPass                  // v_in → v_out: what node v passes
	arcLink                  // one direction of a link
	arcServe                 // consumer → super sink: its demand
)

type flowArc struct {
	kind     arcKind
	asset    int // node or link index
	from, to int // vertices
	cap      float64
}

// flowArcs returns the split graph of net in st: vertex 0 is the super
// source, 1 the super sink, 2+2v and 3+2v are v_in and v_out. Links go
// from u_out to v_in (and back unless one-way); a station's limit sits on
// its pass arc, which for other nodes is unlimited unless they are out.
func flowArcs(net *network.Network, st *supply.State) (int, []flowArc) {
	in := func(v int) int { return 2 + 2*v }
	out := func(v int) int { return 3 + 2*v }
	var arcs []flowArc
	for v := range net.NumNodes() {
		// Only a station limits what passes; a source's limit is on its
		// injection.
		pass := nodeLimit(net, st, v)
		if net.Role(v) != network.Station && pass > 0 {
			pass = math.Inf(1)
		}
		arcs = append(arcs, flowArc{arcPass, v, in(v), out(v), pass})
		if injects(net, v) {
			arcs = append(arcs, flowArc{arcInject, v, 0, in(v), nodeLimit(net, st, v)})
		}
		if net.Role(v) == network.Consumer {
			arcs = append(arcs, flowArc{arcServe, v, out(v), 1, servedLimit(net, st, v)})
		}
	}
	for l := range net.NumLinks() {
		a, b := net.LinkEnds(l)
		c := linkLimit(net, st, l)
		arcs = append(arcs, flowArc{arcLink, l, out(a), in(b), c})
		if !net.OneWay(l) {
			arcs = append(arcs, flowArc{arcLink, l, out(b), in(a), c})
		}
	}
	return 2 + 2*net.NumNodes(), arcs
}

// edmondsKarp returns the max flow from vertex 0 to vertex 1. Infinite
// capacities are replaced by big, which must exceed every finite cut that
// matters (the total demand + 1 does).
func edmondsKarp(nv int, arcs []flowArc, big float64) float64 {
	res := make([][]float64, nv)
	for i := range res {
		res[i] = make([]float64, nv)
	}
	for _, a := range arcs {
		c := a.cap
		if math.IsInf(c, 1) {
			c = big
		}
		res[a.from][a.to] += c
	}
	const eps = 1e-12
	var total float64
	prev := make([]int, nv)
	for {
		for i := range prev {
			prev[i] = -1
		}
		prev[0] = 0
		queue := []int{0}
		for h := 0; h < len(queue) && prev[1] < 0; h++ {
			u := queue[h]
			for w := range nv {
				if prev[w] < 0 && res[u][w] > eps {
					prev[w] = u
					queue = append(queue, w)
				}
			}
		}
		if prev[1] < 0 {
			return total
		}
		aug := math.Inf(1)
		for w := 1; w != 0; w = prev[w] {
			aug = min(aug, res[prev[w]][w])
		}
		for w := 1; w != 0; w = prev[w] {
			res[prev[w]][w] -= aug
			res[w][prev[w]] += aug
		}
		total += aug
	}
}

// maxFlowTo is the max flow of net in st into the consumers of targets only
// (the others' demand set to 0), by Edmonds–Karp.
func maxFlowTo(net *network.Network, st *supply.State, targets []int) float64 {
	nv, arcs := flowArcs(net, st)
	for i := range arcs {
		if arcs[i].kind == arcServe && !slices.Contains(targets, arcs[i].asset) {
			arcs[i].cap = 0
		}
	}
	return edmondsKarp(nv, arcs, stateDemand(net, st)+1)
}

// maxFlowEK is the max flow of net in st by Edmonds–Karp.
func maxFlowEK(net *network.Network, st *supply.State) float64 {
	nv, arcs := flowArcs(net, st)
	return edmondsKarp(nv, arcs, stateDemand(net, st)+1)
}

// ---------------------------------------------------------------------------
// Checkers of a Result.

// checkFeasible checks that res is a feasible allocation of net in st and
// returns every problem found: sizes; demand as in the state; served within
// [0, demand] and 0 for out consumers and other roles; output within
// [0, limit] and only on sources and storage; link flows within their
// limits, never backwards on a one-way link, 0 on out links and on links of
// out nodes; a station's inflow within its limit; conservation at every
// node (inflow − outflow + output − served = 0).
func checkFeasible(net *network.Network, st *supply.State, res *supply.Result) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	n, m := net.NumNodes(), net.NumLinks()
	if res.Network() != net {
		bad("Result.Network() is not the network solved")
	}
	if len(res.Served) != n || len(res.Demand) != n || len(res.Output) != n || len(res.Flow) != m {
		bad("result sizes: Served %d, Demand %d, Output %d (want %d), Flow %d (want %d)",
			len(res.Served), len(res.Demand), len(res.Output), n, len(res.Flow), m)
		return errs
	}
	tol := tolerance(net, st)
	for v := range n {
		id := net.NodeID(v)
		s, o := res.Served[v], res.Output[v]
		if math.IsNaN(s) || math.IsNaN(o) || math.IsInf(s, 0) || math.IsInf(o, 0) {
			bad("node %s: served %g, output %g", id, s, o)
			continue
		}
		if res.Demand[v] != st.Demand[v] {
			bad("node %s: Result.Demand %g, state demand %g", id, res.Demand[v], st.Demand[v])
		}
		if lim := servedLimit(net, st, v); s < -tol || s > lim+tol {
			bad("node %s (%s, scale %g): served %.9g outside [0, %g]", id, net.Role(v), st.NodeScale[v], s, lim)
		}
		lim := 0.0
		if injects(net, v) {
			lim = nodeLimit(net, st, v)
		}
		if o < -tol || o > lim+tol {
			bad("node %s (%s, scale %g): output %.9g outside [0, %g]", id, net.Role(v), st.NodeScale[v], o, lim)
		}
	}
	bal := make([]float64, n)
	inflow := make([]float64, n)
	for l := range m {
		f := res.Flow[l]
		a, b := net.LinkEnds(l)
		id := net.LinkID(l)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			bad("link %s: flow %g", id, f)
			continue
		}
		if lim := linkLimit(net, st, l); math.Abs(f) > lim+tol {
			bad("link %s (%s→%s, scale %g, ends' scales %g/%g): flow %.9g beyond limit %g",
				id, net.NodeID(a), net.NodeID(b), st.LinkScale[l], st.NodeScale[a], st.NodeScale[b], f, lim)
		}
		if net.OneWay(l) && f < -tol {
			bad("link %s is one-way %s→%s but carries %.9g backwards", id, net.NodeID(a), net.NodeID(b), -f)
		}
		bal[a] -= f
		bal[b] += f
		if f > 0 {
			inflow[b] += f
		} else {
			inflow[a] -= f
		}
	}
	for v := range n {
		if d := bal[v] + res.Output[v] - res.Served[v]; math.Abs(d) > tol {
			bad("node %s: conservation off by %.9g (net inflow %.9g + output %.9g − served %.9g)",
				net.NodeID(v), d, bal[v], res.Output[v], res.Served[v])
		}
		if net.Role(v) == network.Station {
			if lim := nodeLimit(net, st, v); inflow[v] > lim+tol {
				bad("station %s: throughput %.9g beyond limit %g", net.NodeID(v), inflow[v], lim)
			}
		}
	}
	return errs
}

// checkCoverage checks Total, ByClass, ByZone and NoZone against sums over
// the consumers of res.Served, and that Total = Σ ByClass = Σ ByZone +
// NoZone.
func checkCoverage(net *network.Network, st *supply.State, res *supply.Result) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	tol := tolerance(net, st)
	want := struct {
		total, noZone   supply.Coverage
		byClass, byZone []supply.Coverage
	}{byClass: make([]supply.Coverage, net.NumClasses()), byZone: make([]supply.Coverage, net.NumZones())}
	for _, c32 := range net.Consumers() {
		c := int(c32)
		s, d := res.Served[c], st.Demand[c]
		ratio := 1.0
		if d > 0 {
			ratio = min(s/d, 1)
		}
		add := func(cv *supply.Coverage) {
			cv.Served += s
			cv.Demand += d
			cv.Consumers++
			cv.Customers += net.Customers(c)
			cv.SumRatio += ratio
		}
		add(&want.total)
		add(&want.byClass[net.NodeClass(c)])
		if z := net.NodeZone(c); z >= 0 {
			add(&want.byZone[z])
		} else {
			add(&want.noZone)
		}
	}
	cmp := func(what string, got, exp supply.Coverage) {
		if got.Consumers != exp.Consumers || got.Customers != exp.Customers ||
			math.Abs(got.Served-exp.Served) > tol || math.Abs(got.Demand-exp.Demand) > tol ||
			math.Abs(got.SumRatio-exp.SumRatio) > 1e-6*max(1, float64(exp.Consumers)) {
			bad("%s coverage %+v, want %+v", what, got, exp)
		}
	}
	cmp("Total", res.Total, want.total)
	cmp("NoZone", res.NoZone, want.noZone)
	if len(res.ByClass) != net.NumClasses() || len(res.ByZone) != net.NumZones() {
		bad("ByClass has %d entries (want %d), ByZone %d (want %d)", len(res.ByClass), net.NumClasses(), len(res.ByZone), net.NumZones())
		return errs
	}
	var sumClass, sumZone supply.Coverage
	for i, c := range res.ByClass {
		cmp("class "+net.Class(i).Name, c, want.byClass[i])
		sumClass.Served += c.Served
		sumClass.Demand += c.Demand
	}
	for i, c := range res.ByZone {
		cmp("zone "+net.ZoneID(i), c, want.byZone[i])
		sumZone.Served += c.Served
		sumZone.Demand += c.Demand
	}
	sumZone.Served += res.NoZone.Served
	sumZone.Demand += res.NoZone.Demand
	if math.Abs(sumClass.Served-res.Total.Served) > tol || math.Abs(sumZone.Served-res.Total.Served) > tol ||
		math.Abs(sumClass.Demand-res.Total.Demand) > tol || math.Abs(sumZone.Demand-res.Total.Demand) > tol {
		bad("Total %+v; Σ classes served %g demand %g; Σ zones + NoZone served %g demand %g",
			res.Total, sumClass.Served, sumClass.Demand, sumZone.Served, sumZone.Demand)
	}
	return errs
}

// checkBottlenecks checks res.Bottlenecks: empty when every consumer is
// fully served; otherwise each asset well formed (ID, kind, index), in
// order (nodes, then links, each by index), a source, storage, station or
// link at its finite limit in res; and together exactly the non-consumer
// part of a minimum cut. The last is tested with Edmonds–Karp: with the
// bottleneck assets removed and every other asset of positive capacity made
// unlimited, the max flow must drop to maxFlow − Σ bottleneck limits. That
// holds if and only if there is a minimum cut whose arcs are the bottleneck
// assets plus consumers' demands (and assets of capacity 0).
func checkBottlenecks(net *network.Network, st *supply.State, res *supply.Result, maxFlow float64) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	tol := tolerance(net, st)
	short := false
	for _, c := range net.Consumers() {
		if res.Served[c] < st.Demand[c]-tol {
			short = true
		}
	}
	if !short {
		if len(res.Bottlenecks) > 0 {
			bad("every consumer is fully served but Bottlenecks = %v", res.BottleneckIDs())
		}
		return errs
	}
	inflow := make([]float64, net.NumNodes())
	for l, f := range res.Flow {
		a, b := net.LinkEnds(l)
		if f > 0 {
			inflow[b] += f
		} else {
			inflow[a] -= f
		}
	}
	cut := make(map[[2]int]bool) // {isLink, index}
	var capCut float64
	for i, a := range res.Bottlenecks {
		if i > 0 {
			p := res.Bottlenecks[i-1]
			if p.IsLink && !a.IsLink || p.IsLink == a.IsLink && p.Index >= a.Index {
				bad("Bottlenecks out of order: %v", res.BottleneckIDs())
			}
		}
		var lim, used float64
		if a.IsLink {
			if a.Index < 0 || a.Index >= net.NumLinks() || net.LinkID(a.Index) != a.ID {
				bad("bottleneck %+v is not a link of the network", a)
				continue
			}
			lim, used = linkLimit(net, st, a.Index), math.Abs(res.Flow[a.Index])
		} else {
			if a.Index < 0 || a.Index >= net.NumNodes() || net.NodeID(a.Index) != a.ID {
				bad("bottleneck %+v is not a node of the network", a)
				continue
			}
			lim = nodeLimit(net, st, a.Index)
			switch net.Role(a.Index) {
			case network.Source, network.Storage:
				used = res.Output[a.Index]
			case network.Station:
				used = inflow[a.Index]
			default:
				bad("bottleneck %s is a %s", a.ID, net.Role(a.Index))
				continue
			}
		}
		if math.IsInf(lim, 1) || lim <= 0 || math.Abs(used-lim) > tol {
			bad("bottleneck %s is not saturated: carries %.9g, limit %g", a.ID, used, lim)
		}
		if cut[[2]int{b2i(a.IsLink), a.Index}] {
			bad("bottleneck %s listed twice", a.ID)
		}
		cut[[2]int{b2i(a.IsLink), a.Index}] = true
		capCut += lim
	}
	nv, arcs := flowArcs(net, st)
	for i := range arcs {
		a := &arcs[i]
		isLink := a.kind == arcLink
		inCut := cut[[2]int{b2i(isLink), a.asset}] &&
			(isLink || a.kind == arcInject || a.kind == arcPass && net.Role(a.asset) == network.Station)
		switch {
		case inCut:
			a.cap = 0
		case a.kind != arcServe && a.cap > 0:
			a.cap = math.Inf(1)
		}
	}
	rest := edmondsKarp(nv, arcs, stateDemand(net, st)+1)
	if math.Abs(rest-(maxFlow-capCut)) > tol {
		bad("Bottlenecks %v (total limit %.9g) are not the assets of a minimum cut: max flow %.9g; without them and with every other asset unlimited the max flow is %.9g, want %.9g",
			res.BottleneckIDs(), capCut, maxFlow, rest, maxFlow-capCut)
	}
	return errs
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
