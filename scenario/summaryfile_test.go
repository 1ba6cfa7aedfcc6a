package scenario_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/scenario"
)

// encode writes a summary in the summary format.
func encode(t *testing.T, s *scenario.Summary) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, s.WriteJSON(&b))
	return b.Bytes()
}

// Splitting a study into random trial ranges, run with random worker
// counts, written to files, read back and merged in a random order, gives
// the single run's summary byte for byte, for many random splits of two
// scenarios (power with crews; heat with cold customers).
func TestMergeShardInvariance(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(11, 12))
	for _, tc := range []struct {
		name string
		plan *scenario.Plan
		n    int
	}{{"rich", studyRich(t), 60}, {"heat", heatPlan(t), 48}} {
		whole, err := scenario.Study{Plan: tc.plan, Seed: 77, Trials: tc.n, Total: tc.n, Digest: "d1", Workers: 1}.Run(ctx)
		require.NoError(t, err)
		want := encode(t, whole)
		cache := map[[2]int][]byte{} // range → file, to keep the test quick
		for split := range 25 {
			// Random boundaries: 1 to 8 ranges.
			k := 1 + r.IntN(8)
			cuts := []int{0, tc.n}
			for range k - 1 {
				cuts = append(cuts, 1+r.IntN(tc.n-1))
			}
			slices.Sort(cuts)
			cuts = slices.Compact(cuts)
			var files [][]byte
			for i := 0; i+1 < len(cuts); i++ {
				key := [2]int{cuts[i], cuts[i+1]}
				f, ok := cache[key]
				if !ok {
					part, err := scenario.Study{Plan: tc.plan, Seed: 77, First: key[0], Trials: key[1] - key[0],
						Total: tc.n, Digest: "d1", Workers: 1 + r.IntN(4)}.Run(ctx)
					require.NoError(t, err)
					f = encode(t, part)
					cache[key] = f
				}
				files = append(files, f)
			}
			r.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
			m := scenario.Merger{Complete: true}
			for i, f := range files {
				require.NoError(t, m.Read(fmt.Sprintf("shard-%d.json", i), bytes.NewReader(f)))
			}
			merged, err := m.Summary()
			require.NoError(t, err, "%s: split %d: %v", tc.name, split, cuts)
			got := encode(t, merged)
			require.True(t, bytes.Equal(want, got), "%s: split %d at %v: merged summary differs from the single run", tc.name, split, cuts)
			// The statistics agree too (the bytes cover the state; this
			// covers the queries).
			if split == 0 {
				sameSummary(t, whole, merged, tc.name)
				assert.Equal(t, whole.Timeline(), merged.Timeline())
				assert.Equal(t, whole.Shortfalls(), merged.Shortfalls())
			}
		}
		// Merging merged summaries again changes nothing (associativity).
		var parts []*scenario.Summary
		for _, key := range [][2]int{{0, 10}, {10, 25}, {25, tc.n}} {
			p, err := scenario.Study{Plan: tc.plan, Seed: 77, First: key[0], Trials: key[1] - key[0], Total: tc.n, Digest: "d1"}.Run(ctx)
			require.NoError(t, err)
			parts = append(parts, p)
		}
		ab, err := scenario.Merge(parts[1], parts[0])
		require.NoError(t, err)
		abc, err := scenario.Merge(parts[2], ab)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, encode(t, abc)), tc.name)
		assert.Empty(t, abc.Missing())
		assert.Equal(t, []scenario.TrialRange{{First: 0, End: tc.n}}, abc.Ranges())
	}
}

// ShardRange splits any total into n contiguous ranges covering it, sizes
// differing by at most one, larger first.
func TestShardRange(t *testing.T) {
	for total := 0; total <= 40; total++ {
		for n := 1; n <= 12; n++ {
			at := 0
			for k := range n {
				rg := scenario.ShardRange(k, n, total)
				require.Equal(t, at, rg.First, "total %d n %d k %d", total, n, k)
				size := rg.End - rg.First
				require.True(t, size == total/n || size == total/n+1)
				if k > 0 {
					prev := scenario.ShardRange(k-1, n, total)
					require.GreaterOrEqual(t, prev.End-prev.First, size)
				}
				at = rg.End
			}
			require.Equal(t, total, at)
		}
	}
	assert.Equal(t, scenario.TrialRange{First: 334, End: 667}, scenario.ShardRange(1, 3, 1000))
	assert.Equal(t, "trials 334–666", scenario.ShardRange(1, 3, 1000).String())
	assert.Equal(t, "trial 7", scenario.TrialRange{First: 7, End: 8}.String())
	assert.Panics(t, func() { scenario.ShardRange(3, 3, 10) })
	assert.Panics(t, func() { scenario.ShardRange(0, 0, 10) })
}

