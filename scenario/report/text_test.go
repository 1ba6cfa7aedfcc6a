package report_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), string(got), "differs from %s (go test -update rewrites it)", path)
}

// squeeze collapses runs of spaces inside each trimmed line, so that
// expectations do not depend on column widths.
func squeeze(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		out = append(out, strings.Join(strings.Fields(l), " "))
	}
	return out
}

func TestWriteTextGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteText(&buf, cityResult(t), handSummary(t)))
	golden(t, "city.txt", buf.Bytes())
}

// The figures of the city scenario and of the hand-made summary, computed
// by hand (see cityScenario and handSummary).
func TestWriteTextFigures(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteText(&buf, cityResult(t), handSummary(t)))
	lines := squeeze(buf.String())
	for _, want := range []string{
		"Network power (power: flows in kW, energy in kWh)",
		// 70 kW × 12 h; the homes lose 50 kW for 4 h.
		"Demand 840.0 kWh",
		"Energy not supplied (ENS) 200.0 kWh",
		"Coverage by volume (PCS) 76.19 %",     // 640/840
		"Mean consumer coverage (ECS) 83.33 %", // (12 + 8)/2/12
		"Equivalent outage hours (EOH) 2.86 h", // 4 h × 50/70
		"Customer-hours lost 40.0 customer·h",
		"SAIFI 0.909 interruptions/customer", // 10 of 11 customers
		"SAIDI 3.64 h/customer",              // 40/11
		"CAIDI 4.00 h/interruption",
		"ASAI 0.696970 (fraction of customer-hours available)", // 1 − 40/(11·12)
		"Value of lost load 2000.00 (money, at the classes' VoLL)",
		"Min critical coverage 100.00 %",
		"Loss-of-load hours 4.00 h",
		"First shortfall at 2.00 h",
		"Time to restore 4.00 h",
		"class consumers customers demand kWh ENS kWh PCS % ECS % EOH h cust·h lost SAIFI SAIDI h CAIDI h ASAI value lost",
		"critical 1 1 240.0 0.0 100.00 100.00 0.00 0.0 0.000 0.00 0.00 1.000000 0.00",
		"residential 1 10 600.0 200.0 66.67 66.67 4.00 40.0 1.000 4.00 4.00 0.666667 2000.00",
		"south 1 10 600.0 200.0 66.67 66.67 4.00 40.0 1.000 4.00 4.00 0.666667 2000.00",
		// Heat: the pipe is out 6 h; the flats drop below 16 °C.
		"Network heat (heat: flows in kW, energy in kWh)",
		"Equivalent outage hours (EOH) 6.00 h",
		"Time to restore 6.00 h",
		"Peak cold customers 50 customers",
		"Min critical coverage 100.00 % (no critical consumers)",
		// Water: dry at 3.125 h, 8 m³/h short to the end.
		"Network water (water: flows in m³/h, volume in m³)",
		"Volume not supplied (ENS) 71.0 m³", // 96 − 25
		"Time to restore not restored (still short at the horizon, 8.88 h after the first shortfall)",
		"storage start m³ min m³ end m³ dry at h dry for h",
		"tank 25.0 0.0 0.0 3.12 8.88",
		// Crew: one member busy from 2 h to 6 h of 4 × 12 member-hours.
		"Utilisation 8.33 % (4.0 of 48.0 member-hours busy)",
		"Repair tasks 1 created, 1 started, 1 completed",
		"Wait for a crew mean 1.00 h, max 1.00 h (fault to start of work)",
		// Risk: ens = 0, 10, …, 190 kWh: mean 95, standard error
		// 10·√35/√20 = 13.2, t(19) = 2.093, P95 = 180 + 0.05 × 10, CVaR95
		// the mean of {190}.
		"Risk over 20 trials of network power (seed 3)",
		"Energy not supplied (ENS) kWh 95.0 13.2 [67.3, 122.7] 95.0 180.5 190.0",
		// Coverage 1 − i/100: lower is worse, CVaR95 the mean of {0.81}.
		"Coverage by volume (PCS) % 90.50 1.32 [87.73, 93.27] 90.50 99.05 81.00",
		// loss_of_load_hours = i/2: mean 4.75 h of 12 h.
		"LOLP 0.3958 ± 0.0551 (expected share of the horizon with demand unserved)",
		"LOLE 4.75 ± 0.66 h (expected hours with demand unserved, of 12.00 h)",
		"EUE 95.0 ± 13.2 kWh (expected energy unserved)",
		// 7 of 20 trials above 12 h: 0.35 ± √(0.35·0.65/20).
		"P(critical coverage below 95 % for more than 12.00 h) 0.350 ± 0.107",
	} {
		assert.Contains(t, lines, want)
	}
	// Classes and zones without consumers are left out.
	assert.NotContains(t, buf.String(), "commercial")
	assert.NotContains(t, buf.String(), "depot")
}

