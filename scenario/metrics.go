package scenario

import (
	"math"

	"github.com/shopspring/decimal"
)

// grpRate is a group's state under the allocation in force.
type grpRate struct {
	served, demand float64 // flow
	sumRatio       float64
	custUnserved   float64 // Σ customers × (1 − coverage)
	value          float64 // Σ unserved × VoLL, money per hour
}

type grpAcc struct {
	served, demand    float64
	indirect          float64
	ecsH, eohH, custH float64
	interruptions     float64
	intHours          float64
	value             float64
}

// netAcc integrates one utility's metrics.
type netAcc struct {
	nc, nz    int
	consumers []int // per group
	customers []int // per group
	rate      []grpRate
	acc       []grpAcc
	indirect  []float64 // per group: unserved flow due to other utilities
	scratch   []float64

	since []float64 // per node: interrupted since, −1 if not

	critNow, minCrit float64
	belowSince       []float64
	longest          []float64

	short                  bool
	lolH                   float64
	firstShort, restoredAt float64
	// Shortfall events and clock hours (see NetResult.ShortfallEvents).
	events    int
	evEnd     float64 // end of the last stretch in shortfall, −1 if none
	evENS     float64
	clockH    int
	lastClock int // last clock hour counted, −1 if none

	coldH     float64
	peakCold  int
	minIndoor float64
	heatCust  float64

	storeStart, storeMin, storeDry, storeDryH []float64

	tServed, tDemand, tECS, tCold, tIndoor []float64
	tClassS, tClassD, tZoneU               [][]float64
	tShort                                 []float64 // hours in shortfall per bucket
}

func (m *netAcc) init(p *Plan, u *utilPlan) {
	net := u.net
	m.nc, m.nz = net.NumClasses(), net.NumZones()
	g := 1 + m.nc + m.nz
	m.consumers = make([]int, g)
	m.customers = make([]int, g)
	m.rate = make([]grpRate, g)
	m.acc = make([]grpAcc, g)
	m.indirect = make([]float64, g)
	m.scratch = make([]float64, 2*g)
	m.since = make([]float64, net.NumNodes())
	for i := range m.since {
		m.since[i] = -1
	}
	for _, c := range net.Consumers() {
		v := int(c)
		for _, gi := range m.groupsOf(u, v) {
			if gi >= 0 {
				m.consumers[gi]++
				m.customers[gi] += net.Customers(v)
			}
		}
		if u.isHeat && p.weather != nil {
			m.heatCust += float64(net.Customers(v))
		}
	}
	m.critNow, m.minCrit = 1, 1
	m.belowSince = make([]float64, len(p.levels))
	m.longest = make([]float64, len(p.levels))
	for i := range m.belowSince {
		m.belowSince[i] = -1
	}
	m.firstShort, m.restoredAt = -1, -1
	m.evEnd, m.lastClock = -1, -1
	m.minIndoor = math.Inf(1)
	nn := net.NumNodes()
	m.storeStart = make([]float64, nn)
	m.storeMin = make([]float64, nn)
	m.storeDry = make([]float64, nn)
	m.storeDryH = make([]float64, nn)
	for v := range nn {
		l := net.Node(v).Level
		m.storeStart[v], m.storeMin[v], m.storeDry[v] = l, l, -1
		if l <= 0 {
			m.storeDry[v] = 0
		}
	}
	nb := p.nBuckets
	m.tServed = make([]float64, nb)
	m.tDemand = make([]float64, nb)
	m.tECS = make([]float64, nb)
	m.tCold = make([]float64, nb)
	m.tIndoor = make([]float64, nb)
	m.tClassS = grid(m.nc, nb)
	m.tClassD = grid(m.nc, nb)
	m.tZoneU = grid(m.nz, nb)
	m.tShort = make([]float64, nb)
}

