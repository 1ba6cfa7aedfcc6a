package lifelinetest_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/lifelinetest"
	"github.com/lifeline-sim/lifeline/supply"
)

// A downstream test checks a scenario against its service levels in one
// call. Here the substation of the OutageScenario is out from 2 h to 6 h:
// supply comes back within a day, but the hospital loses everything and
// 4000 kWh go unserved. In a test, pass the *testing.T instead of a
// Recorder; the messages below are what the test would report.
func ExampleCheck() {
	t := new(lifelinetest.Recorder)
	sc := lifelinetest.OutageScenario(t)
	res := lifelinetest.Check(t, sc, 1,
		lifelinetest.CriticalCoverage(0.95),
		lifelinetest.Restored("power", 24),
		lifelinetest.ENS("power", 1000),
	)
	n, _ := res.Net("power")
	fmt.Printf("restored after %.0f h\n", n.TimeToRestore)
	for _, m := range t.Messages {
		fmt.Println(m)
	}
	// Output:
	// restored after 4 h
	// power: critical coverage fell to 0 (min over the run) below 0.95
	// power: energy not supplied 4000 kWh > 1000 kWh (of 24000 kWh demand)
	// scenario "outage", seed 1: 2 of 3 checks failed
}

// Asserting on one allocation: the Feeder with its substation derated to
// half serves the critical and essential classes in full and rations the
// homes.
func ExampleCoverageAtLeast() {
	t := new(lifelinetest.Recorder) // in a test: the *testing.T
	net := lifelinetest.Feeder(t)
	st := supply.NewState(net)
	if err := st.SetScale("sub", 0.5); err != nil {
		fmt.Println(err)
		return
	}
	res := lifelinetest.Solve(t, net, st)
	fmt.Println(lifelinetest.CoverageAtLeast(t, res, "critical", 1))
	fmt.Println(lifelinetest.CoverageAtLeast(t, res, "residential", 0.9))
	fmt.Println(t.Messages[0])
	// Output:
	// true
	// false
	// feeder: class residential: coverage 0.6 < 0.9 (served 300 of 500 kW; bottleneck sub)
}

// Asserting on the risk over many runs: a week of stochastic substation
// faults (FaultScenario) keeps the feeder short about a fifth of the time.
func ExampleLOLEAtMost() {
	t := new(lifelinetest.Recorder) // in a test: the *testing.T
	sum := lifelinetest.Study(t, lifelinetest.FaultScenario(t), 1, 400)
	fmt.Println(lifelinetest.LOLEAtMost(t, sum, 40))
	fmt.Println(lifelinetest.LOLEAtMost(t, sum, 24))
	fmt.Println(lifelinetest.ServiceRiskAtMost(t, sum, 0, 0.5))
	for _, m := range t.Messages {
		fmt.Println(m)
	}
	// Output:
	// true
	// false
	// false
	// power: LOLE 32.24 h > 24 h over a 168 h horizon (± 0.9757 h; LOLP 0.1919; 400 trials)
	// power: P(critical coverage < 0.95 for more than 12 h) = 0.6325 > 0.5 (± 0.02411; 400 trials)
}
