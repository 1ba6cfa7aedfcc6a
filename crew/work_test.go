package crew

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestWorkTimeMeans(t *testing.T) {
	const n = 20000
	cases := []struct {
		w        WorkTime
		name     string
		mean     float64 // analytic, computed by hand
		variance float64
	}{
		{Exponential(4), "exponential(mean=4)", 4, 16},
		// mean = 3·e^(0.125); variance = (e^0.25 − 1)·9·e^0.25
		{LogNormal(3, 0.5), "lognormal(median=3, sigma=0.5)", 3 * math.Exp(0.125), (math.Exp(0.25) - 1) * 9 * math.Exp(0.25)},
		// mean = 5·Γ(1 + 1/1.5); variance = 25·(Γ(1 + 2/1.5) − Γ(1 + 1/1.5)²)
		{Weibull(1.5, 5), "weibull(shape=1.5, scale=5)", 5 * math.Gamma(1+1/1.5), 25 * (math.Gamma(1+2/1.5) - math.Pow(math.Gamma(1+1/1.5), 2))},
		{Uniform(2, 6), "uniform(2, 6)", 4, 16.0 / 12},
		{Fixed(2.5), "fixed(2.5)", 2.5, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.name, c.w.Name)
			assert.Equal(t, c.name, c.w.String())
			assert.InDelta(t, c.mean, c.w.Mean, 1e-12)
			r := rand.New(rand.NewPCG(2022, 2))
			sum := 0.0
			for range n {
				x := c.w.Sample(r)
				require.GreaterOrEqual(t, x, 0.0)
				sum += x
			}
			se := math.Sqrt(c.variance / n)
			assert.InDelta(t, c.mean, sum/n, 3*se+1e-12, "mean of %d draws, 3 standard errors = %g", n, 3*se)
		})
	}
	// Closed forms agree with gonum's.
	assert.InDelta(t, distuv.Weibull{K: 1.5, Lambda: 5}.Variance(), 25*(math.Gamma(1+2/1.5)-math.Pow(math.Gamma(1+1/1.5), 2)), 1e-12)
	assert.InDelta(t, distuv.LogNormal{Mu: math.Log(3), Sigma: 0.5}.Variance(), (math.Exp(0.25)-1)*9*math.Exp(0.25), 1e-12)
}

func TestWorkTimeDeterminism(t *testing.T) {
	for _, w := range []WorkTime{Exponential(4), LogNormal(3, 0.5), Weibull(1.5, 5), Uniform(2, 6)} {
		draw := func(seed uint64) []float64 {
			r := rand.New(rand.NewPCG(seed, 7))
			out := make([]float64, 50)
			for i := range out {
				out[i] = w.Sample(r)
			}
			return out
		}
		a, b, c := draw(1), draw(1), draw(2)
		assert.Equal(t, a, b, "%s: same seed, same draws", w)
		assert.NotEqual(t, a, c, "%s: another seed, other draws", w)
		assert.NotEqual(t, a[0], a[1], "%s: draws consume the stream", w)

		// The draws come from the caller's stream and nothing else:
		// interleaving with the caller's own use of it is reproducible.
		r1 := rand.New(rand.NewPCG(3, 3))
		r2 := rand.New(rand.NewPCG(3, 3))
		x1, u1 := w.Sample(r1), r1.Float64()
		x2, u2 := w.Draw(r2), r2.Float64()
		assert.Equal(t, x1, x2)
		assert.Equal(t, u1, u2)
	}
}

func TestWorkTimeZeroAndNil(t *testing.T) {
	var w WorkTime
	assert.Equal(t, 0.0, w.Sample(nil))
	assert.Equal(t, "none", w.String())
	assert.Equal(t, 2.5, Fixed(2.5).Draw(nil), "Fixed draws nothing")
	assert.PanicsWithValue(t, "crew: WorkTime.Sample with a nil *rand.Rand", func() { Exponential(1).Sample(nil) })
	neg := WorkTime{Draw: func(*rand.Rand) float64 { return -1 }}
	nan := WorkTime{Draw: func(*rand.Rand) float64 { return math.NaN() }}
	r := rand.New(rand.NewPCG(1, 1))
	assert.Equal(t, 0.0, neg.Sample(r))
	assert.Equal(t, 0.0, nan.Sample(r))
	assert.Equal(t, 0.0, Uniform(0, 0).Sample(r))
	assert.InDelta(t, 3.0, LogNormal(3, 0).Sample(r), 1e-12)
}

