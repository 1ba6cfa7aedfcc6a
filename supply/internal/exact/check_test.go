package exact

// An independent judge of an Allocation, written straight from the
// definitions in doc.go and sharing no code with Allocate: its own limits,
// its own flow graph (every node split into an in and an out vertex), its
// own maximum flow (Edmonds–Karp on a dense residual matrix, unlimited
// capacities replaced by a bound no finite minimum cut reaches).

import (
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
)

// Limits in a state, exactly; inf reports an unlimited one.

func nodeLimitX(net *network.Network, st State, v int) (c *big.Rat, inf bool) {
	s := st.NodeScale[v]
	if s == 0 {
		return new(big.Rat), false
	}
	switch net.Role(v) {
	case network.Source, network.Storage, network.Station:
		if math.IsInf(net.Capacity(v), 1) {
			return nil, true
		}
		return new(big.Rat).Mul(f(net.Capacity(v)), f(s)), false
	}
	return nil, true
}

func linkLimitX(net *network.Network, st State, l int) (c *big.Rat, inf bool) {
	a, b := net.LinkEnds(l)
	s := st.LinkScale[l]
	if s == 0 || st.NodeScale[a] == 0 || st.NodeScale[b] == 0 {
		return new(big.Rat), false
	}
	if math.IsInf(net.LinkCapacity(l), 1) {
		return nil, true
	}
	return new(big.Rat).Mul(f(net.LinkCapacity(l)), f(s)), false
}

// servedLimitX is the most consumer v may receive in st.
func servedLimitX(net *network.Network, st State, v int) *big.Rat {
	if net.Role(v) != network.Consumer || st.NodeScale[v] == 0 {
		return new(big.Rat)
	}
	return f(st.Demand[v])
}

// judge is the split graph of a network in a state as a dense matrix of
// capacities: vertex 0 the super source, 1 the super sink, 2+2v and 3+2v
// node v's in and out vertex.
type judge struct {
	net  *network.Network
	st   State
	nv   int
	base [][]*big.Rat // capacities without the arcs into the sink
}

func newJudge(net *network.Network, st State) *judge {
	// Unlimited capacities become total demand + 1: a minimum cut never
	// exceeds the total demand (cut every arc into the sink), so no
	// minimum cut can contain such an arc and the maximum flow is as with
	// +Inf.
	bigM := big.NewRat(1, 1)
	for _, c := range net.Consumers() {
		bigM.Add(bigM, f(st.Demand[c]))
	}
	lim := func(c *big.Rat, inf bool) *big.Rat {
		if inf {
			return bigM
		}
		return c
	}
	nv := 2 + 2*net.NumNodes()
	j := &judge{net: net, st: st, nv: nv, base: make([][]*big.Rat, nv)}
	for i := range j.base {
		j.base[i] = make([]*big.Rat, nv)
		for k := range j.base[i] {
			j.base[i][k] = new(big.Rat)
		}
	}
	in := func(v int) int { return 2 + 2*v }
	out := func(v int) int { return 3 + 2*v }
	for v := range net.NumNodes() {
		c, inf := nodeLimitX(net, st, v)
		switch net.Role(v) {
		case network.Source, network.Storage:
			j.base[0][in(v)].Add(j.base[0][in(v)], lim(c, inf))
			c, inf = nil, st.NodeScale[v] > 0 // passes anything
			if !inf {
				c = new(big.Rat)
			}
		}
		j.base[in(v)][out(v)].Add(j.base[in(v)][out(v)], lim(c, inf))
	}
	for l := range net.NumLinks() {
		a, b := net.LinkEnds(l)
		c := lim(linkLimitX(net, st, l))
		j.base[out(a)][in(b)].Add(j.base[out(a)][in(b)], c)
		if !net.OneWay(l) {
			j.base[out(b)][in(a)].Add(j.base[out(b)][in(a)], c)
		}
	}
	return j
}

