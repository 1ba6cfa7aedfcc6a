package supply

import (
	"github.com/lifeline-sim/lifeline/network"
)

// leafPath is the fast path for the common case where supply meets demand.
// Distribution networks are mostly radial and most consumers are leaves: a
// consumer with a single link to a node that is not itself such a leaf. The
// fast path folds each node's leaves into one arc to the sink whose
// capacity is the leaves' total demand, solves the much smaller flow graph,
// and, if it serves everything, spreads the result back to the leaves in
// linear time. Otherwise the full graph decides.
type leafPath struct {
	g      flowGraph
	ok     bool      // the network has leaves worth folding
	leaves []int32   // leaf consumers
	leafL  []int32   // their links
	parent []int32   // node at the other end of each leaf's link
	lcap   []float64 // capacity of each leaf's link as built
	// Reduced-graph arcs.
	linkFwd, linkBwd []int32 // per link, -1 if folded or absent
	thru, inj, sink  []int32 // per node, -1 if none
	agg              []int32 // per node: arc to the sink for its leaves, -1 if none
	aggCap           []float64
	rvIn, rvOut      []int32 // per node: reduced in and out vertex, -1 for leaves
	mark             []bool  // reduced vertices reached in the current state
	units            *units  // sink arcs of the folded graph for sharing
}

// buildLeafPath prepares the fast path for s's network.
func (s *Solver) buildLeafPath() {
	net := s.net
	n, m := net.NumNodes(), net.NumLinks()
	lp := &s.lp
	isLeaf := make([]bool, n)
	for _, c := range net.Consumers() {
		inc := net.Incident(int(c))
		if len(inc) != 1 {
			continue
		}
		l := int(inc[0])
		p := net.Other(l, int(c))
		if f, _ := net.LinkEnds(l); net.OneWay(l) && f == int(c) {
			continue // flow can only leave the consumer
		}
		if net.Role(p) == network.Consumer && len(net.Incident(p)) == 1 {
			continue // an isolated pair of consumers
		}
		isLeaf[c] = true
		lp.leaves = append(lp.leaves, c)
		lp.leafL = append(lp.leafL, int32(l))
		lp.parent = append(lp.parent, int32(p))
		lp.lcap = append(lp.lcap, net.LinkCapacity(l))
	}
	if len(lp.leaves)*4 < n { // not worth a second graph
		return
	}
	lp.ok = true
	// Number the vertices that remain: every non-leaf node, station out
	// vertices, then source and sink.
	full := s.g.n
	rv := make([]int32, full)
	nv := int32(0)
	for v := range full - 2 {
		if v < n && isLeaf[v] {
			rv[v] = -1
			continue
		}
		rv[v] = nv
		nv++
	}
	src, sink := nv, nv+1
	nv += 2
	var specs []arcSpec
	var refs []*int32
	lp.linkFwd = fill(make([]int32, m), -1)
	lp.linkBwd = fill(make([]int32, m), -1)
	lp.thru = fill(make([]int32, n), -1)
	lp.inj = fill(make([]int32, n), -1)
	lp.sink = fill(make([]int32, n), -1)
	lp.agg = fill(make([]int32, n), -1)
	lp.aggCap = make([]float64, n)
	for l := range m {
		f, t := net.LinkEnds(l)
		if isLeaf[f] || isLeaf[t] {
			continue
		}
		specs = append(specs, arcSpec{rv[s.outV[f]], rv[t]})
		refs = append(refs, &lp.linkFwd[l])
		if !net.OneWay(l) {
			specs = append(specs, arcSpec{rv[s.outV[t]], rv[f]})
			refs = append(refs, &lp.linkBwd[l])
		}
	}
	hasLeaves := make([]bool, n)
	for _, p := range lp.parent {
		hasLeaves[p] = true
	}
	for v := range n {
		if isLeaf[v] {
			continue
		}
		switch net.Role(v) {
		case network.Station:
			specs = append(specs, arcSpec{rv[v], rv[s.outV[v]]})
			refs = append(refs, &lp.thru[v])
		case network.Source, network.Storage:
			specs = append(specs, arcSpec{src, rv[v]})
			refs = append(refs, &lp.inj[v])
		case network.Consumer:
			specs = append(specs, arcSpec{rv[v], sink})
			refs = append(refs, &lp.sink[v])
		}
		if hasLeaves[v] {
			specs = append(specs, arcSpec{rv[s.outV[v]], sink})
			refs = append(refs, &lp.agg[v])
		}
	}
	pos := lp.g.build(int(nv), specs, src, sink)
	for i, r := range refs {
		*r = pos[i]
	}
	lp.rvIn = make([]int32, n)
	lp.rvOut = make([]int32, n)
	for v := range n {
		lp.rvIn[v], lp.rvOut[v] = rv[v], rv[s.outV[v]]
	}
	lp.mark = make([]bool, nv)
	// Units: every node with leaves shares one arc among them; other
	// consumers have their own.
	ownUnit := fill(make([]int32, n), -1)  // a consumer's own arc
	leafUnit := fill(make([]int32, n), -1) // a node's arc for its leaves
	var uarc, uvert []int32
	for v := range n {
		if a := lp.sink[v]; a >= 0 {
			ownUnit[v] = int32(len(uarc))
			uarc = append(uarc, a)
			uvert = append(uvert, lp.rvIn[v])
		}
		if a := lp.agg[v]; a >= 0 {
			leafUnit[v] = int32(len(uarc))
			uarc = append(uarc, a)
			uvert = append(uvert, lp.rvOut[v])
		}
	}
	leafParent := fill(make([]int32, n), -1)
	for i, c := range lp.leaves {
		leafParent[c] = lp.parent[i]
	}
	lp.units = newUnits(&lp.g, uarc, uvert, func(c int32) int32 {
		if p := leafParent[c]; p >= 0 {
			return leafUnit[p]
		}
		return ownUnit[c]
	}, s.groups)
}

