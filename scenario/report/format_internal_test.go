package report

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"

	"github.com/lifeline-sim/lifeline/network"
)

func TestFixed(t *testing.T) {
	for _, c := range []struct {
		v    float64
		dec  int
		want string
	}{
		{0, 2, "0.00"},
		{-0.001, 2, "0.00"}, // no "-0.00"
		{1234567.891, 2, "1,234,567.89"},
		{-1234567.891, 0, "-1,234,568"},
		{999.5, 0, "1,000"},
		{123, 0, "123"},
		{1000, 0, "1,000"},
		{math.NaN(), 2, "n/a"},
		{math.Inf(1), 2, "unlimited"},
	} {
		assert.Equal(t, c.want, fixed(c.v, c.dec), "fixed(%v, %d)", c.v, c.dec)
	}
}

// group agrees with an independent formatting of the integer part: digits
// counted from the right in threes.
func TestGroupRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		n := r.Int64N(1e15) - 5e14
		got := group(strconv.FormatInt(n, 10))
		digits := strconv.FormatInt(max(n, -n), 10)
		var parts []string
		for len(digits) > 3 {
			parts = append([]string{digits[len(digits)-3:]}, parts...)
			digits = digits[:len(digits)-3]
		}
		want := strings.Join(append([]string{digits}, parts...), ",")
		if n < 0 {
			want = "-" + want
		}
		require.Equal(t, want, got)
	}
}

func TestSig(t *testing.T) {
	for _, c := range []struct {
		v    float64
		n    int
		want string
	}{
		{974119.8, 4, "974,120"},
		{0.06117, 3, "0.0612"},
		{1.666e-5, 3, "0.0000167"},
		{9.996, 3, "10.0"}, // rounding carries into a new digit
		{1.0, 3, "1.00"},
		{0, 4, "0"},
		{-2.5, 2, "-2.5"},
		{1e-9, 3, "0.00000000"}, // at most eight decimals, never an exponent
	} {
		assert.Equal(t, c.want, sig(c.v, c.n), "sig(%v, %d)", c.v, c.n)
	}
	// Never an exponent, over a wide range of magnitudes.
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		v := math.Pow(10, r.Float64()*30-15) * float64(1-2*r.IntN(2))
		s := sig(v, 4)
		assert.NotContains(t, s, "e", "sig(%g)", v)
		back, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		require.NoError(t, err, s)
		if math.Abs(v) >= 1e-3 {
			assert.InEpsilon(t, v, back, 5e-4, "sig(%g) = %s", v, s)
		}
	}
}

func TestSig2AlignsAColumn(t *testing.T) {
	// Every value of a column gets the decimals of its largest value.
	assert.Equal(t, "28.7", sig2(28.7, 608.6))
	assert.Equal(t, "608.6", sig2(608.6, 608.6))
	assert.Equal(t, "0.0", sig2(0, 608.6))
	assert.Equal(t, "4,830", sig2(4830, 4830))
	assert.Equal(t, "0.001", sig2(0.001, 1.5))
}

func TestScales(t *testing.T) {
	for _, c := range []struct {
		v    float64
		k    network.Kind
		want string
	}{
		{9000, network.Power, "9,000 kWh"},
		{12000, network.Power, "12.00 MWh"},
		{974119.8, network.Heat, "974.1 MWh"},
		{959.8e6, network.Heat, "959.8 GWh"},
		{4830, network.Gas, "4,830 m³"},
		{154600, network.Gas, "154.6 thousand m³"},
		{16.68e6, network.Gas, "16.68 million m³"},
		{0, network.Water, "0 m³"},
	} {
		assert.Equal(t, c.want, qty(c.v, c.k), "qty(%v, %s)", c.v, c.k)
	}
	assert.Equal(t, "69.50 thousand m³/h", flow(69500, network.Gas))
	assert.Equal(t, "500.0 kW", flow(500, network.Power))
	assert.Equal(t, "3,268 kW", flow(3268, network.Heat))
}

func TestHoursAndMoney(t *testing.T) {
	assert.Equal(t, "5.80 h", hours(5.8))
	assert.Equal(t, "24.00 h", hours(24))
	assert.Equal(t, "238.6 h (9.9 days)", hours(238.6))
	assert.Equal(t, "8,760 h (365.0 days)", hours(8760))
	assert.Equal(t, "12,849,917.63 CNY", money("12849917.6284", "CNY"))
	assert.Equal(t, "0.50 EUR", money("0.5", "EUR"))
	assert.Equal(t, "2,000.00 (currency not set)", money("2000", ""))
	assert.Equal(t, "2,000.00", moneyPlain("2000"))
	assert.Equal(t, "95 %", levelPct(0.95))
	assert.Equal(t, "97.5 %", levelPct(0.975))
}

