package report_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// cityScenario plays three utilities over 12 hours:
//
//   - power: a source feeds a hospital (critical, 20 kW, 1 customer, zone
//     north) and homes (residential, 50 kW, 10 customers, zone south). The
//     homes' line fails at 2 h; the crew, 1 h from its depot, repairs it in
//     3 h, so the homes are without supply from 2 h to 6 h: ENS 200 kWh of
//     840 kWh, SAIFI 10/11, SAIDI 40/11 h, CAIDI 4 h, value lost 200 × 10.
//   - heat: a boiler feeds 50 flats (40 kW design at −20 °C, zone south) at
//     −10 °C outdoors; its pipe is out from 4 h to 10 h and the flats cool
//     below 16 °C.
//   - water: a 25 m³ tank discharging up to 10 m³/h feeds a block drawing
//     8 m³/h; it runs dry at 3.125 h and is never restored.
func cityScenario(t testing.TB) *scenario.Scenario {
	t.Helper()
	pb := network.NewBuilder(network.Power)
	pb.AddZone(network.Zone{ID: "north"})
	pb.AddZone(network.Zone{ID: "south"})
	pb.AddZone(network.Zone{ID: "depot"})
	pb.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100, Zone: "north"})
	pb.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 20, Customers: 1, Zone: "north"})
	pb.AddNode(network.Node{ID: "homes", Role: network.Consumer, Class: network.Residential, Demand: 50, Customers: 10, Zone: "south"})
	pb.AddLink(network.Link{ID: "f-hospital", From: "src", To: "hospital"})
	pb.AddLink(network.Link{ID: "line", From: "src", To: "homes"})
	power, err := pb.Build()
	require.NoError(t, err)

	hb := network.NewBuilder(network.Heat)
	hb.AddZone(network.Zone{ID: "south"})
	hb.AddNode(network.Node{ID: "boiler", Role: network.Source, Capacity: 100})
	hb.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 40, Customers: 50, Zone: "south"})
	hb.AddLink(network.Link{ID: "pipe", From: "boiler", To: "flats"})
	heat, err := hb.Build()
	require.NoError(t, err)

	wb := network.NewBuilder(network.Water)
	wb.AddNode(network.Node{ID: "tank", Role: network.Storage, Capacity: 10, Level: 25, MaxLevel: 30})
	wb.AddNode(network.Node{ID: "block", Role: network.Consumer, Demand: 8, Customers: 5})
	wb.AddLink(network.Link{ID: "main", From: "tank", To: "block"})
	water, err := wb.Build()
	require.NoError(t, err)

	ro, err := crew.New(crew.Config{
		Teams: []crew.Team{{ID: "crew1", Size: 4, Base: "depot"}},
		Travel: []crew.TravelTime{
			{From: "depot", To: "north", Hours: 1},
			{From: "depot", To: "south", Hours: 1},
		},
	})
	require.NoError(t, err)
	return &scenario.Scenario{
		Name:    "city day",
		Horizon: 12,
		Utilities: []scenario.Utility{
			{ID: "power", Net: power},
			{ID: "heat", Net: heat},
			{ID: "water", Net: water},
		},
		Crew:    ro,
		Weather: &scenario.Weather{Outdoor: []float64{-10}, Design: -20, TimeConstant: 40},
		Outages: []scenario.Outage{
			{Network: "power", Asset: "line", At: 2, Repair: true, Work: crew.Fixed(3)},
			{Network: "heat", Asset: "pipe", At: 4, Duration: 6},
		},
	}
}

var (
	cityOnce sync.Once
	cityRes  *scenario.Result
	cityErr  error
)

// cityResult runs cityScenario once per test binary with seed 1.
func cityResult(t testing.TB) *scenario.Result {
	t.Helper()
	cityOnce.Do(func() {
		cityRes, cityErr = cityScenario(t).Run(context.Background(), 1)
	})
	require.NoError(t, cityErr)
	return cityRes
}

