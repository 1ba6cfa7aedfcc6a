package network

import (
	"math"
	"slices"
	"strings"
)

// Builder collects the elements of a network and validates them in Build.
// The zero Builder is not usable; call NewBuilder. A Builder is not safe for
// concurrent use.
type Builder struct {
	name       string
	kind       Kind
	classes    []Class
	classesSet bool
	zones      []Zone
	nodes      []Node
	links      []Link
}

// NewBuilder returns a Builder for a network of the given kind with the
// default classes.
func NewBuilder(kind Kind) *Builder {
	return &Builder{kind: kind}
}

// SetName sets the network's name (free text, optional).
func (b *Builder) SetName(name string) { b.name = name }

// SetClasses replaces the default classes with cs (copied).
func (b *Builder) SetClasses(cs []Class) {
	b.classes = append([]Class(nil), cs...)
	b.classesSet = true
}

// AddZone adds a zone. Problems are reported by Build.
func (b *Builder) AddZone(z Zone) { b.zones = append(b.zones, z.clone()) }

// AddNode adds a node (copied). Problems are reported by Build.
func (b *Builder) AddNode(n Node) { b.nodes = append(b.nodes, n.clone()) }

// AddLink adds a link (copied). Problems are reported by Build.
func (b *Builder) AddLink(l Link) { b.links = append(b.links, l.clone()) }

