package scenario

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomFloat draws finite floats of every magnitude and sign: normal
// values over the whole exponent range, subnormals, values near 1, and
// small integers.
func randomFloat(r *rand.Rand) float64 {
	var x float64
	switch r.IntN(5) {
	case 0:
		x = math.Float64frombits(r.Uint64() &^ (1 << 63))
		if math.IsInf(x, 0) || math.IsNaN(x) {
			x = math.MaxFloat64
		}
	case 1:
		x = math.Float64frombits(r.Uint64N(1 << 52)) // subnormal
	case 2:
		x = r.Float64() * math.Pow(2, float64(r.IntN(120)-60))
	case 3:
		x = float64(r.IntN(1000))
	default:
		x = 1 - r.Float64()*1e-9
	}
	if r.IntN(2) == 0 {
		x = -x
	}
	return x
}

// ratSum is the oracle: the exact sum in rational arithmetic.
func ratSum(xs []float64) *big.Rat {
	s := new(big.Rat)
	for _, x := range xs {
		s.Add(s, new(big.Rat).SetFloat64(x))
	}
	return s
}

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64() // nearest, ties to even
	return f
}

// The accumulator's sum is the exact rational sum rounded once, whatever
// the order and split of the values; its text form round-trips and does
// not depend on the order either.
func TestXsumExactAgainstRationals(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 1 + r.IntN(60)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = randomFloat(r)
		}
		// Keep the exact sum inside the float64 range: drop huge values
		// of one sign if needed.
		want := ratSum(xs)
		var a xsum
		for _, x := range xs {
			a.add(x)
		}
		got := a.value()
		wantF := ratFloat(want)
		require.Equal(t, math.Float64bits(wantF), math.Float64bits(got+0), "trial %d: %v", trial, xs)
		text := a.String()

		// Another order, split in two and merged.
		perm := slices.Clone(xs)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		k := r.IntN(len(perm) + 1)
		var b, c xsum
		for _, x := range perm[:k] {
			b.add(x)
		}
		for _, x := range perm[k:] {
			c.add(x)
		}
		b.merge(&c)
		assert.Equal(t, text, b.String(), "trial %d", trial)

		back, err := parseXsum(text)
		require.NoError(t, err, text)
		assert.Equal(t, text, back.String())
		// The text is the exact value: hex integer times a power of two.
		if text != "0" {
			f := new(big.Float).SetPrec(4000)
			_, _, err := f.Parse(text, 0)
			require.NoError(t, err)
			r, _ := f.Rat(nil)
			assert.Equal(t, 0, r.Cmp(want), "trial %d: %s", trial, text)
		}
	}
}

func TestXsumCancellationAndRange(t *testing.T) {
	var a xsum
	a.add(1e308)
	a.add(1)
	a.add(-1e308)
	assert.Equal(t, 1.0, a.value())
	assert.Equal(t, "0x1p0", a.String())

	// 2^20 × MaxFloat64 overflows float64 but not the accumulator, and
	// taking them away again leaves the small value exact.
	var b xsum
	b.add(math.SmallestNonzeroFloat64)
	for range 1 << 20 {
		b.add(math.MaxFloat64)
	}
	assert.True(t, math.IsInf(b.value(), 1))
	for range 1 << 20 {
		b.add(-math.MaxFloat64)
	}
	assert.Equal(t, math.SmallestNonzeroFloat64, b.value())
	assert.Equal(t, "0x1p-1074", b.String())

	// Negative sums.
	var c xsum
	c.add(-0.5)
	c.add(-0.25)
	assert.Equal(t, -0.75, c.value())
	assert.Equal(t, "-0x3p-2", c.String())
	var z xsum
	assert.Equal(t, "0", z.String())
	assert.Equal(t, 0.0, z.value())

	// Carries propagate at the carry interval: a limb filled near its
	// bound by many additions of the largest piece comes back to
	// [0, 2^32) and the sum stays exact.
	var d xsum
	x := math.Float64frombits(0x001fffffffffffff) // mantissa all ones
	const k = 5000
	for range k {
		d.add(x)
	}
	d.adds = xMaxAdds - 3
	for range k {
		d.add(x)
	}
	assert.Less(t, d.adds, 2*k)
	want := new(big.Rat).Mul(new(big.Rat).SetFloat64(x), big.NewRat(2*k, 1))
	assert.Equal(t, ratFloat(want), d.value())
}

