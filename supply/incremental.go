package supply

import (
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
)

// Incremental keeps the allocation of one state of a network and updates it
// after small changes: an outage, a derate or a restoration of a few
// assets, or new demand at a few consumers. It is not safe for concurrent
// use; use one per goroutine (they may share the Network).
//
// Method: at construction the network is split into a meshed core and a
// pendant forest. The pendant forest holds every node that repeatedly
// peeling nodes with a single remaining link removes (never a source or a
// storage): radial feeders, the stations below the last mesh link, and
// the consumers on them. Each pendant node hangs from its parent by one
// link, and all flow into a pendant subtree enters through that link.
//
// While the remembered state has no shortage (every consumer that a source
// reaches through assets in service is fully served) and a change touches
// only pendant assets, Update recomputes only the subtree below each
// changed asset: who in it is still connected, the flow on its links, and
// the capacity checks of its links and stations. The difference in the
// subtree's draw travels up the parent links to the core, where it is
// pushed along one or a few augmenting paths (more demand) or taken back
// along paths that carry flow (less demand) in a residual graph of the
// core. When supply cannot follow, or the change touches the core, a
// source or a storage, or the remembered state has a shortage, Update
// falls back to a full solve with the Solver; the fallback is the Solver
// itself and is exact.
//
// What Update writes equals what Solver.Solve writes for the new state in
// every consumer's Served and Demand, and in the coverage sums (Total,
// ByClass, ByZone, NoZone) within Options.Tolerance × total demand (the fast
// path patches the sums by differences, so rounding may accumulate over
// very many updates; a full solve, Reset, starts afresh). Bottlenecks are
// exact: the fast path only runs without shortage, where they are empty.
// Flows on pendant links are unique and equal; flows on core links and the
// Output of sources and storage are those of a maximum flow too, but where
// the maximum flow is not unique they may differ from the Solver's.
type Incremental struct {
	s    *Solver
	net  *network.Network
	st   *State  // the remembered state
	res  *Result // the Result last filled
	base *State  // the network as built, for a nil state

	valid bool // st and res hold a solved state
	ok    bool // the fast path may run: no shortage, g holds the flow
	fast  int  // updates done by the fast path
	full  int  // full solves

	// Pendant forest.
	par    []int32 // node → parent node, -1 for core nodes
	parL   []int32 // node → link to its parent, -1 for core nodes
	linkCh []int32 // link → pendant node below it, -1 for core links
	order  []int32 // pendant nodes in preorder
	tin    []int32 // pendant node → position in order
	tout   []int32 // pendant node → end of its subtree in order

	// Residual graph of the core (vertices numbered as in the Solver).
	g       flowGraph
	linkFwd []int32 // core link → arc From→To, -1 otherwise
	linkBwd []int32 // core link → arc To→From, -1 otherwise
	thru    []int32 // core station → arc in→out, -1 otherwise
	inj     []int32 // source or storage → arc from the super source
	isFwd   []bool  // arc → built as a forward arc (capacity ≥ 0)
	arcLink []int32 // forward arc → link, -1 if none
	arcNode []int32 // forward arc → source or storage, -1 if none

	alive []bool    // per node: its out vertex is reached (in service)
	sub   []float64 // pendant node → flow down its parent link
	total float64   // demand of consumers in service
	eps   float64

	// Per-update work.
	roots []int32
	old   []float64 // per root: its draw before the update
	seen  []bool    // per vertex: visited by the current path search
	touch []int32   // vertices to unmark
	via   []int32   // per vertex: the arc leaving it on the path found
	iter  []int32   // per vertex: DFS position
	stack []int32
}

