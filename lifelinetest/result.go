package lifelinetest

import (
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// netOf returns the result of utility id in r, or reports why there is
// none and returns nil.
func netOf(t TB, r *scenario.Result, id, fn string) *scenario.NetResult {
	t.Helper()
	if r == nil {
		t.Errorf("lifelinetest: %s: nil scenario result", fn)
		return nil
	}
	n, ok := r.Net(id)
	if !ok {
		ids := make([]string, len(r.Networks))
		for i := range r.Networks {
			ids[i] = r.Networks[i].ID
		}
		t.Errorf("lifelinetest: %s: network %q is not in the result of scenario %q (networks: %s)", fn, id, r.Scenario, orNone(ids))
		return nil
	}
	return n
}

// notSupplied is "energy" for power and heat, "volume" for water and gas.
func notSupplied(k network.Kind) string {
	if k == network.Water || k == network.Gas {
		return "volume"
	}
	return "energy"
}

// CriticalCoverageAtLeast asserts that the critical class (the classes of
// the highest priority) of utility network never fell below min coverage
// by volume at any instant of the run: NetResult.MinCriticalCoverage ≥
// min. On failure it reports, for example,
//
//	power: critical coverage fell to 0.62 (min over the run) below 0.95
//
// An unknown network, a nil result or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func CriticalCoverageAtLeast(t TB, r *scenario.Result, network string, min float64) bool {
	t.Helper()
	n := netOf(t, r, network, "CriticalCoverageAtLeast")
	return n != nil && criticalCoverage(t, n, min)
}

func criticalCoverage(t TB, n *scenario.NetResult, min float64) bool {
	t.Helper()
	if badLimit(t, n.ID, "critical coverage", min) {
		return false
	}
	if atLeast(n.MinCriticalCoverage, min) {
		return true
	}
	vs, ms := nums(n.MinCriticalCoverage, min)
	t.Errorf("%s: critical coverage fell to %s (min over the run) below %s", n.ID, vs, ms)
	return false
}

// CriticalCoverage returns the Condition CriticalCoverageAtLeast(t, r, id,
// min) for every network id of the result: the critical class of every
// utility keeps at least min coverage throughout the run.
func CriticalCoverage(min float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		if r == nil {
			t.Errorf("lifelinetest: CriticalCoverage: nil scenario result")
			return false
		}
		ok := true
		for i := range r.Networks {
			if !criticalCoverage(t, &r.Networks[i], min) {
				ok = false
			}
		}
		return ok
	}
}

// ClassCoverageAtLeast asserts that a class of consumers of utility
// network received at least min of the energy or volume it asked for over
// the whole run (Group.PCS); class "" means every consumer. On failure it
// reports, for example,
//
//	power: class residential: coverage over the run 0.8333 < 0.9 (served 10000 of 12000 kWh)
//
// An unknown network or class, a nil result or a NaN limit fail with a
// message saying so. It returns whether the assertion passed.
func ClassCoverageAtLeast(t TB, r *scenario.Result, network, class string, min float64) bool {
	t.Helper()
	n := netOf(t, r, network, "ClassCoverageAtLeast")
	if n == nil {
		return false
	}
	g, who := n.Total, n.ID+": all consumers"
	if class != "" {
		who = n.ID + ": class " + class
		found := false
		names := make([]string, len(n.ByClass))
		for i, c := range n.ByClass {
			names[i] = c.Name
			if c.Name == class {
				g, found = c, true
			}
		}
		if !found {
			t.Errorf("%s: class %q: not a class of the network (classes: %s)", n.ID, class, orNone(names))
			return false
		}
	}
	if badLimit(t, who, "coverage", min) {
		return false
	}
	v := g.PCS()
	if atLeast(v, min) {
		return true
	}
	vs, ms := nums(v, min)
	t.Errorf("%s: coverage over the run %s < %s (served %s of %s)", who, vs, ms, num(g.Served), withUnit(num(g.Demand), n.Kind.QuantityUnit()))
	return false
}

// ClassCoverage returns the Condition ClassCoverageAtLeast(t, r, network,
// class, min).
func ClassCoverage(network, class string, min float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return ClassCoverageAtLeast(t, r, network, class, min)
	}
}

// ENSAtMost asserts that the energy or volume not supplied by utility
// network over the run (Group.ENS of the total, in kWh or m³) is at most
// max. On failure it reports, for example,
//
//	power: energy not supplied 4000 kWh > 1000 kWh (of 24000 kWh demand)
//
// An unknown network, a nil result or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func ENSAtMost(t TB, r *scenario.Result, network string, max float64) bool {
	t.Helper()
	n := netOf(t, r, network, "ENSAtMost")
	if n == nil {
		return false
	}
	what := notSupplied(n.Kind) + " not supplied"
	if badLimit(t, n.ID, what, max) {
		return false
	}
	v := n.Total.ENS()
	if atMost(v, max) {
		return true
	}
	u := n.Kind.QuantityUnit()
	vs, ms := nums(v, max)
	t.Errorf("%s: %s %s > %s (of %s demand)", n.ID, what, withUnit(vs, u), withUnit(ms, u), withUnit(num(n.Total.Demand), u))
	return false
}

