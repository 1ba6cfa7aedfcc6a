// Package exact computes, in exact rational arithmetic, the allocation that
// package supply must find: the reference its tests compare against. It is
// used only by tests and shares no code with package supply; it depends on
// package network, math/big and the standard library only.
//
// Allocate reads every float64 input exactly (big.Rat.SetFloat64, so
// 0.1 is the binary value 0.1000000000000000055…, not 1/10) and computes
// with rationals throughout, so its answer has no rounding error at all:
// supply's results can be judged per consumer against their own demand,
// however widely demands and capacities spread. RandomCase generates the
// random networks, spanning a chosen number of orders of magnitude, on
// which to do so.
//
// # What is allocated
//
// The flow model, written from the network's and the supply package's
// documented contract:
//
//   - Capacities are the network's effective ones: Network.Capacity for
//     nodes and Network.LinkCapacity for links. Network.Build has already
//     turned a capacity of 0 on a link or station into +Inf (unlimited)
//     and applied a link's loss as a derate, capacity × (1 − loss)
//     computed in float64; that float64 is taken exactly. The loss itself
//     is not drawn from the sources (the supply package's documented
//     approximation).
//   - A state's scale multiplies a capacity exactly: the result is the
//     exact product of the two float64 values, not its rounding. A scale
//     of 0 gives 0 even on an unlimited capacity; any scale above 0 leaves
//     an unlimited capacity unlimited.
//   - A source injects at most Capacity × scale, unlimited if its capacity
//     is +Inf. A storage injects at most its discharge rate Capacity ×
//     scale; its stock is not part of a state (the engine switches a dry
//     storage off).
//   - A station passes at most Capacity × scale: all the flow its links
//     bring in leaves through its links, and that throughput is bounded.
//   - Every other node passes any flow, as a bus with generation or load
//     does: a source or a consumer passes flow on to other nodes without
//     limit. A scale above 0 on a junction or consumer changes nothing.
//   - A link carries at most LinkCapacity × LinkScale, net, in either
//     direction, or only From → To if it is one-way. Parallel links add up.
//   - A node with scale 0 is out of service: every link touching it
//     carries nothing, so it neither injects, passes nor (for a consumer)
//     receives anything.
//   - A consumer receives at most its demand in the state; a consumer out
//     of service, with demand 0, or that no source or storage reaches
//     through assets in service, receives 0.
//
// # How it is shared
//
// The feasible vectors of supplies form a polymatroid (the set of what a
// flow can deliver to each consumer, capped at demand), so the allocation
// below exists, is unique and delivers the maximum flow in total:
//
//   - Rank groups: under PriorityFair, consumers are grouped by the rank
//     of their class, every class sharing a rank in one group, and groups
//     are served in increasing rank. A group gets all it can while every
//     consumer of the groups before keeps exactly its amount; a later
//     group only gets what earlier ones could not use. Under Proportional
//     all consumers form one group.
//   - Inside a group, the allocation is max-min fair over coverage
//     (served/demand): no consumer's coverage can rise without lowering
//     that of a consumer of the same group with equal or lower coverage,
//     or the supply of an earlier group. Consumers with demand 0 or out
//     of service take no part (they get 0).
//
// # Method
//
// The network becomes a flow graph: a vertex per node (two for a station,
// joined by an arc of its throughput), a super source with an arc to every
// source and storage, an arc from every consumer to a super sink, and an
// arc per allowed direction of each link. Unlimited capacities are an
// explicit flag, never a large number. Maximum flows are found by
// Edmonds–Karp (shortest augmenting paths) over big.Rat.
//
// Each group is filled progressively: its active consumers rise together
// at a common level t (each served t × demand) while everyone else keeps
// its amount. The largest feasible t ≤ 1 comes from Newton's method on the
// minimum-cut function, which is exact in rationals: try t, and if the
// maximum flow falls short, the violated minimum cut gives the largest
// level it allows; repeat. Then every active consumer whose supply cannot
// rise alone (one augmenting-path search each, starting from that maximum
// flow with the consumer's arc raised to its demand) is frozen; the rest
// go on rising. Every round freezes at least one consumer.
//
// Allocate then checks its own total against a maximum flow computed
// separately. The package's tests check every allocation on hundreds of
// random networks against the definitions above with a second, unrelated
// maximum-flow implementation: feasibility of the flow it reports, total
// equal to the maximum flow, and max-min fairness consumer by consumer.
//
// # Cost
//
// Any complexity is acceptable for a reference: a handful of maximum flows
// per distinct level, with rationals that grow with the number of levels.
// An allocation on a RandomCase network (up to 30 nodes) takes about a
// millisecond; see BenchmarkAllocate.
package exact
