package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// Summary holds the outcome of a study: one record per trial, in trial
// order, of the scalar metrics of one network; the study's risk over time
// (Timeline, Shortfalls), kept in exact mergeable accumulators; and the
// identity of the study (scenario name and digest, seed, network, horizon,
// resolution, service levels, classes, total trial count), so that
// summaries of separate trial ranges can be merged safely. Statistics of
// the records are computed on demand in trial order, and those of the risk
// over time from sums kept without rounding, so equal trials give
// bit-for-bit equal statistics however they were scheduled, split or
// merged.
//
// The metrics of a record, in order, with their direction (↑ higher is
// worse, ↓ lower is worse) and unit ("q" is kWh for power and heat, m³
// for water and gas); all refer to the study's network over the horizon
// unless stated:
//
//	ens                    ↑ q           energy or volume not supplied (Group.ENS)
//	served                 ↓ q           energy or volume delivered
//	demand                 ↑ q           energy or volume asked for
//	coverage               ↓ fraction    served/demand by volume (PCS)
//	ecs                    ↓ fraction    time-mean of per-consumer coverage (ECS)
//	eoh                    ↑ h           equivalent outage hours ∫(1 − coverage)dt
//	customer_hours_lost    ↑ customer·h  Σ customers × (1 − coverage) × Δt
//	saifi                  ↑ 1/customer  interruptions per customer (IEEE 1366)
//	saidi                  ↑ h/customer  interruption hours per customer
//	caidi                  ↑ h           SAIDI/SAIFI, 0 without interruptions
//	asai                   ↓ fraction    average service availability index
//	value_lost             ↑ money       value of lost load (decimal, as float64)
//	min_critical_coverage  ↓ fraction    lowest critical-class coverage
//	loss_of_load_hours     ↑ h           time with any demand unserved
//	time_to_restore        ↑ h           first shortfall to lasting full supply
//	cold_customer_hours    ↑ customer·h  heat customers below the cold threshold
//	peak_cold_customers    ↑ customers   most heat customers cold at once
//	crew_utilisation       ↑ fraction    busy/available crew member-hours (all networks)
//	mean_wait              ↑ h           mean time from fault to start of work (all networks)
//	longest_critical_below_i
//	                       ↑ h           longest stretch with critical coverage
//	                                     below service level i, one per level
//
// A Summary is immutable once returned: safe for concurrent use. It
// writes itself to the versioned summary format (WriteJSON; MarshalJSON)
// and reads back without loss (ReadSummary; UnmarshalJSON); Merge and
// Merger combine summaries of disjoint trial ranges.
//
// Memory: 8 bytes × (20 + service levels) per trial for the records, and
// for the risk over time O(buckets × (classes + 3)) independent of the
// number of trials (see docs/scale-out.md for measured figures).
type Summary struct {
	scenario   string
	digest     string
	seed       uint64
	network    string
	kind       network.Kind
	horizon    float64
	resolution float64
	total      int // trials of the whole study, 0 if not stated
	levels     []ServiceLevel
	metrics    []string
	classes    []string     // the network's classes in rank order
	parts      []chunk      // sorted by first trial, disjoint, none empty
	n          int          // trials recorded
	risk       riskAcc      // frozen
	noRisk     bool         // read from version 1: no risk over time
	attach     []attachment // sorted by trial, then name
}

// chunk holds the records of the contiguous trials first, first+1, …:
// len(vals)/metrics of them, row-major.
type chunk struct {
	first int
	vals  []float64
}

// attachment is named JSON data kept with one trial.
type attachment struct {
	trial int
	name  string
	data  json.RawMessage
}

// TrialRange is the half-open range of trial indices [First, End).
type TrialRange struct {
	First, End int
}

// String writes the range as "trials 50–74", its first and last trial, or
// "trial 50".
func (r TrialRange) String() string {
	if r.End-r.First == 1 {
		return fmt.Sprintf("trial %d", r.First)
	}
	return fmt.Sprintf("trials %d–%d", r.First, r.End-1)
}

