package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// This file holds the parts of "lifeline run" that split a study into
// shards: -shard, -shard-env and -summary.

// runAttachment is the name under which the shard holding trial 0
// attaches the report document of that trial (report.New without a
// summary) to its summary, for "lifeline merge".
const runAttachment = report.Schema

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
	seed    uint64
	trials  int
	workers int
	netID   string
	quiet   bool
	getenv  func(string) (string, bool)
}

// runShard runs the trial range the shard flags select and writes its
// summary; the shard holding trial 0 plays that trial again with its trace
// and attaches its report document, which "lifeline merge" completes with
// the risk of the merged summaries. It prints one line on stderr unless
// quiet, nothing on stdout.
func runShard(ctx context.Context, f *shardFlags, r shardRun, stderr io.Writer) error {
	k, n, err := f.resolve(r.getenv)
	if err != nil {
		return badInput(err)
	}
	if n > r.trials {
		return badInput(fmt.Errorf("-shard %d/%d: a study of %d trials cannot be split into %d shards; raise -trials or lower N", k, n, r.trials, n))
	}
	lead := r.netID
	if lead == "" {
		lead = r.sc.Utilities[0].ID
	}
	digest, err := studyDigest(r.path, r.sc)
	if err != nil {
		return badInput(err)
	}
	plan, err := r.sc.Compile()
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", r.path, err))
	}
	rng := scenario.ShardRange(k, n, r.trials)
	bar := newProgress(stderr, fmt.Sprintf("shard %d/%d", k, n), r.quiet)
	sum, err := scenario.Study{Plan: plan, Seed: r.seed, First: rng.First, Trials: rng.End - rng.First, Total: r.trials,
		Digest: digest, Workers: r.workers, Network: lead, Progress: bar.update}.Run(ctx)
	bar.done()
	if err != nil {
		return err
	}
	if rng.First == 0 {
		// What report.Compute does for trial 0, without the study.
		res, tr, err := plan.NewRun(r.seed).RunTrace(ctx)
		if err != nil {
			return err
		}
		doc, err := report.New(report.Input{Scenario: r.sc, Result: res, Trace: tr, Network: lead})
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := report.WriteJSON(&b, doc); err != nil {
			return err
		}
		if sum, err = sum.Attach(0, runAttachment, b.Bytes()); err != nil {
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