func TestWriteTextWithoutSummary(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteText(&buf, cityResult(t), nil))
	assert.NotContains(t, buf.String(), "Risk")
	// Without the summary's levels, a service level is named by index.
	assert.Contains(t, squeeze(buf.String()), "Longest critical below service level 1 0.00 h")
}

func TestWriteTextStudy(t *testing.T) {
	res, sum := studyRun(t)
	var a, b bytes.Buffer
	require.NoError(t, report.WriteText(&a, res, sum))
	require.NoError(t, report.WriteText(&b, res, sum))
	assert.Equal(t, a.String(), b.String())
	ad := sum.Adequacy()
	assert.Contains(t, a.String(), "Risk over 40 trials of network power (seed 7)")
	assert.Contains(t, squeeze(a.String()), "LOLE "+fixed2(ad.LOLE)+" ± "+fixed2(ad.LOLEStdErr)+
		" h (expected hours with demand unserved, of 24.00 h)")
	// No crew in this scenario.
	assert.Contains(t, squeeze(a.String()), "Utilisation no crew member-hours available")
}

func TestWriteTextErrors(t *testing.T) {
	assert.Error(t, report.WriteText(&bytes.Buffer{}, nil, nil))
	boom := errors.New("disk full")
	err := report.WriteText(failWriter{boom}, cityResult(t), nil)
	assert.ErrorIs(t, err, boom)
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

// A heat plant whose power feeder fails from 2 h to 5 h: the heat lost in
// those 3 hours (40 kW × 3 h) is caused by the power network, and the
// reports say so.
func TestIndirectENS(t *testing.T) {
	pb := network.NewBuilder(network.Power)
	pb.AddNode(network.Node{ID: "grid", Role: network.Source, Capacity: 100})
	pb.AddNode(network.Node{ID: "plant-supply", Role: network.Consumer, Demand: 5, Customers: 1})
	pb.AddLink(network.Link{ID: "feeder", From: "grid", To: "plant-supply"})
	power, err := pb.Build()
	require.NoError(t, err)
	hb := network.NewBuilder(network.Heat)
	hb.AddNode(network.Node{ID: "plant", Role: network.Source, Capacity: 100})
	hb.AddNode(network.Node{ID: "flats", Role: network.Consumer, Demand: 40, Customers: 50})
	hb.AddLink(network.Link{ID: "pipe", From: "plant", To: "flats"})
	heat, err := hb.Build()
	require.NoError(t, err)
	sc := &scenario.Scenario{
		Horizon:   8,
		Utilities: []scenario.Utility{{ID: "power", Net: power}, {ID: "heat", Net: heat}},
		Couplings: []scenario.Coupling{{From: "power", Consumer: "plant-supply", To: "heat", Asset: "plant"}},
		Outages:   []scenario.Outage{{Network: "power", Asset: "feeder", At: 2, Duration: 3}},
	}
	res, err := sc.Run(t.Context(), 1)
	require.NoError(t, err)

	var buf bytes.Buffer
	require.NoError(t, report.WriteText(&buf, res, nil))
	lines := squeeze(buf.String())
	assert.Contains(t, lines, "Energy not supplied (ENS) 120.0 kWh")
	assert.Contains(t, lines, "of which caused by other utilities 120.0 kWh")
	assert.Equal(t, 1, strings.Count(buf.String(), "caused by other utilities"), "only for heat")

	doc, err := report.NewDocument(res, nil, "heat")
	require.NoError(t, err)
	assert.InDelta(t, 120, doc.ENS, 1e-9)
	assert.InDelta(t, 120, doc.IndirectENS, 1e-9)
	assert.InDelta(t, 0, doc.Networks[0].Total.IndirectENS, 1e-12)
}