// ENS returns the Condition ENSAtMost(t, r, network, max).
func ENS(network string, max float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return ENSAtMost(t, r, network, max)
	}
}

// SAIFIAtMost asserts that the system average interruption frequency
// index of utility network over the run (interruptions per customer, IEEE
// 1366, Group.SAIFI of the total) is at most max. On failure it reports,
// for example,
//
//	power: SAIFI 1 > 0.5 interruptions per customer (642 customer interruptions, 642 customers)
//
// An unknown network, a nil result or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func SAIFIAtMost(t TB, r *scenario.Result, network string, max float64) bool {
	t.Helper()
	n := netOf(t, r, network, "SAIFIAtMost")
	if n == nil || badLimit(t, n.ID, "SAIFI", max) {
		return false
	}
	v := n.Total.SAIFI()
	if atMost(v, max) {
		return true
	}
	vs, ms := nums(v, max)
	t.Errorf("%s: SAIFI %s > %s interruptions per customer (%s customer interruptions, %d customers)",
		n.ID, vs, ms, num(n.Total.Interruptions), n.Total.Customers)
	return false
}

// SAIFI returns the Condition SAIFIAtMost(t, r, network, max).
func SAIFI(network string, max float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return SAIFIAtMost(t, r, network, max)
	}
}

// SAIDIAtMost asserts that the system average interruption duration index
// of utility network over the run (hours of interruption per customer,
// IEEE 1366, Group.SAIDI of the total) is at most hours. On failure it
// reports, for example,
//
//	power: SAIDI 4 h > 2 h per customer (2568 customer-hours of interruption, 642 customers)
//
// An unknown network, a nil result or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func SAIDIAtMost(t TB, r *scenario.Result, network string, hours float64) bool {
	t.Helper()
	n := netOf(t, r, network, "SAIDIAtMost")
	if n == nil || badLimit(t, n.ID, "SAIDI", hours) {
		return false
	}
	v := n.Total.SAIDI()
	if atMost(v, hours) {
		return true
	}
	vs, ms := nums(v, hours)
	t.Errorf("%s: SAIDI %s h > %s h per customer (%s customer-hours of interruption, %d customers)",
		n.ID, vs, ms, num(n.Total.InterruptionHours), n.Total.Customers)
	return false
}

// SAIDI returns the Condition SAIDIAtMost(t, r, network, hours).
func SAIDI(network string, hours float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return SAIDIAtMost(t, r, network, hours)
	}
}

// RestoredWithin asserts that full supply of utility network came back
// within hours of the first shortfall and stayed to the end of the run:
// the network was never short, or NetResult.Restored and TimeToRestore ≤
// hours. A network still short at the end of the run fails, however little
// time was left: the run cannot show that it would have been restored in
// time. On failure it reports, for example,
//
//	power: restored 30 h after the first shortfall at 2 h, more than 24 h
//	power: full supply not back by the end of the run at 48 h (first shortfall at 0 h), want it back within 24 h
//
// An unknown network, a nil result or a NaN limit fail with a message
// saying so. It returns whether the assertion passed.
func RestoredWithin(t TB, r *scenario.Result, network string, hours float64) bool {
	t.Helper()
	n := netOf(t, r, network, "RestoredWithin")
	if n == nil || badLimit(t, n.ID, "time to restore", hours) {
		return false
	}
	if n.FirstShortfall < 0 {
		return true
	}
	if !n.Restored {
		t.Errorf("%s: full supply not back by the end of the run at %s h (first shortfall at %s h), want it back within %s h",
			n.ID, num(r.Horizon), num(n.FirstShortfall), num(hours))
		return false
	}
	if atMost(n.TimeToRestore, hours) {
		return true
	}
	vs, ms := nums(n.TimeToRestore, hours)
	t.Errorf("%s: restored %s h after the first shortfall at %s h, more than %s h", n.ID, vs, num(n.FirstShortfall), ms)
	return false
}

// Restored returns the Condition RestoredWithin(t, r, network, hours).
func Restored(network string, hours float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return RestoredWithin(t, r, network, hours)
	}
}

// heatOf returns the result of a heat utility, or reports why not.
func heatOf(t TB, r *scenario.Result, id, fn string) *scenario.NetResult {
	t.Helper()
	n := netOf(t, r, id, fn)
	if n != nil && n.Kind != network.Heat {
		t.Errorf("lifelinetest: %s: network %q is %s, not heat: it has no indoor temperatures", fn, n.ID, n.Kind)
		return nil
	}
	return n
}

