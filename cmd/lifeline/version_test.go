package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionLine(t *testing.T) {
	plat := runtime.GOOS + "/" + runtime.GOARCH
	released := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/lifeline-sim/lifeline", Version: "v1.2.0"}}
	assert.Equal(t, "lifeline v1.2.0 (go1.26.8 "+plat+")", versionLine(released, true))
	checkout := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2025-01-02T03:04:05Z"},
		{Key: "vcs.modified", Value: "true"}}}
	assert.Equal(t, "lifeline (devel) commit 0123456789ab 2025-01-02T03:04:05Z, modified (go1.26.8 "+plat+")", versionLine(checkout, true))
	assert.Contains(t, versionLine(nil, false), "lifeline: no build information")

	code, out, errs := runCmd("version")
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `^lifeline \S+.* \(go1\.\d+`, out)
	code, _, _ = runCmd("version", "extra")
	assert.Equal(t, 2, code)
	code, out2, _ := runCmd("--version")
	assert.Equal(t, 0, code)
	assert.Equal(t, out, out2)
}

// A binary built by "go build" from the checkout reports the module and
// the Go toolchain from its own build information.
func TestVersionOfBuiltBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "lifeline")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	out, err = exec.Command(bin, "version").Output()
	require.NoError(t, err)
	line := strings.TrimSpace(string(out))
	assert.Regexp(t, regexp.MustCompile(`^lifeline \(devel\) \(`+regexp.QuoteMeta(runtime.Version())+` `), line)
}
