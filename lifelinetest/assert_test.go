package lifelinetest_test

import (
	"math"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/lifelinetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/supply"
)

// The interfaces are the parts of testing.TB the package needs.
var (
	_ lifelinetest.TB      = testing.TB(nil)
	_ lifelinetest.FatalTB = testing.TB(nil)
	_ lifelinetest.FatalTB = (*lifelinetest.Recorder)(nil)
)

// strictRecorder is a Recorder that also notes messages reported before
// Helper was called, so that failures would point at the wrong line.
type strictRecorder struct {
	lifelinetest.Recorder
	helped   bool
	unhelped int
}

func (r *strictRecorder) Helper() { r.helped = true }

func (r *strictRecorder) Errorf(format string, args ...any) {
	if !r.helped {
		r.unhelped++
	}
	r.Recorder.Errorf(format, args...)
}

// assertion is one call of an assertion, its expected outcome and the
// exact message it must report ("" when it passes).
type assertion struct {
	name string
	call func(t lifelinetest.TB) bool
	pass bool
	msg  string
}

func runAssertions(t *testing.T, cases []assertion) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := new(strictRecorder)
			got := c.call(rec)
			if got != c.pass {
				t.Errorf("returned %v, want %v", got, c.pass)
			}
			want := []string(nil)
			if c.msg != "" {
				want = []string{c.msg}
			}
			if strings.Join(rec.Messages, "\n") != strings.Join(want, "\n") {
				t.Errorf("messages:\n\t%s\nwant:\n\t%s", strings.Join(rec.Messages, "\n\t"), strings.Join(want, "\n\t"))
			}
			if rec.unhelped > 0 {
				t.Errorf("%d messages reported before calling Helper", rec.unhelped)
			}
			if got == rec.Failed() {
				t.Errorf("returned %v but recorded %d messages", got, len(rec.Messages))
			}
		})
	}
}

func TestSupplyAssertions(t *testing.T) {
	feeder := lifelinetest.Feeder(t)
	half := lifelinetest.Solve(t, feeder, state(t, feeder, map[string]float64{"sub": 0.5}, 1))
	full := lifelinetest.Solve(t, feeder, nil)
	district := lifelinetest.Solve(t, lifelinetest.District(t), nil)

	// An unnamed network: messages start with the class.
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 812.3})
	b.AddNode(network.Node{ID: "hq", Role: network.Consumer, Class: network.Critical, Demand: 1000})
	b.AddLink(network.Link{ID: "l", From: "src", To: "hq"})
	unnamed := lifelinetest.Solve(t, lifelinetest.Build(t, b), nil)

	runAssertions(t, []assertion{
		{"coverage passes", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, half, "critical", 1) }, true, ""},
		{"coverage at the limit passes", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, half, "residential", 0.6) }, true, ""},
		{"coverage fails", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, half, "residential", 0.9) }, false,
			"feeder: class residential: coverage 0.6 < 0.9 (served 300 of 500 kW; bottleneck sub)"},
		{"coverage of all consumers", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, half, "", 0.9) }, false,
			"feeder: all consumers: coverage 0.6 < 0.9 (served 600 of 1000 kW; bottleneck sub)"},
		{"coverage unnamed network", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, unnamed, "critical", 0.95) }, false,
			"class critical: coverage 0.8123 < 0.95 (served 812.3 of 1000 kW; bottleneck src)"},
		{"coverage two bottlenecks", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, district, "commercial", 0.5) }, false,
			"sample-district: class commercial: coverage 0 < 0.5 (served 0 of 700 kW; bottlenecks grid, backup)"},
		{"coverage unknown class", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, full, "vip", 0.5) }, false,
			`feeder: class "vip": not a class of the network (classes: critical, essential, residential, commercial, industrial)`},
		{"coverage NaN limit", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, full, "critical", math.NaN()) }, false,
			"feeder: class critical: coverage: the limit is NaN"},
		{"coverage nil result", func(t lifelinetest.TB) bool { return lifelinetest.CoverageAtLeast(t, nil, "critical", 1) }, false,
			"lifelinetest: CoverageAtLeast: nil or empty supply result"},
		{"coverage empty result", func(t lifelinetest.TB) bool {
			return lifelinetest.CoverageAtLeast(t, new(supply.Result), "critical", 1)
		}, false,
			"lifelinetest: CoverageAtLeast: nil or empty supply result"},

		{"zone passes", func(t lifelinetest.TB) bool { return lifelinetest.ZoneCoverageAtLeast(t, district, "old-town", 1) }, true, ""},
		{"zone fails", func(t lifelinetest.TB) bool { return lifelinetest.ZoneCoverageAtLeast(t, district, "riverside", 0.9) }, false,
			"sample-district: zone riverside: coverage 0.8264 < 0.9 (served 5000 of 6050 kW; bottlenecks grid, backup)"},
		{"zone unknown", func(t lifelinetest.TB) bool { return lifelinetest.ZoneCoverageAtLeast(t, district, "mars", 0.9) }, false,
			`sample-district: zone "mars": not a zone of the network (zones: old-town, riverside, new-district)`},
		{"no zones at all", func(t lifelinetest.TB) bool { return lifelinetest.ZoneCoverageAtLeast(t, unnamed, "town", 0.9) }, false,
			`zone "town": not a zone of the network (zones: none)`},

		{"bottlenecks pass in any order", func(t lifelinetest.TB) bool { return lifelinetest.BottlenecksAre(t, district, "backup", "grid") }, true, ""},
		{"no bottleneck passes", func(t lifelinetest.TB) bool { return lifelinetest.BottlenecksAre(t, full) }, true, ""},
		{"bottlenecks fail", func(t lifelinetest.TB) bool { return lifelinetest.BottlenecksAre(t, half, "infeed") }, false,
			"feeder: bottlenecks [sub], want [infeed]"},
		{"unexpected bottleneck", func(t lifelinetest.TB) bool { return lifelinetest.BottlenecksAre(t, district) }, false,
			"sample-district: bottlenecks [backup grid], want []"},
	})
}

