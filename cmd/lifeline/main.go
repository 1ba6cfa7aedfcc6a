// Command lifeline runs Lifeline's allocation and scenarios from the command
// line.
//
// Usage:
//
//	lifeline solve [-kind K] [-json] [-policy P] [-out IDS] PATH
//	lifeline run [-trials N] [-seed S] [-workers W] [-network ID] [-json] [-out DIR] SCENARIO.yaml
//	lifeline run -trials N -shard K/N -summary FILE SCENARIO.yaml
//	lifeline merge [-json] [-out DIR] SUMMARY...
//	lifeline report [-json] [-out DIR] REPORT.json
//	lifeline compare [-trials N] [-seed S] [-json] [-out DIR] BASE.yaml PLAN.yaml
//	lifeline size-crews [-team ID | -teams IDS] [-members] [-target T] [-max K] SCENARIO.yaml
//	lifeline validate PATH...
//	lifeline contingency [-json] [-k K] [-top N] PATH
//	lifeline powerflow [-json] CASE.m
//	lifeline export -dimacs [-kind K] [-out IDS] PATH
//	lifeline solve -dimacs FILE
//	lifeline version
//
// Flags may come before or after the other arguments ("lifeline solve
// case9.m -json").
//
// PATH is a network document (.json, .yaml or .yml), a MATPOWER case (.m)
// or a folder holding nodes.csv and links.csv. Run "lifeline help" or
// "lifeline COMMAND -h" for details.
//
// Exit status: 0 on success, 1 when a run fails, 2 on bad input (the message
// names the file and line).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

const (
	exitOK       = 0
	exitFailed   = 1
	exitBadInput = 2
)

// errBadInput marks errors caused by the user's input (exit status 2).
var errBadInput = errors.New("bad input")

// badInput wraps err so that it is reported with exit status 2.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", errBadInput, err)
}

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"solve", "allocate supply on a network in one state and report coverage", runSolve},
		{"run", "play a scenario file out over time, once or as a Monte Carlo study", runRun},
		{"merge", "merge the summaries of a study's shards into the report of the whole study", runMerge},
		{"report", "render a saved report (report.json) again: text, charts, maps, HTML", runReport},
		{"compare", "compare a plan with a base on the same trials: paired differences of every metric", runCompare},
		{"size-crews", "find the fewest crews that meet a service target with a stated confidence", runSizeCrews},
		{"export", "write a network in one state as a DIMACS max-flow instance", runExport},
		{"validate", "check network and scenario files without running them", runValidate},
		{"contingency", "rank outages (N-1, N-2) by the value of lost load they cause", runContingency},
		{"powerflow", "DC power flow of a MATPOWER case: bus angles, branch flows, loading", runPowerflow},
		{"version", "print the version of lifeline and the commit it was built from", runVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "lifeline: urban utility supply continuity under lockdown")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: lifeline COMMAND [flags] ARGS")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "lifeline COMMAND -h" for a command's flags and an example.`)
}

// run is the whole program, minus the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitBadInput
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		usage(stdout)
		return exitOK
	}
	if name == "-version" || name == "--version" {
		name, args = "version", []string{"version"}
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, errHelp):
			return exitOK
		case errors.Is(err, errBadInput):
			fmt.Fprintln(stderr, "lifeline "+name+": "+trimBadInput(err))
			return exitBadInput
		default:
			fmt.Fprintln(stderr, "lifeline "+name+": "+err.Error())
			return exitFailed
		}
	}
	fmt.Fprintf(stderr, "lifeline: unknown command %q\n\n", name)
	usage(stderr)
	return exitBadInput
}

func trimBadInput(err error) string {
	s := err.Error()
	const p = "bad input: "
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
