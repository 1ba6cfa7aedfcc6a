package lifelinetest_test

import (
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/lifelinetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// fatalOnce checks that a helper called Fatalf once with want and
// returned nil.
func fatalOnce(t *testing.T, rec *lifelinetest.Recorder, isNil bool, want string) {
	t.Helper()
	if !isNil {
		t.Error("the helper returned a value after Fatalf")
	}
	if !rec.Fatal || len(rec.Messages) != 1 || rec.Messages[0] != want {
		t.Errorf("Fatal %v, messages:\n%s\nwant one fatal message:\n%s", rec.Fatal, strings.Join(rec.Messages, "\n"), want)
	}
}

// The messages of the problems come from the library; Build and Roster
// list every one of them, one per line, after a count.
func TestBuildFailsWithEveryProblem(t *testing.T) {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: -5})
	b.AddNode(network.Node{ID: "home", Role: network.Consumer, Demand: 10})
	b.AddLink(network.Link{ID: "l", From: "src", To: "nowhere"})
	_, err := b.Build()
	var each []string
	for _, p := range network.Problems(err) {
		each = append(each, p.Error())
	}
	if len(each) != 2 || !strings.Contains(each[0], `node "src": capacity`) || !strings.Contains(each[1], `link "l": to`) {
		t.Fatalf("unexpected problems %q", each)
	}
	rec := new(lifelinetest.Recorder)
	net := lifelinetest.Build(rec, b)
	fatalOnce(t, rec, net == nil, "lifelinetest: network does not build: 2 problems:\n\t"+strings.Join(each, "\n\t"))
}

func TestRosterFailsWithEveryProblem(t *testing.T) {
	cfg := crew.Config{Teams: []crew.Team{{ID: "t", Size: 0}}, StartHour: 25}
	_, err := crew.New(cfg)
	var each []string
	for _, p := range crew.Problems(err) {
		each = append(each, p.Error())
	}
	if len(each) != 2 || !strings.Contains(each[0], "start_hour") || !strings.Contains(each[1], `team "t": size`) {
		t.Fatalf("unexpected problems %q", each)
	}
	rec := new(lifelinetest.Recorder)
	r := lifelinetest.Roster(rec, cfg)
	fatalOnce(t, rec, r == nil, "lifelinetest: crew configuration is invalid: 2 problems:\n\t"+strings.Join(each, "\n\t"))

	// One problem reads "1 problem".
	rec = new(lifelinetest.Recorder)
	lifelinetest.Roster(rec, crew.Config{StartHour: 25})
	if len(rec.Messages) != 1 || !strings.HasPrefix(rec.Messages[0], "lifelinetest: crew configuration is invalid: 1 problem:\n\tcrew: config: start_hour") {
		t.Errorf("messages %q", rec.Messages)
	}
}

func TestCompileAndRunFail(t *testing.T) {
	sc := lifelinetest.OutageScenario(t)
	sc.Horizon = 0
	sc.Outages[0].Asset = "nope"
	_, err := sc.Compile()
	each := strings.Split(err.Error(), "\n")
	if len(each) != 2 || !strings.Contains(each[0], "horizon") || !strings.Contains(each[1], `"nope"`) {
		t.Fatalf("unexpected problems %q", each)
	}
	want := "lifelinetest: scenario \"outage\" does not compile: 2 problems:\n\t" + strings.Join(each, "\n\t")

	rec := new(lifelinetest.Recorder)
	fatalOnce(t, rec, lifelinetest.Compile(rec, sc) == nil, want)
	rec = new(lifelinetest.Recorder)
	fatalOnce(t, rec, lifelinetest.Run(rec, sc, 1) == nil, want)
	rec = new(lifelinetest.Recorder)
	fatalOnce(t, rec, lifelinetest.Check(rec, sc, 1, lifelinetest.CriticalCoverage(0.9)) == nil, want)
	rec = new(lifelinetest.Recorder)
	fatalOnce(t, rec, lifelinetest.Study(rec, sc, 1, 10) == nil, want)
	rec = new(lifelinetest.Recorder)
	fatalOnce(t, rec, lifelinetest.Compile(rec, nil) == nil, "lifelinetest: nil scenario")
}

