// Package slurm_test runs the Slurm job scripts of this folder on a real
// one-node Slurm cluster that testcluster.sh sets up on this machine.
package slurm_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The study: Changchun (power, random faults, crews), small enough for a
// test, large enough that a shard runs for a few seconds and can be killed
// while it runs.
const (
	scenarioFile = "../../examples/changchun/changchun.yaml"
	trials       = 96
	shards       = 4
	seed         = 11
)

// A study submitted with submit.sh (a job array and a merge job depending
// on it with afterok) on a real Slurm cluster: one task is killed while it
// runs (SIGKILL, so it fails) and requeued with retry.sh, another is
// requeued while it runs (scontrol requeue kills it); the merge waits for
// them, and its report is byte for byte the report of one run of all the
// trials on one machine. Every daemon started is stopped, whatever
// happens.
func TestSlurmArrayRequeueMerge(t *testing.T) {
	for _, b := range []string{"munged", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue", "sinfo"} {
		if _, err := exec.LookPath(b); err != nil {
			t.Skipf("%s not installed (apt-get install -y slurm-wlm munge): %v", b, err)
		}
	}
	dir := t.TempDir()
	lifeline := buildLifeline(t, dir)
	scen, err := filepath.Abs(scenarioFile)
	require.NoError(t, err)

	// The study on one machine.
	wantText := output(t, nil, lifeline, "run", "-q", "-trials", fmt.Sprint(trials), "-seed", fmt.Sprint(seed), scen)
	wantJSON := output(t, nil, lifeline, "run", "-q", "-json", "-trials", fmt.Sprint(trials), "-seed", fmt.Sprint(seed), scen)
	require.Contains(t, wantText, fmt.Sprintf("Risk over %d trials", trials))

	// The cluster, stopped by the cleanup, or by its watcher if this test
	// process dies.
	cluster := filepath.Join(dir, "cluster")
	script, err := filepath.Abs("testcluster.sh")
	require.NoError(t, err)
	t.Cleanup(func() {
		pids := clusterPids(cluster)
		out, err := exec.Command(script, "stop", cluster).CombinedOutput()
		assert.NoError(t, err, "stop: %s", out)
		for _, p := range pids {
			assert.Error(t, syscall.Kill(p, 0), "process %d still runs after stop", p)
		}
		if t.Failed() {
			for _, f := range []string{"slurmctld.log", "slurmd.log", "munged.log"} {
				b, _ := os.ReadFile(filepath.Join(cluster, "log", f))
				t.Logf("%s:\n%s", f, tail(string(b), 40))
			}
		}
	})
	out, err := exec.Command(script, "start", cluster, strconv.Itoa(os.Getpid())).CombinedOutput()
	require.NoError(t, err, "start: %s", out)
	env := append(os.Environ(), "SLURM_CONF="+filepath.Join(cluster, "slurm.conf"))
	require.Len(t, clusterPids(cluster), 4, "munged, slurmctld, slurmd and the watcher")

	// Submit.
	shardDir := filepath.Join(dir, "shards")
	jobs := filepath.Join(dir, "jobs")
	require.NoError(t, os.MkdirAll(jobs, 0o755))
	submitEnv := append(env, "SCENARIO="+scen, "TRIALS="+fmt.Sprint(trials), "SHARDS="+fmt.Sprint(shards),
		"OUT="+shardDir, "SEED="+fmt.Sprint(seed), "LIFELINE="+lifeline)
	submit, err := filepath.Abs("submit.sh")
	require.NoError(t, err)
	ids := strings.Fields(outputIn(t, jobs, submitEnv, submit))
	require.Len(t, ids, 2, "submit.sh prints the array and merge job IDs")
	array, merge := ids[0], ids[1]
	retry, err := filepath.Abs("retry.sh")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	start := time.Now()
	// Task 1: killed while it runs; it fails; requeued.
	pid := runningShard(ctx, t, env, array, 1, shardDir)
	require.NoError(t, syscall.Kill(pid, syscall.SIGKILL))
	waitState(ctx, t, env, array+"_1", "FAILED")
	outputIn(t, jobs, env, retry, array, merge, "1")
	t.Logf("%v: task 1 killed and requeued", time.Since(start))

	// Task 2: requeued while it runs, which kills it.
	runningShard(ctx, t, env, array, 2, shardDir)
	outputIn(t, jobs, env, retry, array, merge, "2")
	t.Logf("%v: task 2 requeued while it ran", time.Since(start))

	state := waitState(ctx, t, env, merge, "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT")
	t.Logf("%v: merge %s", time.Since(start), state)
	if state != "COMPLETED" {
		b, _ := os.ReadFile(filepath.Join(jobs, "lifeline-merge-"+merge+".out"))
		t.Fatalf("merge job %s: %s\n%s", merge, state, b)
	}
	for k := range shards {
		info := output(t, env, "scontrol", "show", "job", fmt.Sprintf("%s_%d", array, k))
		assert.Contains(t, info, "JobState=COMPLETED", "task %d", k)
		restarts := "Restarts=0"
		if k == 1 || k == 2 {
			restarts = "Restarts=1"
		}
		assert.Contains(t, info, restarts, "task %d", k)
	}
	// The merge's folder holds the files "lifeline run -out" writes, with
	// the same bytes but the timings of report.json.
	runOut := filepath.Join(dir, "run-out")
	output(t, nil, lifeline, "run", "-q", "-trials", fmt.Sprint(trials), "-seed", fmt.Sprint(seed), "-out", runOut, scen)
	wantFiles := readDir(t, runOut)
	wantFiles[report.JSONFile] = withoutTimings(t, wantFiles[report.JSONFile])
	gotFiles := readDir(t, filepath.Join(shardDir, "merged"))
	assert.Equal(t, slices.Sorted(maps.Keys(wantFiles)), slices.Sorted(maps.Keys(gotFiles)), "the files of the report")
	for name, w := range wantFiles {
		assert.True(t, w == gotFiles[name], "%s differs from the one of lifeline run -out", name)
	}
	assert.Equal(t, withoutTimings(t, wantJSON), wantFiles[report.JSONFile])
	// The merge's log holds the text report, then where the files went.
	logged, err := os.ReadFile(filepath.Join(jobs, "lifeline-merge-"+merge+".out"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(logged), wantText), "the merge's log starts with the report:\n%s", logged)
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

// withoutTimings returns a JSON report encoded again without its timings,
// the only part a merge leaves out.
func withoutTimings(t *testing.T, js string) string {
	t.Helper()
	doc, err := report.ReadJSON(strings.NewReader(js))
	require.NoError(t, err)
	doc.Timings = nil
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b, doc))
	return b.String()
}