// A merge of shard files refuses mismatched studies and duplicated,
// overlapping or missing ranges, naming the files and the trials.
func TestMergerRefuses(t *testing.T) {
	ctx := context.Background()
	plan := studyThreeUnits(t, 175.2, 10, 24)
	run := func(s scenario.Study) []byte {
		t.Helper()
		s.Plan = plan
		if s.Total == 0 {
			s.Total = 40
		}
		if s.Digest == "" {
			s.Digest = "sha256:aa"
		}
		sum, err := s.Run(ctx)
		require.NoError(t, err)
		return encode(t, sum)
	}
	merge := func(files map[string][]byte, complete bool) error {
		m := scenario.Merger{Complete: complete}
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		slices.Sort(names)
		var errs []string
		for _, n := range names {
			if err := m.Read(n, bytes.NewReader(files[n])); err != nil {
				errs = append(errs, err.Error())
			}
		}
		if _, err := m.Summary(); err != nil {
			errs = append(errs, err.Error())
		}
		if len(errs) == 0 {
			return nil
		}
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	a := run(scenario.Study{Seed: 1, First: 0, Trials: 20})
	b := run(scenario.Study{Seed: 1, First: 20, Trials: 20})
	require.NoError(t, merge(map[string][]byte{"a.json": a, "b.json": b}, true))

	for _, tc := range []struct {
		name     string
		files    map[string][]byte
		complete bool
		want     []string
	}{
		{"seed", map[string][]byte{"a.json": a, "c.json": run(scenario.Study{Seed: 2, First: 20, Trials: 20})}, true,
			[]string{"c.json: seed 2 differs from seed 1 in a.json"}},
		{"total", map[string][]byte{"a.json": a, "c.json": run(scenario.Study{Seed: 1, First: 20, Trials: 30, Total: 50})}, true,
			[]string{"c.json: total trials 50 differs from total trials 40 in a.json"}},
		{"digest", map[string][]byte{"a.json": a, "c.json": run(scenario.Study{Seed: 1, First: 20, Trials: 20, Digest: "sha256:bb"})}, true,
			[]string{`c.json: digest "sha256:bb" differs from digest "sha256:aa" in a.json`}},
		{"duplicated", map[string][]byte{"a.json": a, "a-copy.json": a, "b.json": b}, true,
			[]string{"a-copy.json and a.json both hold trials 0–19 (a duplicated range)"}},
		{"overlap", map[string][]byte{"a.json": a, "b.json": b, "c.json": run(scenario.Study{Seed: 1, First: 15, Trials: 10})}, true,
			[]string{"trials 15–19 are in both a.json (trials 0–19) and c.json (trials 15–24)", "trials 20–24 are in both c.json (trials 15–24) and b.json (trials 20–39)"}},
		{"missing", map[string][]byte{"a.json": a, "c.json": run(scenario.Study{Seed: 1, First: 25, Trials: 10})}, true,
			[]string{"trials 20–24 of a study of 40 trials are missing", "trials 35–39 of a study of 40 trials are missing"}},
		{"missing one", map[string][]byte{"b.json": b, "c.json": run(scenario.Study{Seed: 1, First: 1, Trials: 19})}, true,
			[]string{"trial 0 of a study of 40 trials is missing"}},
	} {
		err := merge(tc.files, tc.complete)
		require.Error(t, err, tc.name)
		for _, w := range tc.want {
			assert.Contains(t, err.Error(), w, tc.name)
		}
	}
	// Gaps are fine without Complete, and reported by Missing.
	m := scenario.Merger{}
	require.NoError(t, m.Read("a.json", bytes.NewReader(a)))
	sum, err := m.Summary()
	require.NoError(t, err)
	assert.Equal(t, []scenario.TrialRange{{First: 20, End: 40}}, sum.Missing())
	_, err = m.Summary()
	assert.ErrorContains(t, err, "twice")
	assert.ErrorContains(t, m.Read("b.json", bytes.NewReader(b)), "after the merge ended")
	var empty scenario.Merger
	_, err = empty.Summary()
	assert.ErrorContains(t, err, "no summaries")
}

// The decoder says which file, key, record or bucket is wrong, and why.
func TestReadSummaryBadInput(t *testing.T) {
	sum, err := scenario.Study{Plan: heatPlan(t), Seed: 3, First: 2, Trials: 3, Total: 10}.Run(context.Background())
	require.NoError(t, err)
	good := string(encode(t, sum))
	_, err = scenario.ReadSummary(strings.NewReader(good), "x.json")
	require.NoError(t, err)
	// edit replaces the first occurrence of old in the good file.
	edit := func(old, new string) string {
		t.Helper()
		require.Contains(t, good, old)
		return strings.Replace(good, old, new, 1)
	}
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(good), &doc))
	without := func(key string) string {
		d := map[string]json.RawMessage{}
		for k, v := range doc {
			if k != key {
				d[k] = v
			}
		}
		b, _ := json.Marshal(d)
		return string(b)
	}
	recStart := strings.Index(good, "\"records\":[\n[") + len("\"records\":[\n[")
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "x.json: byte 0: unexpected EOF"},
		{"not object", "[1]", "x.json: byte 0: want a summary (a JSON object), got '['"},
		{"format", edit(`"format":"lifeline-summary"`, `"format":"lifeline-report"`), `x.json: format: "lifeline-report" is not a lifeline summary`},
		{"version", edit(`"version":2`, `"version":3`), "x.json: version: version 3; this program reads version 2"},
		{"unknown key", edit(`"seed":3`, `"seeds":3`), `x.json: unknown key "seeds"`},
		{"repeated key", edit(`"seed":3`, `"seed":3,"seed":4`), `key "seed" repeated`},
		{"missing key", without("classes"), "x.json: missing keys classes"},
		{"kind", edit(`"kind":"heat"`, `"kind":"steam"`), `x.json: kind: "steam" is not a kind`},
		{"horizon", edit(`"horizon":72`, `"horizon":-1`), "x.json: horizon: -1: want a finite number of hours > 0"},
		{"resolution", edit(`"resolution":3`, `"resolution":4`), "x.json: risk: 24 buckets; a horizon of 72 h at a resolution of 4 h has 18"},
		{"metrics", edit(`"metrics":["ens",`, `"metrics":["ENS",`), "x.json: metrics: [ENS"},
		{"level", edit(`"level":0.95`, `"level":1.5`), "x.json: service_levels: level 0: level 1.5"},
		{"range order", edit(`"trials":[[2,5]]`, `"trials":[[5,2]]`), "x.json: trials: range 0 [5, 2): want 0 ≤ first < end"},
		{"range beyond", edit(`"trials":[[2,5]]`, `"trials":[[8,11]]`), "x.json: trials: range 0 (trials 8–10) lies beyond the study's 10 trials"},
		{"range shape", edit(`"trials":[[2,5]]`, `"trials":[[2,5,7]]`), "x.json: trials: range 0: 3 numbers"},
		{"too few records", edit(`"trials":[[2,5]]`, `"trials":[[2,6]]`), "x.json: records: 3 records, fewer than the trials' ranges hold"},
		{"too many records", edit(`"trials":[[2,5]]`, `"trials":[[2,4]]`), "x.json: records: 3 records for the 2 trials of the ranges"},
		{"record length", good[:recStart] + "1," + good[recStart:], "x.json: records: record 1: 20 values, want 21 as in record 0"},
		{"record value", good[:recStart] + `"x",` + good[recStart:], `x.json: records: record 0: value 0: the string "x"`},
		{"record object", good[:recStart-1] + `{"trial":1},[` + good[recStart:], "record 1: '['; want an object with trial and values"},
		{"syntax", good[:recStart] + "1,,2" + good[recStart:], "x.json: records: byte"},
		{"trailing", good + "{}", "x.json: byte"},
		{"short trials", edit(`"short_trials":[`, `"short_trials":[9,`), "x.json: risk: short_trials: 25 values, want one per bucket, 24"},
		{"short trials count", edit(`"short_trials":[0`, `"short_trials":[9`), "x.json: risk: short_trials: bucket 0: 9 trials of 3"},
		{"sum", edit(`"unserved":{"sum":["`, `"unserved":{"sum":["zz`), "x.json: risk: unserved.sum: bucket 0: not an exact sum"},
		{"bins", edit(`"coverage":[[3]`, `"coverage":[[3,1]`), "x.json: risk: coverage: bucket 0: 2 numbers; want the zero bin's count"},
		{"bin count", edit(`"coverage":[[3]`, `"coverage":[[4]`), "x.json: risk: coverage: bucket 0: zero bin: count 4 of 3 trials"},
		{"bin total", edit(`"coverage":[[3]`, `"coverage":[[2,5,1,0,1]`), "x.json: risk: coverage: bucket 0: key 7: count 1; the bins of a bucket hold one count per trial, 3 in all"},
		{"bin keys", edit(`"coverage":[[3]`, `"coverage":[[2,0,1]`), "x.json: risk: coverage: bucket 0: first key 0; want keys from 1 to"},
		{"bin zeros", edit(`"coverage":[[3]`, `"coverage":[[2,5,0,1]`), "x.json: risk: coverage: bucket 0: the counts start or end with an empty key"},
		{"bin run end", edit(`"coverage":[[3]`, `"coverage":[[2,5,1,-4]`), "x.json: risk: coverage: bucket 0: the counts start or end with an empty key"},
		{"bin run total", edit(`"coverage":[[3]`, `"coverage":[[1,5,1,-4,2]`), "x.json: risk: coverage: bucket 0: key 10: count 2; the bins of a bucket hold one count per trial, 3 in all"},
		{"bin run long", edit(`"coverage":[[3]`, `"coverage":[[2,5,1,-9999999999,1]`), "x.json: risk: coverage: bucket 0: a run of 9999999999 empty keys"},
		{"bin not integer", edit(`"coverage":[[3]`, `"coverage":[[3.5]`), `x.json: risk: byte`},
		{"risk key", edit(`"buckets":`, `"bucket":0,"buckets":`), `x.json: risk: unknown key "bucket"`},
		{"risk missing", edit(`"short_trials":`, `"x_short_trials":`), `x.json: risk: unknown key "x_short_trials"`},
		{"bin short", edit(`"coverage":[[3]`, `"coverage":[[2]`), "x.json: risk: coverage: bucket 0: bins hold 2 trials, want 3"},
		{"classes", edit(`"classes":["critical",`, `"classes":[`), "x.json: risk: class_coverage: 5 classes, want 4"},
		{"cold", edit(`"cold":true`, `"cold":false`), "x.json: risk: cold_customers or cold_hist given, but cold is false"},
		{"attachment", edit(`"attachments":[`, `"attachments":[{"trial":9,"name":"a","data":1}`), `x.json: attachments: attachment 0 ("a"): trial 9 is not in the summary`},
		{"attachment name", edit(`"attachments":[`, `"attachments":[{"trial":2,"name":"","data":1}`), "x.json: attachments: attachment 0: empty name"},
		{"v1 with v2 key", `{"scenario":"s","seed":1,"network":"n","kind":"power","horizon":1,"service_levels":[],"metrics":[],"records":[],"trials":[]}`,
			`x.json: key "trials" in a summary without "format" (version 1`},
		{"v1 repeated", `{"scenario":"s","seed":1,"network":"n","kind":"power","horizon":1,"service_levels":[],"metrics":` + mustNames(0) + `,"records":[{"trial":1,"values":[]},{"trial":1,"values":[]}]}`,
			"x.json: records: record 1: trial 1: repeated"},
	} {
		_, err := scenario.ReadSummary(strings.NewReader(tc.in), "x.json")
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
	}
}

