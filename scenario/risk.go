package scenario

import (
	"fmt"
	"math"
)

// RiskTimeline is a study's risk over time: the timeline of its network
// summarised over all trials, bucket by bucket at the scenario's
// resolution. Bucket b covers [Start[b], Start[b] + Width[b]) hours from
// the start; every width is the resolution but the last, cut at the
// horizon. Quantities are in the network's quantity unit (kWh for power
// and heat, m³ for water and gas), times in hours.
//
// Means (LOLP, EUE, ShortHours, ColdCustomers.Mean) are exact: each is
// computed from sums kept without rounding, rounded once, so it is the
// same bit for bit however the trials were split and merged. Standard
// errors are those of a mean over N independent trials. The bands
// (Coverage, Classes, ColdCustomers) are quantiles over the trials of the
// bucket's value, each a documented approximation (see Bands).
type RiskTimeline struct {
	// Trials is the number of trials N summarised.
	Trials int
	// Start and Width give each bucket's start and width in hours.
	Start, Width []float64
	// LOLP[b] is the probability of any shortfall in bucket b (LOLP_t):
	// the share of trials with demand of the network unserved at some
	// time of positive length in the bucket. LOLPStdErr is its binomial
	// standard error √(p(1−p)/N).
	LOLP, LOLPStdErr []float64
	// EUE[b] is the expected energy or volume unserved in bucket b
	// (EUE_t), in kWh or m³; Σ_b EUE[b] is the study's EUE.
	EUE, EUEStdErr []float64
	// ShortHours[b] is the expected time in hours with a shortfall in
	// bucket b; Σ_b ShortHours[b] is the study's LOLE as expected time in
	// shortfall (Shortfalls.LOLEDuration).
	ShortHours, ShortHoursStdErr []float64
	// Coverage holds the bands of the network's coverage by volume
	// (served/demand in the bucket, 1 without demand), a fraction.
	Coverage Bands
	// Classes holds the bands of each class's coverage by volume, in the
	// network's class (rank) order.
	Classes []ClassBands
	// ColdCustomers is the mean number of heat customers below the cold
	// threshold (16 °C by default) in each bucket, time-averaged within
	// it; nil unless the network is heat and the scenario has weather.
	ColdCustomers *ColdBands
}

// Bands are quantiles over the trials of one value per bucket: P5[b],
// P50[b] and P95[b] are its 5th, 50th and 95th percentiles in bucket b.
//
// The quantiles are those of the empirical distribution, "type 1": the
// p-quantile is the ⌈p·N⌉-th smallest of the N trials' values (at least
// the smallest). They are read from fixed log-linear bins that merge
// exactly (see the summary format in docs/scale-out.md): 32 bins per
// octave, so each reported value q̂, the midpoint of the bin holding the
// quantile, is within a stated bound of the exact quantile q:
//
//   - for coverage bands, the bins hold the shortfall 1 − coverage, and
//     |q̂ − q| ≤ max((1 − q)/64, 2^−20): exact to 1e−6 at full coverage,
//     within 0.0016 at coverage 0.9 and 0.008 at 0.5, and q̂ is clamped to
//     [0, 1];
//   - for cold customers, |q̂ − q| ≤ max(q/64, 2^−20): within 1.6%, and
//     0 when (nearly) nobody is cold.
type Bands struct {
	P5, P50, P95 []float64
}

// ClassBands are the coverage bands of one class.
type ClassBands struct {
	Class string
	Bands
}

// ColdBands summarise heat customers below the cold threshold over time:
// Mean[b] (exact, with its standard error) and the bands (see Bands), in
// customers.
type ColdBands struct {
	Mean, MeanStdErr []float64
	Bands
}

