package crew

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// WorkTime is the distribution of a repair's hands-on time, in hours.
//
// Draw takes its randomness from the *rand.Rand it is given and from
// nothing else, so a run is reproducible from its seed. The zero WorkTime
// (nil Draw) means no hands-on time: Sample returns 0. A WorkTime is a
// value: safe for concurrent use as long as each goroutine passes its own
// *rand.Rand.
type WorkTime struct {
	// Draw returns one repair time in hours, ≥ 0, drawn from the given
	// generator, which must not be nil (except for Fixed, which draws
	// nothing).
	Draw func(*rand.Rand) float64
	// Mean is the expected repair time in hours.
	Mean float64
	// Name describes the distribution and its parameters in hours, e.g.
	// "exponential(mean=4)".
	Name string
	// Residual, if not nil, draws the work still to do on a repair found
	// under way at a random instant of a long run of repairs: the
	// equilibrium (residual-life) distribution of Draw, with density
	// (1 − F(x))/Mean for F the distribution function of Draw. Its mean
	// is E[X²]/(2·Mean), more than half the mean repair because long
	// repairs are more likely to be under way (the inspection paradox).
	// The distributions of NewWorkTime set it; see SampleResidual.
	Residual func(*rand.Rand) float64
}

// SampleResidual draws from r the work still to do on a repair found
// under way in steady state (see Residual): U·X* with U uniform on (0, 1)
// and X* drawn from the length-biased distribution x·f(x)/Mean, which
// has exactly the equilibrium distribution. For a WorkTime without
// Residual, X* is picked among 256 draws of Draw with probabilities in
// proportion to their values (sampling–importance resampling), an
// approximation whose error shrinks as 1/256. 0 for the zero WorkTime or
// a zero mean. It panics if r is nil and Draw is not.
func (w WorkTime) SampleResidual(r *rand.Rand) float64 {
	if w.Draw == nil || w.Mean <= 0 {
		return 0
	}
	if r == nil {
		panic("crew: WorkTime.SampleResidual with a nil *rand.Rand")
	}
	if w.Residual != nil {
		if x := w.Residual(r); x >= 0 {
			return x
		}
		return 0
	}
	const k = 256
	var xs [k]float64
	var sum float64
	for i := range xs {
		xs[i] = w.Sample(r)
		sum += xs[i]
	}
	if sum <= 0 {
		return 0
	}
	u := r.Float64() * sum
	pick := xs[k-1]
	for _, x := range xs {
		if u < x {
			pick = x
			break
		}
		u -= x
	}
	return r.Float64() * pick
}

// Sample draws one repair time in hours from r: 0 for the zero WorkTime,
// and 0 if Draw returns a negative or NaN value. It panics if r is nil and
// Draw is not: randomness always comes from the caller's stream.
func (w WorkTime) Sample(r *rand.Rand) float64 {
	if w.Draw == nil {
		return 0
	}
	if r == nil {
		panic("crew: WorkTime.Sample with a nil *rand.Rand")
	}
	x := w.Draw(r)
	if !(x >= 0) {
		return 0
	}
	return x
}

// String returns Name, or "none" for the zero WorkTime.
func (w WorkTime) String() string {
	if w.Draw == nil && w.Name == "" {
		return "none"
	}
	return w.Name
}

// Fixed returns a WorkTime of exactly hours; it draws no random numbers.
// It panics if hours is negative, NaN or infinite (see NewWorkTime for an
// error instead).
func Fixed(hours float64) WorkTime { return mustWork("fixed", hours) }

// Exponential returns an exponentially distributed WorkTime with the given
// mean in hours (gonum distuv.Exponential with Rate 1/meanHours). It
// panics unless meanHours is positive and finite.
func Exponential(meanHours float64) WorkTime { return mustWork("exponential", meanHours) }

// LogNormal returns a log-normally distributed WorkTime with the given
// median in hours and σ of the logarithm (gonum distuv.LogNormal with
// Mu = ln(medianHours)); its mean is medianHours·exp(σ²/2). It panics
// unless medianHours is positive and finite and sigma is ≥ 0 and finite.
func LogNormal(medianHours, sigma float64) WorkTime {
	return mustWork("lognormal", medianHours, sigma)
}

// Weibull returns a Weibull-distributed WorkTime with the given shape k and
// scale λ in hours (gonum distuv.Weibull); its mean is λ·Γ(1 + 1/k). It
// panics unless both are positive and finite.
func Weibull(shape, scaleHours float64) WorkTime { return mustWork("weibull", shape, scaleHours) }

// Uniform returns a WorkTime uniform on [lo, hi] hours (gonum
// distuv.Uniform); its mean is (lo + hi)/2. It panics unless
// 0 ≤ lo ≤ hi < +Inf.
func Uniform(lo, hi float64) WorkTime { return mustWork("uniform", lo, hi) }

func mustWork(dist string, params ...float64) WorkTime {
	w, err := NewWorkTime(dist, params...)
	if err != nil {
		panic(err.Error())
	}
	return w
}

// workParams names the parameters of each distribution, in order.
var workParams = map[string][]string{
	"fixed":       {"hours"},
	"exponential": {"mean"},
	"lognormal":   {"median", "sigma"},
	"weibull":     {"shape", "scale"},
	"uniform":     {"lo", "hi"},
}