// maxFlow returns the maximum flow when consumer v's arc into the sink has
// capacity sinkCap[v] (missing means 0).
func (j *judge) maxFlow(sinkCap map[int]*big.Rat) *big.Rat {
	// Residual capacities; nil means 0, so that copying the matrix costs
	// only its arcs.
	res := make([][]*big.Rat, j.nv)
	for i := range res {
		res[i] = make([]*big.Rat, j.nv)
		for k, c := range j.base[i] {
			if c.Sign() > 0 {
				res[i][k] = new(big.Rat).Set(c)
			}
		}
	}
	for v, c := range sinkCap {
		if c.Sign() > 0 {
			res[3+2*v][1] = new(big.Rat).Set(c)
		}
	}
	total := new(big.Rat)
	prev := make([]int, j.nv)
	for {
		for i := range prev {
			prev[i] = -1
		}
		prev[0] = 0
		queue := []int{0}
		for h := 0; h < len(queue) && prev[1] < 0; h++ {
			u := queue[h]
			for w, c := range res[u] {
				if prev[w] < 0 && c != nil && c.Sign() > 0 {
					prev[w] = u
					queue = append(queue, w)
				}
			}
		}
		if prev[1] < 0 {
			return total
		}
		var aug *big.Rat
		for w := 1; w != 0; w = prev[w] {
			if c := res[prev[w]][w]; aug == nil || c.Cmp(aug) < 0 {
				aug = c
			}
		}
		aug = new(big.Rat).Set(aug)
		for w := 1; w != 0; w = prev[w] {
			u := prev[w]
			res[u][w].Sub(res[u][w], aug)
			if res[w][u] == nil {
				res[w][u] = new(big.Rat)
			}
			res[w][u].Add(res[w][u], aug)
		}
		total.Add(total, aug)
	}
}

