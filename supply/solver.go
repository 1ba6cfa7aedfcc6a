package supply

import (
	"errors"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
)

// Policy decides how a shortage is shared among consumers.
type Policy int

const (
	// PriorityFair serves classes in rank order and shares a shortage
	// max-min fairly over coverage ratios inside a class. The default.
	PriorityFair Policy = iota
	// Proportional treats every consumer as one class, max-min fair over
	// coverage ratios.
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
	return "unknown"
}

// ParsePolicy returns the policy named "priority-fair" or "proportional".
func ParsePolicy(s string) (Policy, error) {
	switch s {
	case "priority-fair", "":
		return PriorityFair, nil
	case "proportional":
		return Proportional, nil
	}
	return 0, errors.New("supply: unknown policy " + s + " (want priority-fair or proportional)")
}

// Options configures a Solver. The zero value is the default.
type Options struct {
	// Policy shares a shortage. If it equals zero, PriorityFair.
	Policy Policy
	// Tolerance is the relative precision of the allocation: flows closer
	// than Tolerance × (total demand) count as equal. If it equals zero,
	// 1e-9.
	Tolerance float64
}

// ErrStateMismatch is returned by Solve for a State of another network.
var ErrStateMismatch = errors.New("supply: state belongs to another network")

// Solver allocates supply on one network. It keeps its work buffers, so
// after the first solve a solve allocates nothing. A Solver is not safe for
// concurrent use; use one per goroutine (they may share the Network).
//
// Method: the network becomes a flow graph (stations split into an in and
// an out vertex joined by an arc of the station's throughput, a super source
// feeding every source and storage, every consumer feeding a super sink).
// Maximum flows are found with Dinic's algorithm. Priority-fair sharing
// serves the rank groups in order; inside a group, progressive filling
// raises a common coverage level t of the unfrozen consumers, finds the
// largest feasible t by Newton's method on the minimum-cut function (exact
// breakpoints, finitely many steps), freezes the consumers behind the tight
// cut and repeats. Consumers no source reaches through assets in service
// are set aside first. When at least a quarter of the nodes are leaf
// consumers (the radial parts of distribution networks), all of this runs
// on a folded graph in which each node's leaf consumers share one arc to
// the sink, exact as long as each leaf's own link can carry its demand
// (otherwise the full graph decides). When supply meets all demand a single
// maximum flow decides everything.
//
// Cost: O(n + m) per solve plus the maximum flows, Dinic's algorithm on the
// folded graph; see the README for measured figures.
type Solver struct {
	net  *network.Network
	opt  Options
	base *State

	g       flowGraph
	linkFwd []int32 // link → arc From→To
	linkBwd []int32 // link → arc To→From, -1 if one-way
	thru    []int32 // node → station arc, -1 if not a station
	inj     []int32 // node → source arc, -1 if not a source or storage
	sinkArc []int32 // node → sink arc, -1 if not a consumer
	outV    []int32 // node → its out vertex (itself unless a station)

	groups [][]int32 // consumers by rank group, in service order

	// Per-solve work.
	inR   []bool    // vertex marks of the last cut
	mark  []bool    // asset dedup for bottlenecks (nodes then links)
	live  []bool    // per node: a consumer in service that a source reaches
	amt   []float64 // per node: a consumer's supply from sharing
	full  *units    // the full graph's sink arcs for sharing
	flowV float64   // current flow value into the sink

	lp leafPath // fast path when supply meets demand
}

