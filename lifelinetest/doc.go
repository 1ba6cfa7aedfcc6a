// Package lifelinetest provides fixtures and assertions for testing code
// and configurations built on Lifeline, in the way net/http/httptest serves
// code built on net/http.
//
// A downstream service (a planning tool, a dispatch system, a set of
// scenario files kept under version control) states in its own tests what
// supply must survive: the hospital keeps 95% of its power, the heat comes
// back within a day, the water tower lasts the night, the yearly risk of a
// long critical outage stays under 5%. This package turns each such
// sentence into one line:
//
//	func TestWinterPlan(t *testing.T) {
//		sc := myplan.Scenario(t) // the service's own *scenario.Scenario
//		lifelinetest.Check(t, sc, 1,
//			lifelinetest.CriticalCoverage(0.95),
//			lifelinetest.Restored("power", 24),
//			lifelinetest.NoCold("heat"))
//	}
//
// Fixtures. Feeder, Ring, District, HeatNetwork and Reservoir return small
// canonical networks (power, water, power, heat, water), and
// OutageScenario, LockdownScenario, ColdSnapScenario and FaultScenario
// return scenarios on them. Each call returns fresh values, so a test may
// change what it gets. Each fixture's documentation gives the numbers a
// test author needs (demand, customers, what is served as built, which
// asset is the bottleneck, what a run reports), and the package's own
// tests check them against the solver and the engine.
//
// Helpers. Build, Roster, Compile, Run, Solve and Study do what the
// corresponding library calls do but fail the test (t.Fatalf, with every
// problem listed) instead of returning an error, so a test reads as a
// sequence of values.
//
// Assertions. Each takes a TB (a *testing.T, or a *Recorder), reports a
// failure with t.Errorf and a message naming the network (and class, zone
// or storage), the measured value, the limit and the unit, for example
//
//	power: critical coverage fell to 0 (min over the run) below 0.95
//	feeder: class residential: coverage 0.6 < 0.9 (served 300 of 500 kW; bottleneck sub)
//
// and returns whether it passed, so a test can stop or go on. There are
// three levels:
//
//   - one allocation (*supply.Result): CoverageAtLeast, ZoneCoverageAtLeast,
//     BottlenecksAre;
//   - one run (*scenario.Result): CriticalCoverageAtLeast,
//     ClassCoverageAtLeast, ENSAtMost, SAIFIAtMost, SAIDIAtMost,
//     RestoredWithin, NoColdCustomers, ColdCustomerHoursAtMost,
//     StorageLastsAtLeast; each has a Condition of the same name without
//     the AtLeast, AtMost or Within (CriticalCoverage, Restored, NoCold, …)
//     for use with Check;
//   - a Monte Carlo study (*scenario.Summary): RiskAtMost, RiskAtLeast,
//     LOLEAtMost, LOLPAtMost, EUEAtMost, ServiceRiskAtMost. They compare
//     point estimates: run enough trials that the standard error, which
//     every failure message prints, is small against the margin.
//
// Limits are met within a relative Tolerance of 1e-9, so that values
// integrated over a run are not failed by rounding. Units are those of the
// network's kind: kW or m³/h for flows, kWh or m³ for energy and volume
// not supplied, hours for times.
//
// Determinism: a scenario run depends only on its seed, so a failure
// reported by Check (which names the scenario and the seed) reproduces
// exactly. The fixtures hold no randomness except FaultScenario's faults.
//
// Every function here is safe for concurrent use with distinct arguments;
// a Recorder is for one goroutine.
package lifelinetest
