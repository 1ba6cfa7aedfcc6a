package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

const mergeExample = `  lifeline run -trials 1000 -shard 0/4 -summary out/ study.yaml   # … and 1/4, 2/4, 3/4 anywhere
  lifeline merge out/shard-*.json
  lifeline merge -json -out merged out/shard-*.json`

// runMerge implements "lifeline merge": it reads the summaries of the
// shards of one study, in any order, checks that together they hold every
// trial exactly once, and prints the report one run of all the trials
// prints.
func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge", "SUMMARY.json|DIR...",
		"Merges the summaries that \"lifeline run -shard K/N -summary FILE\" wrote for the shards of one\n"+
			"study (one scenario, seed, network and trial count) and prints the report that\n"+
			"\"lifeline run -trials N\" of the whole study prints on one machine: the same bytes, as text or\n"+
			"with -json, and with -out DIR the same files (only the timings are left out). The summaries\n"+
			"may come in any order; it refuses summaries of different studies, duplicated or overlapping\n"+
			"trial ranges and missing ones, naming the files and the trials.\n"+
			"A folder stands for the shard summaries in it (shard-K-of-N.json).\n"+
			"The files are read one at a time: memory is that of the merged records (about 170 bytes per\n"+
			"trial). The summary format is described in docs/scale-out.md.",
		mergeExample, stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON instead of text")
	out := fs.String("out", "", "also write every file of the report into folder `DIR`, as lifeline run -out does")
	quiet := fs.Bool("q", false, "no summary on stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return badInput(errors.New("want one or more SUMMARY files"))
	}
	files, err := expandInputs(fs.Args())
	if err != nil {
		return badInput(err)
	}
	sum, err := mergeFiles(files)
	if err != nil {
		return badInput(err)
	}
	part, err := trialZeroOf(sum)
	if err != nil {
		return badInput(err)
	}
	doc, err := report.WithStudy(part, sum)
	if err != nil {
		return badInput(err)
	}
	if sum.Trials() == 1 {
		// lifeline run -trials 1 reports the run alone, without a study
		// (report.Compute studies more than one trial only).
		doc.Risk, doc.Trials = nil, 1
	}
	return emit(doc, *asJSON, *out, *quiet, stdout, stderr) // run.go
}

// expandInputs replaces each folder among the arguments by the shard
// summaries in it (shard-K-of-N.json, as "lifeline run -shard -summary
// DIR/" names them), in name order, for callers without a shell to expand
// a pattern (a container's command).
func expandInputs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil || !fi.IsDir() {
			out = append(out, a) // a file, or an error when it is opened
			continue
		}
		files, err := filepath.Glob(filepath.Join(a, "shard-*-of-*.json"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: a folder without shard summaries (shard-K-of-N.json)", a)
		}
		out = append(out, files...) // Glob sorts
	}
	return out, nil
}

// mergeFiles reads and merges the summary files, one at a time, and
// requires every trial of the study.
func mergeFiles(paths []string) (*scenario.Summary, error) {
	m := scenario.Merger{Complete: true}
	var list []error
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			list = append(list, err)
			continue
		}
		err = m.Read(p, f)
		f.Close()
		if err != nil {
			list = append(list, err)
		}
	}
	if len(list) > 0 {
		return nil, errors.Join(list...)
	}
	sum, err := m.Summary()
	if err != nil {
		return nil, err
	}
	if sum.Total() == 0 {
		return nil, fmt.Errorf("the summaries do not state the study's trial count (not written by lifeline run -shard); cannot tell whether trials are missing")
	}
	return sum, nil
}

// trialZeroOf returns the report document of trial 0 that the shard
// holding it attached.
func trialZeroOf(sum *scenario.Summary) (*report.Document, error) {
	data, ok := sum.Attachment(0, runAttachment)
	if !ok {
		return nil, errors.New("the summary holding trial 0 has no report of it (write the shards with lifeline run -shard)")
	}
	doc, err := report.ReadJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the report of trial 0 attached to the summaries: %w", err)
	}
	return doc, nil
}