// buildLifeline builds the lifeline command into dir.
func buildLifeline(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "lifeline")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, "../../cmd/lifeline")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

func output(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	return outputIn(t, "", env, name, args...)
}

// outputIn runs a command in dir with env (nil: this process's) and
// returns its standard output; it fails the test if the command fails.
func outputIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %s: %s", name, strings.Join(args, " "), stderr.String())
	return stdout.String()
}

// runningShard waits until task k of the array runs lifeline and has not
// written its summary yet, and returns the process ID of lifeline (the
// batch script execs it).
func runningShard(ctx context.Context, t *testing.T, env []string, array string, k int, shardDir string) int {
	t.Helper()
	task := fmt.Sprintf("%s_%d", array, k)
	summary := filepath.Join(shardDir, fmt.Sprintf("shard-%d-of-%d.json", k, shards))
	for ctx.Err() == nil {
		if _, err := os.Stat(summary); err == nil {
			t.Fatalf("task %s wrote %s before it could be stopped; raise the trials", task, summary)
		}
		cmd := exec.Command("scontrol", "show", "job", task)
		cmd.Env = env
		info, _ := cmd.Output()
		if strings.Contains(string(info), "JobState=RUNNING") {
			if pid := batchPid(env, info); pid > 0 {
				exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
				if filepath.Base(exe) == "lifeline" {
					return pid
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("task %s never ran", task)
	return 0
}

// batchPid returns the process of the batch step of the job whose
// "scontrol show job" output is info, 0 if none yet.
func batchPid(env []string, info []byte) int {
	f := strings.Fields(string(info))
	if len(f) == 0 || !strings.HasPrefix(f[0], "JobId=") {
		return 0
	}
	cmd := exec.Command("scontrol", "listpids", strings.TrimPrefix(f[0], "JobId="))
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(out), "\n") {
		g := strings.Fields(line)
		if len(g) >= 4 && g[2] == "batch" && g[3] == "0" {
			pid, _ := strconv.Atoi(g[0])
			return pid
		}
	}
	return 0
}

// waitState waits until the job is in one of the states and returns it.
func waitState(ctx context.Context, t *testing.T, env []string, job string, states ...string) string {
	t.Helper()
	last := ""
	for ctx.Err() == nil {
		cmd := exec.Command("scontrol", "show", "job", job)
		cmd.Env = env
		info, _ := cmd.Output()
		for _, f := range strings.Fields(string(info)) {
			if s, ok := strings.CutPrefix(f, "JobState="); ok {
				last = s
				for _, w := range states {
					if s == w {
						return s
					}
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("job %s: still %s, want %v", job, last, states)
	return ""
}

// clusterPids returns the processes the cluster in dir started.
func clusterPids(dir string) []int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.pid"))
	var out []int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if p, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func tail(s string, lines int) string {
	l := strings.Split(s, "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}
