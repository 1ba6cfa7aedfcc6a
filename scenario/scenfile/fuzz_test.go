package scenfile

import (
	"os"
	"strings"
	"testing"
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
	if data, err := os.ReadFile("../../testdata/scenarios/district-lockdown.yaml"); err == nil {
		f.Add(string(data))
	}
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
