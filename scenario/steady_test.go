package scenario_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// A steady-state start is stationary for any repair distribution: 100
// parallel 1 kW links, each failing at λ = 1/40 per hour and repaired
// (no crews) in a time of mean m, feed a 100 kW load; at every instant
// each link is down with probability q = m/(40 + m), so the unserved
// energy in every hour is 100·q kWh in expectation, from the first hour
// on. (A fresh full repair at the start, instead of the equilibrium
// residual, would overshoot in the first hours: with fixed 10 h repairs,
// about 0.37 instead of 0.2 in hour 9.) The repairs found under way at
// the start have the equilibrium mean E[R²]/(2m). 300 trials of 12 h.
func TestSteadyStartAnyRepairDistribution(t *testing.T) {
	const (
		links  = 100
		trials = 300
		H      = 12.0
	)
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: links})
	b.AddNode(network.Node{ID: "load", Role: network.Consumer, Demand: links, Customers: 1})
	for i := range links {
		b.AddLink(network.Link{ID: fmt.Sprintf("l%d", i), From: "src", To: "load", Capacity: 1})
	}
	net, err := b.Build()
	require.NoError(t, err)
	lnMu, lnS := math.Log(8), 0.8
	for _, tc := range []struct {
		repair   crew.WorkTime
		residual float64 // E[R²]/(2m)
	}{
		{crew.Fixed(10), 5},
		{crew.LogNormal(8, 0.8), math.Exp(lnMu+1.5*lnS*lnS) / 2},
		{crew.Weibull(0.7, 10), 10 * math.Gamma(1+2/0.7) / (2 * math.Gamma(1+1/0.7))},
		{crew.Uniform(0, 20), 400.0 / 3 / 20},
	} {
		t.Run(tc.repair.Name, func(t *testing.T) {
			m := tc.repair.Mean
			q := m / (40 + m)
			sc := &scenario.Scenario{
				Horizon:     H,
				Utilities:   []scenario.Utility{{ID: "p", Net: net}},
				Faults:      []scenario.FaultModel{{Links: true, MTTF: 40, Repair: tc.repair}},
				SteadyStart: true,
			}
			p, err := sc.Compile()
			require.NoError(t, err)
			sum := make([]float64, int(H))
			sq := make([]float64, int(H))
			var res, nres float64
			for i := range trials {
				r, err := p.NewTrial(11, i).RunContext(context.Background())
				require.NoError(t, err)
				for h, u := range r.Networks[0].Timeline.Unserved {
					sum[h] += u / links
					sq[h] += (u / links) * (u / links)
				}
				for _, f := range r.Faults {
					if f.Candidate == 0 {
						res += f.Work
						nres++
					}
				}
			}
			for h := range sum {
				mean := sum[h] / trials
				se := math.Sqrt((sq[h]/trials - mean*mean) / (trials - 1))
				assert.InDelta(t, q, mean, 4*se+1e-9, "hour %d: unavailability %.4f ± %.4f, want %.4f", h, mean, se, q)
			}
			// About q × 100 × 300 repairs under way at the start.
			assert.InDelta(t, q*links*trials, nres, 4*math.Sqrt(q*(1-q)*links*trials))
			assert.InEpsilon(t, tc.residual, res/nres, 0.08, "mean work left at the start")
		})
	}
}
