package supply

import (
	"math"

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
}

func fill(s []int32, v int32) []int32 {
	for i := range s {
		s[i] = v
	}
	return s
}

// fast tries the fast path for state st with total in-service demand
// total. It reports false, having written nothing into res, when the
// folded graph cannot serve everyone.
func (s *Solver) fast(st *State, res *Result, total, slack float64) bool {
	lp := &s.lp
	if !lp.ok {
		return false
	}
	net, g := s.net, &lp.g
	g.eps = s.g.eps
	// Folded demand: every in-service leaf must be fully servable through
	// its own link, or the fast path cannot serve everyone.
	clear(lp.aggCap)
	for i, c := range lp.leaves {
		if st.NodeScale[c] <= 0 {
			continue
		}
		d := st.Demand[c]
		l, p := lp.leafL[i], lp.parent[i]
		lc := scaled(lp.lcap[i], st.LinkScale[l])
		if st.NodeScale[p] <= 0 || lc < d {
			return false
		}
		lp.aggCap[p] += d
	}
	for l := range net.NumLinks() {
		a := lp.linkFwd[l]
		if a < 0 {
			continue
		}
		f, t := net.LinkEnds(l)
		c := scaled(net.LinkCapacity(l), st.LinkScale[l])
		if st.NodeScale[f] <= 0 || st.NodeScale[t] <= 0 {
			c = 0
		}
		g.capa[a] = c
		if b := lp.linkBwd[l]; b >= 0 {
			g.capa[b] = c
		}
	}
	for v := range net.NumNodes() {
		if a := lp.thru[v]; a >= 0 {
			g.capa[a] = scaled(net.Capacity(v), st.NodeScale[v])
		}
		if a := lp.inj[v]; a >= 0 {
			g.capa[a] = scaled(net.Capacity(v), st.NodeScale[v])
		}
		if a := lp.sink[v]; a >= 0 {
			g.capa[a] = 0
			if st.NodeScale[v] > 0 {
				g.capa[a] = st.Demand[v]
			}
		}
		if a := lp.agg[v]; a >= 0 {
			g.capa[a] = lp.aggCap[v]
		}
	}
	g.reset()
	if g.augment() < total-slack {
		return false
	}
	// Everyone is served: write the result.
	res.reset(net)
	for v := range net.NumNodes() {
		if a := lp.inj[v]; a >= 0 {
			res.Output[v] = g.flow(a)
		}
		if a := lp.sink[v]; a >= 0 {
			res.Served[v] = math.Min(g.flow(a), st.Demand[v])
		}
	}
	for i, c := range lp.leaves {
		if st.NodeScale[c] <= 0 {
			continue
		}
		d := st.Demand[c]
		res.Served[c] = d
		if f, _ := net.LinkEnds(int(lp.leafL[i])); int(f) == int(lp.parent[i]) {
			res.Flow[lp.leafL[i]] = d
		} else {
			res.Flow[lp.leafL[i]] = -d
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
	return true
}
