package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/lifeline-sim/lifeline/network"
)

// Study is a Monte Carlo study of a plan: Trials independent runs, trial i
// drawing from the random stream of Plan.NewTrial(Seed, i). The zero value
// of every optional field is a sensible default, stated field by field.
//
// Trials run in parallel, but nothing in a Summary depends on the number of
// workers or on timing: records are kept in trial order and every
// statistic is computed from them in that order. A study can be split into
// ranges of trials (First, Trials) run anywhere, and their summaries
// merged with Merge into exactly the summary of the whole.
//
// A Study is a value that Run only reads: it may be run several times, or
// from several goroutines at once (Progress is then called from each).
type Study struct {
	// Plan is the compiled scenario. Required.
	Plan *Plan
	// Seed selects the family of random streams.
	Seed uint64
	// Trials is the number of trials to run, > 0; the maximum when
	// StopRSE is set.
	Trials int
	// First is the index of the first trial, ≥ 0, to run trials
	// First … First+Trials−1 of a larger study. If zero, trials start at 0.
	First int
	// Workers is the number of goroutines running trials. If zero,
	// runtime.GOMAXPROCS(0). It never changes a result.
	Workers int
	// Network is the utility ID whose metrics are recorded. If empty, the
	// first utility of the scenario.
	Network string
	// StopRSE stops the study early once the relative standard error
	// (StdErr/|Mean|) of StopMetric over the completed prefix of trials is
	// at most StopRSE. The rule is checked only when that prefix holds a
	// multiple of CheckEvery trials (counted from First), so the stopping
	// point depends on the trials' outcomes alone, never on the worker
	// count. A prefix whose mean is zero never stops the study. The
	// running estimate uses Welford's update in trial order. If zero, the
	// study runs all Trials.
	StopRSE float64
	// StopMetric names the metric of the stopping rule (see Summary). If
	// empty, "ens".
	StopMetric string
	// CheckEvery is the number of trials between checks of the stopping
	// rule. If zero, 100.
	CheckEvery int
	// Progress, if not nil, is called after each completed trial with the
	// number of trials completed so far and Trials. It is called from one
	// goroutine at a time, with done increasing; a slow Progress slows the
	// collection of results, not the trials.
	Progress func(done, total int)
}