func mustNames(levels int) string {
	names := []string{"ens", "served", "demand", "coverage", "ecs", "eoh", "customer_hours_lost", "saifi", "saidi",
		"caidi", "asai", "value_lost", "min_critical_coverage", "loss_of_load_hours", "time_to_restore",
		"cold_customer_hours", "peak_cold_customers", "crew_utilisation", "mean_wait"}
	for i := range levels {
		names = append(names, fmt.Sprintf("longest_critical_below_%d", i))
	}
	b, _ := json.Marshal(names)
	return string(b)
}

// Version 1 summaries (records of any trials, no risk over time) still
// read, give their record statistics, and write as version 2 with a null
// risk that reads back the same.
func TestReadSummaryVersion1(t *testing.T) {
	v1 := `{"scenario":"old","seed":4,"network":"power","kind":"power","horizon":10,"service_levels":[],"metrics":` + mustNames(0) +
		`,"records":[{"trial":3,"values":` + mustRow(19, 2) + `},{"trial":1,"values":` + mustRow(19, 4) + `},{"trial":2,"values":` + mustRow(19, 6) + `}]}`
	s, err := scenario.ReadSummary(strings.NewReader(v1), "old.json")
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, s.TrialIndices())
	st, err := s.Stat("ens")
	require.NoError(t, err)
	assert.Equal(t, 4.0, st.Mean)
	assert.Empty(t, s.Timeline().LOLP)
	assert.Equal(t, 4.0, s.Shortfalls().EUE)
	assert.True(t, s.Shortfalls().Events != s.Shortfalls().Events, "NaN")
	out := encode(t, s)
	assert.Contains(t, string(out), `"risk":null`)
	back, err := scenario.ReadSummary(bytes.NewReader(out), "new.json")
	require.NoError(t, err)
	assert.Equal(t, out, encode(t, back))
	// It does not merge with summaries that have the risk over time.
	v2, err := scenario.Study{Plan: studyThreeUnits(t, 175.2, 10, 10), Seed: 4, First: 5, Trials: 2}.Run(context.Background())
	require.NoError(t, err)
	_, err = scenario.Merge(s, v2)
	assert.ErrorContains(t, err, "risk over time recorded true differs from risk over time recorded false")
}

