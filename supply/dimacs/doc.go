// Package dimacs writes a network in a given state as a maximum-flow
// instance in the DIMACS format, and reads such instances back, so that
// Lifeline's allocation can be checked against, and timed beside, the
// general-purpose max-flow codes planners use (Boost.Graph, LEMON,
// NetworkX), all reading the same file.
//
// The format is line based: "c ..." comments, one problem line "p max N M"
// (N vertices with IDs 1..N, M arcs), the source and sink lines "n ID s"
// and "n ID t", and M arc lines "a U V CAP". Write maps the network to the
// flow graph that package supply solves (see Write), with capacities scaled
// to integers by Factor, so that every solver computes the same integer
// maximum flow exactly. Read accepts any such file, reports every problem
// with its file and line, and returns an Instance that supply.MaxFlow
// solves. It sits under supply, not network, because it writes a network in
// a supply.State: no package under network/ depends on supply.
package dimacs
