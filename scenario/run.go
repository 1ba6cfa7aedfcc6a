package scenario

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/supply"
)

// Run is one play-out of a scenario with one random stream. Make it with
// Plan.NewRun, then call Step until it reports false, or RunContext. A Run
// is not safe for concurrent use; many Runs may share one Plan.
type Run struct {
	p     *Plan
	seed  uint64
	trial int
	// Random streams (see stream.go): rng draws from src, which points at
	// the stream of the process drawing.
	rng      *rand.Rand
	src      streamSource
	scratch  rand.PCG
	fstream  []rand.PCG // per fault plan: its fault process
	fcand    []int      // per fault plan: candidates so far
	faultLog []FaultEvent
	now      float64
	q        queue
	nets     []*netRun
	done     bool

	level      []crew.Level // per global zone, now
	lockFactor []float64    // per global zone: residential multiplier now
	activeLock []int        // per lockdown: 1 while active
	cutOn      []bool       // per supply cut: in force now

	teams    []teamRun
	pending  []*task
	taskSeq  int
	crewM    crewAcc
	crewNext float64
	changed  []bool // work: networks re-allocated in this settle
	result   *Result
}

type teamRun struct {
	avail int    // members available now
	busy  int    // members on jobs
	jobs  []*job // jobs under way, in the order they were dispatched
}

type task struct {
	crew.Task
	util  int
	asset supply.Asset
	// left is the hands-on work still to do, in hours: drawn from the
	// work time when the task is created, less what stopped jobs did.
	left    float64
	started bool // a crew has reached it once (counted in the wait)
	onDone  func(*Run)
}

// job is a team on its way to, or working on, one task. A job stops when
// its team loses the members it needs (absences, the end of a shift,
// members stuck at home): its task goes back to the queue with the work
// done so far kept.
type job struct {
	t        *task
	team     int
	dispatch float64 // when the team set off
	arrive   float64 // when the hands-on work starts
	stopped  bool
}

// NewRun starts a run of the plan with the random stream of seed; it is
// trial 0 of a study with that seed. Scheduled events are queued; no time
// has passed yet.
func (p *Plan) NewRun(seed uint64) *Run { return p.NewTrial(seed, 0) }

// NewTrial starts trial i of a study with the given seed. Each stochastic
// process of the run (an asset's faults, a repair's time) draws from its
// own stream derived from (seed, i, the process's ID; see StreamID), so a
// trial's outcome depends only on the plan, seed and i — never on which
// worker runs it or when — and variants of a scenario sharing an asset
// see its faults at the same times.
func (p *Plan) NewTrial(seed uint64, i int) *Run { return p.newRun(seed, i) }

func (p *Plan) newRun(seed uint64, trial int) *Run {
	sc := p.sc
	r := &Run{p: p, seed: seed, trial: trial}
	r.rng = rand.New(&r.src)
	r.level = make([]crew.Level, len(p.zones))
	r.lockFactor = make([]float64, len(p.zones))
	r.activeLock = make([]int, len(p.lockdowns))
	r.cutOn = make([]bool, len(p.cuts))
	for z := range r.lockFactor {
		r.lockFactor[z] = 1
	}
	for ui := range p.utils {
		r.nets = append(r.nets, newNetRun(p, ui))
	}
	for _, c := range p.couples {
		if c.demand >= 0 {
			r.nets[c.from].fixDem[c.consumer] = c.demand
		}
		r.nets[c.to].coupledIn = true
	}
	if sc.Crew != nil {
		r.teams = make([]teamRun, sc.Crew.NumTeams())
	}
	r.crewM.init(p)
	r.schedule()
	return r
}

// Now returns the run's clock in hours from the start.
func (r *Run) Now() float64 { return r.now }

// Done reports whether the run has reached its horizon.
func (r *Run) Done() bool { return r.done }

