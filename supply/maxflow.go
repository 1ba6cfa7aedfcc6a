package supply

import "math"

// flowGraph is a residual graph in compressed form with Dinic's algorithm.
// Arcs come in pairs: arc a and its reverse rev[a]. Capacities may be +Inf;
// every path to the sink ends in a finite arc, so flows stay finite.
type flowGraph struct {
	n     int       // vertices
	first []int32   // arcs leaving v are first[v]:first[v+1]
	head  []int32   // arc → head vertex
	rev   []int32   // arc → its reverse arc
	capa  []float64 // arc → capacity in the current solve
	res   []float64 // arc → residual capacity
	src   int32
	sink  int32

	level []int32
	it    []int32
	queue []int32
	path  []int32
	eps   float64
}

// arcSpec is one directed arc before the graph is compressed.
type arcSpec struct{ tail, head int32 }

// build compresses arcs into CSR form. Arc i of specs becomes pos[i]; its
// reverse is rev[pos[i]]. It returns pos.
func (g *flowGraph) build(n int, specs []arcSpec, src, sink int32) []int32 {
	g.n = n
	g.src, g.sink = src, sink
	m := 2 * len(specs)
	g.first = make([]int32, n+1)
	for _, a := range specs {
		g.first[a.tail+1]++
		g.first[a.head+1]++
	}
	for v := range n {
		g.first[v+1] += g.first[v]
	}
	g.head = make([]int32, m)
	g.rev = make([]int32, m)
	g.capa = make([]float64, m)
	g.res = make([]float64, m)
	fill := make([]int32, n)
	copy(fill, g.first[:n])
	pos := make([]int32, len(specs))
	for i, a := range specs {
		f := fill[a.tail]
		fill[a.tail]++
		b := fill[a.head]
		fill[a.head]++
		g.head[f] = a.head
		g.head[b] = a.tail
		g.rev[f] = b
		g.rev[b] = f
		pos[i] = f
	}
	g.level = make([]int32, n)
	g.it = make([]int32, n)
	g.queue = make([]int32, 0, n)
	g.path = make([]int32, 0, 64)
	return pos
}

// reset sets every residual to the arc's capacity: zero flow.
func (g *flowGraph) reset() { copy(g.res, g.capa) }

// flow returns the flow on arc a (a forward arc).
func (g *flowGraph) flow(a int32) float64 { return g.res[g.rev[a]] }

// setCap changes the capacity of forward arc a, keeping its flow if it
// still fits. It reports false if the flow exceeds the new capacity (the
// caller must reset).
func (g *flowGraph) setCap(a int32, c float64) bool {
	f := g.res[g.rev[a]]
	g.capa[a] = c
	if f > c {
		return false
	}
	g.res[a] = c - f
	return true
}

// bfs computes levels from the source over arcs with residual above eps and
// reports whether the sink is reachable.
func (g *flowGraph) bfs() bool {
	for i := range g.level {
		g.level[i] = -1
	}
	q := g.queue[:0]
	g.level[g.src] = 0
	q = append(q, g.src)
	for h := 0; h < len(q); h++ {
		v := q[h]
		if v == g.sink {
			continue
		}
		lv := g.level[v] + 1
		for a := g.first[v]; a < g.first[v+1]; a++ {
			w := g.head[a]
			if g.level[w] < 0 && g.res[a] > g.eps {
				g.level[w] = lv
				q = append(q, w)
			}
		}
	}
	g.queue = q
	return g.level[g.sink] >= 0
}

// augment runs Dinic's algorithm from the current flow to a maximum flow
// and returns the flow added.
func (g *flowGraph) augment() float64 {
	var total float64
	for g.bfs() {
		copy(g.it, g.first[:g.n])
		total += g.blocking()
	}
	return total
}

// blocking finds a blocking flow in the level graph with an iterative
// depth-first search.
func (g *flowGraph) blocking() float64 {
	var total float64
	path := g.path[:0]
	v := g.src
	for {
		if v == g.sink {
			f := math.Inf(1)
			for _, a := range path {
				if g.res[a] < f {
					f = g.res[a]
				}
			}
			k := -1
			for i, a := range path {
				g.res[a] -= f
				g.res[g.rev[a]] += f
				if k < 0 && g.res[a] <= g.eps {
					k = i
				}
			}
			total += f
			if k < 0 {
				k = len(path) - 1
			}
			path = path[:k]
			if k == 0 {
				v = g.src
			} else {
				v = g.head[path[k-1]]
			}
			continue
		}
		found := false
		lv := g.level[v] + 1
		end := g.first[v+1]
		for a := g.it[v]; a < end; a++ {
			w := g.head[a]
			if g.level[w] == lv && g.res[a] > g.eps {
				g.it[v] = a
				path = append(path, a)
				v = w
				found = true
				break
			}
		}
		if found {
			continue
		}
		g.it[v] = end
		if v == g.src {
			break
		}
		g.level[v] = -1
		path = path[:len(path)-1]
		if len(path) == 0 {
			v = g.src
		} else {
			v = g.head[path[len(path)-1]]
		}
		g.it[v]++
	}
	g.path = path
	return total
}

// reach marks in mark every vertex reachable from the source over arcs with
// residual above eps, without passing through the sink, and returns the
// marked vertices in the order found (a slice of g.queue).
func (g *flowGraph) reach(mark []bool) []int32 {
	clear(mark)
	q := g.queue[:0]
	mark[g.src] = true
	q = append(q, g.src)
	for h := 0; h < len(q); h++ {
		v := q[h]
		for a := g.first[v]; a < g.first[v+1]; a++ {
			w := g.head[a]
			if w != g.sink && !mark[w] && g.res[a] > g.eps {
				mark[w] = true
				q = append(q, w)
			}
		}
	}
	g.queue = q
	return q
}
