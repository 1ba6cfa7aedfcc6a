package scenario_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// twoLoads: a 100 kW source feeds a station (unlimited) that feeds A (60
// kW) and B (30 kW) through lA and lB. lB is out from 2.5 h to 4.5 h of an
// 8 h run in 1 h buckets, so B lacks 15 kWh in bucket 2, 30 in bucket 3
// and 15 in bucket 4: bucket 3 is the worst.
func twoLoads(t *testing.T) *scenario.Scenario {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "st", Role: network.Station})
	b.AddNode(network.Node{ID: "A", Role: network.Consumer, Demand: 60, Customers: 6})
	b.AddNode(network.Node{ID: "B", Role: network.Consumer, Demand: 30, Customers: 3})
	b.AddLink(network.Link{ID: "in", From: "src", To: "st", Capacity: 200})
	b.AddLink(network.Link{ID: "lA", From: "st", To: "A"})
	b.AddLink(network.Link{ID: "lB", From: "B", To: "st"}) // drawn To → From: flow negative
	net, err := b.Build()
	require.NoError(t, err)
	return &scenario.Scenario{Horizon: 8, Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Outages: []scenario.Outage{{Asset: "lB", At: 2.5, Duration: 2}}}
}

func TestTraceByHand(t *testing.T) {
	sc := twoLoads(t)
	plan, err := sc.Compile()
	require.NoError(t, err)
	res, tr, err := plan.NewRun(1).RunTrace(context.Background())
	require.NoError(t, err)
	require.Len(t, tr.Networks, 1)
	nt := tr.Networks[0]
	assert.Equal(t, "p", nt.ID)
	assert.True(t, nt.Short)
	assert.Equal(t, 3, nt.Worst)
	assert.Nil(t, tr.Outdoor)
	net := sc.Utilities[0].Net
	node := func(id string) int { i, _ := net.NodeIndex(id); return i }
	link := func(id string) int { i, _ := net.LinkIndex(id); return i }
	const tol = 1e-9
	r := nt.Run
	assert.InDelta(t, 8, r.Hours, tol)
	assert.InDelta(t, 480, r.Served[node("A")], tol)
	assert.InDelta(t, 480, r.Demand[node("A")], tol)
	assert.InDelta(t, 180, r.Served[node("B")], tol) // 30 kW × 6 h
	assert.InDelta(t, 240, r.Demand[node("B")], tol)
	assert.InDelta(t, 90*6+60*2, r.Through[node("src")], tol)
	assert.InDelta(t, 90*6+60*2, r.Through[node("st")], tol)
	assert.InDelta(t, 90, r.PeakThrough[node("st")], tol)
	assert.Zero(t, r.Through[node("A")])
	assert.InDelta(t, 480, r.LinkFlow[link("lA")], tol)
	assert.InDelta(t, 180, r.LinkFlow[link("lB")], tol)
	assert.InDelta(t, 30, r.PeakLinkFlow[link("lB")], tol)
	w := nt.WorstBucket
	assert.InDelta(t, 1, w.Hours, tol)
	assert.InDelta(t, 0, w.Served[node("B")], tol)
	assert.InDelta(t, 30, w.Demand[node("B")], tol)
	assert.InDelta(t, 60, w.Served[node("A")], tol)
	assert.InDelta(t, 60, w.LinkFlow[link("lA")], tol)
	assert.InDelta(t, 0, w.PeakLinkFlow[link("lB")], tol)
	// The trace agrees with the result's timeline.
	n := res.Networks[0]
	assert.InDelta(t, 30, n.Timeline.Unserved[3], tol)
	assert.InDelta(t, n.Total.Served, r.Served[node("A")]+r.Served[node("B")], tol)

	// A run already stepped cannot be traced.
	run := plan.NewRun(1)
	run.Step()
	_, _, err = run.RunTrace(context.Background())
	assert.True(t, errors.Is(err, scenario.ErrStepped))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = plan.NewRun(1).RunTrace(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

// Without any shortfall the worst bucket is the peak: demand doubles in
// bucket 5 by a spike.
func TestTracePeakWithoutShortfall(t *testing.T) {
	sc := twoLoads(t)
	sc.Outages = nil
	sc.Spikes = []scenario.Spike{{Factor: 1.1, From: 5, To: 6}}
	plan, err := sc.Compile()
	require.NoError(t, err)
	_, tr, err := plan.NewRun(1).RunTrace(context.Background())
	require.NoError(t, err)
	nt := tr.Networks[0]
	assert.False(t, nt.Short)
	assert.Equal(t, 5, nt.Worst)
	assert.InDelta(t, 99, nt.WorstBucket.Through[0], 1e-9)
}

// A 25 m³ tank discharging 8 m³/h runs dry at 3.125 h; 10 m³ delivered at
// 4 h last until 5.25 h; the level at each bucket start follows.
func TestTraceStorageLevels(t *testing.T) {
	b := network.NewBuilder(network.Water)
	b.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 10, Level: 25, MaxLevel: 30})
	b.AddNode(network.Node{ID: "block", Role: network.Consumer, Demand: 8, Customers: 5})
	b.AddLink(network.Link{ID: "main", From: "tank", To: "block"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{Horizon: 5.5, Utilities: []scenario.Utility{{ID: "w", Net: net}},
		Deliveries: []scenario.Delivery{{Storage: "tank", At: 4, Amount: 10}},
		Weather:    &scenario.Weather{Outdoor: []float64{-10, -12, -14}, Design: -20}}
	plan, err := sc.Compile()
	require.NoError(t, err)
	res, tr, err := plan.NewRun(1).RunTrace(context.Background())
	require.NoError(t, err)
	want := []float64{25, 17, 9, 1, 10, 2, 0}
	got := tr.Networks[0].StorageLevel[0]
	require.Len(t, got, len(want))
	for i := range want {
		assert.InDelta(t, want[i], got[i], 1e-9, "edge %d", i)
	}
	assert.Equal(t, res.Networks[0].Storage[0].End, got[len(got)-1])
	// Outdoor: hourly values, the last holding; the last bucket is half
	// an hour.
	assert.Equal(t, []float64{-10, -12, -14, -14, -14, -14}, tr.Outdoor)
	// Unserved: 8 m³/h from 3.125 to 4 and from 5.25 to 5.5: the worst
	// bucket is 3 (7 m³).
	assert.Equal(t, 3, tr.Networks[0].Worst)
}

// On a scenario with random faults, repairs, a lockdown and two zones, the
// trace agrees with the result: per-asset totals sum to the network's, the
// worst bucket is the timeline's largest unserved, and tracing does not
// change the result.
func TestTraceAgreesWithResult(t *testing.T) {
	plan := studyRich(t)
	for seed := uint64(1); seed <= 20; seed++ {
		want, err := plan.NewRun(seed).RunContext(context.Background())
		require.NoError(t, err)
		got, tr, err := plan.NewRun(seed).RunTrace(context.Background())
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(want, got), "seed %d: the traced result differs", seed)
		n := got.Networks[0]
		nt := tr.Networks[0]
		var served, demand float64
		for v := range nt.Run.Served {
			served += nt.Run.Served[v]
			demand += nt.Run.Demand[v]
		}
		tol := 1e-9 * n.Total.Demand
		assert.InDelta(t, n.Total.Served, served, tol, "seed %d", seed)
		assert.InDelta(t, n.Total.Demand, demand, tol, "seed %d", seed)
		best, at := 0.0, -1
		for b, u := range n.Timeline.Unserved {
			if u > best*(1+1e-9) && u > 1e-6 {
				best, at = u, b
			}
		}
		if at < 0 {
			assert.False(t, nt.Short, "seed %d", seed)
			continue
		}
		assert.True(t, nt.Short, "seed %d", seed)
		assert.Equal(t, at, nt.Worst, "seed %d", seed)
		var wu float64
		for v := range nt.WorstBucket.Served {
			wu += math.Max(nt.WorstBucket.Demand[v]-nt.WorstBucket.Served[v], 0)
		}
		assert.InDelta(t, best, wu, 1e-6*math.Max(best, 1), "seed %d", seed)
	}
}

func TestCurrency(t *testing.T) {
	for _, c := range []string{"CNY", "EUR", "USD", "XXX"} {
		assert.NoError(t, scenario.CheckCurrency(c), c)
	}
	for c, want := range map[string]string{
		"cny":  `"cny" is not an ISO 4217 code; did you mean "CNY"? (codes are three capital letters)`,
		"CNX":  `"CNX" is not an ISO 4217 currency code; did you mean "CNY"?`,
		"RMB":  `"RMB" is not an ISO 4217 currency code; did you mean "CNY"?`,
		"yuan": `"yuan" is not an ISO 4217 currency code; did you mean "CNY"?`,
		"ABCD": `"ABCD" is not an ISO 4217 currency code (want three capital letters such as CNY, EUR or USD)`,
		"":     `"" is not an ISO 4217 currency code (want three capital letters such as CNY, EUR or USD)`,
	} {
		err := scenario.CheckCurrency(c)
		if assert.Error(t, err, c) {
			assert.Equal(t, want, err.Error())
		}
	}
	sc := twoLoads(t)
	sc.Currency = "RMB"
	_, err := sc.Compile()
	assert.ErrorContains(t, err, `scenario: currency: "RMB" is not an ISO 4217 currency code; did you mean "CNY"?`)
	sc.Currency = "CNY"
	_, err = sc.Compile()
	assert.NoError(t, err)
}