// schedule queues every scheduled event of the scenario.
func (r *Run) schedule() {
	p, sc := r.p, r.p.sc
	H := sc.Horizon
	// The first batch at time 0 settles the initial state.
	r.q.push(0, func(r *Run) {
		for _, n := range r.nets {
			n.demandDirty = true
		}
	})
	r.scheduleRefresh(0)
	for i := range p.lockdowns {
		l := p.lockdowns[i]
		r.q.push(l.from, func(r *Run) { r.activeLock[i] = 1; r.relock() })
		if l.to < H {
			r.q.push(l.to, func(r *Run) { r.activeLock[i] = 0; r.relock() })
		}
	}
	for i := range sc.Spikes {
		sp := sc.Spikes[i]
		r.q.push(sp.From, func(r *Run) { r.setSpike(i, true) })
		if to := endOf(sp.From, sp.To, H); to < H {
			r.q.push(to, func(r *Run) { r.setSpike(i, false) })
		}
	}
	type outageKey struct {
		util  int
		asset string
		at    float64
	}
	seen := map[outageKey]int{}
	for i := range sc.Outages {
		o := sc.Outages[i]
		u := r.utilOf(o.Network)
		a, _ := supply.Lookup(p.utils[u].net, o.Asset)
		k := outageKey{u, o.Asset, o.At}
		id := StreamID("outage", p.utils[u].id, o.Asset, strconv.FormatFloat(o.At, 'g', -1, 64), strconv.Itoa(seen[k]))
		seen[k]++
		r.q.push(o.At, func(r *Run) {
			n := r.nets[u]
			n.setDown(a, +1)
			switch {
			case o.Duration > 0:
				r.q.push(r.now+o.Duration, func(r *Run) { r.nets[u].setDown(a, -1) })
			case o.Repair:
				t := r.newTask(u, a, o.Work, o.MinCrew, o.Work.Sample(r.use(id)))
				t.onDone = func(r *Run) { r.nets[u].setDown(a, -1) }
			}
		})
	}
	for i := range p.cuts {
		c := p.cuts[i]
		r.q.push(c.from, func(r *Run) { r.nets[c.util].setCut(r, i, true) })
		if c.to < H {
			r.q.push(c.to, func(r *Run) { r.nets[c.util].setCut(r, i, false) })
		}
	}
	for i := range sc.NewLoads {
		nl := sc.NewLoads[i]
		u := r.utilOf(nl.Network)
		v, _ := p.utils[u].net.NodeIndex(nl.Consumer)
		r.nets[u].connected[v] = false
		r.q.push(nl.At, func(r *Run) {
			n := r.nets[u]
			n.connected[v] = true
			n.demandDirty = true
		})
	}
	for i := range sc.Deliveries {
		d := sc.Deliveries[i]
		u := r.utilOf(d.Network)
		v, _ := p.utils[u].net.NodeIndex(d.Storage)
		until := d.Until
		if until <= 0 {
			until = H
		}
		for t := d.At; t <= until && t < H; t += d.Every {
			r.q.push(t, func(r *Run) { r.nets[u].deliver(r, v, d.Amount) })
			if d.Every <= 0 {
				break
			}
		}
	}
	// Stochastic faults.
	r.fstream = make([]rand.PCG, len(p.faults))
	r.fcand = make([]int, len(p.faults))
	for i := range p.faults {
		f := &p.faults[i]
		a, b := streamSeed(r.seed, r.trial, StreamID("fault", p.utils[f.util].id, f.asset.ID))
		r.fstream[i].Seed(a, b)
		if sc.SteadyStart && f.rate > 0 {
			mttr := f.model.Repair.Mean
			q := mttr / (1/f.rate + mttr)
			if r.useFault(i).Float64() < q {
				r.q.push(0, func(r *Run) { r.fail(i, 0) })
			}
		}
		r.nextFault(i, 0)
	}
	// Crew availability changes by itself at shift and absence edges.
	r.q.push(H, func(r *Run) {})
}

func (r *Run) utilOf(id string) int {
	if id == "" && len(r.p.utils) == 1 {
		return 0
	}
	return r.p.utilIdx[id]
}

func (r *Run) allDemandDirty() {
	for _, n := range r.nets {
		n.demandDirty = true
	}
}