// NewIncremental returns an Incremental for net. It builds a Solver and the
// pendant forest, in O(n + m) time and memory. Until Reset, Update solves
// in full.
func NewIncremental(net *network.Network, opt Options) *Incremental {
	s := NewSolver(net, opt)
	n, m := net.NumNodes(), net.NumLinks()
	x := &Incremental{s: s, net: net, st: NewState(net), base: NewState(net)}

	// Peel nodes with one remaining link, sources and storage excepted.
	x.par = fill(make([]int32, n), -1)
	x.parL = fill(make([]int32, n), -1)
	x.linkCh = fill(make([]int32, m), -1)
	deg := make([]int32, n)
	gone := make([]bool, m)
	var queue []int32
	peelable := func(v int) bool {
		r := net.Role(v)
		return r != network.Source && r != network.Storage
	}
	for v := range n {
		deg[v] = int32(len(net.Incident(v)))
		if deg[v] == 1 && peelable(v) {
			queue = append(queue, int32(v))
		}
	}
	for h := 0; h < len(queue); h++ {
		v := int(queue[h])
		if deg[v] != 1 {
			continue
		}
		for _, l := range net.Incident(v) {
			if gone[l] {
				continue
			}
			u := net.Other(int(l), v)
			gone[l] = true
			x.par[v], x.parL[v], x.linkCh[l] = int32(u), l, int32(v)
			deg[v] = 0
			deg[u]--
			if deg[u] == 1 && peelable(u) {
				queue = append(queue, int32(u))
			}
			break
		}
	}
	// Preorder of the pendant forest from the core outward.
	first := make([]int32, n+1)
	for v := range n {
		if p := x.par[v]; p >= 0 {
			first[p+1]++
		}
	}
	for v := range n {
		first[v+1] += first[v]
	}
	kids := make([]int32, first[n])
	pos := slices.Clone(first[:n])
	for v := range n {
		if p := x.par[v]; p >= 0 {
			kids[pos[p]] = int32(v)
			pos[p]++
		}
	}
	x.tin = make([]int32, n)
	x.tout = make([]int32, n)
	x.order = make([]int32, 0, len(kids))
	var stack []int32
	for r := range n {
		if x.par[r] >= 0 {
			continue
		}
		stack = append(stack[:0], kids[first[r]:first[r+1]]...)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x.tin[v] = int32(len(x.order))
			x.order = append(x.order, v)
			stack = append(stack, kids[first[v]:first[v+1]]...)
		}
	}
	for i := len(x.order) - 1; i >= 0; i-- { // subtree sizes first
		v := x.order[i]
		x.tout[v]++
		if p := x.par[v]; x.par[p] >= 0 {
			x.tout[p] += x.tout[v]
		}
	}
	for _, v := range x.order {
		x.tout[v] += x.tin[v]
	}

	// The core flow graph, numbered as the Solver's.
	var specs []arcSpec
	var refs []*int32
	x.linkFwd = fill(make([]int32, m), -1)
	x.linkBwd = fill(make([]int32, m), -1)
	x.thru = fill(make([]int32, n), -1)
	x.inj = fill(make([]int32, n), -1)
	for l := range m {
		if x.linkCh[l] >= 0 {
			continue
		}
		f, t := net.LinkEnds(l)
		specs = append(specs, arcSpec{s.outV[f], int32(t)})
		refs = append(refs, &x.linkFwd[l])
		if !net.OneWay(l) {
			specs = append(specs, arcSpec{s.outV[t], int32(f)})
			refs = append(refs, &x.linkBwd[l])
		}
	}
	for v := range n {
		if x.par[v] >= 0 {
			continue
		}
		switch net.Role(v) {
		case network.Station:
			specs = append(specs, arcSpec{int32(v), s.outV[v]})
			refs = append(refs, &x.thru[v])
		case network.Source, network.Storage:
			specs = append(specs, arcSpec{s.g.src, int32(v)})
			refs = append(refs, &x.inj[v])
		}
	}
	apos := x.g.build(s.g.n, specs, s.g.src, s.g.sink)
	for i, r := range refs {
		*r = apos[i]
	}
	na := len(x.g.head)
	x.isFwd = make([]bool, na)
	x.arcLink = fill(make([]int32, na), -1)
	x.arcNode = fill(make([]int32, na), -1)
	for _, a := range apos {
		x.isFwd[a] = true
	}
	for l := range m {
		if a := x.linkFwd[l]; a >= 0 {
			x.arcLink[a] = int32(l)
		}
		if a := x.linkBwd[l]; a >= 0 {
			x.arcLink[a] = int32(l)
		}
	}
	for v := range n {
		if a := x.inj[v]; a >= 0 {
			x.arcNode[a] = int32(v)
		}
	}
	x.alive = make([]bool, n)
	x.sub = make([]float64, n)
	nv := x.g.n
	x.seen = make([]bool, nv)
	x.via = make([]int32, nv)
	x.iter = make([]int32, nv)
	return x
}

