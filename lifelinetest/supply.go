package lifelinetest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/supply"
)

// prefix is "name: " for a named network, "" otherwise.
func prefix(res *supply.Result) string {
	if n := res.Network(); n != nil && n.Name() != "" {
		return n.Name() + ": "
	}
	return ""
}

// bottleneckNote is "; bottleneck sub" or "; bottlenecks grid, backup",
// "" without bottlenecks.
func bottleneckNote(res *supply.Result) string {
	ids := res.BottleneckIDs()
	switch len(ids) {
	case 0:
		return ""
	case 1:
		return "; bottleneck " + ids[0]
	}
	return "; bottlenecks " + strings.Join(ids, ", ")
}

// CoverageAtLeast asserts that a class of consumers receives at least min
// of its demand (coverage by volume, Served/Demand, in [0, 1]) in the
// allocation res; class "" means every consumer. A class without demand
// has coverage 1. On failure it reports, for example,
//
//	feeder: class residential: coverage 0.6 < 0.9 (served 300 of 500 kW; bottleneck sub)
//
// naming the network (when it has a name), the class, the coverage, the
// limit, the quantities in the network's flow unit and the bottleneck
// assets. A nil result, an unknown class or a NaN limit fail with a
// message saying so. It returns whether the assertion passed.
func CoverageAtLeast(t TB, res *supply.Result, class string, min float64) bool {
	t.Helper()
	if res == nil || res.Network() == nil {
		t.Errorf("lifelinetest: CoverageAtLeast: nil or empty supply result")
		return false
	}
	net := res.Network()
	who := prefix(res) + "class " + class
	c := res.Total
	if class == "" {
		who = prefix(res) + "all consumers"
	} else if cc, ok := res.Class(class); ok {
		c = cc
	} else {
		names := make([]string, net.NumClasses())
		for i := range names {
			names[i] = net.Class(i).Name
		}
		t.Errorf("%sclass %q: not a class of the network (classes: %s)", prefix(res), class, orNone(names))
		return false
	}
	if badLimit(t, who, "coverage", min) {
		return false
	}
	v := c.PCS()
	if atLeast(v, min) {
		return true
	}
	vs, ms := nums(v, min)
	u := net.Kind().Unit()
	t.Errorf("%s: coverage %s < %s (served %s of %s%s)", who, vs, ms, num(c.Served), withUnit(num(c.Demand), u), bottleneckNote(res))
	return false
}

// ZoneCoverageAtLeast asserts that the consumers of a zone receive at
// least min of their demand (coverage by volume) in the allocation res; a
// zone without demand has coverage 1. On failure it reports, for example,
//
//	sample-district: zone riverside: coverage 0.8264 < 0.9 (served 5000 of 6050 kW; bottlenecks grid, backup)
//
// A nil result, an unknown zone or a NaN limit fail with a message saying
// so. It returns whether the assertion passed.
func ZoneCoverageAtLeast(t TB, res *supply.Result, zone string, min float64) bool {
	t.Helper()
	if res == nil || res.Network() == nil {
		t.Errorf("lifelinetest: ZoneCoverageAtLeast: nil or empty supply result")
		return false
	}
	net := res.Network()
	c, ok := res.Zone(zone)
	if !ok {
		ids := make([]string, net.NumZones())
		for i := range ids {
			ids[i] = net.ZoneID(i)
		}
		t.Errorf("%szone %q: not a zone of the network (zones: %s)", prefix(res), zone, orNone(ids))
		return false
	}
	who := prefix(res) + "zone " + zone
	if badLimit(t, who, "coverage", min) {
		return false
	}
	v := c.PCS()
	if atLeast(v, min) {
		return true
	}
	vs, ms := nums(v, min)
	t.Errorf("%s: coverage %s < %s (served %s of %s%s)", who, vs, ms, num(c.Served), withUnit(num(c.Demand), net.Kind().Unit()), bottleneckNote(res))
	return false
}

// BottlenecksAre asserts that the bottleneck assets of the allocation res
// (supply.Result.Bottlenecks) are exactly the given node and link IDs, in
// any order; none means the allocation has no bottleneck (every consumer
// served, or the shortfall due only to disconnection). On failure it
// reports, for example,
//
//	feeder: bottlenecks [sub], want [infeed]
//
// with both lists sorted. It returns whether the assertion passed.
func BottlenecksAre(t TB, res *supply.Result, ids ...string) bool {
	t.Helper()
	if res == nil || res.Network() == nil {
		t.Errorf("lifelinetest: BottlenecksAre: nil or empty supply result")
		return false
	}
	got := res.BottleneckIDs()
	slices.Sort(got)
	want := slices.Clone(ids)
	slices.Sort(want)
	if slices.Equal(got, want) {
		return true
	}
	t.Errorf("%sbottlenecks %s, want %s", prefix(res), list(got), list(want))
	return false
}

// list formats IDs as "[a b]".
func list(ids []string) string { return fmt.Sprintf("%v", ids) }
