package dimacs

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// Factor is the scale Write applies to every flow before rounding it to an
// integer capacity: 1000, so capacities are in thousandths of the network's
// flow unit (W for kW networks, litres per hour for m³/h). Write states it
// in a "c factor 1000" comment, which Read returns as Instance.Factor. The
// maximum-flow value of a written instance, divided by Factor, is the total
// supply served in that state, up to the rounding of each capacity: the
// value differs from served × Factor by at most 0.5 per arc of the
// instance (in practice 0.5 per arc of a minimum cut).
const Factor = 1000

// maxExact is the largest integer up to which every integer is exact in a
// float64.
const maxExact = 1 << 53

// Write writes net in state st (nil means as built) as a DIMACS maximum-flow
// instance to w. The flow graph is the one package supply solves:
//
//   - vertex 1 is a super source and vertex 2 a super sink; vertices 3 and
//     up are the nodes in service in index order, each one vertex, except a
//     station, which is two (in, then out) joined by an arc of its
//     throughput;
//   - the super source feeds every source and storage in service with an
//     arc of its capacity × its scale in st;
//   - every consumer in service feeds the super sink with an arc of its
//     demand in st;
//   - a link in service whose ends are both in service becomes an arc from
//     the out vertex of its From end to the in vertex of its To end with the
//     link's capacity × its scale, and, unless one-way, the opposite arc
//     with the same capacity;
//   - assets out of service (scale 0) are left out, with their links.
//
// Every capacity c is written as round(c × Factor). Unlimited capacities
// (unlimited links, stations and infeeds), and any capacity above it, are
// written as the bound B = (sum of the written consumer arcs) + 1. B cannot
// bind: the minimum cut through the consumer arcs is below B, so no cut
// through an arc of capacity B is minimal, and the maximum flow is that of
// the unbounded instance. Comments at the top give the network's name, the
// factor (as "c factor 1000", which Read understands), B, the numbering and
// what was left out.
//
// Write returns supply.ErrStateMismatch if st belongs to another network,
// an error naming every bad element (up to 10) if st holds a negative, NaN
// or infinite value or demand on a node that is not a consumer, an error if
// B exceeds 2^53 (a total demand too large for exact integers; use a larger
// unit), and errors from w. It writes nothing unless st is valid. Cost:
// O(n + m) time; it allocates O(n) memory and buffers its output.
func Write(w io.Writer, net *network.Network, st *supply.State) error {
	if st == nil {
		st = supply.NewState(net)
	} else if st.Network() != net {
		return supply.ErrStateMismatch
	} else if err := checkState(net, st); err != nil {
		return err
	}
	m := newMapping(net, st)
	if m.bound > maxExact {
		return fmt.Errorf("dimacs: total demand in service × %d exceeds 2^53, beyond exact integer capacities; use a larger flow unit", Factor)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "c lifeline max-flow instance of network %q (%s, flows in %s)\n", net.Name(), net.Kind(), net.Kind().Unit())
	fmt.Fprintf(bw, "c factor %d (each capacity is round(flow × %d); flow value / %d = supply served in %s)\n",
		Factor, Factor, Factor, net.Kind().Unit())
	fmt.Fprintf(bw, "c unlimited %d (total demand × %d + 1: unlimited and larger capacities, which cannot bind)\n", m.bound, Factor)
	fmt.Fprintf(bw, "c vertices: 1 super source, 2 super sink, then the nodes in service in index order, a station as in and out\n")
	fmt.Fprintf(bw, "c out of service and left out: %d nodes, %d links\n", m.outNodes, m.outLinks)
	fmt.Fprintf(bw, "p max %d %d\nn 1 s\nn 2 t\n", m.n, m.arcs)
	buf := make([]byte, 0, 64)
	m.each(func(u, v int32, c int64) {
		buf = append(buf[:0], 'a', ' ')
		buf = strconv.AppendInt(buf, int64(u), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(v), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, c, 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	})
	return bw.Flush()
}

// mapping numbers the flow graph of a network in a state.
type mapping struct {
	net      *network.Network
	st       *supply.State
	in, out  []int32 // node → in and out vertex (1-based), 0 if out of service
	n        int     // vertices
	arcs     int     // arcs
	bound    int64   // the written value of an unlimited capacity
	outNodes int
	outLinks int
}

func newMapping(net *network.Network, st *supply.State) *mapping {
	m := &mapping{net: net, st: st, in: make([]int32, net.NumNodes()), out: make([]int32, net.NumNodes())}
	id := int32(3)
	var demand int64 // saturates just above maxExact
	for v := range net.NumNodes() {
		if st.NodeScale[v] <= 0 {
			m.outNodes++
			continue
		}
		m.in[v], m.out[v] = id, id
		id++
		switch net.Role(v) {
		case network.Station:
			m.out[v] = id
			id++
		case network.Consumer:
			demand = min(demand+round(st.Demand[v]), maxExact+1)
		}
	}
	m.n = int(id - 1)
	m.bound = demand + 1
	m.each(func(int32, int32, int64) { m.arcs++ })
	for l := range net.NumLinks() {
		f, t := net.LinkEnds(l)
		if st.LinkScale[l] <= 0 || m.in[f] == 0 || m.in[t] == 0 {
			m.outLinks++
		}
	}
	return m
}

// round returns round(x × Factor) for a finite x ≥ 0, saturating far above
// any valid bound.
func round(x float64) int64 {
	y := math.Round(x * Factor)
	if y >= 1<<62 {
		return 1 << 62
	}
	return int64(y)
}

// capa returns the written capacity of c (≥ 0, possibly +Inf).
func (m *mapping) capa(c float64) int64 {
	if math.IsInf(c, 1) {
		return m.bound
	}
	return min(round(c), m.bound)
}

// each calls fn for every arc, in the order: links (forward, then
// backward), then per node its station, source or consumer arc.
func (m *mapping) each(fn func(u, v int32, c int64)) {
	net, st := m.net, m.st
	for l := range net.NumLinks() {
		f, t := net.LinkEnds(l)
		s := st.LinkScale[l]
		if s <= 0 || m.in[f] == 0 || m.in[t] == 0 {
			continue
		}
		c := m.capa(net.LinkCapacity(l) * s)
		fn(m.out[f], m.in[t], c)
		if !net.OneWay(l) {
			fn(m.out[t], m.in[f], c)
		}
	}
	for v := range net.NumNodes() {
		s := st.NodeScale[v]
		if s <= 0 {
			continue
		}
		switch net.Role(v) {
		case network.Station:
			fn(m.in[v], m.out[v], m.capa(net.Capacity(v)*s))
		case network.Source, network.Storage:
			fn(1, m.in[v], m.capa(net.Capacity(v)*s))
		case network.Consumer:
			fn(m.in[v], 2, round(st.Demand[v]))
		}
	}
}

// checkState validates a state's slices as supply.Solver does, naming up to
// 10 bad elements.
func checkState(net *network.Network, st *supply.State) error {
	if len(st.NodeScale) != net.NumNodes() || len(st.Demand) != net.NumNodes() || len(st.LinkScale) != net.NumLinks() {
		return fmt.Errorf("dimacs: state slices do not match the network's %d nodes and %d links", net.NumNodes(), net.NumLinks())
	}
	var errs []error
	bad := 0
	add := func(format string, args ...any) {
		bad++
		if bad <= 10 {
			errs = append(errs, fmt.Errorf("dimacs: "+format, args...))
		}
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) && x >= 0 }
	for v := range net.NumNodes() {
		if s := st.NodeScale[v]; !finite(s) {
			add("node %q: scale %g is not a finite value ≥ 0", net.NodeID(v), s)
		}
		if d := st.Demand[v]; !finite(d) {
			add("node %q: demand %g is not a finite value ≥ 0", net.NodeID(v), d)
		} else if d != 0 && net.Role(v) != network.Consumer {
			add("node %q: demand %g on a %s", net.NodeID(v), d, net.Role(v))
		}
	}
	for l := range net.NumLinks() {
		if s := st.LinkScale[l]; !finite(s) {
			add("link %q: scale %g is not a finite value ≥ 0", net.LinkID(l), s)
		}
	}
	if bad > 10 {
		errs = append(errs, fmt.Errorf("dimacs: %d more bad values", bad-10))
	}
	return errors.Join(errs...)
}
