package lifeline_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers checks that dependencies flow one way: nothing under network/
// imports supply, crew, scenario or the report, and crew imports neither
// supply nor scenario.
func TestLayers(t *testing.T) {
	for _, c := range []struct {
		pkgs      string
		forbidden []string
	}{
		{"./network/...", []string{"/supply", "/crew", "/scenario"}},
		{"./crew/...", []string{"/supply", "/scenario"}},
		{"./supply/...", []string{"/scenario", "/crew"}},
	} {
		out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}`, c.pkgs).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", c.pkgs, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			rest, ok := strings.CutPrefix(dep, "github.com/lifeline-sim/lifeline")
			if !ok {
				continue
			}
			for _, f := range c.forbidden {
				if rest == f || strings.HasPrefix(rest, f+"/") {
					t.Errorf("%s depends on %s", c.pkgs, dep)
				}
			}
		}
	}
}