func grid(rows, cols int) [][]float64 {
	flat := make([]float64, rows*cols)
	g := make([][]float64, rows)
	for i := range g {
		g[i] = flat[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return g
}

// groupsOf returns the group indices of consumer v: total, class, zone (−1
// for none).
func (m *netAcc) groupsOf(u *utilPlan, v int) [3]int {
	z := u.net.NodeZone(v)
	zg := -1
	if z >= 0 {
		zg = 1 + m.nc + z
	}
	return [3]int{0, 1 + u.net.NodeClass(v), zg}
}

func (m *netAcc) noteLevel(v int, l float64) {
	if l < m.storeMin[v] {
		m.storeMin[v] = l
	}
}

func (m *netAcc) noteDry(v int, t float64) {
	m.storeMin[v] = 0
	if m.storeDry[v] < 0 {
		m.storeDry[v] = t
	}
}

// tally reads the allocation in force: group rates, interruptions,
// critical coverage and shortage state, at time r.now.
func (m *netAcc) tally(r *Run, n *netRun) {
	p, u, net, res := r.p, n.u, n.u.net, n.cur
	clear(m.rate)
	var critS, critD float64
	for _, c := range net.Consumers() {
		v := int(c)
		d, s := res.Demand[v], res.Served[v]
		k := net.NodeClass(v)
		ratio, unserved := 1.0, 0.0
		if d > 0 {
			ratio = math.Min(s/d, 1)
			unserved = math.Max(d-s, 0)
		}
		cust := float64(net.Customers(v))
		for _, gi := range m.groupsOf(u, v) {
			if gi < 0 {
				continue
			}
			g := &m.rate[gi]
			g.served += s
			g.demand += d
			g.sumRatio += ratio
			g.custUnserved += cust * (1 - ratio)
			g.value += unserved * u.voll[k]
		}
		if u.critical[k] {
			critS += s
			critD += d
		}
		interrupted := d > 0 && ratio < p.interrupt
		switch {
		case interrupted && m.since[v] < 0:
			m.since[v] = r.now
		case !interrupted && m.since[v] >= 0:
			m.closeInterruption(r, n, v, r.now)
		}
	}
	n.valueRate = m.rate[0].value
	m.critNow = 1
	if critD > 0 {
		m.critNow = math.Min(critS/critD, 1)
	}
	m.minCrit = math.Min(m.minCrit, m.critNow)
	for i, l := range p.levels {
		below := m.critNow < l.Level
		switch {
		case below && m.belowSince[i] < 0:
			m.belowSince[i] = r.now
		case !below && m.belowSince[i] >= 0:
			m.longest[i] = math.Max(m.longest[i], r.now-m.belowSince[i])
			m.belowSince[i] = -1
		}
	}
	tot := m.rate[0]
	short := tot.served < tot.demand-1e-9*math.Max(tot.demand, 1)
	switch {
	case short && !m.short:
		if m.firstShort < 0 {
			m.firstShort = r.now
		}
		m.restoredAt = -1
	case !short && m.short:
		m.restoredAt = r.now
	}
	m.short = short
}

func (m *netAcc) closeInterruption(r *Run, n *netRun, v int, t float64) {
	dur := t - m.since[v]
	m.since[v] = -1
	if !longer(dur, r.p.momentary, t) {
		return
	}
	cust := float64(n.u.net.Customers(v))
	for _, gi := range m.groupsOf(n.u, v) {
		if gi >= 0 {
			m.acc[gi].interruptions += cust
			m.acc[gi].intHours += cust * dur
		}
	}
}

// timeTol is the relative tolerance of comparisons between durations,
// which are differences of clock times: 9 + 1/12 − 9 exceeds 1/12 in
// floating point. It is 10⁻⁹ of the clock (at least 10⁻⁹ h, 3.6 µs).
const timeTol = 1e-9

// longer reports whether a duration measured at clock time t exceeds
// limit by more than the rounding of the clock.
func longer(dur, limit, t float64) bool {
	return dur > limit+timeTol*math.Max(1, math.Abs(t))
}

// advance integrates the allocation in force from t0 to t1 (no event in
// between), bucket by bucket.
func (m *netAcc) advance(r *Run, n *netRun, t0, t1 float64) {
	if t1 <= t0 {
		return
	}
	p := r.p
	dt := t1 - t0
	for gi := range m.rate {
		g, a := &m.rate[gi], &m.acc[gi]
		a.served += g.served * dt
		a.demand += g.demand * dt
		a.indirect += m.indirect[gi] * dt
		ecs, pcs := 1.0, 1.0
		if m.consumers[gi] > 0 {
			ecs = g.sumRatio / float64(m.consumers[gi])
		}
		if g.demand > 0 {
			pcs = math.Min(g.served/g.demand, 1)
		}
		a.ecsH += ecs * dt
		a.eohH += (1 - pcs) * dt
		a.custH += g.custUnserved * dt
		a.value += g.value * dt
	}
	if m.short {
		m.lolH += dt
		m.shortfall(t0, t1)
	}
	for _, v := range n.stores {
		if n.dry[v] {
			m.storeDryH[v] += dt
		}
	}
	res := p.resolution
	for b := int(t0 / res); b < p.nBuckets && float64(b)*res < t1; b++ {
		a := math.Max(t0, float64(b)*res)
		e := math.Min(t1, float64(b+1)*res)
		if e <= a {
			continue
		}
		w := e - a
		tot := m.rate[0]
		if m.short {
			m.tShort[b] += w
		}
		m.tServed[b] += tot.served * w
		m.tDemand[b] += tot.demand * w
		ecs := 1.0
		if m.consumers[0] > 0 {
			ecs = tot.sumRatio / float64(m.consumers[0])
		}
		m.tECS[b] += ecs * w
		for k := range m.nc {
			m.tClassS[k][b] += m.rate[1+k].served * w
			m.tClassD[k][b] += m.rate[1+k].demand * w
		}
		for z := range m.nz {
			g := m.rate[1+m.nc+z]
			m.tZoneU[z][b] += math.Max(g.demand-g.served, 0) * w
		}
		if n.indoor != nil {
			m.heat(r, n, a, e, b)
		}
	}
}

// shortfall counts the stretch [t0, t1), spent in shortfall, into the
// shortfall events (a stretch starting where the last one ended continues
// its event), their unserved quantity, and the clock hours [h, h+1) it
// overlaps.
func (m *netAcc) shortfall(t0, t1 float64) {
	if t0 != m.evEnd {
		m.events++
	}
	m.evEnd = t1
	tot := m.rate[0]
	m.evENS += math.Max(tot.demand-tot.served, 0) * (t1 - t0)
	for h := max(int(math.Floor(t0)), m.lastClock+1); float64(h) < t1; h++ {
		m.clockH++
		m.lastClock = h
	}
}

// heat moves heat consumers' indoor temperatures from t0 to t1 under the
// present coverage and outdoor temperature: each relaxes exponentially
// toward T_out + c·(T_set − T_out) with the buildings' time constant.
func (m *netAcc) heat(r *Run, n *netRun, t0, t1 float64, b int) {
	p, net, res := r.p, n.u.net, n.cur
	out := p.outdoor(t0)
	dt := t1 - t0
	decay := math.Exp(-dt / p.tau)
	var coldNow int
	for _, c := range net.Consumers() {
		v := int(c)
		cover := 1.0
		if d := res.Demand[v]; d > 0 {
			cover = math.Min(res.Served[v]/d, 1)
		}
		eq := out + cover*(p.indoor-out)
		t0v := n.indoor[v]
		t1v := eq + (t0v-eq)*decay
		cust := float64(net.Customers(v))
		below := timeBelow(t0v, eq, p.cold, p.tau, dt)
		m.coldH += cust * below
		m.tCold[b] += cust * below
		m.tIndoor[b] += cust * (eq*dt + (t0v-eq)*p.tau*(1-decay))
		n.indoor[v] = t1v
		if t1v < p.cold {
			coldNow += int(cust)
		}
		m.minIndoor = math.Min(m.minIndoor, math.Min(t0v, t1v))
	}
	m.peakCold = max(m.peakCold, coldNow)
}

// timeBelow returns how long, within dt, T(s) = eq + (t0 − eq)·e^(−s/τ)
// stays below the threshold.
func timeBelow(t0, eq, cold, tau, dt float64) float64 {
	switch {
	case t0 < cold && eq < cold:
		return dt
	case t0 >= cold && eq >= cold:
		return 0
	case t0 >= cold: // falling through the threshold
		s := tau * math.Log((t0-eq)/(cold-eq))
		return math.Max(dt-s, 0)
	default: // rising through it
		s := tau * math.Log((eq-t0)/(eq-cold))
		return math.Min(s, dt)
	}
}

// crewAcc integrates the crews' metrics.
type crewAcc struct {
	availH, busyH    float64
	tasks, completed int
	startedN         int
	stopped          int
	wait, maxWait    float64
	restore          float64
	tAvail, tBusy    []float64
}

func (c *crewAcc) init(p *Plan) {
	c.tAvail = make([]float64, p.nBuckets)
	c.tBusy = make([]float64, p.nBuckets)
}

func (c *crewAcc) started(wait float64) {
	c.startedN++
	c.wait += wait
	c.maxWait = math.Max(c.maxWait, wait)
}

func (c *crewAcc) advance(r *Run, t0, t1 float64) {
	if t1 <= t0 || len(r.teams) == 0 {
		return
	}
	var avail, busy float64
	for _, t := range r.teams {
		avail += float64(t.avail)
		busy += float64(min(t.busy, t.avail)) // stopJobs keeps busy ≤ avail
	}
	c.availH += avail * (t1 - t0)
	c.busyH += busy * (t1 - t0)
	res := r.p.resolution
	for b := int(t0 / res); b < r.p.nBuckets && float64(b)*res < t1; b++ {
		w := math.Min(t1, float64(b+1)*res) - math.Max(t0, float64(b)*res)
		if w > 0 {
			c.tAvail[b] += avail * w
			c.tBusy[b] += busy * w
		}
	}
}

// result builds the run's NetResult at the horizon.
func (m *netAcc) result(r *Run, n *netRun) NetResult {
	p, u, net := r.p, n.u, n.u.net
	H := p.sc.Horizon
	for _, c := range net.Consumers() {
		if m.since[c] >= 0 {
			m.closeInterruption(r, n, int(c), H)
		}
	}
	for i := range m.belowSince {
		if m.belowSince[i] >= 0 {
			m.longest[i] = math.Max(m.longest[i], H-m.belowSince[i])
		}
	}
	out := NetResult{ID: u.id, Kind: net.Kind(), MinCriticalCoverage: m.minCrit,
		LongestCriticalBelow: m.longest, LossOfLoadHours: m.lolH, FirstShortfall: m.firstShort,
		ShortfallEvents: m.events, ShortfallClockHours: m.clockH, ShortfallENS: m.evENS}
	group := func(gi int, name string) Group {
		a := m.acc[gi]
		return Group{Name: name, Consumers: m.consumers[gi], Customers: m.customers[gi],
			Demand: a.demand, Served: a.served, IndirectENS: a.indirect, ECSHours: a.ecsH, EOH: a.eohH,
			CustomerHoursLost: a.custH, Interruptions: a.interruptions, InterruptionHours: a.intHours}
	}
	out.Total = group(0, u.id)
	out.Total.ValueLost = decimal.Zero
	for k := range m.nc {
		g := group(1+k, net.Class(k).Name)
		// The ledger: unserved quantity, rounded to 1e-6, times VoLL.
		g.ValueLost = decimal.NewFromFloat(g.ENS()).Round(6).Mul(u.vollDec[k])
		out.Total.ValueLost = out.Total.ValueLost.Add(g.ValueLost)
		out.ByClass = append(out.ByClass, g)
	}
	for z := range m.nz {
		g := group(1+m.nc+z, net.ZoneID(z))
		g.ValueLost = decimal.NewFromFloat(m.acc[1+m.nc+z].value).Round(6)
		out.ByZone = append(out.ByZone, g)
	}
	switch {
	case m.firstShort < 0:
		out.Restored = true
	case !m.short && m.restoredAt >= 0:
		out.Restored = true
		out.TimeToRestore = m.restoredAt - m.firstShort
	default:
		out.TimeToRestore = H - m.firstShort
	}
	if n.indoor != nil {
		out.ColdCustomerHours = m.coldH
		out.PeakColdCustomers = m.peakCold
		out.MinIndoor = m.minIndoor
	}
	for _, v := range n.stores {
		out.Storage = append(out.Storage, StorageResult{ID: net.NodeID(v), Start: m.storeStart[v],
			Min: m.storeMin[v], End: n.level[v], DryAt: m.storeDry[v], DryHours: m.storeDryH[v]})
	}
	nb := p.nBuckets
	tl := Timeline{Start: make([]float64, nb), Coverage: make([]float64, nb), ECS: make([]float64, nb),
		Unserved: make([]float64, nb), ClassCoverage: grid(m.nc, nb), ZoneUnserved: m.tZoneU,
		ShortHours: m.tShort}
	for b := range nb {
		s := float64(b) * p.resolution
		w := math.Min(H, s+p.resolution) - s
		tl.Start[b] = s
		tl.Coverage[b] = ratioOr1(m.tServed[b], m.tDemand[b])
		tl.ECS[b] = m.tECS[b] / w
		tl.Unserved[b] = math.Max(m.tDemand[b]-m.tServed[b], 0)
		for k := range m.nc {
			tl.ClassCoverage[k][b] = ratioOr1(m.tClassS[k][b], m.tClassD[k][b])
		}
	}
	if n.indoor != nil && m.heatCust > 0 {
		tl.ColdCustomers = make([]float64, nb)
		tl.MeanIndoor = make([]float64, nb)
		for b := range nb {
			w := math.Min(H, float64(b+1)*p.resolution) - float64(b)*p.resolution
			tl.ColdCustomers[b] = m.tCold[b] / w
			tl.MeanIndoor[b] = m.tIndoor[b] / (w * m.heatCust)
		}
	}
	out.Timeline = tl
	return out
}

func ratioOr1(s, d float64) float64 {
	if d <= 0 {
		return 1
	}
	return math.Min(s/d, 1)
}
