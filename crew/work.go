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
			Draw: func(*rand.Rand) float64 { return h },
			Mean: h,
			Name: fmt.Sprintf("fixed(%g)", h),
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
		}, nil
	case "lognormal":
		if params[0] <= 0 {
			return WorkTime{}, bad(0, "> 0")
		}
		if params[1] < 0 {
			return WorkTime{}, bad(1, "≥ 0")
		}
		d := distuv.LogNormal{Mu: math.Log(params[0]), Sigma: params[1]}
		return WorkTime{
			Draw: func(r *rand.Rand) float64 {
				d := d
				d.Src = r
				return d.Rand()
			},
			Mean: d.Mean(),
			Name: fmt.Sprintf("lognormal(median=%g, sigma=%g)", params[0], params[1]),
		}, nil
	case "weibull":
		for k := range params {
			if params[k] <= 0 {
				return WorkTime{}, bad(k, "> 0")
			}
		}
		d := distuv.Weibull{K: params[0], Lambda: params[1]}
		return WorkTime{
			Draw: func(r *rand.Rand) float64 {
				d := d
				d.Src = r
				return d.Rand()
			},
			Mean: d.Mean(),
			Name: fmt.Sprintf("weibull(shape=%g, scale=%g)", params[0], params[1]),
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