// Build validates everything added and returns the immutable Network.
//
// It reports every problem at once, joined, each a *FieldError naming the
// element, its ID and the field (and Pos when read from a file); the
// returned error also matches ErrInvalid. Checked: a valid kind; unique,
// non-empty IDs (nodes and links share one namespace, zones and classes have
// their own); valid roles; known zones and classes; link ends that exist and
// differ; numbers that are not NaN, not negative and finite where a finite
// value is required; a capacity on every source and storage; demand, class
// and customers only on consumers; a loss in [0, 1).
//
// Consumers that no source or storage can reach (following links, one-way
// links only forward) are not an error: Build succeeds and lists them in
// Network.Unreached.
//
// Build runs in O(n + m) time for n nodes and m links, plus hashing the IDs.
func (b *Builder) Build() (*Network, error) {
	var p problems
	if !b.kind.Valid() {
		p.add(Pos{}, "network", b.name, "kind", "unknown kind %s (want power, heat, water or gas)", Quote(string(b.kind)))
	}
	net := &Network{name: b.name, kind: b.kind}

	// Classes.
	if b.classesSet {
		net.classes = append([]Class(nil), b.classes...)
	} else {
		net.classes = DefaultClasses()
	}
	if len(net.classes) == 0 {
		p.add(Pos{}, "network", b.name, "classes", "no classes defined")
	}
	seenClass := make(map[string]bool, len(net.classes))
	for _, c := range net.classes {
		switch {
		case strings.TrimSpace(c.Name) == "":
			p.add(Pos{}, "class", c.Name, "name", "empty name")
		case seenClass[c.Name]:
			p.add(Pos{}, "class", c.Name, "name", "duplicate class")
		}
		seenClass[c.Name] = true
		if c.VoLL.IsNegative() {
			p.add(Pos{}, "class", c.Name, "voll", "%s is negative; want a value of lost load ≥ 0 (money per %s not supplied)", c.VoLL, orUnit(b.kind.QuantityUnit(), "unit"))
		}
	}
	sortClasses(net.classes)
	net.classIdx = make(map[string]int, len(net.classes))
	for i, c := range net.classes {
		net.classIdx[c.Name] = i
	}

	// Zones.
	net.zones = b.zones
	net.zoneIdx = make(map[string]int, len(b.zones))
	for i, z := range b.zones {
		if strings.TrimSpace(z.ID) == "" {
			p.add(z.Pos, "zone", z.ID, "id", "empty ID")
			continue
		}
		if _, dup := net.zoneIdx[z.ID]; dup {
			p.add(z.Pos, "zone", z.ID, "id", "duplicate zone ID")
			continue
		}
		net.zoneIdx[z.ID] = i
	}

	// Nodes.
	n := len(b.nodes)
	net.nodes = b.nodes
	net.nodeIdx = make(map[string]int, n)
	net.role = make([]Role, n)
	net.zone = make([]int32, n)
	net.class = make([]int32, n)
	net.capacity = make([]float64, n)
	net.demand = make([]float64, n)
	net.customers = make([]int32, n)
	var ids idLists
	for i := range net.nodes {
		nd := &net.nodes[i]
		b.checkNode(&p, net, i, nd, &ids)
	}

	// Links.
	m := len(b.links)
	net.links = b.links
	net.linkIdx = make(map[string]int, m)
	net.from = make([]int32, m)
	net.to = make([]int32, m)
	net.linkZone = make([]int32, m)
	net.linkCap = make([]float64, m)
	for i := range net.links {
		b.checkLink(&p, net, i, &net.links[i], &ids)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	net.buildAdjacency()
	net.findUnreached()
	return net, nil
}

// checkNumber reports a NaN, a negative value (saying what is allowed)
// and, if finite is set, an infinite one.
func (b *Builder) checkNumber(p *problems, pos Pos, elem, id, field string, v float64, finite bool, want string) {
	switch {
	case math.IsNaN(v):
		p.add(pos, elem, id, field, "not a number")
	case v < 0:
		p.add(pos, elem, id, field, "%g is negative; want %s", v, want)
	case finite && math.IsInf(v, 0):
		p.add(pos, elem, id, field, "infinite value")
	}
}

// orUnit returns u, or def when the kind has no unit.
func orUnit(u, def string) string {
	if u == "" {
		return def
	}
	return u
}

// unit returns " kW" (the flow unit of the network's kind, with a space),
// or "" for an unknown kind.
func (b *Builder) unit(quantity bool) string {
	u := b.kind.Unit()
	if quantity {
		u = b.kind.QuantityUnit()
	}
	if u == "" {
		return ""
	}
	return " " + u
}

// capacityWant says what capacity a node of role r may have.
func (b *Builder) capacityWant(r Role) string {
	switch r {
	case Source, Storage:
		return "a capacity > 0" + b.unit(false)
	case Station:
		return "a capacity ≥ 0" + b.unit(false) + " (0 or none: unlimited)"
	}
	return "no capacity (a " + string(r) + " has none)"
}

// ids returns the IDs of zones, nodes or classes for suggestions, made
// once per Build.
type idLists struct {
	zones, nodes, classes []string
}

func (b *Builder) zoneIDs(l *idLists) []string {
	if l.zones == nil {
		l.zones = make([]string, 0, len(b.zones))
		for _, z := range b.zones {
			l.zones = append(l.zones, z.ID)
		}
	}
	return l.zones
}

func (b *Builder) nodeIDs(l *idLists) []string {
	if l.nodes == nil {
		l.nodes = make([]string, 0, len(b.nodes))
		for _, n := range b.nodes {
			l.nodes = append(l.nodes, n.ID)
		}
	}
	return l.nodes
}

// unknownClass formats an unknown class: its nearest, and the classes.
func unknownClass(name string, classes []Class) string {
	names := make([]string, len(classes))
	for i, c := range classes {
		names[i] = c.Name
	}
	names = unique(names)
	msg := "unknown class " + Quote(name)
	if s := Suggest(name, names); s != "" {
		msg += "; did you mean " + Quote(s) + "?"
	}
	return msg + " (the classes are " + strings.Join(names, ", ") + ")"
}

func (b *Builder) checkNode(p *problems, net *Network, i int, nd *Node, ids *idLists) {
	const el = "node"
	id := nd.ID
	if strings.TrimSpace(id) == "" {
		p.add(nd.Pos, el, id, "id", "empty ID")
	} else if _, dup := net.nodeIdx[id]; dup {
		p.add(nd.Pos, el, id, "id", "duplicate node ID")
	} else {
		net.nodeIdx[id] = i
	}
	if !nd.Role.Valid() {
		p.add(nd.Pos, el, id, "role", "unknown role %s (want source, station, storage, junction or consumer)", Quote(string(nd.Role)))
	}
	net.role[i] = nd.Role
	net.zone[i] = -1
	if nd.Zone != "" {
		if z, ok := net.zoneIdx[nd.Zone]; ok {
			net.zone[i] = int32(z)
		} else {
			p.add(nd.Pos, el, id, "zone", "%s", unknownName("zone", nd.Zone, b.zoneIDs(ids)))
		}
	}
	b.checkNumber(p, nd.Pos, el, id, "capacity", nd.Capacity, false, b.capacityWant(nd.Role))
	b.checkNumber(p, nd.Pos, el, id, "demand", nd.Demand, true, "a demand ≥ 0"+b.unit(false))
	b.checkNumber(p, nd.Pos, el, id, "area", nd.Area, true, "a heated area ≥ 0 m²")
	b.checkNumber(p, nd.Pos, el, id, "level", nd.Level, true, "a level ≥ 0"+b.unit(true))
	b.checkNumber(p, nd.Pos, el, id, "max_level", nd.MaxLevel, true, "a level ≥ 0"+b.unit(true)+" (0 or none: unbounded)")
	b.checkNumber(p, nd.Pos, el, id, "charge_rate", nd.ChargeRate, false, "a rate ≥ 0"+b.unit(false))
	switch {
	case nd.Customers < 0:
		p.add(nd.Pos, el, id, "customers", "%d is negative; want a number of customers ≥ 0", nd.Customers)
	case nd.Customers > math.MaxInt32:
		p.add(nd.Pos, el, id, "customers", "%d is too many; want at most %d", nd.Customers, math.MaxInt32)
	default:
		net.customers[i] = int32(nd.Customers)
	}
	if c := nd.Coord; c != nil && (math.IsNaN(c.X) || math.IsNaN(c.Y) || math.IsInf(c.X, 0) || math.IsInf(c.Y, 0)) {
		p.add(nd.Pos, el, id, "coord", "not a finite point (%g, %g)", c.X, c.Y)
	}
	capacity := nd.Capacity
	switch nd.Role {
	case Source, Storage:
		if capacity == 0 {
			p.add(nd.Pos, el, id, "capacity", "a %s needs a capacity greater than 0", nd.Role)
		}
	case Station:
		if capacity == 0 {
			capacity = Unlimited
		}
	case Junction, Consumer:
		if capacity != 0 && !math.IsInf(capacity, 1) && !math.IsNaN(capacity) {
			p.add(nd.Pos, el, id, "capacity", "a %s has no capacity (got %g)", nd.Role, capacity)
		}
		capacity = Unlimited
	}
	net.capacity[i] = capacity
	if nd.Role != Storage && (nd.Level != 0 || nd.MaxLevel != 0 || nd.ChargeRate != 0) {
		p.add(nd.Pos, el, id, "level", "level, max_level and charge_rate apply only to storage")
	}
	if nd.Role == Storage && nd.MaxLevel > 0 && nd.Level > nd.MaxLevel {
		p.add(nd.Pos, el, id, "level", "level %g above max_level %g", nd.Level, nd.MaxLevel)
	}
	net.class[i] = -1
	if nd.Role == Consumer {
		cname := nd.Class
		if cname == "" {
			cname = Residential
		}
		if c, ok := net.classIdx[cname]; ok {
			net.class[i] = int32(c)
		} else {
			p.add(nd.Pos, el, id, "class", "%s", unknownClass(cname, net.classes))
		}
		net.demand[i] = nd.Demand
		net.consumers = append(net.consumers, int32(i))
	} else {
		if nd.Demand != 0 {
			p.add(nd.Pos, el, id, "demand", "only a consumer has demand (role %s)", nd.Role)
		}
		if nd.Class != "" {
			p.add(nd.Pos, el, id, "class", "only a consumer has a class (role %s)", nd.Role)
		}
		if nd.Customers != 0 {
			p.add(nd.Pos, el, id, "customers", "only a consumer has customers (role %s)", nd.Role)
		}
	}
}

func (b *Builder) checkLink(p *problems, net *Network, i int, l *Link, ids *idLists) {
	const el = "link"
	id := l.ID
	if strings.TrimSpace(id) == "" {
		p.add(l.Pos, el, id, "id", "empty ID")
	} else if _, dup := net.linkIdx[id]; dup {
		p.add(l.Pos, el, id, "id", "duplicate link ID")
	} else if _, dup := net.nodeIdx[id]; dup {
		p.add(l.Pos, el, id, "id", "ID already used by a node")
	} else {
		net.linkIdx[id] = i
	}
	from, okF := net.nodeIdx[l.From]
	to, okT := net.nodeIdx[l.To]
	if !okF {
		p.add(l.Pos, el, id, "from", "%s", unknownNode(l.From, b.nodeIDs(ids)))
	}
	if !okT {
		p.add(l.Pos, el, id, "to", "%s", unknownNode(l.To, b.nodeIDs(ids)))
	}
	if okF && okT && from == to {
		p.add(l.Pos, el, id, "to", "link joins node %s to itself", Quote(l.From))
	}
	net.from[i], net.to[i] = int32(from), int32(to)
	net.linkZone[i] = -1
	if l.Zone != "" {
		if z, ok := net.zoneIdx[l.Zone]; ok {
			net.linkZone[i] = int32(z)
		} else {
			p.add(l.Pos, el, id, "zone", "%s", unknownName("zone", l.Zone, b.zoneIDs(ids)))
		}
	}
	b.checkNumber(p, l.Pos, el, id, "capacity", l.Capacity, false, "a capacity ≥ 0"+b.unit(false)+" (0 or none: unlimited)")
	if math.IsNaN(l.Loss) || l.Loss < 0 || l.Loss >= 1 {
		p.add(l.Pos, el, id, "loss", "loss %g outside [0, 1)", l.Loss)
	}
	c := l.Capacity
	if c == 0 {
		c = Unlimited
	}
	if l.Loss > 0 && l.Loss < 1 {
		c *= 1 - l.Loss
	}
	net.linkCap[i] = c
}

// Grow reserves room for nodes more nodes and links more links, so that
// adding a known number of elements does not reallocate.
func (b *Builder) Grow(nodes, links int) {
	b.nodes = slices.Grow(b.nodes, nodes)
	b.links = slices.Grow(b.links, links)
}