// Shortfalls summarises the shortfalls of a study's network over the
// horizon, with the two loss-of-load expectations that adequacy studies
// use, named apart:
//
//   - LOLEDuration is the expected time in shortfall, hours:
//     E[loss_of_load_hours] = Σ_t LOLP_t·Δt for fine buckets. It equals
//     Adequacy.LOLE.
//   - LOLEClockHours is the expected number of clock hours [h, h+1) from
//     the start with any shortfall in them (the convention of PRAS and of
//     hourly adequacy models): a 10-minute shortfall counts one hour, and
//     one from 2:30 to 4:15 counts three. LOLEClockHours ≥ LOLEDuration.
//
// A shortfall event is a maximal stretch of positive length with any
// demand of the network unserved; one still under way at the horizon is
// cut there and counts. Events is their expected number per trial;
// MeanEventDuration and MeanEventSize pool the events of all trials: total
// hours in shortfall over total events, and total energy or volume
// unserved during events over total events (NaN without events).
//
// Means and standard errors come from exact sums (see RiskTimeline);
// LOLEDuration and EUE from the trial records, as Adequacy.
type Shortfalls struct {
	Trials                               int
	LOLEDuration, LOLEDurationStdErr     float64 // h
	LOLEClockHours, LOLEClockHoursStdErr float64 // clock hours
	EUE, EUEStdErr                       float64 // kWh or m³
	Events, EventsStdErr                 float64 // events per trial
	MeanEventDuration                    float64 // h per event
	MeanEventSize                        float64 // kWh or m³ per event
}

// riskAcc accumulates a study's risk over time, trial by trial; parts of a
// study merge exactly. Memory: per bucket 8 bytes of counts, 16 bytes per
// exact sum plus 536 once it holds a non-zero value (two sums each for
// unserved, time short and cold customers), and 12 bytes per occupied bin
// of the coverage and cold histograms; O(1) beyond the buckets.
type riskAcc struct {
	nb, nc int
	cold   bool

	shortTrials []uint64  // per bucket: trials with a shortfall in it
	unserved    []moments // per bucket
	shortH      []moments // per bucket: hours in shortfall
	coverage    []lhist   // per bucket: 1 − coverage of the network
	class       [][]lhist // [class][bucket]: 1 − coverage of the class
	coldM       []moments // per bucket, heat with weather only
	coldH       []lhist

	events, clock  moments // per trial: shortfall events, clock hours
	evENS, evHours xsum    // over all trials: unserved during events, hours
}

func newRiskAcc(nb, nc int, cold bool) riskAcc {
	a := riskAcc{nb: nb, nc: nc, cold: cold,
		shortTrials: make([]uint64, nb), unserved: make([]moments, nb), shortH: make([]moments, nb),
		coverage: make([]lhist, nb), class: make([][]lhist, nc)}
	for k := range a.class {
		a.class[k] = make([]lhist, nb)
	}
	if cold {
		a.coldM = make([]moments, nb)
		a.coldH = make([]lhist, nb)
	}
	return a
}

// riskSample is what one trial gives the risk over time.
type riskSample struct {
	unserved, shortH, coverage []float64
	class                      [][]float64
	cold                       []float64 // nil: none cold
	events, clock              int
	evENS, lolH                float64
}

// sampleOf takes a trial's figures for the risk over time and checks
// them: every value finite, squares representable, coverage in [0, 1].
func sampleOf(n *NetResult, nb, nc int) (riskSample, error) {
	tl := &n.Timeline
	s := riskSample{unserved: tl.Unserved, shortH: tl.ShortHours, coverage: tl.Coverage, class: tl.ClassCoverage,
		cold: tl.ColdCustomers, events: n.ShortfallEvents, clock: n.ShortfallClockHours,
		evENS: n.ShortfallENS, lolH: n.LossOfLoadHours}
	if len(s.unserved) != nb || len(s.shortH) != nb || len(s.coverage) != nb || len(s.class) != nc ||
		(s.cold != nil && len(s.cold) != nb) {
		return s, fmt.Errorf("timeline has %d buckets and %d classes, want %d and %d", len(s.unserved), len(s.class), nb, nc)
	}
	bad := func(what string, b int, x float64) error {
		return fmt.Errorf("timeline: bucket %d: %s %v out of range", b, what, x)
	}
	for b := range nb {
		if !sane(s.unserved[b]) || s.unserved[b] < 0 {
			return s, bad("unserved", b, s.unserved[b])
		}
		if !sane(s.shortH[b]) || s.shortH[b] < 0 {
			return s, bad("hours in shortfall", b, s.shortH[b])
		}
		if !(s.coverage[b] >= 0 && s.coverage[b] <= 1) {
			return s, bad("coverage", b, s.coverage[b])
		}
		for k := range nc {
			if len(s.class[k]) != nb {
				return s, fmt.Errorf("timeline: class %d has %d buckets, want %d", k, len(s.class[k]), nb)
			}
			if c := s.class[k][b]; !(c >= 0 && c <= 1) {
				return s, bad(fmt.Sprintf("class %d coverage", k), b, c)
			}
		}
		if s.cold != nil && (!sane(s.cold[b]) || s.cold[b] < 0) {
			return s, bad("cold customers", b, s.cold[b])
		}
	}
	if !sane(s.evENS) || !sane(s.lolH) || s.events < 0 || s.clock < 0 {
		return s, fmt.Errorf("shortfall totals out of range (events %d, clock hours %d, unserved %v, hours %v)",
			s.events, s.clock, s.evENS, s.lolH)
	}
	return s, nil
}

