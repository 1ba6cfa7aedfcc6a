// Package cityrun is the common front of the example programs: flags, one
// run and a Monte Carlo study of a scenario, a readable report on stdout,
// and the JSON result, CSV timeline and charts written to a folder.
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
	// Extra, if set, prints example-specific findings after the report.
	Extra func(w io.Writer, res *scenario.Result, sum *scenario.Summary) error
}

// Options are the flags every example takes.
type Options struct {
	Out     string
	Trials  int
	Seed    uint64
	Workers int
	Charts  bool
}

// Main parses args, runs the example, prints to stdout and returns the
// process exit status (0 ok, 1 failed, 2 bad flags).
func Main(cfg Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cfg.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt Options
	fs.StringVar(&opt.Out, "out", "out", "folder `DIR` for result.json, timeline.csv and the charts")
	fs.IntVar(&opt.Trials, "trials", cfg.Trials, "Monte Carlo trials `N` (1: a single run)")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random seed `S`")
	fs.IntVar(&opt.Workers, "workers", 0, "`W` goroutines for trials; 0 for one per CPU (never changes a result)")
	fs.BoolVar(&opt.Charts, "charts", true, "write PNG and SVG charts")
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
	Run     *scenario.Result
	Summary *scenario.Summary // nil for a single trial
	Files   []string          // written, relative to Options.Out
}

// Run builds and runs the example and writes its outputs.
func Run(ctx context.Context, cfg Config, opt Options, stdout io.Writer) error {
	_, err := Compute(ctx, cfg, opt, stdout)
	return err
}

// Compute is Run returning what it computed, for tests.
func Compute(ctx context.Context, cfg Config, opt Options, stdout io.Writer) (*Result, error) {
	sc, err := cfg.Build()
	if err != nil {
		return nil, err
	}
	plan, err := sc.Compile()
	if err != nil {
		return nil, err
	}
	res, err := plan.NewRun(opt.Seed).RunContext(ctx)
	if err != nil {
		return nil, err
	}
	out := &Result{Run: res}
	if opt.Trials > 1 {
		out.Summary, err = scenario.Study{Plan: plan, Seed: opt.Seed, Trials: opt.Trials, Workers: opt.Workers, Network: cfg.Network}.Run(ctx)
		if err != nil {
			return nil, err
		}
	}
	if err := report.WriteText(stdout, res, out.Summary); err != nil {
		return nil, err
	}
	if cfg.Extra != nil {
		if err := cfg.Extra(stdout, res, out.Summary); err != nil {
			return nil, err
		}
	}
	if opt.Out == "" {
		return out, nil
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return nil, err
	}
	write := func(name string, fn func(io.Writer) error) error {
		f, err := os.Create(filepath.Join(opt.Out, name))
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		out.Files = append(out.Files, name)
		return f.Close()
	}
	if err := write("result.json", func(w io.Writer) error { return report.WriteJSON(w, res, out.Summary) }); err != nil {
		return nil, err
	}
	if err := write("timeline.csv", func(w io.Writer) error { return report.WriteTimelineCSV(w, res) }); err != nil {
		return nil, err
	}
	if opt.Charts {
		files, err := report.Charts(opt.Out, res, out.Summary, "png", "svg")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if rel, err := filepath.Rel(opt.Out, f); err == nil {
				f = rel
			}
			out.Files = append(out.Files, f)
		}
	}
	fmt.Fprintf(stdout, "\nWrote %d files to %s\n", len(out.Files), opt.Out)
	return out, nil
}
