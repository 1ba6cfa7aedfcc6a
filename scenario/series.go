package scenario

import (
	"math"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/supply"
)

// demandPlan is a DemandSeries (or a CapacitySeries on a consumer)
// resolved to its consumers.
type demandPlan struct {
	util        int
	cons        []int
	share       []float64 // absolute: each consumer's share of the values
	vals        []float64
	abs         bool
	step, start float64
	elem        string // where it was given: "series" or "demands", and its index
	idx         int
}

// stepOr1 returns step, or 1 if it is zero.
func stepOr1(step float64) float64 {
	if step == 0 {
		return 1
	}
	return step
}

// valueAt returns the value of a step series at time t: value k holds
// over [start + k·step, start + (k+1)·step), the first before it, the
// last after the end.
func valueAt(vals []float64, start, step, t float64) float64 {
	k := int(math.Floor((t-start)/step + 1e-9))
	return vals[min(max(k, 0), len(vals)-1)]
}

// maxSeriesSteps bounds the steps of one series within the horizon.
const maxSeriesSteps = 5_000_000

// checkSteps reports a step that is not a positive number of hours (at
// least a second), one that would step more than maxSeriesSteps times in
// the run, and a start after the scenario start.
func (p *Plan) checkSteps(e *errs, elem string, i int, step, start float64) {
	H := p.sc.Horizon
	switch {
	case !(step >= 0) || !finite(step) || step == 0 && math.Signbit(step):
		e.add(elem, i, "step", "%g is not a number of hours > 0", step)
	case step != 0 && step < 1.0/3600:
		e.add(elem, i, "step", "%.6g h is shorter than a second", step)
	case step != 0 && finite(start) && H > 0 && finite(H) && (H-math.Max(start, 0))/step > maxSeriesSteps:
		e.add(elem, i, "step", "%.6g h steps %.0f times in the %g h run: at most %d", step, math.Ceil((H-math.Max(start, 0))/step), H, maxSeriesSteps)
	}
	if !finite(start) {
		e.add(elem, i, "start", "%g is not a time", start)
	} else if start > 1e-9 {
		e.add(elem, i, "start", "begins %g h after the scenario start: a series must cover the start", start)
	}
}

