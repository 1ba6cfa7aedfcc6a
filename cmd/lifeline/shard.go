package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenario"
)

// This file holds the parts of "lifeline run" that split a study into
// shards (-shard, -shard-env, -summary) and the report rendering that
// "lifeline run" and "lifeline merge" share (writeRunReport).

// runAttachment is the name under which a shard holding trial 0 attaches
// the report of that trial to its summary, for "lifeline merge".
const runAttachment = "lifeline-run"

// shardFlags are the flags of "lifeline run" that run one part of a study.
type shardFlags struct {
	shard, env, summary *string
}

func addShardFlags(fs *flag.FlagSet) *shardFlags {
	return &shardFlags{
		shard: fs.String("shard", "", "run only the `K/N`-th of N near-equal trial ranges (K from 0) and write its summary "+
			"(needs -summary); with -shard-env, give N alone"),
		env: fs.String("shard-env", "", "read the shard index K from environment variable `VAR`, e.g. "+
			"JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm)"),
		summary: fs.String("summary", "", "write the study's mergeable summary to `FILE` (a folder, or a name ending in /, "+
			"gets shard-K-of-N.json in it); merge the shards with lifeline merge"),
	}
}

// active reports whether any of the flags was given.
func (f *shardFlags) active() bool { return *f.shard != "" || *f.env != "" || *f.summary != "" }

// resolve returns the shard index and count the flags ask for, reading the
// environment through getenv: (0, 1) for -summary alone.
func (f *shardFlags) resolve(getenv func(string) (string, bool)) (k, n int, err error) {
	spec, env := *f.shard, *f.env
	if *f.summary == "" {
		return 0, 0, errors.New("-shard and -shard-env need -summary FILE, where the shard's summary is written")
	}
	if spec == "" {
		if env != "" {
			return 0, 0, fmt.Errorf("-shard-env %s needs -shard N, the number of shards", env)
		}
		return 0, 1, nil
	}
	count := func(s string) (int, error) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return 0, fmt.Errorf("-shard %s: the number of shards %q is not a whole number ≥ 1", spec, s)
		}
		return n, nil
	}
	if env != "" {
		if strings.Contains(spec, "/") {
			return 0, 0, fmt.Errorf("-shard %s with -shard-env %s: give the number of shards alone (-shard %s); the index comes from %s",
				spec, env, spec[strings.LastIndex(spec, "/")+1:], env)
		}
		if n, err = count(spec); err != nil {
			return 0, 0, err
		}
		v, ok := getenv(env)
		if !ok {
			return 0, 0, fmt.Errorf("-shard-env %s: the variable is not set (run as a task of a job array or an indexed job, or give -shard K/N)", env)
		}
		k, err = strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, 0, fmt.Errorf("-shard-env %s: %s=%q is not a shard index (a whole number)", env, env, clip(v))
		}
		if k < 0 || k >= n {
			return 0, 0, fmt.Errorf("-shard-env %s: %s=%d is outside shards 0 to %d of -shard %d (number the tasks from 0, as --array=0-%d)",
				env, env, k, n-1, n, n-1)
		}
		return k, n, nil
	}
	ks, ns, ok := strings.Cut(spec, "/")
	if !ok {
		return 0, 0, fmt.Errorf("-shard %s: want K/N, the K-th (from 0) of N shards, as -shard 0/%s (or -shard N with -shard-env VAR)", spec, spec)
	}
	if n, err = count(ns); err != nil {
		return 0, 0, err
	}
	k, err = strconv.Atoi(ks)
	if err != nil || k < 0 || k >= n {
		return 0, 0, fmt.Errorf("-shard %s: the shard index %q must be a whole number from 0 to %d", spec, ks, n-1)
	}
	return k, n, nil
}

// clip cuts a value echoed into a message to a readable length.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// summaryPath returns the file a shard writes: FILE, or in a folder
// (an existing one, or a name ending in a separator)
// shard-K-of-N.json, K zero-padded to the width of N − 1 so that the files
// sort in shard order.
func summaryPath(spec string, k, n int) string {
	dir := strings.HasSuffix(spec, "/") || strings.HasSuffix(spec, string(filepath.Separator))
	if !dir {
		if fi, err := os.Stat(spec); err == nil && fi.IsDir() {
			dir = true
		}
	}
	if !dir {
		return spec
	}
	w := len(strconv.Itoa(max(n-1, 0)))
	return filepath.Join(spec, fmt.Sprintf("shard-%0*d-of-%d.json", w, k, n))
}