// quo, stderr and squares against rational arithmetic.
func TestXsumMomentsAgainstRationals(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n := 1 + r.IntN(40)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = (r.Float64() - 0.3) * math.Pow(10, float64(r.IntN(12)-4))
			if r.IntN(5) == 0 {
				xs[i] = 7 // ties
			}
		}
		var m moments
		for _, x := range xs {
			m.add(x)
		}
		sum := ratSum(xs)
		mean := new(big.Rat).Quo(sum, big.NewRat(int64(n), 1))
		assert.Equal(t, ratFloat(mean), m.mean(int64(n)), "trial %d", trial)
		sq := new(big.Rat)
		for _, x := range xs {
			rx := new(big.Rat).SetFloat64(x)
			sq.Add(sq, rx.Mul(rx, rx))
		}
		assert.Equal(t, ratFloat(sq), m.sq.value(), "trial %d: exact squares", trial)
		if n == 1 {
			assert.Equal(t, 0.0, m.stderr(1))
			continue
		}
		// s² = (n Σx² − (Σx)²) / (n(n−1)), rounded once; then √(s²/n).
		v := new(big.Rat).Mul(sq, big.NewRat(int64(n), 1))
		v.Sub(v, new(big.Rat).Mul(sum, sum))
		v.Quo(v, big.NewRat(int64(n)*int64(n-1), 1))
		want := math.Sqrt(ratFloat(v) / float64(n))
		assert.Equal(t, want, m.stderr(int64(n)), "trial %d", trial)
	}
	var m moments
	assert.True(t, math.IsNaN(m.mean(0)))
	assert.True(t, math.IsNaN(m.stderr(0)))
	for range 10 {
		m.add(3)
	}
	assert.Equal(t, 0.0, m.stderr(10), "no spread: exactly zero, not rounding noise")
	var a, b xsum
	a.add(3)
	b.add(4)
	assert.Equal(t, 0.75, a.ratio(&b))
	var zero xsum
	assert.True(t, math.IsNaN(a.ratio(&zero)))
}

func TestParseXsum(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"0", 0}, {"0x1p0", 1}, {"0x10p-4", 1}, {"0x00ap1", 20}, {"-0x3p-2", -0.75}, {"0xFFp0", 255},
		{"0x1p-1074", math.SmallestNonzeroFloat64}, {"0x0p5", 0},
	} {
		a, err := parseXsum(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, a.value(), tc.in)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "want \"0\""}, {"1.5", "want \"0\""}, {"0x1p", "bad exponent"}, {"0xp3", "want \"0\""},
		{"0x1p-1075", "finer than 2^-1074"}, {"0x3p-1075", "finer than 2^-1074"}, {"0x1p2100", "too large"},
		{"0x1gp0", "not a hexadecimal digit"}, {"0x1p1e3", "bad exponent"}, {"+0x1p0", "want \"0\""},
	} {
		_, err := parseXsum(tc.in)
		require.Error(t, err, tc.in)
		assert.Contains(t, err.Error(), tc.want, tc.in)
		assert.ErrorIs(t, err, errNotSum)
	}
	// Sums beyond the float64 range read back, and round to +Inf.
	big1, err := parseXsum("0x" + stringsRepeat("f", 500) + "p-974") // about 2^1026
	require.NoError(t, err)
	assert.True(t, math.IsInf(big1.value(), 1))
}

func stringsRepeat(s string, n int) string {
	out := make([]byte, 0, len(s)*n)
	for range n {
		out = append(out, s...)
	}
	return string(out)
}

// The bin of a value is read from its bits: keys increase with the value,
// and a bin's reported midpoint is within 1/64 of each value in it (or
// 2^−20 in the zero bin).
func TestLogHistBins(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	xs := make([]float64, 5000)
	for i := range xs {
		xs[i] = math.Abs(randomFloat(r))
	}
	slices.Sort(xs)
	for i := 1; i < len(xs); i++ {
		assert.LessOrEqual(t, lhKey(xs[i-1]), lhKey(xs[i]), "%v %v", xs[i-1], xs[i])
	}
	for _, x := range xs {
		k := lhKey(x)
		mid := lhMid(k)
		assert.LessOrEqual(t, math.Abs(mid-x), math.Max(x/64, lhFloor), "%v", x)
		if k > 0 {
			lo, hi := lhBounds(k)
			assert.True(t, lo <= x && x < hi, "%v in [%v, %v)", x, lo, hi)
			assert.LessOrEqual(t, k, lhMaxKey)
		} else {
			assert.Less(t, x, lhFloor)
		}
	}
	assert.Equal(t, int32(0), lhKey(0))
	assert.Equal(t, int32(0), lhKey(math.Copysign(0, -1)))
	assert.Equal(t, int32(0), lhKey(0x1p-21))
	assert.Equal(t, int32(1), lhKey(0x1p-20))
	assert.Equal(t, 0.0, lhMid(0))
	// Powers of two start their bin; 32 bins per octave.
	lo, hi := lhBounds(lhKey(1))
	assert.Equal(t, 1.0, lo)
	assert.Equal(t, 1+1.0/32, hi)
	assert.Equal(t, lhKey(2)-lhKey(1), int32(32))
	assert.Equal(t, 1+1.0/64, lhMid(lhKey(1)))
	assert.False(t, math.IsInf(lhMid(lhMaxKey), 0))
}