func TestClock(t *testing.T) {
	c := newClock("2022-02-16T00:00:00+08:00")
	require.True(t, c.dated)
	assert.Equal(t, "16 Feb 2022 05:48 (5.80 h)", c.when(5.8))
	assert.Equal(t, "+08:00", c.zone())
	assert.Equal(t, "14 days (336 h) from 16 Feb 2022 00:00 +08:00", span(336, c))
	u := newClock("")
	assert.False(t, u.dated)
	assert.Equal(t, "5.80 h from the start", u.when(5.8))
	assert.Equal(t, "12 h", span(12, u))
	assert.Equal(t, "2.5 days (60 h)", span(60, u))
}

func TestNetTitleNoRepeats(t *testing.T) {
	assert.Equal(t, "heat", netTitle("heat", network.Heat))
	assert.Equal(t, "north-grid (power)", netTitle("north-grid", network.Power))
}

func labels(ts []plot.Tick) []string {
	var out []string
	for _, t := range ts {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestNumTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{0, 108, []string{"0", "20", "40", "60", "80", "100"}},
		{96.2, 100.3, []string{"97", "98", "99", "100"}},
		{-19, 19, []string{"-15", "-10", "-5", "0", "5", "10", "15"}},
		{0, 2_400_000, []string{"0", "500,000", "1,000,000", "1,500,000", "2,000,000"}},
		{0, 1.08, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{0, 2.2, []string{"0.0", "0.5", "1.0", "1.5", "2.0"}},
		{0, 1.9, []string{"0.00", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50", "1.75"}},
	} {
		got := labels(numTicks{}.Ticks(c.lo, c.hi))
		assert.Equal(t, c.want, got, "ticks of [%v, %v]", c.lo, c.hi)
	}
	// Over random ranges: 4 to 9 labels, inside the range, evenly spaced.
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		lo := (r.Float64() - 0.5) * math.Pow(10, r.Float64()*8-2)
		hi := lo + math.Pow(10, r.Float64()*8-3)
		ts := numTicks{}.Ticks(lo, hi)
		var major []float64
		for _, tk := range ts {
			require.GreaterOrEqual(t, tk.Value, lo-1e-9*math.Abs(hi-lo))
			require.LessOrEqual(t, tk.Value, hi+1e-9*math.Abs(hi-lo)+1e-9*math.Abs(hi))
			if tk.Label != "" {
				major = append(major, tk.Value)
				require.NotContains(t, tk.Label, "e", "label of [%g, %g]", lo, hi)
			}
		}
		require.GreaterOrEqual(t, len(major), 4, "[%g, %g]", lo, hi)
		require.LessOrEqual(t, len(major), 9, "[%g, %g]", lo, hi)
		for i := 2; i < len(major); i++ {
			require.InDelta(t, major[1]-major[0], major[i]-major[i-1], 1e-6*(hi-lo))
		}
	}
}

func TestTimeTicks(t *testing.T) {
	dated := timeTicks{c: newClock("2022-02-16T00:00:00+08:00")}
	assert.Equal(t, []string{"16 Feb", "18 Feb", "20 Feb", "22 Feb", "24 Feb", "26 Feb", "28 Feb", "2 Mar"},
		labels(dated.Ticks(0, 336)))
	// A run of 12 h from 20:00: clock times, midnight shown as the date.
	evening := timeTicks{c: newClock("2022-02-07T20:00:00+08:00")}
	assert.Equal(t, []string{"20:00", "22:00", "8 Feb", "02:00", "04:00", "06:00", "08:00"},
		labels(evening.Ticks(0, 12)))
	plain := timeTicks{}
	assert.Equal(t, []string{"0", "12", "24", "36", "48", "60", "72"}, labels(plain.Ticks(0, 72)))
}

// Axes never loop forever nor draw thousands of ticks, whatever the range.
func TestTicksExtremeRanges(t *testing.T) {
	for _, r := range [][2]float64{{-1e308, 1e308}, {1e300, 1e300 * (1 + 1e-15)}, {0, 1e-300}, {5, 5}, {math.Inf(-1), 0}} {
		assert.LessOrEqual(t, len(numTicks{}.Ticks(r[0], r[1])), 200, "%v", r)
	}
	dated := timeTicks{c: newClock("2022-01-01T00:00:00Z")}
	for _, h := range []float64{1e-6, 1, 8760, 10 * 8760, MaxHorizon} {
		ts := dated.Ticks(0, h)
		assert.LessOrEqual(t, len(ts), 400, "%v h", h)
		n := len(labels(ts))
		assert.GreaterOrEqual(t, n, 1, "%v h", h)
		assert.LessOrEqual(t, n, 10, "%v h", h)
	}
	assert.Equal(t, "1 Jan 2022", labels(dated.Ticks(0, 10*8760))[0])
}
