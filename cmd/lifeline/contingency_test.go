package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/lifeline-sim/lifeline/network/matpower"
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
	// No MATPOWER case, no overload check: null, not [].
	if rep.Base.Overloaded != nil || c.Overloaded != nil || c.OverloadNote != "" {
		t.Errorf("overloads of a network document: base %#v, grid %#v %q; want null", rep.Base.Overloaded, c.Overloaded, c.OverloadNote)
	}
	if n := strings.Count(out.String(), `"overloaded": null`); n != 1+21+45 {
		t.Errorf("%d cases with \"overloaded\": null, want every one of 67", n)
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
	if strings.Contains(text, "overload") {
		t.Errorf("text of a network document mentions overloads:\n%s", text)
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

const contCase9 = "../../network/matpower/testdata/case9.m"

// contRunJSON runs contingency with -json and decodes the report.
func contRunJSON(t *testing.T, args ...string) contReportJSON {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := runContingency(append([]string{"-json"}, args...), &out, &errOut); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, errOut.String())
	}
	var rep contReportJSON
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return rep
}

// contDCOracle solves the DC power flow of c with the assets out taken out
// of service (branches and generators by row, loads by bus, buses
// isolated), and returns the result or its error.
func contDCOracle(t *testing.T, c *matpower.Case, out []string) (*matpower.DCResult, error) {
	t.Helper()
	cc := *c
	cc.Buses, cc.Gens, cc.Branches = slices.Clone(c.Buses), slices.Clone(c.Gens), slices.Clone(c.Branches)
	for _, id := range out {
		var k int
		switch {
		case strings.HasPrefix(id, "br"):
			fmt.Sscanf(id, "br%d", &k)
			cc.Branches[k-1].Status = 0
		case strings.HasPrefix(id, "gen"): // gen<k> or gen<k>-bus<n>
			fmt.Sscanf(id, "gen%d", &k)
			cc.Gens[k-1].Status = 0
		case strings.HasPrefix(id, "load"): // load<n> or load<n>-bus<n>
			fmt.Sscanf(id, "load%d", &k)
			i := slices.IndexFunc(cc.Buses, func(b matpower.Bus) bool { return b.ID == k })
			cc.Buses[i].Pd = 0
		case strings.HasPrefix(id, "bus"):
			fmt.Sscanf(id, "bus%d", &k)
			i := slices.IndexFunc(cc.Buses, func(b matpower.Bus) bool { return b.ID == k })
			cc.Buses[i].Type = 4
		default:
			t.Fatalf("unexpected asset %q", id)
		}
		if k == 0 {
			t.Fatalf("asset %q: no row", id)
		}
	}
	return cc.DCPowerFlow()
}

// contCheckDC compares the overloads of every case of rep with the DC power
// flow of the case file with the same outages (base outages first).
func contCheckDC(t *testing.T, file string, baseOut []string, rep contReportJSON) {
	t.Helper()
	c, err := matpower.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cases := append([]contCaseJSON{rep.Base}, rep.N1...)
	cases = append(cases, rep.N2...)
	for _, got := range cases {
		out := append(slices.Clone(baseOut), got.Assets...)
		res, err := contDCOracle(t, c, out)
		if err != nil {
			want := strings.TrimPrefix(err.Error(), "matpower: ")
			if !errors.Is(err, matpower.ErrNoReference) || got.Overloaded == nil || len(got.Overloaded) != 0 || got.OverloadNote != want {
				t.Errorf("%s, %v out: overloaded %#v, note %q; want [] and %q", file, out, got.Overloaded, got.OverloadNote, want)
			}
			continue
		}
		want := []string{}
		for _, b := range res.Overloaded() {
			want = append(want, fmt.Sprintf("br%d", b.Row))
		}
		if !slices.Equal(got.Overloaded, want) || got.Overloaded == nil || got.OverloadNote != "" {
			t.Errorf("%s, %v out: overloaded %#v, note %q; want %v", file, out, got.Overloaded, got.OverloadNote, want)
		}
	}
}

