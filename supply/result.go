package supply

import "github.com/lifeline-sim/lifeline/network"

// Coverage sums supply over a group of consumers (a class, a zone, the whole
// network). Quantities are in the network's flow unit.
type Coverage struct {
	Served    float64 // supply received
	Demand    float64 // supply asked for
	Consumers int     // consumers in the group
	Customers int     // customer accounts behind them
	// SumRatio is the sum over the group's consumers of served/demand (1
	// for a consumer with no demand); ECS divides it by Consumers.
	SumRatio float64
}

// PCS returns the coverage by volume, Served/Demand in [0, 1]; 1 when
// nothing is demanded.
func (c Coverage) PCS() float64 {
	if c.Demand <= 0 {
		return 1
	}
	r := c.Served / c.Demand
	if r > 1 {
		r = 1
	}
	return r
}

// ECS returns the mean over consumers of their own coverage ratio; 1 for an
// empty group.
func (c Coverage) ECS() float64 {
	if c.Consumers == 0 {
		return 1
	}
	return c.SumRatio / float64(c.Consumers)
}

// Unserved returns Demand − Served, never below 0.
func (c Coverage) Unserved() float64 {
	if u := c.Demand - c.Served; u > 0 {
		return u
	}
	return 0
}

func (c *Coverage) add(served, demand float64, customers int) {
	c.addRatio(served, demand, customers, ratio(served, demand))
}

func (c *Coverage) addRatio(served, demand float64, customers int, r float64) {
	c.Served += served
	c.Demand += demand
	c.Consumers++
	c.Customers += customers
	c.SumRatio += r
}

func ratio(served, demand float64) float64 {
	if demand <= 0 {
		return 1
	}
	r := served / demand
	if r > 1 {
		r = 1
	}
	return r
}

// Result is the allocation of one network in one state. Slices are indexed
// by the network's dense node and link indices. A Result may be reused
// across solves: Solver.Solve overwrites it without allocating once its
// slices have grown to the network's size. A Result is not safe for
// concurrent use while it is being filled.
type Result struct {
	net *network.Network

	// Served is what each consumer receives, in the flow unit (0 for other
	// roles).
	Served []float64
	// Demand is each node's demand in the state solved.
	Demand []float64
	// Output is what each source and storage injects, in the flow unit.
	Output []float64
	// Flow is each link's flow, positive From → To, negative To → From.
	Flow []float64
	// Total covers every consumer.
	Total Coverage
	// ByClass covers each class, indexed as network.Classes.
	ByClass []Coverage
	// ByZone covers each zone, indexed as the network's zones.
	ByZone []Coverage
	// NoZone covers the consumers outside every zone.
	NoZone Coverage
	// Bottlenecks are the saturated assets of a minimum cut that limits
	// supply (sources and storage at their limit, stations and links full),
	// ordered nodes first, then links, each by index. Empty when every
	// consumer is fully served. Consumers disconnected by an outage are
	// not limited by a cut and add nothing here.
	Bottlenecks []Asset
}

// Network returns the network the result belongs to.
func (r *Result) Network() *network.Network { return r.net }

// Consumer returns the coverage of the consumer with the given ID, and false
// if there is no such consumer.
func (r *Result) Consumer(id string) (Coverage, bool) {
	if r.net == nil {
		return Coverage{}, false
	}
	i, ok := r.net.NodeIndex(id)
	if !ok || r.net.Role(i) != network.Consumer {
		return Coverage{}, false
	}
	var c Coverage
	c.add(r.Served[i], r.Demand[i], r.net.Customers(i))
	return c, true
}

// Class returns the coverage of the class with the given name.
func (r *Result) Class(name string) (Coverage, bool) {
	if r.net == nil {
		return Coverage{}, false
	}
	i, ok := r.net.ClassIndex(name)
	if !ok {
		return Coverage{}, false
	}
	return r.ByClass[i], true
}

// Zone returns the coverage of the zone with the given ID.
func (r *Result) Zone(id string) (Coverage, bool) {
	if r.net == nil {
		return Coverage{}, false
	}
	i, ok := r.net.ZoneIndex(id)
	if !ok {
		return Coverage{}, false
	}
	return r.ByZone[i], true
}

// LinkFlow returns the flow on the link with the given ID (positive From →
// To).
func (r *Result) LinkFlow(id string) (float64, bool) {
	if r.net == nil {
		return 0, false
	}
	i, ok := r.net.LinkIndex(id)
	if !ok {
		return 0, false
	}
	return r.Flow[i], true
}

// BottleneckIDs returns the IDs of the bottleneck assets, in the order of
// Bottlenecks. It allocates.
func (r *Result) BottleneckIDs() []string {
	out := make([]string, len(r.Bottlenecks))
	for i, a := range r.Bottlenecks {
		out[i] = a.ID
	}
	return out
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func (r *Result) reset(net *network.Network) {
	r.net = net
	r.Served = grow(r.Served, net.NumNodes())
	r.Demand = grow(r.Demand, net.NumNodes())
	r.Output = grow(r.Output, net.NumNodes())
	r.Flow = grow(r.Flow, net.NumLinks())
	r.Total = Coverage{}
	if cap(r.ByClass) < net.NumClasses() {
		r.ByClass = make([]Coverage, net.NumClasses())
	}
	r.ByClass = r.ByClass[:net.NumClasses()]
	clear(r.ByClass)
	if cap(r.ByZone) < net.NumZones() {
		r.ByZone = make([]Coverage, net.NumZones())
	}
	r.ByZone = r.ByZone[:net.NumZones()]
	clear(r.ByZone)
	r.NoZone = Coverage{}
	r.Bottlenecks = r.Bottlenecks[:0]
}