// ShardRange returns the k-th of n near-equal contiguous ranges of a study
// of total trials, 0 ≤ k < n: the first total mod n ranges hold one trial
// more than the others, and the ranges in order cover [0, total). It
// panics if n < 1 or k is out of range (a caller's bug); ranges are empty
// when n > total.
func ShardRange(k, n, total int) TrialRange {
	if n < 1 || k < 0 || k >= n || total < 0 {
		panic(fmt.Sprintf("scenario: ShardRange(%d, %d, %d): want 0 ≤ k < n and total ≥ 0", k, n, total))
	}
	q, r := total/n, total%n
	first := k*q + min(k, r)
	size := q
	if k < r {
		size++
	}
	return TrialRange{First: first, End: first + size}
}

// Record is one trial of a summary: its index and its metric values in the
// order of Summary.Metrics.
type Record struct {
	Trial  int
	Values []float64
}

// Scenario returns the name of the scenario studied.
func (s *Summary) Scenario() string { return s.scenario }

// Digest returns the study's digest of its inputs ("" if none; see
// Study.Digest).
func (s *Summary) Digest() string { return s.digest }

// Seed returns the study's seed.
func (s *Summary) Seed() uint64 { return s.seed }

// Network returns the ID of the utility whose metrics are recorded.
func (s *Summary) Network() string { return s.network }

// Kind returns the kind of that utility, which fixes the quantity unit.
func (s *Summary) Kind() network.Kind { return s.kind }

// Horizon returns the scenario's horizon in hours.
func (s *Summary) Horizon() float64 { return s.horizon }

// Resolution returns the width in hours of a bucket of the risk over time.
func (s *Summary) Resolution() float64 { return s.resolution }

// Classes returns the names of the network's classes in rank order, the
// order of RiskTimeline.Classes.
func (s *Summary) Classes() []string { return slices.Clone(s.classes) }

// Total returns the number of trials of the whole study (Study.Total), 0
// if not stated.
func (s *Summary) Total() int { return s.total }

// ServiceLevels returns a copy of the scenario's service levels, in the
// order of the longest_critical_below_i metrics and of ServiceRisk.
func (s *Summary) ServiceLevels() []ServiceLevel { return slices.Clone(s.levels) }

// Trials returns the number of trials recorded.
func (s *Summary) Trials() int { return s.n }

// Ranges returns the trials recorded as ascending, disjoint, non-adjacent
// ranges.
func (s *Summary) Ranges() []TrialRange {
	var out []TrialRange
	m := len(s.metrics)
	for _, c := range s.parts {
		end := c.first + len(c.vals)/m
		if k := len(out) - 1; k >= 0 && out[k].End == c.first {
			out[k].End = end
			continue
		}
		out = append(out, TrialRange{c.first, end})
	}
	return out
}

// Missing returns the ranges of trials of the whole study that the
// summary does not hold: the gaps in [0, Total), or in [0, last trial + 1)
// when Total is not stated. Nil when the summary is complete.
func (s *Summary) Missing() []TrialRange {
	var out []TrialRange
	at := 0
	for _, r := range s.Ranges() {
		if r.First > at {
			out = append(out, TrialRange{at, r.First})
		}
		at = r.End
	}
	if s.total > at {
		out = append(out, TrialRange{at, s.total})
	}
	return out
}

// TrialIndices returns the recorded trial indices, ascending. O(N).
func (s *Summary) TrialIndices() []int {
	out := make([]int, 0, s.n)
	for _, r := range s.Ranges() {
		for t := r.First; t < r.End; t++ {
			out = append(out, t)
		}
	}
	return out
}

// Metrics returns the metric names of a record, in order (see Summary).
func (s *Summary) Metrics() []string { return slices.Clone(s.metrics) }

// each calls fn with every trial and its record, in trial order; the
// record must not be kept or changed.
func (s *Summary) each(fn func(trial int, row []float64)) {
	m := len(s.metrics)
	for _, c := range s.parts {
		for i := 0; i*m < len(c.vals); i++ {
			fn(c.first+i, c.vals[i*m:(i+1)*m:(i+1)*m])
		}
	}
}

// Records returns a copy of every record, in trial order. O(N × metrics).
func (s *Summary) Records() []Record {
	out := make([]Record, 0, s.n)
	s.each(func(t int, row []float64) {
		out = append(out, Record{Trial: t, Values: slices.Clone(row)})
	})
	return out
}

// index returns the position of a metric in a record.
func (s *Summary) index(metric string) (int, error) {
	k := slices.Index(s.metrics, metric)
	if k < 0 {
		return -1, fmt.Errorf("scenario: summary: %w %q (want one of %v)", errNoMetric, metric, s.metrics)
	}
	return k, nil
}