// TestContingencyMatpowerRatings checks the DC overload check on case9 as
// published: no single outage overloads a branch. Five outages leave no DC
// solution: br1, br4 and br7 are the radial lines to the three
// generators, and cutting one off leaves an island without a reference bus
// (bus 1 is the reference: without br1, buses 2 to 9 have none); gen1 and
// its link take out the only generator of the reference bus.
func TestContingencyMatpowerRatings(t *testing.T) {
	rep := contRunJSON(t, case9Path(t))
	if len(rep.N1) != 18 || len(rep.N2) != 45 { // gen1-3; 3 load, 3 gen links, 9 branches
		t.Fatalf("%d N-1 and %d N-2 cases, want 18 and 45", len(rep.N1), len(rep.N2))
	}
	if rep.Base.Overloaded == nil || len(rep.Base.Overloaded) != 0 || rep.Base.OverloadNote != "" {
		t.Errorf("base: overloaded %#v, note %q; want []", rep.Base.Overloaded, rep.Base.OverloadNote)
	}
	var noSlack []string
	for _, c := range rep.N1 {
		if len(c.Overloaded) != 0 {
			t.Errorf("%v out overloads %v", c.Assets, c.Overloaded)
		}
		if c.OverloadNote != "" {
			noSlack = append(noSlack, c.Assets[0])
		}
	}
	slices.Sort(noSlack)
	if want := []string{"br1", "br4", "br7", "gen1", "gen1-bus1"}; !slices.Equal(noSlack, want) {
		t.Errorf("cases without a DC solution %v, want %v", noSlack, want)
	}
	for _, c := range rep.N1 {
		switch c.Assets[0] {
		case "br1":
			if c.OverloadNote != "island without a reference bus: buses 2, 3, 4, 5, 6, 7, 8, 9" {
				t.Errorf("br1: note %q", c.OverloadNote)
			}
		case "br4":
			if c.OverloadNote != "island without a reference bus: buses 3" {
				t.Errorf("br4: note %q", c.OverloadNote)
			}
		}
	}
	contCheckDC(t, contCase9, nil, rep)
}

// case9Path returns the path of case9 after checking that it is there.
func case9Path(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(contCase9); err != nil {
		t.Fatal(err)
	}
	return contCase9
}

