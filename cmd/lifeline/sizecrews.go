package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

const sizeCrewsExample = `  lifeline size-crews -team repair -target "critical below 95% for more than 24 h: at most 5%" -max 8 SCENARIO.yaml
  lifeline size-crews -team repair -members -target "ens: mean at most 20 MWh" SCENARIO.yaml
  lifeline size-crews -teams 'er*' -max 15 examples/hohhot/hohhot.yaml
  lifeline size-crews testdata/scenarios/repair-storm.yaml     # the file's target block`

// targetList collects repeated -target flags.
type targetList []string

func (l *targetList) String() string     { return strings.Join(*l, "; ") }
func (l *targetList) Set(s string) error { *l = append(*l, s); return nil }

// runSizeCrews implements "lifeline size-crews".
func runSizeCrews(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("size-crews", "SCENARIO.yaml",
		"Finds the smallest number of crews that meets every target with the stated confidence:\n"+
			"copies of a team (-team), members of a team (-team -members), or how many of a list of\n"+
			"teams are needed (-teams, kept in order). Every count plays the same trials of the seed\n"+
			"(common random numbers), is judged after a first batch and again each time its trials\n"+
			"double, and stops as soon as its verdict is clear; a bisection over counts finds the\n"+
			"answer. The flags override the scenario file's target block. Targets:\n"+
			indent(scenario.TargetForms)+"\n"+
			"See docs/compare.md.",
		sizeCrewsExample, stderr)
	team := fs.String("team", "", "`ID` of the team to copy (or to grow, with -members)")
	members := fs.Bool("members", false, "count the members of -team instead of copies of it")
	teams := fs.String("teams", "", "comma-separated team `IDS` or patterns (er*) to keep in order: how many are needed")
	var targets targetList
	fs.Var(&targets, "target", "a service `TARGET` all trials are judged by; repeat for several")
	minN := fs.Int("min", 0, "smallest count `K` searched (default 0, or 1 member)")
	maxN := fs.Int("max", 0, "largest count `K` searched (default 10 copies, twice the members, every listed team)")
	confidence := fs.Float64("confidence", 0, "confidence `C` of the answer, in (0, 1) (default 0.95)")
	trials := fs.Int("trials", 0, "most trials `N` per count (default 1000)")
	batch := fs.Int("batch", 0, "trials `B` before a count is first judged (default 50)")
	all := fs.Bool("all", false, "judge every count from -min to -max for the whole curve, instead of bisecting")
	seed := fs.Uint64("seed", 1, "random seed `S`")
	workers := fs.Int("workers", 0, "`W` goroutines running trials; 0 for one per CPU (never changes a result)")
	asJSON := fs.Bool("json", false, "print the lifeline-sizing JSON document instead of tables")
	out := fs.String("out", "", "also write sizing.json, sizing.txt and one chart per target (PNG and SVG) to folder `DIR`")
	quiet := fs.Bool("q", false, "no progress bar on stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return badInput(fmt.Errorf("want exactly one SCENARIO file, got %d arguments", fs.NArg()))
	}
	path := fs.Arg(0)
	f, err := scenfile.Open(path)
	if f != nil {
		printWarnings(stderr, f.Warnings)
	}
	if err != nil {
		return badInput(err)
	}
	sz := scenario.Sizing{Scenario: f.Scenario}
	if f.Sizing != nil {
		sz = *f.Sizing
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["team"] && set["teams"] {
		return badInput(errors.New("give -team or -teams, not both"))
	}
	if set["members"] && !set["team"] && sz.Team == "" {
		return badInput(errors.New("-members counts the members of -team: name the team"))
	}
	switch {
	case set["team"]:
		sz.Team, sz.Teams, sz.Mode = *team, nil, scenario.SizeCopies
		if *members {
			sz.Mode = scenario.SizeMembers
		}
	case set["teams"]:
		sz.Team, sz.Mode = "", scenario.SizeTeams
		sz.Teams = nil
		for id := range strings.SplitSeq(*teams, ",") {
			if id = strings.TrimSpace(id); id != "" {
				sz.Teams = append(sz.Teams, id)
			}
		}
	case set["members"]:
		if *members {
			sz.Mode = scenario.SizeMembers
		} else if sz.Mode == scenario.SizeMembers {
			sz.Mode = scenario.SizeCopies
		}
	}
	if set["target"] {
		sz.Targets = nil
		var bad []error
		for _, s := range targets {
			t, err := scenario.ParseTarget(s)
			if err != nil {
				bad = append(bad, fmt.Errorf("-target: %w", err))
				continue
			}
			sz.Targets = append(sz.Targets, t)
		}
		if len(bad) > 0 {
			return badInput(fmt.Errorf("%w\nthe forms of a target:\n%s", errors.Join(bad...), indent(scenario.TargetForms)))
		}
	}
	if len(sz.Targets) == 0 {
		fs.Usage()
		return badInput(fmt.Errorf("no target: give -target, or a target block in %s (docs/scenario-format.md)", path))
	}
	for _, o := range []struct {
		name     string
		dst, src *int
	}{{"min", &sz.Min, minN}, {"max", &sz.Max, maxN}, {"trials", &sz.Trials, trials}, {"batch", &sz.Batch, batch}} {
		if set[o.name] {
			*o.dst = *o.src
		}
	}
	if set["confidence"] {
		sz.Confidence = *confidence
	}
	sz.Exhaustive = *all
	sz.Seed, sz.Workers = *seed, *workers
	if err := sz.Check(); err != nil {
		return badInput(sizingFlagErrors(path, err))
	}
	bar := newProgress(stderr, "trials", *quiet)
	current := -1
	sz.Progress = func(count, done, most int) {
		if count != current {
			bar.done()
			bar = newProgress(stderr, fmt.Sprintf("count %d", count), *quiet)
			current = count
		}
		bar.update(done, most)
	}
	res, err := scenario.SizeCrews(context.Background(), sz)
	bar.done()
	if err != nil {
		return err
	}
	if *out != "" {
		if err := writeSizing(*out, res); err != nil {
			return err
		}
	}
	if *asJSON {
		return report.WriteSizingJSON(stdout, res)
	}
	return report.WriteSizingText(stdout, res)
}

// sizingFlagErrors names the flags behind the problems of a sizing.
func sizingFlagErrors(path string, err error) error {
	probs := scenario.Problems(err)
	if len(probs) == 0 {
		return fmt.Errorf("%s: %w", path, err)
	}
	var list []error
	for _, p := range probs {
		flagName := p.Field
		switch {
		case strings.HasPrefix(p.Field, "targets"):
			flagName = "target"
		case strings.HasPrefix(p.Field, "teams"):
			flagName = "teams"
		}
		list = append(list, fmt.Errorf("-%s: %s", flagName, p.Msg))
	}
	return errors.Join(list...)
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

// writeSizing writes sizing.json, sizing.txt and the charts of r to dir.
func writeSizing(dir string, r *scenario.SizingResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var js, txt bytes.Buffer
	if err := report.WriteSizingJSON(&js, r); err != nil {
		return err
	}
	if err := report.WriteSizingText(&txt, r); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"sizing.json": js.Bytes(), "sizing.txt": txt.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	_, err := report.SizingCharts(dir, r)
	return err
}
