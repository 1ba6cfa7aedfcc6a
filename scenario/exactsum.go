package scenario

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xsum is an exact accumulator of finite float64 values: it holds Σx with
// no rounding at all, so sums of the same values in any order, or split in
// any way and merged, are equal bit for bit.
//
// Every finite float64 is an integer multiple of 2^−1074 (the smallest
// subnormal) below 2^1024, so the sum is kept as a fixed-point integer
// scaled by 2^−1074, in xLimbs limbs of 32 bits each held in int64 words
// (a Kulisch accumulator). An addition touches three limbs; carries are
// propagated lazily, every 2^30 additions and before any read, so a limb
// never overflows. The top limb holds the sign and room for 2^60 maximal
// values. Memory: 8·xLimbs = 536 bytes once the first non-zero value has
// been added, nothing before. The zero value is an empty sum.
type xsum struct {
	l    *[xLimbs]int64
	adds int // additions since the last carry propagation
}

const (
	xLimbs = 67   // 66 limbs of 32 bits cover 2^−1074 … 2^1038, one more for sign and carries
	xScale = 1074 // the fixed point: bit 0 weighs 2^−1074
	// xMaxAdds is the number of additions between carry propagations:
	// each adds less than 2^32 to a limb in [0, 2^32), far below 2^63.
	xMaxAdds = 1 << 30
)

// add adds x, which must be finite (the callers check).
func (a *xsum) add(x float64) {
	if x == 0 {
		return
	}
	b := math.Float64bits(x)
	e := int(b>>52) & 0x7ff
	m := b & (1<<52 - 1)
	if e == 0 {
		e = 1 // subnormal: m × 2^−1074
	} else {
		m |= 1 << 52 // normal: m × 2^(e−1075)
	}
	p := e - 1 // bit position of m's lowest bit in the fixed point
	if a.l == nil {
		a.l = new([xLimbs]int64)
	}
	i, s := p>>5, uint(p&31)
	w0 := int64((m << s) & 0xffffffff)
	rest := m >> (32 - s) // the bits of m << s at 32 and above
	if s == 0 {
		rest = m >> 32
	}
	w1, w2 := int64(rest&0xffffffff), int64(rest>>32)
	if b>>63 != 0 {
		w0, w1, w2 = -w0, -w1, -w2
	}
	a.l[i] += w0
	a.l[i+1] += w1
	a.l[i+2] += w2
	a.adds++
	if a.adds >= xMaxAdds {
		a.carry()
	}
}

// addSquare adds x² exactly: x·x is split into its rounded product and
// the product's rounding error (math.FMA), both added. Exact unless x² is
// below 2^−969 (the error is then itself rounded) or overflows, which the
// callers rule out.
func (a *xsum) addSquare(x float64) {
	hi := x * x
	a.add(hi)
	a.add(math.FMA(x, x, -hi))
}

// carry propagates carries: limbs 0 … xLimbs−2 end in [0, 2^32), the top
// limb holds the signed rest.
// Once carried, an accumulator is only read: a Summary's accumulators are
// all carried before it is returned, so that its queries never write.
func (a *xsum) carry() {
	if a.adds == 0 || a.l == nil {
		return
	}
	a.adds = 0
	l := a.l
	for i := 0; i < xLimbs-1; i++ {
		c := l[i] >> 32 // floor division by 2^32
		l[i] -= c << 32
		l[i+1] += c
	}
}

// merge adds the sum held by o.
func (a *xsum) merge(o *xsum) {
	if o.l == nil {
		return
	}
	if a.l == nil {
		a.l = new([xLimbs]int64)
	}
	a.carry()
	o.carry()
	for i := range a.l {
		a.l[i] += o.l[i]
	}
	a.adds = 1
	a.carry()
}

// magnitude returns the sign of the sum and the limbs of its absolute
// value, each in [0, 2^32); nil limbs for zero.
func (a *xsum) magnitude() (neg bool, mag []uint32) {
	a.carry()
	if a.l == nil {
		return false, nil
	}
	l := *a.l
	if l[xLimbs-1] < 0 {
		neg = true
		for i := range l {
			l[i] = -l[i]
		}
		for i := 0; i < xLimbs-1; i++ {
			c := l[i] >> 32
			l[i] -= c << 32
			l[i+1] += c
		}
	}
	top := -1
	for i := xLimbs - 1; i >= 0; i-- {
		if l[i] != 0 {
			top = i
			break
		}
	}
	if top < 0 {
		return false, nil
	}
	mag = make([]uint32, top+1)
	for i := range mag {
		mag[i] = uint32(l[i])
	}
	return neg, mag
}

// bigFloat returns the exact sum as a big.Float.
func (a *xsum) bigFloat() *big.Float {
	f, _ := a.bigInt()
	return new(big.Float).SetMantExp(new(big.Float).SetInt(f), -xScale)
}

// bigInt returns the sum as a big integer scaled by 2^xScale, and whether
// it is zero.
func (a *xsum) bigInt() (*big.Int, bool) {
	neg, mag := a.magnitude()
	if mag == nil {
		return new(big.Int), true
	}
	buf := make([]byte, 4*len(mag))
	for i, w := range mag {
		j := len(buf) - 4*(i+1)
		buf[j], buf[j+1], buf[j+2], buf[j+3] = byte(w>>24), byte(w>>16), byte(w>>8), byte(w)
	}
	z := new(big.Int).SetBytes(buf)
	if neg {
		z.Neg(z)
	}
	return z, false
}

// value returns the sum correctly rounded to the nearest float64 (ties to
// even); ±Inf beyond the float64 range.
func (a *xsum) value() float64 {
	f, _ := a.bigFloat().Float64()
	return f
}

