// Package kubernetes_test checks the Kubernetes manifests of this folder
// without a cluster: it parses them, builds the program as the
// Containerfile does, and runs the commands the Jobs hold on this machine,
// once per completion index with JOB_COMPLETION_INDEX set as Kubernetes
// sets it, then the merge, and compares the merged report with one run of
// the whole study.
package kubernetes_test

import (
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// job is the part of a batch/v1 Job the manifests use; decoding with known
// fields only catches a misspelt key.
type job struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   meta   `yaml:"metadata"`
	Spec       struct {
		CompletionMode       string `yaml:"completionMode"`
		Completions          *int   `yaml:"completions"`
		Parallelism          *int   `yaml:"parallelism"`
		BackoffLimit         *int   `yaml:"backoffLimit"`
		BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
		MaxFailedIndexes     *int   `yaml:"maxFailedIndexes"`
		PodFailurePolicy     *struct {
			Rules []struct {
				Action      string `yaml:"action"`
				OnExitCodes *struct {
					ContainerName string `yaml:"containerName"`
					Operator      string `yaml:"operator"`
					Values        []int  `yaml:"values"`
				} `yaml:"onExitCodes"`
				OnPodConditions []struct {
					Type string `yaml:"type"`
				} `yaml:"onPodConditions"`
			} `yaml:"rules"`
		} `yaml:"podFailurePolicy"`
		Template struct {
			Metadata meta `yaml:"metadata"`
			Spec     struct {
				RestartPolicy   string         `yaml:"restartPolicy"`
				SecurityContext map[string]any `yaml:"securityContext"`
				Containers      []container    `yaml:"containers"`
				Volumes         []struct {
					Name      string `yaml:"name"`
					ConfigMap *struct {
						Name string `yaml:"name"`
					} `yaml:"configMap"`
					PersistentVolumeClaim *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type meta struct {
	Name   string            `yaml:"name"`
	Labels map[string]string `yaml:"labels"`
}

type container struct {
	Name            string         `yaml:"name"`
	Image           string         `yaml:"image"`
	ImagePullPolicy string         `yaml:"imagePullPolicy"`
	Command         []string       `yaml:"command"`
	Args            []string       `yaml:"args"`
	Env             []envVar       `yaml:"env"`
	Resources       map[string]any `yaml:"resources"`
	SecurityContext map[string]any `yaml:"securityContext"`
	VolumeMounts    []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
		ReadOnly  bool   `yaml:"readOnly"`
	} `yaml:"volumeMounts"`
}

type envVar struct {
	Name  string `yaml:"name"`
	Value string `yaml:"value"`
}

func readJob(t *testing.T, path string) *job {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var j job
	require.NoError(t, dec.Decode(&j), path)
	var extra any
	require.ErrorIs(t, dec.Decode(&extra), io.EOF, "%s: one document", path)
	require.Equal(t, "batch/v1", j.APIVersion, path)
	require.Equal(t, "Job", j.Kind, path)
	require.Len(t, j.Spec.Template.Spec.Containers, 1, path)
	return &j
}

// The study the README puts in the lifeline-study ConfigMap.
var studyFiles = []string{"../../examples/yantai/yantai.yaml", "../../examples/yantai/heat.yaml"}

// testTrials replaces the manifest's trial count, so that the test stays
// quick; everything else runs as written.
const testTrials = 32

func TestManifestsRunLocally(t *testing.T) {
	shardsJob := readJob(t, "shards-job.yaml")
	mergeJob := readJob(t, "merge-job.yaml")
	s := &shardsJob.Spec
	require.Equal(t, "Indexed", s.CompletionMode)
	require.NotNil(t, s.Completions)
	require.NotNil(t, s.BackoffLimitPerIndex, "each index retried on its own")
	assert.GreaterOrEqual(t, *s.BackoffLimitPerIndex, 1)
	assert.Equal(t, "Never", s.Template.Spec.RestartPolicy, "backoffLimitPerIndex needs restartPolicy Never")
	assert.Equal(t, "Never", mergeJob.Spec.Template.Spec.RestartPolicy)
	for _, j := range []*job{shardsJob, mergeJob} {
		// Bad input (exit status 2) fails the Job at once: it is the same
		// on every retry.
		require.NotNil(t, j.Spec.PodFailurePolicy, j.Metadata.Name)
		found := false
		for _, r := range j.Spec.PodFailurePolicy.Rules {
			if r.Action == "FailJob" && r.OnExitCodes != nil && r.OnExitCodes.Operator == "In" && slices.Contains(r.OnExitCodes.Values, 2) {
				assert.Equal(t, j.Spec.Template.Spec.Containers[0].Name, r.OnExitCodes.ContainerName)
				found = true
			}
		}
		assert.True(t, found, "%s: FailJob on exit status 2", j.Metadata.Name)
	}
	n := *s.Completions
	sc := s.Template.Spec.Containers[0]
	mc := mergeJob.Spec.Template.Spec.Containers[0]
	args := append(slices.Clone(sc.Command), sc.Args...)
	assert.Equal(t, fmt.Sprint(n), argAfter(t, args, "-shard"), "-shard N equals completions")
	assert.Equal(t, "JOB_COMPLETION_INDEX", argAfter(t, args, "-shard-env"))
	assert.Equal(t, sc.Image, mc.Image, "one image")
	for _, a := range append(args, mc.Command...) {
		assert.NotContains(t, a, "$(", "no variable left for Kubernetes to expand")
	}

	// The program, built as the Containerfile builds it; the image runs it
	// as its entry point.
	dir := t.TempDir()
	bin, entry := buildAsContainerfile(t, dir)
	assert.Equal(t, entry, sc.Command[0], "the shards run the image's program")
	assert.Equal(t, entry, mc.Command[0], "the merge runs the image's program")
	static(t, bin)

	// The volumes, as folders: the study ConfigMap and the shared volume.
	studyDir := filepath.Join(dir, "study")
	require.NoError(t, os.MkdirAll(studyDir, 0o755))
	for _, f := range studyFiles {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(studyDir, filepath.Base(f)), b, 0o644))
	}
	shardDir := filepath.Join(dir, "shards")
	require.NoError(t, os.MkdirAll(shardDir, 0o755))
	folders := map[string]string{}
	for _, v := range s.Template.Spec.Volumes {
		switch {
		case v.ConfigMap != nil && v.ConfigMap.Name == "lifeline-study":
			folders[v.Name] = studyDir
		case v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == "lifeline-shards":
			folders[v.Name] = shardDir
		default:
			t.Fatalf("volume %q: neither the lifeline-study ConfigMap nor the lifeline-shards claim", v.Name)
		}
	}
	for _, v := range mergeJob.Spec.Template.Spec.Volumes {
		require.NotNil(t, v.PersistentVolumeClaim, "merge volume %q", v.Name)
		require.Equal(t, "lifeline-shards", v.PersistentVolumeClaim.ClaimName)
		folders[v.Name] = shardDir
	}

	// Each index, as its pod would; index 5 twice, as a retried pod.
	shardArgs := localArgs(t, sc, folders, bin)
	for i, a := range shardArgs {
		if a == "-trials" {
			shardArgs[i+1] = fmt.Sprint(testTrials)
		}
	}
	var first []byte
	for _, k := range append(seq(n), 5) {
		env := []string{fmt.Sprintf("JOB_COMPLETION_INDEX=%d", k)}
		for _, e := range sc.Env {
			env = append(env, e.Name+"="+e.Value)
		}
		runIn(t, env, shardArgs)
		if k == 5 {
			b, err := os.ReadFile(filepath.Join(shardDir, fmt.Sprintf("shard-%02d-of-%d.json", k, n)))
			require.NoError(t, err)
			if first != nil {
				assert.Equal(t, first, b, "a retried index writes the same summary")
			}
			first = b
		}
	}
	files, err := filepath.Glob(filepath.Join(shardDir, "shard-*.json"))
	require.NoError(t, err)
	assert.Len(t, files, n, "one summary per index")

	// The merge, then one run of the whole study.
	got := runIn(t, nil, localArgs(t, mc, folders, bin))
	study := args[len(args)-1]
	local := localPath(t, study, sc, folders)
	seed := argAfter(t, args, "-seed")
	want := runIn(t, nil, []string{bin, "run", "-q", "-trials", fmt.Sprint(testTrials), "-seed", seed, local})
	require.Contains(t, want, fmt.Sprintf("Risk over %d trials", testTrials))
	assert.Equal(t, want, got, "the merge's log is the report of one run")
	// The merge's folder holds the files "lifeline run -out" writes, with
	// the same bytes but the timings of report.json.
	runOut := filepath.Join(dir, "run-out")
	runIn(t, nil, []string{bin, "run", "-q", "-trials", fmt.Sprint(testTrials), "-seed", seed, "-out", runOut, local})
	wantFiles := readDir(t, runOut)
	wantFiles[report.JSONFile] = withoutTimings(t, wantFiles[report.JSONFile])
	gotFiles := readDir(t, localPath(t, argAfter(t, mc.Command, "-out"), mc, folders))
	assert.Equal(t, slices.Sorted(maps.Keys(wantFiles)), slices.Sorted(maps.Keys(gotFiles)), "the files of the report")
	for name, w := range wantFiles {
		assert.True(t, w == gotFiles[name], "%s differs from the one of lifeline run -out", name)
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

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func argAfter(t *testing.T, args []string, flag string) string {
	t.Helper()
	i := slices.Index(args, flag)
	require.True(t, i >= 0 && i+1 < len(args), "%s in %v", flag, args)
	return args[i+1]
}

// localPath maps a path inside the container to this machine through the
// container's volume mounts.
func localPath(t *testing.T, p string, c container, folders map[string]string) string {
	t.Helper()
	for _, m := range c.VolumeMounts {
		if p == m.MountPath || strings.HasPrefix(p, m.MountPath+"/") {
			dir, ok := folders[m.Name]
			require.True(t, ok, "volume %q", m.Name)
			rest := strings.TrimPrefix(p, m.MountPath)
			if strings.HasSuffix(p, "/") {
				return dir + "/" + strings.Trim(rest, "/")
			}
			return filepath.Join(dir, rest)
		}
	}
	return p
}

// localArgs returns the container's command line for this machine: the
// program built here, and paths in mounted volumes mapped to their folders.
func localArgs(t *testing.T, c container, folders map[string]string, bin string) []string {
	t.Helper()
	args := append(slices.Clone(c.Command), c.Args...)
	args[0] = bin
	for i := 1; i < len(args); i++ {
		if strings.HasPrefix(args[i], "/") {
			args[i] = localPath(t, args[i], c, folders)
		}
	}
	return args
}

// runIn runs args with only env in the environment (as a container has no
// other variables), returning stdout; the test fails if it fails.
func runIn(t *testing.T, env []string, args []string) string {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append([]string{}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%v (env %v): %s", args, env, stderr.String())
	return stdout.String()
}

// buildAsContainerfile runs the Containerfile's go build line from the
// root of the repository, writing the program into dir, and returns it
// with the path the image runs it at (its ENTRYPOINT).
func buildAsContainerfile(t *testing.T, dir string) (bin, entry string) {
	t.Helper()
	f, err := os.Open("Containerfile")
	require.NoError(t, err)
	defer f.Close()
	var build, out, final string
	var stages []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "FROM "):
			stages = append(stages, line)
		case strings.HasPrefix(line, "RUN ") && strings.Contains(line, " go build "):
			build = strings.TrimPrefix(line, "RUN ")
			f := strings.Fields(build)
			out = f[slices.Index(f, "-o")+1]
		case strings.HasPrefix(line, "COPY --from=build "):
			f := strings.Fields(line)
			require.Equal(t, out, f[2], "the image copies the program built")
			final = f[3]
		case strings.HasPrefix(line, "ENTRYPOINT "):
			entry = strings.Trim(strings.TrimPrefix(line, "ENTRYPOINT "), `[]" `)
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, build, "a RUN line with go build")
	assert.True(t, strings.HasPrefix(build, "CGO_ENABLED=0 "), "a static build: %s", build)
	require.NotEmpty(t, stages)
	assert.Equal(t, "FROM scratch", stages[len(stages)-1], "the image holds the program alone")
	require.Equal(t, final, entry, "the entry point is the program copied in")
	bin = filepath.Join(dir, "lifeline")
	line := strings.Replace(build, out, bin, 1)
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "PATH="+filepath.Join(runtime.GOROOT(), "bin")+":"+os.Getenv("PATH"))
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s: %s", line, b)
	return bin, entry
}

// static checks that the program needs no dynamic loader nor library, so
// that it runs in an image with nothing else in it.
func static(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	require.NoError(t, err)
	defer f.Close()
	for _, p := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, p.Type, "a dynamic loader is named")
	}
	libs, err := f.ImportedLibraries()
	require.NoError(t, err)
	assert.Empty(t, libs, "shared libraries")
}
