package report

import (
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/plotter"
)

// The band of a fan chart is a step polygon: along the upper values from
// the first bucket's start to the horizon, then back along the lower
// values, each value held across its bucket.
func TestFanBand(t *testing.T) {
	start := []float64{0, 2, 4}
	lo := []float64{0.25, 0.5, 1}
	hi := []float64{0.5, 0.75, 1}
	poly, err := fanBand(start, lo, hi, 5, 100, color.Black)
	require.NoError(t, err)
	require.Len(t, poly.XYs, 1)
	want := plotter.XYs{
		{X: 0, Y: 50}, {X: 2, Y: 50}, {X: 2, Y: 75}, {X: 4, Y: 75}, {X: 4, Y: 100}, {X: 5, Y: 100},
		{X: 5, Y: 100}, {X: 4, Y: 100}, {X: 4, Y: 50}, {X: 2, Y: 50}, {X: 2, Y: 25}, {X: 0, Y: 25},
	}
	assert.Equal(t, want, poly.XYs[0])
	assert.Equal(t, color.Black, poly.Color)
	assert.Zero(t, poly.LineStyle.Width, "no outline")
	// Lists of unequal length draw the buckets all of them hold.
	poly, err = fanBand(start, lo[:2], hi, 5, 1, color.Black)
	require.NoError(t, err)
	assert.Len(t, poly.XYs[0], 8)
}