// quo returns the sum divided by n > 0, correctly rounded. NaN for n ≤ 0.
func (a *xsum) quo(n int64) float64 {
	if n <= 0 {
		return math.NaN()
	}
	q := new(big.Float).SetPrec(53).Quo(a.bigFloat(), new(big.Float).SetInt64(n))
	f, _ := q.Float64()
	return f
}

// ratio returns this sum over the sum b, correctly rounded; NaN if b is
// zero.
func (a *xsum) ratio(b *xsum) float64 {
	d := b.bigFloat()
	if d.Sign() == 0 {
		return math.NaN()
	}
	f, _ := new(big.Float).SetPrec(53).Quo(a.bigFloat(), d).Float64()
	return f
}

// moments holds the exact sum and sum of squares of a sample, for its
// mean and variance.
type moments struct {
	sum, sq xsum
}

func (m *moments) add(x float64) {
	m.sum.add(x)
	m.sq.addSquare(x)
}

func (m *moments) merge(o *moments) {
	m.sum.merge(&o.sum)
	m.sq.merge(&o.sq)
}

// mean returns Σx/n correctly rounded (NaN for n = 0).
func (m *moments) mean(n int64) float64 { return m.sum.quo(n) }

// stderr returns the standard error of the mean of n values, √(s²/n) with
// s² = (n·Σx² − (Σx)²)/(n(n−1)) computed exactly and rounded once; 0 for
// n = 1, NaN for n = 0.
func (m *moments) stderr(n int64) float64 {
	switch {
	case n <= 0:
		return math.NaN()
	case n == 1:
		return 0
	}
	s, _ := m.sum.bigInt()
	q, _ := m.sq.bigInt()
	// Σx = s·2^−1074 and Σx² = q·2^−1074, so
	// n·Σx² − (Σx)² = (n·q·2^1074 − s²)·2^−2148.
	num := new(big.Int).Mul(q, big.NewInt(n))
	num.Lsh(num, xScale)
	num.Sub(num, new(big.Int).Mul(s, s))
	if num.Sign() <= 0 {
		return 0
	}
	den := new(big.Int).Mul(big.NewInt(n), big.NewInt(n-1))
	v := new(big.Float).SetPrec(53).Quo(new(big.Float).SetInt(num), new(big.Float).SetInt(den))
	v.SetMantExp(v, -2*xScale)
	f, _ := v.Float64()
	return math.Sqrt(f / float64(n))
}

// String returns the exact sum in the text form of the summary format:
// "0", or "[-]0x<hex digits>p<exponent>", the value being the odd
// hexadecimal integer times 2^exponent, so that each value has one form
// ("0x1p0" is 1, "-0x3p-2" is −0.75).
func (a *xsum) String() string {
	z, zero := a.bigInt()
	if zero {
		return "0"
	}
	low := z.TrailingZeroBits()
	z.Rsh(z, low) // for a negative z, rounds toward −∞: exact here
	var b strings.Builder
	if z.Sign() < 0 {
		b.WriteByte('-')
		z.Neg(z)
	}
	b.WriteString("0x")
	b.WriteString(z.Text(16))
	b.WriteByte('p')
	b.WriteString(strconv.Itoa(int(low) - xScale))
	return b.String()
}

// errNotSum reports a text that is not an exact sum of float64 values.
var errNotSum = errors.New("not an exact sum")

// parseXsum reads the form String writes, or any hexadecimal integer
// times a power of two that is a multiple of 2^−1074 below 2^1038 (a sum
// of float64 values), into a fresh accumulator.
func parseXsum(s string) (xsum, error) {
	var a xsum
	if s == "0" {
		return a, nil
	}
	body, neg := strings.CutPrefix(s, "-")
	body, ok := strings.CutPrefix(body, "0x")
	hex, exp, ok2 := strings.Cut(body, "p")
	if !ok || !ok2 || hex == "" || len(hex) > 600 || len(exp) > 6 {
		return a, fmt.Errorf("%w: %q: want \"0\" or [-]0x<hex>p<exponent>", errNotSum, clip40(s))
	}
	e, err := strconv.Atoi(exp)
	if err != nil {
		return a, fmt.Errorf("%w: %q: bad exponent", errNotSum, clip40(s))
	}
	// Skip leading and trailing zero digits; each trailing one raises the
	// exponent by 4.
	hex = strings.TrimLeft(hex, "0")
	for strings.HasSuffix(hex, "0") {
		hex = hex[:len(hex)-1]
		e += 4
	}
	if hex == "" {
		return a, nil
	}
	base := e + xScale // bit position of the lowest digit
	if base < 0 {
		return a, fmt.Errorf("%w: %q: finer than 2^-1074", errNotSum, clip40(s))
	}
	if base+4*len(hex) > 32*(xLimbs-1) {
		return a, fmt.Errorf("%w: %q: too large", errNotSum, clip40(s))
	}
	a.l = new([xLimbs]int64)
	for k := range len(hex) {
		c := hex[len(hex)-1-k]
		var d uint64
		switch {
		case '0' <= c && c <= '9':
			d = uint64(c - '0')
		case 'a' <= c && c <= 'f':
			d = uint64(c-'a') + 10
		case 'A' <= c && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return xsum{}, fmt.Errorf("%w: %q: %q is not a hexadecimal digit", errNotSum, clip40(s), c)
		}
		pos := base + 4*k
		i, sh := pos>>5, uint(pos&31)
		a.l[i] += int64((d << sh) & 0xffffffff)
		if sh > 28 {
			a.l[i+1] += int64(d >> (32 - sh))
		}
	}
	if neg {
		for i := range a.l {
			a.l[i] = -a.l[i]
		}
	}
	a.adds = 1
	a.carry()
	return a, nil
}

// clip40 cuts a text echoed into an error message to 40 characters.
func clip40(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
