package network

import (
	"maps"
	"math"
)

// Unlimited is the capacity of a link or station without a limit.
var Unlimited = math.Inf(1)

// Coord is a node's position: projected metres, or longitude (X) and latitude
// (Y) in degrees; the model does not interpret it.
type Coord struct {
	X float64 `json:"x" yaml:"x"`
	Y float64 `json:"y" yaml:"y"`
}

// Zone is a district or residential compound that lockdowns act on.
type Zone struct {
	ID    string            // unique among zones
	Name  string            // human-readable name, optional
	Attrs map[string]string // extra attributes, kept as given
	Pos   Pos               // where it was read, if from a file
}

// Node is the specification of one node as given to a Builder.
//
// The meaning of Capacity depends on the role:
//   - Source: maximum output. Required (> 0); +Inf for an unlimited infeed.
//   - Station: throughput limit. 0 or +Inf means unlimited.
//   - Storage: maximum discharge rate. Required (> 0).
//   - Junction and Consumer: not used; must be 0 or +Inf.
//
// Flow may pass through every node, sources and consumers included, as
// through a bus that has generation or load; only a station limits it.
type Node struct {
	ID   string // unique among nodes and links
	Role Role
	// Zone is the ID of the zone the node sits in; "" for none.
	Zone string
	// Capacity in the network's flow unit; see the type's documentation.
	Capacity float64
	// Demand of a consumer in the flow unit; must be 0 on other roles.
	Demand float64
	// Class of a consumer by name; "" means "residential". Must be "" on
	// other roles.
	Class string
	// Customers is the number of customer accounts behind a consumer.
	Customers int
	// Area is the heated floor area of a heat consumer, in m².
	Area float64
	// Level is the stock a storage holds at the start, in the kind's
	// quantity unit (kWh or m³).
	Level float64
	// MaxLevel is the storage's stock capacity in kWh or m³; 0 means
	// unbounded.
	MaxLevel float64
	// ChargeRate is the storage's maximum refill rate in the flow unit.
	ChargeRate float64
	// NeedsOperators marks a station or source that runs only while
	// operators are present (lockdowns act on it).
	NeedsOperators bool
	// Coord is the node's position, nil if unknown.
	Coord *Coord
	// Attrs holds extra attributes, kept as given (e.g. extra CSV columns).
	Attrs map[string]string
	// Pos is where the node was read, if from a file.
	Pos Pos
}

// Link is the specification of one link (a line, pipe or cable) as given to
// a Builder. A link carries flow both ways up to Capacity unless OneWay, in
// which case only From → To.
type Link struct {
	ID   string // unique among nodes and links
	From string // ID of one end
	To   string // ID of the other end
	// Zone is the ID of the zone the link lies in; "" for none. A link
	// without a zone lies between the zones of its ends (a feeder from an
	// unzoned substation into a compound): a scenario places its repair in
	// the stricter of the two.
	Zone string
	// Capacity in the flow unit; 0 or +Inf means unlimited.
	Capacity float64
	// OneWay restricts flow to From → To (check valves, regulators, radial
	// feeders).
	OneWay bool
	// Loss is the share of the flow entering the link that is lost on the
	// way, in [0, 1). It is approximated as a derate: the link delivers at
	// most Capacity × (1 − Loss); see package supply.
	Loss float64
	// Attrs holds extra attributes, kept as given.
	Attrs map[string]string
	// Pos is where the link was read, if from a file.
	Pos Pos
}

func cloneAttrs(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	return maps.Clone(m)
}

func (n Node) clone() Node {
	n.Attrs = cloneAttrs(n.Attrs)
	if n.Coord != nil {
		c := *n.Coord
		n.Coord = &c
	}
	return n
}

func (l Link) clone() Link {
	l.Attrs = cloneAttrs(l.Attrs)
	return l
}

func (z Zone) clone() Zone {
	z.Attrs = cloneAttrs(z.Attrs)
	return z
}