// studyDigest returns the SHA-256, in hexadecimal, of what a study's
// trials depend on beyond the seed and the flags the summary records: the
// bytes of the scenario file and each network as decoded (its ID and its
// JSON encoding), so that shards of one study run from copies of the same
// files on different machines merge, and shards of edited files do not.
func studyDigest(path string, sc *scenario.Scenario) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "lifeline study digest 1\nscenario %d\n", len(data))
	h.Write(data)
	for _, u := range sc.Utilities {
		var b bytes.Buffer
		if err := network.Encode(&b, u.Net, network.JSON); err != nil {
			return "", fmt.Errorf("network %s: %w", u.ID, err)
		}
		fmt.Fprintf(h, "\nnetwork %q %d\n", u.ID, b.Len())
		h.Write(b.Bytes())
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// shardRun is what runShard needs from "lifeline run".
type shardRun struct {
	path    string
	sc      *scenario.Scenario
	plan    *scenario.Plan
	seed    uint64
	trials  int
	workers int
	netID   string
	quiet   bool
	getenv  func(string) (string, bool)
}

// runShard runs the trial range the shard flags select and writes its
// summary; the shard holding trial 0 attaches that trial's report, which
// "lifeline merge" prints above the risk. It prints one line on stderr
// unless quiet, nothing on stdout.
func runShard(ctx context.Context, f *shardFlags, r shardRun, stderr io.Writer) error {
	k, n, err := f.resolve(r.getenv)
	if err != nil {
		return badInput(err)
	}
	if n > r.trials {
		return badInput(fmt.Errorf("-shard %d/%d: a study of %d trials cannot be split into %d shards; raise -trials or lower N", k, n, r.trials, n))
	}
	chosen := 0
	if r.netID != "" {
		chosen = -1
		var ids []string
		for i, u := range r.sc.Utilities {
			ids = append(ids, u.ID)
			if u.ID == r.netID {
				chosen = i
			}
		}
		if chosen < 0 {
			return badInput(fmt.Errorf("-network %q: no such network in %s (have %s)", r.netID, r.path, strings.Join(ids, ", ")))
		}
	}
	digest, err := studyDigest(r.path, r.sc)
	if err != nil {
		return badInput(err)
	}
	rng := scenario.ShardRange(k, n, r.trials)
	bar := newProgress(stderr, fmt.Sprintf("shard %d/%d", k, n), r.quiet)
	sum, err := scenario.Study{Plan: r.plan, Seed: r.seed, First: rng.First, Trials: rng.End - rng.First, Total: r.trials,
		Digest: digest, Workers: r.workers, Network: r.sc.Utilities[chosen].ID, Progress: bar.update}.Run(ctx)
	bar.done()
	if err != nil {
		return err
	}
	if rng.First == 0 {
		res, err := r.plan.NewRun(r.seed).RunContext(ctx)
		if err != nil {
			return err
		}
		rep := &runReport{sc: r.sc, res: res, chosen: chosen, trials: r.trials}
		part, err := rep.trialZero()
		if err != nil {
			return err
		}
		data, err := json.Marshal(part)
		if err != nil {
			return err
		}
		if sum, err = sum.Attach(0, runAttachment, data); err != nil {
			return err
		}
	}
	out := summaryPath(*f.summary, k, n)
	if err := writeFileAtomic(out, sum.WriteJSON); err != nil {
		return err
	}
	if !r.quiet {
		fmt.Fprintf(stderr, "shard %d of %d (%v of %d) written to %s\n", k, n, rng, r.trials, out)
	}
	return nil
}

// writeFileAtomic writes a file through write into a temporary file beside
// it and renames it into place, so that a reader never sees part of it and
// a task killed while writing leaves no file to merge.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// trialZeroReport is the report of trial 0 without the risk over the
// trials: the text and the JSON object that "lifeline run" prints above
// and beside the risk, and the study's trial count. A shard holding trial
// 0 attaches it to its summary.
type trialZeroReport struct {
	Trials int             `json:"trials"`
	Text   string          `json:"text"`
	JSON   json.RawMessage `json:"json"`
}

// trialZero renders the report of trial 0 without the risk.
func (r *runReport) trialZero() (*trialZeroReport, error) {
	r0 := *r
	r0.sum = nil
	var text, js bytes.Buffer
	if err := r0.writeText(&text); err != nil {
		return nil, err
	}
	if err := r0.writeJSON(&js); err != nil {
		return nil, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, js.Bytes()); err != nil {
		return nil, err
	}
	return &trialZeroReport{Trials: r.trials, Text: text.String(), JSON: compact.Bytes()}, nil
}

// writeRunReport prints the report of a run: trial 0 and, with more than
// one trial, the risk over them from sum, as text or as the JSON object
// ("risk" is its last key). "lifeline run" and "lifeline merge" both print
// through it, so a merged study prints what one run of all its trials
// does.
func writeRunReport(w io.Writer, part *trialZeroReport, sum *scenario.Summary, asJSON bool) error {
	withRisk := part.Trials > 1 && sum != nil
	rep := &runReport{sum: sum}
	if !asJSON {
		if _, err := io.WriteString(w, part.Text); err != nil {
			return err
		}
		if withRisk {
			return rep.writeRiskText(w)
		}
		return nil
	}
	obj := bytes.TrimSpace(part.JSON)
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return errors.New("the report of trial 0 is not a JSON object")
	}
	var b bytes.Buffer
	b.Write(obj[:len(obj)-1])
	if withRisk {
		risk, err := rep.riskJSON()
		if err != nil {
			return err
		}
		rj, err := json.Marshal(risk)
		if err != nil {
			return err
		}
		if len(obj) > 2 {
			b.WriteByte(',')
		}
		b.WriteString(`"risk":`)
		b.Write(rj)
	}
	b.WriteByte('}')
	// As json.Encoder with SetIndent("", "  ") writes the whole object.
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// emitRun prints the report of "lifeline run" through writeRunReport.
func emitRun(w io.Writer, r *runReport, asJSON bool) error {
	part, err := r.trialZero()
	if err != nil {
		return err
	}
	return writeRunReport(w, part, r.sum, asJSON)
}
