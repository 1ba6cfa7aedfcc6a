package scenario

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func paired(xs, ys []float64, lowerWorse bool) (Moments, Moments, Difference) {
	a := pairAcc{lowerWorse: lowerWorse}
	for i := range xs {
		a.add(xs[i], ys[i])
	}
	return a.moments()
}

// t3CDF is the distribution function of Student's t with 3 degrees of
// freedom in closed form: ½ + (1/π)(u/(1+u²) + atan u), u = t/√3.
func t3CDF(t float64) float64 {
	u := t / math.Sqrt(3)
	return 0.5 + (u/(1+u*u)+math.Atan(u))/math.Pi
}

// Paired statistics of a hand-computed case. Base 1, 2, 3, 4 and plan 0,
// 2, 1, 3: differences −1, 0, −2, −1, mean −1, squared deviations 0, 1,
// 1, 0, so s_d² = 2/3 and the standard error √(2/3)/2 = 0.40825. With
// t(0.975, 3) = 3.182446305284263 (tables) the interval is −1 ± 1.299228.
// s_x² = s_y² = 5/3, so the variance reduction is (10/3)/(2/3) = 5 and the
// independent standard error √((10/3)/4) = 0.91287. P(better) is
// F₃(1/0.40825) = F₃(√6) = ½ + (√2/3 + atan √2)/π = 0.954139; the plan
// wins 3 trials of 4 and ties one.
func TestPairedHandComputed(t *testing.T) {
	xs := []float64{1, 2, 3, 4}
	ys := []float64{0, 2, 1, 3}
	bx, by, d := paired(xs, ys, false)
	const tol = 1e-12
	assert.InDelta(t, 2.5, bx.Mean, tol)
	assert.InDelta(t, math.Sqrt(5.0/3), bx.StdDev, tol)
	assert.InDelta(t, math.Sqrt(5.0/3)/2, bx.StdErr, tol)
	assert.InDelta(t, 1.5, by.Mean, tol)
	assert.InDelta(t, -1, d.Mean, tol)
	assert.InDelta(t, math.Sqrt(2.0/3), d.StdDev, tol)
	se := math.Sqrt(2.0/3) / 2
	assert.InDelta(t, se, d.StdErr, tol)
	assert.InDelta(t, 0.408248290463863, d.StdErr, 1e-12)
	const t975 = 3.182446305284263
	assert.InDelta(t, -1-t975*se, d.CI95Low, 1e-9)
	assert.InDelta(t, -1+t975*se, d.CI95High, 1e-9)
	assert.InDelta(t, -2.299228, d.CI95Low, 1e-6)
	assert.InDelta(t, 0.299228, d.CI95High, 1e-6)
	assert.InDelta(t, 5, d.VarianceReduction, 1e-12)
	assert.InDelta(t, math.Sqrt(10.0/3/4), d.IndependentStdErr, tol)
	want := 0.5 + (math.Sqrt2/3+math.Atan(math.Sqrt2))/math.Pi
	assert.InDelta(t, want, t3CDF(math.Sqrt(6)), 1e-15)
	assert.InDelta(t, want, d.PBetter, 1e-9)
	assert.InDelta(t, 0.954139, d.PBetter, 1e-6)
	assert.Equal(t, 0.75, d.ShareBetter)
	assert.Equal(t, 0.0, d.ShareWorse)

	// Lower is worse (a coverage): the same differences favour the base.
	_, _, d = paired(xs, ys, true)
	assert.InDelta(t, 1-want, d.PBetter, 1e-9)
	assert.Equal(t, 0.0, d.ShareBetter)
	assert.Equal(t, 0.75, d.ShareWorse)

	// Plan − base with a constant offset: zero spread, a point interval,
	// certainty, and an infinite variance reduction.
	_, _, d = paired(xs, []float64{0, 1, 2, 3}, false)
	assert.Equal(t, -1.0, d.Mean)
	assert.Zero(t, d.StdErr)
	assert.Equal(t, [2]float64{-1, -1}, [2]float64{d.CI95Low, d.CI95High})
	assert.Equal(t, 1.0, d.PBetter)
	assert.True(t, math.IsInf(d.VarianceReduction, 1))
	_, _, d = paired(xs, []float64{2, 3, 4, 5}, false)
	assert.Equal(t, 0.0, d.PBetter)

	// Nothing varies: no variance reduction to speak of.
	_, _, d = paired([]float64{7, 7}, []float64{7, 7}, false)
	assert.Equal(t, 0.5, d.PBetter)
	assert.True(t, math.IsNaN(d.VarianceReduction))

	// One trial: a difference, no spread.
	bx, _, d = paired([]float64{3}, []float64{1}, false)
	assert.Equal(t, -2.0, d.Mean)
	assert.Equal(t, 1.0, d.ShareBetter)
	for _, v := range []float64{bx.StdDev, d.StdErr, d.CI95Low, d.CI95High, d.PBetter, d.VarianceReduction, d.IndependentStdErr} {
		assert.True(t, math.IsNaN(v))
	}

	// Differences within 10⁻⁹ relative are rounding: zero.
	_, _, d = paired([]float64{345600, 345600}, []float64{345599.99999999994, 345600}, false)
	assert.Zero(t, d.Mean)
	assert.Zero(t, d.StdErr)
	assert.Equal(t, 0.5, d.PBetter)
	assert.Zero(t, d.ShareWorse+d.ShareBetter)
}

