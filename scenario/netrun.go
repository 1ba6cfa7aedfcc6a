package scenario

import (
	"math"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// netRun is the changing state of one utility in one run.
type netRun struct {
	p  *Plan
	ui int
	u  *utilPlan

	solver *supply.Solver
	st     *supply.State
	own    supply.Result
	cur    *supply.Result // the allocation in force (own or cached)
	tmp    *supply.State
	tmpRes supply.Result

	dirty       bool // state changed since the last solve
	demandDirty bool // demand drivers changed
	solved      bool

	// Per asset (nodes, then links at n+l): why it is out or limited.
	down   []int32   // outages in force
	fault  []bool    // down by a stochastic fault
	cut    []float64 // product of supply cuts in force
	series []float64 // capacity series now
	store  []float64 // storage availability (nodes)
	opStop []bool    // stopped for want of operators (nodes)
	couple []float64 // capacity share left by upstream utilities (nodes)
	target []float64 // work: the coverage product feeding each coupled node
	// coupledIn marks a network with assets fed by another utility.
	coupledIn bool
	fixDem    []float64 // coupled consumers' fixed demand, −1 if none

	opNodes   []int
	connected []bool // consumers: connected (new loads wait)

	// Storage.
	stores  []int
	inflow  []float64 // per node: refill rate (ChargeRate)
	maxLvl  []float64 // per node: MaxLevel, 0 unbounded
	level   []float64 // per node
	dry     []bool
	version []uint64

	// spikeAct lists, per consumer group (utilPlan.spikeGroup), the
	// spikes in force, ascending; nil until a spike starts.
	spikeAct [][]int32

	// Indoor temperature of heat consumers, °C.
	indoor []float64

	// Rates of the allocation in force.
	valueRate float64
	m         netAcc
}

func newNetRun(p *Plan, ui int) *netRun {
	u := p.utils[ui]
	net := u.net
	nn, nl := net.NumNodes(), net.NumLinks()
	n := &netRun{p: p, ui: ui, u: u,
		solver:    supply.NewSolver(net, supply.Options{Policy: u.policy}),
		st:        supply.NewState(net),
		tmp:       supply.NewState(net),
		down:      make([]int32, nn+nl),
		fault:     make([]bool, nn+nl),
		cut:       make([]float64, nn+nl),
		series:    make([]float64, nn+nl),
		store:     make([]float64, nn),
		opStop:    make([]bool, nn),
		level:     make([]float64, nn),
		dry:       make([]bool, nn),
		connected: make([]bool, nn),
		inflow:    make([]float64, nn),
		maxLvl:    make([]float64, nn),
		couple:    make([]float64, nn),
		target:    make([]float64, nn),
		fixDem:    make([]float64, nn),
	}
	n.version = make([]uint64, nn)
	for i := range n.cut {
		n.cut[i], n.series[i] = 1, 1
	}
	for v := range nn {
		n.couple[v], n.fixDem[v] = 1, -1
		n.store[v] = 1
		n.connected[v] = true
		nd := net.Node(v)
		if nd.NeedsOperators {
			n.opNodes = append(n.opNodes, v)
		}
		if net.Role(v) == network.Storage {
			n.stores = append(n.stores, v)
			n.level[v] = nd.Level
			n.inflow[v] = nd.ChargeRate
			n.maxLvl[v] = nd.MaxLevel
		}
	}
	for _, v := range n.stores {
		if n.level[v] <= 0 {
			n.dry[v] = true
			n.store[v] = n.dryScale(v)
		}
		n.recompute(supply.Asset{Index: v})
	}
	if u.isHeat && p.weather != nil {
		n.indoor = make([]float64, nn)
		for _, c := range net.Consumers() {
			n.indoor[c] = p.indoor
		}
	}
	n.m.init(p, u)
	return n
}

func (n *netRun) key(a supply.Asset) int {
	if a.IsLink {
		return n.u.net.NumNodes() + a.Index
	}
	return a.Index
}

// scaleOf returns the scale of asset a from everything acting on it,
// with or without what upstream utilities leave it.
func (n *netRun) scaleOf(a supply.Asset, coupled bool) float64 {
	k := n.key(a)
	s := n.cut[k] * n.series[k]
	if n.down[k] > 0 || n.fault[k] {
		return 0
	}
	if !a.IsLink {
		s *= n.store[a.Index]
		if coupled {
			s *= n.couple[a.Index]
		}
		if n.opStop[a.Index] {
			return 0
		}
	}
	return s
}

// recompute sets the state's scale of asset a from everything acting on
// it.
func (n *netRun) recompute(a supply.Asset) {
	s := n.scaleOf(a, true)
	if a.IsLink {
		if n.st.LinkScale[a.Index] != s {
			n.st.LinkScale[a.Index] = s
			n.dirty = true
		}
	} else if n.st.NodeScale[a.Index] != s {
		n.st.NodeScale[a.Index] = s
		n.dirty = true
	}
}

func (n *netRun) setDown(a supply.Asset, d int32) {
	n.down[n.key(a)] += d
	n.recompute(a)
}

func (n *netRun) setFault(a supply.Asset, on bool) {
	n.fault[n.key(a)] = on
	n.recompute(a)
}

func (n *netRun) faulted(a supply.Asset) bool { return n.fault[n.key(a)] }

// setCut switches supply cut i of the plan on or off and sets its asset's
// cut scale to the product of the cuts in force on it, multiplied in the
// order of Scenario.Cuts. Recomputing the product, rather than dividing
// a cut out when it ends, keeps a full cut (scale 0) from wiping out the
// others and leaves exactly 1 once every cut has ended.
func (n *netRun) setCut(r *Run, i int, on bool) {
	r.cutOn[i] = on
	c := r.p.cuts[i]
	k := n.key(c.asset)
	s := 1.0
	for j, o := range r.p.cuts {
		if r.cutOn[j] && o.util == c.util && o.asset == c.asset {
			s *= o.scale
		}
	}
	n.cut[k] = s
	n.recompute(c.asset)
}

// dryScale is the share of its discharge rate an empty storage can still
// give: what flows in.
func (n *netRun) dryScale(v int) float64 { return emptyStorageScale(n.u.net, v) }

// deliver adds stock to storage v.
func (n *netRun) deliver(r *Run, v int, amount float64) {
	n.level[v] += amount
	if mx := n.maxLvl[v]; mx > 0 && n.level[v] > mx {
		n.level[v] = mx
	}
	if n.dry[v] && n.level[v] > 0 {
		n.dry[v] = false
		n.store[v] = 1
		n.recompute(supply.Asset{Index: v})
	}
	n.version[v]++ // the dry-out time moves
	n.m.noteLevel(v, n.level[v])
	n.dirty = true // reschedule dry-out after the batch
}

// refreshDemand recomputes every consumer's demand and the capacity series
// for the current time and marks the state dirty if anything changed.
func (n *netRun) refreshDemand(r *Run) {
	p, net, u := r.p, n.u.net, n.u
	hod := p.hourOfDay(r.now)
	var heat float64 = 1
	if u.isHeat && p.weather != nil {
		heat = math.Max(0, (p.indoor-p.outdoor(r.now))/(p.indoor-p.weather.Design))
	}
	resIdx, hasRes := net.ClassIndex(network.Residential)
	for _, c := range net.Consumers() {
		v := int(c)
		d := 0.0
		if n.connected[v] && n.fixDem[v] >= 0 {
			d = n.fixDem[v]
		} else if n.connected[v] {
			k := net.NodeClass(v)
			if a := u.absOf(v); a >= 0 {
				// A metered series holds the day's shape and the weather.
				dp := &p.demands[a]
				d = valueAt(dp.vals, dp.start, dp.step, r.now) * u.demShare[v]
			} else {
				d = net.Demand(v) * u.profile[k][hod] * heat
			}
			if u.demScale != nil {
				for _, j := range u.demScale[v] {
					dp := &p.demands[j]
					d *= valueAt(dp.vals, dp.start, dp.step, r.now)
				}
			}
			z := net.NodeZone(v)
			if hasRes && k == resIdx && z >= 0 {
				d *= r.lockFactor[u.zoneG[z]]
			}
			if n.spikeAct != nil {
				for _, i := range n.spikeAct[u.spikeGroup[v]] {
					d *= p.sc.Spikes[i].Factor
				}
			}
		}
		if n.st.Demand[v] != d {
			n.st.Demand[v] = d
			n.dirty = true
		}
	}
	for _, s := range p.series {
		if s.util != n.ui {
			continue
		}
		k := n.key(s.asset)
		if x := valueAt(s.scale, s.start, s.step, r.now); n.series[k] != x {
			n.series[k] = x
			n.recompute(s.asset)
		}
	}
	n.demandDirty = false
}

// solve re-allocates if the state changed and takes the new allocation
// into the metrics.
func (n *netRun) solve(r *Run) {
	if n.allocate(r) {
		n.commit(r)
	}
}

// allocate re-allocates if the state changed, through the plan's cache,
// and reports whether it did.
func (n *netRun) allocate(r *Run) bool {
	if n.solved && !n.dirty {
		return false
	}
	c := r.p.cache
	k := c.key(n.ui, n.st)
	if res := c.get(n.ui, n.st, k); res != nil {
		n.cur = res
	} else {
		if err := n.solver.Solve(n.st, &n.own); err != nil {
			// The engine only writes valid values; a failure here is a
			// bug, not bad input.
			panic("scenario: " + err.Error())
		}
		c.put(n.ui, n.st, k, &n.own)
		n.cur = &n.own
	}
	n.solved = true
	n.dirty = false
	return true
}

// commit takes the allocation in force into the metrics and reschedules
// storage.
func (n *netRun) commit(r *Run) {
	n.m.tally(r, n)
	n.scheduleStorage(r)
}

// scheduleStorage queues the moment each storage runs dry at its present
// net outflow.
func (n *netRun) scheduleStorage(r *Run) {
	for _, v := range n.stores {
		n.version[v]++
		if n.dry[v] {
			continue
		}
		rate := n.inflow[v] - n.cur.Output[v]
		if rate >= 0 {
			continue
		}
		t := r.now + n.level[v]/(-rate)
		ver := n.version[v]
		if t >= r.p.sc.Horizon {
			continue
		}
		r.q.push(t, func(r *Run) {
			if n.version[v] != ver {
				return
			}
			n.level[v] = 0
			n.dry[v] = true
			n.store[v] = n.dryScale(v)
			n.m.noteDry(v, r.now)
			n.recompute(supply.Asset{Index: v})
		})
	}
}

// advanceStorage moves storage levels forward by dt at the present flows.
func (n *netRun) advanceStorage(dt float64) {
	for _, v := range n.stores {
		l := n.level[v] + (n.inflow[v]-n.cur.Output[v])*dt
		if l < 0 {
			l = 0
		}
		if mx := n.maxLvl[v]; mx > 0 && l > mx {
			l = mx
		}
		n.level[v] = l
		n.m.noteLevel(v, l)
	}
}

// indirect measures, for a network fed by other utilities, how much of its
// unserved demand is theirs: the unserved demand now minus that with every
// coupled asset at the capacity its own state allows, per group, between 0
// and the group's unserved demand. It costs one solve when some coupled
// asset is short.
func (n *netRun) indirect(r *Run) {
	m := &n.m
	clear(m.indirect)
	if !n.coupledIn {
		return
	}
	short := false
	for _, c := range n.couple {
		if c < 1 {
			short = true
			break
		}
	}
	if !short {
		return
	}
	n.tmp.CopyFrom(n.st)
	for v, c := range n.couple {
		if c < 1 {
			n.tmp.NodeScale[v] = n.scaleOf(supply.Asset{Index: v}, false)
		}
	}
	if err := n.solver.Solve(n.tmp, &n.tmpRes); err != nil {
		panic("scenario: " + err.Error())
	}
	net := n.u.net
	now, without := m.scratch[:len(m.indirect)], m.scratch[len(m.indirect):]
	clear(now)
	clear(without)
	for _, c := range net.Consumers() {
		v := int(c)
		u1 := math.Max(n.cur.Demand[v]-n.cur.Served[v], 0)
		u0 := math.Max(n.tmpRes.Demand[v]-n.tmpRes.Served[v], 0)
		for _, gi := range m.groupsOf(n.u, v) {
			if gi >= 0 {
				now[gi] += u1
				without[gi] += u0
			}
		}
	}
	for gi := range m.indirect {
		m.indirect[gi] = min(max(now[gi]-without[gi], 0), now[gi])
	}
}
