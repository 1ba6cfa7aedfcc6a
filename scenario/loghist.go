package scenario

import (
	"math"
	"slices"
)

// lhist is a mergeable histogram of finite values x ≥ 0 over log-linear
// bins. Values below lhFloor (2^−20 ≈ 9.5e−7) share the zero bin; every
// other value falls in the bin of the floats sharing its binary exponent
// and the top lhBits bits of its mantissa. A bin [lo, hi) within the
// octave [2^e, 2^(e+1)) spans 2^(e−lhBits), so its midpoint is within
// 2^−(lhBits+1)·x of every x in it: with lhBits = 5, a relative error of
// at most 1/64 ≈ 1.6%, and an absolute error below 2^−20 in the zero bin.
//
// The bin of x is read from its bits, with no logarithm, so it is the same
// on every machine. Counts add, so histograms of parts of a sample merge
// exactly into the histogram of the whole, in any order.
//
// Only the bins holding values are stored, sorted by key: 12 bytes per
// occupied bin, at most 2^lhBits = 32 bins per octave spanned (21 octaves
// for values up to 1, such as shortfalls of coverage). The zero value is an
// empty histogram.
type lhist struct {
	keys   []int32
	counts []uint64
	n      uint64
}

const (
	lhBits  = 5
	lhShift = 52 - lhBits
	lhFloor = 0x1p-20
)

// lhBase is the bit pattern of lhFloor shifted like a key: key 1 is the
// bin starting at lhFloor.
var lhBase = int32(math.Float64bits(lhFloor) >> lhShift)

// lhMaxKey is the key of the largest finite float64.
var lhMaxKey = lhKey(math.MaxFloat64)

// lhKey returns the bin key of x ≥ 0: 0 below lhFloor (and for −0 or a
// negative x, which the callers rule out), else 1 + the float's bits
// without the lowest 52 − lhBits mantissa bits, counted from lhFloor's.
// Keys increase with x.
func lhKey(x float64) int32 {
	if !(x >= lhFloor) {
		return 0
	}
	return int32(math.Float64bits(x)>>lhShift) - lhBase + 1
}

// lhBounds returns the bounds [lo, hi) of bin k ≥ 1.
func lhBounds(k int32) (lo, hi float64) {
	return math.Float64frombits(uint64(k-1+lhBase) << lhShift), math.Float64frombits(uint64(k+lhBase) << lhShift)
}

// lhMid returns the value a bin reports: 0 for the zero bin, else the
// midpoint of its bounds (exact: one bit more than the bounds), computed
// from the lower bound so that the top bin, whose upper bound is +Inf, has
// one too.
func lhMid(k int32) float64 {
	if k <= 0 {
		return 0
	}
	lo, _ := lhBounds(k)
	_, e := math.Frexp(lo) // lo in [2^(e−1), 2^e)
	return lo + math.Ldexp(1, e-2-lhBits)
}

// add counts one value x ≥ 0 (finite; the callers check). O(log bins) to
// find the bin; O(bins) to open a new one.
func (h *lhist) add(x float64) { h.addKey(lhKey(x), 1) }

func (h *lhist) addKey(k int32, c uint64) {
	h.n += c
	i, found := slices.BinarySearch(h.keys, k)
	if found {
		h.counts[i] += c
		return
	}
	h.keys = slices.Insert(h.keys, i, k)
	h.counts = slices.Insert(h.counts, i, c)
}

// merge adds the counts of o, in O(bins of h + bins of o), in place: h
// grows to the union of the keys (amortised, as append), and nothing of o
// is written or kept.
func (h *lhist) merge(o *lhist) {
	if o.n == 0 {
		return
	}
	// The size of the union of the keys.
	n, u := len(h.keys), len(h.keys)
	i, j := 0, 0
	for i < n && j < len(o.keys) {
		switch {
		case h.keys[i] < o.keys[j]:
			i++
		case h.keys[i] > o.keys[j]:
			u++
			j++
		default:
			i++
			j++
		}
	}
	u += len(o.keys) - j
	h.keys = slices.Grow(h.keys, u-n)[:u]
	h.counts = slices.Grow(h.counts, u-n)[:u]
	// Merge from the back, so that no key of h is overwritten unread.
	i, j = n-1, len(o.keys)-1
	for k := u - 1; j >= 0; k-- {
		switch {
		case i >= 0 && h.keys[i] > o.keys[j]:
			h.keys[k], h.counts[k] = h.keys[i], h.counts[i]
			i--
		case i >= 0 && h.keys[i] == o.keys[j]:
			h.keys[k], h.counts[k] = h.keys[i], h.counts[i]+o.counts[j]
			i--
			j--
		default:
			h.keys[k], h.counts[k] = o.keys[j], o.counts[j]
			j--
		}
	}
	h.n += o.n
}

// orderStat returns the estimate of the r-th smallest value, 1 ≤ r ≤ n:
// the midpoint of its bin.
func (h *lhist) orderStat(r uint64) float64 {
	var c uint64
	for i, n := range h.counts {
		c += n
		if c >= r {
			return lhMid(h.keys[i])
		}
	}
	return math.NaN() // r > n: not reached by the callers
}

// packed returns the histogram in the summary format: [zero-bin count],
// then, if any value is above the zero bin, the first occupied key and
// the counts of every key from it to the last occupied one, each run of
// two or more empty keys written as one negative number, minus its
// length. Equal histograms pack to equal numbers.
func (h *lhist) packed() []int64 {
	out := []int64{0}
	keys, counts := h.keys, h.counts
	if len(keys) > 0 && keys[0] == 0 {
		out[0] = int64(counts[0])
		keys, counts = keys[1:], counts[1:]
	}
	if len(keys) == 0 {
		return out
	}
	out = append(out, int64(keys[0]))
	for i, k := range keys {
		if i > 0 {
			switch gap := int64(k-keys[i-1]) - 1; {
			case gap == 1:
				out = append(out, 0)
			case gap > 1:
				out = append(out, -gap)
			}
		}
		out = append(out, int64(counts[i]))
	}
	return out
}

// quantileRank returns the rank of the p-quantile of n values by the
// inverse of the empirical distribution function ("type 1"): the
// ⌈p·n⌉-th smallest, at least the first. p is given in percent, as an
// integer, so that the rank is exact.
func quantileRank(percent int, n uint64) uint64 {
	r := (uint64(percent)*n + 99) / 100
	return max(r, 1)
}