// groupsX returns the rank groups of net under p, in service order.
func groupsX(net *network.Network, p Policy) [][]int {
	var all []int
	for _, c := range net.Consumers() {
		all = append(all, int(c))
	}
	if p == Proportional {
		return [][]int{all}
	}
	var out [][]int
	done := map[int]bool{}
	for _, cl := range net.Classes() { // ordered by rank
		if done[cl.Rank] {
			continue
		}
		done[cl.Rank] = true
		var g []int
		for _, c := range all {
			if net.Class(net.NodeClass(c)).Rank == cl.Rank {
				g = append(g, c)
			}
		}
		if len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// checkAllocation returns everything wrong with a as the allocation of net
// in st under p:
//
//   - shapes: Served and Level only on consumers, Output only on sources
//     and storage; Level = Served/Demand, nil for demand 0;
//   - feasibility of the flow a reports: served within [0, limit], output
//     within [0, limit], link flows within their limits and never
//     backwards on a one-way link, a station's inflow within its limit,
//     exact conservation at every node;
//   - total served = a.MaxFlow = the judge's maximum flow;
//   - groups as the classes' ranks say;
//   - priority: each group gets the maximum it can while every consumer of
//     the groups before keeps its amount;
//   - max-min fairness: no consumer below its demand can get more while
//     the groups before and the consumers of its group whose level is not
//     above its own keep their amounts.
//
// The last two rest on the feasible supply vectors being closed downward
// (a flow can always deliver less), so "keeps its amount" can be written
// as an arc into the sink of exactly that capacity: a consumer can get
// more exactly when the maximum flow with its arc raised to its demand
// exceeds the kept amounts plus its own.
func checkAllocation(net *network.Network, st State, p Policy, a *Allocation) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	n, m := net.NumNodes(), net.NumLinks()
	if len(a.Served) != n || len(a.Level) != n || len(a.Output) != n || len(a.Flow) != m {
		bad("sizes: Served %d, Level %d, Output %d (want %d), Flow %d (want %d)", len(a.Served), len(a.Level), len(a.Output), n, len(a.Flow), m)
		return errs
	}
	total := new(big.Rat)
	bal := make([]*big.Rat, n)
	inflow := make([]*big.Rat, n)
	for v := range n {
		bal[v], inflow[v] = new(big.Rat), new(big.Rat)
		id := net.NodeID(v)
		isCon := net.Role(v) == network.Consumer
		if (a.Served[v] != nil) != isCon {
			bad("node %s (%s): Served %v", id, net.Role(v), a.Served[v])
			continue
		}
		injects := net.Role(v) == network.Source || net.Role(v) == network.Storage
		if (a.Output[v] != nil) != injects {
			bad("node %s (%s): Output %v", id, net.Role(v), a.Output[v])
			continue
		}
		if isCon {
			s := a.Served[v]
			if s.Sign() < 0 || s.Cmp(servedLimitX(net, st, v)) > 0 {
				bad("consumer %s (scale %g): served %s outside [0, %g]", id, st.NodeScale[v], s.FloatString(12), st.Demand[v])
			}
			total.Add(total, s)
			bal[v].Sub(bal[v], s)
			switch d := st.Demand[v]; {
			case d == 0 && a.Level[v] != nil:
				bad("consumer %s: demand 0 but level %s", id, a.Level[v].RatString())
			case d > 0 && (a.Level[v] == nil || a.Level[v].Cmp(quo(s, f(d))) != 0):
				bad("consumer %s: level %v is not served/demand", id, a.Level[v])
			}
		} else if a.Level[v] != nil {
			bad("node %s (%s): Level %v", id, net.Role(v), a.Level[v])
		}
		if injects {
			o := a.Output[v]
			c, inf := nodeLimitX(net, st, v)
			if o.Sign() < 0 || (!inf && o.Cmp(c) > 0) {
				bad("node %s: output %s outside its limit", id, o.FloatString(12))
			}
			bal[v].Add(bal[v], o)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for l := range m {
		fl := a.Flow[l]
		u, w := net.LinkEnds(l)
		c, inf := linkLimitX(net, st, l)
		if !inf && new(big.Rat).Abs(fl).Cmp(c) > 0 {
			bad("link %s: flow %s beyond its limit %s", net.LinkID(l), fl.FloatString(12), c.FloatString(12))
		}
		if net.OneWay(l) && fl.Sign() < 0 {
			bad("link %s is one-way but carries %s backwards", net.LinkID(l), fl.FloatString(12))
		}
		bal[u].Sub(bal[u], fl)
		bal[w].Add(bal[w], fl)
		if fl.Sign() > 0 {
			inflow[w].Add(inflow[w], fl)
		} else {
			inflow[u].Sub(inflow[u], fl)
		}
	}
	for v := range n {
		if bal[v].Sign() != 0 {
			bad("node %s: conservation off by %s", net.NodeID(v), bal[v].FloatString(15))
		}
		if net.Role(v) == network.Station {
			if c, inf := nodeLimitX(net, st, v); !inf && inflow[v].Cmp(c) > 0 {
				bad("station %s: throughput %s beyond %s", net.NodeID(v), inflow[v].FloatString(12), c.FloatString(12))
			}
		}
	}

	j := newJudge(net, st)
	all := map[int]*big.Rat{}
	for _, c := range net.Consumers() {
		all[int(c)] = servedLimitX(net, st, int(c))
	}
	mf := j.maxFlow(all)
	if total.Cmp(mf) != 0 || a.MaxFlow.Cmp(mf) != 0 {
		bad("total served %s, MaxFlow %s, judge's maximum flow %s", total.FloatString(12), a.MaxFlow.FloatString(12), mf.FloatString(12))
	}

	gs := groupsX(net, p)
	if !slices.EqualFunc(gs, a.Groups, slices.Equal[[]int]) {
		bad("groups %v, want %v", a.Groups, gs)
	}
	keptSum := func(k map[int]*big.Rat) *big.Rat {
		s := new(big.Rat)
		for _, x := range k {
			s.Add(s, x)
		}
		return s
	}
	before := map[int]*big.Rat{}
	for gi, g := range gs {
		caps := maps(before)
		got := keptSum(before)
		for _, v := range g {
			caps[v] = servedLimitX(net, st, v)
			got.Add(got, a.Served[v])
		}
		if best := j.maxFlow(caps); best.Cmp(got) != 0 {
			bad("group %d: the groups before and it get %s; they could get %s", gi, got.FloatString(12), best.FloatString(12))
		}
		for _, v := range g {
			if a.Served[v].Cmp(servedLimitX(net, st, v)) >= 0 {
				continue
			}
			keep := maps(before)
			for _, w := range g {
				if w != v && a.Level[w] != nil && a.Level[w].Cmp(a.Level[v]) <= 0 {
					keep[w] = a.Served[w]
				}
			}
			want := keptSum(keep)
			want.Add(want, a.Served[v])
			keep[v] = servedLimitX(net, st, v)
			if got := j.maxFlow(keep); got.Cmp(want) != 0 {
				bad("consumer %s (level %.9g) could get %s more without lowering anyone of its group at its level or below, nor the groups before",
					net.NodeID(v), ratF(a.Level[v]), sub(got, want).FloatString(12))
			}
		}
		for _, v := range g {
			before[v] = a.Served[v]
		}
	}
	return errs
}

// maps returns a copy of m.
func maps(m map[int]*big.Rat) map[int]*big.Rat {
	c := make(map[int]*big.Rat, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