// compileSeries resolves capacity and demand series.
func (p *Plan) compileSeries(e *errs) {
	s := p.sc
	util := func(elem string, i int, id string) int {
		if id == "" && len(p.utils) == 1 {
			return 0
		}
		k, ok := p.utilIdx[id]
		if !ok {
			if id == "" {
				e.ref(elem, i, "network", id, "missing: the scenario has %d networks, name one (%s)", len(p.utils), strings.Join(p.utilIDs(), ", "))
			} else {
				e.ref(elem, i, "network", id, "%s", unknown("network", id, p.utilIDs()))
			}
			return -1
		}
		return k
	}
	values := func(elem string, i int, field string, vals []float64) bool {
		for k, v := range vals {
			if !(v >= 0) || !finite(v) {
				e.add(elem, i, field, "value %d: %g is not a value ≥ 0", k, v)
				return false
			}
		}
		return true
	}
	for i, se := range s.Series {
		p.checkSteps(e, "series", i, se.Step, se.Start)
		u := util("series", i, se.Network)
		if u < 0 {
			continue
		}
		net := p.utils[u].net
		a, ok := supply.Lookup(net, se.Asset)
		if !ok {
			e.ref("series", i, "asset", se.Asset, "unknown asset %s in network %s%s", quote(se.Asset), quote(p.utils[u].id), didYouMean(se.Asset, assetIDs(net)))
			continue
		}
		if (len(se.Scale) == 0) == (len(se.Capacity) == 0) {
			e.add("series", i, "scale", "give exactly one of scale and capacity")
			continue
		}
		if !values("series", i, "scale", se.Scale) || !values("series", i, "capacity", se.Capacity) {
			continue
		}
		step := stepOr1(se.Step)
		if !a.IsLink && net.Role(a.Index) == network.Consumer {
			// A consumer's series is its demand.
			dp := demandPlan{util: u, cons: []int{a.Index}, vals: se.Scale, step: step, start: se.Start, elem: "series", idx: i}
			if len(se.Capacity) > 0 {
				dp.vals, dp.abs, dp.share = se.Capacity, true, []float64{1}
			}
			p.demands = append(p.demands, dp)
			continue
		}
		sc := se.Scale
		if len(se.Capacity) > 0 {
			base := net.Capacity(a.Index)
			if a.IsLink {
				base = net.LinkCapacity(a.Index)
			}
			if math.IsInf(base, 1) {
				e.add("series", i, "capacity", "asset %s has unlimited capacity; give scale instead", quote(se.Asset))
				continue
			}
			sc = make([]float64, len(se.Capacity))
			for h, c := range se.Capacity {
				sc[h] = c / base
			}
		}
		p.series = append(p.series, seriesPlan{util: u, asset: a, scale: sc, step: step, start: se.Start})
	}
	for i, ds := range s.Demands {
		p.checkSteps(e, "demands", i, ds.Step, ds.Start)
		if (len(ds.Scale) == 0) == (len(ds.Demand) == 0) {
			e.add("demands", i, "scale", "give exactly one of scale and demand")
			continue
		}
		if !values("demands", i, "scale", ds.Scale) || !values("demands", i, "demand", ds.Demand) {
			continue
		}
		if (ds.Consumer == "") == (ds.Class == "" && ds.Zone == "") {
			e.add("demands", i, "consumer", "give a consumer, or a class and/or a zone")
			continue
		}
		if ds.Zone != "" {
			if _, ok := p.zoneIdx[ds.Zone]; !ok {
				e.ref("demands", i, "zone", ds.Zone, "%s", unknown("zone", ds.Zone, p.zones))
				continue
			}
		}
		if ds.Class != "" && !containsString(p.classNames(), ds.Class) {
			e.ref("demands", i, "class", ds.Class, "%s", unknownClass(ds.Class, p.classNames()))
			continue
		}
		var utils []int
		if ds.Consumer != "" || ds.Network != "" {
			if u := util("demands", i, ds.Network); u >= 0 {
				utils = []int{u}
			}
		} else {
			for u := range p.utils {
				utils = append(utils, u)
			}
		}
		step := stepOr1(ds.Step)
		for _, u := range utils {
			net := p.utils[u].net
			dp := demandPlan{util: u, step: step, start: ds.Start, vals: ds.Scale, elem: "demands", idx: i}
			if len(ds.Demand) > 0 {
				dp.vals, dp.abs = ds.Demand, true
			}
			if ds.Consumer != "" {
				v, ok := net.NodeIndex(ds.Consumer)
				if !ok || net.Role(v) != network.Consumer {
					var cons []string
					for _, c := range net.Consumers() {
						cons = append(cons, net.NodeID(int(c)))
					}
					e.ref("demands", i, "consumer", ds.Consumer, "no consumer %s in network %s%s", quote(ds.Consumer), quote(p.utils[u].id), didYouMean(ds.Consumer, cons))
					continue
				}
				dp.cons = []int{v}
			} else {
				for _, c := range net.Consumers() {
					v := int(c)
					z := net.NodeZone(v)
					if (ds.Class == "" || net.Class(net.NodeClass(v)).Name == ds.Class) &&
						(ds.Zone == "" || (z >= 0 && net.ZoneID(z) == ds.Zone)) {
						dp.cons = append(dp.cons, v)
					}
				}
				if len(dp.cons) == 0 {
					continue // the group has no consumer in this network
				}
			}
			if dp.abs {
				var tot float64
				for _, v := range dp.cons {
					tot += net.Demand(v)
				}
				dp.share = make([]float64, len(dp.cons))
				for k, v := range dp.cons {
					switch {
					case len(dp.cons) == 1:
						dp.share[k] = 1
					case tot > 0:
						dp.share[k] = net.Demand(v) / tot
					}
				}
				if len(dp.cons) > 1 && !(tot > 0) {
					e.add("demands", i, "demand", "the consumers it covers in network %s have no nominal demand to share it by", quote(p.utils[u].id))
					continue
				}
			}
			p.demands = append(p.demands, dp)
		}
	}
	// One absolute series per consumer.
	for _, up := range p.utils {
		up.demAbs = nil
		up.demScale = nil
	}
	for k, dp := range p.demands {
		up := p.utils[dp.util]
		if up.demAbs == nil {
			nn := up.net.NumNodes()
			up.demAbs = make([]int32, nn)
			for v := range up.demAbs {
				up.demAbs[v] = -1
			}
			up.demScale = make([][]int32, nn)
		}
		for j, v := range dp.cons {
			if !dp.abs {
				up.demScale[v] = append(up.demScale[v], int32(k))
				continue
			}
			if prev := up.demAbs[v]; prev >= 0 {
				q := p.demands[prev]
				e.add(dp.elem, dp.idx, "demand", "consumer %s of network %s already takes an absolute demand from %s[%d]; give it one", quote(up.net.NodeID(v)), quote(up.id), q.elem, q.idx)
				continue
			}
			up.demAbs[v] = int32(k)
			up.demShare = growTo(up.demShare, up.net.NumNodes())
			up.demShare[v] = dp.share[j]
		}
	}
}