// NoColdCustomers asserts that no customer of heat utility network was
// below the cold threshold (Weather.Cold, 16 °C by default) at any time of
// the run: NetResult.PeakColdCustomers and ColdCustomerHours are 0. A run
// without weather has no indoor temperatures and passes. On failure it
// reports, for example,
//
//	heat: 1101 customers cold at once at peak, want none (43489 customer·h below the cold threshold; lowest indoor 9.447 °C)
//
// A network that is not of kind heat, an unknown network or a nil result
// fail with a message saying so. It returns whether the assertion passed.
func NoColdCustomers(t TB, r *scenario.Result, network string) bool {
	t.Helper()
	n := heatOf(t, r, network, "NoColdCustomers")
	if n == nil {
		return false
	}
	if n.PeakColdCustomers == 0 && n.ColdCustomerHours <= 0 {
		return true
	}
	t.Errorf("%s: %d customers cold at once at peak, want none (%s customer·h below the cold threshold; lowest indoor %s °C)",
		n.ID, n.PeakColdCustomers, num(n.ColdCustomerHours), num(n.MinIndoor))
	return false
}

// NoCold returns the Condition NoColdCustomers(t, r, network).
func NoCold(network string) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return NoColdCustomers(t, r, network)
	}
}

// ColdCustomerHoursAtMost asserts that the customer-hours spent below the
// cold threshold by customers of heat utility network
// (NetResult.ColdCustomerHours) are at most max. On failure it reports,
// for example,
//
//	heat: 43489 customer·h below the cold threshold > 10000 customer·h (peak 1101 customers; lowest indoor 9.447 °C)
//
// A network that is not of kind heat, an unknown network, a nil result or
// a NaN limit fail with a message saying so. It returns whether the
// assertion passed.
func ColdCustomerHoursAtMost(t TB, r *scenario.Result, network string, max float64) bool {
	t.Helper()
	n := heatOf(t, r, network, "ColdCustomerHoursAtMost")
	if n == nil || badLimit(t, n.ID, "cold customer-hours", max) {
		return false
	}
	if atMost(n.ColdCustomerHours, max) {
		return true
	}
	vs, ms := nums(n.ColdCustomerHours, max)
	t.Errorf("%s: %s customer·h below the cold threshold > %s customer·h (peak %d customers; lowest indoor %s °C)",
		n.ID, vs, ms, n.PeakColdCustomers, num(n.MinIndoor))
	return false
}

// ColdCustomerHours returns the Condition ColdCustomerHoursAtMost(t, r,
// network, max).
func ColdCustomerHours(network string, max float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return ColdCustomerHoursAtMost(t, r, network, max)
	}
}

// StorageLastsAtLeast asserts that storage node storageID of utility
// network held stock for at least hours from the start of the run: it ran
// dry no earlier than hours (StorageResult.DryAt ≥ hours), or never ran
// dry in a run at least hours long. A storage that never ran dry in a
// shorter run fails: the run cannot show that it would have lasted. On
// failure it reports, for example,
//
//	water: storage tank ran dry at 10 h, before 12 h (level 480 m³ at the start)
//	water: storage tank did not run dry, but the run ends at 6 h, before 12 h
//
// An unknown network or storage, a nil result or a NaN limit fail with a
// message saying so. It returns whether the assertion passed.
func StorageLastsAtLeast(t TB, r *scenario.Result, network, storageID string, hours float64) bool {
	t.Helper()
	n := netOf(t, r, network, "StorageLastsAtLeast")
	if n == nil {
		return false
	}
	var s *scenario.StorageResult
	ids := make([]string, len(n.Storage))
	for i := range n.Storage {
		ids[i] = n.Storage[i].ID
		if n.Storage[i].ID == storageID {
			s = &n.Storage[i]
		}
	}
	if s == nil {
		t.Errorf("%s: no storage %q in the result (storage: %s)", n.ID, storageID, orNone(ids))
		return false
	}
	who := n.ID + ": storage " + storageID
	if badLimit(t, who, "hours", hours) {
		return false
	}
	if s.DryAt >= 0 {
		if atLeast(s.DryAt, hours) {
			return true
		}
		vs, ms := nums(s.DryAt, hours)
		t.Errorf("%s ran dry at %s h, before %s h (level %s at the start)", who, vs, ms, withUnit(num(s.Start), n.Kind.QuantityUnit()))
		return false
	}
	if atLeast(r.Horizon, hours) {
		return true
	}
	vs, ms := nums(r.Horizon, hours)
	t.Errorf("%s did not run dry, but the run ends at %s h, before %s h", who, vs, ms)
	return false
}

// StorageLasts returns the Condition StorageLastsAtLeast(t, r, network,
// storageID, hours).
func StorageLasts(network, storageID string, hours float64) Condition {
	return func(t TB, r *scenario.Result) bool {
		t.Helper()
		return StorageLastsAtLeast(t, r, network, storageID, hours)
	}
}
