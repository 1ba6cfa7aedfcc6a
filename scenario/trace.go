package scenario

import (
	"context"
	"errors"
	"math"

	"github.com/lifeline-sim/lifeline/network"
)

// Trace is what a run records beyond its Result, for maps and charts: for
// every asset of every network what it received, delivered or carried over
// the run and in the network's worst timeline bucket; the level of every
// storage at each bucket edge; and the outdoor temperature per bucket.
// Quantities are in the network's quantity unit (kWh or m³), flows in its
// flow unit (kW or m³/h).
type Trace struct {
	// Resolution is the width of a bucket in hours and Horizon the run's
	// length, as in the Result.
	Resolution, Horizon float64
	// Networks holds one NetTrace per network, in scenario order.
	Networks []NetTrace
	// Outdoor is the mean outdoor temperature in °C over each timeline
	// bucket; nil when the scenario has no weather.
	Outdoor []float64
}

// NetTrace is what the assets of one network went through in a run. Slices
// of nodes and links are indexed by the network's dense indices.
type NetTrace struct {
	ID string
	// Worst is the timeline bucket in which the network's consumers lacked
	// the most: the largest unserved quantity, the first of equals. When
	// nothing went unserved in the whole run, it is the bucket of the
	// highest demand, the peak hour, and Short is false.
	Worst int
	Short bool
	// Run and WorstBucket hold the per-asset totals over the whole run and
	// over bucket Worst.
	Run, WorstBucket AssetTotals
	// StorageLevel holds, per storage node in the order of
	// NetResult.Storage, its level at the start of each bucket and at the
	// horizon (buckets + 1 values), in the quantity unit.
	StorageLevel [][]float64
}

// AssetTotals integrates, over a span of Hours hours, the flows of every
// asset: per node what it was asked for and received (consumers) and what
// it delivered (sources and storage: their output; stations: their
// throughput, the flow entering them), each as a quantity, with the largest
// such flow at any instant; per link the integral and the largest value of
// |flow|. Divide by Hours for mean flows.
type AssetTotals struct {
	Hours float64
	// Demand and Served are zero but for consumers.
	Demand, Served []float64
	// Through is the output of sources and storage and the throughput of
	// stations; zero for consumers and junctions. PeakThrough is its
	// largest value at any instant, in the flow unit.
	Through, PeakThrough []float64
	// LinkFlow integrates |flow| over each link; PeakLinkFlow is the
	// largest |flow| at any instant, in the flow unit.
	LinkFlow, PeakLinkFlow []float64
}

func newAssetTotals(nn, nl int) AssetTotals {
	return AssetTotals{Demand: make([]float64, nn), Served: make([]float64, nn), Through: make([]float64, nn),
		PeakThrough: make([]float64, nn), LinkFlow: make([]float64, nl), PeakLinkFlow: make([]float64, nl)}
}

func (a *AssetTotals) clear() {
	a.Hours = 0
	for _, s := range [][]float64{a.Demand, a.Served, a.Through, a.PeakThrough, a.LinkFlow, a.PeakLinkFlow} {
		clear(s)
	}
}

func (a *AssetTotals) copyFrom(b *AssetTotals) {
	a.Hours = b.Hours
	copy(a.Demand, b.Demand)
	copy(a.Served, b.Served)
	copy(a.Through, b.Through)
	copy(a.PeakThrough, b.PeakThrough)
	copy(a.LinkFlow, b.LinkFlow)
	copy(a.PeakLinkFlow, b.PeakLinkFlow)
}

// netTracer accumulates one network's trace.
type netTracer struct {
	out      NetTrace
	b        int         // the bucket under way
	bucket   AssetTotals // its totals
	through  []float64   // work: per node, delivered now
	unserved float64     // of the bucket under way
	demand   float64
	worstU   float64 // of the worst bucket so far
	peakD    float64 // of the highest-demand bucket so far
	peak     AssetTotals
	peakAt   int
}

// ErrStepped is returned by RunTrace for a run that has already been
// stepped: its trace would miss the start.
var ErrStepped = errors.New("scenario: RunTrace: the run has already been stepped")

// RunTrace steps a new run to its horizon, as RunContext does, and returns
// its Result together with its Trace. It returns ErrStepped if the run has
// been stepped before, and ctx.Err() if ctx is cancelled. The Result is
// the one RunContext gives for the same plan and seed.
//
// Cost: RunContext's plus O(nodes + links) per network for each stretch
// between events and each bucket edge; memory O(nodes + links) per network
// and O(buckets) per storage.
func (r *Run) RunTrace(ctx context.Context) (*Result, *Trace, error) {
	if r.now != 0 || r.done || r.result != nil {
		return nil, nil, ErrStepped
	}
	for _, n := range r.nets {
		if n.solved { // the first step at time 0 solved it
			return nil, nil, ErrStepped
		}
	}
	p := r.p
	tr := &Trace{Resolution: p.resolution, Horizon: p.sc.Horizon}
	tracers := make([]*netTracer, len(r.nets))
	for i, n := range r.nets {
		net := n.u.net
		nn, nl := net.NumNodes(), net.NumLinks()
		t := &netTracer{out: NetTrace{ID: n.u.id, Run: newAssetTotals(nn, nl), WorstBucket: newAssetTotals(nn, nl)},
			bucket: newAssetTotals(nn, nl), peak: newAssetTotals(nn, nl), through: make([]float64, nn), worstU: -1, peakD: -1}
		t.out.StorageLevel = make([][]float64, len(n.stores))
		for k, v := range n.stores {
			t.out.StorageLevel[k] = make([]float64, p.nBuckets+1)
			t.out.StorageLevel[k][0] = n.level[v]
		}
		tracers[i] = t
	}
	for i := 0; !r.done; i++ {
		if i&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		t0, t1 := r.now, p.sc.Horizon
		if r.q.len() > 0 && r.q.peek() <= t1 {
			t1 = r.q.peek()
		}
		if t1 > t0 {
			for k, n := range r.nets {
				tracers[k].levels(p, n, t0, t1)
				tracers[k].advance(p, n, t0, t1)
			}
		}
		r.Step()
	}
	result, err := r.Result()
	if err != nil {
		return nil, nil, err
	}
	for k, t := range tracers {
		for s, v := range r.nets[k].stores {
			t.out.StorageLevel[s][p.nBuckets] = r.nets[k].level[v]
		}
		if !t.out.Short {
			t.out.Worst = t.peakAt
			t.out.WorstBucket.copyFrom(&t.peak)
		}
		tr.Networks = append(tr.Networks, t.out)
	}
	if p.weather != nil {
		tr.Outdoor = make([]float64, p.nBuckets)
		for b := range p.nBuckets {
			tr.Outdoor[b] = p.meanOutdoor(float64(b)*p.resolution, math.Min(p.sc.Horizon, float64(b+1)*p.resolution))
		}
	}
	return result, tr, nil
}