func growTo(s []float64, n int) []float64 {
	if len(s) < n {
		s = append(s, make([]float64, n-len(s))...)
	}
	return s
}

// stepper is a regular step at which some driver of demand or capacity
// changes: start + k·step for k in [1, n) (n < 0: unending).
type stepper struct {
	start, step float64
	n           int
}

// refreshSteps lists the steppers of the plan, one per (start, step):
// the hours of the clock for profiles, and the steps of the weather and
// of the series while their values change.
func (p *Plan) refreshSteps() {
	p.steppers = p.steppers[:0]
	add := func(start, step float64, n int) {
		if !(step > 0) || !finite(step) || !finite(start) || n == 0 || n == 1 {
			return
		}
		for i := range p.steppers {
			if s := &p.steppers[i]; s.start == start && s.step == step {
				if s.n >= 0 && (n < 0 || n > s.n) {
					s.n = n
				}
				return
			}
		}
		p.steppers = append(p.steppers, stepper{start, step, n})
	}
	if p.hourly { // profiles: the hours of the clock
		frac := p.startHour - math.Floor(p.startHour)
		add(-frac, 1, -1)
	}
	if w := p.weather; w != nil {
		add(w.Start, stepOr1(w.Step), len(w.Outdoor))
	}
	for _, s := range p.series {
		add(s.start, s.step, len(s.scale))
	}
	for _, d := range p.demands {
		add(d.start, d.step, len(d.vals))
	}
}

// nextRefresh returns the first time after t (by more than 10⁻⁹ h) at
// which a stepper steps, +Inf if none does before the horizon. It costs
// O(1) per stepper, so a run keeps one refresh event queued, not one per
// step.
func (p *Plan) nextRefresh(t float64) float64 {
	next := math.Inf(1)
	for _, s := range p.steppers {
		k := math.Max(1, math.Floor((t-s.start)/s.step))
		for s.start+k*s.step <= t+1e-9 {
			k++
		}
		if s.n >= 0 && k >= float64(s.n) {
			continue
		}
		next = math.Min(next, s.start+k*s.step)
	}
	if next >= p.sc.Horizon {
		return math.Inf(1)
	}
	return next
}

// absOf returns the index of the absolute demand series of node v, −1 if
// none.
func (u *utilPlan) absOf(v int) int {
	if u.demAbs == nil {
		return -1
	}
	return int(u.demAbs[v])
}