// Results of the scenario fixtures and of two reservoir runs, shared by
// the run-level tests.
type runs struct {
	outage, lockdown, coldSnap, warm, dry, short *scenario.Result
}

func fixtureRuns(t *testing.T) runs {
	t.Helper()
	warm := lifelinetest.ColdSnapScenario(t)
	warm.Outages = nil
	reservoir := func(h float64) *scenario.Scenario {
		return &scenario.Scenario{Name: "tank", Horizon: h, Utilities: []scenario.Utility{{ID: "water", Net: lifelinetest.Reservoir(t)}}}
	}
	return runs{
		outage:   lifelinetest.Run(t, lifelinetest.OutageScenario(t), 1),
		lockdown: lifelinetest.Run(t, lifelinetest.LockdownScenario(t), 1),
		coldSnap: lifelinetest.Run(t, lifelinetest.ColdSnapScenario(t), 1),
		warm:     lifelinetest.Run(t, warm, 1),
		dry:      lifelinetest.Run(t, reservoir(24), 1),
		short:    lifelinetest.Run(t, reservoir(6), 1),
	}
}

func TestRunAssertions(t *testing.T) {
	r := fixtureRuns(t)
	type tb = lifelinetest.TB
	runAssertions(t, []assertion{
		{"critical passes", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, r.lockdown, "power", 0.7) }, true, ""},
		{"critical at the limit passes", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, r.lockdown, "power", 1030.0/1430) }, true, ""},
		{"critical fails", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, r.lockdown, "power", 0.95) }, false,
			"power: critical coverage fell to 0.7203 (min over the run) below 0.95"},
		{"critical fails just below", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, r.lockdown, "power", 0.72028) }, false,
			"power: critical coverage fell to 0.7202797 (min over the run) below 0.72028"},
		{"critical fails at zero", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, r.outage, "power", 0.95) }, false,
			"power: critical coverage fell to 0 (min over the run) below 0.95"},
		{"critical unknown network", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, r.outage, "gas", 0.95) }, false,
			`lifelinetest: CriticalCoverageAtLeast: network "gas" is not in the result of scenario "outage" (networks: power)`},
		{"critical nil result", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, nil, "power", 0.95) }, false,
			"lifelinetest: CriticalCoverageAtLeast: nil scenario result"},
		{"critical NaN limit", func(t tb) bool { return lifelinetest.CriticalCoverageAtLeast(t, r.outage, "power", math.NaN()) }, false,
			"power: critical coverage: the limit is NaN"},

		{"class passes", func(t tb) bool { return lifelinetest.ClassCoverageAtLeast(t, r.lockdown, "power", "essential", 0.9) }, true, ""},
		{"class fails", func(t tb) bool { return lifelinetest.ClassCoverageAtLeast(t, r.outage, "power", "residential", 0.9) }, false,
			"power: class residential: coverage over the run 0.8333 < 0.9 (served 10000 of 12000 kWh)"},
		{"all classes fail", func(t tb) bool { return lifelinetest.ClassCoverageAtLeast(t, r.outage, "power", "", 0.9) }, false,
			"power: all consumers: coverage over the run 0.8333 < 0.9 (served 20000 of 24000 kWh)"},
		{"class unknown", func(t tb) bool { return lifelinetest.ClassCoverageAtLeast(t, r.outage, "power", "vip", 0.9) }, false,
			`power: class "vip": not a class of the network (classes: critical, essential, residential, commercial, industrial)`},

		{"ENS passes at the limit", func(t tb) bool { return lifelinetest.ENSAtMost(t, r.outage, "power", 4000) }, true, ""},
		{"ENS fails", func(t tb) bool { return lifelinetest.ENSAtMost(t, r.outage, "power", 1000) }, false,
			"power: energy not supplied 4000 kWh > 1000 kWh (of 24000 kWh demand)"},
		{"ENS water fails", func(t tb) bool { return lifelinetest.ENSAtMost(t, r.dry, "water", 100) }, false,
			"water: volume not supplied 672 m³ > 100 m³ (of 1152 m³ demand)"},
		{"ENS NaN limit", func(t tb) bool { return lifelinetest.ENSAtMost(t, r.outage, "power", math.NaN()) }, false,
			"power: energy not supplied: the limit is NaN"},

		{"SAIFI passes", func(t tb) bool { return lifelinetest.SAIFIAtMost(t, r.outage, "power", 1) }, true, ""},
		{"SAIFI fails", func(t tb) bool { return lifelinetest.SAIFIAtMost(t, r.outage, "power", 0.5) }, false,
			"power: SAIFI 1 > 0.5 interruptions per customer (642 customer interruptions, 642 customers)"},
		{"SAIDI passes", func(t tb) bool { return lifelinetest.SAIDIAtMost(t, r.outage, "power", 4) }, true, ""},
		{"SAIDI fails", func(t tb) bool { return lifelinetest.SAIDIAtMost(t, r.outage, "power", 2) }, false,
			"power: SAIDI 4 h > 2 h per customer (2568 customer-hours of interruption, 642 customers)"},

		{"restored passes", func(t tb) bool { return lifelinetest.RestoredWithin(t, r.outage, "power", 24) }, true, ""},
		{"restored at the limit passes", func(t tb) bool { return lifelinetest.RestoredWithin(t, r.outage, "power", 4) }, true, ""},
		{"never short passes", func(t tb) bool { return lifelinetest.RestoredWithin(t, r.short, "water", 0) }, true, ""},
		{"restored too late", func(t tb) bool { return lifelinetest.RestoredWithin(t, r.outage, "power", 3) }, false,
			"power: restored 4 h after the first shortfall at 2 h, more than 3 h"},
		{"not restored", func(t tb) bool { return lifelinetest.RestoredWithin(t, r.lockdown, "power", 24) }, false,
			"power: full supply not back by the end of the run at 48 h (first shortfall at 0 h), want it back within 24 h"},
		{"storage dry is not restored", func(t tb) bool { return lifelinetest.RestoredWithin(t, r.dry, "water", 100) }, false,
			"water: full supply not back by the end of the run at 24 h (first shortfall at 10 h), want it back within 100 h"},

		{"no cold passes", func(t tb) bool { return lifelinetest.NoColdCustomers(t, r.warm, "heat") }, true, ""},
		{"no cold fails", func(t tb) bool { return lifelinetest.NoColdCustomers(t, r.coldSnap, "heat") }, false,
			"heat: 1101 customers cold at once at peak, want none (43489 customer·h below the cold threshold; lowest indoor 9.447 °C)"},
		{"no cold on power", func(t tb) bool { return lifelinetest.NoColdCustomers(t, r.outage, "power") }, false,
			`lifelinetest: NoColdCustomers: network "power" is power, not heat: it has no indoor temperatures`},
		{"cold hours pass", func(t tb) bool { return lifelinetest.ColdCustomerHoursAtMost(t, r.coldSnap, "heat", 50000) }, true, ""},
		{"cold hours fail", func(t tb) bool { return lifelinetest.ColdCustomerHoursAtMost(t, r.coldSnap, "heat", 10000) }, false,
			"heat: 43489 customer·h below the cold threshold > 10000 customer·h (peak 1101 customers; lowest indoor 9.447 °C)"},

		{"storage passes", func(t tb) bool { return lifelinetest.StorageLastsAtLeast(t, r.dry, "water", "tank", 10) }, true, ""},
		{"storage fails", func(t tb) bool { return lifelinetest.StorageLastsAtLeast(t, r.dry, "water", "tank", 12) }, false,
			"water: storage tank ran dry at 10 h, before 12 h (level 480 m³ at the start)"},
		{"storage never dry passes", func(t tb) bool { return lifelinetest.StorageLastsAtLeast(t, r.short, "water", "tank", 6) }, true, ""},
		{"storage run too short", func(t tb) bool { return lifelinetest.StorageLastsAtLeast(t, r.short, "water", "tank", 8) }, false,
			"water: storage tank did not run dry, but the run ends at 6 h, before 8 h"},
		{"storage unknown", func(t tb) bool { return lifelinetest.StorageLastsAtLeast(t, r.dry, "water", "pond", 8) }, false,
			`water: no storage "pond" in the result (storage: tank)`},
		{"no storage at all", func(t tb) bool { return lifelinetest.StorageLastsAtLeast(t, r.outage, "power", "tank", 8) }, false,
			`power: no storage "tank" in the result (storage: none)`},
	})
}