// Quantiles read from the histogram are within the stated bound of the
// exact type-1 quantiles, for hundreds of random samples; merging the
// histograms of parts gives the histogram of the whole; the packed form
// reads back.
func TestLogHistQuantilesAgainstSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		n := 1 + r.IntN(400)
		xs := make([]float64, n)
		for i := range xs {
			switch r.IntN(4) {
			case 0:
				xs[i] = 0
			case 1:
				xs[i] = 1
			case 2:
				xs[i] = float64(r.IntN(4)) / 4
			default:
				xs[i] = r.Float64() * math.Pow(10, -float64(r.IntN(9)))
			}
		}
		var h, a, b lhist
		k := r.IntN(n + 1)
		for i, x := range xs {
			h.add(x)
			if i < k {
				a.add(x)
			} else {
				b.add(x)
			}
		}
		aBefore := lhist{keys: slices.Clone(a.keys), counts: slices.Clone(a.counts), n: a.n}
		b.merge(&a)
		require.Equal(t, h, b, "trial %d: merged histogram", trial)
		require.Equal(t, aBefore, a, "trial %d: merge changed its argument", trial)
		// Merging into a histogram with spare capacity, in place.
		c := lhist{keys: make([]int32, 0, 64), counts: make([]uint64, 0, 64)}
		c.merge(&aBefore)
		c.merge(&b)
		c.merge(&lhist{})
		require.Equal(t, h.n+aBefore.n, c.n, "trial %d", trial)
		require.Len(t, c.keys, len(h.keys), "trial %d: a holds no key h lacks", trial)
		for i := range h.keys {
			k, ok := slices.BinarySearch(c.keys, h.keys[i])
			require.True(t, ok, "trial %d: key %d", trial, h.keys[i])
			want := h.counts[i]
			if ka, ok := slices.BinarySearch(aBefore.keys, h.keys[i]); ok {
				want += aBefore.counts[ka]
			}
			require.Equal(t, want, c.counts[k], "trial %d: key %d", trial, h.keys[i])
		}
		require.True(t, slices.IsSorted(c.keys), "trial %d", trial)
		// The packed form: zero-bin count, first key, counts with runs
		// of empty keys as minus their length.
		d := h.packed()
		var back lhist
		if d[0] > 0 {
			back.addKey(0, uint64(d[0]))
		}
		if len(d) > 1 {
			key := int32(d[1])
			for _, c := range d[2:] {
				switch {
				case c < 0:
					require.Less(t, c, int64(-1), "trial %d: a run of one empty key", trial)
					key += int32(-c)
				case c == 0:
					key++
				default:
					back.addKey(key, uint64(c))
					key++
				}
			}
		}
		require.Equal(t, h, back, "trial %d: packed form", trial)
		s := slices.Clone(xs)
		slices.Sort(s)
		for _, pc := range []int{1, 5, 50, 95, 99, 100} {
			rank := quantileRank(pc, uint64(n))
			exact := s[rank-1]
			// Type 1 by its definition: the smallest x with F(x) ≥ p.
			for i, x := range s {
				if float64(i+1)/float64(n) >= float64(pc)/100-1e-12 {
					require.Equal(t, x, exact, "trial %d: P%d", trial, pc)
					break
				}
			}
			got := h.orderStat(rank)
			assert.LessOrEqual(t, math.Abs(got-exact), math.Max(exact/64, lhFloor), "trial %d: P%d of %d", trial, pc, n)
		}
	}
	assert.Equal(t, uint64(1), quantileRank(5, 1))
	assert.Equal(t, uint64(5), quantileRank(5, 100))
	assert.Equal(t, uint64(6), quantileRank(5, 101))
	assert.Equal(t, uint64(100), quantileRank(100, 100))
}

// FuzzParseXsum: the exact-sum text decoder never panics, and what it
// accepts writes in one canonical form that reads back to itself.
func FuzzParseXsum(f *testing.F) {
	for _, s := range []string{"0", "0x1p0", "-0x3p-2", "0x1p-1074", "0xffffp1000", "0x1p", "0x10p-4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parseXsum(s)
		if err != nil {
			return
		}
		text := a.String()
		b, err := parseXsum(text)
		if err != nil {
			t.Fatalf("%q → %q does not parse: %v", s, text, err)
		}
		if b.String() != text {
			t.Fatalf("%q → %q → %q", s, text, b.String())
		}
		if x, y := a.value(), b.value(); x != y {
			t.Fatalf("values %v and %v", x, y)
		}
	})
}
