package scenario

import (
	"context"
	"errors"
	"math"
	"slices"
)

// ErrNotDone is returned by Run.Result before the run reached its horizon.
var ErrNotDone = errors.New("scenario: run has not reached its horizon")

// Step advances the run to its next event time: it integrates every metric
// up to that time, applies every event due then (in the order they were
// scheduled), re-allocates the networks whose state changed and dispatches
// crews. It reports false, doing nothing, once the horizon is reached; the
// run can be stepped again later from where it stopped.
func (r *Run) Step() bool {
	if r.done {
		return false
	}
	H := r.p.sc.Horizon
	if r.q.len() == 0 || r.q.peek() > H {
		r.advanceTo(H)
		r.done = true
		return false
	}
	t := r.q.peek()
	r.advanceTo(t)
	for r.q.len() > 0 && r.q.peek() == t {
		e := r.q.pop()
		e.fn(r)
	}
	r.settle()
	if t >= H {
		r.done = true
	}
	return true
}

// RunContext steps the run to its horizon and returns its result. It
// checks ctx between events and returns ctx.Err() if cancelled.
func (r *Run) RunContext(ctx context.Context) (*Result, error) {
	for i := 0; r.Step(); i++ {
		if i&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return r.Result()
}

// Run compiles s and plays it out once with the given seed.
func (s *Scenario) Run(ctx context.Context, seed uint64) (*Result, error) {
	p, err := s.Compile()
	if err != nil {
		return nil, err
	}
	return p.NewRun(seed).RunContext(ctx)
}

func (r *Run) advanceTo(t float64) {
	if t <= r.now {
		return
	}
	for _, n := range r.nets {
		if n.cur == nil {
			continue
		}
		n.m.advance(r, n, r.now, t)
		n.advanceStorage(t - r.now)
	}
	r.crewM.advance(r, r.now, t)
	r.now = t
}

// settle brings the state up to date after a batch of events.
func (r *Run) settle() {
	for _, n := range r.nets {
		if n.demandDirty {
			n.refreshDemand(r)
		}
	}
	ro := r.p.sc.Crew
	if ro != nil {
		for i := range r.teams {
			r.teams[i].avail = ro.Available(i, r.now, r.levelOf, r.p.teamSite[i].zone)
			r.stopJobs(i)
		}
		for _, n := range r.nets {
			n.updateOperators(r)
		}
	} else {
		for _, n := range r.nets {
			n.updateOperators(r)
		}
	}
	r.solveAll()
	if ro != nil {
		r.dispatch()
		r.scheduleCrewChanges()
	}
}

// scheduleCrewChanges queues a settle at the next moment any team's
// availability changes by itself (shift or absence edge).
func (r *Run) scheduleCrewChanges() {
	ro := r.p.sc.Crew
	next := math.Inf(1)
	for i := range r.teams {
		next = math.Min(next, ro.NextChange(i, r.now))
	}
	if next < r.p.sc.Horizon && next > r.now && next != r.crewNext {
		r.crewNext = next
		r.q.push(next, func(*Run) {})
	}
}

// Result returns the run's result. It returns ErrNotDone before the
// horizon.
func (r *Run) Result() (*Result, error) {
	if !r.done {
		return nil, ErrNotDone
	}
	if r.result != nil {
		return r.result, nil
	}
	p := r.p
	res := &Result{Scenario: p.sc.Name, Seed: r.seed, Horizon: p.sc.Horizon, Resolution: p.resolution,
		Faults: slices.Clone(r.faultLog)}
	for _, n := range r.nets {
		res.Networks = append(res.Networks, n.m.result(r, n))
	}
	c := r.crewM
	res.Crew = CrewResult{AvailableHours: c.availH, BusyHours: c.busyH, Tasks: c.tasks, Started: c.startedN,
		Completed: c.completed, Stopped: c.stopped, WaitHours: c.wait, MaxWait: c.maxWait, LongestRepair: c.restore}
	res.Crew.Utilisation = make([]float64, p.nBuckets)
	for b := range p.nBuckets {
		if c.tAvail[b] > 0 {
			res.Crew.Utilisation[b] = c.tBusy[b] / c.tAvail[b]
		}
	}
	r.result = res
	return res, nil
}

// Bounds of the coupled fixed-point iteration.
const (
	coupleRounds = 100
	coupleTol    = 1e-9
)

// solveAll re-allocates every network whose state changed and, with
// couplings, settles the cascade between utilities (see Coupling).
func (r *Run) solveAll() {
	p := r.p
	if len(p.couples) == 0 {
		for _, n := range r.nets {
			n.solve(r)
		}
		return
	}
	changed := r.changed[:0]
	for range r.nets {
		changed = append(changed, false)
	}
	r.changed = changed
	for _, c := range p.couples {
		n := r.nets[c.to]
		if n.couple[c.asset.Index] != 1 {
			n.couple[c.asset.Index] = 1
			n.recompute(c.asset)
		}
	}
	for round := 0; round < coupleRounds; round++ {
		for i, n := range r.nets {
			if n.allocate(r) {
				changed[i] = true
			}
		}
		// The product of the coverages feeding each coupled asset.
		for _, c := range p.couples {
			r.nets[c.to].target[c.asset.Index] = 1
		}
		for _, c := range p.couples {
			from := r.nets[c.from].cur
			cov := 1.0
			if d := from.Demand[c.consumer]; d > 0 {
				cov = min(from.Served[c.consumer]/d, 1)
			}
			r.nets[c.to].target[c.asset.Index] *= cov
		}
		moved := false
		for _, c := range p.couples {
			n := r.nets[c.to]
			v := c.asset.Index
			if t := n.target[v]; t < n.couple[v]-coupleTol {
				n.couple[v] = t
				n.recompute(c.asset)
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	for i, n := range r.nets {
		if n.allocate(r) { // the last scales, if the rounds ran out
			changed[i] = true
		}
		if changed[i] {
			n.indirect(r)
			n.commit(r)
		}
	}
}
