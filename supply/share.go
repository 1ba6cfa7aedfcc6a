package supply

import "slices"

// units lists, for one flow graph, the arcs to the sink and the consumers
// behind each: in the full graph every consumer has its own arc; in the
// folded graph a node's leaf consumers share one. Progressive filling
// works on units, which is exact as long as every member of a unit can
// take its whole share through the unit's arc (a folded leaf's own link
// carries its demand).
type units struct {
	g    *flowGraph
	arc  []int32 // unit → its arc to the sink
	vert []int32 // unit → the vertex that arc leaves
	// Per rank group: the units holding members of the group, and those
	// members, grouped by unit: grpMem[g][grpStart[g][j]:grpStart[g][j+1]]
	// are the members in unit grpUnits[g][j].
	grpUnits [][]int32
	grpStart [][]int32
	grpMem   [][]int32

	// Per-solve work.
	k, d  []float64 // per unit: fixed supply, active demand
	act   []int32   // active entries (indices j into the group's units)
	keep  []bool    // per active entry: on the source side of the cut
	mark  []bool    // per vertex: reached in the residual graph
	flowV float64
}

// newUnits builds the unit tables. unitOf maps each consumer to its unit;
// groups are the rank groups of consumers in service order.
func newUnits(g *flowGraph, arc, vert []int32, unitOf func(c int32) int32, groups [][]int32) *units {
	u := &units{g: g, arc: arc, vert: vert}
	for _, grp := range groups {
		mem := slices.Clone(grp)
		slices.SortStableFunc(mem, func(a, b int32) int { return int(unitOf(a)) - int(unitOf(b)) })
		var us, st []int32
		for i, c := range mem {
			if i == 0 || unitOf(c) != unitOf(mem[i-1]) {
				us = append(us, unitOf(c))
				st = append(st, int32(i))
			}
		}
		st = append(st, int32(len(mem)))
		u.grpUnits = append(u.grpUnits, us)
		u.grpStart = append(u.grpStart, st)
		u.grpMem = append(u.grpMem, mem)
	}
	u.k = make([]float64, len(arc))
	u.d = make([]float64, len(arc))
	u.act = make([]int32, 0, len(arc))
	u.keep = make([]bool, len(arc))
	u.mark = make([]bool, g.n)
	return u
}

// share allocates a shortage group by group with progressive filling.
// live tells which consumers take part; amt receives each live consumer's
// supply. On return the graph holds a flow that delivers exactly amt.
func (u *units) share(st *State, live []bool, amt []float64, slack float64) {
	g := u.g
	for i, a := range u.arc {
		g.capa[a] = 0
		u.k[i] = 0
	}
	g.reset()
	u.flowV = 0
	var fixed float64 // capacity of the sink arcs already fixed
	for gi, us := range u.grpUnits {
		start, mem := u.grpStart[gi], u.grpMem[gi]
		act := u.act[:0]
		for j, un := range us {
			var d float64
			for _, c := range mem[start[j]:start[j+1]] {
				amt[c] = 0
				if live[c] && st.Demand[c] > 0 {
					d += st.Demand[c]
				}
			}
			u.d[un] = d
			if d > 0 {
				act = append(act, int32(j))
			}
		}
		for len(act) > 0 {
			var D float64
			for _, j := range act {
				D += u.d[us[j]]
			}
			// Try full coverage for the active units, from the current
			// flow (capacities only grow).
			for _, j := range act {
				un := us[j]
				g.setCap(u.arc[un], u.k[un]+u.d[un])
			}
			u.flowV += g.augment()
			if u.flowV >= fixed+D-slack {
				for i := range act {
					u.keep[i] = false
				}
				fixed += u.freeze(st, live, amt, gi, act)
				break
			}
			// Newton's method from above on the concave minimum-cut
			// function of the common level t: each step moves t to the
			// root of the last minimum cut's line, a strictly smaller
			// value, until t is feasible. The last cut is then tight.
			t := 1.0
			tight := true
			for iter := 0; ; iter++ {
				g.reach(u.mark)
				var B float64
				for i, j := range act {
					un := us[j]
					u.keep[i] = u.mark[u.vert[un]]
					if u.keep[i] {
						B += u.d[un]
					}
				}
				if D-B <= slack || iter > 200 {
					tight = false // numerically degenerate: freeze all
					break
				}
				nt := (u.flowV - B*t - fixed) / (D - B)
				if nt < 0 {
					nt = 0
				}
				if nt >= t {
					break
				}
				t = nt
				ok := true
				for _, j := range act {
					un := us[j]
					ok = g.setCap(u.arc[un], u.k[un]+t*u.d[un]) && ok
				}
				if !ok {
					g.reset()
					u.flowV = 0
				}
				u.flowV += g.augment()
				if u.flowV >= fixed+t*D-slack {
					break
				}
			}
			if !tight {
				for i := range act {
					u.keep[i] = false
				}
			}
			// Freeze the units behind the tight cut at their level;
			// those on its source side can still rise and go on.
			fixed += u.freeze(st, live, amt, gi, act)
			k := 0
			for i, j := range act {
				if u.keep[i] {
					act[k] = j
					k++
				}
			}
			act = act[:k]
		}
		u.act = act[:0]
	}
}

// freeze fixes every active unit not kept at its present flow, shares that
// among its active members in proportion to demand, and returns the supply
// fixed.
func (u *units) freeze(st *State, live []bool, amt []float64, gi int, act []int32) float64 {
	g, us, start, mem := u.g, u.grpUnits[gi], u.grpStart[gi], u.grpMem[gi]
	var sum float64
	for i, j := range act {
		if u.keep[i] {
			continue
		}
		un := us[j]
		f := g.flow(u.arc[un])
		t := 0.0
		if u.d[un] > 0 {
			t = min(max((f-u.k[un])/u.d[un], 0), 1)
		}
		for _, c := range mem[start[j]:start[j+1]] {
			if live[c] && st.Demand[c] > 0 {
				amt[c] = t * st.Demand[c]
			}
		}
		got := t * u.d[un]
		u.k[un] = max(u.k[un]+got, f) // never below the flow it carries
		g.setCap(u.arc[un], u.k[un])
		u.d[un] = 0
		sum += got
	}
	return sum
}
