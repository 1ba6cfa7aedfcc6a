package scenario_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// FuzzSummaryJSON feeds arbitrary bytes to ReadSummary (and so to
// UnmarshalJSON): it never panics, and whatever it accepts writes and
// reads again to the same bytes and statistics.
func FuzzSummaryJSON(f *testing.F) {
	sum := summaryForFuzz(f)
	good, err := json.Marshal(sum)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"records":[{"trial":-1}]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"scenario":"s","seed":1,"network":"n","kind":"power","horizon":1,"service_levels":[],"metrics":[],"records":[]}`))
	f.Add(bytes.Replace(good, []byte(`"risk":{`), []byte(`"risk":null,"x":{`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenario.ReadSummary(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Fatalf("error does not name the input: %v", err)
			}
			return
		}
		var once bytes.Buffer
		if err := s.WriteJSON(&once); err != nil {
			t.Fatalf("accepted summary does not encode: %v", err)
		}
		s2, err := scenario.ReadSummary(bytes.NewReader(once.Bytes()), "again.json")
		if err != nil {
			t.Fatalf("encoded summary does not decode: %v\n%s", err, once.Bytes())
		}
		var twice bytes.Buffer
		if err := s2.WriteJSON(&twice); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once.Bytes(), twice.Bytes()) {
			t.Fatalf("encoding is not stable:\n%s\n%s", once.Bytes(), twice.Bytes())
		}
		if s.Trials() != s2.Trials() {
			t.Fatalf("trials %d then %d", s.Trials(), s2.Trials())
		}
		// The queries run on whatever was accepted.
		_ = s.Timeline()
		_ = s.Shortfalls()
		if _, err := scenario.Merge(s, s2); err == nil && s.Trials() > 0 {
			t.Fatal("a summary merged with itself")
		}
	})
}

// summaryForFuzz runs a 5-trial study of a feeder with random faults.
func summaryForFuzz(f *testing.F) *scenario.Summary {
	b := network.NewBuilder(network.Power)
	b.AddNode(network.Node{ID: "src", Role: network.Source, Capacity: 100})
	b.AddNode(network.Node{ID: "home", Role: network.Consumer, Demand: 50, Customers: 10})
	b.AddLink(network.Link{ID: "line", From: "src", To: "home"})
	net, err := b.Build()
	if err != nil {
		f.Fatal(err)
	}
	sc := &scenario.Scenario{Horizon: 48, Utilities: []scenario.Utility{{ID: "p", Net: net}},
		Faults: []scenario.FaultModel{{Links: true, Rate: 100, Repair: crew.Exponential(3)}}}
	p, err := sc.Compile()
	if err != nil {
		f.Fatal(err)
	}
	sum, err := scenario.Study{Plan: p, Seed: 1, Trials: 5}.Run(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	return sum
}