// column returns the values of metric k, in trial order.
func (s *Summary) column(k int) []float64 {
	out := make([]float64, 0, s.n)
	s.each(func(_ int, row []float64) { out = append(out, row[k]) })
	return out
}

// Values returns the value of a metric in each trial, in trial order (the
// order of TrialIndices). It returns an error naming the metric if it is
// unknown. O(N).
func (s *Summary) Values(metric string) ([]float64, error) {
	k, err := s.index(metric)
	if err != nil {
		return nil, err
	}
	return s.column(k), nil
}

// HigherIsWorse reports the direction of a metric: true where higher
// values are worse (ens, hours lost, …), false for coverage-like metrics
// where lower is worse (served, coverage, ecs, asai,
// min_critical_coverage). It decides the tail of CVaR95.
func (s *Summary) HigherIsWorse(metric string) (bool, error) {
	k, err := s.index(metric)
	if err != nil {
		return false, err
	}
	return !metricLowerWorse(k), nil
}

// Unit returns the unit of a metric: "kWh" or "m³" for quantities, "h",
// "customer·h", "money", "" for fractions, and so on (see Summary).
func (s *Summary) Unit(metric string) (string, error) {
	k, err := s.index(metric)
	if err != nil {
		return "", err
	}
	return metricUnit(k, s.kind), nil
}

// Stat returns the statistics of a metric over the trials (see Stat for
// the definitions). It returns an error naming the metric if it is
// unknown. O(N log N).
func (s *Summary) Stat(metric string) (Stat, error) {
	k, err := s.index(metric)
	if err != nil {
		return Stat{}, err
	}
	lo, hi := metricBounds(k, s.horizon)
	return describe(s.column(k), metricLowerWorse(k), lo, hi), nil
}

// Exceedance returns the exceedance curve of a metric: points values evenly
// spaced from its minimum to its maximum, each with the share of trials at
// or above it, P(X ≥ value), which falls from 1 at the minimum. With
// points ≤ 0 it returns one point per distinct value (the whole empirical
// curve); with points = 1, or if every trial has the same value, the
// minimum alone. Empty without trials. O(N log N).
func (s *Summary) Exceedance(metric string, points int) ([]ExceedancePoint, error) {
	k, err := s.index(metric)
	if err != nil {
		return nil, err
	}
	return exceedance(s.column(k), points), nil
}

// Histogram returns bins equal-width bins of a metric from its minimum to
// its maximum, for charts; one bin if every trial has the same value, none
// without trials. It returns an error for an unknown metric or bins < 1.
// O(N + bins).
func (s *Summary) Histogram(metric string, bins int) ([]Bin, error) {
	k, err := s.index(metric)
	if err != nil {
		return nil, err
	}
	if bins < 1 {
		return nil, fmt.Errorf("scenario: summary: histogram of %q: want ≥ 1 bins, got %d", metric, bins)
	}
	return histogram(s.column(k), bins), nil
}

// Adequacy holds the adequacy indices of a study with their standard
// errors.
type Adequacy struct {
	// LOLP is the loss-of-load probability, the expected share of the
	// horizon with any demand unserved: E[loss_of_load_hours]/horizon.
	LOLP, LOLPStdErr float64
	// LOLE is the loss-of-load expectation in hours over the horizon as
	// expected time in shortfall, Σ_t LOLP_t = E[loss_of_load_hours]
	// (Shortfalls.LOLEDuration; Shortfalls.LOLEClockHours counts clock
	// hours with a shortfall instead).
	LOLE, LOLEStdErr float64
	// EUE is the expected unserved energy or volume over the horizon in
	// kWh or m³, Σ_t E[shortfall] = E[ens].
	EUE, EUEStdErr float64
}

// Adequacy returns LOLP, LOLE and EUE with their standard errors (NaN
// without trials). O(N log N).
func (s *Summary) Adequacy() Adequacy {
	lol, _ := s.Stat(MetricLossOfLoadHours)
	ens, _ := s.Stat(MetricENS)
	return Adequacy{
		LOLP: lol.Mean / s.horizon, LOLPStdErr: lol.StdErr / s.horizon,
		LOLE: lol.Mean, LOLEStdErr: lol.StdErr,
		EUE: ens.Mean, EUEStdErr: ens.StdErr,
	}
}

