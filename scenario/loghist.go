package scenario

import (
	"math"
	"slices"
)

// lhist is a mergeable histogram of finite float64 values over log-linear
// bins: zero has a bin of its own, and every other value x falls in the bin
// of the floats sharing the sign, the binary exponent and the top lhBits
// bits of the mantissa of x. A bin [lo, hi) of positive values thus spans
// hi − lo = 2^(e−lhBits) within the octave [2^e, 2^(e+1)), and its
// midpoint is within 2^−(lhBits+1) · |x| of every x in it (for normal x):
// with lhBits = 7, a relative error of at most 1/256 ≈ 0.39%.
//
// The bin of x is read from its bits, with no logarithm, so it is the same
// on every machine. Counts add, so histograms of parts of a sample merge
// exactly into the histogram of the whole, in any order.
//
// Only the bins holding values are stored, as sorted keys with counts: 12
// bytes per occupied bin, at most 2^lhBits = 128 bins per octave spanned.
// The zero value is an empty histogram.
type lhist struct {
	keys   []int32
	counts []uint64
	n      uint64
}

const lhBits = 7

// lhKey returns the bin key of a finite x: 0 for zero (either sign), the
// float's bits without the sign and the lowest 52 − lhBits mantissa bits,
// plus one, for x > 0, and the negated key of −x for x < 0. Keys increase
// with x.
func lhKey(x float64) int32 {
	if x == 0 {
		return 0
	}
	k := int32(math.Float64bits(math.Abs(x))>>(52-lhBits)) + 1
	if x < 0 {
		return -k
	}
	return k
}

// lhBounds returns the bounds of the magnitudes of bin k ≠ 0: |x| in
// [lo, hi).
func lhBounds(k int32) (lo, hi float64) {
	if k < 0 {
		k = -k
	}
	return math.Float64frombits(uint64(k-1) << (52 - lhBits)), math.Float64frombits(uint64(k) << (52 - lhBits))
}

// lhMid returns the value a bin reports: 0 for the zero bin, else the
// midpoint of its bounds, with the bin's sign. The midpoint is exact: it
// needs one bit more than the bounds.
func lhMid(k int32) float64 {
	if k == 0 {
		return 0
	}
	lo, hi := lhBounds(k)
	m := lo + (hi-lo)/2
	if k < 0 {
		return -m
	}
	return m
}

// add counts one value x (finite; the callers check).
func (h *lhist) add(x float64) { h.addKey(lhKey(x), 1) }

func (h *lhist) addKey(k int32, c uint64) {
	h.n += c
	// O(log bins) to find the bin; O(bins) to open a new one.
	i, found := slices.BinarySearch(h.keys, k)
	if found {
		h.counts[i] += c
		return
	}
	h.keys = slices.Insert(h.keys, i, k)
	h.counts = slices.Insert(h.counts, i, c)
}

// merge adds the counts of o, in O(bins of h + bins of o).
func (h *lhist) merge(o *lhist) {
	if o.n == 0 {
		return
	}
	if h.n == 0 {
		h.keys, h.counts, h.n = slices.Clone(o.keys), slices.Clone(o.counts), o.n
		return
	}
	keys := make([]int32, 0, len(h.keys)+len(o.keys))
	counts := make([]uint64, 0, cap(keys))
	i, j := 0, 0
	for i < len(h.keys) || j < len(o.keys) {
		switch {
		case j == len(o.keys) || (i < len(h.keys) && h.keys[i] < o.keys[j]):
			keys, counts = append(keys, h.keys[i]), append(counts, h.counts[i])
			i++
		case i == len(h.keys) || o.keys[j] < h.keys[i]:
			keys, counts = append(keys, o.keys[j]), append(counts, o.counts[j])
			j++
		default:
			keys, counts = append(keys, h.keys[i]), append(counts, h.counts[i]+o.counts[j])
			i++
			j++
		}
	}
	h.keys, h.counts, h.n = keys, counts, h.n+o.n
}

// orderKey returns the key of the bin holding the r-th smallest value,
// 1 ≤ r ≤ n.
func (h *lhist) orderKey(r uint64) int32 {
	var c uint64
	for i, n := range h.counts {
		c += n
		if c >= r {
			return h.keys[i]
		}
	}
	return h.keys[len(h.keys)-1]
}

// quantileRank returns the rank of the p-quantile of n values by the
// inverse of the empirical distribution function ("type 1"): the
// ⌈p·n⌉-th smallest, at least the first. p is given in percent, as an
// integer, so that the rank is exact.
func quantileRank(percent int, n uint64) uint64 {
	r := (uint64(percent)*n + 99) / 100
	return max(r, 1)
}
