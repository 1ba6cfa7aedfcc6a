package report

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/scenario"
)

// RiskTimeline is the risk over time of a study: the timeline of the
// studied network summarised over every trial, bucket by bucket at the
// document's resolution (scenario.RiskTimeline). Bucket b covers
// [Start[b], Start[b] + resolution) hours, the last ending at the
// horizon, the buckets of networks[].timeline. Quantities are in the
// network's quantity unit (q: kWh or m³), times in hours, probabilities
// and coverage in fractions.
type RiskTimeline struct {
	Start []float64 `json:"start"`
	// LOLP[b] is LOLP_t, the probability of any shortfall in bucket b:
	// the share of trials with demand unserved at some time of positive
	// length in it; LOLPStdErr its binomial standard error √(p(1−p)/N).
	LOLP       []float64 `json:"lolp"`
	LOLPStdErr []float64 `json:"lolp_stderr"`
	// EUE[b] is EUE_t, the expected energy or volume unserved in bucket
	// b (q); the buckets sum to risk.eue.
	EUE       []float64 `json:"eue"`
	EUEStdErr []float64 `json:"eue_stderr"`
	// ShortHours[b] is the expected time in hours with a shortfall in
	// bucket b; the buckets sum to risk.shortfalls.lole_duration.
	ShortHours       []float64 `json:"short_hours"`
	ShortHoursStdErr []float64 `json:"short_hours_stderr"`
	// Coverage holds the bands (P5, P50, P95 over the trials) of the
	// network's coverage by volume in each bucket; Classes those of each
	// class, in rank order.
	Coverage Bands        `json:"coverage"`
	Classes  []ClassBands `json:"classes"`
	// ColdCustomers holds the mean and bands of the number of heat
	// customers below the cold threshold in each bucket (time-averaged
	// within it); heat networks played with weather only, else absent.
	ColdCustomers *ColdBands `json:"cold_customers,omitempty"`
}

// Bands are the 5th, 50th and 95th percentiles over the trials of one
// value per bucket. They are read from log-linear bins of 32 per octave
// that merge exactly (scenario.Bands states the error bound: within
// max((1 − q)/64, 2^−20) for coverage q, within max(q/64, 2^−20) for cold
// customers).
type Bands struct {
	P5  []float64 `json:"p5"`
	P50 []float64 `json:"p50"`
	P95 []float64 `json:"p95"`
}

// ClassBands are the coverage bands of one class.
type ClassBands struct {
	Class string `json:"class"`
	Bands
}

// ColdBands are the bands of heat customers below the cold threshold,
// with their mean (exact) and its standard error, in customers.
type ColdBands struct {
	Mean       []float64 `json:"mean"`
	MeanStdErr []float64 `json:"mean_stderr"`
	Bands
}

// Shortfalls summarises the shortfalls of the studied network over the
// horizon (scenario.Shortfalls), with the two loss-of-load expectations
// named apart:
//
//   - LOLEDuration is the expected time in shortfall in hours (it equals
//     risk.lole, E[loss_of_load_hours]);
//   - LOLEClockHours is the expected number of clock hours [h, h+1) from
//     the start with any shortfall in them, the convention of PRAS and of
//     hourly adequacy models: a 10-minute shortfall counts one hour. It is
//     never below LOLEDuration.
//
// Events is the expected number of shortfall events per trial (a maximal
// stretch with any demand unserved; one under way at the horizon counts),
// MeanEventDuration (h) and MeanEventSize (q) the pooled means over every
// event of every trial: NaN (null) when no trial had one.
type Shortfalls struct {
	LOLEDuration         float64 `json:"lole_duration"`
	LOLEDurationStdErr   float64 `json:"lole_duration_stderr"`
	LOLEClockHours       float64 `json:"lole_clock_hours"`
	LOLEClockHoursStdErr float64 `json:"lole_clock_hours_stderr"`
	Events               float64 `json:"events"`
	EventsStdErr         float64 `json:"events_stderr"`
	MeanEventDuration    Float   `json:"mean_event_duration"`
	MeanEventSize        Float   `json:"mean_event_size"`
}

