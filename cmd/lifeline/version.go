package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

const versionExample = `  lifeline version`

// runVersion implements "lifeline version": the module version this
// program was built from, the commit and time of its source when the build
// recorded them, and the Go toolchain.
func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", "Prints the version of lifeline, the commit it was built from and the Go version.",
		versionExample, stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return badInput(fmt.Errorf("want no arguments, got %d", fs.NArg()))
	}
	info, ok := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(info, ok))
	return nil
}

// versionLine describes a build: "lifeline v1.2.0 (go1.26.8 linux/amd64)",
// or for a build from a checkout "lifeline (devel) commit 0123abcd…
// 2025-01-02T03:04:05Z, modified (go…)".
func versionLine(info *debug.BuildInfo, ok bool) string {
	platform := runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	if !ok || info == nil {
		return "lifeline: no build information (" + platform + ")"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	s := "lifeline " + v
	var rev, at string
	modified := false
	for _, kv := range info.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			at = kv.Value
		case "vcs.modified":
			modified = kv.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		s += " commit " + rev
		if at != "" {
			s += " " + at
		}
		if modified {
			s += ", modified"
		}
	}
	return s + " (" + info.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH + ")"
}
