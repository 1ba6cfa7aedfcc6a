package report

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lifeline-sim/lifeline/network"
)

// group inserts thousands separators (",") into the integer part of a
// number written by strconv.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) > 3 {
		var b strings.Builder
		head := len(intPart) % 3
		if head > 0 {
			b.WriteString(intPart[:head])
		}
		for i := head; i < len(intPart); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(intPart[i : i+3])
		}
		intPart = b.String()
	}
	if hasFrac {
		intPart += "." + frac
	}
	if neg {
		intPart = "-" + intPart
	}
	return intPart
}

// fixed formats v with dec decimals and thousands separators, without a
// negative sign on zero; "n/a" for NaN.
func fixed(v float64, dec int) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case math.IsInf(v, 1):
		return "unlimited"
	case math.IsInf(v, -1):
		return "−∞"
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return group(s)
}

// sig formats v in fixed point with n significant digits (at least the
// integer part, at most 8 decimals) and thousands separators: sig(974119.8,
// 4) = "974,120", sig(0.06117, 3) = "0.0612", sig(1.666e-5, 3) =
// "0.0000167".
func sig(v float64, n int) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fixed(v, 0)
	}
	mag := int(math.Floor(math.Log10(math.Abs(v))))
	dec := min(max(n-1-mag, 0), 8)
	// Rounding may carry into a new digit (9.996 → 10.00): one decimal
	// fewer then.
	if s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64); dec > 0 && len(strings.TrimLeft(strings.Replace(s, ".", "", 1), "0")) > n {
		dec--
	}
	return fixed(v, dec)
}

// pct formats a fraction as a percentage with dec decimals: "99.90 %".
func pct(v float64, dec int) string { return fixed(100*v, dec) + " %" }

// levelPct formats a service level (a fraction) as a percentage with at
// most two decimals and no trailing zeros: 0.95 → "95 %", 0.975 → "97.5 %".
func levelPct(l float64) string {
	return strconv.FormatFloat(math.Round(l*1e4)/100, 'f', -1, 64) + " %"
}

// scale is a unit with its size in base units: MWh is 1000 kWh.
type scale struct {
	unit string
	div  float64
}

// quantityScales and flowScales are the units each kind's quantities and
// flows are shown in, smallest first; a value is shown in the largest
// whose size it reaches ten times (so at most four digits before the
// point in the unit below).
func quantityScales(k network.Kind) []scale {
	switch k {
	case network.Water, network.Gas:
		return []scale{{"m³", 1}, {"thousand m³", 1e3}, {"million m³", 1e6}, {"billion m³", 1e9}}
	case network.Power, network.Heat:
		return []scale{{"kWh", 1}, {"MWh", 1e3}, {"GWh", 1e6}, {"TWh", 1e9}}
	}
	return []scale{{"units", 1}}
}

func flowScales(k network.Kind) []scale {
	switch k {
	case network.Water, network.Gas:
		return []scale{{"m³/h", 1}, {"thousand m³/h", 1e3}, {"million m³/h", 1e6}}
	case network.Power, network.Heat:
		return []scale{{"kW", 1}, {"MW", 1e3}, {"GW", 1e6}}
	}
	return []scale{{"units/h", 1}}
}

// pick returns the scale for values up to max: the largest whose size is
// at most max/10, so that 12,000 kWh shows as 12.0 MWh and 9,000 kWh as
// 9,000 kWh.
func pick(scales []scale, max float64) scale {
	s := scales[0]
	for _, c := range scales[1:] {
		if math.Abs(max) >= 10*c.div {
			s = c
		}
	}
	return s
}

// qty formats a quantity of kind k in the unit that suits it, with four
// significant digits: "974.1 MWh", "16.70 million m³".
func qty(v float64, k network.Kind) string {
	s := pick(quantityScales(k), v)
	return sig(v/s.div, 4) + " " + s.unit
}

// flow formats a flow of kind k likewise: "1,234 kW", "12.3 MW".
func flow(v float64, k network.Kind) string {
	s := pick(flowScales(k), v)
	return sig(v/s.div, 4) + " " + s.unit
}

