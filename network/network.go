package network

import "slices"

// Network is one built, validated utility network. It is immutable: every
// method is safe for concurrent use by any number of goroutines. Nodes and
// links have dense indices (0..NumNodes()-1, 0..NumLinks()-1) in the order
// they were added; methods taking an index panic if it is out of range, as
// slice indexing does.
type Network struct {
	name    string
	kind    Kind
	classes []Class
	zones   []Zone
	nodes   []Node
	links   []Link

	classIdx map[string]int
	zoneIdx  map[string]int
	nodeIdx  map[string]int
	linkIdx  map[string]int

	// Dense node arrays.
	role      []Role
	zone      []int32 // zone index, -1 for none
	class     []int32 // class index for consumers, -1 otherwise
	capacity  []float64
	demand    []float64
	customers []int32
	consumers []int32

	// Dense link arrays.
	from, to []int32
	linkZone []int32   // zone index, -1 for none
	linkCap  []float64 // effective capacity (unlimited as +Inf, loss applied)

	// CSR adjacency: links incident to node v are adj[adjStart[v]:adjStart[v+1]].
	adjStart []int32
	adj      []int32

	unreached []int32
}

// Name returns the network's name.
func (n *Network) Name() string { return n.name }

// Kind returns the utility kind.
func (n *Network) Kind() Kind { return n.kind }

// NumNodes returns the number of nodes.
func (n *Network) NumNodes() int { return len(n.nodes) }

// NumLinks returns the number of links.
func (n *Network) NumLinks() int { return len(n.links) }

// NumZones returns the number of zones.
func (n *Network) NumZones() int { return len(n.zones) }

// NumClasses returns the number of classes.
func (n *Network) NumClasses() int { return len(n.classes) }

// Classes returns a copy of the classes, ordered by rank then name. Class
// indices used elsewhere refer to this order.
func (n *Network) Classes() []Class { return slices.Clone(n.classes) }

// Class returns class i (in rank order).
func (n *Network) Class(i int) Class { return n.classes[i] }

// ClassIndex returns the index of the class named name.
func (n *Network) ClassIndex(name string) (int, bool) {
	i, ok := n.classIdx[name]
	return i, ok
}

// Zone returns a copy of zone i.
func (n *Network) Zone(i int) Zone { return n.zones[i].clone() }

// ZoneID returns the ID of zone i.
func (n *Network) ZoneID(i int) string { return n.zones[i].ID }

// ZoneIndex returns the index of the zone with the given ID.
func (n *Network) ZoneIndex(id string) (int, bool) {
	i, ok := n.zoneIdx[id]
	return i, ok
}

// Node returns a copy of the specification of node i as it was built.
func (n *Network) Node(i int) Node { return n.nodes[i].clone() }

// NodeID returns the ID of node i.
func (n *Network) NodeID(i int) string { return n.nodes[i].ID }

// NodeIndex returns the index of the node with the given ID.
func (n *Network) NodeIndex(id string) (int, bool) {
	i, ok := n.nodeIdx[id]
	return i, ok
}

// Role returns the role of node i.
func (n *Network) Role(i int) Role { return n.role[i] }

// NodeZone returns the zone index of node i, or -1 if it has none.
func (n *Network) NodeZone(i int) int { return int(n.zone[i]) }

// NodeClass returns the class index of node i, or -1 if it is not a
// consumer.
func (n *Network) NodeClass(i int) int { return int(n.class[i]) }

// Capacity returns the capacity of node i in the flow unit: a source's
// output, a station's throughput or a storage's discharge rate. It is +Inf
// for unlimited stations, junctions and consumers.
func (n *Network) Capacity(i int) float64 { return n.capacity[i] }

// Demand returns the demand of node i in the flow unit (0 unless a
// consumer).
func (n *Network) Demand(i int) float64 { return n.demand[i] }

// Customers returns the number of customer accounts behind node i.
func (n *Network) Customers(i int) int { return int(n.customers[i]) }

// Consumers returns the indices of the consumer nodes in increasing order.
// The slice is shared and must not be modified.
func (n *Network) Consumers() []int32 { return n.consumers }

// TotalDemand returns the sum of all consumers' demand in the flow unit.
func (n *Network) TotalDemand() float64 {
	var s float64
	for _, c := range n.consumers {
		s += n.demand[c]
	}
	return s
}

// Link returns a copy of the specification of link i as it was built.
func (n *Network) Link(i int) Link { return n.links[i].clone() }

// LinkID returns the ID of link i.
func (n *Network) LinkID(i int) string { return n.links[i].ID }

// LinkIndex returns the index of the link with the given ID.
func (n *Network) LinkIndex(id string) (int, bool) {
	i, ok := n.linkIdx[id]
	return i, ok
}

// LinkEnds returns the node indices at the From and To ends of link i.
func (n *Network) LinkEnds(i int) (from, to int) { return int(n.from[i]), int(n.to[i]) }

// LinkZone returns the zone index of link i, -1 if it has no zone of its
// own (see Link.Zone).
func (n *Network) LinkZone(i int) int { return int(n.linkZone[i]) }

// LinkCapacity returns the flow link i can deliver, in the flow unit: its
// capacity × (1 − loss), +Inf when unlimited.
func (n *Network) LinkCapacity(i int) float64 { return n.linkCap[i] }

// OneWay reports whether link i carries flow only From → To.
func (n *Network) OneWay(i int) bool { return n.links[i].OneWay }

// Incident returns the indices of the links incident to node v, in
// increasing order. The slice is shared and must not be modified.
func (n *Network) Incident(v int) []int32 { return n.adj[n.adjStart[v]:n.adjStart[v+1]] }

// Other returns the end of link l that is not v.
func (n *Network) Other(l, v int) int {
	if int(n.from[l]) == v {
		return int(n.to[l])
	}
	return int(n.from[l])
}

// Unreached returns the IDs of consumers that no source or storage can reach
// through the links (one-way links followed only forward), ignoring
// capacities, sorted by node index. They are valid: they simply cannot be
// served.
func (n *Network) Unreached() []string {
	out := make([]string, len(n.unreached))
	for i, v := range n.unreached {
		out[i] = n.nodes[v].ID
	}
	return out
}

func (n *Network) buildAdjacency() {
	nn := len(n.nodes)
	n.adjStart = make([]int32, nn+1)
	for l := range n.links {
		n.adjStart[n.from[l]+1]++
		n.adjStart[n.to[l]+1]++
	}
	for v := 0; v < nn; v++ {
		n.adjStart[v+1] += n.adjStart[v]
	}
	n.adj = make([]int32, 2*len(n.links))
	fill := slices.Clone(n.adjStart[:nn])
	for l := range n.links {
		f, t := n.from[l], n.to[l]
		n.adj[fill[f]] = int32(l)
		fill[f]++
		n.adj[fill[t]] = int32(l)
		fill[t]++
	}
}

func (n *Network) findUnreached() {
	nn := len(n.nodes)
	seen := make([]bool, nn)
	queue := make([]int32, 0, nn)
	for v := range nn {
		if n.role[v] == Source || n.role[v] == Storage {
			seen[v] = true
			queue = append(queue, int32(v))
		}
	}
	for h := 0; h < len(queue); h++ {
		v := queue[h]
		for _, l := range n.adj[n.adjStart[v]:n.adjStart[v+1]] {
			w := n.to[l]
			if w == v {
				if n.links[l].OneWay {
					continue
				}
				w = n.from[l]
			}
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	for _, c := range n.consumers {
		if !seen[c] {
			n.unreached = append(n.unreached, c)
		}
	}
}
