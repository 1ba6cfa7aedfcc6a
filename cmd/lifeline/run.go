package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

const runExample = `  lifeline run testdata/scenarios/district-lockdown.yaml
  lifeline run -trials 500 -seed 7 -out out/district testdata/scenarios/district-lockdown.yaml
  lifeline run -json testdata/scenarios/district-lockdown.yaml > report.json
  lifeline run -trials 500 -seed 7 -shard 2/4 -summary out/ testdata/scenarios/district-lockdown.yaml`

// runRun implements "lifeline run": it plays a scenario file out once, or
// runs a Monte Carlo study of it, prints the report and, with -out, writes
// every file of the report.
func runRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "SCENARIO.yaml",
		"Plays the scenario file out and reports, per network, coverage, energy or volume\n"+
			"not supplied, reliability indices (SAIFI, SAIDI, CAIDI, ASAI), value lost and time\n"+
			"to restore, by class and zone, storage, and what the crews did. With -trials N > 1 it\n"+
			"also runs a Monte Carlo study: trial i draws from the random stream of (seed, i), and\n"+
			"the risk of the chosen network is summarised over the N trials; the figures by network\n"+
			"are those of trial 0, the run -trials 1 reports.\n"+
			"With -out DIR it writes report.json, timeline.csv, risk.csv (the risk over time of a\n"+
			"study), PNG and SVG charts, a GeoJSON map of each network with coordinates and\n"+
			"report.html, a page that opens from disk.\n"+
			"With -shard K/N -summary FILE it runs only the K-th of N trial ranges and writes their\n"+
			"mergeable summary; lifeline merge makes the report of the whole study from the shards'\n"+
			"summaries (docs/scale-out.md).\n"+
			"The file format is described in docs/scenario-format.md, the report in\n"+
			"docs/report-schema.md.",
		runExample, stderr)
	trials := fs.Int("trials", 1, "number of Monte Carlo trials `N`; more than 1 adds the risk over them")
	seed := fs.Uint64("seed", 1, "random seed `S`; trial i draws from the stream of (S, i)")
	workers := fs.Int("workers", 0, "`W` goroutines running trials; 0 for one per CPU (never changes a result)")
	asJSON := fs.Bool("json", false, "print the report as JSON (the lifeline-report document) instead of text")
	out := fs.String("out", "", "also write every file of the report into folder `DIR`")
	netID := fs.String("network", "", "`ID` of the network that leads the report and whose risk is summarised (default the first)")
	quiet := fs.Bool("q", false, "no progress bar or summary on stderr")
	shard := addShardFlags(fs) // shard.go
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput(fmt.Errorf("want exactly one SCENARIO file, got %d arguments", fs.NArg()))
	}
	if *trials < 1 {
		return badInput(fmt.Errorf("-trials %d: want 1 or more", *trials))
	}
	if *workers < 0 {
		return badInput(fmt.Errorf("-workers %d: want 0 or more", *workers))
	}
	path := fs.Arg(0)
	f, err := scenfile.Open(path)
	if f != nil {
		printWarnings(stderr, f.Warnings)
	}
	if err != nil {
		return badInput(err)
	}
	sc := f.Scenario
	if _, err := sc.Compile(); err != nil {
		return badInput(fmt.Errorf("%s: %w", path, err))
	}
	if *netID != "" {
		var ids []string
		found := false
		for _, u := range sc.Utilities {
			ids = append(ids, u.ID)
			found = found || u.ID == *netID
		}
		if !found {
			return badInput(fmt.Errorf("-network %q: no such network in %s (have %s)", *netID, path, joinIDs(ids)))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if shard.active() {
		switch {
		case *asJSON:
			return badInput(errors.New("-json: a shard writes its summary, not a report; lifeline merge prints the report of the merged shards"))
		case *out != "":
			return badInput(errors.New("-out: a shard writes its summary, not a report; lifeline merge -out DIR writes the report's files"))
		}
		return runShard(ctx, shard, shardRun{path: path, sc: sc, seed: *seed, trials: *trials,
			workers: *workers, netID: *netID, quiet: *quiet, getenv: os.LookupEnv}, stderr)
	}
	bar := newProgress(stderr, "trials", *quiet)
	c, err := report.Compute(ctx, sc, report.Options{Seed: *seed, Trials: *trials, Workers: *workers,
		Network: *netID, Progress: bar.update})
	bar.done()
	if err != nil {
		return err
	}
	return emit(c.Document, *asJSON, *out, *quiet, stdout, stderr)
}

// emit prints a report as text or JSON and, with a folder, writes its
// files there.
func emit(doc *report.Document, asJSON bool, out string, quiet bool, stdout, stderr io.Writer) error {
	if asJSON {
		if err := report.WriteJSON(stdout, doc); err != nil {
			return err
		}
	} else if err := report.WriteText(stdout, doc); err != nil {
		return err
	}
	if out == "" {
		return nil
	}
	files, err := report.WriteDir(out, doc)
	if err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stderr, "wrote %d files to %s; open %s\n", len(files), out, filepath.Join(out, report.HTMLFile))
	}
	return nil
}

// joinIDs lists IDs for a message.
func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += id
	}
	return s
}

const reportExample = `  lifeline report out/district/report.json
  lifeline report -out out/again out/district/report.json`

// runReport implements "lifeline report": it reads a saved report
// (report.json, or the output of "lifeline run -json") and renders it
// again: the text, and with -out every file of the report.
func runReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", "REPORT.json",
		"Reads a report saved by \"lifeline run -out\" (report.json) or \"lifeline run -json\" and\n"+
			"prints it as text; with -out DIR it writes every file of the report again (the same\n"+
			"files, byte for byte, as the run wrote). \"-\" reads standard input.",
		reportExample, stderr)
	out := fs.String("out", "", "write every file of the report into folder `DIR`")
	asJSON := fs.Bool("json", false, "print the report as JSON instead of text")
	quiet := fs.Bool("q", false, "no summary on stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput(fmt.Errorf("want exactly one REPORT file, got %d arguments", fs.NArg()))
	}
	path := fs.Arg(0)
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return badInput(err)
		}
		defer f.Close()
		r = f
	}
	doc, err := report.ReadJSON(r)
	if err != nil {
		return badInput(fmt.Errorf("%s: %w", path, err))
	}
	return emit(doc, *asJSON, *out, *quiet, stdout, stderr)
}