// The conditions are their assertions bound to their limits.
func TestConditions(t *testing.T) {
	r := fixtureRuns(t)
	type tb = lifelinetest.TB
	runAssertions(t, []assertion{
		{"CriticalCoverage", func(t tb) bool { return lifelinetest.CriticalCoverage(0.95)(t, r.outage) }, false,
			"power: critical coverage fell to 0 (min over the run) below 0.95"},
		{"CriticalCoverage passes", func(t tb) bool { return lifelinetest.CriticalCoverage(0.7)(t, r.lockdown) }, true, ""},
		{"CriticalCoverage nil", func(t tb) bool { return lifelinetest.CriticalCoverage(0.7)(t, nil) }, false,
			"lifelinetest: CriticalCoverage: nil scenario result"},
		{"ClassCoverage", func(t tb) bool { return lifelinetest.ClassCoverage("power", "", 0.9)(t, r.outage) }, false,
			"power: all consumers: coverage over the run 0.8333 < 0.9 (served 20000 of 24000 kWh)"},
		{"ENS", func(t tb) bool { return lifelinetest.ENS("power", 1000)(t, r.outage) }, false,
			"power: energy not supplied 4000 kWh > 1000 kWh (of 24000 kWh demand)"},
		{"SAIFI", func(t tb) bool { return lifelinetest.SAIFI("power", 1)(t, r.outage) }, true, ""},
		{"SAIDI", func(t tb) bool { return lifelinetest.SAIDI("power", 2)(t, r.outage) }, false,
			"power: SAIDI 4 h > 2 h per customer (2568 customer-hours of interruption, 642 customers)"},
		{"Restored", func(t tb) bool { return lifelinetest.Restored("power", 24)(t, r.outage) }, true, ""},
		{"NoCold", func(t tb) bool { return lifelinetest.NoCold("heat")(t, r.warm) }, true, ""},
		{"ColdCustomerHours", func(t tb) bool { return lifelinetest.ColdCustomerHours("heat", 0)(t, r.warm) }, true, ""},
		{"StorageLasts", func(t tb) bool { return lifelinetest.StorageLasts("water", "tank", 12)(t, r.dry) }, false,
			"water: storage tank ran dry at 10 h, before 12 h (level 480 m³ at the start)"},
	})

	// CriticalCoverage checks every network of the result.
	both := &scenario.Result{Scenario: "two", Networks: []scenario.NetResult{
		{ID: "power", MinCriticalCoverage: 0.5}, {ID: "heat", MinCriticalCoverage: 0.9}, {ID: "water", MinCriticalCoverage: 1},
	}}
	rec := new(lifelinetest.Recorder)
	if lifelinetest.CriticalCoverage(0.95)(rec, both) {
		t.Error("CriticalCoverage passed with two networks below the limit")
	}
	want := "power: critical coverage fell to 0.5 (min over the run) below 0.95\n" +
		"heat: critical coverage fell to 0.9 (min over the run) below 0.95"
	if got := strings.Join(rec.Messages, "\n"); got != want {
		t.Errorf("messages:\n%s\nwant:\n%s", got, want)
	}
}
