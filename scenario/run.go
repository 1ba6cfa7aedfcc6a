package scenario

import (
	"math/rand/v2"

	"github.com/lifeline-sim/lifeline/crew"
	"github.com/lifeline-sim/lifeline/supply"
)

// Run is one play-out of a scenario with one random stream. Make it with
// Plan.NewRun, then call Step until it reports false, or RunContext. A Run
// is not safe for concurrent use; many Runs may share one Plan.
type Run struct {
	p    *Plan
	seed uint64
	rng  *rand.Rand
	now  float64
	q    queue
	nets []*netRun
	done bool

	level      []crew.Level // per global zone, now
	lockFactor []float64    // per global zone: residential multiplier now
	activeLock []int        // per lockdown: 1 while active
	spikeOn    []bool       // per spike: active now
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

// NewTrial starts trial i of a study with the given seed. Its random
// stream is a PCG seeded from (seed, i), so a trial's outcome depends only
// on the plan, seed and i — never on which worker runs it or when.
func (p *Plan) NewTrial(seed uint64, i int) *Run {
	return p.newRun(rand.New(rand.NewPCG(seed, mix(uint64(i)))), seed)
}

// mix is SplitMix64's finaliser: it spreads consecutive trial numbers over
// unrelated PCG streams.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (p *Plan) newRun(rng *rand.Rand, seed uint64) *Run {
	sc := p.sc
	r := &Run{p: p, seed: seed, rng: rng}
	r.level = make([]crew.Level, len(p.zones))
	r.lockFactor = make([]float64, len(p.zones))
	r.activeLock = make([]int, len(p.lockdowns))
	r.spikeOn = make([]bool, len(sc.Spikes))
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
	if p.hourly {
		for h := 1.0; h < H; h++ {
			r.q.push(h, func(r *Run) {
				for _, n := range r.nets {
					n.demandDirty = true
				}
			})
		}
	}
	for i := range p.lockdowns {
		l := p.lockdowns[i]
		r.q.push(l.from, func(r *Run) { r.activeLock[i] = 1; r.relock() })
		if l.to < H {
			r.q.push(l.to, func(r *Run) { r.activeLock[i] = 0; r.relock() })
		}
	}
	for i := range sc.Spikes {
		sp := sc.Spikes[i]
		r.q.push(sp.From, func(r *Run) { r.spikeOn[i] = true; r.allDemandDirty() })
		if to := endOf(sp.From, sp.To, H); to < H {
			r.q.push(to, func(r *Run) { r.spikeOn[i] = false; r.allDemandDirty() })
		}
	}
	for i := range sc.Outages {
		o := sc.Outages[i]
		u := r.utilOf(o.Network)
		a, _ := supply.Lookup(p.utils[u].net, o.Asset)
		r.q.push(o.At, func(r *Run) {
			n := r.nets[u]
			n.setDown(a, +1)
			switch {
			case o.Duration > 0:
				r.q.push(r.now+o.Duration, func(r *Run) { r.nets[u].setDown(a, -1) })
			case o.Repair:
				t := r.newTask(u, a, o.Work, o.MinCrew)
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
	for i := range p.faults {
		f := &p.faults[i]
		if sc.SteadyStart && f.rate > 0 {
			mttr := f.model.Repair.Mean
			q := mttr / (1/f.rate + mttr)
			if r.rng.Float64() < q {
				r.q.push(0, func(r *Run) { r.fail(f) })
				continue
			}
		}
		r.nextFault(f, 0)
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

// nextFault schedules the next candidate failure of f after t by thinning:
// candidates arrive at the worst-weather rate and are accepted with the
// ratio of the rate at that time.
func (r *Run) nextFault(f *faultPlan, t float64) {
	if f.max <= 0 {
		return
	}
	c := t + r.rng.ExpFloat64()/f.max
	if c >= r.p.sc.Horizon {
		return
	}
	r.q.push(c, func(r *Run) {
		if r.nets[f.util].faulted(f.asset) {
			return // rescheduled on repair
		}
		rate := f.rate
		if f.model.ColdFactor > 1 && r.p.weather != nil && r.p.outdoor(r.now) < f.model.ColdBelow {
			rate *= f.model.ColdFactor
		}
		if r.rng.Float64()*f.max < rate {
			r.fail(f)
			return
		}
		r.nextFault(f, r.now)
	})
}

// fail takes f's asset down by a fault and starts its repair.
func (r *Run) fail(f *faultPlan) {
	n := r.nets[f.util]
	n.setFault(f.asset, true)
	t := r.newTask(f.util, f.asset, f.model.Repair, f.model.MinCrew)
	t.onDone = func(r *Run) {
		n.setFault(f.asset, false)
		r.nextFault(f, r.now)
	}
}
