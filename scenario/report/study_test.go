package report_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/scenario"
	"github.com/lifeline-sim/lifeline/scenario/report"
)

// The document of trial 0 alone, saved as JSON and read back, completed
// with the summaries of a study run in three parts and merged, is the
// document of one run of all the trials, byte for byte but the timings:
// what "lifeline merge" prints. The first document is left as it was.
func TestWithStudySameDocument(t *testing.T) {
	sc := mappedCity(t)
	sc.Faults = []scenario.FaultModel{{Network: "power", Links: true, Rate: 300, Repair: crew.Exponential(2)}}
	ctx := context.Background()
	whole, err := report.Compute(ctx, sc, report.Options{Seed: 3, Trials: 10, Network: "power"})
	require.NoError(t, err)
	plan, err := sc.Compile()
	require.NoError(t, err)
	var parts []*scenario.Summary
	for _, r := range [][2]int{{7, 10}, {0, 3}, {3, 7}} {
		s, err := scenario.Study{Plan: plan, Seed: 3, First: r[0], Trials: r[1] - r[0], Total: 10, Network: "power"}.Run(ctx)
		require.NoError(t, err)
		parts = append(parts, s)
	}
	sum, err := scenario.Merge(parts...)
	require.NoError(t, err)
	one, err := report.Compute(ctx, sc, report.Options{Seed: 3, Trials: 1, Network: "power"})
	require.NoError(t, err)
	var saved bytes.Buffer
	require.NoError(t, report.WriteJSON(&saved, one.Document))
	part, err := report.ReadJSON(&saved)
	require.NoError(t, err)

	merged, err := report.WithStudy(part, sum)
	require.NoError(t, err)
	assert.Nil(t, merged.Timings)
	assert.NotNil(t, part.Timings, "the input keeps its timings")
	assert.Nil(t, part.Risk, "the input is not modified")
	assert.Equal(t, 1, part.Trials)
	assert.Equal(t, 10, merged.Trials)
	whole.Document.Timings = nil
	var x, y bytes.Buffer
	require.NoError(t, report.WriteJSON(&x, whole.Document))
	require.NoError(t, report.WriteJSON(&y, merged))
	assert.Equal(t, x.String(), y.String())
	var tx, ty bytes.Buffer
	require.NoError(t, report.WriteText(&tx, whole.Document))
	require.NoError(t, report.WriteText(&ty, merged))
	assert.Equal(t, tx.String(), ty.String())
	assert.Greater(t, merged.Risk.StdErr, 0.0, "the faults make trials differ")

	// Refused: a document with a risk already, and one of another study,
	// each difference named.
	_, err = report.WithStudy(merged, sum)
	assert.ErrorContains(t, err, "already holds the risk over 10 trials")
	other := *part
	other.Seed, other.Scenario, other.Network, other.Horizon = 4, "elsewhere", "heat", 48
	_, err = report.WithStudy(&other, sum)
	for _, want := range []string{`scenario "elsewhere" of the document differs from "city day"`,
		"seed 4 of the document differs from 3", "horizon 48 of the document differs from 12",
		`network "heat" of the document differs from "power"`} {
		assert.ErrorContains(t, err, want)
	}
	_, err = report.WithStudy(nil, sum)
	assert.Error(t, err)
	_, err = report.WithStudy(part, nil)
	assert.Error(t, err)
}