func TestNewWorkTime(t *testing.T) {
	w, err := NewWorkTime("weibull", 2, 3)
	require.NoError(t, err)
	assert.Equal(t, "weibull(shape=2, scale=3)", w.Name)
	assert.InDelta(t, 3*math.Gamma(1.5), w.Mean, 1e-12)

	bad := []struct {
		dist   string
		params []float64
		want   string
	}{
		{"gamma", []float64{1}, `crew: unknown work-time distribution "gamma" (want fixed, exponential, lognormal, weibull or uniform)`},
		{"lognormal", []float64{1}, `crew: work time "lognormal": want 2 parameters (median, sigma), got 1`},
		{"fixed", nil, `crew: work time "fixed": want 1 parameters (hours), got 0`},
		{"fixed", []float64{-1}, `crew: work time "fixed": hours: -1 is not ≥ 0`},
		{"exponential", []float64{0}, `crew: work time "exponential": mean: 0 is not > 0`},
		{"exponential", []float64{math.NaN()}, `crew: work time "exponential": mean: NaN is not finite`},
		{"lognormal", []float64{2, -0.1}, `crew: work time "lognormal": sigma: -0.1 is not ≥ 0`},
		{"lognormal", []float64{2, 40}, `crew: work time "lognormal": parameters [2 40] give an infinite mean`},
		{"weibull", []float64{0, 3}, `crew: work time "weibull": shape: 0 is not > 0`},
		{"weibull", []float64{2, math.Inf(1)}, `crew: work time "weibull": scale: +Inf is not finite`},
		{"uniform", []float64{-1, 2}, `crew: work time "uniform": lo: -1 is not ≥ 0`},
		{"uniform", []float64{3, 2}, `crew: work time "uniform": hi: 2 is not ≥ lo (3)`},
	}
	for _, b := range bad {
		_, err := NewWorkTime(b.dist, b.params...)
		assert.EqualError(t, err, b.want)
	}
	assert.PanicsWithValue(t, `crew: work time "exponential": mean: -2 is not > 0`, func() { Exponential(-2) })
	assert.PanicsWithValue(t, `crew: work time "fixed": hours: +Inf is not finite`, func() { Fixed(math.Inf(1)) })
}

// The work left on a repair under way in steady state follows the
// equilibrium distribution F_e(x) = (1/m)·∫₀ˣ (1 − F(u)) du. Checked
// against that integral (Simpson's rule on the distribution's own CDF,
// sharing no code with the sampler) by a Kolmogorov–Smirnov test at the
// 1% level, and against the analytic mean E[X²]/(2m).
func TestWorkTimeResidual(t *testing.T) {
	const n = 20000
	lnMu, lnS := math.Log(3), 0.5
	cases := []struct {
		w    WorkTime
		cdf  func(float64) float64
		hi   float64 // upper end of the support, or a far quantile
		mean float64
	}{
		{Exponential(4), distuv.Exponential{Rate: 0.25}.CDF, 80, 4},
		{LogNormal(3, 0.5), distuv.LogNormal{Mu: lnMu, Sigma: lnS}.CDF, 60, math.Exp(lnMu+1.5*lnS*lnS) / 2},
		{Weibull(1.5, 5), distuv.Weibull{K: 1.5, Lambda: 5}.CDF, 60, 5 * math.Gamma(1+2/1.5) / (2 * math.Gamma(1+1/1.5))},
		{Uniform(2, 6), distuv.Uniform{Min: 2, Max: 6}.CDF, 6, (4 + 12 + 36) / 3.0 / 8},
		{Fixed(2.5), func(x float64) float64 {
			if x < 2.5 {
				return 0
			}
			return 1
		}, 2.5, 1.25},
	}
	for _, c := range cases {
		t.Run(c.w.Name, func(t *testing.T) {
			fe := func(x float64) float64 { // Simpson on [0, x]
				const steps = 2000
				h := x / steps
				s := (1 - c.cdf(0)) + (1 - c.cdf(x))
				for i := 1; i < steps; i++ {
					w := 2.0
					if i%2 == 1 {
						w = 4
					}
					s += w * (1 - c.cdf(float64(i)*h))
				}
				return s * h / 3 / c.w.Mean
			}
			r := rand.New(rand.NewPCG(5, 55))
			xs := make([]float64, n)
			var sum float64
			for i := range xs {
				xs[i] = c.w.SampleResidual(r)
				sum += xs[i]
			}
			assert.InEpsilon(t, c.mean, sum/n, 0.03)
			d := 0.0
			for _, q := range []float64{0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9} {
				x := q * c.hi
				emp := 0.0
				for _, v := range xs {
					if v <= x {
						emp++
					}
				}
				d = math.Max(d, math.Abs(emp/n-fe(x)))
			}
			assert.Less(t, d, 1.63/math.Sqrt(n), "largest CDF gap")
		})
	}
	// A WorkTime of its own, without Residual: the resampled
	// approximation, within 3% of E[X²]/(2m) = 7/5 for uniform(1, 4).
	u := Uniform(1, 4)
	u.Residual = nil
	r := rand.New(rand.NewPCG(1, 1))
	var sum float64
	for range n {
		sum += u.SampleResidual(r)
	}
	assert.InEpsilon(t, (1+4+16)/3.0/5, sum/n, 0.03)
	assert.Equal(t, 0.0, WorkTime{}.SampleResidual(nil))
}
