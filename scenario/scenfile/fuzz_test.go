package scenfile

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzDecode checks that no input makes Decode panic, and that every
// problem it reports names the file.
func FuzzDecode(f *testing.F) {
	f.Add(full)
	f.Add(head)
	f.Add(head + "outages:\n  - {asset: sub-south, at: 1, work: {dist: lognormal, median_hours: 3, sigma: 0.5}}\n")
	f.Add("version: 1\nhorizon_hours: 1\nnetworks:\n  - id: p\n    inline:\n      kind: power\n      nodes: [&a {id: s, role: source, capacity: 1}, *a]\n")
	f.Add("a: &a [*a]\n")
	f.Add("version: 1\nhorizon_hours: 1\nnetworks:\n  - inline: !!binary aGVsbG8=\n")
	f.Add("- \xff\n")
	f.Add(head + "crew:\n  teams: [{id: a, size: 2}]\ntarget:\n  team: a\n  max: 4\n  require:\n    - critical below 95% for more than 24 h: at most 5%\n    - \"ens: mean at most 3 MWh\"\n")
	f.Add(head + "crew:\n  teams: [{id: a, size: 2}, {id: b, size: 1}]\ntarget: {teams: [\"*\"], confidence: 0.9, require: \"saidi below 2 h: at most 10%\"}\n")
	for _, name := range []string{"district-lockdown.yaml", "metered-feeder.yaml"} {
		if data, err := os.ReadFile("../../testdata/scenarios/" + name); err == nil {
			f.Add(string(data))
		}
	}
	f.Add(head + "demands:\n  - {class: residential, scale: [1, 0.5], step_hours: 0.25, start_hours: -1}\n  - demand: {file: metered/ami.csv}\n")
	f.Fuzz(func(t *testing.T, src string) {
		sc, err := Decode(strings.NewReader(src), "fuzz.yaml", "../../testdata/scenarios")
		if err != nil {
			if sc != nil {
				t.Fatal("a scenario and an error")
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			for _, p := range Problems(err) {
				if p.File != "fuzz.yaml" {
					t.Fatalf("problem names file %q: %v", p.File, p)
				}
			}
			return
		}
		if sc == nil {
			t.Fatal("no scenario and no error")
		}
		if _, err := sc.Compile(); err != nil {
			t.Fatalf("decoded scenario does not compile: %v", err)
		}
	})
}

// FuzzReadReliability checks that no table makes ReadReliability panic,
// that every problem names the table and a line, and that every model it
// returns has a repair time and a rate or an MTTF.
func FuzzReadReliability(f *testing.F) {
	if data, err := os.ReadFile("../../testdata/reliability/rts79-units.csv"); err == nil {
		f.Add(string(data))
	}
	f.Add("asset,rate_per_year,repair_dist,repair_median_hours,repair_sigma\nx,1,lognormal,3,0.5\n")
	f.Add("role,where,mttf_hours,mttr_hours\nstation,type=gis;kv=10,100,4\n")
	f.Add("asset,rate_per_year,mttr_hours\n\"a,1,2\n")
	f.Add("\xEF\xBB\xBFasset,rate_per_yaer\n")
	f.Fuzz(func(t *testing.T, src string) {
		rows, err := ReadReliability(strings.NewReader(src), "r.csv")
		if err != nil {
			for _, p := range Problems(err) {
				if p.File != "r.csv" || p.Line < 0 {
					t.Fatalf("problem without the table's name or line: %v", p)
				}
			}
			return
		}
		for _, r := range rows {
			m := r.Model
			if m.Repair.Draw == nil || m.Rate < 0 || m.MTTF < 0 || (m.Rate != 0 && m.MTTF != 0) {
				t.Fatalf("line %d: incomplete model %+v", r.Line, m)
			}
			if r.Line < 2 {
				t.Fatalf("row on line %d", r.Line)
			}
		}
	})
}

// FuzzReadTable checks that no table makes ReadTable panic, that every
// problem names the table and a line, and that a table it accepts has
// one row per step: rows at Start + k·Step, and values that are finite
// numbers or problems on the lines of their rows.
func FuzzReadTable(f *testing.F) {
	for _, name := range []string{"ami.csv", "scada.csv"} {
		if data, err := os.ReadFile("../../testdata/scenarios/metered/" + name); err == nil {
			f.Add(string(data), false)
		}
	}
	f.Add("timestamp,v\n2022-02-07T00:00:00+08:00,1\n2022-02-07T02:00:00+08:00,2\n2022-02-07T01:00:00+08:00,3\n", false)
	f.Add("time;kw\n2022-02-07 00:15;1,5\n2022-02-07 00:30;2\n", true)
	f.Add("date,t\n2022-02-07,-3\n2022-02-08,\"x\n", true)
	f.Add("timestamp,v\n2022-02-07T00:00:00Z,1\n2022-02-07T00:00:00Z,1\n2022-02-07T00:00:30.5Z,1\n", false)
	f.Fuzz(func(t *testing.T, src string, local bool) {
		opt := TableOptions{Ending: local}
		if local {
			opt.Location = time.FixedZone("", 3600)
		}
		tab, err := ReadTable(strings.NewReader(src), "t.csv", opt)
		if err != nil {
			for _, p := range Problems(err) {
				if p.File != "t.csv" || p.Line < 0 {
					t.Fatalf("problem without the table's name or line: %v", p)
				}
			}
			return
		}
		if tab.Rows() == 0 || (tab.Rows() > 1) != (tab.Step > 0) {
			t.Fatalf("%d rows at a step of %v", tab.Rows(), tab.Step)
		}
		for k := 1; k < tab.Rows(); k++ {
			if tab.Line(k) <= tab.Line(k-1) {
				t.Fatalf("rows out of line order: %d then %d", tab.Line(k-1), tab.Line(k))
			}
		}
		for _, c := range tab.Columns() {
			vals, err := tab.Values(c)
			if err != nil {
				for _, p := range Problems(err) {
					if p.File != "t.csv" || p.Line < 1 {
						t.Fatalf("value problem without a line: %v", p)
					}
				}
				continue
			}
			if len(vals) != tab.Rows() {
				t.Fatalf("column %q: %d values for %d rows", c, len(vals), tab.Rows())
			}
			for _, v := range vals {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("column %q: value %v", c, v)
				}
			}
		}
	})
}
