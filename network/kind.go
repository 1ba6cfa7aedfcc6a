package network

import "fmt"

// Kind is the utility a Network models. It fixes the unit of every flow.
type Kind string

// The four utility kinds.
const (
	Power Kind = "power" // electric power, flows in kW
	Heat  Kind = "heat"  // district heating, flows in kW thermal
	Water Kind = "water" // water supply, flows in m³/h
	Gas   Kind = "gas"   // piped gas, flows in m³/h
)

// Kinds lists the valid kinds in a fixed order.
var Kinds = []Kind{Power, Heat, Water, Gas}

// Unit returns the flow unit of the kind: "kW" for power and heat, "m³/h" for
// water and gas, and "" for an unknown kind.
func (k Kind) Unit() string {
	switch k {
	case Power, Heat:
		return "kW"
	case Water, Gas:
		return "m³/h"
	}
	return ""
}

// QuantityUnit returns the unit of energy or volume (flow × hours): "kWh" for
// power and heat, "m³" for water and gas, and "" for an unknown kind.
func (k Kind) QuantityUnit() string {
	switch k {
	case Power, Heat:
		return "kWh"
	case Water, Gas:
		return "m³"
	}
	return ""
}

// Valid reports whether k is one of the four kinds.
func (k Kind) Valid() bool { return k.Unit() != "" }

// ParseKind returns the Kind named s ("power", "heat", "water" or "gas").
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if !k.Valid() {
		return "", fmt.Errorf("network: unknown kind %q (want power, heat, water or gas)", s)
	}
	return k, nil
}

// Role is what a node does in the network.
type Role string

// The node roles.
const (
	// Source injects flow up to its capacity: a power plant, CHP, heat plant,
	// boiler room, gas gate station, water treatment plant or grid infeed.
	Source Role = "source"
	// Station passes flow through up to its throughput capacity: a
	// substation, heat-exchange station, pressure regulator or pump station.
	Station Role = "station"
	// Storage injects flow up to its discharge rate while it holds stock: an
	// LNG tank, line pack, coal yard or water tank.
	Storage Role = "storage"
	// Junction only joins links.
	Junction Role = "junction"
	// Consumer draws its demand: a building, customer group or feeder load.
	Consumer Role = "consumer"
)

// Roles lists the valid roles in a fixed order.
var Roles = []Role{Source, Station, Storage, Junction, Consumer}

// Valid reports whether r is one of the five roles.
func (r Role) Valid() bool {
	switch r {
	case Source, Station, Storage, Junction, Consumer:
		return true
	}
	return false
}

// ParseRole returns the Role named s.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("network: unknown role %q (want source, station, storage, junction or consumer)", s)
	}
	return r, nil
}