func TestStudyAndSolveFail(t *testing.T) {
	rec := new(lifelinetest.Recorder)
	sum := lifelinetest.Study(rec, lifelinetest.FaultScenario(t), 1, 0)
	if sum != nil || !rec.Fatal || len(rec.Messages) != 1 ||
		!strings.HasPrefix(rec.Messages[0], `lifelinetest: study of scenario "faults", seed 1: scenario: study: trials`) {
		t.Errorf("Study with 0 trials: %v, messages %q", sum, rec.Messages)
	}

	rec = new(lifelinetest.Recorder)
	other := supply.NewState(lifelinetest.Ring(t))
	fatalOnce(t, rec, lifelinetest.Solve(rec, lifelinetest.Feeder(t), other) == nil,
		`lifelinetest: network "feeder": `+supply.ErrStateMismatch.Error())
	rec = new(lifelinetest.Recorder)
	fatalOnce(t, rec, lifelinetest.Solve(rec, nil, nil) == nil, "lifelinetest: nil network")
}

func TestCheck(t *testing.T) {
	sc := lifelinetest.OutageScenario(t)

	// Passing conditions: no message, the result returned.
	rec := new(lifelinetest.Recorder)
	res := lifelinetest.Check(rec, sc, 1, lifelinetest.Restored("power", 24), lifelinetest.ENS("power", 4000))
	if rec.Failed() || res == nil {
		t.Fatalf("Check failed: %q", rec.Messages)
	}
	if n, _ := res.Net("power"); n.Total.ENS() != 4000 {
		t.Errorf("ENS %g, want 4000", n.Total.ENS())
	}

	// Failing conditions: every one is applied, then the scenario and
	// seed are named.
	rec = new(lifelinetest.Recorder)
	res = lifelinetest.Check(rec, sc, 7,
		lifelinetest.CriticalCoverage(0.95),
		lifelinetest.Restored("power", 24),
		lifelinetest.SAIDI("power", 1),
		func(t lifelinetest.TB, r *scenario.Result) bool { // a custom condition
			t.Helper()
			if r.Crew.MaxWait > 0.5 {
				t.Errorf("crew waited %g h", r.Crew.MaxWait)
				return false
			}
			return true
		})
	want := []string{
		"power: critical coverage fell to 0 (min over the run) below 0.95",
		"power: SAIDI 4 h > 1 h per customer (2568 customer-hours of interruption, 642 customers)",
		"crew waited 1 h",
		`scenario "outage", seed 7: 3 of 4 checks failed`,
	}
	if res == nil || rec.Fatal || strings.Join(rec.Messages, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(rec.Messages, "\n"), strings.Join(want, "\n"))
	}

	// Check on a real test: it passes.
	lifelinetest.Check(t, lifelinetest.ColdSnapScenario(t), 1,
		lifelinetest.Restored("heat", 12), lifelinetest.ENS("heat", 41685), lifelinetest.ColdCustomerHours("heat", 43489))
}

func TestRecorder(t *testing.T) {
	var rec lifelinetest.Recorder
	rec.Helper()
	if rec.Failed() {
		t.Error("a new Recorder has failed")
	}
	rec.Errorf("a %d", 1)
	rec.Fatalf("b %s", "x")
	if !rec.Failed() || !rec.Fatal || strings.Join(rec.Messages, "|") != "a 1|b x" {
		t.Errorf("recorded %q, fatal %v", rec.Messages, rec.Fatal)
	}
	rec.Reset()
	if rec.Failed() || rec.Fatal {
		t.Error("Reset kept state")
	}
}