// edge returns the end of bucket b: the horizon for the last bucket.
func edge(p *Plan, b int) float64 {
	if b >= p.nBuckets-1 {
		return p.sc.Horizon
	}
	return float64(b+1) * p.resolution
}

// advance integrates the allocation in force over [t0, t1), closing the
// buckets that end on the way.
func (t *netTracer) advance(p *Plan, n *netRun, t0, t1 float64) {
	var unservedRate, demandRate float64
	if res := n.cur; res != nil {
		net := n.u.net
		clear(t.through)
		for v := range net.NumNodes() {
			switch net.Role(v) {
			case network.Source, network.Storage:
				t.through[v] = res.Output[v]
			}
		}
		for l := range net.NumLinks() {
			f := res.Flow[l]
			from, to := net.LinkEnds(l)
			if f > 0 && net.Role(to) == network.Station {
				t.through[to] += f
			} else if f < 0 && net.Role(from) == network.Station {
				t.through[from] -= f
			}
		}
		for _, c := range net.Consumers() {
			v := int(c)
			unservedRate += math.Max(res.Demand[v]-res.Served[v], 0)
			demandRate += res.Demand[v]
		}
	}
	for a := t0; a < t1 && t.b < p.nBuckets; {
		end := edge(p, t.b)
		e := math.Min(t1, end)
		if e > a {
			t.add(n, e-a)
			t.unserved += unservedRate * (e - a)
			t.demand += demandRate * (e - a)
			a = e
		}
		if e < end {
			break
		}
		t.close()
	}
}

// add integrates the present flows over w hours into the bucket under way
// and the run.
func (t *netTracer) add(n *netRun, w float64) {
	res := n.cur
	net := n.u.net
	for _, a := range []*AssetTotals{&t.bucket, &t.out.Run} {
		a.Hours += w
		if res == nil {
			continue
		}
		for _, c := range net.Consumers() {
			v := int(c)
			a.Demand[v] += res.Demand[v] * w
			a.Served[v] += res.Served[v] * w
		}
		for v, x := range t.through {
			if x != 0 {
				a.Through[v] += x * w
				a.PeakThrough[v] = math.Max(a.PeakThrough[v], x)
			}
		}
		for l, f := range res.Flow {
			f = math.Abs(f)
			a.LinkFlow[l] += f * w
			a.PeakLinkFlow[l] = math.Max(a.PeakLinkFlow[l], f)
		}
	}
}

// close ends the bucket under way: it becomes the worst if it lacked more
// than every bucket before, the peak if it asked more.
func (t *netTracer) close() {
	if t.unserved > 1e-9*math.Max(t.demand, 1) && t.unserved > t.worstU*(1+1e-12) {
		t.worstU = t.unserved
		t.out.Worst, t.out.Short = t.b, true
		t.out.WorstBucket.copyFrom(&t.bucket)
	}
	if t.demand > t.peakD*(1+1e-12) {
		t.peakD = t.demand
		t.peakAt = t.b
		t.peak.copyFrom(&t.bucket)
	}
	t.bucket.clear()
	t.unserved, t.demand = 0, 0
	t.b++
}

// levels records the level of each storage at the bucket starts in
// [t0, t1), after the events at t0, moving linearly at the present net
// rate between events as the engine does.
func (t *netTracer) levels(p *Plan, n *netRun, t0, t1 float64) {
	if len(n.stores) == 0 || n.cur == nil {
		return
	}
	w := p.resolution
	for k, v := range n.stores {
		rate := n.inflow[v] - n.cur.Output[v]
		lv := t.out.StorageLevel[k]
		for e := int(math.Ceil(t0/w - 1e-12)); e < p.nBuckets; e++ {
			x := float64(e) * w
			if x >= t1 {
				break
			}
			l := n.level[v] + rate*math.Max(x-t0, 0)
			if l < 0 {
				l = 0
			}
			if mx := n.maxLvl[v]; mx > 0 && l > mx {
				l = mx
			}
			lv[e] = l
		}
	}
}

// meanOutdoor returns the mean outdoor temperature over [a, e) hours, the
// temperature being constant within each hour.
func (p *Plan) meanOutdoor(a, e float64) float64 {
	if e <= a {
		return p.outdoor(a)
	}
	var sum float64
	for x := a; x < e; {
		next := math.Min(e, math.Floor(x+1e-9)+1)
		if next <= x {
			next = math.Min(e, x+1)
		}
		sum += p.outdoor(x) * (next - x)
		x = next
	}
	return sum / (e - a)
}
