package report

import (
	"errors"
	"fmt"

	"github.com/lifeline-sim/lifeline/scenario"
)

// WithStudy returns a copy of doc, the document of trial 0 alone (as New
// builds it without a summary, or ReadJSON decodes it), with the risk of
// the study sum summarises and its trial count: the document New builds
// from the same run and summary, but for Timings, which the copy leaves
// out. It is how the document of a study run in parts is made: the part
// holding trial 0 keeps its document, the summaries of every part merge
// (scenario.Merger), and the merged summary completes the document.
//
// It returns an error if doc is nil, already holds a risk, or was not made
// from the summary's study: a different scenario name, seed, horizon or
// resolution, or a lead network other than the summary's. A summary
// without trials leaves the copy a single run. doc is not modified; the
// copy shares its networks, crew and sections. O(trials × metrics × log
// trials), as New.
func WithStudy(doc *Document, sum *scenario.Summary) (*Document, error) {
	if doc == nil {
		return nil, errors.New("report: WithStudy: nil document")
	}
	if sum == nil {
		return nil, errors.New("report: WithStudy: nil summary")
	}
	if doc.Risk != nil {
		return nil, fmt.Errorf("report: WithStudy: the document already holds the risk over %d trials", doc.Risk.Trials)
	}
	var errs []error
	differ := func(key string, d, s any) {
		errs = append(errs, fmt.Errorf("report: WithStudy: %s %v of the document differs from %v of the summary", key, d, s))
	}
	if doc.Scenario != sum.Scenario() {
		differ("scenario", fmt.Sprintf("%q", doc.Scenario), fmt.Sprintf("%q", sum.Scenario()))
	}
	if doc.Seed != sum.Seed() {
		differ("seed", doc.Seed, sum.Seed())
	}
	if doc.Horizon != sum.Horizon() {
		differ("horizon", doc.Horizon, sum.Horizon())
	}
	if r := sum.Resolution(); r != 0 && doc.Resolution != r {
		differ("resolution", doc.Resolution, r)
	}
	if doc.Network != sum.Network() {
		differ("network", fmt.Sprintf("%q", doc.Network), fmt.Sprintf("%q", sum.Network()))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := *doc
	out.Timings = nil
	if sum.Trials() == 0 {
		return &out, nil
	}
	if err := out.addStudy(sum); err != nil {
		return nil, err
	}
	return &out, nil
}

// addStudy sets the risk of a study with at least one trial and its trial
// count. New and WithStudy both complete a document through it.
func (d *Document) addStudy(sum *scenario.Summary) error {
	r, err := newRisk(sum)
	if err != nil {
		return err
	}
	d.Risk = r
	d.Trials = sum.Trials()
	return nil
}
