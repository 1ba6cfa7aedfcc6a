// Package synth generates deterministic, city-like utility networks for
// tests, examples and benchmarks: a few sources at the top, a forest of
// stations a few levels deep under them, consumers as leaves on radial
// feeders, and a small share of extra links among nearby stations that
// meshes the core. Demands vary from consumer to consumer, consumers fall in
// the default classes in given shares, capacities follow the demand they
// carry with a margin, and zones are contiguous districts of the tree.
// Generate builds a network from Params; Size gives the Params of the
// standard benchmark shape for a number of nodes. The same Params always give
// the same network.
package synth
