// Package supply decides who gets how much: the allocation of one network in
// one state (assets out or derated, demand now) among its consumers.
//
// Feasibility: flow is conserved at every node; links, stations, sources and
// storage stay within their capacities; no consumer receives more than its
// demand. Among feasible flows the total served is always the maximum flow
// of the network in its state. How that maximum is shared depends on the
// Policy:
//
//   - PriorityFair (the default): classes are served in rank order, so a
//     class never loses supply that a class of lower rank number could have
//     used; inside a class the shortage is shared max-min fairly over
//     coverage ratios (served/demand): no consumer's coverage can rise
//     without lowering that of a consumer of the same class with equal or
//     lower coverage.
//   - Proportional: all consumers are one class, shared max-min fairly; the
//     rationing of heat and gas by pressure drop.
//
// The Result also names the bottleneck: the saturated assets of the minimum
// cut that limits supply.
//
// Link losses are a documented approximation: a link with loss ℓ can deliver
// at most capacity × (1 − ℓ), and the loss itself is not drawn from the
// sources.
//
// A Solver keeps its work buffers and allocates nothing per solve after its
// first solve on a network. A Network may be shared by any number of
// Solvers; a Solver, a State and a Result are each for one goroutine at a
// time.
package supply
