// Package network is Lifeline's model of one utility: power, heat, water or
// gas as a graph of nodes (sources, stations, storage, junctions and
// consumers) joined by links with capacities, consumers ranked in classes for
// rationing, and zones that lockdowns act on.
//
// A Network is built once with a Builder, which validates every element and
// reports all problems together, each naming the element ID and field (and
// the file and line when the element came from a file). A built Network is
// immutable and safe for concurrent use by any number of goroutines. Inside,
// nodes and links have dense indices 0..n-1 and a compressed adjacency
// (CSR); outside, callers use their own string IDs. Changing state (outages,
// derates, demand) never lives in the Network: see package supply for the
// per-run state overlay.
//
// Units: every flow is in the unit of the network's Kind (Kind.Unit): kW for
// power and heat, m³/h for water and gas. Energy or volume not supplied is
// flow × hours.
//
// The network is serialised by Encode and Decode (a documented, versioned JSON
// or YAML document, see docs/network-format.md); package network/csv reads
// and writes nodes.csv and links.csv as exported from GIS, and package
// network/synth generates city-like networks.
package network