// riskOverTime returns the shortfalls and the risk over time of a summary
// with at least one trial; both nil for a summary without them (version 1
// of the summary format).
func riskOverTime(sum *scenario.Summary) (*Shortfalls, *RiskTimeline) {
	tl := sum.Timeline()
	if len(tl.Start) == 0 {
		return nil, nil
	}
	sf := sum.Shortfalls()
	s := &Shortfalls{LOLEDuration: sf.LOLEDuration, LOLEDurationStdErr: sf.LOLEDurationStdErr,
		LOLEClockHours: sf.LOLEClockHours, LOLEClockHoursStdErr: sf.LOLEClockHoursStdErr,
		Events: sf.Events, EventsStdErr: sf.EventsStdErr,
		MeanEventDuration: Float(sf.MeanEventDuration), MeanEventSize: Float(sf.MeanEventSize)}
	out := &RiskTimeline{Start: tl.Start, LOLP: tl.LOLP, LOLPStdErr: tl.LOLPStdErr, EUE: tl.EUE, EUEStdErr: tl.EUEStdErr,
		ShortHours: tl.ShortHours, ShortHoursStdErr: tl.ShortHoursStdErr, Coverage: Bands(tl.Coverage),
		Classes: make([]ClassBands, len(tl.Classes))}
	for k, c := range tl.Classes {
		out.Classes[k] = ClassBands{Class: c.Class, Bands: Bands(c.Bands)}
	}
	if c := tl.ColdCustomers; c != nil {
		out.ColdCustomers = &ColdBands{Mean: c.Mean, MeanStdErr: c.MeanStdErr, Bands: Bands(c.Bands)}
	}
	return s, out
}

// checkRiskTimeline reports the inconsistencies of a decoded risk over
// time: one value per bucket of the document (nb) in every list, the
// buckets of the networks' timelines, probabilities and coverage in
// [0, 1], distinct class names.
func (d *Document) checkRiskTimeline(nb int, bad func(format string, args ...any)) {
	r := d.Risk
	if r == nil || r.Timeline == nil {
		return
	}
	tl := r.Timeline
	if len(tl.Start) != nb {
		bad("risk.timeline.start: %d buckets, the networks' timelines %d", len(tl.Start), nb)
		return
	}
	if len(d.Networks) > 0 {
		for b, s := range d.Networks[0].Timeline.Start {
			if tl.Start[b] != s {
				bad("risk.timeline.start[%d]: %v h, the networks' timelines start bucket %d at %v h", b, tl.Start[b], b, s)
				break
			}
		}
	}
	list := func(key string, xs []float64, lo, hi float64) {
		if len(xs) != nb {
			bad("risk.timeline.%s: %d values; want one per bucket (%d)", key, len(xs), nb)
			return
		}
		for b, x := range xs {
			if !(x >= lo && x <= hi) {
				bad("risk.timeline.%s[%d]: %v; want %v to %v", key, b, x, lo, hi)
				return
			}
		}
	}
	inf := math.Inf(1)
	bands := func(key string, bs Bands, lo, hi float64) {
		list(key+".p5", bs.P5, lo, hi)
		list(key+".p50", bs.P50, lo, hi)
		list(key+".p95", bs.P95, lo, hi)
	}
	list("lolp", tl.LOLP, 0, 1)
	list("lolp_stderr", tl.LOLPStdErr, 0, 1)
	list("eue", tl.EUE, 0, inf)
	list("eue_stderr", tl.EUEStdErr, 0, inf)
	list("short_hours", tl.ShortHours, 0, d.Resolution)
	list("short_hours_stderr", tl.ShortHoursStdErr, 0, d.Resolution)
	bands("coverage", tl.Coverage, 0, 1)
	seen := map[string]bool{}
	for k, c := range tl.Classes {
		key := fmt.Sprintf("classes[%d]", k)
		if seen[c.Class] {
			bad("risk.timeline.%s.class: %q named twice", key, c.Class)
		}
		seen[c.Class] = true
		bands(key, c.Bands, 0, 1)
	}
	if c := tl.ColdCustomers; c != nil {
		list("cold_customers.mean", c.Mean, 0, inf)
		list("cold_customers.mean_stderr", c.MeanStdErr, 0, inf)
		bands("cold_customers", c.Bands, 0, inf)
	}
}
