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
	f.Add(head + "crew:\n  teams: [{id: a, size: 2}]\ntarget:\n  team: a\n  max: 4\n  require:\n    - critical below 95% for more than 24 h: at most 5%\n    - \"ens: mean at most 3 MWh\"\n")
	f.Add(head + "crew:\n  teams: [{id: a, size: 2}, {id: b, size: 1}]\ntarget: {teams: [\"*\"], confidence: 0.9, require: \"saidi below 2 h: at most 10%\"}\n")
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
