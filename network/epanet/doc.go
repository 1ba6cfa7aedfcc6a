// Package epanet imports EPANET 2.2 input files (.inp) as water networks
// (network.Water, flows in m³/h), so that the supply of a real distribution
// system can be allocated and stressed with the rest of Lifeline.
//
// EPANET describes a hydraulic model: heads, pipes with roughness, pumps
// with head curves, valves with pressure settings. Lifeline needs a capacity
// model: who can deliver how much to whom. Read maps one onto the other:
// junctions become consumers (or plain junctions when they draw nothing),
// reservoirs unlimited sources, tanks storage holding their usable volume,
// pipes and valves links whose capacity follows from their diameter and a
// design velocity, and each pump a station between one-way links, its
// capacity the largest flow of its head curve. Every flow is converted from
// the file's flow units to m³/h. The mapping, its units and its
// approximations are documented in docs/importers-epanet.md.
//
// Read reports every problem of a file at once, each a *network.FieldError
// naming the file, the line, the element and its ID, and the field. The
// returned error matches network.ErrInvalid. No input makes Read panic.
package epanet
