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
// Each bin also keeps the smallest and largest value it received, so that
// a quantile is reported as the bin's midpoint clamped to them: exact when
// the bin holds a single distinct value (outcomes such as "no supply" or
// "one of two feeders out" often are), never outside the values seen.
//
// Only the bins holding values are stored, sorted by key: 28 bytes per
// occupied bin, at most 2^lhBits = 128 bins per octave spanned. The zero
// value is an empty histogram.
type lhist struct {
	keys   []int32
	counts []uint64
	lo, hi []float64 // smallest and largest value in each bin
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
	lo, _ := lhBounds(k)
	// Half the bin's width, computed from lo so that the top bin, whose
	// upper bound is +Inf, has a finite midpoint too.
	half := math.Float64frombits(1<<(52-lhBits)) / 2 // subnormal bins
	if lo >= 0x1p-1022 {
		_, e := math.Frexp(lo) // lo in [2^(e−1), 2^e)
		half = math.Ldexp(1, e-2-lhBits)
	}
	m := lo + half
	if k < 0 {
		return -m
	}
	return m
}

// add counts one value x (finite; the callers check). O(log bins) to find
// the bin; O(bins) to open a new one.
func (h *lhist) add(x float64) {
	if x == 0 {
		x = 0 // −0 is 0
	}
	k := lhKey(x)
	h.n++
	i, found := slices.BinarySearch(h.keys, k)
	if found {
		h.counts[i]++
		h.lo[i] = math.Min(h.lo[i], x)
		h.hi[i] = math.Max(h.hi[i], x)
		return
	}
	h.keys = slices.Insert(h.keys, i, k)
	h.counts = slices.Insert(h.counts, i, 1)
	h.lo = slices.Insert(h.lo, i, x)
	h.hi = slices.Insert(h.hi, i, x)
}

// push appends a bin above all others (for decoding).
func (h *lhist) push(k int32, c uint64, lo, hi float64) {
	h.keys = append(h.keys, k)
	h.counts = append(h.counts, c)
	h.lo = append(h.lo, lo)
	h.hi = append(h.hi, hi)
	h.n += c
}

// merge adds the counts of o, in O(bins of h + bins of o).
func (h *lhist) merge(o *lhist) {
	if o.n == 0 {
		return
	}
	if h.n == 0 {
		h.keys, h.counts, h.n = slices.Clone(o.keys), slices.Clone(o.counts), o.n
		h.lo, h.hi = slices.Clone(o.lo), slices.Clone(o.hi)
		return
	}
	var out lhist
	i, j := 0, 0
	for i < len(h.keys) || j < len(o.keys) {
		switch {
		case j == len(o.keys) || (i < len(h.keys) && h.keys[i] < o.keys[j]):
			out.push(h.keys[i], h.counts[i], h.lo[i], h.hi[i])
			i++
		case i == len(h.keys) || o.keys[j] < h.keys[i]:
			out.push(o.keys[j], o.counts[j], o.lo[j], o.hi[j])
			j++
		default:
			out.push(h.keys[i], h.counts[i]+o.counts[j], math.Min(h.lo[i], o.lo[j]), math.Max(h.hi[i], o.hi[j]))
			i++
			j++
		}
	}
	*h = out
}

// orderStat returns the estimate of the r-th smallest value, 1 ≤ r ≤ n:
// the midpoint of its bin clamped to the smallest and largest value the
// bin received.
func (h *lhist) orderStat(r uint64) float64 {
	var c uint64
	for i, n := range h.counts {
		c += n
		if c >= r {
			return min(max(lhMid(h.keys[i]), h.lo[i]), h.hi[i])
		}
	}
	return math.NaN() // r > n: not reached by the callers
}

// quantileRank returns the rank of the p-quantile of n values by the
// inverse of the empirical distribution function ("type 1"): the
// ⌈p·n⌉-th smallest, at least the first. p is given in percent, as an
// integer, so that the rank is exact.
func quantileRank(percent int, n uint64) uint64 {
	r := (uint64(percent)*n + 99) / 100
	return max(r, 1)
}
