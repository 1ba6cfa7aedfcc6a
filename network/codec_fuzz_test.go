package network_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

// fuzzSeeds adds small valid documents that together use every field, and
// broken ones. Seeds are kept short: the fuzzer minimizes every input that finds
// new code, at a cost that grows with the square of its length.
func fuzzSeeds(f *testing.F, format network.Format) {
	var seeds []string
	if format == network.JSON {
		seeds = []string{
			`{"format":"lifeline-network","version":1,"name":"n","kind":"gas","classes":[{"name":"residential","rank":1,"voll":"2.5","description":"d"}],"zones":[{"id":"z","name":"Z","attrs":{"a":"b"}}]}`,
			`{"version":1,"kind":"heat","nodes":[{"id":"s","role":"source","zone":null,"capacity":"unlimited","needs_operators":true,"coord":{"x":1,"y":2}}]}`,
			`{"version":1,"kind":"power","nodes":[{"id":"t","role":"storage","capacity":5,"level":1,"max_level":2,"charge_rate":3},{"id":"c","role":"consumer","demand":4,"customers":7,"area":9,"attrs":{"k":"v"}}],` +
				`"links":[{"id":"l","from":"t","to":"c","capacity":6,"oneway":true,"loss":0.5}]}`,
			"",
			"{",
			`{"version": 1, "kind": "power"}`,
			`{"version": 2, "kind": "steam", "nodes": [1, {"id": 2}]}`,
			`{"version": 1, "kind": "power", "nodes": [{"id": "a", "role": "source", "capacity": "abc", "capacty": 1}]}`,
			`{"version": 1, "kind": "power", "classes": [], "zones": {}, "links": [{"id": "l", "loss": 1e999}]}`,
			`{"version": 1, "kind": "heat", "classes": [{"name": "a", "voll": "1e-200"}, {"name": "a", "rank": 0.5}]}`,
			`{"version": 1, "kind": "water", "nodes": [{"id": "c", "role": "consumer", "coord": {"x": 1}, "attrs": {"a": 1}}]} {}`,
			`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
		}
	} else {
		seeds = []string{
			"format: lifeline-network\nversion: 1\nname: n\nkind: gas\nclasses: [{name: residential, rank: 1, voll: 2.5, description: d}]\nzones: [{id: z, name: Z, attrs: {a: b}}]\n",
			"version: 1\nkind: heat\nnodes:\n- {id: s, role: source, zone: ~, capacity: unlimited, needs_operators: true, coord: {x: 1, y: 2}}\n",
			"version: 1\nkind: power\nnodes:\n- {id: t, role: storage, capacity: 5, level: 1, max_level: 2, charge_rate: 3}\n" +
				"- {id: c, role: consumer, demand: 4, customers: 7, area: 9, attrs: {k: v}}\nlinks:\n- {id: l, from: t, to: c, capacity: 6, oneway: true, loss: 0.5}\n",
			"",
			"version: 1\nkind: power\n",
			"version: 1\nkind: power\nnodes:\n  - id: a\n    role: [source\n",
			"version: 1\nkind: gas\n---\nversion: 1\n",
			"a: &a [x, x]\nb: [*a, *a]\nversion: 1\nkind: gas\n",
			"version: 1\nkind: water\nnodes:\n  - {id: 1, role: source, capacity: .inf, attrs: {b: !!binary gIGC}}\n  - {id: c, role: consumer, demand: .nan}\n",
			"version: 1\nkind: heat\nnodes: &n\n  - *n\n",
			"version: 1\n\tkind: power\n",
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

// checkDecoded checks the promises of the decoders on any input: an error
// names the file in every problem; a network read back after encoding is
// the same network.
func checkDecoded(t *testing.T, n *network.Network, err error, file string) {
	t.Helper()
	if err != nil {
		if n != nil {
			t.Fatalf("both a network and an error: %v", err)
		}
		probs := network.Problems(err)
		if len(probs) == 0 {
			t.Fatalf("error without a FieldError: %v", err)
		}
		for _, p := range probs {
			if p.Pos.File != file {
				t.Fatalf("problem without the file name: %#v", *p)
			}
		}
		return
	}
	for _, f := range []network.Format{network.JSON, network.YAML} {
		var buf bytes.Buffer
		if err := network.Encode(&buf, n, f); err != nil {
			t.Fatalf("Encode %v: %v", f, err)
		}
		back, err := network.Decode(&buf, "again")
		if err != nil {
			t.Fatalf("Decode after Encode %v: %v\n%s", f, err, buf.String())
		}
		assertSameNetwork(t, n, back)
		if t.Failed() {
			t.FailNow()
		}
	}
}

func FuzzDecodeJSON(f *testing.F) {
	fuzzSeeds(f, network.JSON)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := network.DecodeJSON(bytes.NewReader(data), "fuzz.json")
		checkDecoded(t, n, err, "fuzz.json")

		// The parser accepts exactly what encoding/json accepts (bar
		// nesting deeper than any network document needs).
		var msg string
		if probs := network.Problems(err); len(probs) > 0 {
			msg = probs[0].Msg
		}
		rejected := strings.HasPrefix(msg, "JSON syntax error") || msg == "empty document" || strings.HasPrefix(msg, "nesting deeper")
		if valid := json.Valid(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))); valid == rejected && !strings.HasPrefix(msg, "nesting deeper") {
			t.Fatalf("json.Valid says %v, DecodeJSON says %q", valid, msg)
		}
	})
}

func FuzzDecodeYAML(f *testing.F) {
	fuzzSeeds(f, network.YAML)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := network.DecodeYAML(bytes.NewReader(data), "fuzz.yaml")
		checkDecoded(t, n, err, "fuzz.yaml")
	})
}