// LOLP returns the loss-of-load probability E[loss_of_load_hours]/horizon
// (NaN without trials). Adequacy gives its standard error. O(N).
func (s *Summary) LOLP() float64 { return s.mean(MetricLossOfLoadHours) / s.horizon }

// LOLE returns the loss-of-load expectation in hours,
// E[loss_of_load_hours] (NaN without trials). O(N).
func (s *Summary) LOLE() float64 { return s.mean(MetricLossOfLoadHours) }

// EUE returns the expected unserved energy or volume in kWh or m³, E[ens]
// (NaN without trials). O(N).
func (s *Summary) EUE() float64 { return s.mean(MetricENS) }

// mean returns the mean of a metric, summed in trial order as Stat does.
func (s *Summary) mean(metric string) float64 {
	k, err := s.index(metric)
	if err != nil || s.n == 0 {
		return math.NaN()
	}
	var sum float64
	s.each(func(_ int, row []float64) { sum += row[k] })
	return sum / float64(s.n)
}

// ServiceRisk returns the probability that the critical class stays below
// the i-th service level for longer than its Duration, estimated as the
// share p of trials with longest_critical_below_i > Duration (by more
// than the rounding of clock times, 10⁻⁹ of the horizon), and its
// standard error √(p(1−p)/N). Both are NaN without trials. It panics if i
// is not the index of a service level. O(N).
func (s *Summary) ServiceRisk(i int) (p, stderr float64) {
	if i < 0 || i >= len(s.levels) {
		panic(fmt.Sprintf("scenario: Summary.ServiceRisk: service level %d out of range [0, %d)", i, len(s.levels)))
	}
	if s.n == 0 {
		return math.NaN(), math.NaN()
	}
	k := len(baseMetrics) + i
	d := s.levels[i].Duration
	count := 0
	s.each(func(_ int, row []float64) {
		if longer(row[k], d, s.horizon) {
			count++
		}
	})
	p = float64(count) / float64(s.n)
	return p, math.Sqrt(p * (1 - p) / float64(s.n))
}

// Attachment returns the JSON data attached to a trial under a name (see
// Attach), and whether there is any.
func (s *Summary) Attachment(trial int, name string) (json.RawMessage, bool) {
	i, ok := slices.BinarySearchFunc(s.attach, attachment{trial: trial, name: name}, cmpAttachment)
	if !ok {
		return nil, false
	}
	return slices.Clone(s.attach[i].data), true
}

// Attach returns a copy of the summary with data attached to one of its
// trials under a name: anything a program wants to keep with the trial
// through files and merges, such as the full report of trial 0 that a
// merged study reports beside its risk. The data must be valid JSON; it is
// kept compacted. Attach returns an error if the summary does not hold the
// trial, the name is empty or taken, or the data is not JSON. The copy
// shares the records with s (both are immutable).
func (s *Summary) Attach(trial int, name string, data []byte) (*Summary, error) {
	if !s.holds(trial) {
		return nil, fmt.Errorf("scenario: summary: attach %q: trial %d is not in the summary", name, trial)
	}
	if name == "" {
		return nil, fmt.Errorf("scenario: summary: attach to trial %d: empty name", trial)
	}
	a := attachment{trial: trial, name: name}
	i, found := slices.BinarySearchFunc(s.attach, a, cmpAttachment)
	if found {
		return nil, fmt.Errorf("scenario: summary: attach %q to trial %d: already attached", name, trial)
	}
	var buf strings.Builder
	if err := compactJSON(&buf, data); err != nil {
		return nil, fmt.Errorf("scenario: summary: attach %q to trial %d: %w", name, trial, err)
	}
	a.data = json.RawMessage(buf.String())
	out := *s
	out.attach = slices.Insert(slices.Clone(s.attach), i, a)
	return &out, nil
}

func cmpAttachment(a, b attachment) int {
	if a.trial != b.trial {
		return a.trial - b.trial
	}
	return strings.Compare(a.name, b.name)
}

// holds reports whether trial t is recorded.
func (s *Summary) holds(t int) bool {
	for _, r := range s.Ranges() {
		if r.First <= t && t < r.End {
			return true
		}
	}
	return false
}