func mustRow(n int, v float64) string {
	row := make([]float64, n)
	for i := range row {
		row[i] = v
	}
	b, _ := json.Marshal(row)
	return string(b)
}

// Attachments travel with their trial through files and merges.
func TestSummaryAttachments(t *testing.T) {
	ctx := context.Background()
	plan := studyThreeUnits(t, 175.2, 10, 24)
	a, err := scenario.Study{Plan: plan, Seed: 1, Trials: 5, Total: 10}.Run(ctx)
	require.NoError(t, err)
	b, err := scenario.Study{Plan: plan, Seed: 1, First: 5, Trials: 5, Total: 10}.Run(ctx)
	require.NoError(t, err)
	a2, err := a.Attach(0, "report", []byte(`{ "x" : [1, 2] }`))
	require.NoError(t, err)
	_, ok := a.Attachment(0, "report")
	assert.False(t, ok, "the original is unchanged")
	got, ok := a2.Attachment(0, "report")
	require.True(t, ok)
	assert.Equal(t, `{"x":[1,2]}`, string(got))
	_, err = a2.Attach(0, "report", []byte(`1`))
	assert.ErrorContains(t, err, "already attached")
	_, err = a2.Attach(7, "report", []byte(`1`))
	assert.ErrorContains(t, err, "trial 7 is not in the summary")
	_, err = a2.Attach(1, "", []byte(`1`))
	assert.ErrorContains(t, err, "empty name")
	_, err = a2.Attach(1, "x", []byte(`{`))
	assert.ErrorContains(t, err, "not JSON")
	b2, err := b.Attach(9, "note", []byte(`"last"`))
	require.NoError(t, err)

	var m scenario.Merger
	require.NoError(t, m.Read("b", bytes.NewReader(encode(t, b2))))
	require.NoError(t, m.Read("a", bytes.NewReader(encode(t, a2))))
	merged, err := m.Summary()
	require.NoError(t, err)
	got, ok = merged.Attachment(0, "report")
	require.True(t, ok)
	assert.Equal(t, `{"x":[1,2]}`, string(got))
	got, ok = merged.Attachment(9, "note")
	require.True(t, ok)
	assert.Equal(t, `"last"`, string(got))
	// The same bytes as attaching to the whole.
	whole, err := scenario.Study{Plan: plan, Seed: 1, Trials: 10, Total: 10}.Run(ctx)
	require.NoError(t, err)
	whole, err = whole.Attach(9, "note", []byte(`"last"`))
	require.NoError(t, err)
	whole, err = whole.Attach(0, "report", []byte(`{"x":[1,2]}`))
	require.NoError(t, err)
	assert.Equal(t, string(encode(t, whole)), string(encode(t, merged)))
}