// Network returns the network.
func (x *Incremental) Network() *network.Network { return x.net }

// Stats returns how many updates the fast path made and how many full
// solves ran (Reset, and the fallbacks of Update).
func (x *Incremental) Stats() (fast, full int) { return x.fast, x.full }

// Pendant reports whether asset a lies in the pendant forest, where a
// change can take the fast path.
func (x *Incremental) Pendant(a Asset) bool {
	if a.IsLink {
		return a.Index >= 0 && a.Index < len(x.linkCh) && x.linkCh[a.Index] >= 0
	}
	return a.Index >= 0 && a.Index < len(x.par) && x.par[a.Index] >= 0
}

// Reset solves state st (nil means the network as built) in full with the
// Solver, writes the allocation into res, and remembers both. It returns
// the Solver's errors. Cost: one Solver.Solve plus O(n + m).
func (x *Incremental) Reset(st *State, res *Result) error {
	if st == nil {
		st = x.base
	}
	x.valid, x.ok, x.res = false, false, nil
	x.full++
	if err := x.s.Solve(st, res); err != nil {
		return err
	}
	x.st.CopyFrom(st)
	x.res, x.valid = res, true
	x.load()
	return nil
}

// Update brings the allocation in res up to state st (nil means the
// network as built), which may differ from the remembered state in any
// way; it finds the differences by scanning the state, in O(n + m). res
// must be the Result last filled by Reset or Update, unchanged since;
// with any other Result Update solves in full. It returns the errors of
// Solver.Solve. See Incremental for when the fast path runs and what it
// guarantees.
func (x *Incremental) Update(st *State, res *Result) error {
	return x.update(st, res, nil, true)
}

// UpdateAssets is Update when the caller knows which assets changed: st
// must equal the remembered state except in the scales of the listed
// nodes and links and the demand of the listed nodes. The fast path then
// costs O(size of the changed subtrees + the paths it pushes flow along),
// independent of the size of the network. Unlisted differences are not
// detected and leave res stale.
func (x *Incremental) UpdateAssets(st *State, changed []Asset, res *Result) error {
	return x.update(st, res, changed, false)
}

func (x *Incremental) update(st *State, res *Result, changed []Asset, scan bool) error {
	if st == nil {
		st = x.base
	}
	if !x.valid || !x.ok || res != x.res || st.net != x.net ||
		len(st.NodeScale) != len(x.st.NodeScale) || len(st.Demand) != len(x.st.Demand) ||
		len(st.LinkScale) != len(x.st.LinkScale) {
		return x.Reset(st, res)
	}
	// Collect the changed pendant subtrees; anything else solves in full.
	x.roots = x.roots[:0]
	total := x.total
	node := func(i int) bool {
		ns, d := st.NodeScale[i], st.Demand[i]
		os, od := x.st.NodeScale[i], x.st.Demand[i]
		if ns == os && d == od {
			return true
		}
		if x.par[i] < 0 || !finite(ns) || !finite(d) || (d != 0 && x.net.Role(i) != network.Consumer) {
			return false
		}
		if x.net.Role(i) == network.Consumer {
			if os > 0 {
				total -= od
			}
			if ns > 0 {
				total += d
			}
		}
		x.st.NodeScale[i], x.st.Demand[i] = ns, d
		x.roots = append(x.roots, int32(i))
		return true
	}
	link := func(l int) bool {
		if st.LinkScale[l] == x.st.LinkScale[l] {
			return true
		}
		if x.linkCh[l] < 0 || !finite(st.LinkScale[l]) {
			return false
		}
		x.st.LinkScale[l] = st.LinkScale[l]
		x.roots = append(x.roots, x.linkCh[l])
		return true
	}
	ok := true
	if scan {
		ns := st.NodeScale
		d, ons, od := st.Demand[:len(ns)], x.st.NodeScale[:len(ns)], x.st.Demand[:len(ns)]
		for i := range ns {
			if (ns[i] != ons[i] || d[i] != od[i]) && !node(i) {
				ok = false
				break
			}
		}
		ls := st.LinkScale
		ols := x.st.LinkScale[:len(ls)]
		for l := range ls {
			if ok && ls[l] != ols[l] {
				ok = link(l)
			}
		}
	} else {
		for _, a := range changed {
			if a.IsLink {
				ok = a.Index >= 0 && a.Index < len(st.LinkScale) && link(a.Index)
			} else {
				ok = a.Index >= 0 && a.Index < len(st.NodeScale) && node(a.Index)
			}
			if !ok {
				break
			}
		}
	}
	if !ok {
		return x.Reset(st, res)
	}
	x.total = total
	x.eps = x.s.opt.Tolerance * math.Max(total, 1) * 1e-3
	x.g.eps = x.eps
	if !x.patch(st, res) {
		return x.Reset(st, res)
	}
	x.fast++
	return nil
}

