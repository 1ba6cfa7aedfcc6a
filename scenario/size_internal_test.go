package scenario

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// binomCDF returns P(X ≤ k) for X ~ Binomial(n, p), summed term by term.
func binomCDF(k, n int, p float64) float64 {
	var sum float64
	for i := 0; i <= k; i++ {
		lg, _ := math.Lgamma(float64(n + 1))
		la, _ := math.Lgamma(float64(i + 1))
		lb, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lg - la - lb + float64(i)*math.Log(p) + float64(n-i)*math.Log1p(-p))
	}
	return sum
}

// The Clopper–Pearson bounds are the proportions at which the observed
// count becomes just unlikely: P(X ≤ k | upper) = α and
// P(X ≥ k | lower) = α, checked against binomial sums; with no event
// the upper bound is 1 − α^(1/n), with every trial an event the lower is
// α^(1/n).
func TestClopperPearson(t *testing.T) {
	const alpha = 0.0025
	for _, c := range [][2]int{{0, 50}, {3, 50}, {7, 100}, {50, 50}, {1, 1}, {12, 400}, {199, 400}} {
		k, n := c[0], c[1]
		lo, hi := clopperPearson(k, n, alpha)
		if k < n {
			assert.InDelta(t, alpha, binomCDF(k, n, hi), 1e-9, "upper of %d/%d", k, n)
		} else {
			assert.Equal(t, 1.0, hi)
		}
		if k > 0 {
			assert.InDelta(t, alpha, 1-binomCDF(k-1, n, lo), 1e-9, "lower of %d/%d", k, n)
		} else {
			assert.Equal(t, 0.0, lo)
		}
	}
	_, hi := clopperPearson(0, 50, alpha)
	assert.InDelta(t, 1-math.Pow(alpha, 1.0/50), hi, 1e-12)
	lo, _ := clopperPearson(50, 50, alpha)
	assert.InDelta(t, math.Pow(alpha, 1.0/50), lo, 1e-12)
}

func TestLookSchedule(t *testing.T) {
	assert.Equal(t, []int{50, 100, 200, 400, 800, 1000}, lookSchedule(50, 1000))
	assert.Equal(t, []int{50, 100, 200, 400}, lookSchedule(50, 400))
	assert.Equal(t, []int{30}, lookSchedule(30, 30))
	assert.Equal(t, []int{7}, lookSchedule(7, 7))
}