// scheduleRefresh queues the next step of the drivers of demand after t
// (profiles' hours, weather and series steps), which marks demand dirty
// and queues the one after it.
func (r *Run) scheduleRefresh(t float64) {
	next := r.p.nextRefresh(t)
	if math.IsInf(next, 1) {
		return
	}
	r.q.push(next, func(r *Run) {
		r.allDemandDirty()
		r.scheduleRefresh(r.now)
	})
}

// setSpike starts or ends spike i: it enters or leaves the list of spikes
// in force of each consumer group it acts on, kept in the order of
// Scenario.Spikes.
func (r *Run) setSpike(i int, on bool) {
	for _, ref := range r.p.spikeTo[i] {
		n := r.nets[ref.util]
		if n.spikeAct == nil {
			n.spikeAct = make([][]int32, n.u.nGroups)
		}
		act := n.spikeAct[ref.group]
		k, found := slices.BinarySearch(act, int32(i))
		switch {
		case on && !found:
			act = slices.Insert(act, k, int32(i))
		case !on && found:
			act = slices.Delete(act, k, k+1)
		}
		n.spikeAct[ref.group] = act
		n.demandDirty = true
	}
}

// relock recomputes zone levels and factors from the active lockdowns.
func (r *Run) relock() {
	for z := range r.level {
		r.level[z] = crew.Open
		r.lockFactor[z] = 1
	}
	for i, l := range r.p.lockdowns {
		if r.activeLock[i] == 0 {
			continue
		}
		if l.level > r.level[l.zone] {
			r.level[l.zone] = l.level
		}
		if l.factor > r.lockFactor[l.zone] || r.lockFactor[l.zone] == 1 {
			r.lockFactor[l.zone] = l.factor
		}
	}
	r.allDemandDirty()
}

// levelOf returns the lockdown level of a zone ID now.
func (r *Run) levelOf(zone string) crew.Level {
	if z, ok := r.p.zoneIdx[zone]; ok {
		return r.level[z]
	}
	return crew.Open
}

// nextFault schedules the next candidate failure of fault plan i after t.
// Candidates arrive as a Poisson process in calendar time at the
// worst-weather rate and are accepted with the ratio of the rate at their
// time (thinning); one that falls while the asset is down by a fault is
// absorbed. Every candidate draws one exponential gap and one uniform from
// the asset's stream, whatever happens, so the candidates of an asset
// are the same in every variant of a scenario.
func (r *Run) nextFault(i int, t float64) {
	f := &r.p.faults[i]
	if f.max <= 0 {
		return
	}
	c := t + r.useFault(i).ExpFloat64()/f.max
	if c >= r.p.sc.Horizon {
		return
	}
	r.q.push(c, func(r *Run) {
		r.fcand[i]++
		k := r.fcand[i]
		u := r.useFault(i).Float64()
		rate := f.rate
		if f.model.ColdFactor > 1 && r.p.weather != nil && r.p.outdoor(r.now) < f.model.ColdBelow {
			rate *= f.model.ColdFactor
		}
		if !r.nets[f.util].faulted(f.asset) && u*f.max < rate {
			r.fail(i, k)
		}
		r.nextFault(i, r.now)
	})
}

// fail takes fault plan i's asset down by the fault of candidate k (0: the
// fault under way at time 0) and starts its repair, whose time is drawn
// from the repair stream of that candidate.
func (r *Run) fail(i, k int) {
	f := &r.p.faults[i]
	n := r.nets[f.util]
	n.setFault(f.asset, true)
	rng := r.use(repairID(r.p.utils[f.util].id, f.asset.ID, k))
	var work float64
	if k == 0 { // under way since before the start: the work left
		work = f.model.Repair.SampleResidual(rng)
	} else {
		work = f.model.Repair.Sample(rng)
	}
	t := r.newTask(f.util, f.asset, f.model.Repair, f.model.MinCrew, work)
	ev := len(r.faultLog)
	r.faultLog = append(r.faultLog, FaultEvent{Network: n.u.id, Asset: f.asset.ID, At: r.now, Candidate: k, Work: work, Repaired: -1})
	t.onDone = func(r *Run) {
		n.setFault(f.asset, false)
		r.faultLog[ev].Repaired = r.now
	}
}