func finite(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }

// patch recomputes the subtrees under x.roots in state st and pushes the
// change of their draw into the core. It reports false when the fast path
// cannot decide (a shortage), leaving res and the flow to a full solve.
func (x *Incremental) patch(st *State, res *Result) bool {
	// Keep the outermost roots only.
	slices.SortFunc(x.roots, func(a, b int32) int { return int(x.tin[a]) - int(x.tin[b]) })
	k := 0
	for _, v := range x.roots {
		if k > 0 && x.tin[v] < x.tout[x.roots[k-1]] {
			continue // inside the previous root's subtree (or equal)
		}
		x.roots[k] = v
		k++
	}
	x.roots = x.roots[:k]
	net := x.net
	// Recompute each subtree; x.old keeps each root's old draw.
	x.old = x.old[:0]
	for _, v := range x.roots {
		x.old = append(x.old, x.sub[v])
		span := x.order[x.tin[v]:x.tout[v]]
		for _, w := range span {
			x.alive[w] = x.alive[x.par[w]] && st.NodeScale[w] > 0 && x.downCap(st, int(w)) > 0 &&
				(net.Role(int(w)) != network.Station || scaled(net.Capacity(int(w)), st.NodeScale[w]) > 0)
			x.sub[w] = 0
			if net.Role(int(w)) == network.Consumer {
				served := 0.0
				if x.alive[w] {
					served = st.Demand[w]
				}
				x.sub[w] = served
				x.setServed(res, int(w), served, st.Demand[w])
			}
		}
		for i := len(span) - 1; i >= 0; i-- {
			w := span[i]
			if !x.fits(st, int(w)) {
				return false
			}
			x.setLinkFlow(res, int(w))
			if w != v {
				x.sub[x.par[w]] += x.sub[w]
			}
		}
	}
	// Less draw first, then more: what the first frees the second may use.
	for pass := range 2 {
		for i, v := range x.roots {
			d := x.sub[v] - x.old[i]
			if (pass == 0 && d >= 0) || (pass == 1 && d <= 0) {
				continue
			}
			if !x.raise(st, res, int(x.par[v]), d) {
				return false
			}
		}
	}
	return true
}

// fits reports whether pendant node w can pass its draw x.sub[w]: its
// parent link and, for a station, its throughput.
func (x *Incremental) fits(st *State, w int) bool {
	d := x.sub[w]
	if d <= 0 {
		return true
	}
	if d > x.downCap(st, w) {
		return false
	}
	return x.net.Role(w) != network.Station || d <= scaled(x.net.Capacity(w), st.NodeScale[w])
}

// downCap returns the capacity in state st of pendant node w's parent link
// in the direction parent → w.
func (x *Incremental) downCap(st *State, w int) float64 {
	l := int(x.parL[w])
	f, t := x.net.LinkEnds(l)
	if f != int(x.par[w]) && x.net.OneWay(l) {
		return 0
	}
	if st.NodeScale[f] <= 0 || st.NodeScale[t] <= 0 {
		return 0
	}
	return scaled(x.net.LinkCapacity(l), st.LinkScale[l])
}