// NewSolver returns a Solver for net. It allocates the flow graph, in
// O(n + m) time and memory.
func NewSolver(net *network.Network, opt Options) *Solver {
	if opt.Tolerance <= 0 || math.IsNaN(opt.Tolerance) {
		opt.Tolerance = 1e-9
	}
	s := &Solver{net: net, opt: opt}
	n, m := net.NumNodes(), net.NumLinks()
	s.outV = make([]int32, n)
	s.thru = make([]int32, n)
	s.inj = make([]int32, n)
	s.sinkArc = make([]int32, n)
	nv := n
	for v := range n {
		s.outV[v] = int32(v)
		if net.Role(v) == network.Station {
			s.outV[v] = int32(nv)
			nv++
		}
	}
	src, sink := int32(nv), int32(nv+1)
	nv += 2
	specs := make([]arcSpec, 0, 2*m+2*n)
	type ref struct {
		dst *int32
	}
	refs := make([]ref, 0, cap(specs))
	s.linkFwd = make([]int32, m)
	s.linkBwd = make([]int32, m)
	for l := range m {
		f, t := net.LinkEnds(l)
		specs = append(specs, arcSpec{s.outV[f], int32(t)})
		refs = append(refs, ref{&s.linkFwd[l]})
		s.linkBwd[l] = -1
		if !net.OneWay(l) {
			specs = append(specs, arcSpec{s.outV[t], int32(f)})
			refs = append(refs, ref{&s.linkBwd[l]})
		}
	}
	for v := range n {
		s.thru[v], s.inj[v], s.sinkArc[v] = -1, -1, -1
		switch net.Role(v) {
		case network.Station:
			specs = append(specs, arcSpec{int32(v), s.outV[v]})
			refs = append(refs, ref{&s.thru[v]})
		case network.Source, network.Storage:
			specs = append(specs, arcSpec{src, int32(v)})
			refs = append(refs, ref{&s.inj[v]})
		case network.Consumer:
			specs = append(specs, arcSpec{int32(v), sink})
			refs = append(refs, ref{&s.sinkArc[v]})
		}
	}
	pos := s.g.build(nv, specs, src, sink)
	for i, r := range refs {
		*r.dst = pos[i]
	}

	// Rank groups.
	cons := net.Consumers()
	if opt.Policy == Proportional {
		s.groups = [][]int32{slices.Clone(cons)}
	} else {
		byRank := slices.Clone(cons)
		slices.SortStableFunc(byRank, func(a, b int32) int {
			return net.Class(net.NodeClass(int(a))).Rank - net.Class(net.NodeClass(int(b))).Rank
		})
		for i := 0; i < len(byRank); {
			r := net.Class(net.NodeClass(int(byRank[i]))).Rank
			j := i
			for j < len(byRank) && net.Class(net.NodeClass(int(byRank[j]))).Rank == r {
				j++
			}
			s.groups = append(s.groups, byRank[i:j])
			i = j
		}
	}
	s.inR = make([]bool, nv)
	s.mark = make([]bool, n+m)
	s.live = make([]bool, n)
	s.amt = make([]float64, n)
	conIdx := make([]int32, n)
	arcs := make([]int32, len(cons))
	verts := make([]int32, len(cons))
	for i, c := range cons {
		conIdx[c] = int32(i)
		arcs[i] = s.sinkArc[c]
		verts[i] = c
	}
	s.full = newUnits(&s.g, arcs, verts, func(c int32) int32 { return conIdx[c] }, s.groups)
	s.base = NewState(net)
	s.buildLeafPath()
	return s
}

// Network returns the solver's network.
func (s *Solver) Network() *network.Network { return s.net }

func scaled(c, scale float64) float64 {
	if scale <= 0 {
		return 0
	}
	return c * scale // +Inf stays +Inf
}

// setBaseCaps writes the capacities of links, stations and injections for
// state st; sink arcs get 0.
func (s *Solver) setBaseCaps(st *State) {
	setStateCaps(&s.g, s.net, st, s.linkFwd, s.linkBwd, s.thru, s.inj, s.sinkArc)
}

// setStateCaps writes into g the capacities that state st gives links (arcs
// fwd and bwd per link), stations (thru) and sources and storage (inj), and
// zeroes the arcs to the sink listed in sinks; an arc index of −1 means
// absent. A link with an end out of service carries nothing. Reverse arcs
// keep capacity 0 from build: they only hold residuals.
func setStateCaps(g *flowGraph, net *network.Network, st *State, fwd, bwd, thru, inj []int32, sinks ...[]int32) {
	for l := range net.NumLinks() {
		a := fwd[l]
		if a < 0 {
			continue
		}
		f, t := net.LinkEnds(l)
		c := scaled(net.LinkCapacity(l), st.LinkScale[l])
		if st.NodeScale[f] <= 0 || st.NodeScale[t] <= 0 {
			c = 0
		}
		g.capa[a] = c
		if b := bwd[l]; b >= 0 {
			g.capa[b] = c
		}
	}
	for v := range net.NumNodes() {
		if a := thru[v]; a >= 0 {
			g.capa[a] = scaled(net.Capacity(v), st.NodeScale[v])
		}
		if a := inj[v]; a >= 0 {
			g.capa[a] = scaled(net.Capacity(v), st.NodeScale[v])
		}
		for _, sk := range sinks {
			if a := sk[v]; a >= 0 {
				g.capa[a] = 0
			}
		}
	}
}

