package main

import (
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInterleave(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Bool("json", false, "")
	fs.Int("k", 1, "")
	fs.String("out", "", "")
	for _, c := range []struct{ in, want string }{
		{"case9.m -json", "-json -- case9.m"},
		{"-json case9.m", "-json -- case9.m"},
		{"a.m -k 2 b.m", "-k 2 -- a.m b.m"},
		{"a.m -k=2 -out dir", "-k=2 -out dir -- a.m"},
		{"a.m --json", "--json -- a.m"},
		{"a.m -json=false", "-json=false -- a.m"},
		{"- -json", "-json -- -"},                    // "-" is standard input
		{"a.m -- -odd-name.m", "-- a.m -odd-name.m"}, // after "--", positional
		{"a.m -bogus x", "-bogus -- a.m x"},          // unknown: moved, so parsing reports it
		{"a.m -k", "-k"},                             // value missing: parsing reports it
		{"-json", "-json"},
	} {
		got := strings.Join(interleave(fs, strings.Fields(c.in)), " ")
		assert.Equal(t, c.want, got, c.in)
	}
}

// Every subcommand reads a flag after its path as before it.
func TestFlagsAfterPathEverySubcommand(t *testing.T) {
	city := filepath.Join("..", "..", "testdata", "city", "network.yaml")
	case9 := filepath.Join("..", "..", "network", "matpower", "testdata", "case9.m")
	tut := filepath.Join("..", "..", "testdata", "scenarios", "tutorial.yaml")
	for _, c := range [][2][]string{
		{{"solve", "-json", case9}, {"solve", case9, "-json"}},
		{{"solve", "-out", "sub-south", "-json", city}, {"solve", city, "-json", "-out", "sub-south"}},
		{{"contingency", "-json", "-top", "3", city}, {"contingency", city, "-top", "3", "-json"}},
		{{"powerflow", "-json", case9}, {"powerflow", case9, "-json"}},
		{{"export", "-dimacs", city}, {"export", city, "-dimacs"}},
		{{"validate", "-kind", "power", tut, city}, {"validate", tut, "-kind", "power", city}},
		{{"run", "-q", "-json", tut}, {"run", tut, "-json", "-q"}},
	} {
		code, before, errs := runCmd(c[0]...)
		require.Equal(t, 0, code, "%v: %s", c[0], errs)
		code, after, errs := runCmd(c[1]...)
		require.Equal(t, 0, code, "%v: %s", c[1], errs)
		if c[0][0] == "run" {
			assert.Equal(t, withoutTimings(t, decodeRun(t, before)), withoutTimings(t, decodeRun(t, after)))
			continue
		}
		assert.Equal(t, before, after, "%v", c[1])
		assert.NotEmpty(t, after)
	}
	// A misspelt flag after the path is reported as one.
	code, _, errs := runCmd("solve", case9, "-jsn")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "flag provided but not defined: -jsn")
}
