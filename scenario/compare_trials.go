package scenario

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// orderedTrials runs work for trials first … first+n−1 on workers
// goroutines (0: GOMAXPROCS) and hands every result to take in trial
// order, from the calling goroutine, so that whatever take accumulates
// never depends on the number of workers or on timing. take returning
// false ends the loop: the trials after it are discarded.
//
// It returns the number of trials taken, a contiguous prefix, and:
//   - nil when every trial was taken or take ended the loop;
//   - the error of the lowest failed trial (a panic in work becomes such
//     an error), wrapped with its index, the prefix stopping before it;
//   - ctx.Err() when ctx was cancelled first.
func orderedTrials[T any](ctx context.Context, workers, first, n int,
	work func(ctx context.Context, trial int) (T, error), take func(trial int, v T) bool) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	ictx, cancel := context.WithCancel(ctx)
	defer cancel()

	type outcome struct {
		k   int
		v   T
		err error
	}
	results := make(chan outcome, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= n || ictx.Err() != nil {
					return
				}
				v, err := safeWork(ictx, work, first+k)
				results <- outcome{k, v, err}
				if err != nil {
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var (
		pending  = map[int]T{}
		prefix   int
		stopped  bool
		trialErr error
		errTrial = n
	)
	for o := range results {
		if o.err != nil {
			if !errors.Is(o.err, context.Canceled) && !errors.Is(o.err, context.DeadlineExceeded) && o.k < errTrial {
				errTrial = o.k
				trialErr = fmt.Errorf("trial %d: %w", first+o.k, o.err)
				cancel()
			}
			continue
		}
		if stopped || o.k >= errTrial {
			continue
		}
		pending[o.k] = o.v
		for !stopped {
			v, ok := pending[prefix]
			if !ok {
				break
			}
			delete(pending, prefix)
			prefix++
			if !take(first+prefix-1, v) {
				stopped = true
				cancel()
			}
		}
	}
	switch {
	case trialErr != nil && !stopped:
		return prefix, trialErr
	case stopped || prefix == n:
		return prefix, nil
	}
	if err := ctx.Err(); err != nil {
		return prefix, err
	}
	return prefix, errors.New("trials ended early") // not reached
}

// safeWork calls work, turning a panic into an error.
func safeWork[T any](ctx context.Context, work func(context.Context, int) (T, error), i int) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return work(ctx, i)
}

// pairAcc accumulates paired values (x the base, y the plan) in trial
// order: Welford's running means and sums of squared deviations of x, y
// and d = y − x, and the number of trials in which y is better or worse
// than x.
type pairAcc struct {
	n             int
	mx, my, md    float64
	m2x, m2y, m2d float64
	better, worse int
	lowerWorse    bool
	keep          bool      // keep the per-trial values
	keepX, keepY  []float64 // per-trial values, when kept
}

// tieTol is the relative difference below which two values of a trial
// count as equal: their difference is taken as 0 and neither is better.
// Rounding in sums of equal terms taken in another order stays far below
// it.
const tieTol = 1e-9

func (a *pairAcc) add(x, y float64) {
	a.n++
	n := float64(a.n)
	d := y - x
	tie := math.Abs(d) <= tieTol*math.Max(math.Abs(x), math.Abs(y))
	if tie {
		d = 0 // rounding, not a difference
	}
	dx := x - a.mx
	a.mx += dx / n
	a.m2x += dx * (x - a.mx)
	dy := y - a.my
	a.my += dy / n
	a.m2y += dy * (y - a.my)
	dd := d - a.md
	a.md += dd / n
	a.m2d += dd * (d - a.md)
	if !tie {
		if (d < 0) != a.lowerWorse {
			a.better++
		} else {
			a.worse++
		}
	}
	if a.keep {
		a.keepX = append(a.keepX, x)
		a.keepY = append(a.keepY, y)
	}
}
