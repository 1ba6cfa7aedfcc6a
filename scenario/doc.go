// Package scenario plays a lockdown out over time and reports coverage and
// risk.
//
// A Scenario holds one or more utility networks, the crews that repair them
// and the events of a lockdown: demand profiles and spikes, weather driving
// heat demand, lockdowns of zones, stations that need operators, crew
// shortages, supply cuts, outages, new loads, deliveries to storage and
// stochastic faults; couplings make one utility depend on another (gas
// feeding boiler rooms, power feeding pumps), settled to a fixed point at
// every event. The engine is event-driven: a heap of (time, sequence)
// events with callbacks, no goroutine per process. The networks are
// re-allocated (package supply) only when their state changes, and every
// metric is integrated exactly between events, where flows are constant and
// indoor temperatures follow their exponential law. A Run can be stepped
// event by event and resumed.
//
// Times are hours from the scenario start (Scenario.Start fixes the hour of
// day for profiles and shifts). Flows are in the network's unit (kW or m³/h);
// energy or volume not supplied in kWh or m³; money in decimal.
//
// A Study runs many independent trials of a scenario in parallel. Every
// stochastic process of trial i (an asset's faults, a repair's time) draws
// from its own stream seeded from (seed, i, a stable ID of the process;
// see StreamID), so results never depend on the number of workers,
// summaries of separate trial ranges merge exactly, and variants of a
// scenario see the same faults on the assets they share (common random
// numbers). Contingency ranks single and double outages by the
// value-weighted demand they leave unserved.
//
// Decisions rest on those common random numbers. Compare plays two
// variants of a scenario on the same trials and reports the paired
// differences plan − base of every metric, per network, class and zone,
// with the probability that the plan is better and the variance reduction
// the pairing brings. SizeCrews finds the smallest number of crews (copies
// of a team, members of a team, or teams of a list) that meets service
// targets (Target, ParseTarget) with a stated confidence, judging each
// count sequentially and bisecting over counts.
package scenario