// Property: over random samples, the variance reduction equals
// (s_x² + s_y²)/s_d² computed two-pass, and the interval holds the mean
// difference at its centre with half-width t·se.
func TestPairedMatchesTwoPass(t *testing.T) {
	for k := range 200 {
		n := 2 + k%37
		xs, ys := make([]float64, n), make([]float64, n)
		s := uint64(k)*0x9e3779b97f4a7c15 + 1
		for i := range n {
			s = mix(s)
			xs[i] = float64(s>>11) / (1 << 53) * 100
			s = mix(s)
			ys[i] = xs[i]*0.8 + float64(s>>11)/(1<<53)*10
		}
		_, _, d := paired(xs, ys, false)
		vx, vy, vd, md := twoPassVar(xs), twoPassVar(ys), 0.0, 0.0
		ds := make([]float64, n)
		for i := range ds {
			ds[i] = ys[i] - xs[i]
			md += ds[i]
		}
		md /= float64(n)
		vd = twoPassVar(ds)
		require.InDelta(t, md, d.Mean, 1e-9*math.Max(1, math.Abs(md)))
		require.InDelta(t, (vx+vy)/vd, d.VarianceReduction, 1e-8*(vx+vy)/vd)
		require.InDelta(t, math.Sqrt(vd/float64(n)), d.StdErr, 1e-9)
		h := tQuantile975(n-1) * d.StdErr
		require.InDelta(t, d.Mean-h, d.CI95Low, 1e-9)
		require.InDelta(t, d.Mean+h, d.CI95High, 1e-9)
	}
}

func twoPassVar(xs []float64) float64 {
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return ss / float64(len(xs)-1)
}

// orderedTrials hands results over in trial order whatever the workers,
// stops when take says so, and reports the lowest failed trial.
func TestOrderedTrials(t *testing.T) {
	for _, w := range []int{1, 3, 8} {
		var got []int
		n, err := orderedTrials(context.Background(), w, 5, 20,
			func(_ context.Context, i int) (int, error) { return i * i, nil },
			func(i, v int) bool { require.Equal(t, i*i, v); got = append(got, i); return true })
		require.NoError(t, err)
		assert.Equal(t, 20, n)
		for k, i := range got {
			assert.Equal(t, 5+k, i)
		}
		n, err = orderedTrials(context.Background(), w, 0, 50,
			func(_ context.Context, i int) (int, error) { return i, nil },
			func(i, _ int) bool { return i < 9 })
		require.NoError(t, err)
		assert.Equal(t, 10, n)
		bad := errors.New("boom")
		n, err = orderedTrials(context.Background(), w, 0, 30,
			func(_ context.Context, i int) (int, error) {
				if i == 12 || i == 17 {
					return 0, bad
				}
				if i == 20 {
					panic("oops")
				}
				return i, nil
			},
			func(int, int) bool { return true })
		assert.ErrorIs(t, err, bad)
		assert.EqualError(t, err, "trial 12: boom")
		assert.Equal(t, 12, n)
	}
}
