package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

const contCity = "../../testdata/city/network.yaml"

// contDecimal parses a decimal string of the JSON output.
func contDecimal(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("money %q: %v", s, err)
	}
	return d.Round(6)
}

// TestContingencyCity checks the worst single outage of the sample district,
// computed by hand.
//
// As built, the grid (12000 kW) and the hospital's backup (800 kW) are both
// at their limit: 12800 kW served of 13880. Critical and essential
// consumers are served; compounds C and D share what is left of sub-south's
// 5000 kW (4450 of 4800: 131.25 and 218.75 kW short), the mall gets nothing
// (700) and the works 570 of 600. Unserved 1080 kW; value lost 1312.5 +
// 2187.5 (residential, 10) + 14000 (commercial, 20) + 450 (industrial, 15) =
// 17950 per hour.
//
// Losing the grid leaves only the backup, which reaches only the hospital:
// 800 kW served, 13080 unserved (12000 more). Value lost: critical 80 + 150
// + 400 kW at 100 = 63000, essential 400 + 350 + 900 at 50 = 82500,
// residential 9500 at 10 = 95000, the mall 14000 and the works 600 at 15 =
// 9000: 263500 per hour, 245550 more. Critical coverage 800/1430. Every
// consumer but the mall (which had nothing) loses supply: 11 consumers,
// 11749 − 40 = 11709 customers. The backup is the bottleneck.
func TestContingencyCity(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := runContingency([]string{"-json", contCity}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var rep contReportJSON
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if rep.Network != "sample-district" || rep.Unit != "kW" || rep.Policy != "priority-fair" {
		t.Errorf("header %q %q %q", rep.Network, rep.Unit, rep.Policy)
	}
	if b := rep.Base; len(b.Assets) != 0 || math.Abs(b.Unserved-1080) > 1e-6 || !contDecimal(t, b.ValueLost).Equal(decimal.NewFromInt(17950)) {
		t.Errorf("base %+v, want 1080 kW and 17950 per hour", b)
	}
	if len(rep.N1) != 21 { // 4 sources and stations, 17 links
		t.Errorf("%d N-1 cases, want 21", len(rep.N1))
	}
	if len(rep.N2) != 45 { // pairs of the 10 worst
		t.Errorf("%d N-2 cases, want 45", len(rep.N2))
	}
	c := rep.N1[0]
	if !slices.Equal(c.Assets, []string{"grid"}) {
		t.Fatalf("worst single outage %v, want grid", c.Assets)
	}
	if math.Abs(c.Unserved-13080) > 1e-6 || math.Abs(c.AddedUnserved-12000) > 1e-6 {
		t.Errorf("grid: unserved %g (+%g), want 13080 (+12000)", c.Unserved, c.AddedUnserved)
	}
	if !contDecimal(t, c.ValueLost).Equal(decimal.NewFromInt(263500)) || !contDecimal(t, c.AddedValueLost).Equal(decimal.NewFromInt(245550)) {
		t.Errorf("grid: value lost %s (+%s), want 263500 (+245550)", c.ValueLost, c.AddedValueLost)
	}
	if math.Abs(c.CriticalCoverage-800.0/1430) > 1e-9 || c.ConsumersAffected != 11 || c.CustomersAffected != 11709 {
		t.Errorf("grid: critical %g, affected %d/%d; want %g, 11/11709", c.CriticalCoverage, c.ConsumersAffected, c.CustomersAffected, 800.0/1430)
	}
	if !slices.Equal(c.Bottlenecks, []string{"backup"}) {
		t.Errorf("grid: bottlenecks %v, want [backup]", c.Bottlenecks)
	}

	// The text table says the same, with units.
	out.Reset()
	if err := runContingency([]string{"-top", "3", "-k", "0", contCity}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"Base case: unserved 1080 kW, value of lost load 17950.00 per hour",
		"added unserved (kW)",
		"added value lost (/h)",
		"N-1: 21 single outages, worst 3 shown",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	row := regexp.MustCompile(`(?m)^\s*1\s+grid\s+12000\s+13080\s+245550\.00\s+263500\.00\s+55\.94%\s+11\s+11709\s+backup$`)
	if !row.MatchString(text) {
		t.Errorf("text output lacks the grid row:\n%s", text)
	}
	if rows := regexp.MustCompile(`(?m)^\s*\d+\s+\S+\s+\d`).FindAllString(text, -1); len(rows) != 3 {
		t.Errorf("%d rows with -top 3, want 3:\n%s", len(rows), text)
	}
	if strings.Contains(text, "N-2") {
		t.Errorf("-k 0 printed an N-2 table:\n%s", text)
	}
}

// TestContingencyFlags checks help and bad input.
func TestContingencyFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := runContingency([]string{"-h"}, &out, &errOut); !errors.Is(err, errHelp) {
		t.Errorf("-h: %v", err)
	}
	if h := errOut.String(); !strings.Contains(h, "Example:") || !strings.Contains(h, "lifeline contingency testdata/city/network.yaml") {
		t.Errorf("-h help lacks an example:\n%s", h)
	}
	for _, args := range [][]string{
		{},
		{"-policy", "lottery", contCity},
		{"-out", "no-such-asset", contCity},
		{"-k", "-1", contCity},
		{"-kind", "heat", contCity},
		{"no-such-file.yaml"},
	} {
		errOut.Reset()
		if err := runContingency(args, &out, &errOut); !errors.Is(err, errBadInput) {
			t.Errorf("%v: %v, want bad input", args, err)
		}
	}
}
