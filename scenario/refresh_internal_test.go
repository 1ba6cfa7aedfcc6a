package scenario

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// nextRefresh, followed from 0, visits exactly the steps of every
// stepper in (0, horizon), each once, in order: checked against listing
// start + k·step for every k by brute force, over 500 random sets of
// steppers (starts before the run, steps of minutes to days, few or
// unending values, shared steps).
func TestNextRefreshVisitsEveryStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for it := range 500 {
		H := 1 + rng.Float64()*200
		p := &Plan{sc: &Scenario{Horizon: H}}
		var want []float64
		for range 1 + rng.IntN(4) {
			step := []float64{1, 0.25, 1.0 / 60, 24, 3, 0.1}[rng.IntN(6)]
			start := -math.Floor(rng.Float64()*5) * step
			if rng.IntN(3) == 0 {
				start = -rng.Float64() * step
			}
			n := -1
			if rng.IntN(2) == 0 {
				n = 2 + rng.IntN(300)
			}
			p.steppers = append(p.steppers, stepper{start, step, n})
			for k := 1; n < 0 || k < n; k++ {
				tk := start + float64(k)*step
				if tk >= H {
					break
				}
				if tk > 1e-9 {
					want = append(want, tk)
				}
			}
		}
		slices.Sort(want)
		want = slices.CompactFunc(want, func(a, b float64) bool { return math.Abs(a-b) <= 1e-9 })
		var got []float64
		for tm := p.nextRefresh(0); !math.IsInf(tm, 1); tm = p.nextRefresh(tm) {
			got = append(got, tm)
			if len(got) > len(want)+1 {
				break
			}
		}
		if !slices.Equal(want, got) {
			t.Fatalf("case %d: steppers %+v, horizon %g:\nwant %v\ngot  %v", it, p.steppers, H, want, got)
		}
	}
}