// count formats a whole count with separators; a fractional mean with one
// decimal.
func count(v float64) string {
	if v == math.Trunc(v) {
		return fixed(v, 0)
	}
	return sig(v, 4)
}

// hours formats a duration in hours: two decimals below 100 h, one below
// 1000 h, whole hours above, and the days from 48 h on: "330.2 h (13.8
// days)".
func hours(h float64) string {
	var s string
	switch a := math.Abs(h); {
	case a < 100:
		s = fixed(h, 2)
	case a < 1000:
		s = fixed(h, 1)
	default:
		s = fixed(h, 0)
	}
	s += " h"
	if math.Abs(h) >= 48 {
		s += " (" + fixed(h/24, 1) + " days)"
	}
	return s
}

// money formats an exact decimal amount with two decimals, separators and
// the currency: "12,849,917.63 CNY". An amount that does not parse is
// shown as given.
func money(amount, currency string) string {
	d, err := decimal.NewFromString(amount)
	s := amount
	if err == nil {
		s = group(d.StringFixed(2))
	}
	return s + moneySuffix(currency)
}

// moneyFloat formats a floating-point amount (a study statistic) likewise.
func moneyFloat(v float64, currency string) string {
	return fixed(v, 2) + moneySuffix(currency)
}

// moneySuffix follows an amount: " CNY", or a note that the scenario sets
// no currency.
func moneySuffix(c string) string {
	if c == "" {
		return " (currency not set)"
	}
	return " " + c
}

// currencyName names the currency in a header or unit column: the code,
// or "currency not set".
func currencyName(c string) string {
	if c == "" {
		return "currency not set"
	}
	return c
}

// clock places times from the scenario start on the calendar, when the
// scenario has a start date.
type clock struct {
	start time.Time
	dated bool
}

// newClock parses the document's start (RFC 3339); a start without a
// date (year 0 or 1) or none gives hours from the start.
func newClock(start string) clock {
	t, err := time.Parse(time.RFC3339, start)
	if err != nil || t.Year() <= 1 {
		return clock{}
	}
	return clock{start: t, dated: true}
}

// at returns the wall-clock time h hours after the start.
func (c clock) at(h float64) time.Time {
	return c.start.Add(time.Duration(math.Round(h * float64(time.Hour))))
}

// when formats the moment h hours from the start: "16 Feb 2022 05:48
// (5.80 h)" with a date, else "5.80 h from the start".
func (c clock) when(h float64) string {
	if !c.dated {
		return fixed(h, 2) + " h from the start"
	}
	return c.at(h).Format("2 Jan 2006 15:04") + " (" + fixed(h, 2) + " h)"
}

// zone is the time zone offset of the start, "+08:00".
func (c clock) zone() string { return c.start.Format("-07:00") }

// span describes the run: "14 days (336 h) from 16 Feb 2022 00:00 +08:00".
func span(horizon float64, c clock) string {
	s := fixed(horizon, 0) + " h"
	if horizon != math.Trunc(horizon) {
		s = fixed(horizon, 2) + " h"
	}
	if horizon >= 48 {
		days := horizon / 24
		d := fixed(days, 1)
		if days == math.Trunc(days) {
			d = fixed(days, 0)
		}
		s = d + " days (" + s + ")"
	}
	if c.dated {
		s += " from " + c.start.Format("2 Jan 2006 15:04 -07:00")
	}
	return s
}

// netTitle names a network without repeating its kind: "heat" for a
// network whose ID is its kind, "north-grid (power)" otherwise.
func netTitle(id string, k network.Kind) string {
	if id == string(k) || id == "" {
		return string(k)
	}
	return id + " (" + string(k) + ")"
}

// quantityWord is "energy" for power and heat and "volume" for water and
// gas.
func quantityWord(k network.Kind) string {
	switch k {
	case network.Water, network.Gas:
		return "volume"
	}
	return "energy"
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// plural returns n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fixed(float64(n), 0) + " " + many
}

// ifElse returns a if cond, else b.
func ifElse[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}