// sane reports whether x is finite with a finite square: |x| < 2^500.
func sane(x float64) bool { return math.Abs(x) < 0x1p500 }

// add takes one trial's sample.
func (a *riskAcc) add(s *riskSample) {
	for b := range a.nb {
		if s.shortH[b] > 0 {
			a.shortTrials[b]++
		}
		a.unserved[b].add(s.unserved[b])
		a.shortH[b].add(s.shortH[b])
		a.coverage[b].add(1 - s.coverage[b])
		for k := range a.nc {
			a.class[k][b].add(1 - s.class[k][b])
		}
		if a.cold {
			x := 0.0
			if s.cold != nil {
				x = s.cold[b]
			}
			a.coldM[b].add(x)
			a.coldH[b].add(x)
		}
	}
	a.events.add(float64(s.events))
	a.clock.add(float64(s.clock))
	a.evENS.add(s.evENS)
	a.evHours.add(s.lolH)
}

// merge adds the trials of o, of the same shape.
func (a *riskAcc) merge(o *riskAcc) {
	for b := range a.nb {
		a.shortTrials[b] += o.shortTrials[b]
		a.unserved[b].merge(&o.unserved[b])
		a.shortH[b].merge(&o.shortH[b])
		a.coverage[b].merge(&o.coverage[b])
		for k := range a.nc {
			a.class[k][b].merge(&o.class[k][b])
		}
		if a.cold {
			a.coldM[b].merge(&o.coldM[b])
			a.coldH[b].merge(&o.coldH[b])
		}
	}
	a.events.merge(&o.events)
	a.clock.merge(&o.clock)
	a.evENS.merge(&o.evENS)
	a.evHours.merge(&o.evHours)
}

// freeze propagates every carry, after which the accumulator is only read
// (see xsum.carry).
func (a *riskAcc) freeze() {
	m := func(ms []moments) {
		for i := range ms {
			ms[i].sum.carry()
			ms[i].sq.carry()
		}
	}
	m(a.unserved)
	m(a.shortH)
	m(a.coldM)
	for _, x := range []*xsum{&a.events.sum, &a.events.sq, &a.clock.sum, &a.clock.sq, &a.evENS, &a.evHours} {
		x.carry()
	}
}