// NewWorkTime returns the WorkTime of a distribution named as in scenario
// files, with its parameters in hours (σ and the Weibull shape have no
// unit):
//
//	"fixed"       hours          Fixed(hours)
//	"exponential" mean           Exponential(mean)
//	"lognormal"   median, sigma  LogNormal(median, sigma)
//	"weibull"     shape, scale   Weibull(shape, scale)
//	"uniform"     lo, hi         Uniform(lo, hi)
//
// It returns an error for an unknown name, a wrong number of parameters or
// a parameter out of range, naming the distribution and the parameter.
func NewWorkTime(dist string, params ...float64) (WorkTime, error) {
	w, err := newWorkTime(dist, params)
	if err == nil && math.IsInf(w.Mean, 0) {
		return WorkTime{}, fmt.Errorf("crew: work time %q: parameters %v give an infinite mean", dist, params)
	}
	return w, err
}

func newWorkTime(dist string, params []float64) (WorkTime, error) {
	names, ok := workParams[dist]
	if !ok {
		return WorkTime{}, fmt.Errorf("crew: unknown work-time distribution %q (want fixed, exponential, lognormal, weibull or uniform)", dist)
	}
	if len(params) != len(names) {
		return WorkTime{}, fmt.Errorf("crew: work time %q: want %d parameters (%s), got %d", dist, len(names), joinNames(names), len(params))
	}
	bad := func(k int, want string) error {
		return fmt.Errorf("crew: work time %q: %s: %g is not %s", dist, names[k], params[k], want)
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	for k, x := range params {
		if !finite(x) {
			return WorkTime{}, bad(k, "finite")
		}
	}
	switch dist {
	case "fixed":
		h := params[0]
		if h < 0 {
			return WorkTime{}, bad(0, "≥ 0")
		}
		return WorkTime{
			Draw:     func(*rand.Rand) float64 { return h },
			Mean:     h,
			Name:     fmt.Sprintf("fixed(%g)", h),
			Residual: func(r *rand.Rand) float64 { return r.Float64() * h }, // uniform on [0, h]
		}, nil
	case "exponential":
		if params[0] <= 0 {
			return WorkTime{}, bad(0, "> 0")
		}
		d := distuv.Exponential{Rate: 1 / params[0]}
		return WorkTime{
			Draw: func(r *rand.Rand) float64 {
				d := d
				d.Src = r
				return d.Rand()
			},
			Mean: params[0],
			Name: fmt.Sprintf("exponential(mean=%g)", params[0]),
			// Memoryless: the rest of a repair under way is a fresh one.
			Residual: func(r *rand.Rand) float64 {
				d := d
				d.Src = r
				return d.Rand()
			},
		}, nil
	case "lognormal":
		if params[0] <= 0 {
			return WorkTime{}, bad(0, "> 0")
		}
		if params[1] < 0 {
			return WorkTime{}, bad(1, "≥ 0")
		}
		d := distuv.LogNormal{Mu: math.Log(params[0]), Sigma: params[1]}
		// Length-biased lognormal(μ, σ) is lognormal(μ + σ², σ).
		lb := distuv.LogNormal{Mu: d.Mu + d.Sigma*d.Sigma, Sigma: d.Sigma}
		return WorkTime{
			Draw: func(r *rand.Rand) float64 {
				d := d
				d.Src = r
				return d.Rand()
			},
			Mean: d.Mean(),
			Name: fmt.Sprintf("lognormal(median=%g, sigma=%g)", params[0], params[1]),
			Residual: func(r *rand.Rand) float64 {
				lb := lb
				lb.Src = r
				return r.Float64() * lb.Rand()
			},
		}, nil
	case "weibull":
		for k := range params {
			if params[k] <= 0 {
				return WorkTime{}, bad(k, "> 0")
			}
		}
		d := distuv.Weibull{K: params[0], Lambda: params[1]}
		// Length-biased Weibull(k, λ) is λ·G^(1/k), G ~ Gamma(1 + 1/k, 1).
		g := distuv.Gamma{Alpha: 1 + 1/d.K, Beta: 1}
		return WorkTime{
			Draw: func(r *rand.Rand) float64 {
				d := d
				d.Src = r
				return d.Rand()
			},
			Mean: d.Mean(),
			Name: fmt.Sprintf("weibull(shape=%g, scale=%g)", params[0], params[1]),
			Residual: func(r *rand.Rand) float64 {
				g := g
				g.Src = r
				return r.Float64() * d.Lambda * math.Pow(g.Rand(), 1/d.K)
			},
		}, nil
	default: // "uniform"
		lo, hi := params[0], params[1]
		if lo < 0 {
			return WorkTime{}, bad(0, "≥ 0")
		}
		if hi < lo {
			return WorkTime{}, bad(1, fmt.Sprintf("≥ lo (%g)", lo))
		}
		d := distuv.Uniform{Min: lo, Max: hi}
		return WorkTime{
			Draw: func(r *rand.Rand) float64 {
				d := d
				d.Src = r
				return d.Rand()
			},
			Mean: d.Mean(),
			Name: fmt.Sprintf("uniform(%g, %g)", lo, hi),
			// Length-biased uniform: density 2x/(hi² − lo²) on [lo, hi].
			Residual: func(r *rand.Rand) float64 {
				x := math.Sqrt(lo*lo + r.Float64()*(hi*hi-lo*lo))
				return r.Float64() * x
			},
		}, nil
	}
}

func joinNames(names []string) string {
	s := names[0]
	for _, n := range names[1:] {
		s += ", " + n
	}
	return s
}