// setLinkFlow writes the flow of pendant node w's parent link into res.
func (x *Incremental) setLinkFlow(res *Result, w int) {
	l := int(x.parL[w])
	if f, _ := x.net.LinkEnds(l); f == int(x.par[w]) {
		res.Flow[l] = x.sub[w]
	} else {
		res.Flow[l] = -x.sub[w]
	}
}

// setServed writes consumer c's new supply and demand into res and
// adjusts the coverage sums by the difference.
func (x *Incremental) setServed(res *Result, c int, served, demand float64) {
	os, od := res.Served[c], res.Demand[c]
	if os == served && od == demand {
		return
	}
	res.Served[c], res.Demand[c] = served, demand
	ds, dd, dr := served-os, demand-od, ratio(served, demand)-ratio(os, od)
	adj := func(cv *Coverage) {
		cv.Served += ds
		cv.Demand += dd
		cv.SumRatio += dr
	}
	adj(&res.Total)
	adj(&res.ByClass[x.net.NodeClass(c)])
	if z := x.net.NodeZone(c); z >= 0 {
		adj(&res.ByZone[z])
	} else {
		adj(&res.NoZone)
	}
}

// raise adds d (either sign) to the draw of every pendant node from u up
// to the core, and then moves d more (or less) flow into the core node it
// hangs from. It reports false if that is not possible.
func (x *Incremental) raise(st *State, res *Result, u int, d float64) bool {
	for x.par[u] >= 0 {
		x.sub[u] += d
		if d > 0 && !x.fits(st, u) {
			return false
		}
		x.setLinkFlow(res, u)
		u = int(x.par[u])
	}
	t := x.s.outV[u]
	if d > 0 {
		return x.augment(res, t, d)
	}
	return x.cancel(res, t, -d)
}

// load prepares the fast path after a full solve of x.st into x.res: the
// reach of the core, who is alive in the pendant forest, each pendant
// node's draw, and the core's residual graph holding the result's flow. The
// fast path stays off if the result has a shortage.
func (x *Incremental) load() {
	net, s, st, res, g := x.net, x.s, x.st, x.res, &x.g
	x.total = 0
	for _, c := range net.Consumers() {
		if st.NodeScale[c] > 0 {
			x.total += st.Demand[c]
		}
	}
	x.eps = s.opt.Tolerance * math.Max(x.total, 1) * 1e-3
	slack := s.opt.Tolerance * math.Max(x.total, 1)
	setStateCaps(g, net, st, x.linkFwd, x.linkBwd, x.thru, x.inj)
	g.eps = 0
	g.reset()
	g.reach(x.seen)
	for v := range net.NumNodes() {
		if x.par[v] < 0 {
			x.alive[v] = st.NodeScale[v] > 0 && x.seen[s.outV[v]]
		}
	}
	clear(x.seen)
	for _, w := range x.order {
		x.alive[w] = x.alive[x.par[w]] && st.NodeScale[w] > 0 && x.downCap(st, int(w)) > 0 &&
			(net.Role(int(w)) != network.Station || scaled(net.Capacity(int(w)), st.NodeScale[w]) > 0)
		l := int(x.parL[w])
		if f, _ := net.LinkEnds(l); f == int(x.par[w]) {
			x.sub[w] = res.Flow[l]
		} else {
			x.sub[w] = -res.Flow[l]
		}
	}
	ok := len(res.Bottlenecks) == 0
	for _, c := range net.Consumers() {
		if x.alive[c] && res.Served[c] < st.Demand[c]-slack || !x.alive[c] && res.Served[c] > slack {
			ok = false
			break
		}
	}
	// The flow of the core, from the result.
	put := func(a int32, f float64) {
		g.res[a] = max(g.capa[a]-f, 0)
		g.res[g.rev[a]] = f
	}
	for l := range net.NumLinks() {
		f := res.Flow[l]
		switch {
		case x.linkFwd[l] < 0 || f == 0:
		case f > 0:
			put(x.linkFwd[l], f)
		case x.linkBwd[l] >= 0:
			put(x.linkBwd[l], -f)
		default:
			ok = false // against a one-way link: not a flow to build on
		}
	}
	for v := range net.NumNodes() {
		if a := x.inj[v]; a >= 0 {
			put(a, res.Output[v])
		}
		if a := x.thru[v]; a >= 0 {
			var out float64
			for _, l := range net.Incident(v) {
				f := res.Flow[l]
				if from, _ := net.LinkEnds(int(l)); from != v {
					f = -f
				}
				out += max(f, 0)
			}
			put(a, out)
		}
	}
	g.eps = x.eps
	x.ok = ok
}

