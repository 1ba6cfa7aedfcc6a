package exact

import "math/big"

// graph is a flow network over exact rationals, solved by Edmonds–Karp:
// repeatedly push flow along a shortest augmenting path (fewest arcs, found
// by breadth-first search) until the sink cannot be reached in the residual
// graph.
//
// Arcs come in pairs: arc 2k is the arc as added, with its capacity, and
// arc 2k+1 = 2k^1 its reverse, with capacity 0. Only residual capacities
// are stored. Because the reverse arc starts empty and gains exactly what
// the arc carries, the flow on arc 2k is the residual of arc 2k+1; this
// holds for unlimited arcs too.
//
// An unlimited capacity is the explicit flag inf, never a large number:
// subtracting or adding a finite amount leaves it unlimited. Flows stay
// finite because every arc into the sink is finite, so every augmenting
// path has a finite bottleneck.
type graph struct {
	n     int
	src   int
	sink  int
	adj   [][]int    // vertex → arcs leaving it (both arcs as added and reverses)
	head  []int      // arc → the vertex it enters
	res   []*big.Rat // arc → residual capacity (ignored where inf)
	inf   []bool     // arc → residual capacity unlimited
	capa  []*big.Rat // arc 2k → its capacity now (ignored where inf); nil on reverses
	capIn []bool     // arc 2k → its capacity is unlimited
}

func newGraph(n, src, sink int) *graph {
	return &graph{n: n, src: src, sink: sink, adj: make([][]int, n)}
}

// addArc adds an arc tail → head of capacity c (unlimited if inf) and
// returns its index. The capacity is copied.
func (g *graph) addArc(tail, head int, c *big.Rat, inf bool) int {
	a := len(g.head)
	g.head = append(g.head, head, tail)
	g.adj[tail] = append(g.adj[tail], a)
	g.adj[head] = append(g.adj[head], a+1)
	cp := new(big.Rat)
	if !inf {
		cp.Set(c)
	}
	g.res = append(g.res, new(big.Rat).Set(cp), new(big.Rat))
	g.inf = append(g.inf, inf, false)
	g.capa = append(g.capa, cp, nil)
	g.capIn = append(g.capIn, inf, false)
	return a
}

// flow returns the flow on arc a (an arc as added), a shared value that
// must not be modified.
func (g *graph) flow(a int) *big.Rat { return g.res[a^1] }

// setCap changes the capacity of the finite arc a to c while keeping its
// flow. It panics if c is below the arc's flow: callers only lower a
// capacity after restoring a flow that fits it.
func (g *graph) setCap(a int, c *big.Rat) {
	if g.capIn[a] {
		panic("exact: setCap on an unlimited arc")
	}
	d := new(big.Rat).Sub(c, g.capa[a])
	g.res[a].Add(g.res[a], d)
	if g.res[a].Sign() < 0 {
		panic("exact: capacity below the arc's flow")
	}
	g.capa[a].Set(c)
}

// positive reports whether arc a has residual capacity.
func (g *graph) positive(a int) bool { return g.inf[a] || g.res[a].Sign() > 0 }

// bfs searches the residual graph from the source and records in prev, for
// every vertex reached, the arc it was reached by (−1 for the source, −2
// for vertices not reached). It stops as soon as the sink is reached and
// never leaves the sink, so every path it records is simple and ends at
// the sink at most once. It reports whether the sink was reached.
func (g *graph) bfs(prev []int) bool {
	for i := range prev {
		prev[i] = -2
	}
	prev[g.src] = -1
	queue := []int{g.src}
	for h := 0; h < len(queue); h++ {
		u := queue[h]
		for _, a := range g.adj[u] {
			w := g.head[a]
			if prev[w] != -2 || !g.positive(a) {
				continue
			}
			prev[w] = a
			if w == g.sink {
				return true
			}
			queue = append(queue, w)
		}
	}
	return false
}

// augment raises the current flow to a maximum flow by shortest augmenting
// paths and returns the amount it added (a new value). It panics if a path
// of unlimited arcs only reaches the sink, which the callers rule out by
// keeping every arc into the sink finite.
func (g *graph) augment() *big.Rat {
	added := new(big.Rat)
	prev := make([]int, g.n)
	var bott big.Rat
	for g.bfs(prev) {
		first := true
		for w := g.sink; w != g.src; w = g.head[prev[w]^1] {
			a := prev[w]
			if g.inf[a] {
				continue
			}
			if first || g.res[a].Cmp(&bott) < 0 {
				bott.Set(g.res[a])
				first = false
			}
		}
		if first {
			panic("exact: an augmenting path of unlimited arcs")
		}
		for w := g.sink; w != g.src; w = g.head[prev[w]^1] {
			a := prev[w]
			if !g.inf[a] {
				g.res[a].Sub(g.res[a], &bott)
			}
			if !g.inf[a^1] {
				g.res[a^1].Add(g.res[a^1], &bott)
			}
		}
		added.Add(added, &bott)
	}
	return added
}

// reachable reports for every vertex whether the source reaches it in the
// residual graph without passing through the sink. After augment, the
// vertices reached form the source side of a minimum cut.
func (g *graph) reachable() []bool {
	seen := make([]bool, g.n)
	seen[g.src] = true
	queue := []int{g.src}
	for h := 0; h < len(queue); h++ {
		u := queue[h]
		if u == g.sink {
			continue
		}
		for _, a := range g.adj[u] {
			if w := g.head[a]; !seen[w] && g.positive(a) {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return seen
}

// save returns a copy of the residual capacities and capacities, for
// restore.
func (g *graph) save() snapshot {
	s := snapshot{res: make([]*big.Rat, len(g.res)), capa: make([]*big.Rat, len(g.capa))}
	for i, r := range g.res {
		s.res[i] = new(big.Rat).Set(r)
	}
	for i, c := range g.capa {
		if c != nil {
			s.capa[i] = new(big.Rat).Set(c)
		}
	}
	return s
}

// restore returns the graph to the flow and capacities of s.
func (g *graph) restore(s snapshot) {
	for i, r := range s.res {
		g.res[i].Set(r)
	}
	for i, c := range s.capa {
		if c != nil {
			g.capa[i].Set(c)
		}
	}
}

// snapshot is a saved flow of a graph.
type snapshot struct {
	res, capa []*big.Rat
}