// Solve allocates supply in state st (nil means the network as built) and
// writes the allocation into res, reusing its slices. It returns
// ErrStateMismatch if st belongs to another network, and an error naming
// the element if st holds a negative, NaN or infinite value.
//
// Cost: one maximum flow when supply meets demand; under a shortage, a few
// maximum flows per distinct coverage level in each rank group.
func (s *Solver) Solve(st *State, res *Result) error {
	if st == nil {
		st = s.base
	} else if st.net != s.net {
		return ErrStateMismatch
	} else if err := st.check(); err != nil {
		return err
	}
	net, g := s.net, &s.g
	s.setBaseCaps(st)

	var total float64
	for _, c := range net.Consumers() {
		if st.NodeScale[c] > 0 {
			total += st.Demand[c]
		}
	}
	g.eps = s.opt.Tolerance * math.Max(total, 1) * 1e-3
	slack := s.opt.Tolerance * math.Max(total, 1)

	// The folded graph decides most states.
	if s.folded(st, res, slack) != foldedNo {
		return nil
	}
	// Consumers no source reaches through assets in service get nothing
	// and take no part in sharing.
	g.reset()
	g.reach(s.inR)
	reach := 0.0
	for _, c := range net.Consumers() {
		s.live[c] = st.NodeScale[c] > 0 && s.inR[c]
		if s.live[c] {
			g.capa[s.sinkArc[c]] = st.Demand[c]
			reach += st.Demand[c]
		}
	}
	g.reset()
	s.flowV = g.augment()
	if s.flowV < reach-slack {
		s.full.share(st, s.live, s.amt, slack)
		s.flowV = s.full.flowV
	}
	s.fill(st, res, reach-s.flowV > slack)
	return nil
}

// fill writes the current flow into res and, under a shortage, the
// bottleneck of the minimum cut.
func (s *Solver) fill(st *State, res *Result, short bool) {
	net, g := s.net, &s.g
	res.reset(net)
	for v := range net.NumNodes() {
		if a := s.inj[v]; a >= 0 {
			res.Output[v] = g.flow(a)
		}
		if a := s.sinkArc[v]; a >= 0 {
			res.Served[v] = math.Min(g.flow(a), st.Demand[v])
		}
	}
	s.tally(st, res)
	for l := range net.NumLinks() {
		f := g.flow(s.linkFwd[l])
		if b := s.linkBwd[l]; b >= 0 {
			f -= g.flow(b)
		}
		res.Flow[l] = f
	}
	if !short {
		return
	}
	// The final flow is a maximum flow for full demand, so the vertices
	// the source reaches in its residual graph form the source side of a
	// minimum cut; its saturated arcs are the bottleneck.
	inR := s.inR
	g.reach(inR)
	clear(s.mark)
	n := net.NumNodes()
	// Assets out of service (capacity 0 now) are outages, not
	// bottlenecks: consumers they cut off are disconnected, not limited.
	for v := range n {
		if a := s.inj[v]; a >= 0 && g.capa[a] > 0 && !inR[v] {
			s.mark[v] = true
		}
		if a := s.thru[v]; a >= 0 && g.capa[a] > 0 && inR[v] && !inR[s.outV[v]] {
			s.mark[v] = true
		}
	}
	for l := range net.NumLinks() {
		f, t := net.LinkEnds(l)
		if a := s.linkFwd[l]; g.capa[a] > 0 && inR[s.outV[f]] && !inR[t] {
			s.mark[n+l] = true
		}
		if b := s.linkBwd[l]; b >= 0 && g.capa[b] > 0 && inR[s.outV[t]] && !inR[f] {
			s.mark[n+l] = true
		}
	}
	s.appendBottlenecks(res)
}

// appendBottlenecks appends the assets marked in s.mark (nodes, then links)
// to res.Bottlenecks.
func (s *Solver) appendBottlenecks(res *Result) {
	net, n := s.net, s.net.NumNodes()
	for i, m := range s.mark {
		if !m {
			continue
		}
		if i < n {
			res.Bottlenecks = append(res.Bottlenecks, Asset{ID: net.NodeID(i), Index: i})
		} else {
			res.Bottlenecks = append(res.Bottlenecks, Asset{ID: net.LinkID(i - n), IsLink: true, Index: i - n})
		}
	}
}

// Solve is a convenience that makes a Solver and a Result for one solve of
// state st (nil means net as built). To solve many states of one network,
// keep a Solver and a Result instead: they allocate nothing after warm-up.
func Solve(net *network.Network, st *State, opt Options) (*Result, error) {
	var res Result
	if err := NewSolver(net, opt).Solve(st, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// tally writes each consumer's demand and the coverage sums from
// res.Served.
func (s *Solver) tally(st *State, res *Result) {
	net := s.net
	for _, c := range net.Consumers() {
		v := int(c)
		d, served := st.Demand[v], res.Served[v]
		res.Demand[v] = d
		cust := net.Customers(v)
		r := ratio(served, d)
		res.Total.addRatio(served, d, cust, r)
		res.ByClass[net.NodeClass(v)].addRatio(served, d, cust, r)
		if z := net.NodeZone(v); z >= 0 {
			res.ByZone[z].addRatio(served, d, cust, r)
		} else {
			res.NoZone.addRatio(served, d, cust, r)
		}
	}
}
