package scenario_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// FuzzSummaryJSON feeds arbitrary bytes to Summary.UnmarshalJSON: it never
// panics, and whatever it accepts encodes and decodes again to the same
// statistics.
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
	f.Fuzz(func(t *testing.T, data []byte) {
		var s scenario.Summary
		if err := json.Unmarshal(data, &s); err != nil {
			return
		}
		again, err := json.Marshal(&s)
		if err != nil {
			t.Fatalf("accepted summary does not encode: %v", err)
		}
		var s2 scenario.Summary
		if err := json.Unmarshal(again, &s2); err != nil {
			t.Fatalf("encoded summary does not decode: %v\n%s", err, again)
		}
		if s.Trials() != s2.Trials() {
			t.Fatalf("trials %d then %d", s.Trials(), s2.Trials())
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