func fill(s []int32, v int32) []int32 {
	for i := range s {
		s[i] = v
	}
	return s
}

// Outcomes of the folded fast path.
const (
	foldedServed = iota // everyone connected is fully served
	foldedShort         // a shortage the folded graph can share
	foldedNo            // the folded graph cannot decide this state
)

// folded solves state st on the folded graph. Consumers that no source
// can reach through assets in service get nothing. When everyone else can
// be served it writes res and reports foldedServed; under a shortage it
// shares on the folded graph, writes res and reports foldedShort; when a
// leaf's own link cannot carry its demand it writes nothing and reports
// foldedNo, leaving the full graph to decide.
func (s *Solver) folded(st *State, res *Result, slack float64) int {
	lp := &s.lp
	if !lp.ok {
		return foldedNo
	}
	net, g := s.net, &lp.g
	g.eps = s.g.eps
	setStateCaps(g, net, st, lp.linkFwd, lp.linkBwd, lp.thru, lp.inj, lp.sink, lp.agg)
	g.reset()
	g.reach(lp.mark)
	// Folded demand of the reachable leaves: each must be fully servable
	// through its own link.
	var total float64
	clear(lp.aggCap)
	for i, c := range lp.leaves {
		d := st.Demand[c]
		l, p := lp.leafL[i], lp.parent[i]
		lc := scaled(lp.lcap[i], st.LinkScale[l])
		s.live[c] = st.NodeScale[c] > 0 && st.NodeScale[p] > 0 && lc > 0 && lp.mark[lp.rvOut[p]]
		if !s.live[c] {
			continue // out or disconnected: gets nothing
		}
		if lc < d {
			return foldedNo
		}
		lp.aggCap[p] += d
		total += d
	}
	for v := range net.NumNodes() {
		if a := lp.sink[v]; a >= 0 {
			s.live[v] = st.NodeScale[v] > 0 && lp.mark[lp.rvIn[v]]
			if s.live[v] {
				g.capa[a] = st.Demand[v]
				total += st.Demand[v]
			}
		}
		if a := lp.agg[v]; a >= 0 {
			g.capa[a] = lp.aggCap[v]
		}
	}
	g.reset()
	flow := g.augment()
	short := flow < total-slack
	if short {
		lp.units.share(st, s.live, s.amt, slack)
		flow = lp.units.flowV
	} else {
		for _, c := range net.Consumers() {
			s.amt[c] = 0
			if s.live[c] {
				s.amt[c] = st.Demand[c]
			}
		}
	}
	// Write the result.
	res.reset(net)
	for v := range net.NumNodes() {
		if a := lp.inj[v]; a >= 0 {
			res.Output[v] = g.flow(a)
		}
	}
	for _, c := range net.Consumers() {
		res.Served[c] = min(s.amt[c], st.Demand[c])
	}
	for i, c := range lp.leaves {
		a := s.amt[c]
		if !s.live[c] {
			a = 0
		}
		if f, _ := net.LinkEnds(int(lp.leafL[i])); f == int(lp.parent[i]) {
			res.Flow[lp.leafL[i]] = a
		} else {
			res.Flow[lp.leafL[i]] = -a
		}
	}
	for l := range net.NumLinks() {
		a := lp.linkFwd[l]
		if a < 0 {
			continue
		}
		f := g.flow(a)
		if b := lp.linkBwd[l]; b >= 0 {
			f -= g.flow(b)
		}
		res.Flow[l] = f
	}
	s.tally(st, res)
	if !short || total-flow <= slack {
		return foldedServed
	}
	// The bottleneck: saturated assets of the minimum cut, in the folded
	// graph (a folded leaf's link always has room for its demand).
	g.reach(lp.mark)
	clear(s.mark)
	n := net.NumNodes()
	for v := range n {
		if a := lp.inj[v]; a >= 0 && g.capa[a] > 0 && !lp.mark[lp.rvIn[v]] {
			s.mark[v] = true
		}
		if a := lp.thru[v]; a >= 0 && g.capa[a] > 0 && lp.mark[lp.rvIn[v]] && !lp.mark[lp.rvOut[v]] {
			s.mark[v] = true
		}
	}
	for l := range net.NumLinks() {
		f, t := net.LinkEnds(l)
		if a := lp.linkFwd[l]; a >= 0 && g.capa[a] > 0 && lp.mark[lp.rvOut[f]] && !lp.mark[lp.rvIn[t]] {
			s.mark[n+l] = true
		}
		if b := lp.linkBwd[l]; b >= 0 && g.capa[b] > 0 && lp.mark[lp.rvOut[t]] && !lp.mark[lp.rvIn[f]] {
			s.mark[n+l] = true
		}
	}
	s.appendBottlenecks(res)
	return foldedShort
}
