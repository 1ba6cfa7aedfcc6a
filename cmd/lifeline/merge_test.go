package main

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// faulty is a 48-hour study of a small meshed feeder whose lines and
// transformer fail at random and are repaired by one team, so that every
// trial differs.
const faulty = `format: lifeline-scenario
version: 1
name: faulty
horizon_hours: 48
resolution_hours: 4
service_levels:
  - {level: 0.95, hours: 2}
  - {level: 0.5, hours: 6}
networks:
  - id: grid
    inline:
      kind: power
      nodes:
        - {id: sub, role: source, capacity: 120}
        - {id: tx, role: station, capacity: 100}
        - {id: hosp, role: consumer, demand: 20, customers: 1, class: critical}
        - {id: homes, role: consumer, demand: 60, customers: 300}
      links:
        - {id: l1, from: sub, to: tx}
        - {id: l2, from: tx, to: hosp}
        - {id: l3, from: tx, to: homes}
        - {id: l4, from: sub, to: homes, capacity: 30}
crew:
  teams: [{id: t, size: 2, base: depot}]
faults:
  - {links: true, rate_per_year: 400, repair: {dist: lognormal, median_hours: 3, sigma: 0.6}}
  - {role: station, rate_per_year: 200, repair: {dist: exponential, mean_hours: 5}}
`

// shardAll runs the study of scenario path with total trials split into n
// shards, shard k on workers (k mod 3) + 1, into dir; it returns the files
// in shard order.
func shardAll(t *testing.T, path, dir string, total, n int, seed uint64, extra ...string) []string {
	t.Helper()
	files := make([]string, n)
	for k := range n {
		args := append([]string{"run", "-q", "-trials", fmt.Sprint(total), "-seed", fmt.Sprint(seed),
			"-workers", fmt.Sprint(k%3 + 1), "-shard", fmt.Sprintf("%d/%d", k, n), "-summary", dir + "/"}, extra...)
		code, stdout, stderr := runCmd(append(args, path)...)
		require.Equal(t, exitOK, code, stderr)
		require.Empty(t, stdout, "a shard prints nothing on stdout")
		files[k] = summaryPath(dir+"/", k, n)
		require.FileExists(t, files[k])
	}
	return files
}

// The merged report is the report of one run of all the trials, byte for
// byte, as text and as JSON (but for the timings, which a merge leaves
// out), and -out writes the same files with the same bytes, whatever the
// number of shards, their order and the workers each used; for a power
// study with random faults, a heat study with weather and cold customers,
// and the sample district.
func TestMergeEqualsSingleRun(t *testing.T) {
	dir := t.TempDir()
	faultyPath := filepath.Join(dir, "faulty.yaml")
	require.NoError(t, os.WriteFile(faultyPath, []byte(faulty), 0o644))
	r := rand.New(rand.NewPCG(13, 1))
	for ci, tc := range []struct {
		path   string
		trials int
		seed   uint64
		extra  []string
	}{
		{faultyPath, 23, 5, nil},
		{faultyPath, 1, 5, nil}, // a single run: no risk, in one shard
		{"../../testdata/scenarios/cold-snap-heat.yaml", 9, 2, nil},
		{sampleScenario, 11, 7, []string{"-network", "power"}},
	} {
		base := []string{"run", "-q", "-trials", fmt.Sprint(tc.trials), "-seed", fmt.Sprint(tc.seed)}
		base = append(base, tc.extra...)
		code, wantText, stderr := runCmd(append(base, tc.path)...)
		require.Equal(t, exitOK, code, stderr)
		code, wantJSON, stderr := runCmd(append(append(base, "-json"), tc.path)...)
		require.Equal(t, exitOK, code, stderr)
		if tc.trials > 1 {
			require.Contains(t, wantText, fmt.Sprintf("Risk over %d trials", tc.trials))
		} else {
			require.NotContains(t, wantText, "Risk over")
		}
		wantJSON = withoutTimings(t, decodeRun(t, wantJSON))
		runOut := filepath.Join(dir, fmt.Sprintf("run-%d", ci))
		code, _, stderr = runCmd(append(append(base, "-out", runOut), tc.path)...)
		require.Equal(t, exitOK, code, stderr)
		wantFiles := readDir(t, runOut)
		wantFiles[report.JSONFile] = withoutTimings(t, decodeRun(t, wantFiles[report.JSONFile]))
		for _, n := range slices.Compact([]int{1, 2, 5, tc.trials}) {
			if n > tc.trials {
				continue
			}
			sdir := filepath.Join(dir, fmt.Sprintf("%d-%s-%d", ci, filepath.Base(tc.path), n))
			files := shardAll(t, tc.path, sdir, tc.trials, n, tc.seed, tc.extra...)
			if n == 2 {
				// A folder stands for the shards in it.
				code, got, stderr := runCmd("merge", sdir)
				require.Equal(t, exitOK, code, stderr)
				assert.Equal(t, wantText, got, "%s in %d shards: folder", tc.path, n)
			}
			r.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
			code, gotText, stderr := runCmd(append([]string{"merge"}, files...)...)
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, wantText, gotText, "%s in %d shards: text", tc.path, n)
			out := filepath.Join(sdir, "merged")
			code, gotJSON, stderr := runCmd(append([]string{"merge", "-q", "-json", "-out", out}, files...)...)
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, wantJSON, gotJSON, "%s in %d shards: JSON", tc.path, n)
			gotFiles := readDir(t, out)
			assert.Equal(t, slices.Sorted(maps.Keys(wantFiles)), slices.Sorted(maps.Keys(gotFiles)), "%s in %d shards: -out", tc.path, n)
			for name, want := range wantFiles {
				assert.True(t, want == gotFiles[name], "%s in %d shards: %s differs", tc.path, n, name)
			}
		}
	}
}

