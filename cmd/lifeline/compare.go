package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
	"github.com/lifeline-sim/lifeline/scenario/scenfile"
)

const compareExample = `  lifeline compare testdata/scenarios/repair-storm.yaml testdata/scenarios/repair-storm-second-crew.yaml
  lifeline compare -trials 400 -json base.yaml plan.yaml > comparison.json
  lifeline compare -out comparison base.yaml plan.yaml`

// runCompare implements "lifeline compare": paired differences of a plan
// against a base over the same trials.
func runCompare(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compare", "BASE.yaml PLAN.yaml",
		"Plays trials 0 … N−1 of both scenario files with the same seed, so that each trial of\n"+
			"the plan sees the same faults and repair times as that trial of the base wherever they\n"+
			"share an asset, and reports the paired differences plan − base of every metric, per\n"+
			"network, class and zone: mean, standard error, 95% interval, the probability that the\n"+
			"plan is better on average, the shares of trials it wins and loses, and the variance\n"+
			"reduction against two independent studies. See docs/compare.md.",
		compareExample, stderr)
	trials := fs.Int("trials", 100, "number of paired trials `N`")
	seed := fs.Uint64("seed", 1, "random seed `S` of both variants")
	workers := fs.Int("workers", 0, "`W` goroutines running trials; 0 for one per CPU (never changes a result)")
	asJSON := fs.Bool("json", false, "print the lifeline-compare JSON document instead of tables")
	out := fs.String("out", "", "also write comparison.json, comparison.txt and the charts (PNG and SVG) to folder `DIR`")
	quiet := fs.Bool("q", false, "no progress bar on stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return badInput(fmt.Errorf("want a BASE and a PLAN scenario file, got %d arguments", fs.NArg()))
	}
	if *trials < 1 {
		return badInput(fmt.Errorf("-trials %d: want 1 or more", *trials))
	}
	if *workers < 0 {
		return badInput(fmt.Errorf("-workers %d: want 0 or more", *workers))
	}
	var plans [2]*scenario.Plan
	var errs []error
	for i := range 2 {
		p, err := loadPlan(fs.Arg(i), stderr)
		if err != nil {
			errs = append(errs, err)
		}
		plans[i] = p
	}
	if len(errs) > 0 {
		return badInput(errors.Join(errs...))
	}
	bar := newProgress(stderr, "paired trials", *quiet)
	c, err := scenario.Compare(context.Background(), plans[0], plans[1],
		scenario.CompareOptions{Seed: *seed, Trials: *trials, Workers: *workers, Progress: bar.update})
	bar.done()
	if err != nil {
		return err
	}
	if *out != "" {
		if err := writeComparison(*out, c); err != nil {
			return err
		}
	}
	if *asJSON {
		return report.WriteComparisonJSON(stdout, c)
	}
	return report.WriteComparisonText(stdout, c)
}

// loadPlan reads and compiles one scenario file, printing its warnings.
func loadPlan(path string, stderr io.Writer) (*scenario.Plan, error) {
	f, err := scenfile.Open(path)
	if f != nil {
		printWarnings(stderr, f.Warnings)
	}
	if err != nil {
		return nil, err
	}
	p, err := f.Scenario.Compile()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// writeComparison writes comparison.json, comparison.txt and the charts
// of c to dir.
func writeComparison(dir string, c *scenario.Comparison) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var js, txt bytes.Buffer
	if err := report.WriteComparisonJSON(&js, c); err != nil {
		return err
	}
	if err := report.WriteComparisonText(&txt, c); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"comparison.json": js.Bytes(), "comparison.txt": txt.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	_, err := report.ComparisonCharts(dir, c)
	return err
}
