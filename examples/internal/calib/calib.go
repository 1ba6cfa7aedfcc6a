// Package calib holds small helpers the example programs use to calibrate
// their networks on the source documents.
package calib

import "math"

// Apportion splits total (an integer, such as customer accounts or m²)
// over weights by the largest remainder, so that the parts sum to total
// exactly. Ties go to the earliest weight. Weights must be ≥ 0 with a
// positive sum.
func Apportion(total int, w []float64) []int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	out := make([]int, len(w))
	rem := make([]float64, len(w))
	given := 0
	for i, x := range w {
		q := float64(total) * x / sum
		out[i] = int(math.Floor(q))
		rem[i] = q - float64(out[i])
		given += out[i]
	}
	for given < total {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
		given++
	}
	return out
}