// Run runs the study and returns its summary.
//
// Trials run on Workers goroutines, each trial on its own Run; the Plan is
// shared. If ctx is cancelled, Run returns the summary of the completed
// contiguous prefix of trials (First … First+k−1, whose records are the
// same as in an uncancelled study) together with ctx.Err(). If a trial
// fails, Run returns the summary of the trials before it (as far as they
// completed) and the trial's error (a panic in a trial becomes such an
// error). When StopRSE stops the study, the summary holds exactly the
// trials of the first checkpoint that met the rule; trials run beyond it
// are discarded. Invalid settings are reported all at once, joined, with a
// nil summary.
//
// Cost: Trials runs plus O(Trials) to collect; memory O(Trials × metrics).
func (s Study) Run(ctx context.Context) (*Summary, error) {
	cfg, err := s.validate()
	if err != nil {
		return nil, err
	}
	sum := cfg.sum
	m := len(sum.metrics)
	n := s.Trials

	ictx, cancel := context.WithCancel(ctx)
	defer cancel()

	type outcome struct {
		k    int // offset from First
		vals []float64
		err  error
	}
	results := make(chan outcome, cfg.workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range cfg.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= n || ictx.Err() != nil {
					return
				}
				vals, err := s.trial(ictx, s.First+k, cfg.net, m)
				results <- outcome{k, vals, err}
				if err != nil {
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var (
		pending  = map[int][]float64{} // completed beyond the prefix
		prefix   int                   // trials First … First+prefix−1 are recorded
		done     int                   // trials completed, for Progress
		stopped  bool
		trialErr error
		errTrial = n // offset of the failed trial, n if none
		w        welford
	)
	for o := range results {
		if o.err != nil {
			// A trial cut short by cancellation is simply not complete;
			// any other failure ends the study at the lowest failed trial.
			if !errors.Is(o.err, context.Canceled) && !errors.Is(o.err, context.DeadlineExceeded) && o.k < errTrial {
				errTrial = o.k
				trialErr = fmt.Errorf("scenario: study: trial %d: %w", s.First+o.k, o.err)
				cancel()
			}
			continue
		}
		if stopped || o.k >= errTrial {
			continue // draining after the end
		}
		pending[o.k] = o.vals
		done++
		if s.Progress != nil {
			s.Progress(done, n)
		}
		for !stopped {
			vals, ok := pending[prefix]
			if !ok {
				break
			}
			delete(pending, prefix)
			sum.trials = append(sum.trials, s.First+prefix)
			sum.values = append(sum.values, vals...)
			prefix++
			if cfg.stopRSE > 0 {
				w.add(vals[cfg.stopIdx])
				if prefix%cfg.checkEvery == 0 && w.rse() <= cfg.stopRSE {
					stopped = true
					cancel()
				}
			}
		}
	}
	switch {
	case trialErr != nil:
		// A failed trial never joins the prefix, so the prefix stops
		// before the lowest failure.
		return sum, trialErr
	case stopped || prefix == n:
		return sum, nil
	default:
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		return sum, errors.New("scenario: study: trials ended early") // not reached
	}
}

// trial plays trial i and returns its metric vector.
func (s *Study) trial(ctx context.Context, i, net, m int) (vals []float64, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	res, err := s.Plan.NewTrial(s.Seed, i).RunContext(ctx)
	if err != nil {
		return nil, err
	}
	if net >= len(res.Networks) {
		return nil, fmt.Errorf("result has %d networks, want index %d", len(res.Networks), net)
	}
	vals = make([]float64, m)
	record(vals, res, &res.Networks[net])
	return vals, nil
}

type studyConfig struct {
	sum        *Summary
	net        int
	workers    int
	stopRSE    float64
	stopIdx    int
	checkEvery int
}

// validate checks the settings and fills in defaults.
func (s *Study) validate() (*studyConfig, error) {
	var list []error
	bad := func(field, format string, args ...any) {
		list = append(list, fmt.Errorf("scenario: study: %s: %s", field, fmt.Sprintf(format, args...)))
	}
	cfg := &studyConfig{workers: s.Workers, stopRSE: s.StopRSE, checkEvery: s.CheckEvery}
	if s.Trials <= 0 {
		bad("trials", "want > 0, got %d", s.Trials)
	}
	if s.First < 0 {
		bad("first", "want ≥ 0, got %d", s.First)
	}
	if s.Trials > 0 && s.First > math.MaxInt-s.Trials {
		bad("first", "trial indices overflow")
	}
	if cfg.workers == 0 {
		cfg.workers = runtime.GOMAXPROCS(0)
	}
	if cfg.workers < 0 {
		bad("workers", "want ≥ 0, got %d", s.Workers)
	}
	cfg.workers = max(1, min(cfg.workers, s.Trials))
	if !(s.StopRSE >= 0) || math.IsInf(s.StopRSE, 0) {
		bad("stop_rse", "want a finite value ≥ 0, got %g", s.StopRSE)
	}
	if cfg.checkEvery == 0 {
		cfg.checkEvery = 100
	}
	if cfg.checkEvery < 0 {
		bad("check_every", "want ≥ 0, got %d", s.CheckEvery)
	}
	p := s.Plan
	if p == nil {
		bad("plan", "missing")
		return nil, errors.Join(list...)
	}
	cfg.net = 0
	if s.Network != "" {
		k, ok := p.utilIdx[s.Network]
		if !ok {
			bad("network", "%s", unknown("network", s.Network, p.utilIDs()))
		}
		cfg.net = k
	}
	up := p.utils[cfg.net]
	cfg.sum = &Summary{
		scenario: p.sc.Name,
		seed:     s.Seed,
		network:  up.id,
		kind:     up.net.Kind(),
		horizon:  p.sc.Horizon,
		levels:   slices.Clone(p.levels),
		metrics:  metricNames(len(p.levels)),
	}
	metric := s.StopMetric
	if metric == "" {
		metric = MetricENS
	}
	if k := slices.Index(cfg.sum.metrics, metric); k >= 0 {
		cfg.stopIdx = k
	} else {
		bad("stop_metric", "%v %q", errNoMetric, s.StopMetric)
	}
	if len(list) > 0 {
		return nil, errors.Join(list...)
	}
	return cfg, nil
}

// welford keeps a running mean and sum of squared deviations.
type welford struct {
	n        int
	mean, m2 float64
}

func (w *welford) add(x float64) {
	w.n++
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (x - w.mean)
}

// rse returns the relative standard error of the mean: +Inf with a zero
// mean or fewer than two values.
func (w *welford) rse() float64 {
	if w.n < 2 || w.mean == 0 {
		return math.Inf(1)
	}
	sd := math.Sqrt(w.m2 / float64(w.n-1))
	return sd / math.Sqrt(float64(w.n)) / math.Abs(w.mean)
}

// Summary holds the outcome of a study: one record per trial, sorted by
// trial index, of the scalar metrics of one network, and the identity of
// the study (scenario name, seed, network, horizon, service levels) so that
// summaries of separate trial ranges can be merged safely. Statistics are
// computed on demand from the records in trial order, so equal records
// give bit-for-bit equal statistics however the trials were scheduled or
// split.
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
// marshals to JSON and back (MarshalJSON, UnmarshalJSON) without loss.
// Memory: 8 bytes × (20 + service levels) per trial.
type Summary struct {
	scenario string
	seed     uint64
	network  string
	kind     network.Kind
	horizon  float64
	levels   []ServiceLevel
	metrics  []string
	trials   []int     // sorted, distinct
	values   []float64 // len(trials) × len(metrics), row-major
}

// Record is one trial of a summary: its index and its metric values in the
// order of Summary.Metrics.
type Record struct {
	Trial  int
	Values []float64
}

// Scenario returns the name of the scenario studied.
func (s *Summary) Scenario() string { return s.scenario }

// Seed returns the study's seed.
func (s *Summary) Seed() uint64 { return s.seed }

// Network returns the ID of the utility whose metrics are recorded.
func (s *Summary) Network() string { return s.network }

// Kind returns the kind of that utility, which fixes the quantity unit.
func (s *Summary) Kind() network.Kind { return s.kind }

// Horizon returns the scenario's horizon in hours.
func (s *Summary) Horizon() float64 { return s.horizon }

// ServiceLevels returns a copy of the scenario's service levels, in the
// order of the longest_critical_below_i metrics and of ServiceRisk.
func (s *Summary) ServiceLevels() []ServiceLevel { return slices.Clone(s.levels) }

// Trials returns the number of trials recorded.
func (s *Summary) Trials() int { return len(s.trials) }

// TrialIndices returns a copy of the recorded trial indices, ascending.
func (s *Summary) TrialIndices() []int { return slices.Clone(s.trials) }

// Metrics returns the metric names of a record, in order (see Summary).
func (s *Summary) Metrics() []string { return slices.Clone(s.metrics) }

// Records returns a copy of every record, in trial order. O(N × metrics).
func (s *Summary) Records() []Record {
	m := len(s.metrics)
	out := make([]Record, len(s.trials))
	for i, t := range s.trials {
		out[i] = Record{Trial: t, Values: slices.Clone(s.values[i*m : (i+1)*m])}
	}
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
	m := len(s.metrics)
	out := make([]float64, len(s.trials))
	for i := range out {
		out[i] = s.values[i*m+k]
	}
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
	// LOLE is the loss-of-load expectation in hours over the horizon,
	// Σ_t LOLP_t = E[loss_of_load_hours].
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
	if err != nil || len(s.trials) == 0 {
		return math.NaN()
	}
	var sum float64
	m := len(s.metrics)
	for i := range s.trials {
		sum += s.values[i*m+k]
	}
	return sum / float64(len(s.trials))
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
	n := len(s.trials)
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	k := len(baseMetrics) + i
	m := len(s.metrics)
	d := s.levels[i].Duration
	count := 0
	for r := range n {
		if longer(s.values[r*m+k], d, s.horizon) {
			count++
		}
	}
	p = float64(count) / float64(n)
	return p, math.Sqrt(p * (1 - p) / float64(n))
}

// Merge combines summaries of disjoint trial ranges of one study into the
// summary of their union, records sorted by trial index; the statistics of
// the result are bit-for-bit those of a single study over the union. It
// returns an error if no summary is given, one is nil, their scenario,
// seed, network, kind, horizon, service levels or metrics differ, or two
// of them hold the same trial. The inputs are not modified.
// O(N log N) in the total number of trials.
func Merge(parts ...*Summary) (*Summary, error) {
	if len(parts) == 0 {
		return nil, errors.New("scenario: merge: no summaries")
	}
	for i, p := range parts {
		if p == nil {
			return nil, fmt.Errorf("scenario: merge: summary %d is nil", i)
		}
	}
	a := parts[0]
	var list []error
	for i, b := range parts[1:] {
		mismatch := func(field string, x, y any) {
			list = append(list, fmt.Errorf("scenario: merge: summary %d: %s %v differs from %v in summary 0", i+1, field, y, x))
		}
		if a.scenario != b.scenario {
			mismatch("scenario", fmt.Sprintf("%q", a.scenario), fmt.Sprintf("%q", b.scenario))
		}
		if a.seed != b.seed {
			mismatch("seed", a.seed, b.seed)
		}
		if a.network != b.network {
			mismatch("network", fmt.Sprintf("%q", a.network), fmt.Sprintf("%q", b.network))
		}
		if a.kind != b.kind {
			mismatch("kind", a.kind, b.kind)
		}
		if a.horizon != b.horizon {
			mismatch("horizon", a.horizon, b.horizon)
		}
		if !slices.Equal(a.levels, b.levels) {
			mismatch("service levels", a.levels, b.levels)
		}
		if !slices.Equal(a.metrics, b.metrics) {
			mismatch("metrics", a.metrics, b.metrics)
		}
	}
	if len(list) > 0 {
		return nil, errors.Join(list...)
	}
	type row struct{ part, i int }
	var rows []row
	for pi, p := range parts {
		for i := range p.trials {
			rows = append(rows, row{pi, i})
		}
	}
	// Stable: rows of one trial stay in part order, for the error below.
	slices.SortStableFunc(rows, func(x, y row) int {
		return parts[x.part].trials[x.i] - parts[y.part].trials[y.i]
	})
	m := len(a.metrics)
	out := &Summary{scenario: a.scenario, seed: a.seed, network: a.network, kind: a.kind, horizon: a.horizon,
		levels: slices.Clone(a.levels), metrics: slices.Clone(a.metrics),
		trials: make([]int, 0, len(rows)), values: make([]float64, 0, len(rows)*m)}
	for j, r := range rows {
		p := parts[r.part]
		t := p.trials[r.i]
		if j > 0 && out.trials[j-1] == t {
			q := rows[j-1].part
			return nil, fmt.Errorf("scenario: merge: trial %d is in both summary %d and summary %d", t, q, r.part)
		}
		out.trials = append(out.trials, t)
		out.values = append(out.values, p.values[r.i*m:(r.i+1)*m]...)
	}
	return out, nil
}

// summaryJSON is the wire form of a Summary.
type summaryJSON struct {
	Scenario      string             `json:"scenario"`
	Seed          uint64             `json:"seed"`
	Network       string             `json:"network"`
	Kind          network.Kind       `json:"kind"`
	Horizon       float64            `json:"horizon"`
	ServiceLevels []serviceLevelJSON `json:"service_levels"`
	Metrics       []string           `json:"metrics"`
	Records       []recordJSON       `json:"records"`
}

type serviceLevelJSON struct {
	Level    float64 `json:"level"`
	Duration float64 `json:"duration"`
}

type recordJSON struct {
	Trial  int       `json:"trial"`
	Values []float64 `json:"values"`
}

// MarshalJSON encodes the summary as
//
//	{"scenario": …, "seed": …, "network": …, "kind": …, "horizon": …,
//	 "service_levels": [{"level": …, "duration": …}, …],
//	 "metrics": ["ens", …],
//	 "records": [{"trial": 0, "values": […]}, …]}
//
// Numbers are written in their shortest exact form, so UnmarshalJSON
// restores every value bit for bit.
func (s *Summary) MarshalJSON() ([]byte, error) {
	w := summaryJSON{Scenario: s.scenario, Seed: s.seed, Network: s.network, Kind: s.kind, Horizon: s.horizon,
		ServiceLevels: make([]serviceLevelJSON, len(s.levels)), Metrics: s.metrics,
		Records: make([]recordJSON, len(s.trials))}
	for i, l := range s.levels {
		w.ServiceLevels[i] = serviceLevelJSON(l)
	}
	m := len(s.metrics)
	for i, t := range s.trials {
		w.Records[i] = recordJSON{Trial: t, Values: s.values[i*m : (i+1)*m]}
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes the form written by MarshalJSON. It returns an
// error if a record has the wrong number of values, a trial index is
// negative or repeated, or the metric list is not the one this version
// records for that many service levels. Records may come in any order;
// they are sorted by trial.
func (s *Summary) UnmarshalJSON(data []byte) error {
	var w summaryJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("scenario: summary: %w", err)
	}
	want := metricNames(len(w.ServiceLevels))
	if !slices.Equal(w.Metrics, want) {
		return fmt.Errorf("scenario: summary: metrics %v, want %v", w.Metrics, want)
	}
	m := len(want)
	slices.SortStableFunc(w.Records, func(a, b recordJSON) int { return a.Trial - b.Trial })
	out := Summary{scenario: w.Scenario, seed: w.Seed, network: w.Network, kind: w.Kind, horizon: w.Horizon,
		levels: make([]ServiceLevel, len(w.ServiceLevels)), metrics: want,
		trials: make([]int, len(w.Records)), values: make([]float64, 0, len(w.Records)*m)}
	for i, l := range w.ServiceLevels {
		out.levels[i] = ServiceLevel(l)
	}
	for i, r := range w.Records {
		if r.Trial < 0 {
			return fmt.Errorf("scenario: summary: records: trial %d: negative index", r.Trial)
		}
		if i > 0 && r.Trial == w.Records[i-1].Trial {
			return fmt.Errorf("scenario: summary: records: trial %d: repeated", r.Trial)
		}
		if len(r.Values) != m {
			return fmt.Errorf("scenario: summary: records: trial %d: %d values, want %d", r.Trial, len(r.Values), m)
		}
		out.trials[i] = r.Trial
		out.values = append(out.values, r.Values...)
	}
	*s = out
	return nil
}
