package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/netfile"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

const validateExample = `  lifeline validate testdata/city/network.yaml testdata/scenarios/district-lockdown.yaml
  lifeline validate -kind heat path/to/folder-with-nodes.csv-and-links.csv`

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", "PATH...",
		"Checks network files (.json, .yaml, .inp, .m, CSV folders) and scenario files\n"+
			"(format: lifeline-scenario) without running them. Prints one line per valid\n"+
			"file; every problem goes to stderr as file:line: element: field: message, and\n"+
			"every setting of a scenario that can never act (a lockdown after the horizon,\n"+
			"a fault model no asset takes) as a line starting \"warning: \".",
		validateExample, stderr)
	kindName := fs.String("kind", "", "utility kind of CSV folders: power, heat, water or gas")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return badInput(errors.New("want at least one PATH"))
	}
	var kind network.Kind
	if *kindName != "" {
		k, err := network.ParseKind(*kindName)
		if err != nil {
			return badInput(err)
		}
		kind = k
	}
	var bad []error
	for _, path := range fs.Args() {
		msg, warns, err := validate(path, kind)
		printWarnings(stderr, warns)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		if len(warns) > 0 {
			msg += fmt.Sprintf("; %d warning(s)", len(warns))
		}
		fmt.Fprintf(stdout, "%s: ok: %s\n", path, msg)
	}
	if len(bad) > 0 {
		return badInput(errors.Join(bad...))
	}
	return nil
}

// printWarnings writes each warning of a scenario file to w, one line
// each: "warning: file:line: field: message".
func printWarnings(w io.Writer, warns []*scenfile.Error) {
	for _, x := range warns {
		fmt.Fprintf(w, "warning: %s\n", x)
	}
}

// validate checks one file and describes it, with the warnings of a
// scenario file (settings that can never act), also when it has errors.
func validate(path string, kind network.Kind) (string, []*scenfile.Error, error) {
	if isScenarioFile(path) {
		f, err := scenfile.Open(path)
		var warns []*scenfile.Error
		if f != nil {
			warns = f.Warnings
		}
		if err != nil {
			return "", warns, err
		}
		sc := f.Scenario
		teams := 0
		if sc.Crew != nil {
			teams = sc.Crew.NumTeams()
		}
		return fmt.Sprintf("scenario %q, %d network(s), %g h, %d team(s)", sc.Name, len(sc.Utilities), sc.Horizon, teams), warns, nil
	}
	if kind == "" {
		kind = network.Power
	}
	net, err := netfile.Load(path, kind)
	if err != nil {
		return "", nil, err
	}
	msg := fmt.Sprintf("%s network, %d nodes, %d links, %d consumers, %.6g %s demand",
		net.Kind(), net.NumNodes(), net.NumLinks(), len(net.Consumers()), net.TotalDemand(), net.Kind().Unit())
	if u := net.Unreached(); len(u) > 0 {
		msg += fmt.Sprintf("; %d consumer(s) no source reaches: %s", len(u), strings.Join(u, ", "))
	}
	return msg, nil, nil
}

// isScenarioFile reports whether path is a file declaring itself a
// scenario in its first kilobytes.
func isScenarioFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.IsDir() {
		return false
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte("lifeline-scenario"))
}
