// Package cityrun is the common front of the example programs: flags, one
// run and a Monte Carlo study of a scenario, the report on stdout, and
// every file of the report written to a folder, all through package
// scenario/report as "lifeline run" does.
package cityrun

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// Config describes one example program.
type Config struct {
	// Name is the program's name, used in usage and file names.
	Name string
	// About is a paragraph on what the example plays out.
	About string
	// Build returns the scenario (called once).
	Build func() (*scenario.Scenario, error)
	// Trials is the default number of Monte Carlo trials.
	Trials int
	// Network is the utility whose risk is summarised; "" for the first.
	Network string
	// Findings, if set, returns the example's own sections, added to the
	// report (text, JSON and HTML) after the risk. doc is the report so
	// far, for its formatting (doc.When) and figures.
	Findings func(doc *report.Document, res *scenario.Result, sum *scenario.Summary) ([]report.Section, error)
}

// Options are the flags every example takes.
type Options struct {
	Out     string
	Trials  int
	Seed    uint64
	Workers int
}

// Main parses args, runs the example, prints to stdout and returns the
// process exit status (0 ok, 1 failed, 2 bad flags).
func Main(cfg Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cfg.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt Options
	fs.StringVar(&opt.Out, "out", "out", "folder `DIR` for the report: report.json, timeline.csv, charts, maps and report.html (\"\" for none)")
	fs.IntVar(&opt.Trials, "trials", cfg.Trials, "Monte Carlo trials `N` (1: a single run)")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random seed `S`")
	fs.IntVar(&opt.Workers, "workers", 0, "`W` goroutines for trials; 0 for one per CPU (never changes a result)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/%s [flags]\n\n%s\n\nFlags:\n", cfg.Name, cfg.About)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := Run(ctx, cfg, opt, stdout); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cfg.Name, err)
		return 1
	}
	return 0
}

// Result is what Run computed.
type Result struct {
	Report  *report.Document
	Run     *scenario.Result
	Summary *scenario.Summary // nil for a single trial
	Files   []string          // written, relative to Options.Out
}

// Run builds and runs the example and writes its outputs.
func Run(ctx context.Context, cfg Config, opt Options, stdout io.Writer) error {
	_, err := Compute(ctx, cfg, opt, stdout)
	return err
}

// Compute is Run returning what it computed, for tests. The report is
// the one "lifeline run" makes of the example's YAML twin: the same model
// (report.Compute), the same text (report.WriteText) and the same files
// (report.WriteDir).
func Compute(ctx context.Context, cfg Config, opt Options, stdout io.Writer) (*Result, error) {
	sc, err := cfg.Build()
	if err != nil {
		return nil, err
	}
	c, err := report.Compute(ctx, sc, report.Options{Seed: opt.Seed, Trials: opt.Trials, Workers: opt.Workers, Network: cfg.Network})
	if err != nil {
		return nil, err
	}
	out := &Result{Report: c.Document, Run: c.Result, Summary: c.Summary}
	if cfg.Findings != nil {
		secs, err := cfg.Findings(c.Document, c.Result, c.Summary)
		if err != nil {
			return nil, err
		}
		c.Document.Sections = append(c.Document.Sections, secs...)
	}
	if err := report.WriteText(stdout, c.Document); err != nil {
		return nil, err
	}
	if opt.Out == "" {
		return out, nil
	}
	out.Files, err = report.WriteDir(opt.Out, c.Document)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s; open %s\n", len(out.Files), opt.Out, filepath.Join(opt.Out, report.HTMLFile))
	return out, nil
}
