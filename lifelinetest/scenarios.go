package lifelinetest

import (
	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// OutageScenario returns a 24 h scenario named "outage" on the Feeder
// (utility "power"): the substation sub fails at 2 h and needs a repair;
// the only crew, crew1 (4 members, based at "depot", 1 h from zone
// "town"), arrives at 3 h and repairs it in 3 h (fixed), so every
// consumer is without supply from 2 h to 6 h and fully served otherwise.
// The result does not depend on the seed. For utility "power":
//
//	demand 24000 kWh, served 20000 kWh, ENS 4000 kWh, coverage 5/6 ≈ 0.8333
//	FirstShortfall 2 h, Restored, TimeToRestore 4 h, LossOfLoadHours 4 h
//	MinCriticalCoverage 0; LongestCriticalBelow[0] (0.95) 4 h
//	SAIFI 1, SAIDI 4 h, CAIDI 4 h, ASAI 5/6 ≈ 0.8333
//	customer-hours lost 642 × 4 = 2568
//	value lost 4 h × (200·100 + 100·50 + 500·10 + 200·20) = 136000
//	crew: 1 task completed, mean wait 1 h
//
// So CriticalCoverage(0.95) fails and Restored("power", 24) passes.
func OutageScenario(t FatalTB) *scenario.Scenario {
	t.Helper()
	net := Feeder(t)
	ro := Roster(t, crew.Config{
		Teams:  []crew.Team{{ID: "crew1", Size: 4, Base: "depot"}},
		Travel: []crew.TravelTime{{From: "depot", To: "town", Hours: 1}},
	})
	if net == nil || ro == nil {
		return nil
	}
	return &scenario.Scenario{
		Name:      "outage",
		Horizon:   24,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Crew:      ro,
		Outages:   []scenario.Outage{{Asset: "sub", At: 2, Repair: true, Work: crew.Fixed(3)}},
	}
}

// LockdownScenario returns a 48 h scenario named "lockdown" on the
// District (utility "power"): Old Town sealed and Riverside controlled for
// the whole run, crews living in the sealed zone, and two faults repaired
// by a crew held up by the lockdown. The result does not depend on the
// seed.
//
//   - Lockdowns: old-town sealed with residential demand ×1.15,
//     riverside controlled with residential demand ×1.10, both 0–48 h.
//   - Crews: "repair", 6 members based in new-district, 2 of whom live in
//     old-town and are stuck at home (4 available); "north-operators", a
//     closed-loop team of 2 living in old-town, keeps sub-north (which
//     needs operators) running. Travel new-district–old-town 0.5 h,
//     new-district–riverside 0.75 h, old-town–riverside 0.5 h, 0.25 h
//     within a zone, 1 h to anywhere else; entering the sealed zone takes
//     2 h for permits. A link's repair takes place in the stricter zone
//     of its ends (see docs/scenario-format.md).
//   - Faults, each needing 2 members: the feeder f-command
//     (command-centre, critical, 80 kW; from sub-north in old-town) fails
//     at 6 h: the crew needs 0.5 h + 2 h to get in and 3 h to repair, so
//     it is back at 11.5 h. The line line-ring (from grid, outside every
//     zone, to ring in new-district) fails at 24 h: repaired in
//     new-district, 0.25 h away, 4 h of work, back at 28.25 h; meanwhile
//     the hospital runs on its 800 kW backup and campus and works have
//     nothing.
//
// Demand is 15065 kW throughout (residential 10685 kW with the lockdown
// factors), more than the district can carry: Riverside's homes are
// rationed by sub-south and the mall and works get nothing, so the network
// is never fully served (FirstShortfall 0, not Restored). For utility
// "power":
//
//	demand 48 × 15065 = 723120 kWh, ENS 113671.25 kWh
//	critical: 1350/1430 ≈ 0.9441 from 6 h to 11.5 h, 1030/1430 ≈ 0.7203
//	from 24 h to 28.25 h, 1 otherwise: MinCriticalCoverage ≈ 0.7203,
//	LongestCriticalBelow[0] (0.95) 5.5 h, critical ENS 80·5.5 + 400·4.25 =
//	2140 kWh
//	crew: 2 tasks completed, waits 2.5 h and 0.25 h (MaxWait 2.5 h)
//
// So CriticalCoverage(0.95) fails, CriticalCoverage(0.7) passes, and
// Restored("power", 24) fails.
func LockdownScenario(t FatalTB) *scenario.Scenario {
	t.Helper()
	net := District(t)
	ro := Roster(t, crew.Config{
		Teams: []crew.Team{
			{ID: "repair", Size: 6, Base: "new-district", Skills: []crew.Skill{{Kind: network.Power}},
				Homes: []crew.Home{{Zone: "new-district", Count: 4}, {Zone: "old-town", Count: 2}}},
			{ID: "north-operators", Size: 2, Base: "old-town", Site: "sub-north",
				Skills: []crew.Skill{{Kind: network.Power, Role: network.Station}},
				Homes:  []crew.Home{{Zone: "old-town", Count: 2}}},
		},
		Travel: []crew.TravelTime{
			{From: "new-district", To: "old-town", Hours: 0.5},
			{From: "new-district", To: "riverside", Hours: 0.75},
			{From: "old-town", To: "riverside", Hours: 0.5},
		},
		DefaultTravel:  1,
		SameZoneTravel: 0.25,
		Entry:          []crew.EntryRule{{Level: crew.Sealed, Delay: 2}},
	})
	if net == nil || ro == nil {
		return nil
	}
	return &scenario.Scenario{
		Name:      "lockdown",
		Horizon:   48,
		Utilities: []scenario.Utility{{ID: "power", Net: net}},
		Crew:      ro,
		Lockdowns: []scenario.Lockdown{
			{Zone: "old-town", Level: crew.Sealed, From: 0, To: 48, DemandFactor: 1.15},
			{Zone: "riverside", Level: crew.Controlled, From: 0, To: 48, DemandFactor: 1.10},
		},
		Outages: []scenario.Outage{
			{Asset: "f-command", At: 6, Repair: true, Work: crew.Fixed(3), MinCrew: 2},
			{Asset: "line-ring", At: 24, Repair: true, Work: crew.Fixed(4), MinCrew: 2},
		},
	}
}

// ColdSnapScenario returns a 48 h scenario named "cold-snap" on the
// HeatNetwork (utility "heat", proportional rationing): a steady −15 °C
// outside (design −20 °C, indoor set point 18 °C, buildings' time constant
// 40 h, cold below 16 °C) and the CHP plant tripping at 6 h for 12 h,
// back by itself at 18 h (no crews). The result does not depend on the
// seed.
//
// Demand is design × 33/38: east 3473.7 kW, west 2605.3 kW. While chp is
// out the east (hospital and estate-east, 1101 customers) gets nothing and
// the west is served in full by the boilers. The east cools as
// −15 + 33·e^(−τ/40) °C, τ hours after the trip: below 16 °C from
// 6 + 40·ln(33/31) ≈ 8.501 h, down to 9.447 °C at 18 h, and it does not
// warm back above 16 °C before the end (that would take 58 h). For utility
// "heat":
//
//	ENS 4000 × 33/38 × 12 ≈ 41684 kWh; MinCriticalCoverage 0
//	FirstShortfall 6 h, Restored, TimeToRestore 12 h
//	PeakColdCustomers 1101, MinIndoor ≈ 9.447 °C
//	ColdCustomerHours 1101 × (48 − 8.501) ≈ 43489
//
// So Restored("heat", 24) passes and NoCold("heat") fails.
func ColdSnapScenario(t FatalTB) *scenario.Scenario {
	t.Helper()
	net := HeatNetwork(t)
	if net == nil {
		return nil
	}
	return &scenario.Scenario{
		Name:      "cold-snap",
		Horizon:   48,
		Utilities: []scenario.Utility{{ID: "heat", Net: net, Policy: supply.Proportional}},
		Weather:   &scenario.Weather{Outdoor: []float64{-15}, Design: -20, Indoor: 18, TimeConstant: 40, Cold: 16},
		Outages:   []scenario.Outage{{Asset: "chp", At: 6, Duration: 12}},
	}
}

// FaultScenario returns a one-week (168 h) scenario named "faults" on the
// Feeder (utility "power") with stochastic faults, for Monte Carlo
// studies: the substation sub fails about once every 40 h (219 a year)
// and a repair takes 10 h on average (exponential, no crews), starting in
// the steady state. sub is then out a share λ/(λ+μ) = 0.025/0.125 = 0.2
// of the time, and when it is out nothing is served. One service level:
// critical coverage below 0.95 for more than 12 h. Expected values (a
// study of a few hundred trials lands within a few standard errors):
//
//	LOLP ≈ 0.2, LOLE ≈ 0.2 × 168 = 33.6 h
//	EUE ≈ 0.2 × 1000 kW × 168 h = 33600 kWh
//	ServiceRisk(0) ≈ 1 − e^(−(0.2 + 168·0.8·0.025)·e^(−1.2)) ≈ 0.66
//
// Different seeds give different runs.
func FaultScenario(t FatalTB) *scenario.Scenario {
	t.Helper()
	net := Feeder(t)
	if net == nil {
		return nil
	}
	return &scenario.Scenario{
		Name:          "faults",
		Horizon:       168,
		Utilities:     []scenario.Utility{{ID: "power", Net: net}},
		Faults:        []scenario.FaultModel{{Role: network.Station, Rate: 219, Repair: crew.Exponential(10)}},
		SteadyStart:   true,
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 12}},
	}
}
