package lifelinetest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// TB is the part of testing.TB the assertions use: *testing.T, *testing.B,
// *testing.F, any testing.TB and a *Recorder all satisfy it.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// FatalTB is the part of testing.TB the fixtures and the helpers that
// build, compile or run something use: when the input is invalid they
// cannot go on, so they call Fatalf (which stops a test) and return nil.
// *testing.T, *testing.B, *testing.F, any testing.TB and a *Recorder all
// satisfy it.
type FatalTB interface {
	TB
	Fatalf(format string, args ...any)
}

// Recorder is a FatalTB that records failure messages instead of failing a
// test, as httptest.ResponseRecorder records a response: use it to test
// code built on this package (a Condition of your own, a wrapper around
// Check) or in a runnable example. Unlike a real test, Fatalf does not stop
// the caller; the helpers of this package return nil after it.
//
// The zero Recorder is ready to use. A Recorder is not safe for concurrent
// use.
type Recorder struct {
	// Messages holds every message given to Errorf and Fatalf, formatted
	// with fmt.Sprintf, in order.
	Messages []string
	// Fatal reports whether Fatalf was called.
	Fatal bool
}

// Helper does nothing; it is there to satisfy TB.
func (r *Recorder) Helper() {}

// Errorf records the formatted message.
func (r *Recorder) Errorf(format string, args ...any) {
	r.Messages = append(r.Messages, fmt.Sprintf(format, args...))
}

// Fatalf records the formatted message and sets Fatal.
func (r *Recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.Fatal = true
}

// Failed reports whether any message was recorded.
func (r *Recorder) Failed() bool { return len(r.Messages) > 0 }

// Reset forgets every message and clears Fatal, so the Recorder can be
// used again.
func (r *Recorder) Reset() {
	r.Messages = r.Messages[:0]
	r.Fatal = false
}

// Tolerance is the slack the assertions allow at a limit, to absorb
// floating-point rounding in sums over time: a value passes an "at least
// min" check if it is ≥ min − Tolerance·max(1, |min|), and an "at most
// max" check if it is ≤ max + Tolerance·max(1, |max|).
const Tolerance = 1e-9

func slack(limit float64) float64 { return Tolerance * math.Max(1, math.Abs(limit)) }

// atLeast reports whether v ≥ limit within Tolerance. NaN never passes.
func atLeast(v, limit float64) bool { return v >= limit-slack(limit) }

// atMost reports whether v ≤ limit within Tolerance. NaN never passes.
func atMost(v, limit float64) bool { return v <= limit+slack(limit) }

// num formats x with four significant digits (more before the decimal
// point when needed, an exponent only for tiny values), trailing zeros
// dropped: 0.8123, 812.3, 12000, 0.5.
func num(x float64) string { return numDigits(x, 4) }

func numDigits(x float64, sig int) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "+Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	case x == 0:
		return "0"
	}
	dec := sig - 1 - int(math.Floor(math.Log10(math.Abs(x))))
	if dec > 20 {
		return strconv.FormatFloat(x, 'g', sig, 64) // tiny: 1e-20
	}
	dec = max(0, dec)
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// nums formats a measured value and its limit as num does, with more
// digits when both would otherwise print the same, so that a failure never
// reads "0.95 < 0.95".
func nums(v, limit float64) (string, string) {
	for sig := 4; sig <= 17; sig++ {
		a, b := numDigits(v, sig), numDigits(limit, sig)
		if a != b || v == limit {
			return a, b
		}
	}
	return numDigits(v, 17), numDigits(limit, 17)
}

// withUnit joins a number and a unit: "4000 kWh", or "0.5" without a unit.
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// badLimit reports a limit that is NaN.
func badLimit(t TB, who, what string, limit float64) bool {
	if math.IsNaN(limit) {
		t.Helper()
		t.Errorf("%s: %s: the limit is NaN", who, what)
		return true
	}
	return false
}

// orNone joins ids with commas, or returns "none" for an empty list.
func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}