// studyPlan is a day of a substation (100 kW) feeding a hospital
// (critical, 20 kW) and 600 homes (60 kW); the substation fails about
// once every 20 hours and a repair takes 6 hours on average.
func studyPlan(t testing.TB) *scenario.Plan {
	t.Helper()
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "sub", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "hospital", Role: network.Consumer, Class: network.Critical, Demand: 20, Customers: 1})
	b.AddNode(network.Node{ID: "homes", Role: network.Consumer, Class: network.Residential, Demand: 60, Customers: 600})
	b.AddLink(network.Link{ID: "f-hospital", From: "sub", To: "hospital"})
	b.AddLink(network.Link{ID: "f-homes", From: "sub", To: "homes"})
	net, err := b.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{
		Name:          "substation day",
		Horizon:       24,
		Utilities:     []scenario.Utility{{ID: "power", Net: net}},
		Faults:        []scenario.FaultModel{{Role: network.Source, Rate: 438, Repair: crew.Exponential(6)}},
		SteadyStart:   true,
		ServiceLevels: []scenario.ServiceLevel{{Level: 0.95, Duration: 4}},
	}
	plan, err := sc.Compile()
	require.NoError(t, err)
	return plan
}

// studyRun runs a study of 40 trials of studyPlan and one run of it with
// trial 0's stream, for reports that show both.
func studyRun(t testing.TB) (*scenario.Result, *scenario.Summary) {
	t.Helper()
	plan := studyPlan(t)
	sum, err := scenario.Study{Plan: plan, Seed: 7, Trials: 40}.Run(context.Background())
	require.NoError(t, err)
	res, err := plan.NewTrial(7, 0).RunContext(context.Background())
	require.NoError(t, err)
	return res, sum
}

// handSummary builds a summary of network "power" over 20 trials whose
// metrics are set by hand, so that every statistic of the report can be
// checked against a formula: in trial i (0…19), ens = 10·i kWh,
// loss_of_load_hours = i/2 h, coverage = 1 − i/100, and the hours with
// critical coverage below 95 % are i (the service level allows 12 h, so
// trials 13…19, 7 of 20, exceed it). Every other metric is i.
func handSummary(t testing.TB) *scenario.Summary {
	t.Helper()
	names := []string{
		scenario.MetricENS, scenario.MetricServed, scenario.MetricDemand, scenario.MetricCoverage,
		scenario.MetricECS, scenario.MetricEOH, scenario.MetricCustomerHoursLost, scenario.MetricSAIFI,
		scenario.MetricSAIDI, scenario.MetricCAIDI, scenario.MetricASAI, scenario.MetricValueLost,
		scenario.MetricMinCriticalCoverage, scenario.MetricLossOfLoadHours, scenario.MetricTimeToRestore,
		scenario.MetricColdCustomerHours, scenario.MetricPeakColdCustomers, scenario.MetricCrewUtilisation,
		scenario.MetricMeanWait, scenario.MetricLongestCriticalBelow + "0",
	}
	var recs []string
	for i := range 20 {
		vals := make([]string, len(names))
		for k, name := range names {
			v := float64(i)
			switch name {
			case scenario.MetricENS:
				v = 10 * float64(i)
			case scenario.MetricLossOfLoadHours:
				v = float64(i) / 2
			case scenario.MetricCoverage, scenario.MetricECS, scenario.MetricASAI,
				scenario.MetricMinCriticalCoverage, scenario.MetricCrewUtilisation:
				v = 1 - float64(i)/100
			}
			vals[k] = fmt.Sprint(v)
		}
		recs = append(recs, fmt.Sprintf(`{"trial":%d,"values":[%s]}`, i, strings.Join(vals, ",")))
	}
	qnames, _ := json.Marshal(names)
	data := fmt.Sprintf(`{"scenario":"city day","seed":3,"network":"power","kind":"power","horizon":12,
		"service_levels":[{"level":0.95,"duration":12}],"metrics":%s,"records":[%s]}`, qnames, strings.Join(recs, ","))
	var sum scenario.Summary
	require.NoError(t, json.Unmarshal([]byte(data), &sum))
	return &sum
}

// fixed2 formats v with two decimals, as the text report does.
func fixed2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// errorsIs is errors.Is.
func errorsIs(err, target error) bool { return errors.Is(err, target) }