// TestContingencyMatpowerOverload lowers the rating of br8 (bus 8 to bus 9)
// of case9 from 250 to 100 MVA, so that outages that push power through it
// overload it. As built its DC flow is 86.9674 MW (MATPOWER's), within the
// rating. The ring 4-5-6-7-8-9-4 has the generators hanging off buses 4
// (the slack, 67 MW), 6 (85 MW) and 8 (163 MW) and the loads on 5 (90), 7
// (100) and 9 (125); any one ring branch out leaves a path, whose flows
// follow from the balance of each bus alone:
//
//   - br9 (9-4) out: bus 9 hangs on bus 8 alone: br8 carries 125 MW, 125%;
//   - br3 (5-6) out: from the end at bus 6, 85 MW go on to 7, which takes
//     15 more from 8; bus 8 sends its other 163 − 15 = 148 MW to 9: 148%;
//   - br6 (7-8) out: bus 8 reaches the ring through 9 only: 163 MW, 163%.
//
// The other path cases (br2, br5, br8) keep br8 within 100 MW (br2 out:
// 58 MW; br8 out: 0). In the allocation, br8's 100 MVA rating also limits
// what reaches bus 9 without br9: 25 MW short, 25000 kW at the residential
// VoLL of 10, 250000 per hour.
func TestContingencyMatpowerOverload(t *testing.T) {
	src, err := os.ReadFile(case9Path(t))
	if err != nil {
		t.Fatal(err)
	}
	const row = "\t8\t9\t0.032\t0.161\t0.306\t250\t"
	if strings.Count(string(src), row) != 1 {
		t.Fatalf("case9 has not one row %q", row)
	}
	file := filepath.Join(t.TempDir(), "case9.m")
	if err := os.WriteFile(file, []byte(strings.Replace(string(src), row, "\t8\t9\t0.032\t0.161\t0.306\t100\t", 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	// The hand figures, in the package's DC power flow of the modified case.
	c, err := matpower.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		out  string
		flow float64
	}{{"", 86.9674}, {"br9", 125}, {"br3", 148}, {"br6", 163}, {"br2", 58}} {
		var out []string
		if tc.out != "" {
			out = []string{tc.out}
		}
		res, err := contDCOracle(t, c, out)
		if err != nil {
			t.Fatal(err)
		}
		if f := res.Branches[7].FlowMW; math.Abs(f-tc.flow) > 1e-3 {
			t.Errorf("%q out: br8 carries %.6g MW, want %g", tc.out, f, tc.flow)
		}
	}

	rep := contRunJSON(t, "-k", "4", file)
	if rep.Base.Overloaded == nil || len(rep.Base.Overloaded) != 0 {
		t.Errorf("base: overloaded %#v, want []", rep.Base.Overloaded)
	}
	over := map[string][]string{}
	for _, c := range rep.N1 {
		over[c.Assets[0]] = c.Overloaded
	}
	for _, id := range []string{"br9", "br3", "br6"} {
		if !slices.Equal(over[id], []string{"br8"}) {
			t.Errorf("%s out: overloaded %v, want [br8]", id, over[id])
		}
	}
	for _, id := range []string{"br2", "br5", "br8", "gen2", "gen3"} {
		if len(over[id]) != 0 {
			t.Errorf("%s out: overloaded %v, want none", id, over[id])
		}
	}
	// The ranking is by value lost only: the outages of loads first, then
	// br9 (250000 per hour), then br1 and the others that lose nothing, by
	// ID, whether they overload br8 or not.
	var ids []string
	for _, c := range rep.N1[:6] {
		ids = append(ids, c.Assets[0])
	}
	if want := []string{"load9-bus9", "load7-bus7", "load5-bus5", "br9", "br1", "br2"}; !slices.Equal(ids, want) {
		t.Errorf("N-1 ranking starts %v, want %v", ids, want)
	}
	if c := rep.N1[3]; c.Unserved != 25000 || !contDecimal(t, c.AddedValueLost).Equal(decimal.NewFromInt(250000)) {
		t.Errorf("br9: unserved %g, added value lost %s; want 25000 and 250000", c.Unserved, c.AddedValueLost)
	}
	contCheckDC(t, file, nil, rep)

	// br9 out in the base case: br8 is overloaded there, and taking br8
	// out too leaves bus 9 without a reference bus.
	rep = contRunJSON(t, "-k", "4", "-out", "br9", file)
	if !slices.Equal(rep.Base.Overloaded, []string{"br8"}) {
		t.Errorf("base with br9 out: overloaded %v, want [br8]", rep.Base.Overloaded)
	}
	i := slices.IndexFunc(rep.N1, func(c contCaseJSON) bool { return slices.Equal(c.Assets, []string{"br8"}) })
	if i < 0 || rep.N1[i].OverloadNote != "island without a reference bus: buses 9" {
		t.Errorf("br8 out after br9: %+v, want a note on bus 9", rep.N1)
	}
	contCheckDC(t, file, []string{"br9"}, rep)

	// Bus 9 out in the base case: its load goes, and br8 and br9 with it
	// (they carry nothing); the path 4-5-6-7-8 that is left stays within
	// its ratings.
	rep = contRunJSON(t, "-k", "2", "-out", "bus9", file)
	if rep.Base.Overloaded == nil || len(rep.Base.Overloaded) != 0 || rep.Base.OverloadNote != "" {
		t.Errorf("base with bus9 out: overloaded %#v, note %q; want []", rep.Base.Overloaded, rep.Base.OverloadNote)
	}
	contCheckDC(t, file, []string{"bus9"}, rep)

	// The text table: an overloaded column, and the marks explained.
	var out, errOut bytes.Buffer
	if err := runContingency([]string{"-k", "0", "-top", "0", file}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"Base case: unserved 0 kW, value of lost load 0.00 per hour, critical coverage 100.00%, overloaded none\n",
		"  overloaded  bottlenecks\n",
		"\nno slack: ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	for _, re := range []string{
		`(?m)^\s*4\s+br9\s+25000\s+25000\s+250000\.00\s+250000\.00\s+100\.00%\s+1\s+0\s+br8\s+br8$`,
		`(?m)^\s*\d+\s+br3(\s+\S+){7}\s+br8\s+-$`,
		`(?m)^\s*\d+\s+br4(\s+\S+){7}\s+no slack\s+-$`,
		`(?m)^\s*\d+\s+br2(\s+\S+){7}\s+-\s+-$`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("text output lacks a row matching %s:\n%s", re, text)
		}
	}
	if strings.Contains(text, "unsolved") {
		t.Errorf("text output marks a case unsolved:\n%s", text)
	}
}