// Timeline returns the risk over time of the summary's trials (see
// RiskTimeline). Without trials every mean and band is NaN; a summary read
// from version 1 of the summary format has no buckets. Cost:
// O(buckets × (classes + 3) × occupied bins).
func (s *Summary) Timeline() RiskTimeline {
	a := &s.risk
	n := int64(s.n)
	out := RiskTimeline{Trials: s.n,
		Start: make([]float64, a.nb), Width: make([]float64, a.nb),
		LOLP: make([]float64, a.nb), LOLPStdErr: make([]float64, a.nb),
		EUE: make([]float64, a.nb), EUEStdErr: make([]float64, a.nb),
		ShortHours: make([]float64, a.nb), ShortHoursStdErr: make([]float64, a.nb),
		Coverage: coverageBands(a.coverage, uint64(n)),
		Classes:  make([]ClassBands, a.nc)}
	for b := range a.nb {
		out.Start[b] = float64(b) * s.resolution
		out.Width[b] = math.Min(s.horizon, float64(b+1)*s.resolution) - out.Start[b]
		if n == 0 {
			out.LOLP[b], out.LOLPStdErr[b] = math.NaN(), math.NaN()
		} else {
			p := float64(a.shortTrials[b]) / float64(n)
			out.LOLP[b], out.LOLPStdErr[b] = p, math.Sqrt(p*(1-p)/float64(n))
		}
		out.EUE[b], out.EUEStdErr[b] = a.unserved[b].mean(n), a.unserved[b].stderr(n)
		out.ShortHours[b], out.ShortHoursStdErr[b] = a.shortH[b].mean(n), a.shortH[b].stderr(n)
	}
	for k := range a.nc {
		out.Classes[k] = ClassBands{Class: s.classes[k], Bands: coverageBands(a.class[k], uint64(n))}
	}
	if a.cold {
		c := &ColdBands{Mean: make([]float64, a.nb), MeanStdErr: make([]float64, a.nb)}
		for b := range a.nb {
			c.Mean[b], c.MeanStdErr[b] = a.coldM[b].mean(n), a.coldM[b].stderr(n)
		}
		c.Bands = valueBands(a.coldH, uint64(n))
		out.ColdCustomers = c
	}
	return out
}

// bandPercents are the percentiles of Bands.
var bandPercents = [3]int{5, 50, 95}

// valueBands reads P5, P50 and P95 of the values binned in hs.
func valueBands(hs []lhist, n uint64) Bands {
	var out [3][]float64
	for j, pc := range bandPercents {
		out[j] = make([]float64, len(hs))
		for b := range hs {
			if n == 0 {
				out[j][b] = math.NaN()
				continue
			}
			out[j][b] = hs[b].orderStat(quantileRank(pc, n))
		}
	}
	return Bands{P5: out[0], P50: out[1], P95: out[2]}
}

// coverageBands reads coverage percentiles from histograms of the
// shortfall 1 − coverage: the ⌈p·N⌉-th smallest coverage is the
// (N + 1 − ⌈p·N⌉)-th smallest shortfall.
func coverageBands(hs []lhist, n uint64) Bands {
	var out [3][]float64
	for j, pc := range bandPercents {
		out[j] = make([]float64, len(hs))
		for b := range hs {
			if n == 0 {
				out[j][b] = math.NaN()
				continue
			}
			r := n + 1 - quantileRank(pc, n)
			out[j][b] = min(max(1-hs[b].orderStat(r), 0), 1)
		}
	}
	return Bands{P5: out[0], P50: out[1], P95: out[2]}
}

// Shortfalls returns the shortfall summary of the summary's trials (see
// Shortfalls); NaN figures without trials. A summary read from version 1
// of the summary format has only the record-based figures (LOLEDuration,
// EUE); the others are NaN. O(N) for the record-based figures.
func (s *Summary) Shortfalls() Shortfalls {
	a := &s.risk
	n := int64(s.n)
	lol, _ := s.Stat(MetricLossOfLoadHours)
	ens, _ := s.Stat(MetricENS)
	if s.noRisk {
		nan := math.NaN()
		return Shortfalls{Trials: s.n, LOLEDuration: lol.Mean, LOLEDurationStdErr: lol.StdErr, EUE: ens.Mean, EUEStdErr: ens.StdErr,
			LOLEClockHours: nan, LOLEClockHoursStdErr: nan, Events: nan, EventsStdErr: nan, MeanEventDuration: nan, MeanEventSize: nan}
	}
	return Shortfalls{Trials: s.n,
		LOLEDuration: lol.Mean, LOLEDurationStdErr: lol.StdErr,
		LOLEClockHours: a.clock.mean(n), LOLEClockHoursStdErr: a.clock.stderr(n),
		EUE: ens.Mean, EUEStdErr: ens.StdErr,
		Events: a.events.mean(n), EventsStdErr: a.events.stderr(n),
		MeanEventDuration: a.evHours.ratio(&a.events.sum),
		MeanEventSize:     a.evENS.ratio(&a.events.sum),
	}
}
