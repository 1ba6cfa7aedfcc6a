package scenario

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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
	// Total is the number of trials of the whole study that First …
	// First+Trials−1 belong to (≥ First+Trials), recorded in the summary:
	// summaries merge only with the same Total, and a merge can then tell
	// which trials of [0, Total) no part holds (Summary.Missing). If zero,
	// not stated. ShardRange splits a study of Total trials into ranges.
	Total int
	// Digest identifies the study's inputs beyond the scenario's name, e.g.
	// a hash of the files it was read from (lifeline run records the
	// SHA-256 of the scenario file and of each network as decoded).
	// Summaries merge only with the same Digest. If empty, none.
	Digest string
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
		rs   riskSample
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
				vals, rs, err := s.trial(ictx, s.First+k, cfg, m)
				results <- outcome{k, vals, rs, err}
				if err != nil {
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var (
		pending  = map[int]outcome{} // completed beyond the prefix
		prefix   int                 // trials First … First+prefix−1 are recorded
		done     int                 // trials completed, for Progress
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
		pending[o.k] = o
		done++
		if s.Progress != nil {
			s.Progress(done, n)
		}
		for !stopped {
			p, ok := pending[prefix]
			if !ok {
				break
			}
			delete(pending, prefix)
			vals := p.vals
			sum.parts[0].vals = append(sum.parts[0].vals, vals...)
			sum.n++
			sum.risk.add(&p.rs)
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
	sum.risk.freeze()
	if sum.n == 0 {
		sum.parts = nil
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

// trial plays trial i and returns its metric vector and its sample of the
// risk over time.
func (s *Study) trial(ctx context.Context, i int, cfg *studyConfig, m int) (vals []float64, rs riskSample, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	res, err := s.Plan.NewTrial(s.Seed, i).RunContext(ctx)
	if err != nil {
		return nil, rs, err
	}
	if cfg.net >= len(res.Networks) {
		return nil, rs, fmt.Errorf("result has %d networks, want index %d", len(res.Networks), cfg.net)
	}
	n := &res.Networks[cfg.net]
	vals = make([]float64, m)
	record(vals, res, n)
	rs, err = sampleOf(n, cfg.sum.risk.nb, cfg.sum.risk.nc)
	return vals, rs, err
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
	} else if s.Total < 0 {
		bad("total", "want ≥ 0, got %d", s.Total)
	} else if s.Total > 0 && s.First+s.Trials > s.Total {
		bad("total", "trials %d … %d lie beyond a study of %d trials", s.First, s.First+s.Trials-1, s.Total)
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
	classes := make([]string, up.net.NumClasses())
	for k := range classes {
		classes[k] = up.net.Class(k).Name
	}
	cfg.sum = &Summary{
		scenario:   p.sc.Name,
		digest:     s.Digest,
		seed:       s.Seed,
		network:    up.id,
		kind:       up.net.Kind(),
		horizon:    p.sc.Horizon,
		resolution: p.resolution,
		total:      s.Total,
		levels:     slices.Clone(p.levels),
		metrics:    metricNames(len(p.levels)),
		classes:    classes,
		parts:      []chunk{{first: s.First}},
		risk:       newRiskAcc(p.nBuckets, len(classes), up.isHeat && p.weather != nil),
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
