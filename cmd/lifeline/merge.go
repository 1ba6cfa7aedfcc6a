package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lifeline-sim/lifeline/scenario"
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
			"with -json. The summaries may come in any order; it refuses summaries of different studies,\n"+
			"duplicated or overlapping trial ranges and missing ones, naming the files and the trials.\n"+
			"A folder stands for the shard summaries in it (shard-K-of-N.json).\n"+
			"The files are read one at a time: memory is that of the merged records (about 170 bytes per\n"+
			"trial). The summary format is described in docs/scale-out.md.",
		mergeExample, stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON instead of text")
	out := fs.String("out", "", "also write report.txt, report.json and the merged summary.json into folder `DIR`")
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
	if *out != "" {
		if err := writeMergeDir(*out, part, sum); err != nil {
			return err
		}
	}
	return writeRunReport(stdout, part, sum, *asJSON)
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

// trialZeroOf returns the report of trial 0 that the shard holding it
// attached.
func trialZeroOf(sum *scenario.Summary) (*trialZeroReport, error) {
	data, ok := sum.Attachment(0, runAttachment)
	if !ok {
		return nil, errors.New("the summary holding trial 0 has no report of it (write the shards with lifeline run -shard)")
	}
	var part trialZeroReport
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&part); err != nil {
		return nil, fmt.Errorf("the report of trial 0 attached to the summaries: %w", err)
	}
	if part.Trials != sum.Total() {
		return nil, fmt.Errorf("the report of trial 0 is of a study of %d trials, the summaries of %d", part.Trials, sum.Total())
	}
	return &part, nil
}

// writeMergeDir writes the report as text and JSON and the merged
// summary into dir.
func writeMergeDir(dir string, part *trialZeroReport, sum *scenario.Summary) error {
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"report.txt", func(w io.Writer) error { return writeRunReport(w, part, sum, false) }},
		{"report.json", func(w io.Writer) error { return writeRunReport(w, part, sum, true) }},
		{"summary.json", sum.WriteJSON},
	} {
		if err := writeFileAtomic(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}