// readDir returns the files of a folder by name.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = string(b)
	}
	return out
}

// lifeline merge refuses summaries that do not make one whole study, and
// says which files and trials are at fault.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "faulty.yaml")
	require.NoError(t, os.WriteFile(path, []byte(faulty), 0o644))
	files := shardAll(t, path, filepath.Join(dir, "a"), 12, 3, 1)
	other := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		code, _, stderr := runCmd(append(append([]string{"run", "-q"}, args...), "-summary", out, path)...)
		require.Equal(t, exitOK, code, stderr)
		return out
	}
	seed2 := other("seed2.json", "-trials", "12", "-seed", "2", "-shard", "1/3")
	trials13 := other("t13.json", "-trials", "13", "-seed", "1", "-shard", "1/3")
	halves := other("half.json", "-trials", "12", "-seed", "1", "-shard", "1/2")
	edited := filepath.Join(dir, "edited.yaml")
	require.NoError(t, os.WriteFile(edited, []byte(strings.Replace(faulty, "demand: 60", "demand: 61", 1)), 0o644))
	code, _, stderr := runCmd("run", "-q", "-trials", "12", "-seed", "1", "-shard", "1/3", "-summary", filepath.Join(dir, "ed.json"), edited)
	require.Equal(t, exitOK, code, stderr)
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"format":"lifeline-summary","version":2,`), 0o644))
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
	}{
		{"missing", []string{files[0], files[2]}, []string{"trials 4–7 of a study of 12 trials are missing"}},
		{"duplicated", []string{files[0], files[1], files[1], files[2]}, []string{files[1] + " and " + files[1] + " both hold trials 4–7 (a duplicated range)"}},
		{"overlapping", []string{files[0], files[1], halves, files[2]}, []string{"trials 6–7 are in both " + files[1] + " (trials 4–7) and " + halves + " (trials 6–11)",
			"trials 8–11 are in both " + halves + " (trials 6–11) and " + files[2] + " (trials 8–11)"}},
		{"seed", []string{files[0], seed2, files[2]}, []string{seed2 + ": seed 2 differs from seed 1 in " + files[0]}},
		{"trials", []string{files[0], trials13, files[2]}, []string{trials13 + ": total trials 13 differs from total trials 12 in " + files[0]}},
		{"edited", []string{files[0], filepath.Join(dir, "ed.json"), files[2]}, []string{filepath.Join(dir, "ed.json") + ": digest"}},
		{"not a summary", []string{files[0], bad}, []string{bad + ": byte"}},
		{"no file", []string{files[0], filepath.Join(dir, "nope.json")}, []string{"nope.json: no such file"}},
	} {
		code, stdout, stderr := runCmd(append([]string{"merge"}, tc.files...)...)
		assert.Equal(t, exitBadInput, code, tc.name)
		assert.Empty(t, stdout, tc.name)
		for _, w := range tc.want {
			assert.Contains(t, stderr, w, tc.name)
		}
	}
	code, _, stderr = runCmd("merge", t.TempDir())
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, stderr, "a folder without shard summaries")
	code, _, stderr = runCmd("merge")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, stderr, "want one or more SUMMARY files")
}

// The shard flags: K/N, the index from the environment, and what is
// refused.
func TestShardFlags(t *testing.T) {
	env := map[string]string{"JOB_COMPLETION_INDEX": "3", "BAD": "x", "SLURM_ARRAY_TASK_ID": " 0\n"}
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for _, tc := range []struct {
		shard, env, summary string
		k, n                int
		err                 string
	}{
		{"2/5", "", "f", 2, 5, ""},
		{"0/1", "", "f", 0, 1, ""},
		{"", "", "f", 0, 1, ""},
		{"4", "JOB_COMPLETION_INDEX", "f", 3, 4, ""},
		{"1", "SLURM_ARRAY_TASK_ID", "f", 0, 1, ""},
		{"3", "JOB_COMPLETION_INDEX", "f", 0, 0, "JOB_COMPLETION_INDEX=3 is outside shards 0 to 2 of -shard 3"},
		{"4", "BAD", "f", 0, 0, `BAD="x" is not a shard index`},
		{"4", "UNSET", "f", 0, 0, "-shard-env UNSET: the variable is not set"},
		{"1/4", "JOB_COMPLETION_INDEX", "f", 0, 0, "give the number of shards alone (-shard 4)"},
		{"", "JOB_COMPLETION_INDEX", "f", 0, 0, "needs -shard N"},
		{"2/5", "", "", 0, 0, "need -summary FILE"},
		{"5/5", "", "f", 0, 0, `the shard index "5" must be a whole number from 0 to 4`},
		{"-1/5", "", "f", 0, 0, `the shard index "-1"`},
		{"2/0", "", "f", 0, 0, `the number of shards "0" is not a whole number ≥ 1`},
		{"3", "", "f", 0, 0, "want K/N"},
	} {
		f := &shardFlags{shard: &tc.shard, env: &tc.env, summary: &tc.summary}
		k, n, err := f.resolve(getenv)
		name := fmt.Sprintf("-shard %q -shard-env %q", tc.shard, tc.env)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, name)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, [2]int{tc.k, tc.n}, [2]int{k, n}, name)
	}
	dir := t.TempDir()
	assert.Equal(t, "x.json", summaryPath("x.json", 3, 8))
	assert.Equal(t, filepath.Join("out", "shard-3-of-8.json"), summaryPath("out/", 3, 8))
	assert.Equal(t, filepath.Join(dir, "shard-007-of-1000.json"), summaryPath(dir, 7, 1000))
	assert.Equal(t, filepath.Join(dir, "shard-0-of-1.json"), summaryPath(dir, 0, 1))

	// Through the command.
	path := writeTemp(t, "faulty.yaml", faulty)
	code, _, stderr := runCmd("run", "-trials", "3", "-shard", "0/4", "-summary", dir, path)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, stderr, "a study of 3 trials cannot be split into 4 shards")
	code, _, stderr = runCmd("run", "-json", "-trials", "3", "-shard", "0/2", "-summary", dir, path)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, stderr, "-json: a shard writes its summary")
	code, _, stderr = runCmd("run", "-trials", "3", "-shard", "0/2", "-summary", dir, "-network", "nope", path)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, stderr, `-network "nope": no such network`)
	t.Setenv("LIFELINE_TEST_INDEX", "1")
	code, _, stderr = runCmd("run", "-trials", "3", "-shard", "2", "-shard-env", "LIFELINE_TEST_INDEX", "-summary", dir, path)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "shard 1 of 2 (trial 2 of 3) written to "+filepath.Join(dir, "shard-1-of-2.json"))
	// No temporary file is left beside the summary.
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"shard-1-of-2.json"}, names)
}

// A shard's summary records the digest of its inputs; only the shard
// holding trial 0 carries the report of trial 0.
func TestShardSummaryContents(t *testing.T) {
	dir := t.TempDir()
	path := writeTemp(t, "faulty.yaml", faulty)
	files := shardAll(t, path, dir, 6, 2, 1)
	sc, err := scenfile.Load(path)
	require.NoError(t, err)
	digest, err := studyDigest(path, sc)
	require.NoError(t, err)
	assert.Len(t, digest, 64)
	for k, f := range files {
		fh, err := os.Open(f)
		require.NoError(t, err)
		s, err := scenario.ReadSummary(fh, f)
		fh.Close()
		require.NoError(t, err)
		assert.Equal(t, digest, s.Digest())
		assert.Equal(t, 6, s.Total())
		assert.Equal(t, []scenario.TrialRange{scenario.ShardRange(k, 2, 6)}, s.Ranges())
		_, has := s.Attachment(0, runAttachment)
		assert.Equal(t, k == 0, has, "shard %d", k)
	}
	// A summary without the report of trial 0 is refused.
	_, err = trialZeroOf(mustMerge(t, files[1:]...))
	assert.Error(t, err)
}

func mustMerge(t *testing.T, files ...string) *scenario.Summary {
	t.Helper()
	m := scenario.Merger{}
	for _, f := range files {
		fh, err := os.Open(f)
		require.NoError(t, err)
		require.NoError(t, m.Read(f, fh))
		fh.Close()
	}
	s, err := m.Summary()
	require.NoError(t, err)
	return s
}