// augment sends amt more flow from the super source to core vertex t along
// augmenting paths in the residual graph of the core, and writes the
// changed link flows and outputs into res. It reports false if the core
// cannot deliver amt more.
func (x *Incremental) augment(res *Result, t int32, amt float64) bool {
	return x.move(res, t, amt, true)
}

// cancel takes amt of the flow that reaches core vertex t back to the super
// source along paths that carry flow.
func (x *Incremental) cancel(res *Result, t int32, amt float64) bool {
	return x.move(res, t, amt, false)
}

func (x *Incremental) move(res *Result, t int32, amt float64, aug bool) bool {
	g := &x.g
	for amt > 0 {
		if !x.search(t, aug) {
			return false
		}
		y := amt
		for w := g.src; w != t; {
			a := x.via[w]
			r := g.res[a]
			if !aug {
				r = g.res[g.rev[a]]
			}
			y = min(y, r)
			w = g.head[a]
		}
		if !aug {
			y = -y
		}
		for w := g.src; w != t; {
			a := x.via[w]
			g.res[a] -= y
			g.res[g.rev[a]] += y
			x.writeArc(res, a)
			w = g.head[a]
		}
		amt -= math.Abs(y)
	}
	return true
}

// writeArc writes into res the flow of the link or the output of the
// source that arc a (either direction) belongs to.
func (x *Incremental) writeArc(res *Result, a int32) {
	g := &x.g
	if !x.isFwd[a] {
		a = g.rev[a]
	}
	if l := x.arcLink[a]; l >= 0 {
		f := g.flow(x.linkFwd[l])
		if b := x.linkBwd[l]; b >= 0 {
			f -= g.flow(b)
		}
		res.Flow[l] = f
	} else if v := x.arcNode[a]; v >= 0 {
		res.Output[v] = g.flow(a)
	}
}

// search looks for a path from the super source to t by a depth-first
// search backward from t, and leaves it in x.via: from the source, x.via[w]
// is the arc that leaves w on the path. With aug, the path uses arcs with
// residual capacity, trying first those that already carry flow toward the
// vertex (upstream on the present flow, which usually has room); without,
// only arcs that carry flow, to take it back.
func (x *Incremental) search(t int32, aug bool) bool {
	g := &x.g
	for _, v := range x.touch {
		x.seen[v] = false
	}
	x.touch = append(x.touch[:0], t)
	x.seen[t] = true
	x.iter[t] = 0
	stack := append(x.stack[:0], t)
	defer func() { x.stack = stack[:0] }()
	for len(stack) > 0 {
		w := stack[len(stack)-1]
		lo := g.first[w]
		deg := g.first[w+1] - lo
		limit := deg
		if aug {
			limit = 2 * deg
		}
		k := x.iter[w]
		for ; k < limit; k++ {
			b := lo + k%max(deg, 1)
			u := g.head[b]
			if x.seen[u] || u == g.sink {
				continue
			}
			a := g.rev[b]
			carries := x.isFwd[a] && g.res[b] > x.eps
			var use bool
			switch {
			case !aug:
				use = carries
			case k < deg:
				use = carries && g.res[a] > x.eps
			default:
				use = g.res[a] > x.eps
			}
			if !use {
				continue
			}
			x.via[u] = a
			if u == g.src {
				return true
			}
			x.iter[w] = k + 1
			x.seen[u] = true
			x.touch = append(x.touch, u)
			x.iter[u] = 0
			stack = append(stack, u)
			break
		}
		if k >= limit {
			stack = stack[:len(stack)-1]
		}
	}
	return false
}
